"""The 네이버페이 주문 tab's state, Qt-free: which payment and product orders are on screen, how a
lookup goes through the service, what an order action may target, and the words for each outcome.

The tab (``tab.py``) owns the table, the selection and the dialogs; it asks this presenter what is
true and what to say, so the screen's rules are tested without a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from portone_desk.api import josa, naver_states
from portone_desk.api.catalog import PAYMENT_STATUSES
from portone_desk.api.catalog_options import pg_name
from portone_desk.api.timefmt import format_won
from portone_desk.ui.order_payments import OrderChoices, one_or_choices, payments_of_order
from portone_desk.ui.shared import NO_PROFILE_TEXT, label_of, response_of

NAVERCO, NAVERPAY = "naverco", "naverpay"
NEED_IMP_UID = (
    "처리하려면 주문번호나 거래고유번호(imp_uid)도 입력해 조회하세요. "
    "상품주문번호만으로는 조회만 할 수 있습니다."
)
NOT_NAVERCO = "네이버페이 주문형(naverco) 결제가 아니어서 상품주문을 처리할 수 없습니다."
NOT_LOOKED_UP = "먼저 주문번호나 거래고유번호(imp_uid)로 결제를 조회하세요."
NOTHING_TO_LOOK_UP = "조회할 주문번호, 거래고유번호 또는 상품주문번호를 입력하세요."
# PortOne's imp_uids all start like this; anything else typed in the payment box is the shop's order no.
IMP_PREFIX = "imp_"

Order = dict[str, Any]
Found = tuple[str, "dict[str, Any] | None", list[Order]]  # (imp_uid, payment, product orders)
Message = tuple[str, str]  # (text, banner kind)


class CallsApi(Protocol):
    """What a lookup needs of the service (``DeskService.call``)."""

    def call(self, op_id: str, values: dict[str, Any], pg: str | None = ...) -> Any: ...


def is_imp_uid(text: str) -> bool:
    """True for a PortOne 거래고유번호; otherwise the text is taken as the shop's 주문번호 (merchant_uid)."""
    return text.strip().lower().startswith(IMP_PREFIX)


def fetch(service: CallsApi, key: str, order_id: str) -> Found | OrderChoices:
    """Look up by ``key`` (an imp_uid, or the shop's order number) or, without it, one product order.

    An order number with several payments answers the choices (``orders_for`` the one picked).
    Blocking: run it in a background op.
    """
    if not key:
        single = service.call("getProductOrderSingle", {"product_order_id": order_id})
        return "", None, [response_of(single)]
    if is_imp_uid(key):
        payment = response_of(service.call("getPaymentByImpUid", {"imp_uid": key, "include_sandbox": True}))
    else:
        found = one_or_choices(key, payments_of_order(service, key))
        if isinstance(found, OrderChoices):
            return found
        payment = found
    return orders_for(service, payment, key)


def orders_for(service: CallsApi, payment: dict[str, Any], key: str = "") -> Found:
    """The payment's product orders when it is Naver order-type (blocking)."""
    imp_uid = str(payment.get("imp_uid") or key)
    if payment.get("pg_provider") != NAVERCO:
        return imp_uid, payment, []
    orders = response_of(service.call("getProductOrders", {"imp_uid": imp_uid}, pg=NAVERCO))
    # 발주확인 / 반품보류 done here, which the API does not show, while its data still fits.
    done_here = getattr(service, "done_here", None)
    events = done_here(imp_uid, naver_states.DESK_EVENTS) if callable(done_here) else []
    return imp_uid, payment, naver_states.with_desk_marks(orders or [], events)


