"""Issue 9, point 4: a finished call is told as it finished even when its activity row cannot be
completed (database locked by another process, disk full); the outcome waits in the journal beside
the database and is written into the log at the next call or the next start. Real SQLite files,
real sandbox over HTTP."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from support.sandbox import fault, posts

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import OutcomeUnknown
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.service import LOG_PENDING_TEXT, DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile

PAID = "imp_demo_vbank_paid"


def _service(url: str, audit: AuditLog) -> DeskService:
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, 5))
    return DeskService(Profile.new("테스트 상점", base_url=url, agent_name="김상담"), client, audit=audit)


def _fault(url: str, **rule) -> None:
    fault(url, rule)


def _wait_for_sent_row(path: Path, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(path) as reader:
            if reader.execute("SELECT COUNT(*) FROM audit WHERE outcome = 'sent'").fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("no row was written before the call")


def test_database_locked_mid_call_keeps_the_real_result_and_writes_it_later(sandbox, tmp_path: Path) -> None:
    path = tmp_path / "activity.sqlite3"
    service = _service(sandbox.url, AuditLog(path, busy_timeout=0.3))
    _fault(sandbox.url, path=f"/receipts/{PAID}", method="POST", latency_ms=800, when="after")
    outcome: dict[str, object] = {}

    def issue() -> None:
        outcome["result"] = service.call("issueReceipt", {"imp_uid": PAID, "identifier": "01012345678"})

    worker = threading.Thread(target=issue)
    worker.start()
    _wait_for_sent_row(path)
    # Another process (here: another connection) holds the write lock while the answer comes back.
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        worker.join(15)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    result = outcome["result"]
    assert result.response["receipt_url"]  # the real result, not "database is locked"
    assert result.notices == (LOG_PENDING_TEXT,)
    [pending] = service.audit.journal.pending()
    assert pending["outcome"] == "ok"
    assert service.audit.query(operation="issueReceipt")[0].outcome == "sent"

    # The next call writes it into the log first.
    service.call("getReceipt", {"imp_uid": PAID})
    [row] = service.audit.query(operation="issueReceipt")
    assert row.outcome == "ok" and row.http_status == 200
    assert not service.audit.journal.path.exists()
    service.audit.close()


class DiskFullLog(AuditLog):
    """The real log, whose completing writes fail as on a full disk."""

    def finish(self, *args, **kwargs) -> None:  # type: ignore[override]
        raise sqlite3.OperationalError("database or disk is full")


def test_disk_full_after_an_unknown_call_tells_unknown_and_replays_at_next_start(
    sandbox, tmp_path: Path
) -> None:
    path = tmp_path / "activity.sqlite3"
    service = _service(sandbox.url, DiskFullLog(path))
    _fault(sandbox.url, path=f"/receipts/{PAID}", method="POST", status=503, body="html", when="after")
    with pytest.raises(OutcomeUnknown) as caught:
        service.call("issueReceipt", {"imp_uid": PAID, "identifier": "01012345678"})
    text = str(caught.value)
    assert "다시 보내지 말고" in text and LOG_PENDING_TEXT in text
    assert "disk is full" not in text
    service.audit.close()

    # Next start: the journal is written into the log.
    with AuditLog(path) as reopened:
        [row] = reopened.query(operation="issueReceipt")
        assert row.outcome == "unknown" and row.http_status == 503
        assert not reopened.journal.path.exists()


@pytest.mark.expect_log(r"활동 기록을 쓰지 못해", logger="portone_desk.service")
def test_row_that_cannot_be_written_first_sends_nothing(sandbox, tmp_path: Path) -> None:
    from portone_desk.service import LogUnavailable

    path = tmp_path / "activity.sqlite3"
    audit = AuditLog(path, busy_timeout=0.2)
    service = _service(sandbox.url, audit)
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LogUnavailable):
            service.call("issueReceipt", {"imp_uid": PAID, "identifier": "01012345678"})
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert posts(sandbox.url, f"/receipts/{PAID}") == []
    audit.close()
