"""What every import/export format shares: the problems an import reports.

A reader turns a file's bytes into a :class:`~question_bank.model.Bank` and raises
:class:`ImportFailed` with every structural problem it found, each naming the file, where in it
(line, item, sheet row) and the field.  Content rules that hold whatever the format (one key in a
single-choice question, no duplicate options, both languages …) are checked afterwards by
:mod:`question_bank.validation`, so every format obeys the same rules.

Readers never trust the file: XML is parsed without DTDs, entities or network access
(:func:`safe_xml_parser`), archives are read member by member with size limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The language a one-language file is read as when the caller does not say.
DEFAULT_LANGUAGE = "ky"

#: Ceiling on the unpacked size of any archive member, against zip bombs.
MAX_MEMBER_BYTES = 64 * 1024 * 1024


_ROOT_START = re.compile(rb"<[A-Za-z_]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an imported file, precise enough to find and fix it."""

    file: str
    #: Where in the file: "line 12", "question 7 (Q-LAW-3)", "sheet Questions, row 5" …
    location: str
    #: Which field: "answer", "stem[ru]", "option c", "category" …
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.location, self.field) if part)
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"


class ImportFailed(ValueError):
    """The file cannot be imported; ``problems`` lists everything found, nothing was written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "nothing to import")


def safe_xml_parser() -> object:
    """An lxml parser that refuses DTDs, entity expansion and network access."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_xml(data: bytes, file_name: str) -> object:
    """Parse untrusted XML; a DOCTYPE (the door to entity attacks) is refused outright."""
    from lxml import etree

    prolog = data[: _ROOT_START.search(data).start()] if _ROOT_START.search(data) else data
    if b"<!DOCTYPE" in prolog.upper():
        raise ImportFailed(
            [Problem(file_name, "line 1", "DOCTYPE", "document type declarations are not accepted")]
        )
    try:
        root = etree.fromstring(data, safe_xml_parser())
    except etree.XMLSyntaxError as error:
        line = f"line {error.lineno}" if getattr(error, "lineno", None) else ""
        raise ImportFailed(
            [Problem(file_name, line, "", f"not well-formed XML: {error.msg}")]
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ImportFailed(
            [Problem(file_name, "line 1", "DOCTYPE", "document type declarations are not accepted")]
        )
    return root
