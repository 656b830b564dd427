"""The proctor's console: every candidate of a session, live, and the proctor's decisions.

The proctor chooses a session (date, shift, post, number of candidates) and sees one row per
registered candidate: the station, where the candidate is (not arrived, in the test, station
silent, submitted, absent, withdrawn — in words and in colour, never colour alone), the question on
screen, the time left, the score with "meets" / "does not meet", the time granted and the number of
incidents.  Counters above the table add the states up; the session's incidents are listed below.

The table follows the session without a restart: a timer (every :data:`REFRESH_MS`) re-reads the
service's snapshot and the model signals only the rows that changed, so the selection, the scroll
position and an open dialog survive every tick.  Decisions go to the service in the signed-in
actor's name: resume a silent station (add no time or give back the minutes lost, with a reason),
extra time (with a reason), mark a candidate absent, record an incident (about a candidate or the
whole room) and end the session (refused while someone is still in the test: the refusal names
them).  Buttons are enabled by the chosen candidate's state; an actor without the proctor's
permission (an independent observer) sees the console without them.  The service checks every
call anyway, and its refusal is shown as a message.

A technical problem a candidate reports from the test screen shows at the next tick: the seat's
row is tinted and its name marked with an envelope (✉, a message waiting), and a panel above the
table lists the open problems (time, candidate, station, question, what is wrong, the candidate's
note) with an "Acknowledged" button that takes the chosen one off the list (the report itself
stays, for the commission).  For a submitted attempt the state cell counts down the appeal
window in whole minutes ("✓ Submitted · appeal 42 min", rounded up, gone once it closes) or says
that an appeal is filed (its number in the tooltip): a column of its own would leave the names no
room at 1366 px.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import (
    QItemSelectionModel,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.domain.timing import minutes_seconds
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.competition_views import TIE_BREAK
from kiosk.services.session_views import (
    ConsoleView,
    IncidentView,
    ProblemView,
    SeatState,
    SeatView,
    SessionChoice,
    SessionStillRunning,
)
from kiosk.services.views import in_language
from kiosk.ui.admin.browser import DialogOverlay, message_box
from kiosk.ui.admin.console_dialogs import (
    INCIDENT_KIND_NAMES,
    REASON_NEEDED,
    CodeEntryDialog,
    ConfirmDialog,
    ExtraTimeDialog,
    IncidentDialog,
    ResumeDialog,
    clock_text,
)
from kiosk.ui.admin.history import Column, RecordTableModel, record_table
from kiosk.ui.admin.page_parts import CellLook, MessagePage, content_column
from kiosk.ui.admin.ports import Proctor
from kiosk.ui.admin.tables import Index, ReadOnlyTableModel
from kiosk.ui.theme import NORMAL, Theme
from kiosk.ui.timers import TimerFactory, TimerLike, make_timer
from kiosk.ui.widgets import button, label, set_text
from translations import DEFAULT_LANGUAGE, N_, Gettext, Translator

#: How often the console re-reads the session (a silent station shows within one tick).
REFRESH_MS = 2000
#: How many incidents show before their list scrolls.
INCIDENT_ROWS = 3
#: How many open problems show before their list scrolls.
PROBLEM_ROWS = 3
#: The mark of a candidate who reported a technical problem: a message waiting to be read.
PROBLEM_MARK = "✉"
#: What a candidate reported, in the proctor's words.
PROBLEM_KIND_NAMES: dict[ProblemKind, str] = {
    ProblemKind.TEXT_MISSING: N_("Question text missing"),
    ProblemKind.PICTURE_MISSING: N_("Picture missing"),
    ProblemKind.SCREEN: N_("Screen fault"),
    ProblemKind.KEYBOARD: N_("Keyboard or mouse fault"),
    ProblemKind.OTHER: N_("Other problem"),
}
NO_VALUE = "—"
DATE_FORMAT = "%d.%m.%Y"
CLOCK_FORMAT = "%H:%M"

#: Each state's name on screen (the silent one's cell also says for how long).
STATE_NAMES: dict[SeatState, str] = {
    SeatState.NOT_ARRIVED: N_("Not arrived"),
    SeatState.IN_TEST: N_("In the test"),
    SeatState.SILENT: N_("Station silent"),
    SeatState.SUBMITTED: N_("Test submitted"),
    SeatState.ABSENT: N_("Absent"),
    SeatState.WITHDRAWN: N_("Withdrawn"),
}
#: A silent station's cell: how long it has been silent.
SILENT_CELL = N_("Station silent {time}")
#: A mark before each state's name, so that states differ in shape too, not only in colour.
STATE_MARKS: dict[SeatState, str] = {
    SeatState.NOT_ARRIVED: "○",
    SeatState.IN_TEST: "●",
    SeatState.SILENT: "⚠",
    SeatState.SUBMITTED: "✓",
    SeatState.ABSENT: "✕",
    SeatState.WITHDRAWN: "–",
}
#: The counters' order above the table: what needs the proctor first.
COUNTER_ORDER: tuple[SeatState, ...] = (
    SeatState.IN_TEST,
    SeatState.SILENT,
    SeatState.SUBMITTED,
    SeatState.NOT_ARRIVED,
    SeatState.ABSENT,
    SeatState.WITHDRAWN,
)
#: States whose candidate is at a station, using time.
TESTING: frozenset[SeatState] = frozenset({SeatState.IN_TEST, SeatState.SILENT})

COLUMNS: tuple[str, ...] = (
    "number",
    "candidate",
    "station",
    "state",
    "question",
    "remaining",
    "score",
    "granted",
    "incidents",
)
HEADERS: dict[str, str] = {
    "number": N_("No."),
    "candidate": N_("Candidate"),
    "station": N_("Station"),
    "state": N_("State"),
    "question": N_("Question"),
    "remaining": N_("Time left"),
    "score": N_("Points"),
    "granted": N_("Time granted"),
    "incidents": N_("Incidents"),
}
#: Columns whose numbers read better centred.
CENTRED = frozenset({"number", "question", "remaining", "granted", "incidents"})

#: Messages shown above the table (kept as catalogue messages, so a language switch redraws them).
NOT_PERMITTED = N_("Your account's roles do not allow this; nothing was changed.")
CANNOT_NOW = N_(
    "This cannot be done now: the candidate's state has changed. The table shows it as it is."
)
STILL_RUNNING = N_("The session cannot end while candidates are in the test ({count}): {names}.")


def state_looks(theme: Theme) -> dict[SeatState, CellLook]:
    """Each state's colours in ``theme`` (the theme's own pairs, readable on each other)."""
    t = theme
    return {
        SeatState.NOT_ARRIVED: CellLook(t.background, t.muted),
        SeatState.IN_TEST: CellLook(t.chosen_bg, t.chosen_text),
        SeatState.SILENT: CellLook(t.warning_bg, t.warning_text, bold=True),
        SeatState.SUBMITTED: CellLook(t.good_bg, t.good_text),
        SeatState.ABSENT: CellLook(t.bad_bg, t.bad_text),
        SeatState.WITHDRAWN: CellLook(t.scenario_bg, t.muted),
    }


def state_text(seat: SeatView, _: Gettext) -> str:
    """A seat's state in words, with its mark: "⚠ Station silent 35 s"."""
    if seat.state is SeatState.SILENT and seat.silent_s is not None:
        words = _(SILENT_CELL).format(time=minutes_seconds(seat.silent_s))
    else:
        words = _(STATE_NAMES[seat.state])
    return f"{STATE_MARKS[seat.state]} {words}"


