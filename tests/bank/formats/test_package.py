"""The bank package: a whole bank with every version and its history, losslessly."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from question_bank.formats import format_module, guess_format, package
from question_bank.formats.base import ImportFailed, Problem
from question_bank.lifecycle import (
    Action,
    BankArchive,
    LifecycleEvent,
    QuestionHistory,
    Status,
    VersionRecord,
)
from question_bank.model import Bank, Image, Option, Question
from tests.helpers.banks import rich_bank, tiny_png

FILES = Path(__file__).parent / "files"
BISHKEK = timezone(timedelta(hours=6))
FILE = "bank.kbank"


def at(day: int, hour: int, minute: int = 0, tz: timezone = BISHKEK, micro: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, 0, micro, tzinfo=tz)


def event(action: Action, actor: str, when: datetime, comment: str = "") -> LifecycleEvent:
    return LifecycleEvent(action, actor, when, comment)


def authored(actor: str, day: int, approver: str | None = None) -> tuple[LifecycleEvent, ...]:
    """Created, submitted and (when an approver is given) approved."""
    events = (
        event(Action.CREATED, actor, at(day, 9)),
        event(Action.SUBMITTED, actor, at(day, 10)),
    )
    if approver:
        events += (event(Action.APPROVED, approver, at(day + 1, 11), "Туура, бекитилди"),)
    return events


def rich_archive() -> BankArchive:
    """rich_bank() with several versions per question, every status and action, three languages."""
    bank = rich_bank()
    law1, law2, law3, it1, it2 = bank.questions
    law, it = bank.sections
    law = replace(law, title={**law.title, "en": "Normative legal acts"})
    law1_v2 = replace(law1, stem={**law1.stem, "ru": "Кем утверждается устав школы?"})
    law1_v3 = replace(
        law1_v2,
        options=(*law1.options[:3], Option("d", {"ky": "Өкмөт", "ru": "Правительство"})),
    )
    it1_v2 = replace(
        it1,
        images=(
            Image("window.png", "image/png", tiny_png(7)),
            Image("схема.svg", "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            it1.images[0],
        ),
    )
    return BankArchive(
        sections=(law, it),
        scenarios=bank.scenarios,
        questions=(
            QuestionHistory(
                "LAW-001",
                (
                    VersionRecord(
                        1,
                        Status.RETIRED,
                        law1,
                        (
                            *authored("aibek", 1, "gulnara"),
                            event(Action.RETIRED, "gulnara", at(20, 16), "Мыйзам өзгөрдү"),
                        ),
                    ),
                    VersionRecord(
                        2,
                        Status.APPROVED,
                        law1_v2,
                        (
                            event(Action.EDITED, "aibek", at(20, 9), "Орусча котормо такталды"),
                            event(Action.SUBMITTED, "aibek", at(20, 10)),
                            event(Action.APPROVED, "nurlan", at(20, 15)),
                        ),
                    ),
                    VersionRecord(
                        4,
                        Status.DRAFT,
                        law1_v3,
                        (event(Action.EDITED, "aibek", at(25, 8, 30, UTC, micro=125_000)),),
                    ),
                ),
            ),
            QuestionHistory(
                "LAW-002",
                (
                    VersionRecord(
                        1,
                        Status.SUBMITTED,
                        law2,
                        (
                            event(Action.IMPORTED, "nurlan", at(3, 9), "Moodle XML файлынан"),
                            event(Action.SUBMITTED, "nurlan", at(3, 9, 5)),
                        ),
                    ),
                ),
            ),
            QuestionHistory(
                "LAW-003",
                (
                    VersionRecord(
                        1,
                        Status.DRAFT,
                        law3,
                        (
                            *authored("aibek", 4),
                            event(Action.RETURNED, "gulnara", at(5, 12), "Үчүнчү жоопту тактаңыз"),
                            event(Action.EDITED, "aibek", at(6, 8)),
                        ),
                    ),
                ),
            ),
            QuestionHistory(
                "IT-001",
                (
                    VersionRecord(1, Status.APPROVED, it1, authored("aibek", 7, "gulnara")),
                    VersionRecord(
                        2,
                        Status.DRAFT,
                        it1_v2,
                        (event(Action.EDITED, "nurlan", at(9, 13)),),
                    ),
                ),
            ),
            QuestionHistory("IT-002", (VersionRecord(1, Status.DRAFT, it2, ()),)),
        ),
    )


ARCHIVE = rich_archive()
DATA = package.write_archive(ARCHIVE)


# --- helpers to take a package apart and put it back together ----------------------------------


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pack(members: dict[str, bytes], *, rehash: bool = True) -> bytes:
    """A zip of the members; ``rehash`` rewrites the manifest's checksums to match them."""
    members = dict(members)
    if rehash:
        manifest = json.loads(members["manifest.json"])
        manifest["members"] = {
            name: hashlib.sha256(content).hexdigest()
            for name, content in members.items()
            if name != "manifest.json"
        }
        members["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def json_member(data: bytes, name: str, change: Callable[[Any], Any], *, rehash: bool = True):
    members = unpack(data)
    document = json.loads(members[name])
    change(document)  # changes the document in place
    members[name] = json.dumps(document, ensure_ascii=False).encode()
    return pack(members, rehash=rehash)


def with_bank(change: Callable[[Any], Any]) -> bytes:
    return json_member(DATA, "bank.json", change)


def with_manifest(change: Callable[[Any], Any]) -> bytes:
    return json_member(DATA, "manifest.json", change, rehash=False)


def problems_of(data: bytes) -> list[Problem]:
    with pytest.raises(ImportFailed) as failed:
        package.read_archive(data, FILE)
    assert all(p.file == FILE for p in failed.value.problems)
    return list(failed.value.problems)


def only_problem(data: bytes) -> Problem:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


IMAGE_MEMBERS = sorted(name for name in unpack(DATA) if name.startswith("images/"))


# --- round trip -------------------------------------------------------------------------------


def test_the_module_follows_the_format_contract():
    assert format_module("package") is package
    assert (package.NAME, package.MULTILINGUAL) == ("package", True)
    assert package.LABEL == "Kiosk bank package"
    assert guess_format("Банк 2025.kbank") == "package"
    assert guess_format("bank.KBANK.zip") == "package"


def test_an_archive_round_trips_losslessly():
    again = package.read_archive(DATA, FILE)
    assert again == ARCHIVE
    # Equal datetimes may differ in offset: the offsets, and so the local times, must come back.
    for history, original in zip(again.questions, ARCHIVE.questions, strict=True):
        for version, expected in zip(history.versions, original.versions, strict=True):
            assert version.status is expected.status
            assert [(e.at.isoformat(), e.action) for e in version.events] == [
                (e.at.isoformat(), e.action) for e in expected.events
            ]
            assert [i.data for i in version.question.images] == [
                i.data for i in expected.question.images
            ]
    assert again.sections[0].title["en"] == "Normative legal acts"


def test_writing_the_same_archive_gives_the_same_bytes():
    assert package.write_archive(rich_archive()) == DATA
    assert package.write_archive(package.read_archive(DATA, FILE)) == DATA


def test_the_package_layout():
    members = unpack(DATA)
    assert list(members)[:2] == ["manifest.json", "bank.json"]
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "kiosk-bank-package"
    assert manifest["format_version"] == 1
    # The archive's latest event, not the clock: the bytes must not depend on when it is written.
    assert manifest["created_at"] == "2025-03-25T08:30:00.125000+00:00"
    assert manifest["counts"] == {
        "sections": 2,
        "scenarios": 1,
        "questions": 5,
        "versions": 8,
        "events": 18,
        "images": 3,  # the picture IT-001 keeps in its new version is stored once
    }
    assert manifest["members"] == {
        name: hashlib.sha256(content).hexdigest()
        for name, content in members.items()
        if name != "manifest.json"
    }
    for name in IMAGE_MEMBERS:
        assert name == f"images/{hashlib.sha256(members[name]).hexdigest()}.{name[-3:]}"
    assert {name[-3:] for name in IMAGE_MEMBERS} == {"png", "svg"}
    bank = json.loads(members["bank.json"])
    first = bank["questions"][0]["versions"][0]
    assert first["status"] == "retired"
    assert first["events"][-1] == {
        "action": "retired",
        "actor": "gulnara",
        "at": "2025-03-20T16:00:00+06:00",
        "comment": "Мыйзам өзгөрдү",
    }
    assert "«Билим берүү жөнүндө»" in members["bank.json"].decode("utf-8")  # not \u-escaped
    with zipfile.ZipFile(io.BytesIO(DATA)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_creation_time_may_be_given():
    data = package.write_archive(ARCHIVE, created_at=datetime(2025, 4, 1, 12, tzinfo=BISHKEK))
    assert json.loads(unpack(data)["manifest.json"])["created_at"] == "2025-04-01T12:00:00+06:00"
    assert package.read_archive(data, FILE) == ARCHIVE


def test_read_gives_the_latest_approved_version_else_the_latest():
    bank = package.read(DATA, FILE)
    versions = {h.uid: h.versions for h in ARCHIVE.questions}
    assert bank.questions == (
        versions["LAW-001"][1].question,  # approved v2; v1 retired, v4 a draft
        versions["LAW-002"][0].question,  # submitted, none approved
        versions["LAW-003"][0].question,
        versions["IT-001"][0].question,  # approved v1, not the newer draft
        versions["IT-002"][0].question,
    )
    assert (bank.sections, bank.scenarios) == (ARCHIVE.sections, ARCHIVE.scenarios)


def test_a_bank_round_trips_as_drafts_without_history():
    bank = rich_bank()
    data = package.write(bank, "ru")
    assert package.read(data, FILE, "ky") == bank
    archive = package.read_archive(data, FILE)
    assert all(
        h.versions == (VersionRecord(1, Status.DRAFT, q, ()),)
        for h, q in zip(archive.questions, bank.questions, strict=True)
    )
    assert json.loads(unpack(data)["manifest.json"])["created_at"] is None
    assert package.write(bank) == data


def test_an_empty_bank_round_trips():
    assert package.read(package.write(Bank(sections=())), FILE) == Bank(sections=())


def test_a_version_must_carry_its_questions_uid():
    question = replace(rich_bank().questions[0], uid="LAW-999")
    record = VersionRecord(1, Status.DRAFT, question, ())
    archive = BankArchive((), (), (QuestionHistory("LAW-001", (record,)),))
    with pytest.raises(ValueError, match="LAW-999"):
        package.write_archive(archive)


# --- a package written by hand as format version 1 --------------------------------------------


def fixture_package() -> bytes:
    """tests/bank/formats/files/package_v1 zipped as it is (line endings kept as LF)."""
    folder = FILES / "package_v1"
    members = {
        path.relative_to(folder).as_posix(): path.read_bytes().replace(b"\r\n", b"\n")
        if path.suffix == ".json"
        else path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    return pack(members, rehash=False)


def test_a_hand_written_version_1_package_is_read_exactly():
    archive = package.read_archive(fixture_package(), "ministry.kbank")
    assert [s.code for s in archive.sections] == ["law", "it"]
    assert archive.sections[1].title["en"] == "IT skills"
    assert archive.scenarios[0].uid == "SC-1"
    assert archive.scenarios[0].text["ky"].startswith("Айылдык мектепте окуучулардын саны")

    law, it = archive.questions
    assert law.uid == "LAW-010"
    assert [(v.number, v.status) for v in law.versions] == [
        (1, Status.APPROVED),
        (2, Status.DRAFT),
    ]
    approved = law.versions[0]
    assert approved.question.scenario == "SC-1"
    assert approved.question.correct == frozenset({"a"})
    assert approved.question.option("a").text == {"ky": "Түзүүчүгө", "ru": "К учредителю"}
    assert approved.question.source == "Закон КР «Об образовании», ст. 32"
    assert approved.events[-1] == LifecycleEvent(
        Action.APPROVED, "gulnara", datetime(2025, 2, 11, 14, tzinfo=BISHKEK), "Туура, бекитилди"
    )
    assert approved.contributors == frozenset({"aibek"})
    edited = law.versions[1].events[0]
    assert edited.at == datetime(2025, 3, 1, 10, tzinfo=BISHKEK)  # written as 04:00Z
    assert edited.at.utcoffset() == timedelta(0)
    assert edited.comment == "Орусча котормо оңдолду"

    question = it.versions[0].question
    assert (question.uid, question.multiple, question.shuffle_options) == ("IT-010", True, False)
    assert question.correct == frozenset({"a", "c"})
    assert question.tags == ("Excel", "таблица")
    assert [(i.name, i.media_type, i.data) for i in question.images] == [
        ("таблица.png", "image/png", tiny_png(120))
    ]
    assert it.versions[0].events[0].at.microsecond == 250_000

    bank = package.read(fixture_package(), "ministry.kbank")
    assert [q.stem["ru"] for q in bank.questions] == [
        "В какой орган директор должен обратиться в первую очередь?",  # approved v1, not v2
        "Какие функции использованы в таблице на рисунке? (выберите несколько)",
    ]


# --- not a package ----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"hello", b"PK\x03\x04broken"], ids=["empty", "text", "pk"])
def test_a_file_that_is_not_a_zip(data):
    problem = only_problem(data)
    assert (problem.location, problem.field) == ("", "")
    assert "not a zip archive" in problem.message


def test_a_truncated_package():
    with pytest.raises(ImportFailed):
        package.read_archive(DATA[: len(DATA) // 2], FILE)


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "../evil.json", "images/../../evil.png", "C:/evil.png", "images\\evil.png"],
)
def test_unsafe_member_names_are_refused(name):
    members = unpack(DATA)
    members[name] = b"x"
    problems = problems_of(pack(members, rehash=False))
    assert [(p.location, p.field) for p in problems] == [(name, "name")]
    assert "unsafe member name" in problems[0].message


def test_a_member_held_twice_is_refused():
    members = unpack(DATA)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("bank.json", b"{}")
    problem = only_problem(buffer.getvalue())
    assert (problem.location, problem.field) == ("bank.json", "name")
    assert "holds this member twice" in problem.message


def test_an_encrypted_member_is_refused():
    # zipfile cannot write encrypted members: set the flag in bank.json's central directory entry.
    data = bytearray(DATA)
    start = 0
    while (start := data.find(b"PK\x01\x02", start + 1)) != -1:
        name_length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_length] == b"bank.json":
            data[start + 8] |= 0x1
    problem = only_problem(bytes(data))
    assert (problem.location, problem.message) == ("bank.json", "the member is encrypted")


def test_an_oversized_member_is_refused_before_it_is_read(monkeypatch):
    members = unpack(DATA)
    members["images/big.png"] = bytes(200_000)  # deflates to almost nothing: a small zip bomb
    data = pack(members)
    opened = []
    real_open = zipfile.ZipFile.open

    def recording_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    monkeypatch.setattr(package, "MAX_MEMBER_BYTES", 100_000)
    problem = only_problem(data)
    assert (problem.location, problem.field) == ("images/big.png", "size")
    assert "unpacks to 200000 bytes; at most 100000" in problem.message
    assert opened == []


def test_a_package_too_large_in_total_is_refused(monkeypatch):
    monkeypatch.setattr(package, "MAX_PACKAGE_BYTES", 1000)
    problem = only_problem(DATA)
    assert (problem.location, problem.field) == ("", "size")


def test_a_corrupted_member_is_reported():
    marker = b"corrupt-me-" * 8
    members = unpack(DATA)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        archive.writestr("extra.bin", marker)  # stored: its bytes are in the zip as they are
    data = buffer.getvalue().replace(marker, b"X" + marker[1:])
    problems = problems_of(data)
    assert [(p.location, p.field) for p in problems] == [("extra.bin", "")]
    assert "cannot be unpacked" in problems[0].message


def test_flipped_bytes_never_crash_the_reader():
    for offset in range(0, len(DATA), 7):
        damaged = bytearray(DATA)
        damaged[offset] ^= 0x55
        with contextlib.suppress(ImportFailed):
            package.read_archive(bytes(damaged), FILE)


# --- manifest ---------------------------------------------------------------------------------


def test_a_package_without_a_manifest():
    members = unpack(DATA)
    del members["manifest.json"]
    problem = only_problem(pack(members, rehash=False))
    assert (problem.location, problem.field) == ("manifest.json", "")
    assert "no manifest.json" in problem.message


def test_a_manifest_that_is_not_json():
    members = unpack(DATA)
    members["manifest.json"] = b'{"format": "kiosk-bank-package",\n oops}'
    problem = only_problem(pack(members, rehash=False))
    assert problem.location == "manifest.json"
    assert problem.message.startswith("not valid JSON") and "line 2" in problem.message


def test_another_format_name():
    problem = only_problem(with_manifest(lambda m: m.update(format="moodle-backup")))
    assert (problem.location, problem.field) == ("manifest.json", "format")
    assert "not a kiosk bank package" in problem.message


def test_a_newer_format_version_asks_for_an_update():
    problem = only_problem(with_manifest(lambda m: m.update(format_version=2)))
    assert (problem.location, problem.field) == ("manifest.json", "format_version")
    assert "newer program (package format version 2)" in problem.message
    assert "reads version 1" in problem.message


@pytest.mark.parametrize("version", ["1", 0, 1.0, True, None])
def test_a_format_version_that_is_not_a_whole_number(version):
    problem = only_problem(with_manifest(lambda m: m.update(format_version=version)))
    assert (problem.location, problem.field) == ("manifest.json", "format_version")


def test_a_creation_time_without_a_time_zone():
    problem = only_problem(with_manifest(lambda m: m.update(created_at="2025-03-01T10:00:00")))
    assert (problem.location, problem.field) == ("manifest.json", "created_at")
    assert "no time zone" in problem.message


def test_bad_members_and_counts_in_the_manifest():
    problems = problems_of(with_manifest(lambda m: m.update(members=[], counts={})))
    assert [(p.location, p.field) for p in problems] == [
        ("manifest.json", "members"),
        ("manifest.json", "counts"),
    ]


def test_counts_that_do_not_match_the_package():
    problem = only_problem(with_manifest(lambda m: m["counts"].update(events=17)))
    assert (problem.location, problem.field) == ("manifest.json", "counts.events")
    assert "counts 17 events, the package holds 18" in problem.message


# --- checksums --------------------------------------------------------------------------------


def test_a_tampered_bank_json_is_detected():
    members = unpack(DATA)
    members["bank.json"] = members["bank.json"].replace("Учредитель".encode(), "Директор".encode())
    problem = only_problem(pack(members, rehash=False))
    assert (problem.location, problem.field) == ("bank.json", "checksum")
    assert problem.message == "bank.json does not match its checksum in the manifest"


def test_a_tampered_picture_is_detected():
    members = unpack(DATA)
    members[IMAGE_MEMBERS[0]] += b"\x00"
    problem = only_problem(pack(members, rehash=False))
    assert (problem.location, problem.field) == (IMAGE_MEMBERS[0], "checksum")
    assert "does not match its checksum in the manifest" in problem.message


def test_a_picture_whose_name_is_not_its_checksum():
    # Re-hashing the manifest is not enough: a picture is named by its own checksum.
    members = unpack(DATA)
    members[IMAGE_MEMBERS[0]] += b"\x00"
    problem = only_problem(pack(members))
    assert (problem.location, problem.field) == (IMAGE_MEMBERS[0], "checksum")
    assert "does not match the checksum in its name" in problem.message


def test_a_member_listed_but_missing():
    members = unpack(DATA)
    del members[IMAGE_MEMBERS[0]]
    problem = only_problem(pack(members, rehash=False))
    assert problem.location == IMAGE_MEMBERS[0]
    assert "listed in the manifest but missing" in problem.message


def test_a_member_not_listed():
    members = unpack(DATA)
    members["notes.txt"] = b"added later"
    problem = only_problem(pack(members, rehash=False))
    assert problem.location == "notes.txt"
    assert "not listed in the manifest" in problem.message


def test_a_picture_member_with_a_wrong_name():
    members = unpack(DATA)
    members["images/window.png"] = tiny_png()
    problem = only_problem(pack(members))
    assert (problem.location, problem.field) == ("images/window.png", "name")


# --- bank.json structure ----------------------------------------------------------------------


def version(document: Any, question: int, number: int) -> dict[str, Any]:
    return document["questions"][question]["versions"][number]


def test_bank_json_that_is_not_json():
    members = unpack(DATA)
    members["bank.json"] = b'{"sections": [\xff]}'
    problem = only_problem(pack(members))
    assert (problem.location, problem.field) == ("bank.json", "")
    assert "not UTF-8" in problem.message


def test_bank_json_that_is_not_an_object():
    members = unpack(DATA)
    members["bank.json"] = b"[]"
    problem = only_problem(pack(members))
    assert "must hold a JSON object" in problem.message


def test_an_unknown_status_is_located_precisely():
    problem = only_problem(with_bank(lambda d: version(d, 3, 1).update(status="published")))
    assert (problem.location, problem.field) == ("questions[3].versions[1].status", "status")
    assert "draft, submitted, approved, retired, not 'published'" in problem.message


def test_an_unknown_action():
    problem = only_problem(
        with_bank(lambda d: version(d, 0, 0)["events"][1].update(action="deleted"))
    )
    assert (problem.location, problem.field) == (
        "questions[0].versions[0].events[1].action",
        "action",
    )
    assert "not 'deleted'" in problem.message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-03-01T09:00:00", "has no time zone"),
        ("yesterday", "not an ISO 8601 time"),
        (1740787200, "must be an ISO 8601 time"),
    ],
)
def test_event_times_must_be_iso_8601_with_a_time_zone(value, message):
    problem = only_problem(with_bank(lambda d: version(d, 1, 0)["events"][0].update(at=value)))
    assert (problem.location, problem.field) == ("questions[1].versions[0].events[0].at", "at")
    assert message in problem.message


