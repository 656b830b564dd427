"""Hostile archives in every zip format (bank package, QTI package, xlsx workbook).

Zip bombs, declared sizes that lie, too many members, names leading outside the archive or
not UTF-8, members twice, nested archives, encryption, unknown compression, and a workbook whose
rows run to row 10⁹: each is refused with :class:`ImportFailed`, within bounded memory (measured
with tracemalloc, which counts every bytes object zipfile and zlib hand back).
"""

from __future__ import annotations

import io
import re
import struct
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pytest

from question_bank.formats import base, package, qti, xlsx
from question_bank.formats.base import ImportFailed, Problem
from question_bank.model import Bank
from tests.helpers.banks import rich_bank

MB = 1024 * 1024


@dataclass(frozen=True)
class Format:
    """A zip format: a valid file, how to read it, and the member whose content is read."""

    name: str
    written: Callable[[], bytes]
    read: Callable[[bytes], object]
    #: A member every reading unpacks and parses.
    read_member: str


FORMATS = (
    Format(
        "package",
        lambda: package.write(rich_bank()),
        lambda data: package.read_archive(data, "bank.kbank"),
        "bank.json",
    ),
    Format(
        "qti",
        lambda: qti.write(rich_bank(), "ky"),
        lambda data: qti.read(data, "bank.zip", "ky"),
        "imsmanifest.xml",
    ),
    Format(
        "xlsx",
        lambda: xlsx.write(rich_bank()),
        lambda data: xlsx.read(data, "bank.xlsx"),
        "xl/workbook.xml",
    ),
)


@cache
def written(name: str) -> bytes:
    return next(f for f in FORMATS if f.name == name).written()


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def zipped(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of exactly these entries; names are kept as they are, duplicates too."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": wanted here
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in entries:
                info = zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0))
                info.compress_type = method
                archive.writestr(info, content)
    return buffer.getvalue()


def with_member(fmt: Format, name: str, content: bytes) -> bytes:
    """The format's file with one more member (or one replaced)."""
    entries = [(n, c) for n, c in members(written(fmt.name)) if n != name]
    return zipped([*entries, (name, content)])


def rehashed(data: bytes) -> bytes:
    """A bank package whose manifest lists its members again with their checksums."""
    import hashlib
    import json

    entries = members(data)
    manifest = json.loads(dict(entries)["manifest.json"])
    manifest["members"] = {
        n: hashlib.sha256(c).hexdigest() for n, c in entries if n != "manifest.json"
    }
    return zipped(
        [(n, json.dumps(manifest).encode() if n == "manifest.json" else c) for n, c in entries]
    )


def _headers(data: bytes, name: str) -> tuple[int, int]:
    """Offsets of a member's central directory entry and local header."""
    raw = name.encode()
    for found in re.finditer(b"PK\x01\x02", data):
        entry = found.start()
        length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + length] == raw:
            return entry, struct.unpack_from("<I", data, entry + 42)[0]
    raise KeyError(name)


def declare(data: bytes, name: str, size: int) -> bytes:
    """The archive with ``name``'s uncompressed size declared as ``size``, in both headers."""
    buffer = bytearray(data)
    entry, local = _headers(data, name)
    struct.pack_into("<I", buffer, entry + 24, size)
    struct.pack_into("<I", buffer, local + 22, size)
    return bytes(buffer)


def flag(data: bytes, name: str, *, bits: int = 0, method: int | None = None) -> bytes:
    """The archive with flag bits set on ``name`` (or its compression method changed)."""
    buffer = bytearray(data)
    entry, local = _headers(data, name)
    for flags_at, method_at in ((entry + 8, entry + 10), (local + 6, local + 8)):
        struct.pack_into(
            "<H", buffer, flags_at, struct.unpack_from("<H", buffer, flags_at)[0] | bits
        )
        if method is not None:
            struct.pack_into("<H", buffer, method_at, method)
    return bytes(buffer)


