"""The test screen: one question at a time, the countdown, the navigator, finishing.

Nothing is shown as done before the service has committed it: a click on an option calls
``select_option`` (or, on a multiple-response question, ``toggle_option``) first and draws the
answer the service acknowledged; flags likewise.  The
countdown comes from the service's heartbeat (time counted on a monotonic clock), and when the
service says the time is up the attempt is submitted as it stands, including the very last click.

"Technical problem", above the question beside its section, opens a
:class:`~kiosk.ui.candidate.problem_dialog.ProblemDialog` over the test: the report goes to the
proctor with the question on screen, and the test goes on at that question.  The countdown
keeps running meanwhile, and if the time runs out with the dialog open, the dialog is put away
and the attempt submitted, as with the finish question.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import PurePosixPath
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.timing import crossed_warning, split_duration
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.views import (
    END_BY_CANDIDATE,
    END_TIME_UP,
    AttemptClosed,
    AttemptView,
    ItemView,
    ResultView,
    TimeIsUp,
)
from kiosk.ui.candidate.base import Screen
from kiosk.ui.candidate.keys import MAX_OPTIONS, option_index, option_letters
from kiosk.ui.candidate.ports import Attempts
from kiosk.ui.candidate.problem_dialog import PROBLEM_GLYPH, ProblemDialog
from kiosk.ui.theme import set_state
from kiosk.ui.timers import TimerFactory
from kiosk.ui.widgets import (
    TICK_MARKS,
    ConfirmOverlay,
    MessageBox,
    OptionButton,
    Picture,
    VerticalScrollArea,
    button,
    frame,
    glyph,
    label,
    scroll_area,
    set_text,
)
from translations import Translator

#: How often the countdown asks the service for the time left (it persists it each second).
TICK_MS = 250
CHECK = "✓"
FLAG = "⚑"
PREVIOUS_ARROW = "←"
NEXT_ARROW = "→"

T = TypeVar("T")


def clock_text(seconds: float) -> str:
    """Time left as ``1:23:45``."""
    hours, minutes, secs = split_duration(seconds)
    return f"{hours}:{minutes:02d}:{secs:02d}"


#: From this width on the navigator stays beside the question; narrower screens (1366×768)
#: give the question the whole width and show the navigator on its own page.
DOCK_MIN_WIDTH = 1600
OVERVIEW_GLYPH = "▦"
DOWN_ARROW = "↓"


def navigator_columns(count: int, docked: bool) -> int:
    """How many question buttons a row of the navigator holds."""
    if docked:
        return 5 if count > 20 else 4
    return 10 if count > 40 else 5


class ExamScreen(Screen):
    """Runs an attempt on screen; emits :attr:`finished` with the result once it is submitted."""

    finished = Signal(ResultView)
    #: The attempt was closed elsewhere and has no result here (back to the login screen).
    interrupted = Signal()

    def __init__(
        self,
        attempts: Attempts,
        translator: Translator,
        timer_factory: TimerFactory,
        confirm: ConfirmOverlay,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("examScreen")
        self._attempts = attempts
        self._confirm = confirm
        self._view: AttemptView | None = None
        self._selected: dict[int, frozenset[str]] = {}
        self._flagged: dict[int, bool] = {}
        self._current = 0
        self._remaining = 0.0
        self._warning_mark: int | None = None
        self._confirming = False
        self._countdown = timer_factory("countdown", TICK_MS)
        self._countdown.timeout.connect(self.tick)

        # Header: the position and "All questions" on the left, the time left on the right.
        self.overview_toggle = button(name="allQuestions")
        self.overview_toggle.setProperty("bar", True)
        self.overview_toggle.clicked.connect(self.show_overview)
        # Above the question, beside its section's name: the header and the bottom bar are full
        # at 1366 px in Kyrgyz.  A calm "hint" button, not an alarm.
        self.problem_button = button("hint", name="technicalProblem")
        self.problem_button.setProperty("bar", True)
        self.problem_button.clicked.connect(self.ask_problem)
        self.position = label("position", wrap=False, name="questionPosition")
        self.section = label("caption", name="sectionTitle")
        self.clock = label("clock", wrap=False, name="timeLeft")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # One row: every line of height is needed for the question (the section is named
        # above the question itself).
        header = QHBoxLayout()
        header.setSpacing(24)
        header.addWidget(self.position, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.overview_toggle, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addStretch(1)
        header.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignVCenter)
        self.warning = MessageBox("warning", name="timeWarning")
        self.warning.label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # The question: scenario (if any), stem, options.
        self.scenario_box = frame("scenario")
        self.scenario_title = label("heading", name="scenarioTitle")
        self.scenario = label(name="scenarioText")
        scenario_layout = QVBoxLayout(self.scenario_box)
        scenario_layout.setContentsMargins(22, 10, 22, 12)
        scenario_layout.setSpacing(4)
        scenario_layout.addWidget(self.scenario_title)
        scenario_layout.addWidget(self.scenario)
        self.stem = label("heading", name="questionStem")
        # The question's pictures, under the stem; made anew for each question shown.
        self.pictures: list[Picture] = []
        self._pictures_of: tuple[int, int] | None = None
        self._picture_box = QVBoxLayout()
        self._picture_box.setContentsMargins(0, 0, 0, 0)
        self._picture_box.setSpacing(10)
        # Said only on a multiple-response question (how many are keyed is not said).
        self.multiple_hint = label("instruction", name="multipleHint")
        self.options: list[OptionButton] = []
        question = QWidget()
        question_layout = QVBoxLayout(question)
        question_layout.setContentsMargins(4, 4, 12, 12)
        question_layout.setSpacing(10)
        question_layout.addWidget(self.scenario_box)
        question_layout.addWidget(self.stem)
        question_layout.addLayout(self._picture_box)
        question_layout.addWidget(self.multiple_hint)
        question_layout.addSpacing(4)
        for index in range(MAX_OPTIONS):
            option = OptionButton()
            option.setObjectName(f"option{index + 1}")
            option.clicked.connect(lambda _checked=False, i=index: self.choose(i))
            question_layout.addWidget(option)
            self.options.append(option)
        question_layout.addStretch(1)
        self._question_layout = question_layout
        self.question_scroll = scroll_area(question)
        # A picture is never taller than the visible part of the page.
        self.question_scroll.viewport().installEventFilter(self)

        # The navigator: beside the question on a wide screen, else a page of its own that
        # "All questions" opens; a number jumps to its question.
        self.navigator_title = label("heading", name="navigatorTitle")
        self.legend = label("small", name="navigatorLegend")
        self.back_to_question = button(name="backToQuestion")
        self.back_to_question.setProperty("bar", True)
        self.back_to_question.clicked.connect(self.show_question)
        self.nav_buttons: list[QPushButton] = []
        self._nav_grid = QGridLayout()
        self._nav_grid.setSpacing(6)
        grid_holder = QWidget()
        grid_box = QVBoxLayout(grid_holder)
        grid_box.setContentsMargins(2, 2, 2, 2)
        grid_box.addLayout(self._nav_grid)
        grid_box.addStretch(1)
        self.nav_scroll = VerticalScrollArea(grid_holder)
        self.nav_scroll.setObjectName("navigatorScroll")
        navigator = frame("card")
        navigator.setObjectName("navigator")
        navigator.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        nav_layout = QVBoxLayout(navigator)
        nav_layout.setContentsMargins(16, 12, 10, 12)
        nav_layout.setSpacing(8)
        nav_layout.addWidget(self.navigator_title)
        nav_layout.addWidget(self.legend)
        nav_layout.addWidget(self.nav_scroll, 1)
        self.navigator = navigator
        self._docked: bool | None = None

        # The bottom bar.
        self.previous = button(name="previousQuestion")
        self.flag = button(name="flagQuestion")
        self.flag.setProperty("role", "flag")
        self.next = button("primary", name="nextQuestion")
        self.finish = button(name="finishTest")
        for bar_button in (self.previous, self.flag, self.next, self.finish):
            bar_button.setProperty("bar", True)
        self.previous.clicked.connect(self.go_previous)
        self.next.clicked.connect(self.go_next)
        self.flag.clicked.connect(self.toggle_flag)
        self.finish.clicked.connect(self.ask_finish)
        # A long question may hide answers below the fold: say so, and scroll on a click.
        self.more_below = button("hint", name="moreBelow")
        self.more_below.setProperty("bar", True)
        self.more_below.clicked.connect(self.scroll_down)
        self.more_below.hide()
        scroll_bar = self.question_scroll.verticalScrollBar()
        scroll_bar.valueChanged.connect(self._draw_more_below)
        scroll_bar.rangeChanged.connect(self._draw_more_below)
        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self.back_to_question)
        bottom.addWidget(self.previous)
        bottom.addWidget(self.flag)
        bottom.addWidget(self.next)
        bottom.addStretch(1)
        bottom.addWidget(self.more_below)
        bottom.addStretch(1)
        bottom.addWidget(self.finish)

        # The question's section and the "technical problem" button stay above the question as
        # it scrolls.
        section_row = QHBoxLayout()
        section_row.setContentsMargins(4, 0, 0, 0)
        section_row.setSpacing(16)
        section_row.addWidget(self.section, 1, Qt.AlignmentFlag.AlignVCenter)
        section_row.addWidget(self.problem_button, 0, Qt.AlignmentFlag.AlignVCenter)
        question_column = QWidget()
        column_layout = QVBoxLayout(question_column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(6)
        column_layout.addLayout(section_row)
        column_layout.addWidget(self.question_scroll, 1)
        question_page = QWidget()
        self._question_row = QHBoxLayout(question_page)
        self._question_row.setContentsMargins(0, 0, 0, 0)
        self._question_row.setSpacing(20)
        self._question_row.addWidget(question_column, 1)
        overview_page = QWidget()
        self._overview_box = QVBoxLayout(overview_page)
        self._overview_box.setContentsMargins(0, 0, 0, 0)
        self.body = QStackedWidget()
        self.body.addWidget(question_page)
        self.body.addWidget(overview_page)

        # Everything the problem dialog covers (and disables while it is open) is in one page.
        self.page = QWidget(objectName="examPage")
        outer = QVBoxLayout(self.page)
        outer.setContentsMargins(28, 10, 28, 14)
        outer.setSpacing(8)
        outer.addLayout(header)
        outer.addWidget(self.warning)
        outer.addWidget(self.body, 1)
        outer.addLayout(bottom)
        whole = QVBoxLayout(self)
        whole.setContentsMargins(0, 0, 0, 0)
        whole.addWidget(self.page)
        self.problem_dialog = ProblemDialog(self, behind=(self.page,))
        self.problem_dialog.send_requested.connect(self._send_problem)
        self.problem_dialog.closed.connect(self._problem_closed)
        self._place_navigator()
        self._chain_focus()
        self.retranslate()

    # -- the attempt ---------------------------------------------------------------------------

    @property
    def attempt_id(self) -> int | None:
        """The attempt on screen, None when there is none (or it was submitted)."""
        return self._view.attempt_id if self._view else None

    @property
    def in_progress(self) -> bool:
        """True while an attempt is on screen and not submitted."""
        return self._view is not None

    @property
    def current_position(self) -> int:
        """The position (0-based) of the question on screen."""
        return self._current

    def load(self, view: AttemptView) -> None:
        """Show an attempt (new or resumed) at its current question, and start the countdown."""
        self._view = view
        self._pictures_of = None
        self._selected = {item.position: item.selected for item in view.items}
        self._flagged = {item.position: item.flagged for item in view.items}
        self._current = view.current_position
        self._remaining = view.remaining_s
        # A resumed attempt already past a mark shows that mark's warning at once.
        self._warning_mark = crossed_warning(float("inf"), view.remaining_s)
        self._build_navigator(len(view.items))
        self.retranslate()
        self._countdown.start()

    def entered(self) -> None:
        """Focus "Next" (not an option: a focus frame could be taken for a chosen answer)."""
        self.show_question()
        self.next.setFocus(Qt.FocusReason.OtherFocusReason)
        self._reveal_current()

    def left(self) -> None:
        """Stop the countdown."""
        self._countdown.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Dock or undock the navigator for the new width."""
        super().resizeEvent(event)
        self._place_navigator()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the pictures within the visible height of the question's page."""
        if watched is self.question_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._bound_pictures()
        return super().eventFilter(watched, event)

    def _bound_pictures(self) -> None:
        margins = self._question_layout.contentsMargins()
        height = self.question_scroll.viewport().height() - margins.top() - margins.bottom()
        for picture in self.pictures:
            picture.set_max_height(height)

    @property
    def overview_shown(self) -> bool:
        """True while the navigator has the page to itself."""
        return self.body.currentIndex() == 1

    def show_overview(self) -> None:
        """Show every question's number and state (narrow screens)."""
        if self._docked or self._view is None:
            return
        self.body.setCurrentIndex(1)
        for control in (self.previous, self.flag, self.next, self.overview_toggle, self.more_below):
            control.hide()
        self.back_to_question.show()
        self._reveal_current()
        self.nav_buttons[self._current].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_question(self) -> None:
        """Back from the list of questions to the question itself."""
        was_overview = self.overview_shown
        self.body.setCurrentIndex(0)
        self.back_to_question.hide()
        for control in (self.previous, self.flag, self.next):
            control.show()
        self.overview_toggle.setVisible(not self._docked)
        self._draw_more_below()
        if was_overview:
            self.next.setFocus(Qt.FocusReason.OtherFocusReason)

    def scroll_down(self) -> None:
        """Scroll the question down by most of a screen."""
        scroll_bar = self.question_scroll.verticalScrollBar()
        scroll_bar.setValue(scroll_bar.value() + scroll_bar.pageStep())

    def _draw_more_below(self) -> None:
        scroll_bar = self.question_scroll.verticalScrollBar()
        more = scroll_bar.value() < scroll_bar.maximum() and not self.overview_shown
        self.more_below.setVisible(more)

    def _place_navigator(self) -> None:
        docked = self.width() >= DOCK_MIN_WIDTH
        if docked == self._docked:
            return
        self._docked = docked
        if docked:
            self._overview_box.removeWidget(self.navigator)
            self._question_row.addWidget(self.navigator, 0)
            self.show_question()
        else:
            self._question_row.removeWidget(self.navigator)
            self._overview_box.addWidget(self.navigator)
        self.overview_toggle.setVisible(not docked and not self.overview_shown)
        self.back_to_question.setVisible(not docked and self.overview_shown)
        self._arrange_navigator()
        self.retranslate()

    def _reveal_current(self) -> None:
        if self.nav_buttons and self.navigator.isVisible():
            # Lay the grid out first: a resumed test may be far down the list.
            self.nav_scroll.widget().layout().activate()
            self.nav_scroll.ensureWidgetVisible(self.nav_buttons[self._current])

    def _item(self) -> ItemView:
        assert self._view is not None
        return self._view.items[self._current]

    def _guarded(self, action: Callable[[int], T]) -> T | None:
        """Run a service call for the attempt; on "time is up" submit, on "closed" leave."""
        attempt_id = self.attempt_id
        if attempt_id is None:
            return None
        try:
            return action(attempt_id)
        except TimeIsUp:
            self.submit(END_TIME_UP)
        except AttemptClosed:
            self._closed_elsewhere(attempt_id)
        return None

    def choose(self, index: int) -> None:
        """Answer with option ``index`` of the question on screen (committed, then shown).

        On a single-answer question the option becomes the answer; on a multiple-response
        question it is ticked, or unticked if it was ticked, and the other ticks stay.
        """
        if self._view is None or self._confirming:
            return
        item = self._item()
        if index >= len(item.options):
            return
        key = item.options[index].key
        if item.multiple:
            ack = self._guarded(lambda a: self._attempts.toggle_option(a, item.position, key))
        elif key in self._selected[item.position]:
            return
        else:
            ack = self._guarded(lambda a: self._attempts.select_option(a, item.position, key))
        if ack is None:
            return
        self._selected[ack.position] = ack.selected
        self._flagged[ack.position] = ack.flagged
        self._set_remaining(ack.remaining_s)
        self._draw_question()
        self._draw_navigator_button(ack.position)

    def toggle_flag(self) -> None:
        """Mark or unmark the question on screen for review."""
        if self._view is None:
            return
        position = self._current
        flagged = not self._flagged[position]
        ack = self._guarded(lambda a: self._attempts.set_flag(a, position, flagged))
        if ack is None:
            return
        self._flagged[ack.position] = ack.flagged
        self._set_remaining(ack.remaining_s)
        self._draw_flag()
        self._draw_navigator_button(ack.position)

    def go_to(self, position: int) -> None:
        """Show the question at ``position`` (0-based)."""
        if self._view is None or not 0 <= position < len(self._view.items):
            return
        if position == self._current:
            return
        remaining = self._guarded(lambda a: self._attempts.go_to(a, position))
        if remaining is None:
            return
        previous = self._current
        self._current = position
        self._set_remaining(remaining)
        self._draw_question()
        self._draw_navigator_button(previous)
        self._draw_navigator_button(position)
        self.question_scroll.verticalScrollBar().setValue(0)
        self._reveal_current()

    def jump_to(self, position: int) -> None:
        """A navigator number: that question, on the question page."""
        self.go_to(position)
        self.show_question()

    def go_previous(self) -> None:
        """The question before."""
        self.go_to(self._current - 1)

    def go_next(self) -> None:
        """The question after."""
        self.go_to(self._current + 1)

    def tick(self) -> None:
        """The countdown's beat: the service persists the time and says what is left."""
        remaining = self._guarded(self._attempts.heartbeat)
        if remaining is not None:
            self._set_remaining(remaining)

    def _set_remaining(self, remaining: float) -> None:
        mark = crossed_warning(self._remaining, remaining)
        self._remaining = remaining
        if mark is not None:
            self._warning_mark = mark
            self._draw_warning()
        self._draw_clock()

    # -- finishing -----------------------------------------------------------------------------

    def unanswered(self) -> list[int]:
        """Question numbers (1-based) without an answer."""
        return [position + 1 for position, chosen in sorted(self._selected.items()) if not chosen]

    def flagged(self) -> list[int]:
        """Question numbers (1-based) marked for review."""
        return [position + 1 for position, flag in sorted(self._flagged.items()) if flag]

    def ask_finish(self) -> None:
        """Ask for confirmation, listing unanswered and marked questions."""
        if self._view is None:
            return
        _ = self._tr
        unanswered = self.unanswered()
        flagged = self.flagged()
        if unanswered:
            message = _("You have not answered these questions: {numbers}.").format(
                numbers=", ".join(map(str, unanswered))
            )
        else:
            message = _("You have answered all the questions.")
        details = []
        if flagged:
            details.append(
                _("Marked to come back to: {numbers}.").format(numbers=", ".join(map(str, flagged)))
            )
        details.append(_("After finishing you cannot change your answers."))
        self._confirming = True
        self._confirm.ask(
            _("Finish the test?"),
            message,
            "\n".join(details),
            _("Yes, finish the test"),
            _("No, back to the questions"),
            self._finish_answered,
        )

    def _finish_answered(self, yes: bool) -> None:
        self._confirming = False
        if yes:
            self.submit(END_BY_CANDIDATE)
        else:
            self.finish.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self, reason: str) -> None:
        """Submit the attempt as it stands and hand over the result."""
        attempt_id = self.attempt_id
        if attempt_id is None:
            return
        self._countdown.stop()
        if self._confirming:
            self._confirming = False
            self._confirm.dismiss()
        self.problem_dialog.dismiss()
        result = self._attempts.submit(attempt_id, reason)
        self._view = None
        self.finished.emit(result)

    def put_aside(self) -> None:
        """Leave the attempt unsubmitted (an administrator closed the station): every answer is
        committed already, and the same code resumes it later with the time that was left."""
        self._countdown.stop()
        self._confirm.dismiss()
        self._confirming = False
        self.problem_dialog.dismiss()
        self._view = None

    def _closed_elsewhere(self, attempt_id: int) -> None:
        """The attempt is not open at this station any more: show its result if it has one."""
        self._countdown.stop()
        self._confirm.dismiss()
        self._confirming = False
        self.problem_dialog.dismiss()
        self._view = None
        try:
            result = self._attempts.result(attempt_id)
        except (AttemptClosed, LookupError):
            self.interrupted.emit()
            return
        self.finished.emit(result)

    # -- a technical problem -------------------------------------------------------------------

    def ask_problem(self) -> None:
        """Open the "technical problem" dialog over the test (the time keeps running)."""
        if self._view is None or self._confirming:
            return
        self.problem_dialog.ask(self._tr)
        self._draw_clock()

    def _send_problem(self, kind: ProblemKind, note: str) -> None:
        """Report the problem at the question on screen; confirm it once it is recorded."""
        position = self._current

        def report(attempt_id: int) -> bool:
            self._attempts.report_problem(attempt_id, position, kind, note)
            return True

        # On "time is up" or "closed" the guard submits or leaves, which puts the dialog away.
        if self._guarded(report):
            self.problem_dialog.show_sent()

    def _problem_closed(self) -> None:
        """Back from the dialog: the keyboard returns to where it was, the same question."""
        if self._view is not None:
            self.problem_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- keys ----------------------------------------------------------------------------------

    def handle_key(self, event: QKeyEvent) -> bool:
        """Digits and letters choose options; arrows and Page Up/Down move between questions."""
        if self._view is None or self._confirming or self.problem_dialog.isVisible():
            return False
        if self.overview_shown:
            # The question is not on screen: no answers by key; Esc goes back to it.
            if event.key() == Qt.Key.Key_Escape:
                self.show_question()
                return True
            return False
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        ):
            return False
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.go_previous()
            return True
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.go_next()
            return True
        index = option_index(key, event.text())
        if index is None:
            return False
        among_options = any(option.hasFocus() for option in self.options)
        self.choose(index)
        # Keep the keyboard user on the option just chosen if they were among the options.
        if among_options and self.options[index].isVisible():
            self.options[index].setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    # -- drawing -------------------------------------------------------------------------------

    def _build_navigator(self, count: int) -> None:
        for old in self.nav_buttons:
            self._nav_grid.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.nav_buttons = []
        for position in range(count):
            nav = button("nav", name=f"nav{position + 1}")
            nav.clicked.connect(lambda _checked=False, p=position: self.jump_to(p))
            self.nav_buttons.append(nav)
        self._arrange_navigator()
        self._chain_focus()

    def _arrange_navigator(self) -> None:
        """Lay the numbers out in as many columns as the navigator's place allows."""
        columns = navigator_columns(len(self.nav_buttons), bool(self._docked))
        for nav in self.nav_buttons:
            self._nav_grid.removeWidget(nav)
        for position, nav in enumerate(self.nav_buttons):
            self._nav_grid.addWidget(nav, position // columns, position % columns)

    def _chain_focus(self) -> None:
        chain: list[QWidget] = [
            *self.options,
            self.previous,
            self.flag,
            self.next,
            self.overview_toggle,
            self.finish,
            self.problem_button,
            self.back_to_question,
            *self.nav_buttons,
        ]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.navigator_title, _("All questions"))
        # One line on the page of its own, two lines in the narrow docked panel.
        separator = "\n" if self._docked else "    "
        set_text(
            self.legend, separator.join((glyph(CHECK, _("answered")), glyph(FLAG, _("marked"))))
        )
        set_text(self.more_below, glyph(DOWN_ARROW, _("More below")), _("Scroll down: more below"))
        set_text(self.scenario_title, _("Situation"))
        set_text(self.previous, glyph(PREVIOUS_ARROW, _("Previous")), _("Previous question"))
        set_text(self.next, glyph(NEXT_ARROW, _("Next"), after=True), _("Next question"))
        set_text(self.finish, _("Finish the test"))
        set_text(
            self.problem_button,
            glyph(PROBLEM_GLYPH, _("Technical problem")),
            _("Technical problem: tell the proctor"),
        )
        if self.problem_dialog.isVisible():
            self.problem_dialog.retranslate(_)
        set_text(self.overview_toggle, glyph(OVERVIEW_GLYPH, _("All questions")))
        set_text(
            self.back_to_question,
            glyph(PREVIOUS_ARROW, _("Back to the question")),
            _("Back to the question"),
        )
        if self._view is None:
            return
        self._draw_question()
        for position in range(len(self.nav_buttons)):
            self._draw_navigator_button(position)
        self._draw_warning()
        self._draw_clock()

    def _draw_question(self) -> None:
        _ = self._tr
        item = self._item()
        total = len(self._view.items) if self._view else 0
        set_text(
            self.position,
            _("Question {number} of {total}").format(number=item.position + 1, total=total),
        )
        set_text(self.section, item.section_title)
        self.scenario_box.setVisible(bool(item.scenario))
        set_text(self.scenario, item.scenario or "")
        set_text(self.stem, item.stem)
        self._draw_pictures(item)
        hint = _("Choose all correct answers")
        set_text(self.multiple_hint, glyph(TICK_MARKS[1], hint), hint)
        self.multiple_hint.setVisible(item.multiple)
        letters = option_letters(self._tr.language)
        chosen = self._selected[item.position]
        for index, option in enumerate(self.options):
            if index >= len(item.options):
                option.hide()
                continue
            view = item.options[index]
            option.set_option(view.key, letters[index], view.text, item.multiple)
            is_chosen = view.key in chosen
            accessible = _("Answer {letter}: {text}").format(letter=letters[index], text=view.text)
            if is_chosen:
                accessible += ". " + _("Your answer")
            option.show_chosen(is_chosen, glyph(CHECK, _("Your answer")), accessible)
            option.setAccessibleDescription(hint if item.multiple else "")
            option.show()
        self.previous.setEnabled(item.position > 0)
        self.next.setEnabled(item.position + 1 < total)
        self._draw_flag()

    def _draw_pictures(self, item: ItemView) -> None:
        """Show the question's pictures (decoded once per question shown) and name them."""
        _ = self._tr
        key = (self.attempt_id or 0, item.position)
        if key != self._pictures_of:
            self._pictures_of = key
            for old in self.pictures:
                self._picture_box.removeWidget(old)
                old.hide()
                old.deleteLater()
            self.pictures = []
            for number, image in enumerate(item.images, start=1):
                picture = Picture()
                picture.setObjectName(f"picture{number}")
                picture.set_picture(image.data)
                self._picture_box.addWidget(picture)
                picture.show()
                self.pictures.append(picture)
            self._bound_pictures()
        for number, (picture, image) in enumerate(zip(self.pictures, item.images, strict=True), 1):
            name = _("Picture {number}: {name}").format(
                number=number, name=PurePosixPath(image.name).stem
            )
            if picture.broken:
                placeholder = _("The picture cannot be shown")
                picture.set_placeholder(placeholder)
                name += ". " + placeholder
            picture.setAccessibleName(name)

    def _draw_flag(self) -> None:
        _ = self._tr
        flagged = self._flagged.get(self._current, False)
        if flagged:
            set_text(self.flag, glyph(FLAG, _("Remove the mark")), _("Remove the mark"))
        else:
            set_text(self.flag, glyph(FLAG, _("Come back later")), _("Mark to come back later"))
        set_state(self.flag, flagged=flagged)

    def _draw_navigator_button(self, position: int) -> None:
        _ = self._tr
        nav = self.nav_buttons[position]
        answered = bool(self._selected.get(position))
        flagged = self._flagged.get(position, False)
        current = position == self._current
        marks = (CHECK if answered else "") + (FLAG if flagged else "")
        nav.setText(f"{position + 1} {marks}".strip())
        states = [_("answered") if answered else _("not answered")]
        if flagged:
            states.append(_("marked"))
        if current:
            states.append(_("on screen now"))
        description = _("Question {number}").format(number=position + 1) + ": " + ", ".join(states)
        nav.setAccessibleName(description)
        nav.setToolTip(description)
        set_state(nav, answered=answered, flagged=flagged, current=current)

    def _draw_clock(self) -> None:
        _ = self._tr
        text = _("Time left: {time}").format(time=clock_text(self._remaining))
        set_text(self.clock, text)
        self.problem_dialog.set_time_left(text)
        set_state(self.clock, urgent=self._warning_mark is not None)

    def _draw_warning(self) -> None:
        _ = self._tr
        if self._warning_mark is None:
            self.warning.set_message("")
            return
        self.warning.set_message(
            _("Attention: {minutes} minutes left. Check your answers.").format(
                minutes=self._warning_mark // 60
            )
        )
