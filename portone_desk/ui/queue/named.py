"""``named(widget, "objectName")``: the widget with its objectName set, in one expression (PySide6's
stubs do not accept ``objectName=`` in constructors, and tests find widgets by these names)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

W = TypeVar("W", bound=QObject)


def named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget
