"""Cash receipts (현금영수증), scenarios 1–7, through the main window in training mode."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QTableView, QWidget
from support.confirm import Confirmer
from support.desk import AGENT, Desk
from support.widgets import choose, click, find, table_rows, text_of, type_text

from portone_desk.sandbox.demo import DEMO_CHANNEL_KEY

RECEIPTS = "현금영수증"
EXTERNAL = "외부 현금영수증"
HISTORY = "처리 내역"


def receipt_field(tab: QWidget, name: str) -> str:
    """A value shown in the receipt panel (the payment panel has fields of the same names)."""
    return text_of(find(tab, QWidget, "receiptView"), f"{name}_value")


def payment_field(tab: QWidget, name: str) -> str:
    return text_of(find(tab, QWidget, "paymentView"), f"{name}_value")


def banner(tab: QWidget) -> str:
    return text_of(tab, "receiptsBanner")


def find_payment(desk: Desk, tab: QWidget, order_number: str) -> None:
    """Type the shop's order number and press 조회, as the agent does with the customer on the line."""
    combo = find(tab, QComboBox, "searchMode")
    assert combo.currentText() == "주문번호"  # the default: agents have the order number
    type_text(desk.qtbot, tab, "searchInput", order_number)
    click(desk.qtbot, tab, "searchButton")
    desk.idle()
    assert payment_field(tab, "merchant_uid") == order_number, banner(tab)


def issue(desk: Desk, tab: QWidget) -> None:
    click(desk.qtbot, tab, "issueReceipt")
    desk.idle()


