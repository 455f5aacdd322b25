"""Naver Pay order type (naverco): the product-order actions and lookups.

Actions answer per the spec: 200 when every product order succeeded, 207 when some did (the
envelope ``code`` is 0, ``message`` lists the failures, ``response`` holds only the succeeded
orders), 500 with ``code`` -1 when none did. Failure messages read
``"3건 중 1건 처리 실패: 2026200100000001: 이미 발송된 상품주문입니다"`` (failures joined by
``" / "``) and ``"2건 모두 처리 실패: …"`` respectively.
"""

from __future__ import annotations

from portone_desk.sandbox import naver_rules
from portone_desk.sandbox.call import Call, Handler
from portone_desk.sandbox.store import Doc, public
from portone_desk.sandbox.wire import ApiFailure, Reply, envelope

NAVERCO = "naverco"


def order_payment(call: Call) -> Doc:
    """The naverco payment of the call; 404 for unknown ids and other PGs, as the live API does."""
    payment = call.payment()
    if payment["pg_provider"] != NAVERCO:
        raise ApiFailure(404, f"네이버페이 주문형(naverco) 결제가 아닙니다: {payment['imp_uid']}")
    return payment


def shown(order: Doc, now: int) -> Doc:
    """The order as PortOne's lookups show it: Naver's state, or — within the sync lag after a
    change — the copy PortOne had before (it syncs 주문형 data in batches, about a minute)."""
    if order.get("_synced_until", 0) > now and isinstance(order.get("_synced"), dict):
        return public(naver_rules.settle(order["_synced"], now))
    return public(naver_rules.settle(order, now))


def _lagging(before: Doc, changed: Doc, now: int, lag: float) -> Doc:
    """``changed`` remembering what lookups keep showing until the next sync (``lag`` seconds)."""
    if lag <= 0:
        return changed
    if before.get("_synced_until", 0) > now:
        return changed  # an earlier change is still waiting for the same sync: keep that copy
    old = {k: v for k, v in before.items() if k not in ("_synced", "_synced_until")}
    return {**changed, "_synced": old, "_synced_until": now + lag}


def act(call: Call) -> Reply:
    payment = order_payment(call)
    orders = {order["product_order_id"]: order for order in call.store.product_orders_of(payment["imp_uid"])}
    requested = list(dict.fromkeys(call.values.get("product_order_id") or orders))
    if not requested:
        raise ApiFailure(500, "이 결제에 처리할 상품주문이 없습니다")
    done: list[Doc] = []
    failed: list[str] = []
    for order_id in requested:
        order = orders.get(order_id)
        if order is None:
            failed.append(f"{order_id}: 이 결제에 속하지 않는 상품주문번호입니다")
            continue
        changed, reason = naver_rules.apply(call.op.id, order, call.values, call.now)
        if changed is None:
            failed.append(f"{order_id}: {reason}")
            continue
        call.store.save_product_order(_lagging(order, changed, call.now, call.naver_sync_lag))
        done.append(public(changed))
    if not failed:
        return envelope(200, done)
    if not done:
        raise ApiFailure(500, f"{len(requested)}건 모두 처리 실패: {' / '.join(failed)}")
    message = f"{len(requested)}건 중 {len(failed)}건 처리 실패: {' / '.join(failed)}"
    return envelope(207, done, message)


def list_orders(call: Call) -> Reply:
    payment = order_payment(call)
    return envelope(
        200, [shown(order, call.now) for order in call.store.product_orders_of(payment["imp_uid"])]
    )


def single_order(call: Call) -> Reply:
    order_id = call.values["product_order_id"]
    order = call.store.product_order(order_id)
    if order is None:
        raise ApiFailure(404, f"존재하지 않는 상품주문번호입니다: {order_id}")
    owner = call.store.payment(order["_imp_uid"])
    if owner is not None:
        call.check_tier(owner)
    return envelope(200, shown(order, call.now))


HANDLERS: dict[str, Handler] = {action: act for action in naver_rules.RULES}
HANDLERS.update({"getProductOrders": list_orders, "getProductOrderSingle": single_order})
