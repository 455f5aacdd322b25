"""Payment lookups by imp_uid and merchant_uid."""

from __future__ import annotations

from support.sandbox import Api, assert_error


def test_payment_by_imp_uid_has_the_full_model(api: Api) -> None:
    response = api.get("/payments/imp_demo_partial_cancel")
    assert response.status_code == 200
    payment = response.json()["response"]
    assert payment["merchant_uid"] == "order-1006"
    assert payment["pg_provider"] == "settle"
    assert payment["status"] == "paid"
    assert payment["amount"] == 150000
    assert payment["cancel_amount"] == 30000
    assert payment["cancel_history"][0]["amount"] == 30000
    assert payment["sandbox"] is False  # a live-channel payment unless created as a test one
    assert payment["currency"] == "KRW"
    assert payment["paid_at"] > 0
    assert payment["cash_receipt_issued"] is False
    assert not any(key.startswith("_") for key in payment)


def test_receipt_flag_on_demo_payments(api: Api) -> None:
    assert api.get("/payments/imp_demo_receipt_issued").json()["response"]["cash_receipt_issued"] is True
    assert api.get("/payments/imp_demo_receipt_cancelled").json()["response"]["cash_receipt_issued"] is False


def test_unknown_imp_uid_is_404(api: Api) -> None:
    assert_error(api.get("/payments/imp_nope"), 404)


def test_find_by_merchant_uid_status_and_sorting(api: Api) -> None:
    assert api.get("/payments/find/order-1015").json()["response"]["imp_uid"] == "imp_demo_retry_paid"
    oldest = api.get("/payments/find/order-1015", params={"sorting": "started"}).json()["response"]
    assert oldest["imp_uid"] == "imp_demo_retry_failed"
    failed = api.get("/payments/find/order-1015/failed").json()["response"]
    assert failed["imp_uid"] == "imp_demo_retry_failed"
    assert failed["fail_reason"]
    assert_error(api.get("/payments/find/order-1015/cancelled"), 404)
    assert_error(api.get("/payments/find/order-9999"), 404)
    assert_error(api.get("/payments/find/order-1015/refunded"), 404)


def test_unknown_route_is_404_envelope(api: Api) -> None:
    assert_error(api.get("/no/such/api"), 404)
