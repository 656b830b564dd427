"""The technical commission's review of an appeal (cl. 35), read by several people at once.

It opens as a window of its own so that it can be put on a projector or a second screen, in
large type (base :data:`REVIEW_PT`, with larger / smaller steps) and the admin colours, which
are dark on light.  What it shows comes from the service's
:class:`~kiosk.services.appeal_views.Review`: the candidate's frozen form, in the candidate's
language and option order, with the keys — the only screen outside the bank where keys are
shown.

- The band at the top names the appeal, the candidate and the code, the score and the
  threshold, and quotes the candidate's statement.
- The navigator lists the questions with their markers (right, wrong, not answered, marked by the
  candidate, a technical problem reported, a finding written) and can be narrowed to the wrong,
  the unanswered or the marked ones; a filter with nothing in it says so.
- The question as the candidate saw it: section, situation, stem, options with their letters;
  the candidate's choice and the key are said in words and symbols, not by colour alone.  Under
  it the answer timeline of that question and, apart, the events of the whole attempt (start,
  resume after a crash, time decisions, problems, submit).
- The findings: per question "no technical fault" or "technical fault confirmed" with the
  commission's words and, if it was established, the answer the candidate actually gave.  The
  score after the findings is asked of the service at every change and never typed.
- The decision: a summary, a confirmation, then :meth:`Appeals.decide`; a refusal is said in
  words.  After it (or for an appeal decided earlier) the findings are read-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.appeal_views import (
    AppealStatus,
    AppealView,
    Finding,
    HearingRefused,
    ProblemKind,
    Review,
    ReviewItem,
    ReviewOption,
    TimelineEntry,
    TimelineKind,
)
from kiosk.ui.admin.appeal_ports import Appeals
from kiosk.ui.admin.browser import DialogOverlay, not_permitted_message
from kiosk.ui.admin.console_dialogs import INCIDENT_KIND_NAMES, duration_text
from kiosk.ui.admin.page_parts import Message, Term, message_text
from kiosk.ui.admin.style import admin_style_sheet
from kiosk.ui.theme import NORMAL, Theme, set_state
from kiosk.ui.widgets import (
    ElidedLabel,
    LayoutSizedButton,
    MessageBox,
    button,
    frame,
    glyph,
    label,
    set_text,
)
from translations import N_, Gettext, Translator

#: The review's base text size: read from across a room, never below 20 pt.
REVIEW_PT = 20.0
#: The text sizes the larger / smaller buttons step through.
ZOOM_STEPS: tuple[float, ...] = (20.0, 22.0, 24.0, 27.0, 30.0, 34.0)

# -- markers: what each question is, in symbols a legend names -----------------------------------

RIGHT_MARK = "✓"
WRONG_MARK = "✗"
UNANSWERED_MARK = "—"
FLAG_MARK = "⚑"
PROBLEM_MARK = "⚠"
FINDING_MARK = "✎"
CHOSEN_MARK = "◉"
KEY_MARK = "✓"
NOT_KEY_MARK = "✗"


class Filter(StrEnum):
    """Which questions the navigator lists."""

    ALL = "all"
    WRONG = "wrong"
    UNANSWERED = "unanswered"
    FLAGGED = "flagged"


FILTER_NAMES: dict[Filter, str] = {
    Filter.ALL: N_("All"),
    Filter.WRONG: N_("Wrong"),
    Filter.UNANSWERED: N_("Not answered"),
    Filter.FLAGGED: N_("Marked"),
}
MEETS = N_("meets the requirements")
DOES_NOT_MEET = N_("does not meet the requirements")
#: Said in place of the list when a filter has nothing in it.
NO_MATCH: dict[Filter, str] = {
    Filter.ALL: N_("The test has no questions."),
    Filter.WRONG: N_("No question is answered wrongly."),
    Filter.UNANSWERED: N_("Every question is answered."),
    Filter.FLAGGED: N_("The candidate marked no question to come back to."),
}

#: A finding's state in the panel; "not examined" sends no finding.
NOT_EXAMINED = "not_examined"
NO_FAULT = "no_fault"
FAULT = "fault"

KIND_NAMES: dict[TimelineKind, str] = {
    TimelineKind.START: N_("Test started"),
    TimelineKind.RESUME: N_("Test reopened after a stop (crash, power cut or move)"),
    TimelineKind.FLAG: N_("Marked to come back later"),
    TimelineKind.UNFLAG: N_("Mark removed"),
    TimelineKind.SUBMIT: N_("Submitted the test"),
}
SELECTED = N_("Chose {letters}")
SELECTED_FINAL = N_("Chose {letters} — the answer at submit")
CLEARED = N_("Cleared the choice")
CLEARED_FINAL = N_("Cleared the choice — no answer at submit")
PROBLEM = N_("Technical problem reported: {detail}")
INCIDENT = N_("Incident recorded by the proctor: {detail}")
TIME_EXTRA = N_("Extra time given ({duration}): {detail}")
TIME_RESUME = N_("Time decision after the stop ({duration}): {detail}")
TIME_RESUME_LOST = N_("Time decision after the stop: silent {lost}, given {duration}: {detail}")
AT_QUESTION = N_("Question {number}: {event}")
PROBLEM_KINDS: dict[str, str] = {
    ProblemKind.TEXT_MISSING: N_("text missing"),
    ProblemKind.PICTURE_MISSING: N_("picture missing"),
    ProblemKind.SCREEN: N_("screen fault"),
    ProblemKind.KEYBOARD: N_("keyboard or mouse fault"),
    ProblemKind.OTHER: N_("other"),
}

#: What the hearing or the decision was refused for, by the service's reason.
HEARING_REFUSED: dict[str, str] = {
    "no_commission": N_("The appeal has no commission yet: compose it first (cl. 34)."),
    "chair_absent": N_(
        "The chair is absent or declared a conflict of interest: the hearing cannot go on "
        "without the chair."
    ),
    "no_member": N_(
        "No member is present without a conflict of interest: the hearing needs at least one."
    ),
    "not_on_commission": N_(
        "You do not take part in this appeal's commission: only its members present at the "
        "hearing record it and decide."
    ),
    "decided": N_("This appeal is already decided; the decision cannot be changed."),
    "heard": N_("The hearing of this appeal has begun: its commission can no longer change."),
    "not_decided": N_("The appeal is not decided yet: its protocol is made with the decision."),
    "not_heard": N_(
        "The hearing has not been opened: record who of the commission is present first."
    ),
    "unknown_question": N_("A finding names a question that is not in the candidate's test."),
    "finding_missing": N_("A confirmed technical fault needs the commission's finding in words."),
    "bad_answer": N_("The answer established names an option that the question does not have."),
}
#: Said when the service refused the actor, by the permission missing.
NOT_PERMITTED: dict[Permission, str] = {
    Permission.VIEW_APPEALS: N_("Your account's roles do not allow reading the appeals."),
    Permission.FILE_APPEALS: N_(
        "Your account's roles do not allow filing appeals: an operator or an administrator "
        "files them."
    ),
    Permission.COMPOSE_COMMISSION: N_(
        "Your account's roles do not allow composing the commission: an administrator does."
    ),
    Permission.HEAR_APPEALS: N_(
        "Your account's roles do not allow hearing appeals: only the technical commission "
        "hears them and sees the keys."
    ),
}
HEARING_REFUSED_OTHER = N_("The service refused the hearing: {reason}.")
DETAIL = N_("{text} ({detail})")
APPEAL_GONE = N_("This appeal no longer exists.")

FINDING_TEXT_NEEDED = N_(
    "Write the finding for question {numbers}: a confirmed fault needs the commission's words."
)
SUMMARY_NEEDED = N_("Write the decision's summary: it goes into the appeal protocol.")
NOT_HEARD_NOTE = N_(
    "The hearing has not been opened: the findings can be prepared, but the decision is "
    "recorded only after the commission's attendance (Hearing…)."
)
CONFIRM_SATISFIED = N_(
    "Technical fault confirmed at questions {faults}. The score becomes {new} of {total} "
    "(was {old}); the appeal is satisfied: a new version of the result and of the testing "
    "protocol is issued. The decision cannot be changed afterwards."
)
CONFIRM_REJECTED = N_(
    "No technical fault is confirmed. The appeal is rejected and the score stays {old} of "
    "{total}. The decision cannot be changed afterwards."
)
DECIDED_SATISFIED = N_(
    "Decided at {time}: the appeal is satisfied. Score {old} → {new} of {total}."
)
DECIDED_REJECTED = N_(
    "Decided at {time}: the appeal is rejected; the score stays {old} of {total}."
)


def hearing_refusal_message(refusal: HearingRefused) -> Message:
    """A refused hearing or decision in words (the service's detail added in brackets)."""
    text = HEARING_REFUSED.get(refusal.reason)
    if text is None:
        return (HEARING_REFUSED_OTHER, {"reason": str(refusal)})
    if refusal.detail and refusal.reason in ("unknown_question", "finding_missing", "bad_answer"):
        return (DETAIL, {"text": Term(text), "detail": refusal.detail})
    return (text, {})


def appeal_not_permitted(refusal: NotPermitted) -> Message:
    """What to say when the service refused the actor (kept untranslated)."""
    return (NOT_PERMITTED.get(refusal.permission, not_permitted_message(refusal)), {})


def clock_text(consumed_s: float) -> str:
    """Test time used as minutes and seconds: "23:05" (minutes may pass 59)."""
    whole = max(0, int(consumed_s))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def kind_and_note(name: str | None, note: str, _: Gettext) -> str:
    """A kind in words, then the recorded note ("picture missing: …")."""
    note = note.strip()
    if name is None:
        return note
    shown = _(name)
    return f"{shown}: {note}" if note else shown


def problem_words(entry: TimelineEntry, _: Gettext) -> str:
    """A reported problem: its kind in words, then the candidate's note."""
    return kind_and_note(PROBLEM_KINDS.get(entry.problem or ""), entry.detail, _)


def incident_words(entry: TimelineEntry, _: Gettext) -> str:
    """An incident: its kind in words, then the proctor's text."""
    return kind_and_note(INCIDENT_KIND_NAMES.get(entry.incident or ""), entry.detail, _)


def event_text(entry: TimelineEntry, _: Gettext, *, final: bool = False) -> str:
    """What happened, in words."""
    kind = entry.kind
    if kind is TimelineKind.SELECT:
        if entry.letters:
            return _(SELECTED_FINAL if final else SELECTED).format(letters=entry.letters)
        return _(CLEARED_FINAL if final else CLEARED)
    if kind is TimelineKind.PROBLEM:
        return _(PROBLEM).format(detail=problem_words(entry, _))
    if kind is TimelineKind.INCIDENT:
        return _(INCIDENT).format(detail=incident_words(entry, _))
    if kind is TimelineKind.TIME_EXTRA:
        return _(TIME_EXTRA).format(
            duration=duration_text(entry.seconds or 0, _), detail=entry.detail
        )
    if kind is TimelineKind.TIME_RESUME:
        if entry.lost_s is not None:
            return _(TIME_RESUME_LOST).format(
                lost=duration_text(entry.lost_s, _),
                duration=duration_text(entry.seconds or 0, _),
                detail=entry.detail,
            )
        return _(TIME_RESUME).format(
            duration=duration_text(entry.seconds or 0, _), detail=entry.detail
        )
    return _(KIND_NAMES[kind])


def two_lines(text: str) -> str:
    """A text of several words broken once, at the space nearest its middle."""
    spaces = [index for index, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda index: abs(2 * index - len(text)))
    return f"{text[:middle]}\n{text[middle + 1 :]}"


def item_markers(item: ReviewItem) -> str:
    """The item's symbols: right / wrong / not answered, then marked and problem reported."""
    marks = [
        WRONG_MARK if item.wrong else RIGHT_MARK if item.answered else UNANSWERED_MARK,
    ]
    if item.flagged:
        marks.append(FLAG_MARK)
    if item.problems:
        marks.append(PROBLEM_MARK)
    return " ".join(marks)


def matches(item: ReviewItem, chosen: Filter) -> bool:
    """Whether ``item`` is listed under the filter ``chosen``."""
    if chosen is Filter.WRONG:
        return item.wrong
    if chosen is Filter.UNANSWERED:
        return not item.answered
    if chosen is Filter.FLAGGED:
        return item.flagged
    return True


def review_style_sheet(theme: Theme, point: float) -> str:
    """The admin window's look at the review's text size, and the review's own parts: options
    framed by what they are (the words say it too), the band, the navigator, the verdict."""
    t = theme

    def pt(factor: float) -> str:
        return f"{round(point * factor, 1)}pt"

    return admin_style_sheet(theme, point) + (
        f"""
QWidget#appealReview {{ background: {t.background}; }}
QWidget#reviewBody, QWidget#reviewQuestion, QWidget#reviewFindings {{
    background: {t.background};
}}
QFrame[role="reviewBand"] {{
    background: {t.surface}; border: none; border-bottom: 3px solid {t.text};
}}
QLabel[role="bandTitle"] {{ font-size: {pt(1.2)}; font-weight: bold; }}
QLabel[role="bandScore"] {{ font-weight: bold; }}
QFrame[role="reviewPanel"] {{
    background: {t.surface}; border: 2px solid {t.border}; border-radius: 8px;
}}
QLabel[role="stem"] {{ font-size: {pt(1.08)}; font-weight: bold; }}
QFrame[role="scenario"] {{
    background: {t.scenario_bg}; border: none; border-left: 6px solid {t.border};
}}
QFrame[role="reviewOption"] {{
    background: {t.surface}; border: 2px solid {t.border}; border-radius: 8px;
}}
QFrame[role="reviewOption"][look="right"] {{
    background: {t.good_bg}; border: 4px solid {t.good_text};
}}
QFrame[role="reviewOption"][look="wrong"] {{
    background: {t.bad_bg}; border: 4px solid {t.bad_text};
}}
QFrame[role="reviewOption"][look="key"] {{
    background: {t.good_bg}; border: 4px dashed {t.good_text};
}}
QLabel[role="reviewLetter"] {{
    font-size: {pt(1.2)}; font-weight: bold; background: {t.surface};
    border: 2px solid {t.text}; border-radius: 6px; padding: 0px 6px;
}}
QLabel[role="optionMarks"] {{ font-weight: bold; }}
QFrame[look="right"] QLabel[role="optionMarks"], QFrame[look="key"] QLabel[role="optionMarks"] {{
    color: {t.good_text};
}}
QFrame[look="wrong"] QLabel[role="optionMarks"] {{ color: {t.bad_text}; }}
QFrame[role="verdict"] {{ border-radius: 6px; border: 3px solid {t.border}; }}
QFrame[role="verdict"][tone="right"] {{ background: {t.good_bg}; border-color: {t.good_text}; }}
QFrame[role="verdict"][tone="right"] QLabel {{ color: {t.good_text}; }}
QFrame[role="verdict"][tone="wrong"] {{ background: {t.bad_bg}; border-color: {t.bad_text}; }}
QFrame[role="verdict"][tone="wrong"] QLabel {{ color: {t.bad_text}; }}
QFrame[role="verdict"][tone="none"] {{
    background: {t.warning_bg}; border-color: {t.warning_border};
}}
QFrame[role="verdict"][tone="none"] QLabel {{ color: {t.warning_text}; }}
QFrame[role="verdict"] QLabel {{ font-weight: bold; }}
QFrame[role="warning"] {{
    background: {t.warning_bg}; border: 2px solid {t.warning_border}; border-radius: 6px;
}}
QFrame[role="warning"] QLabel {{ color: {t.warning_text}; }}
QListWidget#reviewNavigator {{
    background: {t.surface}; border: 2px solid {t.border}; border-radius: 4px;
    font-size: {pt(1)}; outline: none;
}}
QListWidget#reviewNavigator::item {{
    padding: 3px 8px; border-bottom: 1px solid {t.disabled_border};
}}
QListWidget#reviewNavigator::item:selected {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold;
}}
QListWidget#reviewNavigator:focus {{ border: 3px solid {t.focus}; }}
QPushButton[role="filter"] {{ padding: 2px 12px; min-height: 1.3em; }}
QPushButton[role="filter"][current="true"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold; border-color: {t.accent};
}}
QLabel[role="scoreLine"] {{ font-size: {pt(1.1)}; font-weight: bold; }}
QTableView, QTableWidget, QHeaderView {{ font-size: {pt(0.92)}; }}
QPushButton[role="choice"] {{ text-align: left; padding: 4px 14px; min-height: 1.4em; }}
QPushButton[role="choice"][current="true"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold; border-color: {t.accent};
}}
QPushButton[role="choice"][current="true"]:disabled {{
    background: {t.chosen_bg}; color: {t.chosen_text}; border-color: {t.chosen_text};
}}
QLabel[role="choiceText"] {{ color: {t.text}; }}
QLabel[role="choiceText"][current="true"] {{ color: {t.accent_text}; font-weight: bold; }}
QLabel[role="choiceText"]:disabled {{ color: {t.disabled_text}; }}
QLabel[role="choiceText"][current="true"]:disabled {{ color: {t.chosen_text}; }}
QLabel[role="legend"] {{ color: {t.muted}; font-size: {pt(0.85)}; }}
"""
    )


# -- parts ---------------------------------------------------------------------------------------


class FittedTable(QTableWidget):
    """A read-only table as tall as all its rows, whose long texts wrap: it scrolls with the page
    it sits in, never by itself."""

    def __init__(self, name: str, columns: int, stretch: int) -> None:
        super().__init__(0, columns)
        self.setObjectName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setHighlightSections(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._stretch = stretch
        self._headers: list[str] = []
        header = self.horizontalHeader()
        for column in range(columns):
            mode = QHeaderView.ResizeMode.Stretch
            if column != stretch:
                mode = QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)

    def set_headers(self, texts: Sequence[str]) -> None:
        """Name the columns; a narrow column's name of several words takes two lines, so that
        it does not widen the column past its short values ("Test time" over "23:05")."""
        self._headers = list(texts)
        shown = [
            text if column == self._stretch else two_lines(text)
            for column, text in enumerate(self._headers)
        ]
        self.setHorizontalHeaderLabels(shown)
        for column, text in enumerate(self._headers):
            header = self.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(text)

    def set_rows(self, rows: Sequence[Sequence[str]], bold: Iterable[int] = ()) -> None:
        """Show ``rows`` of cell texts; the rows ``bold`` in bold."""
        strong = set(bold)
        self.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setTextAlignment(
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                    if column
                    else Qt.AlignmentFlag.AlignCenter
                )
                if row in strong:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(row, column, item)
        self.refit()

    def texts(self) -> list[tuple[str, ...]]:
        """The cells as shown, row by row."""
        return [
            tuple(self.item(row, column).text() for column in range(self.columnCount()))
            for row in range(self.rowCount())
        ]

    def refit(self) -> None:
        """Make the table as tall as its rows at its present width."""
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(row) for row in range(self.rowCount()))
        header = self.horizontalHeader().sizeHint().height()
        self.setFixedHeight(header + rows + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Rows wrap anew at a new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.refit()


class ColumnScrollArea(QScrollArea):
    """A column that scrolls up and down, its content laid out at the column's own width.

    A plain scroll area sizes its content for the content's preferred width; in a column
    narrower than that, wrapped texts need more lines than were counted and get squeezed.
    Here the content is always at least as tall as its texts need at the width it really has.
    """

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setWidget(content)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content.installEventFilter(self)

    def fit(self) -> None:
        """Give the content the height it needs at the viewport's width."""
        content = self.widget()
        layout = content.layout() if content is not None else None
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.totalHeightForWidth(self.viewport().width())
        if content.minimumHeight() != needed:
            content.setMinimumHeight(needed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width: the texts wrap anew."""
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Something in the content changed: count its height again."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(watched, event)


class OptionRow(QFrame):
    """An option as the candidate saw it — its letter and text — and, under the text, whether
    the candidate chose it and whether it is the key, in words and symbols."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.setProperty("role", "reviewOption")
        self.setObjectName(f"reviewOption{index + 1}")
        self.letter = label("reviewLetter", wrap=False, name=f"reviewLetter{index + 1}")
        self.letter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = label(name=f"reviewOptionText{index + 1}")
        self.marks = label("optionMarks", name=f"reviewOptionMarks{index + 1}")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.text)
        texts.addWidget(self.marks)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 14, 8)
        row.setSpacing(16)
        row.addWidget(self.letter, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(texts, 1)

    def show_option(self, option: ReviewOption, _: Gettext) -> None:
        """Draw ``option``: letter, text, the candidate's choice and the key said in words."""
        set_text(self.letter, option.letter)
        set_text(self.text, option.text)
        marks: list[str] = []
        if option.chosen:
            marks.append(glyph(CHOSEN_MARK, _("Candidate's answer")))
        if option.correct:
            marks.append(glyph(KEY_MARK, _("Key")))
        elif option.chosen:
            marks.append(glyph(NOT_KEY_MARK, _("Not the key")))
        set_text(self.marks, "   ".join(marks))
        self.marks.setVisible(bool(marks))
        look = "plain"
        if option.chosen:
            look = "right" if option.correct else "wrong"
        elif option.correct:
            look = "key"
        set_state(self, look=look)
        spoken = [_("Option {letter}: {text}").format(letter=option.letter, text=option.text)]
        spoken += marks
        self.setAccessibleName(". ".join(spoken))


class WrapButton(LayoutSizedButton):
    """A checkable button whose text wraps, so that large type in a narrow column is never
    cut (a plain button is as wide as its text)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setProperty("role", "choice")
        self.setObjectName(name)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        # The text's colours are the label's own: a style rule cannot ask whether the button
        # around it is disabled.
        self.caption = label("choiceText", name=f"{name}Text")
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 14, 6)
        row.addWidget(self.caption)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def show_text(self, text: str, accessible: str, *, current: bool) -> None:
        """Show ``text`` (``current``: as the one chosen); assistive technology reads
        ``accessible``."""
        self.caption.setText(text)
        self.setAccessibleName(accessible)
        self.setChecked(current)
        set_state(self, current=current)
        set_state(self.caption, current=current)
        self.updateGeometry()


@dataclass
class Draft:
    """The commission's finding on one question, as it is being written."""

    state: str = NOT_EXAMINED
    text: str = ""
    established: set[str] = field(default_factory=set)

    def finding(self, position: int) -> Finding | None:
        """The finding to send (None while the question is not examined)."""
        if self.state == NOT_EXAMINED:
            return None
        if self.state == NO_FAULT:
            return Finding(position, False, self.text.strip())
        established = frozenset(self.established) if self.established else None
        return Finding(position, True, self.text.strip(), established)


# -- the screen ----------------------------------------------------------------------------------


class AppealReviewScreen(QWidget):
    """The review of one appeal by its commission, in a window of its own.

    ``appeals`` is the service's port and ``actor`` the commission member in whose name it is
    asked; ``review`` is what the service gave (:meth:`Appeals.review`); ``translator`` speaks
    the interface language (the question itself stays in the candidate's language); times are
    shown in ``timezone``.  :attr:`decided` carries the appeal as decided.
    """

    decided = Signal(object)

    def __init__(
        self,
        appeals: Appeals,
        actor: Actor,
        review: Review,
        translator: Translator,
        timezone: tzinfo | None,
        parent: QWidget | None = None,
        *,
        theme: Theme = NORMAL,
        point: float = REVIEW_PT,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("appealReview")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._appeals = appeals
        self._actor = actor
        self._review = review
        self._appeal = review.appeal
        self._tr = translator
        self._timezone = timezone
        self._theme = theme
        self._point = max(point, ZOOM_STEPS[0])
        self._filter = Filter.ALL
        self._current = review.items[0].position if review.items else 0
        self._items = {item.position: item for item in review.items}
        self._drafts: dict[int, Draft] = {}
        #: The score the findings give, as the service counted it (None while it refuses them).
        self._score: int | None = review.score
        self._score_error: Message | None = None
        self._error: Message | None = None
        self._drawing = False
        for recorded in self._appeal.findings:
            self._drafts[recorded.position] = Draft(
                FAULT if recorded.fault else NO_FAULT,
                recorded.text,
                set(recorded.established or ()),
            )

        self.band = self._make_band()
        self.body = QWidget(objectName="reviewBody")
        self.filter_bar = self._make_filters()
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addWidget(self._make_navigator())
        columns.addWidget(self._make_question(), 3)
        columns.addWidget(self._make_findings(), 2)
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(16, 10, 16, 12)
        inner.setSpacing(10)
        inner.addLayout(self.filter_bar)
        inner.addLayout(columns, 1)
        self.legend = label("legend", name="reviewLegend")
        inner.addWidget(self.legend)
        outer = QVBoxLayout(self)
        # Smaller screens scroll the columns; the window itself sets Qt no minimum (the
        # offscreen platform warns about one).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.band)
        outer.addWidget(self.body, 1)

        self.confirm = DialogOverlay(self, self.body, "decideDialog")
        self.confirm.accepted.connect(self.decide)
        for sequence, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
        ):
            QShortcut(sequence, self, activated=slot)
        self._chain_focus()
        self._apply_look()
        self.retranslate()
        self._fill_navigator()

    # -- building ----------------------------------------------------------------------------

    def _make_band(self) -> QFrame:
        band = frame("reviewBand")
        band.setObjectName("reviewBand")
        self.title = label("bandTitle", name="reviewTitle")
        self.score_label = label("bandScore", name="reviewScore")
        # One line here (the band must leave the question its room); the whole statement heads
        # the findings column, next to what the commission writes about it.
        self.statement = ElidedLabel()
        self.statement.setObjectName("reviewStatement")
        self.smaller = button("tool", name="reviewSmaller")
        self.larger = button("tool", name="reviewLarger")
        self.close_button = button(name="reviewClose")
        self.smaller.clicked.connect(self.zoom_out)
        self.larger.clicked.connect(self.zoom_in)
        self.close_button.clicked.connect(self.close)
        texts = QVBoxLayout(band)
        texts.setContentsMargins(18, 8, 18, 8)
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.score_label)
        texts.addWidget(self.statement)
        return band

    def _make_filters(self) -> QBoxLayout:
        self.filter_buttons: dict[Filter, QPushButton] = {}
        self._filter_group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(8)
        for kind in Filter:
            choice = button("filter", name=f"reviewFilter-{kind.value}")
            choice.setCheckable(True)
            choice.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            choice.clicked.connect(lambda _checked=False, chosen=kind: self.set_filter(chosen))
            self._filter_group.addButton(choice)
            self.filter_buttons[kind] = choice
            row.addWidget(choice)
        row.addStretch(1)
        # The size and the way out sit here, so that the band's lines have the whole width;
        # when large type leaves no room beside the filters, they go on a line of their own.
        tools = QHBoxLayout()
        tools.setSpacing(8)
        tools.addStretch(1)
        tools.addWidget(self.smaller)
        tools.addWidget(self.larger)
        tools.addSpacing(10)
        tools.addWidget(self.close_button)
        bar = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        bar.setSpacing(8)
        bar.addLayout(row, 1)
        bar.addLayout(tools)
        self._filter_row, self._tool_row = row, tools
        return bar

    def _arrange_bar(self) -> None:
        """The tools beside the filters when there is room, else under them."""
        widgets = [*self.filter_buttons.values(), self.smaller, self.larger, self.close_button]
        for widget in widgets:
            widget.ensurePolished()
        spacing = self._filter_row.spacing()
        needed = sum(widget.sizeHint().width() + spacing for widget in widgets) + 40
        margins = self.body.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right()
        direction = (
            QBoxLayout.Direction.LeftToRight if needed <= room else QBoxLayout.Direction.TopToBottom
        )
        if self.filter_bar.direction() != direction:
            self.filter_bar.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The tools follow the width."""
        super().resizeEvent(event)
        self._arrange_bar()

    def _make_navigator(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.navigator = QListWidget(objectName="reviewNavigator")
        self.navigator.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigator.setUniformItemSizes(True)
        self.navigator.currentRowChanged.connect(self._navigated)
        self.no_match = label("muted", name="reviewNoMatch")
        self.no_match.hide()
        column.addWidget(self.navigator, 1)
        column.addWidget(self.no_match)
        column.addStretch(0)
        self._navigator_holder = holder
        return holder

    def _make_question(self) -> QWidget:
        content = QWidget(objectName="reviewQuestion")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(10)
        self.position_label = label("heading", wrap=False, name="reviewPosition")
        self.previous_button = button("tool", name="reviewPrevious")
        self.next_button = button("tool", name="reviewNext")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.position_label, 1)
        head.addWidget(self.previous_button)
        head.addWidget(self.next_button)
        self.section_label = label("muted", name="reviewSection")
        self.verdict = frame("verdict")
        self.verdict_label = label(name="reviewVerdict")
        verdict_box = QVBoxLayout(self.verdict)
        verdict_box.setContentsMargins(14, 8, 14, 8)
        verdict_box.addWidget(self.verdict_label)
        self.scenario_box = frame("scenario")
        self.scenario_title = label("fieldCaption", wrap=False, name="reviewScenarioTitle")
        self.scenario = label(name="reviewScenario")
        scenario_column = QVBoxLayout(self.scenario_box)
        scenario_column.setContentsMargins(14, 8, 14, 8)
        scenario_column.addWidget(self.scenario_title)
        scenario_column.addWidget(self.scenario)
        self.stem = label("stem", name="reviewStem")
        self.multiple_hint = label("muted", name="reviewMultiple")
        self.pictures = label("muted", name="reviewPictures")
        self.option_rows = [OptionRow(index) for index in range(6)]
        self.timeline_heading = label("heading", name="reviewTimelineHeading")
        # The letters chosen are said in the event's words ("Chose Г"): a column of their own
        # would leave "what happened" too narrow at this type size.
        self.timeline = FittedTable("reviewTimeline", 3, stretch=2)
        self.events_heading = label("heading", name="reviewEventsHeading")
        self.events = FittedTable("reviewEvents", 3, stretch=2)
        column.addLayout(head)
        column.addWidget(self.section_label)
        column.addWidget(self.verdict)
        column.addWidget(self.scenario_box)
        column.addWidget(self.stem)
        column.addWidget(self.multiple_hint)
        column.addWidget(self.pictures)
        for row in self.option_rows:
            column.addWidget(row)
        column.addSpacing(6)
        column.addWidget(self.timeline_heading)
        column.addWidget(self.timeline)
        column.addSpacing(6)
        column.addWidget(self.events_heading)
        column.addWidget(self.events)
        column.addStretch(1)
        self.question_area = ColumnScrollArea(content)
        return self.question_area

    def _make_findings(self) -> QWidget:
        content = QWidget(objectName="reviewFindings")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(8)
        self.statement_panel = frame("reviewPanel")
        self.statement_caption = label("fieldCaption", name="reviewStatementCaption")
        self.statement_full = label(name="reviewStatementFull")
        self.statement_full.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        statement_column = QVBoxLayout(self.statement_panel)
        statement_column.setContentsMargins(14, 8, 14, 10)
        statement_column.setSpacing(4)
        statement_column.addWidget(self.statement_caption)
        statement_column.addWidget(self.statement_full)
        # Plain message boxes: the pages' ones are capped at their one-line height, which a
        # narrow column of large type would cut.
        self.not_heard = MessageBox("warning", name="reviewNotHeard")
        self.finding_heading = label("heading", name="reviewFindingHeading")
        # Big buttons, not radio buttons: their marks would be tiny on a projector.  The one
        # chosen says so in its text too ("✓ …"), not only in its colour.
        self.state_buttons: dict[str, WrapButton] = {}
        self._states = QButtonGroup(self)
        self._states.setExclusive(True)
        for state in (NOT_EXAMINED, NO_FAULT, FAULT):
            choice = WrapButton(f"finding-{state}")
            choice.clicked.connect(lambda _checked=False, chosen=state: self.choose_state(chosen))
            self._states.addButton(choice)
            self.state_buttons[state] = choice
        self.finding_caption = label("fieldCaption", name="findingTextCaption")
        self.finding_text = QPlainTextEdit(objectName="findingText")
        self.finding_text.setTabChangesFocus(True)
        self.finding_caption.setBuddy(self.finding_text)
        self.finding_text.textChanged.connect(self._finding_text_changed)
        self.established_caption = label("fieldCaption", name="establishedCaption")
        self.established_hint = label("muted", name="establishedHint")
        self.established_boxes = [button("choice", name=f"established{i + 1}") for i in range(6)]
        letters = QHBoxLayout()
        letters.setSpacing(8)
        for box in self.established_boxes:
            box.setCheckable(True)
            box.toggled.connect(self._established_changed)
            letters.addWidget(box)
        letters.addStretch(1)
        self.score_panel = frame("reviewPanel")
        self.score_line = label("scoreLine", name="reviewScoreLine")
        self.score_note = label(name="reviewScoreNote")
        score_column = QVBoxLayout(self.score_panel)
        score_column.setContentsMargins(14, 10, 14, 10)
        score_column.setSpacing(4)
        score_column.addWidget(self.score_line)
        score_column.addWidget(self.score_note)
        self.findings_list = label(name="reviewFindingsList")
        self.summary_caption = label("fieldCaption", name="summaryCaption")
        self.summary = QPlainTextEdit(objectName="decisionSummary")
        self.summary.setTabChangesFocus(True)
        self.summary_caption.setBuddy(self.summary)
        self.decide_button = button("primary", name="decideAppeal")
        self.decide_button.clicked.connect(self.ask_decision)
        self.error_box = MessageBox("error", name="reviewError")
        self.decided_box = MessageBox("good", name="reviewDecided")
        column.addWidget(self.not_heard)
        column.addWidget(self.finding_heading)
        for choice in self.state_buttons.values():
            column.addWidget(choice)
        column.addWidget(self.finding_caption)
        column.addWidget(self.finding_text)
        column.addWidget(self.established_caption)
        column.addLayout(letters)
        column.addWidget(self.established_hint)
        column.addSpacing(6)
        column.addWidget(self.findings_list)
        column.addWidget(self.summary_caption)
        column.addWidget(self.summary)
        column.addWidget(self.error_box)
        column.addWidget(self.decided_box)
        column.addWidget(self.decide_button)
        column.addSpacing(6)
        column.addWidget(self.statement_panel)
        column.addStretch(1)
        self.findings_area = ColumnScrollArea(content)
        # The score stays in sight under the findings while they are written.
        holder = QWidget()
        holder_column = QVBoxLayout(holder)
        holder_column.setContentsMargins(0, 0, 0, 0)
        holder_column.setSpacing(8)
        holder_column.addWidget(self.findings_area, 1)
        holder_column.addWidget(self.score_panel)
        return holder

    def _chain_focus(self) -> None:
        chain: list[QWidget] = [
            self.navigator,
            self.previous_button,
            self.next_button,
            *self.state_buttons.values(),
            self.finding_text,
            *self.established_boxes,
            self.summary,
            self.decide_button,
            *self.filter_buttons.values(),
            self.smaller,
            self.larger,
            self.close_button,
        ]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    # -- reading -----------------------------------------------------------------------------

    @property
    def review(self) -> Review:
        """What the service gave for this appeal."""
        return self._review

    @property
    def appeal(self) -> AppealView:
        """The appeal as it stands (decided once :meth:`decide` succeeded)."""
        return self._appeal

    @property
    def current_position(self) -> int:
        """The question shown (0-based)."""
        return self._current

    @property
    def current_filter(self) -> Filter:
        """The navigator's filter."""
        return self._filter

    @property
    def point(self) -> float:
        """The base text size now."""
        return self._point

    @property
    def read_only(self) -> bool:
        """The appeal is decided: the findings are shown, not edited."""
        return self._appeal.status is not AppealStatus.FILED

    @property
    def translator(self) -> Translator:
        """The interface language's translator."""
        return self._tr

    def listed_positions(self) -> list[int]:
        """The questions the navigator lists now (0-based)."""
        return [item.position for item in self._review.items if matches(item, self._filter)]

    def findings(self) -> list[Finding]:
        """The findings written so far, by question."""
        found = [draft.finding(position) for position, draft in sorted(self._drafts.items())]
        return [finding for finding in found if finding is not None]

    # -- navigating --------------------------------------------------------------------------

    def set_filter(self, chosen: Filter) -> None:
        """List only the questions of ``chosen``; the question shown stays when it is listed."""
        self._filter = chosen
        self._fill_navigator()

    def show_question(self, position: int) -> None:
        """Show question ``position`` (0-based) and its finding."""
        if position not in self._items:
            return
        self._current = position
        listed = self.listed_positions()
        if position in listed and self.navigator.currentRow() != listed.index(position):
            self.navigator.setCurrentRow(listed.index(position))
        self._draw_question()
        self._draw_finding()

    def step(self, offset: int) -> None:
        """Show the previous (-1) or next (+1) question of the list."""
        listed = self.listed_positions() or sorted(self._items)
        if self._current in listed:
            index = listed.index(self._current) + offset
        else:
            index = 0 if offset > 0 else len(listed) - 1
        if 0 <= index < len(listed):
            self.show_question(listed[index])

    def _navigated(self, row: int) -> None:
        listed = self.listed_positions()
        if 0 <= row < len(listed) and listed[row] != self._current:
            self.show_question(listed[row])

    # -- the findings ------------------------------------------------------------------------

    def _draft(self) -> Draft:
        return self._drafts.setdefault(self._current, Draft())

    def choose_state(self, state: str) -> None:
        """Record that the question shown is not examined, has no fault, or has a fault."""
        if self._drawing or self.read_only:
            return
        self._draft().state = state
        self._findings_changed()

    def _finding_text_changed(self) -> None:
        if self._drawing or self.read_only:
            return
        draft = self._draft()
        had_words = bool(draft.text.strip())
        draft.text = self.finding_text.toPlainText()
        # The service counts a confirmed fault only with its words: ask again when they come
        # or go, not at every key.
        if draft.state == FAULT and had_words != bool(draft.text.strip()):
            self._findings_changed()

    def _established_changed(self) -> None:
        if self._drawing or self.read_only:
            return
        item = self._items[self._current]
        self._draft().established = {
            option.key
            for option, box in zip(item.options, self.established_boxes, strict=False)
            if box.isChecked()
        }
        self._findings_changed()

    def _findings_changed(self) -> None:
        """Ask the service what the findings would make of the score, and redraw."""
        self._score_error = None
        try:
            self._score = self._appeals.recomputed_score(
                self._actor, self._appeal.appeal_id, self.findings()
            )
        except HearingRefused as refusal:
            self._score, self._score_error = None, hearing_refusal_message(refusal)
        except NotPermitted as refusal:
            self._score, self._score_error = None, appeal_not_permitted(refusal)
        self._draw_finding()
        self._draw_score()
        self._draw_navigator_item(self._current)

    # -- deciding ----------------------------------------------------------------------------

    def _problems(self) -> Message | None:
        missing = [
            finding.position + 1
            for finding in self.findings()
            if finding.fault and not finding.text
        ]
        if missing:
            numbers = ", ".join(str(number) for number in missing)
            return (FINDING_TEXT_NEEDED, {"numbers": numbers})
        if not self.summary.toPlainText().strip():
            return (SUMMARY_NEEDED, {})
        return None

    def ask_decision(self) -> None:
        """Check the findings and the summary, then ask to confirm the decision."""
        if self.read_only:
            return
        problem = self._problems()
        if problem is not None:
            self._error = problem
            self._draw_messages()
            missing = [f.position for f in self.findings() if f.fault and not f.text]
            if missing:
                self.show_question(missing[0])
                self.finding_text.setFocus()
            else:
                self.summary.setFocus()
            return
        self._error = None
        self._draw_messages()
        _ = self._tr
        title, message = self._confirm_texts()
        self.confirm.present(
            title, _("Record the decision"), _("Back to the review"), message=message
        )

    def _confirm_texts(self) -> tuple[str, str]:
        _ = self._tr
        faults = [finding.position + 1 for finding in self.findings() if finding.fault]
        total = self._review.max_score
        if faults:
            message = _(CONFIRM_SATISFIED).format(
                faults=", ".join(str(number) for number in faults),
                new="—" if self._score is None else self._score,
                old=self._review.score,
                total=total,
            )
        else:
            message = _(CONFIRM_REJECTED).format(old=self._review.score, total=total)
        title = _("The decision on appeal No. {number}").format(number=self._appeal.number)
        return title, message

    def decide(self) -> AppealView | None:
        """Record the findings and the decision confirmed; the appeal decided, or None."""
        if self.read_only:
            self.confirm.close_dialog()
            return None
        summary = self.summary.toPlainText().strip()
        try:
            view = self._appeals.decide(
                self._actor, self._appeal.appeal_id, self.findings(), summary
            )
        except HearingRefused as refusal:
            self.confirm.show_error(message_text(hearing_refusal_message(refusal), self._tr))
            return None
        except NotPermitted as refusal:
            self.confirm.show_error(message_text(appeal_not_permitted(refusal), self._tr))
            return None
        except LookupError:
            self.confirm.show_error(self._tr(APPEAL_GONE))
            return None
        self.confirm.close_dialog()
        self._appeal = view
        self._error = None
        self._draw_finding()
        self._draw_score()
        self._draw_messages()
        self.decided.emit(view)
        return view

    # -- size --------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        """Larger text, one step."""
        larger = [step for step in ZOOM_STEPS if step > self._point]
        if larger:
            self.set_point(larger[0])

    def zoom_out(self) -> None:
        """Smaller text, one step (never below the base)."""
        smaller = [step for step in ZOOM_STEPS if step < self._point]
        if smaller:
            self.set_point(smaller[-1])

    def set_point(self, point: float) -> None:
        """Show every text at ``point`` as the base size."""
        self._point = max(point, ZOOM_STEPS[0])
        self._apply_look()
        self._draw_zoom()
        self._arrange_bar()

    def _apply_look(self) -> None:
        self.setStyleSheet(review_style_sheet(self._theme, self._point))
        font = QFont(self.font())
        font.setPointSizeF(self._point)
        line = QFontMetrics(font).lineSpacing()
        for edit in (self.finding_text, self.summary):
            edit.setFixedHeight(line * 3 + 22)
        self._fit_navigator()
        self.timeline.refit()
        self.events.refit()

    def _fit_navigator(self) -> None:
        """The navigator is as wide as its widest line at this size ("20  ✗ ⚑ ⚠ ✎")."""
        font = QFont(self.navigator.font())
        font.setPointSizeF(self._point)
        metrics = QFontMetrics(font)
        sample = f"{len(self._items) or 1}.  ✗ {FLAG_MARK} {PROBLEM_MARK} {FINDING_MARK}"
        width = metrics.horizontalAdvance(sample) + 16 + 2 * 8 + 6
        width += self.navigator.verticalScrollBar().sizeHint().width()
        self._navigator_holder.setFixedWidth(max(width, metrics.horizontalAdvance("M") * 8))

    def sizeHint(self) -> QSize:
        """A 1366×768 screen is the smallest it is read on."""
        return QSize(1366, 768)

    # -- language ----------------------------------------------------------------------------

    def set_translator(self, translator: Translator) -> None:
        """Switch the interface language and redraw every text."""
        self._tr = translator
        self.retranslate()

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        self.setWindowTitle(
            _("Appeal No. {number}: the commission's review").format(number=self._appeal.number)
        )
        set_text(self.smaller, "A−", _("Smaller text"))
        set_text(self.larger, "A+", _("Larger text"))
        self.smaller.setToolTip(_("Smaller text"))
        self.larger.setToolTip(_("Larger text"))
        set_text(self.close_button, _("Close"))
        set_text(
            self.legend,
            "   ".join(
                (
                    glyph(RIGHT_MARK, _("right")),
                    glyph(WRONG_MARK, _("wrong")),
                    glyph(UNANSWERED_MARK, _("not answered")),
                    glyph(FLAG_MARK, _("marked")),
                    glyph(PROBLEM_MARK, _("problem reported")),
                    glyph(FINDING_MARK, _("finding")),
                )
            ),
        )
        set_text(self.previous_button, "←", _("Previous question"))
        set_text(self.next_button, "→", _("Next question"))
        self.previous_button.setToolTip(_("Previous question"))
        self.next_button.setToolTip(_("Next question"))
        set_text(self.scenario_title, _("Situation"))
        set_text(self.timeline_heading, _("Answer timeline of this question"))
        set_text(self.events_heading, _("Events of the whole attempt"))
        headers = [_("Time"), _("Test time"), _("What happened")]
        self.timeline.set_headers(headers)
        self.events.set_headers(headers)
        self.timeline.setAccessibleName(_("Answer timeline of this question"))
        self.events.setAccessibleName(_("Events of the whole attempt"))
        self.navigator.setAccessibleName(_("Questions"))
        set_text(self.statement_caption, _("The candidate's statement"))
        set_text(self.finding_caption, _("The commission's finding (required for a fault)"))
        self.finding_text.setAccessibleName(_("The commission's finding"))
        set_text(
            self.established_caption,
            _("The answer the candidate actually gave, if established"),
        )
        set_text(
            self.established_hint,
            _(
                "Leave every letter unticked if the question could not be answered at all: "
                "its point is then awarded."
            ),
        )
        set_text(self.summary_caption, _("The decision's summary (for the protocol)"))
        self.summary.setAccessibleName(_("The decision's summary"))
        set_text(self.decide_button, _("Record the decision…"))
        self.not_heard.set_message("" if self._appeal.heard_at else _(NOT_HEARD_NOTE))
        if self.confirm.isVisible():
            title, message = self._confirm_texts()
            self.confirm.retexts(title, _("Record the decision"), _("Back to the review"), message)
        self._draw_band()
        self._draw_zoom()
        self._draw_filters()
        for position in self._items:
            self._draw_navigator_item(position)
        self._draw_question()
        self._draw_finding()
        self._draw_score()
        self._draw_messages()

    # -- drawing -----------------------------------------------------------------------------

    def _time(self, moment: datetime, seconds: bool = False) -> str:
        shown = moment.astimezone(self._timezone) if self._timezone else moment
        return shown.strftime("%H:%M:%S" if seconds else "%H:%M")

    def _draw_band(self) -> None:
        _ = self._tr
        appeal, review = self._appeal, self._review
        set_text(
            self.title,
            _("Appeal No. {number} · {name} · code {code}").format(
                number=appeal.number, name=appeal.candidate_name, code=appeal.code or "—"
            ),
        )
        meets = review.score >= review.threshold
        set_text(
            self.score_label,
            _("Score {score} of {total} · threshold {threshold} · {verdict}").format(
                score=review.score,
                total=review.max_score,
                threshold=review.threshold,
                verdict=_(MEETS if meets else DOES_NOT_MEET),
            ),
        )
        self.statement.set_full_text(
            _("Statement: {text}").format(text=" ".join(appeal.statement.split()))
        )
        set_text(self.statement_full, appeal.statement)

    def _draw_zoom(self) -> None:
        self.smaller.setEnabled(self._point > ZOOM_STEPS[0])
        self.larger.setEnabled(self._point < ZOOM_STEPS[-1])

    def _draw_filters(self) -> None:
        _ = self._tr
        for kind, choice in self.filter_buttons.items():
            count = sum(1 for item in self._review.items if matches(item, kind))
            name = _(FILTER_NAMES[kind])
            set_text(choice, f"{name} ({count})")
            choice.setChecked(kind is self._filter)
            set_state(choice, current=kind is self._filter)

    def _fill_navigator(self) -> None:
        listed = self.listed_positions()
        self.navigator.blockSignals(True)
        self.navigator.clear()
        for position in listed:
            entry = QListWidgetItem()
            entry.setData(Qt.ItemDataRole.UserRole, position)
            self.navigator.addItem(entry)
        self.navigator.blockSignals(False)
        for position in listed:
            self._draw_navigator_item(position)
        self._draw_filters()
        set_text(self.no_match, "" if listed else self._tr(NO_MATCH[self._filter]))
        self.no_match.setVisible(not listed)
        self.navigator.setVisible(bool(listed))
        if listed:
            keep = self._current if self._current in listed else listed[0]
            self.navigator.setCurrentRow(listed.index(keep))
            self.show_question(keep)
        else:
            self._draw_question()
            self._draw_finding()

    def _draw_navigator_item(self, position: int) -> None:
        listed = self.listed_positions()
        if position not in listed or self.navigator.count() != len(listed):
            return
        _ = self._tr
        item = self._items[position]
        entry = self.navigator.item(listed.index(position))
        marks = item_markers(item)
        draft = self._drafts.get(position)
        finding = draft.finding(position) if draft else None
        if finding is not None:
            marks += f" {FINDING_MARK}"
        entry.setText(f"{position + 1}.  {marks}")
        words = [_("wrong") if item.wrong else _("right") if item.answered else _("not answered")]
        if item.flagged:
            words.append(_("marked"))
        if item.problems:
            words.append(_("problem reported"))
        if finding is not None:
            words.append(
                _("technical fault confirmed") if finding.fault else _("no technical fault")
            )
        spoken = _("Question {number}").format(number=position + 1) + ": " + ", ".join(words)
        entry.setToolTip(spoken)
        entry.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        t = self._theme
        colour = t.bad_text if item.wrong else t.warning_text if not item.answered else t.text
        entry.setForeground(QBrush(QColor(colour)))

    def _draw_question(self) -> None:
        _ = self._tr
        item = self._items.get(self._current)
        if item is None:
            return
        total = len(self._items)
        set_text(
            self.position_label,
            _("Question {number} of {total}").format(number=item.position + 1, total=total),
        )
        set_text(
            self.section_label,
            _("Section: {section} · {uid}, version {version}").format(
                section=item.section_title, uid=item.question_uid, version=item.version
            ),
        )
        listed = self.listed_positions() or sorted(self._items)
        index = listed.index(item.position) if item.position in listed else -1
        self.previous_button.setEnabled(index != 0)
        self.next_button.setEnabled(index != len(listed) - 1)
        self._draw_verdict(item)
        self.scenario_box.setVisible(bool(item.scenario))
        set_text(self.scenario, item.scenario or "")
        set_text(self.stem, item.stem)
        hint = _("Several answers could be chosen")
        set_text(self.multiple_hint, f"☑ {hint}", hint)
        self.multiple_hint.setVisible(item.multiple)
        pictures = [
            _("Picture: {name} — {state}").format(
                name=name,
                state=_("in the store") if stored else _("missing from the store"),
            )
            for name, stored in item.images
        ]
        set_text(self.pictures, "\n".join(pictures))
        self.pictures.setVisible(bool(pictures))
        for index, row in enumerate(self.option_rows):
            if index < len(item.options):
                row.show_option(item.options[index], _)
                row.show()
            else:
                row.hide()
        self._draw_timeline(item)

    def _draw_verdict(self, item: ReviewItem) -> None:
        _ = self._tr
        points = _("Points: {points}").format(points=item.points)
        key = _("Key: {letters}").format(letters=item.key_letters or "—")
        if not item.answered:
            verdict = glyph(UNANSWERED_MARK, _("No answer"))
            tone, lines = "none", [f"{verdict}. {key}. {points}"]
        else:
            chosen = _("Candidate's answer: {letters}").format(letters=item.chosen_letters)
            if item.wrong:
                verdict = glyph(WRONG_MARK, _("Wrong answer"))
            else:
                verdict = glyph(RIGHT_MARK, _("Right answer"))
            tone = "wrong" if item.wrong else "right"
            lines = [f"{verdict}. {chosen}. {key}. {points}"]
        if item.flagged:
            lines.append(glyph(FLAG_MARK, _("Marked by the candidate to come back to")))
        if item.problems:
            lines.append(
                f"{PROBLEM_MARK} "
                + _("Technical problems reported at this question: {count}").format(
                    count=item.problems
                )
            )
        set_text(self.verdict_label, "\n".join(lines))
        set_state(self.verdict, tone=tone)

    def _draw_timeline(self, item: ReviewItem) -> None:
        _ = self._tr
        selections = [
            index for index, entry in enumerate(item.timeline) if entry.kind is TimelineKind.SELECT
        ]
        last = selections[-1] if selections else None
        rows = [
            self._row(entry, _, final=index == last) for index, entry in enumerate(item.timeline)
        ]
        self.timeline.set_rows(rows, bold=[last] if last is not None else [])
        events = [self._row(entry, _, whole=True) for entry in self._review.attempt_events]
        self.events.set_rows(events)

    def _row(
        self, entry: TimelineEntry, _: Gettext, *, final: bool = False, whole: bool = False
    ) -> tuple[str, str, str]:
        what = event_text(entry, _, final=final)
        if whole and entry.position is not None:
            what = _(AT_QUESTION).format(number=entry.position + 1, event=what)
        return (self._time(entry.at, seconds=True), clock_text(entry.consumed_s), what)

    def _draw_finding(self) -> None:
        _ = self._tr
        item = self._items.get(self._current)
        if item is None:
            return
        self._drawing = True
        draft = self._drafts.get(self._current, Draft())
        set_text(
            self.finding_heading,
            _("Finding on question {number}").format(number=item.position + 1),
        )
        names = {
            NOT_EXAMINED: _("Not examined"),
            NO_FAULT: _("No technical fault"),
            FAULT: _("Technical fault confirmed"),
        }
        for state, choice in self.state_buttons.items():
            chosen = state == draft.state
            text = f"✓ {names[state]}" if chosen else names[state]
            choice.show_text(text, names[state], current=chosen)
        if self.finding_text.toPlainText() != draft.text:
            self.finding_text.setPlainText(draft.text)
        fault = draft.state == FAULT
        editable = not self.read_only
        for choice in self.state_buttons.values():
            choice.setEnabled(editable)
        self.finding_text.setReadOnly(not editable)
        self.finding_text.setEnabled(draft.state != NOT_EXAMINED or not editable)
        for index, box in enumerate(self.established_boxes):
            if index < len(item.options):
                option = item.options[index]
                ticked = option.key in draft.established
                box.setChecked(ticked)
                set_text(
                    box,
                    f"✓ {option.letter}" if ticked else option.letter,
                    _("Option {letter}: {text}").format(letter=option.letter, text=option.text),
                )
                set_state(box, current=ticked)
                box.setEnabled(fault and editable)
                box.show()
            else:
                box.setChecked(False)
                box.hide()
        for widget in (self.established_caption, self.established_hint):
            widget.setEnabled(fault and editable)
        self._drawing = False

    def _draw_score(self) -> None:
        _ = self._tr
        review = self._review
        if self.read_only:
            new = self._appeal.new_score if self._appeal.new_score is not None else review.score
        else:
            new = self._score
        set_text(
            self.score_line,
            _("Score after findings: {new} (was {old})").format(
                new="—" if new is None else new, old=review.score
            ),
        )
        findings = self.findings()
        faults = [str(finding.position + 1) for finding in findings if finding.fault]
        clean = [str(finding.position + 1) for finding in findings if not finding.fault]
        lines = []
        if new is not None:
            lines.append(
                _("Threshold {threshold}: {verdict}").format(
                    threshold=review.threshold,
                    verdict=_(MEETS if new >= review.threshold else DOES_NOT_MEET),
                )
            )
        if self._score_error is not None:
            lines.append(message_text(self._score_error, _))
        set_text(self.score_note, "\n".join(lines))
        set_text(
            self.findings_list,
            "\n".join(
                (
                    _("Fault confirmed: {questions}").format(questions=", ".join(faults) or "—"),
                    _("No fault: {questions}").format(questions=", ".join(clean) or "—"),
                )
            ),
        )
        decided = self.read_only
        self.summary.setReadOnly(decided)
        if decided and self.summary.toPlainText() != self._appeal.summary:
            self.summary.setPlainText(self._appeal.summary)
        self.decide_button.setVisible(not decided)
        self.decide_button.setEnabled(self._appeal.heard_at is not None)

    def _draw_messages(self) -> None:
        _ = self._tr
        self.error_box.set_message(message_text(self._error, _) if self._error else "")
        appeal = self._appeal
        text = ""
        if appeal.status is not AppealStatus.FILED and appeal.decided_at is not None:
            satisfied = appeal.status is AppealStatus.SATISFIED
            text = _(DECIDED_SATISFIED if satisfied else DECIDED_REJECTED).format(
                time=self._time(appeal.decided_at),
                old=appeal.old_score,
                new=appeal.new_score if appeal.new_score is not None else appeal.old_score,
                total=appeal.max_score,
            )
        self.decided_box.set_message(text)
        self.not_heard.set_message(
            _(NOT_HEARD_NOTE) if appeal.heard_at is None and not self.read_only else ""
        )
