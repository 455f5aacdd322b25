"""The log of API requests the sandbox saw (control calls are not logged).

An entry is added when a request **arrives** (``state`` ``"received"``, ``answered`` false, no
``status`` yet), gets its ``status`` once the operation has run (``"handled"``), and is marked
``answered`` once the reply has been written or the connection dropped (``"answered"`` or
``"dropped"``). A test can therefore wait for "the call has reached the sandbox" as well as for
"the call has been answered", instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from typing import Any

_SECRET_KEYS = ("secret", "token", "password")

RECEIVED = "received"
HANDLED = "handled"
ANSWERED = "answered"
DROPPED = "dropped"


def redact(value: Any) -> Any:
    """The value with every secret-looking field replaced by ``***``."""
    if isinstance(value, dict):
        return {
            key: "***" if any(mark in str(key).lower() for mark in _SECRET_KEYS) else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


class RequestLog:
    def __init__(self) -> None:
        self._entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def add(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Record an arriving request; the entry (keep it to ``update``/``finish`` it)."""
        with self._lock:
            entry.setdefault("status", None)
            entry.update(index=len(self._entries), state=RECEIVED, answered=False)
            self._entries.append(entry)
        return entry

    def update(self, entry: dict[str, Any], **fields: Any) -> None:
        with self._lock:
            entry.update(fields)

    def finish(self, entry: dict[str, Any], status: int | None) -> None:
        """The reply with ``status`` has left (``None``: the connection was closed without one)."""
        with self._lock:
            entry.update(
                status=status,
                state=ANSWERED if status is not None else DROPPED,
                answered=True,
                answered_at=time.time(),
            )

    def since(
        self, index: int, *, method: str | None = None, path: str | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """Copies of the entries from ``index`` on, only those with ``method`` and whose path
        contains ``path`` when given; and the index to pass next time (one past the last entry)."""
        with self._lock:
            entries = [
                dict(entry)
                for entry in self._entries[max(index, 0) :]
                if (method is None or entry["method"] == method.upper())
                and (path is None or path in entry["path"])
            ]
            return entries, len(self._entries)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
