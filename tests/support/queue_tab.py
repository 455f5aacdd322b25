"""Helpers for the 할 일 tab tests: the real main window in training mode with its tabs, and a
queue source the test controls (the cache package has its own tests; here the window is tested)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.ui.queue.source import QueueItem, QueueSnapshot, SearchHit


class FakeSource:
    """Queues and search hits from lists; ``gate`` (when set) holds ``refresh`` until released."""

    def __init__(self, items: Iterable[QueueItem] = (), hits: Iterable[SearchHit] = ()) -> None:
        self.items = list(items)
        self.hits = list(hits)
        self.synced_at: float | None = None
        self.gate: threading.Event | None = None
        self.refreshing = threading.Event()
        self.refreshes = 0
        self.searches: list[str] = []
        self.cleared = False

    def snapshot(self) -> QueueSnapshot:
        by_queue: dict[str, list[QueueItem]] = {}
        for item in self.items:
            by_queue.setdefault(item.queue, []).append(item)
        return QueueSnapshot(items=by_queue, synced_at=self.synced_at)

    def cached(self) -> QueueSnapshot:
        return self.snapshot()

    def refresh(self) -> QueueSnapshot:
        self.refreshing.set()
        if self.gate is not None:
            assert self.gate.wait(30), "the test never released the refresh"
        self.refreshes += 1
        self.synced_at = time.time()
        self.refreshing.clear()
        return self.snapshot()

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        self.searches.append(text)
        needle = text.strip().lower()
        found = []
        for hit in self.hits:
            phone = hit.matched  # the test puts the buyer's last four digits here
            if needle in hit.buyer.lower() or needle == phone or hit.merchant_uid.startswith(needle):
                found.append(replace(hit, matched="이름" if needle in hit.buyer.lower() else "주문번호"))
        return found[:limit]

    def clear(self) -> None:
        self.cleared = True
        self.items = []


def add_payment(url: str, **spec: Any) -> dict[str, Any]:
    return SandboxControl(url).add_payment(**spec)


def naver_payment(url: str, orders: list[dict[str, Any]], merchant_uid: str) -> tuple[str, list[str]]:
    data = add_payment(
        url,
        pay_method="naverpay",
        pg_provider="naverco",
        amount=10000 * len(orders),
        status="paid",
        merchant_uid=merchant_uid,
        product_orders=orders,
    )
    return data["imp_uid"], data["product_order_ids"]


def posts(url: str, suffix: str) -> list[dict[str, Any]]:
    return [r for r in SandboxControl(url).requests(method="POST", path=suffix) if r["path"].endswith(suffix)]


def wait_queue_synced(qtbot: Any, window: Any, timeout: int = 30_000) -> None:
    """Wait until the 할 일 tab's start-of-shift sync is over, so a test's request-log window
    sees only its own calls (the sync's getPaymentsByStatus / product-order GETs are real traffic)."""
    from portone_desk.ui.queue.tab import QueueTab

    tab = window.tab_widget("할 일")
    if isinstance(tab, QueueTab):
        qtbot.waitUntil(lambda: tab.first_sync_over and not tab.refreshing, timeout=timeout)
