"""Cash receipts for PortOne payments and external sales: every documented status code."""

from __future__ import annotations

import pytest
from support.sandbox import Api, assert_error

from portone_desk.api.validation import vat_of
from portone_desk.sandbox.demo import DEMO_CHANNEL_KEY

PHONE = {"identifier": "01012345678"}


def test_issue_get_cancel_and_issue_again(api: Api) -> None:
    issued = api.post("/receipts/imp_demo_vbank_paid", PHONE)
    assert issued.status_code == 200, issued.text
    receipt = issued.json()["response"]
    assert receipt["imp_uid"] == "imp_demo_vbank_paid"
    assert receipt["amount"] == 39000
    assert receipt["vat"] == 3545  # 39000 / 11 = 3545.45
    assert receipt["type"] == "person"
    assert len(receipt["apply_num"]) == 9 and receipt["apply_num"].isdigit()
    assert receipt["receipt_tid"] and receipt["applied_at"] > 0 and receipt["cancelled_at"] == 0
    assert api.get("/payments/imp_demo_vbank_paid").json()["response"]["cash_receipt_issued"] is True

    assert api.get("/receipts/imp_demo_vbank_paid").json()["response"]["apply_num"] == receipt["apply_num"]
    assert_error(api.post("/receipts/imp_demo_vbank_paid", PHONE), 400)

    cancelled = api.delete("/receipts/imp_demo_vbank_paid")
    assert cancelled.status_code == 200
    assert cancelled.json()["response"]["cancelled_at"] > 0
    assert api.get("/receipts/imp_demo_vbank_paid").json()["response"]["cancelled_at"] > 0
    assert_error(api.delete("/receipts/imp_demo_vbank_paid"), 400)

    again = api.post("/receipts/imp_demo_vbank_paid", PHONE)
    assert again.status_code == 200
    assert again.json()["response"]["cancelled_at"] == 0


def test_receipt_url_serves_a_page(api: Api) -> None:
    url = api.post("/receipts/imp_demo_trans_paid", PHONE).json()["response"]["receipt_url"]
    page = api.http.get(url)
    assert page.status_code == 200 and "현금영수증" in page.text


def test_demo_receipts(api: Api) -> None:
    assert api.get("/receipts/imp_demo_receipt_issued").status_code == 200
    assert_error(api.post("/receipts/imp_demo_receipt_issued", PHONE), 400)
    assert api.post("/receipts/imp_demo_receipt_cancelled", PHONE).status_code == 200


def test_partially_cancelled_payment_uses_the_balance_and_pg_required_fields(api: Api) -> None:
    missing = assert_error(api.post("/receipts/imp_demo_partial_cancel", PHONE), 400)
    assert "identifier_type" in missing["message"]
    issued = api.post("/receipts/imp_demo_partial_cancel", {**PHONE, "identifier_type": "phone"})
    assert issued.status_code == 200
    assert issued.json()["response"]["amount"] == 120000
    ksnet = assert_error(api.post("/receipts/imp_demo_ksnet_paid", PHONE), 400)
    assert "product_type" in ksnet["message"] and "buyer_name" in ksnet["message"]


@pytest.mark.parametrize(
    "imp_uid", ["imp_demo_vbank_ready", "imp_demo_cancelled", "imp_demo_card_paid"], ids=str
)
def test_not_issuable_payments_give_400(api: Api, imp_uid: str) -> None:
    assert_error(
        api.post(
            f"/receipts/{imp_uid}",
            {
                **PHONE,
                "identifier_type": "phone",
                "product_type": "real",
                "buyer_name": "김민지",
                "company_tel": "02-1234-5678",
                "company_name": "샵",
                "corp_reg_no": "1234567890",
            },
        ),
        400,
    )


def test_missing_identifier_is_400(api: Api) -> None:
    assert "identifier" in assert_error(api.post("/receipts/imp_demo_vbank_paid", {}), 400)["message"]


def test_unknown_payment_is_404_everywhere(api: Api) -> None:
    assert_error(api.post("/receipts/imp_nope", PHONE), 404)
    assert_error(api.get("/receipts/imp_nope"), 404)
    assert_error(api.delete("/receipts/imp_nope"), 404)


def test_no_receipt_yet(api: Api) -> None:
    assert_error(api.get("/receipts/imp_demo_trans_paid"), 404)
    assert_error(api.delete("/receipts/imp_demo_trans_paid"), 400)


def test_unsupported_pg_is_501(api: Api) -> None:
    assert_error(api.post("/receipts/imp_demo_danal_trans", PHONE), 501)
    # KICC can issue but not revoke through the API.
    assert_error(api.delete("/receipts/imp_demo_kicc_receipt"), 501)


