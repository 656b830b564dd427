"""Signing in to admin mode, and creating the first administrator on a fresh installation.

:func:`sign_in_interactively` is what the program calls before the admin window opens: on a
fresh installation (no account yet) it shows :class:`FirstAdministratorDialog`, otherwise
:class:`SignInDialog`, and returns the signed-in :class:`~kiosk.domain.roles.Actor` (None when
the user cancels).  Both dialogs switch their language (Кыргызча by default, Русский, English)
and say what went wrong in that language: a wrong login or password with the tries left before
the lock, a locked account with the minutes to wait, a disabled account, a weak password.

The password checks that need no database (the two entries match, the strength rules of
:mod:`kiosk.security.passwords`) run here before the service is asked, so a mistake is named in
words at once; the service checks the same rules again.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor
from kiosk.security.passwords import MIN_LENGTH, WeakPassword, check_strength
from kiosk.services.session_views import SignInRefused
from kiosk.ui.admin.page_parts import messages_text
from kiosk.ui.admin.ports import Accounts
from kiosk.ui.admin.style import admin_style_sheet
from kiosk.ui.theme import NORMAL, Theme, palette, set_state
from kiosk.ui.widgets import MessageBox, button, label, set_text
from translations import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, N_, Translator

TranslatorFactory = Callable[[str], Translator]
#: (message to translate, values for its placeholders).
Problem = tuple[str, dict[str, object]]

#: The dialogs' width; they grow in height with their texts.
DIALOG_WIDTH = 600
#: The longest login the accounts table stores.
LOGIN_LIMIT = 60
#: The longest full name a form takes.
FULL_NAME_LIMIT = 200

#: Each reason of :class:`~kiosk.security.passwords.WeakPassword`, in words.
WEAK_PASSWORD_TEXTS: dict[str, str] = {
    "too_short": N_("The password is too short: it needs at least {minimum} characters."),
    "too_simple": N_("The password is too simple: use more different letters and digits."),
    "contains_login": N_("The password must not contain the login."),
}
WEAK_PASSWORD_OTHER = N_("The password is too weak.")
PASSWORD_HINT = N_(
    "At least {minimum} characters; a phrase of several words is easy to remember and hard to "
    "guess."
)
PASSWORDS_DIFFER = N_("The two passwords differ: type the same password twice.")
PASSWORD_MISSING = N_("Enter the password.")
LOGIN_MISSING = N_("Enter the login.")
LOGIN_TOO_LONG = N_("A login has at most {limit} characters.")
LOGIN_NOT_A_WORD = N_("A login is one word, without spaces.")
NAME_MISSING = N_("Enter the full name.")

WRONG = N_("Wrong login or password.")
LOCKED = N_("The account is locked after too many wrong passwords. Try again in {minutes} min.")
INACTIVE = N_("This account is disabled. Ask an administrator to enable it.")
ADMINISTRATOR_EXISTS = N_("An administrator exists already: close this window and sign in.")
SERVICE_REFUSED = N_("The change was refused: {reason}")


def normalized_login(login: str) -> str:
    """A login as the accounts service stores it (trimmed, casefolded), to compare with others."""
    return login.strip().casefold()


def weak_password_problem(reason: str) -> Problem:
    """The words for a :class:`WeakPassword` reason."""
    if reason in WEAK_PASSWORD_TEXTS:
        return WEAK_PASSWORD_TEXTS[reason], {"minimum": MIN_LENGTH}
    return WEAK_PASSWORD_OTHER, {}


def login_problems(login: str) -> list[Problem]:
    """What is wrong with a new login (empty when fine); taken logins are the caller's check."""
    name = normalized_login(login)
    if not name:
        return [(LOGIN_MISSING, {})]
    if len(name) > LOGIN_LIMIT:
        return [(LOGIN_TOO_LONG, {"limit": LOGIN_LIMIT})]
    if any(character.isspace() for character in name):
        return [(LOGIN_NOT_A_WORD, {})]
    return []


