"""Staff commands from a terminal: the first administrator, signing in, results and the package."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.app import build
from kiosk.cli import main
from kiosk.config import resolve_settings
from kiosk.domain.roles import Role
from kiosk.storage.models import Appeal, Attempt
from protocols.ministry_package import verify_package
from tests.helpers.competition import make_world

PASSWORD = "тоолордун-жели-2026"

pytestmark = pytest.mark.storage


@pytest.fixture
def setup(tmp_path, database_url, clock, monkeypatch):
    """A decided competition; "admin" and "zamir" (observer) can sign in."""
    world = make_world(database_url, tmp_path / "data", clock)
    try:
        admin = world.kiosk.accounts.create_first_administrator("admin", "Администратор", PASSWORD)
        world.kiosk.accounts.create_account(
            admin, "zamir", "Замир Орозов", frozenset({Role.OBSERVER}), PASSWORD
        )
        ids = [world.add(name) for name in ("Асанов Бакыт", "Бекова Айзада")]
        for code, right in zip(world.seat(*ids), (9, 7), strict=True):
            world.sit(code, right=right)
    finally:
        world.kiosk.close()
    monkeypatch.setenv("KIOSK_PASSWORD", PASSWORD)
    return ["--data-dir", str(tmp_path / "data"), "--db", database_url], world.competition_id


def test_the_first_administrator_is_made_once(tmp_path, database_url, monkeypatch, capsys):
    argv = ["--data-dir", str(tmp_path / "d"), "--db", database_url]
    monkeypatch.setenv("KIOSK_PASSWORD", "short")
    assert main([*argv, "first-admin", "--user", "nurlan", "--name", "Нурлан"]) == 1
    assert "Password refused" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_PASSWORD", PASSWORD)
    assert main([*argv, "first-admin", "--user", "nurlan", "--name", "Нурлан"]) == 0
    assert main([*argv, "first-admin", "--user", "other", "--name", "Башка"]) == 1
    assert "exists already" in capsys.readouterr().err


def test_results_print_the_ranking(setup, capsys):
    argv, competition = setup
    assert main([*argv, "results", str(competition), "--user", "zamir"]) == 0
    out = capsys.readouterr().out
    assert f"Competition {competition}: winner" in out
    assert "winner       Асанов Бакыт" in out
    assert "reserve      Бекова Айзада" in out


def test_a_wrong_password_is_refused(setup, monkeypatch, capsys):
    argv, competition = setup
    monkeypatch.setenv("KIOSK_PASSWORD", "туура эмес сырсөз")
    assert main([*argv, "results", str(competition), "--user", "admin"]) == 2
    assert "Wrong name or password." in capsys.readouterr().err


def test_the_package_needs_the_role_and_proves_itself(setup, tmp_path, capsys):
    argv, competition = setup
    out = tmp_path / "package.zip"
    assert main([*argv, "package", str(competition), str(out), "--user", "zamir"]) == 2
    assert "do not allow" in capsys.readouterr().err
    assert not out.exists()
    assert main([*argv, "package", str(competition), str(out), "--user", "admin"]) == 0
    assert verify_package(out.read_bytes()) == []
    assert "results.csv" in zipfile.ZipFile(out).namelist()


def test_the_package_waits_for_an_open_appeal(setup, capsys):
    argv, competition = setup
    data_dir = Path(argv[1])
    settings = resolve_settings(data_dir=str(data_dir), database_url=argv[3], environ={})
    kiosk = build(settings)
    try:
        with kiosk.sessions.begin() as session:
            attempt = session.scalars(select(Attempt.id)).first()
            session.add(
                Appeal(
                    number="A-1",
                    attempt_id=attempt,
                    statement="жооп туура эмес жазылды",
                    status="filed",
                    filed_by="operator",
                    filed_at=datetime.now(UTC),
                    old_score=9,
                )
            )
    finally:
        kiosk.close()
    out = data_dir / "package.zip"
    assert main([*argv, "package", str(competition), str(out), "--user", "admin"]) == 1
    assert "appeals wait for their decision (A-1)" in capsys.readouterr().err
    assert not out.exists()
