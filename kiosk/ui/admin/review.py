"""The review queue: versions sent for review, read as the candidate will see them, decided.

The queue lists the submitted versions, oldest first (question, section, author, when sent).
The chosen one is shown read-only on the candidate's screen
(:class:`~kiosk.ui.admin.preview.QuestionPreview`) with its key listed under it, its source and
tags, and its history.  The reviewer approves it (a comment is optional) or returns it for rework
(a comment is required: the button waits for one, and the service refuses a blank one too).

The two-person rule is the service's: whoever wrote or edited a version may not approve it.  A
refusal is shown in the reviewer's language, and nothing in the queue changes.  After a decision
the queue reloads and :attr:`ReviewPage.decided` is emitted with the version's id.

Deciding needs ``APPROVE_BANK``: an actor without it (a bank editor) sees the queue and the
versions, but no comment field and no decision buttons, only a note saying who decides.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.bank_views import QuestionRow, SectionView, VersionView
from kiosk.services.views import in_language
from kiosk.ui.admin.editor import refusal_text
from kiosk.ui.admin.history import (
    ACTION_NAMES,
    Column,
    RecordTableModel,
    comment_line,
    format_time,
    record_table,
)
from kiosk.ui.admin.ports import Bank
from kiosk.ui.admin.preview import QuestionPreview
from kiosk.ui.candidate.base import Screen
from kiosk.ui.widgets import MessageBox, button, label, scroll_area, set_text
from question_bank.lifecycle import LifecycleRefused
from translations import N_, Translator

#: Said when "Return for rework" is asked for without a comment.
COMMENT_NEEDED = N_("Say what must change: returning a question needs a comment.")
#: Decisions, for the message shown after one.
APPROVED = "approved"
RETURNED = "returned"


def queue_columns(
    sections: dict[str, SectionView], timezone: tzinfo | None
) -> list[Column[QuestionRow]]:
    """The queue's columns: question, section, author, sent for review."""

    def section(row: QuestionRow, tr: Translator) -> str:
        found = sections.get(row.section)
        return in_language(dict(found.title), tr.language) if found else row.section

    return [
        Column(N_("Question"), lambda r, _tr: r.uid),
        Column(N_("Section"), section),
        Column(N_("Author"), lambda r, _tr: r.author),
        Column(N_("Sent"), lambda r, _tr: format_time(r.updated_at, timezone)),
    ]


