"""The /_sandbox/ control API: reset, clock, payments, request log and fault injection."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
from support.sandbox import PHONE_BODY, Api, assert_error

from portone_desk.sandbox.server import SandboxServer


def test_reset_restores_demo_data_and_clears_everything(api: Api) -> None:
    token = api.token()
    assert api.post("/receipts/imp_demo_vbank_paid", PHONE_BODY).status_code == 200
    api.control("POST", "clock", {"advance": 3600})
    api.control("POST", "faults", {"path": "/payments/", "status": 503, "times": 5})
    api.control("POST", "reset")
    assert api.control("GET", "clock")["offset"] == 0
    assert api.control("GET", "requests")["requests"] == []
    assert api.control("GET", "faults")["pending"] == []
    assert_error(api.get("/receipts/imp_demo_vbank_paid", token=token), 401)
    fresh = api.get_token().json()["response"]["access_token"]
    assert_error(api.get("/receipts/imp_demo_vbank_paid", token=fresh), 404)
    assert api.get("/payments/imp_demo_vbank_paid", token=fresh).status_code == 200


def test_clock_advance_and_set(api: Api) -> None:
    before = api.control("GET", "clock")["now"]
    assert api.control("POST", "clock", {"advance": 86400})["now"] - before in (86400, 86401)
    assert api.control("POST", "clock", {"set": 1893456000})["now"] in (1893456000, 1893456001)
    token = api.get_token().json()["response"]
    assert token["now"] in (1893456000, 1893456001)
    bad = api.sandbox.call("POST", "clock", {"jump": 1})
    assert bad.status_code == 400 and "advance" in bad.json()["error"]


def test_create_payments(api: Api) -> None:
    created = api.create_payment(
        pay_method="trans",
        amount=55000,
        status="paid",
        pg_provider="tosspayments",
        merchant_uid="order-test-1",
        buyer_name="테스트",
        cancel_amount=5000,
    )
    assert created["merchant_uid"] == "order-test-1" and created["product_order_ids"] == []
    payment = api.get(f"/payments/{created['imp_uid']}").json()["response"]
    assert (payment["amount"], payment["cancel_amount"], payment["buyer_name"]) == (55000, 5000, "테스트")
    assert api.post(f"/receipts/{created['imp_uid']}", PHONE_BODY).json()["response"]["amount"] == 50000
    naver = api.naver_payment(
        {
            "product_order_status": "PAYED",
            "product_order_id": "PO-1",
            "product_name": "테스트 상품",
            "quantity": 2,
        },
        {
            "product_order_status": "DELIVERED",
            "claim_type": "RETURN",
            "claim_status": "RETURN_REQUEST",
            "held": True,
        },
    )
    assert naver["product_order_ids"][0] == "PO-1" and len(naver["product_order_ids"]) == 2
    single = api.get("/naver/product-orders/PO-1").json()["response"]
    assert (single["product_name"], single["quantity"]) == ("테스트 상품", 2)
    refused = api.sandbox.call("POST", "payments", {"amount": 1000})
    assert refused.status_code == 400 and "pay_method" in refused.json()["error"]
    duplicate = api.sandbox.call(
        "POST",
        "payments",
        {
            "pay_method": "card",
            "amount": 1,
            "status": "paid",
            "pg_provider": "kcp",
            "imp_uid": created["imp_uid"],
        },
    )
    assert duplicate.status_code == 400


def test_request_log(api: Api) -> None:
    start = api.control("GET", "requests")["next"]
    api.token()
    api.get("/payments/imp_demo_vbank_paid", params={"include_sandbox": "true"})
    requests.get(f"{api.url}/payments/imp_demo_vbank_paid")
    log = api.control("GET", f"requests?since={start}")
    entries = log["requests"]
    assert [entry["path"] for entry in entries] == [
        "/users/getToken",
        "/payments/imp_demo_vbank_paid",
        "/payments/imp_demo_vbank_paid",
    ]
    token_call, with_token, without = entries
    assert token_call["body"] == {"imp_key": "sandbox_key", "imp_secret": "***"}
    assert not token_call["token_sent"] and with_token["token_sent"] and not without["token_sent"]
    assert (with_token["status"], without["status"]) == (200, 401)
    assert with_token["query"] == {"include_sandbox": "true"}
    assert with_token["method"] == "GET" and with_token["time"] > 0
    assert log["next"] == start + 3
    assert api.control("GET", f"requests?since={log['next']}")["requests"] == []
    assert all(
        not entry["path"].startswith("/_sandbox") for entry in api.control("GET", "requests")["requests"]
    )


def test_fault_json_status_before_does_not_run_the_operation(api: Api) -> None:
    api.token()
    api.control("POST", "faults", {"path": "/receipts/", "method": "POST", "status": 503})
    assert_error(api.post("/receipts/imp_demo_vbank_paid", PHONE_BODY), 503)
    assert_error(api.get("/receipts/imp_demo_vbank_paid"), 404)  # GET did not match, nothing issued
    assert api.post("/receipts/imp_demo_vbank_paid", PHONE_BODY).status_code == 200  # times=1 used up
    faulted = [entry for entry in api.control("GET", "requests")["requests"] if "fault" in entry]
    assert len(faulted) == 1 and faulted[0]["status"] == 503


def test_fault_html_and_malformed(api: Api) -> None:
    api.token()
    api.control(
        "POST",
        "faults",
        [
            {"path": "/payments/imp_demo_vbank_paid", "body": "html", "status": 502},
            {"path": "/payments/imp_demo_trans_paid", "body": "malformed"},
        ],
    )
    html = api.get("/payments/imp_demo_vbank_paid")
    assert html.status_code == 502 and html.headers["Content-Type"].startswith("text/html")
    malformed = api.get("/payments/imp_demo_trans_paid")
    assert malformed.status_code == 200
    with pytest.raises(ValueError):
        malformed.json()


def test_fault_times_and_latency(api: Api) -> None:
    api.token()
    api.control("POST", "faults", {"path": "/payments/", "latency_ms": 150, "times": 2})
    for _ in range(2):
        started = time.monotonic()
        assert api.get("/payments/imp_demo_vbank_paid").status_code == 200
        assert time.monotonic() - started >= 0.15
    api.get("/payments/imp_demo_vbank_paid")
    # Used up after two: the log says which calls the rule delayed (no wall-clock upper bound).
    delayed = [r.get("fault", {}).get("latency_ms") for r in api.sandbox.requests(path="/payments/")]
    assert delayed == [150, 150, None]


def test_fault_drop_before(api: Api) -> None:
    api.token()
    api.control("POST", "faults", {"path": "/receipts/imp_demo_vbank_paid", "body": "drop"})
    with pytest.raises(requests.ConnectionError):
        api.post("/receipts/imp_demo_vbank_paid", PHONE_BODY)
    assert_error(api.get("/receipts/imp_demo_vbank_paid"), 404)


def test_fault_drop_after_runs_the_operation_and_loses_the_answer(api: Api) -> None:
    api.token()
    api.control(
        "POST",
        "faults",
        {"path": "/receipts/imp_demo_vbank_paid", "method": "POST", "body": "drop", "when": "after"},
    )
    with pytest.raises(requests.ConnectionError):
        api.post("/receipts/imp_demo_vbank_paid", PHONE_BODY)
    assert api.get("/receipts/imp_demo_vbank_paid").status_code == 200  # it was issued
    assert_error(api.post("/receipts/imp_demo_vbank_paid", PHONE_BODY), 400)  # a blind retry fails


def test_fault_latency_after_makes_a_client_timeout(api: Api) -> None:
    api.token()
    api.control("POST", "faults", {"path": "/receipts/", "latency_ms": 600, "when": "after"})
    with pytest.raises(requests.Timeout):
        api.post("/receipts/imp_demo_trans_paid", PHONE_BODY, timeout=0.2)
    assert api.get("/receipts/imp_demo_trans_paid").status_code == 200


def test_fault_status_after(api: Api) -> None:
    api.token()
    api.control("POST", "faults", {"path": "/receipts/", "status": 500, "when": "after"})
    assert_error(api.post("/receipts/imp_demo_vbank_paid", PHONE_BODY), 500)
    assert api.get("/receipts/imp_demo_vbank_paid").status_code == 200


def test_invalid_fault_rules_are_400(api: Api) -> None:
    for rule in ({"status": 500}, {"path": "/", "body": "teapot"}, {"path": "/", "when": "later"}):
        response = api.sandbox.call("POST", "faults", rule)
        assert response.status_code == 400 and response.json()["error"]


def test_unknown_control_call_is_404(api: Api) -> None:
    response = api.sandbox.call("POST", "explode")
    assert response.status_code == 404 and response.json()["error"]


def test_file_backed_state_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "training.sqlite3")
    with SandboxServer(db_path=db) as first:
        api = Api(first)
        token = api.token()
        assert api.post("/receipts/imp_demo_vbank_paid", PHONE_BODY).status_code == 200
        assert api.post("/payments/imp_demo_naver_new/naver/place").status_code == 200
        api.control("POST", "clock", {"advance": 600})
    with SandboxServer(db_path=db) as second:
        api = Api(second)
        receipt = api.get("/receipts/imp_demo_vbank_paid", token=token)
        assert receipt.status_code == 200  # the token and the receipt both survived
        assert api.control("GET", "clock")["offset"] >= 599
        assert_error(api.post("/payments/imp_demo_naver_new/naver/place", token=token), 500)
        api.control("POST", "reset")
        assert_error(api.get("/receipts/imp_demo_vbank_paid"), 404)


def test_many_payments_created_in_one_second_get_distinct_order_ids(api: Api) -> None:
    ids: list[str] = []
    for _ in range(400):
        created = api.naver_payment("PAYED", "PAYED", "PAYED")
        ids.extend(created["product_order_ids"])
    assert len(ids) == len(set(ids)) == 1200
