"""The selected product order in full, with copy buttons for its ids and the payment's imp_uid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from portone_desk.api.catalog import RESPONSE_MODELS
from portone_desk.api.model import ResponseField, ResponseModel
from portone_desk.api.naver_states import desk_text
from portone_desk.ui.result_view import ResultView

COPYABLE = ("product_order_id", "product_id", "product_option_id", "imp_uid")
# This is a live lookup of an order the agent is shipping: like the orders table, it shows who
# ordered, who receives it and where in full. Everything else keeps the catalog's after-the-fact
# masking (numbers by digits, the Naver id as Naver masked it).
_UNMASKED = ("orderer.name", "shipping_address.name", "shipping_address.base", "shipping_address.detail")


# The buyer's numbers stay masked until the agent asks to call back; the reveal is logged.
PHONES = ("orderer.tel", "shipping_address.tel1", "shipping_address.tel2")


def _detail_model(phones_shown: bool = False) -> ResponseModel:
    base = RESPONSE_MODELS["NaverProductOrder"]
    plain = _UNMASKED + (PHONES if phones_shown else ())
    fields = tuple(replace(f, format="text") if f.name in plain else f for f in base.fields)
    return replace(base, fields=(ResponseField("imp_uid", "포트원 거래고유번호"), *fields))


class OrderDetail(QGroupBox):
    # The agent asked to see the buyer's numbers of this product order (to call back); the tab logs it.
    reveal_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("선택한 상품주문", parent)
        self.setObjectName("naverOrderDetail")
        self.model = _detail_model()
        self.view = ResultView()
        self.view.setObjectName("naverOrderDetailView")
        self.reveal_button = QPushButton("구매자 연락처 보기 (기록됨)")
        self.reveal_button.setObjectName("revealBuyerPhone")
        self.reveal_button.setToolTip("전화로 연락해야 할 때만: 누가 언제 봤는지 처리 내역에 남습니다.")
        self.reveal_button.clicked.connect(self._ask_reveal)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.view)
        self.revealed: set[str] = set()  # product order ids whose numbers the agent has seen
        self._shown: tuple[Mapping[str, Any] | None, str, int] = (None, "", 1)
        self.show_order(None)

    def _ask_reveal(self) -> None:
        order = self._shown[0]
        if order is not None:
            self.reveal_requested.emit(str(order.get("product_order_id", "")))

    def reveal(self, product_order_id: str) -> None:
        """The reveal was logged: show this order's numbers in full."""
        self.revealed.add(product_order_id)
        self.show_order(*self._shown)

    def set_owner(self, owner: str) -> None:
        """Whose order the panel shows ("주문번호 order-2001 · 홍길동"), in its title."""
        self.setTitle(f"선택한 상품주문 — {owner}" if owner else "선택한 상품주문")

    def show_order(self, order: Mapping[str, Any] | None, imp_uid: str = "", count: int = 1) -> None:
        self._shown = (order, imp_uid, count)
        shown = order is not None and str(order.get("product_order_id", "")) in self.revealed
        self.reveal_button.setVisible(order is not None and not shown)
        self.model = _detail_model(phones_shown=shown)
        if order is None:
            self.view.clear("표에서 상품주문을 고르면 자세한 내용이 여기에 나옵니다.")
            return
        data = dict(order)
        names = [f.name for f in self.model.fields]
        if imp_uid:
            data["imp_uid"] = imp_uid
        extra = [("선택", f"{count}건 중 첫 번째")] if count > 1 else []
        if desk_text(order):
            extra.append(("이 데스크에서 한 처리", desk_text(order)))
        self.view.render(data, self.model, names, copyable=COPYABLE, extra=extra)
