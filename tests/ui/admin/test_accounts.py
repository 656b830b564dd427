"""The staff accounts page on the real accounts service (SQLite): the list, creating an account,
roles, disabling and enabling, a new password, the last administrator, and the language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import FakeClock
from kiosk.domain.roles import Actor, Role
from kiosk.security.passwords import MIN_LENGTH
from kiosk.security.vault import Vault
from kiosk.services.accounts import AccountService
from kiosk.services.keys import KeyService
from kiosk.services.session_views import SignInRefused
from kiosk.storage.db import make_engine, migrate, sqlite_url
from kiosk.storage.models import Account
from kiosk.ui.admin.accounts import (
    LAST_ADMINISTRATOR,
    LOGIN_TAKEN,
    NO_ROLE,
    NOT_PERMITTED,
    ROLE_EXPLANATIONS,
    ROLE_NAMES,
    AccountsPage,
    account_form_problems,
    is_last_active_administrator,
    role_problems,
)
from kiosk.ui.admin.signin import NAME_MISSING, PASSWORDS_DIFFER, WEAK_PASSWORD_TEXTS
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
ADMIN_PASSWORD = "тоо-суу-асман-2026"
CLERK_PASSWORD = "кызыл-алма-жашыл"
NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


class Installation:
    """The accounts service on a fresh SQLite database, with its sessions for direct looks."""

    def __init__(self, sessions: sessionmaker[Session], clock: FakeClock) -> None:
        self.sessions = sessions
        self.clock = clock
        self.service = AccountService(sessions, clock, KeyService(sessions, clock, Vault()))
        self.admin = self.service.create_first_administrator(
            "nurlan", "Жээнбеков Нурлан", ADMIN_PASSWORD
        )
        self.service.create_account(
            self.admin, "aigul", "Абдыкадырова Айгүл", frozenset({Role.OPERATOR}), CLERK_PASSWORD
        )

    def lock(self, login: str, until: datetime) -> None:
        with self.sessions.begin() as session:
            row = session.scalars(select(Account).where(Account.login == login)).one()
            row.locked_until = until


@pytest.fixture
def installation(tmp_path) -> Iterator[Installation]:
    engine = make_engine(sqlite_url(tmp_path / "kiosk.db"))
    migrate(engine)
    yield Installation(sessionmaker(engine, expire_on_commit=False), FakeClock(NOW))
    engine.dispose()


@pytest.fixture
def page(qtbot, installation) -> AccountsPage:
    page = AccountsPage(
        installation.service, installation.admin, KY, timezone=UTC, now=installation.clock.now
    )
    qtbot.addWidget(page)
    page.resize(1150, 700)
    page.show()
    return page


def row_of(page: AccountsPage, login: str) -> int:
    return [view.login for view in page.accounts].index(login)


# -- the form's rules, without Qt ------------------------------------------------------------


def test_a_complete_new_account_has_no_problems():
    roles = {Role.OPERATOR}
    assert account_form_problems("Айгүл", "aigul", CLERK_PASSWORD, CLERK_PASSWORD, roles, []) == []


def test_a_new_accounts_problems_are_all_named():
    problems = account_form_problems(" ", " Nurlan ", "short", "short!", set(), ["nurlan"])
    assert problems == [
        (NAME_MISSING, {}),
        (LOGIN_TAKEN, {"login": "nurlan"}),
        (PASSWORDS_DIFFER, {}),
        (NO_ROLE, {}),
    ]
    weak = account_form_problems("Айгүл", "aigul", "short", "short", {Role.OBSERVER}, [])
    assert weak == [(WEAK_PASSWORD_TEXTS["too_short"], {"minimum": MIN_LENGTH})]


def test_the_last_active_administrator_is_foreseen(installation):
    views = installation.service.accounts(installation.admin)
    assert is_last_active_administrator(views, "nurlan")
    assert not is_last_active_administrator(views, "aigul")
    assert role_problems(views, "nurlan", {Role.OPERATOR}) == [
        (LAST_ADMINISTRATOR, {"login": "nurlan"})
    ]
    assert role_problems(views, "nurlan", {Role.ADMINISTRATOR, Role.OPERATOR}) == []
    assert role_problems(views, "aigul", set()) == [(NO_ROLE, {})]


# -- the list --------------------------------------------------------------------------------


def test_the_list_shows_logins_names_roles_state_and_locks(installation, page):
    installation.lock("aigul", NOW + timedelta(minutes=12))
    page.refresh()
    aigul = row_of(page, "aigul")
    assert [page.cell(aigul, c) for c in ("login", "full_name", "roles", "active")] == [
        "aigul",
        "Абдыкадырова Айгүл",
        "Оператор",
        "Активдүү",
    ]
    assert page.cell(aigul, "locked_until") == "23.11.2026 04:12"
    assert page.cell(row_of(page, "nurlan"), "locked_until") == "—"
    # A lock that has run out is not shown as one.
    installation.clock.advance(13 * 60)
    page.refresh()
    assert page.cell(row_of(page, "aigul"), "locked_until") == "—"


def test_each_role_is_explained_in_a_sentence(page):
    page.ask_create()
    for role in Role:
        assert page.role_boxes[role].text() == KY(ROLE_NAMES[role])
        assert page.role_explanations[role].text() == KY(ROLE_EXPLANATIONS[role])
    assert page.role_boxes[Role.OBSERVER].text() == "Байкоочу"


def test_someone_who_is_not_an_administrator_sees_no_accounts(qtbot, installation):
    operator = Actor("aigul", frozenset({Role.OPERATOR}))
    page = AccountsPage(installation.service, operator, KY)
    qtbot.addWidget(page)
    assert page.accounts == []
    assert page.error_text == KY(NOT_PERMITTED)
    assert not page.create_button.isEnabled()


# -- creating --------------------------------------------------------------------------------


def test_an_account_is_created_through_the_dialog(installation, page):
    page.create_button.click()
    assert page.dialog.isVisible()
    page.full_name.setText("Садыков Болот")
    page.login.setText("Bolot")
    page.password.setText("жашыл-тоо-2026")
    page.repeat.setText("жашыл-тоо-2026")
    page.role_boxes[Role.BANK_EDITOR].setChecked(True)
    page.role_boxes[Role.COMMISSION].setChecked(True)
    page.dialog.ok.click()
    assert not page.dialog.isVisible()
    assert page.notice_text == "bolot эсептик жазуусу түзүлдү."
    assert page.current_login() == "bolot"
    assert page.cell(row_of(page, "bolot"), "roles") == "Суроолордун автору, Комиссиянын мүчөсү"
    actor = installation.service.sign_in("bolot", "жашыл-тоо-2026")
    assert actor.roles == frozenset({Role.BANK_EDITOR, Role.COMMISSION})
    assert page.password.text() == ""  # no password stays in a hidden field


def test_a_wrong_form_keeps_the_dialog_open_and_creates_nothing(installation, page):
    page.ask_create()
    page.full_name.setText("Другая Айгуль")
    page.login.setText("AIGUL")
    page.password.setText(CLERK_PASSWORD)
    page.repeat.setText(CLERK_PASSWORD + "1")
    page.dialog.ok.click()
    assert page.dialog.isVisible()
    assert page.dialog_error_text.splitlines() == [
        "aigul логини ээленген: башкасын тандаңыз.",
        KY(PASSWORDS_DIFFER),
        KY(NO_ROLE),
    ]
    assert len(installation.service.accounts(installation.admin)) == 2


# -- roles -----------------------------------------------------------------------------------


def test_roles_are_changed_through_the_dialog(installation, page):
    page.select("aigul")
    page.roles_button.click()
    assert page.role_boxes[Role.OPERATOR].isChecked()
    assert not page.full_name.isVisible() and not page.password.isVisible()
    page.role_boxes[Role.OBSERVER].setChecked(True)
    page.dialog.ok.click()
    assert page.notice_text == "aigul эсептик жазуусунун ролдору өзгөртүлдү."
    assert page.cell(row_of(page, "aigul"), "roles") == "Оператор, Байкоочу"
    assert installation.service.sign_in("aigul", CLERK_PASSWORD).roles == frozenset(
        {Role.OPERATOR, Role.OBSERVER}
    )


def test_the_last_administrator_keeps_the_role(installation, page):
    page.select("nurlan")
    page.ask_roles()
    page.role_boxes[Role.ADMINISTRATOR].setChecked(False)
    page.role_boxes[Role.OPERATOR].setChecked(True)
    page.dialog.ok.click()
    assert page.dialog.isVisible()
    assert page.dialog_error_text == KY(LAST_ADMINISTRATOR).format(login="nurlan")
    assert installation.service.sign_in("nurlan", ADMIN_PASSWORD).roles == frozenset(
        {Role.ADMINISTRATOR}
    )


# -- disabling and enabling ------------------------------------------------------------------


def test_an_account_is_disabled_and_enabled_again(installation, page):
    page.select("aigul")
    assert page.active_button.text() == "Өчүрүү"
    page.active_button.click()
    assert page.cell(row_of(page, "aigul"), "active") == "Өчүрүлгөн"
    assert page.active_button.text() == "Иштетүү"
    with pytest.raises(SignInRefused) as refused:
        installation.service.sign_in("aigul", CLERK_PASSWORD)
    assert refused.value.reason == "inactive"
    page.active_button.click()
    assert page.cell(row_of(page, "aigul"), "active") == "Активдүү"
    assert page.notice_text == "aigul эсептик жазуусу иштетилди."
    assert installation.service.sign_in("aigul", CLERK_PASSWORD).name == "aigul"


def test_the_last_administrator_cannot_be_disabled(installation, page):
    page.select("nurlan")
    page.active_button.click()
    assert page.error_text == KY(LAST_ADMINISTRATOR).format(login="nurlan")
    assert page.cell(row_of(page, "nurlan"), "active") == "Активдүү"
    assert installation.service.sign_in("nurlan", ADMIN_PASSWORD).name == "nurlan"


def test_the_services_own_refusal_is_shown_when_the_list_is_out_of_date(installation, page):
    # Another station made aigul an administrator and then demoted nurlan's only rival: the
    # page still thinks aigul is an operator, so only the service can refuse.
    service = installation.service
    service.set_roles(installation.admin, "aigul", frozenset({Role.ADMINISTRATOR}))
    service.set_roles(installation.admin, "nurlan", frozenset({Role.OPERATOR}))
    page.select("aigul")
    page.active_button.click()
    assert page.error_text == KY(LAST_ADMINISTRATOR).format(login="aigul")
    assert page.cell(row_of(page, "aigul"), "roles") == "Администратор"  # the list reloaded
    assert service.sign_in("aigul", CLERK_PASSWORD).name == "aigul"


def test_a_login_taken_meanwhile_is_named_after_the_service_refuses(installation, page):
    page.ask_create()
    installation.service.create_account(
        installation.admin, "bolot", "Садыков Болот", frozenset({Role.OBSERVER}), CLERK_PASSWORD
    )
    page.full_name.setText("Болот Садыков")
    page.login.setText("bolot")
    page.password.setText("жашыл-тоо-2026")
    page.repeat.setText("жашыл-тоо-2026")
    page.role_boxes[Role.OPERATOR].setChecked(True)
    page.dialog.ok.click()
    assert page.dialog.isVisible()
    assert page.dialog_error_text == KY(LOGIN_TAKEN).format(login="bolot")


# -- a new password --------------------------------------------------------------------------


def test_a_new_password_replaces_the_old_and_lifts_the_lock(installation, page):
    installation.lock("aigul", NOW + timedelta(minutes=15))
    page.refresh()
    page.select("aigul")
    page.password_button.click()
    assert page.password.isVisible() and not page.login.isVisible()
    page.password.setText("жаңы-сырсөз-бүгүн")
    page.repeat.setText("жаңы-сырсөз-бүгүн")
    page.dialog.ok.click()
    assert not page.dialog.isVisible()
    assert page.notice_text == "aigul үчүн жаңы сырсөз коюлду; эсептик жазуунун бөгөтү алынды."
    assert page.cell(row_of(page, "aigul"), "locked_until") == "—"
    assert installation.service.sign_in("aigul", "жаңы-сырсөз-бүгүн").name == "aigul"


def test_a_weak_new_password_is_named(installation, page):
    page.select("aigul")
    page.ask_password()
    page.password.setText("aigul-2026-жаз")
    page.repeat.setText("aigul-2026-жаз")
    page.dialog.ok.click()
    assert page.dialog_error_text == KY(WEAK_PASSWORD_TEXTS["contains_login"])
    assert installation.service.sign_in("aigul", CLERK_PASSWORD).name == "aigul"


# -- language --------------------------------------------------------------------------------


def test_switching_to_russian_redraws_the_list_and_the_open_dialog(page):
    page.select("aigul")
    page.ask_roles()
    page.role_boxes[Role.OPERATOR].setChecked(False)
    page.dialog.ok.click()
    page.set_translator(RU)
    assert page.title.text() == "Учётные записи сотрудников"
    assert page.table.horizontalHeaderItem(2).text() == "Роли"
    assert page.cell(row_of(page, "aigul"), "active") == "Активна"
    assert page.dialog.title.text() == "Роли: Абдыкадырова Айгүл (aigul)"
    assert page.dialog_error_text == RU(NO_ROLE)
    assert page.role_explanations[Role.OBSERVER].text() == RU(ROLE_EXPLANATIONS[Role.OBSERVER])
