"""A question's history: its versions, what happened to each, and what changed between two.

The versions are listed with their number, status, author, approver and dates; choosing one
lists its events (action, who, when, comment).  Below, any two versions are compared side by
side, field by field, with the changed words marked: the comparison itself is
:func:`question_bank.diff.question_diff`, plain Python; this page only draws it.

The table model (:class:`RecordTableModel`: frozen records in, translated cells out) and the
names of statuses and actions are shared with the review queue.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor
from kiosk.services.bank_views import VersionView
from kiosk.ui.admin.ports import Bank
from kiosk.ui.admin.tables import Index, ReadOnlyTableModel
from kiosk.ui.candidate.base import Screen
from kiosk.ui.theme import NORMAL, Theme
from kiosk.ui.widgets import button, label, scroll_area, set_text
from question_bank.diff import NO, YES, FieldChange, Span, changed_only, question_diff
from question_bank.lifecycle import Action, LifecycleEvent, Status
from translations import N_, Translator

R = TypeVar("R")

#: How each status is called on screen.
STATUS_NAMES: dict[Status, str] = {
    Status.DRAFT: N_("Draft"),
    Status.SUBMITTED: N_("Submitted"),
    Status.APPROVED: N_("Approved"),
    Status.RETIRED: N_("Retired"),
}
#: How each event of a version's history is called on screen.
ACTION_NAMES: dict[Action, str] = {
    Action.CREATED: N_("Written"),
    Action.EDITED: N_("Edited"),
    Action.IMPORTED: N_("Imported"),
    Action.SUBMITTED: N_("Sent for review"),
    Action.RETURNED: N_("Returned for rework"),
    Action.APPROVED: N_("Approved"),
    Action.RETIRED: N_("Retired"),
}
#: The content languages, for field names: "Question (in Kyrgyz)".
CONTENT_LANGUAGE_NAMES: dict[str, str] = {"ky": N_("in Kyrgyz"), "ru": N_("in Russian")}
#: How many versions the table shows before it scrolls.
MAX_VERSION_ROWS = 5
#: How many lines of events show before they scroll.
MAX_EVENT_LINES = 5
#: One event of a version's history as a line.
EVENT_LINE = N_("{action} — {actor}, {time}")
NO_VALUE = "—"
TIME_FORMAT = "%d.%m.%Y %H:%M"


def format_time(moment: datetime | None, timezone: tzinfo | None = None) -> str:
    """A moment as ``23.11.2026 09:30`` in ``timezone`` (the computer's own when None)."""
    if moment is None:
        return NO_VALUE
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone)
    return moment.strftime(TIME_FORMAT)


def language_name(language: str, translate: Callable[[str], str]) -> str:
    """A content language's name in the interface language."""
    name = CONTENT_LANGUAGE_NAMES.get(language)
    return translate(name) if name else language


def field_name(field: str, translate: Callable[[str], str]) -> str:
    """A compared field's name in the interface language: "Option b (Russian)"."""
    _ = translate
    base, _bracket, language = field.partition("[")
    language = language.rstrip("]")
    names = {
        "section": N_("Section"),
        "scenario": N_("Situation"),
        "options": N_("Options, in written order"),
        "key": N_("Correct answer"),
        "multiple": N_("Several correct answers"),
        "shuffle": N_("Options shuffled"),
        "source": N_("Source"),
        "tags": N_("Tags"),
        "images": N_("Pictures"),
    }
    if language:
        where = language_name(language, _)
        if base == "stem":
            return _("Question ({language})").format(language=where)
        if base == "scenario":
            return _("Situation ({language})").format(language=where)
        if base.startswith("option "):
            return _("Option {key} ({language})").format(key=base[7:], language=where)
    if base in names:
        return _(names[base])
    return field


def version_events(version: VersionView, action: Action) -> LifecycleEvent | None:
    """The last event of ``action`` in a version's history."""
    return next((e for e in reversed(version.events) if e.action is action), None)


