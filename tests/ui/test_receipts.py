"""The PortOne receipt tab end to end against an in-memory sandbox (SCENARIOS 1–4, 6, 7)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from support.confirm import Confirmer
from support.widgets import button, click, label_text, shown

from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.ui.context import DeskContext
from portone_desk.ui.receipts.portone_tab import ReceiptsTab
from portone_desk.ui.widgets import EnumCombo


@pytest.fixture(autouse=True)
def reason_given(confirmer: Confirmer) -> None:
    """A cancel or reissue needs a reason in its confirmation; the agent gives one."""
    confirmer.note = "고객 요청"


@pytest.fixture
def tab(qtbot, receipt_ctx: DeskContext) -> ReceiptsTab:
    return shown(qtbot, ReceiptsTab(receipt_ctx), 1200, 800)


def idle(qtbot, tab: ReceiptsTab, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: tab._inflight == 0 and tab.ctx.runner.running == 0, timeout=timeout)


def search(qtbot, tab: ReceiptsTab, text: str, mode: str = "merchant_uid") -> None:
    combo = tab.findChild(QComboBox, "searchMode")
    combo.setCurrentIndex(combo.findData(mode))
    box = tab.findChild(QLineEdit, "searchInput")
    box.setText(text)
    qtbot.mouseClick(button(tab, "searchButton"), Qt.MouseButton.LeftButton)
    idle(qtbot, tab)


def fill(tab: ReceiptsTab, **values: Any) -> None:
    tab.form.set_values(values)


def banner(tab: ReceiptsTab) -> str:
    return label_text(tab, "receiptsBanner")


# --- scenario 1: find by order number, issue, copy the URL, cancel ------------------------------


def test_issue_lookup_and_cancel_from_an_order_number(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    search(qtbot, tab, "order-1001")
    assert label_text(tab, "amount_value") == "39,000원"
    assert label_text(tab, "pay_method_value") == "가상계좌"
    assert label_text(tab, "status_value") == "결제완료"
    assert "kcp" in label_text(tab, "pg_provider_value")
    assert label_text(tab, "receiptState") == "발급된 현금영수증이 없습니다"
    assert not button(tab, "revokeReceipt").isEnabled()

    fill(tab, identifier="010-1234-5678")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab)
    rows = confirmer.rows()
    assert rows["식별정보"] == "010-1234-5678"  # in full in the confirmation
    assert rows["발행 금액"] == "39,000원"
    assert label_text(tab, "receiptState").startswith("발급됨")
    assert label_text(tab, "type_value") == "소득공제용(개인)"
    assert label_text(tab, "vat_value") == "3,545원"
    url = tab.receipt_panel.view.text_of("receipt_url")
    assert url.startswith("http")
    click(qtbot, tab, "copy_receipt_url")
    assert QGuiApplication.clipboard().text() == url
    assert not button(tab, "issueReceipt").isEnabled()

    # A fresh lookup finds it too.
    search(qtbot, tab, "imp_demo_vbank_paid", mode="imp_uid")
    assert label_text(tab, "receiptState").startswith("발급됨")
    [by_imp] = control.requests(method="GET", path="/payments/imp_demo_vbank_paid")
    assert by_imp["query"] == {"include_sandbox": "true"}  # test-channel payments are found too
    assert label_text(tab, "apply_num_value") == tab.receipt["apply_num"]

    # Scenario 6: refunded, so cancel it, with a note for the activity log.
    confirmer.note = "주문 환불"
    click(qtbot, tab, "revokeReceipt")
    idle(qtbot, tab)
    assert confirmer.asked[-1]["danger"] is True
    assert label_text(tab, "receiptState").startswith("발급 취소됨")
    # Scenario 16: the lead finds who cancelled it, and why, by the order number the customer quotes.
    [row] = tab.ctx.service.audit.query(text="order-1001", operation="revokeReceipt")
    assert (row.outcome, row.imp_uid, row.agent_name) == ("ok", "imp_demo_vbank_paid", "테스트 상담원")
    assert "주문 환불" in row.reason
    [issued] = tab.ctx.service.audit.query(text="order-1001", operation="issueReceipt")
    assert issued.merchant_uid == "order-1001"
    methods = [r["method"] for r in control.requests(path="/receipts") if r["method"] != "GET"]
    assert methods == ["POST", "DELETE"]


def test_declining_the_confirmation_sends_nothing(qtbot, tab, confirmer: Confirmer, control: SandboxControl):
    search(qtbot, tab, "order-1001")
    confirmer.answer = False
    fill(tab, identifier="01012345678")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab)
    assert confirmer.asked
    assert control.requests(method="POST", path="/receipts") == []


# --- validation at the fields, nothing sent -------------------------------------------------------


def test_each_validation_message_appears_at_its_field_and_nothing_is_sent(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    search(qtbot, tab, "order-1001")
    before = len(control.requests())
    fill(tab, buyer_email="고객@", tax_free=-5)
    click(qtbot, tab, "issueReceipt")
    for name in ("identifier", "buyer_email", "tax_free"):
        assert label_text(tab, f"{name}_error"), name
    assert "입력" in label_text(tab, "identifier_error")
    assert not confirmer.asked
    assert control.requests()[before:] == []


def test_wrong_business_number_check_digit_is_caught(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    """Scenario 2: 지출증빙용 with a business number one digit off."""
    search(qtbot, tab, "order-1002")
    fill(tab, type="company", identifier="220-81-62518")
    click(qtbot, tab, "issueReceipt")
    assert "검증번호" in label_text(tab, "identifier_error")
    assert control.requests(method="POST", path="/receipts") == []
    fill(tab, identifier="220-81-62517")
    assert "사업자등록번호" in label_text(tab, "identifierHint")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab)
    assert label_text(tab, "type_value") == "지출증빙용(사업자)"
    assert len(control.requests(method="POST", path="/receipts")) == 1


def test_nts_self_issue_number_is_accepted(qtbot, tab, confirmer: Confirmer):
    """Scenario 4: the customer gave nothing; 010-000-1234 is used."""
    search(qtbot, tab, "order-1002")
    fill(tab, identifier="010-000-1234")
    assert "자진발급" in label_text(tab, "identifierHint")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab)
    assert label_text(tab, "identifier_error") == ""
    assert label_text(tab, "receiptState").startswith("발급됨")


# --- what the tab refuses before calling ------------------------------------------------------------


def test_duplicate_issue_is_blocked_with_a_reason(qtbot, tab):
    search(qtbot, tab, "order-1003")
    assert label_text(tab, "receiptState").startswith("발급됨")
    assert not button(tab, "issueReceipt").isEnabled()
    assert "이미 발급된 현금영수증" in label_text(tab, "issueReason")
    assert button(tab, "reissueReceipt").isEnabled()


def test_forced_duplicate_shows_the_sandbox_400(qtbot, receipt_ctx, confirmer: Confirmer):
    """Two agents on one order: the second one's screen is stale, the server's refusal is shown."""
    first, second = (shown(qtbot, ReceiptsTab(receipt_ctx), 1200, 800) for _ in range(2))
    for widget in (first, second):
        search(qtbot, widget, "order-1001")
        fill(widget, identifier="010-1234-5678")
    click(qtbot, first, "issueReceipt")
    idle(qtbot, first)
    click(qtbot, second, "issueReceipt")
    idle(qtbot, second)
    text = banner(second)
    assert "HTTP 400" in text and "이미" in text
    assert (
        label_text(second, "receiptsBanner") and second.findChild(QWidget, "receiptsBanner").kind == "error"
    )


@pytest.mark.parametrize(
    ("order", "reason"),
    [
        ("order-1008", "가상계좌·계좌이체"),  # card payment
        ("order-1005", "결제완료 상태"),  # awaiting deposit
        ("order-1010", "지원하지 않습니다"),  # danal: would be 501
    ],
)
def test_issue_blocked_for_payments_that_cannot_have_one(qtbot, tab, control: SandboxControl, order, reason):
    search(qtbot, tab, order)
    assert not button(tab, "issueReceipt").isEnabled()
    assert reason in label_text(tab, "issueReason")
    assert control.requests(method="POST", path="/receipts") == []


def test_vat_preview_on_the_remaining_amount_and_pg_required_fields(qtbot, tab):
    """order-1006: settle, 150,000원 with 30,000원 cancelled; settle needs 식별정보 구분."""
    search(qtbot, tab, "order-1006")
    assert label_text(tab, "amount_value") == "150,000원"
    preview = label_text(tab, "vatPreview")
    assert "120,000원" in preview and "부가세 10,909원" in preview
    fill(tab, tax_free=20_000)
    assert "부가세 9,091원" in label_text(tab, "vatPreview")
    fill(tab, identifier="010-1234-5678")
    assert tab.form.findChild(EnumCombo, "identifier_type").value() == "phone"  # filled for settle


def test_issue_with_pg_specific_requirements(qtbot, tab, confirmer: Confirmer):
    """order-1012: KSNET needs 상품 구분 and 구매자 이름; buyer name carried over from the payment."""
    search(qtbot, tab, "order-1012")
    assert tab.form.values().get("buyer_name")
    fill(tab, identifier="01012345678")
    click(qtbot, tab, "issueReceipt")
    assert "상품 구분" in label_text(tab, "product_type_error")
    fill(tab, product_type="real")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab)
    assert label_text(tab, "receiptState").startswith("발급됨")


# --- reissue --------------------------------------------------------------------------------------


def test_reissue_cancels_then_issues_and_reports_both(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    """Scenario 3: the old receipt was 소득공제용; the customer needs 지출증빙용."""
    search(qtbot, tab, "order-1003")
    old = tab.receipt["apply_num"]
    fill(tab, type="company", identifier="220-81-62517")
    click(qtbot, tab, "reissueReceipt")
    idle(qtbot, tab)
    sections = [title for title, _rows in confirmer.asked[-1]["sections"]]
    assert sections == ["① 취소할 기존 영수증", "② 새로 발급할 내용"]
    assert "완료" in label_text(tab, "reissueCancelStep") and old in label_text(tab, "reissueCancelStep")
    assert "완료" in label_text(tab, "reissueIssueStep")
    assert "재발급을 마쳤습니다" in banner(tab)
    assert label_text(tab, "type_value") == "지출증빙용(사업자)"
    assert tab.receipt["apply_num"] != old
    methods = [r["method"] for r in control.requests(path="/receipts") if r["method"] != "GET"]
    assert methods == ["DELETE", "POST"]


def test_reissue_cancel_ok_issue_failed_then_retry(qtbot, tab, confirmer: Confirmer, control: SandboxControl):
    search(qtbot, tab, "order-1003")
    control.add_fault(path="/receipts/", method="POST", status=500, body="json", times=1)
    fill(tab, type="company", identifier="220-81-62517")
    click(qtbot, tab, "reissueReceipt")
    idle(qtbot, tab)
    assert "기존 영수증은 취소되었지만 새 영수증 발급에 실패했습니다" in banner(tab)
    assert "실패" in label_text(tab, "reissueIssueStep")
    retry = button(tab, "retryIssueButton")
    assert retry.isVisible() and retry.isEnabled()
    assert label_text(tab, "receiptState").startswith("발급 취소됨")
    click(qtbot, tab, "retryIssueButton")
    idle(qtbot, tab)
    assert "완료" in label_text(tab, "reissueIssueStep")
    assert label_text(tab, "receiptState").startswith("발급됨")
    assert not retry.isVisible()
    methods = [r["method"] for r in control.requests(path="/receipts") if r["method"] != "GET"]
    assert methods == ["DELETE", "POST", "POST"]  # the retry issued only


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_retry_is_blocked_while_the_last_retry_outcome_is_unknown(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    """A retry whose answer was lost and could not be looked up may have issued: never send again."""
    search(qtbot, tab, "order-1003")
    control.add_fault(path="/receipts/", method="POST", status=500, body="json", times=1)
    fill(tab, type="company", identifier="220-81-62517")
    click(qtbot, tab, "reissueReceipt")
    idle(qtbot, tab)
    retry = button(tab, "retryIssueButton")
    assert retry.isEnabled()
    control.add_fault(path="/receipts/", method="POST", latency_ms=3000, when="after", times=1)
    control.add_fault(path="/receipts/", method="GET", status=500, body="json", times=10)
    click(qtbot, tab, "retryIssueButton")
    idle(qtbot, tab, timeout=15_000)
    assert "발급 여부를 확인하지 못했습니다" in banner(tab)
    assert not retry.isEnabled()
    tab.retry_issue()  # even when called directly
    idle(qtbot, tab)
    assert "발급 여부를 확인하지 못했습니다" in banner(tab)
    # The lost POST's delayed answer has left the sandbox.
    control.wait_for_requests(2, method="POST", path="/receipts", timeout=10)
    methods = [r["method"] for r in control.requests(path="/receipts") if r["method"] != "GET"]
    assert methods == ["DELETE", "POST", "POST"]


# --- errors and lost answers ------------------------------------------------------------------------


def test_server_error_on_lookup_is_shown_without_a_crash(qtbot, tab, control: SandboxControl):
    control.add_fault(path="/payments/", method="GET", status=500, body="html", times=5)
    search(qtbot, tab, "order-1001")
    assert "결제를 찾지 못했습니다" in banner(tab)
    assert button(tab, "searchButton").isEnabled()


def test_unknown_order_number_is_reported_and_the_old_payment_cleared(qtbot, tab):
    search(qtbot, tab, "order-1001")
    search(qtbot, tab, "no-such-order")
    assert "HTTP 404" in banner(tab)
    assert tab.payment is None
    assert not button(tab, "issueReceipt").isEnabled()


def test_timeout_on_lookup_is_shown_and_the_tab_stays_usable(qtbot, tab, control: SandboxControl):
    control.add_fault(path="/payments/", method="GET", latency_ms=3000, times=1)
    search(qtbot, tab, "order-1001")
    assert "통신하지 못했습니다" in banner(tab)
    search(qtbot, tab, "order-1001")
    assert label_text(tab, "amount_value") == "39,000원"


def test_a_slow_lookup_can_be_cancelled(qtbot, tab, control: SandboxControl):
    control.add_fault(path="/payments/", method="GET", latency_ms=1000, times=1)
    tab.findChild(QLineEdit, "searchInput").setText("order-1001")
    click(qtbot, tab, "searchButton")
    cancel = button(tab, "cancelSearchButton")
    assert cancel.isVisible() and not button(tab, "searchButton").isEnabled()
    click(qtbot, tab, "cancelSearchButton")
    assert button(tab, "searchButton").isEnabled()
    assert "취소" in banner(tab)
    # The abandoned answer arrives (the runner has no thread working any more) and is ignored.
    with qtbot.waitSignal(tab.ctx.runner.drained, timeout=5_000):
        pass
    assert tab.payment is None


def test_server_error_on_issue_is_shown(qtbot, tab, confirmer: Confirmer, control: SandboxControl):
    search(qtbot, tab, "order-1001")
    control.add_fault(path="/receipts/", method="POST", status=500, body="json", times=1)
    fill(tab, identifier="010-1234-5678")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab)
    assert "HTTP 500" in banner(tab)
    assert button(tab, "issueReceipt").isEnabled()  # a refused issue may be tried again


def test_buttons_are_disabled_while_a_call_runs(qtbot, tab, confirmer: Confirmer, control: SandboxControl):
    search(qtbot, tab, "order-1001")
    control.add_fault(path="/receipts/", method="POST", latency_ms=600, times=1)
    fill(tab, identifier="010-1234-5678")
    click(qtbot, tab, "issueReceipt")
    assert not button(tab, "issueReceipt").isEnabled()
    assert not button(tab, "searchButton").isEnabled()
    idle(qtbot, tab)
    assert len(control.requests(method="POST", path="/receipts")) == 1


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_outcome_unknown_issue_looks_the_receipt_up(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    """Scenario 7: the receipt was issued but the answer was lost; the tab finds out and says so."""
    search(qtbot, tab, "order-1001")
    control.add_fault(path="/receipts/", method="POST", latency_ms=3000, when="after", times=1)
    fill(tab, identifier="010-1234-5678")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab, timeout=15_000)
    assert "발급 여부를 확인했습니다: 발급됨" in banner(tab)
    assert label_text(tab, "receiptState").startswith("발급됨")
    assert not button(tab, "issueReceipt").isEnabled()
    assert len(control.wait_for_requests(method="POST", path="/receipts", timeout=10)) == 1


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_outcome_unknown_issue_that_did_not_happen(qtbot, tab, confirmer: Confirmer, control: SandboxControl):
    search(qtbot, tab, "order-1001")
    # Dropped before the operation ran: nothing was issued.
    control.add_fault(path="/receipts/", method="POST", body="drop", when="before", times=1)
    fill(tab, identifier="010-1234-5678")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab, timeout=15_000)
    assert "발급 여부를 확인했습니다: 발급되지 않음" in banner(tab)
    assert button(tab, "issueReceipt").isEnabled()


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_outcome_unknown_cancel_looks_the_receipt_up(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    search(qtbot, tab, "order-1003")
    control.add_fault(path="/receipts/", method="DELETE", latency_ms=3000, when="after", times=1)
    click(qtbot, tab, "revokeReceipt")
    idle(qtbot, tab, timeout=15_000)
    assert "취소 여부를 확인했습니다: 취소됨" in banner(tab)
    assert label_text(tab, "receiptState").startswith("발급 취소됨")


def test_no_profile_says_so(qtbot, runner):
    ctx = DeskContext(runner)
    widget = ReceiptsTab(ctx)
    qtbot.addWidget(widget)
    assert not button(widget, "searchButton").isEnabled()
    widget.findChild(QLineEdit, "searchInput").setText("order-1001")
    widget.search()
    assert "프로필" in label_text(widget, "receiptsBanner")


def test_payment_codes_read_as_the_catalog_labels():
    from portone_desk.ui.receipts import rules

    assert rules.method_label("vbank") == "가상계좌"
    assert rules.status_label("paid") == "결제완료"
    assert rules.method_label("newpay") == "newpay"  # a code newer than the catalog is shown as it is
    assert rules.method_label(None) == ""
    assert rules.issue_block_reason({"pay_method": "card"}, None).startswith("신용카드 결제에는")


def test_identifier_hint_names_the_kind_as_the_catalog_does():
    from portone_desk.api.catalog import IDENTIFIER_TYPES
    from portone_desk.ui.receipts.common import identifier_hint

    labels = {option.code: option.label for option in IDENTIFIER_TYPES}
    assert identifier_hint("220-81-62517") == f"식별정보: {labels['business']}로 인식했습니다."
    assert identifier_hint("1234567890123456") == f"식별정보: {labels['taxcard']}로 인식했습니다."
    assert "국세청 자진발급번호(010-000-1234)" in identifier_hint("+82 10-000-1234")
    assert identifier_hint("") == identifier_hint("12345") == ""


# --- a receipt issued in the payment window (issue 10) --------------------------------------------


def test_receipt_issued_at_payment_is_shown_and_not_issued_again(qtbot, tab, control: SandboxControl):
    made = control.add_payment(
        pay_method="trans",
        amount=42000,
        status="paid",
        pg_provider="kcp",
        cash_receipt_issued=True,
        merchant_uid="order-window-1",
    )
    search(qtbot, tab, "order-window-1")
    assert tab.imp_uid == made["imp_uid"]
    assert label_text(tab, "receiptState").startswith("결제 시 발급됨")
    assert not button(tab, "issueReceipt").isEnabled()
    assert "결제 시 발급됨" in button(tab, "issueReceipt").toolTip()
    assert not button(tab, "revokeReceipt").isEnabled()
    assert control.requests(method="POST", path="/receipts") == []


# --- an order number with several payments -----------------------------------------------------


def test_order_number_with_two_paid_payments_offers_a_choice(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    spec = {"merchant_uid": "WEB-2002", "pay_method": "vbank", "pg_provider": "kcp", "status": "paid"}
    older = control.add_payment(amount=15000, started_at=control.now() - 7200, **spec)
    newer = control.add_payment(amount=27000, **spec)
    since = control.mark()
    search(qtbot, tab, "WEB-2002")
    chooser = tab.findChild(QComboBox, "paymentChooser")
    assert chooser is not None and chooser.isVisible() and chooser.currentData() is None
    assert "결제가 2건" in banner(tab)
    lines = [chooser.itemText(i) for i in range(1, chooser.count())]
    assert lines[0].startswith(f"{newer['imp_uid']} · 결제완료 · 27,000원")
    assert lines[1].startswith(f"{older['imp_uid']} · 결제완료 · 15,000원")
    # Nothing is on screen to act on until the agent picks.
    assert tab.payment is None and not button(tab, "issueReceipt").isEnabled()
    assert [r["path"] for r in control.requests(since=since, method="GET")] == ["/payments/findAll/WEB-2002"]

    since = control.mark()
    tab.chooser.pick(older["imp_uid"])
    idle(qtbot, tab)
    assert tab.imp_uid == older["imp_uid"]
    assert label_text(tab, "amount_value") == "15,000원"
    assert label_text(tab, "receiptState") == "발급된 현금영수증이 없습니다"
    # Only the picked payment's receipt was asked for; the payment itself was already known.
    assert [r["path"] for r in control.requests(since=since, method="GET")] == [
        f"/receipts/{older['imp_uid']}"
    ]
    fill(tab, identifier="010-1234-5678")
    click(qtbot, tab, "issueReceipt")
    idle(qtbot, tab)
    [issued] = control.requests(since=since, method="POST")
    assert issued["path"] == f"/receipts/{older['imp_uid']}"
    assert chooser.isVisible()  # the agent may switch to the other payment


def test_order_number_with_one_payment_shows_it_at_once(qtbot, tab, control: SandboxControl):
    search(qtbot, tab, "order-1001")
    assert not tab.chooser.isVisible()
    assert label_text(tab, "amount_value") == "39,000원"
