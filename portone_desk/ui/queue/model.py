"""The queue table (``queueTable``): one row per item, a tick box in the first column, overdue
rows marked; what a row shows is worked out here so the tab stays about wiring."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from portone_desk.api.timefmt import format_kst, format_won
from portone_desk.ui.queue.source import QueueItem
from portone_desk.ui.style import ERROR_COLOR, WARNING_COLOR

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("", "주문번호", "구매자", "상품", "금액", "상태", "기한", "경과")
TICK, ORDER, BUYER, PRODUCT, AMOUNT, STATE, DEADLINE, AGE = range(len(HEADERS))
OVERDUE_MARK = "기한 지남"


def age_text(since: int | None, now: float) -> str:
    """How long an item has waited, in the largest unit that reads naturally (3일 4시간, 25분)."""
    if not since:
        return ""
    seconds = max(0, int(now - since))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"{days}일 {hours}시간" if hours else f"{days}일"
    if hours:
        return f"{hours}시간"
    return f"{max(1, rest // 60)}분"


def deadline_text(item: QueueItem) -> str:
    if not item.deadline:
        return ""
    shown = format_kst(item.deadline)[:16]
    return f"{shown} ({OVERDUE_MARK})" if item.overdue else shown


def state_text(item: QueueItem) -> str:
    return f"{item.state} · {item.sub}" if item.sub and item.sub not in item.state else item.state


class QueueModel(QAbstractTableModel):
    ticks_changed = Signal(int)  # number of ticked rows

    def __init__(self) -> None:
        super().__init__()
        self._items: list[QueueItem] = []
        self._ticked: set[str] = set()
        self.now = time.time  # replaceable (the sandbox's clock in tests)

    # --- items and ticks ---------------------------------------------------------------------------

    @property
    def items(self) -> list[QueueItem]:
        return self._items

    def set_items(self, items: Sequence[QueueItem]) -> None:
        """New items; ticks survive for the rows still there (a refresh must not untick)."""
        self.beginResetModel()
        self._items = list(items)
        keys = {item.key for item in self._items}
        self._ticked &= keys
        self.endResetModel()
        self.ticks_changed.emit(len(self._ticked))

    def item(self, row: int) -> QueueItem:
        return self._items[row]

    def ticked(self) -> list[QueueItem]:
        return [item for item in self._items if item.key in self._ticked]

    @property
    def ticked_count(self) -> int:
        return len(self._ticked)

    def is_ticked(self, row: int) -> bool:
        return self._items[row].key in self._ticked

    def set_ticked(self, row: int, on: bool) -> None:
        key = self._items[row].key
        if on:
            self._ticked.add(key)
        else:
            self._ticked.discard(key)
        index = self.index(row, TICK)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit(len(self._ticked))

    def tick_all(self, on: bool) -> None:
        self._ticked = {item.key for item in self._items} if on else set()
        if self._items:
            self.dataChanged.emit(
                self.index(0, TICK), self.index(len(self._items) - 1, TICK), [Qt.ItemDataRole.CheckStateRole]
            )
        self.ticks_changed.emit(len(self._ticked))

    # --- Qt model ----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == TICK:
            return "처리할 행을 체크하세요"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == TICK else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == TICK:
            return Qt.CheckState.Checked if item.key in self._ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.overdue:
                return QColor(ERROR_COLOR)
            if item.mandatory:
                return QColor(WARNING_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == TICK and role == Qt.ItemDataRole.CheckStateRole:
            state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
            self.set_ticked(index.row(), state == Qt.CheckState.Checked)
            return True
        return False

    def _text(self, item: QueueItem, column: int) -> str:
        if column == ORDER:
            return item.merchant_uid or item.imp_uid
        if column == BUYER:
            return item.buyer
        if column == PRODUCT:
            return item.product
        if column == AMOUNT:
            return format_won(item.amount) if item.amount else ""
        if column == STATE:
            return state_text(item)
        if column == DEADLINE:
            return deadline_text(item)
        if column == AGE:
            return age_text(item.since, self.now())
        return ""

    @staticmethod
    def _tooltip(item: QueueItem) -> str:
        parts = [f"결제번호 {item.imp_uid}"]
        if item.product_order_id:
            parts.append(f"상품주문번호 {item.product_order_id}")
        if item.overdue:
            parts.append("발송기한이 지났습니다")
        if item.mandatory:
            parts.append("현금영수증 의무발행 대상입니다 (₩100,000 이상, 기한 안에 발급)")
        parts.append("Enter 또는 더블클릭: 해당 화면에서 조회")
        return "\n".join(parts)
