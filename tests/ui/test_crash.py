"""The one crash path: redacted log, a dialog naming the log, the app keeps going."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from portone_desk.api.redact import DEFAULT as REDACTOR
from portone_desk.ui.crash import CrashHandler
from portone_desk.ui.logs import remove_logging, setup_logging

SECRET = "crash-secret-7hQ2vLm9Xz"


@pytest.fixture
def crash(qtbot, desk_home):
    handler = setup_logging(desk_home.log_file)
    crash = CrashHandler(desk_home.log_file)
    yield crash
    crash.uninstall()
    if crash.dialog is not None:
        crash.dialog.close()
    remove_logging(handler)


def raise_and_handle(crash: CrashHandler, exc: BaseException) -> None:
    try:
        raise exc
    except BaseException as caught:
        crash.handle(type(caught), caught, caught.__traceback__)


def log_text(desk_home) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return desk_home.log_file.read_text(encoding="utf-8")


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.crash")
def test_dialog_shown_and_log_redacted(qtbot, crash, desk_home):
    REDACTOR.add(SECRET)
    raise_and_handle(crash, RuntimeError(f"payload had imp_secret={SECRET} and {SECRET}"))

    dialog = crash.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.objectName() == "crashDialog"
    assert "예기치 않은 오류" in dialog.text()
    assert str(desk_home.log_file) in dialog.informativeText()
    assert SECRET not in dialog.informativeText()
    assert not dialog.isModal()  # non-blocking: the app keeps running

    text = log_text(desk_home)
    assert "처리되지 않은 오류" in text and "RuntimeError" in text
    assert SECRET not in text
    assert SECRET.encode() not in desk_home.log_file.read_bytes()


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.crash")
def test_crash_log_masks_names_phones_and_emails(qtbot, crash, desk_home):
    raise_and_handle(crash, ValueError("주문자 윤서연 고객님 010-8642-9753, yoon.sy@example.com 처리 중"))
    text = log_text(desk_home)
    assert "ValueError" in text and "고객님" in text
    for personal in ("윤서연", "010-8642-9753", "yoon.sy@example.com"):
        assert personal not in text
    assert "윤** 고객님" in text and "010-****-**53" in text


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.crash")
def test_second_error_updates_the_open_dialog(qtbot, crash):
    raise_and_handle(crash, ValueError("first"))
    first = crash.dialog
    raise_and_handle(crash, ValueError("second"))
    assert crash.dialog is first
    assert "총 2건" in first.informativeText()
    assert (
        len([w for w in QApplication.topLevelWidgets() if w.objectName() == "crashDialog" and w.isVisible()])
        == 1
    )


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.crash")
def test_failing_dialog_does_not_recurse(qtbot, crash, monkeypatch, capsys):
    calls = []

    def broken_show(summary: str) -> None:
        calls.append(summary)
        raise RuntimeError("dialog broke")

    monkeypatch.setattr(crash, "_show", broken_show)
    raise_and_handle(crash, ValueError("original"))
    assert len(calls) == 1
    assert "dialog broke" in capsys.readouterr().err
    assert not crash._handling  # ready for the next error
    monkeypatch.undo()
    raise_and_handle(crash, ValueError("next one"))
    assert crash.dialog is not None and crash.dialog.isVisible()


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.crash")
def test_installed_hooks_catch_thread_errors(qtbot, crash, desk_home):
    crash.install()

    def boom() -> None:
        raise KeyError("from a worker thread")

    thread = threading.Thread(target=boom)
    thread.start()
    thread.join()
    # Delivered to the GUI thread through a queued signal.
    qtbot.waitUntil(lambda: crash.dialog is not None and crash.dialog.isVisible())
    assert "KeyError" in log_text(desk_home)


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.crash")
def test_unhandled_background_failure_takes_the_crash_path(qtbot, crash, runner, wait_idle):
    from portone_desk.ui.worker import BackgroundOp

    crash.install()

    def fail() -> None:
        raise OSError("disk gone")

    BackgroundOp(runner, fail).run()  # no .failure(): goes to sys.excepthook
    wait_idle()
    assert crash.dialog is not None and "OSError" in crash.dialog.informativeText()


@pytest.mark.expect_log(r"처리되지 않은 오류", logger="portone_desk.crash")
def test_korean_message_of_api_errors(qtbot, crash):
    from portone_desk.api.errors import NetworkError

    raise_and_handle(crash, NetworkError(operation="getReceipt"))
    assert "포트원 서버와 통신하지 못했습니다" in crash.dialog.informativeText()
    assert isinstance(crash.dialog, QMessageBox)
