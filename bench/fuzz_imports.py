"""Fuzz every bank import format through the real import: a damaged or hostile file is refused
with a clear error (:class:`~question_bank.formats.base.ImportFailed`) and writes nothing.

Each case takes a valid file of one format (the sample files of ``tests/bank/formats/files`` and
the formats' own writers' output of ``rich_bank()``), damages it with one to a few mutations and
imports it with ``BankService.import_data`` into one SQLite kiosk built by the tests' helper
(``prepare_sitting``), a quarter of them as dry runs.  Mutations know the formats' structure, so
that they reach deep into each reader and not only its first check:

* bytes: flips, truncations, deletions, repeated slices, random bytes, splices from another file
  of the format, hostile fragments (DOCTYPE with entities, XInclude, GIFT and Aiken syntax, bad
  UTF-8, JSON oddities …) inserted anywhere;
* XML (Moodle files and every XML part of a package, a QTI or an xlsx): elements removed,
  duplicated, moved and renamed, attributes and texts set to awkward values;
* JSON (a bank package's ``manifest.json`` and ``bank.json``): values replaced by other types,
  huge numbers, long or hostile texts, keys removed, items duplicated; the manifest's checksums
  are usually made to match again so that the damage reaches the reader of ``bank.json``;
* zip archives: members damaged, removed, renamed (``../``, absolute, backslashes, non-UTF-8
  names), duplicated and added (nested zips, thousands of empty members), other compression,
  and lying headers (huge declared sizes, encryption flag, unknown compression method).

A case is a *crash* when the import raises anything but the target's clear error, or takes
longer than ``--case-timeout``; it is a *partial write* when a refused import (or any dry run)
leaves the database or the data folder changed: any table's row count, the database's
``PRAGMA data_version`` (any commit at all, updates included) or any file in the data folder.  An
accepted import (a mutation may leave the file valid) is fine; its rows become the new baseline.

Targets are one table, :data:`TARGETS`; a target is a name, the kind of mutations that suit its
files, a function giving its valid seed files, a function that runs one case and the exceptions
that count as a clear refusal.  The last target, ``pdf_verifier``, damages signed testing
protocols (issued by a kiosk of their own) and checks them as ``kiosk protocol verify`` does:
every input must get a verdict (it has no clear error: any exception is a crash) and checking
must write nothing.  Cases are dealt to the targets in turn.

Last line: ``fuzz_imports: cases=N crashes=C partial_writes=P`` (goal: C = P = 0; the exit
status is 1 otherwise).  ``--keep DIR`` saves every crashing and partially written input.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import hashlib
import io
import json
import random
import re
import resource
import signal
import struct
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FILES = ROOT / "tests" / "bank" / "formats" / "files"


class Chance(Protocol):
    """Where mutations get their decisions: ``random.Random``, or a Hypothesis adapter."""

    def randint(self, a: int, b: int) -> int: ...


def pick(chance: Chance, items: Sequence[Any]) -> Any:
    """One of ``items``, as ``chance`` decides."""
    return items[chance.randint(0, len(items) - 1)]


def maybe(chance: Chance, percent: int) -> bool:
    """True ``percent`` times in a hundred."""
    return chance.randint(1, 100) <= percent


# --- seeds: valid files of every format ---------------------------------------------------------


def _zip(members: Sequence[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of exactly these members, in order; names are kept as they are, hostile or not."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: wanted here
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, content in members:
                archive.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def _folder_members(folder: Path) -> list[tuple[str, bytes]]:
    return [
        (path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


def _history_archive(versions: int) -> Any:
    """``rich_bank()`` as a package with history: version 1 approved by another person and, with
    ``versions=2``, a draft version 2, so that statuses and events are exercised too."""
    from question_bank.lifecycle import (
        Action,
        BankArchive,
        LifecycleEvent,
        QuestionHistory,
        Status,
        VersionRecord,
    )
    from tests.helpers.banks import rich_bank

    bank = rich_bank()
    at = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    events = (
        LifecycleEvent(Action.CREATED, "author", at),
        LifecycleEvent(Action.SUBMITTED, "author", at),
        LifecycleEvent(Action.APPROVED, "approver", at, "ok"),
    )
    histories = []
    for question in bank.questions:
        edited = replace(question, stem={k: v + " (2)" for k, v in question.stem.items()})
        histories.append(
            QuestionHistory(
                question.uid,
                (
                    VersionRecord(1, Status.APPROVED, question, events),
                    VersionRecord(2, Status.DRAFT, edited, events[:1]),
                )[:versions],
            )
        )
    return BankArchive(bank.sections, bank.scenarios, tuple(histories))


def _written(module: Any, bank: Any, *args: Any) -> list[bytes]:
    """The format's own file of ``bank``, or nothing when the format cannot carry it."""
    try:
        return [module.write(bank, *args)]
    except ValueError:
        return []


