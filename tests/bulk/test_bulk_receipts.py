"""Bulk cash receipts: dry run against payments, a lost answer looked up, identifiers never kept whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.bulk import FAST_SETTLE, NOW
from support.sandbox import control_of, fault

from portone_desk.api.receipt_states import ISSUED_AT_PAYMENT
from portone_desk.bulk.dryrun import dry_run
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.kinds import RECEIPT_KIND
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.rows import DONE, FLAGGED, PENDING, SKIPPED, build_rows
from portone_desk.bulk.runner import BatchRunner
from portone_desk.bulk.sheet import Sheet
from portone_desk.sandbox.demo import DEMO_CHANNEL_KEY
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService

HEADERS = ["결제번호", "주문번호", "금액", "주문명", "휴대폰번호", "용도"]


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_receipt_batch(sandbox: SandboxServer, service: DeskService, store: JobStore, tmp_path: Path) -> None:
    sheet = Sheet(
        HEADERS,
        [
            ["imp_demo_vbank_paid", "", "", "", "010-1111-2222", "소득공제"],
            ["imp_demo_trans_paid", "", "", "", "010-3333-4444", ""],
            ["", "phone-order-77", "55,000", "전화 주문", "010-5555-6666", ""],
            ["imp_demo_receipt_issued", "", "", "", "010-7777-8888", ""],
            ["imp_demo_card_paid", "", "", "", "010-9999-0000", ""],
            ["imp_demo_vbank_paid", "", "", "", "010-1111-2222", ""],
        ],
    )
    mapping = guess_mapping(RECEIPT_KIND, HEADERS)
    rows = build_rows(sheet, RECEIPT_KIND, mapping, now=NOW, channel_key=DEMO_CHANNEL_KEY)
    dry_run(service, rows)
    assert [r.status for r in rows] == [PENDING, PENDING, PENDING, SKIPPED, FLAGGED, FLAGGED]
    assert "가상계좌" in rows[4].message and "중복" in rows[5].message
    assert rows[0].pg == "kcp"

    # The trans receipt is issued but its answer is lost: looked up, not issued twice.
    fault(
        sandbox.url,
        {"path": "/receipts/imp_demo_trans_paid", "method": "POST", "latency_ms": 1500, "when": "after"},
    )
    batch = store.create_batch("receipt", "receipts.xlsx", rows)
    BatchRunner(service, store, batch, settle=FAST_SETTLE).run()

    final = store.rows(batch)
    assert [r.status for r in final][:3] == [DONE, DONE, DONE]
    assert "발급되어" in final[1].message
    # The late answer leaves the sandbox after the runner has looked the receipt up.
    posts = control_of(sandbox.url).wait_for_requests(3, method="POST", path="/receipts")
    assert len(posts) == 3

    assert service.audit is not None
    issued = service.audit.query(operation=["issueReceipt", "issueExternalReceipt"])
    assert len(issued) == 3
    service.audit.close()
    store.close()
    # Neither the activity log nor the finished batch keeps a buyer's number whole.
    for pattern in ("activity.sqlite3*", "batches.sqlite3*"):
        stored = b"".join(p.read_bytes() for p in tmp_path.glob(pattern))
        for number in (b"01011112222", b"010-1111-2222", b"010-3333-4444", b"010-5555-6666"):
            assert number not in stored, (pattern, number)


def test_dry_run_skips_receipts_issued_at_payment_and_finds_test_channel_payments(
    sandbox: SandboxServer, service: DeskService
) -> None:
    control = control_of(sandbox.url)
    window = control.add_payment(
        pay_method="trans",
        amount=30000,
        status="paid",
        pg_provider="kcp",
        cash_receipt_issued=True,
    )
    test_channel = control.add_payment(
        pay_method="vbank", amount=20000, status="paid", pg_provider="kcp", sandbox=True
    )
    sheet = Sheet(
        HEADERS,
        [
            [window["imp_uid"], "", "", "", "010-1212-3434", ""],
            [test_channel["imp_uid"], "", "", "", "010-5656-7878", ""],
        ],
    )
    rows = build_rows(
        sheet, RECEIPT_KIND, guess_mapping(RECEIPT_KIND, HEADERS), now=NOW, channel_key=DEMO_CHANNEL_KEY
    )
    dry_run(service, rows)
    assert [r.status for r in rows] == [SKIPPED, PENDING]
    assert ISSUED_AT_PAYMENT in rows[0].message
    # Looked up in one batch (getPaymentListByImpUid); any single lookup asks for test payments too.
    assert [r["path"] for r in control.requests(method="GET") if r["path"] == "/payments"]
    single = control.requests(method="GET", path="/payments/")
    assert all(r["query"] == {"include_sandbox": "true"} for r in single)


def test_receipt_dry_run_looks_payments_up_in_batches(sandbox: SandboxServer, service: DeskService) -> None:
    """One getPaymentListByImpUid call for the sheet's payments instead of one lookup each; an
    unknown imp_uid is still flagged."""
    ids = ["imp_demo_vbank_paid", "imp_demo_trans_paid", "imp_demo_card_paid", "imp_demo_nope"]
    sheet = Sheet(HEADERS, [[imp_uid, "", "", "", "010-1111-2222", ""] for imp_uid in ids])
    rows = build_rows(sheet, RECEIPT_KIND, guess_mapping(RECEIPT_KIND, HEADERS), now=NOW)
    control = control_of(sandbox.url)
    since = control.mark()
    dry_run(service, rows)
    assert [r.status for r in rows] == [PENDING, PENDING, FLAGGED, FLAGGED]
    assert "찾을 수 없습니다" in rows[3].message
    lookups = [r for r in control.requests(since=since, method="GET") if r["path"].startswith("/payments")]
    # the one the batch did not answer is looked up alone (a test payment the list may leave out)
    assert [r["path"] for r in lookups] == ["/payments", "/payments/imp_demo_nope"]
    assert lookups[0]["query"]["imp_uid[]"] == ids
