"""The dry run flags rows that cannot succeed before anything is sent."""

from __future__ import annotations

from support.bulk import ship_rows
from support.sandbox import naver_payment, ship_posts

from portone_desk.bulk.dryrun import dry_run
from portone_desk.bulk.rows import FLAGGED, INVALID, PENDING
from portone_desk.bulk.states import ship_is_done
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService


def test_dry_run_flags_what_cannot_succeed(sandbox: SandboxServer, service: DeskService) -> None:
    imp, ids = naver_payment(sandbox.url, ["PAYED", "PAYED", "DELIVERING", "CANCELED"])
    rows = ship_rows(
        [
            (imp, ids[0], "CJ대한통운", "123456789012"),
            (imp, ids[1], "CJ대한통운", "123456789012"),
            (imp, ids[2], "CJGLS", "123456789012"),  # already shipped
            (imp, ids[3], "CJGLS", "123456789012"),  # cancelled
            (imp, ids[1], "CJGLS", "123456789012"),  # duplicate of the second row
            (imp, "2099000000000001", "CJGLS", "123456789012"),  # not in this payment
            ("imp_no_such_payment", "2099000000000002", "CJGLS", "123456789012"),
            ("imp_demo_naver_new", "2026200100000001", "CJGLS", "1.23E+11"),  # Excel-mangled
        ]
    )
    before = len(ship_posts(sandbox.url))

    summary = dry_run(service, rows)

    assert [(r.row_no, r.status) for r in rows] == [
        (2, PENDING),
        (3, PENDING),
        (4, FLAGGED),
        (5, FLAGGED),
        (6, FLAGGED),
        (7, FLAGGED),
        (8, FLAGGED),
        (9, INVALID),
    ]
    assert "이미 발송된" in rows[2].message
    assert "취소된" in rows[3].message
    assert "3행" in rows[4].message and "중복" in rows[4].message
    assert "없는 상품주문번호" in rows[5].message
    assert "찾을 수 없습니다" in rows[6].message
    assert "엑셀" in rows[7].message
    assert summary.sendable == 2 and summary.calls == 1  # one payment, one waybill → one call
    assert len(ship_posts(sandbox.url)) == before  # a dry run sends nothing


def test_rows_already_shipped_are_flagged(sandbox: SandboxServer, service: DeskService) -> None:
    imp, ids = naver_payment(sandbox.url, ["PAYED", "PAYED"])
    service.call(
        "naverShipProductOrder",
        {
            "imp_uid": imp,
            "product_order_id": [ids[0]],
            "delivery_method": "DELIVERY",
            "delivery_company": "CJGLS",
            "tracking_number": "123456789012",
            "dispatched_at": 1_770_000_000,
        },
    )
    rows = ship_rows([(imp, ids[0], "CJGLS", "1234-5678-9012"), (imp, ids[1], "CJGLS", "123456789012")])
    dry_run(service, rows)
    # The API does not echo the waybill, so before sending we cannot call it "ours".
    assert rows[0].status == FLAGGED and "이미 발송된" in rows[0].message
    assert rows[1].status == PENDING


def test_same_waybill_counts_as_done_where_the_api_shows_it() -> None:
    shipped = {"product_order_status": "DELIVERING", "tracking_number": "1234-5678-9012"}
    values = {"tracking_number": "123456789012"}
    assert ship_is_done(shipped, values, we_sent=False) is True
    assert ship_is_done(shipped, {"tracking_number": "999999999999"}, we_sent=True) is None
    assert ship_is_done({"product_order_status": "DELIVERING"}, values, we_sent=False) is None
    assert ship_is_done({"product_order_status": "DELIVERING"}, values, we_sent=True) is True
    assert ship_is_done({"product_order_status": "PAYED"}, values, we_sent=True) is False


def test_state_rule_is_swappable(sandbox: SandboxServer, service: DeskService) -> None:
    imp, ids = naver_payment(sandbox.url, ["PAYED"])
    rows = ship_rows([(imp, ids[0], "CJGLS", "123456789012")])
    dry_run(service, rows, state_problem=lambda order, values: "테스트 규칙")
    assert (rows[0].status, rows[0].message) == (FLAGGED, "테스트 규칙")


def test_lookup_failure_leaves_the_row_sendable_with_a_warning(
    sandbox: SandboxServer, service: DeskService
) -> None:
    from support.sandbox import fault

    imp, ids = naver_payment(sandbox.url, ["PAYED"])
    fault(sandbox.url, {"path": f"/payments/{imp}/naver/product-orders", "status": 503, "times": 10})
    rows = ship_rows([(imp, ids[0], "CJGLS", "123456789012")])
    dry_run(service, rows)
    assert rows[0].status == PENDING
    assert "조회하지 못했습니다" in rows[0].warnings[-1]
