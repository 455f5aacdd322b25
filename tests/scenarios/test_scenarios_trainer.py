"""Trainer (교육 담당), scenario 18: a new agent starts in training mode, practises, and the trainer
resets the sandbox for the next trainee."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget
from support.confirm import Confirmer
from support.desk import Desk
from support.widgets import click, find, text_of, type_text

from portone_desk.ui.banner import SANDBOX_BANNER_TEXT
from portone_desk.ui.sandbox_mode import SANDBOX_DISPLAY_NAME


def test_scenario_18_first_day_then_reset(qtbot, make_window, runner, confirmer: Confirmer) -> None:
    # A new agent's first day: no profile at all, so the window offers the two ways to start.
    window = make_window()
    first_run = find(window, QWidget, "firstRunPage")
    assert window.stack.currentWidget() is first_run
    click(qtbot, first_run, "startSandboxButton")
    desk = Desk(qtbot, window, runner)
    assert window.stack.currentWidget() is window.tabs
    banner = find(window, QLabel, "sandboxBanner")
    assert banner.isVisible() and banner.text() == SANDBOX_BANNER_TEXT  # cannot be missed
    assert find(window, QComboBox, "profileSwitcher").currentText() == SANDBOX_DISPLAY_NAME
    assert window.reset_action.isEnabled() and window.reset_action.objectName() == "resetSandboxAction"
    assert window.reset_action.text() == "연습 데이터 초기화(&R)"

    # Practice on demo data: issue a receipt and confirm a Naver order.
    tab = desk.open_tab("현금영수증")
    type_text(qtbot, tab, "searchInput", "order-1001")
    click(qtbot, tab, "searchButton")
    desk.idle()
    type_text(qtbot, tab, "identifier", "010-1234-5678")
    click(qtbot, tab, "issueReceipt")
    desk.idle()
    assert text_of(tab, "receiptState").startswith("발급됨")
    assert desk.lookup("getReceipt", {"imp_uid": "imp_demo_vbank_paid"}) is not None
    desk.behind_the_desk(
        "naverPlaceProductOrder",
        {"imp_uid": "imp_demo_naver_new", "product_order_id": ["2026200100000001"]},
        pg="naverco",
    )

    # The trainer resets for the next trainee; the window asks first.
    window.reset_action.trigger()
    desk.idle()
    [(title, question), (history_title, history_question)] = window.asked
    assert title == "연습 데이터 초기화" and "모두 지워집니다" in question
    # …and offers to clear the practice rows of the history too (the trainer said yes).
    assert history_title == "연습 처리 내역" and "연습 모드로 한 기록" in history_question
    desk.qtbot.waitUntil(lambda: "연습 처리 내역" in window.statusBar().currentMessage())
    assert window.audit() is not None and window.audit().query(text="order-1001") == []
    # Nothing of the last session lingers on screen…
    assert text_of(tab, "receiptState") == "발급된 현금영수증이 없습니다"
    assert tab.payment is None
    # …or in the sandbox: the demo data is back as it was.
    assert desk.lookup("getReceipt", {"imp_uid": "imp_demo_vbank_paid"}) is None
    type_text(qtbot, tab, "searchInput", "order-1001")
    click(qtbot, tab, "searchButton")
    desk.idle()
    assert text_of(tab, "receiptState") == "발급된 현금영수증이 없습니다"
    assert find(tab, QWidget, "issueReceipt").isEnabled()
    # The placed order can be confirmed again (발주확인 is refused only once placed).
    desk.behind_the_desk(
        "naverPlaceProductOrder",
        {"imp_uid": "imp_demo_naver_new", "product_order_id": ["2026200100000001"]},
        pg="naverco",
    )
    # Still training mode, banner and all.
    assert banner.isVisible() and window.ctx.profile is not None and window.ctx.profile.is_sandbox
