"""Issue 11 §8: the scenarios walked with the keyboard only (no click, no setter on a widget).

The confirmation dialog is the stand-in that answers like the agent (its own keys — Enter sends,
Esc goes back — are tested against the real dialog below)."""

from __future__ import annotations

import pytest
from keyboard_desk import CTRL, SHIFT, focused, focused_name, press, ready, tab_to, write
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton
from support.confirm import Confirmer
from support.desk import Desk
from support.widgets import text_of
from test_scenarios_naver_orders import (
    CANCEL_REQUEST,
    EXCHANGE_REQUEST,
    NEW,
    RETURN_REQUEST,
    THREE,
    naver_posts,
    shown,
)

from portone_desk.ui.confirm import ConfirmDialog
from portone_desk.ui.keyboard import SHORTCUTS

K = Qt.Key


def open_tab_by_key(desk: Desk, number: int | None, title: str):
    """Ctrl+<the tab's place> opens it (the number is where ``title`` sits in the tab bar)."""
    ready(desk)
    titles = [desk.window.tabs.tabText(i) for i in range(desk.window.tabs.count())]
    number = titles.index(title) + 1
    press(desk, getattr(K, f"Key_{number}"), CTRL)
    assert desk.window.tabs.tabText(desk.window.tabs.currentIndex()) == title
    tab = desk.window.tab_widget(title)
    desk.qtbot.waitUntil(lambda: focused() is tab.search_box(), timeout=3_000)  # focus starts there
    return tab


def search(desk: Desk, text: str) -> None:
    press(desk, K.Key_F, CTRL)
    write(desk, text)
    press(desk, K.Key_Return)
    desk.idle()


def test_the_shortcut_map():
    keys = {s.name: s.keys for s in SHORTCUTS}
    assert keys == {
        "focusSearchAction": ("Ctrl+F",),
        "repeatLookupAction": ("F5",),
        "submitFormAction": ("Ctrl+Return", "Ctrl+Enter"),
        "closeFormAction": ("Esc",),
        "copyReceiptUrlAction": ("Ctrl+Shift+C",),
    }
    assert all("&" in s.text for s in SHORTCUTS)  # mnemonics in the 작업 menu


def test_menus_have_mnemonics_and_every_table_lets_tab_leave(desk: Desk):
    titles = [action.text() for action in desk.window.menuBar().actions()]
    assert titles == ["파일(&F)", "작업(&A)", "화면(&V)", "연습 모드(&T)"]
    for index in range(desk.window.tabs.count()):
        desk.open_tab(desk.window.tabs.tabText(index))
    tables = desk.window.findChildren(QAbstractItemView)
    assert tables and not [t.objectName() for t in tables if t.tabKeyNavigation()]


def test_scenarios_01_and_06_issue_copy_and_cancel_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 1, "현금영수증")
    search(desk, "order-1001")
    assert tab.payment_view.text_of("merchant_uid") == "order-1001" if hasattr(tab, "payment_view") else True
    assert tab_to(desk, "identifier", limit=3) <= 3  # straight from the search box to the number
    write(desk, "010-1234-5678")
    press(desk, K.Key_Return, CTRL)  # to the confirmation
    desk.idle()
    assert len(confirmer.asked) == 1 and text_of(tab, "receiptState").startswith("발급됨")
    press(desk, K.Key_C, CTRL | SHIFT)
    assert QGuiApplication.clipboard().text() == tab.receipt_url() != ""

    # 6: the refund came through: cancel with the reason, by Tab and Space.
    confirmer.note = "환불 완료"
    tab_to(desk, "revokeReceipt", limit=20)
    press(desk, K.Key_Space)
    desk.idle()
    assert confirmer.asked[-1]["note_required"] is True
    assert text_of(tab, "receiptState").startswith("발급 취소됨")


def test_scenario_02_business_number_checked_before_sending(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 1, "현금영수증")
    search(desk, "order-1002")
    since = desk.mark()
    tab_to(desk, "type", limit=6)
    press(desk, K.Key_Down)  # 소득공제용 → 지출증빙용
    assert tab.form.widget("type").value() == "company"
    tab_to(desk, "identifier", limit=6, backwards=True)
    write(desk, "220-81-62518")  # one digit off
    press(desk, K.Key_Return, CTRL)
    assert (
        "검증번호" in text_of(tab, "identifier_error")
        and confirmer.asked == []
        and not desk.sent(since, "POST")
    )
    assert focused_name() == "identifier"  # back at the field to fix it
    press(desk, K.Key_A, CTRL)
    write(desk, "220-81-62517")
    press(desk, K.Key_Return, CTRL)
    desk.idle()
    assert confirmer.rows()["발행 용도"] == "지출증빙용(사업자)"


