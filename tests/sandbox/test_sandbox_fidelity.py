"""Where the sandbox must behave as PortOne does (issue 10): bodies that never fully arrive,
unparsable bodies, and the other fidelity points (one test or more each)."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

from support.sandbox import PHONE_BODY, Api, assert_error


def _raw(api: Api, head: str, body: bytes) -> bytes:
    """Send ``head`` and ``body`` on a raw socket, close our side, and return the answer."""
    parts = urlsplit(api.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        conn.sendall(head.encode("latin-1") + body)
        conn.shutdown(socket.SHUT_WR)  # the client is gone before the rest of the body
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def _statuses(api: Api, imp_uid: str) -> list[str]:
    orders = api.get(f"/payments/{imp_uid}/naver/product-orders").json()["response"]
    return [o["product_order_status"] for o in orders]


def _place_head(api: Api, imp_uid: str, length: int, content_type: str = "application/json") -> str:
    return (
        f"POST /payments/{imp_uid}/naver/place HTTP/1.1\r\n"
        f"Host: 127.0.0.1\r\nAuthorization: Bearer {api.token()}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
    )


def test_a_body_shorter_than_its_content_length_is_400_and_not_executed(api: Api) -> None:
    payment = api.naver_payment("PAYED", "PAYED")
    imp_uid = payment["imp_uid"]
    first, second = payment["product_order_ids"]
    # A form body cut after the first id still parses: it must not place that one order.
    body = f"product_order_id[]={first}&product_order_id[]={second}".encode()
    cut = len(f"product_order_id[]={first}")
    before = _statuses(api, imp_uid)
    form = "application/x-www-form-urlencoded"
    answer = _raw(api, _place_head(api, imp_uid, len(body), form), body[:cut])
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert "다 도착하지 않았습니다" in answer.decode("utf-8", "replace")
    assert _statuses(api, imp_uid) == before
    json_body = json.dumps({"product_order_id": [first]}).encode()
    assert _raw(api, _place_head(api, imp_uid, len(json_body)), json_body[:10]).startswith(b"HTTP/1.1 400")
    logged = api.sandbox.requests(path="/naver/place")
    assert [r["status"] for r in logged] == [400, 400]
    # Placing the first order again now succeeds: the cut request placed nothing.
    placed = api.post(f"/payments/{imp_uid}/naver/place", {"product_order_id": [first]})
    assert placed.status_code == 200, placed.text


def test_a_body_that_is_empty_though_announced_is_400(api: Api) -> None:
    """The reported case: the client was killed after the headers; a body-less place would
    have confirmed every order of the payment."""
    payment = api.naver_payment("PAYED", "PAYED", "PAYED")
    answer = _raw(api, _place_head(api, payment["imp_uid"], 64), b"")
    assert answer.startswith(b"HTTP/1.1 400")
    assert api.post(f"/payments/{payment['imp_uid']}/naver/place").status_code == 200  # still placeable


def test_unparsable_bodies_are_400_and_not_executed(api: Api) -> None:
    payment = api.naver_payment("PAYED")
    path = f"/payments/{payment['imp_uid']}/naver/place"
    for content_type, raw in [
        ("application/json", b'{"product_order_id": ['),
        ("application/json", b"[1, 2]"),
        ("application/json", b'{"product_order_id": ["\xff\xfe"]}'),
    ]:
        headers = {"Authorization": f"Bearer {api.token()}", "Content-Type": content_type}
        response = api.http.post(f"{api.url}{path}", data=raw, headers=headers, timeout=10)
        assert_error(response, 400)
    answer = _raw(
        api,
        f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {api.token()}\r\n"
        "Content-Type: application/json\r\nContent-Length: ten\r\n\r\n",
        b"{}",
    )
    assert answer.startswith(b"HTTP/1.1 400")
    assert api.post(path).status_code == 200  # nothing was placed before


# --- include_sandbox ------------------------------------------------------------------------------


def test_test_channel_payments_are_hidden_unless_include_sandbox(api: Api) -> None:
    made = api.create_payment(sandbox=True, merchant_uid="order-test-channel-1")
    imp_uid = made["imp_uid"]
    assert_error(api.get(f"/payments/{imp_uid}"), 404)
    assert_error(api.get(f"/payments/{imp_uid}", params={"include_sandbox": "false"}), 404)
    shown = api.get(f"/payments/{imp_uid}", params={"include_sandbox": "true"}).json()["response"]
    assert shown["sandbox"] is True
    live = api.create_payment()
    assert api.get(f"/payments/{live['imp_uid']}").status_code == 200  # live-channel: always shown


# --- a receipt issued in the payment window -------------------------------------------------------


def test_cash_receipt_issued_in_the_payment_window_has_no_api_receipt(api: Api) -> None:
    made = api.create_payment(pay_method="trans", cash_receipt_issued=True)
    payment = api.get(f"/payments/{made['imp_uid']}").json()["response"]
    assert payment["cash_receipt_issued"] is True
    assert_error(api.get(f"/receipts/{made['imp_uid']}"), 404)


# --- Tier -----------------------------------------------------------------------------------------


def _with_tier(api: Api, method: str, path: str, tier: str | None, **kwargs) -> object:
    headers = {"Authorization": f"Bearer {api.token()}"}
    if tier is not None:
        headers["Tier"] = tier
    return api.http.request(method, f"{api.url}{path}", headers=headers, timeout=10, **kwargs)


def test_a_sub_merchants_payment_answers_only_to_its_tier(api: Api) -> None:
    made = api.create_payment(tier="AB1", pay_method="vbank")
    path = f"/payments/{made['imp_uid']}"
    assert _with_tier(api, "GET", path, "AB1").status_code == 200
    for tier in (None, "ZZ9"):
        assert_error(_with_tier(api, "GET", path, tier), 404)
        assert_error(_with_tier(api, "POST", f"/receipts/{made['imp_uid']}", tier, json=PHONE_BODY), 404)
    assert api.get(f"/receipts/{made['imp_uid']}").status_code == 404  # nothing was issued
    issued = _with_tier(api, "POST", f"/receipts/{made['imp_uid']}", "AB1", json=PHONE_BODY)
    assert issued.status_code == 200
    # The agency's own payments are not checked (README: assumption).
    assert _with_tier(api, "GET", "/payments/imp_demo_vbank_paid", "AB1").status_code == 200


def test_a_sub_merchants_naver_orders_need_its_tier(api: Api) -> None:
    made = api.create_payment(
        tier="NV7",
        pg_provider="naverco",
        pay_method="naverpay",
        product_orders=[{"product_order_status": "PAYED"}],
    )
    order_path = f"/naver/product-orders/{made['product_order_ids'][0]}"
    assert_error(_with_tier(api, "GET", order_path, None), 404)
    assert _with_tier(api, "GET", order_path, "NV7").status_code == 200
    assert_error(_with_tier(api, "POST", f"/payments/{made['imp_uid']}/naver/place", None, json={}), 404)


# --- 결제형 cash amount -----------------------------------------------------------------------------


def test_naverpay_cash_amount_counts_only_the_cash_eligible_part(api: Api) -> None:
    base = {"pg_provider": "naverpay", "pay_method": "naverpay", "amount": 50000, "npoint_amount": 5000}
    card = api.create_payment(**base, primary_method="card")
    amounts = api.get(f"/payments/{card['imp_uid']}/naver/cash-amount").json()["response"]
    assert amounts["amount_by_primary"] == 0 and amounts["amount_by_npoint"] == 5000
    assert amounts["amount_total"] == 5000
    assert amounts["amount_supply"] + amounts["amount_vat"] == 5000
    bank = api.create_payment(**base, primary_method="bank")
    amounts = api.get(f"/payments/{bank['imp_uid']}/naver/cash-amount").json()["response"]
    assert (amounts["amount_total"], amounts["amount_by_primary"]) == (50000, 45000)


# --- seller-initiated returns ---------------------------------------------------------------------

DAY = 24 * 3600
RETURN_BODY = {"reason": "BROKEN", "delivery_method": "RETURN_INDIVIDUAL"}


def _claim(api: Api, order_id: str) -> tuple[str, str, str]:
    order = api.get(f"/naver/product-orders/{order_id}").json()["response"]
    return order["product_order_status"], order["claim_type"], order["claim_status"]


def test_a_sellers_return_request_goes_through_naver_states(api: Api) -> None:
    made = api.naver_payment("DELIVERED")
    order_id = made["product_order_ids"][0]
    response = api.post(f"/payments/{made['imp_uid']}/naver/request-return", RETURN_BODY)
    assert response.status_code == 200, response.text
    assert response.json()["response"][0]["claim_status"] == "RETURN_REQUEST"
    assert _claim(api, order_id) == ("DELIVERED", "RETURN", "RETURN_REQUEST")
    api.advance(DAY)
    assert _claim(api, order_id)[2] == "COLLECTING"
    api.advance(2 * DAY)
    assert _claim(api, order_id)[2] == "COLLECT_DONE"
    done = api.post(f"/payments/{made['imp_uid']}/naver/approve-return", {"product_order_id": [order_id]})
    assert done.status_code == 200, done.text
    api.advance(10 * DAY)
    assert _claim(api, order_id) == ("RETURNED", "RETURN", "RETURN_DONE")


def test_a_sellers_return_can_be_rejected_before_collection(api: Api) -> None:
    made = api.naver_payment("DELIVERED")
    order_id = made["product_order_ids"][0]
    api.post(f"/payments/{made['imp_uid']}/naver/request-return", RETURN_BODY)
    rejected = api.post(f"/payments/{made['imp_uid']}/naver/reject-return", {"memo": "고객 요청 철회"})
    assert rejected.status_code == 200, rejected.text
    api.advance(5 * DAY)
    assert _claim(api, order_id) == ("DELIVERED", "RETURN", "RETURN_REJECT")


# --- Naver sync lag -------------------------------------------------------------------------------

SHIP_BODY = {"delivery_method": "DELIVERY", "delivery_company": "CJGLS", "tracking_number": "123456789012"}


def test_naver_sync_lag_delays_what_lookups_show(api: Api) -> None:
    assert api.sandbox.settings() == {"naver_sync_lag": 0.0}  # off by default (tests)
    api.sandbox.settings(naver_sync_lag=60)
    made = api.naver_payment("PAYED")
    order_id = made["product_order_ids"][0]
    shipped = api.post(
        f"/payments/{made['imp_uid']}/naver/ship",
        {**SHIP_BODY, "dispatched_at": api.sandbox.now()},
    )
    assert shipped.json()["response"][0]["product_order_status"] == "DELIVERING"  # Naver's answer
    assert _claim(api, order_id)[0] == "PAYED"  # PortOne's copy has not synced yet
    listed = api.get(f"/payments/{made['imp_uid']}/naver/product-orders").json()["response"]
    assert listed[0]["product_order_status"] == "PAYED"
    # A second action acts on Naver's real state (already shipped), not on the stale copy.
    again = api.post(
        f"/payments/{made['imp_uid']}/naver/ship",
        {**SHIP_BODY, "dispatched_at": api.sandbox.now()},
    )
    assert again.status_code == 500
    api.advance(59)
    assert _claim(api, order_id)[0] == "PAYED"
    api.advance(1)
    assert _claim(api, order_id)[0] == "DELIVERING"
    api.sandbox.reset()
    assert api.sandbox.settings() == {"naver_sync_lag": 60.0}  # a reset keeps the settings


def test_training_sandbox_has_the_sync_lag_on(monkeypatch) -> None:
    from portone_desk.sandbox.control_client import SandboxControl
    from portone_desk.ui import sandbox_mode

    monkeypatch.delenv(sandbox_mode.SYNC_LAG_ENV, raising=False)
    assert sandbox_mode.training_sync_lag() == sandbox_mode.TRAINING_NAVER_SYNC_LAG_S > 0
    session = sandbox_mode.start_sandbox(None)
    try:
        lag = SandboxControl(session.url).settings()["naver_sync_lag"]
        assert lag == sandbox_mode.TRAINING_NAVER_SYNC_LAG_S
    finally:
        session.stop()
