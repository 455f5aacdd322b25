"""Incremental refresh of the cache: the calls, and no more than needed.

1. Payments through ``getPaymentsByStatus`` (all statuses, 1000 a page, oldest first so pages do
   not shift while new payments arrive), from the watermark — the newest status time seen last
   time — less an overlap for late writes; the first refresh takes the API's default window (the
   last 90 days). A watermark older than the API's 90-day limit starts over with the default.
2. Product orders (``getProductOrders``) only for Naver 주문형 payments whose orders may still
   change (not fetched yet, some order not final, or the payment changed since), the ones checked
   longest ago first, ``workers`` (4) in flight.
3. Payments whose current status is older than the window are purged (WAL truncated).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from portone_desk.api.catalog import MAX_PAGE_LIMIT, MAX_WINDOW_SECONDS
from portone_desk.api.errors import ApiError, PortOneError
from portone_desk.queues.cache import QueueCache, status_time
from portone_desk.queues.model import RefreshStats

log = logging.getLogger(__name__)

LookupCall = Callable[[str, Mapping[str, object]], Any]  # PortOneClient.call: returns an ApiResult
Progress = Callable[[int, int], None]

OVERLAP_SECONDS = 10 * 60
_WINDOW_MARGIN = 3600  # the first window starts this far inside the API's 90-day limit
DEFAULT_WORKERS = 4
_WATERMARK = "watermark"
_SYNCED_AT = "synced_at"


class Refresher:
    def __init__(
        self,
        cache: QueueCache,
        call: LookupCall,
        *,
        window_days: int = 90,
        workers: int = DEFAULT_WORKERS,
        overlap: int = OVERLAP_SECONDS,
        page_limit: int = MAX_PAGE_LIMIT,
        clock: Callable[[], float] = time.time,
        server_clock: Callable[[], float | None] | None = None,
    ) -> None:
        """``server_clock``: the API server's time when known (``TokenManager.server_now``)."""
        self.cache = cache
        self.call = call
        self.window = min(window_days * 24 * 3600, MAX_WINDOW_SECONDS)
        self.workers = max(1, workers)
        self.overlap = overlap
        self.page_limit = page_limit
        self.clock = clock
        self.server_clock = server_clock
        self._lock = threading.Lock()  # one refresh at a time per cache

    def run(
        self, progress: Progress | None = None, cancel: threading.Event | None = None, *, orders: bool = True
    ) -> RefreshStats:
        """``orders=False``: payments only (Naver product orders wait for the next full refresh)."""
        with self._lock:
            return self._run(progress, cancel or threading.Event(), orders)

    def _run(self, progress: Progress | None, cancel: threading.Event, orders: bool) -> RefreshStats:
        started = time.monotonic()
        pages, seen, total = self._payments(cancel)
        needing = [] if cancel.is_set() or not orders else self.cache.naver_payments_needing_orders()
        fetched, failed = self._orders(needing, progress, cancel)
        synced_at = int(self.clock())
        if not cancel.is_set() and orders:
            self.cache.set_meta(_SYNCED_AT, str(synced_at))
        self.cache.purge_before(int(self._server_now()) - self.window)
        self.cache.checkpoint()  # the WAL keeps no copy of purged or replaced personal data
        return RefreshStats(
            payment_calls=pages,
            order_calls=fetched + failed,
            minimum_calls=max(1, math.ceil(total / self.page_limit)) + len(needing),
            payments_seen=seen,
            orders_checked=fetched,
            synced_at=synced_at,
            seconds=time.monotonic() - started,
            failed=failed,
        )

    # --- payments ------------------------------------------------------------------------------

    def _server_now(self) -> float:
        found = self.server_clock() if self.server_clock is not None else None
        return float(found) if found else self.clock()

    def _payments(self, cancel: threading.Event) -> tuple[int, int, int]:
        """(pages called, payments seen, total the API reported).

        ``from`` is always sent and stays the same on every page: with the API's moving default
        (90 days before now) payments would drop out of the early end while the pages are read and
        shift the rest, so one could be skipped at a page boundary. The window starts an hour inside
        the 90-day limit, on the server's clock when known (the token's ``now``)."""
        watermark = self.cache.get_meta(_WATERMARK)
        earliest = int(self._server_now()) - MAX_WINDOW_SECONDS + _WINDOW_MARGIN
        since = int(watermark) - self.overlap if watermark else earliest
        since = max(since, earliest)  # a watermark older than the API's limit: the whole window again
        try:
            return self._pages(since, cancel)
        except ApiError as error:
            # Our clock may run behind the server's (a moved sandbox clock): the window was too long.
            if error.http_status != 400:
                raise
            log.info("결제 목록 기간이 거절되어 기본 기간(최근 90일)으로 다시 받습니다")
            return self._pages(None, cancel)

    def _pages(self, since: int | None, cancel: threading.Event) -> tuple[int, int, int]:
        page, pages, seen, total = 1, 0, 0, 0
        newest = 0
        while not cancel.is_set():
            values: dict[str, object] = {
                "payment_status": "all",
                "page": page,
                "limit": self.page_limit,
                "sorting": "started",
            }
            if since is not None:
                values["from"] = since
            answer = self.call("getPaymentsByStatus", values).response or {}
            pages += 1
            listed = answer.get("list") or []
            total = int(answer.get("total") or 0)
            seen += len(listed)
            self.cache.upsert_payments(listed)
            for payment in listed:
                newest = max(newest, status_time(payment))
            following = int(answer.get("next") or 0)
            if not following or not listed:
                break
            page = following
        if newest and not cancel.is_set():
            old = self.cache.get_meta(_WATERMARK)
            self.cache.set_meta(_WATERMARK, str(max(newest, int(old) if old else 0)))
        return pages, seen, total

    # --- product orders ------------------------------------------------------------------------

    def _orders(
        self, imp_uids: list[str], progress: Progress | None, cancel: threading.Event
    ) -> tuple[int, int]:
        if not imp_uids:
            return 0, 0
        done = failed = 0
        pending = iter(imp_uids)
        running: dict[Future[Any], str] = {}
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="queue-orders") as pool:

            def submit() -> bool:
                if cancel.is_set():
                    return False
                imp_uid = next(pending, None)
                if imp_uid is None:
                    return False
                running[pool.submit(self.call, "getProductOrders", {"imp_uid": imp_uid})] = imp_uid
                return True

            for _ in range(self.workers):
                if not submit():
                    break
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    imp_uid = running.pop(future)
                    submit()  # the next call goes out before this answer is written to the cache
                    try:
                        orders = future.result().response or []
                        self.cache.save_orders(imp_uid, orders, self.clock())
                        done += 1
                    except PortOneError as error:
                        failed += 1  # keeps its old check time: first in line next refresh
                        log.warning("상품주문을 받지 못했습니다 (%s): %s", imp_uid, error)
                    if progress is not None:
                        progress(done + failed, len(imp_uids))
        return done, failed
