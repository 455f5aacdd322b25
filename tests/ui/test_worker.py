"""The runner as the window uses it: busy indicator, results on the GUI thread, cancel."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

from portone_desk.sandbox.control_client import SandboxControl


def test_busy_indicator_while_a_slow_call_runs(qtbot, main_window, wait_idle):
    main_window.switch_to_sandbox()
    url = main_window.sandbox.url
    # Warm the token first so the slow part is the lookup itself.
    main_window.ctx.service.client.get_token()
    control = SandboxControl(url)
    control.add_fault(path="/payments/", latency_ms=700, times=1)

    indicator = main_window.findChild(QProgressBar, "busyIndicator")
    label = main_window.findChild(QLabel, "busyLabel")
    assert not indicator.isVisible()
    results = []
    main_window.ctx.call_op("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}).success(
        results.append
    ).run()
    # run() came back before the sandbox answered: the GUI thread did not wait for the network.
    assert not any(r["answered"] for r in control.requests(path="/payments/"))
    assert indicator.isVisible() and label.isVisible() and label.text() == "처리 중…"
    [arrived] = control.wait_for_requests(path="/payments/", answered=False)
    assert not arrived["answered"] and indicator.isVisible()  # still running
    wait_idle()
    assert not indicator.isVisible() and not label.isVisible()
    assert results and results[0].response["amount"] == 39000


def test_results_arrive_on_gui_thread(qtbot, runner, wait_idle):
    from portone_desk.ui.worker import BackgroundOp

    seen = {}

    def work() -> str:
        seen["work"] = threading.current_thread()
        return "ok"

    BackgroundOp(runner, work).success(lambda r: seen.update(result=r, cb=threading.current_thread())).run()
    wait_idle()
    assert seen["result"] == "ok"
    assert seen["cb"] is threading.main_thread()
    assert seen["work"] is not threading.main_thread()


def test_button_disabled_until_done_and_cancel_frees_it(qtbot, runner, wait_idle):
    from portone_desk.ui.worker import BackgroundOp

    button = QPushButton("조회")
    qtbot.addWidget(button)
    release = threading.Event()
    delivered = []
    op = BackgroundOp(runner, lambda: release.wait(5)).success(delivered.append).busy(button).run()
    assert not button.isEnabled()
    op.cancel()
    assert button.isEnabled() and runner.running == 0
    with qtbot.waitSignal(runner.drained, timeout=5_000):  # its thread has finished
        release.set()
    assert delivered == []  # a cancelled lookup's late answer is dropped


def test_failure_goes_to_its_handler(qtbot, runner, wait_idle):
    from portone_desk.ui.worker import BackgroundOp

    errors = []

    def fail() -> None:
        raise ValueError("잘못된 값")

    BackgroundOp(runner, fail).failure(errors.append).run()
    wait_idle()
    assert isinstance(errors[0], ValueError)


def test_many_signal_emits_do_not_exhaust_true(qtbot):
    """PySide6 6.12.0 lost a reference to True per emit (why it is pinned out); guard against it."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Pinger(QObject):
        ping = Signal(int)

    pinger = Pinger()
    before = sys.getrefcount(True)
    for i in range(2000):
        pinger.ping.emit(i)
    assert sys.getrefcount(True) > 2000 or sys.getrefcount(True) >= before
