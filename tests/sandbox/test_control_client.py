"""``SandboxControl`` against a real sandbox: every control call, the request log's filters, and
waiting for calls on a condition (logged on arrival, marked when answered)."""

from __future__ import annotations

import threading

import pytest
import requests

from portone_desk.sandbox.control_client import RequestsNotSeen, SandboxControl, SandboxControlError
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer


def _token(url: str) -> str:
    reply = requests.post(
        f"{url}/users/getToken", json={"imp_key": DEMO_IMP_KEY, "imp_secret": DEMO_IMP_SECRET}, timeout=5
    )
    return str(reply.json()["response"]["access_token"])


def _get(url: str, path: str, token: str, timeout: float = 5) -> requests.Response:
    return requests.get(f"{url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=timeout)


def test_clock_calls(control: SandboxControl) -> None:
    start = control.now()
    assert control.advance(3600) - start in (3600, 3601)
    assert control.clock()["offset"] >= 3599
    assert control.set_clock(1893456000) in (1893456000, 1893456001)
    control.reset()
    assert control.clock()["offset"] == 0


def test_payments_and_control_errors(control: SandboxControl, sandbox: SandboxServer) -> None:
    created = control.add_payment(
        pay_method="naverpay",
        amount=20000,
        status="paid",
        pg_provider="naverco",
        product_orders=[{"product_order_status": "PAYED"}, {"product_order_status": "DELIVERING"}],
    )
    assert created["imp_uid"] and len(created["product_order_ids"]) == 2
    payment = _get(sandbox.url, f"/payments/{created['imp_uid']}", _token(sandbox.url)).json()["response"]
    assert payment["amount"] == 20000
    with pytest.raises(SandboxControlError) as refused:
        control.add_payment(amount=1000)
    assert refused.value.status == 400 and "pay_method" in refused.value.message
    with pytest.raises(SandboxControlError) as unknown:
        control._json("POST", "explode")
    assert unknown.value.status == 404


def test_faults(control: SandboxControl) -> None:
    control.add_fault(path="/payments/", status=503, times=2)
    control.add_faults([{"path": "/receipts/", "body": "drop"}, {"path": "/naver/", "latency_ms": 10}])
    pending = control.faults()
    assert [(rule["path"], rule["times"]) for rule in pending] == [
        ("/payments/", 2),
        ("/receipts/", 1),
        ("/naver/", 1),
    ]
    with pytest.raises(SandboxControlError) as bad:
        control.add_fault(path="/", when="later")
    assert bad.value.status == 400
    control.clear_faults()
    assert control.faults() == []


def test_request_log_filters_and_mark(control: SandboxControl, sandbox: SandboxServer) -> None:
    token = _token(sandbox.url)
    _get(sandbox.url, "/payments/imp_demo_vbank_paid", token)
    mark = control.mark()
    assert mark == 2
    _get(sandbox.url, "/receipts/imp_demo_vbank_paid", token)
    requests.post(f"{sandbox.url}/receipts/imp_demo_vbank_paid", json={}, timeout=5)
    assert [r["path"] for r in control.requests()] == [
        "/users/getToken",
        "/payments/imp_demo_vbank_paid",
        "/receipts/imp_demo_vbank_paid",
        "/receipts/imp_demo_vbank_paid",
    ]
    assert [r["index"] for r in control.requests(since=mark)] == [2, 3]
    assert [r["method"] for r in control.requests(path="/receipts/")] == ["GET", "POST"]
    assert [r["index"] for r in control.requests(method="post")] == [0, 3]
    assert [r["index"] for r in control.requests(since=1, method="GET", path="imp_demo")] == [1, 2]
    assert control.requests(path="/nothing") == []
    assert control.mark() == 4


def test_a_call_is_logged_when_it_arrives_and_again_when_answered(
    control: SandboxControl, sandbox: SandboxServer
) -> None:
    token = _token(sandbox.url)
    release = threading.Event()
    control.add_fault(path="/payments/", latency_ms=400, when="after")
    answers: list[int] = []

    def call() -> None:
        answers.append(_get(sandbox.url, "/payments/imp_demo_vbank_paid", token).status_code)
        release.set()

    worker = threading.Thread(target=call)
    worker.start()
    arrived = control.wait_for_requests(path="/payments/", answered=False, timeout=5)
    # Seen while the answer is still held back by the fault: in the log, not answered yet.
    assert len(arrived) == 1 and not arrived[0]["answered"]
    assert arrived[0]["state"] in ("received", "handled") and not release.is_set()
    done = control.wait_for_requests(path="/payments/", timeout=5)
    assert done[0]["answered"] and done[0]["state"] == "answered" and done[0]["status"] == 200
    assert done[0]["answered_at"] >= done[0]["time"]
    worker.join(timeout=5)
    assert answers == [200]


def test_a_dropped_call_is_answered_without_a_status(control: SandboxControl, sandbox: SandboxServer) -> None:
    token = _token(sandbox.url)
    control.add_fault(path="/payments/", body="drop")
    with pytest.raises(requests.ConnectionError):
        _get(sandbox.url, "/payments/imp_demo_vbank_paid", token)
    [dropped] = control.wait_for_requests(method="GET", path="/payments/", timeout=5)
    assert (dropped["state"], dropped["status"]) == ("dropped", None)


def test_wait_for_requests_counts_and_times_out(control: SandboxControl, sandbox: SandboxServer) -> None:
    token = _token(sandbox.url)
    since = control.mark()
    for _ in range(3):
        _get(sandbox.url, "/payments/imp_demo_vbank_paid", token)
    assert len(control.wait_for_requests(3, since=since, method="GET")) == 3
    with pytest.raises(RequestsNotSeen, match=r"4 answered call\(s\) to GET any path"):
        control.wait_for_requests(4, since=since, method="GET", timeout=0.2)


def test_receipt_page(control: SandboxControl) -> None:
    status, page = control.receipt_page("imp", "imp_does_not_exist")
    assert status == 404 and "<html" in page.lower()
