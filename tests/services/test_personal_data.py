"""Personal data in what leaves the program (issue 6, point 8), on SQLite and PostgreSQL.

One sitting is run through every export there is, with candidates whose personal number (PIN),
phone, e-mail and login codes are known: code slips, the registration sheet, the testing
protocols, an appeal protocol, the session results, the ranking, the ministry's package (each
member), every bank export format, the retention archive, and two ``kiosk`` commands.  Every file
the run leaves in the data folder is read back (PDF text and metadata, XLSX cells and properties,
CSV, JSON, ZIP members) and must carry only the personal fields its reader needs (``ALLOWED``);
a file of a kind the table does not know fails the run, so a new export has to be classified.
The log file, every log record and every audit record must carry none of them.

What each document carries, and why:

* the code slips: the name and the code: the slip is how the candidate receives the code;
* the registration sheet: the name and the last four digits of the PIN (``…1234``), so that the
  operator can tell two candidates of the same name apart when they sign on arrival;
* the testing protocol, the session results protocol and the appeal protocol: the name and the
  spent code (the cipher of cl. 24), so that slip and protocol can be matched.  A code is spent
  when its test is submitted: it opens nothing any more (checked here);
* the ranking, the package's tables and the retention archive's results: the name only.  The
  ministry needs no PIN, phone or e-mail (Annex 3 keeps those with the candidate's documents);
* what ``kiosk results`` prints on the clerk's terminal: the name, as the ranking does;
* bank exports: nothing about candidates.

No leak was found in these; the log file is nevertheless masked as it is written
(:class:`kiosk.cli.RedactPersonalData`), because it also takes other libraries' messages and
exception texts, which may quote a personal number or a code.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from kiosk import cli
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.domain.roles import Actor, Role
from kiosk.security.codes import format_code, generate_code
from kiosk.services.appeal_views import Attendance, Finding
from kiosk.services.competition_views import Application
from kiosk.services.demo import SETUP
from kiosk.services.views import LoginRefusal
from kiosk.storage import models
from question_bank.formats import FORMAT_NAMES
from tests.conftest import BACKENDS, POSTGRES_URL, reset_postgres
from tests.helpers.competition import World, make_world

pytestmark = pytest.mark.storage

PASSWORD = "personal-data-2026"
CHAIR = Actor("chair", frozenset({Role.COMMISSION}))


@dataclass(frozen=True)
class Person:
    """A candidate and the personal data typed from their documents."""

    name: str
    pin: str
    phone: str
    email: str


#: Three sit the test (9, 7 and 4 right), one is seated but does not come (her code is reissued),
#: one was not admitted at stage 1.  The serials of the PINs are unusual on purpose, so that
#: their last digits cannot turn up in a document by chance.
PEOPLE = (
    Person("Асанов Бакыт Жумабекович", "21203198573921", "+996 700 481 516", "b.asanov@mail.kg"),
    Person("Бекова Айзада Маратовна", "10507199058463", "+996 555 902 337", "aizada.b@mail.kg"),
    Person("Касымов Улан Токтосунович", "22811198847195", "+996 772 615 048", "ulan.k@mail.kg"),
    Person("Үсөнова Гүлзат Бакытовна", "11902199236874", "0312 64 91 27", "gulzat.u@mail.kg"),
    Person("Осмонов Эрлан Кубатович", "20304198769352", "+996 508 337 190", "erlan.o@mail.kg"),
)
SAT = 3  # the first three sit the test; their codes are spent

#: Export → the personal fields it may carry.  "code" is a login code that still opens a test;
#: "spent code" one whose test was submitted; "pin tail" the masked ``…1234``.
ALLOWED: dict[str, frozenset[str]] = {
    "code slips": frozenset({"name", "code", "spent code"}),
    "registration sheet": frozenset({"name", "pin tail"}),
    "testing protocol": frozenset({"name", "spent code"}),
    "appeal protocol": frozenset({"name", "spent code"}),
    "session results": frozenset({"name", "spent code"}),
    "ranking": frozenset({"name"}),
    "package: ranking": frozenset({"name"}),
    "package: session results": frozenset({"name", "spent code"}),
    "package: testing protocol": frozenset({"name", "spent code"}),
    "package: results.csv": frozenset({"name"}),
    "package: results.xlsx": frozenset({"name"}),
    "package: SHA256SUMS": frozenset(),
    "retention: results.json": frozenset({"name"}),
    "retention: results.csv": frozenset({"name"}),
    "retention: records.json": frozenset({"name"}),
    "retention: manifest.json": frozenset(),
    "retention: SHA256SUMS": frozenset(),
    "command output": frozenset({"name"}),
    **{f"bank export: {name}": frozenset() for name in FORMAT_NAMES},
}
#: The exports whose reader needs the names: a document that lost them is broken, not private.
NAMED = {kind for kind, fields in ALLOWED.items() if "name" in fields}


# -- reading what was produced ------------------------------------------------------------------


def pdf_content(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    return " ".join(page.extract_text() for page in reader.pages) + " " + metadata


def xlsx_content(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    cells = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    properties = book.properties
    metadata = [
        str(value)
        for value in (properties.title, properties.creator, properties.subject, properties.keywords)
        if value
    ]
    return " ".join(cells + metadata)


def zip_content(data: bytes) -> str:
    """Every member's name and text (a bank package or a QTI file is a ZIP)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return " ".join(
            f"{name} {content(name, archive.read(name))}" for name in archive.namelist()
        )


