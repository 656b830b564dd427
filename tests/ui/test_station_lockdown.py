"""The locked-down station: window flags, refused closing and keys, the staff's way in and out.

Most tests drive the real window on a prepared sitting with a :class:`FakeGate` that follows the
``StaffGate`` port; the last group runs the real :class:`KioskGate` on the sitting's accounts and
installation key.  What Qt offscreen cannot show (a window manager's Alt+F4 and Alt+Tab, the
real raise) is covered by the events Qt would deliver and by the rules that decide them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QScrollArea

from kiosk.domain.roles import Actor, Role
from kiosk.security.codes import generate_code
from kiosk.services.session_views import SignInRefused
from kiosk.services.views import LoginRefusal, LoginResult
from kiosk.ui.candidate import window as window_module
from kiosk.ui.candidate.gate import KioskGate
from kiosk.ui.candidate.lockdown import is_refused_key, is_staff_chord
from kiosk.ui.candidate.ports import GateAnswer, GateOutcome
from kiosk.ui.candidate.window import CandidateWindow
from kiosk.ui.theme import SCALE_STEPS
from tests.ui.conftest import STATION_SIZE, enter_code, start_test, strict
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
EN = Translator("en", strict=True)
PASSWORD = "green apples in early spring 2026"

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
META = Qt.KeyboardModifier.MetaModifier
NONE = Qt.KeyboardModifier.NoModifier


class FakeGate:
    """A ``StaffGate`` over a table of accounts; remembers whether the station's key is open."""

    def __init__(self, station_open: bool = False) -> None:
        self.accounts = {
            "admin": (PASSWORD, frozenset({Role.ADMINISTRATOR})),
            "operator": (PASSWORD, frozenset({Role.OPERATOR})),
            "chair": (PASSWORD, frozenset({Role.COMMISSION})),
        }
        self.open = station_open
        self.calls: list[tuple[str, str]] = []

    @property
    def station_open(self) -> bool:
        return self.open

    def _check(self, login: str, password: str, allowed: set[Role]) -> GateAnswer:
        account = self.accounts.get(login.strip())
        if account is None or account[0] != password:
            return GateAnswer(GateOutcome.WRONG)
        if not allowed & account[1]:
            return GateAnswer(GateOutcome.NOT_PERMITTED, login)
        return GateAnswer(GateOutcome.ALLOWED, login)

    def open_station(self, login: str, password: str) -> GateAnswer:
        self.calls.append(("open", login))
        answer = self._check(login, password, {Role.OPERATOR, Role.ADMINISTRATOR})
        self.open = self.open or answer.allowed
        return answer

    def authorise_exit(self, login: str, password: str) -> GateAnswer:
        self.calls.append(("exit", login))
        return self._check(login, password, {Role.ADMINISTRATOR})

    def close_station(self) -> None:
        self.calls.append(("close", ""))
        self.open = False


@pytest.fixture
def make_station(qtbot, station, timers, printer):
    """A locked-down station window (a fake gate) in a language, shown as a station."""

    def make(gate: FakeGate, language: str = "ky", *, full_screen: bool = True) -> CandidateWindow:
        window = CandidateWindow(
            station.kiosk.attempts,
            station.kiosk.settings.timezone,
            language=language,
            timer_factory=timers,
            printer=printer,
            translator_factory=strict,
            gate=gate,
        )
        qtbot.addWidget(window, before_close_func=let_go)
        window.resize(*STATION_SIZE)
        if full_screen:
            window.show_station()
        else:
            # The offscreen platform's screen is smaller than a station's: sized by hand.
            window.show()
        return window

    return make


def let_go(window: CandidateWindow) -> None:
    """Let qtbot close a locked-down window after the test (it refuses anyone else)."""
    window._leaving = True


def key(kind_key: int, modifiers=NONE, text: str = "") -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, kind_key, modifiers, text)


def send_key(widget, kind_key: int, modifiers=NONE, text: str = "") -> bool:
    """Deliver a key press as the keyboard would; True when someone took it."""
    event = key(kind_key, modifiers, text)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def type_credentials(qtbot, login_field: QLineEdit, password_field: QLineEdit, login, password):
    login_field.clear()
    password_field.clear()
    qtbot.keyClicks(login_field, login)
    qtbot.keyClicks(password_field, password)


