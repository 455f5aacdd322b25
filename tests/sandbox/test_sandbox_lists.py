"""The sandbox's list endpoints against the spec: statuses, paging, limits, windows, sorting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.sandbox import Api

from portone_desk.sandbox.server import SandboxServer

DAY = 24 * 3600


@pytest.fixture
def empty() -> Iterator[Api]:
    server = SandboxServer(seed_demo=False).start()
    try:
        yield Api(server)
    finally:
        server.stop()


def _now(api: Api) -> int:
    return api.control("GET", "clock")["now"]


def _shop(api: Api) -> dict[str, list[str]]:
    """Payments in every status at known times (hours ago of their *current* status)."""
    now = _now(api)
    made: dict[str, list[str]] = {"paid": [], "ready": [], "cancelled": [], "failed": []}
    for hours in range(1, 8):  # 7 paid, paid `hours` ago, started an hour before
        paid_at = now - hours * 3600
        made["paid"].append(
            api.create_payment(status="paid", started_at=paid_at - 3600, paid_at=paid_at)["imp_uid"]
        )
    for hours in (2, 5):
        made["ready"].append(api.create_payment(status="ready", started_at=now - hours * 3600)["imp_uid"])
    # Paid 100 days ago, cancelled 1 day ago: in the default window by its cancel time.
    made["cancelled"].append(
        api.create_payment(
            status="cancelled", started_at=now - 100 * DAY, paid_at=now - 100 * DAY, cancelled_at=now - DAY
        )["imp_uid"]
    )
    made["failed"].append(api.create_payment(status="failed", started_at=now - 3 * 3600)["imp_uid"])
    return made


def _page(api: Api, status: str = "all", **params: object) -> dict:
    answer = api.get(f"/payments/status/{status}", params=params)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["code"] == 0
    return body["response"]


def test_each_status_and_all(empty: Api) -> None:
    made = _shop(empty)
    everything = _page(empty, limit=100)
    assert everything["total"] == 11
    assert {p["imp_uid"] for p in everything["list"]} == {i for ids in made.values() for i in ids}
    for status, ids in made.items():
        page = _page(empty, status, limit=100)
        assert page["total"] == len(ids)
        assert {p["imp_uid"] for p in page["list"]} == set(ids)
        assert {p["status"] for p in page["list"]} == {status}


def test_invalid_status_is_400(empty: Api) -> None:
    answer = empty.get("/payments/status/refunded")
    assert answer.status_code == 400
    assert answer.json()["code"] != 0


def test_default_limit_is_20_and_paging(empty: Api) -> None:
    now = _now(empty)
    for minutes in range(45):
        empty.create_payment(status="paid", started_at=now - 7200 - minutes * 60, paid_at=now - minutes * 60)
    first = _page(empty)
    assert (first["total"], len(first["list"]), first["previous"], first["next"]) == (45, 20, 0, 2)
    second = _page(empty, page=2)
    assert (len(second["list"]), second["previous"], second["next"]) == (20, 1, 3)
    third = _page(empty, page=3)
    assert (len(third["list"]), third["previous"], third["next"]) == (5, 2, 0)
    seen = [p["imp_uid"] for page in (first, second, third) for p in page["list"]]
    assert len(set(seen)) == 45
    past = empty.get("/payments/status/all", params={"page": 4})
    assert past.status_code == 400


def test_limits(empty: Api) -> None:
    _shop(empty)
    assert len(_page(empty, limit=1000)["list"]) == 11
    assert len(_page(empty, limit=3)["list"]) == 3
    assert empty.get("/payments/status/all", params={"limit": 1001}).status_code == 400
    assert empty.get("/payments/status/all", params={"limit": 0}).status_code == 400
    assert empty.get("/payments/status/all", params={"page": 0}).status_code == 400


def test_empty_first_page_is_not_an_error(empty: Api) -> None:
    page = _page(empty)
    assert page == {"total": 0, "previous": 0, "next": 0, "list": []}


def test_window_filters_on_the_current_status_time(empty: Api) -> None:
    made = _shop(empty)
    now = _now(empty)
    # paid 1..3 hours ago, by paid time (their start is an hour earlier still)
    recent = _page(empty, "paid", **{"from": now - 3 * 3600, "to": now})
    assert recent["total"] == 3
    assert {p["imp_uid"] for p in recent["list"]} == set(made["paid"][:3])
    # from/to are inclusive
    exact = _page(empty, "paid", **{"from": now - 2 * 3600, "to": now - 2 * 3600})
    assert [p["imp_uid"] for p in exact["list"]] == [made["paid"][1]]
    # the cancelled payment was paid 100 days ago but counts by its cancel time
    assert _page(empty, "cancelled")["total"] == 1
    old = _page(empty, "all", **{"from": now - 101 * DAY, "to": now - 99 * DAY})
    assert old["total"] == 0


def test_default_window_is_90_days_and_longer_is_refused(empty: Api) -> None:
    now = _now(empty)
    empty.create_payment(status="paid", started_at=now - 95 * DAY, paid_at=now - 95 * DAY)
    empty.create_payment(status="paid", started_at=now - 80 * DAY, paid_at=now - 80 * DAY)
    assert _page(empty)["total"] == 1
    back = _page(empty, **{"to": now - 85 * DAY})  # from defaults to 90 days before `to`
    assert back["total"] == 1
    too_long = empty.get("/payments/status/all", params={"from": now - 91 * DAY, "to": now})
    assert too_long.status_code == 400
    assert "90일" in too_long.json()["message"]
    assert empty.get("/payments/status/all", params={"from": now - 91 * DAY}).status_code == 400


@pytest.mark.parametrize(
    ("sorting", "key", "descending"),
    [
        ("-started", "started_at", True),
        ("started", "started_at", False),
        ("-paid", "paid_at", True),
        ("paid", "paid_at", False),
    ],
)
def test_sorting(empty: Api, sorting: str, key: str, descending: bool) -> None:
    now = _now(empty)
    # paid order differs from started order
    for started, paid in ((10, 1), (9, 5), (8, 3), (7, 6), (6, 2)):
        empty.create_payment(status="paid", started_at=now - started * 3600, paid_at=now - paid * 3600)
    values = [p[key] for p in _page(empty, "paid", sorting=sorting)["list"]]
    assert values == sorted(values, reverse=descending)
    assert len(set(values)) == 5


def test_default_sorting_is_newest_started_first(empty: Api) -> None:
    _shop(empty)
    values = [p["started_at"] for p in _page(empty, limit=100)["list"]]
    assert values == sorted(values, reverse=True)


def test_updated_sorting_follows_changes(empty: Api) -> None:
    now = _now(empty)
    first = empty.create_payment(status="paid", started_at=now - 7200, paid_at=now - 7000)["imp_uid"]
    second = empty.create_payment(status="paid", started_at=now - 3600, paid_at=now - 3000)["imp_uid"]
    empty.advance(60)
    issued = empty.post(f"/receipts/{first}", {"identifier": "01012345678"})
    assert issued.status_code == 200, issued.text
    order = [p["imp_uid"] for p in _page(empty, sorting="-updated")["list"]]
    assert order == [first, second]
    assert [p["imp_uid"] for p in _page(empty, sorting="updated")["list"]] == [second, first]


def test_list_by_imp_uid_and_merchant_uid(empty: Api) -> None:
    a = empty.create_payment(merchant_uid="order-a")
    b = empty.create_payment(merchant_uid="order-b")
    again = empty.create_payment(merchant_uid="order-b", status="failed")
    answer = empty.get("/payments", params={"imp_uid[]": [a["imp_uid"], b["imp_uid"]]})
    assert answer.status_code == 200
    assert {p["imp_uid"] for p in answer.json()["response"]} == {a["imp_uid"], b["imp_uid"]}
    by_order = empty.get("/payments", params={"merchant_uid[]": ["order-b"]})
    assert {p["imp_uid"] for p in by_order.json()["response"]} == {b["imp_uid"], again["imp_uid"]}
    some = empty.get("/payments", params={"imp_uid[]": [a["imp_uid"], "imp_nope"]})
    assert some.status_code == 207
    assert [p["imp_uid"] for p in some.json()["response"]] == [a["imp_uid"]]
    none = empty.get("/payments", params={"imp_uid[]": ["imp_nope"]})
    assert none.status_code == 404
    assert empty.get("/payments").status_code == 400
    too_many = empty.get("/payments", params={"imp_uid[]": [f"imp_{i}" for i in range(101)]})
    assert too_many.status_code == 400


def test_all_payments_of_an_order_number(empty: Api) -> None:
    now = _now(empty)
    first = empty.create_payment(merchant_uid="order-x", status="failed", started_at=now - 600)
    second = empty.create_payment(merchant_uid="order-x", status="paid", started_at=now - 300)
    empty.create_payment(merchant_uid="order-y")
    answer = empty.get("/payments/findAll/order-x")
    assert answer.status_code == 200
    page = answer.json()["response"]
    assert page["total"] == 2
    assert [p["imp_uid"] for p in page["list"]] == [second["imp_uid"], first["imp_uid"]]
    paid = empty.get("/payments/findAll/order-x/paid").json()["response"]
    assert [p["imp_uid"] for p in paid["list"]] == [second["imp_uid"]]
    assert empty.get("/payments/findAll/order-x/cancelled").status_code == 404
    assert empty.get("/payments/findAll/order-x/refunded").status_code == 400
    assert empty.get("/payments/findAll/order-none").status_code == 404


def test_pg_settings(api: Api) -> None:
    answer = api.get("/users/pg")
    assert answer.status_code == 200
    settings = answer.json()["response"]
    assert {"kcp", "naverco"} <= {s["pg_provider"] for s in settings}
    for setting in settings:
        assert set(setting) >= {"pg_provider", "pg_id", "sandbox", "type", "channel_key"}
        assert setting["type"] in ("payment", "api_payment", "certification")
