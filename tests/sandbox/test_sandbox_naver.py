"""Naver Pay order type: the state machine, 200 / 207 / 500, required fields and lookups."""

from __future__ import annotations

import time
from typing import Any

import pytest
from support.sandbox import Api, assert_error

DAY = 24 * 3600

STATES: dict[str, dict[str, Any]] = {
    "new": {"product_order_status": "PAYED"},
    "placed": {"product_order_status": "PAYED", "placed": True},
    "delivering": {"product_order_status": "DELIVERING"},
    "delivered": {"product_order_status": "DELIVERED"},
    "decided": {"product_order_status": "PURCHASE_DECIDED"},
    "canceled": {"product_order_status": "CANCELED", "claim_type": "CANCEL", "claim_status": "CANCEL_DONE"},
    "cancel_request": {
        "product_order_status": "PAYED",
        "claim_type": "CANCEL",
        "claim_status": "CANCEL_REQUEST",
    },
    "return_request": {
        "product_order_status": "DELIVERED",
        "claim_type": "RETURN",
        "claim_status": "RETURN_REQUEST",
    },
    "return_held": {
        "product_order_status": "DELIVERED",
        "claim_type": "RETURN",
        "claim_status": "COLLECT_DONE",
        "held": True,
    },
    "exchange_request": {
        "product_order_status": "DELIVERED",
        "claim_type": "EXCHANGE",
        "claim_status": "EXCHANGE_REQUEST",
    },
    "exchange_collected": {
        "product_order_status": "DELIVERED",
        "claim_type": "EXCHANGE",
        "claim_status": "COLLECT_DONE",
    },
}

SHIP = {
    "delivery_method": "DELIVERY",
    "dispatched_at": int(time.time()),
    "delivery_company": "CJGLS",
    "tracking_number": "6012-3456-7890",
}
RESHIP = {"delivery_method": "DELIVERY", "delivery_company": "HANJIN", "tracking_number": "5123-4567"}
RETURN = {"delivery_method": "RETURN_DESIGNATED"}
MEMO = {"memo": "반품 배송비 5,000원이 청구됩니다"}

# action -> (body, {allowed state: (status, claim_type, claim_status) after}, refused states)
TABLE: dict[str, tuple[dict[str, Any], dict[str, tuple[str, str | None, str | None]], tuple[str, ...]]] = {
    "place": ({}, {"new": ("PAYED", None, None)}, ("placed", "delivering", "canceled", "cancel_request")),
    "ship": (
        SHIP,
        {"new": ("DELIVERING", None, None), "placed": ("DELIVERING", None, None)},
        ("delivering", "delivered", "canceled", "cancel_request"),
    ),
    "cancel": (
        {"reason": "SOLD_OUT"},
        {
            "new": ("CANCELED", "CANCEL", "CANCEL_DONE"),
            "cancel_request": ("CANCELED", "CANCEL", "CANCEL_DONE"),
        },
        ("delivering", "canceled", "return_request"),
    ),
    "approve-cancel": ({}, {"cancel_request": ("CANCELED", "CANCEL", "CANCEL_DONE")}, ("new", "canceled")),
    "request-return": (
        RETURN,
        {
            "delivering": ("DELIVERING", "RETURN", "RETURN_REQUEST"),
            "delivered": ("DELIVERED", "RETURN", "RETURN_REQUEST"),
        },
        ("new", "decided", "return_request", "canceled"),
    ),
    "approve-return": (
        {},
        {"return_request": ("RETURNED", "RETURN", "RETURN_DONE")},
        ("return_held", "delivered", "exchange_request"),
    ),
    "reject-return": (
        MEMO,
        {
            "return_request": ("DELIVERED", "RETURN", "RETURN_REJECT"),
            "return_held": ("DELIVERED", "RETURN", "RETURN_REJECT"),
        },
        ("delivered", "new"),
    ),
    "withhold-return": (
        MEMO,
        {"return_request": ("DELIVERED", "RETURN", "RETURN_REQUEST")},
        ("return_held", "delivered"),
    ),
    "resolve-return": (
        {},
        {"return_held": ("DELIVERED", "RETURN", "COLLECT_DONE")},
        ("return_request", "delivered"),
    ),
    "collect-exchanged": (
        {},
        {"exchange_request": ("DELIVERED", "EXCHANGE", "COLLECT_DONE")},
        ("exchange_collected", "delivered"),
    ),
    "ship-exchanged": (
        RESHIP,
        {"exchange_collected": ("DELIVERED", "EXCHANGE", "EXCHANGE_REDELIVERING")},
        ("exchange_request", "delivered"),
    ),
}

