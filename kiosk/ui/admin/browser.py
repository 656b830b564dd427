"""The bank browser: every question's latest version in a sortable, filterable table.

The table is a real Qt model (:class:`QuestionTableModel` over frozen ``QuestionRow`` records)
behind a :class:`BankFilterProxy` whose acceptance is the plain-Python rule
``kiosk.services.bank_filter.matches``.  The source model is reset only when the bank's rows
actually change; choosing a filter or typing a search only re-runs the rule, and sorting reorders
rows in place (the source model sorts its own list: a proxy comparing rows through Python
``data()`` calls would be too slow for ten thousand questions).

This module also holds what every admin page shares (it is the admin window's home page): the
:class:`AdminPage` base, the :class:`DialogOverlay` in which pages ask questions with their own
translated buttons (shown over the page, never ``exec()``-ed), the status names and small helpers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import (
    QCollator,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services.bank_filter import BankFilter, known_tags, matches
from kiosk.services.bank_views import QuestionRow, SectionView
from kiosk.services.views import in_language
from kiosk.ui.admin.ports import Bank
from kiosk.ui.admin.tables import Index, ReadOnlyTableModel
from kiosk.ui.widgets import MessageBox, button, center_panel, frame, label, set_text
from question_bank.lifecycle import LifecycleRefused, Status
from translations import CONTENT_LANGUAGES, N_, Translator

#: How each status is called on screen.
STATUS_NAMES: dict[Status, str] = {
    Status.DRAFT: N_("Draft"),
    Status.SUBMITTED: N_("Submitted"),
    Status.APPROVED: N_("Approved"),
    Status.RETIRED: N_("Retired"),
}
#: The lifecycle order, for sorting by status.
STATUS_ORDER: dict[Status, int] = {status: index for index, status in enumerate(Status)}
#: Short names of the content languages, for the "Languages" column.
LANGUAGE_TAGS: dict[str, str] = {"ky": N_("KY"), "ru": N_("RU")}
#: The content languages by name, for filters and language choices.
CONTENT_LANGUAGE_NAMES: dict[str, str] = {"ky": N_("Kyrgyz"), "ru": N_("Russian")}
#: The language filter's choices.
WRITTEN_IN: dict[str, str] = {"ky": N_("Written in Kyrgyz"), "ru": N_("Written in Russian")}
#: The locale whose collation sorts texts in each interface language (Ң after Н, Ө after О …).
COLLATION_LOCALES: dict[str, str] = {"ky": "ky_KG", "ru": "ru_RU", "en": "en_US"}
NO_VALUE = "—"
#: What the bank service refused, by the permission the actor lacks: said instead of a traceback.
NOT_PERMITTED: dict[Permission, str] = {
    Permission.VIEW_BANK: N_("Your account's roles do not allow reading the question bank."),
    Permission.EDIT_BANK: N_(
        "Your account's roles do not allow changing the question bank: a question writer does that."
    ),
    Permission.APPROVE_BANK: N_(
        "Your account's roles do not allow approving, returning or retiring questions: "
        "a question approver does that."
    ),
}
#: Said for a refusal of any other permission.
NOT_PERMITTED_OTHER = N_("Your account's roles do not allow this.")


def status_name(translate: Callable[[str], str], status: Status) -> str:
    """A status as the interface language calls it."""
    return translate(STATUS_NAMES[status])


def section_title(section: SectionView, language: str) -> str:
    """A section's title in the interface language (Kyrgyz when that one is missing)."""
    return in_language(dict(section.title), language) or section.code


def not_permitted_message(refusal: NotPermitted) -> str:
    """The catalogue message (untranslated) for a refused call: pages keep it untranslated so
    that a language switch redraws it."""
    return NOT_PERMITTED.get(refusal.permission, NOT_PERMITTED_OTHER)