def test_a_missing_field():
    problem = only_problem(with_bank(lambda d: version(d, 2, 0).pop("multiple")))
    assert (problem.location, problem.field) == ("questions[2].versions[0].multiple", "multiple")
    assert problem.message == "multiple is missing"


@pytest.mark.parametrize(
    ("change", "location", "field"),
    [
        (lambda d: version(d, 0, 0)["stem"].update(ky=5), "questions[0].versions[0].stem.ky",
         "stem[ky]"),
        (lambda d: version(d, 0, 0).update(correct="b"), "questions[0].versions[0].correct",
         "correct"),
        (lambda d: version(d, 0, 0).update(shuffle_options="yes"),
         "questions[0].versions[0].shuffle_options", "shuffle_options"),
        (lambda d: version(d, 0, 0).update(number=0), "questions[0].versions[0].number", "number"),
        (lambda d: version(d, 0, 0)["options"].append("e"), "questions[0].versions[0].options[4]",
         "options"),
        (lambda d: version(d, 0, 0)["tags"].append(None), "questions[0].versions[0].tags[2]",
         "tags"),
        (lambda d: d["sections"][1].update(title="IT"), "sections[1].title", "title"),
        (lambda d: d["scenarios"][0].pop("uid"), "scenarios[0].uid", "uid"),
    ],
    ids=["text", "list", "flag", "number", "object", "tag", "texts", "scenario"],
)  # fmt: skip
def test_wrong_types_are_located_precisely(change, location, field):
    problem = only_problem(with_bank(change))
    assert (problem.location, problem.field) == (location, field)


