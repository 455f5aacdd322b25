"""The read-only calls the dry run and the verifier make, through the audited service."""

from __future__ import annotations

from typing import Any, Protocol

from portone_desk.api.catalog import MAX_BATCH_LOOKUP
from portone_desk.api.client import ApiResult
from portone_desk.api.errors import ApiError

NOT_FOUND = (404,)


class Caller(Protocol):
    """What the bulk code needs of ``DeskService``."""

    def call(
        self,
        op_id: str,
        values: dict[str, Any] | None = None,
        pg: str | None = None,
        note: str | None = None,
        product_order_ids: Any = None,
        merchant_uid: str | None = None,
        settled: bool = False,
    ) -> ApiResult: ...


def product_orders(caller: Caller, imp_uid: str) -> dict[str, dict[str, Any]] | None:
    """The payment's product orders by id; None when the payment is unknown or not Naver order type."""
    try:
        result = caller.call("getProductOrders", {"imp_uid": imp_uid})
    except ApiError as exc:
        if exc.http_status in NOT_FOUND:
            return None
        raise
    orders = result.response if isinstance(result.response, list) else []
    return {str(o.get("product_order_id")): o for o in orders if isinstance(o, dict)}


def payment(caller: Caller, imp_uid: str) -> dict[str, Any] | None:
    try:
        # Test-channel payments too, like every lookup of the desk.
        result = caller.call("getPaymentByImpUid", {"imp_uid": imp_uid, "include_sandbox": True})
    except ApiError as exc:
        if exc.http_status in NOT_FOUND:
            return None
        raise
    return result.response if isinstance(result.response, dict) else None


def payments(caller: Caller, imp_uids: list[str]) -> dict[str, dict[str, Any]]:
    """Several payments by imp_uid, 100 per call (getPaymentListByImpUid); unknown ids are absent."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(imp_uids), MAX_BATCH_LOOKUP):
        try:
            result = caller.call(
                "getPaymentListByImpUid", {"imp_uid": imp_uids[start : start + MAX_BATCH_LOOKUP]}
            )
        except ApiError as exc:
            if exc.http_status in NOT_FOUND:
                continue  # none of them exists
            raise
        for item in result.response if isinstance(result.response, list) else []:
            if isinstance(item, dict) and item.get("imp_uid"):
                found[str(item["imp_uid"])] = item
    return found


# Payments one order number may have in one answer: a few retries at most in practice.
ORDER_NO_PAGE = 100


def payments_by_order_no(caller: Caller, merchant_uid: str) -> list[dict[str, Any]]:
    """Every payment of the shop's order number, newest first, in one call
    (getAllPaymentsByMerchantUid, any status); [] when there is none."""
    try:
        result = caller.call(
            "getAllPaymentsByMerchantUid",
            {"merchant_uid": merchant_uid, "limit": ORDER_NO_PAGE, "sorting": "-started"},
        )
    except ApiError as exc:
        if exc.http_status in NOT_FOUND:
            return []
        raise
    page = result.response if isinstance(result.response, dict) else {}
    return [p for p in page.get("list") or [] if isinstance(p, dict) and p.get("imp_uid")]


def receipt(caller: Caller, imp_uid: str) -> dict[str, Any] | None:
    """The payment's cash receipt, or None when none was issued."""
    try:
        result = caller.call("getReceipt", {"imp_uid": imp_uid})
    except ApiError as exc:
        if exc.http_status in NOT_FOUND:
            return None
        raise
    return result.response if isinstance(result.response, dict) else None


def external_receipt(caller: Caller, merchant_uid: str) -> dict[str, Any] | None:
    try:
        result = caller.call("getExternalReceipt", {"merchant_uid": merchant_uid})
    except ApiError as exc:
        if exc.http_status in NOT_FOUND:
            return None
        raise
    return result.response if isinstance(result.response, dict) else None
