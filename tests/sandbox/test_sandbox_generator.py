"""The shop generator: realistic, complete in Naver states, the same for the same seed."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from support.sandbox import Api

from portone_desk.api.naver_states import open_claim
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.generator import NAVER_STATES, generate
from portone_desk.sandbox.server import SandboxServer
from portone_desk.sandbox.store import SandboxStore

NOW = 1_790_000_000
DAY = 24 * 3600


def _shop(payments: int, seed: int, days: int = 30) -> SandboxStore:
    store = SandboxStore(None)
    with store.transaction():
        generate(store, NOW, payments, days, seed)
    return store


def _all(store: SandboxStore, table: str) -> list[dict]:
    import json

    return [json.loads(row[0]) for row in store._conn.execute(f"SELECT doc FROM {table} ORDER BY 1")]


def test_same_seed_same_shop_and_another_seed_another() -> None:
    first = _all(_shop(300, seed=5), "payments")
    again = _all(_shop(300, seed=5), "payments")
    other = _all(_shop(300, seed=6), "payments")
    assert first == again
    assert [p["buyer_name"] for p in first] != [p["buyer_name"] for p in other]
    assert _all(_shop(300, seed=5), "product_orders") == _all(_shop(300, seed=5), "product_orders")


def test_a_realistic_mix() -> None:
    payments = _all(_shop(1500, seed=1, days=20), "payments")
    assert len(payments) == 1500
    pgs = Counter(p["pg_provider"] for p in payments)
    assert {"kcp", "html5_inicis", "naverco", "naverpay", "kakaopay"} <= set(pgs)
    assert {p["pay_method"] for p in payments} >= {"card", "vbank", "trans", "naverpay"}
    assert {p["status"] for p in payments} == {"paid", "cancelled", "failed", "ready"}
    for payment in payments:
        assert re.fullmatch(r"[가-힣]{2,3}", payment["buyer_name"])
        assert re.fullmatch(r"010-\d{4}-\d{4}", payment["buyer_tel"])
        assert re.fullmatch(r"[a-z]+\d+@[a-z]+\.(com|net)", payment["buyer_email"])
        assert NOW - 20 * DAY <= payment["started_at"] <= NOW
    names = Counter(p["buyer_name"] for p in payments)
    assert len(names) > 600  # many different people, some namesakes
    cash_paid = [p for p in payments if p["pay_method"] in ("vbank", "trans") and p["status"] == "paid"]
    issued = [p for p in cash_paid if p["cash_receipt_issued"]]
    assert 0.15 * len(cash_paid) < len(issued) < 0.5 * len(cash_paid)


def test_every_naver_state_and_claim_and_deadlines_around_today() -> None:
    store = _shop(400, seed=3)
    orders = _all(store, "product_orders")
    seen = {(o["product_order_status"], o["claim_type"], o["claim_status"], o["_held"]) for o in orders}
    for state in NAVER_STATES:
        key = (
            state["product_order_status"],
            state.get("claim_type"),
            state.get("claim_status"),
            bool(state.get("held")),
        )
        assert key in seen, key
    payed = [o for o in orders if o["product_order_status"] == "PAYED" and not open_claim(o)]
    assert any(o["_placed"] for o in payed) and any(not o["_placed"] for o in payed)
    dues = [o["shipping_due"] - NOW for o in payed]
    assert min(dues) < 0 < max(dues)  # some overdue, some still to come
    assert all(-3 * DAY <= due <= 4 * DAY for due in dues)


@pytest.mark.parametrize("bad", [{"payments": 0}, {"payments": 10, "days": 0}, {"payments": "x"}])
def test_generate_endpoint(bad: dict) -> None:
    with SandboxServer(seed_demo=False) as server, SandboxControl(server.url) as control:
        made = control.generate(50, seed=2)
        assert made["payments"] == 50
        page = Api(server).get("/payments/status/all", params={"limit": 1000}).json()["response"]
        assert page["total"] == 50
        refused = control.call("POST", "generate", bad)
        assert refused.status_code == 400
        assert refused.json()["error"]


def test_a_configured_shop_comes_back_after_reset() -> None:
    with SandboxServer(seed_demo=False, shop={"payments": 30, "days": 10, "seed": 4}) as server:
        count = server.app.store._conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
        assert count == 30
        with SandboxControl(server.url) as control:
            control.reset()
        assert server.app.store._conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 30