def score_text(seat: SeatView, _: Gettext) -> str:
    """The score as "52 / 80 · meets" once the test is submitted ("—" before)."""
    if seat.score is None:
        return NO_VALUE
    out_of = seat.max_score if seat.max_score is not None else seat.question_count
    text = f"{seat.score} / {out_of}"
    if seat.meets is None:
        return text
    verdict = _("meets") if seat.meets else _("does not meet")
    return f"{text} · {verdict}"


def appeal_text(seat: SeatView, at: datetime | None, _: Gettext) -> str:
    """What a submitted attempt's state cell adds: "appeal 42 min" while the appeal window is
    open, "appeal filed" once an appeal waits for its hearing, "—" otherwise (nothing added)."""
    if seat.state is not SeatState.SUBMITTED:
        return NO_VALUE
    if seat.open_appeal is not None:
        return _("appeal filed")
    minutes = seat.appeal_minutes_left(at) if at is not None else None
    if minutes is None:
        return NO_VALUE
    return _("appeal {minutes} min").format(minutes=minutes)


def problem_question_text(problem: ProblemView, _: Gettext) -> str:
    """The question a problem was reported at ("—" when there was none on screen)."""
    return str(problem.position) if problem.position is not None else NO_VALUE


def granted_text(seconds: int, _: Gettext) -> str:
    """Time granted so far: "+10 min", or "+0:02:30" when not whole minutes."""
    if seconds <= 0:
        return NO_VALUE
    if seconds % 60 == 0:
        return "+" + _("{minutes} min").format(minutes=seconds // 60)
    return "+" + clock_text(seconds)


def shift_text(shift: int, _: Gettext) -> str:
    """A shift's name: "2-смена", "Shift 2"."""
    return _("Shift {number}").format(number=shift)


def session_label(choice: SessionChoice, _: Gettext, language: str) -> str:
    """A session in the picker: date, shift, post, how many candidates (and if it is over)."""
    parts = [
        choice.session_date.strftime(DATE_FORMAT),
        shift_text(choice.shift, _),
        in_language(dict(choice.post), language),
        _("candidates: {count}").format(count=choice.candidates),
    ]
    if choice.kind == TIE_BREAK:
        parts.insert(2, _("additional test"))
    if choice.ended:
        parts.append(_("ended"))
    return " · ".join(parts)


class SeatTableModel(ReadOnlyTableModel[SeatView]):
    """A session's seats, one row per registered candidate, updated in place.

    :meth:`set_seats` signals only the rows whose record changed (``dataChanged``): views keep
    their selection and scroll position.  Only when the candidates themselves differ (another
    session, a late registration) is the model reset.
    """

    def __init__(
        self, translator: Translator, parent: QObject | None = None, *, theme: Theme = NORMAL
    ) -> None:
        super().__init__([HEADERS[column] for column in COLUMNS], translator, parent)
        self._looks = state_looks(theme)
        self._alarm = QColor(theme.warning_bg)
        #: The moment of the snapshot shown: appeal windows are counted from it.
        self._at: datetime | None = None

    @property
    def seats(self) -> tuple[SeatView, ...]:
        """The seats shown, in order."""
        return tuple(self._rows)

    def seat(self, row: int) -> SeatView:
        """The seat of row ``row``."""
        return self._rows[row]

    def row_of(self, registration_id: int) -> int | None:
        """The row of a candidate's registration, if shown."""
        for row, seat in enumerate(self._rows):
            if seat.registration_id == registration_id:
                return row
        return None

    def set_seats(self, seats: Sequence[SeatView], at: datetime | None = None) -> bool:
        """Show ``seats`` as of ``at`` (the snapshot's moment): the rows whose record or appeal
        countdown changed are signalled; True if it had to reset (the candidates differ)."""
        seats = list(seats)
        old_at, self._at = self._at, at
        if [s.registration_id for s in seats] != [s.registration_id for s in self._rows]:
            self.beginResetModel()
            self._rows = seats
            self.endResetModel()
            return True
        old, self._rows = self._rows, seats
        last = len(COLUMNS) - 1
        _ = self._tr
        for row, (was, now) in enumerate(zip(old, seats, strict=True)):
            if was != now or appeal_text(was, old_at, _) != appeal_text(now, at, _):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        return False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """A cell's text, its colours (the state; a silent station's whole row) and alignment."""
        seat = self.record_at(index)
        if seat is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), seat, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == "state":
                return QBrush(QColor(self._looks[seat.state].background))
            # A silent station may have crashed, a candidate may be waiting with a problem: the
            # whole row asks for attention.
            if seat.state is SeatState.SILENT or seat.problems:
                return QBrush(self._alarm)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == "state":
            return QBrush(QColor(self._looks[seat.state].text))
        if role == Qt.ItemDataRole.FontRole and (
            (column == "state" and self._looks[seat.state].bold)
            or (column == "candidate" and seat.problems)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in CENTRED:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(seat, column)
        return None

    def _tooltip(self, seat: SeatView, column: str) -> str | None:
        _ = self._tr
        if column == "candidate" and seat.problems:
            return _("Technical problems reported and not yet acknowledged: {count}").format(
                count=seat.problems
            )
        if column == "state" and seat.state is SeatState.SUBMITTED:
            if seat.open_appeal is not None:
                return _("Appeal No. {number} is filed and waits for its hearing.").format(
                    number=seat.open_appeal
                )
            minutes = seat.appeal_minutes_left(self._at) if self._at is not None else None
            if minutes is not None:
                return _("Appeal window: {minutes} min left").format(minutes=minutes)
        if seat.state is SeatState.SILENT:
            return _(
                "The station has not been heard from for {time} (min:s): it may have stopped."
            ).format(time=minutes_seconds(seat.silent_s or 0))
        return None

    def _display(self, row: int, seat: SeatView, column: str) -> str:
        _ = self._tr
        if column == "number":
            return str(row + 1)
        if column == "candidate":
            if seat.problems:
                return f"{PROBLEM_MARK} {seat.candidate_name}"
            return seat.candidate_name
        if column == "station":
            return seat.station or NO_VALUE
        if column == "state":
            appeal = appeal_text(seat, self._at, _)
            if appeal != NO_VALUE:
                # Submitted, and the appeal window open (or an appeal filed): a sub-state.
                return f"{state_text(seat, _)} · {appeal}"
            return state_text(seat, _)
        if column == "question":
            if seat.position is None or seat.state not in TESTING:
                return NO_VALUE
            return f"{seat.position} / {seat.question_count}"
        if column == "remaining":
            if seat.remaining_s is None or seat.state not in TESTING:
                return NO_VALUE
            return clock_text(seat.remaining_s)
        if column == "score":
            return score_text(seat, _)
        if column == "granted":
            return granted_text(seat.granted_s, _)
        return str(seat.incidents) if seat.incidents else NO_VALUE


class FlowLayout(QLayout):
    """Widgets in a row that wraps onto further lines when the width runs out."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        """Take a widget's item (``addWidget`` calls this)."""
        self._items.append(item)

    def count(self) -> int:
        """The number of items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        """The item at ``index``."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        """Remove and return the item at ``index``."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        """It grows in neither direction."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """Its height depends on its width (the lines it needs)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height that the items need at ``width``."""
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        """Place the items in ``rect``."""
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:
        """All items on one line."""
        width = sum(item.sizeHint().width() + self._gap for item in self._shown())
        height = max((item.sizeHint().height() for item in self._shown()), default=0)
        return QSize(max(0, width - self._gap), height)

    def minimumSize(self) -> QSize:
        """As wide as the widest item: everything else wraps."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        lines: list[list[QLayoutItem]] = [[]]
        x = rect.x()
        for item in self._shown():
            width = item.sizeHint().width()
            if lines[-1] and x + width > rect.right() + 1:
                lines.append([])
                x = rect.x()
            lines[-1].append(item)
            x += width + self._gap
        y = rect.y()
        for line in lines:
            height = max((item.sizeHint().height() for item in line), default=0)
            x = rect.x()
            for item in line:
                hint = item.sizeHint()
                if place:
                    # Items of one line share its middle: a plain label beside framed chips.
                    offset = (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, y + offset), hint))
                x += hint.width() + self._gap
            y += height + self._gap
        return max(0, y - self._gap - rect.y())


