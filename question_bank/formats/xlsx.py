"""The Excel workbook template: the question bank as a spreadsheet editors fill in by hand.

The workbook (``.xlsx``, read and written with openpyxl) holds every language side by side, so
one file carries a whole bilingual bank.  Its layout, described for editors in
``docs/bank-xlsx-template.md``:

* sheet **Sections** — ``code``, ``title_ky``, ``title_ru``: one row per section;
* sheet **Scenarios** — ``id``, ``text_ky``, ``text_ru``: one row per situational text (the
  sheet may be left out when no question has one);
* sheet **Questions** — one row per question: ``id``, ``section`` (a code from Sections),
  ``scenario`` (an id from Scenarios or empty), ``multiple`` (yes/no), ``key`` (the letters of the
  keyed options: ``B``, or ``A, C`` for a multiple-response question), ``stem_ky``, ``stem_ru``,
  ``option_a_ky``, ``option_a_ru`` … ``option_f_ky``, ``option_f_ru``, ``shuffle`` (yes/no,
  empty means yes), ``source``, ``tags`` (comma-separated), ``image`` (file names);
* sheet **Instructions** — a short note for editors in Kyrgyz, Russian and English; the reader
  ignores it, and any other sheet.

Conventions:

* Headers sit in row 1 and are matched case-insensitively, trimmed, with spaces or hyphens
  read as ``_``; columns may come in any order.  Unknown, duplicated and missing required columns
  are problems.  ``_en`` columns (``stem_en``, ``option_a_en`` …) are read and written too.
* Yes/no cells also accept да/нет, ооба/жок, 1/0, TRUE/FALSE.  Keys are Latin letters A–F or
  option numbers 1–6, separated by commas, spaces or semicolons ("B", "a, c", 2, "1;3");
  Cyrillic look-alikes (А, В, С, Е) are refused rather than guessed.
* Cell values are taken as Excel shows them: numbers become text without a trailing ".0",
  dates become "dd.mm.yyyy", every text is trimmed, line breaks inside a cell are kept.
* Option keys are the column letters a–f; an option exists when any of its language cells is
  filled.  Question and scenario ids are the file's own; an empty question id gives uid "" (the
  bank service assigns one).
* Images are pictures placed over the question's ``image`` cell (Excel: Insert ▸ Pictures ▸
  Place over Cells), whose top-left corner lies in that cell.  The cell lists the pictures' file
  names, comma-separated; a picture whose alt text is one of the names gets that name, the
  others take the remaining names in the order they were inserted; with no names written, the
  pictures are called ``picture-1.png``, ``picture-2.jpg`` …  The picture bytes are taken from the
  package exactly as stored (no Pillow, no re-encoding) and the media type from its content type.

What the workbook cannot carry:

* languages other than ky, ru and en; more than six options; option keys other than a–f in
  order (options are written in order and keyed a, b, c …);
* leading or trailing spaces of any text, control characters other than tab and line break,
  and texts longer than 32,767 characters (Excel's cell limit);
* commas or semicolons inside a tag or an image name (they separate the list);
* more than 100,000 rows in a sheet (a sheet with rows further down is refused);
* pictures of other types than PNG, JPEG, GIF, BMP, TIFF, SVG and EMF; pictures placed *in* a cell
  (Excel 365 "Place in Cell") cannot be read at all — they must be placed over the cell;
* a version's status and history (the bank package carries those).

:func:`write` raises ``ValueError`` for an unknown language, a seventh option, a key naming no
option, a separator inside a tag or image name, an over-long text and a picture type it cannot
store; control characters are dropped, and surrounding spaces are lost when reading.
``language`` is unused in both directions: every column names its language.

SVG pictures are stored as Office stores them — the SVG in the picture's ``svgBlip`` extension
beside a PNG for older versions — and read from that extension; as there is no rasterizer here,
the PNG the writer puts beside an SVG is a grey placeholder (Excel 2016 and later show the SVG).

Reading never trusts the file: parts are size-checked before anything is unpacked, XML with a
document type declaration is refused, and any failure of the spreadsheet library becomes a
:class:`~question_bank.formats.base.ImportFailed`.
"""

from __future__ import annotations

import difflib
import io
import posixpath
import re
import struct
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from openpyxl import Workbook, load_workbook
from openpyxl.drawing.fill import Blip
from openpyxl.drawing.geometry import PresetGeometry2D
from openpyxl.drawing.image import Image as OpenpyxlImage
from openpyxl.drawing.picture import PictureFrame
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import pixels_to_EMU
from openpyxl.worksheet.datavalidation import DataValidation

from question_bank.formats.base import (
    DEFAULT_LANGUAGE,
    MAX_MEMBER_BYTES,
    MAX_PICTURE_BYTES,
    ImportFailed,
    Problem,
    open_archive,
    parse_xml,
    read_member,
    unsafe_member_name,
)
from question_bank.model import Bank, Image, Option, Question, Scenario, Section

NAME = "xlsx"
LABEL = "Excel workbook (template)"
EXTENSIONS = (".xlsx",)
MULTILINGUAL = True

#: Languages the workbook has columns for; ky and ru are always written, en when the bank uses it.
LANGUAGES = ("ky", "ru", "en")
REQUIRED_LANGUAGES = ("ky", "ru")
OPTION_LETTERS = "abcdef"

SECTIONS = "Sections"
SCENARIOS = "Scenarios"
QUESTIONS = "Questions"
INSTRUCTIONS = "Instructions"

#: Columns read from each sheet; the template has 45, and reading is bounded against huge rows.
MAX_COLUMNS = 256
#: Rows read from each sheet (Excel allows 1,048,576; a bank has a few thousand questions).  A
#: sheet with rows further down is refused: a row number such as 10⁹ would otherwise make the
#: spreadsheet library produce a billion empty rows.
MAX_ROWS = 100_000
#: The rows and columns of an Excel sheet (A1:XFD1048576).
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
#: Excel refuses longer cell texts.
MAX_CELL_CHARS = 32767

#: Picture media type → the extension its package part gets (each maps back to the same type).
PICTURE_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/tiff": "tiff",
    "image/svg+xml": "svg",
    "image/x-emf": "emf",
}
SVG_TYPE = "image/svg+xml"
#: Non-standard names some Windows installations give common picture types.
_MEDIA_ALIASES = {
    "image/pjpeg": "image/jpeg",
    "image/jpg": "image/jpeg",
    "image/x-png": "image/png",
}


def _language_columns(prefix: str, languages: Sequence[str]) -> list[str]:
    return [f"{prefix}_{language}" for language in languages]


