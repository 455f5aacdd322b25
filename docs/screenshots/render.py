"""Render the Naver ship form and the receipt issue form as an agent sees them, for a look.

Run under a virtual screen of the office size (the window fits itself to the screen):

    xvfb-run -a -s "-screen 0 1366x768x24" uv run python docs/screenshots/render.py 1366x768
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1920x1080x24" \
        uv run python docs/screenshots/render.py 1920x1080@150

Writes ``naver_ship_form_<tag>.png`` and ``receipts_issue_<tag>.png`` here and prints, for each,
whether the form's submit button lies inside the window without scrolling.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

HERE = Path(__file__).resolve().parent


def wait(app: QApplication, condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def in_view(window: QWidget, widget: QWidget) -> bool:
    """The whole widget is painted inside the window (not scrolled away or cut off)."""
    if not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    seen = widget.visibleRegion().boundingRect()
    if seen.size() != widget.rect().size():
        return False
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


def main() -> int:
    tag = sys.argv[1] if len(sys.argv) > 1 else "screen"
    os.environ.setdefault("PORTONE_DESK_HOME", tempfile.mkdtemp(prefix="desk-shots-"))
    from portone_desk.store.memory_keyring import MemoryKeyring
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Profile, ProfileStore
    from portone_desk.store.secrets import SecretStore
    from portone_desk.ui import confirm
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.main_window import MainWindow
    from portone_desk.ui.sandbox_mode import start_sandbox
    from portone_desk.ui.worker import OperationRunner

    app = QApplication(sys.argv)
    paths = AppPaths.default()
    store = ProfileStore(paths, SecretStore(backend=MemoryKeyring()))
    store.save(Profile.new("우리가게", agent_name="김상담"), "live-key", "live-secret")
    runner = OperationRunner()
    window = MainWindow(DeskContext(runner), store, paths, sandbox_starter=lambda: start_sandbox(None))
    confirm.confirm = lambda *a, **k: None  # nothing is sent while looking
    window.show()
    window.switch_to_sandbox()
    idle = lambda: runner.running == 0  # noqa: E731
    screen = window.screen().availableGeometry()
    size = f"window {window.width()}×{window.height()}"
    print(f"{tag}: screen {screen.width()}×{screen.height()} (logical), {size}")
    results = []

    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    naver = window.tab_widget("네이버페이 주문")
    window.tabs.setCurrentIndex(titles.index("네이버페이 주문"))
    naver.imp_input.setText("order-2001")
    naver.lookup()
    wait(app, lambda: idle() and naver.model.rowCount() > 0)
    naver.select_ids(["2026200100000001"])
    naver.panel.buttons["naverShipProductOrder"].click()
    wait(app, lambda: naver.panel.form is not None)
    for _ in range(20):
        app.processEvents()
    submit = naver.panel.findChild(QPushButton, "submitAction")
    window.grab().save(str(HERE / f"naver_ship_form_{tag}.png"))
    results.append(("Naver 발송처리 form", in_view(window, submit)))

    receipts = window.tab_widget("현금영수증")
    window.tabs.setCurrentIndex(titles.index("현금영수증"))
    receipts.search_input.setText("order-1002")
    receipts.search()
    wait(app, lambda: idle() and receipts.payment is not None)
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(HERE / f"receipts_issue_{tag}.png"))
    results.append(("receipt issue form", in_view(window, receipts.issue_button)))

    for name, ok in results:
        print(f"{tag}: {name}: submit button {'in view' if ok else 'NOT in view'}")
    runner.shutdown()
    window.shutdown()
    return 0 if all(ok for _n, ok in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