def format_seeds(target: str) -> tuple[bytes, ...]:
    """The valid files of an import format, which its mutations start from."""
    from question_bank.formats import aiken, gift, moodle, package, qti, xlsx
    from tests.helpers.banks import in_one_language, rich_bank

    bank = rich_bank()
    ky = in_one_language(bank, "ky")
    found: list[bytes] = []
    if target == "package":
        found += [package.write(bank)]
        found += [package.write_archive(_history_archive(n)) for n in (1, 2)]
        found.append(_zip(_folder_members(FILES / "package_v1"), zipfile.ZIP_STORED))
    elif target == "moodle":
        found += [moodle.write(bank)]
        found += [path.read_bytes() for path in sorted(FILES.glob("moodle_*.xml"))]
    elif target == "qti":
        found += [qti.write(bank, "ky"), qti.write(bank, "ru")]
        found.append(_zip(_folder_members(FILES / "qti_tao")))
    elif target == "xlsx":
        found += [xlsx.write(bank), xlsx.template()]
    elif target == "gift":
        found += _written(gift, ky, "ky")
        found += [path.read_bytes() for path in sorted(FILES.glob("gift_*.txt"))]
    elif target == "aiken":
        found += _written(aiken, ky, "ky")
        found += [path.read_bytes() for path in sorted(FILES.glob("aiken_*.txt"))]
    else:
        raise KeyError(target)
    return tuple(found)


# --- mutations ----------------------------------------------------------------------------------

