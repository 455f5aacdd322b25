"""A cash receipt issued in the payment window: flagged on the payment, invisible to the API.

PortOne marks such a payment ``cash_receipt_issued: true`` but ``GET /receipts/{imp_uid}`` finds
no receipt (it was issued by the PG's payment window, not through the API), so the API can neither
show nor cancel it. Issuing another one would give the customer two receipts for one payment:
the desk shows it as "결제 시 발급됨" and offers no second issue; the bulk dry run skips the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ISSUED_AT_PAYMENT = "결제 시 발급됨"
ISSUED_AT_PAYMENT_REASON = (
    "결제 시 발급됨: 결제할 때 결제창에서 현금영수증이 이미 발급되었습니다. "
    "포트원 API로는 조회하거나 취소할 수 없고, 다시 발급하면 영수증이 두 장이 되므로 발급하지 않습니다."
)


def receipt_is_live(receipt: Mapping[str, Any] | None) -> bool:
    """An API receipt that was issued and not cancelled."""
    return bool(receipt) and not (receipt or {}).get("cancelled_at")


def issued_at_payment(payment: Mapping[str, Any] | None, receipt: Mapping[str, Any] | None) -> bool:
    """The payment says a receipt was issued, yet the API has no live receipt for it."""
    return bool(payment and payment.get("cash_receipt_issued")) and not receipt_is_live(receipt)