def test_scenario_01_issue_on_request(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(RECEIPTS)
    since = desk.mark()
    find_payment(desk, tab, "order-1001")
    # What the agent must see before doing anything: amount, method, status, any receipt.
    assert payment_field(tab, "amount") == "39,000원"
    assert payment_field(tab, "pay_method") == "가상계좌"
    assert payment_field(tab, "status") == "결제완료"
    assert text_of(tab, "receiptState") == "발급된 현금영수증이 없습니다"
    assert not find(tab, QWidget, "revokeReceipt").isEnabled()
    assert "39,000원" in text_of(tab, "vatPreview")

    type_text(desk.qtbot, tab, "identifier", "010-1234-5678")
    assert "휴대폰번호" in text_of(tab, "identifierHint")
    issue(desk, tab)

    [asked] = confirmer.asked
    assert asked["title"] == "현금영수증 발급 확인"
    rows = confirmer.rows()
    assert rows["주문번호"] == "order-1001" and rows["발행 금액"] == "39,000원"
    assert rows["식별정보"] == "010-1234-5678"  # in full: the agent reads it back to the customer
    assert "발급했습니다" in banner(tab) and "영수증 URL을 복사해" in banner(tab)
    assert text_of(tab, "receiptState").startswith("발급됨")
    assert receipt_field(tab, "type") == "소득공제용(개인)"
    url = tab.receipt_panel.view.text_of("receipt_url")
    click(desk.qtbot, tab, "copy_receipt_url")
    assert QGuiApplication.clipboard().text() == url and url.startswith("http")
    # A second receipt for the same payment is not offered.
    assert not find(tab, QWidget, "issueReceipt").isEnabled()
    assert "이미 발급된 현금영수증" in text_of(tab, "issueReason")

    # The sandbox issued exactly one, to the phone number typed, and it is there on a new lookup.
    [post] = desk.sent(since, "POST")
    assert post["path"] == "/receipts/imp_demo_vbank_paid"
    assert post["body"]["identifier"].replace("-", "") == "01012345678"
    receipt = desk.lookup("getReceipt", {"imp_uid": "imp_demo_vbank_paid"})
    assert receipt["receipt_url"] == url and not receipt["cancelled_at"]


def test_scenario_02_business_customer(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(RECEIPTS)
    since = desk.mark()
    find_payment(desk, tab, "order-1002")
    choose(tab, "type", "지출증빙용(사업자)")
    type_text(desk.qtbot, tab, "identifier", "220-81-62518")  # one digit off
    issue(desk, tab)
    # Caught at the field before anything is sent, and said in Korean.
    assert "검증번호" in text_of(tab, "identifier_error")
    assert "요청은 보내지 않았습니다" in banner(tab)
    assert confirmer.asked == []
    assert desk.sent(since, "POST") == []

    type_text(desk.qtbot, tab, "identifier", "220-81-62517")
    assert "사업자등록번호" in text_of(tab, "identifierHint")
    assert text_of(tab, "identifier_error") == ""
    issue(desk, tab)
    assert confirmer.rows()["발행 용도"] == "지출증빙용(사업자)"
    assert text_of(tab, "receiptState").startswith("발급됨")
    assert receipt_field(tab, "type") == "지출증빙용(사업자)"
    [post] = desk.sent(since, "POST")
    assert post["body"]["type"] == "company"
    assert post["body"]["identifier"].replace("-", "") == "2208162517"


def test_scenario_03_wrong_type_reissue(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(RECEIPTS)
    find_payment(desk, tab, "order-1003")
    # The old receipt is on screen, and issuing over it is refused with the way out named.
    assert text_of(tab, "receiptState").startswith("발급됨")
    old = receipt_field(tab, "apply_num")
    assert not find(tab, QWidget, "issueReceipt").isEnabled()
    assert find(tab, QWidget, "reissueReceipt").isEnabled()

    # First try: the cancel works, the new issue is refused (PG error) — said plainly.
    desk.fault(path="/receipts/", method="POST", status=500, body="json", times=1)
    since = desk.mark()
    choose(tab, "type", "지출증빙용(사업자)")
    type_text(desk.qtbot, tab, "identifier", "220-81-62517")
    confirmer.note = "지출증빙용으로 다시 발급 요청"
    click(desk.qtbot, tab, "reissueReceipt")
    desk.idle()
    assert confirmer.section_titles() == ["① 취소할 기존 영수증", "② 새로 발급할 내용"]
    assert confirmer.asked[-1]["danger"] is True and confirmer.asked[-1]["note_required"] is True
    # Each fact once: the old and the new receipt each have their own 발행 용도, but the payment's
    # keys are said once.
    labels = [label for _title, rows in confirmer.asked[-1]["sections"] for label, _text in rows]
    assert labels.count("주문번호") == 1 and labels.count("거래고유번호") == 1, labels
    assert confirmer.rows()["식별정보"] == "220-81-62517"  # the number to check, in full
    assert "기존 영수증은 취소되었지만 새 영수증 발급에 실패했습니다" in banner(tab)
    assert "완료" in text_of(tab, "reissueCancelStep") and old in text_of(tab, "reissueCancelStep")
    assert "실패" in text_of(tab, "reissueIssueStep")
    assert text_of(tab, "receiptState").startswith("발급 취소됨")

    # Retry only the second step.
    click(desk.qtbot, tab, "retryIssueButton")
    desk.idle()
    assert "완료" in text_of(tab, "reissueIssueStep")
    assert not find(tab, QWidget, "retryIssueButton").isVisible()
    assert receipt_field(tab, "type") == "지출증빙용(사업자)"
    assert receipt_field(tab, "apply_num") != old
    assert desk.changes(since) == [
        ("DELETE", "/receipts/imp_demo_receipt_issued"),
        ("POST", "/receipts/imp_demo_receipt_issued"),  # refused by the injected fault
        ("POST", "/receipts/imp_demo_receipt_issued"),
    ]
    receipt = desk.lookup("getReceipt", {"imp_uid": "imp_demo_receipt_issued"})
    assert receipt["type"] == "company" and receipt["apply_num"] != old and not receipt["cancelled_at"]


def test_scenario_04_customer_gave_nothing(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(RECEIPTS)
    since = desk.mark()
    find_payment(desk, tab, "order-1002")
    assert payment_field(tab, "amount") == "128,000원"  # a mandatory-issue cash sale
    click(desk.qtbot, tab, "selfIssueNumber")  # one button, no number to remember
    assert find(tab, QWidget, "identifier").text() == "010-000-1234"
    assert "국세청 자진발급번호" in text_of(tab, "identifierHint")
    issue(desk, tab)
    assert text_of(tab, "identifier_error") == ""
    assert text_of(tab, "receiptState").startswith("발급됨")
    [post] = desk.sent(since, "POST")
    assert post["body"]["identifier"].replace("-", "") == "0100001234"


def test_scenario_05_cash_sale_outside_portone(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(EXTERNAL)
    order = "phone-order-0412"
    # The profile's channel key is filled in; the agent never types it.
    assert find(tab, QWidget, "channel_key").text() == DEMO_CHANNEL_KEY
    type_text(desk.qtbot, tab, "searchInput", order)
    click(desk.qtbot, tab, "getExternalReceipt")
    desk.idle()
    assert text_of(tab, "receiptState").startswith("이 주문번호로 발급된 현금영수증이 없습니다")

    since = desk.mark()
    type_text(desk.qtbot, tab, "name", "전화 주문 (계좌이체)")
    type_text(desk.qtbot, tab, "amount", "55000")
    type_text(desk.qtbot, tab, "identifier", "010-9876-5432")
    assert "부가세 5,000원" in text_of(tab, "vatPreview")
    click(desk.qtbot, tab, "issueExternalReceipt")
    desk.idle()
    rows = confirmer.rows()
    assert (rows["주문번호"], rows["발행 금액"]) == (order, "55,000원")
    assert text_of(tab, "receiptState").startswith("발급됨")
    assert "발급했습니다" in text_of(tab, "externalBanner")
    [post] = desk.sent(since, "POST")
    assert post["path"] == f"/receipts/external/{order}"
    assert (post["body"]["channel_key"], post["body"]["amount"]) == (DEMO_CHANNEL_KEY, 55000)
    assert post["body"]["name"] == "전화 주문 (계좌이체)"
    receipt = desk.lookup("getExternalReceipt", {"merchant_uid": order})
    assert receipt["amount"] == 55000 and not receipt["cancelled_at"]


def test_scenario_06_refund_so_cancel_the_receipt(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(RECEIPTS)
    find_payment(desk, tab, "order-1003")
    apply_num = receipt_field(tab, "apply_num")
    since = desk.mark()
    confirmer.note = "주문 환불로 영수증 취소"
    click(desk.qtbot, tab, "revokeReceipt")
    desk.idle()
    asked = confirmer.asked[-1]
    assert asked["danger"] is True and "취소 사유" in asked["note_label"]
    assert confirmer.rows()["국세청 발행번호"] == apply_num  # the one that goes, named
    assert text_of(tab, "receiptState").startswith("발급 취소됨")
    assert "취소했습니다" in banner(tab)
    assert desk.changes(since) == [("DELETE", "/receipts/imp_demo_receipt_issued")]
    assert desk.lookup("getReceipt", {"imp_uid": "imp_demo_receipt_issued"})["cancelled_at"]

    # The history says who did it and why, as the table shows it.
    history = desk.open_tab(HISTORY)
    desk.idle()
    [row] = [r for r in table_rows(find(history, QTableView, "historyTable")) if "취소" in r["작업"]]
    assert (row["상담원"], row["결과"], row["사유/메모"]) == (AGENT, "완료", "주문 환불로 영수증 취소")
    assert (row["주문번호"], row["결제번호"]) == ("order-1003", "imp_demo_receipt_issued")


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_scenario_07_did_it_go_through(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(RECEIPTS)
    for order, imp_uid, happened in (
        ("order-1001", "imp_demo_vbank_paid", True),  # made, then the answer was lost
        ("order-1002", "imp_demo_trans_paid", False),  # lost on the way: nothing was made
    ):
        find_payment(desk, tab, order)
        since, asked = desk.mark(), len(confirmer.asked)
        # The connection drops with no answer: after the receipt was made, or before it was.
        desk.fault(path="/receipts/", method="POST", body="drop", when="after" if happened else "before")
        type_text(desk.qtbot, tab, "identifier", "010-1234-5678")
        issue(desk, tab)
        # The tab looked the receipt up by itself and shows the truth; nothing was sent twice.
        assert len(confirmer.asked) == asked + 1
        assert len(desk.sent(since, "POST")) == 1
        assert desk.sent(since, "GET", f"/receipts/{imp_uid}")  # the check it made
        receipt = desk.lookup("getReceipt", {"imp_uid": imp_uid})
        if happened:
            assert "발급 여부를 확인했습니다: 발급됨" in banner(tab)
            assert "다시 발급하지 마세요" in banner(tab)
            assert text_of(tab, "receiptState").startswith("발급됨")
            assert not find(tab, QWidget, "issueReceipt").isEnabled()
            assert receipt is not None and receipt_field(tab, "apply_num") == receipt["apply_num"]
        else:
            assert "발급 여부를 확인했습니다: 발급되지 않음" in banner(tab)
            assert text_of(tab, "receiptState") == "발급된 현금영수증이 없습니다"
            assert find(tab, QWidget, "issueReceipt").isEnabled()  # safe to issue now
            assert receipt is None