ALLOWED = [(action, state, after) for action, (_, ok, _) in TABLE.items() for state, after in ok.items()]
REFUSED = [(action, state) for action, (_, _, refused) in TABLE.items() for state in refused]


@pytest.mark.parametrize(("action", "state", "after"), ALLOWED, ids=[f"{a}-{s}" for a, s, _ in ALLOWED])
def test_action_succeeds_in_allowed_state(api: Api, action: str, state: str, after: tuple) -> None:
    created = api.naver_payment(STATES[state])
    response = api.post(f"/payments/{created['imp_uid']}/naver/{action}", TABLE[action][0])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["code"] == 0
    [order] = body["response"]
    assert order["product_order_id"] == created["product_order_ids"][0]
    assert (order["product_order_status"], order["claim_type"], order["claim_status"]) == after


@pytest.mark.parametrize(("action", "state"), REFUSED, ids=[f"{a}-{s}" for a, s in REFUSED])
def test_action_fails_in_refused_state(api: Api, action: str, state: str) -> None:
    created = api.naver_payment(STATES[state])
    response = api.post(f"/payments/{created['imp_uid']}/naver/{action}", TABLE[action][0])
    body = assert_error(response, 500)
    assert body["message"].startswith("1건 모두 처리 실패: " + created["product_order_ids"][0])
    single = api.get(f"/naver/product-orders/{created['product_order_ids'][0]}").json()["response"]
    spec = STATES[state]
    assert single["product_order_status"] == spec["product_order_status"]
    assert single["claim_status"] == spec.get("claim_status")


def test_partial_success_is_207_with_only_the_succeeded_orders(api: Api) -> None:
    response = api.post("/payments/imp_demo_naver_three/naver/ship", SHIP)
    assert response.status_code == 207
    body = response.json()
    assert body["code"] == 0
    assert body["message"] == "3건 중 1건 처리 실패: 2026201100000003: 이미 발송된 상품주문입니다"
    assert [order["product_order_id"] for order in body["response"]] == [
        "2026201100000001",
        "2026201100000002",
    ]
    assert {order["product_order_status"] for order in body["response"]} == {"DELIVERING"}


def test_listed_orders_only_and_foreign_ids_fail(api: Api) -> None:
    ids = ["2026201200000002", "2026200100000001", "2026201200000001"]
    response = api.post("/payments/imp_demo_naver_five/naver/place", {"product_order_id": ids})
    assert response.status_code == 207
    body = response.json()
    assert body["message"].startswith("3건 중 2건 처리 실패: ")
    assert "2026201200000002: 이미 발주 확인된 상품주문입니다" in body["message"]
    assert "2026200100000001: 이 결제에 속하지 않는 상품주문번호입니다" in body["message"]
    assert [order["product_order_id"] for order in body["response"]] == ["2026201200000001"]


def test_omitted_list_acts_on_every_order(api: Api) -> None:
    created = api.naver_payment("PAYED", "PAYED", "PAYED")
    response = api.post(f"/payments/{created['imp_uid']}/naver/cancel")
    assert response.status_code == 200
    assert [order["product_order_id"] for order in response.json()["response"]] == created[
        "product_order_ids"
    ]
    orders = api.get(f"/payments/{created['imp_uid']}/naver/product-orders").json()["response"]
    assert {order["product_order_status"] for order in orders} == {"CANCELED"}


def test_form_body_with_bracket_list(api: Api) -> None:
    created = api.naver_payment("PAYED", "PAYED")
    first = created["product_order_ids"][0]
    response = api.call(
        "POST", f"/payments/{created['imp_uid']}/naver/place", data={"product_order_id[]": [first]}
    )
    assert response.status_code == 200
    assert [order["product_order_id"] for order in response.json()["response"]] == [first]


def test_all_failed_is_500(api: Api) -> None:
    body = assert_error(api.post("/payments/imp_demo_naver_five/naver/approve-cancel"), 500)
    assert body["code"] == -1
    assert body["message"].startswith("5건 모두 처리 실패: 2026201200000001: ")


