"""Issue 11 §1: the mouse wheel never changes a value the agent is only scrolling past.

Wheel events go to unfocused combos and date edits of the real main window (training mode); their
values must not move, while a focused one still steps with the wheel."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QDateTimeEdit, QWidget
from support.desk import Desk
from support.widgets import click
from test_scenarios_naver_orders import NAVER, NEW, look_up, pick

from portone_desk.ui.widgets import WHEEL_GUARD_PROPERTY


def wheel(widget: QWidget, steps: int = -3) -> None:
    """What a mouse wheel over the widget's middle delivers (``steps`` notches, negative = down)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def value_of(widget: QWidget) -> object:
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().toSecsSinceEpoch()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    return widget.text()  # type: ignore[attr-defined]


def open_ship_form(desk: Desk) -> QWidget:
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2001")
    pick(desk, tab, NEW)
    click(desk.qtbot, tab, "naverShipProductOrder")
    return tab


def test_wheel_over_the_unfocused_ship_date_and_courier_changes_nothing(desk: Desk):
    tab = open_ship_form(desk)
    form = tab.panel.form
    date_edit = form.widget("dispatched_at")
    method = form.widget("delivery_method")
    desk.qtbot.waitUntil(date_edit.isVisible, timeout=2_000)
    assert date_edit.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel cannot focus it
    tab.lookup_button.setFocus()
    before = (value_of(date_edit), value_of(method))
    for widget in (date_edit, method, date_edit.lineEdit()):
        wheel(widget)
        wheel(widget, +3)
    assert (value_of(date_edit), value_of(method)) == before
    assert not date_edit.hasFocus()

    # Once the agent chose the field (clicked or tabbed into it) the wheel steps the value again.
    date_edit.setFocus()
    desk.qtbot.waitUntil(date_edit.hasFocus, timeout=2_000)
    date_edit.setCurrentSection(QDateTimeEdit.Section.DaySection)
    wheel(date_edit, +1)
    assert value_of(date_edit) != before[0]


def test_every_value_widget_of_every_tab_is_guarded(desk: Desk):
    tab = open_ship_form(desk)
    windows = desk.window
    for index in range(windows.tabs.count()):
        desk.open_tab(windows.tabs.tabText(index))
    assert tab is not None
    widgets = [
        w
        for kind in (QComboBox, QAbstractSpinBox)
        for w in desk.window.findChildren(kind)
        if not isinstance(w.parentWidget(), QAbstractSpinBox)
    ]
    assert len(widgets) >= 8
    unguarded = [w.objectName() or type(w).__name__ for w in widgets if not w.property(WHEEL_GUARD_PROPERTY)]
    assert unguarded == []
    QApplication.focusWidget() and QApplication.focusWidget().clearFocus()
    for widget in widgets:
        if not widget.isEnabled() or widget.hasFocus():
            continue
        before = value_of(widget)
        wheel(widget)
        assert value_of(widget) == before, widget.objectName()
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus, widget.objectName()