def content(name: str, data: bytes) -> str:
    """The text a reader of the file sees, by the file's kind."""
    if name.endswith(".pdf"):
        return pdf_content(data)
    if name.endswith(".xlsx"):
        return xlsx_content(data)
    if data.startswith(b"PK\x03\x04"):
        return zip_content(data)
    return data.decode("utf-8-sig", errors="replace")


@dataclass
class Produced:
    """Everything one run produced, and what the run learned on the way.

    Files are kept as bytes while the run goes and read afterwards (:meth:`read`): reading a PDF
    logs the reader's own warnings, which are not the kiosk's log, and a file handed out and
    archived (and archived again by retention) is the same bytes, read once.
    """

    files: list[tuple[str, str, bytes, str]] = field(default_factory=list)
    documents: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    unclassified: list[str] = field(default_factory=list)
    log_file: str = ""
    log_records: list[str] = field(default_factory=list)
    audit: list[str] = field(default_factory=list)
    codes: dict[str, list[str]] = field(default_factory=dict)
    spent: list[str] = field(default_factory=list)
    spent_code_logins: list[LoginRefusal | None] = field(default_factory=list)

    def add(self, kind: str, name: str, data: bytes, also: str = "") -> None:
        """Keep a file of ``kind``; ``also`` is text its reader sees besides (a member's name)."""
        self.files.append((kind, name, data, also))

    def read(self) -> None:
        texts: dict[tuple[str, str], str] = {}
        for kind, name, data, also in self.files:
            key = (Path(name).suffix, hashlib.sha256(data).hexdigest())
            if key not in texts:
                texts[key] = content(name, data)
            self.documents.setdefault(kind, []).append((name, f"{also} {texts[key]}"))


#: Files of the data folder by where they lie and how they are named → their export kind.
FILE_KINDS = (
    (re.compile(r"(.*/)?protocols/[^/]+\.pdf"), "testing protocol"),
    (re.compile(r"(.*/)?appeals/[^/]+\.pdf"), "appeal protocol"),
    (re.compile(r"(.*/)?documents/session-results-[^/]+\.pdf"), "session results"),
    (re.compile(r"(.*/)?documents/ranking-[^/]+\.pdf"), "ranking"),
    (re.compile(r"(.*/)?documents/ministry-package-[^/]+\.zip"), "package"),
)
PACKAGE_KINDS = (
    (re.compile(r"ranking\.pdf"), "package: ranking"),
    (re.compile(r"sessions/[^/]+\.pdf"), "package: session results"),
    (re.compile(r"protocols/[^/]+\.pdf"), "package: testing protocol"),
    (re.compile(r"results\.csv"), "package: results.csv"),
    (re.compile(r"results\.xlsx"), "package: results.xlsx"),
    (re.compile(r"SHA256SUMS"), "package: SHA256SUMS"),
)


