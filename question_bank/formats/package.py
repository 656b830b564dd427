"""The kiosk's own bank package: a whole bank with every version and its history, losslessly.

A package moves a bank between installations (the ministry's editing office and the testing
centres) or into a backup.  It is a zip archive (``.kbank``)::

    manifest.json            format name and version, when it was made, counts, member checksums
    bank.json                sections, scenarios, and each question's versions with their events
    images/<sha256>.<ext>    every picture once, named by the SHA-256 of its bytes

``manifest.json``::

    {"format": "kiosk-bank-package", "format_version": 1,
     "created_at": "2025-03-01T10:00:00+06:00",
     "counts": {"sections": 2, "scenarios": 1, "questions": 5, "versions": 9,
                "events": 21, "images": 2},
     "members": {"bank.json": "<sha256 hex>", "images/<sha256>.png": "<sha256 hex>"}}

``bank.json``::

    {"sections": [{"code": "law", "title": {"ky": "…", "ru": "…"}}],
     "scenarios": [{"uid": "SC-1", "text": {"ky": "…", "ru": "…"}}],
     "questions": [{"uid": "LAW-001", "versions": [
        {"number": 1, "status": "approved",
         "section": "law", "scenario": null, "stem": {"ky": "…", "ru": "…"},
         "options": [{"key": "a", "text": {"ky": "…", "ru": "…"}}, …],
         "correct": ["b"], "multiple": false, "shuffle_options": true,
         "source": "…", "tags": ["…"],
         "images": [{"name": "window.png", "media_type": "image/png", "sha256": "…"}],
         "events": [{"action": "created", "actor": "aibek", "at": "2025-…+06:00",
                     "comment": ""}, …]}]}]}

Conventions: every field is always written (no defaults, so a misspelt key is reported as a
missing one); texts carry every language the bank has; versions are listed oldest first and each
version's question takes the uid of its question; statuses and actions are the values of
:class:`~question_bank.lifecycle.Status` and :class:`~question_bank.lifecycle.Action`; times are
ISO 8601 with their UTC offset.  Problems in ``bank.json`` are located by JSON path counted from
0, as ``jq`` does: "questions[3].versions[1].status".

Output is deterministic (sorted keys, fixed member order and timestamps), so the same archive
gives the same bytes with the same zlib; ``created_at`` defaults to the time of the archive's
latest event for that reason (the bank service passes the export time instead).

Limits: a time zone is kept as its UTC offset only (a zone name such as Asia/Bishkek comes back
as +06:00, the same instant); a version's question must carry its question's uid (a version with
another uid is refused when writing); key order inside a language mapping is not kept.  Anything
else the bank model holds comes back unchanged.  :func:`read` (the common format interface)
returns one version per question: the latest approved one, else the latest.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from question_bank.formats.base import (
    DEFAULT_LANGUAGE,
    MAX_ARCHIVE_BYTES,
    MAX_MEMBER_BYTES,
    MAX_PICTURE_BYTES,
    ImportFailed,
    Problem,
    open_archive,
    read_member,
    unsafe_member_name,
)
from question_bank.lifecycle import (
    Action,
    BankArchive,
    LifecycleEvent,
    QuestionHistory,
    Status,
    VersionRecord,
)
from question_bank.model import Bank, Image, Option, Question, Scenario, Section

NAME = "package"
LABEL = "Kiosk bank package"
EXTENSIONS = (".kbank", ".kbank.zip")
MULTILINGUAL = True

FORMAT_NAME = "kiosk-bank-package"
FORMAT_VERSION = 1

MANIFEST = "manifest.json"
BANK = "bank.json"

#: Ceiling on the unpacked size of the whole package, on top of the per-member one.
MAX_PACKAGE_BYTES = MAX_ARCHIVE_BYTES

#: Member timestamp: the earliest a zip can hold, so that the bytes never depend on the clock.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}
_SHA256 = re.compile(r"[0-9a-f]{64}")
_IMAGE_MEMBER = re.compile(r"images/([0-9a-f]{64})\.[a-z0-9]{1,8}")
#: Characters a JSON text may spell but no text can hold: NUL (refused by PostgreSQL) and
#: lone surrogates (not encodable as UTF-8 at all).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_COUNTS = ("sections", "scenarios", "questions", "versions", "events", "images")


# --- writing ----------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _texts(texts: Mapping[str, str]) -> dict[str, str]:
    return dict(texts)


def _version_json(
    uid: str, record: VersionRecord, images: dict[str, tuple[str, bytes]]
) -> dict[str, Any]:
    question = record.question
    if question.uid != uid:
        raise ValueError(
            f"version {record.number} of question {uid!r} holds question {question.uid!r}; "
            "every version must carry its question's uid"
        )
    image_refs = []
    for image in question.images:
        digest = _sha256(image.data)
        images.setdefault(digest, (image.media_type, image.data))
        image_refs.append({"name": image.name, "media_type": image.media_type, "sha256": digest})
    return {
        "number": record.number,
        "status": str(record.status),
        "section": question.section,
        "scenario": question.scenario,
        "stem": _texts(question.stem),
        "options": [{"key": o.key, "text": _texts(o.text)} for o in question.options],
        "correct": sorted(question.correct),
        "multiple": question.multiple,
        "shuffle_options": question.shuffle_options,
        "source": question.source,
        "tags": list(question.tags),
        "images": image_refs,
        "events": [
            {
                "action": str(event.action),
                "actor": event.actor,
                "at": event.at.isoformat(),
                "comment": event.comment,
            }
            for event in record.events
        ],
    }


def _dump(document: object) -> bytes:
    return (
        json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8") + b"\n"
    )


def _zip(members: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip of the members in the given order, with nothing that depends on the machine."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            # ZipInfo otherwise records the writing system (0 on Windows, 3 elsewhere).
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def write_archive(archive: BankArchive, *, created_at: datetime | None = None) -> bytes:
    """The package of a whole archive: every version, status, event, language and picture.

    ``created_at`` is recorded in the manifest; it defaults to the archive's latest event (or
    none when there are no events) so that writing the same archive twice gives the same bytes.
    A version whose question has another uid than its question raises ValueError.
    """
    images: dict[str, tuple[str, bytes]] = {}
    document = {
        "sections": [{"code": s.code, "title": _texts(s.title)} for s in archive.sections],
        "scenarios": [{"uid": s.uid, "text": _texts(s.text)} for s in archive.scenarios],
        "questions": [
            {
                "uid": history.uid,
                "versions": [_version_json(history.uid, v, images) for v in history.versions],
            }
            for history in archive.questions
        ],
    }
    events = [e for h in archive.questions for v in h.versions for e in v.events]
    if created_at is None and events:
        created_at = max((e.at for e in events), key=lambda at: at.timestamp())
    members = [(BANK, _dump(document))]
    members += sorted(
        (f"images/{digest}.{_EXTENSIONS.get(media_type, 'bin')}", data)
        for digest, (media_type, data) in images.items()
    )
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "created_at": created_at.isoformat() if created_at is not None else None,
        "counts": {
            "sections": len(archive.sections),
            "scenarios": len(archive.scenarios),
            "questions": len(archive.questions),
            "versions": sum(len(h.versions) for h in archive.questions),
            "events": len(events),
            "images": len(images),
        },
        "members": {name: _sha256(content) for name, content in members},
    }
    return _zip([(MANIFEST, _dump(manifest)), *members])


def write(bank: Bank, language: str = DEFAULT_LANGUAGE) -> bytes:
    """A bank as a package of one draft version per question, without history.

    Every language is written whatever ``language`` says: the package is multilingual.
    """
    del language  # the package carries every language
    return write_archive(
        BankArchive(
            sections=bank.sections,
            scenarios=bank.scenarios,
            questions=tuple(
                QuestionHistory(q.uid, (VersionRecord(1, Status.DRAFT, q, ()),))
                for q in bank.questions
            ),
        )
    )


# --- reading: the zip -------------------------------------------------------------------------


def _unpack(data: bytes, file_name: str) -> dict[str, bytes]:
    """Every file member of the package, after checking names and sizes before reading any."""
    archive = open_archive(
        data, file_name, "the file is not a bank package: it is not a zip archive"
    )
    infos = archive.infolist()
    problems: list[Problem] = []
    seen: set[str] = set()
    wanted: list[zipfile.ZipInfo] = []
    total = 0
    for info in infos:
        name = info.filename
        if unsafe_member_name(name):
            problems.append(
                Problem(
                    file_name,
                    name,
                    "name",
                    "unsafe member name: absolute paths, '..' and backslashes are not allowed",
                )
            )
            continue
        if name.endswith("/"):
            continue  # a folder entry holds nothing
        if name in seen:
            problems.append(Problem(file_name, name, "name", "the package holds this member twice"))
            continue
        seen.add(name)
        if info.flag_bits & 0x1:
            problems.append(Problem(file_name, name, "", "the member is encrypted"))
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            problems.append(
                Problem(
                    file_name,
                    name,
                    "size",
                    f"the member unpacks to {info.file_size} bytes; at most {MAX_MEMBER_BYTES} "
                    "are allowed",
                )
            )
            continue
        total += info.file_size
        wanted.append(info)
    if total > MAX_PACKAGE_BYTES:
        problems.append(
            Problem(
                file_name,
                "",
                "size",
                f"the package unpacks to {total} bytes; at most {MAX_PACKAGE_BYTES} are allowed",
            )
        )
    if problems:
        raise ImportFailed(problems)
    members: dict[str, bytes] = {}
    for info in wanted:
        try:
            # Inflates no more than the member declares, and checks that it ends there.
            content = read_member(data, info, MAX_MEMBER_BYTES)
        except ValueError as error:  # bad CRC, damaged deflate data, a size that lies …
            problems.append(
                Problem(file_name, info.filename, "", f"the member cannot be unpacked: {error}")
            )
            continue
        members[info.filename] = content
    if problems:
        raise ImportFailed(problems)
    return members


def _load_json(content: bytes, member: str, file_name: str) -> object:
    try:
        # A BOM is tolerated: an editor on Windows may add one to a hand-made file.
        return json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        message = "not valid JSON: the text is not UTF-8"
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    except (ValueError, RecursionError):
        message = "not valid JSON: nested too deeply or a number too long"
    raise ImportFailed([Problem(file_name, member, "", message)])


def _aware_time(value: object) -> tuple[datetime | None, str]:
    """The time an ISO 8601 text with a UTC offset means, or why it means none."""
    if not isinstance(value, str):
        return None, "must be an ISO 8601 time, as text"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, f"{_shown(value)} is not an ISO 8601 time"
    if moment.utcoffset() is None:
        return None, f"the time {_shown(value)} has no time zone"
    return moment, ""


def _read_manifest(members: Mapping[str, bytes], file_name: str) -> dict[str, Any]:
    """The manifest, once its format name and version say this program can read the package."""

    def fail(field: str, message: str) -> ImportFailed:
        return ImportFailed([Problem(file_name, MANIFEST, field, message)])

    if MANIFEST not in members:
        raise fail("", "the package has no manifest.json; it is not a kiosk bank package")
    manifest = _load_json(members[MANIFEST], MANIFEST, file_name)
    if not isinstance(manifest, dict):
        raise fail("", "the manifest must be a JSON object")
    if manifest.get("format") != FORMAT_NAME:
        raise fail(
            "format",
            f"this is not a kiosk bank package (format {_shown(manifest.get('format'))}, "
            f"expected {FORMAT_NAME!r})",
        )
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise fail(
            "format_version", f"the format version must be a whole number, not {_shown(version)}"
        )
    if version > FORMAT_VERSION:
        raise fail(
            "format_version",
            f"the package was made by a newer program (package format version {version}); "
            f"this program reads version {FORMAT_VERSION}: update it to import this package",
        )
    problems = []
    created_at = manifest.get("created_at")
    if created_at is not None:
        _, why = _aware_time(created_at)
        if why:
            problems.append(Problem(file_name, MANIFEST, "created_at", why))
    listed = manifest.get("members")
    if not isinstance(listed, dict) or not all(
        isinstance(name, str) and isinstance(digest, str) and _SHA256.fullmatch(digest)
        for name, digest in listed.items()
    ):
        problems.append(
            Problem(file_name, MANIFEST, "members", "members must map names to SHA-256 hex digests")
        )
    elif BANK not in listed:
        problems.append(Problem(file_name, MANIFEST, "members", "bank.json is not listed"))
    counts = manifest.get("counts")
    if not isinstance(counts, dict) or any(type(counts.get(k)) is not int for k in _COUNTS):
        problems.append(
            Problem(
                file_name,
                MANIFEST,
                "counts",
                f"counts must give a whole number for each of: {', '.join(_COUNTS)}",
            )
        )
    if problems:
        raise ImportFailed(problems)
    return manifest


def _check_members(
    members: Mapping[str, bytes], listed: Mapping[str, str], file_name: str
) -> dict[str, bytes]:
    """Every member against its checksum; the images by the SHA-256 their names carry."""
    problems = []
    for name, digest in sorted(listed.items()):
        if name not in members:
            problems.append(
                Problem(file_name, name, "", f"{name} is listed in the manifest but missing")
            )
        elif _sha256(members[name]) != digest:
            problems.append(
                Problem(
                    file_name,
                    name,
                    "checksum",
                    f"{name} does not match its checksum in the manifest",
                )
            )
    images: dict[str, bytes] = {}
    for name, content in sorted(members.items()):
        if name == MANIFEST:
            continue
        if name not in listed:
            problems.append(Problem(file_name, name, "", f"{name} is not listed in the manifest"))
            continue
        if name == BANK or _sha256(content) != listed[name]:
            continue  # a checksum that failed is reported once, above
        match = _IMAGE_MEMBER.fullmatch(name)
        if match is None:
            problems.append(
                Problem(
                    file_name, name, "name", "a picture must be named images/<sha256>.<extension>"
                )
            )
        elif _sha256(content) != match.group(1):
            problems.append(
                Problem(
                    file_name, name, "checksum", f"{name} does not match the checksum in its name"
                )
            )
        else:
            images[match.group(1)] = content
    if problems:
        raise ImportFailed(problems)
    return images


# --- reading: bank.json -----------------------------------------------------------------------

#: Returned by a failed check: the caller builds nothing from it, the problem is recorded.
_BAD: Any = object()


class _Reader:
    """Turns bank.json into an archive, recording every problem with its JSON path."""

    def __init__(self, file_name: str, images: Mapping[str, bytes]) -> None:
        self.file_name = file_name
        self.images = images
        self.problems: list[Problem] = []
        self.picture_total = 0

    def problem(self, path: str, field: str, message: str) -> Any:
        self.problems.append(Problem(self.file_name, path, field, message))
        return _BAD

    # Each check takes (value, path, field) and returns the value, or _BAD after recording why.

    def field(
        self, obj: Mapping[str, Any], path: str, key: str, check: Callable[[Any, str, str], Any]
    ) -> Any:
        where = f"{path}.{key}" if path else key
        if key not in obj:
            return self.problem(where, key, f"{key} is missing")
        return check(obj[key], where, key)

    def text(self, value: Any, path: str, field: str) -> Any:
        if not isinstance(value, str):
            return self.problem(path, field, f"{field} must be text, not {_kind(value)}")
        found = _UNSTORABLE.search(value)
        if found:
            # JSON can spell them (\u0000, \ud800), no database can store them.
            return self.problem(
                path,
                field,
                f"{field} holds the character U+{ord(found.group()):04X}, which no text may hold",
            )
        return value

    def flag(self, value: Any, path: str, field: str) -> Any:
        if not isinstance(value, bool):
            return self.problem(path, field, f"{field} must be true or false, not {_kind(value)}")
        return value

    def optional_text(self, value: Any, path: str, field: str) -> Any:
        return None if value is None else self.text(value, path, field)

    def texts(self, value: Any, path: str, field: str) -> Any:
        if not isinstance(value, dict):
            return self.problem(
                path, field, f"{field} must map language codes to texts, not {_kind(value)}"
            )
        result = {}
        for language, text in value.items():
            if not language:
                result[language] = self.problem(path, field, "a language code is empty")
            elif _UNSTORABLE.search(language):
                result[language] = self.problem(
                    path,
                    field,
                    f"the language code {_shown(language)} holds a character no text may hold",
                )
            else:
                result[language] = self.text(text, f"{path}.{language}", f"{field}[{language}]")
        return _BAD if any(text is _BAD for text in result.values()) else result

    def text_list(self, value: Any, path: str, field: str) -> Any:
        items = self.array(value, path, field)
        if items is _BAD:
            return _BAD
        checked = [self.text(item, f"{path}[{i}]", field) for i, item in enumerate(items)]
        return _BAD if _BAD in checked else checked

    def array(self, value: Any, path: str, field: str) -> Any:
        if not isinstance(value, list):
            return self.problem(path, field, f"{field} must be a list, not {_kind(value)}")
        return value

    def enum(self, kind: type[StrEnum]) -> Callable[[Any, str, str], Any]:
        def check(value: Any, path: str, field: str) -> Any:
            try:
                return kind(value)
            except (ValueError, TypeError):
                allowed = ", ".join(member.value for member in kind)
                return self.problem(
                    path, field, f"{field} must be one of {allowed}, not {_shown(value)}"
                )

        return check

    def time(self, value: Any, path: str, field: str) -> Any:
        moment, why = _aware_time(value)
        return self.problem(path, field, why) if moment is None else moment

    def each(self, value: Any, path: str, field: str, build: Callable[[Any, str], Any]) -> Any:
        """A list whose items are all objects, each built by ``build(item, path)``."""
        items = self.array(value, path, field)
        if items is _BAD:
            return _BAD
        built = []
        for index, item in enumerate(items):
            where = f"{path}[{index}]"
            if not isinstance(item, dict):
                built.append(self.problem(where, field, f"must be an object, not {_kind(item)}"))
            else:
                built.append(build(item, where))
        return _BAD if any(b is _BAD for b in built) else tuple(built)

    # --- the records

    def archive(self, document: Any) -> BankArchive | None:
        if not isinstance(document, dict):
            self.problem("", "", f"bank.json must hold a JSON object, not {_kind(document)}")
            return None
        sections = self.field(
            document, "", "sections", lambda v, p, f: self.each(v, p, f, self.section)
        )
        scenarios = self.field(
            document, "", "scenarios", lambda v, p, f: self.each(v, p, f, self.scenario)
        )
        questions = self.field(
            document, "", "questions", lambda v, p, f: self.each(v, p, f, self.history)
        )
        if _BAD in (sections, scenarios, questions) or self.problems:
            return None
        seen: dict[str, int] = {}
        for index, history in enumerate(questions):
            if history.uid and history.uid in seen:
                self.problem(
                    f"questions[{index}].uid",
                    "uid",
                    f"questions[{seen[history.uid]}] has the same uid {history.uid}",
                )
            seen.setdefault(history.uid, index)
        return BankArchive(sections, scenarios, questions)

    def section(self, obj: Mapping[str, Any], path: str) -> Any:
        code = self.field(obj, path, "code", self.text)
        title = self.field(obj, path, "title", self.texts)
        return _BAD if _BAD in (code, title) else Section(code, title)

    def scenario(self, obj: Mapping[str, Any], path: str) -> Any:
        uid = self.field(obj, path, "uid", self.text)
        text = self.field(obj, path, "text", self.texts)
        return _BAD if _BAD in (uid, text) else Scenario(uid, text)

    def history(self, obj: Mapping[str, Any], path: str) -> Any:
        uid = self.field(obj, path, "uid", self.text)
        if uid is _BAD:
            return _BAD
        versions = self.field(
            obj, path, "versions", lambda v, p, f: self.each(v, p, f, self.version_of(uid))
        )
        if versions is _BAD:
            return _BAD
        if not versions:
            return self.problem(f"{path}.versions", "versions", "a question needs a version")
        for index in range(1, len(versions)):
            if versions[index].number <= versions[index - 1].number:
                return self.problem(
                    f"{path}.versions[{index}].number",
                    "number",
                    f"version numbers must increase, oldest first ({versions[index].number} "
                    f"follows {versions[index - 1].number})",
                )
        return QuestionHistory(uid, versions)

    def version_of(self, uid: str) -> Callable[[Mapping[str, Any], str], Any]:
        def build(obj: Mapping[str, Any], path: str) -> Any:
            number = self.field(obj, path, "number", self.version_number)
            status = self.field(obj, path, "status", self.enum(Status))
            question = self.question(uid, obj, path)
            events = self.field(obj, path, "events", lambda v, p, f: self.each(v, p, f, self.event))
            if _BAD in (number, status, question, events):
                return _BAD
            return VersionRecord(number, status, question, events)

        return build

    def version_number(self, value: Any, path: str, field: str) -> Any:
        if type(value) is not int or value < 1:
            return self.problem(
                path, field, f"number must be a whole number from 1, not {_shown(value)}"
            )
        return value

    def question(self, uid: str, obj: Mapping[str, Any], path: str) -> Any:
        parts = {
            "section": self.field(obj, path, "section", self.text),
            "scenario": self.field(obj, path, "scenario", self.optional_text),
            "stem": self.field(obj, path, "stem", self.texts),
            "options": self.field(
                obj, path, "options", lambda v, p, f: self.each(v, p, f, self.option)
            ),
            "correct": self.field(obj, path, "correct", self.text_list),
            "multiple": self.field(obj, path, "multiple", self.flag),
            "shuffle_options": self.field(obj, path, "shuffle_options", self.flag),
            "source": self.field(obj, path, "source", self.text),
            "tags": self.field(obj, path, "tags", self.text_list),
            "images": self.field(
                obj, path, "images", lambda v, p, f: self.each(v, p, f, self.image)
            ),
        }
        if any(value is _BAD for value in parts.values()):
            return _BAD
        parts["correct"] = frozenset(parts["correct"])
        parts["tags"] = tuple(parts["tags"])
        return Question(uid=uid, **parts)

    def option(self, obj: Mapping[str, Any], path: str) -> Any:
        key = self.field(obj, path, "key", self.text)
        text = self.field(obj, path, "text", self.texts)
        return _BAD if _BAD in (key, text) else Option(key, text)

    def image(self, obj: Mapping[str, Any], path: str) -> Any:
        name = self.field(obj, path, "name", self.text)
        media_type = self.field(obj, path, "media_type", self.text)
        digest = self.field(obj, path, "sha256", self.text)
        if _BAD in (name, media_type, digest):
            return _BAD
        if digest not in self.images:
            return self.problem(
                f"{path}.sha256",
                "sha256",
                f"the picture {name} is not in the package (no images/{digest}.*)",
            )
        # Versions may all show one large picture: bound what is checked and hashed in all.
        self.picture_total += len(self.images[digest])
        if self.picture_total > MAX_PICTURE_BYTES:
            if self.picture_total - len(self.images[digest]) <= MAX_PICTURE_BYTES:
                self.problem(
                    f"{path}.sha256",
                    "sha256",
                    f"the pictures the versions show add up to more than {MAX_PICTURE_BYTES} bytes",
                )
            return _BAD
        return Image(name, media_type, self.images[digest])

    def event(self, obj: Mapping[str, Any], path: str) -> Any:
        action = self.field(obj, path, "action", self.enum(Action))
        actor = self.field(obj, path, "actor", self.text)
        at = self.field(obj, path, "at", self.time)
        comment = self.field(obj, path, "comment", self.text)
        if _BAD in (action, actor, at, comment):
            return _BAD
        return LifecycleEvent(action, actor, at, comment)


def _shown(value: object) -> str:
    """A value as a message quotes it, cut short: the file may hold anything."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _kind(value: object) -> str:
    """A JSON value's kind, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _count_problems(
    manifest: Mapping[str, Any], archive: BankArchive, images: Mapping[str, bytes], file_name: str
) -> list[Problem]:
    """The manifest's counts against what bank.json holds."""
    versions = [v for h in archive.questions for v in h.versions]
    actual = {
        "sections": len(archive.sections),
        "scenarios": len(archive.scenarios),
        "questions": len(archive.questions),
        "versions": len(versions),
        "events": sum(len(v.events) for v in versions),
        "images": len(images),
    }
    return [
        Problem(
            file_name,
            MANIFEST,
            f"counts.{name}",
            f"the manifest counts {manifest['counts'][name]} {name}, the package holds {count}",
        )
        for name, count in actual.items()
        if manifest["counts"][name] != count
    ]