def password_problems(password: str, repeated: str, login: str) -> list[Problem]:
    """What is wrong with a new password typed twice: a mismatch, or the strength rule broken.

    A mismatch is named first: a typing slip, not a weak choice, is then the likelier cause.
    """
    if not password:
        return [(PASSWORD_MISSING, {})]
    if password != repeated:
        return [(PASSWORDS_DIFFER, {})]
    try:
        check_strength(password, normalized_login(login))
    except WeakPassword as weak:
        return [weak_password_problem(weak.reason)]
    return []


def problems_text(problems: list[Problem], translator: Translator) -> str:
    """Problems as lines in the interface language."""
    return messages_text(problems, translator)


def captioned_line(name: str, max_length: int | None = None) -> tuple[QLabel, QLineEdit]:
    """A text field of an account's form with its caption (tied to it once laid out)."""
    field = QLineEdit(objectName=name)
    if max_length is not None:
        field.setMaxLength(max_length)
    return label("fieldCaption", wrap=False), field


def name_field(caption: QLabel, field: QWidget, text: str) -> None:
    """Say a field's name in its caption and to a screen reader alike."""
    set_text(caption, text)
    field.setAccessibleName(text)


def refusal_problem(refusal: SignInRefused) -> Problem:
    """What the user is told about a refused sign-in."""
    if refusal.reason == "locked":
        return LOCKED, {"minutes": max(1, math.ceil(refusal.seconds_left / 60))}
    if refusal.reason == "inactive":
        return INACTIVE, {}
    return WRONG, {}