def rename_raw(data: bytes, name: str, raw: bytes, *, utf8_flag: bool) -> bytes:
    """The archive with ``name`` renamed to the bytes ``raw`` (same length) in both headers."""
    assert len(raw) == len(name.encode())
    buffer = bytearray(data)
    entry, local = _headers(data, name)
    buffer[entry + 46 : entry + 46 + len(raw)] = raw
    buffer[local + 30 : local + 30 + len(raw)] = raw
    data = bytes(buffer)
    for flags_at in (entry + 8, local + 6):
        flags = struct.unpack_from("<H", data, flags_at)[0]
        flags = flags | 0x800 if utf8_flag else flags & ~0x800
        data = data[:flags_at] + struct.pack("<H", flags) + data[flags_at + 2 :]
    return data


def refusal(fmt: Format, data: bytes) -> list[Problem]:
    with pytest.raises(ImportFailed) as raised:
        fmt.read(data)
    problems = list(raised.value.problems)
    assert problems
    assert all(p.file for p in problems)
    return problems


def peak_memory(action: Callable[[], object]) -> int:
    """The most memory Python held while ``action`` ran, in bytes (its exception swallowed)."""
    tracemalloc.start()
    try:
        action()
    except ImportFailed:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


@pytest.fixture(params=FORMATS, ids=lambda f: f.name)
def fmt(request: pytest.FixtureRequest) -> Format:
    return request.param


# --- the baseline ------------------------------------------------------------------------------


def test_each_format_reads_its_own_file(fmt):
    """The files the attacks start from are accepted, so each refusal below is the attack's."""
    result = fmt.read(written(fmt.name))
    assert result is not None
    assert fmt.read_member in dict(members(written(fmt.name)))


# --- sizes ---------------------------------------------------------------------------------------


@cache
def bomb() -> bytes:
    """65 MB of zeros: deflated to 65 kB, more than any member may unpack to."""
    return bytes(base.MAX_MEMBER_BYTES + MB)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(fmt):
    data = with_member(fmt, "bomb.bin", bomb())
    assert len(data) < 2 * MB
    problems = refusal(fmt, data)
    assert any(p.field == "size" for p in problems)
    assert peak_memory(lambda: fmt.read(data)) < 20 * MB


def test_a_member_that_unpacks_to_more_than_it_declares_is_cut_short(fmt):
    """The directory says 1000 bytes; the data inflates to 65 MB: reading stops at 1000."""
    data = declare(with_member(fmt, fmt.read_member, bomb()), fmt.read_member, 1000)
    refusal(fmt, data)
    assert peak_memory(lambda: fmt.read(data)) < 20 * MB


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA], ids=["bzip2", "lzma"])
def test_a_member_compressed_otherwise_is_refused_unread(fmt, method):
    """zipfile inflates bzip2 and LZMA data without bound: 30 MB of zeros in 200 bytes would
    be inflated whole, whatever size the directory declares."""
    data = zipped([*members(written(fmt.name)), ("zeros.bin", bytes(30 * MB))], method)
    data = declare(data, "zeros.bin", 1000)
    problems = refusal(fmt, data)
    assert {p.field for p in problems} == {"compression"}
    assert peak_memory(lambda: fmt.read(data)) < 10 * MB


def test_members_declaring_more_than_the_archive_may_hold_are_refused(fmt):
    each = base.MAX_MEMBER_BYTES - 1
    count = base.MAX_ARCHIVE_BYTES // each + 1
    data = zipped([*members(written(fmt.name)), *((f"x/{n}.bin", b"") for n in range(count))])
    for number in range(count):
        data = declare(data, f"x/{number}.bin", each)
    problems = refusal(fmt, data)
    assert any(p.field == "size" and "archive unpacks to" in p.message for p in problems)


def test_too_many_members_are_refused(fmt, monkeypatch):
    monkeypatch.setattr(base, "MAX_MEMBERS", 40)
    data = zipped([*members(written(fmt.name)), *((f"x/{n}", b"") for n in range(40))])
    assert len(members(data)) > 40
    (problem,) = refusal(fmt, data)
    assert problem.field == "members"


def test_tens_of_thousands_of_members_are_refused_from_the_directory_record():
    """50,001 real members: refused by the count the end record declares, before zipfile
    makes an object of each."""
    fmt = FORMATS[0]
    entries = [(f"x/{n}", b"") for n in range(base.MAX_MEMBERS + 1)]
    data = zipped([*members(written(fmt.name)), *entries], zipfile.ZIP_STORED)
    (problem,) = refusal(fmt, data)
    assert problem.field == "members"
    assert str(base.MAX_MEMBERS + 4) in problem.message
    assert peak_memory(lambda: fmt.read(data)) < 4 * MB


