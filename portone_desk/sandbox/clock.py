"""The sandbox clock: real time plus an offset that tests and trainers can move."""

from __future__ import annotations

import threading
import time


class SandboxClock:
    """UNIX seconds as the sandbox sees them; ``advance``/``set`` shift only the offset."""

    def __init__(self, offset: float = 0.0) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    @property
    def offset(self) -> float:
        return self._offset

    def now(self) -> int:
        return int(time.time() + self._offset)

    def advance(self, seconds: float) -> int:
        with self._lock:
            self._offset += seconds
        return self.now()

    def set(self, unix: float) -> int:
        with self._lock:
            self._offset = unix - time.time()
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
