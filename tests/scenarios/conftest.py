"""The 18 agent scenarios (docs: /work/shared/SCENARIOS.md) walked through the real main window.

Every test gets the window the app shows: a private PORTONE_DESK_HOME, an in-memory keyring, the
agent's own shop profile (``우리가게``, agent ``김상담``) and training mode switched on from the
toolbar, against an in-memory sandbox. Tabs are opened through the ``mainTabs`` tab bar and used by
their widgets' objectNames; the confirmation dialog and the file dialogs are answered by stand-ins.
What happened is read back from the sandbox's request log (``/_sandbox/requests``) or a lookup with
a separate client, so the tests never trust only what the screen says.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import Profile, ProfileStore
from portone_desk.store.secrets import SecretStore
from portone_desk.ui import confirm as confirm_module
from portone_desk.ui.context import DeskContext
from portone_desk.ui.main_window import MainWindow
from portone_desk.ui.sandbox_mode import start_sandbox
from portone_desk.ui.worker import OperationRunner

pytest.register_assert_rewrite("scenario_desk")
from scenario_desk import AGENT, SHOP, Confirmer, Desk  # noqa: E402

# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def desk_home(tmp_path, monkeypatch) -> AppPaths:
    """Config, data (activity log, bulk jobs) and logs of this test only."""
    monkeypatch.setenv("PORTONE_DESK_HOME", str(tmp_path / "desk-home"))
    return AppPaths.default()


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def profile_store(desk_home: AppPaths, keyring_backend: MemoryKeyring) -> ProfileStore:
    return ProfileStore(desk_home, SecretStore(backend=keyring_backend))


@pytest.fixture
def runner(qtbot) -> Iterator[OperationRunner]:
    runner = OperationRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def confirmer(monkeypatch) -> Confirmer:
    stand_in = Confirmer()
    monkeypatch.setattr(confirm_module, "confirm", stand_in)
    return stand_in


@pytest.fixture
def make_window(qtbot, runner: OperationRunner, profile_store: ProfileStore, desk_home: AppPaths):
    """``make_window()``: the main window as the app builds it, its sandbox in memory."""
    made: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(
            DeskContext(runner), profile_store, desk_home, sandbox_starter=lambda: start_sandbox(None)
        )
        window.asked = []  # type: ignore[attr-defined]

        def yes(*args: Any) -> bool:
            window.asked.append(args[1:])  # type: ignore[attr-defined]
            return True

        window.confirm = yes
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        qtbot.waitUntil(lambda: runner.running == 0, timeout=15_000)
        window.shutdown()


@pytest.fixture
def desk(qtbot, make_window, profile_store: ProfileStore, runner: OperationRunner, confirmer) -> Desk:
    """The agent's window: their shop's profile saved, then 연습 모드로 전환 from the toolbar."""
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