def test_a_referenced_picture_missing_from_the_package():
    members = unpack(DATA)
    bank = json.loads(members["bank.json"])
    digest = version(bank, 3, 0)["images"][0]["sha256"]
    del members[f"images/{digest}.png"]
    problems = problems_of(pack(members))
    assert [(p.location, p.field) for p in problems] == [
        ("questions[3].versions[0].images[0].sha256", "sha256"),
        ("questions[3].versions[1].images[2].sha256", "sha256"),
    ]
    assert "the picture window.png is not in the package" in problems[0].message


def test_a_question_without_versions():
    problem = only_problem(with_bank(lambda d: d["questions"][1].update(versions=[])))
    assert (problem.location, problem.field) == ("questions[1].versions", "versions")


def test_version_numbers_increase():
    problem = only_problem(with_bank(lambda d: version(d, 0, 2).update(number=2)))
    assert (problem.location, problem.field) == ("questions[0].versions[2].number", "number")
    assert "(2 follows 2)" in problem.message


def test_two_questions_with_one_uid():
    problem = only_problem(with_bank(lambda d: d["questions"][4].update(uid="LAW-001")))
    assert (problem.location, problem.field) == ("questions[4].uid", "uid")
    assert "questions[0] has the same uid" in problem.message


def test_every_structural_problem_is_reported_at_once():
    def break_three(document):
        version(document, 0, 0).update(status="done")
        version(document, 2, 0)["events"][2].update(at="2025-03-05")
        document["sections"][0].pop("code")

    problems = problems_of(with_bank(break_three))
    assert sorted(p.location for p in problems) == [
        "questions[0].versions[0].status",
        "questions[2].versions[0].events[2].at",
        "sections[0].code",
    ]


