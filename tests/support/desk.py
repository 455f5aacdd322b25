"""The desk driver: the main window in training mode and the sandbox behind it, as the scenario
tests use them; and a context on a plain sandbox for testing one tab on its own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import ApiError
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.ui.context import DeskContext
from portone_desk.ui.main_window import MainWindow
from portone_desk.ui.sandbox_mode import sandbox_profile
from portone_desk.ui.worker import OperationRunner

AGENT = "김상담"
SHOP = "우리가게"
READ_TIMEOUT_S = 1.5


class Desk:
    """The agent's main window in training mode; ``.sandbox`` controls the sandbox behind it."""

    def __init__(self, qtbot: Any, window: MainWindow, runner: OperationRunner) -> None:
        self.qtbot = qtbot
        self.window = window
        self.runner = runner
        self._control: SandboxControl | None = None

    # the window ------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self.window.sandbox is not None, "not in training mode"
        return self.window.sandbox.url

    def open_tab(self, title: str) -> QWidget:
        """Click the tab titled ``title`` in the main tab bar; the tab's real widget."""
        tabs = self.window.tabs
        assert tabs.objectName() == "mainTabs"
        titles = [tabs.tabText(i) for i in range(tabs.count())]
        assert title in titles, titles
        index = titles.index(title)
        tab_bar = tabs.tabBar()
        self.qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(index).center())
        assert tabs.currentIndex() == index
        widget = self.window.tab_widget(title)
        assert widget is not None, title
        # A tab built just now is shown by Qt on the next turn of the event loop.
        self.qtbot.waitUntil(widget.isVisible, timeout=2_000)
        return widget

    def idle(self, timeout: int = 10_000) -> None:
        """Every background call has delivered its answer on the GUI thread."""
        self.qtbot.waitUntil(lambda: self.runner.running == 0, timeout=timeout)

    # the sandbox -----------------------------------------------------------------------------------

    @property
    def sandbox(self) -> SandboxControl:
        if self._control is None or self._control.base_url != self.url.rstrip("/"):
            self._control = SandboxControl(self.url)
        return self._control

    def mark(self) -> int:
        """Where the request log stands now (for ``requests(since=…)``)."""
        return self.sandbox.mark()

    def requests(self, since: int = 0) -> list[dict[str, Any]]:
        return self.sandbox.requests(since=since)

    def sent(self, since: int = 0, method: str | None = None, path: str = "") -> list[dict[str, Any]]:
        """Logged API calls (not token requests) with ``method`` whose path contains ``path``."""
        return [
            r
            for r in self.sandbox.requests(since=since, method=method, path=path or None)
            if not r["path"].startswith("/users/getToken")
        ]

    def changes(self, since: int = 0) -> list[tuple[str, str]]:
        """(method, path) of every call since ``since`` that could change something."""
        return [(r["method"], r["path"]) for r in self.sent(since) if r["method"] in ("POST", "DELETE")]

    def fault(self, **rule: Any) -> None:
        self.sandbox.add_fault(**rule)

    def payment(self, **spec: Any) -> dict[str, Any]:
        return self.sandbox.add_payment(**spec)

    def lookup(self, op_id: str, values: dict[str, Any], pg: str | None = None) -> Any:
        """A follow-up lookup with a client of our own (nothing in the desk's activity log);
        ``None`` for a 404."""
        client = PortOneClient(self.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
        try:
            return client.call(op_id, values, pg=pg).response
        except ApiError as error:
            if error.http_status == 404:
                return None
            raise
        finally:
            client.close()

    def behind_the_desk(self, op_id: str, values: dict[str, Any], pg: str | None = None) -> Any:
        """Something that happens elsewhere (the buyer at Naver, another system), not at this desk."""
        client = PortOneClient(self.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
        try:
            return client.call(op_id, values, pg=pg)
        finally:
            client.close()


def build_context(
    runner: OperationRunner,
    server: SandboxServer,
    read_timeout: float = READ_TIMEOUT_S,
    audit: AuditLog | None = None,
) -> DeskContext:
    """A context whose service talks to ``server`` with a short read timeout (so an "answer lost"
    fault becomes OutcomeUnknown quickly) and no GET retries."""
    client = PortOneClient(
        server.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, read_timeout), get_retries=0
    )
    service = DeskService(sandbox_profile(server.url, agent_name="테스트 상담원"), client, audit=audit)
    ctx = DeskContext(runner)
    ctx.set_service(service)
    return ctx
