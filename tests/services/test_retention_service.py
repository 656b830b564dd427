"""Retention (cl. 36: commission materials 1 year; cl. 39: protocols and documents 5 years),
counted from the session date: the plan, the archive written before anything goes, the removal,
on every database backend."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.domain.roles import NotPermitted
from kiosk.services import retention as retention_module
from kiosk.services.archive import COMMISSION, DOCUMENTS, file_document
from kiosk.services.competition_views import Application, CompetitionTerms, SessionPlan
from kiosk.services.demo import SETUP, made_up_pin
from kiosk.services.protocols import ProtocolRemoved
from kiosk.services.retention import PLACEHOLDER_NAME, RetentionFailed
from kiosk.services.session_views import IncidentKind
from kiosk.storage import models
from tests.helpers.actors import ADMIN, OPERATOR
from tests.helpers.sittings import SESSION_DAY, SMALL_BLUEPRINT, TEST_PLACE, TEST_VACANCY

pytestmark = pytest.mark.storage

#: The Bishkek midnights (UTC+6) that start and end the periods of the first competition.
BEFORE_ONE_YEAR = datetime(2027, 11, 22, 17, 59, 59, tzinfo=UTC)  # 23:59:59 on 22 Nov
ONE_YEAR = datetime(2027, 11, 22, 18, 0, tzinfo=UTC)  # 00:00 on 23 Nov 2027
BEFORE_FIVE_YEARS = datetime(2031, 11, 22, 17, 59, 59, tzinfo=UTC)
FIVE_YEARS = datetime(2031, 11, 22, 18, 0, tzinfo=UTC)
#: The second competition's session, newer: within its periods at both dates above.
NEWER_DAY = date(2027, 6, 1)

#: Tables whose rows the commission class removes, and those the documents class removes.
COMMISSION_TABLES = (
    models.Appeal,
    models.HearingMember,
    models.AppealFinding,
    models.Commission,
    models.CommissionMember,
    models.ProblemReport,
)
DOCUMENT_TABLES = (models.AnswerEvent, models.AttemptItem, models.TimeDecision, models.Incident)
#: What stays for good: statistics, the audit and the code digests.
KEPT_TABLES = (
    models.Registration,
    models.Attempt,
    models.ResultVersion,
    models.ProtocolRecord,
    models.Candidate,
)


@dataclass
class Scenario:
    """What was made: attempts, appeal numbers and the archive files, by competition."""

    world: object
    attempts: dict[str, int]
    newer_attempt: int
    newer_competition: int
    newer_session: int
    appeals: list[str]
    newer_appeal: str

    @property
    def kiosk(self):
        return self.world.kiosk


def _account(session, login: str, now: datetime) -> int:
    account = models.Account(
        login=login,
        full_name=login.title(),
        roles=["commission"],
        password_hash="-",
        created_at=now,
    )
    session.add(account)
    session.flush()
    return account.id


def _appeal(kiosk, *, attempt_id: int, number: str, own_commission: bool) -> None:
    """An appeal heard by a commission, with its hearing, a finding, a result version and the
    appeal protocol filed in the archive, as the appeal service records them."""
    now = kiosk.clock.now()
    with kiosk.sessions.begin() as session:
        attempt = session.get(models.Attempt, attempt_id)
        exam = attempt.registration.session
        chair = _account(session, f"chair-{number.lower()}", now)
        member = _account(session, f"member-{number.lower()}", now)
        commission = models.Commission(
            session_id=None if own_commission else exam.id,
            basis="Буйрук №7",
            created_by="admin",
            created_at=now,
        )
        session.add(commission)
        session.flush()
        session.add_all(
            [
                models.CommissionMember(
                    commission_id=commission.id, account_id=chair, role="chair"
                ),
                models.CommissionMember(
                    commission_id=commission.id, account_id=member, role="member"
                ),
            ]
        )
        appeal = models.Appeal(
            number=number,
            attempt_id=attempt_id,
            commission_id=commission.id,
            statement="Мен B тандадым, бирок C көрсөтүлүүдө",
            status="satisfied",
            filed_by="operator",
            filed_at=now,
            heard_at=now,
            decided_by="chair",
            decided_at=now,
            old_score=attempt.score,
            new_score=attempt.score + 1,
            summary="Техникалык ката тастыкталды",
        )
        session.add(appeal)
        session.flush()
        session.add_all(
            [
                models.HearingMember(
                    appeal_id=appeal.id, account_id=chair, role="chair", present=True
                ),
                models.HearingMember(
                    appeal_id=appeal.id, account_id=member, role="member", present=True
                ),
                models.AppealFinding(
                    appeal_id=appeal.id,
                    position=0,
                    fault=True,
                    established=None,
                    finding="Сүрөт жок",
                ),
                models.ProblemReport(
                    attempt_id=attempt_id,
                    position=0,
                    kind="picture_missing",
                    note="Сүрөт көрүнбөйт",
                    consumed_s=120.0,
                    at=now,
                ),
            ]
        )
        latest = session.scalar(
            select(func.max(models.ResultVersion.version)).where(
                models.ResultVersion.attempt_id == attempt_id
            )
        )
        session.add(
            models.ResultVersion(
                attempt_id=attempt_id,
                version=(latest or 0) + 1,
                score=attempt.score + 1,
                max_score=attempt.max_score,
                basis="appeal",
                appeal_id=appeal.id,
                recorded_by="chair",
                recorded_at=now,
            )
        )
        attempt.score += 1
        file_document(
            session,
            kiosk.settings.archive_dir,
            f"appeals/appeal-{number}.pdf",
            f"%PDF-1.4 appeal protocol {number}".encode(),
            kind="appeal_protocol",
            retention=COMMISSION,
            competition_id=exam.competition_id,
            session_id=exam.id,
            reference=number,
            actor="chair",
            at=now,
        )


def build(world) -> Scenario:
    """The first competition's session of 23 Nov 2026 with three candidates, extra time, an
    incident, documents and two appeals; then a second competition's session of 1 June 2027 with
    one candidate, an appeal and a problem report."""
    kiosk = world.kiosk
    names = ("Асанов Бакыт", "Бекова Айзада", "Үсөнова Гүлзат")
    ids = {name: world.add(name) for name in names}
    codes = dict(zip(names, world.seat(*ids.values()), strict=True))
    attempts = {names[0]: world.sit(codes[names[0]], right=9)}
    attempts[names[1]] = world.sit(codes[names[1]], right=7, submit=False)
    kiosk.proctor.add_time(ADMIN, codes[names[1]].registration_id, 120, "Жарык өчүп калды")
    kiosk.attempts.submit(attempts[names[1]])
    attempts[names[2]] = world.sit(codes[names[2]], right=4)
    kiosk.proctor.report_incident(
        ADMIN,
        world.session_id,
        codes[names[2]].registration_id,
        IncidentKind.EQUIPMENT,
        "Чычкан иштебей калды",
    )
    kiosk.proctor.end_session(ADMIN, world.session_id)
    kiosk.documents.session_results(ADMIN, world.session_id)
    kiosk.documents.ranking(ADMIN, world.competition_id)
    appeals = ["A-1", "A-2"]
    _appeal(
        kiosk,
        attempt_id=attempts[names[1]],
        number=appeals[0],
        own_commission=False,
    )
    _appeal(
        kiosk,
        attempt_id=attempts[names[2]],
        number=appeals[1],
        own_commission=True,
    )

    # Half a year later, another competition tests in a newer session.
    world.clock.set_wall(datetime(2027, 6, 1, 4, 0, tzinfo=UTC))
    newer = kiosk.competitions.create_competition(
        SETUP, CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 30 * 60)
    )
    kiosk.competitions.approve_terms(SETUP, newer, "Буйрук №2, 15.05.2027")
    newer_session = kiosk.exam_sessions.create_session(
        SETUP, newer, SessionPlan(NEWER_DAY, TEST_PLACE, starts_at=time(10, 0))
    )
    candidate = kiosk.competitions.add_candidate(
        SETUP, newer, Application("Жаңыбаев Өмүр", made_up_pin(900), consent=True)
    )
    (code,) = world.seat(candidate, session_id=newer_session)
    newer_attempt = world.sit(code, right=8)
    kiosk.proctor.end_session(ADMIN, newer_session)
    _appeal(kiosk, attempt_id=newer_attempt, number="A-9", own_commission=False)
    return Scenario(world, attempts, newer_attempt, newer, newer_session, appeals, "A-9")


@pytest.fixture
def scenario(world) -> Scenario:
    return build(world)


# -- reading the state -------------------------------------------------------------------------


def rows_by_session(kiosk, model) -> dict[int, int]:
    """Rows of ``model`` per session id (via the attempt, or the session column)."""
    with kiosk.sessions() as session:
        if model is models.Incident:
            query = select(models.Incident.session_id, func.count()).group_by(
                models.Incident.session_id
            )
        elif model in (models.Commission, models.CommissionMember):
            return {0: session.scalar(select(func.count()).select_from(model))}
        elif model in (models.HearingMember, models.AppealFinding):
            query = (
                select(models.Registration.session_id, func.count())
                .select_from(model)
                .join(models.Appeal, models.Appeal.id == model.appeal_id)
                .join(models.Attempt, models.Attempt.id == models.Appeal.attempt_id)
                .join(models.Registration, models.Registration.id == models.Attempt.registration_id)
                .group_by(models.Registration.session_id)
            )
        else:
            query = (
                select(models.Registration.session_id, func.count())
                .select_from(model)
                .join(models.Attempt, models.Attempt.id == model.attempt_id)
                .join(models.Registration, models.Registration.id == models.Attempt.registration_id)
                .group_by(models.Registration.session_id)
            )
        return dict(session.execute(query).all())


def count(kiosk, model) -> int:
    with kiosk.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def snapshot(kiosk) -> dict[str, object]:
    """Every row count and every archive file with its bytes: what "nothing changed" compares."""
    archive = kiosk.settings.archive_dir
    with kiosk.sessions() as session:
        documents = session.execute(
            select(models.ArchivedDocument.id, models.ArchivedDocument.removed_at)
        ).all()
        candidates = session.execute(
            select(models.Candidate.id, models.Candidate.full_name, models.Candidate.pin)
        ).all()
    return {
        "rows": {
            model.__tablename__: count(kiosk, model)
            for model in (*COMMISSION_TABLES, *DOCUMENT_TABLES, *KEPT_TABLES)
        },
        "documents": sorted(documents),
        "candidates": sorted(candidates),
        "files": {
            path.relative_to(archive).as_posix(): path.read_bytes()
            for path in archive.rglob("*")
            if path.is_file()
        },
    }


def archived(kiosk) -> dict[str, models.ArchivedDocument]:
    with kiosk.sessions() as session:
        return {row.file_name: row for row in session.scalars(select(models.ArchivedDocument))}


def audited(kiosk, action: str) -> list[models.AuditRecord]:
    with kiosk.sessions() as session:
        return list(
            session.scalars(
                select(models.AuditRecord)
                .where(models.AuditRecord.action == action)
                .order_by(models.AuditRecord.id)
            )
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_archive(folder: Path) -> dict:
    """The manifest, after recomputing the hash of every file it and SHA256SUMS list."""
    manifest_bytes = (folder / "manifest.json").read_bytes()
    manifest = json.loads(manifest_bytes)
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    for path, digest in listed.items():
        assert sha256((folder / path).read_bytes()) == digest, path
    sums = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    assert sums == {**listed, "manifest.json": sha256(manifest_bytes)}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert on_disk == {*listed, "manifest.json", "SHA256SUMS"}
    return manifest


# -- the plan ----------------------------------------------------------------------------------


def test_nothing_expires_within_the_first_year(scenario, clock, tmp_path):
    kiosk = scenario.kiosk
    clock.set_wall(BEFORE_ONE_YEAR)
    before = snapshot(kiosk)

    plan = kiosk.retention.plan(ADMIN)
    assert plan.empty
    assert plan.today == date(2027, 11, 22)
    report = kiosk.retention.apply(ADMIN, tmp_path / "out")

    assert report.archive is None
    assert not (tmp_path / "out").exists()
    assert snapshot(kiosk) == before
    assert audited(kiosk, "retention.applied") == []


def test_after_one_year_only_the_commission_materials_have_expired(scenario, clock):
    kiosk = scenario.kiosk
    clock.set_wall(ONE_YEAR)

    plan = kiosk.retention.plan(ADMIN)

    assert plan.today == date(2027, 11, 23)
    assert {item.retention for item in plan.items} == {COMMISSION}
    assert plan.of(DOCUMENTS) == ()
    assert {item.session_id for item in plan.items} == {scenario.world.session_id}
    assert {(item.session_date, item.expires_on) for item in plan.items} == {
        (SESSION_DAY, date(2027, 11, 23))
    }
    kinds = sorted((item.kind, item.reference) for item in plan.items)
    assert [kind for kind, _ in kinds] == [
        "appeal",
        "appeal",
        "appeal_protocol",
        "appeal_protocol",
        "commission",
        "commission",
        "problem_reports",
    ]
    assert {ref for kind, ref in kinds if kind in ("appeal", "appeal_protocol")} == {"A-1", "A-2"}
    (reports,) = [item for item in plan.items if item.kind == "problem_reports"]
    assert reports.count == 2
    files = {item.file_name for item in plan.items if item.file_name}
    assert files == {"appeals/appeal-A-1.pdf", "appeals/appeal-A-2.pdf"}


def test_the_commission_materials_are_archived_then_removed(scenario, clock, tmp_path):
    kiosk = scenario.kiosk
    world = scenario.world
    clock.set_wall(ONE_YEAR)
    archive_dir = kiosk.settings.archive_dir
    before = snapshot(kiosk)
    originals = {name: (archive_dir / name).read_bytes() for name in before["files"]}
    old_session = world.session_id

    report = kiosk.retention.apply(ADMIN, tmp_path / "out")

    # The archive: a new folder whose manifest lists every file with a hash that holds.
    folder = report.archive
    assert folder is not None and folder.parent == tmp_path / "out"
    assert folder.name == "retention-20271123-000000"
    manifest = check_archive(folder)
    assert report.manifest_sha256 == sha256((folder / "manifest.json").read_bytes())
    for name in ("appeals/appeal-A-1.pdf", "appeals/appeal-A-2.pdf"):
        assert (folder / "files" / name).read_bytes() == originals[name]
    copies = {entry["file_name"]: entry for entry in manifest["removed"]["files"]}
    assert set(copies) == {"appeals/appeal-A-1.pdf", "appeals/appeal-A-2.pdf"}
    assert all(entry["retention"] == COMMISSION for entry in copies.values())
    assert manifest["removed"]["records"]["appeals"] == 2
    assert manifest["removed"]["records"]["answer_events"] == 0
    assert manifest["removed"]["candidates_cleared"] == 0
    records = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    assert sorted(row["number"] for row in records["appeals"]) == ["A-1", "A-2"]
    assert len(records["hearing_members"]) == 4
    assert len(records["appeal_findings"]) == 2
    assert len(records["commissions"]) == 2
    assert len(records["commission_members"]) == 4
    assert len(records["problem_reports"]) == 2
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    by_name = {row["candidate"]: row for row in results}
    assert set(by_name) == {"Асанов Бакыт", "Бекова Айзада", "Үсөнова Гүлзат"}
    assert by_name["Асанов Бакыт"]["score"] == 9
    assert by_name["Асанов Бакыт"]["meets"] is True
    assert by_name["Бекова Айзада"]["score"] == 8  # after the appeal
    assert [v["score"] for v in by_name["Бекова Айзада"]["result_versions"]][-1] == 8
    assert by_name["Үсөнова Гүлзат"]["threshold"] == 6
    assert by_name["Үсөнова Гүлзат"]["meets"] is False
    assert "Бекова Айзада" in (folder / "results.csv").read_bytes().decode("utf-8-sig")

    # The removal: exactly the first session's commission materials.
    for model in (models.Appeal, models.HearingMember, models.AppealFinding, models.ProblemReport):
        assert old_session not in rows_by_session(kiosk, model), model.__tablename__
        assert rows_by_session(kiosk, model).get(scenario.newer_session), model.__tablename__
    assert count(kiosk, models.Commission) == 1  # the newer session's
    assert count(kiosk, models.CommissionMember) == 2
    assert report.rows_removed["appeals"] == 2
    assert report.rows_removed["commissions"] == 2
    assert report.files_removed == 2 and report.files_left == ()
    register = archived(kiosk)
    for name in ("appeals/appeal-A-1.pdf", "appeals/appeal-A-2.pdf"):
        assert register[name].removed_at == ONE_YEAR
        assert not (archive_dir / name).exists()
    assert register["appeals/appeal-A-9.pdf"].removed_at is None
    assert (archive_dir / "appeals/appeal-A-9.pdf").exists()

    # Everything else stays: the documents, each answer's records, results and names.
    after = snapshot(kiosk)
    for model in (*DOCUMENT_TABLES, *KEPT_TABLES):
        table = model.__tablename__
        assert after["rows"][table] == before["rows"][table], table
    assert after["candidates"] == before["candidates"]
    kept_files = set(before["files"]) - {"appeals/appeal-A-1.pdf", "appeals/appeal-A-2.pdf"}
    assert {name: after["files"][name] for name in kept_files} == {
        name: before["files"][name] for name in kept_files
    }
    with kiosk.sessions() as session:
        versions = session.scalars(
            select(models.ResultVersion).where(models.ResultVersion.basis == "appeal")
        ).all()
    assert len(versions) == 3  # the result versions the appeals made stay

    # The removal is audited with the archive's proof.
    (record,) = audited(kiosk, "retention.applied")
    assert record.actor == "admin"
    assert record.details["manifest_sha256"] == report.manifest_sha256
    assert record.details["out_dir"] == str(folder)
    assert record.details["files"] == {COMMISSION: 2, DOCUMENTS: 0}
    assert record.details["rows"]["appeals"] == 2

    # A second run finds nothing and changes nothing.
    again_before = snapshot(kiosk)
    again = kiosk.retention.apply(ADMIN, tmp_path / "out")
    assert again.archive is None and again.plan.empty
    assert snapshot(kiosk) == again_before
    assert len(audited(kiosk, "retention.applied")) == 1
    assert [p.name for p in (tmp_path / "out").iterdir()] == [folder.name]


def test_the_documents_stay_until_the_fifth_year(scenario, clock):
    kiosk = scenario.kiosk
    clock.set_wall(BEFORE_FIVE_YEARS)

    plan = kiosk.retention.plan(ADMIN)

    assert plan.of(DOCUMENTS) == ()
    # The commission materials of both competitions have expired by then.
    assert {item.session_id for item in plan.of(COMMISSION)} == {
        scenario.world.session_id,
        scenario.newer_session,
    }


def test_after_five_years_the_documents_go_and_the_statistics_stay(scenario, clock, tmp_path):
    kiosk = scenario.kiosk
    world = scenario.world
    old_session = world.session_id
    archive_dir = kiosk.settings.archive_dir
    clock.set_wall(FIVE_YEARS)
    before = snapshot(kiosk)
    with kiosk.sessions() as session:
        scores = dict(session.execute(select(models.Attempt.id, models.Attempt.score)).all())
        digests = sorted(session.scalars(select(models.Registration.code_digest)))
    audit_rows = count(kiosk, models.AuditRecord)

    plan = kiosk.retention.plan(ADMIN)

    documents = plan.of(DOCUMENTS)
    assert {item.competition_id for item in documents} == {world.competition_id}
    assert {item.expires_on for item in documents} == {date(2031, 11, 23)}
    kinds = {item.kind for item in documents}
    assert {"testing_protocol", "session_results", "ranking"} <= kinds
    assert {"answer_events", "attempt_items", "time_decisions", "incidents"} <= kinds
    assert "personal_data" in kinds
    (ranking,) = [item for item in documents if item.kind == "ranking"]
    assert ranking.session_id is None and ranking.session_date == SESSION_DAY
    (personal,) = [item for item in documents if item.kind == "personal_data"]
    assert personal.count == 3

    report = kiosk.retention.apply(ADMIN, tmp_path / "out")

    manifest = check_archive(report.archive)
    copied = {entry["file_name"] for entry in manifest["removed"]["files"]}
    register = archived(kiosk)
    first = {name for name, row in register.items() if row.competition_id == world.competition_id}
    # Every file of the first competition, and the newer one's appeal protocol (a year is over).
    assert copied == first | {"appeals/appeal-A-9.pdf"}
    for name in first:
        assert register[name].removed_at == FIVE_YEARS
        assert not (archive_dir / name).exists()
        assert (report.archive / "files" / name).read_bytes() == before["files"][name]
    newer = {name for name, row in register.items() if row.competition_id != world.competition_id}
    assert {register[name].kind for name in newer} == {"testing_protocol", "appeal_protocol"}
    for name in newer:
        kept = register[name].kind == "testing_protocol"
        assert (register[name].removed_at is None) is kept, name
        assert (archive_dir / name).exists() is kept, name

    # Each answer's records of the old session are gone; the newer session keeps its own.
    for model in (models.AnswerEvent, models.AttemptItem, models.TimeDecision, models.Incident):
        assert old_session not in rows_by_session(kiosk, model), model.__tablename__
    assert rows_by_session(kiosk, models.AnswerEvent)[scenario.newer_session] > 0
    assert rows_by_session(kiosk, models.AttemptItem)[scenario.newer_session] == 10
    assert report.rows_removed["attempt_items"] == 30
    assert report.rows_removed["time_decisions"] == 1
    assert report.rows_removed["incidents"] == 1

    # Personal data cleared; scores, result versions, code digests and the audit log stay.
    with kiosk.sessions() as session:
        people = {
            row.competition_id: row
            for row in session.scalars(select(models.Candidate).order_by(models.Candidate.id))
        }
        cleared = session.scalars(
            select(models.Candidate).where(models.Candidate.competition_id == world.competition_id)
        ).all()
        assert dict(session.execute(select(models.Attempt.id, models.Attempt.score)).all()) == (
            scores
        )
        assert sorted(session.scalars(select(models.Registration.code_digest))) == digests
    assert report.candidates_cleared == 3
    for candidate in cleared:
        assert (candidate.full_name, candidate.pin, candidate.phone, candidate.email) == (
            PLACEHOLDER_NAME,
            None,
            "",
            "",
        )
    assert people[scenario.newer_competition].full_name == "Жаңыбаев Өмүр"
    assert people[scenario.newer_competition].pin == made_up_pin(900)
    after = snapshot(kiosk)
    for model in (models.Registration, models.Attempt, models.ResultVersion):
        assert after["rows"][model.__tablename__] == before["rows"][model.__tablename__]
    assert count(kiosk, models.AuditRecord) == audit_rows + 1
    # The names went into the archive's results before they were cleared.
    results = json.loads((report.archive / "results.json").read_text(encoding="utf-8"))
    assert "Асанов Бакыт" in {row["candidate"] for row in results}
    records = (report.archive / "records.json").read_text(encoding="utf-8")
    assert made_up_pin(1) not in records  # personal numbers are destroyed, not copied

    # A second run the same day: nothing left, nothing changed.
    again_before = snapshot(kiosk)
    assert kiosk.retention.apply(ADMIN, tmp_path / "out").archive is None
    assert snapshot(kiosk) == again_before


def test_a_later_session_keeps_its_candidates_and_the_competition_wide_documents(
    scenario, clock, tmp_path
):
    kiosk = scenario.kiosk
    world = scenario.world
    later_day = date(2027, 2, 1)
    not_admitted = world.add("Токтосунов Эрлан", admitted=False)
    later = kiosk.exam_sessions.create_session(
        SETUP, world.competition_id, SessionPlan(later_day, TEST_PLACE, starts_at=time(10, 0))
    )
    with kiosk.sessions.begin() as session:
        asanov = session.scalar(
            select(models.Candidate.id).where(models.Candidate.full_name == "Асанов Бакыт")
        )
        # Asanov sits the later session too (an additional test, say).
        session.add(
            models.Registration(
                session_id=later,
                candidate_id=asanov,
                code_digest="0" * 64,
                code_issued_at=clock.now(),
            )
        )

    clock.set_wall(FIVE_YEARS)
    plan = kiosk.retention.plan(ADMIN)
    personal = {(i.session_id, i.count) for i in plan.of(DOCUMENTS) if i.kind == "personal_data"}
    assert personal == {(world.session_id, 2)}
    assert "ranking" not in {item.kind for item in plan.items}  # counts from 1 Feb 2027
    kiosk.retention.apply(ADMIN, tmp_path / "out")
    with kiosk.sessions() as session:
        names = dict(
            session.execute(
                select(models.Candidate.id, models.Candidate.full_name).where(
                    models.Candidate.competition_id == world.competition_id
                )
            ).all()
        )
    assert names[asanov] == "Асанов Бакыт"
    assert names[not_admitted] == "Токтосунов Эрлан"
    assert sorted(names.values()).count(PLACEHOLDER_NAME) == 2
    ranking = [name for name in archived(kiosk) if name.startswith("documents/ranking-")]
    assert all((kiosk.settings.archive_dir / name).exists() for name in ranking)

    clock.set_wall(datetime(2032, 1, 31, 17, 59, tzinfo=UTC))
    assert kiosk.retention.plan(ADMIN).empty
    clock.set_wall(datetime(2032, 1, 31, 18, 0, tzinfo=UTC))  # 1 Feb 2032 in Bishkek
    plan = kiosk.retention.plan(ADMIN)
    personal = {(i.session_id, i.count) for i in plan.items if i.kind == "personal_data"}
    assert personal == {(later, 1), (None, 1)}
    (ranking_item,) = [item for item in plan.items if item.kind == "ranking"]
    assert (ranking_item.session_date, ranking_item.expires_on) == (later_day, date(2032, 2, 1))


def test_the_periods_are_the_competitions_own_settings(scenario, clock):
    kiosk = scenario.kiosk
    first = scenario.world.competition_id
    with kiosk.sessions.begin() as session:
        competition = session.get(models.Competition, first)
        competition.rules = {
            **competition.rules,
            "commission_retention_years": 2,
            "documents_retention_years": 3,
        }

    clock.set_wall(ONE_YEAR)
    assert first not in {item.competition_id for item in kiosk.retention.plan(ADMIN).items}

    clock.set_wall(datetime(2028, 11, 22, 18, 0, tzinfo=UTC))  # 23 Nov 2028 in Bishkek
    plan = kiosk.retention.plan(ADMIN)
    assert {item.expires_on for item in plan.items if item.competition_id == first} == {
        date(2028, 11, 23)
    }
    assert plan.of(DOCUMENTS) == ()

    clock.set_wall(datetime(2029, 11, 22, 17, 59, tzinfo=UTC))
    assert kiosk.retention.plan(ADMIN).of(DOCUMENTS) == ()
    clock.set_wall(datetime(2029, 11, 22, 18, 0, tzinfo=UTC))
    documents = kiosk.retention.plan(ADMIN).of(DOCUMENTS)
    assert {(item.competition_id, item.expires_on) for item in documents} == {
        (first, date(2029, 11, 23))
    }


# -- failures and permissions --------------------------------------------------------------------


def test_an_archive_that_cannot_be_written_removes_nothing(scenario, clock, tmp_path):
    kiosk = scenario.kiosk
    clock.set_wall(FIVE_YEARS)
    before = snapshot(kiosk)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the archive folder should go")

    with pytest.raises(RetentionFailed):
        kiosk.retention.apply(ADMIN, blocker)

    assert snapshot(kiosk) == before
    assert audited(kiosk, "retention.applied") == []
    (failure,) = audited(kiosk, "retention.failed")
    assert failure.subject == str(blocker)


def test_a_write_failing_midway_removes_nothing_and_leaves_no_half_archive(
    scenario, clock, tmp_path, monkeypatch
):
    kiosk = scenario.kiosk
    clock.set_wall(FIVE_YEARS)
    before = snapshot(kiosk)
    real_write = retention_module.write_durably

    def failing_write(path: Path, data: bytes) -> None:
        if path.name == "manifest.json":
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(retention_module, "write_durably", failing_write)
    with pytest.raises(RetentionFailed, match="No space left"):
        kiosk.retention.apply(ADMIN, tmp_path / "out")

    assert snapshot(kiosk) == before
    assert list((tmp_path / "out").iterdir()) == []


def test_an_altered_archive_file_stops_the_removal(scenario, clock, tmp_path):
    kiosk = scenario.kiosk
    clock.set_wall(ONE_YEAR)
    (kiosk.settings.archive_dir / "appeals/appeal-A-1.pdf").write_bytes(b"%PDF-1.4 changed")
    before = snapshot(kiosk)

    with pytest.raises(RetentionFailed, match=r"appeal-A-1\.pdf"):
        kiosk.retention.apply(ADMIN, tmp_path / "out")

    assert snapshot(kiosk) == before
    assert list((tmp_path / "out").iterdir()) == []


def test_an_operator_may_neither_plan_nor_apply(scenario, clock, tmp_path):
    kiosk = scenario.kiosk
    clock.set_wall(FIVE_YEARS)
    before = snapshot(kiosk)

    with pytest.raises(NotPermitted):
        kiosk.retention.plan(OPERATOR)
    with pytest.raises(NotPermitted):
        kiosk.retention.apply(OPERATOR, tmp_path / "out")

    assert snapshot(kiosk) == before
    assert not (tmp_path / "out").exists()
    refusals = audited(kiosk, "permission.refused")
    assert [r.subject for r in refusals[-2:]] == ["plan", "apply"]
    assert {r.details["permission"] for r in refusals[-2:]} == {"retention.apply"}


def test_a_removed_protocol_is_not_made_again(scenario, clock, tmp_path):
    kiosk = scenario.kiosk
    attempt_id = next(iter(scenario.attempts.values()))
    clock.set_wall(FIVE_YEARS)
    kiosk.retention.apply(ADMIN, tmp_path / "out")
    with pytest.raises(ProtocolRemoved):
        kiosk.protocols.issue(attempt_id)
    # The newer competition's protocol is within its period and still there.
    number, path = kiosk.protocols.issue(scenario.newer_attempt)
    assert path.exists() and number