#: Hostile or awkward pieces of markup and text, inserted anywhere by the byte mutations.
FRAGMENTS: tuple[bytes, ...] = (
    # XML: entities, external entities, parameter entities, XInclude, encodings
    b'<!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    b'<!DOCTYPE q [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE q [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    b'<!DOCTYPE q SYSTEM "http://127.0.0.1:9/x.dtd">',
    b"&xxe;",
    b"&c;",
    b"&#0;",
    b"&#x110000;",
    b"&lt;p&gt;",
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
    b'parse="text"/>',
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b'<?xml version="1.0" encoding="UTF-7"?>',
    b'<?xml version="1.1"?>',
    b"<?pi x?>",
    b"<p>",
    b"</p>",
    b"<br/>",
    b'<img src="@@PLUGINFILE@@/../../x.png"/>',
    b'<img src="file:///etc/passwd"/>',
    b'<img src="images/window.png"/>',
    b'<span lang="ru" class="multilang">',
    b"</span>",
    b'<object data="x.svg" type="text/html"/>',
    b'<div class="scenario" label="SC-1">',
    b"</div>",
    b'<simpleChoice identifier="choice_a">',
    b'<choiceInteraction responseIdentifier="RESPONSE" maxChoices="-1">',
    b"<value>choice_a</value>",
    b"<textEntryInteraction/>",
    b'<question type="multichoice">',
    b"</question>",
    b'<answer fraction="1e309">',
    b'<answer fraction="nan">',
    b'<file name="../x.png" encoding="base64">AAAA</file>',
    b'<question type="category"><category><text>$course$/top/x</text></category></question>',
    b'<row r="1048576">',
    b'<c r="XFD1048576" t="s"><v>99999</v></c>',
    b'<dimension ref="A1:XFD1048576"/>',
    b'<c t="inlineStr"><is><t>x</t></is></c>',
    b' t="e"',
    b' TargetMode="External"',
    b' Target="../../../etc/passwd"',
    b' Target="file:///etc/passwd"',
    # GIFT and Aiken
    b"::",
    b"{",
    b"}",
    b"=",
    b"~",
    b"#",
    b"%50%",
    b"%-100%",
    b"%1e309%",
    b"%nan%",
    b"\\",
    b"$CATEGORY: ",
    b"// ",
    b"[html]",
    b"[markdown]",
    b"ANSWER: ",
    b"ANSWER: Z",
    b"A) ",
    b"B. ",
    b"\n\n",
    b"{T}",
    b"{#1:2}",
    b"->",
    # JSON
    b"null",
    b"[]",
    b"{}",
    b'"',
    b"\\u0000",
    b"\\ud800",
    b"1e999",
    b"-0",
    b"99999999999999999999999",
    b"[" * 300,
    # encodings and line ends
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe2\x80\xae",
    b"\xe2\x80\xa8",
    b"\r",
    b"\x85",
    # digits that are not ASCII ("²".isdigit() is true, int("²") fails) and too many digits
    b"\xc2\xb2",
    b"\xd9\xa3",
    b"9" * 5000,
)

#: Awkward values for XML texts and attributes and for JSON strings.
TEXTS: tuple[str, ...] = (
    "",
    " ",
    "0",
    "-1",
    "1",
    "99999999999999999999",
    "1e309",
    "nan",
    "inf",
    "a" * 3000,
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\boot.ini",
    "@@PLUGINFILE@@/../../x.png",
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "true",
    "false",
    "single",
    "multiple",
    "identifier",
    "choice_a",
    "RESPONSE",
    "category",
    "multichoice",
    "description",
    "html",
    "plain_text",
    "moodle_auto_format",
    "imsqti_item_xmlv2p1",
    "ky",
    "ru-RU",
    "SC-1",
    "law",
    "approved",
    "draft",
    "2025-03-01T10:00:00+06:00",
    "2025-03-01T10:00:00",
    "\u202eevil",
    "Ң Ө Ү",
    "<p>x</p>",
    '<img src="@@PLUGINFILE@@/x.png">',
    '<span lang="ru" class="multilang">х</span><span lang="ky" class="multilang">ы</span>',
    "&amp;",
    "A1:XFD1048576",
    "XFD1048576",
    "image/png",
    "text/html",
    "²",
    "٣",
    "Ⅻ",
    "9" * 5000,
    "-0",
    "0x10",
    "1_000",
    # what JSON can spell but no database can store
    "\ud800",
    "x\x00y",
)

#: The texts that are markup, for CDATA sections.
HTML_TEXTS = tuple(text for text in TEXTS if "<" in text or "&" in text)

#: Member names that must never be unpacked as given.
HOSTILE_NAMES: tuple[str, ...] = (
    "../evil.xml",
    "../../etc/passwd",
    "/etc/passwd",
    "C:/evil.xml",
    "C:\\evil.xml",
    "a\\..\\..\\evil.xml",
    "items/../../evil.xml",
    "./imsmanifest.xml",
    "images/",
    "images/" + "0" * 64 + ".png",
    "xl/worksheets/sheet9.xml",
    "xl/externalLinks/externalLink1.xml",
    "nested.zip",
    "bank.json",
    "manifest.json",
    "imsmanifest.xml",
    "[Content_Types].xml",
    "a" * 300,
)

#: Awkward JSON values for the package's documents.
JSON_VALUES: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    1.5,
    10**30,
    1e308,
    "",
    "x",
    "a" * 3000,
    "\ud800",
    "2025-03-01T10:00:00",
    "approved",
    [],
    {},
    [None],
    {"": ""},
    {"ky": 1},
    [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]],
)


def mutate_bytes(data: bytes, chance: Chance, kin: Sequence[bytes] = ()) -> bytes:
    """One byte-level damage; ``kin`` are other files of the format to splice from."""
    size = len(data)
    at = chance.randint(0, size)
    operation = chance.randint(0, 9)
    if operation == 0 and size:  # flip a few bytes
        buffer = bytearray(data)
        for _ in range(chance.randint(1, 8)):
            buffer[chance.randint(0, size - 1)] = chance.randint(0, 255)
        return bytes(buffer)
    if operation == 1:  # truncate
        return data[:at]
    if operation == 2:  # delete a slice
        return data[:at] + data[at + chance.randint(1, 64) :]
    if operation == 3:  # repeat a slice, now and then very often
        piece = data[at : at + chance.randint(1, 64)]
        times = pick(chance, (2, 3, 10, 1000))
        return data[:at] + piece * times + data[at:]
    if operation == 4:  # random bytes
        noise = bytes(chance.randint(0, 255) for _ in range(chance.randint(1, 32)))
        return data[:at] + noise + data[at:]
    if operation == 5 and kin:  # splice from another file of the format
        other = pick(chance, kin)
        start = chance.randint(0, len(other))
        return data[:at] + other[start : start + chance.randint(1, 512)] + data[at:]
    if operation == 6:  # replace a number with an awkward one
        numbers = list(re.finditer(rb"\d+", data))
        if numbers:
            found = pick(chance, numbers)
            value = pick(chance, (b"0", b"-1", b"99999999999999999999", b"1e309", b"4294967295"))
            return data[: found.start()] + value + data[found.end() :]
    if operation == 7:  # swap a piece of syntax for another
        marks = list(re.finditer(rb"[<>{}=~#:\"',\[\]\n]", data))
        if marks:
            found = pick(chance, marks)
            other = pick(chance, (b"<", b">", b"{", b"}", b"=", b"~", b"", b'"', b"\n", b"&"))
            return data[: found.start()] + other + data[found.end() :]
    # insert a hostile fragment, often at a line start or just after a tag
    fragment = pick(chance, FRAGMENTS)
    boundaries = [m.end() for m in re.finditer(rb"[>\n]", data[:4096])]
    if boundaries and maybe(chance, 50):
        at = pick(chance, boundaries)
    return data[:at] + fragment + data[at:]


