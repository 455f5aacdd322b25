"""A read-only table over a list of objects, one column per (header, getter)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], object]]


class ObjectTableModel(QAbstractTableModel, Generic[T]):
    def __init__(
        self,
        columns: Sequence[Column],
        colour: Callable[[T], str | None] | None = None,
        tooltip: Callable[[T], str] | None = None,
    ) -> None:
        super().__init__()
        self._columns = list(columns)
        self._rows: list[T] = []
        self._colour = colour
        self._tooltip = tooltip

    @property
    def items(self) -> list[T]:
        return self._rows

    def set_items(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def item(self, row: int) -> T:
        return self._rows[row]

    def refresh_rows(self, rows: Sequence[int]) -> None:
        """Repaint these rows after their objects changed in place."""
        if not rows:
            return
        last = len(self._columns) - 1
        self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._columns[index.column()][1](item)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and self._colour is not None:
            colour = self._colour(item)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(item) or None
        return None
