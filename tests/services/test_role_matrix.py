"""Every role against every service action (issue 6, point 6), on SQLite and PostgreSQL.

The matrix is a table of actions, one row per guarded service method: the permission the action
needs, and a factory that prepares a valid call on a prepared world.  For each role, every action
is tried with an actor holding only that role: where the role's permissions
(``kiosk.domain.roles.ROLE_PERMISSIONS``, read here, never copied) include the row's permission,
the call must succeed and do what it says; elsewhere it must raise :class:`NotPermitted`, leave
exactly one ``permission.refused`` audit record naming the method, the actor and the permission,
and change nothing else (every table but the audit's, and every file).

The guarded methods are discovered from the services the :class:`~kiosk.app.Kiosk` holds, so an
action added later without a row, or a guard checking another permission than its row says, fails
:func:`test_the_matrix_covers_every_guarded_action`.  The entry points that check no role by
design are listed in ``UNGUARDED``, as documentation; a public method that is in neither list
fails :func:`test_every_public_service_method_is_guarded_or_unguarded_by_design`.

About 45 s on SQLite: one world per role (an account costs a password hash and a key slot, so
the stage makes only the two commission accounts), each action prepared on it in order.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import io
import pkgutil
import traceback
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import kiosk.services
from kiosk.app import Kiosk, build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.domain.roles import ROLE_PERMISSIONS, Actor, NotPermitted, Permission, Role
from kiosk.services.appeal_views import AppealStatus, Attendance, Finding, ProblemKind
from kiosk.services.competition_views import (
    APPROVED,
    DRAFT,
    WITHDRAWN,
    Application,
    CompetitionTerms,
    IssuedCode,
    SessionPlan,
)
from kiosk.services.demo import SETUP
from kiosk.services.session_views import IncidentKind
from kiosk.storage import models
from protocols.ministry_package import verify_package
from question_bank.formats import format_module
from question_bank.lifecycle import Status
from question_bank.model import Bank, Section
from tests.helpers.banks import SECTION_TITLES, make_question
from tests.helpers.competition import World
from tests.helpers.sittings import SESSION_DAY, SMALL_BLUEPRINT, TEST_PLACE, TEST_VACANCY

pytestmark = pytest.mark.storage

PASSWORD = "matrix-password-2026"
#: The staff who prepare what an action needs; never the actor under test.
EDITOR = Actor("matrix-editor", frozenset({Role.BANK_EDITOR}))
COMMISSION = frozenset({Role.COMMISSION})

#: Entry points that check no role, by design, with the reason.  Documentation only: they are
#: not in the matrix, but a public service method must be either guarded or listed here.
UNGUARDED = {
    "accounts.needs_first_administrator": "asked before anyone can sign in (a fresh installation)",
    "accounts.create_first_administrator": "refused once any account exists",
    "accounts.sign_in": "makes the actor from a password; audited on success and refusal",
    "accounts.recover_administrator": "the recovery passphrase from the safe is the credential",
    "attempts.login": "a candidate is no account: the code on the slip is the credential",
    "attempts.lockout_seconds": "the station's own lockout after wrong codes",
    "attempts.start": "the candidate's own attempt, opened by a code that was accepted",
    "attempts.view": "the candidate's own attempt",
    "attempts.remaining": "the candidate's own attempt",
    "attempts.select_option": "the candidate's own answer",
    "attempts.toggle_option": "the candidate's own answer",
    "attempts.set_flag": "the candidate's own flag",
    "attempts.go_to": "the candidate's own navigation",
    "attempts.heartbeat": "the station's sign of life",
    "attempts.report_problem": "the candidate's report to the proctor",
    "attempts.submit": "the candidate ends their own attempt (or the time does)",
    "attempts.result": "the candidate's own result, shown at once (cl. 25)",
    "bank.load_approved": "seeding of the demo and the tests; no staff member acts through it",
    "protocols.issue": "the station issues the candidate's protocol at submission",
    "protocols.supersede": "called inside the appeal decision, which is guarded",
    "exam_sessions.add_session_row": "a building block inside guarded use cases",
    "exam_sessions.seat": "a building block inside guarded use cases",
    "keys.installed": "asked at start-up, before anyone signs in",
    "keys.install": "made with the first administrator; refused once the keys exist",
    "keys.grant": "inside the guarded account use cases, in their transaction",
    "keys.open": "at sign-in, with the account's own password",
    "keys.recover": "the recovery passphrase is itself the credential",
    "keys.lock": "forgets the key in this process; gives nothing away",
    "keys.public_key": "public: anyone may check a document",
    "keys.verify": "public: anyone may check a document",
    "keys.sign": "inside the use cases that issue documents",
    "verification.pinned": "public: anyone may check a document",
    "verification.public_key": "public: anyone may check a document",
    "verification.public_key_pem": "public: anyone may check a document",
}


# -- discovery --------------------------------------------------------------------------------


def service_names() -> list[str]:
    """The attributes of :class:`Kiosk` that hold services: its fields and lazy properties."""
    names = [item.name for item in dataclasses.fields(Kiosk)]
    names += [
        name
        for name, value in inspect.getmembers(Kiosk)
        if isinstance(value, functools.cached_property)
    ]
    return names


def services_of(kiosk: Kiosk) -> dict[str, type]:
    """Kiosk attribute → the service class it holds (classes of ``kiosk.services`` only)."""
    found = {}
    for name in service_names():
        cls = type(getattr(kiosk, name))
        if cls.__module__.startswith("kiosk.services."):
            found[name] = cls
    return found


def public_methods(cls: type) -> Iterator[tuple[str, Callable[..., Any]]]:
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            yield name, member


def guarded_actions(kiosk: Kiosk) -> dict[str, Permission]:
    """``"service.method"`` → the permission its guard checks, for every guarded method."""
    return {
        f"{attribute}.{name}": method.permission
        for attribute, cls in services_of(kiosk).items()
        for name, method in public_methods(cls)
        if hasattr(method, "permission")
    }


def guarded_classes() -> set[type]:
    """Every class in ``kiosk.services`` with at least one guarded method."""
    classes = set()
    for info in pkgutil.iter_modules(kiosk.services.__path__, "kiosk.services."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and any(
                hasattr(method, "permission") for _n, method in public_methods(cls)
            ):
                classes.add(cls)
    return classes


@pytest.fixture(scope="module")
def bare_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    """A kiosk on an empty SQLite database: discovery needs the services, not data."""
    folder = tmp_path_factory.mktemp("discovery")
    settings = resolve_settings(
        data_dir=str(folder / "data"),
        database_url=f"sqlite:///{folder / 'kiosk.db'}",
        station_id="matrix",
        environ={},
    )
    kiosk = build(settings, FakeClock())
    yield kiosk
    kiosk.close()


def test_the_matrix_covers_every_guarded_action(bare_kiosk: Kiosk):
    discovered = guarded_actions(bare_kiosk)
    missing = sorted(set(discovered) - set(ACTIONS))
    stale = sorted(set(ACTIONS) - set(discovered))
    assert not missing, f"guarded actions without a row in the matrix: {missing}"
    assert not stale, f"matrix rows for actions that are no longer guarded: {stale}"
    wrong = {key: guard for key, guard in discovered.items() if ACTIONS[key].permission != guard}
    assert not wrong, f"guards that check another permission than the matrix says: {wrong}"
    # Every permission guards something, so no role's right is left untried.
    assert set(discovered.values()) == set(Permission)


def test_every_service_with_a_guard_is_reachable_from_the_kiosk(bare_kiosk: Kiosk):
    reachable = set(services_of(bare_kiosk).values())
    assert guarded_classes() <= reachable, "a guarded service the Kiosk does not hold"


def test_every_public_service_method_is_guarded_or_unguarded_by_design(bare_kiosk: Kiosk):
    unguarded = {
        f"{attribute}.{name}"
        for attribute, cls in services_of(bare_kiosk).items()
        for name, method in public_methods(cls)
        if not hasattr(method, "permission")
    }
    assert unguarded == set(UNGUARDED)


# -- the prepared world -----------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """A prepared call: the arguments after the actor, and what an allowed call must have done."""

    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    verify: Callable[[Any], None] = lambda _result: None


class Stage:
    """A world prepared for one role: three competitions and the staff an action needs.

    * ``done``: the world's competition, its 10:00 session ended with a winner, a runner-up and a
      candidate below the threshold, and every appeal window closed (the documents);
    * ``tie``: two candidates tied for first (the additional test);
    * ``live``: a session at 11:30 where candidates are in the test or have just submitted (the
      console, the codes, the appeals).
    """

    def __init__(self, world: World, role: Role, folder: Path) -> None:
        self.world = world
        self.kiosk = world.kiosk
        self.clock = world.clock
        self.folder = folder
        self.actor = Actor(f"matrix-{role.value}", frozenset({role}))
        self._serial = 0
        self._drafts = 0
        accounts = self.kiosk.accounts
        # The chair of every commission: the actor under test when it has the commission role,
        # so that an allowed hearing is really its own.  Other actors need no account (every
        # account costs a password hash and a key slot, a second or so).
        self.chair = self.actor if role is Role.COMMISSION else Actor("matrix-chair", COMMISSION)
        accounts.create_account(SETUP, self.chair.name, "Төрага Айгүл", COMMISSION, PASSWORD)
        accounts.create_account(SETUP, "matrix-member", "Мүчө Бакыт", COMMISSION, PASSWORD)
        self.chair_id = self.account_id(self.chair.name)
        self.member_id = self.account_id("matrix-member")

        self.done = world.competition_id
        self.done_session = world.session_id
        names = ("Асанов Бакыт", "Бекова Айзада", "Касымов Улан")
        done = [self.candidate(self.done, name) for name in names]
        self.winner, self.runner_up, _ = done
        for code, right in zip(world.seat(*done), (9, 7, 4), strict=True):
            world.sit(code, right=right)
        self.kiosk.proctor.end_session(SETUP, self.done_session)

        self.tie = self.competition()
        tie_session = self.session(self.tie, time(10, 0))
        tied = [self.candidate(self.tie, name) for name in ("Осмонов Эрлан", "Токтогулова Нургүл")]
        for code in world.seat(*tied, session_id=tie_session):
            world.sit(code, right=8)
        self.kiosk.proctor.end_session(SETUP, tie_session)

        self.clock.advance(61 * 60)  # 11:01: every window of the morning sessions has closed
        self.live = self.competition()
        self.live_session = self.session(self.live, time(11, 30))

    # -- building blocks, all done by staff other than the actor under test ---------------------

    def serial(self) -> int:
        self._serial += 1
        return self._serial

    def account_id(self, login: str) -> int:
        return self.scalar(select(models.Account.id).where(models.Account.login == login))

    def scalar(self, query: Any) -> Any:
        with self.kiosk.sessions() as session:
            return session.scalar(query)

    def row(self, model: type, key: int) -> Any:
        with self.kiosk.sessions() as session:
            return session.get(model, key)

    def count(self, model: type) -> int:
        return self.scalar(select(func.count()).select_from(model))

    def competition(self) -> int:
        terms = CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 30 * 60)
        competition_id = self.kiosk.competitions.create_competition(SETUP, terms)
        self.kiosk.competitions.approve_terms(SETUP, competition_id, "Буйрук №1, 01.11.2026")
        return competition_id

    def session(self, competition_id: int, starts: time) -> int:
        plan = SessionPlan(SESSION_DAY, TEST_PLACE, starts_at=starts)
        return self.kiosk.exam_sessions.create_session(SETUP, competition_id, plan)

    def candidate(self, competition_id: int | None = None, name: str = "") -> int:
        number = self.serial()
        # Personal numbers well-formed and unused: born 1 Jan 1980, serials 50000 and up.
        form = Application(name or f"Талапкер {number}", f"2010119805{number:04d}", consent=True)
        return self.kiosk.competitions.add_candidate(SETUP, competition_id or self.live, form)

    def seated(self) -> IssuedCode:
        """A candidate seated in the live session, with the code in clear."""
        (code,) = self.world.seat(self.candidate(), session_id=self.live_session)
        return code

    def submitted(self) -> int:
        """A new attempt submitted in the live session (5 of 10, below the threshold)."""
        return self.world.sit(self.seated(), right=5)

    @functools.cached_property
    def running(self) -> tuple[int, int]:
        """(registration, attempt) of a candidate in the test in the live session."""
        code = self.seated()
        return code.registration_id, self.world.sit(code, right=3, submit=False)

    def appeal(self) -> int:
        """A new appeal of a new attempt, with its own commission (the chair and a member)."""
        appeals = self.kiosk.appeals
        appeal_id = appeals.file_appeal(SETUP, self.submitted(), "Мен Б тандадым").appeal_id
        appeals.compose_commission(
            SETUP,
            chair=self.chair_id,
            members=[self.member_id],
            basis="Буйрук №7",
            appeal_id=appeal_id,
        )
        return appeal_id

    def attendance(self) -> list[Attendance]:
        return [Attendance(self.chair_id, present=True), Attendance(self.member_id, present=True)]

    def heard(self) -> int:
        appeal_id = self.appeal()
        self.kiosk.appeals.open_hearing(self.chair, appeal_id, self.attendance())
        return appeal_id

    @functools.cached_property
    def hearing(self) -> int:
        """An appeal under hearing, shared by the review, the recomputing and the decision."""
        return self.heard()

    @functools.cached_property
    def decided(self) -> int:
        """An appeal decided by the chair, with its protocol (rejected: a satisfied one would
        also reissue the testing protocol, which no action here needs)."""
        appeal_id = self.heard()
        no_fault = [Finding(9, fault=False, text="техникалык ката жок")]
        self.kiosk.appeals.decide(self.chair, appeal_id, no_fault, "четке кагылат")
        return appeal_id

    @functools.cached_property
    def target_account(self) -> str:
        """The account the account actions change: one of its own when they are allowed, else
        the member's (a refused call reads no argument; this saves making an account)."""
        if not self.actor.may(Permission.MANAGE_ACCOUNTS):
            return "matrix-member"
        self.kiosk.accounts.create_account(
            SETUP, "matrix-target", "Максат Алиев", frozenset({Role.OBSERVER}), PASSWORD
        )
        return "matrix-target"

    def section(self) -> str:
        code = f"ethics{self.serial()}"
        self.kiosk.bank.add_section(EDITOR, code, {"ky": "Этика", "ru": "Этика"})
        return code

    def draft(self, *, submitted: bool) -> int:
        """A new version of a pedagogy question written by the editor; its version id."""
        bank = self.kiosk.bank
        self._drafts += 1  # each draft on a question of its own, of the 18 pedagogy ones
        question = bank.latest(EDITOR, f"PEDAGOGY-{self._drafts:03d}").question
        version = bank.save(EDITOR, replace(question, source="Мыйзам, 5-берене")).version_id
        return bank.submit(EDITOR, version).version_id if submitted else version

    def bank_file(self) -> bytes:
        """A bank package with one question the bank does not hold."""
        number = self.serial()
        bank = Bank(
            sections=(Section("law", SECTION_TITLES["law"]),),
            scenarios=(),
            questions=(make_question(f"NEW-{number:03d}", "law", number),),
        )
        return format_module("package").write(bank)

    def archived(self, kind: str) -> int:
        return self.scalar(
            select(func.count())
            .select_from(models.ArchivedDocument)
            .where(models.ArchivedDocument.kind == kind)
        )