def _xml_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)


def mutate_xml(data: bytes, chance: Chance) -> bytes:
    """One structural damage to an XML document, or a byte-level one when it does not parse."""
    from lxml import etree

    try:
        root = etree.fromstring(data, _xml_parser())
    except (etree.LxmlError, ValueError):
        return mutate_bytes(data, chance)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    element = pick(chance, elements)
    operation = chance.randint(0, 7)
    try:
        if operation == 0 and element is not root:  # remove an element
            element.getparent().remove(element)
        elif operation == 1 and element is not root:  # repeat an element
            parent = element.getparent()
            index = parent.index(element)
            for _ in range(pick(chance, (1, 1, 2, 30))):
                parent.insert(index, copy.deepcopy(element))
        elif operation == 2:  # an awkward text
            element.text = pick(chance, TEXTS)
        elif operation == 3:  # an awkward attribute value, on an attribute the file uses
            names = sorted({name for e in elements for name in e.attrib})
            if names:
                element.set(pick(chance, names), pick(chance, TEXTS))
        elif operation == 4 and element.attrib:  # drop an attribute
            del element.attrib[pick(chance, sorted(element.attrib))]
        elif operation == 5 and element is not root:  # move an element elsewhere
            target = pick(chance, elements)
            if element not in list(target.iterancestors()) and target is not element:
                element.getparent().remove(element)
                target.append(element)
        elif operation == 6:  # rename an element after another of the file
            element.tag = pick(chance, elements).tag
        else:  # HTML as CDATA, as Moodle keeps it
            element.text = etree.CDATA(pick(chance, HTML_TEXTS) + pick(chance, TEXTS))
    except (ValueError, TypeError):
        return mutate_bytes(data, chance)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _json_slots(node: Any, out: list[tuple[Any, Any]]) -> None:
    """Every (container, key) of a JSON document, to pick one to damage."""
    if isinstance(node, dict):
        for key in list(node):
            out.append((node, key))
            _json_slots(node[key], out)
    elif isinstance(node, list):
        for index in range(len(node)):
            out.append((node, index))
            _json_slots(node[index], out)


