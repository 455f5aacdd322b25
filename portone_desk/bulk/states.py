"""What a looked-up order or receipt says about a row: can it still succeed, or is it already done?

Shared by the dry run (before sending) and by ``verify`` (after an unknown outcome), so "already
done" means the same thing in both places.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portone_desk.api import naver_states

SHIPPED = naver_states.SHIPPED
ALREADY_SHIPPED_SAME = "이미 같은 송장번호로 발송된 상품주문입니다"
ALREADY_SHIPPED_OTHER = "이미 다른 송장번호로 발송된 상품주문입니다"
NOT_IN_PAYMENT = "이 결제(imp_uid)에 없는 상품주문번호입니다"


def ship_is_done(order: Mapping[str, Any], values: Mapping[str, Any], *, we_sent: bool) -> bool | None:
    """True when the order is shipped as this row asks, False when it is not shipped, None when it
    was shipped some other way (another tracking number, or — before we sent anything — none shown).

    ``we_sent``: after our own call, a shipped order whose waybill the API does not echo is ours.
    """
    if order.get("product_order_status") not in SHIPPED:
        return False
    shown = _digits(str(order.get("tracking_number") or ""))
    wanted = _digits(str(values.get("tracking_number") or ""))
    if shown and wanted:
        return True if shown == wanted else None
    return True if we_sent else None


def receipt_is_live(receipt: Mapping[str, Any] | None) -> bool:
    """An issued receipt that has not been cancelled (a cancelled one may be issued again)."""
    return bool(receipt) and not (receipt or {}).get("cancelled_at")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


CANCEL_OPEN = frozenset({"CANCEL:CANCEL_REQUEST", "CANCEL:CANCELING"})


def approve_cancel_is_done(
    order: Mapping[str, Any], values: Mapping[str, Any], *, we_sent: bool
) -> bool | None:
    """True once the order is cancelled, False while the buyer's request still waits, None when the
    request was closed some other way (rejected or withdrawn)."""
    if order.get("product_order_status") in ("CANCELED", "CANCELED_BY_NOPAYMENT"):
        return True
    return False if naver_states.open_claim(order) in CANCEL_OPEN else None


def approve_return_is_done(
    order: Mapping[str, Any], values: Mapping[str, Any], *, we_sent: bool
) -> bool | None:
    """True once the order is returned, False while the return is still open, None when it was
    closed some other way (rejected or withdrawn)."""
    if order.get("product_order_status") == "RETURNED":
        return True
    return False if naver_states.open_claim(order) in naver_states.RETURN_OPEN else None
