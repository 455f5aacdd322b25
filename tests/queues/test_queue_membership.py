"""Queue membership for every product-order state and claim of a generated shop, and what the
desk's own actions (activity log) change."""

from __future__ import annotations

import time

from queue_support import Desk

from portone_desk.queues import QUEUE_KEYS, SUB_COLLECTED, SUB_COLLECTING, SUB_MANDATORY
from portone_desk.sandbox.generator import NAVER_STATES

DAY = 24 * 3600

# Visible state (status, claim type, claim status) → (queue, sub) the desk must show, or None.
EXPECTED: dict[tuple[str, str | None, str | None], tuple[str, str] | None] = {
    ("PAYED", None, None): ("place", ""),
    ("DELIVERING", None, None): None,
    ("DELIVERED", None, None): None,
    ("PURCHASE_DECIDED", None, None): None,
    ("PAYED", "CANCEL", "CANCEL_REQUEST"): ("cancel_request", ""),
    ("CANCELED", "CANCEL", "CANCEL_DONE"): None,
    ("PAYED", "CANCEL", "CANCEL_REJECT"): ("place", ""),
    ("DELIVERED", "RETURN", "RETURN_REQUEST"): ("return_request", SUB_COLLECTING),
    ("DELIVERED", "RETURN", "COLLECTING"): ("return_request", SUB_COLLECTING),
    ("DELIVERED", "RETURN", "COLLECT_DONE"): ("return_request", SUB_COLLECTED),
    ("RETURNED", "RETURN", "RETURN_DONE"): None,
    ("DELIVERED", "RETURN", "RETURN_REJECT"): None,
    ("DELIVERED", "EXCHANGE", "EXCHANGE_REQUEST"): ("exchange_request", ""),
    ("DELIVERED", "EXCHANGE", "COLLECTING"): ("exchange_request", ""),
    ("DELIVERED", "EXCHANGE", "COLLECT_DONE"): ("exchange_request", ""),
    ("DELIVERED", "EXCHANGE", "EXCHANGE_REDELIVERING"): None,
    ("EXCHANGED", "EXCHANGE", "EXCHANGE_DONE"): None,
    ("DELIVERED", "PURCHASE_DECISION_HOLDBACK", "PURCHASE_DECISION_HOLDBACK"): ("withheld", ""),
    ("PAYED", "ADMIN_CANCEL", "ADMIN_CANCELING"): None,
}


def _visible(order: dict) -> tuple[str, str | None, str | None]:
    status = order["product_order_status"]
    if status == "DELIVERING" and order.get("_delivering_since"):
        status = "DELIVERED" if time.time() - order["_delivering_since"] >= 3 * DAY else status
    return status, order["claim_type"], order["claim_status"]


def _shown(desk: Desk) -> dict[str, tuple[str, str]]:
    return {
        item.product_order_id: (queue, item.sub)
        for queue, items in desk.desk.all_items().items()
        for item in items
        if item.product_order_id
    }


def test_the_table_covers_every_generated_state() -> None:
    for state in NAVER_STATES:
        key = (state["product_order_status"], state.get("claim_type"), state.get("claim_status"))
        assert key in EXPECTED


def test_every_state_and_claim_lands_in_its_queue(desk: Desk) -> None:
    desk.desk.refresh()
    orders = desk.sandbox_docs("product_orders")
    expected = {}
    for order in orders:
        placed = EXPECTED[_visible(order)]
        if placed is not None:
            expected[order["product_order_id"]] = placed
    assert _shown(desk) == expected
    counts = desk.desk.counts()
    assert set(counts) == set(QUEUE_KEYS)
    assert counts == {key: len(items) for key, items in desk.desk.all_items().items()}
    for queue in ("place", "cancel_request", "return_request", "exchange_request", "withheld"):
        assert counts[queue] > 0, queue
    # the hidden 반품보류 flag is not visible to the API: a held return still shows as a request
    held = [o for o in orders if o["_held"] and o["claim_status"] == "COLLECT_DONE"]
    assert held and all(expected[o["product_order_id"]] == ("return_request", SUB_COLLECTED) for o in held)


def test_returns_list_collected_first(desk: Desk) -> None:
    desk.desk.refresh()
    subs = [item.sub for item in desk.desk.items("return_request")]
    assert SUB_COLLECTED in subs and SUB_COLLECTING in subs
    assert subs == sorted(subs, key=lambda sub: sub != SUB_COLLECTED)