def mutate_json(data: bytes, chance: Chance) -> bytes:
    """One structural damage to a JSON document, or a byte-level one when it does not parse."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return mutate_bytes(data, chance)
    slots: list[tuple[Any, Any]] = []
    _json_slots(document, slots)
    if not slots:
        return mutate_bytes(data, chance)
    container, key = pick(chance, slots)
    operation = chance.randint(0, 4)
    if operation == 0:
        del container[key]
    elif operation == 1 and isinstance(container, list):
        container.insert(key, copy.deepcopy(container[key]))
    elif operation == 2 and isinstance(container, dict):
        container[pick(chance, (*TEXTS[:4], "uid", "status", "extra"))] = pick(chance, JSON_VALUES)
    elif operation == 3 and isinstance(container[key], str):
        container[key] = pick(chance, TEXTS)
    else:
        container[key] = copy.deepcopy(pick(chance, JSON_VALUES))
    # A lone surrogate can only be written escaped.
    return json.dumps(document, ensure_ascii=maybe(chance, 50) or _has_surrogate(document)).encode()


def _has_surrogate(document: Any) -> bool:
    return "\\ud8" in json.dumps(document)


def mutate_member(name: str, content: bytes, chance: Chance) -> bytes:
    """One damage to an archive member, as its kind suggests."""
    lower = name.lower()
    if maybe(chance, 75):
        if lower.endswith((".xml", ".rels", ".vml")):
            return mutate_xml(content, chance)
        if lower.endswith(".json"):
            return mutate_json(content, chance)
    return mutate_bytes(content, chance)


def _read_zip(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info.filename, archive.read(info)) for info in archive.infolist()]
    except Exception:  # a damaged archive: the caller falls back to bytes
        return None


_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"


def _patch_headers(data: bytes, chance: Chance) -> bytes:
    """A lie in one member's headers: huge size, encryption, unknown method, bad CRC, odd name."""
    entries = [m.start() for m in re.finditer(re.escape(_CENTRAL), data)]
    if not entries:
        return data
    buffer = bytearray(data)
    entry = pick(chance, entries)
    if entry + 46 > len(buffer):
        return data
    name_length = struct.unpack_from("<H", buffer, entry + 28)[0]
    local = struct.unpack_from("<I", buffer, entry + 42)[0]
    has_local = local + 30 <= len(buffer) and buffer[local : local + 4] == _LOCAL
    operation = chance.randint(0, 5)
    if operation == 0:  # a huge uncompressed size, in the directory and maybe the local header
        size = pick(chance, (0xFFFFFFFE, 65 * 1024 * 1024, 600 * 1024 * 1024))
        struct.pack_into("<I", buffer, entry + 24, size)
        if has_local and maybe(chance, 50):
            struct.pack_into("<I", buffer, local + 22, size)
    elif operation == 1:  # the encryption flag
        struct.pack_into("<H", buffer, entry + 8, buffer[entry + 8] | 1)
        if has_local:
            struct.pack_into("<H", buffer, local + 6, buffer[local + 6] | 1)
    elif operation == 2:  # an unknown compression method
        method = pick(chance, (1, 6, 9, 99, 0xFFFF))
        struct.pack_into("<H", buffer, entry + 10, method)
        if has_local:
            struct.pack_into("<H", buffer, local + 8, method)
    elif operation == 3:  # a wrong CRC
        struct.pack_into("<I", buffer, entry + 16, chance.randint(0, 0xFFFFFFFF))
    elif operation == 4 and name_length:  # a name that is not UTF-8, flagged as UTF-8 or not
        position = entry + 46 + chance.randint(0, name_length - 1)
        buffer[position] = pick(chance, (0xFF, 0xC0, 0x80, 0x00, 0x5C))
        flags = struct.unpack_from("<H", buffer, entry + 8)[0]
        struct.pack_into("<H", buffer, entry + 8, flags | 0x800 if maybe(chance, 50) else flags)
    else:  # a compressed size that lies
        struct.pack_into("<I", buffer, entry + 20, chance.randint(0, 0xFFFFFFFF))
    return bytes(buffer)


def mutate_zip(data: bytes, chance: Chance, kin: Sequence[bytes] = ()) -> bytes:
    """One damage to an archive: usually to a member, sometimes to the archive's structure."""
    members = _read_zip(data)
    if members is None or not members or maybe(chance, 8):
        return mutate_bytes(data, chance, kin)
    method = zipfile.ZIP_DEFLATED
    operation = chance.randint(0, 19)
    index = chance.randint(0, len(members) - 1)
    name, content = members[index]
    if operation <= 9:  # damage a member's content
        members[index] = (name, mutate_member(name, content, chance))
    elif operation == 10:
        del members[index]
    elif operation == 11:  # rename a member, maybe onto another one
        other = pick(chance, members)[0]
        members[index] = (pick(chance, (*HOSTILE_NAMES, other, name.upper())), content)
    elif operation == 12:  # the same member twice
        members.insert(index, (name, content))
    elif operation == 13:  # a hostile member
        payload = pick(chance, (content, data, b"", b"<x/>"))
        members.insert(index, (pick(chance, HOSTILE_NAMES), payload))
    elif operation == 14:  # a zip inside the zip, in place of a member
        members[index] = (name, data if maybe(chance, 50) else _zip(members[:3]))
    elif operation == 15:  # very many members, now and then more than allowed
        from question_bank.formats.base import MAX_MEMBERS

        count = MAX_MEMBERS + 1 if maybe(chance, 10) else pick(chance, (300, 3000))
        members += [(f"many/{n}.txt", b"") for n in range(count)]
        method = zipfile.ZIP_STORED
    elif operation == 16:  # members in another order
        members.reverse()
    elif operation == 17:  # other compression
        method = pick(chance, (zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA))
    elif operation == 18:  # a member of another file of the format
        other = _read_zip(pick(chance, kin)) if kin else None
        if other:
            members.insert(index, pick(chance, other))
    else:
        return _patch_headers(_zip(members, method), chance)
    return _zip(members, method)


