"""The candidate station's window: login → briefing → test → result, and back for the next one.

A bar at the top offers, on every screen, the interface language (Кыргызча / Русский / English),
larger or smaller text and a high-contrast theme; each takes effect at once and loses nothing
(screens redraw their texts from their own state, and the look is one style sheet).

The window runs full screen and refuses to close while a test is in progress.  That is the first
layer of the kiosk; issue 6 hardens it (system keys, task switching, a locked-down session).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
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
from kiosk.ui.candidate.exam import ExamScreen
from kiosk.ui.candidate.login import LoginScreen
from kiosk.ui.candidate.ports import Attempts, Printer, Station
from kiosk.ui.candidate.result import ResultScreen
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

SMALLER = "A−"
LARGER = "A+"
CONTRAST_GLYPH = "◐"


class CandidateWindow(QWidget):
    """The candidate station.

    ``attempts`` is the station's ``AttemptService``; ``timezone`` shows local times (the appeal
    deadline); ``timer_factory`` makes the countdown and other timers (tests pass fakes);
    ``printer`` prints protocols (None: nothing is printed, the PDF stays in the archive);
    ``translator_factory`` makes a translator for a language (tests pass strict ones).
    """

    def __init__(
        self,
        attempts: Attempts,
        timezone: ZoneInfo,
        *,
        language: str = DEFAULT_LANGUAGE,
        timer_factory: TimerFactory = make_timer,
        printer: Printer | None = None,
        translator_factory: Callable[[str], Translator] = Translator,
    ) -> None:
        super().__init__()
        self.setObjectName("candidateWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._translator_factory = translator_factory
        self._tr = translator_factory(language)
        self._theme: Theme = NORMAL
        self._scale = DEFAULT_SCALE
        self._briefing: Briefing | None = None

        self.top_bar = self._make_top_bar()
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

        # Key presses reach the current screen before the focused button uses them; Qt drops
        # the filter by itself when the window is deleted.
        QApplication.instance().installEventFilter(self)
        self._apply_look()
        self.retranslate()
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
        return bar

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

    def show_station(self) -> None:
        """Show the window full screen, as a station does."""
        self.showFullScreen()

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
        self._draw_title()

    def _draw_title(self) -> None:
        _ = self._tr
        if self._briefing is not None and self.current_screen is self.exam:
            self.app_title.set_full_text(self._briefing.candidate_name)
        else:
            self.app_title.set_full_text(_("Qualification testing"))

    # -- events --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Give key presses inside this window to the current screen first."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QWidget)
            and not self.confirm.isVisible()
            and watched.window() is self
            and isinstance(event, QKeyEvent)
        ):
            return self.current_screen.handle_key(event)
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while a test is in progress."""
        if self.exam.in_progress:
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
    )
    window.show_station()
    return app.exec()
