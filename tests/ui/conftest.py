"""Shared fixtures for the UI tests: a private app home per test, an in-memory keyring, the
runner/context, an in-memory sandbox, and the main window wired to all of them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import ProfileStore
from portone_desk.store.secrets import SecretStore
from portone_desk.ui.context import DeskContext
from portone_desk.ui.sandbox_mode import SandboxSession, start_sandbox
from portone_desk.ui.worker import OperationRunner


@pytest.fixture(autouse=True)
def desk_home(tmp_path, monkeypatch) -> AppPaths:
    """Config, data and logs of this test only (and QSettings geometry with them)."""
    home = tmp_path / "desk-home"
    monkeypatch.setenv("PORTONE_DESK_HOME", str(home))
    return AppPaths.default()


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def secret_store(keyring_backend: MemoryKeyring) -> SecretStore:
    return SecretStore(backend=keyring_backend)


@pytest.fixture
def profile_store(desk_home: AppPaths, secret_store: SecretStore) -> ProfileStore:
    return ProfileStore(desk_home, secret_store)


@pytest.fixture
def runner(qtbot) -> Iterator[OperationRunner]:
    runner = OperationRunner()
    yield runner
    runner.shutdown()


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