def test_receipt_lookups_never_answer_501(api: Api) -> None:
    """The spec documents only 200/401/404 for both receipt GETs, whatever the PG."""
    shown = api.get("/receipts/imp_demo_kicc_receipt")
    assert shown.status_code == 200 and shown.json()["response"]["amount"] == 98000
    assert_error(api.get("/receipts/imp_demo_danal_trans"), 404)
    # A Hecto (settle) receipt: issued through the API, seen and cancelled through it too.
    issued = api.post("/receipts/imp_demo_partial_cancel", {**PHONE, "identifier_type": "phone"})
    assert issued.status_code == 200, issued.text
    assert api.get("/receipts/imp_demo_partial_cancel").json()["response"]["amount"] == 120000
    assert api.delete("/receipts/imp_demo_partial_cancel").status_code == 200


@pytest.mark.parametrize(
    ("amount", "tax_free", "vat"),
    [
        (10000, 0, 909),
        (10005, 0, 910),
        (11, 0, 1),
        (16, 0, 1),
        (17, 0, 2),
        (39000, 9000, 2727),
        (500, 500, 0),
    ],
)
def test_vat_rounds_half_up_to_the_nearest_won(api: Api, amount: int, tax_free: int, vat: int) -> None:
    assert vat_of(amount, tax_free) == vat
    created = api.create_payment(amount=amount)
    body = {**PHONE, "tax_free": tax_free} if tax_free else PHONE
    receipt = api.post(f"/receipts/{created['imp_uid']}", body).json()["response"]
    assert (receipt["amount"], receipt["vat"]) == (amount, vat)


def test_explicit_vat_amount_wins_and_bad_tax_free_is_400(api: Api) -> None:
    created = api.create_payment(amount=22000)
    receipt = api.post(f"/receipts/{created['imp_uid']}", {**PHONE, "vat_amount": 1500}).json()
    assert receipt["response"]["vat"] == 1500
    other = api.create_payment(amount=1000)
    assert_error(api.post(f"/receipts/{other['imp_uid']}", {**PHONE, "tax_free": 2000}), 400)


def test_invalid_optional_enum_falls_back_to_default_like_the_live_api(api: Api) -> None:
    receipt = api.post("/receipts/imp_demo_vbank_paid", {**PHONE, "type": "bogus"}).json()["response"]
    assert receipt["type"] == "person"


def test_form_encoded_issue(api: Api) -> None:
    response = api.call("POST", "/receipts/imp_demo_vbank_paid", data={**PHONE, "type": "company"})
    assert response.status_code == 200
    assert response.json()["response"]["type"] == "company"


EXTERNAL = {"channel_key": DEMO_CHANNEL_KEY, "name": "매장 현금 판매", "amount": 33000, **PHONE}


def test_external_issue_get_cancel_and_issue_again(api: Api) -> None:
    issued = api.post("/receipts/external/cash-0001", EXTERNAL)
    assert issued.status_code == 200, issued.text
    receipt = issued.json()["response"]
    assert receipt["merchant_uid"] == "cash-0001"
    assert (receipt["amount"], receipt["vat"]) == (33000, 3000)
    assert_error(api.post("/receipts/external/cash-0001", EXTERNAL), 400)
    assert api.get("/receipts/external/cash-0001").json()["response"]["apply_num"] == receipt["apply_num"]
    assert api.delete("/receipts/external/cash-0001").json()["response"]["cancelled_at"] > 0
    assert api.get("/receipts/external/cash-0001").json()["response"]["cancelled_at"] > 0
    assert_error(api.delete("/receipts/external/cash-0001"), 400)
    assert api.post("/receipts/external/cash-0001", EXTERNAL).status_code == 200


def test_external_errors(api: Api) -> None:
    assert_error(api.get("/receipts/external/nothing"), 404)
    assert_error(api.delete("/receipts/external/nothing"), 404)
    assert_error(api.post("/receipts/external/cash-0002", {**EXTERNAL, "channel_key": "nope"}), 400)
    missing = {key: value for key, value in EXTERNAL.items() if key != "name"}
    assert "name" in assert_error(api.post("/receipts/external/cash-0002", missing), 400)["message"]
    kakao = {**EXTERNAL, "channel_key": "channel-key-kakaopay"}
    assert_error(api.post("/receipts/external/cash-0002", kakao), 501)


def test_external_kicc_needs_identifier_type_and_cannot_be_revoked(api: Api) -> None:
    kicc = {**EXTERNAL, "channel_key": "channel-key-kicc"}
    assert "identifier_type" in assert_error(api.post("/receipts/external/k-1", kicc), 400)["message"]
    assert api.post("/receipts/external/k-1", {**kicc, "identifier_type": "phone"}).status_code == 200
    assert api.get("/receipts/external/k-1").status_code == 200
    assert_error(api.delete("/receipts/external/k-1"), 501)
