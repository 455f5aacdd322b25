"""Naver Pay payment type (point, confirm, cash amount) and order-type reviews."""

from __future__ import annotations

from support.sandbox import Api, assert_error

from portone_desk.sandbox.demo import DEMO_NAVER_CHANNEL_KEY

DAY = 24 * 3600


def _window(api: Api) -> dict[str, int]:
    now = api.control("GET", "clock")["now"]
    return {"from": now - 30 * DAY, "to": now}


def test_reviews_by_type_and_period(api: Api) -> None:
    query = {"channel_key": DEMO_NAVER_CHANNEL_KEY, **_window(api)}
    general = api.get("/naver/reviews", params={**query, "review_type": "general"}).json()["response"]
    premium = api.get("/naver/reviews", params={**query, "review_type": "premium"}).json()["response"]
    assert len(general) == 3 and len(premium) == 3
    assert all(review["content"] is None for review in general)
    assert all(review["content"] for review in premium)
    assert [r["created_at"] for r in general] == sorted((r["created_at"] for r in general), reverse=True)
    recent = {**query, "from": query["to"] - 3 * DAY, "review_type": "general"}
    assert [r["review_id"] for r in api.get("/naver/reviews", params=recent).json()["response"]] == [
        "review-demo-01"
    ]


def test_reviews_channel_key_in_a_form_body(api: Api) -> None:
    response = api.call(
        "GET",
        "/naver/reviews",
        params={**_window(api), "review_type": "premium"},
        data={"channel_key": DEMO_NAVER_CHANNEL_KEY},
    )
    assert response.status_code == 200
    assert len(response.json()["response"]) == 3


def test_reviews_bad_requests_are_400(api: Api) -> None:
    window = _window(api)
    good = {"channel_key": DEMO_NAVER_CHANNEL_KEY, **window, "review_type": "general"}
    for name in ("channel_key", "from", "to", "review_type"):
        partial = {key: value for key, value in good.items() if key != name}
        assert name in assert_error(api.get("/naver/reviews", params=partial), 400)["message"]
    assert_error(api.get("/naver/reviews", params={**good, "review_type": "best"}), 400)
    assert_error(api.get("/naver/reviews", params={**good, "from": "yesterday"}), 400)
    assert_error(api.get("/naver/reviews", params={**good, "channel_key": "channel-key-sandbox"}), 400)


def test_cash_amount(api: Api) -> None:
    amounts = api.get("/payments/imp_demo_naverpay_escrow/naver/cash-amount").json()["response"]
    assert amounts == {
        "amount_total": 58000,
        "amount_by_npoint": 8000,
        "amount_by_primary": 50000,
        "amount_supply": 52727,
        "amount_vat": 5273,
    }
    assert_error(api.get("/payments/imp_demo_vbank_paid/naver/cash-amount"), 400)
    assert_error(api.get("/payments/imp_demo_naver_new/naver/cash-amount"), 400)
    assert_error(api.get("/payments/imp_nope/naver/cash-amount"), 404)


def test_point_once(api: Api) -> None:
    first = api.post("/payments/imp_demo_naverpay_plain/naver/point")
    assert first.status_code == 200 and first.json()["code"] == 0
    assert "적립" in assert_error(api.post("/payments/imp_demo_naverpay_plain/naver/point"), 500)["message"]
    assert_error(api.post("/payments/imp_demo_naverpay_confirmed/naver/point"), 500)
    assert_error(api.post("/payments/imp_nope/naver/point"), 404)
    assert_error(api.post("/payments/imp_demo_vbank_paid/naver/point"), 404)


def test_confirm_escrow_once(api: Api) -> None:
    assert (
        "에스크로"
        in assert_error(api.post("/payments/imp_demo_naverpay_plain/naver/confirm"), 500)["message"]
    )
    ok = api.post("/payments/imp_demo_naverpay_escrow/naver/confirm", {"requester": "customer"})
    assert ok.status_code == 200 and ok.json()["code"] == 0
    again = assert_error(api.post("/payments/imp_demo_naverpay_escrow/naver/confirm"), 500)
    assert "이미" in again["message"]
    assert_error(api.post("/payments/imp_demo_naverpay_confirmed/naver/confirm"), 500)
    assert_error(api.post("/payments/imp_nope/naver/confirm"), 404)
