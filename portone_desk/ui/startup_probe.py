"""For ``benchmarks/startup.py``: print the wall time once the main window is really on screen, then quit.

Enabled by the environment variable only; costs nothing otherwise.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

STARTUP_PROBE_ENV = "PORTONE_DESK_STARTUP_PROBE"
MARKER = "STARTUP_SHOWN"


def probe_enabled() -> bool:
    return os.environ.get(STARTUP_PROBE_ENV) == "1"


class _ExposeWatcher(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Expose and self._window.windowHandle().isExposed():
            self._done = True
            print(f"{MARKER} {time.time():.6f}", flush=True)
            # Let the first frame finish, then leave through the normal close path.
            QTimer.singleShot(0, self._window.close)
        return False


def watch(window: QWidget) -> None:
    """Call after ``window.show()``; the native window exists from then on."""
    handle = window.windowHandle()
    if handle is None:
        QTimer.singleShot(0, lambda: watch(window))
        return
    if handle.isExposed():
        print(f"{MARKER} {time.time():.6f}", flush=True)
        QTimer.singleShot(0, window.close)
        return
    handle.installEventFilter(_ExposeWatcher(window))
