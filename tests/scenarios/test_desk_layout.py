"""Issue 11 §9: layouts that fit. The window opens inside the screen's available area; at an office
size (1366×768) a chosen action's form and its send button are in view without scrolling; elided
cells and copy buttons keep their full text reachable."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtWidgets import QPushButton, QWidget
from support.desk import Desk
from support.widgets import click
from test_scenarios_naver_orders import NAVER, NEW, look_up, pick

from portone_desk.ui.main_window import fit_to_screen


def in_view(window: QWidget, widget: QWidget) -> bool:
    if not widget.isVisible() or widget.visibleRegion().boundingRect().size() != widget.rect().size():
        return False
    return window.rect().contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


def test_the_window_opens_inside_the_available_screen(desk: Desk):
    window = desk.window
    area = window.screen().availableGeometry()
    window.resize(area.width() + 900, area.height() + 700)
    window.move(area.right() + 300, area.bottom() + 300)
    fit_to_screen(window)
    assert area.contains(window.frameGeometry()), (area, window.frameGeometry())


def test_a_saved_geometry_from_a_bigger_screen_is_brought_inside(desk: Desk):
    window = desk.window
    area = window.screen().availableGeometry()
    window.resize(area.width() * 2, area.height() * 2)
    window.settings.setValue("main/geometry", QByteArray(window.saveGeometry()))
    # The next start: the saved geometry is restored on first show, then fitted to the screen.
    window.hide()
    window._geometry_restored = False
    window.show()
    desk.qtbot.waitExposed(window)
    assert area.contains(window.frameGeometry()), (area, window.frameGeometry())


def test_at_1366x768_the_ship_form_and_its_send_button_are_in_view(desk: Desk):
    desk.window.resize(1366, 728)  # 1366×768 less a taskbar
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2001")
    pick(desk, tab, NEW)
    click(desk.qtbot, tab, "naverShipProductOrder")
    desk.qtbot.waitUntil(lambda: tab.panel.form is not None and tab.panel.send_button.isVisible())
    for name in ("delivery_method", "dispatched_at", "delivery_company", "tracking_number"):
        assert in_view(desk.window, tab.panel.form.widget(name)), name
    assert in_view(desk.window, tab.panel.send_button)
    # Cells cut short by a narrow column keep all their text in the tooltip.
    index = tab.proxy.index(0, 9)  # 배송지
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data(Qt.ItemDataRole.DisplayRole)
    for button in tab.detail.findChildren(QPushButton):
        if button.objectName().startswith("copy_"):
            assert button.width() >= button.sizeHint().width(), button.objectName()