def one_line(text: str, limit: int = 240) -> str:
    """A text on one line, cut to ``limit`` characters: what a table cell shows."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def collator(language: str) -> QCollator:
    """A case-insensitive, number-aware collator for the interface language."""
    result = QCollator(QLocale(COLLATION_LOCALES.get(language, "en_US")))
    result.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    result.setNumericMode(True)
    return result


def readonly_table(name: str) -> QTableWidget:
    """A table of whole rows that the user reads and selects but does not edit."""
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    table.setTabKeyNavigation(False)
    return table


def page_layout(page: QWidget) -> QVBoxLayout:
    """The outermost layout of a page.  It puts no minimum size on the page itself: a page is
    laid out by the window, and alone (in a test) Qt's offscreen platform warns about one."""
    layout = QVBoxLayout(page)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    return layout


def message_box(role: str, name: str) -> MessageBox:
    """A message box that is as tall as its text, never stretched into the page's spare room."""
    box = MessageBox(role, name=name)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return box


def fit_rows(table: QTableWidget, max_rows: int, row_height: int) -> None:
    """Make a short table exactly as tall as its rows (up to ``max_rows``, then it scrolls)."""
    vertical = table.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(row_height)
    rows = max(1, min(table.rowCount(), max_rows))
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + rows * row_height + 2 * table.frameWidth() + 2)


def caption(text_holder: list[QLabel], buddy: QWidget, name: str = "") -> QLabel:
    """A caption label for a field, remembered in ``text_holder`` and tied to ``buddy``."""
    widget = label("fieldCaption", wrap=False, name=name)
    widget.setBuddy(buddy)
    text_holder.append(widget)
    return widget