def incident_columns(timezone: tzinfo | None) -> list[Column[IncidentView]]:
    """The incidents list: time, kind, about whom, what happened, recorded by."""

    def at(incident: IncidentView, _tr: Translator) -> str:
        moment = incident.at
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone)
        return moment.strftime(CLOCK_FORMAT)

    return [
        Column(N_("Time"), at),
        Column(N_("Kind"), lambda i, tr: tr(INCIDENT_KIND_NAMES[i.kind])),
        Column(N_("About"), lambda i, tr: i.candidate_name or tr("The whole room")),
        Column(N_("Description"), lambda i, _tr: " ".join(i.text.split())),
        Column(N_("Recorded by"), lambda i, _tr: i.actor),
    ]


def problem_columns(timezone: tzinfo | None) -> list[Column[ProblemView]]:
    """The open problems: time, candidate, station, question, what is wrong, the note."""

    def at(problem: ProblemView, _tr: Translator) -> str:
        moment = problem.at
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone)
        return moment.strftime(CLOCK_FORMAT)

    return [
        Column(N_("Time"), at),
        Column(N_("Candidate"), lambda p, _tr: p.candidate_name),
        Column(N_("Station"), lambda p, _tr: p.station or NO_VALUE),
        Column(N_("Question"), problem_question_text),
        Column(N_("Problem"), lambda p, tr: tr(PROBLEM_KIND_NAMES[p.kind])),
        Column(N_("Candidate's note"), lambda p, _tr: " ".join(p.note.split()) or NO_VALUE),
    ]