def leave_as(qtbot, window: CandidateWindow, login: str, password: str, action: str) -> None:
    """Open the staff dialog by the top bar's control and ask to close (or quit) as ``login``."""
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    staff = window.staff
    assert staff is not None and staff.isVisible()
    type_credentials(qtbot, staff.login, staff.password, login, password)
    target = staff.close_button if action == "close" else staff.quit_button
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


# -- the window ----------------------------------------------------------------------------------


def test_the_station_is_frameless_on_top_and_full_screen(make_station):
    window = make_station(FakeGate(station_open=True))
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert window.isFullScreen()
    assert window.locked_down


def test_the_station_takes_full_screen_back_when_it_is_made_a_window(make_station):
    window = make_station(FakeGate(station_open=True))
    window.showNormal()
    assert not window.isFullScreen()
    QApplication.processEvents()
    assert window.isFullScreen()


def test_losing_the_focus_brings_the_station_back_to_the_front(make_station, monkeypatch):
    window = make_station(FakeGate(station_open=True))
    fronted = []
    monkeypatch.setattr(window, "to_front", lambda: fronted.append(True))
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
    QApplication.processEvents()
    assert fronted == [True]
    assert window.focus_losses == 1


def test_a_window_without_a_gate_does_not_fight_for_the_focus(window, monkeypatch):
    fronted = []
    monkeypatch.setattr(window, "to_front", lambda: fronted.append(True))
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
    QApplication.processEvents()
    assert fronted == [] and window.focus_losses == 0
    assert not window.staff_button.isVisible() and window.staff is None


@pytest.mark.parametrize("station_open", [True, False])
def test_close_is_refused_without_an_administrator(make_station, station_open):
    window = make_station(FakeGate(station_open=station_open))
    event = QCloseEvent()
    QApplication.sendEvent(window, event)
    assert not event.isAccepted()
    assert not window.close()
    assert window.isVisible()


def test_close_is_refused_during_a_test_too(qtbot, make_station, station):
    window = make_station(FakeGate(station_open=True))
    start_test(qtbot, window, station.code)
    assert not window.close()
    assert window.isVisible() and window.exam.in_progress


@pytest.mark.parametrize(
    ("pressed", "modifiers"),
    [
        (Qt.Key.Key_F4, ALT),
        (Qt.Key.Key_Tab, ALT),
        (Qt.Key.Key_Backtab, ALT | SHIFT),
        (Qt.Key.Key_Escape, ALT),
        (Qt.Key.Key_Space, ALT),
        (Qt.Key.Key_Escape, CTRL),
        (Qt.Key.Key_W, CTRL),
        (Qt.Key.Key_Q, CTRL),
        (Qt.Key.Key_Meta, META),
        (Qt.Key.Key_Super_L, NONE),
        (Qt.Key.Key_D, META),
        (Qt.Key.Key_Menu, NONE),
    ],
)
def test_system_keys_are_swallowed_before_any_widget(make_station, pressed, modifiers):
    window = make_station(FakeGate(station_open=True))
    field = window.login.code
    assert is_refused_key(key(pressed, modifiers))
    assert window.eventFilter(field, key(pressed, modifiers)) is True
    send_key(field, pressed, modifiers)
    assert window.isVisible() and window.isFullScreen()
    assert window.current_screen is window.login


def test_ordinary_keys_still_reach_the_fields(qtbot, make_station):
    window = make_station(FakeGate(station_open=True))
    for pressed, modifiers in ((Qt.Key.Key_A, NONE), (Qt.Key.Key_Tab, NONE), (Qt.Key.Key_F4, NONE)):
        assert not is_refused_key(key(pressed, modifiers))
    qtbot.keyClicks(window.login.code, "ab")
    assert window.login.code.text() == "AB"