#: Finding on the last question (answered wrongly by a "5 of 10" attempt): a picture was missing,
#: so the point is awarded and the score becomes 6.
FINDINGS = [Finding(9, fault=True, text="сүрөт көрүнгөн жок")]


# -- the actions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One action of the matrix: the permission it needs (the specification: the guard must
    check exactly this one) and the factory of a valid call."""

    permission: Permission
    prepare: Callable[[Stage], Call]


ACTIONS: dict[str, Row] = {}


def action(
    key: str, permission: Permission
) -> Callable[[Callable[[Stage], Call]], Callable[[Stage], Call]]:
    """Register the row of ``key`` (``"service.method"``); the matrix runs them in order."""

    def register(factory: Callable[[Stage], Call]) -> Callable[[Stage], Call]:
        assert key not in ACTIONS, key
        ACTIONS[key] = Row(permission, factory)
        return factory

    return register


def pdf(data: Any) -> None:
    assert isinstance(data, bytes) and data.startswith(b"%PDF"), "not a PDF"


# accounts


@action("accounts.accounts", Permission.MANAGE_ACCOUNTS)
def _(s: Stage) -> Call:
    return Call(verify=lambda found: _assert(s.chair.name in {a.login for a in found}))


@action("accounts.create_account", Permission.MANAGE_ACCOUNTS)
def _(s: Stage) -> Call:
    login = f"new-{s.serial()}"

    def verify(view: Any) -> None:
        assert view.login == login and s.account_id(login) is not None

    return Call((login, "Жаңы Кызматкер", frozenset({Role.OPERATOR}), PASSWORD), verify=verify)


@action("accounts.set_roles", Permission.MANAGE_ACCOUNTS)
def _(s: Stage) -> Call:
    login = s.target_account

    def verify(_view: Any) -> None:
        assert s.row(models.Account, s.account_id(login)).roles == [Role.OPERATOR.value]

    return Call((login, frozenset({Role.OPERATOR})), verify=verify)


@action("accounts.set_active", Permission.MANAGE_ACCOUNTS)
def _(s: Stage) -> Call:
    login = s.target_account
    return Call(
        (login, False),
        verify=lambda _v: _assert(not s.row(models.Account, s.account_id(login)).active),
    )


@action("keys.set_recovery_passphrase", Permission.MANAGE_ACCOUNTS)
def _(s: Stage) -> Call:
    def verify(_result: Any) -> None:
        with s.kiosk.sessions() as session:
            assert session.scalar(
                select(func.count())
                .select_from(models.KeySlot)
                .where(models.KeySlot.account_id.is_(None))
            )

    return Call(("a recovery passphrase of several words for the safe",), verify=verify)


@action("accounts.reset_password", Permission.MANAGE_ACCOUNTS)
def _(s: Stage) -> Call:
    login = s.target_account
    before = s.row(models.Account, s.account_id(login)).password_hash

    def verify(_view: Any) -> None:
        assert s.row(models.Account, s.account_id(login)).password_hash != before

    return Call((login, "another-password-2026"), verify=verify)


# competitions


@action("competitions.create_competition", Permission.MANAGE_COMPETITIONS)
def _(s: Stage) -> Call:
    def verify(competition_id: Any) -> None:
        assert s.row(models.Competition, competition_id).status == DRAFT

    return Call((CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 30 * 60),), verify=verify)


@action("competitions.approve_terms", Permission.APPROVE_TERMS)
def _(s: Stage) -> Call:
    terms = CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 30 * 60)
    draft = s.kiosk.competitions.create_competition(SETUP, terms)

    def verify(_view: Any) -> None:
        assert s.row(models.Competition, draft).status == APPROVED

    return Call((draft, "Буйрук №9, 02.11.2026"), verify=verify)


@action("competitions.competitions", Permission.VIEW_RESULTS)
def _(s: Stage) -> Call:
    return Call(verify=lambda found: _assert(s.done in {c.id for c in found}))


@action("competitions.competition", Permission.VIEW_RESULTS)
def _(s: Stage) -> Call:
    return Call((s.done,), verify=lambda view: _assert(view.id == s.done))


@action("competitions.add_candidate", Permission.REGISTER_CANDIDATES)
def _(s: Stage) -> Call:
    form = Application("Жаңы Талапкер", f"2010119806{s.serial():04d}", consent=True)

    def verify(candidate_id: Any) -> None:
        assert s.row(models.Candidate, candidate_id).competition_id == s.live

    return Call((s.live, form), verify=verify)


@action("competitions.withdraw", Permission.REGISTER_CANDIDATES)
def _(s: Stage) -> Call:
    candidate = s.candidate()
    return Call(
        (candidate, "өз каалоосу менен"),
        verify=lambda _r: _assert(s.row(models.Candidate, candidate).status == WITHDRAWN),
    )


@action("competitions.candidates", Permission.VIEW_CANDIDATES)
def _(s: Stage) -> Call:
    return Call((s.done,), verify=lambda found: _assert(s.winner in {c.id for c in found}))


# sessions and codes


@action("exam_sessions.create_session", Permission.MANAGE_SESSIONS)
def _(s: Stage) -> Call:
    plan = SessionPlan(SESSION_DAY, TEST_PLACE, shift=2, starts_at=time(15, 0))
    return Call(
        (s.live, plan),
        verify=lambda session_id: _assert(
            s.row(models.ExamSession, session_id).competition_id == s.live
        ),
    )


@action("exam_sessions.register", Permission.ISSUE_CODES)
def _(s: Stage) -> Call:
    candidate = s.candidate()

    def verify(codes: Any) -> None:
        (code,) = codes
        assert s.row(models.Registration, code.registration_id).candidate_id == candidate

    return Call((s.live_session, [candidate]), verify=verify)


@action("exam_sessions.reissue_code", Permission.ISSUE_CODES)
def _(s: Stage) -> Call:
    seated = s.seated()
    before = s.row(models.Registration, seated.registration_id).code_digest

    def verify(code: Any) -> None:
        assert code.code != seated.code
        assert s.row(models.Registration, seated.registration_id).code_digest != before

    return Call((seated.registration_id,), verify=verify)


@action("exam_sessions.code_slips", Permission.ISSUE_CODES)
def _(s: Stage) -> Call:
    return Call((s.live_session, [s.seated()]), verify=pdf)


@action("exam_sessions.registration_sheet", Permission.MANAGE_SESSIONS)
def _(s: Stage) -> Call:
    return Call((s.live_session,), verify=pdf)


@action("exam_sessions.set_observers", Permission.PROCTOR)
def _(s: Stage) -> Call:
    def verify(_r: Any) -> None:
        assert s.row(models.ExamSession, s.live_session).observers == ["Байкоочу Марат"]

    return Call((s.live_session, ["Байкоочу  Марат"]), verify=verify)


# the proctor's console


@action("proctor.sessions", Permission.VIEW_RESULTS)
def _(s: Stage) -> Call:
    return Call(verify=lambda found: _assert(s.live_session in {c.session_id for c in found}))


@action("proctor.console", Permission.VIEW_RESULTS)
def _(s: Stage) -> Call:
    registration, _attempt = s.running
    return Call(
        (s.live_session,),
        verify=lambda view: _assert(registration in {seat.registration_id for seat in view.seats}),
    )


@action("proctor.acknowledge_problem", Permission.PROCTOR)
def _(s: Stage) -> Call:
    _registration, attempt = s.running
    s.kiosk.attempts.report_problem(attempt, 0, ProblemKind.PICTURE_MISSING)
    problem = s.scalar(select(func.max(models.ProblemReport.id)))

    def verify(_r: Any) -> None:
        assert s.row(models.ProblemReport, problem).acknowledged_by == s.actor.name

    return Call((problem,), verify=verify)


@action("proctor.resume_station", Permission.PROCTOR)
def _(s: Stage) -> Call:
    registration, attempt = s.running

    def verify(_r: Any) -> None:
        decisions = select(func.count()).where(
            models.TimeDecision.attempt_id == attempt, models.TimeDecision.kind == "resume"
        )
        assert s.scalar(decisions) == 1

    return Call((registration, 120, "станция өчүп калды"), verify=verify)


@action("proctor.add_time", Permission.PROCTOR)
def _(s: Stage) -> Call:
    registration, attempt = s.running
    before = s.row(models.Attempt, attempt).time_limit_s

    def verify(_r: Any) -> None:
        assert s.row(models.Attempt, attempt).time_limit_s == before + 300

    return Call((registration, 300, "жарык өчтү"), verify=verify)


@action("proctor.report_incident", Permission.PROCTOR)
def _(s: Stage) -> Call:
    before = s.count(models.Incident)
    return Call(
        (s.live_session, None, IncidentKind.OTHER, "залда ызы-чуу"),
        verify=lambda _r: _assert(s.count(models.Incident) == before + 1),
    )


@action("proctor.mark_absent", Permission.PROCTOR)
def _(s: Stage) -> Call:
    registration = s.seated().registration_id
    return Call(
        (registration,),
        verify=lambda _r: _assert(s.row(models.Registration, registration).status == "absent"),
    )


@action("proctor.resume_code_entry", Permission.PROCTOR)
def _(s: Stage) -> Call:
    # Suspended as too many wrong codes would leave it (typing them is the login tests' work).
    session_id = s.session(s.live, time(17, 0))
    with s.kiosk.sessions.begin() as session:
        exam = session.get_one(models.ExamSession, session_id)
        exam.codes_suspended_at, exam.failed_codes = s.clock.now(), 20

    def verify(_r: Any) -> None:
        exam = s.row(models.ExamSession, session_id)
        assert (exam.codes_suspended_at, exam.failed_codes) == (None, 0)

    return Call((session_id, "бир эле талапкер катачылык кетирген"), verify=verify)


@action("proctor.end_session", Permission.PROCTOR)
def _(s: Stage) -> Call:
    session_id = s.session(s.live, time(16, 0))
    return Call(
        (session_id,),
        verify=lambda _r: _assert(s.row(models.ExamSession, session_id).ended_at is not None),
    )


# results and documents


@action("results.results", Permission.VIEW_RESULTS)
def _(s: Stage) -> Call:
    return Call((s.done,), verify=lambda results: _assert(results.ranking.winner == s.winner))


@action("results.schedule_tie_break", Permission.DECIDE_RESULTS)
def _(s: Stage) -> Call:
    plan = SessionPlan(SESSION_DAY + timedelta(days=1), TEST_PLACE, starts_at=time(10, 0))

    def verify(scheduled: Any) -> None:
        assert len(scheduled.codes) == 2
        assert s.row(models.ExamSession, scheduled.session_id).competition_id == s.tie

    return Call((s.tie, plan), verify=verify)


@action("documents.session_results", Permission.EXPORT_DOCUMENTS)
def _(s: Stage) -> Call:
    before = s.archived("session_results")

    def verify(data: Any) -> None:
        pdf(data)
        assert s.archived("session_results") == before + 1

    return Call((s.done_session,), verify=verify)


@action("documents.ranking", Permission.EXPORT_DOCUMENTS)
def _(s: Stage) -> Call:
    before = s.archived("ranking")

    def verify(data: Any) -> None:
        pdf(data)
        assert s.archived("ranking") == before + 1

    return Call((s.done,), verify=verify)


@action("documents.ministry_package", Permission.EXPORT_DOCUMENTS)
def _(s: Stage) -> Call:
    before = s.archived("ministry_package")

    def verify(data: Any) -> None:
        assert verify_package(data) == []
        assert "ranking.pdf" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert s.archived("ministry_package") == before + 1

    return Call((s.done,), verify=verify)


@action("results.record_refusal", Permission.DECIDE_RESULTS)
def _(s: Stage) -> Call:
    def verify(ranking: Any) -> None:
        assert ranking.winner == s.runner_up
        assert s.row(models.Candidate, s.winner).refused_at is not None

    return Call((s.winner, "келишимден баш тартты"), verify=verify)


# the bank


@action("bank.sections", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    return Call(verify=lambda found: _assert("law" in {section.code for section in found}))


@action("bank.add_section", Permission.EDIT_BANK)
def _(s: Stage) -> Call:
    code = f"civics{s.serial()}"
    return Call(
        (code, {"ky": "Жарандык", "ru": "Гражданство"}),
        verify=lambda _r: _assert(
            s.scalar(select(models.Section.id).where(models.Section.code == code)) is not None
        ),
    )


@action("bank.rename_section", Permission.EDIT_BANK)
def _(s: Stage) -> Call:
    code = s.section()
    title = {"ky": "Кесиптик этика", "ru": "Профессиональная этика"}
    return Call(
        (code, title),
        verify=lambda _r: _assert(
            s.scalar(select(models.Section.title).where(models.Section.code == code)) == title
        ),
    )


@action("bank.move_section", Permission.EDIT_BANK)
def _(s: Stage) -> Call:
    code = s.section()
    return Call(
        (code, 0),
        verify=lambda _r: _assert(s.kiosk.bank.sections(EDITOR)[0].code == code),
    )


@action("bank.rows", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    return Call(verify=lambda rows: _assert(any(row.uid == "LAW-001" for row in rows)))


@action("bank.review_queue", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    waiting = s.draft(submitted=True)
    return Call(verify=lambda rows: _assert(waiting in {row.version_id for row in rows}))


@action("bank.version", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    version_id = s.kiosk.bank.latest(EDITOR, "LAW-001").version_id
    return Call((version_id,), verify=lambda view: _assert(view.uid == "LAW-001"))


@action("bank.latest", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    return Call(("LAW-002",), verify=lambda view: _assert(view.uid == "LAW-002"))


@action("bank.history", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    return Call(("LAW-003",), verify=lambda views: _assert(views[0].number == 1))


@action("bank.save", Permission.EDIT_BANK)
def _(s: Stage) -> Call:
    latest = s.kiosk.bank.latest(EDITOR, "LAW-004")

    def verify(view: Any) -> None:
        assert (view.status, view.number) == (Status.DRAFT, latest.number + 1)

    return Call((replace(latest.question, source="Мыйзам, 7-берене"),), verify=verify)


@action("bank.submit", Permission.EDIT_BANK)
def _(s: Stage) -> Call:
    return Call(
        (s.draft(submitted=False),),
        verify=lambda view: _assert(view.status is Status.SUBMITTED),
    )


@action("bank.approve", Permission.APPROVE_BANK)
def _(s: Stage) -> Call:
    return Call(
        (s.draft(submitted=True), "Туура"),
        verify=lambda view: _assert(view.status is Status.APPROVED),
    )


@action("bank.return_for_rework", Permission.APPROVE_BANK)
def _(s: Stage) -> Call:
    return Call(
        (s.draft(submitted=True), "Булакты тактаңыз"),
        verify=lambda view: _assert(view.status is Status.DRAFT),
    )


@action("bank.retire", Permission.APPROVE_BANK)
def _(s: Stage) -> Call:
    return Call(("IT-018", "Эскирди"), verify=lambda view: _assert(view.status is Status.RETIRED))


def _imported(s: Stage) -> Callable[[Any], None]:
    def verify(report: Any) -> None:
        (uid,) = report.new_questions
        assert s.scalar(select(models.Question.id).where(models.Question.uid == uid)) is not None

    return verify


@action("bank.import_file", Permission.EDIT_BANK)
def _(s: Stage) -> Call:
    path = s.folder / f"import-{s.serial()}.kbank"
    path.write_bytes(s.bank_file())
    return Call((path,), verify=_imported(s))


@action("bank.import_data", Permission.EDIT_BANK)
def _(s: Stage) -> Call:
    return Call((s.bank_file(), "bank.kbank"), verify=_imported(s))


@action("bank.export", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    return Call(("moodle",), verify=lambda data: _assert(data.startswith(b"<?xml")))


@action("bank.archive", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    return Call(verify=lambda archive: _assert(len(archive.questions) >= 60))


@action("bank.check_blueprint", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    return Call((SMALL_BLUEPRINT,), verify=lambda check: _assert(check.ready))


@action("bank.sample_form", Permission.VIEW_BANK)
def _(s: Stage) -> Call:
    return Call(
        (SMALL_BLUEPRINT,),
        {"seed": 7},
        verify=lambda items: _assert(len(items) == SMALL_BLUEPRINT.total),
    )


# appeals


@action("appeals.appealable", Permission.FILE_APPEALS)
def _(s: Stage) -> Call:
    appeal_id = s.hearing  # its attempt is in its window, with the appeal open
    attempt = s.row(models.Appeal, appeal_id).attempt_id
    return Call(verify=lambda found: _assert(attempt in {a.attempt_id for a in found}))


@action("appeals.file_appeal", Permission.FILE_APPEALS)
def _(s: Stage) -> Call:
    attempt = s.submitted()

    def verify(view: Any) -> None:
        assert view.status is AppealStatus.FILED
        assert s.row(models.Appeal, view.appeal_id).attempt_id == attempt

    return Call((attempt, "Мен Б тандадым, экранда В көрүндү"), verify=verify)


@action("appeals.appeals", Permission.VIEW_APPEALS)
def _(s: Stage) -> Call:
    decided = s.decided
    return Call((s.live,), verify=lambda found: _assert(decided in {a.appeal_id for a in found}))


@action("appeals.appeal", Permission.VIEW_APPEALS)
def _(s: Stage) -> Call:
    return Call((s.decided,), verify=lambda view: _assert(view.appeal_id == s.decided))


@action("appeals.commissioners", Permission.COMPOSE_COMMISSION)
def _(s: Stage) -> Call:
    return Call(verify=lambda found: _assert(s.chair_id in {c.account_id for c in found}))


@action("appeals.compose_commission", Permission.COMPOSE_COMMISSION)
def _(s: Stage) -> Call:
    before = s.count(models.Commission)
    return Call(
        kwargs={
            "chair": s.chair_id,
            "members": [s.member_id],
            "basis": "Буйрук №8",
            "session_id": s.live_session,
        },
        verify=lambda _view: _assert(s.count(models.Commission) == before + 1),
    )


@action("appeals.session_commission", Permission.VIEW_APPEALS)
def _(s: Stage) -> Call:
    composed = s.kiosk.appeals.compose_commission(
        SETUP, chair=s.chair_id, members=[s.member_id], basis="Буйрук №8", session_id=s.live_session
    )
    return Call(
        (s.live_session,),
        verify=lambda view: _assert(view.commission_id == composed.commission_id),
    )


@action("appeals.open_hearing", Permission.HEAR_APPEALS)
def _(s: Stage) -> Call:
    appeal_id = s.appeal()
    return Call(
        (appeal_id, s.attendance()),
        verify=lambda _v: _assert(s.row(models.Appeal, appeal_id).heard_at is not None),
    )


@action("appeals.review", Permission.HEAR_APPEALS)
def _(s: Stage) -> Call:
    return Call((s.hearing,), verify=lambda review: _assert(len(review.items) == 10))


@action("appeals.recomputed_score", Permission.HEAR_APPEALS)
def _(s: Stage) -> Call:
    return Call((s.hearing, FINDINGS), verify=lambda score: _assert(score == 6))


@action("appeals.decide", Permission.HEAR_APPEALS)
def _(s: Stage) -> Call:
    appeal_id = s.hearing

    def verify(view: Any) -> None:
        assert (view.status, view.new_score) == (AppealStatus.SATISFIED, 6)
        assert s.row(models.Appeal, appeal_id).decided_by == s.actor.name

    return Call((appeal_id, FINDINGS, "канааттандырылат"), verify=verify)


@action("appeals.appeal_protocol", Permission.VIEW_APPEALS)
def _(s: Stage) -> Call:
    return Call((s.decided,), verify=lambda path: pdf(Path(path).read_bytes()))


# the audit chain


@action("audit_trail.verify", Permission.VERIFY_AUDIT)
def _(s: Stage) -> Call:
    return Call(verify=lambda report: _assert(report.intact and report.records > 0))


# checking a document


def _issued_protocol(s: Stage) -> models.ArchivedDocument:
    attempt_id = s.submitted()
    with s.kiosk.sessions() as session:
        number = session.scalars(
            select(models.ProtocolRecord.number).where(
                models.ProtocolRecord.attempt_id == attempt_id
            )
        ).one()
        return session.scalars(
            select(models.ArchivedDocument).where(models.ArchivedDocument.reference == number)
        ).one()


@action("verification.verify_file", Permission.VIEW_RESULTS)
def _(s: Stage) -> Call:
    document = _issued_protocol(s)
    data = (s.kiosk.settings.archive_dir / document.file_name).read_bytes()
    return Call((data,), verify=lambda found: _assert(found.verdict.value == "genuine"))


@action("verification.verify_code", Permission.VIEW_RESULTS)
def _(s: Stage) -> Call:
    code = _issued_protocol(s).verification_code
    return Call((code,), verify=lambda found: _assert(found.verdict.value == "genuine"))


# retention: last, because it moves the clock a year on


@action("retention.plan", Permission.APPLY_RETENTION)
def _(s: Stage) -> Call:
    s.clock.advance(367 * 24 * 3600)  # the commission's materials (cl. 36) have expired
    return Call(verify=lambda plan: _assert(not plan.empty))


@action("retention.apply", Permission.APPLY_RETENTION)
def _(s: Stage) -> Call:
    out = s.folder / "retention"
    out.mkdir(exist_ok=True)

    def verify(report: Any) -> None:
        assert report.archive is not None and (report.archive / "manifest.json").exists()
        assert s.count(models.Appeal) == 0

    return Call((out,), verify=verify)


def _assert(condition: bool) -> None:
    assert condition


# -- the matrix -------------------------------------------------------------------------------


def snapshot(s: Stage) -> tuple[dict[str, list[tuple[Any, ...]]], set[tuple[str, int]]]:
    """Every row of every table but the audit's, and every file (name and size) in the test's
    folder but the database's own."""
    tables = {}
    with s.kiosk.engine.connect() as connection:
        for table in models.Base.metadata.sorted_tables:
            if table.name.startswith("audit"):
                continue
            query = select(table).order_by(*table.primary_key.columns)
            tables[table.name] = [tuple(row) for row in connection.execute(query)]
    files = {
        (str(path.relative_to(s.folder)), path.stat().st_size)
        for path in s.folder.rglob("*")
        if path.is_file() and not path.name.startswith("kiosk.db")
    }
    return tables, files


