"""Work queues and customer search: search latency over 100,000 cached payments, refresh speed-up.

1. Search. An in-memory sandbox gets a generated shop of ``--payments`` (100,000) payments; the
   desk's cache is filled through the API (``getPaymentsByStatus``, 1000 a page). A separate
   process (so its memory is the desk's alone) opens the cache and types, character by character,
   buyer names, the last four digits of phones and order numbers, timing every ``search`` call;
   it reports p95 per kind and overall, and its peak RSS.
2. Refresh. A fresh sandbox with ``--naver`` (2,000) Naver 주문형 payments whose orders are all
   open, 50 ms of latency on every ``/payments`` call; a first refresh with 4 calls in flight
   against the same refresh one call at a time. The calls made are printed next to the minimum
   needed (pages for the payments + one ``getProductOrders`` per open Naver payment).

    uv run python benchmarks/queues.py [--payments 100000] [--naver 2000] [--latency 50]

Last line: ``search p95 N ms over N payments; refresh N.N× (N calls)``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portone_desk.api.client import PortOneClient
from portone_desk.queues import QueueDesk
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer

KEY = bytes(range(32))  # a benchmark key; the desk's real one lives in the OS keyring
SAMPLES = 40  # of each kind

# The search half, run in a child process: reads {"db", "key", "queries"} on stdin.
CHILD = r"""
import json, resource, sys, time
from portone_desk.queues import QueueDesk

job = json.load(sys.stdin)
desk = QueueDesk(job["db"], bytes.fromhex(job["key"]), lambda *a: None)
times = {}
found = 0
for kind, sequences in job["queries"].items():
    spent = times.setdefault(kind, [])
    for target, typed in sequences:
        hits = []
        for text in typed:
            started = time.perf_counter()
            hits = desk.search(text)
            spent.append((time.perf_counter() - started) * 1000)
        found += any(hit.imp_uid == target for hit in hits)
started = time.perf_counter()
desk.counts()
counts_ms = (time.perf_counter() - started) * 1000
# VmHWM is this process's own peak (ru_maxrss on Linux carries the parent's peak across exec).
try:
    status = open("/proc/self/status").read()
    rss_kb = int(status.split("VmHWM:")[1].split()[0])
except (OSError, IndexError, ValueError):
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"times": times, "found": found, "rss_mb": rss_kb / 1024, "counts_ms": counts_ms}))
"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def typed(text: str) -> list[str]:
    return [text[:n] for n in range(1, len(text) + 1)]


def search_benchmark(payments: int, seed: int) -> tuple[float, int]:
    with SandboxServer(seed_demo=False) as server, SandboxControl(server.url, timeout=600) as control:
        started = time.perf_counter()
        control.generate(payments, days=60, seed=seed)
        print(f"shop generated: {payments:,} payments in {time.perf_counter() - started:.1f} s")
        docs = server.app.store._conn.execute("SELECT doc FROM payments").fetchall()
        sample = [json.loads(row[0]) for row in random.Random(seed).sample(docs, SAMPLES)]
        folder = Path(tempfile.mkdtemp(prefix="queues-bench-"))
        db = folder / "cache.sqlite3"
        with PortOneClient(server.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(5, 120)) as client:
            desk = QueueDesk(db, KEY, client.call)
            started = time.perf_counter()
            stats = desk.refresh(orders=False)
            desk.close()
        print(
            f"cache filled: {stats.payments_seen:,} payments in {stats.payment_calls} pages, "
            f"{time.perf_counter() - started:.1f} s; cache file {db.stat().st_size / 2**20:.0f} MB"
        )
    queries = {
        "name": [(p["imp_uid"], typed(p["buyer_name"])) for p in sample],
        "phone last 4": [(p["imp_uid"], typed(p["buyer_tel"][-4:])) for p in sample],
        "order number": [(p["imp_uid"], typed(p["merchant_uid"])) for p in sample],
    }
    job = json.dumps({"db": str(db), "key": KEY.hex(), "queries": queries})
    answer = subprocess.run(
        [sys.executable, "-c", CHILD], input=job, capture_output=True, text=True, check=True, timeout=600
    )
    result = json.loads(answer.stdout)
    everything: list[float] = []
    for kind, spent in result["times"].items():
        everything += spent
        print(
            f"search {kind}: {len(spent)} queries typed char by char,",
            f"p95 {p95(spent):.2f} ms, max {max(spent):.2f} ms",
        )
    total = sum(len(seq) for seq in queries.values())
    print(
        f"search found the typed payment in {result['found']} of {total} typed sequences "
        "(a common name can have more namesakes than the 50 results shown)"
    )
    print(f"queue counts over the {payments:,}-payment cache: {result['counts_ms']:.0f} ms")
    print(f"desk process RSS with the {payments:,}-payment cache: {result['rss_mb']:.0f} MB")
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return p95(everything), payments


def refresh_once(url: str, workers: int) -> tuple[float, int, int]:
    folder = Path(tempfile.mkdtemp(prefix="queues-refresh-"))
    with PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(5, 60)) as client:
        client.tokens.token()  # the token is not part of the comparison
        desk = QueueDesk(folder / "cache.sqlite3", KEY, client.call, workers=workers)
        started = time.perf_counter()
        stats = desk.refresh()
        spent = time.perf_counter() - started
        desk.close()
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return spent, stats.calls, stats.minimum_calls


def refresh_benchmark(naver: int, latency: int) -> tuple[float, int]:
    with SandboxServer(seed_demo=False) as server, SandboxControl(server.url, timeout=60) as control:
        now = control.now()
        for n in range(naver):
            control.add_payment(
                imp_uid=f"imp_bench_{n:05d}",
                merchant_uid=f"order-bench-{n:05d}",
                pay_method="naverpay",
                pg_provider="naverco",
                status="paid",
                amount=30000,
                started_at=now - 3600 - n,
                product_orders=[
                    {"product_order_id": f"2026{n:08d}01", "product_order_status": "PAYED"},
                    {"product_order_id": f"2026{n:08d}02", "product_order_status": "DELIVERING"},
                ],
            )
        control.add_fault(path="/payments", latency_ms=latency, times=10 * (naver + 10))
        concurrent, calls, minimum = refresh_once(server.url, workers=4)
        print(f"refresh, 4 in flight: {concurrent:.1f} s, {calls:,} calls (minimum needed {minimum:,})")
        serial, serial_calls, _ = refresh_once(server.url, workers=1)
        print(f"refresh, one call at a time: {serial:.1f} s, {serial_calls:,} calls")
    ratio = serial / concurrent
    print(f"refresh speed-up with {naver:,} open Naver payments at {latency} ms: {ratio:.1f}×")
    return ratio, calls


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as they come, also in a file
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--naver", type=int, default=2000)
    parser.add_argument("--latency", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    search_p95, payments = search_benchmark(args.payments, args.seed)
    ratio, calls = refresh_benchmark(args.naver, args.latency)
    print(f"search p95 {search_p95:.1f} ms over {payments} payments; refresh {ratio:.1f}× ({calls} calls)")


if __name__ == "__main__":
    main()