def test_escape_closes_nothing_on_any_screen(qtbot, make_station, station):
    window = make_station(FakeGate(station_open=False))
    qtbot.keyClick(window.closed.login, Qt.Key.Key_Escape)
    assert window.isVisible() and window.isFullScreen()
    assert window.current_screen is window.closed
    window.show_login()
    qtbot.keyClick(window.login.code, Qt.Key.Key_Escape)
    assert window.isVisible() and window.current_screen is window.login
    start_test(qtbot, window, station.code)
    assert window.eventFilter(window.exam.next, key(Qt.Key.Key_Escape)) is True
    qtbot.keyClick(window.exam.next, Qt.Key.Key_Escape)
    assert window.current_screen is window.exam and window.exam.in_progress


# -- no menus, no links, no dialogs ---------------------------------------------------------------


def test_no_line_edit_of_the_station_has_a_context_menu(qtbot, make_station, station):
    window = make_station(FakeGate(station_open=False))
    start_test(qtbot, window, station.code)
    window.exam.ask_problem()
    window.ask_staff()
    fields = window.findChildren(QLineEdit)
    names = {field.objectName() for field in fields}
    assert {"codeField", "problemNote", "closedLogin", "closedPassword"} <= names
    assert {"staffLogin", "staffPassword"} <= names
    for field in fields:
        assert field.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu, field.objectName()


def test_a_right_click_opens_no_menu(qtbot, make_station):
    window = make_station(FakeGate(station_open=True))
    popups: list[str] = []

    def close_any_popup() -> None:
        # Were a menu shown, its exec() would block: close it, and remember it was there.
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popups.append(type(popup).__name__)
            popup.close()

    timer = QTimer()
    timer.timeout.connect(close_any_popup)
    timer.start(0)
    for widget in (window.login.code, window.login.enter, window.top_bar, window):
        # Even a widget that asks for its default menu gets none while it is in the window.
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, QPoint(5, 5), widget.mapToGlobal(QPoint(5, 5)), NONE
        )
        assert window.eventFilter(widget, event) is True
        QApplication.sendEvent(widget, event)
    timer.stop()
    assert popups == []


def test_no_label_opens_a_link(qtbot, make_station, station):
    window = make_station(FakeGate(station_open=True))
    start_test(qtbot, window, station.code)
    labels = window.findChildren(QLabel)
    assert len(labels) > 20
    for text_label in labels:
        assert not text_label.openExternalLinks(), text_label.objectName()
        assert text_label.textFormat() == Qt.TextFormat.PlainText or (
            "<a" not in text_label.text()
        ), text_label.objectName()


# -- opening the station --------------------------------------------------------------------------


def test_a_closed_station_opens_for_an_operator_and_shows_the_code_screen(
    qtbot, make_station, station
):
    gate = FakeGate(station_open=False)
    window = make_station(gate)
    closed = window.closed
    assert window.current_screen is closed
    assert closed.title.text() == KY("The station is closed")
    assert closed.password.echoMode() == QLineEdit.EchoMode.Password
    assert closed.password.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    type_credentials(qtbot, closed.login, closed.password, "operator", PASSWORD)
    qtbot.keyClick(closed.password, Qt.Key.Key_Return)
    assert gate.calls == [("open", "operator")]
    assert window.current_screen is window.login
    assert closed.password.text() == "" and closed.login.text() == ""
    enter_code(qtbot, window, station.code)
    assert window.current_screen is window.briefing


def test_a_station_whose_key_is_open_starts_on_the_code_screen(make_station):
    window = make_station(FakeGate(station_open=True))
    assert window.current_screen is window.login


def test_a_wrong_password_or_a_role_that_cannot_open_is_refused_in_words(qtbot, make_station):
    gate = FakeGate(station_open=False)
    window = make_station(gate, "ru")
    closed = window.closed
    type_credentials(qtbot, closed.login, closed.password, "operator", "not the password")
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    assert closed.message_text == RU("Wrong login or password.")
    assert closed.password.text() == "" and closed.login.text() == "operator"
    type_credentials(qtbot, closed.login, closed.password, "chair", PASSWORD)
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    assert closed.message_text == RU("Only an operator or an administrator can open the station.")
    assert window.current_screen is closed and not gate.open
    # The language switch redraws the refusal.
    qtbot.mouseClick(window.language_buttons["ky"], Qt.MouseButton.LeftButton)
    assert closed.message_text == KY("Only an operator or an administrator can open the station.")


