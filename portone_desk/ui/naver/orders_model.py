"""The product orders of one payment as a sortable table: Korean labels shown, API codes in tooltips."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from portone_desk.api.catalog import CLAIM_STATUSES, CLAIM_TYPES, PRODUCT_ORDER_STATUSES
from portone_desk.api.masking import mask_identifier
from portone_desk.api.model import Option
from portone_desk.api.naver_states import HELD, PLACED, RELEASED, desk_mark, desk_text
from portone_desk.api.timefmt import format_kst, format_won
from portone_desk.ui.shared import label_of

Order = Mapping[str, Any]
Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # raw value to sort by (amounts as numbers, times as UNIX)
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # product_order_id of the row


def _get(order: Order, dotted: str) -> Any:
    value: Any = order
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def product_text(order: Order) -> str:
    option = order.get("product_option_name") or ""
    return f"{order.get('product_name') or ''} / {option}" if option else str(order.get("product_name") or "")


def orderer_text(order: Order) -> str:
    name = _get(order, "orderer.name") or ""
    tel = mask_identifier(_get(order, "orderer.tel") or "")
    return f"{name} ({tel})" if tel else str(name)


def address_text(order: Order) -> str:
    # Agents need the whole address to sort out delivery problems, so it is not masked here.
    parts = [_get(order, f"shipping_address.{key}") for key in ("name", "postcode", "base", "detail")]
    name, postcode, base, detail = (str(p) if p else "" for p in parts)
    place = " ".join(p for p in (f"({postcode})" if postcode else "", base, detail) if p)
    return f"{name} · {place}" if name else place


# (header, display text, sort value, tooltip or None)
Column = tuple[str, Callable[[Order], str], Callable[[Order], Any], Callable[[Order], str] | None]


def _code(name: str) -> Callable[[Order], str]:
    return lambda o: f"코드: {o.get(name)}" if o.get(name) else ""


def _enum(header: str, name: str, options: Sequence[Option]) -> Column:
    """A column of catalog codes: the Korean label shown and sorted on, the code in the tooltip."""

    def label(o: Order) -> str:
        return label_of(options, o.get(name))

    return (header, label, label, _code(name))


def _with_desk_mark(column: Column, *states: str) -> Column:
    """The column's text followed by what this desk did that the API does not show
    ("반품요청 · 보류 중 · 이 데스크에서 14:02")."""
    header, text, _sort, tip = column

    def shown(o: Order) -> str:
        mark = desk_mark(o)
        return f"{text(o)} · {desk_text(o)}" if mark and mark[0] in states else text(o)

    return (header, shown, shown, tip)


COLUMNS: tuple[Column, ...] = (
    (
        "상품주문번호",
        lambda o: str(o.get("product_order_id", "")),
        lambda o: str(o.get("product_order_id", "")),
        None,
    ),
    ("상품 / 옵션", product_text, product_text, None),
    ("수량", lambda o: str(o.get("quantity", "")), lambda o: int(o.get("quantity") or 0), None),
    (
        "상품금액",
        lambda o: format_won(o.get("product_amount")),
        lambda o: int(o.get("product_amount") or 0),
        None,
    ),
    (
        "배송비",
        lambda o: format_won(o.get("delivery_amount")),
        lambda o: int(o.get("delivery_amount") or 0),
        None,
    ),
    _with_desk_mark(_enum("주문상태", "product_order_status", PRODUCT_ORDER_STATUSES), PLACED),
    _enum("클레임", "claim_type", CLAIM_TYPES),
    _with_desk_mark(_enum("클레임 상태", "claim_status", CLAIM_STATUSES), HELD, RELEASED),
    ("주문자", orderer_text, orderer_text, None),
    ("배송지", address_text, address_text, address_text),
    (
        "배송 메모",
        lambda o: str(o.get("shipping_memo") or ""),
        lambda o: str(o.get("shipping_memo") or ""),
        lambda o: str(o.get("shipping_memo") or ""),
    ),
    (
        "발송기한",
        lambda o: format_kst(o.get("shipping_due")),
        lambda o: int(o.get("shipping_due") or 0),
        None,
    ),
)
NUMERIC_COLUMNS = frozenset({2, 3, 4})


class OrdersModel(QAbstractTableModel):
    """Read-only rows of NaverProductOrder objects as the API returned them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._orders: list[dict[str, Any]] = []

    def set_orders(self, orders: Sequence[Order]) -> None:
        self.beginResetModel()
        self._orders = [dict(o) for o in orders]
        self.endResetModel()

    def orders(self) -> list[dict[str, Any]]:
        return list(self._orders)

    def order_at(self, row: int) -> dict[str, Any]:
        return self._orders[row]

    def row_of(self, product_order_id: str) -> int:
        for row, order in enumerate(self._orders):
            if str(order.get("product_order_id")) == product_order_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._orders)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        order = self._orders[index.row()]
        _, text, sort, tip = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(order)
        if role == SORT_ROLE:
            return sort(order)
        if role == ID_ROLE:
            return str(order.get("product_order_id", ""))
        if role == Qt.ItemDataRole.ToolTipRole:
            # A narrow column elides its text; the tooltip always has all of it.
            return (tip(order) if tip is not None else "") or text(order) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None


def sorting_proxy(model: OrdersModel) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortLocaleAware(True)
    return proxy
