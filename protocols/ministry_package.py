"""The hand-over package for the authorized body (cl. 27): results tables and protocols in a ZIP.

The ministry receives the competition's results as an Excel workbook and as CSV, the PDF protocols,
and a ``SHA256SUMS`` manifest in the format of GNU ``sha256sum``, so that anyone can check the
package with ``sha256sum -c SHA256SUMS`` after unpacking it, or with :func:`verify_package`.
The package holds names, scores and standings only: no personal numbers (PIN).

Everything is deterministic: the same rows and files give the same bytes (fixed timestamps and
permissions inside every ZIP, the workbook included), so a package can be rebuilt and compared.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from protocols import _layout as layout
from protocols._layout import LANGUAGES
from protocols.dates import format_numeric_date
from translations import N_, Gettext

MANIFEST = "SHA256SUMS"
#: The ZIP format cannot store a time before 1980; this fixed time makes the bytes reproducible.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
#: Workbook metadata dates, fixed for the same reason (openpyxl would write the current time).
FIXED_XLSX_TIME = "1980-01-01T00:00:00Z"
#: A member name: ASCII letters, digits, ``._-`` in each part, parts separated by ``/``.
SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")


@dataclass(frozen=True)
class PackageRow:
    """One candidate of the competition, as the ministry's tables list them.

    ``percent`` is the percentage as printed (``"72,5"``); ``standing`` is one of
    :data:`protocols._layout.STANDINGS`.
    """

    place: int | None
    candidate_name: str
    score: int | None
    max_score: int
    percent: str
    meets: bool | None
    standing: str
    session_date: date
    protocol_number: str | None


COLUMN_PLACE = N_("Place")
COLUMN_NAME = N_("Full name")
COLUMN_SCORE = N_("Points")
COLUMN_MAX = N_("Maximum score")
COLUMN_PERCENT = N_("Percent")
COLUMN_MEETS = N_("Qualification requirements")
COLUMN_STANDING = N_("Standing")
COLUMN_DATE = N_("Date of testing")
COLUMN_PROTOCOL = N_("Protocol No.")
COLUMNS = (
    COLUMN_PLACE,
    COLUMN_NAME,
    COLUMN_SCORE,
    COLUMN_MAX,
    COLUMN_PERCENT,
    COLUMN_MEETS,
    COLUMN_STANDING,
    COLUMN_DATE,
    COLUMN_PROTOCOL,
)
#: Column widths of the workbook, in characters.
XLSX_WIDTHS = (8, 40, 10, 12, 10, 30, 30, 14, 22)

NOT_A_ZIP = N_("The package is not a ZIP archive.")
NO_MANIFEST = N_("The package has no SHA256SUMS manifest.")
BAD_MANIFEST_LINE = N_("Line {line} of SHA256SUMS cannot be read.")
MISSING = N_("Missing from the package: {name}")
ALTERED = N_("Altered since the package was made: {name}")
EXTRA = N_("Not listed in SHA256SUMS: {name}")
UNSAFE = N_("Unsafe file name in the package: {name}")


def _headers(tr: layout.Bilingual) -> tuple[list[str], list[str]]:
    """The column headings in Kyrgyz and in Russian."""
    pairs = [tr.plain(column) for column in COLUMNS]
    return [ky for ky, _ in pairs], [ru for _, ru in pairs]


def _words(row: PackageRow, tr: layout.Bilingual) -> tuple[str, str]:
    """Requirement and standing as bilingual words: ``жооп берет / соответствует``."""
    meets = "" if row.meets is None else " / ".join(tr.plain(layout.MEETS_SHORT[row.meets]))
    standing = " / ".join(layout.both(tr.plain(layout.standing_message(row.standing))))
    return meets, standing


def _percent_value(percent: str) -> Decimal | None:
    try:
        return Decimal(percent.strip().replace(",", ".")) if percent.strip() else None
    except InvalidOperation:
        raise ValueError(f"not a percentage: {percent!r}") from None


def results_xlsx(rows: Sequence[PackageRow], title: Mapping[str, str]) -> bytes:
    """The results as an Excel workbook: the title and the headings in Kyrgyz and Russian.

    Figures and dates are real numbers and dates, so the ministry can sort and sum them; the
    title and the two heading rows stay in view (frozen) while scrolling.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    tr = layout.Bilingual()
    book = Workbook()
    sheet = book.active
    sheet.title = "Results"
    titles = layout.both([layout.pick(title, lang) for lang in LANGUAGES])
    for text in titles:
        sheet.append([text])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    ky_header, ru_header = _headers(tr)
    sheet.append(ky_header)
    sheet.append(ru_header)
    header_rows = (sheet.max_row - 1, sheet.max_row)
    fill = PatternFill("solid", fgColor="E6E6E6")
    for row_index in header_rows:
        for cell in sheet[row_index]:
            cell.font = Font(bold=row_index == header_rows[0])
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        meets, standing = _words(row, tr)
        sheet.append(
            [
                row.place,
                row.candidate_name,
                row.score,
                row.max_score,
                _percent_value(row.percent),
                meets,
                standing,
                row.session_date,
                row.protocol_number,
            ]
        )
        sheet.cell(sheet.max_row, 5).number_format = "0.00"
        sheet.cell(sheet.max_row, 8).number_format = "DD.MM.YYYY"
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(header_rows[1] + 1, 1)
    sheet.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    book.properties.title = " / ".join(titles)
    book.properties.creator = "qualification-kiosk"
    book.properties.created = datetime(1980, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible_xlsx(buffer.getvalue())


def _reproducible_xlsx(data: bytes) -> bytes:
    """The workbook re-zipped with fixed times; openpyxl stamps the current time on each save."""
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for name in source.namelist():
            content = source.read(name)
            if name == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + FIXED_XLSX_TIME.encode() + rb"\g<2>",
                    content,
                )
            members[name] = content
    # Excel expects [Content_Types].xml first; keep openpyxl's order.
    return _zip(members.items())