def test_a_directory_too_large_to_read_is_refused_before_it_is_read(fmt):
    data = bytearray(written(fmt.name))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 12, base.MAX_DIRECTORY_BYTES + 1)
    (problem,) = refusal(fmt, bytes(data))
    assert (problem.field, "directory" in problem.message) == ("members", True)


def test_a_file_too_large_is_refused_unread(monkeypatch):
    monkeypatch.setattr(base, "MAX_FILE_BYTES", 1000)
    for fmt in FORMATS:
        (problem,) = refusal(fmt, written(fmt.name))
        assert problem.field == "size"


# --- names ---------------------------------------------------------------------------------------

HOSTILE_NAMES = (
    "../evil.xml",
    "../../../../tmp/evil.xml",
    "/etc/evil.xml",
    "C:/evil.xml",
    "C:\\evil.xml",
    "a\\..\\..\\evil.xml",
    "xl/../../evil.xml",
    "items/./../../evil.xml",
)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_name_leading_outside_the_archive_is_refused(fmt, name):
    problems = refusal(fmt, with_member(fmt, name, b"<x/>"))
    assert any(name in p.location for p in problems)


def test_a_name_flagged_utf8_that_is_not_is_refused(fmt):
    data = with_member(fmt, "zz-name.txt", b"x")
    data = rename_raw(data, "zz-name.txt", b"zz-\xff\xfe\xfd\xfc.txt", utf8_flag=True)
    (problem,) = refusal(fmt, data)
    assert problem.field == "name"


def test_a_name_in_an_old_code_page_is_refused(fmt):
    """cp866 "рис.png" (Windows' own zip in Russian): no reference in the file can match it."""
    raw = "рис.png".encode("cp866")
    data = with_member(fmt, "x" * len(raw), b"x")
    data = rename_raw(data, "x" * len(raw), raw, utf8_flag=False)
    (problem,) = refusal(fmt, data)
    assert problem.field == "name"


def test_a_utf8_name_without_the_flag_is_accepted(fmt):
    """Some zip programs write UTF-8 names without saying so: not an attack."""
    raw = "сүрөт.txt".encode()
    data = with_member(fmt, "x" * len(raw), b"x")
    data = rename_raw(data, "x" * len(raw), raw, utf8_flag=False)
    try:
        fmt.read(data)
    except ImportFailed as failed:  # a package lists its members: an extra one is refused
        assert all(p.field != "name" for p in failed.problems)


def test_a_member_twice_is_refused(fmt):
    entries = members(written(fmt.name))
    content = dict(entries)[fmt.read_member]
    problems = refusal(fmt, zipped([*entries, (fmt.read_member, content)]))
    assert any(fmt.read_member in p.location for p in problems)


# --- what is inside ------------------------------------------------------------------------------


def test_a_zip_in_place_of_a_member_is_refused(fmt):
    inner = written(fmt.name)
    data = with_member(fmt, fmt.read_member, inner)
    if fmt.name == "package":
        data = rehashed(data)
    refusal(fmt, data)


def test_a_zip_of_itself_nested_many_times_is_refused(fmt):
    data = written(fmt.name)
    for _ in range(5):
        data = zipped([("inner.zip", data)])
    refusal(fmt, data)


def test_an_encrypted_member_is_refused(fmt):
    refusal(fmt, flag(written(fmt.name), fmt.read_member, bits=0x1))


@pytest.mark.parametrize("method", [1, 6, 99, 0xFFFF])
def test_an_unknown_compression_is_refused(fmt, method):
    refusal(fmt, flag(written(fmt.name), fmt.read_member, method=method))


def test_a_damaged_member_is_refused(fmt):
    entries = members(written(fmt.name))
    data = bytearray(zipped(entries, zipfile.ZIP_STORED))
    _, local = _headers(bytes(data), fmt.read_member)
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    data[local + 30 + name_length + extra_length] ^= 0xFF  # the CRC no longer matches
    refusal(fmt, bytes(data))


# --- workbooks that run far ----------------------------------------------------------------------

_QUESTIONS_SHEET = "xl/worksheets/sheet4.xml"


