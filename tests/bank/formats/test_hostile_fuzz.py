"""Property-based fuzzing of every import format, and regressions of what fuzzing found.

The damaged files come from ``bench/fuzz_imports.py`` (valid files of each format, damaged by
mutations that know the formats' structure), with Hypothesis making every decision, so that a
failure shrinks to a small input.  A reader may accept a damaged file or refuse it with
:class:`ImportFailed`; anything else is a crash.  Through the real import (the bank service on
SQLite), a refused file and any dry run must leave every table, the database's commit counter
and the data folder as they were.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz_imports import IMPORT_TARGETS, TARGETS, Fixture, Target, mutate, run_case
from question_bank.formats import format_module, package, xlsx
from question_bank.formats.base import ImportFailed
from question_bank.model import Bank
from question_bank.validation import validate_bank
from tests.helpers.banks import rich_bank, tiny_png

FILE_NAMES = {"package": "bank.kbank", "qti": "bank.zip", "xlsx": "bank.xlsx"}

#: Hypothesis settings for inputs that may take a few tens of milliseconds each.
QUICK = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Draws:
    """The mutations' source of decisions, drawn by Hypothesis (so that failures shrink)."""

    def __init__(self, data: st.DataObject) -> None:
        self._data = data

    def randint(self, a: int, b: int) -> int:
        return self._data.draw(st.integers(a, b))


def read_as_imported(target: Target, data: bytes) -> object:
    """What the import does before writing: read the file, then check its questions."""
    file_name = FILE_NAMES.get(target.name, f"bank.{target.name}")
    module = format_module(target.name)
    try:
        if target.name == "package":
            archive = package.read_archive(data, file_name)
            bank = Bank(
                archive.sections,
                archive.scenarios,
                tuple(v.question for h in archive.questions for v in h.versions),
            )
        else:
            bank = module.read(data, file_name, "ky")
    except ImportFailed as failed:
        assert failed.problems, "a refusal must say why"
        assert {problem.file for problem in failed.problems} == {file_name}
        return failed
    return validate_bank(bank, required_languages=(), file_name=file_name)


@pytest.mark.parametrize("target", IMPORT_TARGETS, ids=lambda t: t.name)
@QUICK
@given(data=st.data())
def test_damaged_files_are_refused_clearly(target, data):
    read_as_imported(target, mutate(target, Draws(data)))


@pytest.mark.parametrize("target", IMPORT_TARGETS, ids=lambda t: t.name)
@QUICK
@given(noise=st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(str.encode)))
def test_random_bytes_are_refused_clearly(target, noise):
    read_as_imported(target, noise)


# --- through the real import --------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fixture]:
    """One SQLite kiosk for the module: the checks compare it before and after each case."""
    built = Fixture(tmp_path_factory.mktemp("fuzz"))
    yield built
    built.close()


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), dry_run=st.booleans())
def test_a_refused_import_or_a_check_writes_nothing(fixture, target, data, dry_run):
    """Through the real kiosk, the protocol verifier included: it must answer every input."""
    damaged = mutate(target, Draws(data))
    _, _, failure = run_case(fixture, target, damaged, dry_run, fixture.snapshot(), timeout=120)
    assert failure is None, f"{failure.kind}: {failure.summary}\n{failure.detail}"


def test_the_check_notices_a_partial_write(fixture):
    """The check itself can fail: an "import" that writes a row and then refuses is caught."""
    from question_bank.formats import moodle
    from tests.helpers.banks import make_question

    question = make_question("PARTIAL-1", "law", 1)
    stem = {language: f"{text} (partial write check)" for language, text in question.stem.items()}
    one = Bank(rich_bank().sections[:1], (), (replace(question, stem=stem),))

    def write_then_refuse(fixture: Fixture, data: bytes, dry_run: bool) -> None:
        fixture.kiosk.bank.import_data(fixture.actor, moodle.write(one), "one.xml")
        raise ImportFailed([])

    target = Target("half-import", "bytes", lambda: (), write_then_refuse, (ImportFailed,))
    outcome, _, failure = run_case(fixture, target, b"", False, fixture.snapshot(), timeout=60)
    assert outcome == "refused"
    assert failure is not None and failure.kind == "partial write"
    assert "question_versions: " in failure.summary


