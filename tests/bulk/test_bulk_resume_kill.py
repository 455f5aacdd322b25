"""A batch whose process is SIGKILLed mid-run resumes without sending any row twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support.bulk import FAST_SETTLE, make_service, ship_rows, tracking
from support.sandbox import fault, naver_payment, ship_posts
from support.waiting import wait_until

from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.rows import DONE, SENDING
from portone_desk.bulk.runner import BatchRunner
from portone_desk.sandbox.control_client import SandboxControl
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
        control = SandboxControl(url)

        def handled_posts() -> set[str]:
            """Payments whose ship call has reached the sandbox and been carried out."""
            logged = control.requests(method="POST", path="/naver/ship")
            return {p["path"].split("/")[2] for p in logged if p["state"] != "received"}

        def ready_to_kill() -> bool:
            assert child.poll() is None, "the batch finished before it could be killed"
            rows_now = store.rows(batch)
            sending = {r.values["imp_uid"] for r in rows_now if r.status == SENDING}
            done = sum(r.status == DONE for r in rows_now)
            # Calls in flight whose change is made: the kill leaves them "sending" but done.
            return done >= 4 and bool(sending) and sending <= handled_posts()

        try:
            wait_until(ready_to_kill, timeout=30, what="four rows done and calls in flight")
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(10)

        left = [r for r in store.rows(batch)]
        in_flight = [r.product_order_id for r in left if r.status == SENDING]
        assert in_flight, "the kill should have caught calls in flight"
        assert any(r.status == "pending" for r in left)
        assert [b.id for b in store.unfinished()] == [batch]
        made = handled_posts()  # a row that went "sending" just before the kill may not be here
        assert any(r.values["imp_uid"] in made for r in left if r.status == SENDING)

        # Reopen: the in-flight rows are looked up (those done are not sent again), the rest sent once.
        service = make_service(url, activity_db, read_timeout=10)
        BatchRunner(service, store, batch, concurrency=4, settle=FAST_SETTLE).run()

        final = store.rows(batch)
        assert {r.status for r in final} == {DONE}
        for row in final:
            if row.product_order_id in in_flight and row.values["imp_uid"] in made:
                assert "조회해 보니" in row.message
        # The killed process's late answers have left the sandbox too.
        posts = control.wait_for_requests(10, method="POST", path="/naver/ship")
        successful = [o for p in posts if p["status"] == 200 for o in p["body"]["product_order_id"]]
        assert sorted(successful) == all_ids  # each product order in exactly one successful ship POST
        assert len(ship_posts(url)) == 10  # one call per payment, none repeated

        # The activity log holds every attempt; the calls cut off by the kill were looked up on resume
        # and their rows say what was found (ok, or failed when the kill came before it left).
        assert service.audit is not None
        logged = service.audit.query(operation="naverShipProductOrder")
        assert len(logged) == 10
        cut_off = {r.imp_uid for r in left if r.status == SENDING}
        resolved = {r.imp_uid: r.outcome for r in logged if "나중에 조회해 확인" in r.message}
        assert resolved and set(resolved) <= cut_off and set(resolved.values()) <= {"ok", "failed"}
        assert not any(r.outcome == "unknown" for r in logged)
        service.audit.close()
        store.close()
