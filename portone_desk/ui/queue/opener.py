"""Open an order in the tab that handles it, already looked up (from a queue row or a search hit).

The tabs are found through the main window's tab bar (``mainTabs``) by their class's page name,
so this keeps working however the window itself is put together. A Naver order-type payment opens
in the Naver tab on its product order; anything else in the cash-receipt tab.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QTabWidget, QWidget

log = logging.getLogger(__name__)

NAVER_TAB = "NaverTab"
RECEIPTS_TAB = "ReceiptsTab"


def find_tab(anchor: QWidget, class_name: str) -> tuple[QTabWidget, int, QWidget] | None:
    """``(tab bar, index, real tab widget)`` of the tab built from ``class_name`` (built now)."""
    tabs = anchor.window().findChild(QTabWidget, "mainTabs")
    if tabs is None:
        return None
    for index in range(tabs.count()):
        page = tabs.widget(index)
        if page is None:
            continue
        if page.objectName() in (class_name, f"{class_name}Page"):
            ensure_built = getattr(page, "ensure_built", None)
            widget = ensure_built() if callable(ensure_built) else page
            if widget is not None:
                return tabs, index, widget
    return None


def open_naver(anchor: QWidget, imp_uid: str, product_order_id: str = "") -> QWidget | None:
    """Switch to the Naver tab and look ``imp_uid`` up, ``product_order_id`` selected."""
    found = find_tab(anchor, NAVER_TAB)
    if found is None:
        return None
    tabs, index, tab = found
    tabs.setCurrentIndex(index)
    opener = getattr(tab, "open_order", None)
    if callable(opener):
        opener(imp_uid, product_order_id)
    else:
        tab.imp_input.setText(imp_uid)  # type: ignore[attr-defined]
        tab.order_input.setText(product_order_id)  # type: ignore[attr-defined]
        tab.lookup()  # type: ignore[attr-defined]
    return tab


def open_receipt(anchor: QWidget, imp_uid: str, identifier: str = "") -> QWidget | None:
    """Switch to the cash-receipt tab and look ``imp_uid`` up; ``identifier`` pre-fills the new
    receipt's number (the NTS self-issue number for a mandatory issue the buyer gave none for)."""
    found = find_tab(anchor, RECEIPTS_TAB)
    if found is None:
        return None
    tabs, index, tab = found
    tabs.setCurrentIndex(index)
    opener = getattr(tab, "open_payment", None)
    if callable(opener):
        opener(imp_uid)
    else:
        mode = tab.search_mode  # type: ignore[attr-defined]
        mode.setCurrentIndex(max(0, mode.findData("imp_uid")))
        tab.search_input.setText(imp_uid)  # type: ignore[attr-defined]
        tab.search()  # type: ignore[attr-defined]
    if identifier:
        form = getattr(tab, "form", None)
        if form is not None:
            form.set_values({"identifier": identifier})
    return tab


def open_item(anchor: QWidget, imp_uid: str, product_order_id: str = "", *, naver: bool) -> QWidget | None:
    if naver:
        return open_naver(anchor, imp_uid, product_order_id)
    return open_receipt(anchor, imp_uid)