def look_up_by_key(desk: Desk, tab, order_number: str) -> None:
    search(desk, order_number)
    assert tab.banner.kind == "success", tab.banner.text()


def select_rows_by_key(desk: Desk, tab, count: int = 1) -> list[str]:
    """Tab into the table, then Down (and Shift+Down) picks rows; Tab leaves it again."""
    tab_to(desk, "naverOrdersTable", limit=4)
    press(desk, K.Key_Down)
    if not tab.selected_ids():
        press(desk, K.Key_Space)
    for _ in range(count - 1):
        press(desk, K.Key_Down, SHIFT)
    return tab.selected_ids()


def act_by_key(desk: Desk, action: str) -> None:
    tab_to(desk, action, limit=16)
    press(desk, K.Key_Space)


def test_scenario_08_place_and_ship_one_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 3, "네이버페이 주문")
    look_up_by_key(desk, tab, "order-2001")
    assert select_rows_by_key(desk, tab) == [NEW]
    press(desk, K.Key_Tab)
    assert focused_name() == "actOnAllOrders"  # Tab left the table
    act_by_key(desk, "naverPlaceProductOrder")
    desk.idle()
    assert tab.banner.kind == "success", tab.banner.text()
    act_by_key(desk, "naverShipProductOrder")
    form = tab.panel.form
    assert form is not None and focused_name() == "delivery_method"
    tab_to(desk, "delivery_company", limit=4)
    write(desk, "cj")  # part of a name or an alias
    press(desk, K.Key_Tab)
    assert form.widget("delivery_company").value() == "CJGLS"
    tab_to(desk, "tracking_number", limit=4)
    write(desk, "611111111111")
    since = desk.mark()
    press(desk, K.Key_Return, CTRL)
    desk.idle()
    assert confirmer.asked[-1]["title"] == "네이버페이 발송처리"
    assert [p["body"]["tracking_number"] for p in naver_posts(desk, since, "ship")] == ["611111111111"]
    # The sheet had the imp_uid only; the history still finds the dispatch by the order number.
    [row] = desk.window.audit().query(text="order-2001", operation="naverShipProductOrder")
    assert row.merchant_uid == "order-2001" and row.product_order_ids == (NEW,)


def test_scenarios_09_and_10_cancel_and_return_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 3, "네이버페이 주문")
    look_up_by_key(desk, tab, "order-2006")
    assert select_rows_by_key(desk, tab) == [CANCEL_REQUEST]
    act_by_key(desk, "naverApproveCancelProductOrder")
    desk.idle()
    assert tab.banner.kind == "success", tab.banner.text()

    look_up_by_key(desk, tab, "order-2007")
    assert select_rows_by_key(desk, tab) == [RETURN_REQUEST]
    act_by_key(desk, "naverWithholdReturnProductOrder")
    assert focused_name() == "reason"
    press(desk, K.Key_Down)  # the agent picks a reason; none was preselected
    assert tab.panel.form.widget("reason").value() is not None
    tab_to(desk, "memo", limit=4)
    write(desk, "반품 배송비 3,000원을 보내 주세요")
    press(desk, K.Key_Return, CTRL)
    desk.idle()
    assert "보류 중" in shown(tab)[RETURN_REQUEST]["클레임 상태"]
    # Esc closes an open form without sending.
    act_by_key(desk, "naverRejectReturnProductOrder")
    assert tab.panel.form is not None
    press(desk, K.Key_Escape)
    assert tab.panel.form is None
    act_by_key(desk, "naverResolveReturnProductOrder")
    desk.idle()
    act_by_key(desk, "naverApproveReturnProductOrder")
    desk.idle()
    assert tab.banner.kind == "success", tab.banner.text()
    press(desk, K.Key_F5)  # the same lookup again
    desk.idle()
    assert shown(tab)[RETURN_REQUEST]["주문상태"] != ""


def test_scenario_12_two_of_three_in_one_box_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 3, "네이버페이 주문")
    look_up_by_key(desk, tab, "order-2011")
    picked = select_rows_by_key(desk, tab, count=2)
    assert len(picked) == 2 and set(picked) < set(THREE)
    assert text_of(tab, "naverTargetLabel").startswith("대상: 선택한 상품주문 2건")


def test_scenario_16_the_lead_searches_by_keyboard(desk: Desk, confirmer: Confirmer):
    open_tab_by_key(desk, 1, "현금영수증")
    search(desk, "order-1001")
    history = open_tab_by_key(desk, 5, "처리 내역")
    search(desk, "order-1001")
    desk.qtbot.waitUntil(lambda: history.table.model().rowCount() > 0, timeout=5_000)
    tab_to(desk, "historyTable", limit=12)
    press(desk, K.Key_Down)
    assert "order-1001" in history.details.toPlainText()


