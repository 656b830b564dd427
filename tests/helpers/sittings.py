"""A prepared sitting (bank, competition, session, three candidates) for tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk.app import Kiosk, build
from kiosk.clock import Clock
from kiosk.config import resolve_settings
from kiosk.services.competition_views import CompetitionTerms, IssuedCode, SessionPlan, Vacancy
from kiosk.services.demo import SeededSitting, seed_sitting
from question_bank.model import Blueprint
from tests.helpers.banks import make_bank
from tests.helpers.keys import install_keys

SMALL_BLUEPRINT = Blueprint((("law", 4), ("pedagogy", 3), ("it", 3)))
TEST_VACANCY = Vacancy(
    institution={"ky": "Тестирлөө борбору", "ru": "Центр тестирования"},
    post={"ky": "Мектеп директору", "ru": "Директор школы"},
    school={"ky": "№5 орто мектеп", "ru": "Средняя школа №5"},
)
TEST_PLACE = {"ky": "Бишкек, 1-зал", "ru": "Бишкек, зал 1"}
SESSION_DAY = date(2026, 11, 23)


def seed(
    kiosk: Kiosk,
    blueprint: Blueprint,
    names: list[str] | tuple[str, ...],
    time_limit_s: int = 30 * 60,
    plan: SessionPlan | None = None,
) -> SeededSitting:
    """An approved competition on ``blueprint`` with one session seating ``names``."""
    return seed_sitting(
        kiosk.competitions,
        kiosk.exam_sessions,
        CompetitionTerms(TEST_VACANCY, blueprint, time_limit_s),
        plan or SessionPlan(SESSION_DAY, TEST_PLACE),
        names,
    )


@dataclass
class Sitting:
    """A prepared sitting: the kiosk, its session, and the codes of its candidates."""

    kiosk: Kiosk
    clock: Clock
    session_id: int
    codes: list[IssuedCode]

    @property
    def code(self) -> str:
        """The first candidate's code."""
        return self.codes[0].code


def prepare_sitting(
    database_url: str, data_dir: Path, clock: Clock, station_id: str = "station-01"
) -> Sitting:
    """Build a kiosk on ``database_url`` with a small bank, a competition and three candidates."""
    settings = resolve_settings(
        data_dir=str(data_dir), database_url=database_url, station_id=station_id, environ={}
    )
    kiosk = build(settings, clock)
    install_keys(kiosk)
    kiosk.bank.load_approved(make_bank(), author="author", approver="approver")
    names = ["Үсөнбаева Гүлнара Өмүрбековна", "Ниязов Азамат Кубанычбекович", "Петрова Анна"]
    seeded = seed(kiosk, SMALL_BLUEPRINT, names)
    return Sitting(kiosk, clock, seeded.session_id, seeded.codes)


#: Every question of ``rich_bank()``: three law questions (one multiple-response) and two IT ones
#: (one with a picture).
RICH_BLUEPRINT = Blueprint((("law", 3), ("it", 2)))


def prepare_rich_sitting(database_url: str, data_dir: Path, clock: Clock) -> Sitting:
    """Like :func:`prepare_sitting`, on ``rich_bank()``: every form holds all its five questions,
    among them a multiple-response question and a question with a picture."""
    from tests.helpers.banks import rich_bank

    settings = resolve_settings(
        data_dir=str(data_dir), database_url=database_url, station_id="station-01", environ={}
    )
    kiosk = build(settings, clock)
    install_keys(kiosk)
    kiosk.bank.load_approved(rich_bank(), author="a", approver="b")
    names = ["Үсөнбаева Гүлнара Өмүрбековна", "Ниязов Азамат Кубанычбекович"]
    seeded = seed(kiosk, RICH_BLUEPRINT, names)
    return Sitting(kiosk, clock, seeded.session_id, seeded.codes)
