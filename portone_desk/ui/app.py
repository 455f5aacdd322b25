"""Start-up: the QApplication, the qasync loop, logging, the crash path and the main window.

Order matters for start-up time (``benchmarks/startup.py``): the window is shown with its real
page — the first-run page when no profiles file exists yet, or the tabs in training mode — before
anything slow to import is loaded (keyring for saved profiles, asyncio/qasync, the rotating log
handler; requests comes with the first call). Those follow right after the first paint. In training
mode the sandbox server starts on a thread of its own once the tabs are painted; the first call
waits for it in its worker thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QSocketNotifier, QTranslator
from PySide6.QtWidgets import QApplication

import portone_desk.api.redact
import portone_desk.store.paths  # noqa: F401

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from portone_desk.store.paths import AppPaths
    from portone_desk.ui.main_window import MainWindow

APP_NAME = "PortOneDesk"
APP_DISPLAY_NAME = "PortOne Desk"

log = logging.getLogger(__name__)


def configure_application(app: QApplication) -> None:
    """Names (QSettings, platform folders), icon and Korean Qt base texts."""
    from portone_desk.ui.icons import app_icon

    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setWindowIcon(app_icon())
    QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    install_korean_translations(app)


def install_korean_translations(app: QApplication) -> QTranslator | None:
    """Qt's own texts (standard buttons, context menus) in Korean, when the .qm is shipped."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_ko", folder):
        app.installTranslator(translator)
        return translator
    log.info("qtbase_ko translations not found in %s", folder)
    return None


def run(sandbox: bool = False, argv: Sequence[str] | None = None) -> int:
    """Open the desk; returns the process exit code once the main window is closed."""
    from portone_desk.store.paths import AppPaths
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.crash import install_crash_handler
    from portone_desk.ui.logs import buffer_early_logging, setup_logging
    from portone_desk.ui.main_window import MainWindow
    from portone_desk.ui.startup_probe import probe_enabled, watch
    from portone_desk.ui.worker import OperationRunner

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    configure_application(app)

    paths = AppPaths.default()
    from portone_desk.ui.single_instance import ALREADY_OPEN, DataFolderGuard

    guard = DataFolderGuard(paths.data_dir)
    if not guard.claim_lock():  # another window has this data folder: it was brought forward
        print(ALREADY_OPEN, file=sys.stderr)
        return 0
    set_aside = _check_databases(paths)
    early_log = buffer_early_logging()  # the rotating file handler is set up after first paint
    crash = install_crash_handler(paths.log_file)

    runner = OperationRunner()
    ctx = DeskContext(runner)
    window = MainWindow(ctx, None, paths)
    crash.parent_widget = window
    stop_signals = _QuitOnSignal(window)  # before anything can start a call
    if probe_enabled():
        watch(window)
    if sandbox:
        # Training mode's real page: banner and tabs at once; the server starts after first paint.
        window.switch_to_sandbox()
    elif not paths.profiles_file.exists():
        window.show_first_run_early()  # no profiles file, so no profile: no need to wait for keyring
    guard.bring_forward(window)
    ctx.notice.connect(lambda text: _tell_set_aside(window, [text], "활동 기록 대기"))
    window.show()
    app.processEvents()  # first paint
    # After it: the first log line loads the masking rules of the log filter.
    log.info("PortOne Desk starting (sandbox=%s)", sandbox)
    guard.listen()  # a later start finds the lock at once; it can ask us to come forward from here
    _tell_set_aside(window, set_aside)
    setup_logging(paths.log_file, replacing=early_log)

    import asyncio

    import qasync

    window.ensure_profiles()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed: asyncio.Future[None] = loop.create_future()

    def finish() -> None:
        if not closed.done():
            closed.set_result(None)

    window.closed.connect(finish)
    if window.isHidden():  # closed before the loop started (the start-up probe does this)
        closed.set_result(None)
    try:
        with loop:
            loop.run_until_complete(closed)
    finally:
        guard.release()
        stop_signals.uninstall()
        window.shutdown()
        runner.shutdown(wait=window.close_mode != "abandon")
        crash.uninstall()
        if runner.abandoned:
            log.warning("PortOne Desk stopped without waiting for running calls")
        else:
            log.info("PortOne Desk stopped")
    if runner.abandoned:
        _exit_without_waiting()
    return 0


def _check_databases(paths: AppPaths) -> list[str]:
    """Quick integrity check of the data folder's SQLite files; damaged ones are set aside."""
    from portone_desk.bulk import FILE_NAME
    from portone_desk.store.dbcheck import set_aside_if_damaged

    notes = []
    for path in (paths.audit_db, paths.data_dir / FILE_NAME, paths.sandbox_db):
        try:
            moved = set_aside_if_damaged(path)
        except OSError:
            log.exception("could not check %s", path.name)
            continue
        if moved is not None:
            notes.append(moved.text)
    return notes


def _tell_set_aside(window: QWidget, notes: list[str], title: str = "손상된 데이터 파일") -> None:
    if not notes:
        return
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, "\n\n".join(notes), parent=window)
    box.setObjectName("damagedDatabaseNotice")
    box.open()  # not modal to the app: the desk is usable meanwhile


def _exit_without_waiting() -> None:
    """End the process now: the pool's threads would otherwise be joined at interpreter exit,
    i.e. the agent would wait for the calls after all. Logs and output are flushed first."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(0)


class _QuitOnSignal(QObject):
    """Ctrl+C and SIGTERM close the window (without waiting for calls) and end the app normally.

    Python runs signal handlers only between bytecodes, never while Qt's loop waits in C++; the
    wake-up socket makes Qt notice the signal at once, and the close then happens on the loop.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        import socket

        self._previous = {sig: signal.getsignal(sig) for sig in self.SIGNALS}
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        for sig in self.SIGNALS:
            signal.signal(sig, self._noted)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wakeup)

    @staticmethod
    def _noted(signum: int, frame: object) -> None:
        # The C-level handler already wrote the signal number to the wake-up socket.
        pass

    def _on_wakeup(self) -> None:
        try:
            received = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        if any(b in self.SIGNALS for b in received):
            log.info("signal received; closing")
            self._window.close_now()

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        self._reader.close()
        self._writer.close()