def read_archive(data: bytes, file_name: str) -> BankArchive:
    """A whole archive from a package, after checking its format, checksums and structure.

    Raises :class:`ImportFailed` listing every problem found.
    """
    members = _unpack(data, file_name)
    manifest = _read_manifest(members, file_name)
    images = _check_members(members, manifest["members"], file_name)
    document = _load_json(members[BANK], BANK, file_name)
    reader = _Reader(file_name, images)
    archive = reader.archive(document)
    if archive is None or reader.problems:
        raise ImportFailed(reader.problems)
    problems = _count_problems(manifest, archive, images, file_name)
    if problems:
        raise ImportFailed(problems)
    return archive


def current_version(history: QuestionHistory) -> VersionRecord:
    """The version a bank without history shows: the latest approved one, else the latest."""
    approved = [v for v in history.versions if v.status is Status.APPROVED]
    return approved[-1] if approved else history.versions[-1]


def read(data: bytes, file_name: str, language: str = DEFAULT_LANGUAGE) -> Bank:
    """A bank of each question's current version (see :func:`current_version`).

    Every language in the package is read whatever ``language`` says.
    """
    del language  # the package carries every language
    archive = read_archive(data, file_name)
    return Bank(
        sections=archive.sections,
        scenarios=archive.scenarios,
        questions=tuple(current_version(h).question for h in archive.questions),
    )