class StaffDialog(QDialog):
    """A dialog of admin mode with its own language switch, a title, a sentence under it, fields,
    an error box and Cancel / OK buttons; subclasses fill the fields and act on OK."""

    def __init__(
        self,
        translator_factory: TranslatorFactory,
        language: str = DEFAULT_LANGUAGE,
        parent: QWidget | None = None,
        *,
        name: str,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setModal(True)
        self._translator_factory = translator_factory
        self._tr = translator_factory(language)
        self._problems: list[Problem] = []
        #: Who signed in; set when the dialog is accepted.
        self.actor: Actor | None = None

        self.language_buttons: dict[str, QPushButton] = {}
        languages = QHBoxLayout()
        languages.setSpacing(6)
        languages.addStretch(1)
        for code in LANGUAGES:
            choice = button("tool", name=f"{name}-ui-{code}")
            choice.setText(LANGUAGE_NAMES[code])
            choice.clicked.connect(lambda _checked=False, lang=code: self.set_language(lang))
            languages.addWidget(choice)
            self.language_buttons[code] = choice
        self.title = label("dialogTitle", name=f"{name}Title")
        self.message = label(name=f"{name}Message")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.setVerticalSpacing(6)
        self.error = MessageBox("error", name=f"{name}Error")
        # Enter is the fields' (see add_field), so OK is not a default button: both would act on
        # one key press and send the form twice.
        self.ok = button("primary", name=f"{name}Ok")
        self.cancel = button(name=f"{name}Cancel")
        self.ok.clicked.connect(self.submit)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        column = QVBoxLayout(self)
        # The dialog is sized by _fit_height: a layout would set the window's minimum size on
        # every new message, which not every platform can pass on to the window.
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(28, 16, 28, 22)
        column.setSpacing(12)
        column.addLayout(languages)
        column.addWidget(self.title)
        column.addWidget(self.message)
        column.addLayout(self.form)
        column.addWidget(self.error)
        column.addLayout(buttons)
        self.setPalette(palette(theme))
        self.setStyleSheet(admin_style_sheet(theme))
        self.resize(DIALOG_WIDTH, 100)

    def add_field(self, field: QLineEdit, caption: QLabel, *, password: bool = False) -> None:
        """Add a line to the form; Enter in it submits the dialog."""
        if password:
            field.setEchoMode(QLineEdit.EchoMode.Password)
            # A password is never offered to the clipboard or kept by an input method.
            field.setInputMethodHints(
                Qt.InputMethodHint.ImhHiddenText
                | Qt.InputMethodHint.ImhSensitiveData
                | Qt.InputMethodHint.ImhNoPredictiveText
            )
        caption.setBuddy(field)
        field.returnPressed.connect(lambda: self.enter_pressed(field))
        self.form.addRow(caption, field)

    # -- language --------------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The interface language."""
        return self._tr.language

    @property
    def translator(self) -> Translator:
        """The translator of the interface language."""
        return self._tr

    def set_language(self, language: str) -> None:
        """Switch the dialog's language; what it shows (an error too) is redrawn at once."""
        if language != self._tr.language:
            self._tr = self._translator_factory(language)
        self.retranslate()

    def retranslate(self) -> None:
        """Draw the texts every staff dialog has; subclasses add theirs."""
        _ = self._tr
        for code, choice in self.language_buttons.items():
            current = code == self._tr.language
            choice.setAccessibleName(
                _("Interface language: {language}").format(language=LANGUAGE_NAMES[code])
                + (", " + _("chosen") if current else "")
            )
            set_state(choice, current=current)
        set_text(self.cancel, _("Cancel"))
        self._draw_problems()

    # -- what went wrong -------------------------------------------------------------------

    @property
    def error_text(self) -> str:
        """The error shown ("" when none)."""
        return self.error.text() if not self.error.isHidden() else ""

    def show_problems(self, problems: list[Problem]) -> None:
        """Show what is wrong (kept as messages, so a language switch redraws it)."""
        self._problems = problems
        self._draw_problems()

    def _draw_problems(self) -> None:
        self.error.set_message(problems_text(self._problems, self._tr))
        self._fit_height()

    def _fit_height(self) -> None:
        # As tall as the texts need at the dialog's width: grows for a message, shrinks after.
        # The new texts' layout requests are still queued; their sizes count now.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        layout = self.layout()
        layout.activate()
        width = max(self.width(), DIALOG_WIDTH)
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = layout.totalSizeHint().height()
        self.resize(width, height)

    # -- acting ----------------------------------------------------------------------------

    def enter_pressed(self, field: QLineEdit) -> None:
        """Enter in a field: submit (subclasses may first move on to an empty field)."""
        self.submit()

    def submit(self) -> None:
        """Check the form and act on it (subclasses)."""

    def _signed_in(self, actor: Actor) -> Actor:
        """Close the dialog with ``actor`` signed in."""
        self.actor = actor
        self.show_problems([])
        self.accept()
        return actor


class SignInDialog(StaffDialog):
    """Login and password; Enter signs in.  A refusal is shown in words, the password cleared."""

    def __init__(
        self,
        accounts: Accounts,
        translator_factory: TranslatorFactory,
        language: str = DEFAULT_LANGUAGE,
        parent: QWidget | None = None,
        *,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__(translator_factory, language, parent, name="signIn", theme=theme)
        self._accounts = accounts
        self.login_caption, self.login = captioned_line("signInLogin", LOGIN_LIMIT + 20)
        self.password_caption, self.password = captioned_line("signInPassword")
        self.add_field(self.login, self.login_caption)
        self.add_field(self.password, self.password_caption, password=True)
        self.retranslate()
        self.login.setFocus(Qt.FocusReason.OtherFocusReason)

    def enter_pressed(self, field: QLineEdit) -> None:
        """Enter in the login moves to an empty password; otherwise it signs in."""
        if field is self.login and not self.password.text():
            self.password.setFocus(Qt.FocusReason.TabFocusReason)
            return
        self.submit()

    def submit(self) -> None:
        """Sign in; accept the dialog with the actor, or show why not."""
        self.sign_in()

    def sign_in(self) -> Actor | None:
        """Ask the service; the actor, or None with the reason shown."""
        login, password = self.login.text(), self.password.text()
        # An empty field is a slip, not a guess: it is not sent, so it costs no try.
        if not login.strip():
            self.show_problems([(LOGIN_MISSING, {})])
            self.login.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        if not password:
            self.show_problems([(PASSWORD_MISSING, {})])
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        try:
            actor = self._accounts.sign_in(login, password)
        except SignInRefused as refusal:
            self.password.clear()
            self.show_problems([refusal_problem(refusal)])
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        return self._signed_in(actor)

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        self.setWindowTitle(_("Sign in"))
        set_text(self.title, _("Sign in to administration"))
        set_text(self.message, _("Enter the login and the password of your staff account."))
        name_field(self.login_caption, self.login, _("Login"))
        name_field(self.password_caption, self.password, _("Password"))
        set_text(self.ok, _("Sign in"))
        super().retranslate()


class FirstAdministratorDialog(StaffDialog):
    """The first account of a fresh installation: an administrator, who then creates the others.

    The form is checked here (name, login, the password typed twice and strong enough) before the
    service is asked; the dialog stays open, naming what is wrong, until it is right.
    """

    def __init__(
        self,
        accounts: Accounts,
        translator_factory: TranslatorFactory,
        language: str = DEFAULT_LANGUAGE,
        parent: QWidget | None = None,
        *,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__(
            translator_factory, language, parent, name="firstAdministrator", theme=theme
        )
        self._accounts = accounts
        self.full_name_caption, self.full_name = captioned_line(
            "firstAdministratorName", FULL_NAME_LIMIT
        )
        self.login_caption, self.login = captioned_line("firstAdministratorLogin", LOGIN_LIMIT + 20)
        self.password_caption, self.password = captioned_line("firstAdministratorPassword")
        self.repeat_caption, self.repeat = captioned_line("firstAdministratorRepeat")
        self.hint = label("muted", name="firstAdministratorHint")
        self.add_field(self.full_name, self.full_name_caption)
        self.add_field(self.login, self.login_caption)
        self.add_field(self.password, self.password_caption, password=True)
        self.add_field(self.repeat, self.repeat_caption, password=True)
        self.form.addRow(self.hint)
        self.retranslate()
        self.full_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def form_problems(self) -> list[Problem]:
        """What is wrong with the form as typed (empty when it may be sent)."""
        problems: list[Problem] = []
        if not self.full_name.text().strip():
            problems.append((NAME_MISSING, {}))
        problems += login_problems(self.login.text())
        problems += password_problems(self.password.text(), self.repeat.text(), self.login.text())
        return problems

    def submit(self) -> None:
        """Create the first administrator when the form is right."""
        self.create()

    def create(self) -> Actor | None:
        """Check the form, then ask the service; the new administrator, signed in, or None."""
        problems = self.form_problems()
        if problems:
            self.show_problems(problems)
            return None
        try:
            actor = self._accounts.create_first_administrator(
                self.login.text(), self.full_name.text(), self.password.text()
            )
        except WeakPassword as weak:
            self.show_problems([weak_password_problem(weak.reason)])
            return None
        except PermissionError:
            # Someone created an account meanwhile (another station): this dialog is obsolete.
            self.show_problems([(ADMINISTRATOR_EXISTS, {})])
            self.ok.setEnabled(False)
            return None
        except ValueError as refused:
            self.show_problems([(SERVICE_REFUSED, {"reason": str(refused)})])
            return None
        return self._signed_in(actor)

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        self.setWindowTitle(_("First administrator"))
        set_text(self.title, _("Create the first administrator"))
        set_text(
            self.message,
            _(
                "No staff account exists yet on this installation, so the first one is created "
                "now: an administrator, who then creates the accounts of the other staff."
            ),
        )
        name_field(self.full_name_caption, self.full_name, _("Full name"))
        name_field(self.login_caption, self.login, _("Login"))
        name_field(self.password_caption, self.password, _("Password"))
        name_field(self.repeat_caption, self.repeat, _("Password again"))
        set_text(self.hint, _(PASSWORD_HINT).format(minimum=MIN_LENGTH))
        set_text(self.ok, _("Create and sign in"))
        super().retranslate()


def _run_dialog(dialog: QDialog) -> int:
    """Show the dialog and wait for the user (tests pass a function that fills it in)."""
    return dialog.exec()


def sign_in_interactively(
    accounts: Accounts,
    translator_factory: TranslatorFactory,
    parent: QWidget | None = None,
    *,
    language: str = DEFAULT_LANGUAGE,
    run: Callable[[QDialog], int] = _run_dialog,
) -> Actor | None:
    """Sign a staff member in: the first-administrator dialog on a fresh installation, the
    sign-in dialog otherwise.  The actor, or None when the user cancelled."""
    dialog: StaffDialog
    if accounts.needs_first_administrator():
        dialog = FirstAdministratorDialog(accounts, translator_factory, language, parent)
    else:
        dialog = SignInDialog(accounts, translator_factory, language, parent)
    try:
        if run(dialog) != QDialog.DialogCode.Accepted.value:
            return None
        return dialog.actor
    finally:
        dialog.deleteLater()
