"""Bulk 취소승인 / 반품승인 (the 할 일 tab's ticked lists use them): ids-only rows, dry-run flags
for orders without the request, grouped calls per payment, and the results from the sandbox."""

from __future__ import annotations

from support.bulk import NOW, order_states
from support.sandbox import naver_payment, posts

from portone_desk.bulk.dryrun import dry_run
from portone_desk.bulk.grouping import plan
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.kinds import APPROVE_CANCEL_KIND, APPROVE_RETURN_KIND, KINDS, JobKind
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.rows import (
    APPROVE_CANCEL_OP,
    APPROVE_RETURN_OP,
    DONE,
    FLAGGED,
    PENDING,
    SKIPPED,
    BulkRow,
    build_rows,
)
from portone_desk.bulk.runner import BatchRunner
from portone_desk.bulk.sheet import Sheet
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService

HEADERS = ["결제번호", "상품주문번호"]


def rows_of(kind: JobKind, lines: list[tuple[str, str]]) -> list[BulkRow]:
    sheet = Sheet(HEADERS, [list(line) for line in lines])
    return build_rows(sheet, kind, guess_mapping(kind, HEADERS), now=NOW)


def test_approval_kinds_are_listed_and_read_only_the_ids() -> None:
    assert KINDS["approve_cancel"] is APPROVE_CANCEL_KIND and KINDS["approve_return"] is APPROVE_RETURN_KIND
    rows = rows_of(APPROVE_CANCEL_KIND, [("imp_a", "2026030500000001")])
    assert rows[0].op_id == APPROVE_CANCEL_OP
    assert rows[0].values == {"imp_uid": "imp_a", "product_order_id": ["2026030500000001"]}
    assert rows[0].status == PENDING


def test_cancel_approvals_run_grouped_and_flag_orders_without_a_request(
    sandbox: SandboxServer, service: DeskService, store: JobStore
) -> None:
    requested = {"product_order_status": "PAYED", "claim_type": "CANCEL", "claim_status": "CANCEL_REQUEST"}
    imp, ids = naver_payment(
        sandbox.url,
        [requested, requested, {"product_order_status": "PAYED"}, {"product_order_status": "CANCELED"}],
    )
    rows = rows_of(APPROVE_CANCEL_KIND, [(imp, order_id) for order_id in ids])
    summary = dry_run(service, rows)
    assert [r.status for r in rows] == [PENDING, PENDING, FLAGGED, SKIPPED]
    assert "취소 요청이 없는" in rows[2].message
    assert summary.calls == len(plan(rows)) == 1  # both requests of the payment in one call

    batch = store.create_batch(APPROVE_CANCEL_KIND.id, "test", rows, profile_id="p", profile_name="p")
    BatchRunner(service, store, batch).run()

    final = {r.product_order_id: r.status for r in store.rows(batch)}
    assert final[ids[0]] == final[ids[1]] == DONE
    states = order_states(service, imp)
    assert states[ids[0]]["product_order_status"] == "CANCELED"
    assert states[ids[2]]["product_order_status"] == "PAYED"  # flagged: never sent
    assert len(posts(sandbox.url, "/naver/approve-cancel")) == 1


def test_return_approvals_run_and_mark_done(
    sandbox: SandboxServer, service: DeskService, store: JobStore
) -> None:
    collected = {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "COLLECT_DONE"}
    imp, ids = naver_payment(sandbox.url, [collected, {"product_order_status": "DELIVERED"}])
    rows = rows_of(APPROVE_RETURN_KIND, [(imp, order_id) for order_id in ids])
    dry_run(service, rows)
    assert [r.status for r in rows] == [PENDING, FLAGGED]
    assert rows[0].op_id == APPROVE_RETURN_OP
    batch = store.create_batch(APPROVE_RETURN_KIND.id, "test", rows, profile_id="p", profile_name="p")
    BatchRunner(service, store, batch).run()
    assert {r.product_order_id: r.status for r in store.rows(batch)}[ids[0]] == DONE
    assert order_states(service, imp)[ids[0]]["product_order_status"] == "RETURNED"
