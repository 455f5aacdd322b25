"""The log of API requests the sandbox answered (control calls are not logged)."""

from __future__ import annotations

import threading
from typing import Any

_SECRET_KEYS = ("secret", "token", "password")


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

    def add(self, entry: dict[str, Any]) -> None:
        with self._lock:
            entry["index"] = len(self._entries)
            self._entries.append(entry)

    def since(self, index: int) -> list[dict[str, Any]]:
        """Entries whose ``index`` is ``index`` or later (pass the previous answer's ``next``)."""
        with self._lock:
            return list(self._entries[max(index, 0) :])

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
