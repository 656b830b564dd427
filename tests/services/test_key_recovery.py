"""The recovery passphrase: set by an administrator, kept in the safe, and enough on the day no
administrator can sign in to give one a new password, without losing any sealed secret."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.app import build
from kiosk.cli import main
from kiosk.domain.roles import NotPermitted, Role
from kiosk.security.vault import WrongPassphrase
from kiosk.services.demo import SETUP
from kiosk.services.keys import WeakRecoveryPassphrase
from kiosk.storage.models import Account, AuditRecord
from tests.helpers.actors import staff

PASSWORD = "тоо-суу-асман-2026"
RECOVERY = "кара-жорго ак-боз ат көк-асман 2026"


@pytest.fixture
def installation(world):
    world.kiosk.accounts.create_account(
        SETUP, "aida", "Асанова Аида", frozenset({Role.ADMINISTRATOR}), PASSWORD
    )
    world.kiosk.accounts.create_account(
        SETUP, "bolot", "Бекова Болот", frozenset({Role.OPERATOR}), PASSWORD
    )
    return world


def fresh(world):
    """Another program on the database, as after a restart: nothing open."""
    return build(world.kiosk.settings, world.clock, upgrade=False)


def test_only_an_administrator_sets_it_and_it_must_be_long(installation):
    keys = installation.kiosk.keys
    with pytest.raises(NotPermitted):
        keys.set_recovery_passphrase(staff("bolot", Role.OPERATOR), RECOVERY)
    with pytest.raises(WeakRecoveryPassphrase):
        keys.set_recovery_passphrase(staff("aida", Role.ADMINISTRATOR), "short one")
    keys.set_recovery_passphrase(staff("aida", Role.ADMINISTRATOR), RECOVERY)
    with installation.kiosk.sessions() as session:
        actions = session.scalars(select(AuditRecord.action)).all()
    assert "keys.recovery_set" in actions


def test_an_administrator_is_recovered_and_every_secret_still_opens(installation):
    installation.kiosk.keys.set_recovery_passphrase(staff("aida", Role.ADMINISTRATOR), RECOVERY)
    (code,) = installation.seat(installation.add("Үсөнбаева Гүлнара"))
    later = fresh(installation)
    try:
        with pytest.raises(WrongPassphrase):
            later.accounts.recover_administrator("aida", "not the passphrase at all", "x" * 12)
        assert not later.keys.unlocked
        with pytest.raises(PermissionError):
            later.accounts.recover_administrator("bolot", RECOVERY, "жаңы-сырсөз-2026")
        later.accounts.recover_administrator("aida", RECOVERY, "жаңы-сырсөз-2026")
    finally:
        later.close()
    again = fresh(installation)
    try:
        again.accounts.sign_in("aida", "жаңы-сырсөз-2026")
        assert again.keys.unlocked
        assert again.attempts.login(code.code).briefing is not None
        with again.sessions() as session:
            recovered = session.scalars(
                select(AuditRecord).where(AuditRecord.action == "account.recovered")
            ).one()
            assert recovered.subject == "aida"
            assert session.scalars(select(Account).where(Account.login == "aida")).one().active
    finally:
        again.close()


def test_the_commands_set_and_use_it(installation, monkeypatch, capsys, database_url):
    from kiosk import cli

    monkeypatch.setattr(cli, "build", lambda settings: build(settings, installation.clock))
    argv = ["--data-dir", str(installation.kiosk.settings.data_dir), "--db", database_url]
    monkeypatch.setenv("KIOSK_PASSWORD", PASSWORD)
    monkeypatch.setenv("KIOSK_RECOVERY_PASSPHRASE", RECOVERY)
    assert main([*argv, "keys", "recovery", "--user", "aida"]) == 0
    assert "safe" in capsys.readouterr().out
    monkeypatch.setenv("KIOSK_PASSWORD", "жаңы-сырсөз-2026")
    assert main([*argv, "keys", "recover", "--user", "aida"]) == 0
    monkeypatch.setenv("KIOSK_RECOVERY_PASSPHRASE", "a wrong passphrase entirely")
    assert main([*argv, "keys", "recover", "--user", "aida"]) == 2
    assert "does not open" in capsys.readouterr().err
