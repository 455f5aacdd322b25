"""For ``benchmarks/startup.py``: print the wall time once the real main window is painted, then quit.

"Real" means what the agent works with — the first-run page or the tabs, under the title, toolbar
and (in training mode) the banner — never the "불러오는 중…" page shown while profiles or the
sandbox load. The marker is printed when that page gets its first paint event, which is the same
point the benchmark's bare window is measured at (its central widget's first paint).

Enabled by the environment variable only; costs nothing otherwise.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from portone_desk.ui.main_window import MainWindow

STARTUP_PROBE_ENV = "PORTONE_DESK_STARTUP_PROBE"
MARKER = "STARTUP_SHOWN"


def probe_enabled() -> bool:
    return os.environ.get(STARTUP_PROBE_ENV) == "1"


class _PaintWatcher(QObject):
    """Prints the marker at the first paint of the real page or of anything on it.

    Paint events are only sent while the window is exposed. Watched application-wide because
    some pages (a QTabWidget in document mode) get no paint event of their own, only their
    children; and the page is looked up at paint time, since it may change before the first frame.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._done or event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        page = self._window.real_page()
        if page is not None and (watched is page or page.isAncestorOf(watched)):
            self._done = True
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            print(f"{MARKER} {time.time():.6f}", flush=True)
            # Let the frame finish, then leave through the normal close path.
            QTimer.singleShot(0, self._window.close)
        return False


def watch(window: MainWindow) -> None:
    """Call before ``window.show()`` (or before the event loop first runs)."""
    app = QApplication.instance()
    assert app is not None, "create the QApplication first"
    app.installEventFilter(_PaintWatcher(window))
