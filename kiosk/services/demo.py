"""``kiosk demo``: a complete demo sitting, prepared idempotently.

The first run loads the demo bank, creates a demo competition with one session today and five
candidates, and writes their code slips as a PDF.  Later runs change nothing and show the same
codes again, so a tester can always find them.  Demo codes are the one place where codes are kept
in clear (table ``demo_codes``); real registrations keep only a digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.domain.roles import Actor, Role
from kiosk.domain.rules import CompetitionRules
from kiosk.security.codes import code_digest, format_code
from kiosk.services.accounts import AccountService
from kiosk.services.bank import BankService
from kiosk.services.competition_views import (
    Application,
    CompetitionTerms,
    IssuedCode,
    SessionPlan,
    Vacancy,
)
from kiosk.services.competitions import CompetitionService
from kiosk.services.keys import vault_of
from kiosk.services.session_views import SignInRefused
from kiosk.services.sessions import SessionService
from kiosk.storage.models import Attempt, DemoCode, ExamSession, Registration
from protocols.code_slips import CodeSlip, render_code_slips
from question_bank.demo import DEMO_BLUEPRINT, load_demo_bank

DEMO_CANDIDATES = (
    "Абдыкадырова Айгүл Токтогуловна",
    "Жээнбеков Нурлан Өмүрбекович",
    "Үсөнова Гүлзат Мырзабековна",
    "Ибраимов Бакыт Султанович",
    "Ким Елена Викторовна",
)
DEMO_TERMS = CompetitionTerms(
    vacancy=Vacancy(
        institution={
            "ky": "Кыргыз Республикасынын Билим берүү жана илим министрлигине караштуу "
            "Тестирлөө борбору (демо)",
            "ru": "Центр тестирования при Министерстве образования и науки "
            "Кыргызской Республики (демо)",
        },
        post={"ky": "Мектеп директору", "ru": "Директор школы"},
        school={
            "ky": "Бишкек шаарындагы №64 орто мектеп (демо)",
            "ru": "Средняя школа №64 города Бишкек (демо)",
        },
        location={"ky": "Бишкек ш.", "ru": "г. Бишкек"},
    ),
    blueprint=DEMO_BLUEPRINT,
    time_limit_s=90 * 60,
    rules=CompetitionRules(threshold_share=Fraction(6, 10)),
)
DEMO_PLACE = {
    "ky": "Бишкек ш., Тестирлөө борбору, 1-зал",
    "ru": "г. Бишкек, Центр тестирования, зал 1",
}


#: Who sets up the demo and the test sittings: an administrator that no one signs in as.
SETUP = Actor("setup", frozenset({Role.ADMINISTRATOR}))


def made_up_pin(number: int) -> str:
    """A well-formed personal number that belongs to no one (born 1 Jan 1980, serial ``number``)."""
    return f"2010119800{number:04d}"


@dataclass(frozen=True)
class SeededSitting:
    """A competition with one session and its seated candidates, ready for a test."""

    competition_id: int
    session_id: int
    codes: list[IssuedCode]


def seed_sitting(
    competitions: CompetitionService,
    exam_sessions: SessionService,
    terms: CompetitionTerms,
    plan: SessionPlan,
    names: tuple[str, ...] | list[str],
) -> SeededSitting:
    """Create and approve a competition, schedule a session and seat ``names`` with codes.

    The one way the demo, the tests and the benchmarks set up a sitting; a real installation does
    the same steps through admin mode, each by the staff member whose role allows it.
    """
    competition_id = competitions.create_competition(SETUP, terms)
    competitions.approve_terms(SETUP, competition_id, "demo")
    session_id = exam_sessions.create_session(SETUP, competition_id, plan)
    people = [
        competitions.add_candidate(
            SETUP, competition_id, Application(name, made_up_pin(number), consent=True)
        )
        for number, name in enumerate(names, start=1)
    ]
    return SeededSitting(
        competition_id, session_id, exam_sessions.register(SETUP, session_id, people)
    )


@dataclass(frozen=True)
class DemoCandidate:
    """A demo candidate's code and how far they got."""

    name: str
    code: str
    status: str  # "not started", "in_progress" or "submitted"


@dataclass(frozen=True)
class DemoSitting:
    """What ``kiosk demo`` shows in the terminal."""

    candidates: tuple[DemoCandidate, ...]
    slips_pdf: Path
    created: bool
    #: The demo staff accounts (login, roles) when the demo made them; () otherwise.
    staff: tuple[tuple[str, tuple[str, ...]], ...] = ()


