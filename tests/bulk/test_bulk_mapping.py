"""Column guesses from the headers Korean warehouses and back-offices actually write."""

from __future__ import annotations

import pytest

from portone_desk.bulk.kinds import PLACE_KIND, RECEIPT, RECEIPT_KIND, SHIP, SHIP_KIND
from portone_desk.bulk.mapping import (
    carry_over,
    guess_kind,
    guess_mapping,
    missing_required,
    normalize_header,
)


def test_korean_ship_headers() -> None:
    headers = ["No", "결제번호", "상품주문번호", "주문번호", "배송방법", "택배사", "운송장 번호", "발송일"]
    mapping = guess_mapping(SHIP_KIND, headers)
    assert mapping == {
        "imp_uid": 1,
        "merchant_uid": 3,  # the shop's order number
        "product_order_id": 2,  # not "주문번호"
        "delivery_method": 4,
        "delivery_company": 5,
        "tracking_number": 6,
        "dispatched_at": 7,
    }
    assert missing_required(SHIP_KIND, mapping) == []


def test_english_ship_headers() -> None:
    headers = ["imp_uid", "Product Order ID", "Courier", "Tracking No.", "dispatched_at"]
    mapping = guess_mapping(SHIP_KIND, headers)
    assert mapping["imp_uid"] == 0
    assert mapping["product_order_id"] == 1
    assert mapping["delivery_company"] == 2
    assert mapping["tracking_number"] == 3
    assert mapping["dispatched_at"] == 4
    assert mapping["delivery_method"] is None


def test_headers_with_notes_still_match() -> None:
    mapping = guess_mapping(SHIP_KIND, ["상품주문번호(필수)", "송장번호 *", "택배사 코드", "거래고유번호"])
    assert mapping["product_order_id"] == 0
    assert mapping["tracking_number"] == 1
    assert mapping["delivery_company"] == 2
    assert mapping["imp_uid"] == 3


def test_receipt_headers() -> None:
    headers = ["주문번호", "금액", "주문명", "휴대폰번호", "용도", "구매자명"]
    mapping = guess_mapping(RECEIPT_KIND, headers)
    assert mapping["merchant_uid"] == 0
    assert mapping["amount"] == 1
    assert mapping["name"] == 2
    assert mapping["identifier"] == 3
    assert mapping["type"] == 4
    assert mapping["buyer_name"] == 5
    assert mapping["imp_uid"] is None


def test_each_column_is_used_once() -> None:
    mapping = guess_mapping(SHIP_KIND, ["송장번호", "송장번호"])
    assert [v for v in mapping.values() if v is not None] == [0]


def test_missing_required_names_the_label() -> None:
    mapping = guess_mapping(SHIP_KIND, ["택배사", "송장번호"])
    assert missing_required(SHIP_KIND, mapping) == [
        "결제번호(imp_uid) 또는 주문번호(merchant_uid)",
        "상품주문번호",
    ]


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["결제번호", "상품주문번호", "택배사", "송장번호"], SHIP),
        (["imp_uid", "식별번호", "용도"], RECEIPT),
        (["merchant_uid", "amount", "identifier"], RECEIPT),
        (["아무 열"], SHIP),
        (["결제번호", "휴대폰번호", "용도"], RECEIPT),  # the usual receipt sheet header
        (["결제번호", "상품주문번호", "택배사", "운송장번호", "수취인 휴대폰"], SHIP),
    ],
)
def test_kind_guess(headers: list[str], kind: str) -> None:
    assert guess_kind(headers) == kind


def test_normalize_header() -> None:
    assert normalize_header(" 운송장 번호(필수) ") == "운송장번호"
    assert normalize_header("Tracking_No.") == "trackingno"


def test_switching_kind_keeps_the_shared_columns() -> None:
    """발주확인 → 발송처리 on one sheet: the agent's 상품주문번호 column stays, the rest is guessed,
    and a guess that would reuse a kept column is dropped."""
    headers = ["결제번호", "송장번호", "택배사", "PO"]
    kept = {"imp_uid": 0, "product_order_id": 1}  # the agent (wrongly, say) took 송장번호 for it
    mapping = carry_over(SHIP_KIND, guess_mapping(SHIP_KIND, headers), kept)
    assert mapping["imp_uid"] == 0 and mapping["product_order_id"] == 1
    assert mapping["tracking_number"] is None  # not used twice
    assert mapping["delivery_company"] == 2
    assert carry_over(PLACE_KIND, guess_mapping(PLACE_KIND, headers), {"product_order_id": 3}) == {
        "imp_uid": 0,
        "merchant_uid": None,
        "product_order_id": 3,
    }


@pytest.mark.parametrize("kind", [SHIP_KIND, PLACE_KIND])
@pytest.mark.parametrize("header", ["주문번호", "쇼핑몰 주문번호", "merchant_uid", "Order No", "order no."])
def test_naver_kinds_take_the_order_number_for_a_missing_imp_uid(kind, header: str) -> None:
    """A warehouse sheet with the shop's order number instead of PortOne's imp_uid."""
    headers = ["상품주문번호", header, "택배사", "송장번호"]
    mapping = guess_mapping(kind, headers)
    assert mapping["merchant_uid"] == 1 and mapping["product_order_id"] == 0
    assert mapping["imp_uid"] is None
    assert missing_required(kind, mapping) == []


@pytest.mark.parametrize(
    "header", ["상품주문번호", "상품 주문번호", "네이버 상품주문번호", "상품주문번호(네이버)"]
)
def test_product_order_number_is_never_the_order_number(header: str) -> None:
    mapping = guess_mapping(SHIP_KIND, [header, "택배사", "송장번호"])
    assert mapping["product_order_id"] == 0
    assert mapping["merchant_uid"] is None
    assert missing_required(SHIP_KIND, mapping) == ["결제번호(imp_uid) 또는 주문번호(merchant_uid)"]