def test_receipt_queue_is_paid_cash_payments_without_a_receipt(desk: Desk) -> None:
    desk.desk.refresh()
    expected = {
        p["imp_uid"]
        for p in desk.sandbox_docs("payments")
        if p["status"] == "paid"
        and p["pay_method"] in ("vbank", "trans")
        and p["pg_provider"] not in ("naverco", "naverpay")
        and not p["cash_receipt_issued"]
        and p["amount"] > p["cancel_amount"]
    }
    items = desk.desk.items("receipt_due")
    assert {item.imp_uid for item in items} == expected
    assert all(item.product_order_id is None and item.deadline is None for item in items)
    # issuing one through the desk takes it off the list at once (activity log), and after a
    # refresh because the payment now says so
    first = items[0]
    desk.service.call("issueReceipt", {"imp_uid": first.imp_uid, "identifier": "01012345678"})
    desk.desk.forget_activity()
    assert first.imp_uid not in {item.imp_uid for item in desk.desk.items("receipt_due")}
    assert desk.desk.counts()["receipt_due"] == len(items) - 1
    desk.desk.refresh()
    assert first.imp_uid not in {item.imp_uid for item in desk.desk.items("receipt_due")}


def test_mandatory_trade_puts_large_recent_payments_first(shop, tmp_path) -> None:
    made = Desk(shop, tmp_path / "home", mandatory_receipt=True)
    try:
        made.desk.refresh()
        now = int(time.time())
        items = made.desk.items("receipt_due", now=now)
        mandatory = [i for i in items if i.sub == SUB_MANDATORY]
        assert mandatory, "the generated shop has large cash payments"
        assert all(i.amount >= 100_000 and i.deadline == i.since + 5 * DAY for i in mandatory)
        assert all(i.amount < 100_000 for i in items if i.sub != SUB_MANDATORY)
        # within the window first (nearest deadline first), then those past it, then the rest
        ranks = [(0 if not i.overdue else 1) if i.sub == SUB_MANDATORY else 2 for i in items]
        assert ranks == sorted(ranks)
        in_window = [i.deadline for i in items if i.sub == SUB_MANDATORY and not i.overdue]
        assert in_window == sorted(in_window)
    finally:
        made.close()


def test_desk_actions_move_orders(desk: Desk) -> None:
    desk.desk.refresh()
    unplaced = {o["product_order_id"] for o in desk.sandbox_docs("product_orders") if not o["_placed"]}
    to_place = [i for i in desk.desk.items("place") if i.product_order_id in unplaced][:3]
    assert len(to_place) == 3
    # 발주확인 through the desk: the API still says PAYED, the log says placed → 발송 대기
    for item in to_place:
        desk.service.call(
            "naverPlaceProductOrder", {"imp_uid": item.imp_uid, "product_order_id": [item.product_order_id]}
        )
    desk.desk.forget_activity()
    ship = desk.desk.items("ship")
    assert {i.product_order_id for i in ship} >= {i.product_order_id for i in to_place}
    assert not {i.product_order_id for i in desk.desk.items("place")} & {i.product_order_id for i in to_place}
    deadlines = [i.deadline for i in ship]
    assert deadlines == sorted(deadlines)
    now = int(time.time())
    assert all(i.overdue == (i.deadline < now) for i in ship)

    # 반품보류 through the desk → 보류 중
    held = {o["product_order_id"] for o in desk.sandbox_docs("product_orders") if o["_held"]}
    collected = next(
        i
        for i in desk.desk.items("return_request")
        if i.sub == SUB_COLLECTED and i.product_order_id not in held
    )
    desk.service.call(
        "naverWithholdReturnProductOrder",
        {
            "imp_uid": collected.imp_uid,
            "product_order_id": [collected.product_order_id],
            "reason": "RETURN_DELIVERYFEE",
            "memo": "반품 배송비 확인",
            "extra_charge": 3000,
        },
    )
    desk.desk.forget_activity()
    assert collected.product_order_id in {i.product_order_id for i in desk.desk.items("withheld")}
    assert collected.product_order_id not in {i.product_order_id for i in desk.desk.items("return_request")}

    # 취소승인 → gone from 취소 요청 after the next refresh
    request = desk.desk.items("cancel_request")[0]
    desk.service.call(
        "naverApproveCancelProductOrder",
        {"imp_uid": request.imp_uid, "product_order_id": [request.product_order_id]},
    )
    desk.desk.refresh()
    assert request.product_order_id not in {i.product_order_id for i in desk.desk.items("cancel_request")}
