"""Payment lookups: by imp_uid and by merchant_uid (with status filter and sorting)."""

from __future__ import annotations

from portone_desk.sandbox.call import Call, Handler
from portone_desk.sandbox.store import Doc, public
from portone_desk.sandbox.wire import ApiFailure, Reply, envelope

_SORT_KEYS = {"started": "started_at", "paid": "paid_at", "updated": "_updated_at"}


def get_by_imp_uid(call: Call) -> Reply:
    payment = call.payment()
    if payment.get("sandbox") and not call.values.get("include_sandbox"):
        # Since 2026-01-26 PortOne answers a test-channel payment only with include_sandbox=true.
        raise ApiFailure(404, f"존재하지 않는 결제정보입니다: {payment['imp_uid']}")
    return envelope(200, public(payment))


def get_by_merchant_uid(call: Call) -> Reply:
    merchant_uid = call.values["merchant_uid"]
    status = call.values.get("payment_status")
    found = [
        doc
        for doc in call.store.payments_by_merchant_uid(merchant_uid)
        if status is None or doc["status"] == status
    ]
    if not found:
        raise ApiFailure(404, f"해당 주문번호의 결제정보가 없습니다: {merchant_uid}")
    sorting = str(call.value("sorting"))
    descending = sorting.startswith("-")
    key = _SORT_KEYS.get(sorting.lstrip("-"), "started_at")
    found.sort(key=lambda doc: (doc.get(key) or 0, doc["imp_uid"]), reverse=descending)
    return envelope(200, public(found[0]))


def touch(payment: Doc, now: int) -> None:
    """Record a change for the ``updated`` sort order."""
    payment["_updated_at"] = now


HANDLERS: dict[str, Handler] = {
    "getPaymentByImpUid": get_by_imp_uid,
    "getPaymentByMerchantUid": get_by_merchant_uid,
}
