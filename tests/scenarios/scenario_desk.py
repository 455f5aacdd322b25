"""What the scenario tests share: the desk (main window + sandbox), the confirmation stand-in and
widget helpers by objectName. The fixtures that build them are in conftest.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import ApiError
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.ui import confirm as confirm_module
from portone_desk.ui.main_window import MainWindow
from portone_desk.ui.worker import OperationRunner

AGENT = "김상담"
SHOP = "우리가게"


# --- the stand-in for the confirmation dialog ------------------------------------------------------


@dataclass
class Confirmer:
    """Answers ``confirm.confirm`` like the agent would, and keeps what the dialog showed."""

    answer: bool = True
    note: str = ""
    asked: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, parent: QWidget | None, title: str, sections: Any, **kwargs: Any) -> Any:
        self.asked.append({"title": title, "sections": sections, **kwargs})
        # The real dialog keeps its send button off until a required reason is typed.
        assert self.note or not kwargs.get("note_required"), f"{title}: a reason is required"
        return confirm_module.Confirmation(note=self.note) if self.answer else None

    def rows(self, index: int = -1) -> dict[str, str]:
        """Label → shown value of every row of one dialog."""
        return {label: text for _title, rows in self.asked[index]["sections"] for label, text in rows}

    def section_titles(self, index: int = -1) -> list[str]:
        return [title for title, _rows in self.asked[index]["sections"]]


# --- the desk: the main window in training mode, and the sandbox behind it --------------------------


class Desk:
    def __init__(self, qtbot: Any, window: MainWindow, runner: OperationRunner) -> None:
        self.qtbot = qtbot
        self.window = window
        self.runner = runner

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

    def control(self, path: str, body: Any = None, method: str = "POST") -> Any:
        response = requests.request(method, f"{self.url}/_sandbox/{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def mark(self) -> int:
        """Where the request log stands now (for ``requests(since=…)``)."""
        return int(self.control("requests", method="GET")["next"])

    def requests(self, since: int = 0) -> list[dict[str, Any]]:
        return list(self.control(f"requests?since={since}", method="GET")["requests"])

    def sent(self, since: int = 0, method: str | None = None, path: str = "") -> list[dict[str, Any]]:
        """Logged API calls (not token requests) with ``method`` whose path contains ``path``."""
        return [
            r
            for r in self.requests(since)
            if not r["path"].startswith("/users/getToken")
            and (method is None or r["method"] == method)
            and path in r["path"]
        ]

    def changes(self, since: int = 0) -> list[tuple[str, str]]:
        """(method, path) of every call since ``since`` that could change something."""
        return [(r["method"], r["path"]) for r in self.sent(since) if r["method"] in ("POST", "DELETE")]

    def fault(self, **rule: Any) -> None:
        self.control("faults", rule)

    def payment(self, **spec: Any) -> dict[str, Any]:
        return self.control("payments", spec)

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


# --- widgets by objectName --------------------------------------------------------------------------


def find(parent: QWidget, kind: type, name: str) -> Any:
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def text_of(parent: QWidget, name: str) -> str:
    return str(find(parent, QLabel, name).text())


def click(qtbot, parent: QWidget, name: str) -> None:
    button = find(parent, QPushButton, name)
    # A button added just now (a new result's copy button) is shown on the next turn of the loop.
    qtbot.waitUntil(button.isVisible, timeout=2_000)
    assert button.isEnabled(), f"{name} is disabled: {button.toolTip()}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_text(qtbot, parent: QWidget, name: str, text: str) -> None:
    """Type into a line or text box. QTest cannot type Hangul: that is pasted (setText) instead."""
    box = find(parent, QWidget, name)
    if isinstance(box, QPlainTextEdit):
        box.setPlainText(text)
        return
    assert isinstance(box, QLineEdit), type(box)
    box.clear()
    if text.isascii():
        qtbot.keyClicks(box, text)
    else:
        box.setText(text)
    assert box.text() == text or name in ("amount", "tax_free", "extra_charge"), box.text()


def choose(parent: QWidget, name: str, label: str) -> None:
    """Pick the option shown as ``label`` in a drop-down."""
    combo = find(parent, QComboBox, name)
    index = combo.findText(label)
    assert index >= 0, f"{label!r} not among {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def click_rows(qtbot, table: QTableView, rows: list[int]) -> None:
    """Click the first row, Ctrl+click the others (as an agent picks several rows)."""
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    for n, row in enumerate(rows):
        index = table.model().index(row, 0)
        table.scrollTo(index)
        rect = table.visualRect(index)
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, QPoint(rect.center()))


def table_rows(table: QTableView) -> list[dict[str, str]]:
    """Header → shown text, for every row of a table as it reads on screen."""
    model = table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [
        {str(headers[c]): str(model.index(r, c).data() or "") for c in range(model.columnCount())}
        for r in range(model.rowCount())
    ]