def audit_after(s: Stage, last_id: int) -> list[models.AuditRecord]:
    with s.kiosk.sessions() as session:
        return list(
            session.scalars(
                select(models.AuditRecord)
                .where(models.AuditRecord.id > last_id)
                .order_by(models.AuditRecord.id)
            )
        )


def last_audit_id(s: Stage) -> int:
    return s.scalar(select(func.max(models.AuditRecord.id))) or 0


def try_allowed(s: Stage, method: Callable[..., Any], call: Call) -> None:
    last = last_audit_id(s)
    result = method(s.actor, *call.args, **call.kwargs)
    call.verify(result)
    refused = [r for r in audit_after(s, last) if r.action == "permission.refused"]
    assert not refused, f"an allowed call left a refusal: {refused[0].subject}"


def try_refused(
    s: Stage, name: str, method: Callable[..., Any], permission: Permission, call: Call
) -> None:
    before = snapshot(s)
    last = last_audit_id(s)
    try:
        method(s.actor, *call.args, **call.kwargs)
    except NotPermitted as refusal:
        assert (refusal.actor, refusal.permission) == (s.actor.name, permission)
    else:
        raise AssertionError("the call was not refused")
    records = [
        (r.action, r.actor, r.subject, r.details.get("permission")) for r in audit_after(s, last)
    ]
    assert records == [("permission.refused", s.actor.name, name, permission.value)]
    after = snapshot(s)
    changed = sorted(t for t in before[0] if before[0][t] != after[0].get(t))
    assert not changed, f"a refused call changed {changed}"
    assert before[1] == after[1], "a refused call wrote or removed files"


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_each_role_may_do_exactly_what_its_permissions_allow(world: World, tmp_path, role: Role):
    stage = Stage(world, role, tmp_path)
    permitted = ROLE_PERMISSIONS[role]
    failures = []
    outcomes = {"allowed": 0, "refused": 0}
    for key, row in ACTIONS.items():
        attribute, name = key.split(".")
        method = getattr(getattr(stage.kiosk, attribute), name)
        allowed = row.permission in permitted
        outcome = "allowed" if allowed else "refused"
        try:
            call = row.prepare(stage)
            if allowed:
                try_allowed(stage, method, call)
            else:
                try_refused(stage, name, method, row.permission, call)
            outcomes[outcome] += 1
        except Exception as error:  # every action is tried; all the failures are reported
            frames = traceback.extract_tb(error.__traceback__)
            where = next(f for f in reversed(frames) if f.name != "_assert")
            failures.append(
                f"{key} ({outcome}): {type(error).__name__}: {error} "
                f"[{Path(where.filename).name}:{where.lineno}]"
            )
    assert not failures, f"{role.value}:\n" + "\n".join(failures)
    # The roles differ: each may do something and is refused something.
    assert outcomes["allowed"] and outcomes["refused"], outcomes
    refusals = select(func.count()).where(
        models.AuditRecord.action == "permission.refused",
        models.AuditRecord.actor == stage.actor.name,
    )
    assert stage.scalar(refusals) == outcomes["refused"]
