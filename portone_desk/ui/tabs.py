"""The tabs the main window shows, in order, each imported only if its module exists yet.

The window builds them lazily (:class:`LazyTab`): a tab's module is imported and its widget built
the first time the tab is shown, so start-up pays only for the tab the agent sees first.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from portone_desk.ui.context import DeskContext

log = logging.getLogger(__name__)

# (module, class, Korean tab title)
TAB_SPECS: tuple[tuple[str, str, str], ...] = (
    ("portone_desk.ui.receipts_tab", "ReceiptsTab", "현금영수증"),
    ("portone_desk.ui.receipts_tab", "ExternalReceiptsTab", "외부 현금영수증"),
    ("portone_desk.ui.naver_tab", "NaverTab", "네이버페이 주문"),
    ("portone_desk.ui.bulk_tab", "BulkTab", "일괄 처리"),
    ("portone_desk.ui.history_tab", "HistoryTab", "처리 내역"),
)


def build_tabs(ctx: DeskContext) -> Iterator[tuple[str, QWidget]]:
    """``(title, widget)`` for every tab that exists; a broken one is reported and left out."""
    for module_name, class_name, title in TAB_SPECS:
        widget = _build(ctx, module_name, class_name)
        if widget is not None:
            yield title, widget


def _build(ctx: DeskContext, module_name: str, class_name: str) -> QWidget | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        if exc.name != module_name:
            # A missing import inside the tab is a bug to report, not a tab to hide quietly.
            _report()
            return None
        log.info("tab module %s not present; skipped", module_name)
        return None
    except Exception:
        _report()
        return None
    tab_class = getattr(module, class_name, None)
    if tab_class is None:
        log.info("tab %s.%s not present; skipped", module_name, class_name)
        return None
    try:
        widget = tab_class(ctx)
    except Exception:
        _report()
        return None
    widget.setObjectName(widget.objectName() or class_name)
    return widget


def _module_exists(module_name: str) -> bool:
    try:
        return importlib.util.find_spec(module_name) is not None
    except (ImportError, ValueError):
        return False


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
    """``(title, placeholder)`` for every tab whose module exists, nothing imported yet."""
    for module_name, class_name, title in TAB_SPECS:
        if _module_exists(module_name):
            yield title, LazyTab(ctx, module_name, class_name)
        else:
            log.info("tab module %s not present; skipped", module_name)


def _report() -> None:
    # One broken tab must not keep the agent out of the others: the crash path tells, we go on.
    sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
