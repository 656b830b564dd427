"""Accounts and roles on every database: the first administrator, signing in and its lock,
password strength, the accounts page's changes, the last administrator, and the audit of it all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.app import Kiosk, build
from kiosk.config import resolve_settings
from kiosk.domain.roles import Actor, NotPermitted, Permission, Role
from kiosk.security.passwords import MIN_LENGTH, WeakPassword
from kiosk.services.accounts import LOCK_DURATION, MAX_FAILED_SIGN_INS, AccountService
from kiosk.services.session_views import LastAdministrator, SignInRefused
from kiosk.storage.models import Account, AuditRecord

ADMIN_PASSWORD = "тоо-суу-асман-2026"
CLERK_PASSWORD = "кызыл-алма-жашыл-жалбырак"


@pytest.fixture
def kiosk(database_url, tmp_path, clock) -> Iterator[Kiosk]:
    settings = resolve_settings(
        data_dir=str(tmp_path / "data"), database_url=database_url, station_id="admin", environ={}
    )
    kiosk = build(settings, clock)
    yield kiosk
    kiosk.close()


@pytest.fixture
def accounts(kiosk) -> AccountService:
    return kiosk.accounts


@pytest.fixture
def admin(accounts) -> Actor:
    return accounts.create_first_administrator(" Nurlan ", "Жээнбеков Нурлан", ADMIN_PASSWORD)


@pytest.fixture
def clerk(accounts, admin) -> str:
    """An operator's login; the account exists and is active."""
    accounts.create_account(
        admin, "aigul", "Абдыкадырова Айгүл", frozenset({Role.OPERATOR}), CLERK_PASSWORD
    )
    return "aigul"


def account_row(kiosk: Kiosk, login: str) -> Account:
    with kiosk.sessions() as session:
        return session.scalars(select(Account).where(Account.login == login)).one()