def test_an_empty_field_is_named_and_costs_no_try(qtbot, make_station):
    gate = FakeGate(station_open=False)
    window = make_station(gate)
    closed = window.closed
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    assert closed.message_text == KY("Enter the login.")
    qtbot.keyClicks(closed.login, "operator")
    qtbot.keyClick(closed.login, Qt.Key.Key_Return)
    assert window.focusWidget() is closed.password
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    assert closed.message_text == KY("Enter the password.")
    assert gate.calls == []


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (GateAnswer(GateOutcome.LOCKED, seconds_left=61), "locked"),
        (GateAnswer(GateOutcome.INACTIVE), "inactive"),
        (GateAnswer(GateOutcome.NO_KEY, "operator"), "no_key"),
        (GateAnswer(GateOutcome.KEY_FAILED, "operator"), "key_failed"),
    ],
)
def test_every_refusal_has_its_own_words(qtbot, make_station, monkeypatch, answer, message):
    gate = FakeGate(station_open=False)
    window = make_station(gate)
    monkeypatch.setattr(gate, "open_station", lambda _login, _password: answer)
    closed = window.closed
    type_credentials(qtbot, closed.login, closed.password, "operator", PASSWORD)
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    expected = {
        "locked": KY(
            "The account is locked after too many wrong passwords. Try again in {minutes} min."
        ).format(minutes=2),
        "inactive": KY("This account is disabled. Ask an administrator to enable it."),
        "no_key": KY(
            "This account cannot open the installation's data yet. "
            "Ask an administrator to set its password again."
        ),
        "key_failed": KY(
            "The installation's key did not open with this account. Tell the administrator."
        ),
    }[message]
    assert closed.message_text == expected
    assert window.current_screen is closed


# -- leaving --------------------------------------------------------------------------------------


def test_the_staff_chord_and_the_top_bar_control_open_the_staff_dialog(qtbot, make_station):
    window = make_station(FakeGate(station_open=True))
    assert window.staff_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert window.staff_button.accessibleName() == KY("Staff: close the station")
    chord = key(Qt.Key.Key_F12, CTRL | SHIFT)
    assert is_staff_chord(chord)
    assert not is_staff_chord(key(Qt.Key.Key_F12))
    qtbot.keyClick(window.login.code, Qt.Key.Key_F12, CTRL | SHIFT)
    staff = window.staff
    assert staff.isVisible() and staff.title.text() == KY("Staff: close the station")
    assert staff.password.echoMode() == QLineEdit.EchoMode.Password
    assert window.focusWidget() is staff.login
    assert not window.stack.isEnabled()
    qtbot.keyClick(staff.login, Qt.Key.Key_Escape)
    assert not staff.isVisible() and window.stack.isEnabled()
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    assert staff.isVisible()
    qtbot.mouseClick(staff.cancel, Qt.MouseButton.LeftButton)
    assert not staff.isVisible() and window.isVisible()


def test_wrong_credentials_do_not_leave(qtbot, make_station):
    gate = FakeGate(station_open=True)
    window = make_station(gate)
    leave_as(qtbot, window, "admin", "wrong password", "close")
    assert window.staff.message_text == KY("Wrong login or password.")
    assert window.staff.password.text() == ""
    assert window.current_screen is window.login and gate.open and window.isVisible()


def test_an_operator_cannot_leave(qtbot, make_station):
    gate = FakeGate(station_open=True)
    window = make_station(gate)
    left = []
    window.left_station.connect(lambda: left.append(True))
    leave_as(qtbot, window, "operator", PASSWORD, "close")
    assert window.staff.message_text == KY("Only an administrator can close the station.")
    type_credentials(qtbot, window.staff.login, window.staff.password, "operator", PASSWORD)
    qtbot.mouseClick(window.staff.quit_button, Qt.MouseButton.LeftButton)
    assert window.staff.message_text == KY("Only an administrator can close the station.")
    assert window.isVisible() and window.current_screen is window.login
    assert gate.open and left == []
    assert ("close", "") not in gate.calls


