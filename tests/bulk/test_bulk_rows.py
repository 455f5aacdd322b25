"""Sheet rows → typed values through the catalog's own coerce + validate."""

from __future__ import annotations

import pytest

from portone_desk.api.timefmt import parse_kst
from portone_desk.bulk.kinds import RECEIPT_KIND, SHIP_KIND
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.normalize import courier_code, delivery_method_code, kst_text
from portone_desk.bulk.rows import (
    EXTERNAL_RECEIPT_OP,
    INVALID,
    PENDING,
    RECEIPT_OP,
    SHIP_OP,
    build_rows,
)
from portone_desk.bulk.sheet import Sheet

NOW = parse_kst("2026-03-05 09:00:00")
SHIP_HEADERS = ["결제번호", "상품주문번호", "배송방법", "택배사", "송장번호", "발송일"]


def ship_rows(*rows: list[str], numeric: set[tuple[int, int]] | None = None):
    sheet = Sheet(SHIP_HEADERS, [list(r) for r in rows], numeric=numeric or set())
    return build_rows(sheet, SHIP_KIND, guess_mapping(SHIP_KIND, SHIP_HEADERS), now=NOW)


@pytest.mark.parametrize("name", ["CJ대한통운", "CJ 대한통운", "CJGLS", "cjgls", "대한통운", " CJ대한통운 "])
def test_courier_by_code_or_korean_name(name: str) -> None:
    assert courier_code(name) == "CJGLS"


def test_other_couriers_and_unknown_names() -> None:
    assert courier_code("우체국택배") == "EPOST"
    assert courier_code("롯데택배") == "HYUNDAI"
    assert courier_code("로젠택배") == "KGB"
    assert courier_code("없는택배") == "없는택배"  # left for validation to name


def test_delivery_methods_and_dates() -> None:
    assert delivery_method_code("택배") == "DELIVERY"
    assert delivery_method_code("방문 수령") == "VISIT_RECEIPT"
    assert kst_text("2026.03.05") == "2026-03-05 00:00:00"
    assert kst_text("2026/03/05 14:30") == "2026-03-05 14:30:00"
    assert kst_text("20260305") == "2026-03-05 00:00:00"


def test_a_good_row_is_typed_for_the_call() -> None:
    [row] = ship_rows(["imp_1", "2026200100000001", "", "CJ대한통운", "1234-5678-9012", "2026-03-05 14:30"])
    assert row.status == PENDING, row.message
    assert row.op_id == SHIP_OP
    assert row.values == {
        "imp_uid": "imp_1",
        "product_order_id": ["2026200100000001"],
        "delivery_method": "DELIVERY",
        "delivery_company": "CJGLS",
        "tracking_number": "1234-5678-9012",
        "dispatched_at": parse_kst("2026-03-05 14:30"),
    }
    assert row.row_no == 2


def test_empty_dispatch_time_is_the_dry_run_time() -> None:
    [row] = ship_rows(["imp_1", "2026200100000001", "", "CJGLS", "123456789012", ""])
    assert row.values["dispatched_at"] == NOW


@pytest.mark.parametrize("tracking", ["1.23457E+11", "1.23E+11", "123456789012.0"])
def test_excel_mangled_tracking_numbers_are_caught(tracking: str) -> None:
    [row] = ship_rows(["imp_1", "2026200100000001", "", "CJGLS", tracking, ""])
    assert row.status == INVALID
    assert "엑셀" in row.message


def test_numeric_cells_warn_or_block() -> None:
    rows = ship_rows(
        ["imp_1", "2026200100000001", "", "CJGLS", "612345678901", ""],
        ["imp_1", "2026200100000002", "", "CJGLS", "1234567890123450", ""],
        numeric={(0, 4), (1, 4)},
    )
    assert rows[0].status == PENDING and "맨 앞의 0" in rows[0].warnings[0]
    assert rows[1].status == INVALID and "15자리" in rows[1].message


def test_catalog_rules_name_the_field() -> None:
    rows = ship_rows(
        ["imp_1", "2026200100000001", "", "", "", ""],  # courier and waybill needed for 택배
        ["imp_1", "2026200100000002", "", "없는택배", "123456789012", ""],
        ["imp_1", "2026200100000003", "방문수령", "", "", ""],  # no courier needed
        ["imp_1", "2026200100000004, 2026200100000005", "", "CJGLS", "123456789012", ""],
        ["", "2026200100000006", "", "CJGLS", "123456789012", ""],
    )
    assert rows[0].status == INVALID and "택배사" in rows[0].message and "송장번호" in rows[0].message
    assert rows[1].status == INVALID and "없는택배" in rows[1].message
    assert rows[2].status == PENDING and rows[2].values["delivery_method"] == "VISIT_RECEIPT"
    assert rows[3].status == INVALID and "하나만" in rows[3].message
    assert rows[4].status == INVALID and "거래고유번호" in rows[4].message


def test_receipt_rows_pick_the_operation() -> None:
    headers = ["결제번호", "주문번호", "금액", "주문명", "식별번호", "용도"]
    sheet = Sheet(
        headers,
        [
            ["imp_demo_vbank_paid", "", "39,000", "", "010-1234-5678", "소득공제"],
            ["", "ext-1", "33,000", "전화 주문", "1234567891", "지출증빙"],
            ["", "ext-2", "", "", "01012345678", ""],
            ["", "", "", "", "01012345678", ""],
        ],
    )
    rows = build_rows(sheet, RECEIPT_KIND, guess_mapping(RECEIPT_KIND, headers), now=NOW, channel_key="ck")
    assert rows[0].op_id == RECEIPT_OP and rows[0].status == PENDING
    assert rows[0].values == {
        "imp_uid": "imp_demo_vbank_paid",
        "identifier": "010-1234-5678",
        "type": "person",
    }
    assert rows[1].op_id == EXTERNAL_RECEIPT_OP
    assert rows[1].values["amount"] == 33000 and rows[1].values["type"] == "company"
    assert rows[1].values["channel_key"] == "ck"
    assert rows[2].status == INVALID and "발행 금액" in rows[2].message
    assert rows[3].status == INVALID and "merchant_uid" in rows[3].message