def audit_trail(kiosk: Kiosk) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(actor, action, subject, details) of every audit record, oldest first."""
    with kiosk.sessions() as session:
        rows = session.scalars(select(AuditRecord).order_by(AuditRecord.id))
        return [(r.actor, r.action, r.subject, dict(r.details)) for r in rows]


def refusal(accounts: AccountService, login: str, password: str) -> SignInRefused:
    with pytest.raises(SignInRefused) as caught:
        accounts.sign_in(login, password)
    return caught.value


# -- the first administrator -------------------------------------------------------------------


def test_a_fresh_installation_asks_for_the_first_administrator_once(accounts):
    assert accounts.needs_first_administrator() is True
    actor = accounts.create_first_administrator("Nurlan", "Жээнбеков Нурлан", ADMIN_PASSWORD)
    assert actor == Actor("nurlan", frozenset({Role.ADMINISTRATOR}))
    assert accounts.needs_first_administrator() is False
    with pytest.raises(PermissionError):
        accounts.create_first_administrator("bolot", "Садыков Болот", CLERK_PASSWORD)
    assert [a.login for a in accounts.accounts(actor)] == ["nurlan"]


def test_the_password_is_stored_only_as_an_argon2id_hash(kiosk, admin):
    row = account_row(kiosk, "nurlan")
    assert row.password_hash.startswith("$argon2id$")
    assert ADMIN_PASSWORD not in row.password_hash
    with kiosk.sessions() as session:
        details = [r.details for r in session.scalars(select(AuditRecord))]
    assert ADMIN_PASSWORD not in repr(details)


def test_the_first_administrator_is_audited(kiosk, admin):
    assert audit_trail(kiosk) == [("nurlan", "account.first_administrator", "nurlan", {})]


# -- signing in ------------------------------------------------------------------------------


def test_the_right_password_signs_in_with_the_accounts_roles(accounts, admin, clerk):
    assert accounts.sign_in("nurlan", ADMIN_PASSWORD) == admin
    # The login is compared trimmed and casefolded, as it was stored.
    assert accounts.sign_in("  AIGUL ", CLERK_PASSWORD) == Actor(
        "aigul", frozenset({Role.OPERATOR})
    )


def test_a_wrong_password_is_refused_and_counted(kiosk, accounts, clerk):
    first = refusal(accounts, "aigul", "не тот пароль вовсе")
    assert first.reason == "wrong"
    assert account_row(kiosk, "aigul").failed_logins == 1
    refusal(accounts, "aigul", "не тот пароль вовсе")
    assert account_row(kiosk, "aigul").failed_logins == 2


def test_an_unknown_login_and_a_wrong_password_give_the_same_reason(accounts, clerk):
    unknown = refusal(accounts, "nobody", CLERK_PASSWORD)
    wrong = refusal(accounts, "aigul", "не тот пароль вовсе")
    assert unknown.reason == wrong.reason == "wrong"
    assert str(unknown) == str(wrong) == "wrong"


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(kiosk, accounts, clerk):
    for _attempt in range(MAX_FAILED_SIGN_INS - 1):
        assert refusal(accounts, "aigul", "не тот пароль вовсе").reason == "wrong"
    locked = refusal(accounts, "aigul", "не тот пароль вовсе")
    assert (locked.reason, locked.seconds_left) == ("locked", 15 * 60)
    assert account_row(kiosk, "aigul").locked_until == kiosk.clock.now() + LOCK_DURATION

    kiosk.clock.advance(60)
    still = refusal(accounts, "aigul", CLERK_PASSWORD)
    assert (still.reason, still.seconds_left) == ("locked", 14 * 60)


def test_the_lock_ends_after_fifteen_minutes(kiosk, accounts, clerk):
    for _attempt in range(MAX_FAILED_SIGN_INS):
        refusal(accounts, "aigul", "не тот пароль вовсе")
    kiosk.clock.advance(15 * 60 - 1)
    assert refusal(accounts, "aigul", CLERK_PASSWORD).seconds_left == 1
    kiosk.clock.advance(1)
    assert accounts.sign_in("aigul", CLERK_PASSWORD).name == "aigul"
    row = account_row(kiosk, "aigul")
    assert (row.failed_logins, row.locked_until) == (0, None)


def test_after_the_lock_a_wrong_password_counts_from_the_start_again(kiosk, accounts, clerk):
    for _attempt in range(MAX_FAILED_SIGN_INS):
        refusal(accounts, "aigul", "не тот пароль вовсе")
    assert refusal(accounts, "aigul", CLERK_PASSWORD).reason == "locked"
    kiosk.clock.advance(LOCK_DURATION.total_seconds())
    again = refusal(accounts, "aigul", "не тот пароль вовсе")
    assert again.reason == "wrong"
    assert account_row(kiosk, "aigul").failed_logins == 1


def test_a_right_sign_in_forgets_earlier_wrong_passwords(kiosk, accounts, clerk):
    for _attempt in range(MAX_FAILED_SIGN_INS - 1):
        refusal(accounts, "aigul", "не тот пароль вовсе")
    assert account_row(kiosk, "aigul").failed_logins == 4
    accounts.sign_in("aigul", CLERK_PASSWORD)
    assert account_row(kiosk, "aigul").failed_logins == 0
    assert refusal(accounts, "aigul", "не тот пароль вовсе").reason == "wrong"


def test_resetting_the_password_lifts_the_lock(kiosk, accounts, admin, clerk):
    for _attempt in range(MAX_FAILED_SIGN_INS):
        refusal(accounts, "aigul", "не тот пароль вовсе")
    assert refusal(accounts, "aigul", CLERK_PASSWORD).reason == "locked"
    view = accounts.reset_password(admin, "aigul", "жаңы-сырсөз-бүгүн")
    assert view.locked_until is None
    assert refusal(accounts, "aigul", CLERK_PASSWORD).reason == "wrong"  # the old one is gone
    assert accounts.sign_in("aigul", "жаңы-сырсөз-бүгүн").name == "aigul"


def test_a_disabled_account_cannot_sign_in_and_can_again_when_enabled(accounts, admin, clerk):
    accounts.set_active(admin, "aigul", False)
    assert refusal(accounts, "aigul", CLERK_PASSWORD).reason == "inactive"
    accounts.set_active(admin, "aigul", True)
    assert accounts.sign_in("aigul", CLERK_PASSWORD).name == "aigul"


def test_every_sign_in_and_refusal_is_audited(kiosk, accounts, admin, clerk):
    before = len(audit_trail(kiosk))
    accounts.sign_in("aigul", CLERK_PASSWORD)
    refusal(accounts, "ghost", CLERK_PASSWORD)
    for _attempt in range(MAX_FAILED_SIGN_INS):
        refusal(accounts, "aigul", "не тот пароль вовсе")
    refusal(accounts, "aigul", CLERK_PASSWORD)
    accounts.set_active(admin, "aigul", False)
    refusal(accounts, "aigul", "не тот пароль вовсе")  # still locked
    kiosk.clock.advance(LOCK_DURATION.total_seconds())
    refusal(accounts, "aigul", CLERK_PASSWORD)
    trail = [
        (actor, action, details.get("reason"))
        for actor, action, _subject, details in audit_trail(kiosk)[before:]
    ]
    assert trail == [
        ("aigul", "sign_in", None),
        ("(unknown name)", "sign_in.refused", "unknown"),
        *[("aigul", "sign_in.refused", "wrong")] * (MAX_FAILED_SIGN_INS - 1),
        ("aigul", "account.locked", None),
        ("aigul", "sign_in.refused", "locked"),
        ("nurlan", "account.active", None),
        ("aigul", "sign_in.refused", "locked"),
        ("aigul", "sign_in.refused", "inactive"),
    ]


# -- passwords and logins --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("x" * (MIN_LENGTH - 1), "too_short"),
        ("", "too_short"),
        ("abababababab", "too_simple"),
        ("1112223333", "too_simple"),
        ("менин-aigul-сырсөзүм", "contains_login"),
        ("AIGUL-2026-сырсөз", "contains_login"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(kiosk, accounts, admin, password, reason):
    with pytest.raises(WeakPassword) as caught:
        accounts.create_account(admin, "aigul", "Айгүл", frozenset({Role.OPERATOR}), password)
    assert caught.value.reason == reason
    with pytest.raises(WeakPassword) as again:
        accounts.reset_password(
            admin, "nurlan", password.replace("aigul", "nurlan").replace("AIGUL", "NURLAN")
        )
    assert again.value.reason == reason
    assert [a.login for a in accounts.accounts(admin)] == ["nurlan"]


def test_the_first_administrator_needs_a_strong_password_too(accounts):
    with pytest.raises(WeakPassword) as caught:
        accounts.create_first_administrator("nurlan", "Жээнбеков Нурлан", "short")
    assert caught.value.reason == "too_short"
    assert accounts.needs_first_administrator() is True


def test_a_taken_login_is_refused_whatever_its_case(accounts, admin, clerk):
    with pytest.raises(ValueError, match="taken"):
        accounts.create_account(
            admin, " AIGUL ", "Другая Айгуль", frozenset({Role.OBSERVER}), "башка-сырсөз-77"
        )
    assert [a.full_name for a in accounts.accounts(admin) if a.login == "aigul"] == [
        "Абдыкадырова Айгүл"
    ]


def test_an_account_needs_a_role_a_login_and_a_name(accounts, admin):
    with pytest.raises(ValueError):
        accounts.create_account(admin, "bolot", "Садыков Болот", frozenset(), CLERK_PASSWORD)
    with pytest.raises(ValueError):
        accounts.create_account(admin, "  ", "Садыков Болот", frozenset({Role.OBSERVER}), "x" * 12)
    with pytest.raises(ValueError):
        accounts.set_roles(admin, "nurlan", frozenset())


# -- the accounts page's changes ---------------------------------------------------------------


def test_an_administrator_lists_creates_and_changes_accounts(kiosk, accounts, admin, clerk):
    views = {v.login: v for v in accounts.accounts(admin)}
    assert sorted(views) == ["aigul", "nurlan"]
    assert views["aigul"].roles == frozenset({Role.OPERATOR})
    assert (views["aigul"].active, views["aigul"].locked_until) == (True, None)

    both = frozenset({Role.OPERATOR, Role.COMMISSION})
    assert accounts.set_roles(admin, "aigul", both).roles == both
    assert accounts.sign_in("aigul", CLERK_PASSWORD).roles == both
    trail = audit_trail(kiosk)
    assert trail[-2][:3] == ("nurlan", "account.roles", "aigul")
    assert trail[-2][3] == {"roles": ["commission", "operator"]}
    assert ("nurlan", "account.created", "aigul", {"roles": ["operator"]}) in trail


def test_the_locked_until_time_is_shown_on_the_list(kiosk, accounts, admin, clerk):
    for _attempt in range(MAX_FAILED_SIGN_INS):
        refusal(accounts, "aigul", "не тот пароль вовсе")
    views = {v.login: v for v in accounts.accounts(admin)}
    assert views["aigul"].locked_until == kiosk.clock.now() + LOCK_DURATION


def test_the_last_administrator_can_be_neither_disabled_nor_demoted(accounts, admin, clerk):
    with pytest.raises(LastAdministrator):
        accounts.set_active(admin, "nurlan", False)
    with pytest.raises(LastAdministrator):
        accounts.set_roles(admin, "nurlan", frozenset({Role.OPERATOR}))
    assert accounts.sign_in("nurlan", ADMIN_PASSWORD).roles == frozenset({Role.ADMINISTRATOR})

    # With a second active administrator the first may step down.
    accounts.set_roles(admin, "aigul", frozenset({Role.ADMINISTRATOR, Role.OPERATOR}))
    accounts.set_roles(admin, "nurlan", frozenset({Role.OBSERVER}))
    with pytest.raises(LastAdministrator):
        accounts.set_active(Actor("aigul", frozenset({Role.ADMINISTRATOR})), "aigul", False)


def test_a_disabled_administrator_does_not_count_as_the_other_one(accounts, admin, clerk):
    accounts.set_roles(admin, "aigul", frozenset({Role.ADMINISTRATOR}))
    accounts.set_active(admin, "aigul", False)
    with pytest.raises(LastAdministrator):
        accounts.set_roles(admin, "nurlan", frozenset({Role.OPERATOR}))


def test_changing_an_unknown_account_is_a_lookup_error(accounts, admin):
    with pytest.raises(LookupError):
        accounts.set_active(admin, "ghost", False)


# -- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMINISTRATOR])
def test_only_an_administrator_manages_accounts(kiosk, accounts, admin, role):
    outsider = Actor("bolot", frozenset({role}))
    before = len(audit_trail(kiosk))
    with pytest.raises(NotPermitted):
        accounts.accounts(outsider)
    with pytest.raises(NotPermitted):
        accounts.create_account(
            outsider, "bolot2", "Садыков Болот", frozenset({Role.ADMINISTRATOR}), CLERK_PASSWORD
        )
    assert [a.login for a in accounts.accounts(admin)] == ["nurlan"]
    assert audit_trail(kiosk)[before:] == [
        (
            "bolot",
            "permission.refused",
            action,
            {"permission": Permission.MANAGE_ACCOUNTS.value, "roles": [role.value]},
        )
        for action in ("accounts", "create_account")
    ]