class AdminPage(QWidget):
    """A page of the admin window: it draws its texts from its own state in :meth:`retranslate`
    and reloads from the bank in :meth:`refresh`; :attr:`changed` says it wrote to the bank."""

    #: The page changed the bank (other pages reload).
    changed = Signal()

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = translator

    @property
    def translator(self) -> Translator:
        """The translator of the interface language."""
        return self._tr

    def set_translator(self, translator: Translator) -> None:
        """Switch the interface language and redraw every text."""
        self._tr = translator
        self.retranslate()

    def retranslate(self) -> None:
        """Draw every visible text in the current language."""

    def refresh(self) -> None:
        """Reload what the page shows from the bank."""

    def take_focus(self) -> None:
        """Give the keyboard to the page's first control (the page was just shown)."""
        widget = self.nextInFocusChain()
        for _step in range(500):  # the chain is a ring; the bound only guards against a break
            if widget is None or widget is self:
                return
            if (
                self.isAncestorOf(widget)
                and widget.isVisibleTo(self)
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()


class DialogOverlay(QFrame):
    """A dialog drawn over its page, with the page behind dimmed and disabled.

    Pages put their fields into :attr:`fields` and show the dialog with :meth:`present`; the OK
    button emits :attr:`accepted` (the page then checks, and either closes the dialog or shows an
    error in it with :meth:`show_error`), the cancel button and Esc emit :attr:`cancelled`.
    Nothing is ``exec()``-ed: tests click the buttons like a user.
    """

    accepted = Signal()
    cancelled = Signal()

    def __init__(self, page: QWidget, behind: QWidget, name: str) -> None:
        super().__init__(page)
        self.setProperty("role", "overlay")
        self.setObjectName(name)
        self._behind = behind
        self.panel = frame("dialog")
        self.title = label("dialogTitle", name=f"{name}Title")
        self.message = label(name=f"{name}Message")
        self.message.hide()
        self.fields = QVBoxLayout()
        self.fields.setSpacing(8)
        self.error = MessageBox("error", name=f"{name}Error")
        self.ok = button("primary", name=f"{name}Ok")
        self.cancel = button(name=f"{name}Cancel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.ok)
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(28, 22, 28, 22)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.message)
        inner.addLayout(self.fields)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        center_panel(self, self.panel, (11, 11), below=2)
        self.ok.clicked.connect(self.accepted.emit)
        self.cancel.clicked.connect(self._cancel)
        self.setTabOrder(self.cancel, self.ok)
        page.installEventFilter(self)
        self.hide()

    def present(
        self,
        title: str,
        ok_text: str,
        cancel_text: str,
        *,
        message: str = "",
        focus: QWidget | None = None,
    ) -> None:
        """Show the dialog with these texts; ``focus`` gets the keyboard."""
        set_text(self.title, title)
        set_text(self.message, message)
        self.message.setVisible(bool(message))
        set_text(self.ok, ok_text)
        set_text(self.cancel, cancel_text)
        self.error.set_message("")
        self._fit()
        self._behind.setEnabled(False)
        self.show()
        self.raise_()
        (focus or self.cancel).setFocus(Qt.FocusReason.OtherFocusReason)

    def retexts(self, title: str, ok_text: str, cancel_text: str, message: str = "") -> None:
        """Redraw the texts of an open dialog (the interface language changed)."""
        set_text(self.title, title)
        set_text(self.message, message)
        self.message.setVisible(bool(message))
        set_text(self.ok, ok_text)
        set_text(self.cancel, cancel_text)

    def show_error(self, text: str) -> None:
        """Show what is wrong, inside the dialog, which stays open."""
        self.error.set_message(text)

    def close_dialog(self) -> None:
        """Hide the dialog and give the page back."""
        if self.isVisible():
            self.hide()
        self._behind.setEnabled(True)

    def _cancel(self) -> None:
        self.close_dialog()
        self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc cancels."""
        if event.key() == Qt.Key.Key_Escape:
            self._cancel()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the page's size."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        area = self.parentWidget().rect()
        self.setGeometry(area)
        self.panel.setFixedWidth(max(320, min(720, area.width() - 80)))


# -- the model ---------------------------------------------------------------------------------

COLUMNS: tuple[str, ...] = (
    "uid",
    "section",
    "status",
    "version",
    "languages",
    "stem",
    "tags",
    "author",
    "updated",
)
HEADERS: dict[str, str] = {
    "uid": N_("Code"),
    "section": N_("Section"),
    "status": N_("Status"),
    "version": N_("Ver."),
    "languages": N_("Languages"),
    "stem": N_("Question"),
    "tags": N_("Tags"),
    "author": N_("Author"),
    "updated": N_("Updated"),
}
#: Columns whose text depends on the interface language.
TRANSLATED_COLUMNS = ("status", "languages", "stem")


class QuestionTableModel(ReadOnlyTableModel[QuestionRow]):
    """The bank's questions (latest versions) as a read-only table, one row per question."""

    def __init__(
        self,
        translator: Translator,
        parent: QObject | None = None,
        *,
        timezone: tzinfo | None = None,
    ) -> None:
        super().__init__([HEADERS[column] for column in COLUMNS], translator, parent)
        self._timezone = timezone
        #: The rows as the bank gave them, to tell whether a reload changed anything.
        self._loaded: list[QuestionRow] = []
        self._section_order: dict[str, int] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._collator = collator(translator.language)

    # -- data --------------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[QuestionRow]) -> bool:
        """Show ``rows``; the model is reset only when they differ from those shown.  True if so."""
        rows = list(rows)
        if rows == self._loaded:
            return False
        self.beginResetModel()
        self._loaded = rows
        self._rows = self._ordered(rows)
        self.endResetModel()
        return True

    def set_section_order(self, codes: Sequence[str]) -> None:
        """The sections' order in the bank, by which the "Section" column sorts."""
        self._section_order = {code: index for index, code in enumerate(codes)}

    def set_translator(self, translator: Translator) -> None:
        """Redraw the translated columns and headers in another language (no reset)."""
        self._tr = translator
        self._collator = collator(translator.language)
        self.redraw_columns([COLUMNS.index(column) for column in TRANSLATED_COLUMNS])
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def row_at(self, row: int) -> QuestionRow:
        """The record shown in row ``row``."""
        return self._rows[row]

    @property
    def rows(self) -> list[QuestionRow]:
        """Every record, in the order shown."""
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """A cell's text, its tooltip (the whole question) and alignment."""
        row = self.record_at(index)
        if row is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == "stem":
            return self._stem(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == "updated":
            return self._time(row.updated_at, "%Y-%m-%d %H:%M")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "version":
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _stem(self, row: QuestionRow) -> str:
        return in_language(dict(row.stem), self._tr.language)

    def _display(self, row: QuestionRow, column: str) -> str:
        if column == "uid":
            return row.uid
        if column == "section":
            return row.section
        if column == "status":
            return status_name(self._tr, row.status)
        if column == "version":
            return str(row.number)
        if column == "languages":
            shown = [self._tr(LANGUAGE_TAGS[lang]) for lang in CONTENT_LANGUAGES]
            shown = [
                name
                for lang, name in zip(CONTENT_LANGUAGES, shown, strict=True)
                if lang in row.languages
            ]
            return " · ".join(shown) or NO_VALUE
        if column == "stem":
            return one_line(self._stem(row))
        if column == "tags":
            return ", ".join(row.tags)
        if column == "author":
            return row.author
        return self._time(row.updated_at, "%Y-%m-%d")

    def _time(self, moment: datetime, pattern: str) -> str:
        if self._timezone is not None and moment.tzinfo is not None:
            moment = moment.astimezone(self._timezone)
        return moment.strftime(pattern)

    # -- sorting -----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by a column, keeping selections on their questions."""
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self._rows
        self._rows = self._ordered(old)
        where = {id(row): position for position, row in enumerate(self._rows)}
        before = self.persistentIndexList()
        after = [self.index(where[id(old[i.row()])], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _ordered(self, rows: list[QuestionRow]) -> list[QuestionRow]:
        if self._sort is None:
            return list(rows)
        column, order = self._sort
        key = self._sort_key(COLUMNS[column])
        # Python's sort is stable: equal keys keep the bank's order (section, then uid).
        return sorted(rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def _sort_key(self, column: str) -> Callable[[QuestionRow], object]:
        text_key = self._collator.sortKey
        if column == "uid":
            return lambda row: _natural(row.uid)
        if column == "section":
            last = len(self._section_order)
            return lambda row: (self._section_order.get(row.section, last), row.section)
        if column == "status":
            return lambda row: STATUS_ORDER[row.status]
        if column == "version":
            return lambda row: row.number
        if column == "languages":
            return lambda row: sorted(row.languages)
        if column == "stem":
            return lambda row: text_key(self._stem(row))
        if column == "tags":
            return lambda row: text_key(", ".join(row.tags))
        if column == "author":
            return lambda row: text_key(row.author)
        return lambda row: row.updated_at


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A key that sorts "Q-9" before "Q-10"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


class BankFilterProxy(QSortFilterProxyModel):
    """Shows the rows that :func:`kiosk.services.bank_filter.matches` accepts.

    Sorting is passed on to the source model, which sorts its own list once instead of having
    the proxy compare rows through thousands of ``data()`` calls.
    """

    def __init__(self, source: QuestionTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filter = BankFilter()
        self.setSourceModel(source)

    @property
    def filter(self) -> BankFilter:
        """The filter applied now."""
        return self._filter

    def set_filter(self, bank_filter: BankFilter) -> None:
        """Apply another filter (the source model is not touched)."""
        if bank_filter == self._filter:
            return
        if hasattr(self, "endFilterChange"):  # Qt 6.10 on; invalidateFilter() is deprecated
            self.beginFilterChange()
            self._filter = bank_filter
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._filter = bank_filter
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """The plain-Python rule decides."""
        return matches(self._source.row_at(source_row), self._filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Let the source model sort (the proxy keeps its order)."""
        self._source.sort(column, order)

    def record(self, row: int) -> QuestionRow:
        """The record shown in proxy row ``row``."""
        return self._source.row_at(self.mapToSource(self.index(row, 0)).row())


# -- the page ----------------------------------------------------------------------------------

#: Column widths in characters of the table's font (the question column takes the rest);
#: a column is never narrower than its title.
COLUMN_CHARS = {
    "uid": 8,
    "section": 10,
    "status": 10,
    "version": 2,
    "languages": 8,
    "tags": 9,
    "author": 10,
    "updated": 10,
}


class BankBrowser(AdminPage):
    """The bank's questions with filters; opens, creates, shows the history of, retires them.

    Emits :attr:`open_requested` (uid) on double click or Enter, :attr:`new_requested` (the
    filtered section or None), :attr:`history_requested` (uid); retiring asks for a comment in a
    dialog over the page and writes through the bank.  ``actor`` reads and writes; the page
    offers "New question" only with ``EDIT_BANK`` and "Retire…" only with ``APPROVE_BANK``.
    """

    open_requested = Signal(str)
    new_requested = Signal(object)
    history_requested = Signal(str)

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
        self.setObjectName("bankBrowser")
        self._bank = bank
        self._actor = actor
        self._sections: list[SectionView] = []
        self._tags: list[str] = []
        self._retiring: QuestionRow | None = None
        self._notice: tuple[str, str, dict[str, object]] | None = None

        self.model = QuestionTableModel(translator, self, timezone=timezone)
        self.proxy = BankFilterProxy(self.model, self)

        self.content = QWidget()
        self.title = label("pageTitle", wrap=False, name="browserTitle")
        self.count = label("muted", wrap=False, name="browserCount")
        self.search = QLineEdit()
        self.search.setObjectName("browserSearch")
        self.search.setClearButtonEnabled(True)
        self.section_filter = QComboBox(objectName="sectionFilter")
        self.status_filter = QComboBox(objectName="statusFilter")
        self.language_filter = QComboBox(objectName="languageFilter")
        self.tag_filter = QComboBox(objectName="tagFilter")
        self.clear_filters = button(name="clearFilters")
        self._captions: list[QLabel] = []
        self.search_caption = caption(self._captions, self.search)
        self.section_caption = caption(self._captions, self.section_filter)
        self.status_caption = caption(self._captions, self.status_filter)
        self.language_caption = caption(self._captions, self.language_filter)
        self.tag_caption = caption(self._captions, self.tag_filter)
        self.message = message_box("info", "browserMessage")
        self.error = message_box("error", "browserError")

        self.view = QTableView(objectName="bankTable")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.setCornerButtonEnabled(False)
        self.view.verticalHeader().hide()
        # Fixed row heights: measuring ten thousand rows' contents would stall every reload.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("stem"), QHeaderView.ResizeMode.Stretch)
        # No column sorted at first: the bank's own order (sections in order, then uids).
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)

        self.new_button = button("primary", name="newQuestion")
        self.open_button = button(name="openQuestion")
        self.history_button = button(name="questionHistory")
        self.retire_button = button("danger", name="retireQuestion")
        # What the roles do not allow is not offered; the service refuses it anyway.
        self.new_button.setVisible(actor.may(Permission.EDIT_BANK))
        self.retire_button.setVisible(actor.may(Permission.APPROVE_BANK))

        filters = QGridLayout()
        filters.setHorizontalSpacing(10)
        filters.setVerticalSpacing(4)
        for column, (text, widget) in enumerate(
            (
                (self.section_caption, self.section_filter),
                (self.status_caption, self.status_filter),
                (self.language_caption, self.language_filter),
                (self.tag_caption, self.tag_filter),
            )
        ):
            filters.addWidget(text, 0, column)
            filters.addWidget(widget, 1, column)
            filters.setColumnStretch(column, 1)
        search_row = QHBoxLayout()
        search_row.setSpacing(10)
        search_row.addWidget(self.search_caption)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.clear_filters)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.count)
        actions = QHBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(self.new_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.history_button)
        actions.addStretch(1)
        actions.addWidget(self.retire_button)
        column = QVBoxLayout(self.content)
        column.setContentsMargins(20, 14, 20, 14)
        column.setSpacing(10)
        column.addLayout(heading)
        column.addLayout(search_row)
        column.addLayout(filters)
        column.addWidget(self.message)
        column.addWidget(self.error)
        column.addWidget(self.view, 1)
        column.addLayout(actions)
        outer = page_layout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.content)

        # The retire dialog: a comment, then the real retirement.
        self.retire_dialog = DialogOverlay(self, self.content, "retireDialog")
        self.retire_comment_caption = label("fieldCaption", wrap=False)
        self.retire_comment = QPlainTextEdit(objectName="retireComment")
        self.retire_comment.setTabChangesFocus(True)
        self.retire_comment.setFixedHeight(110)
        self.retire_comment_caption.setBuddy(self.retire_comment)
        self.retire_dialog.fields.addWidget(self.retire_comment_caption)
        self.retire_dialog.fields.addWidget(self.retire_comment)
        self.retire_dialog.accepted.connect(self._confirm_retire)
        self.retire_dialog.cancelled.connect(self._forget_retire)

        self.search.textChanged.connect(self._filters_changed)
        for combo in (
            self.section_filter,
            self.status_filter,
            self.language_filter,
            self.tag_filter,
        ):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.clear_filters.clicked.connect(self.reset_filters)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.proxy.modelReset.connect(self._update_buttons)
        self.proxy.layoutChanged.connect(self._update_buttons)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.new_button.clicked.connect(self._new)
        self.open_button.clicked.connect(self._open_current)
        self.history_button.clicked.connect(self._history_current)
        self.retire_button.clicked.connect(self.ask_retire)

        self._section_values: list[str | None] = [None]
        self._status_values: list[Status | None] = [None, *Status]
        self._language_values: list[str | None] = [None, *CONTENT_LANGUAGES]
        self._tag_values: list[str | None] = [None]
        self.retranslate()
        self.refresh()

    # -- data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the questions and sections; the table resets only if something changed."""
        self._sections = self._bank.sections(self._actor)
        self.model.set_section_order([s.code for s in self._sections])
        self.model.set_rows(self._bank.rows(self._actor))
        self._tags = known_tags(self.model.rows)
        self._fill_filter_choices()
        self._update_count()
        self._update_buttons()
        self._fit_columns()

    def set_rows(self, rows: Iterable[QuestionRow], sections: Sequence[SectionView]) -> None:
        """Show given rows (a benchmark feeds many without a database)."""
        self._sections = list(sections)
        self.model.set_section_order([s.code for s in self._sections])
        self.model.set_rows(rows)
        self._tags = known_tags(self.model.rows)
        self._fill_filter_choices()
        self._update_count()

    @property
    def shown(self) -> int:
        """How many questions the filter lets through."""
        return self.proxy.rowCount()

    @property
    def total(self) -> int:
        """How many questions the bank holds."""
        return self.model.rowCount()

    def submitted_count(self) -> int:
        """How many questions wait for review (for the navigation's badge)."""
        return sum(1 for row in self.model.rows if row.status is Status.SUBMITTED)

    def current_row(self) -> QuestionRow | None:
        """The question under the cursor, if any."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.record(index.row())

    def select_uid(self, uid: str) -> bool:
        """Put the cursor on a question, if the filter shows it."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.record(row).uid == uid:
                index = self.proxy.index(row, 0)
                self.view.setCurrentIndex(index)
                # Centred: a message appearing above the table must not push it out of view.
                self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
                return True
        return False

    def take_focus(self) -> None:
        """Give the keyboard to the table when a question is chosen, else to the search."""
        if self.current_row() is not None:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- filters -----------------------------------------------------------------------------

    def set_filter(self, bank_filter: BankFilter) -> None:
        """Set the filter widgets to ``bank_filter`` (and so apply it)."""
        self.search.blockSignals(True)
        self.search.setText(bank_filter.text)
        self.search.blockSignals(False)
        for combo, values, wanted in (
            (self.section_filter, self._section_values, bank_filter.section),
            (self.status_filter, self._status_values, bank_filter.status),
            (self.language_filter, self._language_values, bank_filter.language),
            (self.tag_filter, self._tag_values, bank_filter.tag),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(values.index(wanted) if wanted in values else 0)
            combo.blockSignals(False)
        self._filters_changed()

    def reset_filters(self) -> None:
        """Show every question again."""
        self.set_filter(BankFilter())

    def _current_filter(self) -> BankFilter:
        def pick(combo: QComboBox, values: Sequence[object]) -> object:
            index = combo.currentIndex()
            return values[index] if 0 <= index < len(values) else None

        return BankFilter(
            section=pick(self.section_filter, self._section_values),
            status=pick(self.status_filter, self._status_values),
            language=pick(self.language_filter, self._language_values),
            tag=pick(self.tag_filter, self._tag_values),
            text=self.search.text(),
        )

    def _filters_changed(self) -> None:
        self.proxy.set_filter(self._current_filter())
        self._update_count()
        self._update_buttons()

    def _fill_filter_choices(self) -> None:
        _ = self._tr
        language = self._tr.language
        sections = [None, *(s.code for s in self._sections)]
        tags = [None, *self._tags]
        _fill(
            self.section_filter,
            self._section_values,
            sections,
            [_("All sections")]
            + [f"{s.code} — {section_title(s, language)}" for s in self._sections],
        )
        _fill(
            self.status_filter,
            self._status_values,
            self._status_values,
            [_("All statuses")] + [status_name(_, s) for s in Status],
        )
        _fill(
            self.language_filter,
            self._language_values,
            self._language_values,
            [_("Any language")] + [_(WRITTEN_IN[lang]) for lang in CONTENT_LANGUAGES],
        )
        _fill(self.tag_filter, self._tag_values, tags, [_("All tags"), *self._tags])
        self._section_values = sections
        self._tag_values = tags
        self._filters_changed()

    # -- actions -----------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.proxy.record(index.row()).uid)

    def _open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_requested.emit(row.uid)

    def _history_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.history_requested.emit(row.uid)

    def _new(self) -> None:
        self.new_requested.emit(self.proxy.filter.section)

    def ask_retire(self) -> None:
        """Ask, with a comment, whether to retire the question under the cursor."""
        row = self.current_row()
        if row is None:
            return
        self._retiring = row
        self.retire_comment.clear()
        self._show_retire_dialog(present=True)

    def _show_retire_dialog(self, present: bool) -> None:
        _ = self._tr
        row = self._retiring
        if row is None:
            return
        title = _("Retire question {uid}?").format(uid=row.uid)
        message = (
            one_line(in_language(dict(row.stem), self._tr.language), 160)
            + "\n\n"
            + _(
                "The question will no longer go into new test forms. Tests already taken "
                "keep it, and its history stays."
            )
        )
        set_text(self.retire_comment_caption, _("Why is it retired? (required)"))
        if present:
            self.retire_dialog.present(
                title, _("Retire"), _("Cancel"), message=message, focus=self.retire_comment
            )
        else:
            self.retire_dialog.retexts(title, _("Retire"), _("Cancel"), message)

    def _confirm_retire(self) -> None:
        _ = self._tr
        row = self._retiring
        if row is None:
            return
        comment = self.retire_comment.toPlainText().strip()
        if not comment:
            self.retire_dialog.show_error(_("Write why the question is retired."))
            return
        try:
            self._bank.retire(self._actor, row.uid, comment)
        except NotPermitted as refusal:
            self.retire_dialog.close_dialog()
            self._retiring = None
            self._show_notice("error", not_permitted_message(refusal))
            return
        except LifecycleRefused:
            self.retire_dialog.close_dialog()
            self._retiring = None
            self._show_notice(
                "error", N_("Only a question with an approved version can be retired.")
            )
            return
        self.retire_dialog.close_dialog()
        self._retiring = None
        self.refresh()
        self.select_uid(row.uid)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_notice(
            "info",
            N_("Question {uid} is retired: it no longer goes into new test forms."),
            uid=row.uid,
        )
        self.changed.emit()

    def _forget_retire(self) -> None:
        self._retiring = None

    def _show_notice(self, kind: str, message: str, **values: object) -> None:
        """Show a message (kept untranslated, so a language switch redraws it)."""
        self._notice = (kind, message, values)
        self._draw_notice()

    def clear_notice(self) -> None:
        """Hide the last message."""
        self._notice = None
        self._draw_notice()

    def _draw_notice(self) -> None:
        if self._notice is None:
            self.message.set_message("")
            self.error.set_message("")
            return
        kind, message, values = self._notice
        text = self._tr(message).format(**values)
        self.message.set_message(text if kind == "info" else "")
        self.error.set_message(text if kind == "error" else "")

    # -- drawing -----------------------------------------------------------------------------

    def _update_count(self) -> None:
        _ = self._tr
        set_text(
            self.count,
            _("{shown} of {total} questions").format(shown=self.shown, total=self.total),
        )

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.open_button.setEnabled(row is not None)
        self.history_button.setEnabled(row is not None)
        # An earlier version may be the approved one while a newer draft is being written.
        self.retire_button.setEnabled(
            row is not None
            and (
                row.status is Status.APPROVED
                or (row.status is not Status.RETIRED and row.number > 1)
            )
        )

    def retranslate(self) -> None:
        """Draw every text in the interface language; the table keeps its rows."""
        _ = self._tr
        self.model.set_translator(self._tr)
        set_text(self.title, _("Question bank"))
        set_text(self.search_caption, _("Search:"))
        self.search.setPlaceholderText(_("Words from the question, its answers, source or tags"))
        self.search.setAccessibleName(_("Search"))
        set_text(self.section_caption, _("Section"))
        set_text(self.status_caption, _("Status"))
        set_text(self.language_caption, _("Language"))
        set_text(self.tag_caption, _("Tag"))
        for combo, name in (
            (self.section_filter, _("Section")),
            (self.status_filter, _("Status")),
            (self.language_filter, _("Language")),
            (self.tag_filter, _("Tag")),
        ):
            combo.setAccessibleName(name)
        set_text(self.clear_filters, _("Show all"))
        set_text(self.new_button, _("New question"))
        set_text(self.open_button, _("Open"))
        set_text(self.history_button, _("History"))
        set_text(self.retire_button, _("Retire…"))
        self.view.setAccessibleName(_("Questions"))
        self._fill_filter_choices()
        self._update_count()
        self._draw_notice()
        if self.retire_dialog.isVisible():
            self._show_retire_dialog(present=False)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Size the short columns to their texts in the current font and language; the
        question's text takes the rest of the width."""
        cells = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        bold = header.font()
        bold.setBold(True)
        titles = QFontMetrics(bold)
        shown = {
            # Columns whose every possible text is known: sized to the longest one used.
            "status": [status_name(self._tr, s) for s in {r.status for r in self.model.rows}],
            "languages": [" · ".join(self._tr(LANGUAGE_TAGS[lang]) for lang in CONTENT_LANGUAGES)],
        }
        for name, chars in COLUMN_CHARS.items():
            at = COLUMNS.index(name)
            texts = shown.get(name) or ["x" * chars]
            widest = max(cells.horizontalAdvance(str(t)) for t in texts)
            if name not in shown:
                widest = chars * cells.averageCharWidth()
            title = str(self.model.headerData(at, Qt.Orientation.Horizontal))
            header.resizeSection(at, max(widest, titles.horizontalAdvance(title)) + 20)

    def showEvent(self, event: QShowEvent) -> None:
        """Size the columns by the fonts the window's style sheet gives (known only now)."""
        super().showEvent(event)
        self._fit_columns()


def _fill(
    combo: QComboBox, old: Sequence[object], new: Sequence[object], texts: Sequence[str]
) -> None:
    """Give a combo new choices (``new`` values shown as ``texts``), keeping its value if it is
    still offered; signals are held back, the caller applies the result once."""
    index = combo.currentIndex()
    kept = old[index] if 0 <= index < len(old) else None
    combo.blockSignals(True)
    if list(old) == list(new) and combo.count() == len(texts):
        for position, text in enumerate(texts):
            combo.setItemText(position, text)
    else:
        combo.clear()
        combo.addItems(list(texts))
    combo.setCurrentIndex(new.index(kept) if kept in new else 0)
    combo.blockSignals(False)
