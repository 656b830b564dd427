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

from kiosk.domain.scoring import threshold_points
from kiosk.security.codes import format_code
from kiosk.services.bank import BankService
from kiosk.services.catalog import CatalogService, CompetitionTerms
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
    blueprint=DEMO_BLUEPRINT,
    time_limit_s=90 * 60,
    threshold_points=threshold_points(DEMO_BLUEPRINT.total, Fraction(6, 10)),
    appeal_window_min=60,
)
DEMO_PLACE = {
    "ky": "Бишкек ш., Тестирлөө борбору, 1-зал",
    "ru": "г. Бишкек, Центр тестирования, зал 1",
}


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


def prepare_demo(
    sessions: sessionmaker[Session],
    catalog: CatalogService,
    bank: BankService,
    archive_dir: Path,
    timezone: ZoneInfo,
    now: datetime,
) -> DemoSitting:
    """Prepare the demo sitting if it is not there yet, and describe it."""
    with sessions() as session:
        created = session.scalar(select(DemoCode.registration_id).limit(1)) is None
    if created:
        bank.load_approved(load_demo_bank(), author="demo-author", approver="demo-approver")
        competition_id = catalog.create_competition(DEMO_TERMS)
        session_id = catalog.create_session(
            competition_id, now.astimezone(timezone).date(), DEMO_PLACE
        )
        issued = [catalog.register(session_id, name) for name in DEMO_CANDIDATES]
        with sessions.begin() as session:
            session.add_all(
                DemoCode(registration_id=i.registration_id, code=i.code) for i in issued
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
    return DemoSitting(candidates, slips_pdf, created)