def kind_of(name: str, kinds: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    return next((kind for pattern, kind in kinds if pattern.fullmatch(name)), None)


def add_file(produced: Produced, name: str, data: bytes) -> None:
    """Classify one file of the data folder (or of the retention archive's ``files/``)."""
    kind = kind_of(name, FILE_KINDS)
    if kind is None:
        produced.unclassified.append(name)
    elif kind == "package":
        add_package(produced, data)
    else:
        produced.add(kind, name, data)


def add_package(produced: Produced, data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            kind = kind_of(member, PACKAGE_KINDS)
            if kind is None:
                produced.unclassified.append(f"package: {member}")
            else:
                # The member's name is part of what the ministry sees.
                produced.add(kind, member, archive.read(member), also=member)


# -- finding personal fields --------------------------------------------------------------------


def compact(text: str) -> str:
    """The text without spaces and dashes: numbers and codes are typed and printed in groups."""
    return re.sub(r"[\s\-‐–—]", "", text)


def found_fields(text: str, produced: Produced) -> set[str]:
    """The personal fields of any candidate that ``text`` holds."""
    spaced = " ".join(text.split())
    packed = compact(text)
    # Numbers are searched among the digits alone, however they were grouped or bracketed: a
    # 14- or 9-digit run does not turn up by chance, even across the digits of the hashes.
    digits = re.sub(r"\D", "", text)
    found = set()
    for person in PEOPLE:
        if person.name in spaced:
            found.add("name")
        if person.pin in digits:
            found.add("pin")
        elif f"…{person.pin[-4:]}" in packed:
            found.add("pin tail")
        if re.sub(r"\D", "", person.phone)[-9:] in digits:
            found.add("phone")
        if person.email.casefold() in spaced.casefold():
            found.add("email")
    for codes in produced.codes.values():
        for code in codes:
            if code in packed.upper():
                found.add("spent code" if code in produced.spent else "code")
    return found


# -- the run ------------------------------------------------------------------------------------


class Collect(logging.Handler):
    """Every log record of the run, formatted (the module-wide counterpart of ``caplog``)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def run(database_url: str, folder: Path) -> Produced:
    produced = Produced()
    world = make_world(database_url, folder / "data", FakeClock())
    kiosk = world.kiosk
    root = logging.getLogger()
    level = root.level
    file_handler = cli.configure_logging(kiosk.settings)
    collect = Collect()
    root.addHandler(collect)
    root.setLevel(logging.DEBUG)
    try:
        sit_and_export(world, produced, folder)
    finally:
        root.removeHandler(collect)
        root.removeHandler(file_handler)
        file_handler.close()
        root.setLevel(level)
        kiosk.close()
    produced.read()
    produced.log_records = collect.lines
    produced.log_file = "\n".join(
        path.read_text(encoding="utf-8") for path in kiosk.settings.log_dir.glob("*.log")
    )
    return produced


def sit_and_export(world: World, produced: Produced, folder: Path) -> None:
    kiosk = world.kiosk
    ids = [
        kiosk.competitions.add_candidate(
            SETUP,
            world.competition_id,
            Application(
                person.name,
                person.pin,
                person.phone,
                person.email,
                consent=True,
                admitted=person is not PEOPLE[-1],
                reason="" if person is not PEOPLE[-1] else "стаж жетишсиз",
            ),
        )
        for person in PEOPLE
    ]
    issued = world.seat(*ids[:4])
    produced.codes = {code.candidate_name: [code.code] for code in issued}
    reissued = kiosk.exam_sessions.reissue_code(SETUP, issued[3].registration_id)
    produced.codes[reissued.candidate_name].append(reissued.code)
    produced.add(
        "code slips",
        "code-slips.pdf",
        kiosk.exam_sessions.code_slips(SETUP, world.session_id, [*issued[:3], reissued]),
    )
    produced.add(
        "registration sheet",
        "registration-sheet.pdf",
        kiosk.exam_sessions.registration_sheet(SETUP, world.session_id),
    )
    attempts = [
        world.sit(code, right=right) for code, right in zip(issued, (9, 7, 4), strict=False)
    ]
    produced.spent = [code.code for code in issued[:SAT]]
    produced.spent_code_logins = [kiosk.attempts.login(code).refusal for code in produced.spent]
    hear_an_appeal(world, attempts[2])
    kiosk.proctor.end_session(SETUP, world.session_id)
    world.clock.advance(61 * 60)  # every appeal window has closed
    produced.add(
        "session results",
        "session-results.pdf",
        kiosk.documents.session_results(SETUP, world.session_id),
    )
    produced.add("ranking", "ranking.pdf", kiosk.documents.ranking(SETUP, world.competition_id))
    add_package(produced, kiosk.documents.ministry_package(SETUP, world.competition_id))
    for name in FORMAT_NAMES:
        produced.add(f"bank export: {name}", f"bank.{name}", kiosk.bank.export(SETUP, name))
    printed, cli_package = run_commands(world, folder)
    produced.add("command output", "kiosk results, kiosk package", printed.encode())
    add_package(produced, cli_package)
    data = kiosk.settings.data_dir
    for path in sorted(kiosk.settings.archive_dir.rglob("*")):
        if path.is_file():
            add_file(produced, str(path.relative_to(kiosk.settings.archive_dir)), path.read_bytes())
    for path in sorted(data.rglob("*")):
        inside_archive = path.is_relative_to(kiosk.settings.archive_dir)
        if path.is_file() and not inside_archive and path.parent != kiosk.settings.log_dir:
            produced.unclassified.append(str(path.relative_to(data)))
    # Retention, five years and a month later: its archive is an export of its own.
    world.clock.advance((5 * 366 + 31) * 24 * 3600)
    report = kiosk.retention.apply(SETUP, folder / "retention")
    assert report.archive is not None
    for path in sorted(report.archive.rglob("*")):
        relative = path.relative_to(report.archive).as_posix()
        if not path.is_file():
            continue
        if relative.startswith("files/"):
            add_file(produced, relative.removeprefix("files/"), path.read_bytes())
        else:
            produced.add(f"retention: {relative}", relative, path.read_bytes())
    with kiosk.sessions() as session:
        for row in session.scalars(select(models.AuditRecord).order_by(models.AuditRecord.id)):
            produced.audit.append(
                f"{row.actor} {row.action} {row.subject} "
                f"{json.dumps(row.details, ensure_ascii=False)}"
            )


def hear_an_appeal(world: World, attempt_id: int) -> None:
    """The third candidate appeals; the commission finds no fault (an appeal protocol)."""
    kiosk = world.kiosk
    for login, name in (("chair", "Төрага Айгүл Осмонова"), ("member", "Мүчө Нурлан Үсөнов")):
        kiosk.accounts.create_account(SETUP, login, name, frozenset({Role.COMMISSION}), PASSWORD)
    with kiosk.sessions() as session:
        accounts = dict(session.execute(select(models.Account.login, models.Account.id)).all())
    appeal = kiosk.appeals.file_appeal(SETUP, attempt_id, "Экранда суроо көрүнгөн жок").appeal_id
    kiosk.appeals.compose_commission(
        SETUP, chair=accounts["chair"], members=[accounts["member"]], basis="№7", appeal_id=appeal
    )
    kiosk.appeals.open_hearing(
        CHAIR,
        appeal,
        [Attendance(accounts["chair"], present=True), Attendance(accounts["member"], True)],
    )
    kiosk.appeals.decide(CHAIR, appeal, [Finding(0, fault=False, text="ката жок")], "четке")


def run_commands(world: World, folder: Path) -> tuple[str, bytes]:
    """``kiosk results`` and ``kiosk package`` as a clerk would run them (they log too): what
    they printed, and the package the command wrote."""
    kiosk = world.kiosk
    kiosk.accounts.create_account(
        SETUP, "clerk", "Кызматкер Айбек", frozenset({Role.ADMINISTRATOR}), PASSWORD
    )
    common = ["--data-dir", str(kiosk.settings.data_dir), "--db", kiosk.settings.database_url]
    competition = str(world.competition_id)
    package = folder / "package.zip"
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setenv("KIOSK_PASSWORD", PASSWORD)
        assert cli.main(["results", competition, "--user", "clerk", *common]) == 0
        assert cli.main(["package", competition, str(package), "--user", "clerk", *common]) == 0
    return out.getvalue(), package.read_bytes()


@pytest.fixture(scope="module", params=BACKENDS)
def produced(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One run per database backend, shared by the checks below (it takes a few seconds)."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("personal")
        url = f"sqlite:///{folder / 'kiosk.db'}"
    else:
        assert POSTGRES_URL is not None
        folder = tmp_path_factory.mktemp("personal-pg")
        reset_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    return run(url, folder)


# -- the checks ---------------------------------------------------------------------------------


def test_every_file_the_run_left_is_a_known_export(produced: Produced):
    assert produced.unclassified == []
    assert set(produced.documents) == set(ALLOWED), "an export the run did not produce"


@pytest.mark.parametrize("kind", sorted(ALLOWED))
def test_each_export_carries_only_what_its_reader_needs(produced: Produced, kind: str):
    documents = produced.documents.get(kind, [])
    assert documents, f"the run produced no {kind}"
    for name, text in documents:
        found = found_fields(text, produced)
        assert found <= ALLOWED[kind], f"{kind} ({name}) carries {sorted(found - ALLOWED[kind])}"
        if kind in NAMED:
            assert "name" in found, f"{kind} ({name}) names no one: was it read at all?"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("ПИН: 2 12031985 73921", "pin"),
        ("ИНН 21203198573921.", "pin"),
        ("ПИН …3921", "pin tail"),
        ("тел. (0700) 481-516", "phone"),
        ("B.Asanov@Mail.KG", "email"),
        ("Асанов   Бакыт\nЖумабекович", "name"),
    ],
)
def test_the_search_finds_each_field_however_it_is_printed(text: str, field: str):
    assert found_fields(text, Produced()) == {field}


def test_the_search_finds_codes_spent_or_not():
    produced = Produced(codes={"a": ["7K3M9QXT2RH"], "b": ["4J8PWM3C0ZA"]}, spent=["7K3M9QXT2RH"])
    assert found_fields("шифр 7k3m-9qxt-2rh", produced) == {"spent code"}
    assert found_fields("4J8P WM3C 0ZA", produced) == {"code"}


def test_the_codes_printed_on_documents_open_nothing(produced: Produced):
    assert produced.spent_code_logins == [LoginRefusal.USED] * SAT


def test_logs_hold_no_personal_data(produced: Produced):
    assert produced.log_file.strip(), "nothing was logged: the check would prove nothing"
    assert "ministry package written" in produced.log_file
    assert found_fields(produced.log_file, produced) == set()
    assert found_fields("\n".join(produced.log_records), produced) == set()


def test_the_audit_holds_no_pin_phone_email_or_code(produced: Produced):
    assert any("code.reissued" in line for line in produced.audit)
    assert found_fields("\n".join(produced.audit), produced) <= {"name"}


def test_the_audit_names_no_candidate(produced: Produced):
    # Candidates appear in the audit by their record's id ("candidate:12"), never by name: the
    # audit outlives the five years after which retention destroys the personal data (Annex 3).
    assert "name" not in found_fields("\n".join(produced.audit), produced)


def test_the_log_file_masks_a_pin_or_code_from_any_source(tmp_path: Path):
    """The program logs neither, but a library or an error text might: the file masks them."""
    settings = resolve_settings(
        data_dir=str(tmp_path / "data"), database_url="sqlite://", station_id="s", environ={}
    )
    code = generate_code()
    pin = PEOPLE[0].pin
    handler = cli.configure_logging(settings)
    log = logging.getLogger("some.library")
    try:
        log.warning("typed %s, printed %s, pin %s", code, format_code(code), pin)
        log.warning("grouped: 2 12031985 73921; a stamp 20261123110100; protocol 2026-0001-01")
        try:
            raise ValueError(f"Key (competition_id, pin)=(1, {pin}) already exists.")
        except ValueError:
            log.exception("registration failed")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    logged = (settings.log_dir / "kiosk.log").read_text(encoding="utf-8")
    assert pin not in logged and "12031985" not in logged
    assert code not in logged and format_code(code) not in logged
    assert logged.count(f"[PIN …{pin[-3:]}]") == 3
    assert logged.count(f"[code …{code[-3:]}]") == 2
    # What only looks like one stays: a time stamp is no personal number.
    assert "a stamp 20261123110100; protocol 2026-0001-01" in logged
    assert "Traceback" in logged and "already exists" in logged


def test_the_demo_command_prints_its_codes_but_does_not_log_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
):
    caplog.set_level(logging.DEBUG)
    data = tmp_path / "data"
    argv = ["demo", "--prepare-only", "--data-dir", str(data), "--db", f"sqlite:///{tmp_path}/d.db"]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    codes = re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}\b", printed)
    assert codes, "the demo printed no codes"
    logged = (data / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "demo sitting created" in logged
    for code in codes:
        assert code not in logged and compact(code) not in compact(logged)
        assert code not in caplog.text and compact(code) not in compact(caplog.text)