def rehash_package(data: bytes) -> bytes:
    """A bank package whose manifest lists every member with its right checksum again, so that
    damage inside ``bank.json`` is found by the reader of ``bank.json``, not by the checksum."""
    members = _read_zip(data)
    if members is None:
        return data
    names = [name for name, _ in members]
    if "manifest.json" not in names:
        return data
    try:
        manifest = json.loads(dict(members)["manifest.json"])
    except (ValueError, RecursionError):
        return data
    if not isinstance(manifest, dict):
        return data
    manifest["members"] = {
        name: hashlib.sha256(content).hexdigest()
        for name, content in members
        if name != "manifest.json" and not name.endswith("/")
    }
    rewritten = json.dumps(manifest).encode()
    return _zip([(n, rewritten if n == "manifest.json" else c) for n, c in members])


@functools.cache
def seeds(target: Target) -> tuple[bytes, ...]:
    """The target's seed files, made once."""
    return tuple(target.seeds())


def mutate(target: Target, chance: Chance) -> bytes:
    """A damaged file for ``target``: a seed with one to four mutations, or random bytes."""
    kin = seeds(target)
    if maybe(chance, 4):
        return bytes(chance.randint(0, 255) for _ in range(chance.randint(0, 600)))
    data = pick(chance, kin)
    for _ in range(pick(chance, (1, 1, 1, 2, 2, 3, 4))):
        if len(data) > 2_000_000:
            break  # a file grown this large has had its damage; more would only be slow
        if target.kind == "zip":
            data = mutate_zip(data, chance, kin)
        elif target.kind == "xml" and maybe(chance, 70):
            data = mutate_xml(data, chance)
        else:
            data = mutate_bytes(data, chance, kin)
    if target.name == "package" and maybe(chance, 80):
        data = rehash_package(data)
    return data


# --- the kiosk the cases are imported into ------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What an import must not change when it is refused: rows, commits, files."""

    data_version: int
    rows: tuple[tuple[str, int], ...]
    files: tuple[tuple[str, int, int], ...]

    def changes(self, other: Snapshot) -> list[str]:
        """What differs from ``other``, in words."""
        found = []
        if self.data_version != other.data_version:
            found.append("a commit (PRAGMA data_version changed)")
        before, after = dict(self.rows), dict(other.rows)
        found += [
            f"{table}: {before.get(table)} → {after.get(table)} rows"
            for table in sorted(before.keys() | after.keys())
            if before.get(table) != after.get(table)
        ]
        if self.files != other.files:
            found.append("files in the data folder changed")
        return found


class Fixture:
    """A kiosk on SQLite, built by the tests' helper, and a second connection watching it."""

    def __init__(self, folder: Path) -> None:
        from sqlalchemy import inspect

        from kiosk.clock import FakeClock
        from tests.helpers.actors import staff
        from tests.helpers.sittings import prepare_sitting

        self.data_dir = folder / "data"
        sitting = prepare_sitting(f"sqlite:///{folder / 'kiosk.db'}", self.data_dir, FakeClock())
        self.kiosk = sitting.kiosk
        self.actor = staff("fuzzer")
        # A connection of its own: PRAGMA data_version changes when *another* connection commits.
        self._watch = self.kiosk.engine.connect()
        tables = sorted(inspect(self._watch).get_table_names())
        self._watch.rollback()
        self._count = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables)
        self._tables = tables

    def snapshot(self) -> Snapshot:
        connection = self._watch
        version = connection.exec_driver_sql("PRAGMA data_version").scalar()
        counts = connection.exec_driver_sql(self._count).one()
        connection.rollback()  # hold no read transaction between cases
        files = tuple(
            sorted(
                (str(path.relative_to(self.data_dir)), path.stat().st_size, path.stat().st_mtime_ns)
                for path in self.data_dir.rglob("*")
                if path.is_file()
            )
        )
        return Snapshot(int(version), tuple(zip(self._tables, counts, strict=True)), files)

    def close(self) -> None:
        self._watch.close()
        self.kiosk.close()


# --- targets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Something that reads untrusted files, and how to fuzz it."""

    name: str
    #: Which mutations suit its files: "zip", "xml", "text" or "bytes".
    kind: str
    #: Valid files the mutations start from.
    seeds: Callable[[], Sequence[bytes]]
    #: Runs one case; ``dry_run`` asks for a run that writes nothing even when accepted.
    run: Callable[[Fixture, bytes, bool], None]
    #: The exceptions that are a clear refusal (anything else is a crash).
    refusals: tuple[type[BaseException], ...]


