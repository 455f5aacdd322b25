"""Bulk 발주확인: the warehouse's ship sheet → place rows, dry-run flags, grouped calls, and rows of
unknown outcome verified by the re-send (the API shows no "placed" flag)."""

from __future__ import annotations

import pytest
from support.bulk import FAST_SETTLE, HEADERS, NOW, ship_sheet
from support.sandbox import control_of, fault, naver_payment, place_posts

from portone_desk.api.errors import ApiError
from portone_desk.bulk import jobstore
from portone_desk.bulk.dryrun import dry_run
from portone_desk.bulk.grouping import plan
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.kinds import KINDS, PLACE, PLACE_KIND, SHIP
from portone_desk.bulk.mapping import guess_kind, guess_mapping
from portone_desk.bulk.naver_actions import ACTIONS
from portone_desk.bulk.rows import (
    DONE,
    FAILED,
    FLAGGED,
    INVALID,
    PENDING,
    PLACE_OP,
    BulkRow,
    build_rows,
)
from portone_desk.bulk.runner import BatchRunner
from portone_desk.bulk.verify import verify
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService

ALREADY_PLACED = "이미 발주 확인된 상품주문입니다"


def place_rows(lines: list[tuple[str, str, str, str]]) -> list[BulkRow]:
    """The same warehouse sheet the ship tests use, read as 발주확인."""
    return build_rows(ship_sheet(lines), PLACE_KIND, guess_mapping(PLACE_KIND, HEADERS), now=NOW)


def is_placed(service: DeskService, imp_uid: str, order_id: str) -> bool:
    """The truth, asked the only way the API allows: a second place is refused when placed.
    (Places the order when it was not; only for the end of a test.)"""
    try:
        service.client.call("naverPlaceProductOrder", {"imp_uid": imp_uid, "product_order_id": [order_id]})
    except ApiError as exc:
        return ALREADY_PLACED in exc.message
    return False


def test_place_kind_reads_only_the_ids_of_a_ship_sheet() -> None:
    assert list(KINDS)[:2] == [PLACE, SHIP]  # the morning's order in the combo
    assert guess_kind(HEADERS) == SHIP  # a warehouse sheet is still guessed as 발송처리
    assert PLACE_KIND.then == SHIP
    rows = place_rows(
        [
            ("imp_a", "2026030500000001", "CJ대한통운", "123456789012"),
            ("imp_a", "2026030500000002", "없는택배", ""),  # ship's columns do not matter here
            ("imp_b", "2.02603E+15", "CJGLS", "1"),  # Excel-mangled id
            ("imp_b", "2026030500000003,2026030500000004", "CJGLS", "1"),
            ("", "2026030500000005", "CJGLS", "1"),
        ]
    )
    assert [r.op_id for r in rows] == [PLACE_OP] * 5
    assert rows[0].values == {"imp_uid": "imp_a", "product_order_id": ["2026030500000001"]}
    assert [r.status for r in rows] == [PENDING, PENDING, INVALID, INVALID, INVALID]
    assert "엑셀" in rows[2].message and "한 행에는" in rows[3].message


