"""Issue 9: kill -9 at random points of batches under 0.3–3 s server latency, then resume at once.

Twenty seeded trials in one bounded run, several at a time against one sandbox. Each trial is its
own batch of 5 payments × 2 product orders (10 rows; 200 rows over the run), run by a child process
with a 2 s read timeout — so calls also time out inside the run — and killed with SIGKILL at a
random moment; the test then resumes the batch immediately in this process. Per payment the sandbox
delays the ship by 0.3–3 s either before it runs or after (answer late), and some answers are
dropped after the change was made.

Witnesses: the sandbox's request log (every product order in exactly one POST: 0 sent twice, 0
lost) and the orders' real state (every row done and really shipped: 0 applied rows marked failed).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support.bulk import make_service, order_states, ship_rows, tracking
from support.sandbox import fault, naver_payment, ship_posts

from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.rows import DONE, SENDING
from portone_desk.bulk.runner import BatchRunner
from portone_desk.bulk.settle import SettlePolicy
from portone_desk.sandbox.server import SandboxServer

CHILD = Path(__file__).with_name("kill_child.py")
TRIALS = 20
AT_ONCE = 5
PAYMENTS = 5
READ_TIMEOUT = 2.0
# Read timeout + margin must exceed the longest server delay (3 s) plus the time between marking a
# row "sending" and its request leaving on a loaded machine (the default margin is 5 s).
MARGIN = 2.0
MAX_LATENCY_MS = 3000


def _trial(url: str, folder: Path, seed: int) -> dict:
    rng = random.Random(seed)
    folder.mkdir()
    payments = [naver_payment(url, ["PAYED", "PAYED"]) for _ in range(PAYMENTS)]
    for imp, _ in payments:
        rule = {
            "path": f"/payments/{imp}/naver/ship",
            "latency_ms": rng.randint(300, MAX_LATENCY_MS),
            "when": rng.choice(["before", "after"]),
            "times": 5,
        }
        if rng.random() < 0.25:
            rule.update(body="drop", when="after")  # made, then the answer is lost
        fault(url, rule)
    rows = ship_rows([(imp, oid, "CJGLS", tracking(imp)) for imp, ids in payments for oid in ids])
    store = JobStore(folder / "batches.sqlite3")
    batch = store.create_batch("ship", f"race-{seed}.csv", rows)
    files = [str(store.path), str(folder / "activity.sqlite3"), str(batch)]
    child = subprocess.Popen(
        [sys.executable, str(CHILD), url, *files, str(READ_TIMEOUT), str(MARGIN), "2"],
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    try:
        # Wait for the run to be under way, then kill at a random later moment.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and child.poll() is None:
            if any(r.status != "pending" for r in store.rows(batch)):
                break
            time.sleep(0.02)
        kill_at = time.monotonic() + rng.uniform(0.0, 3.0)
        while time.monotonic() < kill_at and child.poll() is None:
            time.sleep(0.02)
        killed_mid_run = child.poll() is None
        if killed_mid_run:
            child.send_signal(signal.SIGKILL)  # the child may have just ended: then it is a no-op
    finally:
        child.wait(10)
    in_flight = sum(r.status == SENDING for r in store.rows(batch))

    service = make_service(url, folder / "activity.sqlite3", read_timeout=READ_TIMEOUT)
    BatchRunner(
        service, store, batch, concurrency=4, settle=SettlePolicy(margin=MARGIN, naver_sync_lag=0)
    ).run()
    final = store.rows(batch)
    truth: dict[str, dict] = {}
    for imp, _ in payments:
        truth.update(order_states(service, imp))
    service.audit.close()
    service.client.close()
    store.close()
    return {
        "seed": seed,
        "killed_mid_run": killed_mid_run,
        "in_flight": in_flight,
        "ids": sorted(o for _, ids in payments for o in ids),
        "rows": {r.product_order_id: (r.status, r.message) for r in final},
        "shipped": {o for o, order in truth.items() if order["product_order_status"] == "DELIVERING"},
    }


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_kill_anywhere_then_resume_sends_nothing_twice_and_loses_nothing(tmp_path: Path) -> None:
    started = time.monotonic()
    with SandboxServer().start() as sandbox:
        url = sandbox.url
        with ThreadPoolExecutor(AT_ONCE) as pool:
            trials = list(pool.map(lambda s: _trial(url, tmp_path / f"t{s}", s), range(TRIALS)))
        all_ids = sorted(o for t in trials for o in t["ids"])
        # Late answers are logged when they are sent: wait for every order, then past the longest delay.
        deadline = time.monotonic() + MAX_LATENCY_MS / 1000 + 1
        while time.monotonic() < deadline:
            posted = sorted(o for p in ship_posts(url) for o in p["body"]["product_order_id"])
            if len(posted) > len(all_ids):
                break
            time.sleep(0.1)
        posts = ship_posts(url)
        posted = sorted(o for p in posts for o in p["body"]["product_order_id"])
    duplicated = [p for p in posts if any(posted.count(o) > 1 for o in p["body"]["product_order_id"])]

    twice = sorted({o for o in posted if posted.count(o) > 1})
    lost = sorted(set(all_ids) - set(posted))
    not_done = [(t["seed"], o, st) for t in trials for o, st in t["rows"].items() if st[0] != DONE]
    applied_failed = [
        (t["seed"], o)
        for t in trials
        for o, st in t["rows"].items()
        if st[0] == "failed" and o in t["shipped"]
    ]
    unshipped = [(t["seed"], o) for t in trials for o in t["ids"] if o not in t["shipped"]]
    print(
        f"\n{TRIALS} trials, {len(all_ids)} rows, {sum(t['killed_mid_run'] for t in trials)} killed mid-run, "
        f"{sum(t['in_flight'] for t in trials)} rows in flight at the kill; sent twice {len(twice)}, "
        f"lost {len(lost)}, applied but failed {len(applied_failed)}; {time.monotonic() - started:.1f} s"
    )
    assert twice == [] and lost == [] and applied_failed == [], duplicated
    assert not_done == [] and unshipped == []
    assert sum(t["killed_mid_run"] for t in trials) >= TRIALS // 2  # the kills did land mid-run
    assert sum(t["in_flight"] for t in trials) > 0
