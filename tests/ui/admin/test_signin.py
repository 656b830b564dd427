"""Signing in and the first administrator: messages in the interface language, masked passwords,
Enter, the language switch, and the checks made before the service is asked.

The dialogs run on the real accounts service on SQLite; refusals the service gives only after
several steps (a lock) come from a small fake, so these tests need no clock.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlalchemy.orm import sessionmaker

from kiosk.clock import FakeClock
from kiosk.domain.roles import Actor, Role
from kiosk.security.passwords import MIN_LENGTH
from kiosk.security.vault import VAULT, Vault
from kiosk.services.accounts import AccountService
from kiosk.services.keys import KeyService
from kiosk.services.session_views import SignInRefused
from kiosk.storage.db import make_engine, migrate, sqlite_url
from kiosk.ui.admin.signin import (
    ADMINISTRATOR_EXISTS,
    INACTIVE,
    LOCKED,
    LOGIN_MISSING,
    LOGIN_NOT_A_WORD,
    NAME_MISSING,
    PASSWORD_MISSING,
    PASSWORDS_DIFFER,
    WEAK_PASSWORD_TEXTS,
    WRONG,
    FirstAdministratorDialog,
    SignInDialog,
    login_problems,
    password_problems,
    refusal_problem,
    sign_in_interactively,
)
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
PASSWORD = "тоо-суу-асман-2026"


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


@pytest.fixture
def service(tmp_path) -> Iterator[AccountService]:
    engine = make_engine(sqlite_url(tmp_path / "kiosk.db"))
    migrate(engine)
    vault = Vault()
    sessions = sessionmaker(engine, expire_on_commit=False, info={VAULT: vault})
    clock = FakeClock()
    yield AccountService(sessions, clock, KeyService(sessions, clock, vault))
    engine.dispose()


@pytest.fixture
def with_admin(service) -> AccountService:
    service.create_first_administrator("nurlan", "Жээнбеков Нурлан", PASSWORD)
    return service


class FakeAccounts:
    """Refuses every sign-in with ``error``; counts the calls."""

    def __init__(self, error: Exception | None = None, *, fresh: bool = False) -> None:
        self.error = error
        self.fresh = fresh
        self.calls: list[tuple[str, ...]] = []

    def needs_first_administrator(self) -> bool:
        return self.fresh

    def sign_in(self, login: str, password: str) -> Actor:
        self.calls.append((login, password))
        if self.error is not None:
            raise self.error
        return Actor(login, frozenset({Role.OPERATOR}))

    def create_first_administrator(self, login: str, full_name: str, password: str) -> Actor:
        self.calls.append((login, full_name, password))
        if self.error is not None:
            raise self.error
        return Actor(login, frozenset({Role.ADMINISTRATOR}))


def sign_in_dialog(qtbot, accounts, language: str = "ky") -> SignInDialog:
    dialog = SignInDialog(accounts, strict, language)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def first_dialog(qtbot, accounts, language: str = "ky") -> FirstAdministratorDialog:
    dialog = FirstAdministratorDialog(accounts, strict, language)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_and_enter(qtbot, dialog: SignInDialog, login: str, password: str) -> None:
    # QTest types ASCII only; the Cyrillic passwords are set, and Enter is a real key press.
    dialog.login.setText(login)
    dialog.password.setText(password)
    dialog.password.setFocus()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


# -- the messages, without Qt ------------------------------------------------------------------


def test_a_refusal_is_told_with_minutes_or_disabled():
    assert refusal_problem(SignInRefused("wrong")) == (WRONG, {})
    # Minutes are rounded up: "try in 14 min" after 14 min 1 s would be a lie.
    assert refusal_problem(SignInRefused("locked", 841)) == (LOCKED, {"minutes": 15})
    assert refusal_problem(SignInRefused("locked", 900)) == (LOCKED, {"minutes": 15})
    assert refusal_problem(SignInRefused("locked", 5)) == (LOCKED, {"minutes": 1})
    assert refusal_problem(SignInRefused("inactive")) == (INACTIVE, {})


def test_the_kyrgyz_and_russian_texts_name_the_numbers():
    message, values = refusal_problem(SignInRefused("wrong"))
    assert KY(message).format(**values) == "Логин же сырсөз туура эмес."
    message, values = refusal_problem(SignInRefused("locked", 600))
    assert RU(message).format(**values) == (
        "Учётная запись заблокирована: слишком много неверных паролей. "
        "Попробуйте снова через 10 мин."
    )


def test_new_passwords_are_checked_for_a_slip_first_then_for_strength():
    assert password_problems("", "", "aigul") == [(PASSWORD_MISSING, {})]
    assert password_problems("тоо-суу-асман", "тоо-суу-асмаН", "aigul") == [(PASSWORDS_DIFFER, {})]
    assert password_problems("short", "short", "aigul") == [
        (WEAK_PASSWORD_TEXTS["too_short"], {"minimum": MIN_LENGTH})
    ]
    assert password_problems("aaaaabbbbb", "aaaaabbbbb", "aigul") == [
        (WEAK_PASSWORD_TEXTS["too_simple"], {"minimum": MIN_LENGTH})
    ]
    assert password_problems("Aigul-2026-жаз", "Aigul-2026-жаз", " AIGUL ") == [
        (WEAK_PASSWORD_TEXTS["contains_login"], {"minimum": MIN_LENGTH})
    ]
    assert password_problems(PASSWORD, PASSWORD, "aigul") == []


def test_a_login_is_one_word():
    assert login_problems("  ") == [(LOGIN_MISSING, {})]
    assert login_problems("ai gul") == [(LOGIN_NOT_A_WORD, {})]
    assert login_problems(" Aigul ") == []


# -- the sign-in dialog ----------------------------------------------------------------------


def test_the_right_password_and_enter_sign_in(qtbot, with_admin):
    dialog = sign_in_dialog(qtbot, with_admin)
    type_and_enter(qtbot, dialog, "Nurlan", PASSWORD)
    assert dialog.actor == Actor("nurlan", frozenset({Role.ADMINISTRATOR}))
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    assert dialog.error_text == ""


def test_the_password_is_masked(qtbot, with_admin):
    dialog = sign_in_dialog(qtbot, with_admin)
    assert dialog.password.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.login.echoMode() is QLineEdit.EchoMode.Normal


def test_a_wrong_password_is_refused_without_telling_the_tries_left(qtbot, with_admin):
    dialog = sign_in_dialog(qtbot, with_admin)
    type_and_enter(qtbot, dialog, "nurlan", "туура эмес сырсөз")
    assert dialog.actor is None
    assert dialog.isVisible()
    # Tries left are not told: an unknown login has none, so a number would reveal accounts.
    assert dialog.error_text == KY(WRONG)
    assert dialog.password.text() == ""  # typed again from scratch, not edited
    assert dialog.focusWidget() is dialog.password


def test_an_unknown_login_reads_like_a_wrong_password(qtbot, with_admin):
    dialog = sign_in_dialog(qtbot, with_admin)
    type_and_enter(qtbot, dialog, "ghost", PASSWORD)
    assert dialog.error_text == "Логин же сырсөз туура эмес."


def test_a_locked_account_says_when_to_try_again(qtbot):
    accounts = FakeAccounts(SignInRefused("locked", 14 * 60 + 5))
    dialog = sign_in_dialog(qtbot, accounts)
    type_and_enter(qtbot, dialog, "aigul", PASSWORD)
    assert dialog.error_text == KY(LOCKED).format(minutes=15)
    assert "15 мүнөттөн кийин" in dialog.error_text


def test_a_disabled_account_is_told_so(qtbot, with_admin):
    admin = with_admin.sign_in("nurlan", PASSWORD)
    with_admin.create_account(
        admin, "aigul", "Абдыкадырова Айгүл", frozenset({Role.OPERATOR}), "кызыл-алма-жашыл"
    )
    with_admin.set_active(admin, "aigul", False)
    dialog = sign_in_dialog(qtbot, with_admin, "ru")
    type_and_enter(qtbot, dialog, "aigul", "кызыл-алма-жашыл")
    assert (
        dialog.error_text == "Эта учётная запись отключена. Попросите администратора включить её."
    )


def test_the_language_switch_redraws_the_dialog_and_its_error(qtbot):
    dialog = sign_in_dialog(qtbot, FakeAccounts(SignInRefused("wrong")))
    assert dialog.title.text() == "Башкаруу бөлүмүнө кирүү"
    type_and_enter(qtbot, dialog, "aigul", "туура эмес сырсөз")
    qtbot.mouseClick(dialog.language_buttons["ru"], Qt.MouseButton.LeftButton)
    assert dialog.language == "ru"
    assert dialog.title.text() == "Вход в администрирование"
    assert dialog.ok.text() == "Войти"
    assert dialog.error_text == RU(WRONG)
    assert dialog.language_buttons["ru"].property("current") is True
    qtbot.mouseClick(dialog.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert dialog.error_text == "Wrong login or password."


def test_an_empty_field_costs_no_try(qtbot):
    accounts = FakeAccounts(SignInRefused("wrong"))
    dialog = sign_in_dialog(qtbot, accounts)
    qtbot.keyClicks(dialog.login, "aigul")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Return)
    # Enter in the login goes on to the empty password instead of sending it.
    assert dialog.focusWidget() is dialog.password
    assert accounts.calls == []
    dialog.ok.click()
    assert dialog.error_text == KY(PASSWORD_MISSING)
    dialog.login.clear()
    dialog.password.setText(PASSWORD)
    dialog.ok.click()
    assert dialog.error_text == KY(LOGIN_MISSING)
    assert accounts.calls == []


def test_a_failure_that_is_not_a_refusal_is_not_hidden(qtbot):
    dialog = sign_in_dialog(qtbot, FakeAccounts(RuntimeError("database is down")))
    dialog.login.setText("aigul")
    dialog.password.setText(PASSWORD)
    with pytest.raises(RuntimeError):
        dialog.sign_in()


def test_cancel_rejects(qtbot, with_admin):
    dialog = sign_in_dialog(qtbot, with_admin)
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected.value
    assert dialog.actor is None


# -- the first administrator ---------------------------------------------------------------


def fill(dialog: FirstAdministratorDialog, name: str, login: str, password: str, repeat: str):
    dialog.full_name.setText(name)
    dialog.login.setText(login)
    dialog.password.setText(password)
    dialog.repeat.setText(repeat)


def test_the_first_administrator_dialog_says_why_it_appears(qtbot, service):
    dialog = first_dialog(qtbot, service)
    assert dialog.message.text().startswith(
        "Бул орнотууда азырынча кызматкерлердин бир да эсептик жазуусу жок"
    )
    assert dialog.password.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.repeat.echoMode() is QLineEdit.EchoMode.Password
    assert str(MIN_LENGTH) in dialog.hint.text()


def test_passwords_that_differ_are_caught_before_the_service(qtbot, service):
    dialog = first_dialog(qtbot, service)
    fill(dialog, "Жээнбеков Нурлан", "nurlan", PASSWORD, PASSWORD + "!")
    dialog.ok.click()
    assert dialog.error_text == "Эки сырсөз дал келбейт: бир эле сырсөздү эки жолу териңиз."
    assert dialog.actor is None
    assert service.needs_first_administrator() is True


@pytest.mark.parametrize(
    ("password", "reason"),
    [("кыска", "too_short"), ("ааааабббббб", "too_simple"), ("nurlan-2026-жаз", "contains_login")],
)
def test_a_weak_password_is_named_in_words(qtbot, service, password, reason):
    dialog = first_dialog(qtbot, service, "ru")
    fill(dialog, "Жээнбеков Нурлан", "Nurlan", password, password)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.error_text == RU(WEAK_PASSWORD_TEXTS[reason]).format(minimum=MIN_LENGTH)
    assert service.needs_first_administrator() is True


def test_every_missing_thing_is_listed(qtbot, service):
    dialog = first_dialog(qtbot, service)
    dialog.ok.click()
    assert dialog.error_text.splitlines() == [
        KY(NAME_MISSING),
        KY(LOGIN_MISSING),
        KY(PASSWORD_MISSING),
    ]


def test_a_right_form_creates_the_administrator_and_signs_in(qtbot, service):
    dialog = first_dialog(qtbot, service)
    fill(dialog, "Жээнбеков Нурлан", " Nurlan ", PASSWORD, PASSWORD)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.actor == Actor("nurlan", frozenset({Role.ADMINISTRATOR}))
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    assert service.needs_first_administrator() is False
    assert service.sign_in("nurlan", PASSWORD).name == "nurlan"


def test_an_administrator_made_meanwhile_elsewhere_is_explained(qtbot):
    accounts = FakeAccounts(PermissionError("the first administrator exists already"), fresh=True)
    dialog = first_dialog(qtbot, accounts)
    fill(dialog, "Жээнбеков Нурлан", "nurlan", PASSWORD, PASSWORD)
    dialog.ok.click()
    assert dialog.error_text == KY(ADMINISTRATOR_EXISTS)
    assert not dialog.ok.isEnabled()


# -- sign_in_interactively -------------------------------------------------------------------


def test_fresh_installation_shows_the_first_administrator_dialog(qtbot, service):
    shown: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        shown.append(dialog)
        assert isinstance(dialog, FirstAdministratorDialog)
        fill(dialog, "Жээнбеков Нурлан", "nurlan", PASSWORD, PASSWORD)
        dialog.ok.click()
        return dialog.result()

    actor = sign_in_interactively(service, strict, run=run)
    assert actor == Actor("nurlan", frozenset({Role.ADMINISTRATOR}))
    assert len(shown) == 1


def test_later_the_sign_in_dialog_is_shown(qtbot, with_admin):
    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, SignInDialog)
        assert dialog.language == "ky"
        type_and_enter(qtbot, dialog, "nurlan", PASSWORD)
        return dialog.result()

    assert sign_in_interactively(with_admin, strict, run=run) == with_admin.sign_in(
        "nurlan", PASSWORD
    )


def test_cancelling_returns_nobody(qtbot, with_admin):
    def run(dialog: QDialog) -> int:
        type_and_enter(qtbot, dialog, "nurlan", "туура эмес сырсөз")
        dialog.cancel.click()
        return dialog.result()

    assert sign_in_interactively(with_admin, strict, run=run) is None