def author_of(version: VersionView) -> str:
    """Who wrote (or imported) the version."""
    first = next(
        (e for e in version.events if e.action in (Action.CREATED, Action.EDITED, Action.IMPORTED)),
        None,
    )
    return first.actor if first else NO_VALUE


@dataclass(frozen=True)
class Column(Generic[R]):
    """A table column: its header (a catalogue message) and how a record fills its cell."""

    header: str
    cell: Callable[[R, Translator], str]


class RecordTableModel(ReadOnlyTableModel[R]):
    """Frozen records as a read-only table, one row each, with translated cells and headers."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        translator: Translator,
        parent: QObject | None = None,
        *,
        tooltip: Callable[[R, Translator], str] | None = None,
    ) -> None:
        super().__init__([column.header for column in columns], translator, parent)
        self._columns = list(columns)
        self._tooltip = tooltip

    @property
    def records(self) -> list[R]:
        """The records shown, in order."""
        return list(self._rows)

    def record(self, row: int) -> R:
        """The record of row ``row``."""
        return self._rows[row]

    def set_records(self, records: Sequence[R]) -> None:
        """Show ``records``."""
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """A cell's text (and, for the whole row, its tooltip)."""
        record = self.record_at(index)
        if record is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[index.column()].cell(record, self._tr)
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(record, self._tr)
        return None


def record_table(
    name: str, model: QAbstractTableModel, stretch: Sequence[int] = (-1,)
) -> QTableView:
    """A read-only table of whole rows, one selected at a time.

    Columns are as wide as their contents, except the ``stretch`` ones (the last one unless
    given), which share the room left and shorten their texts with "…".
    """
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(
            column % max(1, model.columnCount()), QHeaderView.ResizeMode.Stretch
        )
    return table


def version_columns(timezone: tzinfo | None) -> list[Column[VersionView]]:
    """The versions table: number, status, author, approver, written, approved."""

    def approver(version: VersionView, _tr: Translator) -> str:
        event = version_events(version, Action.APPROVED)
        return event.actor if event else NO_VALUE

    def approved_at(version: VersionView, _tr: Translator) -> str:
        event = version_events(version, Action.APPROVED)
        return format_time(event.at if event else None, timezone)

    def written_at(version: VersionView, _tr: Translator) -> str:
        return format_time(version.events[0].at if version.events else None, timezone)

    return [
        Column(N_("Version"), lambda v, _tr: str(v.number)),
        Column(N_("Status"), lambda v, tr: tr(STATUS_NAMES[v.status])),
        Column(N_("Author"), lambda v, _tr: author_of(v)),
        Column(N_("Approved by"), approver),
        Column(N_("Written on"), written_at),
        Column(N_("Approved on"), approved_at),
    ]


def event_line(
    event: LifecycleEvent, translate: Callable[[str], str], timezone: tzinfo | None
) -> str:
    """One event as a line: "Approved — Садыков Эркин, 23.11.2026 09:30"."""
    return translate(EVENT_LINE).format(
        action=translate(ACTION_NAMES[event.action]),
        actor=event.actor,
        time=format_time(event.at, timezone),
    )


def comment_line(event: LifecycleEvent) -> str:
    """An event's comment as a quoted, indented line ("" when it has none)."""
    comment = " ".join(event.comment.split())
    return f"    «{comment}»" if comment else ""


def fit_rows(table: QTableView, max_rows: int) -> None:
    """Make a table as tall as its rows (up to ``max_rows``, then it scrolls)."""
    rows = max(1, min(table.model().rowCount(), max_rows))
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.verticalHeader().sectionSizeHint(row) for row in range(rows))
    table.setFixedHeight(height + 2)


def spans_html(spans: Sequence[Span], changed_style: str) -> str:
    """Spans as rich text, the changed ones styled; line breaks kept."""
    parts = []
    for span in spans:
        text = html.escape(span.text).replace("\n", "<br>")
        parts.append(f'<span style="{changed_style}">{text}</span>' if span.changed else text)
    return "".join(parts)