class ConsolePage(MessagePage):
    """A session's candidates, live, with the proctor's actions.

    ``actor`` is the signed-in staff member, in whose name every call is made; without the
    proctor's permission the page is read-only.  ``translator_factory`` makes a translator for a
    language (tests pass strict ones).  ``timers`` makes the refresh timer (tests pass fakes and
    call :meth:`refresh` themselves); ``refresh_ms`` is its interval.
    """

    def __init__(
        self,
        proctor: Proctor,
        actor: Actor,
        translator_factory: Callable[[str], Translator],
        timezone: tzinfo | None,
        parent: QWidget | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
        timers: TimerFactory = make_timer,
        refresh_ms: int = REFRESH_MS,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__(
            translator_factory(language), parent, name="console", notice_suffix="Message"
        )
        self.setObjectName("consolePage")
        self._proctor = proctor
        self._actor = actor
        self._translator_factory = translator_factory
        self._timezone = timezone
        self._theme = theme
        self._choices: list[SessionChoice] = []
        self._view: ConsoleView | None = None

        self.content, column = content_column(self, spacing=8)
        self.title = label("pageTitle", wrap=False, name="consoleTitle")
        self.session_caption = label("fieldCaption", wrap=False, name="sessionCaption")
        self.session_picker = QComboBox(objectName="sessionPicker")
        self.session_picker.setMinimumContentsLength(30)
        self.session_caption.setBuddy(self.session_picker)
        self.heading = label("heading", name="consoleHeading")
        self.details = label("muted", name="consoleDetails")
        self.ended_note = message_box("info", "sessionEnded")
        self.read_only_note = label("muted", name="readOnlyNote")
        self.counters: dict[SeatState, QLabel] = {}
        # The counters wrap onto a second line rather than widen the page beyond the window.
        self.counter_box = QWidget(objectName="consoleCounters")
        counter_row = FlowLayout(self.counter_box, spacing=8)
        self.total = label("value", wrap=False, name="counter-total")
        counter_row.addWidget(self.total)
        for state in COUNTER_ORDER:
            chip = label(wrap=False, name=f"counter-{state.value}")
            look = state_looks(theme)[state]
            chip.setStyleSheet(
                f"QLabel {{ background: {look.background}; color: {look.text};"
                f" border: 1px solid {theme.border}; border-radius: 6px; padding: 3px 10px;"
                f" font-weight: {'bold' if look.bold else 'normal'}; }}"
            )
            self.counters[state] = chip
            counter_row.addWidget(chip)

        # Open problems, above the table: they wait for the proctor to come over.
        self.problem_box = QFrame(objectName="problemBox")
        self.problem_box.setStyleSheet(
            f"QFrame#problemBox {{ background: {theme.warning_bg};"
            f" border: 2px solid {theme.warning_border}; border-radius: 6px; }}"
            f" QFrame#problemBox > QLabel {{ color: {theme.warning_text}; }}"
        )
        self.problems_caption = label("heading", wrap=False, name="problemsCaption")
        self.problem_model: RecordTableModel[ProblemView] = RecordTableModel(
            problem_columns(timezone), self._tr, self
        )
        self.problems = record_table("problemTable", self.problem_model, stretch=(5,))
        self.problems.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.acknowledge_button = button("primary", name="acknowledgeProblem")
        problem_top = QHBoxLayout()
        problem_top.setSpacing(10)
        problem_top.addWidget(self.problems_caption, 1)
        problem_top.addWidget(self.acknowledge_button)
        problem_layout = QVBoxLayout(self.problem_box)
        problem_layout.setContentsMargins(8, 6, 8, 8)
        problem_layout.setSpacing(4)
        problem_layout.addLayout(problem_top)
        problem_layout.addWidget(self.problems)
        self.problem_box.hide()

        # Code entry suspended after too many wrong codes: no candidate gets in until the
        # proctor has looked and resumed it.
        self.suspended_box = QFrame(objectName="codesSuspendedBox")
        self.suspended_box.setStyleSheet(
            f"QFrame#codesSuspendedBox {{ background: {theme.warning_bg};"
            f" border: 2px solid {theme.warning_border}; border-radius: 6px; }}"
            f" QFrame#codesSuspendedBox > QLabel {{ color: {theme.warning_text}; }}"
        )
        self.suspended_text = label(name="codesSuspendedText")
        self.resume_codes_button = button("primary", name="resumeCodeEntry")
        suspended_layout = QHBoxLayout(self.suspended_box)
        suspended_layout.setContentsMargins(10, 6, 10, 6)
        suspended_layout.setSpacing(10)
        suspended_layout.addWidget(self.suspended_text, 1)
        suspended_layout.addWidget(self.resume_codes_button)
        self.suspended_box.hide()

        self.model = SeatTableModel(self._tr, self, theme=theme)
        self.table = QTableView(objectName="seatTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setCornerButtonEnabled(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("candidate"), QHeaderView.ResizeMode.Stretch)
        # Esc lets go of the candidate, so that an incident can be about the whole room.
        self._let_go = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.table)
        self._let_go.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._let_go.activated.connect(self.table.clearSelection)

        self.resume_button = button(name="resumeStation")
        self.extra_button = button(name="extraTime")
        self.absent_button = button(name="markAbsent")
        self.incident_button = button(name="reportIncident")
        self.end_button = button("danger", name="endSession")
        self.actions = QWidget(objectName="consoleActions")
        actions = QHBoxLayout(self.actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(10)
        for widget in (
            self.resume_button,
            self.extra_button,
            self.absent_button,
            self.incident_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.end_button)

        self.incidents_caption = label("heading", wrap=False, name="incidentsCaption")
        self.incident_model: RecordTableModel[IncidentView] = RecordTableModel(
            incident_columns(timezone), self._tr, self
        )
        self.incidents = record_table("incidentTable", self.incident_model, stretch=(3,))
        self.incidents.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.incidents_empty = label("muted", name="incidentsEmpty")

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.session_caption)
        top.addWidget(self.session_picker, 2)
        column.addLayout(top)
        column.addWidget(self.heading)
        column.addWidget(self.details)
        column.addWidget(self.ended_note)
        column.addWidget(self.counter_box)
        column.addWidget(self.read_only_note)
        column.addWidget(self.error)
        column.addWidget(self.notice)
        column.addWidget(self.suspended_box)
        column.addWidget(self.problem_box)
        column.addWidget(self.table, 1)
        column.addWidget(self.actions)
        column.addWidget(self.incidents_caption)
        column.addWidget(self.incidents_empty)
        column.addWidget(self.incidents)

        self.resume_dialog = ResumeDialog(self, self.content)
        self.extra_dialog = ExtraTimeDialog(self, self.content)
        self.incident_dialog = IncidentDialog(self, self.content)
        self.absent_dialog = ConfirmDialog(self, self.content, "absentDialog")
        self.end_dialog = ConfirmDialog(self, self.content, "endDialog")
        self.code_entry_dialog = CodeEntryDialog(self, self.content)

        self.session_picker.currentIndexChanged.connect(self._session_chosen)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.resume_button.clicked.connect(self.ask_resume)
        self.extra_button.clicked.connect(self.ask_extra_time)
        self.absent_button.clicked.connect(self.ask_absent)
        self.incident_button.clicked.connect(self.ask_incident)
        self.end_button.clicked.connect(self.ask_end)
        self.acknowledge_button.clicked.connect(self.acknowledge_problem)
        self.resume_codes_button.clicked.connect(self.ask_resume_code_entry)
        self.code_entry_dialog.accepted.connect(self._resume_code_entry)
        # Tab: the open problems, their button, then the candidates.
        QWidget.setTabOrder(self.problems, self.acknowledge_button)
        QWidget.setTabOrder(self.acknowledge_button, self.table)
        self.problems.selectionModel().selectionChanged.connect(self._update_buttons)
        self.problem_model.modelReset.connect(self._update_buttons)
        self.resume_dialog.accepted.connect(self._resume)
        self.extra_dialog.accepted.connect(self._extra_time)
        self.incident_dialog.accepted.connect(self._incident)
        self.absent_dialog.accepted.connect(self._absent)
        self.end_dialog.accepted.connect(self._end)

        self.actions.setVisible(self.can_act)
        self.acknowledge_button.setVisible(self.can_act)
        self.resume_codes_button.setVisible(self.can_act)
        self._timer: TimerLike = timers("consoleRefresh", refresh_ms)
        if isinstance(self._timer, QObject):
            # Owned by the page: it stops firing into a page that is gone.
            self._timer.setParent(self)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()
        self.reload_sessions()

    # -- data ----------------------------------------------------------------------------------

    @property
    def can_act(self) -> bool:
        """True when the actor may make the proctor's decisions (else the page is read-only)."""
        return self._actor.may(Permission.PROCTOR)

    @property
    def session_id(self) -> int | None:
        """The session shown."""
        index = self.session_picker.currentIndex()
        return self._choices[index].session_id if 0 <= index < len(self._choices) else None

    @property
    def view(self) -> ConsoleView | None:
        """The snapshot shown (None before a session is read, or when reading was refused)."""
        return self._view

    @property
    def timer(self) -> TimerLike:
        """The refresh timer (runs while the page is shown)."""
        return self._timer

    def reload_sessions(self) -> None:
        """Re-read the sessions the console can watch, keeping the one shown if it is still
        offered; at first the newest that has not ended."""
        keep = self.session_id
        try:
            choices = self._proctor.sessions(self._actor)
        except NotPermitted:
            self._choices = []
            self._fill_picker(None)
            self._show_notice("error", NOT_PERMITTED)
            return
        self._choices = list(choices)
        ids = [choice.session_id for choice in self._choices]
        if keep not in ids:
            running = [choice.session_id for choice in self._choices if not choice.ended]
            keep = running[0] if running else (ids[0] if ids else None)
        self._fill_picker(keep)

    def choose_session(self, session_id: int) -> None:
        """Show session ``session_id`` (one of the picker's)."""
        ids = [choice.session_id for choice in self._choices]
        self.session_picker.setCurrentIndex(ids.index(session_id))

    def refresh(self) -> None:
        """Re-read the session shown; only changed rows are redrawn, the selection stays."""
        session_id = self.session_id
        if session_id is None:
            self._show_view(None)
            return
        try:
            view = self._proctor.console(self._actor, session_id)
        except NotPermitted:
            self._show_view(None)
            self._show_notice("error", NOT_PERMITTED)
            return
        self._show_view(view)

    def selected_seat(self) -> SeatView | None:
        """The candidate chosen in the table (None: nobody, or the whole room)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.seat(rows[0].row())

    def selected_problem(self) -> ProblemView | None:
        """The open problem chosen in the problems list (None when the list is empty)."""
        rows = self.problems.selectionModel().selectedRows()
        if not rows:
            return None
        return self.problem_model.record(rows[0].row())

    def select_problem(self, problem_id: int | None) -> None:
        """Choose the problem ``problem_id`` in the list, or the first (oldest) one."""
        ids = [problem.id for problem in self.problem_model.records]
        if not ids:
            return
        row = ids.index(problem_id) if problem_id in ids else 0
        self.problems.selectionModel().setCurrentIndex(
            self.problem_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def select_registration(self, registration_id: int) -> bool:
        """Choose a candidate's row, scrolled into view; False if the session has no such one."""
        row = self.model.row_of(registration_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _fill_picker(self, session_id: int | None) -> None:
        shown = self._view.session_id if self._view is not None else None
        self.session_picker.blockSignals(True)
        self.session_picker.clear()
        _ = self._tr
        for choice in self._choices:
            self.session_picker.addItem(session_label(choice, _, self._tr.language))
        ids = [choice.session_id for choice in self._choices]
        self.session_picker.setCurrentIndex(ids.index(session_id) if session_id in ids else -1)
        self.session_picker.blockSignals(False)
        if session_id is not None and session_id == shown:
            self.refresh()  # the same session: its message and dialogs stay
        else:
            self._session_chosen()

    def _session_chosen(self) -> None:
        self._set_messages()
        for dialog in self._dialogs():
            dialog.close_dialog()
        self.table.clearSelection()
        self.refresh()

    def _show_view(self, view: ConsoleView | None) -> None:
        selected = self.selected_seat()
        bar = self.table.verticalScrollBar()
        scrolled = bar.value()
        self._view = view
        at = view.at if view is not None else None
        if (
            self.model.set_seats(view.seats if view is not None else (), at)
            and selected is not None
        ):
            # The candidates changed (a late registration) and the model was reset: the chosen
            # candidate and the scroll position are put back by hand.
            self.select_registration(selected.registration_id)
            bar.setValue(scrolled)
        incidents = list(view.incidents) if view is not None else []
        # Newest first, as the service lists them: the latest is in view without scrolling.
        if incidents != self.incident_model.records:
            self.incident_model.set_records(incidents)
        problems = list(view.problems) if view is not None else []
        if problems != self.problem_model.records:
            # A new or acknowledged problem: the proctor's choice in the list stays, if it is
            # still open (else the oldest is chosen, ready for "Acknowledged").
            chosen = self.selected_problem()
            self.problem_model.set_records(problems)
            self.select_problem(chosen.id if chosen is not None else None)
        self._draw_session()
        self._update_buttons()

    # -- actions -------------------------------------------------------------------------------

    def ask_resume(self) -> None:
        """Open the resume dialog for the chosen candidate (in the test or silent)."""
        seat = self.selected_seat()
        if seat is not None and seat.state in TESTING and self.can_act:
            self.resume_dialog.open_for(seat, self._tr)

    def ask_extra_time(self) -> None:
        """Open the extra-time dialog for the chosen candidate (in the test)."""
        seat = self.selected_seat()
        if seat is not None and seat.state in TESTING and self.can_act:
            self.extra_dialog.open_for(seat, self._tr)

    def ask_absent(self) -> None:
        """Ask whether to mark the chosen candidate (not arrived) absent."""
        seat = self.selected_seat()
        if seat is not None and seat.state is SeatState.NOT_ARRIVED and self.can_act:
            title, message = self._absent_texts(seat)
            self.absent_dialog.ask(seat, title, message, self._tr)

    def ask_incident(self) -> None:
        """Open the incident dialog about the chosen candidate, or the whole room."""
        if self._view is not None and not self._view.ended and self.can_act:
            self.incident_dialog.open_for(self.selected_seat(), self._tr)

    def ask_end(self) -> None:
        """Ask whether to end the session."""
        if self._view is not None and not self._view.ended and self.can_act:
            title, message = self._end_texts()
            self.end_dialog.ask(None, title, message, self._tr)

    def ask_resume_code_entry(self) -> None:
        """Ask what was found, to resume code entry in the suspended session."""
        view = self._view
        if view is not None and view.codes_suspended_at is not None and self.can_act:
            self.code_entry_dialog.open_for(view.failed_codes, self._tr)

    def _resume_code_entry(self) -> None:
        dialog = self.code_entry_dialog
        session_id, reason = self.session_id, dialog.reason_text()
        if session_id is None:
            return
        if not reason:
            dialog.show_error(self._tr(REASON_NEEDED))
            return
        done = self._call(
            dialog, lambda: self._proctor.resume_code_entry(self._actor, session_id, reason)
        )
        if done:
            self._show_notice("info", N_("Code entry is resumed: the stations take codes again."))

    def acknowledge_problem(self) -> None:
        """Take the chosen problem off the open list: the proctor has seen to it."""
        problem = self.selected_problem()
        if problem is None or not self.can_act:
            return
        done = self._call(None, lambda: self._proctor.acknowledge_problem(self._actor, problem.id))
        if done:
            self._show_notice(
                "info",
                N_("{candidate}: the problem is acknowledged."),
                candidate=problem.candidate_name,
            )
            # The keyboard stays with the problems while some are left.
            if self.problem_model.records:
                self.problems.setFocus(Qt.FocusReason.OtherFocusReason)

    def _resume(self) -> None:
        dialog = self.resume_dialog
        seat, reason = dialog.seat, dialog.reason_text()
        if seat is None:
            return
        if not reason or not (dialog.no_time.isChecked() or dialog.give_back.isChecked()):
            dialog.show_error(self._tr(REASON_NEEDED))
            return
        seconds = dialog.add_seconds()
        done = self._call(
            dialog,
            lambda: self._proctor.resume_station(
                self._actor, seat.registration_id, seconds, reason
            ),
        )
        if done:
            if seconds:
                message = N_("{candidate}: the station is resumed and {minutes} min given back.")
            else:
                message = N_("{candidate}: the station is resumed, no time added.")
            self._show_notice("info", message, candidate=seat.candidate_name, minutes=seconds // 60)

    def _extra_time(self) -> None:
        dialog = self.extra_dialog
        seat, reason = dialog.seat, dialog.reason_text()
        if seat is None:
            return
        if not reason:
            dialog.show_error(self._tr(REASON_NEEDED))
            return
        seconds = dialog.seconds()
        done = self._call(
            dialog,
            lambda: self._proctor.add_time(self._actor, seat.registration_id, seconds, reason),
        )
        if done:
            self._show_notice(
                "info",
                N_("{candidate}: {minutes} min of extra time given."),
                candidate=seat.candidate_name,
                minutes=seconds // 60,
            )

    def _incident(self) -> None:
        dialog = self.incident_dialog
        session_id, text = self.session_id, dialog.reason_text()
        if session_id is None:
            return
        if not text:
            dialog.show_error(self._tr(REASON_NEEDED))
            return
        registration_id, kind = dialog.registration_id(), dialog.incident_kind()
        done = self._call(
            dialog,
            lambda: self._proctor.report_incident(
                self._actor, session_id, registration_id, kind, text
            ),
        )
        if done:
            self._show_notice("info", N_("The incident is recorded."))

    def _absent(self) -> None:
        seat = self.absent_dialog.seat
        if seat is None:
            return
        done = self._call(
            self.absent_dialog,
            lambda: self._proctor.mark_absent(self._actor, seat.registration_id),
        )
        if done:
            self._show_notice(
                "info",
                N_("{candidate} is marked absent; their login code no longer works."),
                candidate=seat.candidate_name,
            )

    def _end(self) -> None:
        session_id = self.session_id
        if session_id is None:
            return
        done = self._call(
            self.end_dialog, lambda: self._proctor.end_session(self._actor, session_id)
        )
        if done:
            self._show_notice("info", N_("The session has ended."))
            self.reload_sessions()

    def _call(self, dialog: DialogOverlay | None, call: Callable[[], None]) -> bool:
        """Make the service call; close the dialog (if any); show a refusal; re-read the
        session."""
        try:
            call()
        except NotPermitted:
            self._refused(dialog, NOT_PERMITTED)
            return False
        except SessionStillRunning as running:
            self._refused(
                dialog, STILL_RUNNING, count=len(running.names), names=", ".join(running.names)
            )
            return False
        except (ValueError, LookupError):
            # The table was a tick behind (the candidate started, submitted, …).
            self._refused(dialog, CANNOT_NOW)
            return False
        if dialog is not None:
            dialog.close_dialog()
        self.refresh()
        self._back_to_table()
        return True

    def _refused(self, dialog: DialogOverlay | None, message: str, **values: object) -> None:
        if dialog is not None:
            dialog.close_dialog()
        self._show_notice("error", message, **values)
        self.refresh()
        self._back_to_table()

    def _back_to_table(self) -> None:
        """Give the keyboard back to the table, with the chosen candidate centred: the message
        that just appeared above the table must not push them out of view."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.scrollTo(rows[0], QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- messages ------------------------------------------------------------------------------

    def _show_notice(self, kind: str, message: str, **values: object) -> None:
        """Show a refusal (``kind`` "error") or an outcome ("info") above the table."""
        if kind == "error":
            self._set_messages(error=(message, values))
        else:
            self._set_messages(notice=(message, values))

    # -- language and drawing ------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch the interface language (a translator from the page's factory)."""
        if language != self._tr.language:
            self.set_translator(self._translator_factory(language))

    def take_focus(self) -> None:
        """Give the keyboard to the table."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        """Draw every text in the interface language; the table keeps its rows and selection."""
        _ = self._tr
        self.model.set_translator(self._tr)
        self.incident_model.set_translator(self._tr)
        self.problem_model.set_translator(self._tr)
        set_text(self.title, _("Proctor's console"))
        set_text(self.session_caption, _("Session"))
        self.session_picker.setAccessibleName(_("Session"))
        for position, choice in enumerate(self._choices):
            self.session_picker.setItemText(position, session_label(choice, _, self._tr.language))
        self.table.setAccessibleName(_("Candidates of the session"))
        set_text(self.resume_button, _("Resume station…"))
        set_text(self.extra_button, _("Extra time…"))
        set_text(self.absent_button, _("Mark absent"))
        set_text(self.incident_button, _("Incident…"))
        set_text(self.end_button, _("End session"))
        set_text(self.resume_codes_button, _("Resume code entry…"))
        set_text(
            self.acknowledge_button,
            "✓ " + _("Acknowledged"),
            _("Mark the chosen problem as acknowledged"),
        )
        self.problems.setAccessibleName(_("Technical problems reported by candidates"))
        set_text(self.incidents_caption, _("Incidents"))
        self.incidents.setAccessibleName(_("Incidents of the session"))
        set_text(self.incidents_empty, _("No incidents recorded."))
        set_text(
            self.read_only_note,
            _("You watch this session; decisions are made by the proctor."),
        )
        self.read_only_note.setVisible(not self.can_act)
        self._draw_session()
        self._draw_messages()
        self._retranslate_dialogs()

    def _draw_session(self) -> None:
        _ = self._tr
        view = self._view
        for widget in (self.heading, self.details):
            widget.setVisible(view is not None)
        self.ended_note.set_message(
            _("The session has ended: nothing more can be changed in it.")
            if view is not None and view.ended
            else ""
        )
        suspended = view.codes_suspended_at if view is not None else None
        self.suspended_box.setVisible(suspended is not None)
        if view is not None and suspended is not None:
            set_text(
                self.suspended_text,
                "⚠ "
                + _(
                    "Code entry is suspended since {time}: {count} wrong codes were typed at "
                    "the stations. No one can log in until you resume it."
                ).format(time=self._clock(suspended), count=view.failed_codes),
            )
        count = len(self.problem_model.records)
        self.problem_box.setVisible(bool(count))
        set_text(
            self.problems_caption,
            f"{PROBLEM_MARK} "
            + _("Technical problems reported by candidates: {count}").format(count=count),
        )
        self._fit_problems()
        has_incidents = bool(self.incident_model.records)
        self.incidents.setVisible(has_incidents)
        self.incidents_empty.setVisible(view is not None and not has_incidents)
        self.incidents_caption.setVisible(view is not None)
        self._fit_incidents()
        if view is None:
            set_text(self.total, "")
            for chip in self.counters.values():
                chip.hide()
            return
        language = self._tr.language
        set_text(self.heading, in_language(dict(view.post), language))
        parts = [
            view.session_date.strftime(DATE_FORMAT),
            shift_text(view.shift, _),
            in_language(dict(view.place), language),
        ]
        if view.opens_at is not None and view.closes_at is not None:
            parts.append(
                _("codes work {opens}–{closes}").format(
                    opens=self._clock(view.opens_at), closes=self._clock(view.closes_at)
                )
            )
        set_text(self.details, " · ".join(part for part in parts if part))
        set_text(self.total, _("Registered: {count}").format(count=len(view.seats)))
        for state, chip in self.counters.items():
            count = view.count(state)
            set_text(chip, f"{STATE_MARKS[state]} {_(STATE_NAMES[state])}: {count}")
            # A state nobody is in is left out, except the main ones, which keep their place.
            chip.setVisible(bool(count) or state in (SeatState.IN_TEST, SeatState.SUBMITTED))

    def _clock(self, moment: datetime) -> str:
        if moment.tzinfo is not None:
            moment = moment.astimezone(self._timezone)
        return moment.strftime(CLOCK_FORMAT)

    def _fit_incidents(self) -> None:
        """The incidents list is as tall as its rows, up to :data:`INCIDENT_ROWS`."""
        rows = max(1, min(len(self.incident_model.records), INCIDENT_ROWS))
        row_height = self.incidents.verticalHeader().defaultSectionSize()
        header = self.incidents.horizontalHeader().sizeHint().height()
        self.incidents.setFixedHeight(header + rows * row_height + 2 * self.incidents.frameWidth())

    def _fit_problems(self) -> None:
        """The problems list is as tall as its rows, up to :data:`PROBLEM_ROWS`."""
        rows = max(1, min(len(self.problem_model.records), PROBLEM_ROWS))
        row_height = self.problems.verticalHeader().defaultSectionSize()
        header = self.problems.horizontalHeader().sizeHint().height()
        self.problems.setFixedHeight(header + rows * row_height + 2 * self.problems.frameWidth())

    def _update_buttons(self) -> None:
        seat = self.selected_seat()
        state = seat.state if seat is not None else None
        open_session = self._view is not None and not self._view.ended
        self.resume_button.setEnabled(open_session and state in TESTING)
        self.extra_button.setEnabled(open_session and state in TESTING)
        self.absent_button.setEnabled(open_session and state is SeatState.NOT_ARRIVED)
        self.incident_button.setEnabled(open_session)
        self.end_button.setEnabled(open_session)
        self.acknowledge_button.setEnabled(self.selected_problem() is not None)

    def _dialogs(self) -> tuple[DialogOverlay, ...]:
        return (
            self.resume_dialog,
            self.extra_dialog,
            self.incident_dialog,
            self.absent_dialog,
            self.end_dialog,
            self.code_entry_dialog,
        )

    def _absent_texts(self, seat: SeatView) -> tuple[str, str]:
        _ = self._tr
        return (
            _("Mark {candidate} absent?").format(candidate=seat.candidate_name),
            _("Their login code stops working. Do this only when the candidate has not come."),
        )

    def _end_texts(self) -> tuple[str, str]:
        _ = self._tr
        return (
            _("End the session?"),
            _(
                "Candidates who have not arrived are marked absent and their codes stop working. "
                "A session cannot end while anyone is in the test."
            ),
        )

    def _retranslate_dialogs(self) -> None:
        _ = self._tr
        for dialog in (
            self.resume_dialog,
            self.extra_dialog,
            self.incident_dialog,
            self.code_entry_dialog,
        ):
            if dialog.isVisible():
                dialog.retranslate(_)
        if self.absent_dialog.isVisible() and self.absent_dialog.seat is not None:
            self.absent_dialog.retranslate(*self._absent_texts(self.absent_dialog.seat), _)
        if self.end_dialog.isVisible():
            self.end_dialog.retranslate(*self._end_texts(), _)

    # -- live ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Follow the session while the page is shown (and fit the incidents list to the row
        height that the window's style sheet gives, known only now)."""
        super().showEvent(event)
        self._fit_incidents()
        self._fit_problems()
        if not self._timer.is_active():
            self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop reading the session while another page is shown."""
        super().hideEvent(event)
        self._timer.stop()
