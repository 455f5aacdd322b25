"""The one crash path: log the error (redacted) and tell the agent, then keep running.

``sys.excepthook`` catches what escapes Qt slots, asyncSlot coroutines and ``BackgroundOp``s
without a failure handler; ``threading.excepthook`` what escapes worker threads. Both end in
:meth:`CrashHandler.handle`, which runs on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from portone_desk.api.redact import redact, redact_for_file

log = logging.getLogger("portone_desk.crash")

CRASH_TITLE = "예기치 않은 오류"
CRASH_TEXT = "예기치 않은 오류가 발생했습니다. 앱은 계속 사용할 수 있습니다."


def describe(exc: BaseException) -> str:
    """One Korean-friendly line: our errors already read well; others get their type name."""
    from portone_desk.api.errors import PortOneError

    if isinstance(exc, PortOneError):
        return str(exc)
    text = str(exc).strip()
    return redact(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


class CrashHandler(QObject):
    # Carries errors from other threads to the GUI thread.
    _raised = Signal(object, object, object)

    def __init__(
        self,
        log_path: Path | None,
        parent_widget: QWidget | None = None,
        show_dialog: bool = True,
    ) -> None:
        super().__init__()
        self.log_path = log_path
        self.parent_widget = parent_widget
        self.show_dialog = show_dialog
        self.dialog: QMessageBox | None = None
        self.count = 0
        self._handling = False
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        self._raised.connect(self._handle_queued, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashHandler:
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_sys
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_threading

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            self._previous_sys(exc_type, exc, tb)
            return
        # The GUI thread is the main thread; widgets may only be touched there.
        if threading.current_thread() is not threading.main_thread():
            self._raised.emit(exc_type, exc, tb)
            return
        self._handle_on_gui(exc_type, exc, tb)

    @Slot(object, object, object)
    def _handle_queued(self, exc_type: object, exc: object, tb: object) -> None:
        self._handle_on_gui(exc_type, exc, tb)  # type: ignore[arg-type]

    def _handle_on_gui(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if self._handling:
            # The dialog itself failed: log to stderr the plain way and stop there.
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._handling = True
        try:
            self.count += 1
            # Names and phone numbers in an exception's text are masked too, not only secrets.
            text = redact_for_file("".join(traceback.format_exception(exc_type, exc, tb)))
            log.error("처리되지 않은 오류 (%d번째)\n%s", self.count, text)
            if self.show_dialog and QApplication.instance() is not None:
                self._show(describe(exc))
        except Exception:
            sys.__excepthook__(*sys.exc_info())
        finally:
            self._handling = False

    def _show(self, summary: str) -> None:
        where = f"자세한 내용은 로그 파일에 기록했습니다:\n{self.log_path}" if self.log_path else ""
        info = f"{summary}\n\n{where}".strip()
        if self.dialog is not None and self.dialog.isVisible():
            # An error storm should not bury the screen in dialogs: update the open one.
            self.dialog.setInformativeText(f"{info}\n\n(이어서 발생한 오류: 총 {self.count}건)")
            return
        dialog = QMessageBox(self.parent_widget)
        dialog.setObjectName("crashDialog")
        dialog.setIcon(QMessageBox.Icon.Critical)
        dialog.setWindowTitle(CRASH_TITLE)
        dialog.setText(CRASH_TEXT)
        dialog.setInformativeText(info)
        dialog.setStandardButtons(QMessageBox.StandardButton.Ok)
        dialog.button(QMessageBox.StandardButton.Ok).setText("확인")
        dialog.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Non-modal show(): exec() would nest an event loop inside the excepthook.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.show()
        self.dialog = dialog


_installed: CrashHandler | None = None


def install_crash_handler(log_path: Path | None, parent_widget: QWidget | None = None) -> CrashHandler:
    """Install (once) the process-wide crash handler; returns it."""
    global _installed
    if _installed is not None:
        _installed.uninstall()
    _installed = CrashHandler(log_path, parent_widget).install()
    return _installed
