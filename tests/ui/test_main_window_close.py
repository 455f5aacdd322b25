"""Closing the window while calls run: the agent is asked, waiting shows a state, closing anyway
does not block."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from portone_desk.sandbox.control_client import SandboxControl

SLOW_MS = 3000


@pytest.fixture
def slow_call(qtbot, main_window):
    """A lookup that takes 3 s in the sandbox, started from the window's context."""
    main_window.switch_to_sandbox()
    main_window.ctx.service.client.get_token()  # so the slow part is the lookup itself
    SandboxControl(main_window.sandbox.url).add_fault(path="/payments/", latency_ms=SLOW_MS, times=1)
    results: list[object] = []
    main_window.ctx.call_op("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}).success(
        results.append
    ).run()
    assert main_window.ctx.runner.in_flight == 1
    yield results
    # Let the abandoned call end before the fixtures stop the sandbox and the pool.
    qtbot.waitUntil(lambda: main_window.ctx.runner.in_flight == 0, timeout=SLOW_MS + 5000)


def _question(window) -> QMessageBox:
    box = window.findChild(QMessageBox, "closeQuestion")
    assert box is not None and box.isVisible()
    return box


def test_close_with_a_running_call_asks_first(qtbot, main_window, slow_call):
    closed = []
    main_window.closed.connect(lambda: closed.append(True))
    main_window.close()
    box = _question(main_window)
    assert main_window.isVisible() and not closed
    assert "처리 중인 요청이 1건" in box.text()
    assert "결과 미확인" in box.informativeText()
    labels = {b.text() for b in box.buttons()}
    assert labels == {"기다렸다가 닫기", "바로 닫기", "계속 사용"}

    box.findChild(QPushButton, "closeCancelButton").click()
    assert main_window.isVisible() and not closed
    assert main_window.close_mode is None


@pytest.mark.expect_log(r"closing with \d+ call\(s\) still running", logger="portone_desk.ui")
def test_close_anyway_returns_at_once(qtbot, main_window, slow_call):
    closed = []
    main_window.closed.connect(lambda: closed.append(True))
    main_window.close()
    _question(main_window).findChild(QPushButton, "closeNowButton").click()
    main_window.shutdown()
    main_window.ctx.runner.shutdown(wait=False)
    assert closed and not main_window.isVisible()
    # Back while the 3 s call is still running in its thread: nothing waited for it.
    assert main_window.ctx.runner.in_flight == 1
    assert main_window.ctx.runner.abandoned
    assert not slow_call  # the result was never delivered


def test_wait_shows_a_finishing_state_then_closes(qtbot, main_window, slow_call):
    closed = []
    main_window.closed.connect(lambda: closed.append(True))
    main_window.close()
    _question(main_window).findChild(QPushButton, "closeWaitButton").click()
    box = main_window.findChild(QMessageBox, "closingBox")
    assert box is not None and box.isVisible()
    assert box.text() == "처리 중인 요청을 마무리하는 중…"
    assert main_window.isVisible() and not closed
    assert not main_window.centralWidget().isEnabled()
    qtbot.waitUntil(lambda: bool(closed), timeout=SLOW_MS + 5000)
    assert not main_window.isVisible()
    assert slow_call  # the call finished and its result came back before the window closed


def test_no_question_when_nothing_runs(qtbot, main_window):
    closed = []
    main_window.closed.connect(lambda: closed.append(True))
    main_window.close()
    assert closed and main_window.findChild(QMessageBox, "closeQuestion") is None