#: The password of every demo staff account; printed by ``kiosk demo``, so never for real use.
DEMO_PASSWORD = "demo-kiosk-2026"
#: The account that opens the demo station (as an operator opens a real one at its screen).
DEMO_OPERATOR = "operator"
DEMO_STAFF: tuple[tuple[str, str, tuple[Role, ...]], ...] = (
    ("admin", "Демо администратор", (Role.ADMINISTRATOR,)),
    ("operator", "Демо оператор", (Role.OPERATOR,)),
    ("editor", "Демо редактор", (Role.BANK_EDITOR,)),
    ("approver", "Демо бекитүүчү", (Role.BANK_APPROVER,)),
    # A technical commission needs a chair and at least one member (cl. 34).
    ("chair", "Демо комиссия төрагасы", (Role.COMMISSION,)),
    ("commission", "Демо комиссия мүчөсү", (Role.COMMISSION,)),
    ("observer", "Демо байкоочу", (Role.OBSERVER,)),
)


def _demo_staff(accounts: AccountService) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Demo accounts for each role, made only on an installation that has no account yet."""
    if not accounts.needs_first_administrator():
        return ()
    first_login, first_name, _ = DEMO_STAFF[0]
    admin = accounts.create_first_administrator(first_login, first_name, DEMO_PASSWORD)
    for login, full_name, roles in DEMO_STAFF[1:]:
        accounts.create_account(admin, login, full_name, frozenset(roles), DEMO_PASSWORD)
    return tuple((login, tuple(role.value for role in roles)) for login, _, roles in DEMO_STAFF)


def _open_demo_station(sessions: sessionmaker[Session], accounts: AccountService) -> None:
    """Open the installation key as the demo's operator would at the station, and keep the demo
    codes working: they are kept in clear (demo only), so their keyed digests can be remade, which
    a demo database made before the key existed needs."""
    try:
        accounts.sign_in(DEMO_OPERATOR, DEMO_PASSWORD)
    except SignInRefused:
        return  # staff made their own accounts: the station opens with theirs, on screen
    with sessions.begin() as session:
        vault = vault_of(session)
        for demo_code in session.scalars(select(DemoCode)):
            registration = session.get_one(Registration, demo_code.registration_id)
            registration.code_digest = code_digest(vault, demo_code.code)


def prepare_demo(
    sessions: sessionmaker[Session],
    accounts: AccountService,
    competitions: CompetitionService,
    exam_sessions: SessionService,
    bank: BankService,
    archive_dir: Path,
    timezone: ZoneInfo,
    now: datetime,
) -> DemoSitting:
    """Prepare the demo sitting if it is not there yet, and describe it."""
    with sessions() as session:
        created = session.scalar(select(DemoCode.registration_id).limit(1)) is None
    staff: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if created:
        staff = _demo_staff(accounts)
    _open_demo_station(sessions, accounts)
    if created:
        bank.load_approved(load_demo_bank(), author="demo-author", approver="demo-approver")
        seeded = seed_sitting(
            competitions,
            exam_sessions,
            DEMO_TERMS,
            SessionPlan(now.astimezone(timezone).date(), DEMO_PLACE),
            DEMO_CANDIDATES,
        )
        with sessions.begin() as session:
            session.add_all(
                DemoCode(registration_id=i.registration_id, code=i.code) for i in seeded.codes
            )
    slips_pdf = archive_dir / "demo-code-slips.pdf"
    with sessions() as session:
        rows = session.execute(
            select(DemoCode.code, Registration, Attempt.status)
            .join(Registration, Registration.id == DemoCode.registration_id)
            .outerjoin(Attempt, Attempt.registration_id == Registration.id)
            .order_by(Registration.id)
        ).all()
        exam_session: ExamSession = rows[0].Registration.session
        slips = [
            CodeSlip(
                candidate_name=registration.candidate.full_name,
                code=format_code(code),
                competition_post=exam_session.competition.post,
                session_date=exam_session.session_date,
                session_place=exam_session.place,
            )
            for code, registration, _ in rows
        ]
        candidates = tuple(
            DemoCandidate(slip.candidate_name, slip.code, status or "not started")
            for slip, (_, _, status) in zip(slips, rows, strict=True)
        )
    if created or not slips_pdf.exists():
        archive_dir.mkdir(parents=True, exist_ok=True)
        slips_pdf.write_bytes(render_code_slips(slips))
    return DemoSitting(candidates, slips_pdf, created, staff)