def wrong_values(document: Any, path: tuple = ()):
    """(path, value) for every place in the document and a wrongly typed value to put there."""
    if isinstance(document, dict):
        items = list(document.items())
    elif isinstance(document, list):
        items = list(enumerate(document))
    else:
        items = []
    for key, value in items:
        for wrong in (None, 7, "x", [], {}, True):
            if wrong != value or type(wrong) is not type(value):
                yield (*path, key), wrong
        yield from wrong_values(value, (*path, key))


def test_no_wrongly_typed_value_crashes_the_reader():
    # One question's subtree and the top level: every kind of field, at every depth.
    small = package.write_archive(replace(ARCHIVE, questions=ARCHIVE.questions[3:4]))
    document = json.loads(unpack(small)["bank.json"])
    checked = 0
    for path, wrong in wrong_values(document):

        def change(doc, path=path, wrong=wrong):
            target = doc
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = wrong

        try:
            package.read_archive(json_member(small, "bank.json", change), FILE)
        except ImportFailed as failed:
            assert failed.problems
        checked += 1
    assert checked > 300


def test_question_texts_carry_any_language():
    question = Question(
        uid="Q-1",
        section="law",
        stem={"ky": "Суроо", "ru": "Вопрос", "en": "Question"},
        options=(Option("a", {"en": "Yes"}), Option("b", {"en": "No"})),
        correct=frozenset({"a"}),
    )
    bank = Bank(sections=rich_bank().sections[:1], questions=(question,))
    assert package.read(package.write(bank), FILE) == bank