def test_an_administrator_closes_the_station_and_quits_the_program(qtbot, make_station):
    gate = FakeGate(station_open=True)
    window = make_station(gate)
    left = []
    window.left_station.connect(lambda: left.append(True))
    leave_as(qtbot, window, "admin", PASSWORD, "close")
    assert window.current_screen is window.closed and not gate.open
    assert window.isVisible() and left == []
    # Closed, the dialog offers only quitting.
    qtbot.mouseClick(window.staff_button, Qt.MouseButton.LeftButton)
    assert not window.staff.close_button.isVisible() and window.staff.quit_button.isVisible()
    assert window.staff.title.text() == KY("Staff: quit the program")
    assert window.staff.explanation.text() == KY(
        "An administrator's login and password are needed to quit the program."
    )
    qtbot.mouseClick(window.staff.cancel, Qt.MouseButton.LeftButton)
    leave_as(qtbot, window, "admin", PASSWORD, "quit")
    assert left == [True]
    assert not window.isVisible()


def test_keys_typed_into_the_staff_dialog_never_answer_the_question(qtbot, make_station, station):
    window = make_station(FakeGate(station_open=True))
    start_test(qtbot, window, station.code)
    window.ask_staff()
    qtbot.keyClicks(window.staff.password, "1234")
    assert window.staff.password.text() == "1234"
    assert not any(option.property("chosen") for option in window.exam.options)
    window.staff.dismiss()


def test_a_test_in_progress_is_interrupted_only_after_a_second_confirmation(
    qtbot, make_station, station
):
    gate = FakeGate(station_open=True)
    window = make_station(gate)
    attempt_id = start_test(qtbot, window, station.code)
    window.exam.go_to(2)
    window.exam.choose(1)
    leave_as(qtbot, window, "admin", PASSWORD, "close")
    staff = window.staff
    assert staff.confirming and staff.title.text() == KY("A candidate's test is in progress")
    assert window.focusWidget() is staff.keep
    qtbot.mouseClick(staff.keep, Qt.MouseButton.LeftButton)
    assert not staff.isVisible()
    assert window.current_screen is window.exam and window.exam.in_progress and gate.open

    leave_as(qtbot, window, "admin", PASSWORD, "close")
    assert staff.confirming
    qtbot.mouseClick(staff.interrupt, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.closed and not gate.open
    assert not window.exam.in_progress

    # Nothing was lost: reopened, the same code resumes the same attempt at the same question.
    closed = window.closed
    type_credentials(qtbot, closed.login, closed.password, "operator", PASSWORD)
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    assert start_test(qtbot, window, station.code) == attempt_id
    assert window.exam.current_position == 2
    assert window.exam.options[1].property("chosen") is True


def test_the_staff_dialog_speaks_russian_on_a_russian_screen(qtbot, make_station, station):
    window = make_station(FakeGate(station_open=True), "ru")
    start_test(qtbot, window, station.code)
    leave_as(qtbot, window, "admin", PASSWORD, "quit")
    staff = window.staff
    assert staff.title.text() == RU("A candidate's test is in progress")
    assert staff.interrupt.text() == RU("Interrupt the test")
    assert staff.keep.text() == "Не прерывать"
    qtbot.mouseClick(staff.keep, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("scale", SCALE_STEPS)
@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_closed_screen_and_the_staff_dialog_fit_a_station_at_every_text_size(
    qtbot, make_station, station, monkeypatch, scale, language
):
    gate = FakeGate(station_open=False)
    window = make_station(gate, language, full_screen=False)
    while window.scale != scale:
        window.step_text_size(+1 if window.scale < scale else -1)
    window.set_high_contrast(True)
    # The longest refusal on the closed screen, with the staff's control on the top bar.
    no_key = GateAnswer(GateOutcome.NO_KEY, "operator")
    monkeypatch.setattr(gate, "open_station", lambda _login, _password: no_key)
    type_credentials(qtbot, window.closed.login, window.closed.password, "operator", PASSWORD)
    qtbot.mouseClick(window.closed.open_button, Qt.MouseButton.LeftButton)
    assert window.closed.message_text
    assert window.top_bar.minimumSizeHint().width() <= STATION_SIZE[0]
    assert window.closed.minimumSizeHint().width() <= STATION_SIZE[0]
    monkeypatch.undo()
    gate.open = True
    window.show_login()
    start_test(qtbot, window, station.code)
    staff = window.staff
    for page in ("refused", "confirm"):
        if page == "refused":
            leave_as(qtbot, window, "operator", PASSWORD, "close")
            assert staff.message_text
        else:
            type_credentials(qtbot, staff.login, staff.password, "admin", PASSWORD)
            qtbot.mouseClick(staff.close_button, Qt.MouseButton.LeftButton)
            assert staff.confirming
        layout = staff.panel.layout()
        height = layout.totalHeightForWidth(staff.panel.width())
        margins = staff.layout().contentsMargins()
        room = window.height() - margins.top() - margins.bottom()
        assert height <= room, (page, height, room)
        assert layout.totalMinimumSize().width() <= staff.panel.width() <= STATION_SIZE[0]


def test_a_refusal_at_the_largest_text_is_scrolled_into_view(qtbot, make_station):
    window = make_station(FakeGate(station_open=False), full_screen=False)
    while window.scale != SCALE_STEPS[-1]:
        window.step_text_size(+1)
    closed = window.closed
    type_credentials(qtbot, closed.login, closed.password, "chair", PASSWORD)
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    for _round in range(3):
        QApplication.processEvents()
    scroll = closed.findChild(QScrollArea)
    # The page is taller than the screen here, so the message could be out of sight.
    assert scroll.verticalScrollBar().maximum() > 0
    top = closed.message.mapTo(scroll.viewport(), QPoint(0, 0)).y()
    assert top >= 0 and top + closed.message.height() <= scroll.viewport().height()


# -- code entry paused ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ky", "Бул сессияда код терүү убактылуу токтотулду. Көзөмөлдөөчүнү чакырыңыз."),
        ("ru", "Ввод кодов в этой сессии приостановлен. Пожалуйста, позовите организатора."),
        ("en", "Code entry for this session is paused. Please call the proctor."),
    ],
)
def test_paused_code_entry_asks_calmly_for_the_proctor(
    qtbot, make_window, station, monkeypatch, language, expected
):
    monkeypatch.setattr(
        station.kiosk.attempts,
        "login",
        lambda _code: LoginResult(refusal=LoginRefusal.SUSPENDED),
    )
    window = make_window(language)
    enter_code(qtbot, window, station.code)
    assert window.login.message.text() == expected
    assert window.current_screen is window.login
    # Not a station lock: the field stays open for when the proctor resumes code entry.
    assert window.login.code.isEnabled() and not window.login.locked


