"""The external-receipt tab (SCENARIO 5) against an in-memory sandbox."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from support.confirm import Confirmer
from support.widgets import button, click, label_text, shown

from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_CHANNEL_KEY
from portone_desk.ui.context import DeskContext
from portone_desk.ui.receipts.external_tab import ExternalReceiptsTab

ORDER = "phone-order-0412"


@pytest.fixture(autouse=True)
def reason_given(confirmer: Confirmer) -> None:
    """A cancel or reissue needs a reason in its confirmation; the agent gives one."""
    confirmer.note = "고객 요청"


@pytest.fixture
def tab(qtbot, receipt_ctx: DeskContext) -> ExternalReceiptsTab:
    tab = shown(qtbot, ExternalReceiptsTab(receipt_ctx), 1200, 800)
    idle(qtbot, tab)  # the channel list asked for on first show has come back
    return tab


def idle(qtbot, tab: ExternalReceiptsTab, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: tab._inflight == 0 and tab.ctx.runner.running == 0, timeout=timeout)


def banner(tab: ExternalReceiptsTab) -> str:
    return label_text(tab, "externalBanner")


def set_order(tab: ExternalReceiptsTab, text: str) -> None:
    tab.findChild(QLineEdit, "searchInput").setText(text)


def test_issue_lookup_and_cancel_with_the_profile_channel_key(
    qtbot, tab, confirmer: Confirmer, control: SandboxControl
):
    assert tab.findChild(QLineEdit, "channel_key").text() == DEMO_CHANNEL_KEY
    set_order(tab, ORDER)
    click(qtbot, tab, "getExternalReceipt")
    idle(qtbot, tab)
    assert "발급된 현금영수증이 없습니다" in label_text(tab, "receiptState")
    assert not button(tab, "revokeExternalReceipt").isEnabled()

    tab.form.set_values({"name": "전화 주문 (계좌이체)", "amount": 55_000, "identifier": "010-9876-5432"})
    assert "부가세 5,000원" in label_text(tab, "vatPreview")
    click(qtbot, tab, "issueExternalReceipt")
    idle(qtbot, tab)
    rows = confirmer.rows()
    assert rows["주문번호"] == ORDER and rows["발행 금액"] == "55,000원"
    assert rows["식별정보"] == "010-9876-5432"
    assert label_text(tab, "receiptState").startswith("발급됨")
    assert label_text(tab, "vat_value") == "5,000원"
    click(qtbot, tab, "copy_receipt_url")
    assert QGuiApplication.clipboard().text().startswith("http")
    assert not button(tab, "issueExternalReceipt").isEnabled()
    assert "이미 발급된" in label_text(tab, "issueReason")
    post = control.requests(method="POST", path="/receipts")[-1]
    assert post["body"]["channel_key"] == DEMO_CHANNEL_KEY

    # Look it up again from scratch, then cancel it.
    set_order(tab, "")
    set_order(tab, ORDER)
    click(qtbot, tab, "getExternalReceipt")
    idle(qtbot, tab)
    assert label_text(tab, "receiptState").startswith("발급됨")
    click(qtbot, tab, "revokeExternalReceipt")
    idle(qtbot, tab)
    assert label_text(tab, "receiptState").startswith("발급 취소됨")
    assert "취소했습니다" in banner(tab)
    assert [r["method"] for r in control.requests(path="/receipts") if r["method"] != "GET"] == [
        "POST",
        "DELETE",
    ]


def test_validation_at_the_fields_and_nothing_sent(qtbot, tab, confirmer: Confirmer, control: SandboxControl):
    set_order(tab, ORDER)
    before = len(control.requests())
    tab.form.set_values({"amount": 10_000, "tax_free": 20_000, "identifier": "12345"})
    click(qtbot, tab, "issueExternalReceipt")
    assert label_text(tab, "name_error")
    assert label_text(tab, "identifier_error")
    assert "면세금액" in label_text(tab, "tax_free_error")
    assert "면세금액" in label_text(tab, "vatPreview")
    assert not confirmer.asked
    assert control.requests()[before:] == []


def test_order_number_is_required_before_issuing(qtbot, tab):
    assert not button(tab, "issueExternalReceipt").isEnabled()
    assert not button(tab, "revokeExternalReceipt").isEnabled()


def test_server_refusal_is_shown(qtbot, tab, confirmer: Confirmer, control: SandboxControl):
    control.add_fault(path="/receipts/external/", method="POST", status=500, body="json", times=1)
    set_order(tab, ORDER)
    tab.form.set_values({"name": "전화 주문", "amount": 30_000, "identifier": "01012345678"})
    click(qtbot, tab, "issueExternalReceipt")
    idle(qtbot, tab)
    assert "HTTP 500" in banner(tab)
    assert button(tab, "issueExternalReceipt").isEnabled()


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_outcome_unknown_issue_is_looked_up(qtbot, tab, confirmer: Confirmer, control: SandboxControl):
    control.add_fault(path="/receipts/external/", method="POST", latency_ms=3000, when="after", times=1)
    set_order(tab, ORDER)
    tab.form.set_values({"name": "전화 주문", "amount": 30_000, "identifier": "01012345678"})
    click(qtbot, tab, "issueExternalReceipt")
    idle(qtbot, tab, timeout=15_000)
    assert "발급 여부를 확인했습니다: 발급됨" in banner(tab)
    assert not button(tab, "issueExternalReceipt").isEnabled()
    qtbot.waitUntil(lambda: len(control.requests(method="POST", path="/receipts")) >= 1, timeout=10_000)
    assert len(control.requests(method="POST", path="/receipts")) == 1


def test_channel_key_follows_the_profile_unless_typed_over(qtbot, tab, receipt_ctx: DeskContext):
    service = receipt_ctx.service
    receipt_ctx.set_service(None)
    assert tab.findChild(QLineEdit, "channel_key").text() == ""
    assert not button(tab, "getExternalReceipt").isEnabled()
    receipt_ctx.set_service(service)
    assert tab.findChild(QLineEdit, "channel_key").text() == DEMO_CHANNEL_KEY
    tab.form.set_values({"channel_key": "my-own-key"})
    receipt_ctx.set_service(service)
    assert tab.findChild(QLineEdit, "channel_key").text() == "my-own-key"


# --- channels offered, not typed -------------------------------------------------------------------


def test_channels_offered_and_picking_one_fills_the_key(qtbot, tab, control: SandboxControl):
    from PySide6.QtWidgets import QComboBox

    choice = tab.findChild(QComboBox, "channelChoice")
    assert choice is not None and choice.isVisible()
    items = {choice.itemData(i): choice.itemText(i) for i in range(1, choice.count())}
    assert set(items) == {DEMO_CHANNEL_KEY, "channel-key-kicc", "channel-key-kakaopay", "channel-key-naverco"}
    assert (
        items["channel-key-kicc"].startswith("KICC · ") and "(channel-key-kicc)" in items["channel-key-kicc"]
    )
    assert choice.currentData() == DEMO_CHANNEL_KEY  # the profile's default is shown as chosen
    choice.setCurrentIndex(choice.findData("channel-key-kicc"))
    choice.activated.emit(choice.currentIndex())
    assert tab.findChild(QLineEdit, "channel_key").text() == "channel-key-kicc"
    # Typing stays possible: an unknown key is kept and the list shows no channel as chosen.
    tab.form.set_values({"channel_key": "channel-key-typed"})
    assert tab.findChild(QLineEdit, "channel_key").text() == "channel-key-typed"
    assert choice.currentData() is None
    # Asked once for the profile, in the session: another profile switch back uses the cache.
    tab.ctx.profile_changed.emit()
    idle(qtbot, tab)
    assert choice.isVisible() and choice.count() == 5
    assert len(control.requests(method="GET", path="/users/pg")) == 1


def test_channel_list_failure_keeps_the_typed_field(qtbot, receipt_ctx: DeskContext, control: SandboxControl):
    from PySide6.QtWidgets import QComboBox

    control.add_fault(path="/users/pg", status=500, times=10)
    tab = shown(qtbot, ExternalReceiptsTab(receipt_ctx), 1200, 800)
    qtbot.waitUntil(lambda: len(control.requests(method="GET", path="/users/pg")) >= 1, timeout=10_000)
    idle(qtbot, tab)
    assert not tab.findChild(QComboBox, "channelChoice").isVisible()
    edit = tab.findChild(QLineEdit, "channel_key")
    assert edit.isVisible() and edit.isEnabled() and edit.text() == DEMO_CHANNEL_KEY
    assert banner(tab) == ""  # a missing list is not the agent's problem
