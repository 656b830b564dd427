"""Shared fixtures: a fake clock, a temporary data folder, every database backend, a small bank.

Storage and service tests take ``kiosk`` and run once per backend: SQLite always, PostgreSQL when
``KIOSK_TEST_POSTGRES_URL`` names a server (``.ci/run`` sets it).  Qt tests take ``station``,
which is the same on SQLite only, to stay quick.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import pytest
from sqlalchemy import create_engine, text

from kiosk.app import Kiosk, build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.domain.scoring import threshold_points
from kiosk.services.catalog import CompetitionTerms, IssuedCode
from question_bank.model import Blueprint
from tests.helpers.banks import make_bank

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

POSTGRES_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]

SMALL_BLUEPRINT = Blueprint((("law", 4), ("pedagogy", 3), ("it", 3)))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that use Qt as ``gui`` so they can be selected or left out."""
    for item in items:
        if {"qtbot", "qapp", "station"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


def reset_postgres(url: str) -> None:
    """Give a test an empty PostgreSQL database."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kiosk.db'}"
    assert POSTGRES_URL is not None
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def clock() -> FakeClock:
    """A clock that moves only when a test says so."""
    return FakeClock()


@dataclass
class Sitting:
    """A prepared sitting: the kiosk, its session, and the codes of its candidates."""

    kiosk: Kiosk
    clock: FakeClock
    session_id: int
    codes: list[IssuedCode]

    @property
    def code(self) -> str:
        """The first candidate's code."""
        return self.codes[0].code


def prepare_sitting(
    database_url: str, data_dir, clock: FakeClock, station_id: str = "station-01"
) -> Sitting:
    """Build a kiosk on ``database_url`` with a small bank, a competition and three candidates."""
    settings = resolve_settings(
        data_dir=str(data_dir), database_url=database_url, station_id=station_id, environ={}
    )
    kiosk = build(settings, clock)
    kiosk.catalog.load_approved_bank(make_bank(), approved_by="approver")
    competition_id = kiosk.catalog.create_competition(
        CompetitionTerms(
            institution={"ky": "Тестирлөө борбору", "ru": "Центр тестирования"},
            post={"ky": "Мектеп директору", "ru": "Директор школы"},
            school={"ky": "№5 орто мектеп", "ru": "Средняя школа №5"},
            blueprint=SMALL_BLUEPRINT,
            time_limit_s=30 * 60,
            threshold_points=threshold_points(SMALL_BLUEPRINT.total, Fraction(6, 10)),
            appeal_window_min=60,
        )
    )
    session_id = kiosk.catalog.create_session(
        competition_id, date(2026, 11, 23), {"ky": "Бишкек, 1-зал", "ru": "Бишкек, зал 1"}
    )
    names = ["Үсөнбаева Гүлнара Өмүрбековна", "Ниязов Азамат Кубанычбекович", "Петрова Анна"]
    codes = [kiosk.catalog.register(session_id, name) for name in names]
    return Sitting(kiosk, clock, session_id, codes)


@pytest.fixture
def sitting(database_url: str, tmp_path, clock: FakeClock) -> Iterator[Sitting]:
    """A prepared sitting on each database backend."""
    prepared = prepare_sitting(database_url, tmp_path / "data", clock)
    yield prepared
    prepared.kiosk.close()


@pytest.fixture
def station(qapp, tmp_path, clock: FakeClock) -> Iterator[Sitting]:
    """A prepared sitting on SQLite, for Qt tests."""
    prepared = prepare_sitting(f"sqlite:///{tmp_path / 'kiosk.db'}", tmp_path / "data", clock)
    yield prepared
    prepared.kiosk.close()
