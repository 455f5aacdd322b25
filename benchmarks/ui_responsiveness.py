"""How smooth the GUI stays while API calls run: a 5 ms heartbeat timer's gaps during 50 lookups.

The lookups (getPaymentByImpUid) go through the app's own runner and audited service, against the
sandbox with 200 ms injected latency on each. The heartbeat runs on the GUI thread under qasync's
loop, as in the app; any gap beyond ~5 ms is time the GUI thread could not react.

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/ui_responsiveness.py [--in-process]

By default the sandbox runs in a child process, like the real API (which is remote). With
``--in-process`` it runs inside the app, as in training mode, sharing the GIL with the GUI.
Last line: ``max gap N ms, p99 N ms`` (goal ≤ 50 ms max, ≤ 16 ms p99).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOOKUPS = 50
LATENCY_MS = 200
HEARTBEAT_MS = 5
CHILD_SANDBOX = (
    "import sys, time\n"
    "from portone_desk.sandbox.server import SandboxServer\n"
    "s = SandboxServer().start()\n"
    "print(s.url, flush=True)\n"
    "sys.stdin.read()\n"
    "s.stop()\n"
)


def start_sandbox(in_process: bool):
    """(url, stop) for an in-memory sandbox with the demo data."""
    if in_process:
        from portone_desk.sandbox.server import SandboxServer

        server = SandboxServer().start()
        return server.url, server.stop
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_SANDBOX], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    url = child.stdout.readline().strip()

    def stop() -> None:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)

    return url, stop


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-process", action="store_true", help="sandbox inside the app (training mode)")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="portone-desk-bench-")
    os.environ["PORTONE_DESK_HOME"] = home

    import qasync
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from portone_desk.sandbox.control_client import SandboxControl
    from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Credentials
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.sandbox_mode import sandbox_profile
    from portone_desk.ui.services import build_service, open_audit
    from portone_desk.ui.worker import OperationRunner

    app = QApplication(sys.argv)
    label = QLabel("heartbeat")  # something on screen that repaints, like a busy indicator
    label.show()
    url, stop_sandbox = start_sandbox(args.in_process)
    paths = AppPaths.under(Path(home))
    audit = open_audit(paths)
    runner = OperationRunner()
    ctx = DeskContext(runner)
    ctx.set_service(build_service(sandbox_profile(url), Credentials(DEMO_IMP_KEY, DEMO_IMP_SECRET), audit))
    ctx.service.client.get_token()  # the token is not what we measure
    SandboxControl(url).add_fault(path="/payments/", method="GET", latency_ms=LATENCY_MS, times=LOOKUPS)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)

    def beat() -> None:
        ticks.append(time.perf_counter())
        label.setText(f"heartbeat {len(ticks)}")

    heartbeat.timeout.connect(beat)
    finished: asyncio.Future[None] = loop.create_future()
    results = {"ok": 0, "failed": 0}

    def done(kind: str) -> None:
        results[kind] += 1
        if results["ok"] + results["failed"] == LOOKUPS and not finished.done():
            finished.set_result(None)

    async def scenario() -> float:
        heartbeat.start()
        await asyncio.sleep(0.1)  # a baseline before the calls
        started = time.perf_counter()
        for _ in range(LOOKUPS):
            ctx.call_op("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}).success(
                lambda _r: done("ok")
            ).failure(lambda _e: done("failed")).run()
        await finished
        elapsed = time.perf_counter() - started
        await asyncio.sleep(0.05)
        heartbeat.stop()
        return elapsed

    with loop:
        elapsed = loop.run_until_complete(scenario())
    runner.shutdown()
    audit.close()
    stop_sandbox()

    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
    where = "in-process sandbox (training mode)" if args.in_process else "sandbox in a separate process"
    print(f"{where}; {LOOKUPS} lookups x {LATENCY_MS} ms latency, runner pool of 4 threads")
    print(f"lookups: {results['ok']} ok, {results['failed']} failed, {elapsed:.2f} s in total")
    print(
        f"heartbeat: {len(ticks)} ticks every {HEARTBEAT_MS} ms; median gap {statistics.median(gaps):.1f} ms"
    )
    print(f"max gap {max(gaps):.0f} ms, p99 {percentile(gaps, 99):.0f} ms")
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
