"""Training mode opens at once: profile, banner and tabs before the sandbox server is up; the server
starts in the background and the first call waits for it in its worker thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from portone_desk.ui import tabs
from portone_desk.ui.sandbox_mode import SandboxNotReady, open_sandbox


@pytest.fixture
def shell(monkeypatch, make_window, ctx):
    """A main window (without the tabs) whose training mode starts like the app's: in the background."""
    monkeypatch.setattr(tabs, "TAB_SPECS", ())
    return lambda starter: make_window(starter, ctx)


def test_window_switches_before_the_server_is_up_and_the_first_call_waits(qtbot, shell, ctx, wait_idle):
    window = shell(lambda: open_sandbox(None))
    assert window.switch_to_sandbox()
    session = window.sandbox
    assert session is not None
    # Nothing has started the server yet (that happens once the loop runs), yet the window is in
    # training mode already.
    assert not session.ready
    assert window.stack.currentWidget() is window.tabs
    assert window.banner.isVisible()
    assert ctx.profile is not None and ctx.profile.is_sandbox
    assert ctx.profile.base_url == session.url

    results, threads = [], []
    original = session.wait_ready

    def wait_ready(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)

    session.wait_ready = wait_ready  # type: ignore[method-assign]
    # The service was built with the session's hook; rebuild it so the spy is the one called.
    window.activate(session.profile)
    ctx.call_op("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}).success(results.append).run()
    wait_idle()
    assert [r.response["imp_uid"] for r in results] == ["imp_demo_vbank_paid"]
    assert threads == [False]  # waited in the worker, never on the GUI thread
    assert session.ready


@pytest.mark.expect_log(r"sandbox did not start", logger="portone_desk.ui")
@pytest.mark.expect_log(r"연습 모드를 시작하지 못했습니다", logger="portone_desk.ui")
def test_server_that_cannot_start_is_reported_and_training_mode_is_left(qtbot, shell, ctx, tmp_path):
    # A directory is no SQLite file: the server fails while starting, after the window switched.
    window = shell(lambda: open_sandbox(tmp_path))
    assert window.switch_to_sandbox()
    session = window.sandbox
    qtbot.waitUntil(lambda: window.sandbox is None, timeout=10_000)
    assert not ctx.has_profile
    assert window.stack.currentWidget() is not window.tabs
    box = window.findChild(QMessageBox, "mainWindowError")
    assert box is not None and "연습 모드를 시작하지 못했습니다" in box.text()
    with pytest.raises(SandboxNotReady):
        session.wait_ready(timeout=1)
    assert window.sandbox_action.isEnabled()


def test_stop_waits_for_a_server_still_starting(tmp_path):
    session = open_sandbox(tmp_path / "training.sqlite3")
    session.start()
    session.stop()  # no server thread is left running, and the data file exists
    assert (tmp_path / "training.sqlite3").exists()
    assert session.ready
