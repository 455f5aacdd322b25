"""``SandboxControl``: the one client of the sandbox's ``/_sandbox/`` control API (Qt-free).

Tests, benchmarks, the self-test and training mode arrange data, move the clock, inject faults and
read the request log through it; nothing else builds ``/_sandbox/`` URLs. Waiting is on a
condition: :meth:`SandboxControl.wait_for_requests` polls the request log (which records a call
when it arrives and again when it is answered) until enough matching calls are there.

Every call has a timeout. A control error (``{"error": "..."}``) raises :class:`SandboxControlError`.
One instance may be used from several threads (each thread gets its own HTTP session).
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any
from urllib.parse import quote

import requests

PREFIX = "/_sandbox"
POLL_INTERVAL_S = 0.02
_PAST_THE_END = 1 << 62  # a log index no test reaches: the answer lists nothing, only "next"


class SandboxControlError(RuntimeError):
    """The control API refused a call (its Korean message) or answered something unexpected."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message


class RequestsNotSeen(TimeoutError):
    """``wait_for_requests`` ran out of time; the message says what was waited for and what came."""


class SandboxControl:
    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()

    # plumbing -------------------------------------------------------------------------------------

    def url(self, action: str) -> str:
        """The address of a control action (``"reset"``, ``"requests"``, ...)."""
        return f"{self.base_url}{PREFIX}/{action.lstrip('/')}"

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def call(
        self,
        method: str,
        action: str,
        body: Any = None,
        *,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> requests.Response:
        """The raw answer of one control call, whatever its status (for tests of the control API)."""
        return self._session().request(
            method,
            self.url(action),
            json=body,
            params=params,
            timeout=self.timeout if timeout is None else timeout,
        )

    def _json(self, method: str, action: str, body: Any = None, **kwargs: Any) -> Any:
        response = self.call(method, action, body, **kwargs)
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code != 200:
            message = data.get("error") if isinstance(data, dict) else None
            raise SandboxControlError(response.status_code, str(message or response.text[:200]))
        if data is None:
            raise SandboxControlError(response.status_code, "the control API did not answer JSON")
        return data

    def close(self) -> None:
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._local = threading.local()

    def __enter__(self) -> SandboxControl:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # state and clock ------------------------------------------------------------------------------

    def reset(self) -> None:
        """Demo data back; tokens, clock offset, faults and request log cleared."""
        self._json("POST", "reset", {})

    def clock(self) -> dict[str, Any]:
        """``{"now": unix, "offset": seconds}``."""
        return dict(self._json("GET", "clock"))

    def now(self) -> int:
        return int(self.clock()["now"])

    def advance(self, seconds: float) -> int:
        """Move the sandbox clock forward; the new ``now``."""
        return int(self._json("POST", "clock", {"advance": seconds})["now"])

    def set_clock(self, unix: float) -> int:
        return int(self._json("POST", "clock", {"set": unix})["now"])

    # data -----------------------------------------------------------------------------------------

    def add_payment(self, **spec: Any) -> dict[str, Any]:
        """Create a payment (``pay_method, amount, status, pg_provider`` required, optional
        ``product_orders``...); ``{"imp_uid", "merchant_uid", "product_order_ids"}``."""
        return dict(self._json("POST", "payments", spec))

    def generate(self, payments: int, days: int = 30, seed: int = 0) -> dict[str, Any]:
        """A shop's worth of generated payments over ``days`` (the same ``seed``, the same shop)."""
        return dict(self._json("POST", "generate", {"payments": payments, "days": days, "seed": seed}))

    def receipt_page(self, kind: str, ident: str) -> tuple[int, str]:
        """The HTML slip behind a receipt's ``receipt_url``: ``kind`` is ``imp`` or ``external``;
        (HTTP status, page)."""
        response = self.call("GET", f"receipt/{kind}/{quote(ident, safe='')}")
        return response.status_code, response.text

    # faults ---------------------------------------------------------------------------------------

    def settings(self, **changes: Any) -> dict[str, Any]:
        """Behaviour switches (``naver_sync_lag`` seconds); with no changes, just reads them."""
        if changes:
            return dict(self._json("POST", "settings", changes))
        return dict(self._json("GET", "settings"))

    def add_fault(self, **rule: Any) -> None:
        """One fault rule (``path`` prefix required; see ``sandbox/faults.py``)."""
        self._json("POST", "faults", rule)

    def add_faults(self, rules: list[dict[str, Any]]) -> None:
        self._json("POST", "faults", rules)

    def faults(self) -> list[dict[str, Any]]:
        """The rules not used up yet."""
        return list(self._json("GET", "faults")["pending"])

    def clear_faults(self) -> None:
        self._json("DELETE", "faults")

    # the request log ------------------------------------------------------------------------------

    def _log(self, since: int, method: str | None, path: str | None) -> dict[str, Any]:
        params: dict[str, Any] = {"since": since}
        if method:
            params["method"] = method
        if path:
            params["path"] = path
        return dict(self._json("GET", "requests", params=params))

    def requests(
        self, *, since: int = 0, method: str | None = None, path: str | None = None
    ) -> list[dict[str, Any]]:
        """API calls the sandbox has seen from log index ``since`` on (answered or not), only
        ``method`` and paths containing ``path`` when given."""
        return list(self._log(since, method, path)["requests"])

    def mark(self) -> int:
        """Where the request log stands now: pass it as ``since`` to see only later calls."""
        return int(self._log(_PAST_THE_END, None, None)["next"])

    def wait_for_requests(
        self,
        count: int = 1,
        *,
        method: str | None = None,
        path: str | None = None,
        since: int = 0,
        answered: bool = True,
        timeout: float = 10.0,
    ) -> list[dict[str, Any]]:
        """Wait until at least ``count`` matching calls have been answered (``answered=False``:
        have arrived, answered or not); the matching calls seen. Raises :class:`RequestsNotSeen`
        after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.requests(since=since, method=method, path=path)
            matching = [entry for entry in seen if entry.get("answered") or not answered]
            if len(matching) >= count:
                return matching
            if time.monotonic() >= deadline:
                what = f"{method or 'any method'} {path or 'any path'} since #{since}"
                states = [f"{e['method']} {e['path']} ({e.get('state')})" for e in seen]
                raise RequestsNotSeen(
                    f"waited {timeout:g} s for {count} {'answered' if answered else 'arrived'} "
                    f"call(s) to {what}; saw {len(matching)}: {states or 'none'}"
                )
            time.sleep(POLL_INTERVAL_S)