def _importer(format_name: str, file_name: str) -> Callable[[Fixture, bytes, bool], None]:
    def run(fixture: Fixture, data: bytes, dry_run: bool) -> None:
        fixture.kiosk.bank.import_data(
            fixture.actor, data, file_name, format_name=format_name, dry_run=dry_run
        )

    return run


def _import_targets() -> tuple[Target, ...]:
    from question_bank.formats.base import ImportFailed

    return tuple(
        Target(
            name,
            kind,
            functools.partial(format_seeds, name),
            _importer(name, file_name),
            (ImportFailed,),
        )
        for name, kind, file_name in (
            ("package", "zip", "bank.kbank"),
            ("moodle", "xml", "bank.xml"),
            ("qti", "zip", "bank.qti.zip"),
            ("xlsx", "zip", "bank.xlsx"),
            ("gift", "text", "bank.gift"),
            ("aiken", "text", "bank.txt"),
        )
    )


@functools.cache
def _signed_protocols() -> tuple[bytes, ...]:
    """Testing protocols as a station issues them (signed, with their QR code), from a kiosk
    of their own: the fixture's register does not know them, so they exercise the file's marks
    and signature, not only the register."""
    from kiosk.clock import FakeClock
    from tests.helpers.sittings import prepare_sitting

    with tempfile.TemporaryDirectory() as folder:
        sitting = prepare_sitting(
            f"sqlite:///{Path(folder) / 'kiosk.db'}", Path(folder) / "data", FakeClock()
        )
        attempts = sitting.kiosk.attempts
        protocols = []
        try:
            for right, issued in enumerate(sitting.codes):
                briefing = attempts.login(issued.code).briefing
                assert briefing is not None
                view = attempts.start(briefing.registration_id, "ky" if right % 2 else "ru")
                for item in view.items[: right * 3]:
                    attempts.select_option(view.attempt_id, item.position, item.options[0].key)
                attempts.submit(view.attempt_id)
                _number, path = sitting.kiosk.protocols.issue(view.attempt_id)
                protocols.append(path.read_bytes())
        finally:
            sitting.kiosk.close()
    return tuple(protocols)


def _verify_pdf(fixture: Fixture, data: bytes, _dry_run: bool) -> None:
    """Check ``data`` as ``kiosk protocol verify`` does: any bytes give a verdict, never an
    exception, and checking writes nothing."""
    from kiosk.domain.roles import Role
    from kiosk.services.verification_views import Verification
    from tests.helpers.actors import staff

    found = fixture.kiosk.verification.verify_file(staff("fuzz-observer", Role.OBSERVER), data)
    if not isinstance(found, Verification):
        raise TypeError(f"the verifier answered {found!r}")


#: The bank's import formats.
IMPORT_TARGETS: tuple[Target, ...] = _import_targets()
#: Every target, in the order cases are dealt out: the import formats, then the PDF verifier.
TARGETS: tuple[Target, ...] = (
    *IMPORT_TARGETS,
    Target("pdf_verifier", "bytes", _signed_protocols, _verify_pdf, ()),
)


# --- running ------------------------------------------------------------------------------------


class CaseTimeout(BaseException):
    """A case ran too long.  A BaseException, so that no reader's ``except Exception`` hides
    it as a refusal."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(_signal: int, _frame: object) -> None:
        raise CaseTimeout(f"no answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Failure:
    target: str
    kind: str  # "crash" or "partial write"
    data: bytes
    summary: str
    detail: str


@dataclass
class Tally:
    cases: int = 0
    accepted: int = 0
    refused: int = 0
    crashes: int = 0
    partial_writes: int = 0
    seconds: float = 0.0
    slowest: float = 0.0


@dataclass
class Run:
    tallies: dict[str, Tally] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)


def run_case(
    fixture: Fixture, target: Target, data: bytes, dry_run: bool, before: Snapshot, timeout: float
) -> tuple[str, Snapshot, Failure | None]:
    """Import one case: ("accepted" | "refused" | "crash", the state after, what went wrong)."""
    failure = None
    try:
        with time_limit(timeout):
            target.run(fixture, data, dry_run)
        outcome = "accepted"
    except target.refusals:
        outcome = "refused"
    except (Exception, CaseTimeout) as error:
        outcome = "crash"
        tail = traceback.format_exception(error)[-8:]
        summary = f"{type(error).__name__}: {str(error)[:200]}"
        failure = Failure(target.name, "crash", data, summary, "".join(tail))
    after = fixture.snapshot()
    if outcome != "accepted" or dry_run:
        changes = before.changes(after)
        if changes:
            failure = failure or Failure(
                target.name,
                "partial write",
                data,
                f"{'dry run' if dry_run else outcome} left: " + "; ".join(changes),
                "",
            )
            if failure.kind == "crash":
                failure.detail += "and it left: " + "; ".join(changes) + "\n"
    return outcome, after, failure


def fuzz(fixture: Fixture, targets: Sequence[Target], cases: int, seed: int, timeout: float) -> Run:
    chance = random.Random(seed)
    result = Run({target.name: Tally() for target in targets})
    before = fixture.snapshot()
    for number in range(cases):
        target = targets[number % len(targets)]
        data = mutate(target, chance)
        dry_run = maybe(chance, 25)
        start = time.perf_counter()
        outcome, after, failure = run_case(fixture, target, data, dry_run, before, timeout)
        elapsed = time.perf_counter() - start
        tally = result.tallies[target.name]
        tally.cases += 1
        tally.seconds += elapsed
        tally.slowest = max(tally.slowest, elapsed)
        tally.accepted += outcome == "accepted"
        tally.refused += outcome == "refused"
        if failure is not None:
            result.failures.append(failure)
            if failure.kind == "crash":
                tally.crashes += 1
            if failure.kind == "partial write" or "and it left" in failure.detail:
                tally.partial_writes += 1
        before = after
    return result


def report(result: Run, keep: Path | None, shown: int) -> None:
    for name, tally in result.tallies.items():
        print(
            f"{name}: cases={tally.cases} accepted={tally.accepted} refused={tally.refused} "
            f"crashes={tally.crashes} partial_writes={tally.partial_writes} "
            f"mean_ms={1000 * tally.seconds / max(tally.cases, 1):.0f} "
            f"slowest_ms={1000 * tally.slowest:.0f}"
        )
    kinds = Counter((f.target, f.kind, f.summary.split(":")[0]) for f in result.failures)
    seen: set[tuple[str, str, str]] = set()
    for failure in result.failures:
        key = (failure.target, failure.kind, failure.summary.split(":")[0])
        if key in seen or len(seen) >= shown:
            continue
        seen.add(key)
        print(f"\n--- {failure.kind} in {failure.target} ({kinds[key]}×): {failure.summary}")
        print(f"input ({len(failure.data)} bytes): {failure.data[:160]!r}")
        if failure.detail:
            print(failure.detail.rstrip())
    if keep is not None and result.failures:
        keep.mkdir(parents=True, exist_ok=True)
        for number, failure in enumerate(result.failures, 1):
            kind = failure.kind.replace(" ", "-")
            (keep / f"{number:04d}-{failure.target}-{kind}.bin").write_bytes(failure.data)
        print(f"\n{len(result.failures)} inputs saved in {keep}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--target",
        action="append",
        choices=[t.name for t in TARGETS],
        help="fuzz only this target (repeatable); default: all",
    )
    parser.add_argument("--case-timeout", type=float, default=30.0, help="seconds per case")
    parser.add_argument("--keep", type=Path, help="save failing inputs in this folder")
    parser.add_argument("--show", type=int, default=8, help="failure examples to print")
    arguments = parser.parse_args()
    if arguments.cases < 1:
        parser.error("--cases must be at least 1")
    targets = [t for t in TARGETS if not arguments.target or t.name in arguments.target]
    start = time.perf_counter()
    for target in targets:
        seeds(target)
    with tempfile.TemporaryDirectory() as folder:
        fixture = Fixture(Path(folder))
        try:
            print(f"seeds and kiosk ready in {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            result = fuzz(fixture, targets, arguments.cases, arguments.seed, arguments.case_timeout)
            seconds = time.perf_counter() - start
        finally:
            fixture.close()
    report(result, arguments.keep, arguments.show)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nseed={arguments.seed} seconds={seconds:.1f} peak_memory_mb={peak_mb:.0f}")
    crashes = sum(t.crashes for t in result.tallies.values())
    partial = sum(t.partial_writes for t in result.tallies.values())
    print(f"fuzz_imports: cases={arguments.cases} crashes={crashes} partial_writes={partial}")
    sys.exit(1 if crashes or partial else 0)


if __name__ == "__main__":
    main()
