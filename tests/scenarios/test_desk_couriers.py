"""Issue 11 §6: couriers by their current Korean names; part of a name or an alias completes to the
one courier, or the check names the few it could be."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from support.confirm import Confirmer
from support.desk import Desk
from support.widgets import click
from test_desk_wheel_guard import open_ship_form

from portone_desk.api.catalog import DELIVERY_COMPANIES
from portone_desk.api.model import label_of
from portone_desk.bulk.normalize import courier_code


def ime_type(widget, text: str) -> None:
    """Hangul as an input method delivers it (QTest cannot type Hangul)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_current_names_and_aliases():
    assert label_of(DELIVERY_COMPANIES, "HYUNDAI") == "롯데택배"
    assert label_of(DELIVERY_COMPANIES, "CJGLS") == "CJ대한통운"
    for typed, code in (
        ("롯데택배", "HYUNDAI"),
        ("현대택배", "HYUNDAI"),
        ("우체국", "EPOST"),
        ("CJ 대한통운", "CJGLS"),
    ):
        assert courier_code(typed) == code


def test_typing_part_of_a_name_then_tab_chooses_the_courier(desk: Desk, confirmer: Confirmer):
    tab = open_ship_form(desk)
    form = tab.panel.form
    courier = form.widget("delivery_company")
    desk.qtbot.waitUntil(courier.isVisible, timeout=2_000)
    courier.lineEdit().setFocus()
    desk.qtbot.waitUntil(courier.lineEdit().hasFocus, timeout=2_000)
    ime_type(courier.lineEdit(), "우체국")
    assert [o.label for o in courier.matches("우체국")] == ["우체국택배"]
    # The keyboard goes where Qt routes it: the open list of matches, else the focused box.
    desk.qtbot.keyClick(QApplication.activePopupWidget() or QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert courier.currentText() == "우체국택배" and courier.value() == "EPOST"

    # "롯데" is 롯데택배 (the API's HYUNDAI); "택배" could be many: the check names a few, in Korean.
    courier.setEditText("")
    ime_type(courier.lineEdit(), "롯데")
    assert courier.value() == "HYUNDAI"
    courier.setEditText("택배")
    form.set_values({"tracking_number": "611111111111"})
    click(desk.qtbot, tab, "submitAction")
    error = form.error_text("delivery_company")
    assert "여럿입니다" in error and "로젠택배" in error and "CJGLS" not in error
    assert confirmer.asked == []