def results_csv(rows: Sequence[PackageRow]) -> bytes:
    """The results as CSV: UTF-8 with a byte-order mark, RFC 4180 (CRLF, quotes where needed).

    The byte-order mark is there because Excel, which is what the ministry opens a CSV with, reads
    a CSV without one in the Windows code page and turns Cyrillic into nonsense; other programs
    (and Python's ``utf-8-sig``) skip it.  One heading row, ``Kyrgyz / Russian`` in each cell;
    numbers keep the decimal comma as printed (``72,5``), dates are ``30.10.2026``.
    """
    tr = layout.Bilingual()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    ky_header, ru_header = _headers(tr)
    writer.writerow(
        [" / ".join(layout.both((ky, ru))) for ky, ru in zip(ky_header, ru_header, strict=True)]
    )
    for row in rows:
        meets, standing = _words(row, tr)
        writer.writerow(
            [
                "" if row.place is None else row.place,
                row.candidate_name,
                "" if row.score is None else row.score,
                row.max_score,
                row.percent,
                meets,
                standing,
                format_numeric_date(row.session_date),
                row.protocol_number or "",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def check_member_name(name: str) -> None:
    """Refuse a member name that could escape the folder it is unpacked into, or confuse tools.

    Only ASCII letters, digits, ``.``, ``_``, ``-`` and ``/`` between parts: no ``..``, no
    absolute path, no backslash, no spaces or line breaks (which would break ``SHA256SUMS``).
    """
    if ".." in name or not SAFE_NAME.fullmatch(name):
        raise ValueError(f"unsafe member name {name!r}")
    if name == MANIFEST:
        raise ValueError(f"{MANIFEST} is written by the package itself")


def manifest(files: Mapping[str, bytes]) -> bytes:
    """``SHA256SUMS`` in the format of ``sha256sum``: ``<hex>  <name>``, one line per file."""
    lines = [f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files)]
    return "".join(lines).encode("ascii")


def build_package(files: Mapping[str, bytes]) -> bytes:
    """A ZIP of ``files`` (name → content) plus ``SHA256SUMS``, in name order.

    The same files give the same bytes: every member has the same fixed time and permissions.
    """
    for name in files:
        check_member_name(name)
    members = [(name, files[name]) for name in sorted(files)]
    members.append((MANIFEST, manifest(files)))
    return _zip(members)


def _zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A ZIP of the members in the order given, with fixed times and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system builds it: the same bytes everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def verify_package(data: bytes, *, gettext: Gettext | None = None) -> list[str]:
    """The problems of a package: no manifest, missing, altered, extra or unsafe members.

    An empty list means the package is intact.  The problems are in English unless ``gettext``
    (e.g. ``Translator("ky").gettext``) translates them for a screen.
    """
    translate: Gettext = gettext or (lambda message: message)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [translate(NOT_A_ZIP)]
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        problems: list[str] = []
        for name in names:
            if name != MANIFEST and (".." in name or not SAFE_NAME.fullmatch(name)):
                problems.append(translate(UNSAFE).format(name=name))
        if MANIFEST not in names:
            return [*problems, translate(NO_MANIFEST)]
        listed: dict[str, str] = {}
        text = archive.read(MANIFEST).decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            match = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line)
            if not match:
                problems.append(translate(BAD_MANIFEST_LINE).format(line=number))
                continue
            listed[match.group(2)] = match.group(1)
        for name, expected in listed.items():
            if name not in names:
                problems.append(translate(MISSING).format(name=name))
                continue
            try:
                actual = hashlib.sha256(archive.read(name)).hexdigest()
            except (
                zipfile.BadZipFile,
                zlib.error,
            ):  # the stored CRC no longer matches: changed in the archive
                actual = ""
            if actual != expected:
                problems.append(translate(ALTERED).format(name=name))
        for name in names:
            if name != MANIFEST and name not in listed:
                problems.append(translate(EXTRA).format(name=name))
    return problems
