"""HTTP round trips per operation: PortOneClient (shared token) vs a client that asks for a token per call.

Starts an in-memory sandbox, runs 1000 lookups from 16 threads with each client, and counts the
requests the sandbox saw (its request log, through ``SandboxControl``). Goal for the desk client:
1.00 round trips per operation and a single getToken.

    uv run python benchmarks/round_trips.py [--ops 1000] [--threads 16]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import requests

from portone_desk.api.client import PortOneClient
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer

# (operation, values, path) — lookups that exist in the demo data.
WORK = (
    ("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}, "/payments/imp_demo_vbank_paid"),
    ("getReceipt", {"imp_uid": "imp_demo_receipt_issued"}, "/receipts/imp_demo_receipt_issued"),
    ("getPaymentByImpUid", {"imp_uid": "imp_demo_trans_paid"}, "/payments/imp_demo_trans_paid"),
    (
        "getProductOrders",
        {"imp_uid": "imp_demo_naver_three"},
        "/payments/imp_demo_naver_three/naver/product-orders",
    ),
)


def _log(url: str) -> list[dict]:
    return SandboxControl(url, timeout=30).requests()


def _run(ops: int, threads: int, one: Callable[[int], None]) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(one, i) for i in range(ops)]:
            future.result()
    return time.perf_counter() - started


def desk(url: str, ops: int, threads: int) -> float:
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET)

    def one(i: int) -> None:
        op_id, values, _ = WORK[i % len(WORK)]
        client.call(op_id, values)

    try:
        return _run(ops, threads, one)
    finally:
        client.close()


def naive(url: str, ops: int, threads: int) -> float:
    """getToken before every call (same pooled session, so only the token strategy differs)."""
    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=threads))

    def one(i: int) -> None:
        auth = {"imp_key": DEMO_IMP_KEY, "imp_secret": DEMO_IMP_SECRET}
        token = session.post(f"{url}/users/getToken", json=auth, timeout=30).json()["response"][
            "access_token"
        ]
        _, _, path = WORK[i % len(WORK)]
        reply = session.get(f"{url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=30)
        if reply.json()["code"] != 0:
            raise RuntimeError(reply.text)

    try:
        return _run(ops, threads, one)
    finally:
        session.close()


def measure(name: str, runner: Callable[[str, int, int], float], ops: int, threads: int) -> float:
    with SandboxServer() as sandbox:
        seconds = runner(sandbox.url, ops, threads)
        log = _log(sandbox.url)
    tokens = sum(1 for r in log if r["path"] == "/users/getToken")
    failed = sum(1 for r in log if r["status"] != 200)
    per_op = len(log) / ops
    print(f"{name}: {per_op:.2f} round trips/op, {tokens} getToken ({len(log)} requests, {failed} non-200)")
    print(f"{name}: {seconds:.2f} s for {ops} ops from {threads} threads ({ops / seconds:.0f} ops/s)")
    return per_op


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    ours = measure("desk", desk, args.ops, args.threads)
    theirs = measure("naive", naive, args.ops, args.threads)
    print(f"ratio {theirs / ours:.2f}× (naive round trips / desk round trips)")


if __name__ == "__main__":
    main()
