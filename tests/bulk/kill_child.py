"""Runs one stored batch against a sandbox URL; the resume test SIGKILLs this process mid-run.

Usage: python kill_child.py <sandbox url> <batches db> <activity db> <batch id>
                            [read timeout] [settle margin] [concurrency]
"""

from __future__ import annotations

import sys
from pathlib import Path

from portone_desk.api.client import PortOneClient
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.runner import BatchRunner
from portone_desk.bulk.settle import SettlePolicy
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile


def main() -> None:
    url, batches, activity, batch_id = sys.argv[1:5]
    extra = [float(a) for a in sys.argv[5:8]]
    read_timeout, margin, concurrency = (extra + [10.0, 0.5, 2.0][len(extra) :])[:3]
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, read_timeout))
    profile = Profile.new("테스트 상점", base_url=url, agent_name="김상담")
    service = DeskService(profile, client, audit=AuditLog(Path(activity)))
    settle = SettlePolicy(margin=margin, naver_sync_lag=0.0)
    store = JobStore(Path(batches))
    BatchRunner(service, store, int(batch_id), concurrency=int(concurrency), settle=settle).run()


if __name__ == "__main__":
    main()
