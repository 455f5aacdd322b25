"""A batch whose process is SIGKILLed mid-run resumes without sending any row twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bulk_support import FAST_SETTLE, fault, make_service, naver_payment, ship_posts, ship_rows, tracking

from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.rows import DONE, SENDING
from portone_desk.bulk.runner import BatchRunner
from portone_desk.sandbox.server import SandboxServer

CHILD = Path(__file__).with_name("kill_child.py")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_resume_after_kill_sends_no_row_twice(tmp_path: Path) -> None:
    batches_db, activity_db = tmp_path / "batches.sqlite3", tmp_path / "activity.sqlite3"
    with SandboxServer(db_path=str(tmp_path / "sandbox.sqlite3")).start() as sandbox:
        url = sandbox.url
        payments = [naver_payment(url, ["PAYED", "PAYED"]) for _ in range(10)]
        all_ids = sorted(o for _, ids in payments for o in ids)
        # The change is made, then the answer waits: a kill now leaves rows "sending" that are done.
        # A long wait keeps the kill window wide on a loaded machine.
        fault(
            url, {"path": "/payments/", "method": "POST", "latency_ms": 1000, "when": "after", "times": 1000}
        )
        rows = ship_rows([(imp, oid, "CJGLS", tracking(imp)) for imp, ids in payments for oid in ids])
        store = JobStore(batches_db)
        batch = store.create_batch("ship", "kill.csv", rows)

        child = subprocess.Popen(
            [sys.executable, str(CHILD), url, str(batches_db), str(activity_db), str(batch)],
            env={**os.environ, "PYTHONPATH": str(Path.cwd())},
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                statuses = [r.status for r in store.rows(batch)]
                if statuses.count(DONE) >= 4 and SENDING in statuses:
                    break
                assert child.poll() is None, "the batch finished before it could be killed"
                time.sleep(0.02)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(10)

        left = [r for r in store.rows(batch)]
        in_flight = [r.product_order_id for r in left if r.status == SENDING]
        assert in_flight, "the kill should have caught calls in flight"
        assert any(r.status == "pending" for r in left)
        assert [b.id for b in store.unfinished()] == [batch]

        # Reopen: the in-flight rows are looked up (they are done), the rest sent once.
        service = make_service(url, activity_db, read_timeout=10)
        BatchRunner(service, store, batch, concurrency=4, settle=FAST_SETTLE).run()

        final = store.rows(batch)
        assert {r.status for r in final} == {DONE}
        # Rows cut off in flight were looked up once settled; one whose call the kill stopped before
        # it left is found not applied and sent then (the POST count below shows none went twice).
        looked_up = [r for r in final if r.product_order_id in in_flight and "조회해 보니" in r.message]
        assert looked_up
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            posts = ship_posts(url)
            if sum(len(p["body"]["product_order_id"]) for p in posts) >= len(all_ids):
                break
            time.sleep(0.05)
        successful = [o for p in ship_posts(url) if p["status"] == 200 for o in p["body"]["product_order_id"]]
        assert sorted(successful) == all_ids  # each product order in exactly one successful ship POST
        assert len(ship_posts(url)) == 10  # one call per payment, none repeated

        # The activity log holds every attempt.
        assert service.audit is not None
        logged = service.audit.query(operation="naverShipProductOrder")
        assert len(logged) == 10
        # The calls cut off by the kill were looked up on resume; their rows say what was found.
        cut_off = {r.imp_uid for r in left if r.status == SENDING}
        resolved = {r.imp_uid: r.outcome for r in logged if "나중에 조회해 확인" in r.message}
        assert resolved and set(resolved) <= cut_off
        assert set(resolved.values()) <= {"ok", "failed"}  # failed: the kill came before it left
        assert not any(r.outcome == "unknown" for r in logged)
        service.audit.close()
        store.close()
