"""The "technical problem" dialog of the test screen: what is wrong, a short note, Send or Cancel.

Like :class:`~kiosk.ui.widgets.ConfirmOverlay` it is a panel drawn over the test (a separate
window could slip behind a full-screen station), shown and answered through signals, never
``exec()``-ed, in the candidate screens' own large type.  It covers the test screen only: the top
bar's language, text size and contrast stay at hand.  The candidate picks one kind of problem
(Send waits for one), may add a few words, and sends; the screen behind reports it and then
turns the dialog to its calm confirmation, which says the test goes on and the time keeps
running.  The time left is shown inside the dialog too, since the clock behind it is dimmed.

Keys: Up and Down move between the kinds (choosing as they go, like radio buttons), Enter or
Space chooses the kind in focus, Enter in the note sends, Esc cancels; on the confirmation, Enter,
Space or Esc goes back to the test.  While the dialog is open the test screen takes no keys, so
digits and letters typed into the note never answer the question behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.appeal_views import ProblemKind
from kiosk.services.session_views import MAX_PROBLEM_NOTE
from kiosk.ui.theme import set_state
from kiosk.ui.widgets import (
    PANEL_MAX_WIDTH,
    RADIO_MARKS,
    button,
    center_panel,
    frame,
    glyph,
    label,
    set_text,
)
from translations import N_, Gettext

#: Each kind in the candidate's words, in the order offered.
PROBLEM_KIND_TEXTS: dict[ProblemKind, str] = {
    ProblemKind.TEXT_MISSING: N_("The question's text is missing or cut off"),
    ProblemKind.PICTURE_MISSING: N_("A picture is missing"),
    ProblemKind.SCREEN: N_("The screen shows something wrong"),
    ProblemKind.KEYBOARD: N_("The keyboard or the mouse does not work"),
    ProblemKind.OTHER: N_("Something else"),
}
#: The mark on the test screen's button (the bundled font draws it clearly at every size).
PROBLEM_GLYPH = "⚠"
#: The mark before the confirmation.
SENT_GLYPH = "✓"
#: The text size (pt) up to which the panel keeps the candidate screens' usual measure.
COMFORTABLE_PT = 20.0
#: Keys that move between the kinds.
_UP = (Qt.Key.Key_Up, Qt.Key.Key_Left)
_DOWN = (Qt.Key.Key_Down, Qt.Key.Key_Right)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ProblemDialog(QFrame):
    """Asks what is wrong and, once the report is sent, confirms it.

    :attr:`send_requested` carries the chosen kind and the note (one line, at most
    :data:`MAX_PROBLEM_NOTE` characters); the screen reports it and calls :meth:`show_sent`.
    :attr:`closed` is emitted when the candidate leaves the dialog (Cancel, Esc, or "Back to
    the test"), so that the screen can give the keyboard back.  While the dialog is shown the
    widgets ``behind`` it are disabled.
    """

    send_requested = Signal(object, str)
    closed = Signal()

    def __init__(self, parent: QWidget, behind: Sequence[QWidget]) -> None:
        super().__init__(parent)
        self.setProperty("role", "overlay")
        self.setObjectName("problemDialog")
        self._behind = tuple(behind)
        self._tr: Gettext = str
        self._sent = False
        self.panel = frame("dialog")
        self.panel.setObjectName("problemPanel")
        # A "heading", not a "title": at the largest text the dialog must fit a 768 px screen.
        self.title = label("heading", name="problemTitle")
        self.question = label(name="problemQuestion")
        self.clock = label("caption", wrap=False, name="problemTimeLeft")

        self.kinds: dict[ProblemKind, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        kind_box = QVBoxLayout()
        kind_box.setSpacing(6)
        for kind in PROBLEM_KIND_TEXTS:
            choice = button("choice", name=f"problem-{kind.value}")
            choice.setCheckable(True)
            choice.setProperty("bar", True)
            # A choice reads from its left edge, like the answer options; a little lower than a
            # bar button, so that five of them and the note fit at the largest text.
            choice.setStyleSheet("QPushButton { text-align: left; min-height: 1.15em; }")
            choice.installEventFilter(self)
            self.group.addButton(choice)
            self.kinds[kind] = choice
            kind_box.addWidget(choice)
        self.group.buttonToggled.connect(self._draw_choices)

        self.note_caption = label(name="problemNoteCaption")
        self.note = QLineEdit(objectName="problemNote")
        self.note.setMaxLength(MAX_PROBLEM_NOTE)
        # No right-click menu (paste, undo, input methods) on a candidate's screen.
        self.note.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.note_caption.setBuddy(self.note)
        self.note.returnPressed.connect(self.send)

        self.cancel = button(name="problemCancel")
        self.send_button = button("primary", name="problemSend")
        self.back = button("primary", name="problemBack")
        for control in (self.cancel, self.send_button, self.back):
            control.setProperty("bar", True)
        self.cancel.clicked.connect(self.close_dialog)
        self.send_button.clicked.connect(self.send)
        self.back.clicked.connect(self.close_dialog)
        self.back.installEventFilter(self)

        self.sent_message = label(name="problemSentMessage")

        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.back)
        title_row = QHBoxLayout()
        title_row.setSpacing(16)
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignTop)
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(32, 16, 32, 18)
        inner.setSpacing(8)
        inner.addLayout(title_row)
        inner.addWidget(self.question)
        inner.addLayout(kind_box)
        inner.addWidget(self.note_caption)
        inner.addWidget(self.note)
        inner.addWidget(self.sent_message)
        inner.addSpacing(4)
        inner.addLayout(buttons)
        center_panel(self, self.panel, (24, 8))  # its width: see _fit

        chain: list[QWidget] = [*self.kinds.values(), self.note, self.cancel, self.send_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        parent.installEventFilter(self)
        self.hide()

    # -- what the screen asks --------------------------------------------------------------------

    @property
    def sent(self) -> bool:
        """True while the confirmation is shown (the report went out)."""
        return self._sent

    def ask(self, _: Gettext) -> None:
        """Show the dialog afresh: nothing chosen, no note, the keyboard on the first kind."""
        self._tr = _
        self._sent = False
        self.group.setExclusive(False)
        for choice in self.kinds.values():
            choice.setChecked(False)
        self.group.setExclusive(True)
        self.note.clear()
        self._show_page()
        self.retranslate(_)
        self._fit()
        for widget in self._behind:
            widget.setEnabled(False)
        self.show()
        self.raise_()
        next(iter(self.kinds.values())).setFocus(Qt.FocusReason.OtherFocusReason)

    def show_sent(self) -> None:
        """The report is recorded: say so calmly, with one way back to the test."""
        self._sent = True
        self._show_page()
        self.retranslate(self._tr)
        self.back.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        """Hide without a word (the screen behind changed by itself, e.g. the time is up)."""
        if self.isVisible():
            self.hide()
            for widget in self._behind:
                widget.setEnabled(True)
        self._sent = False

    def close_dialog(self) -> None:
        """The candidate leaves the dialog: hide it, and say so."""
        was_open = self.isVisible()
        self.dismiss()
        if was_open:
            self.closed.emit()

    def chosen(self) -> ProblemKind | None:
        """The kind chosen, if any."""
        for kind, choice in self.kinds.items():
            if choice.isChecked():
                return kind
        return None

    def choose(self, kind: ProblemKind) -> None:
        """Choose ``kind`` (as a click on it does)."""
        self.kinds[kind].setChecked(True)

    def note_text(self) -> str:
        """The note as typed, without surrounding blanks."""
        return self.note.text().strip()

    def send(self) -> None:
        """Hand the chosen kind and the note to the screen (nothing without a kind)."""
        kind = self.chosen()
        if kind is None or self._sent or not self.isVisible():
            return
        self.send_requested.emit(kind, self.note_text())

    def set_time_left(self, text: str) -> None:
        """The time left as the clock behind shows it."""
        set_text(self.clock, text)

    # -- drawing ---------------------------------------------------------------------------------

    def retranslate(self, _: Gettext) -> None:
        """Draw every text in the interface language (the choice and the note stay)."""
        self._tr = _
        if self._sent:
            told = _("The proctor has been told")
            set_text(self.title, glyph(SENT_GLYPH, told), told)
            set_text(
                self.sent_message,
                _("The test goes on at the same question. Your time keeps running."),
            )
            set_text(self.back, _("Back to the test"))
        else:
            set_text(self.title, _("Technical problem"))
            set_text(self.question, _("What is wrong? Choose one."))
            set_text(self.note_caption, _("A note for the proctor (not required):"))
            self.note.setAccessibleName(_("A note for the proctor"))
            set_text(self.cancel, _("Cancel"))
            set_text(self.send_button, _("Send to the proctor"))
        self._draw_choices()

    def _draw_choices(self) -> None:
        _ = self._tr
        for kind, choice in self.kinds.items():
            text = _(PROBLEM_KIND_TEXTS[kind])
            checked = choice.isChecked()
            set_text(choice, f"{RADIO_MARKS[checked]} {text}", text)
            set_state(choice, current=checked)
        self.send_button.setEnabled(self.chosen() is not None)

    def _show_page(self) -> None:
        asking = not self._sent
        for widget in (
            self.question,
            *self.kinds.values(),
            self.note_caption,
            self.note,
            self.cancel,
            self.send_button,
        ):
            widget.setVisible(asking)
        self.sent_message.setVisible(not asking)
        self.back.setVisible(not asking)

    # -- keys and size ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc leaves the dialog."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_dialog()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the parent's size; arrows and Enter on the kinds."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
            return False
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            # Enter on "Back to the test" (our buttons take only Space by themselves).  Not in
            # keyPressEvent: the Enter that sent the note reaches the dialog after it turned.
            if watched is self.back and event.key() in _ENTER:
                self.close_dialog()
                return True
            kinds = list(self.kinds.values())
            if watched in kinds:
                index = kinds.index(watched)  # type: ignore[arg-type]
                if event.key() in _ENTER:
                    kinds[index].setChecked(True)
                    return True
                step = -1 if event.key() in _UP else 1 if event.key() in _DOWN else 0
                if step:
                    target = kinds[(index + step) % len(kinds)]
                    target.setChecked(True)
                    target.setFocus(Qt.FocusReason.TabFocusReason)
                    return True
        return False

    def changeEvent(self, event: QEvent) -> None:
        """A new text size: a new measure."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.parentWidget() is not None:
            self._fit()

    def _fit(self) -> None:
        """Cover the parent; the panel takes most of its width, up to a comfortable measure that
        grows with the text size (so that larger text wraps into no more lines)."""
        area = self.parentWidget().rect()
        self.setGeometry(area)
        measure = PANEL_MAX_WIDTH * max(1.0, self.font().pointSizeF() / COMFORTABLE_PT)
        self.panel.setFixedWidth(max(320, min(round(measure), area.width() - 60)))
