"""Fixtures of the UI tests: the context, training mode's sandbox session, a receipt tab's context
and the main window without tabs. (The app home, keyring, profiles, runner, sandbox and the
confirmation stand-in are shared fixtures from ``tests/support``.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.desk import build_context

from portone_desk.sandbox.server import SandboxServer
from portone_desk.store.audit import AuditLog
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import ProfileStore
from portone_desk.ui.context import DeskContext
from portone_desk.ui.sandbox_mode import SandboxSession, start_sandbox
from portone_desk.ui.worker import OperationRunner


@pytest.fixture(autouse=True)
def _own_desk_home(desk_home: AppPaths) -> None:
    """Every UI test keeps its settings, logs and data to itself (windows read QSettings)."""


@pytest.fixture
def ctx(runner: OperationRunner) -> DeskContext:
    return DeskContext(runner)


@pytest.fixture
def sandbox_session() -> Iterator[SandboxSession]:
    """Training mode as the app starts it (server + in-memory profile), data in memory."""
    session = start_sandbox(None)
    yield session
    session.stop()


@pytest.fixture
def sandbox_ctx(
    ctx: DeskContext, sandbox_session: SandboxSession, desk_home: AppPaths
) -> Iterator[DeskContext]:
    """A context whose active service talks to the in-memory sandbox (audited under the test home)."""
    from portone_desk.ui.services import build_service, open_audit

    audit = open_audit(desk_home)
    session = sandbox_session
    ctx.set_service(build_service(session.profile, session.credentials, audit))
    yield ctx
    audit.close()


@pytest.fixture
def main_window(qtbot, monkeypatch, ctx: DeskContext, profile_store: ProfileStore, desk_home: AppPaths):
    """The main window with an in-memory keyring; its sandbox keeps its data in memory.

    Without the tabs: the shell's tests should not fail for a tab's bug (test_main_window builds
    the real tabs on their own).
    """
    from portone_desk.ui import tabs
    from portone_desk.ui.main_window import MainWindow

    monkeypatch.setattr(tabs, "TAB_SPECS", ())
    window = MainWindow(ctx, profile_store, desk_home, sandbox_starter=lambda: start_sandbox(None))
    window.confirm = lambda *_: True
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.shutdown()


@pytest.fixture
def wait_idle(qtbot, runner: OperationRunner):
    """Call it to wait until every background call has delivered its result on the GUI thread."""

    def wait(timeout: int = 10_000) -> None:
        qtbot.waitUntil(lambda: runner.running == 0, timeout=timeout)

    return wait


@pytest.fixture
def receipt_ctx(runner: OperationRunner, sandbox: SandboxServer, tmp_path: Path) -> Iterator[DeskContext]:
    """A receipt tab's context: the ``sandbox`` fixture's server, a short read timeout, audited."""
    audit = AuditLog(tmp_path / "audit.sqlite3")
    yield build_context(runner, sandbox, audit=audit)
    audit.close()