def test_thirty_wrong_codes_across_the_session_pause_code_entry_on_screen(
    qtbot, window, station, clock
):
    attempts = station.kiosk.attempts
    for _ in range(30):
        attempts.login(generate_code())
        # The station's own lock after five wrong codes is waited out; the session's count goes on.
        if attempts.lockout_seconds():
            clock.advance(attempts.lockout_seconds() + 1)
    enter_code(qtbot, window, station.codes[1].code)
    assert window.login.message.text() == KY(
        "Code entry for this session is paused. Please call the proctor."
    )
    assert window.current_screen is window.login


# -- run_station and the real gate ----------------------------------------------------------------


def test_run_station_starts_a_locked_down_closed_station_when_the_key_is_not_open(
    qapp, station, monkeypatch
):
    station.kiosk.keys.lock()
    shown = []
    before = set(QApplication.topLevelWidgets())

    def fake_exec(*_args):
        for widget in set(QApplication.topLevelWidgets()) - before:
            if isinstance(widget, CandidateWindow):
                shown.append(
                    (
                        widget.isFullScreen(),
                        bool(widget.windowFlags() & Qt.WindowType.FramelessWindowHint),
                        bool(widget.windowFlags() & Qt.WindowType.WindowStaysOnTopHint),
                        widget.locked_down,
                        widget.current_screen.objectName(),
                    )
                )
                widget._leaving = True
                widget.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert window_module.run_station(station.kiosk) == 0
    assert shown == [(True, True, True, True, "closedScreen")]


