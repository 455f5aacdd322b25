"""Start-up: the QApplication, the qasync loop, logging, the crash path and the main window.

Heavy modules (requests, the catalog, the sandbox) are imported only when a profile becomes
active, which keeps the first window quick to appear.
"""

from __future__ import annotations

# Imported before PySide6 on purpose: PySide6's import hook reads the source of every module
# imported after it, which made start-up measurably slower (benchmarks/startup.py: 1.71× → 1.4×).
import concurrent.futures  # noqa: F401  (the runner's pool)
import logging
import logging.handlers
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import platformdirs  # noqa: F401  (AppPaths)
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

import portone_desk.api.redact
import portone_desk.store.paths  # noqa: F401

if TYPE_CHECKING:
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import ProfileStore

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
    from portone_desk.ui.logs import setup_logging
    from portone_desk.ui.main_window import MainWindow
    from portone_desk.ui.startup_probe import probe_enabled, watch
    from portone_desk.ui.worker import OperationRunner

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    configure_application(app)

    paths = AppPaths.default()
    setup_logging(paths.log_file)
    crash = install_crash_handler(paths.log_file)
    log.info("PortOne Desk starting (sandbox=%s)", sandbox)

    runner = OperationRunner()
    ctx = DeskContext(runner)
    window = MainWindow(ctx, None, paths)
    crash.parent_widget = window
    window.show()
    if probe_enabled():
        watch(window)
    # Paint the window first, then load what is slow to import (keyring, asyncio, the sandbox):
    # the agent sees the desk at once and "불러오는 중…" for the moment that takes.
    app.processEvents()

    import asyncio

    import qasync

    window.attach_profiles(_open_profiles(paths))
    if sandbox:
        window.switch_to_sandbox()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed: asyncio.Future[None] = loop.create_future()
    window.closed.connect(lambda: closed.done() or closed.set_result(None))
    if window.isHidden():  # closed before the loop started (the start-up probe does this)
        closed.set_result(None)
    try:
        with loop:
            loop.run_until_complete(closed)
    finally:
        window.shutdown()
        runner.shutdown()
        crash.uninstall()
        log.info("PortOne Desk stopped")
    return 0


def _open_profiles(paths: AppPaths) -> ProfileStore:
    from portone_desk.store.profiles import ProfileStore
    from portone_desk.store.secrets import SecretStore

    return ProfileStore(paths, SecretStore())