def test_dry_run_flags_orders_not_payed_or_with_an_open_claim(
    sandbox: SandboxServer, service: DeskService
) -> None:
    imp, ids = naver_payment(
        sandbox.url,
        [
            {"product_order_status": "PAYED"},
            {"product_order_status": "PAYED"},
            {"product_order_status": "DELIVERING"},
            {"product_order_status": "CANCELED"},
            {"product_order_status": "PAYED", "claim_type": "CANCEL", "claim_status": "CANCEL_REQUEST"},
            {"product_order_status": "PAYED", "claim_type": "CANCEL", "claim_status": "CANCEL_REJECT"},
        ],
    )
    rows = place_rows(
        [
            (imp, ids[0], "CJGLS", "111111111111"),
            (imp, ids[1], "CJGLS", "222222222222"),  # another waybill: still the same place call
            (imp, ids[2], "", ""),
            (imp, ids[3], "", ""),
            (imp, ids[4], "", ""),
            (imp, ids[5], "", ""),  # a closed (rejected) cancel claim does not block
            (imp, ids[0], "", ""),  # duplicate
            (imp, "2099000000000001", "", ""),
        ]
    )
    before = len(place_posts(sandbox.url))

    summary = dry_run(service, rows)

    assert [r.status for r in rows] == [
        PENDING,
        PENDING,
        FLAGGED,
        FLAGGED,
        FLAGGED,
        PENDING,
        FLAGGED,
        FLAGGED,
    ]
    assert "이미 발송된" in rows[2].message
    assert "취소된" in rows[3].message
    assert "클레임이 진행 중" in rows[4].message
    assert "중복" in rows[6].message and "상품주문번호" in rows[6].message
    assert "없는 상품주문번호" in rows[7].message
    assert summary.sendable == 3 and summary.calls == 1
    [group] = plan(rows)
    assert group.op_id == PLACE_OP and group.product_order_ids == [ids[0], ids[1], ids[5]]
    assert len(place_posts(sandbox.url)) == before  # a dry run sends nothing


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_grouped_place_run_with_lost_answers_ends_truthful(
    sandbox: SandboxServer, service: DeskService, store: JobStore
) -> None:
    url = sandbox.url
    plain, late, dropped, late_500, failing = (naver_payment(url, ["PAYED", "PAYED"]) for _ in range(5))
    # One order placed already (in the seller centre, say): Naver refuses it, the API cannot show it.
    mixed = naver_payment(
        url, [{"product_order_status": "PAYED"}, {"product_order_status": "PAYED", "placed": True}]
    )
    place = "/naver/place"
    after = {"when": "after"}  # the place is made, then the answer is late or broken
    fault(url, {"path": f"/payments/{late[0]}{place}", "latency_ms": 1500, **after})  # timeout
    # A proxy's 500 page after the place was made: not PortOne's answer, so unknown (issue 9).
    fault(url, {"path": f"/payments/{late_500[0]}{place}", "status": 500, "body": "html", **after})
    fault(url, {"path": f"/payments/{dropped[0]}{place}", "body": "drop"})  # lost before it ran
    fault(url, {"path": f"/payments/{failing[0]}{place}", "status": 500, "times": 5})  # refused each time
    payments = [plain, late, dropped, late_500, failing, mixed]
    rows = place_rows([(imp, oid, "", "") for imp, ids in payments for oid in ids])
    batch = store.create_batch(PLACE, "place.csv", rows)

    final = BatchRunner(service, store, batch, concurrency=4, settle=FAST_SETTLE).run()

    by_order = {row.product_order_id: row for row in store.rows(batch)}
    for imp, ids in (plain, dropped):
        assert {(by_order[o].status, by_order[o].message) for o in ids} == {(DONE, "")}, imp
    for imp, ids in (late, late_500):
        # Sent again after the lookup could not tell; Naver's "already placed" settled them.
        assert {(by_order[o].status, by_order[o].message) for o in ids} == {
            (DONE, ACTIONS[PLACE_OP].confirmed_text)
        }, imp
        # In the activity log the refused resend reads "already" (이미 반영됨), not failed.
        logged = [r for r in service.audit.query(operation=PLACE_OP) if r.imp_uid == imp]
        assert sorted(r.outcome for r in logged) == ["already", "ok"], [
            (r.outcome, r.message) for r in logged
        ]
    for order_id in failing[1]:
        assert by_order[order_id].status == FAILED and "HTTP 500" in by_order[order_id].message
    assert by_order[mixed[1][0]].status == DONE
    # Placed elsewhere before our first call: PortOne's refusal is told as it came (its wording is
    # not interpreted), and nothing is resent.
    assert by_order[mixed[1][1]].status == FAILED and ALREADY_PLACED in by_order[mixed[1][1]].message
    assert final.phase == "finished" and store.batch(batch).status == jobstore.FINISHED
    assert final.counts == {DONE: 9, FAILED: 3}

    # One call per payment with an explicit id list; a second only where the answer was lost or
    # unreadable (the re-send is the check), and a refusal is not sent again.
    # The late answer leaves the sandbox after the runner has given up on it.
    posts = control_of(url).wait_for_requests(9, method="POST", path="/naver/place")
    calls: dict[str, int] = {}
    for post in posts:
        imp = post["path"].split("/")[2]
        calls[imp] = calls.get(imp, 0) + 1
        assert post["body"]["product_order_id"]
    assert calls == {plain[0]: 1, late[0]: 2, dropped[0]: 2, late_500[0]: 2, failing[0]: 1, mixed[0]: 1}

    for imp, ids in payments:
        for order_id in ids:
            row = by_order[order_id]
            placed_before = order_id == mixed[1][1]
            assert is_placed(service, imp, order_id) == (row.status == DONE or placed_before), row


def test_resume_places_rows_left_sending_without_a_blind_success(
    sandbox: SandboxServer, service: DeskService, store: JobStore
) -> None:
    """A kill between 'sending' and the answer: placed rows come back done through Naver's
    refusal, unplaced rows are placed; none is called done from a lookup that cannot know."""
    url = sandbox.url
    placed_imp, placed_ids = naver_payment(url, ["PAYED", "PAYED"])
    lost_imp, lost_ids = naver_payment(url, ["PAYED"])
    rows = place_rows([(placed_imp, o, "", "") for o in placed_ids] + [(lost_imp, lost_ids[0], "", "")])
    batch = store.create_batch(PLACE, "kill.csv", rows)
    store.mark_sending(batch, [r.row_no for r in rows])
    service.client.call("naverPlaceProductOrder", {"imp_uid": placed_imp, "product_order_id": placed_ids})

    looked_up = verify(service, store.rows(batch)[:2])
    assert {status for status, _ in looked_up.values()} == {PENDING}
    assert all("조회로 알 수 없어" in message for _, message in looked_up.values())

    BatchRunner(service, store, batch, settle=FAST_SETTLE).run()

    final = {r.product_order_id: (r.status, r.message) for r in store.rows(batch)}
    assert final[placed_ids[0]] == final[placed_ids[1]] == (DONE, ACTIONS[PLACE_OP].confirmed_text)
    assert final[lost_ids[0]] == (DONE, "")
    assert store.unfinished() == []


@pytest.mark.parametrize("claim", [("CANCEL", "CANCEL_REQUEST"), ("RETURN", "RETURN_REQUEST")])
def test_lookup_still_settles_what_it_can_see(
    sandbox: SandboxServer, service: DeskService, claim: tuple[str, str]
) -> None:
    """A claim opened meanwhile fails the row from the lookup alone; nothing is re-sent for it."""
    imp, ids = naver_payment(
        sandbox.url, [{"product_order_status": "PAYED", "claim_type": claim[0], "claim_status": claim[1]}]
    )
    [row] = place_rows([(imp, ids[0], "", "")])
    status, message = verify(service, [row])[row.row_no]
    assert status == FAILED and "클레임" in message
