"""What the queue package hands out: queue keys and labels, queue items, search hits, refresh figures.

Plain frozen dataclasses (Qt-free); ``to_json()`` gives the CLI's JSON shape.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# Stable keys (CLI JSON, objectNames, settings) in the order the desk lists them.
QUEUE_KEYS: tuple[str, ...] = (
    "place",
    "ship",
    "cancel_request",
    "return_request",
    "exchange_request",
    "withheld",
    "receipt_due",
)

QUEUE_LABELS: dict[str, str] = {
    "place": "발주 대기",
    "ship": "발송 대기",
    "cancel_request": "취소 요청",
    "return_request": "반품 요청",
    "exchange_request": "교환 요청",
    "withheld": "보류 중",
    "receipt_due": "현금영수증 발급 필요",
}

# Sub-groups of a queue (``QueueItem.sub``).
SUB_COLLECTING = "수거중"
SUB_COLLECTED = "수거완료"
SUB_MANDATORY = "의무발행"

# 국세청 자진발급번호: the identifier a mandatory-issue shop uses when the buyer gave none.
SELF_ISSUE_NUMBER = "0100001234"

# Which search key matched (``SearchHit.matched``).
MATCH_KEYS: tuple[str, ...] = (
    "name",
    "phone",
    "email",
    "merchant_uid",
    "imp_uid",
    "product_order_id",
    "tracking_number",
)


@dataclass(frozen=True)
class QueueItem:
    """One row of a queue: a Naver product order, or a payment for ``receipt_due``."""

    queue: str  # one of QUEUE_KEYS
    imp_uid: str
    merchant_uid: str
    product_order_id: str | None  # None for receipt_due (a payment, not a product order)
    buyer: str  # masked name, e.g. "김*수"
    product: str  # product name (Naver) or the payment's order name
    amount: int  # won: the product order's amount, or the payment's amount less cancellations
    status: str  # API code: product_order_status, or the payment status for receipt_due
    state: str  # Korean state shown to the agent, e.g. "반품요청 · 수거완료"
    sub: str = ""  # sub-group: SUB_COLLECTING / SUB_COLLECTED (returns), SUB_MANDATORY (receipts)
    deadline: int | None = None  # UNIX s: 발송기한 (place/ship) or 의무발행 기한 (receipt_due)
    overdue: bool = False  # the deadline has passed
    since: int = 0  # UNIX s the item started waiting (paid_at), for "age"
    pg_provider: str = ""
    pay_method: str = ""
    claim_type: str | None = None
    claim_status: str | None = None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        if self.product_order_id is None:
            del data["product_order_id"]
        if self.deadline is None:
            del data["deadline"]
        return data


@dataclass(frozen=True)
class SearchHit:
    """One payment found by customer search."""

    imp_uid: str
    merchant_uid: str
    buyer: str  # masked name
    amount: int
    status: str  # payment status code (paid, cancelled, …)
    status_label: str  # Korean
    pg_provider: str
    pay_method: str
    started_at: int
    matched: str  # one of MATCH_KEYS
    is_naver: bool  # pg_provider naverco: open it in the Naver tab, else in receipts
    product_order_id: str | None = None  # set when a product order id or tracking number matched

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        if self.product_order_id is None:
            del data["product_order_id"]
        return data


@dataclass(frozen=True)
class RefreshStats:
    """What one refresh did; ``calls == minimum_calls`` when nothing was wasted."""

    payment_calls: int  # getPaymentsByStatus pages
    order_calls: int  # getProductOrders calls
    minimum_calls: int  # pages needed for the payments seen + Naver payments that needed orders
    payments_seen: int
    orders_checked: int  # Naver payments whose product orders were fetched
    synced_at: int  # UNIX s (local clock) when the refresh finished
    seconds: float
    failed: int = 0  # Naver payments whose orders could not be fetched (tried first next time)

    @property
    def calls(self) -> int:
        return self.payment_calls + self.order_calls