@pytest.fixture
def staffed(station):
    """The sitting's kiosk with an administrator, an operator and a commission member."""
    accounts = station.kiosk.accounts
    admin = accounts.create_first_administrator("admin", "Администратор", PASSWORD)
    accounts.create_account(admin, "operator", "Оператор", frozenset({Role.OPERATOR}), PASSWORD)
    accounts.create_account(admin, "chair", "Төрага", frozenset({Role.COMMISSION}), PASSWORD)
    station.kiosk.keys.lock()
    return station.kiosk


def test_the_real_gate_opens_the_key_for_an_operator_only(staffed):
    gate = KioskGate.of(staffed, "station-01")
    assert not gate.station_open
    assert gate.open_station("operator", "wrong").outcome is GateOutcome.WRONG
    assert not staffed.keys.unlocked
    refused = gate.open_station("chair", PASSWORD)
    assert refused.outcome is GateOutcome.NOT_PERMITTED
    # The commission member's sign-in opened the key; the gate forgot it again.
    assert not staffed.keys.unlocked
    assert gate.open_station("operator", PASSWORD) == GateAnswer(GateOutcome.ALLOWED, "operator")
    assert staffed.keys.unlocked and gate.station_open


def test_the_real_gate_lets_only_an_administrator_leave_and_keeps_an_open_station_open(
    staffed,
):
    gate = KioskGate.of(staffed)
    assert gate.open_station("operator", PASSWORD).allowed
    for login in ("operator", "chair"):
        assert gate.authorise_exit(login, PASSWORD).outcome is GateOutcome.NOT_PERMITTED
        assert staffed.keys.unlocked
    assert gate.authorise_exit("admin", PASSWORD).allowed
    gate.close_station()
    assert not staffed.keys.unlocked


def test_the_real_gate_reports_a_locked_account(staffed):
    gate = KioskGate.of(staffed)
    for _ in range(5):
        gate.open_station("operator", "wrong")
    answer = gate.open_station("operator", PASSWORD)
    assert answer.outcome is GateOutcome.LOCKED and answer.seconds_left > 0
    assert not staffed.keys.unlocked


class _KeyRing:
    def __init__(self) -> None:
        self.unlocked = False
        self.locks = 0

    def lock(self) -> None:
        self.locks += 1
        self.unlocked = False


class _Accounts:
    """Signs everyone in as a commission member, opening the key as the service does."""

    def __init__(self, keys: _KeyRing, refusal: SignInRefused | None = None) -> None:
        self._keys = keys
        self._refusal = refusal

    def sign_in(self, login: str, password: str) -> Actor:
        if self._refusal is not None:
            raise self._refusal
        self._keys.unlocked = True
        return Actor(login, frozenset({Role.COMMISSION}))


def test_a_refused_role_never_leaves_the_key_open(qtbot, station, timers, printer):
    keys = _KeyRing()
    gate = KioskGate(_Accounts(keys), keys)
    window = CandidateWindow(
        station.kiosk.attempts,
        station.kiosk.settings.timezone,
        timer_factory=timers,
        printer=printer,
        translator_factory=strict,
        gate=gate,
    )
    qtbot.addWidget(window, before_close_func=let_go)
    window.resize(*STATION_SIZE)
    window.show()
    closed = window.closed
    type_credentials(qtbot, closed.login, closed.password, "chair", PASSWORD)
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    assert closed.message_text == KY("Only an operator or an administrator can open the station.")
    assert keys.locks == 1 and not keys.unlocked
    assert window.current_screen is closed


def test_the_real_gate_opens_a_station_on_screen_for_the_candidates(
    qtbot, staffed, station, timers, printer
):
    window = CandidateWindow(
        staffed.attempts,
        staffed.settings.timezone,
        timer_factory=timers,
        printer=printer,
        translator_factory=strict,
        gate=KioskGate.of(staffed),
    )
    qtbot.addWidget(window, before_close_func=let_go)
    window.resize(*STATION_SIZE)
    window.show()
    assert window.current_screen is window.closed
    closed = window.closed
    type_credentials(qtbot, closed.login, closed.password, "operator", PASSWORD)
    qtbot.mouseClick(closed.open_button, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.login
    enter_code(qtbot, window, station.code)
    assert window.current_screen is window.briefing