def section_columns(languages: Sequence[str] = REQUIRED_LANGUAGES) -> list[str]:
    """The headers of sheet Sections, in the documented order."""
    return ["code", *_language_columns("title", languages)]


def scenario_columns(languages: Sequence[str] = REQUIRED_LANGUAGES) -> list[str]:
    """The headers of sheet Scenarios, in the documented order."""
    return ["id", *_language_columns("text", languages)]


def question_columns(languages: Sequence[str] = REQUIRED_LANGUAGES) -> list[str]:
    """The headers of sheet Questions, in the documented order."""
    columns = ["id", "section", "scenario", "multiple", "key"]
    columns += _language_columns("stem", languages)
    for letter in OPTION_LETTERS:
        columns += _language_columns(f"option_{letter}", languages)
    return [*columns, "shuffle", "source", "tags", "image"]


_REQUIRED = {
    SECTIONS: ["code", *_language_columns("title", REQUIRED_LANGUAGES)],
    SCENARIOS: ["id", *_language_columns("text", REQUIRED_LANGUAGES)],
    QUESTIONS: [
        "id",
        "section",
        "key",
        *_language_columns("stem", REQUIRED_LANGUAGES),
        *_language_columns("option_a", REQUIRED_LANGUAGES),
        *_language_columns("option_b", REQUIRED_LANGUAGES),
    ],
}
_KNOWN = {
    SECTIONS: section_columns(LANGUAGES),
    SCENARIOS: scenario_columns(LANGUAGES),
    QUESTIONS: question_columns(LANGUAGES),
}

# --------------------------------------------------------------------------- cell values

#: OOXML's escape for characters XML cannot hold: "_x000D_" is a carriage return.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: What no text may keep: control characters (tab and line break stay) and lone surrogates.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LIST_SEPARATORS = re.compile(r"[,;\n]")
_KEY_SEPARATORS = re.compile(r"[\s,;/.+&]+")
_YES = {"yes", "y", "да", "ооба", "1", "true", "истина"}
_NO = {"no", "n", "нет", "жок", "0", "false", "ложь"}


def _text(value: object) -> str:
    """A cell's value as the editor sees it in Excel, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel stores every number as a float; an id typed as 12 must read "12", not "12.0".
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, timedelta):
        return str(value)
    text = _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _JUNK.sub("", text).strip()


def _texts(cells: dict[str, object], prefix: str) -> dict[str, str]:
    """The per-language texts of one field; empty cells are left out."""
    found = {}
    for language in LANGUAGES:
        text = _text(cells.get(f"{prefix}_{language}"))
        if text:
            found[language] = text
    return found


def _yes_no(value: object, default: bool) -> bool | None:
    """A yes/no cell; ``None`` when it says neither."""
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if not text:
        return default
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def _parse_key(value: object) -> tuple[frozenset[str], str]:
    """The keyed option letters of a key cell, and a message when it cannot be read."""
    keys: set[str] = set()
    for token in _KEY_SEPARATORS.split(_text(value)):
        if not token:
            continue
        if token.isascii() and token.isdigit():
            # Not int() of any length: Python refuses texts of over 4,300 digits.
            number = int(token) if len(token) <= 9 else 0
            if not 1 <= number <= len(OPTION_LETTERS):
                return frozenset(), f"“{token}” is not an option number; options are numbered 1–6"
            keys.add(OPTION_LETTERS[number - 1])
        elif all(char in OPTION_LETTERS for char in token.lower()):
            keys.update(token.lower())
        elif _is_cyrillic(token):
            return frozenset(), (
                f"the key “{token}” is written in Cyrillic letters; write the Latin letters A–F"
            )
        else:
            return frozenset(), (
                f"“{token}” is not an option letter; write the letters A–F of the correct "
                "options, e.g. B, or A, C for several"
            )
    return frozenset(keys), ""


def _split_list(value: object) -> list[str]:
    return [part.strip() for part in _LIST_SEPARATORS.split(_text(value)) if part.strip()]


# --------------------------------------------------------------------------- the package


def _problem(file_name: str, message: str, location: str = "", field: str = "") -> ImportFailed:
    return ImportFailed([Problem(file_name, location, field, message)])


#: UTF-8 first: it is the one byte order mark allowed.
_BYTE_ORDER_MARKS = (
    b"\xef\xbb\xbf",
    b"\x00\x00\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\xff\xfe",
    b"\xfe\xff",
)
_ENCODING = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_UTF8_NAMES = (b"utf-8", b"utf8", b"us-ascii", b"ascii")
#: A document type or entity declaration, wherever it is.
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_NOT_XLSX = (
    "the file is not an Excel workbook (.xlsx); open it in Excel and save it as "
    "“Excel Workbook (*.xlsx)”"
)
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _Package:
    """The workbook's ZIP archive, read part by part with size limits."""

    def __init__(self, data: bytes, file_name: str) -> None:
        self.file_name = file_name
        self._parsed: dict[str, object] = {}
        self._pictures: dict[str, bytes] = {}
        self._picture_bytes = 0
        #: Whether the pictures' total was already reported as too large.
        self.pictures_reported = False
        if data.startswith(_OLE_SIGNATURE):
            raise _problem(
                file_name,
                "the file is an old Excel 97–2003 workbook (.xls) or a password-protected one; "
                "save it as “Excel Workbook (*.xlsx)” without a password",
            )
        infos = open_archive(data, file_name, _NOT_XLSX).infolist()
        self._data = data
        self._infos = {info.filename: info for info in infos}
        self.sizes = {info.filename: info.file_size for info in infos}
        # Excel names parts plainly and once; a part named twice is read as one by one program
        # and as the other by another, and a name leading outside the workbook is no part.
        names = Counter(info.filename for info in infos)
        problems = [
            Problem(file_name, f"part {name}", "name", "the part's name leads outside the workbook")
            for name in names
            if unsafe_member_name(name)
        ]
        problems += [
            Problem(file_name, f"part {name}", "name", "the workbook holds this part twice")
            for name, count in names.items()
            if count > 1
        ]
        if problems:
            raise ImportFailed(problems)
        too_big = [name for name, size in self.sizes.items() if size > MAX_MEMBER_BYTES]
        if too_big:
            raise ImportFailed(
                Problem(file_name, f"part {name}", "", "the part is too large to be unpacked")
                for name in too_big
            )
        if "[Content_Types].xml" not in self.sizes or self._workbook_part() is None:
            raise _problem(file_name, _NOT_XLSX)
        # openpyxl parses the sheets and shared strings with the standard library's expat, which
        # expands the entities a document declares: refuse any document type declaration (and
        # any encoding that could hide one from a byte search) before it sees the parts.  A part
        # is checked whatever its name: the relationships, not the name, make a part a sheet.
        # Every part is unpacked once here, so that it is known to end where its headers say
        # before openpyxl reads it with zipfile (which would inflate a lying part in one piece).
        problems = []
        for name in self.sizes:
            if name.endswith("/"):
                continue
            content = self.read(name)
            if name.lower().endswith((".xml", ".rels", ".vml")) or _may_be_xml(content):
                problem = self._check_xml(name, content)
                if problem:
                    problems.append(problem)
        if problems:
            raise ImportFailed(problems)

    def read(self, name: str) -> bytes:
        """A part's bytes; a damaged part is an ImportFailed."""
        try:
            return read_member(self._data, self._infos[name], MAX_MEMBER_BYTES)
        except (ValueError, KeyError) as error:
            raise _problem(
                self.file_name,
                f"the part is damaged and cannot be unpacked ({error})",
                f"part {name}",
            ) from None

    def picture(self, name: str) -> bytes | None:
        """A picture part's bytes, unpacked once however many anchors show it; None once the
        pictures shown add up to more than :data:`MAX_PICTURE_BYTES`."""
        if name not in self._pictures:
            self._pictures[name] = self.read(name)
        self._picture_bytes += len(self._pictures[name])
        return self._pictures[name] if self._picture_bytes <= MAX_PICTURE_BYTES else None

    def _check_xml(self, name: str, data: bytes) -> Problem | None:
        declared = _ENCODING.match(data)
        if (
            data.startswith(_BYTE_ORDER_MARKS[1:])
            or b"\x00" in data[:200]
            or (declared and declared.group(1).lower() not in _UTF8_NAMES)
        ):
            return Problem(self.file_name, f"part {name}", "", "the part is not UTF-8 XML")
        # Anywhere, not only before the root: in a UTF-8 part a declaration cannot hide, and
        # "<!" can only be markup (a cell's text has "&lt;!"); a comment could hide the root.
        if _DECLARATION.search(data):
            return Problem(
                self.file_name,
                f"part {name}",
                "DOCTYPE",
                "document type declarations are not accepted",
            )
        return None

    def xml(self, name: str) -> object:
        """A part parsed safely (parsed once)."""
        if name not in self._parsed:
            try:
                self._parsed[name] = parse_xml(self.read(name), self.file_name)
            except ImportFailed as failed:
                raise ImportFailed(
                    Problem(
                        self.file_name,
                        ", ".join(part for part in (f"part {name}", problem.location) if part),
                        problem.field,
                        problem.message,
                    )
                    for problem in failed.problems
                ) from None
        return self._parsed[name]

    def _workbook_part(self) -> str | None:
        if "_rels/.rels" not in self.sizes:
            return None
        for rel_type, target, _ in self.relationships("", "_rels/.rels"):
            if rel_type.endswith("/officeDocument") and target in self.sizes:
                return target
        return None

    def relationships(self, source: str, rels: str | None = None) -> list[tuple[str, str, str]]:
        """(type, resolved target, id) of a part's relationships; external targets keep "!"."""
        rels = rels or posixpath.join(
            posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels"
        )
        if rels not in self.sizes:
            return []
        found = []
        for element in self.xml(rels).iter():
            if _local(element) != "Relationship":
                continue
            target = element.get("Target", "")
            if element.get("TargetMode") == "External":
                target = "!" + target
            elif target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
            found.append((element.get("Type", ""), target, element.get("Id", "")))
        return found

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name as written → its part."""
        workbook = self._workbook_part() or ""
        targets = {rel_id: target for _, target, rel_id in self.relationships(workbook)}
        sheets = {}
        for element in self.xml(workbook).iter():
            if _local(element) == "sheet":
                rel_id = next(
                    (value for key, value in element.attrib.items() if _local_name(key) == "id"),
                    "",
                )
                if rel_id in targets:
                    sheets[element.get("name", "")] = targets[rel_id]
        return sheets

    def content_type(self, part: str) -> str:
        """A part's declared content type."""
        defaults: dict[str, str] = {}
        for element in self.xml("[Content_Types].xml").iter():
            if _local(element) == "Override" and element.get("PartName", "").lstrip("/") == part:
                return element.get("ContentType", "")
            if _local(element) == "Default":
                defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        return defaults.get(posixpath.splitext(part)[1][1:].lower(), "")


