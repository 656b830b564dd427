"""The candidate station's window: login → briefing → test → result, and back for the next one.

A bar at the top offers, on every screen, the interface language (Кыргызча / Русский / English),
larger or smaller text and a high-contrast theme; each takes effect at once and loses nothing
(screens redraw their texts from their own state, and the look is one style sheet).

The window is frameless, always on top and full screen.  It swallows the keys that ask the system
or the window to close, switch or open a menu (:mod:`kiosk.ui.candidate.lockdown`), and no widget
in it opens a context menu.

Given a staff gate (:func:`run_station` always gives one) the window is a locked-down station:

* it starts on the "station closed" screen unless the installation key is open already, and an
  operator or administrator opens it there;
* it never closes by itself: only an administrator, through "Staff: close the station" (the
  discreet control at the right of the top bar, or :data:`~kiosk.ui.candidate.lockdown
  .STAFF_CHORD`), closes the station (back to the closed screen) or quits the program, and a
  test in progress is interrupted only after a second confirmation;
* when it loses the focus or its full-screen state it takes them back, and says so in the log.

Without a gate (tests of single screens, the screenshot scripts) it only refuses to close while a
test is in progress.  What the program cannot prevent by itself, and how a station's session is
locked down around it, is in ``packaging/README.md``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.views import AttemptView, Briefing, ResultView
from kiosk.ui.candidate.base import Screen
from kiosk.ui.candidate.briefing import BriefingScreen
from kiosk.ui.candidate.closed import ClosedScreen
from kiosk.ui.candidate.exam import ExamScreen
from kiosk.ui.candidate.gate import KioskGate
from kiosk.ui.candidate.lockdown import (
    forbid_context_menus,
    is_refused_key,
    is_staff_chord,
)
from kiosk.ui.candidate.login import LoginScreen
from kiosk.ui.candidate.ports import Attempts, Printer, StaffGate, Station
from kiosk.ui.candidate.result import ResultScreen
from kiosk.ui.candidate.staff import QUIT, StaffOverlay
from kiosk.ui.fonts import use_bundled_font
from kiosk.ui.printing import ProtocolPrinter
from kiosk.ui.theme import (
    DEFAULT_SCALE,
    HIGH_CONTRAST,
    NORMAL,
    SCALE_STEPS,
    Theme,
    palette,
    point_size,
    set_state,
    style_sheet,
)
from kiosk.ui.timers import TimerFactory, make_timer
from kiosk.ui.widgets import ConfirmOverlay, ElidedLabel, button, frame, glyph, label, set_text
from translations import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, Translator

log = logging.getLogger(__name__)

SMALLER = "A−"
LARGER = "A+"
CONTRAST_GLYPH = "◐"
#: The mark of the staff's control on the top bar: small and plain, not an invitation.
STAFF_GLYPH = "⚙"
#: Qt platforms that have no windows to raise (offscreen runs the tests and the screenshots).
NO_STACKING_PLATFORMS = frozenset({"offscreen", "minimal"})
#: The window's kind: a window of its own, with no frame (no close button, no system menu),
#: kept above the others.
STATION_FLAGS = (
    Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
)


class CandidateWindow(QWidget):
    """The candidate station.

    ``attempts`` is the station's ``AttemptService``; ``timezone`` shows local times (the appeal
    deadline); ``timer_factory`` makes the countdown and other timers (tests pass fakes);
    ``printer`` prints protocols (None: nothing is printed, the PDF stays in the archive);
    ``translator_factory`` makes a translator for a language (tests pass strict ones);
    ``gate`` checks staff credentials, and makes the window a locked-down station.
    """

    #: Emitted when an administrator quit the program (the window has closed).
    left_station = Signal()

    def __init__(
        self,
        attempts: Attempts,
        timezone: ZoneInfo,
        *,
        language: str = DEFAULT_LANGUAGE,
        timer_factory: TimerFactory = make_timer,
        printer: Printer | None = None,
        translator_factory: Callable[[str], Translator] = Translator,
        gate: StaffGate | None = None,
    ) -> None:
        super().__init__(None, STATION_FLAGS)
        self.setObjectName("candidateWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._gate = gate
        #: Set only when an administrator authorised leaving; closeEvent accepts it once.
        self._leaving = False
        #: True once shown as a station: from then on it keeps itself full screen.
        self._station_shown = False
        #: How often the window lost the focus to something else (the log says when).
        self.focus_losses = 0
        self._translator_factory = translator_factory
        self._tr = translator_factory(language)
        self._theme: Theme = NORMAL
        self._scale = DEFAULT_SCALE
        self._briefing: Briefing | None = None

        self.top_bar = self._make_top_bar()
        # Its resizing places the staff's control (see _place_staff_button).
        self.top_bar.installEventFilter(self)
        self.stack = QStackedWidget()
        self.confirm = ConfirmOverlay(self, behind=(self.top_bar, self.stack))
        self.login = LoginScreen(attempts, self._tr, timer_factory, timezone=timezone)
        self.briefing = BriefingScreen(attempts, self._tr)
        self.exam = ExamScreen(attempts, self._tr, timer_factory, self.confirm)
        self.result = ResultScreen(
            self._tr,
            lambda: translator_factory(DEFAULT_LANGUAGE),
            timezone,
            timer_factory,
            printer,
        )
        self.screens: list[Screen] = [self.login, self.briefing, self.exam, self.result]
        self.closed: ClosedScreen | None = None
        self.staff: StaffOverlay | None = None
        if gate is not None:
            self.closed = ClosedScreen(gate, self._tr)
            self.closed.opened.connect(self.show_login)
            self.screens.append(self.closed)
            self.staff = StaffOverlay(
                self, (self.top_bar, self.stack), gate, lambda: self.exam.in_progress
            )
            self.staff.leave.connect(self._leave)
        self.staff_button.setVisible(gate is not None)
        for screen in self.screens:
            self.stack.addWidget(screen)

        layout = QVBoxLayout(self)
        # A full-screen station needs no minimum window size (and offscreen Qt warns about one).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.stack, 1)

        self.login.logged_in.connect(self.show_briefing)
        self.briefing.not_me.connect(self.show_login)
        self.briefing.started.connect(self.show_exam)
        self.exam.finished.connect(self.show_result)
        self.exam.interrupted.connect(self.show_login)
        self.result.done.connect(self.show_login)

        # Key presses reach the current screen before the focused button uses them, and no
        # widget of the window, even one made later, gets a context menu; Qt drops the filter
        # by itself when the window is deleted.
        QApplication.instance().installEventFilter(self)
        forbid_context_menus(self)
        self._apply_look()
        self.retranslate()
        if self.closed is not None and gate is not None and not gate.station_open:
            self._switch_to(self.closed)
        else:
            self._switch_to(self.login)

    # -- the top bar ---------------------------------------------------------------------------

    def _make_top_bar(self) -> QWidget:
        bar = frame("topBar")
        bar.setObjectName("topBar")
        self.app_title = ElidedLabel("appTitle")
        self.app_title.setObjectName("appTitle")
        self.language_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 6, 24, 6)
        row.setSpacing(10)
        row.addWidget(self.app_title, 1)
        for language in LANGUAGES:
            choice = button("tool", name=f"ui-{language}")
            choice.setText(LANGUAGE_NAMES[language])
            choice.clicked.connect(lambda _checked=False, lang=language: self.set_language(lang))
            row.addWidget(choice)
            self.language_buttons[language] = choice
        row.addSpacing(18)
        self.size_caption = label("toolCaption", wrap=False, name="textSizeCaption")
        self.smaller = button("tool", name="textSmaller")
        self.smaller.setText(SMALLER)
        self.larger = button("tool", name="textLarger")
        self.larger.setText(LARGER)
        self.contrast = button("tool", name="contrast")
        self.smaller.clicked.connect(lambda: self.step_text_size(-1))
        self.larger.clicked.connect(lambda: self.step_text_size(+1))
        self.contrast.clicked.connect(self.toggle_contrast)
        row.addWidget(self.size_caption)
        row.addWidget(self.smaller)
        row.addWidget(self.larger)
        row.addSpacing(18)
        row.addWidget(self.contrast)
        # The staff's way out: a bare glyph in the bar's right margin, outside the row, so that
        # the candidate's name keeps all its room; mouse only, so that a candidate moving by Tab
        # never lands on it.
        self.staff_button = button("tool", name="staffButton")
        self.staff_button.setParent(bar)
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.setStyleSheet(
            "QPushButton { border: none; background: transparent; padding: 0px; min-width: 0px; }"
        )
        self.staff_button.setText(STAFF_GLYPH)
        self.staff_button.clicked.connect(self.ask_staff)
        return bar

    def _place_staff_button(self) -> None:
        """Keep the staff's control in the top bar's right margin, centred in its height."""
        bar, control = self.top_bar, self.staff_button
        margin = bar.layout().contentsMargins().right()
        size = min(margin - 2, bar.height())
        control.setGeometry(bar.width() - margin + 1, (bar.height() - size) // 2, size, size)

    # -- navigation ----------------------------------------------------------------------------

    @property
    def current_screen(self) -> Screen:
        """The screen shown now."""
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def _switch_to(self, screen: Screen) -> None:
        previous = self.stack.currentWidget()
        if isinstance(previous, Screen) and previous is not screen:
            previous.left()
        self.stack.setCurrentWidget(screen)
        self._draw_title()
        screen.entered()

    def show_login(self) -> None:
        """The login screen, empty, for the next candidate."""
        self._briefing = None
        self._switch_to(self.login)

    def show_briefing(self, briefing: Briefing) -> None:
        """The briefing of the candidate whose code was accepted."""
        self._briefing = briefing
        self.briefing.show_briefing(briefing)
        self._switch_to(self.briefing)

    def show_exam(self, view: AttemptView) -> None:
        """The test, at the attempt's current question."""
        self.exam.load(view)
        self._switch_to(self.exam)

    def show_result(self, result: ResultView) -> None:
        """The result, at once."""
        self._briefing = None
        self.result.show_result(result)
        self._switch_to(self.result)

    def show_closed(self) -> None:
        """The "station closed" screen (a locked-down station only)."""
        if self.closed is None:
            return
        self._briefing = None
        self._switch_to(self.closed)

    def show_station(self) -> None:
        """Show the window full screen and in front, as a station does."""
        self._station_shown = True
        self.showFullScreen()
        self.to_front()

    # -- staff ---------------------------------------------------------------------------------

    @property
    def locked_down(self) -> bool:
        """True for a station with a staff gate: it closes only when an administrator says so."""
        return self._gate is not None

    @property
    def station_open(self) -> bool:
        """True unless the "station closed" screen is shown."""
        return self.closed is None or self.current_screen is not self.closed

    def ask_staff(self) -> None:
        """Open "Staff: close the station" (a locked-down station only)."""
        if self.staff is not None:
            self.staff.ask(self._tr, station_open=self.station_open)

    def _leave(self, action: str) -> None:
        """An administrator authorised leaving (and confirmed interrupting a test)."""
        assert self._gate is not None
        if self.exam.in_progress:
            log.warning("attempt %s interrupted: the station was closed", self.exam.attempt_id)
            self.exam.put_aside()
        self._gate.close_station()
        if action == QUIT:
            self._leaving = True
            self.close()
            self.left_station.emit()
            return
        self.show_closed()

    # -- language, text size, contrast ---------------------------------------------------------

    @property
    def language(self) -> str:
        """The interface language."""
        return self._tr.language

    @property
    def scale(self) -> int:
        """The text size, in percent."""
        return self._scale

    @property
    def high_contrast(self) -> bool:
        """True when the high-contrast theme is on."""
        return self._theme is HIGH_CONTRAST

    def set_language(self, language: str) -> None:
        """Switch the interface language; every screen redraws its texts at once."""
        if language == self._tr.language:
            return
        self._tr = self._translator_factory(language)
        for screen in self.screens:
            screen.set_translator(self._tr)
        self.retranslate()

    def step_text_size(self, steps: int) -> None:
        """Make the text larger (+1) or smaller (−1) by one step."""
        index = SCALE_STEPS.index(self._scale) + steps
        self._scale = SCALE_STEPS[max(0, min(len(SCALE_STEPS) - 1, index))]
        self._apply_look()
        self.retranslate()

    def set_high_contrast(self, on: bool) -> None:
        """Switch the high-contrast theme on or off."""
        self._theme = HIGH_CONTRAST if on else NORMAL
        self._apply_look()
        self.retranslate()

    def toggle_contrast(self) -> None:
        """Switch between the normal and the high-contrast theme."""
        self.set_high_contrast(not self.high_contrast)

    def _apply_look(self) -> None:
        self.setPalette(palette(self._theme))
        self.setStyleSheet(style_sheet(self._theme, self._scale))
        font = self.font()
        font.setPointSizeF(point_size(self._scale))
        self.setFont(font)

    def retranslate(self) -> None:
        """Draw the top bar's texts in the interface language."""
        _ = self._tr
        for language, choice in self.language_buttons.items():
            current = language == self._tr.language
            choice.setAccessibleName(
                _("Interface language: {language}").format(language=LANGUAGE_NAMES[language])
                + (", " + _("chosen") if current else "")
            )
            set_state(choice, current=current)
        set_text(self.size_caption, _("Text size:"))
        self.smaller.setAccessibleName(_("Smaller text"))
        self.smaller.setToolTip(_("Smaller text"))
        self.larger.setAccessibleName(_("Larger text"))
        self.larger.setToolTip(_("Larger text"))
        self.smaller.setEnabled(self._scale > SCALE_STEPS[0])
        self.larger.setEnabled(self._scale < SCALE_STEPS[-1])
        caption = _("Normal colours") if self.high_contrast else _("High contrast")
        set_text(self.contrast, glyph(CONTRAST_GLYPH, caption), caption)
        self.staff_button.setAccessibleName(_("Staff: close the station"))
        self.staff_button.setToolTip(_("Staff: close the station"))
        if self.staff is not None and self.staff.isVisible():
            self.staff.retranslate(self._tr)
        self._draw_title()

    def _draw_title(self) -> None:
        _ = self._tr
        if self._briefing is not None and self.current_screen is self.exam:
            self.app_title.set_full_text(self._briefing.candidate_name)
        else:
            self.app_title.set_full_text(_("Qualification testing"))

    # -- events --------------------------------------------------------------------------------

    @property
    def _overlay_shown(self) -> bool:
        """True while a dialog panel (a confirmation, a problem report, the staff's) is up."""
        return (
            self.confirm.isVisible()
            or self.exam.problem_dialog.isVisible()
            or (self.staff is not None and self.staff.isVisible())
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Within this window: no context menus; the staff chord; refused keys swallowed; other
        key presses to the current screen first.  The window's own focus is watched too."""
        kind = event.type()
        if watched is self.top_bar and kind == QEvent.Type.Resize:
            self._place_staff_button()
            return False
        if watched is self and kind == QEvent.Type.WindowDeactivate:
            self._lost_focus()
            return False
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ContextMenu):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self:
            return False
        if kind == QEvent.Type.ContextMenu:
            return True
        assert isinstance(event, QKeyEvent)
        if is_staff_chord(event):
            self.ask_staff()
            return True
        if is_refused_key(event):
            log.info("refused key %s on the station window", event.key())
            return True
        if self._overlay_shown:
            return False
        if self.current_screen.handle_key(event):
            return True
        # Esc closes nothing in the window itself (the dialog panels take theirs above).
        return event.key() == Qt.Key.Key_Escape

    def _lost_focus(self) -> None:
        """Something else took the focus: come back to the front (a locked-down station)."""
        if not self.locked_down or self._leaving or not self.isVisible():
            return
        self.focus_losses += 1
        log.warning("station window lost the focus (%d times); taking it back", self.focus_losses)
        # Later, not now: the window system is still handing the focus over.
        QTimer.singleShot(0, self, self._come_back)

    def _come_back(self) -> None:
        if self._leaving or not self.isVisible():
            return
        if self._station_shown and not self.isFullScreen():
            self.showFullScreen()
        self.to_front()

    def to_front(self) -> None:
        """Raise the window above the others and give it the keyboard."""
        # Platforms without windows to stack (offscreen: the tests and screenshots) say so in
        # a warning on every raise.
        if QGuiApplication.platformName() not in NO_STACKING_PLATFORMS:
            self.raise_()
        self.activateWindow()

    def changeEvent(self, event: QEvent) -> None:
        """A station shown full screen stays full screen (not minimised, not a window)."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.WindowStateChange
            and self.locked_down
            and self._station_shown
            and not self._leaving
            and not self.isFullScreen()
        ):
            log.warning("station window left full screen; restoring it")
            QTimer.singleShot(0, self, self._come_back)

    def closeEvent(self, event: QCloseEvent) -> None:
        """A locked-down station closes only when an administrator authorised it; otherwise
        the window refuses to close while a test is in progress."""
        if self.locked_down and not self._leaving:
            log.warning("close of the station window refused")
            event.ignore()
            return
        if not self.locked_down and self.exam.in_progress:
            event.ignore()
            return
        QApplication.instance().removeEventFilter(self)
        event.accept()


def run_station(kiosk: Station) -> int:
    """Run a candidate station full screen until the application quits; its exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("qualification-kiosk")
    use_bundled_font(app, point_size(DEFAULT_SCALE))
    window = CandidateWindow(
        kiosk.attempts,
        kiosk.settings.timezone,
        timer_factory=make_timer,
        printer=ProtocolPrinter(),
        gate=KioskGate.of(kiosk, kiosk.settings.station_id),
    )
    window.left_station.connect(app.quit)
    window.show_station()
    return app.exec()
