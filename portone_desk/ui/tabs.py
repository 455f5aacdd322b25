"""The tabs the main window shows, in order, each imported only if its module exists yet."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

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
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            if exc.name != module_name:
                # A missing import inside the tab is a bug to report, not a tab to hide quietly.
                _report()
                continue
            log.info("tab module %s not present; skipped", module_name)
            continue
        except Exception:
            _report()
            continue
        tab_class = getattr(module, class_name, None)
        if tab_class is None:
            log.info("tab %s.%s not present; skipped", module_name, class_name)
            continue
        try:
            widget = tab_class(ctx)
        except Exception:
            _report()
            continue
        widget.setObjectName(widget.objectName() or class_name)
        yield title, widget


def _report() -> None:
    # One broken tab must not keep the agent out of the others: the crash path tells, we go on.
    sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