def workbook_with_row(row: str, column: str = "A") -> bytes:
    """The rich workbook with one more cell at ``column``+``row`` in sheet Questions."""
    entries = dict(members(written("xlsx")))
    sheet = entries[_QUESTIONS_SHEET].decode()
    assert "<sheetData>" in sheet and 'name="Questions"' in entries["xl/workbook.xml"].decode()
    cell = f'<row r="{row}"><c r="{column}{row}" t="inlineStr"><is><t>x</t></is></c></row>'
    entries[_QUESTIONS_SHEET] = sheet.replace("</sheetData>", cell + "</sheetData>").encode()
    return zipped(list(entries.items()))


@pytest.mark.parametrize("row", ["100001", "1048576", "1000000000", "9" * 30])
def test_rows_beyond_the_limit_are_refused_without_making_them(row):
    data = workbook_with_row(row)
    problems = refusal(FORMATS[2], data)
    assert [p.location for p in problems] == [f"sheet Questions, row {xlsx.MAX_ROWS + 1}"]
    assert peak_memory(lambda: xlsx.read(data, "bank.xlsx")) < 60 * MB


def test_the_last_row_allowed_is_read():
    problems = refusal(FORMATS[2], workbook_with_row(str(xlsx.MAX_ROWS)))
    assert [p.location for p in problems] == [f"sheet Questions, row {xlsx.MAX_ROWS}"]


@pytest.mark.parametrize("column", ["XFD", "ZZZZ"])
def test_a_cell_far_to_the_right_is_no_crash(column):
    try:
        xlsx.read(workbook_with_row("7", column), "bank.xlsx")
    except ImportFailed as failed:
        assert all(p.file == "bank.xlsx" for p in failed.problems)


def test_a_huge_declared_dimension_is_ignored():
    entries = dict(members(written("xlsx")))
    sheet = entries[_QUESTIONS_SHEET].decode()
    entries[_QUESTIONS_SHEET] = re.sub(
        r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', sheet
    ).encode()
    bank = xlsx.read(zipped(list(entries.items())), "bank.xlsx")
    assert isinstance(bank, Bank)
    assert len(bank.questions) == len(rich_bank().questions)


# --- pictures shown many times -------------------------------------------------------------------


def test_one_picture_shown_by_every_question_is_unpacked_once(monkeypatch):
    """A QTI package whose items all show one picture: read once, and the total shown bounded
    (each question's pictures are checked and hashed on import)."""
    from tests.bank.formats.test_hostile_xml import QTI_ITEM

    picture = rich_bank().questions[3].images[0].data
    item = QTI_ITEM.replace("%DTD%", "").replace("%URL%", "x")
    items = {
        f"q{n}.xml": item.replace('identifier="Q1"', f'identifier="Q{n}"')
        .replace("%REF%", f'{n}<img src="p.png"/>')
        .encode()
        for n in range(30)
    }
    resources = "".join(
        f'<resource identifier="R{n}" type="imsqti_item_xmlv2p1" href="q{n}.xml"/>'
        for n in range(30)
    )
    manifest = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">'
        f"<resources>{resources}</resources></manifest>"
    )
    data = zipped([("imsmanifest.xml", manifest.encode()), ("p.png", picture), *items.items()])
    opened: list[str] = []
    real_read = qti.read_member

    def counting_read(data, info, *args):
        opened.append(info.filename)
        return real_read(data, info, *args)

    monkeypatch.setattr(qti, "read_member", counting_read)
    bank = qti.read(data, "bank.zip")
    assert len(bank.questions) == 30
    assert opened.count("p.png") == 1
    monkeypatch.setattr(qti, "MAX_PICTURE_BYTES", 10 * len(picture))
    problems = refusal(FORMATS[1], data)
    assert [p.field for p in problems] == ["image p.png"]
    assert "add up to more than" in problems[0].message


def test_a_member_without_a_name_is_refused(fmt):
    """Found by the fuzzer: a name cut to nothing by a NUL byte crashed the QTI reader
    (zipfile's is_dir() indexes the name's last character)."""
    (problem,) = refusal(fmt, with_member(fmt, "\x00hidden", b"x"))
    assert (problem.location, problem.field) == ("", "name")
