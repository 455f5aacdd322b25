"""The agent's keyboard, for the keyboard-only walks: keys go where Qt sends them (the open list
of matches, else the focused widget); Hangul comes as an input method commits it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from support.desk import Desk

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def focused_name() -> str:
    """objectName of the focused widget (or of the combo/field it belongs to)."""
    widget: Any = focused()
    while widget is not None and not widget.objectName():
        widget = widget.parentWidget()
    return widget.objectName() if widget is not None else ""


def press(desk: Desk, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    target = QApplication.activePopupWidget() or QApplication.focusWidget() or desk.window
    desk.qtbot.keyClick(target, key, modifier)


def write(desk: Desk, text: str) -> None:
    """Type ``text`` into the focused box: keys for ASCII, an input-method commit for Hangul."""
    if text.isascii():
        desk.qtbot.keyClicks(focused(), text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def tab_to(desk: Desk, name: str, limit: int = 12, backwards: bool = False) -> int:
    """Press Tab (Shift+Tab) until ``name`` has the keyboard; how many presses it took."""
    for count in range(limit + 1):
        if focused_name() == name:
            return count
        press(desk, Qt.Key.Key_Tab, SHIFT if backwards else NO)
    raise AssertionError(f"{name} not reached in {limit} Tab presses (at {focused_name()!r})")


def ready(desk: Desk) -> None:
    """The agent's window has the keyboard."""
    desk.window.activateWindow()
    desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is desk.window, timeout=3_000)
