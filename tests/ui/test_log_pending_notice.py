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