def test_the_check_notices_a_crash(fixture):
    def crash(fixture: Fixture, data: bytes, dry_run: bool) -> None:
        raise KeyError("boom")

    target = Target("crash", "bytes", lambda: (), crash, (ImportFailed,))
    outcome, _, failure = run_case(fixture, target, b"", True, fixture.snapshot(), timeout=60)
    assert (outcome, failure.kind if failure else None) == ("crash", "crash")
    assert "KeyError" in failure.summary


def test_a_zip_shown_as_a_picture_is_refused_and_writes_nothing(fixture):
    """A nested archive named .png reaches the bank's checks, which look at the bytes."""
    item = (
        '<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="Z1">'
        '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
        "<correctResponse><value>A</value></correctResponse></responseDeclaration>"
        '<itemBody><p>Суроо? <img src="p.png"/></p>'
        '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">'
        '<simpleChoice identifier="A">Ооба</simpleChoice>'
        '<simpleChoice identifier="B">Жок</simpleChoice>'
        "</choiceInteraction></itemBody></assessmentItem>"
    )
    manifest = (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M"><resources>'
        '<resource identifier="R" type="imsqti_item_xmlv2p1" href="q.xml"/></resources></manifest>'
    )
    inner = zipped({"a.txt": b"x"})
    data = zipped({"imsmanifest.xml": manifest.encode(), "q.xml": item.encode(), "p.png": inner})
    target = next(t for t in TARGETS if t.name == "qti")
    before = fixture.snapshot()
    with pytest.raises(ImportFailed) as raised:
        target.run(fixture, data, False)
    assert [p.field for p in raised.value.problems] == ["image p.png"]
    assert fixture.snapshot() == before
    # And the same package with a real picture is accepted: the refusal was the picture's.
    good = zipped(
        {"imsmanifest.xml": manifest.encode(), "q.xml": item.encode(), "p.png": tiny_png(9)}
    )
    _, _, failure = run_case(fixture, target, good, True, fixture.snapshot(), timeout=60)
    assert failure is None


# --- regressions: the smallest inputs that crashed a reader -------------------------------------


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def workbook(change: dict[str, tuple[bytes, bytes]]) -> bytes:
    """The rich bank's workbook with ``old`` replaced by ``new`` in the parts named."""
    with zipfile.ZipFile(io.BytesIO(xlsx.write(rich_bank()))) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    for part, (old, new) in change.items():
        assert old in members[part]
        members[part] = members[part].replace(old, new, 1)
    return zipped(members)


def xlsx_problems(data: bytes) -> list[tuple[str, str]]:
    with pytest.raises(ImportFailed) as raised:
        xlsx.read(data, "bank.xlsx")
    return [(p.location, p.field) for p in raised.value.problems]


DRAWING = "xl/drawings/drawing1.xml"


@pytest.mark.parametrize(
    ("element", "value"),
    [
        # Found by the fuzzer: the column letter of 4294967296 cannot be named (ValueError).
        (b"<col>22</col>", b"<col>4294967295</col>"),
        (b"<col>22</col>", b"<col>16384</col>"),
        # "²".isdigit() is true, but int("²") fails; so does int() of 5,000 digits.
        (b"<row>4</row>", "<row>²</row>".encode()),
        (b"<row>4</row>", b"<row>" + b"9" * 5000 + b"</row>"),
    ],
)
def test_a_picture_anchored_off_the_sheet_is_a_problem_not_a_crash(element, value):
    problems = xlsx_problems(workbook({DRAWING: (element, value)}))
    assert ("sheet Questions", "image") in problems


