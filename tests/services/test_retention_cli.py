"""``kiosk retention`` from a terminal: the dry run lists, ``--archive`` archives and removes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from kiosk import cli
from kiosk.app import build
from kiosk.cli import main
from kiosk.clock import FakeClock
from kiosk.domain.roles import Role
from kiosk.services.archive import COMMISSION, file_document
from kiosk.storage import models
from tests.helpers.competition import make_world

PASSWORD = "тоолордун-жели-2026"
#: 00:00 on 23 Nov 2027 in Bishkek: a year after the session of 23 Nov 2026.
ONE_YEAR = datetime(2027, 11, 22, 18, 0, tzinfo=UTC)
APPEAL_FILE = "appeals/appeal-A-1.pdf"

pytestmark = pytest.mark.storage


@pytest.fixture
def setup(tmp_path, database_url, clock, monkeypatch):
    """A tested session with one appeal and its protocol; "admin" and "aibek" (operator) can
    sign in; the command runs on ``clock`` (returned), which the test moves."""
    world = make_world(database_url, tmp_path / "data", clock)
    kiosk = world.kiosk
    try:
        admin = kiosk.accounts.create_first_administrator("admin", "Администратор", PASSWORD)
        kiosk.accounts.create_account(
            admin, "aibek", "Айбек Токтогулов", frozenset({Role.OPERATOR}), PASSWORD
        )
        ids = [world.add(name) for name in ("Асанов Бакыт", "Бекова Айзада")]
        attempts = [
            world.sit(code, right=right)
            for code, right in zip(world.seat(*ids), (9, 5), strict=True)
        ]
        now = clock.now()
        with kiosk.sessions.begin() as session:
            session.add(
                models.Appeal(
                    number="A-1",
                    attempt_id=attempts[1],
                    statement="Суроонун сүрөтү көрүнгөн жок",
                    status="rejected",
                    filed_by="aibek",
                    filed_at=now,
                    old_score=5,
                )
            )
            file_document(
                session,
                kiosk.settings.archive_dir,
                APPEAL_FILE,
                b"%PDF-1.4 appeal protocol A-1",
                kind="appeal_protocol",
                retention=COMMISSION,
                competition_id=world.competition_id,
                session_id=world.session_id,
                reference="A-1",
                actor="admin",
                at=now,
            )
    finally:
        kiosk.close()
    monkeypatch.setenv("KIOSK_PASSWORD", PASSWORD)
    monkeypatch.setattr(cli, "build", lambda settings: build(settings, clock))
    data = tmp_path / "data"
    return ["--data-dir", str(data), "--db", database_url], data


def appeals(database_url: str, data) -> int:
    from kiosk.config import resolve_settings

    kiosk = build(
        resolve_settings(data_dir=str(data), database_url=database_url, environ={}), FakeClock()
    )
    try:
        with kiosk.sessions() as session:
            return session.scalar(select(func.count()).select_from(models.Appeal))
    finally:
        kiosk.close()


def test_the_dry_run_says_when_nothing_has_expired(setup, capsys):
    argv, _data = setup
    assert main([*argv, "retention", "--dry-run", "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert "Retention on 2026-11-23: nothing has expired." in out


def test_the_dry_run_lists_what_has_expired_and_removes_nothing(setup, clock, capsys, database_url):
    argv, data = setup
    clock.set_wall(ONE_YEAR)
    assert main([*argv, "retention", "--dry-run", "--user", "admin"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Retention on 2027-11-23: expired"
    (protocol,) = [line for line in lines if "appeal_protocol" in line]
    assert "A-1" in protocol and APPEAL_FILE in protocol
    assert "from 2026-11-23, expired 2027-11-23" in protocol
    assert any(line.split()[:3] == ["commission", "appeal", "A-1"] for line in lines)
    assert lines[-1] == (
        "Total: 2 items (2 commission materials, cl. 36; 0 protocols and documents, cl. 39)."
    )
    assert (data / "archive" / APPEAL_FILE).exists()
    assert appeals(database_url, data) == 1


def test_archive_writes_the_folder_then_removes(setup, clock, capsys, tmp_path, database_url):
    argv, data = setup
    clock.set_wall(ONE_YEAR)
    out_dir = tmp_path / "retention-out"
    assert main([*argv, "retention", "--archive", str(out_dir), "--user", "admin"]) == 0
    out = capsys.readouterr().out
    folder = out_dir / "retention-20271123-000000"
    assert f"Archive written: {folder}" in out
    assert "Removed: 1 files; records: appeals 1;" in out
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "Manifest SHA-256: " in out
    assert [entry["file_name"] for entry in manifest["removed"]["files"]] == [APPEAL_FILE]
    assert (folder / "files" / APPEAL_FILE).read_bytes() == b"%PDF-1.4 appeal protocol A-1"
    assert not (data / "archive" / APPEAL_FILE).exists()
    assert appeals(database_url, data) == 0

    assert main([*argv, "retention", "--archive", str(out_dir), "--user", "admin"]) == 0
    assert "nothing has expired; nothing was written or removed." in capsys.readouterr().out
    assert [path.name for path in out_dir.iterdir()] == [folder.name]


def test_an_operator_is_refused(setup, clock, capsys, tmp_path, database_url):
    argv, data = setup
    clock.set_wall(ONE_YEAR)
    out_dir = tmp_path / "out"
    assert main([*argv, "retention", "--archive", str(out_dir), "--user", "aibek"]) == 2
    assert "do not allow this (retention.apply)" in capsys.readouterr().err
    assert main([*argv, "retention", "--dry-run", "--user", "aibek"]) == 2
    assert not out_dir.exists()
    assert appeals(database_url, data) == 1


def test_an_archive_that_cannot_be_written_fails_and_removes_nothing(
    setup, clock, capsys, tmp_path, database_url
):
    argv, data = setup
    clock.set_wall(ONE_YEAR)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main([*argv, "retention", "--archive", str(blocker), "--user", "admin"]) == 1
    assert "Nothing was removed" in capsys.readouterr().err
    assert (data / "archive" / APPEAL_FILE).exists()
    assert appeals(database_url, data) == 1


@pytest.mark.parametrize("flags", [[], ["--dry-run", "--archive", "out"]], ids=["neither", "both"])
def test_exactly_one_of_dry_run_and_archive(setup, capsys, flags):
    argv, _data = setup
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "retention", *flags, "--user", "admin"])
    assert exit_.value.code == 2
    assert "--dry-run" in capsys.readouterr().err
