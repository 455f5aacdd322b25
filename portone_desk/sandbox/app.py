"""The sandbox behind the HTTP layer: state, clock, faults and request log, one request at a time."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from portone_desk.sandbox import demo, generator
from portone_desk.sandbox.clock import SandboxClock
from portone_desk.sandbox.control import PREFIX, handle_control
from portone_desk.sandbox.dispatch import handle_api
from portone_desk.sandbox.faults import FaultBook, FaultRule, partly_refused, refuse_last
from portone_desk.sandbox.requestlog import HANDLED, RequestLog, redact
from portone_desk.sandbox.store import SandboxStore
from portone_desk.sandbox.tokens import bearer
from portone_desk.sandbox.wire import BodyError, Reply, Request, parse_body

_CLOCK_KEY = "clock_offset"
_SEEDED_KEY = "seeded"


class SandboxApp:
    def __init__(
        self,
        db_path: str | None = None,
        seed_demo: bool = True,
        naver_sync_lag: float = 0.0,
        shop: Mapping[str, int] | None = None,
    ) -> None:
        """``shop``: a generated shop added to every fresh start and reset, as
        ``generator.generate`` arguments (``{"payments": N, "days": D, "seed": S}``);
        training mode passes ``generator.TRAINING_SHOP``."""
        self.store = SandboxStore(db_path)
        # Off in tests; the training sandbox sets a short delay (control API: /_sandbox/settings).
        self.naver_sync_lag = float(naver_sync_lag)
        self.seed_demo = seed_demo
        self.shop = dict(shop) if shop else None
        self.faults = FaultBook()
        self.log = RequestLog()
        self.base_url = ""
        with self.store.transaction():
            offset = self.store.get_meta(_CLOCK_KEY)
            self.clock = SandboxClock(float(offset) if offset else 0.0)
            # A training database keeps what agents did; seed only a fresh one.
            if self.store.get_meta(_SEEDED_KEY) is None:
                self._seed()

    def _seed(self) -> None:
        if self.seed_demo:
            demo.seed(self.store, self.clock.now())
        if self.shop:
            generator.generate(self.store, self.clock.now(), **self.shop)
        self.store.set_meta(_SEEDED_KEY, "1")

    def reset(self) -> None:
        self.faults.clear()
        self.log.clear()
        self.clock.reset()
        with self.store.transaction():
            self.store.clear()
            self._seed()

    def save_clock(self) -> None:
        with self.store.transaction():
            self.store.set_meta(_CLOCK_KEY, repr(self.clock.offset))

    def close(self) -> None:
        self.store.close()

    def handle(self, request: Request) -> Reply:
        if request.path == PREFIX or request.path.startswith(PREFIX + "/"):
            return handle_control(request, self)
        fault = self.faults.take(request.method, request.path)
        # Logged on arrival, so a test can wait for "the call reached the sandbox".
        request.log_entry = self.log.add(self._entry(request, fault))
        reply = self._run(request, fault)
        self.log.update(request.log_entry, status=None if reply.drop else reply.status, state=HANDLED)
        return reply

    def answered(self, request: Request, reply: Reply) -> None:
        """The server has written ``reply`` (or dropped the connection): the log says so."""
        if request.log_entry is not None:
            self.log.finish(request.log_entry, None if reply.drop else reply.status)

    def _run(self, request: Request, fault: FaultRule | None) -> Reply:
        if fault is None:
            return handle_api(request, self.store, self.clock, self.base_url, self.naver_sync_lag)
        if fault.refuse_last:
            return self._refuse_last(request, fault)
        if fault.when == "before":
            broken = fault.apply(None)
            if broken is not None:
                return broken
            return handle_api(request, self.store, self.clock, self.base_url, self.naver_sync_lag)
        real = handle_api(request, self.store, self.clock, self.base_url, self.naver_sync_lag)
        if request.log_entry is not None:
            # The operation has run; the answer may still be delayed, broken or lost by the fault.
            self.log.update(request.log_entry, state=HANDLED)
        return fault.apply(real) or real

    def _refuse_last(self, request: Request, fault: FaultRule) -> Reply:
        """A trainer's staged partial failure: the last orders are refused, the rest done."""
        try:
            body = parse_body(request.header("content-type"), request.body)
        except BodyError:
            return handle_api(request, self.store, self.clock, self.base_url, self.naver_sync_lag)
        kept, refused = refuse_last(body, fault.refuse_last)
        if not refused:
            return handle_api(request, self.store, self.clock, self.base_url, self.naver_sync_lag)
        total = len(body.get("product_order_id") or [])
        if len(refused) == total:
            return partly_refused(total, refused, Reply(500))
        trimmed = replace(request, body=json.dumps(kept).encode(), headers={**request.headers})
        trimmed.headers["content-type"] = "application/json"
        return partly_refused(
            total, refused, handle_api(trimmed, self.store, self.clock, self.base_url, self.naver_sync_lag)
        )

    def _entry(self, request: Request, fault: FaultRule | None) -> dict[str, Any]:
        try:
            body: Any = redact(parse_body(request.header("content-type"), request.body))
        except BodyError:
            body = request.body[:200].decode("utf-8", errors="replace")
        entry: dict[str, Any] = {
            "method": request.method,
            "path": request.path,
            "query": redact(
                {key: values[0] if len(values) == 1 else values for key, values in request.query.items()}
            ),
            "status": None,
            "token_sent": bearer(request.header("authorization")) is not None,
            "tier": request.header("tier"),
            "time": time.time(),
            "sandbox_now": self.clock.now(),
            "body": body,
        }
        if fault is not None:
            entry["fault"] = fault.describe()
        return entry