def test_the_real_confirmation_answers_enter_and_esc(qtbot):
    dialog = ConfirmDialog(None, "확인", [("", [("주문번호", "order-1")])])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, K.Key_Escape)
    assert dialog.result() == ConfirmDialog.DialogCode.Rejected
    dialog = ConfirmDialog(None, "확인", [("", [("주문번호", "order-1")])])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.findChild(QPushButton, "confirmOk"), K.Key_Return)
    assert dialog.result() == ConfirmDialog.DialogCode.Accepted
    assert QApplication.activePopupWidget() is None


def test_scenario_04_self_issue_number_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 1, "현금영수증")
    search(desk, "order-1002")
    tab_to(desk, "selfIssueNumber", limit=20)
    press(desk, K.Key_Space)
    assert tab.form.widget("identifier").text() == "010-000-1234" and focused_name() == "identifier"
    press(desk, K.Key_Return, CTRL)
    desk.idle()
    assert text_of(tab, "receiptState").startswith("발급됨")


def test_scenario_05_external_receipt_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 2, "외부 현금영수증")
    search(desk, "phone-order-0412")
    assert text_of(tab, "receiptState").startswith("이 주문번호로 발급된 현금영수증이 없습니다")
    for name, text in (
        ("name", "전화 주문 (계좌이체)"),
        ("amount", "55000"),
        ("identifier", "010-9876-5432"),
    ):
        tab_to(desk, name, limit=12)
        write(desk, text)
    press(desk, K.Key_Return, CTRL)
    desk.idle()
    assert confirmer.rows()["발행 금액"] == "55,000원" and text_of(tab, "receiptState").startswith("발급됨")


def test_scenario_11_exchange_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 3, "네이버페이 주문")
    look_up_by_key(desk, tab, "order-2009")
    assert select_rows_by_key(desk, tab) == [EXCHANGE_REQUEST]
    act_by_key(desk, "naverCollectProductOrder")
    desk.idle()
    act_by_key(desk, "naverShipExchangedProductOrder")
    tab_to(desk, "delivery_company", limit=4)
    write(desk, "한진")
    tab_to(desk, "tracking_number", limit=4)
    write(desk, "555566667777")
    press(desk, K.Key_Return, CTRL)
    desk.idle()
    assert tab.banner.kind == "success", tab.banner.text()
    assert shown(tab)[EXCHANGE_REQUEST]["클레임 상태"].startswith("교환재배송중")


def test_scenario_13_partial_failure_retry_by_keyboard(desk: Desk, confirmer: Confirmer):
    made = desk.payment(
        pay_method="naverpay",
        pg_provider="naverco",
        amount=50000,
        status="paid",
        product_orders=[{"product_order_status": "PAYED"}] * 3,
    )
    ids = sorted(made["product_order_ids"])
    tab = open_tab_by_key(desk, 3, "네이버페이 주문")
    look_up_by_key(desk, tab, made["merchant_uid"])
    desk.behind_the_desk(
        "naverCancelProductOrder", {"imp_uid": made["imp_uid"], "product_order_id": ids[1:2]}, pg="naverco"
    )
    tab_to(desk, "naverOrdersTable", limit=4)
    press(desk, K.Key_A, CTRL)  # every row
    assert tab.selected_ids() == ids
    act_by_key(desk, "naverPlaceProductOrder")
    desk.idle()
    assert tab.banner.kind == "warning" and tab.partial.failed_ids == ids[1:2]
    tab_to(desk, "reselectFailedButton", limit=40)
    press(desk, K.Key_Space)
    assert tab.selected_ids() == ids[1:2]


def test_scenario_17_end_of_day_export_by_keyboard(desk: Desk, confirmer: Confirmer, monkeypatch, tmp_path):
    from portone_desk.ui import files

    open_tab_by_key(desk, 1, "현금영수증")
    search(desk, "order-1001")
    tab_to(desk, "identifier", limit=3)
    write(desk, "010-1234-5678")
    press(desk, K.Key_Return, CTRL)
    desk.idle()
    history = open_tab_by_key(desk, 5, "처리 내역")
    tab_to(desk, "historyToday", limit=12)
    press(desk, K.Key_Space)
    target = tmp_path / "오늘"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(target))
    tab_to(desk, "historyExportXlsx", limit=16)
    desk.qtbot.waitUntil(lambda: not history.loading, timeout=5_000)  # 오늘's rows are on screen
    press(desk, K.Key_Space)
    desk.qtbot.waitUntil(
        lambda: target.with_suffix(".xlsx").exists() and not history.exporting, timeout=5_000
    )