@pytest.mark.parametrize("key", ["²", "٣", "1" * 5000])
def test_a_key_of_strange_digits_is_a_problem_not_a_crash(key):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.write(rich_bank())))
    sheet = book["Questions"]
    column = next(c.column for c in sheet[1] if c.value == "key")
    sheet.cell(row=2, column=column, value=key)
    buffer = io.BytesIO()
    book.save(buffer)
    assert ("sheet Questions, row 2", "key") in xlsx_problems(buffer.getvalue())


def test_the_fuzz_targets_cover_every_import_format():
    from question_bank.formats import FORMAT_NAMES

    assert sorted(t.name for t in IMPORT_TARGETS) == sorted(FORMAT_NAMES)
    assert [t.name for t in TARGETS] == [*(t.name for t in IMPORT_TARGETS), "pdf_verifier"]


def test_thousands_of_categories_in_a_row_are_read_without_recursion():
    """Found by the fuzzer: each $CATEGORY line not followed by a blank line was read by a
    recursive call, so 1,000 of them in a row raised RecursionError."""
    from question_bank.formats import gift

    text = "$CATEGORY: $course$/top/Мыйзам\n" * 3000 + "::q1:: Суроо? {=Ооба ~Жок}\n"
    bank = gift.read(text.encode(), "bank.gift", "ky")
    assert [q.stem for q in bank.questions] == [{"ky": "Суроо?"}]
    assert [s.code for s in bank.sections] == ["Мыйзам"]


def package_with_stem(stem: dict[str, str]) -> bytes:
    """The rich bank's package with the first question's stem replaced (checksums kept right)."""
    import json

    from bench.fuzz_imports import rehash_package

    with zipfile.ZipFile(io.BytesIO(package.write(rich_bank()))) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    document = json.loads(members["bank.json"])
    document["questions"][0]["versions"][0]["stem"] = stem
    members["bank.json"] = json.dumps(document).encode()  # ASCII: \ud800 and \u0000 spelt out
    return rehash_package(zipped(members))


@pytest.mark.parametrize(
    ("stem", "field"),
    [
        # Found by the fuzzer: a lone surrogate reached the fingerprint (UnicodeEncodeError).
        ({"ky": "Суроо\ud800?", "ru": "Вопрос?"}, "stem[ky]"),
        # NUL: SQLite keeps it, PostgreSQL refuses it, in the middle of the import.
        ({"ky": "Суроо\x00?", "ru": "Вопрос?"}, "stem[ky]"),
        ({"ky\ud800": "Суроо?", "ru": "Вопрос?"}, "stem"),
    ],
)
def test_a_package_text_no_database_can_hold_is_refused(fixture, stem, field):
    data = package_with_stem(stem)
    with pytest.raises(ImportFailed) as raised:
        package.read_archive(data, "bank.kbank")
    (problem,) = raised.value.problems
    assert (problem.location.split(".")[0], problem.field) == ("questions[0]", field)
    str(problem).encode("utf-8")  # a problem always prints, whatever the file held
    target = next(t for t in TARGETS if t.name == "package")
    _, _, failure = run_case(fixture, target, data, False, fixture.snapshot(), timeout=60)
    assert failure is None


def test_a_nul_in_a_text_file_is_refused(fixture):
    from question_bank.formats import aiken, gift

    for module, text in (
        (gift, "::q1:: Су\x00роо? {=Ооба ~Жок}\n"),
        (aiken, "Су\x00роо?\nA) Ооба\nB) Жок\nANSWER: A\n"),
    ):
        with pytest.raises(ImportFailed) as raised:
            module.read(text.encode(), "bank.txt", "ky")
        assert [(p.location, p.field) for p in raised.value.problems] == [("line 1", "encoding")]


def test_a_problem_quoting_lone_surrogates_still_prints():
    from question_bank.formats.base import Problem

    problem = Problem("bank\udcff.kbank", "images/\ud800", "name", "x\udc80")
    assert str(problem) == "bank\ufffd.kbank: images/\ufffd, name: x\ufffd"
