"""What every read-only table of the admin pages has in common.

Each model keeps the records it shows in ``_rows``, one per row, and names its columns; rows can
be selected and never edited, and a language switch redraws the cells and headers in place.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from translations import Translator

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class ReadOnlyTableModel(QAbstractTableModel, Generic[R]):
    """Records as a read-only table with translated headers; subclasses draw the cells."""

    def __init__(
        self,
        headers: list[str],
        translator: Translator,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        #: The columns' names, as catalogue messages.
        self._headers = headers
        self._tr = translator
        self._rows: list[R] = []

    def record_at(self, index: Index) -> R | None:
        """The record of a valid cell's row, or None."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._headers):
            return None
        return self._rows[index.row()]

    def set_translator(self, translator: Translator) -> None:
        """Redraw every cell and header in another language (no reset)."""
        self._tr = translator
        self.redraw_columns(range(len(self._headers)))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def redraw_columns(self, columns: range | list[int]) -> None:
        """Signal that the cells of ``columns`` changed in every row."""
        if not self._rows:
            return
        for column in columns:
            self.dataChanged.emit(
                self.index(0, column),
                self.index(len(self._rows) - 1, column),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        """The number of records (a table: no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        """The number of columns."""
        return 0 if parent.isValid() else len(self._headers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows can be selected, not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """The columns' names in the interface language."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._tr(self._headers[section])
        return None