def diff_styles(theme: Theme = NORMAL) -> tuple[str, str]:
    """How removed words (old side) and added words (new side) are marked."""
    del theme  # one marking in both themes: strong backgrounds, and a strike for removed words
    removed = "background-color:#f5b7b0; color:#5c0f08; text-decoration:line-through;"
    added = "background-color:#b5e3c1; color:#0b3d1b; font-weight:bold;"
    return removed, added


class HistoryPage(Screen):
    """A question's versions and events, and a comparison of two of its versions."""

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
        self.setObjectName("historyPage")
        self._bank = bank
        self._actor = actor
        self._timezone = timezone
        self._uid = ""
        self._versions: list[VersionView] = []
        self._changes: list[FieldChange] = []

        self.title = label("pageTitle", name="historyTitle")
        self.versions_caption = label("heading", wrap=False, name="versionsCaption")
        self.versions_model: RecordTableModel[VersionView] = RecordTableModel(
            version_columns(timezone), translator, self
        )
        self.versions_table = record_table("versionsTable", self.versions_model, stretch=(2, 3))
        self.versions_table.selectionModel().currentRowChanged.connect(self._version_chosen)
        self.events_caption = label("heading", wrap=False, name="eventsCaption")
        # The chosen version's events as lines of text, which wrap in a narrow column.
        self.events = label(name="versionEvents")
        self.events.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.events.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.events_scroll = scroll_area(self.events)
        self.events_scroll.setObjectName("versionEventsScroll")

        self.compare_caption = label("heading", wrap=False, name="compareCaption")
        self.old_choice = QComboBox()
        self.old_choice.setObjectName("oldVersion")
        self.new_choice = QComboBox()
        self.new_choice.setObjectName("newVersion")
        self.with_label = label(wrap=False, name="compareWith")
        self.only_changes = QCheckBox()
        self.only_changes.setObjectName("onlyChanges")
        self.only_changes.setChecked(True)
        self.swap_button = button("tool", name="swapVersions")
        self.swap_button.clicked.connect(self.swap)
        for choice in (self.old_choice, self.new_choice):
            # Versions get their names after the list is shown: follow their length.
            choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            choice.currentIndexChanged.connect(self._draw_diff)
        self.only_changes.toggled.connect(self._draw_diff)
        self.diff_note = label("muted", name="diffNote")
        self.diff_holder = QWidget()
        self.diff_holder.setObjectName("diffHolder")
        self.diff_grid = QGridLayout(self.diff_holder)
        self.diff_grid.setContentsMargins(0, 0, 8, 0)
        self.diff_grid.setHorizontalSpacing(14)
        self.diff_grid.setVerticalSpacing(6)
        self.diff_scroll = scroll_area(self.diff_holder)
        self.diff_scroll.setObjectName("diffScroll")
        self.diff_labels: list[tuple[QLabel, QLabel, QLabel]] = []
        self._stretch_row = 0

        # One above the other, each as tall as its content (up to a few rows, then it
        # scrolls): the versions table needs the page's width for its six columns, and the
        # comparison below gets the room left.
        top = QVBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.versions_caption)
        top.addWidget(self.versions_table)
        top.addSpacing(4)
        top.addWidget(self.events_caption)
        top.addWidget(self.events_scroll)
        compare = QHBoxLayout()
        compare.setSpacing(8)
        compare.addWidget(self.compare_caption)
        compare.addWidget(self.old_choice)
        compare.addWidget(self.with_label)
        compare.addWidget(self.new_choice)
        compare.addWidget(self.swap_button)
        compare.addStretch(1)
        compare.addWidget(self.only_changes)
        column = QVBoxLayout(self)
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addLayout(top)
        column.addSpacing(6)
        column.addLayout(compare)
        column.addWidget(self.diff_note)
        column.addWidget(self.diff_scroll, 1)
        self.retranslate()

    # -- showing -------------------------------------------------------------------------------

    @property
    def uid(self) -> str:
        """The question shown."""
        return self._uid

    @property
    def changes(self) -> list[FieldChange]:
        """The compared fields as drawn (only the changed ones when so chosen)."""
        return list(self._changes)

    def show_question(self, uid: str) -> None:
        """Show ``uid``'s versions; its latest version's events; its two latest compared."""
        self._uid = uid
        self._versions = self._bank.history(self._actor, uid)
        self.versions_model.set_records(self._versions)
        for choice in (self.old_choice, self.new_choice):
            choice.blockSignals(True)
            choice.clear()
            for version in self._versions:
                choice.addItem("", version.version_id)
        count = len(self._versions)
        self.old_choice.setCurrentIndex(max(0, count - 2))
        self.new_choice.setCurrentIndex(max(0, count - 1))
        for choice in (self.old_choice, self.new_choice):
            choice.blockSignals(False)
        fit_rows(self.versions_table, MAX_VERSION_ROWS)
        if count:
            self.versions_table.selectRow(count - 1)
        self.retranslate()

    def refresh(self) -> None:
        """Reload the question shown (its history may have grown)."""
        if self._uid:
            self.show_question(self._uid)

    def compare(self, old_number: int, new_number: int) -> None:
        """Compare the versions numbered ``old_number`` and ``new_number``."""
        numbers = [v.number for v in self._versions]
        self.old_choice.setCurrentIndex(numbers.index(old_number))
        self.new_choice.setCurrentIndex(numbers.index(new_number))

    def swap(self) -> None:
        """Swap the two versions compared."""
        old, new = self.old_choice.currentIndex(), self.new_choice.currentIndex()
        self.old_choice.blockSignals(True)
        self.old_choice.setCurrentIndex(new)
        self.old_choice.blockSignals(False)
        self.new_choice.setCurrentIndex(old)
        self._draw_diff()

    def _version_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._draw_events()

    @property
    def chosen_version(self) -> VersionView | None:
        """The version whose events are listed."""
        current = self.versions_table.currentIndex()
        if not current.isValid() or not self._versions:
            return None
        return self.versions_model.record(current.row())

    def event_lines(self) -> list[str]:
        """The chosen version's events as listed: one line each, a comment on its own line."""
        version = self.chosen_version
        if version is None:
            return []
        lines = []
        for event in version.events:
            lines.append(event_line(event, self._tr, self._timezone))
            if comment_line(event):
                lines.append(comment_line(event))
        return lines

    def take_focus(self) -> None:
        """Give the keyboard to the versions table."""
        self.versions_table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- drawing -------------------------------------------------------------------------------

    def retranslate(self, translator: Translator | None = None) -> None:
        """Draw every text in the interface language (``translator``, if given, from now on)."""
        if translator is not None:
            self._tr = translator
        _ = self._tr
        self.versions_model.set_translator(self._tr)
        if self._uid:
            set_text(self.title, _("History of question {uid}").format(uid=self._uid))
        else:
            set_text(self.title, _("History of a question"))
        set_text(self.versions_caption, _("Versions"))
        self.versions_table.setAccessibleName(_("Versions"))
        self.events.setAccessibleName(_("What happened"))
        set_text(self.compare_caption, _("Compare version"))
        set_text(self.with_label, _("with version"))
        self.old_choice.setAccessibleName(_("Older version"))
        self.new_choice.setAccessibleName(_("Newer version"))
        set_text(self.swap_button, "⇄", _("Swap the versions"))
        self.swap_button.setToolTip(_("Swap the versions"))
        self.only_changes.setText(_("Only what changed"))
        for choice in (self.old_choice, self.new_choice):
            for index, version in enumerate(self._versions):
                choice.setItemText(
                    index,
                    _("{number} ({status})").format(
                        number=version.number, status=_(STATUS_NAMES[version.status])
                    ),
                )
        self._draw_events()
        self._draw_diff()

    def _draw_events(self) -> None:
        _ = self._tr
        version = self.chosen_version
        if version is not None:
            set_text(
                self.events_caption,
                _("What happened to version {number}").format(number=version.number),
            )
        else:
            set_text(self.events_caption, _("What happened"))
        set_text(self.events, "\n".join(self.event_lines()))
        # As tall as the lines, up to a few; more scroll.
        lines = max(1, min(MAX_EVENT_LINES, len(self.event_lines())))
        self.events_scroll.setFixedHeight(self.events.fontMetrics().lineSpacing() * lines + 6)

    def _chosen(self, choice: QComboBox) -> VersionView | None:
        index = choice.currentIndex()
        return self._versions[index] if 0 <= index < len(self._versions) else None

    def _draw_diff(self) -> None:
        _ = self._tr
        for row in self.diff_labels:
            for widget in row:
                self.diff_grid.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        self.diff_labels = []
        old, new = self._chosen(self.old_choice), self._chosen(self.new_choice)
        enough = len(self._versions) > 1
        for control in (self.old_choice, self.new_choice, self.swap_button, self.only_changes):
            control.setEnabled(enough)
        if old is None or new is None:
            self._changes = []
            set_text(self.diff_note, _("Choose a question in the bank to see its history."))
            return
        changes = question_diff(
            old.question, new.question, old_scenario=old.scenario, new_scenario=new.scenario
        )
        shown = changed_only(changes) if self.only_changes.isChecked() else changes
        self._changes = shown
        if not enough:
            set_text(self.diff_note, _("This question has one version: nothing to compare."))
        elif old.version_id == new.version_id:
            set_text(self.diff_note, _("The same version is chosen twice."))
        elif not changed_only(changes):
            set_text(self.diff_note, _("The two versions do not differ."))
        else:
            set_text(
                self.diff_note,
                _("Removed words are struck through, added words are in bold."),
            )
        if not enough:
            return
        removed, added = diff_styles()
        headers = (
            "",
            _("Version {number}").format(number=old.number),
            _("Version {number}").format(number=new.number),
        )
        header_labels = tuple(label("fieldCaption", wrap=False) for _h in headers)
        for column, (widget, text) in enumerate(zip(header_labels, headers, strict=True)):
            set_text(widget, text)
            self.diff_grid.addWidget(widget, 0, column)
        self.diff_labels.append(header_labels)  # type: ignore[arg-type]
        for row, change in enumerate(shown, start=1):
            name = label("fieldCaption", name=f"diffField-{change.field}")
            set_text(name, field_name(change.field, _))
            cells = []
            for spans, value, style in (
                (change.old_spans, change.old, removed),
                (change.new_spans, change.new, added),
            ):
                cell = QLabel()
                cell.setWordWrap(True)
                cell.setTextFormat(Qt.TextFormat.RichText)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cell.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                cell.setText(self._cell_html(change, spans, value, style))
                cell.setAccessibleName(value or NO_VALUE)
                cells.append(cell)
            self.diff_grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.diff_grid.addWidget(cells[0], row, 1)
            self.diff_grid.addWidget(cells[1], row, 2)
            self.diff_labels.append((name, cells[0], cells[1]))
        self.diff_grid.setColumnStretch(0, 0)
        self.diff_grid.setColumnStretch(1, 1)
        self.diff_grid.setColumnStretch(2, 1)
        self.diff_grid.setRowStretch(self._stretch_row, 0)
        self._stretch_row = len(shown) + 1
        self.diff_grid.setRowStretch(self._stretch_row, 1)

    def _cell_html(self, change: FieldChange, spans: Sequence[Span], value: str, style: str) -> str:
        _ = self._tr
        if not value:
            return f'<span style="color:{NORMAL.muted};">{NO_VALUE}</span>'
        if change.field in ("multiple", "shuffle"):
            word = {YES: _("yes"), NO: _("no")}.get(value, value)
            return f'<span style="{style}">{html.escape(word)}</span>' if change.changed else word
        return spans_html(spans, style)

    def diff_row_texts(self) -> list[tuple[str, str, str]]:
        """The comparison as drawn: (field name, old cell, new cell) as plain text."""
        return [
            (name.text(), old.accessibleName(), new.accessibleName())
            for name, old, new in self.diff_labels[1:]
        ]
