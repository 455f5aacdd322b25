"""The wheel guard: a wheel over a value widget the agent is only scrolling past scrolls the page.

A ship date turned into 2018 by scrolling over it. Every value widget of the app (combo, spin,
date/time edit) goes through ``guard_wheel``: it takes focus by click or Tab only (never by the wheel),
and while unfocused it hands the wheel to the scroll area it sits in. ``widgets.py`` guards the form
builder's inputs; ``tabs.py`` guards what each tab built by hand. Qt only, cheap to import at start-up.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

WHEEL_GUARDED = (QComboBox, QAbstractSpinBox)
WHEEL_GUARD_PROPERTY = "wheelGuard"


def _has_focus_within(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if _has_focus_within(watched):
            return False  # the agent chose this widget: the wheel steps its value
        area = _scroll_area_of(watched)
        if area is not None:
            assert isinstance(event, QWheelEvent)
            viewport = area.viewport()
            position = viewport.mapFromGlobal(event.globalPosition().toPoint())
            forwarded = QWheelEvent(
                position.toPointF(),
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
            )
            QApplication.sendEvent(viewport, forwarded)
        event.ignore()
        return True


_GUARD: _WheelGuard | None = None


_W = TypeVar("_W", bound=QWidget)


def guard_wheel(widget: _W) -> _W:
    """Keep the wheel from changing ``widget`` unless it has focus; returns ``widget``."""
    global _GUARD
    if _GUARD is None:
        _GUARD = _WheelGuard()
    if widget.property(WHEEL_GUARD_PROPERTY):
        return widget
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_GUARD)
    widget.setProperty(WHEEL_GUARD_PROPERTY, True)
    return widget


def guard_wheels_in(root: QWidget) -> None:
    """``guard_wheel`` every combo, spin and date/time edit under ``root`` (for hand-built panels)."""
    for kind in WHEEL_GUARDED:
        for widget in root.findChildren(kind):
            guard_wheel(widget)
