"""Fixtures for every test folder (a pytest plugin named in the root ``conftest.py``).

Qt and the UI are imported inside the fixtures that need them, so Qt-free tests stay Qt-free.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from pytestqt.exceptions import TimeoutError as WaitTimeout

from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.server import SandboxServer
from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import Profile, ProfileStore
from portone_desk.store.secrets import SecretStore
from support.confirm import Confirmer

if TYPE_CHECKING:
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.main_window import MainWindow
    from portone_desk.ui.worker import OperationRunner
    from support.desk import Desk


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Offscreen Qt and a throwaway PORTONE_DESK_HOME, so tests never touch the agent's files."""
    names = ("QT_QPA_PLATFORM", "PORTONE_DESK_HOME", "PORTONE_DESK_TRAINING_SYNC_LAG")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # The training sandbox's Naver sync lag is off in tests (issue 10); its own tests turn it on.
    os.environ["PORTONE_DESK_TRAINING_SYNC_LAG"] = "0"
    os.environ["PORTONE_DESK_HOME"] = str(tmp_path_factory.mktemp("portone-desk-home"))
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def desk_home(tmp_path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """Config, data (activity log, bulk jobs), logs and QSettings of this test only (every UI test
    has it; elsewhere the session's throwaway home is used unless a test asks for its own)."""
    monkeypatch.setenv("PORTONE_DESK_HOME", str(tmp_path / "desk-home"))
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
    from portone_desk.ui.worker import OperationRunner

    runner = OperationRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A fresh in-memory sandbox with the demo data on a free loopback port."""
    server = SandboxServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def control(sandbox: SandboxServer) -> Iterator[SandboxControl]:
    """The control API of the ``sandbox`` fixture's server."""
    with SandboxControl(sandbox.url) as control:
        yield control


@pytest.fixture
def confirmer(monkeypatch: pytest.MonkeyPatch) -> Confirmer:
    """The confirmation dialog answered yes (set ``.answer``/``.note``); what it showed is kept."""
    from portone_desk.ui import confirm

    stand_in = Confirmer()
    monkeypatch.setattr(confirm, "confirm", stand_in)
    return stand_in


@pytest.fixture
def make_window(
    qtbot, runner: OperationRunner, profile_store: ProfileStore, desk_home: AppPaths
) -> Iterator[Callable[..., MainWindow]]:
    """``make_window(starter=None, ctx=None)``: the main window as the app builds it (its own
    context unless ``ctx`` is given), training mode started by ``starter`` (default: an in-memory
    sandbox); the window's own yes/no questions are answered yes and kept in ``window.asked``."""
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.main_window import MainWindow
    from portone_desk.ui.sandbox_mode import start_sandbox

    made: list[MainWindow] = []

    def make(starter: Callable[[], Any] | None = None, ctx: DeskContext | None = None) -> MainWindow:
        window = MainWindow(
            ctx or DeskContext(runner),
            profile_store,
            desk_home,
            sandbox_starter=starter or (lambda: start_sandbox(None)),
        )
        window.asked = []  # type: ignore[attr-defined]

        def yes(*args: Any) -> bool:
            window.asked.append(args[1:])  # type: ignore[attr-defined]
            return True

        window.confirm = yes  # type: ignore[method-assign]
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        qtbot.waitUntil(lambda: runner.running == 0, timeout=15_000)
        # A tab with a runner of its own (할 일 refreshes on first show) finishes before the
        # sandbox goes, or its late network errors would land in the next test's log.
        try:
            built = list(window._built_tabs())
        except RuntimeError:  # the window was closed and deleted by the test
            built = []
        for tab in built:
            wind_down = getattr(tab, "wind_down_for_close", None)
            if callable(wind_down):
                wind_down()  # no new refresh from a timer once the sandbox is gone
            own = getattr(tab, "runner", None)
            with contextlib.suppress(WaitTimeout):  # a refresh against a server that is not there
                qtbot.waitUntil(lambda own=own: not getattr(own, "in_flight", 0), timeout=5_000)
        window.shutdown()


@pytest.fixture
def desk(
    qtbot, make_window, profile_store: ProfileStore, runner: OperationRunner, confirmer: Confirmer
) -> Desk:
    """The agent's window: their shop's profile saved, then 연습 모드로 전환 from the toolbar."""
    from support.desk import AGENT, SHOP, Desk

    profile_store.save(Profile.new(SHOP, agent_name=AGENT), "live-key", "live-secret")
    window = make_window()
    assert window.ctx.profile is not None and window.ctx.profile.display_name == SHOP
    window.sandbox_action.trigger()
    assert window.sandbox is not None
    profile = window.ctx.profile
    assert profile is not None and profile.is_sandbox
    assert window.banner.isVisible()
    from support.queue_tab import wait_queue_synced

    wait_queue_synced(qtbot, window)  # the 할 일 tab's start-of-shift sync is not the scenario's
    return Desk(qtbot, window, runner)
