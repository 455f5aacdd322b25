"""Issue 9, point 1: the lease rule on the real SQLite job store and real processes."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from support.bulk import ship_rows

from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.leases import STALE_AFTER, BatchLeased, Heartbeat, LeaseHolder, is_stale, pid_alive


@pytest.fixture
def batch(tmp_path: Path) -> tuple[JobStore, int]:
    store = JobStore(tmp_path / "batches.sqlite3")
    batch_id = store.create_batch(
        "ship", "x.csv", ship_rows([("imp_1", "2026000000000001", "CJGLS", "1" * 12)])
    )
    yield store, batch_id
    store.close()


def test_a_live_holder_keeps_the_batch_and_renews_it(batch) -> None:
    store, batch_id = batch
    mine, other = LeaseHolder(label="창 1"), LeaseHolder(label="창 2")
    store.acquire_lease(batch_id, mine)
    store.acquire_lease(batch_id, mine)  # again by the same holder: fine
    with pytest.raises(BatchLeased) as refused:
        store.acquire_lease(batch_id, other)
    assert "다른 창에서 실행 중" in str(refused.value) and "창 1" in str(refused.value)
    assert store.batch(batch_id).holder.holder_id == mine.id
    assert store.renew_lease(batch_id, mine) and not store.renew_lease(batch_id, other)
    store.release_lease(batch_id, mine)
    assert store.lease_of(batch_id) is None and store.batch(batch_id).holder is None
    store.acquire_lease(batch_id, other)


def test_a_dead_pid_on_this_host_frees_the_batch_at_once(batch) -> None:
    store, batch_id = batch
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(10)
    assert not pid_alive(child.pid)
    store.acquire_lease(batch_id, LeaseHolder(pid=child.pid, label="죽은 창"))
    lease = store.acquire_lease(batch_id, LeaseHolder(label="새 창"))  # taken over: the holder is gone
    assert lease.label == "새 창"


def test_a_holder_elsewhere_is_stale_only_without_heartbeat(batch) -> None:
    store, batch_id = batch
    far = LeaseHolder(host="another-pc", pid=1, label="다른 컴퓨터")
    lease = store.acquire_lease(batch_id, far)
    assert not is_stale(lease)  # pid 1 on another host is not ours to judge
    with pytest.raises(BatchLeased):
        store.acquire_lease(batch_id, LeaseHolder())
    assert is_stale(replace(lease, heartbeat=time.time() - STALE_AFTER - 1))


def test_heartbeat_notices_a_takeover(batch) -> None:
    store, batch_id = batch
    mine = LeaseHolder()
    store.acquire_lease(batch_id, mine)
    lost: list[bool] = []
    beat = Heartbeat(lambda: store.renew_lease(batch_id, mine), every=0.05, on_lost=lambda: lost.append(True))
    beat.start()
    store.release_lease(batch_id, mine)  # as if another window took it over while we looked stale
    assert beat.lost.wait(5) and lost == [True]
    beat.stop()
