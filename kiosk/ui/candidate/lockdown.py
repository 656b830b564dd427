"""What the program itself does to keep a candidate inside the station window.

The window (:mod:`kiosk.ui.candidate.window`) is frameless, always on top and full screen, and
refuses to close unless an administrator authorised it.  The rules here decide which keys it
swallows and which key chord calls the staff; they also make the staff's credential fields.

Qt sees only what the window system passes on: Ctrl+Alt+Del on Windows, a switch to a text
console on Linux, and most Alt+Tab and Super/Windows-key combinations never reach the program.
Those are locked down by the session the station runs in (``packaging/README.md``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.ui.candidate.ports import GateAnswer, GateOutcome
from translations import N_, Gettext

#: The staff's key chord, in the order pressed: it opens "Staff: close the station" on every
#: screen.  A function key, not a letter: with a Cyrillic keyboard layout a letter arrives as
#: another key, and Ctrl+Alt with a function key switches to a text console on Linux.
STAFF_CHORD = "Ctrl+Shift+F12"
_STAFF_KEY = Qt.Key.Key_F12
_STAFF_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

#: The longest login the accounts table stores, with room for stray blanks.
LOGIN_MAX_LENGTH = 80

_MODIFIER_MASK = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
#: Keys refused whatever the modifiers: the Windows/Super keys and the context-menu key.
_SYSTEM_KEYS = frozenset(
    {
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_Menu,
        Qt.Key.Key_Launch0,
        Qt.Key.Key_Launch1,
        Qt.Key.Key_Explorer,
        Qt.Key.Key_WWW,
        Qt.Key.Key_HomePage,
        Qt.Key.Key_Search,
        Qt.Key.Key_LaunchMail,
        Qt.Key.Key_Calculator,
        Qt.Key.Key_PowerOff,
        Qt.Key.Key_Sleep,
        Qt.Key.Key_Suspend,
        Qt.Key.Key_Hibernate,
    }
)
#: With Alt: close the window (F4), switch windows (Tab, Esc), open the window menu (Space).
_ALT_KEYS = frozenset({Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape})
#: With Ctrl: the start menu (Esc), close or quit in many programs (W, Q, F4).
_CTRL_KEYS = frozenset({Qt.Key.Key_Escape, Qt.Key.Key_W, Qt.Key.Key_Q, Qt.Key.Key_F4})


def modifiers_of(event: QKeyEvent) -> Qt.KeyboardModifier:
    """The event's Ctrl, Shift, Alt and Meta, without the keypad flag."""
    return event.modifiers() & _MODIFIER_MASK


def is_staff_chord(event: QKeyEvent) -> bool:
    """True for :data:`STAFF_CHORD`."""
    return event.key() == _STAFF_KEY and modifiers_of(event) == _STAFF_MODIFIERS


def is_refused_key(event: QKeyEvent) -> bool:
    """True for a key that asks the system or the window to close, switch or open a menu."""
    key = event.key()
    modifiers = modifiers_of(event)
    if key in _SYSTEM_KEYS or modifiers & Qt.KeyboardModifier.MetaModifier:
        return True
    if modifiers & Qt.KeyboardModifier.AltModifier and (
        key in _ALT_KEYS or key == Qt.Key.Key_Space
    ):
        return True
    return bool(modifiers & Qt.KeyboardModifier.ControlModifier and key in _CTRL_KEYS)


def no_context_menu(widget: QWidget) -> None:
    """No right-click menu on ``widget`` (a line edit's offers paste, undo and input methods)."""
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)


def forbid_context_menus(root: QWidget) -> None:
    """No context menu on ``root`` nor on any widget inside it now."""
    no_context_menu(root)
    for child in root.findChildren(QWidget):
        no_context_menu(child)


def credential_fields(name: str) -> tuple[QLineEdit, QLineEdit]:
    """A login field and a password field, named ``{name}Login`` and ``{name}Password``.

    The password is shown as dots and never offered to an input method; neither field has a
    context menu.
    """
    login = QLineEdit(objectName=f"{name}Login")
    login.setMaxLength(LOGIN_MAX_LENGTH)
    login.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
    password = QLineEdit(objectName=f"{name}Password")
    password.setEchoMode(QLineEdit.EchoMode.Password)
    password.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    for field in (login, password):
        no_context_menu(field)
    return login, password


# -- what the staff are told -------------------------------------------------------------------

LOGIN_MISSING = N_("Enter the login.")
PASSWORD_MISSING = N_("Enter the password.")


def missing_credential(login: QLineEdit, password: QLineEdit) -> tuple[str, QLineEdit] | None:
    """The first empty field of a staff sign-in, with its message, or None.

    An empty field is a slip, not a guess: it is never sent, so it costs the account no try.
    """
    if not login.text().strip():
        return LOGIN_MISSING, login
    if not password.text():
        return PASSWORD_MISSING, password
    return None


WRONG = N_("Wrong login or password.")
LOCKED = N_("The account is locked after too many wrong passwords. Try again in {minutes} min.")
INACTIVE = N_("This account is disabled. Ask an administrator to enable it.")
NOT_AN_OPENER = N_("Only an operator or an administrator can open the station.")
NOT_A_CLOSER = N_("Only an administrator can close the station.")
NO_KEY = N_(
    "This account cannot open the installation's data yet. "
    "Ask an administrator to set its password again."
)
KEY_FAILED = N_("The installation's key did not open with this account. Tell the administrator.")


def answer_text(answer: GateAnswer, _: Gettext, *, opening: bool) -> str:
    """Why the credentials were refused, in the interface language ("" when allowed)."""
    outcome = answer.outcome
    if outcome is GateOutcome.ALLOWED:
        return ""
    if outcome is GateOutcome.LOCKED:
        minutes = max(1, -(-answer.seconds_left // 60))
        return _(LOCKED).format(minutes=minutes)
    if outcome is GateOutcome.INACTIVE:
        return _(INACTIVE)
    if outcome is GateOutcome.NOT_PERMITTED:
        return _(NOT_AN_OPENER) if opening else _(NOT_A_CLOSER)
    if outcome is GateOutcome.NO_KEY:
        return _(NO_KEY)
    if outcome is GateOutcome.KEY_FAILED:
        return _(KEY_FAILED)
    return _(WRONG)
