"""What every import/export format shares: the problems an import reports.

A reader turns a file's bytes into a :class:`~question_bank.model.Bank` and raises
:class:`ImportFailed` with every structural problem it found, each naming the file, where in it
(line, item, sheet row) and the field.  Content rules that hold whatever the format (one key in a
single-choice question, no duplicate options, both languages …) are checked afterwards by
:mod:`question_bank.validation`, so every format obeys the same rules.

Readers never trust the file: XML is parsed without DTDs, entities or network access
(:func:`safe_xml_parser`), archives are opened by :func:`open_archive` (bounded directory,
member count and unpacked size, checked before anything is unpacked) and read member by member
with size limits, and no file larger than :data:`MAX_FILE_BYTES` is read at all.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

#: The language a one-language file is read as when the caller does not say.
DEFAULT_LANGUAGE = "ky"

#: Ceiling on the size of an imported file: a bank of 10,000 questions with pictures is a few
#: tens of megabytes.
MAX_FILE_BYTES = 256 * 1024 * 1024

#: Ceiling on the unpacked size of any archive member, against zip bombs.
MAX_MEMBER_BYTES = 64 * 1024 * 1024

#: Ceiling on the unpacked size of a whole archive (the sum its directory declares).
MAX_ARCHIVE_BYTES = 8 * MAX_MEMBER_BYTES

#: Ceiling on the bytes of all questions' pictures together, a picture shown by several
#: questions counted each time: each is checked and hashed once per question.
MAX_PICTURE_BYTES = MAX_ARCHIVE_BYTES

#: Ceiling on the members of an archive: a QTI package holds a few files per question.
MAX_MEMBERS = 50_000

#: Ceiling on the size of an archive's directory, which zipfile reads whole before any check
#: can count its members (each costs far more in memory than its 46 bytes on disk).
MAX_DIRECTORY_BYTES = 16 * 1024 * 1024


_ROOT_START = re.compile(rb"<[A-Za-z_]")
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an imported file, precise enough to find and fix it."""

    file: str
    #: Where in the file: "line 12", "question 7 (Q-LAW-3)", "sheet Questions, row 5" …
    location: str
    #: Which field: "answer", "stem[ru]", "option c", "category" …
    field: str
    message: str

    def __post_init__(self) -> None:
        # A hostile file can put lone surrogates into a name or a JSON text a problem quotes;
        # the problem must still print and show, so they become U+FFFD.
        for name in ("file", "location", "field", "message"):
            value = getattr(self, name)
            if isinstance(value, str) and _SURROGATES.search(value):
                object.__setattr__(self, name, _SURROGATES.sub("\ufffd", value))

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


