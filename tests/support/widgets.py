"""Widgets by objectName: find, read, click, type, choose, pick table rows."""

from __future__ import annotations

from typing import Any, TypeVar

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

W = TypeVar("W", bound=QWidget)


def shown(qtbot, widget: W, width: int, height: int) -> W:
    """``widget`` closed after the test, sized to ``width`` x ``height`` and shown."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    return widget


def find(parent: QWidget, kind: type, name: str) -> Any:
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def text_of(parent: QWidget, name: str) -> str:
    return str(find(parent, QLabel, name).text())


def click(qtbot, parent: QWidget, name: str) -> None:
    target = find(parent, QPushButton, name)
    # A button added just now (a new result's copy button) is shown on the next turn of the loop.
    qtbot.waitUntil(target.isVisible, timeout=2_000)
    assert target.isEnabled(), f"{name} is disabled: {target.toolTip()}"
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


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


def button(widget: QWidget, name: str) -> QPushButton:
    found: QPushButton = find(widget, QPushButton, name)
    return found


def label_text(widget: QWidget, name: str) -> str:
    return text_of(widget, name)
