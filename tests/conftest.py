"""Shared fixtures: a fake clock, a temporary data folder, every database backend, a small bank.

Storage and service tests take ``sitting`` and run once per backend: SQLite always, PostgreSQL when
``KIOSK_TEST_POSTGRES_URL`` names a server (``.ci/run`` sets it).  Qt tests take ``station``,
which is the same on SQLite only, to stay quick.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from kiosk.clock import FakeClock
from tests.helpers.sittings import Sitting, prepare_sitting

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

POSTGRES_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


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


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """Argon2id at its cheapest for the whole run, as Django's tests swap in a fast hasher.

    Staff accounts are made, signed in and given key slots thousands of times in the suite; at
    the production cost (64 MiB, 3 passes, see ``tests/domain/test_kdf_cost.py``) each is a
    tenth of a second or more on this machine.  What the tests check does not depend on the cost:
    the parameters are stored with every hash and slot.
    """
    from argon2 import PasswordHasher

    from kiosk.security import passwords, vault
    from tests.helpers.keys import CHEAP

    cheap = PasswordHasher(
        time_cost=CHEAP.time_cost, memory_cost=CHEAP.memory_kib, parallelism=CHEAP.parallelism
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", lambda: cheap)
        patch.setattr(vault, "DEFAULT_COST", CHEAP)
        yield


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


@pytest.fixture
def world(database_url: str, tmp_path, clock: FakeClock):
    """An approved competition with a 10:00 session, on each database backend."""
    from tests.helpers.competition import make_world

    built = make_world(database_url, tmp_path / "data", clock)
    yield built
    built.kiosk.close()