def check_file_size(data: bytes, file_name: str) -> None:
    """Refuse a file too large to be a bank before reading any of it."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(
            [
                Problem(
                    file_name,
                    "",
                    "size",
                    f"the file has {len(data)} bytes; at most {MAX_FILE_BYTES} are accepted",
                )
            ]
        )


_END_OF_DIRECTORY = b"PK\x05\x06"
_END_OF_DIRECTORY_64 = b"PK\x06\x06"
_LOCATOR_64 = b"PK\x06\x07"


def _directory_size(data: bytes) -> tuple[int, int] | None:
    """(members, bytes) the archive's end record declares for its directory; None without one.

    The same record zipfile reads (the last one, zip64 when the locator is there): its size is
    what zipfile then reads and parses whole.
    """
    end = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(data):
        return None
    members, size = struct.unpack_from("<HI", data, end + 10)
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == _LOCATOR_64:
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 <= len(data) and data[record : record + 4] == _END_OF_DIRECTORY_64:
            members, size = struct.unpack_from("<QQ", data, record + 32)
    return members, size


def open_archive(data: bytes, file_name: str, not_an_archive: str) -> zipfile.ZipFile:
    """An untrusted zip archive, opened once it is known to be of bounded size.

    Refuses (:class:`ImportFailed`) a file that is too large; one that is not a zip archive (the
    problem says ``not_an_archive``); a directory too large to read; more than
    :data:`MAX_MEMBERS` members; member names that are not UTF-8 (flagged as UTF-8 but not, or
    in an old code page such as Windows' cp866, which no reference in the file can match); any
    member that would unpack to more than :data:`MAX_MEMBER_BYTES`, and all of them to more than
    :data:`MAX_ARCHIVE_BYTES`.  All of it from the directory, before anything is unpacked.
    Which members the format expects, and their content, are the format's to check.
    """
    check_file_size(data, file_name)
    members, directory = _directory_size(data) or (0, 0)
    if members > MAX_MEMBERS:
        raise ImportFailed([_too_many(file_name, members)])
    if directory > MAX_DIRECTORY_BYTES:
        raise ImportFailed(
            [
                Problem(
                    file_name,
                    "",
                    "members",
                    f"the archive's directory has {directory} bytes; at most "
                    f"{MAX_DIRECTORY_BYTES} are accepted",
                )
            ]
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except UnicodeDecodeError:
        raise ImportFailed([_not_utf8(file_name, "")]) from None
    except Exception:
        # zipfile raises a wide, undocumented range of errors on damaged directories
        # (BadZipFile, NotImplementedError, EOFError, ValueError, struct.error …).
        raise ImportFailed([Problem(file_name, "", "", not_an_archive)]) from None
    if len(infos) > MAX_MEMBERS:
        raise ImportFailed([_too_many(file_name, len(infos))])
    problems = [
        Problem(file_name, "", "name", "a member of the archive has no name")
        for info in infos
        if not info.filename
    ][:1]
    problems += [_not_utf8(file_name, info.filename) for info in infos if not _utf8_name(info)]
    problems += [
        Problem(
            file_name,
            info.filename,
            "compression",
            f"the member is compressed with method {info.compress_type}; only stored and "
            "deflated members (what zip programs write by default) are accepted",
        )
        for info in infos
        if info.compress_type not in ACCEPTED_METHODS and not info.is_dir()
    ]
    problems += [
        Problem(
            file_name,
            info.filename,
            "size",
            f"the member unpacks to {info.file_size} bytes; at most {MAX_MEMBER_BYTES} are allowed",
        )
        for info in infos
        if info.file_size > MAX_MEMBER_BYTES
    ]
    total = sum(info.file_size for info in infos)
    if total > MAX_ARCHIVE_BYTES:
        problems.append(
            Problem(
                file_name,
                "",
                "size",
                f"the archive unpacks to {total} bytes; at most {MAX_ARCHIVE_BYTES} are allowed",
            )
        )
    if problems:
        raise ImportFailed(problems)
    return archive


def _utf8_name(info: zipfile.ZipInfo) -> bool:
    """Whether a member's name is UTF-8: flagged so (zipfile has decoded it), plain ASCII, or
    UTF-8 bytes from a tool that does not set the flag (zipfile shows those as cp437)."""
    if info.flag_bits & 0x800 or info.orig_filename.isascii():
        return True
    try:
        info.orig_filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return True


def _not_utf8(file_name: str, member: str) -> Problem:
    return Problem(
        file_name,
        member,
        "name",
        "a member's name is not UTF-8 text (an old zip program wrote it in a code page such as "
        "cp866); pack the files again with a program that writes UTF-8 names, e.g. 7-Zip",
    )


#: Compression methods a member may use: what every zip program writes by default.  Others
#: (bzip2, LZMA …) are refused: zipfile inflates their data without any bound on the output, so
#: a few hundred bytes could become gigabytes whatever size the directory declares.
ACCEPTED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


def read_member(data: bytes, info: zipfile.ZipInfo, limit: int = MAX_MEMBER_BYTES) -> bytes:
    """A member of the archive ``data``, unpacked taking nothing on trust.

    Never more than the declared size (nor ``limit``) is inflated, and the data must end exactly
    there, with the right CRC.  zipfile itself would inflate a member whose data runs on past
    its declared size in one piece (up to a gigabyte) before cutting it short; a member checked
    here can then be read by zipfile (or a library using it) without that risk.  Raises
    ValueError saying what is wrong.
    """
    if info.flag_bits & 0x1:
        raise ValueError("the member is encrypted")
    if info.file_size > limit:
        raise ValueError(
            f"the member unpacks to {info.file_size} bytes; at most {limit} are allowed"
        )
    method = ACCEPTED_METHODS.get(info.compress_type)
    if method is None:
        raise ValueError(f"the member is compressed with method {info.compress_type}")
    start = info.header_offset
    if start < 0 or data[start : start + 4] != _LOCAL_HEADER or start + 30 > len(data):
        raise ValueError("the member's header is missing")
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_length + extra_length
    raw = memoryview(data)[begin : begin + info.compress_size]
    if len(raw) != info.compress_size:
        raise ValueError("the member is cut short")
    if method == "stored":
        content = bytes(raw)
        complete = len(content) == info.file_size
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            content = inflater.decompress(raw, info.file_size + 1)
        except zlib.error as error:
            raise ValueError(f"the member's compressed data is damaged ({error})") from None
        complete = len(content) == info.file_size and inflater.eof
    if not complete:
        raise ValueError("the member does not unpack to the size its header declares")
    if zlib.crc32(content) != info.CRC:
        raise ValueError("the member is damaged: its checksum does not match")
    return content


_LOCAL_HEADER = b"PK\x03\x04"
_DRIVE = re.compile(r"[A-Za-z]:")


def unsafe_member_name(name: str) -> bool:
    """Whether an archive member's name could point outside the archive or is not in canonical
    form: empty, absolute, a drive, backslashes, NUL, or an empty, "." or ".." step."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return True
    parts = name.rstrip("/").split("/")
    return any(part in ("", ".", "..") for part in parts)


def _too_many(file_name: str, members: int) -> Problem:
    return Problem(
        file_name,
        "",
        "members",
        f"the archive holds {members} files; at most {MAX_MEMBERS} are accepted",
    )
