"""Issue 9, point 4 in the window: a call whose activity row cannot be completed still shows its real
result, and the agent is told the row waits in the journal (``DeskContext.notice``); an error says
so after its own text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import OutcomeUnknown
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.service import LOG_PENDING_TEXT, DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import error_text


class DiskFullLog(AuditLog):
    def finish(self, *args, **kwargs) -> None:  # type: ignore[override]
        raise sqlite3.OperationalError("database or disk is full")


def test_finished_call_is_shown_with_a_log_pending_notice(
    qtbot, ctx: DeskContext, sandbox, tmp_path: Path
) -> None:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    audit = DiskFullLog(tmp_path / "activity.sqlite3")
    ctx.set_service(DeskService(Profile.new("상점", base_url=sandbox.url), client, audit=audit))
    results: list[object] = []
    with qtbot.waitSignal(ctx.notice, timeout=10000) as notice:
        ctx.call_op("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}).success(results.append).run()
    assert notice.args == [LOG_PENDING_TEXT]
    qtbot.waitUntil(lambda: bool(results))
    assert results[0].response["imp_uid"] == "imp_demo_vbank_paid"  # the real result
    assert audit.journal.pending()[0]["outcome"] == "ok"
    audit.close()


def test_error_text_says_the_log_row_is_pending() -> None:
    error = OutcomeUnknown("", operation="issueReceipt", http_status=503)
    error.notice = LOG_PENDING_TEXT
    text = error_text(error)
    assert "다시 보내지 말고" in text and text.endswith(LOG_PENDING_TEXT)


def test_a_slow_lookup_can_be_cancelled_but_a_change_cannot(
    qtbot, ctx: DeskContext, sandbox, tmp_path: Path
) -> None:
    """Issue 9, point 9: the wait is visible (busy count) and a lookup can be given up at once."""
    from support.sandbox import fault

    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    audit = AuditLog(tmp_path / "activity.sqlite3")
    ctx.set_service(DeskService(Profile.new("상점", base_url=sandbox.url), client, audit=audit))
    client.get_token()
    fault(sandbox.url, {"path": "/payments/imp_demo_vbank_paid", "method": "GET", "latency_ms": 1500})
    fault(sandbox.url, {"path": "/receipts/imp_demo_vbank_paid", "method": "POST", "latency_ms": 1500})
    got: list[object] = []
    lookup = ctx.call_op("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}).success(got.append).run()
    change = ctx.call_op("issueReceipt", {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678"})
    change.success(got.append).run()
    assert ctx.runner.running == 2 and ctx.runner.lookups_running == 1
    assert ctx.runner.cancel_lookups() == 1
    assert lookup.cancelled and not change.cancelled
    assert ctx.runner.running == 1
    qtbot.waitUntil(lambda: len(got) == 1, timeout=10000)  # only the change's result arrives
    assert got[0].operation == "issueReceipt"
    qtbot.waitUntil(lambda: ctx.runner.in_flight == 0, timeout=10000)
    audit.close()