class ReviewPage(Screen):
    """Versions waiting for review; approve or return the chosen one.

    ``actor`` is the reviewer, in whose name every decision is made.
    """

    #: A version was approved or returned (its id).
    decided = Signal(int)

    def __init__(
        self,
        bank: Bank,
        actor: Actor,
        translator: Translator,
        parent: QWidget | None = None,
        *,
        timezone: tzinfo | None = None,
    ) -> None:
        super().__init__(translator, parent)
        self.setObjectName("reviewPage")
        self._bank = bank
        self._actor = actor
        self._may_decide = actor.may(Permission.APPROVE_BANK)
        self._timezone = timezone
        self._sections: dict[str, SectionView] = {}
        self._version: VersionView | None = None
        self._history: list[VersionView] = []
        #: Why the last decision was refused: the service's refusal, or a catalogue message.
        self._refusal: LifecycleRefused | NotPermitted | str | None = None
        self._outcome: tuple[str, str, int] | None = None

        self.title = label("pageTitle", name="reviewTitle")
        self.count = label("muted", name="reviewCount")
        self.queue_model: RecordTableModel[QuestionRow] = RecordTableModel(
            queue_columns(self._sections, timezone),
            translator,
            self,
            tooltip=lambda r, tr: in_language(dict(r.stem), tr.language),
        )
        self.queue = record_table("reviewQueue", self.queue_model, stretch=(1, 2))
        self.queue.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.heading = label("heading", name="reviewHeading")
        self.preview = QuestionPreview(translator, show_key=True)
        self.details = label(name="reviewDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_caption = label("fieldCaption", wrap=False, name="reviewHistoryCaption")
        # The history as lines of text: they wrap in the narrow column, where a table would
        # cut its columns off.
        self.history = label(name="reviewHistory")
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_scroll = scroll_area(self.history)
        self.history_scroll.setObjectName("reviewHistoryScroll")
        self.comment_caption = label("fieldCaption", wrap=False, name="commentCaption")
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("reviewComment")
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(self.comment.fontMetrics().lineSpacing() * 3 + 18)
        self.comment.textChanged.connect(self._draw_buttons)
        self.comment_caption.setBuddy(self.comment)
        self.approve_button = button("primary", name="approveVersion")
        self.return_button = button("danger", name="returnVersion")
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_for_rework)
        self.error = MessageBox("error", name="reviewError")
        self.notice = MessageBox("good", name="reviewNotice")
        self.empty = label("muted", name="reviewEmpty")
        self.decide_note = label("muted", name="reviewDecideNote")

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.title)
        left.addWidget(self.count)
        left.addWidget(self.queue, 3)
        left.addWidget(self.details)
        left.addWidget(self.history_caption)
        left.addWidget(self.history_scroll, 2)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(self.heading)
        right.addWidget(self.empty)
        right.addWidget(self.preview, 1)
        decision = QHBoxLayout()
        decision.setSpacing(8)
        comment_column = QVBoxLayout()
        comment_column.setSpacing(2)
        comment_column.addWidget(self.comment_caption)
        comment_column.addWidget(self.comment)
        decision.addLayout(comment_column, 1)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        decision.addLayout(buttons)
        right.addLayout(decision)
        right.addWidget(self.decide_note)
        # Only an approver is offered the decision; the service refuses anyone else anyway.
        for widget in (
            self.comment_caption,
            self.comment,
            self.approve_button,
            self.return_button,
        ):
            widget.setVisible(self._may_decide)
        self.decide_note.setVisible(not self._may_decide)
        right.addWidget(self.error)
        right.addWidget(self.notice)
        for box in (self.error, self.notice):
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        # A page takes the size the window gives it (offscreen Qt warns about a minimum).
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addLayout(body)
        self.retranslate()
        self.refresh()

    # -- the queue -----------------------------------------------------------------------------

    @property
    def version(self) -> VersionView | None:
        """The version shown (None while the queue is empty)."""
        return self._version

    @property
    def rows(self) -> list[QuestionRow]:
        """The queue as listed."""
        return self.queue_model.records

    def refresh(self) -> None:
        """Reload the queue, keeping the version shown when it still waits."""
        keep = self._version.version_id if self._version else None
        self._sections.clear()
        self._sections.update({s.code: s for s in self._bank.sections(self._actor)})
        self.preview.set_sections({code: s.title for code, s in self._sections.items()})
        rows = self._bank.review_queue(self._actor)
        self.queue_model.set_records(rows)
        ids = [row.version_id for row in rows]
        self._version = None
        if rows:
            self.select_row(ids.index(keep) if keep in ids else 0)
        else:
            self._show(None)
        self._draw_count()

    def select_row(self, row: int) -> None:
        """Show the queue's row ``row``."""
        self.queue.selectRow(row)
        index = self.queue_model.index(row, 0)
        self.queue.setCurrentIndex(index)
        if self._version is None or self._version.version_id != self.rows[row].version_id:
            self._row_chosen(index, QModelIndex())

    def select_version(self, version_id: int) -> None:
        """Show the queued version ``version_id``."""
        ids = [row.version_id for row in self.rows]
        self.select_row(ids.index(version_id))

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.queue_model.record(current.row())
        if self._version is not None and self._version.version_id == row.version_id:
            return
        try:
            version = self._bank.version(self._actor, row.version_id)
        except LookupError:
            self.refresh()
            return
        self._refusal = None
        self.comment.clear()
        self._show(version)

    def _show(self, version: VersionView | None) -> None:
        self._version = version
        self._history = self._bank.history(self._actor, version.uid) if version else []
        if version is not None:
            language = self.preview.language
            self.preview.show(version, language)
        else:
            self.preview.clear()
        self.preview.setVisible(version is not None)
        self._draw_version()
        self._draw_buttons()
        self._draw_messages()

    # -- decisions -----------------------------------------------------------------------------

    def approve(self) -> VersionView | None:
        """Approve the version shown, with the comment if any."""
        version = self._version
        if version is None:
            return None
        try:
            approved = self._bank.approve(
                self._actor, version.version_id, self.comment.toPlainText().strip()
            )
        except (LifecycleRefused, NotPermitted) as refusal:
            self._refused(refusal)
            return None
        except LookupError:
            self.refresh()
            return None
        self._decided(APPROVED, approved)
        return approved

    def return_for_rework(self) -> VersionView | None:
        """Return the version shown to its author, with the comment (which must be written)."""
        version = self._version
        if version is None:
            return None
        comment = self.comment.toPlainText().strip()
        if not comment:
            self._refusal = COMMENT_NEEDED
            self._outcome = None
            self._draw_messages()
            self.comment.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        try:
            returned = self._bank.return_for_rework(self._actor, version.version_id, comment)
        except (LifecycleRefused, NotPermitted) as refusal:
            self._refused(refusal)
            return None
        except LookupError:
            self.refresh()
            return None
        self._decided(RETURNED, returned)
        return returned

    def _refused(self, refusal: LifecycleRefused | NotPermitted) -> None:
        self._refusal = refusal
        self._outcome = None
        self._draw_messages()

    def _decided(self, kind: str, version: VersionView) -> None:
        self._refusal = None
        self._outcome = (kind, version.uid, version.number)
        self.comment.clear()
        self._version = None
        self.refresh()
        self._draw_messages()
        self.decided.emit(version.version_id)

    @property
    def error_text(self) -> str:
        """The refusal shown ("" when none)."""
        return self.error.text() if not self.error.isHidden() else ""

    @property
    def notice_text(self) -> str:
        """The decision just made, as shown ("" when none)."""
        return self.notice.text() if not self.notice.isHidden() else ""

    def take_focus(self) -> None:
        """Give the keyboard to the queue."""
        self.queue.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- drawing -------------------------------------------------------------------------------

    def retranslate(self, translator: Translator | None = None) -> None:
        """Draw every text in the interface language (``translator``, if given, from now on)."""
        if translator is not None:
            self._tr = translator
        _ = self._tr
        self.queue_model.set_translator(self._tr)
        self.preview.retranslate(self._tr)
        set_text(self.title, _("Review queue"))
        self.queue.setAccessibleName(_("Questions waiting for review"))
        set_text(self.history_caption, _("History"))
        self.history.setAccessibleName(_("History"))
        set_text(self.comment_caption, _("Comment (required when returning)"))
        self.comment.setAccessibleName(_("Comment"))
        self.comment.setPlaceholderText(_("What is right, or what must change"))
        set_text(self.approve_button, _("Approve"))
        set_text(self.return_button, _("Return for rework"))
        set_text(self.empty, _("Nothing waits for review."))
        set_text(
            self.decide_note,
            _(
                "A question approver approves or returns these questions: your account's roles "
                "do not allow it."
            ),
        )
        self._draw_count()
        self._draw_version()
        self._draw_messages()

    def _draw_count(self) -> None:
        _ = self._tr
        set_text(
            self.count, _("Waiting for review: {count}").format(count=len(self.queue_model.records))
        )

    def _draw_version(self) -> None:
        _ = self._tr
        version = self._version
        self.empty.setVisible(version is None)
        self.heading.setVisible(version is not None)
        self.details.setVisible(version is not None)
        for widget in (self.history_caption, self.history_scroll):
            widget.setVisible(version is not None)
        if version is None:
            return
        set_text(self.history, "\n".join(self.history_lines()))
        bar = self.history_scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
        question = version.question
        section = self._sections.get(question.section)
        title = in_language(dict(section.title), self._tr.language) if section else question.section
        set_text(
            self.heading,
            _("{uid}, version {number}: {section}").format(
                uid=version.uid, number=version.number, section=title
            ),
        )
        lines = [
            _("Source: {source}").format(source=question.source or "—"),
            _("Tags: {tags}").format(tags=", ".join(question.tags) or "—"),
        ]
        if question.multiple:
            lines.append(_("Several correct answers"))
        if not question.shuffle_options:
            lines.append(_("The options keep their order"))
        set_text(self.details, "\n".join(lines))

    def history_lines(self) -> list[str]:
        """The question's history as shown: one line per event, oldest first, comments quoted."""
        _ = self._tr
        lines = []
        for version in self._history:
            for event in version.events:
                lines.append(
                    _("Version {number}: {action} — {actor}, {time}").format(
                        number=version.number,
                        action=_(ACTION_NAMES[event.action]),
                        actor=event.actor,
                        time=format_time(event.at, self._timezone),
                    )
                )
                if comment_line(event):
                    lines.append(comment_line(event))
        return lines

    def _draw_buttons(self) -> None:
        shown = self._version is not None
        self.approve_button.setEnabled(shown)
        # Returning needs a comment: the button waits for one.
        self.return_button.setEnabled(shown and bool(self.comment.toPlainText().strip()))
        self.comment.setEnabled(shown)

    def _draw_messages(self) -> None:
        _ = self._tr
        refusal = self._refusal
        if refusal is None:
            self.error.set_message("")
        elif isinstance(refusal, str):
            self.error.set_message(_(refusal))
        else:
            self.error.set_message(refusal_text(refusal, _))
        if self._outcome is None or refusal is not None:
            self.notice.set_message("")
            return
        kind, uid, number = self._outcome
        message = (
            _("Approved: {uid}, version {number}.")
            if kind == APPROVED
            else _("Returned for rework: {uid}, version {number}.")
        )
        self.notice.set_message(message.format(uid=uid, number=number))