def test_unknown_or_other_pg_payment_is_404(api: Api) -> None:
    assert_error(api.post("/payments/imp_nope/naver/place"), 404)
    assert_error(api.post("/payments/imp_demo_vbank_paid/naver/place"), 404)
    assert_error(api.get("/payments/imp_demo_vbank_paid/naver/product-orders"), 404)


def test_required_fields_are_400(api: Api) -> None:
    path = "/payments/imp_demo_naver_new/naver"
    assert "delivery_method" in assert_error(api.post(f"{path}/ship", {"dispatched_at": 1}), 400)["message"]
    no_tracking = {"delivery_method": "DELIVERY", "dispatched_at": 1, "delivery_company": "CJGLS"}
    assert "tracking_number" in assert_error(api.post(f"{path}/ship", no_tracking), 400)["message"]
    bad_method = {**SHIP, "delivery_method": "TELEPORT"}
    assert "delivery_method" in assert_error(api.post(f"{path}/ship", bad_method), 400)["message"]
    visit = {"delivery_method": "VISIT_RECEIPT", "dispatched_at": 1}
    assert api.post(f"{path}/ship", visit).status_code == 200
    returns = "/payments/imp_demo_naver_return_request/naver"
    assert "memo" in assert_error(api.post(f"{returns}/reject-return"), 400)["message"]
    assert "memo" in assert_error(api.post(f"{returns}/withhold-return"), 400)["message"]
    by_courier = {"delivery_method": "RETURN_DELIVERY"}
    delivered = "/payments/imp_demo_naver_delivered/naver/request-return"
    assert "delivery_company" in assert_error(api.post(delivered, by_courier), 400)["message"]


def test_delivering_becomes_delivered_after_three_days(api: Api) -> None:
    created = api.naver_payment("PAYED")
    order_id = created["product_order_ids"][0]
    api.post(f"/payments/{created['imp_uid']}/naver/ship", SHIP)
    api.advance(3 * DAY - 60)
    assert (
        api.get(f"/naver/product-orders/{order_id}").json()["response"]["product_order_status"]
        == "DELIVERING"
    )
    api.advance(120)
    assert (
        api.get(f"/naver/product-orders/{order_id}").json()["response"]["product_order_status"] == "DELIVERED"
    )


def test_return_hold_flow(api: Api) -> None:
    path = "/payments/imp_demo_naver_return_request/naver"
    assert api.post(
        f"{path}/withhold-return", {**MEMO, "reason": "RETURN_DELIVERYFEE", "extra_charge": 5000}
    ).ok
    held = assert_error(api.post(f"{path}/approve-return"), 500)
    assert "보류" in held["message"]
    assert api.post(f"{path}/resolve-return").status_code == 200
    done = api.post(f"{path}/approve-return").json()["response"][0]
    assert (done["product_order_status"], done["claim_status"]) == ("RETURNED", "RETURN_DONE")


def test_exchange_flow(api: Api) -> None:
    path = "/payments/imp_demo_naver_exchange_request/naver"
    assert_error(api.post(f"{path}/ship-exchanged", RESHIP), 500)
    assert api.post(f"{path}/collect-exchanged").status_code == 200
    order = api.post(f"{path}/ship-exchanged", RESHIP).json()["response"][0]
    assert order["claim_status"] == "EXCHANGE_REDELIVERING"


def test_demo_orders_cover_every_state(api: Api) -> None:
    five = api.get("/payments/imp_demo_naver_five/naver/product-orders").json()["response"]
    assert [order["product_order_status"] for order in five] == [
        "PAYED",
        "PAYED",
        "DELIVERING",
        "DELIVERED",
        "CANCELED",
    ]
    order = five[0]
    for name in ("product_id", "product_name", "product_option_id", "product_option_name", "quantity"):
        assert order[name] not in (None, "")
    assert order["orderer"]["name"] and order["shipping_address"]["base"]
    assert not any(key.startswith("_") for key in order)
    assert len(api.get("/payments/imp_demo_naver_three/naver/product-orders").json()["response"]) == 3


def test_single_product_order_404(api: Api) -> None:
    assert api.get("/naver/product-orders/2026200100000001").status_code == 200
    assert_error(api.get("/naver/product-orders/0000"), 404)
