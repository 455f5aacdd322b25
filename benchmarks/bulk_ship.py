"""Bulk Naver dispatch: the grouped, concurrent bulk runner vs one call per row, one at a time.

Starts an in-memory sandbox with 100 ms of latency on every ship call, makes 400 Naver payments
(200 with 3 and 200 with 2 PAYED product orders: 1000 rows) for each side, writes them as a CSV
sheet and ships it:

- bulk: sheet → rows → dry run → ``BatchRunner`` on the desk's Qt worker pool (offscreen), with a
  5 ms QTimer heartbeat on the GUI thread whose largest gap is reported;
- sequential: ``DeskService.call`` once per row, in order.

Both go through the audited service. One figure per line.

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/bulk_ship.py [--payments 400] [--latency 100]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from portone_desk.api.client import PortOneClient
from portone_desk.bulk.dryrun import dry_run
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.kinds import SHIP_KIND
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.rows import DONE, BulkRow, build_rows
from portone_desk.bulk.sheet import read_sheet
from portone_desk.sandbox.control_client import SandboxControl, SandboxControlError
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile

SHIP_PATH = "/naver/ship"


def make_orders(url: str, payments: int, batch: int) -> list[tuple[str, str]]:
    """(imp_uid, product_order_id) rows: half the payments with 3 orders, half with 2.

    Order ids are given explicitly: the sandbox's random ones can collide when a thousand are
    made within one second."""
    rows = []
    with SandboxControl(url) as control:
        for n in range(payments):
            count = 3 if n < payments // 2 else 2
            try:
                data = control.add_payment(
                    pay_method="naverpay",
                    pg_provider="naverco",
                    amount=10000 * count,
                    status="paid",
                    product_orders=[
                        {"product_order_status": "PAYED", "product_order_id": f"2026{batch}{n:06d}{seq:02d}"}
                        for seq in range(1, count + 1)
                    ],
                )
            except SandboxControlError as error:
                raise SystemExit(f"결제를 만들지 못했습니다: {error}") from error
            rows += [(data["imp_uid"], order_id) for order_id in data["product_order_ids"]]
    return rows


def write_sheet(path: Path, orders: list[tuple[str, str]]) -> None:
    waybills: dict[str, str] = {}
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["결제번호", "상품주문번호", "택배사", "송장번호", "발송일"])
        for imp_uid, order_id in orders:
            waybill = waybills.setdefault(imp_uid, f"{6000_0000_0000 + len(waybills):012d}")
            writer.writerow([imp_uid, order_id, "CJ대한통운", waybill, "2026-03-05 10:00"])


def ship_posts(url: str, since: int) -> tuple[int, int]:
    with SandboxControl(url, timeout=30) as control:
        next_index = control.mark()
        posts = control.requests(since=since, method="POST", path=SHIP_PATH)
    return sum(r["index"] < next_index and r["path"].endswith(SHIP_PATH) for r in posts), next_index


def service_for(url: str, audit_path: Path) -> DeskService:
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    profile = Profile.new("벤치마크 상점", base_url=url, agent_name="벤치마크")
    return DeskService(profile, client, audit=AuditLog(audit_path))


def run_bulk_in_qt(
    service: DeskService, store: JobStore, batch_id: int, concurrency: int
) -> tuple[float, float, tuple[int, float]]:
    """Wall time of the run and the heartbeat's largest gap (ms), through the desk's Qt runner."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QProgressBar

    from portone_desk.ui.bulk.controller import RunController
    from portone_desk.ui.bulk.progress_text import progress_text
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.worker import OperationRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    runner = OperationRunner()
    ctx = DeskContext(runner)
    ctx.set_service(service)
    controller = RunController(ctx, store)
    bar = QProgressBar()
    bar.show()
    texts: list[str] = []

    def on_progress(progress) -> None:  # type: ignore[no-untyped-def]
        bar.setRange(0, progress.total)
        bar.setValue(progress.settled)
        texts.append(progress_text(progress))

    controller.progress.connect(on_progress)
    loop = QEventLoop()
    controller.finished.connect(lambda _: loop.quit())
    controller.failed.connect(lambda _: loop.quit())

    clock = QElapsedTimer()
    last = [0]
    gap = [0]

    def beat() -> None:
        now = clock.elapsed()
        gap[0] = max(gap[0], now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    clock.start()
    heartbeat.start()
    started = time.perf_counter()
    controller.start(batch_id, concurrency)
    loop.exec()
    wall = time.perf_counter() - started
    heartbeat.stop()
    lease = controller.runner.heartbeat if controller.runner is not None else None
    beats = (lease.beats, lease.seconds) if lease is not None else (0, 0.0)
    runner.shutdown()
    del app
    return wall, float(gap[0]), beats


def lease_cost(store: JobStore, batch_id: int, renewals: int = 500) -> tuple[float, float]:
    """Milliseconds for acquire + release, and for one heartbeat renewal, on the real SQLite store."""
    from portone_desk.bulk.leases import LeaseHolder

    holder = LeaseHolder(label="benchmark")
    started = time.perf_counter()
    store.acquire_lease(batch_id, holder)
    store.release_lease(batch_id, holder)
    take = (time.perf_counter() - started) * 1000
    store.acquire_lease(batch_id, holder)
    started = time.perf_counter()
    for _ in range(renewals):
        store.renew_lease(batch_id, holder)
    renew = (time.perf_counter() - started) * 1000 / renewals
    store.release_lease(batch_id, holder)
    return take, renew


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=400)
    parser.add_argument("--latency", type=int, default=100, help="ms added to every ship call")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder, SandboxServer(seed_demo=False).start() as sandbox:
        home = Path(folder)
        url = sandbox.url
        SandboxControl(url).add_fault(path="/payments/", method="POST", latency_ms=args.latency, times=10**7)

        # --- bulk ---------------------------------------------------------------------------------
        orders = make_orders(url, args.payments, 1)
        sheet_path = home / "bulk.csv"
        write_sheet(sheet_path, orders)
        service = service_for(url, home / "activity.sqlite3")
        sheet = read_sheet(sheet_path)
        rows: list[BulkRow] = build_rows(
            sheet, SHIP_KIND, guess_mapping(SHIP_KIND, sheet.headers), now=time.time()
        )
        started = time.perf_counter()
        summary = dry_run(service, rows, args.concurrency)
        dry_wall = time.perf_counter() - started
        store = JobStore(home / "batches.sqlite3")
        batch = store.create_batch("ship", sheet.name, rows)
        _, mark = ship_posts(url, 0)
        bulk_wall, gap_ms, (beats, beat_seconds) = run_bulk_in_qt(service, store, batch, args.concurrency)
        take_ms, renew_ms = lease_cost(store, batch)
        bulk_calls, mark = ship_posts(url, mark)
        done = sum(r.status == DONE for r in store.rows(batch))

        # --- sequential, on fresh orders -------------------------------------------------------------
        fresh = make_orders(url, args.payments, 2)
        _, mark = ship_posts(url, mark)
        waybill = "600000000000"
        started = time.perf_counter()
        for imp_uid, order_id in fresh:
            service.call(
                "naverShipProductOrder",
                {
                    "imp_uid": imp_uid,
                    "product_order_id": [order_id],
                    "delivery_method": "DELIVERY",
                    "delivery_company": "CJGLS",
                    "tracking_number": waybill,
                    "dispatched_at": int(time.time()),
                },
            )
        seq_wall = time.perf_counter() - started
        seq_calls, _ = ship_posts(url, mark)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"rows: {len(orders)} over {args.payments} payments, {args.latency} ms latency per ship call")
    print(f"dry run: {dry_wall:.1f} s ({summary.sendable} rows sendable, {summary.calls} calls planned)")
    print(f"bulk runner ({args.concurrency} at a time, Qt worker pool): {bulk_wall:.1f} s")
    print(f"bulk runner calls: {bulk_calls} ({done} rows done)")
    print(f"sequential one call per row: {seq_wall:.1f} s")
    print(f"sequential calls: {seq_calls}")
    print(f"speed-up {seq_wall / bulk_wall:.1f}×")
    print(f"GUI heartbeat largest gap: {gap_ms:.0f} ms (5 ms timer)")
    print(f"peak memory (max RSS): {peak_kb / 1024:.0f} MB")
    from portone_desk.bulk.leases import HEARTBEAT_EVERY

    print(
        f"batch lease: acquire + release {take_ms:.2f} ms once per run; heartbeat {renew_ms:.3f} ms every "
        f"{HEARTBEAT_EVERY:g} s ({renew_ms / (HEARTBEAT_EVERY * 1000) * 100:.4f} % of a thread); "
        f"this run: {beats} beats, {beat_seconds * 1000:.1f} ms in all "
        f"({beat_seconds / bulk_wall * 100:.3f} % of its wall time)"
    )


if __name__ == "__main__":
    main()
