"""``kiosk bank import / export / template`` from a terminal, signed in as a bank editor."""

from __future__ import annotations

import pytest

from kiosk.app import build
from kiosk.cli import main
from kiosk.config import resolve_settings
from kiosk.domain.roles import Role
from question_bank.formats import format_module
from tests.helpers.banks import rich_bank

PASSWORD = "тоолордун-жели-2026"


@pytest.fixture
def argv(tmp_path, database_url, monkeypatch) -> list[str]:
    """The command line's common part; "aida" holds the question writer's role."""
    settings = resolve_settings(
        data_dir=str(tmp_path / "data"), database_url=database_url, environ={}
    )
    kiosk = build(settings)
    try:
        admin = kiosk.accounts.create_first_administrator("admin", "Администратор", PASSWORD)
        kiosk.accounts.create_account(
            admin, "aida", "Аида Токтосунова", frozenset({Role.BANK_EDITOR}), PASSWORD
        )
    finally:
        kiosk.close()
    monkeypatch.setenv("KIOSK_PASSWORD", PASSWORD)
    return ["--data-dir", str(tmp_path / "data"), "--db", database_url]


def test_a_dry_run_prints_what_would_be_imported_and_writes_nothing(argv, tmp_path, capsys):
    path = tmp_path / "bank.kbank"
    path.write_bytes(format_module("package").write(rich_bank()))
    assert main([*argv, "bank", "import", str(path), "--dry-run", "--user", "aida"]) == 0
    out = capsys.readouterr().out
    assert "Would import from bank.kbank (package): 5 new questions" in out
    assert "Dry run: nothing was written." in out

    assert main([*argv, "bank", "import", str(path), "--user", "aida"]) == 0
    assert "Imported from bank.kbank (package): 5 new questions" in capsys.readouterr().out
    assert main([*argv, "bank", "import", str(path), "--user", "aida"]) == 0
    out = capsys.readouterr().out
    assert "0 new questions" in out and "5 duplicates skipped" in out
    assert "duplicate: question 1 (LAW-001) is LAW-001 version 1" in out


def test_a_broken_file_exits_with_an_error_naming_the_problem(argv, tmp_path, capsys):
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<quiz><question type='multichoice'>")
    assert main([*argv, "bank", "import", str(path), "--user", "aida"]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported from broken.xml:" in err
    assert "broken.xml: line 1" in err


def test_export_writes_the_approved_questions_in_the_chosen_format(argv, tmp_path, capsys):
    path = tmp_path / "bank.kbank"
    path.write_bytes(format_module("package").write(rich_bank()))
    assert main([*argv, "bank", "import", str(path), "--user", "aida"]) == 0
    out = tmp_path / "drafts.xlsx"
    export = [*argv, "bank", "export", "--format", "xlsx", "--user", "aida"]
    assert main([*export, str(out), "--include-drafts"]) == 0
    exported = format_module("xlsx").read(out.read_bytes(), out.name)
    assert sorted(q.uid for q in exported.questions) == sorted(q.uid for q in rich_bank().questions)
    # Nothing is approved yet: an export of the approved questions holds none.
    empty = tmp_path / "approved.xlsx"
    assert main([*export, str(empty)]) == 0
    assert format_module("xlsx").read(empty.read_bytes(), empty.name).questions == ()


def test_template_writes_a_blank_workbook(argv, tmp_path):
    out = tmp_path / "template.xlsx"
    assert main([*argv, "bank", "template", str(out)]) == 0
    assert format_module("xlsx").read(out.read_bytes(), out.name).questions == ()