def test_scenario_03_reissue_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 1, "현금영수증")
    search(desk, "order-1003")
    tab_to(desk, "type", limit=6)
    press(desk, K.Key_Down)  # → 지출증빙용(사업자)
    tab_to(desk, "identifier", limit=6, backwards=True)
    write(desk, "220-81-62517")
    confirmer.note = "지출증빙용으로 다시"
    tab_to(desk, "reissueReceipt", limit=20)
    press(desk, K.Key_Space)
    desk.idle()
    assert confirmer.asked[-1]["note_required"] is True
    assert "완료" in text_of(tab, "reissueIssueStep")


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_scenario_07_did_it_go_through_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 1, "현금영수증")
    search(desk, "order-1001")
    desk.fault(path="/receipts/", method="POST", body="drop", when="after")
    tab_to(desk, "identifier", limit=3)
    write(desk, "010-1234-5678")
    press(desk, K.Key_Return, CTRL)
    desk.idle()
    assert "발급 여부를 확인했습니다: 발급됨" in tab.banner.text()
    assert not tab.issue_button.isEnabled()  # nothing invites a second receipt


def test_scenarios_14_and_15_naver_pay_payment_type_by_keyboard(desk: Desk, confirmer: Confirmer):
    tab = open_tab_by_key(desk, 3, "네이버페이 주문")
    look_up_by_key(desk, tab, "order-3001")
    tab_to(desk, "queryCashAmount", limit=30)
    press(desk, K.Key_Space)
    desk.idle()
    assert "가용액을 조회했습니다" in tab.banner.text()
    tab_to(desk, "requester", limit=10)
    press(desk, K.Key_Down)  # 관리자 → 구매자
    confirmer.note = "구매자 대신 구매확정"
    tab_to(desk, "naverConfirmPayment", limit=10)
    press(desk, K.Key_Space)
    desk.idle()
    assert confirmer.rows()["구매확정 요청자"] == "구매자" and tab.banner.kind == "success"
    tab_to(desk, "naverDepositPoint", limit=10)
    press(desk, K.Key_Space)
    desk.idle()
    assert tab.banner.kind == "success", tab.banner.text()


def test_scenario_18_trainer_resets_from_the_menu_by_keyboard(desk: Desk, confirmer: Confirmer):
    ready(desk)
    press(desk, K.Key_T, Qt.KeyboardModifier.AltModifier)  # 연습 모드(&T)
    desk.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=3_000)
    # 연습 데이터 초기화(&R): the menu acts on the key press and closes (the release goes nowhere).
    desk.qtbot.keyPress(QApplication.activePopupWidget(), K.Key_R)
    desk.idle()
    assert [title for title, _text in desk.window.asked][:1] == ["연습 데이터 초기화"]


def test_scenario_08_dispatch_from_a_sheet_by_keyboard(
    desk: Desk, confirmer: Confirmer, monkeypatch, tmp_path
):
    from openpyxl import Workbook

    from portone_desk.ui import files

    sheet_path = tmp_path / "출고.xlsx"
    book = Workbook()
    book.active.append(["결제번호", "상품주문번호", "택배사", "송장번호"])
    book.active.append(["imp_demo_naver_new", NEW, "CJ대한통운", "611111111111"])
    book.save(sheet_path)
    monkeypatch.setattr(files, "ask_open_path", lambda *a, **k: str(sheet_path))  # the file dialog
    ready(desk)
    titles = [desk.window.tabs.tabText(i) for i in range(desk.window.tabs.count())]
    press(desk, getattr(K, f"Key_{titles.index('일괄 처리') + 1}"), CTRL)
    bulk = desk.window.tab_widget("일괄 처리")
    desk.qtbot.waitUntil(bulk.isVisible, timeout=3_000)
    bulk.setFocus()
    tab_to(desk, "bulkImport", limit=20)
    press(desk, K.Key_Space)
    desk.idle()
    assert text_of(bulk, "bulkFile").startswith("출고.xlsx")
    tab_to(desk, "bulkKind", limit=20)
    while bulk.kind.currentText() != "네이버페이 발송처리":
        press(desk, K.Key_Down)
    tab_to(desk, "bulkDryRun", limit=30)
    press(desk, K.Key_Space)
    desk.idle()
    tab_to(desk, "bulkRun", limit=30)
    since = desk.mark()
    press(desk, K.Key_Space)
    desk.qtbot.waitUntil(lambda: not bulk.controller.running, timeout=10_000)
    desk.idle()
    assert [p["body"]["tracking_number"] for p in naver_posts(desk, since, "ship")] == ["611111111111"]
    # The sheet had the imp_uid only; the history still finds the dispatch by the order number.
    [row] = desk.window.audit().query(text="order-2001", operation="naverShipProductOrder")
    assert row.merchant_uid == "order-2001" and row.product_order_ids == (NEW,)
