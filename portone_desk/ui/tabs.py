"""The tabs the main window shows, in order.

The window builds them lazily (:class:`LazyTab`): a tab's module is imported and its widget built
the first time the tab is shown, so start-up pays only for the tab the agent sees first.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from portone_desk.ui.keyboard import settle_keyboard
from portone_desk.ui.wheel_guard import guard_wheels_in

if TYPE_CHECKING:
    from portone_desk.ui.context import DeskContext

log = logging.getLogger(__name__)

# (module, class, Korean tab title)
TAB_SPECS: tuple[tuple[str, str, str], ...] = (
    ("portone_desk.ui.queue.tab", "QueueTab", "할 일"),
    ("portone_desk.ui.receipts.portone_tab", "ReceiptsTab", "현금영수증"),
    ("portone_desk.ui.receipts.external_tab", "ExternalReceiptsTab", "외부 현금영수증"),
    ("portone_desk.ui.naver.tab", "NaverTab", "네이버페이 주문"),
    ("portone_desk.ui.bulk.tab", "BulkTab", "일괄 처리"),
    ("portone_desk.ui.history.tab", "HistoryTab", "처리 내역"),
)


def build_tabs(ctx: DeskContext) -> Iterator[tuple[str, QWidget]]:
    """``(title, widget)`` for every tab; a broken one is reported and left out."""
    for module_name, class_name, title in TAB_SPECS:
        widget = _build(ctx, module_name, class_name)
        if widget is not None:
            yield title, widget


def _build(ctx: DeskContext, module_name: str, class_name: str) -> QWidget | None:
    # Every failure is reported: a module lost from a frozen build must not vanish quietly.
    try:
        tab_class = getattr(importlib.import_module(module_name), class_name)
        widget = tab_class(ctx)
    except Exception:
        _report()
        return None
    widget.setObjectName(widget.objectName() or class_name)
    guard_wheels_in(widget)  # every combo/spin/date edit a tab built by hand
    settle_keyboard(widget)  # Tab leaves its tables
    return widget


class LazyTab(QWidget):
    """Stands in for a tab until it is first shown; then holds the real tab as its only child."""

    def __init__(self, ctx: DeskContext, module_name: str, class_name: str) -> None:
        super().__init__()
        self.setObjectName(f"{class_name}Page")
        self.ctx = ctx
        self.module_name = module_name
        self.class_name = class_name
        self.widget: QWidget | None = None
        self.built = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget | None:
        """Import and build the tab (once); a tab that fails says so in place of its content."""
        if self.built:
            return self.widget
        self.built = True
        self.widget = _build(self.ctx, self.module_name, self.class_name)
        if self.widget is None:
            note = QLabel("이 화면을 열지 못했습니다. 자세한 내용은 로그 파일을 확인하세요.")
            note.setObjectName("tabUnavailable")
            note.setWordWrap(True)
            self._layout.addWidget(note)
        else:
            self._layout.addWidget(self.widget)
        return self.widget


def lazy_tabs(ctx: DeskContext) -> Iterator[tuple[str, LazyTab]]:
    """``(title, placeholder)`` for every tab, nothing imported yet."""
    for module_name, class_name, title in TAB_SPECS:
        yield title, LazyTab(ctx, module_name, class_name)


def _report() -> None:
    # One broken tab must not keep the agent out of the others: the crash path tells, we go on.
    sys.excepthook(*sys.exc_info())
