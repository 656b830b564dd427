"""Import and export formats of the question bank.

Each format is a module with ``NAME``, ``LABEL``, ``EXTENSIONS``, ``MULTILINGUAL`` (whether one
file carries several languages) and two functions::

    read(data: bytes, file_name: str, language: str = DEFAULT_LANGUAGE) -> Bank
    write(bank: Bank, language: str = DEFAULT_LANGUAGE) -> bytes

``language`` is the language a one-language format's texts are read as, or written in.  Readers
raise :class:`~question_bank.formats.base.ImportFailed`; see :mod:`question_bank.formats.base`.
The bank package (``package``) also carries every version and its history.
"""

from __future__ import annotations

import importlib
from pathlib import PurePath
from types import ModuleType

#: Format name → module, in the order the admin screen lists them.
FORMAT_NAMES = ("package", "moodle", "qti", "xlsx", "gift", "aiken")


def format_module(name: str) -> ModuleType:
    """The module of a format, by name."""
    if name not in FORMAT_NAMES:
        raise KeyError(f"unknown format {name!r}; known: {', '.join(FORMAT_NAMES)}")
    return importlib.import_module(f"{__name__}.{name}")


def guess_format(file_name: str) -> str:
    """The format a file's name suggests (by extension); ``.txt`` files are GIFT or Aiken."""
    suffix = "".join(PurePath(file_name).suffixes[-2:]).lower()
    for name in FORMAT_NAMES:
        for extension in format_module(name).EXTENSIONS:
            if suffix.endswith(extension):
                return name
    raise KeyError(f"cannot tell the format of {file_name!r} from its name")