def _may_be_xml(content: bytes) -> bool:
    """Whether a part of another name could be read as XML (a picture or a printer's settings
    could not): its first bytes, without byte order marks and zero bytes (UTF-16 and UTF-32),
    start with "<" once blanks are left out."""
    head = content[:64]
    for mark in _BYTE_ORDER_MARKS:
        head = head.removeprefix(mark)
    return head.replace(b"\x00", b"").lstrip(b" \t\r\n").startswith(b"<")


def _local_name(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _local(element: object) -> str:
    tag = getattr(element, "tag", "")
    return _local_name(tag) if isinstance(tag, str) else ""


@dataclass(frozen=True)
class _Picture:
    """A picture placed over a sheet, by the cell its top-left corner lies in (1-based)."""

    row: int
    column: int
    label: str
    media_type: str
    data: bytes


def _pictures(
    package: _Package,
    sheet_part: str,
    location: Callable[[int], str],
    problems: list[Problem],
) -> list[_Picture]:
    """The pictures placed over one sheet, in the order they were inserted."""
    pictures: list[_Picture] = []
    for rel_type, drawing_part, _ in package.relationships(sheet_part):
        if not rel_type.endswith("/drawing") or drawing_part not in package.sizes:
            continue
        media = {rel_id: target for _, target, rel_id in package.relationships(drawing_part)}
        for anchor in package.xml(drawing_part).iter():
            if _local(anchor) not in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"):
                continue
            # Excel writes new kinds of shape twice: as mc:Choice and an mc:Fallback copy.
            if any(_local(parent) == "Fallback" for parent in anchor.iterancestors()):
                continue
            blips = [element for element in anchor.iter() if _local(element) == "blip"]
            if not blips:
                continue  # a chart, shape or text box: nothing of the bank's
            row = column = 0
            start = next((element for element in anchor if _local(element) == "from"), None)
            if start is not None:
                cells = {_local(element): (element.text or "").strip() for element in start}
                found = (
                    _cell_number(cells.get("row"), EXCEL_ROWS),
                    _cell_number(cells.get("col"), EXCEL_COLUMNS),
                )
                if found[0] is not None and found[1] is not None:
                    row, column = found[0], found[1]
            if not row:
                problems.append(
                    Problem(
                        package.file_name,
                        f"sheet {QUESTIONS}",
                        "image",
                        "a picture is not attached to a cell; in Excel choose Format Picture ▸ "
                        "Properties ▸ “Move but don't size with cells” and place it over the "
                        "image cell of its question",
                    )
                )
                continue
            for blip in blips:
                picture = _picture(package, blip, media, row, column, location, problems)
                if picture is not None:
                    pictures.append(picture)
    return pictures


def _cell_number(text: str | None, highest: int) -> int | None:
    """A drawing anchor's 0-based row or column as the 1-based number, None if it is none.

    Only ASCII digits count ("²".isdigit() is true too), and no more than ``highest``, what
    Excel's sheets have (a column letter cannot even be named beyond it).
    """
    if not text or not (text.isascii() and text.isdigit()) or len(text) > 9:
        return None
    number = int(text) + 1
    return number if number <= highest else None


def _picture(
    package: _Package,
    blip: object,
    media: dict[str, str],
    row: int,
    column: int,
    location: Callable[[int], str],
    problems: list[Problem],
) -> _Picture | None:
    """One picture's bytes and type; an unreadable one is reported and gives ``None``."""
    attributes = {_local_name(key): value for key, value in blip.attrib.items()}
    frame = next((e for e in blip.iterancestors() if _local(e) == "pic"), None)
    properties = None
    if frame is not None:
        properties = next((e for e in frame.iter() if _local(e) == "cNvPr"), None)
    label = (properties.get("descr") or "").strip() if properties is not None else ""
    # An SVG inserted by Office sits in the svgBlip extension; the picture itself is only a PNG
    # rendering of it for older versions.
    vector = next((e for e in blip.iter() if _local(e) == "svgBlip"), None)
    if vector is not None:
        vector_attributes = {_local_name(key): value for key, value in vector.attrib.items()}
        if media.get(vector_attributes.get("embed", "")):
            attributes = vector_attributes
    target = media.get(attributes.get("embed", ""), "")
    if not target:
        message = (
            "a picture is linked to a file outside the workbook; insert the picture itself"
            if attributes.get("link")
            else "a picture's data is missing from the workbook"
        )
        problems.append(Problem(package.file_name, location(row), "image", message))
        return None
    if target.startswith("!") or target not in package.sizes:
        problems.append(
            Problem(
                package.file_name,
                location(row),
                "image",
                "a picture is linked to a file outside the workbook; insert the picture itself",
            )
        )
        return None
    media_type = package.content_type(target).strip().lower()
    media_type = _MEDIA_ALIASES.get(media_type, media_type)
    if not media_type.startswith("image/"):
        problems.append(
            Problem(
                package.file_name,
                location(row),
                "image",
                f"the picture's type “{media_type or 'unknown'}” is not an image type",
            )
        )
        return None
    data = package.picture(target)
    if data is None:
        if package.pictures_reported:
            return None
        package.pictures_reported = True
        problems.append(
            Problem(
                package.file_name,
                location(row),
                "image",
                f"the pictures of the workbook add up to more than {MAX_PICTURE_BYTES} bytes",
            )
        )
        return None
    return _Picture(row, column, label, media_type, data)


# --------------------------------------------------------------------------- sheets


@dataclass
class _Table:
    """One sheet's header and data rows, as plain values."""

    name: str
    columns: dict[str, int]
    #: (row number, cells by canonical header) of every row that is not blank.
    rows: list[tuple[int, dict[str, object]]]

    def location(self, row: int) -> str:
        return f"sheet {self.name}, row {row}"


def _header_name(value: object) -> str:
    return re.sub(r"[\s\-]+", "_", _text(value).lower())


def _column_letter(index: int) -> str:
    return get_column_letter(index + 1)


def _table(
    name: str, raw: list[tuple[object, ...]], file_name: str, problems: list[Problem]
) -> _Table:
    """Match a sheet's headers and gather its rows, reporting what does not fit."""
    header = raw[0] if raw else ()
    columns: dict[str, int] = {}
    unlabelled: list[int] = []
    where = f"sheet {name}, row 1"
    for index, value in enumerate(header):
        written = _text(value)
        canonical = _header_name(value)
        if not canonical:
            unlabelled.append(index)
        elif canonical in columns:
            problems.append(
                Problem(
                    file_name,
                    where,
                    canonical,
                    f"the column {canonical} appears twice (columns "
                    f"{_column_letter(columns[canonical])} and {_column_letter(index)})",
                )
            )
        elif canonical in _KNOWN[name]:
            columns[canonical] = index
        else:
            close = difflib.get_close_matches(canonical, _KNOWN[name], n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            problems.append(
                Problem(
                    file_name,
                    where,
                    written,
                    f"unknown column “{written}” (column {_column_letter(index)}){hint}",
                )
            )
    for column in _REQUIRED[name]:
        if column not in columns:
            problems.append(
                Problem(file_name, where, column, f"the required column {column} is missing")
            )
    rows = []
    reported: set[int] = set()
    for number, values in enumerate(raw[1:], start=2):
        if not any(_text(value) for value in values):
            continue  # Excel keeps formatted empty rows; they are no questions
        # Cells right of the last header count too: the editor typed past the table.
        for index in [*unlabelled, *range(len(header), len(values))]:
            if index < len(values) and _text(values[index]) and index not in reported:
                reported.add(index)
                problems.append(
                    Problem(
                        file_name,
                        f"sheet {name}, row {number}",
                        f"column {_column_letter(index)}",
                        "this column has data but no header in row 1",
                    )
                )
        cells = {column: values[i] for column, i in columns.items() if i < len(values)}
        if any(_text(value) for value in cells.values()):
            rows.append((number, cells))
    return _Table(name, columns, rows)


def _trimmed(row: Sequence[object]) -> tuple[object, ...]:
    """A row without its empty cells at the end, which Excel keeps when cells were formatted."""
    if row.count(None) == len(row):
        return ()  # the common empty row, at C speed
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return tuple(row[:end])


def _load_rows(data: bytes, file_name: str) -> dict[str, tuple[str, list[tuple[object, ...]]]]:
    """Every sheet's values: canonical-ish key → (name as written, rows), via openpyxl."""
    sheets: dict[str, tuple[str, list[tuple[object, ...]]]] = {}
    too_long: list[str] = []
    try:
        # openpyxl warns about every Excel feature it does not keep (data validation
        # extensions, slicers …); none of them matter to the bank.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
            try:
                for sheet in workbook.worksheets:
                    # Some programs write a wrong size into the sheet; read every row there is,
                    # up to the limit: openpyxl yields row MAX_ROWS + 1 (empty, if need be) only
                    # when the sheet has a row further down.
                    sheet.reset_dimensions()
                    rows = [
                        _trimmed(row)
                        for row in sheet.iter_rows(
                            max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True
                        )
                    ]
                    if len(rows) > MAX_ROWS:
                        too_long.append(sheet.title)
                    sheets.setdefault(sheet.title.strip().casefold(), (sheet.title, rows))
            finally:
                workbook.close()
    except ImportFailed:
        raise
    except Exception as error:
        # openpyxl raises almost anything on damaged parts (KeyError, TypeError, lxml errors …)
        raise _problem(
            file_name, f"the workbook is damaged and cannot be read ({type(error).__name__})"
        ) from None
    if too_long:
        raise ImportFailed(
            Problem(
                file_name,
                f"sheet {title}, row {MAX_ROWS + 1}",
                "",
                f"the sheet has rows below row {MAX_ROWS}; at most {MAX_ROWS} rows are read: "
                "delete the rows below the last question",
            )
            for title in too_long
        )
    return sheets


# --------------------------------------------------------------------------- reading


def read(data: bytes, file_name: str, language: str = DEFAULT_LANGUAGE) -> Bank:
    """Read a filled-in workbook; ``language`` is unused, every column names its language."""
    del language
    package = _Package(data, file_name)
    sheets = _load_rows(data, file_name)
    problems: list[Problem] = []

    def table(name: str, required: bool) -> _Table | None:
        found = sheets.get(name.casefold())
        if found is None:
            if required:
                problems.append(
                    Problem(
                        file_name,
                        f"sheet {name}",
                        "",
                        f"the workbook has no sheet named {name}; use the template's sheets",
                    )
                )
            return None
        return _table(name, found[1], file_name, problems)

    section_table = table(SECTIONS, required=True)
    scenario_table = table(SCENARIOS, required=False)
    question_table = table(QUESTIONS, required=True)

    sections = _read_sections(section_table, file_name, problems) if section_table else []
    scenarios = _read_scenarios(scenario_table, file_name, problems) if scenario_table else []
    questions: list[Question] = []
    if question_table is not None:
        sheet_part = next(
            (
                part
                for written, part in package.sheet_parts().items()
                if written.strip().casefold() == QUESTIONS.casefold()
            ),
            "",
        )
        pictures = (
            _pictures(package, sheet_part, question_table.location, problems) if sheet_part else []
        )
        questions = _read_questions(
            question_table,
            pictures,
            {section.code for section in sections} if section_table else None,
            {scenario.uid for scenario in scenarios},
            scenario_table is not None,
            file_name,
            problems,
        )
    if problems:
        raise ImportFailed(problems)
    return Bank(sections=tuple(sections), scenarios=tuple(scenarios), questions=tuple(questions))


def _read_sections(table: _Table, file_name: str, problems: list[Problem]) -> list[Section]:
    sections = []
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        code = _checked_id(cells.get("code"), "code", seen, table, row, file_name, problems)
        if code:
            sections.append(Section(code, _texts(cells, "title")))
    return sections


def _read_scenarios(table: _Table, file_name: str, problems: list[Problem]) -> list[Scenario]:
    scenarios = []
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        uid = _checked_id(cells.get("id"), "id", seen, table, row, file_name, problems)
        if uid:
            scenarios.append(Scenario(uid, _texts(cells, "text")))
    return scenarios


def _checked_id(
    value: object,
    field: str,
    seen: dict[str, int],
    table: _Table,
    row: int,
    file_name: str,
    problems: list[Problem],
    required: bool = True,
) -> str:
    """A code or id cell, checked for uniqueness within its sheet (others refer to it)."""
    text = _text(value)
    message = ""
    if not text and required:
        message = f"the {field} is empty; questions refer to this row by its {field}"
    elif text and text in seen:
        message = f"the {field} “{text}” is already used in row {seen[text]}"
    if message:
        problems.append(Problem(file_name, table.location(row), field, message))
        return ""
    if text:
        seen[text] = row
    return text


def _yes_no_message(value: object) -> str:
    return (
        f"“{_text(value)}” is neither yes nor no; write yes or no "
        "(да/нет, ооба/жок, 1/0 and TRUE/FALSE are accepted too)"
    )


def _read_questions(
    table: _Table,
    pictures: list[_Picture],
    section_codes: set[str] | None,
    scenario_ids: set[str],
    has_scenarios: bool,
    file_name: str,
    problems: list[Problem],
) -> list[Question]:
    """One question per filled row of sheet Questions."""
    image_index = table.columns.get("image")
    in_image_cells: dict[int, list[_Picture]] = {}
    elsewhere: list[_Picture] = []
    for picture in pictures:
        if image_index is not None and picture.column == image_index + 1:
            in_image_cells.setdefault(picture.row, []).append(picture)
        else:
            elsewhere.append(picture)

    questions = []
    seen: dict[str, int] = {}
    question_rows = set()
    for row, cells in table.rows:
        question_rows.add(row)
        where = table.location(row)

        def report(field: str, message: str, where: str = where) -> None:
            problems.append(Problem(file_name, where, field, message))

        uid = _checked_id(
            cells.get("id"), "id", seen, table, row, file_name, problems, required=False
        )
        section = _text(cells.get("section"))
        if not section:
            report("section", "the section is empty; write a code from sheet Sections")
        elif section_codes is not None and section not in section_codes:
            report("section", f"the section “{section}” is not listed in sheet Sections")
        scenario = _text(cells.get("scenario")) or None
        if scenario and scenario not in scenario_ids:
            report(
                "scenario",
                f"the scenario “{scenario}” is not listed in sheet Scenarios"
                if has_scenarios
                else f"the scenario “{scenario}” is not listed: there is no sheet Scenarios",
            )
        multiple = _yes_no(cells.get("multiple"), default=False)
        if multiple is None:
            report("multiple", _yes_no_message(cells.get("multiple")))
        shuffle = _yes_no(cells.get("shuffle"), default=True)
        if shuffle is None:
            report("shuffle", _yes_no_message(cells.get("shuffle")))
        correct, message = _parse_key(cells.get("key"))
        if message:
            report("key", message)
        options = tuple(
            Option(letter, texts)
            for letter in OPTION_LETTERS
            if (texts := _texts(cells, f"option_{letter}"))
        )
        images = _images(
            cells.get("image"), in_image_cells.pop(row, []), where, file_name, problems
        )
        questions.append(
            Question(
                uid=uid,
                section=section,
                stem=_texts(cells, "stem"),
                options=options,
                correct=correct,
                scenario=scenario,
                source=_text(cells.get("source")),
                tags=tuple(_split_list(cells.get("tags"))),
                shuffle_options=shuffle is not False,
                multiple=bool(multiple),
                images=images,
            )
        )

    for left in in_image_cells.values():
        elsewhere.extend(left)
    image_column = _column_letter(image_index) if image_index is not None else ""
    for picture in sorted(elsewhere, key=lambda p: (p.row, p.column)):
        if image_index is None:
            message = "a picture is placed over the sheet, but the sheet has no image column"
        elif picture.row not in question_rows:
            message = "a picture is placed in a row that holds no question"
        else:
            message = (
                f"a picture is placed over column {_column_letter(picture.column - 1)}; "
                f"move it over the question's image cell (column {image_column})"
            )
        problems.append(Problem(file_name, table.location(picture.row), "image", message))
    return questions


def _auto_name(number: int, media_type: str) -> str:
    extension = {"image/jpeg": "jpg"}.get(media_type) or PICTURE_EXTENSIONS.get(media_type)
    extension = extension or re.sub(r"[^a-z0-9]", "", media_type.partition("/")[2]) or "img"
    return f"picture-{number}.{extension}"


def _images(
    value: object,
    pictures: list[_Picture],
    where: str,
    file_name: str,
    problems: list[Problem],
) -> tuple[Image, ...]:
    """Pair the names in an image cell with the pictures placed over it."""
    if _text(value).upper() == "#VALUE!":
        problems.append(
            Problem(
                file_name,
                where,
                "image",
                "the picture is placed in the cell (Excel's “Place in Cell”), which cannot be "
                "read; select it and choose “Place over Cells”, then write its file name here",
            )
        )
        return ()
    names = _split_list(value)
    if not names:
        names = [_auto_name(number, p.media_type) for number, p in enumerate(pictures, 1)]
    for index, name in enumerate(names):
        if name in names[:index]:
            problems.append(Problem(file_name, where, f"image {name}", "the name is listed twice"))
            return ()
    remaining = list(pictures)
    paired: dict[str, _Picture] = {}
    # A picture whose alt text is one of the names is that one (Excel 2013–2019 puts the file
    # name there on insertion, and so does the writer); the rest go in insertion order.
    for name in names:
        match = next((p for p in remaining if p.label.casefold() == name.casefold()), None)
        if match is not None:
            paired[name] = match
            remaining.remove(match)
    for name in names:
        if name not in paired and remaining:
            paired[name] = remaining.pop(0)
    for name in names:
        if name not in paired:
            problems.append(
                Problem(
                    file_name,
                    where,
                    f"image {name}",
                    f"no picture is placed over this cell for {name}; insert the picture over "
                    "the cell (Insert ▸ Pictures ▸ Place over Cells)",
                )
            )
    if remaining:
        problems.append(
            Problem(
                file_name,
                where,
                "image",
                f"{len(pictures)} pictures are placed over this cell but {len(names)} file "
                "names are written in it; write one name for each picture",
            )
        )
    return tuple(
        Image(name, paired[name].media_type, paired[name].data) for name in names if name in paired
    )


# --------------------------------------------------------------------------- writing

_WIDTHS = {
    "id": 14,
    "code": 14,
    "section": 12,
    "scenario": 14,
    "multiple": 10,
    "key": 8,
    "stem": 50,
    "option": 28,
    "title": 40,
    "text": 70,
    "shuffle": 9,
    "source": 30,
    "tags": 20,
    "image": 22,
}

_INSTRUCTIONS = (
    ("Question bank template", True),
    ("", False),
    ("Кыргызча", True),
    (
        "Sections (бөлүмдөр), Scenarios (кырдаалдар) жана Questions (суроолор) барактарын "
        "толтуруңуз. Барактардын жана мамычалардын аталыштарын (1-сап) өзгөртпөңүз.",
        False,
    ),
    (
        "Бир сап — бир суроо. multiple: туура жооптор бир нечө болсо, yes деп жазыңыз. key: "
        "туура жооптун тамгасы латын тамгасы менен, мисалы B же A, C.",
        False,
    ),
    (
        "Сүрөт: сүрөттү image мамычасынын уячасынын үстүнө коюңуз (Вставка ▸ Рисунки ▸ "
        "Поместить поверх ячеек) жана уячага файлдын атын жазыңыз.",
        False,
    ),
    ("", False),
    ("Русский", True),
    (
        "Заполните листы Sections (разделы), Scenarios (ситуации) и Questions (вопросы). "
        "Не переименовывайте листы и заголовки столбцов (строка 1).",
        False,
    ),
    (
        "Одна строка — один вопрос. multiple: yes, если верных ответов несколько. key: буква "
        "верного ответа латиницей, например B или A, C.",
        False,
    ),
    (
        "Рисунок: вставьте его поверх ячейки столбца image (Вставка ▸ Рисунки ▸ Поместить "
        "поверх ячеек) и впишите в ячейку имя файла.",
        False,
    ),
    ("", False),
    ("English", True),
    (
        "Fill in the sheets Sections, Scenarios and Questions. Do not rename the sheets or the "
        "column headers (row 1).",
        False,
    ),
    (
        "One row per question. multiple: yes when several options are correct. key: the Latin "
        "letter(s) of the correct option(s), e.g. B or A, C.",
        False,
    ),
    (
        "Pictures: insert the picture over the cell of the image column (Insert ▸ Pictures ▸ "
        "Place over Cells) and write its file name in that cell.",
        False,
    ),
)


def template() -> bytes:
    """An empty workbook for editors: headers, widths, frozen header rows and pick lists."""
    return _save(_new_workbook(REQUIRED_LANGUAGES, question_count=0, section_count=0))


def write(bank: Bank, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The bank as a filled-in template; ``language`` is unused, every language is written.

    Raises ``ValueError`` for what the workbook cannot carry (see the module docstring).
    """
    del language
    languages = _bank_languages(bank)
    workbook = _new_workbook(
        languages, question_count=len(bank.questions), section_count=len(bank.sections)
    )
    for number, section in enumerate(bank.sections, start=2):
        where = f"section {section.code}"
        _fill_row(
            workbook[SECTIONS],
            number,
            [section.code, *(section.title.get(lang, "") for lang in languages)],
            where,
        )
    for number, scenario in enumerate(bank.scenarios, start=2):
        where = f"scenario {scenario.uid}"
        _fill_row(
            workbook[SCENARIOS],
            number,
            [scenario.uid, *(scenario.text.get(lang, "") for lang in languages)],
            where,
        )
    sheet = workbook[QUESTIONS]
    image_column = question_columns(languages).index("image") + 1
    picture_id = 0
    widest = 0
    svgs: dict[int, bytes] = {}
    for number, question in enumerate(bank.questions, start=2):
        where = f"question {number - 1} ({question.uid or 'no id'})"
        _fill_row(sheet, number, _question_values(question, languages, where), where)
        x_offset = 2
        tallest = 0
        for image in question.images:
            extension = PICTURE_EXTENSIONS.get(image.media_type)
            if extension is None:
                raise ValueError(
                    f"{where}: image {image.name} is {image.media_type}; the workbook carries "
                    f"only {', '.join(PICTURE_EXTENSIONS)}"
                )
            width, height = _display_size(image.data)
            picture_id += 1
            data = image.data
            if image.media_type == SVG_TYPE:
                # Office shows an SVG from its svgBlip extension and wants a PNG in the picture
                # itself for older versions; with no rasterizer at hand, a grey placeholder.
                svgs[picture_id] = image.data
                data, extension = _PLACEHOLDER_PNG, "png"
            sheet.add_image(
                _RawPicture(
                    data,
                    extension,
                    _anchor(image.name, picture_id, number, image_column, x_offset, width, height),
                )
            )
            x_offset += width + 4
            tallest = max(tallest, height)
        widest = max(widest, x_offset)
        if tallest:
            # The names stay readable in the first line; the pictures sit below them.
            sheet.row_dimensions[number].height = (_NAME_LINE_PX + tallest + 4) * 0.75
    if widest:
        letter = _column_letter(image_column - 1)
        sheet.column_dimensions[letter].width = max(_WIDTHS["image"], widest / 7 + 2)
    data = _save(workbook)
    return _attach_svgs(data, svgs) if svgs else data


def _bank_languages(bank: Bank) -> tuple[str, ...]:
    used: set[str] = set()
    for section in bank.sections:
        used.update(section.title)
    for scenario in bank.scenarios:
        used.update(scenario.text)
    for question in bank.questions:
        used.update(question.stem)
        for option in question.options:
            used.update(option.text)
    unknown = sorted(used - set(LANGUAGES))
    if unknown:
        raise ValueError(
            f"the workbook has columns for {', '.join(LANGUAGES)} only, not {', '.join(unknown)}"
        )
    return (*REQUIRED_LANGUAGES, *(lang for lang in LANGUAGES if lang in used and
                                   lang not in REQUIRED_LANGUAGES))  # fmt: skip


def _question_values(question: Question, languages: Sequence[str], where: str) -> list[str]:
    if len(question.options) > len(OPTION_LETTERS):
        raise ValueError(f"{where}: the workbook holds at most six options")
    keys = {
        option.key: letter for option, letter in zip(question.options, OPTION_LETTERS, strict=False)
    }
    missing = sorted(question.correct - keys.keys())
    if missing:
        raise ValueError(f"{where}: the key names options it does not have: {', '.join(missing)}")
    for label, items in (("tag", question.tags), ("image name", [i.name for i in question.images])):
        for item in items:
            if not item.strip() or _LIST_SEPARATORS.search(item):
                raise ValueError(
                    f"{where}: the {label} “{item}” is empty or holds a comma, semicolon or line "
                    "break, which separate the list"
                )
    values = [
        question.uid,
        question.section,
        question.scenario or "",
        "yes" if question.multiple else "no",
        ", ".join(keys[o.key].upper() for o in question.options if o.key in question.correct),
    ]
    values += [question.stem.get(lang, "") for lang in languages]
    for index in range(len(OPTION_LETTERS)):
        option = question.options[index] if index < len(question.options) else None
        values += [option.text.get(lang, "") if option else "" for lang in languages]
    values += [
        "yes" if question.shuffle_options else "no",
        question.source,
        ", ".join(question.tags),
        ", ".join(image.name for image in question.images),
    ]
    return values


def _cell_text(text: str, where: str) -> str:
    """A text as a cell can hold it, so that reading gives it back."""
    text = _JUNK.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    # A literal "_x0041_" would read back as "A": escape its underscore the OOXML way.
    text = re.sub(r"_(?=x[0-9A-Fa-f]{4}_)", "_x005F_", text)
    if len(text) > MAX_CELL_CHARS:
        raise ValueError(f"{where}: a text is longer than Excel's {MAX_CELL_CHARS} characters")
    return text


def _fill_row(sheet: object, row: int, values: Sequence[str], where: str) -> None:
    alignment = Alignment(wrap_text=True, vertical="top")
    for column, value in enumerate(values, start=1):
        if not value:
            continue
        cell = sheet.cell(row=row, column=column)
        cell.value = _cell_text(value, where)
        # openpyxl takes any text starting with "=" for a formula; these are texts.
        cell.data_type = "s"
        cell.alignment = alignment


def _new_workbook(languages: Sequence[str], question_count: int, section_count: int) -> object:
    workbook = Workbook()
    workbook.properties.creator = "Qualification kiosk question bank"
    notes = workbook.active
    notes.title = INSTRUCTIONS
    notes.column_dimensions["A"].width = 110
    for row, (line, bold) in enumerate(_INSTRUCTIONS, start=1):
        if line:
            cell = notes.cell(row=row, column=1, value=line)
            cell.font = Font(bold=bold, size=13 if row == 1 else 11)
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    header_alignment = Alignment(vertical="center")
    layouts = (
        (SECTIONS, section_columns(languages), "A2"),
        (SCENARIOS, scenario_columns(languages), "A2"),
        # id and section stay in view while the editor scrolls across the option columns
        (QUESTIONS, question_columns(languages), "C2"),
    )
    for title, columns, freeze in layouts:
        sheet = workbook.create_sheet(title)
        for index, header in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index, value=header)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = header_alignment
            width = _WIDTHS.get(header) or _WIDTHS[header.split("_", 1)[0]]
            sheet.column_dimensions[_column_letter(index - 1)].width = width
        sheet.freeze_panes = freeze
    questions = workbook[QUESTIONS]
    columns = question_columns(languages)
    last_row = max(1000, question_count + 1000)
    questions.auto_filter.ref = f"A1:{_column_letter(len(columns) - 1)}{max(question_count + 1, 2)}"
    _validations(questions, columns, last_row, max(200, section_count + 200))
    return workbook


def _validations(sheet: object, columns: list[str], last_row: int, last_section: int) -> None:
    """Pick lists and hints that show when an editor selects a cell."""

    def column_range(name: str) -> str:
        letter = _column_letter(columns.index(name))
        return f"{letter}2:{letter}{last_row}"

    yes_no = DataValidation(
        type="list",
        formula1='"yes,no"',
        allow_blank=True,
        showInputMessage=True,
        promptTitle="yes / no",
        prompt="yes / no (да / нет, ооба / жок)",
    )
    yes_no.add(column_range("multiple"))
    yes_no.add(column_range("shuffle"))
    section = DataValidation(
        type="list",
        formula1=f"{SECTIONS}!$A$2:$A${last_section}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="section",
        error="Choose a section code listed on sheet Sections. / Выберите код раздела с листа "
        "Sections. / Sections барагындагы бөлүмдүн кодун тандаңыз.",
    )
    section.add(column_range("section"))
    scenario = DataValidation(
        type="list",
        formula1=f"{SCENARIOS}!$A$2:$A${last_row}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="scenario",
        error="Choose a scenario id listed on sheet Scenarios, or leave the cell empty. / "
        "Выберите id ситуации с листа Scenarios или оставьте ячейку пустой.",
    )
    scenario.add(column_range("scenario"))
    key = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle="key",
        prompt="B — or A, C when multiple is yes. Latin letters. / Латинские буквы. / "
        "Латын тамгалары.",
    )
    key.add(column_range("key"))
    image = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle="image",
        prompt="File name(s), e.g. scheme.png; place the picture over this cell. / Имя файла; "
        "рисунок поверх ячейки. / Файлдын аты; сүрөт уячанын үстүндө.",
    )
    image.add(column_range("image"))
    for validation in (yes_no, section, scenario, key, image):
        sheet.add_data_validation(validation)


def _save(workbook: object) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- pictures

#: Room left above a picture for the file names written in its cell, in pixels.
_NAME_LINE_PX = 20
_MAX_PICTURE_WIDTH = 120
_MAX_PICTURE_HEIGHT = 60


def _pixel_size(data: bytes) -> tuple[int, int] | None:
    """A picture's size from its header (PNG, GIF, BMP, JPEG), without decoding it."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return abs(width), abs(height)
    if data.startswith(b"\xff\xd8"):
        index = 2
        while index + 9 < len(data) and data[index] == 0xFF:
            marker = data[index + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[index + 5 : index + 9])
                return width, height
            index += 2 + struct.unpack(">H", data[index + 2 : index + 4])[0]
    return None


def _display_size(data: bytes) -> tuple[int, int]:
    """How large the picture is shown in its cell: a thumbnail keeping its proportions."""
    width, height = _pixel_size(data) or (_MAX_PICTURE_HEIGHT, _MAX_PICTURE_HEIGHT)
    if width <= 0 or height <= 0:
        width = height = _MAX_PICTURE_HEIGHT
    scale = min(1.0, _MAX_PICTURE_WIDTH / width, _MAX_PICTURE_HEIGHT / height)
    return max(8, round(width * scale)), max(8, round(height * scale))


def _anchor(
    name: str, picture_id: int, row: int, column: int, x_offset: int, width: int, height: int
) -> object:
    """A picture frame whose top-left corner lies in the cell, with the name as its alt text."""
    frame = PictureFrame()
    frame.nvPicPr.cNvPr.id = picture_id
    frame.nvPicPr.cNvPr.name = name
    frame.nvPicPr.cNvPr.descr = name
    frame.blipFill.blip = Blip()
    frame.spPr.prstGeom = PresetGeometry2D(prst="rect")
    frame.spPr.ln = None
    return OneCellAnchor(
        _from=AnchorMarker(
            col=column - 1,
            colOff=pixels_to_EMU(x_offset),
            row=row - 1,
            rowOff=pixels_to_EMU(_NAME_LINE_PX),
        ),
        ext=XDRPositiveSize2D(pixels_to_EMU(width), pixels_to_EMU(height)),
        pic=frame,
    )


class _RawPicture(OpenpyxlImage):
    """A picture written byte for byte: openpyxl's own needs Pillow and may re-encode it."""

    def __init__(self, data: bytes, extension: str, anchor: OneCellAnchor) -> None:
        # Deliberately not calling the parent: it opens the bytes with Pillow.
        self.ref = data
        self.format = extension
        self.anchor = anchor
        self.width = self.height = 0

    def _data(self) -> bytes:
        return self.ref


#: A 1×1 light grey PNG, stretched over the SVG's place.
_PLACEHOLDER_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a"
    "7e9b550000000a49444154789c63b8000000d200d1dbd90eb70000000049454e44ae426082"
)
_SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _attach_svgs(data: bytes, svgs: dict[int, bytes]) -> bytes:
    """Add SVG pictures the way Office stores them: an svgBlip beside the PNG picture.

    openpyxl cannot write the extension, so the saved package is amended: ``svgs`` maps the
    picture's id in the drawing to the SVG's bytes.
    """
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    drawing = next(name for name in parts if re.fullmatch(r"xl/drawings/drawing\d+\.xml", name))
    rels_name = posixpath.join("xl/drawings/_rels", posixpath.basename(drawing) + ".rels")
    root = parse_xml(parts[drawing], "")
    rels = parse_xml(parts[rels_name], "")
    for frame in root.iter(f"{{{_DRAWING_NS}}}pic", "{*}pic"):
        properties = next(e for e in frame.iter() if _local(e) == "cNvPr")
        picture_id = int(properties.get("id", "0"))
        if picture_id not in svgs:
            continue
        blip = next(e for e in frame.iter() if _local(e) == "blip")
        rel_id = f"rIdSvg{picture_id}"
        extensions = etree.SubElement(blip, f"{{{_DRAWING_NS}}}extLst")
        extension = etree.SubElement(extensions, f"{{{_DRAWING_NS}}}ext", uri=_SVG_EXTENSION)
        vector = etree.SubElement(extension, f"{{{_SVG_NS}}}svgBlip", nsmap={"asvg": _SVG_NS})
        vector.set(f"{{{_RELATIONSHIP_NS}}}embed", rel_id)
        etree.SubElement(
            rels,
            f"{{{_PACKAGE_RELATIONSHIP_NS}}}Relationship",
            Id=rel_id,
            Type=f"{_RELATIONSHIP_NS}/image",
            Target=f"../media/vector{picture_id}.svg",
        )
        parts[f"xl/media/vector{picture_id}.svg"] = svgs[picture_id]
    parts[drawing] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    types = parse_xml(parts["[Content_Types].xml"], "")
    if not any(e.get("Extension", "").lower() == "svg" for e in types):
        default = etree.Element(
            f"{{{_CONTENT_TYPES_NS}}}Default", Extension="svg", ContentType=SVG_TYPE
        )
        types.insert(0, default)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return buffer.getvalue()
