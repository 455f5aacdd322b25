"""The presenters and rules beside the tabs are Qt-free: importing them loads no Qt (so they are
tested here without a QApplication, and import-linter's contract holds at run time too)."""

from __future__ import annotations

import subprocess
import sys

import pytest

QT_FREE = (
    "portone_desk.ui.shared",
    "portone_desk.ui.receipts.rules",
    "portone_desk.ui.receipts.presenter",
    "portone_desk.ui.naver.presenter",
    "portone_desk.ui.order_payments",
)


@pytest.mark.parametrize("module", QT_FREE)
def test_importing_loads_no_qt(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync'))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