@dataclass
class NaverPresenter:
    """State of the Naver Pay tab: the payment the table belongs to and how it was looked up."""

    # "" after a product-order-only lookup; resolved from the order number when searched by that.
    imp_uid: str = ""
    payment: dict[str, Any] | None = None
    orders: list[Order] = field(default_factory=list)
    lookup_inputs: tuple[str, str] = ("", "")  # what a refresh after an action looks up again

    # --- lookups --------------------------------------------------------------------------------

    def start_lookup(self, key: str, order_id: str) -> None:
        self.lookup_inputs = (key, order_id)

    def loaded(self, found: Found, order_id: str) -> None:
        """A lookup answered; refreshes after an action go straight to the payment it resolved to."""
        self.imp_uid, self.payment, orders = found
        self.orders = list(orders)
        self.lookup_inputs = (self.imp_uid, order_id)

    def forget(self) -> None:
        """Another profile: nothing of the previous shop stays."""
        self.imp_uid, self.payment, self.orders, self.lookup_inputs = "", None, [], ("", "")

    @property
    def can_refresh(self) -> bool:
        return self.lookup_inputs != ("", "")

    @property
    def pg(self) -> str:
        """The payment's PG; a product order looked up alone is order-type (naverco)."""
        return str(self.payment.get("pg_provider") or "") if self.payment else NAVERCO

    @property
    def order_number(self) -> str:
        return str((self.payment or {}).get("merchant_uid") or "")

    def lookup_message(self) -> Message:
        """What the banner says after a lookup the agent asked for."""
        pg = self.pg
        if pg not in (NAVERCO, NAVERPAY):
            return f"네이버페이 결제가 아닙니다 (PG사 코드: {pg}).", "error"
        if pg == NAVERPAY:
            return "네이버페이 결제형 결제입니다. 결제형 화면에서 처리하세요.", "success"
        if not self.imp_uid:
            return NEED_IMP_UID, "warning"
        return f"상품주문 {len(self.orders)}건을 조회했습니다.", "success"

    def summary(self) -> str:
        """The one line over the table: PG, numbers, buyer, amount, status."""
        payment = self.payment
        if payment is None:
            return "상품주문번호로 조회한 결과입니다 (거래고유번호 모름)." if self.orders else ""
        pg = str(payment.get("pg_provider") or "")
        parts = [
            pg_name(pg),
            f"주문번호 {payment.get('merchant_uid', '')}",
            f"거래고유번호 {payment.get('imp_uid', '')}",
            str(payment.get("buyer_name") or ""),
            format_won(payment.get("amount")),
            label_of(PAYMENT_STATUSES, payment.get("status")),
        ]
        if pg == NAVERCO:
            parts.append(f"상품주문 {len(self.orders)}건")
        return " · ".join(p for p in parts if p)

    # --- order actions --------------------------------------------------------------------------

    def blocked_reason(self, has_profile: bool) -> str:
        """Why no order action can be sent now; "" when the selection decides."""
        if not has_profile:
            return NO_PROFILE_TEXT
        if not self.orders:
            return NOT_LOOKED_UP
        if not self.imp_uid:
            return NEED_IMP_UID
        if self.payment is not None and self.payment.get("pg_provider") != NAVERCO:
            return NOT_NAVERCO
        return ""

    def why_not(self, op_id: str, targets: list[Order], has_profile: bool) -> str:
        """Why ``op_id`` cannot go to ``targets``; "" when it can."""
        return self.blocked_reason(has_profile) or naver_states.why_not_all(op_id, targets)

    @property
    def may_target_all(self) -> bool:
        return bool(self.orders) and bool(self.imp_uid)

    def target_text(self, targets: int, all_orders: bool) -> str:
        if all_orders:
            return f"대상: 이 결제의 모든 상품주문 {targets}건"
        if targets:
            return f"대상: 선택한 상품주문 {targets}건 (전체 {len(self.orders)}건)"
        return "대상: 없음 — 표에서 처리할 상품주문을 선택하세요 (Ctrl/Shift+클릭으로 여러 건)"


def confirm_message(label: str, count: int, all_orders: bool) -> str:
    particle = josa.particle(label, "을", "를")
    if all_orders:
        return (
            f"이 결제의 모든 상품주문 {count}건에 '{label}'{particle} 적용합니다. "
            "선택하지 않은 상품주문도 모두 처리됩니다."
        )
    return f"선택한 상품주문 {count}건에 '{label}'{particle} 요청합니다."


# Actions that send money back to the buyer: the confirmation shows how much.
REFUNDING = frozenset(
    {"naverCancelProductOrder", "naverApproveCancelProductOrder", "naverApproveReturnProductOrder"}
)


def refund_rows(op_id: str, orders: list[Order]) -> list[tuple[str, str]]:
    """The money a cancel or return approval gives back, from the orders' amounts and shipping."""
    if op_id not in REFUNDING:
        return []
    products = sum(int(o.get("product_amount") or 0) for o in orders)
    shipping = sum(int(o.get("delivery_amount") or 0) for o in orders)
    rows = [("상품주문 금액", format_won(products)), ("배송비", format_won(shipping))]
    note = " (반품 배송비는 네이버페이에서 뺄 수 있습니다)" if "Return" in op_id else ""
    rows.append(("환불 예정 금액", f"{format_won(products + shipping)}{note}"))
    return rows


def paid_at(payment: dict[str, Any] | None, orders: list[Order]) -> int | None:
    """When the buyer paid (UNIX seconds): the payment's, else the earliest order's; None if unknown."""
    if payment:
        times = [payment.get("paid_at")]
    else:
        times = [o.get("paid_at") or o.get("payment_date") for o in orders]
    known = [int(t) for t in times if isinstance(t, int | float) and t > 0]
    return min(known) if known else None


def owner_text(payment: dict[str, Any] | None) -> str:
    """Whose orders these are, for every panel that shows one of them."""
    if payment is None:
        return "상품주문번호로 조회"
    parts = [f"주문번호 {payment.get('merchant_uid') or '—'}", str(payment.get("buyer_name") or "")]
    return " · ".join(p for p in parts if p)


def partial_message(label: str, sent: int, failed: int, message: str) -> str:
    """Some of the orders were done: say how many of each, and that the list below says which."""
    return (
        f"{label}: {sent}건 중 {sent - failed}건만 처리되었고 {failed}건은 실패했습니다. "
        f"아래 목록에서 실패한 주문과 사유를 확인하세요.\n포트원 메시지: {message}"
    )


# PortOne copies Naver 주문형 changes about once a minute: a lookup right after an action may still
# show the old state (the training sandbox does the same, issue 10).
SYNC_NOTE = "조회 목록에는 1분 정도 늦게 반영될 수 있으니, 아직 이전 상태로 보여도 다시 처리하지 마세요."


def done_message(label: str, sent: int) -> str:
    return f"{label}: 요청한 상품주문 {sent}건을 모두 처리했습니다. {SYNC_NOTE}"
