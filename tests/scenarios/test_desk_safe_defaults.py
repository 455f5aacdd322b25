"""Issue 11 §3: no preselected reason for a cancel or return, a required reason where it goes to the
history, refund amounts and numbers in full in the confirmation, natural particles."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QPushButton
from support.confirm import Confirmer
from support.desk import Desk
from support.widgets import choose, click
from test_scenarios_naver_orders import CANCEL_REQUEST, NAVER, NEW, RETURN_REQUEST, look_up, pick

from portone_desk.api.catalog import OPERATIONS
from portone_desk.ui.confirm import ConfirmDialog
from portone_desk.ui.receipts.common import CANCEL_REASON_LABEL


def test_no_reason_is_preselected_and_none_is_sent_without_one(desk: Desk, confirmer: Confirmer):
    tab = desk.open_tab(NAVER)
    for order_number, order_id, action in (
        ("order-2001", NEW, "naverCancelProductOrder"),
        ("order-2007", RETURN_REQUEST, "naverWithholdReturnProductOrder"),
    ):
        look_up(desk, tab, order_number)
        pick(desk, tab, order_id)
        click(desk.qtbot, tab, action)
        form = tab.panel.form
        assert form.widget("reason").value() is None
        assert form.widget("reason").currentText() == "선택 안 함"
        since = desk.mark()
        if action == "naverWithholdReturnProductOrder":
            form.set_values({"memo": "반품 배송비 3,000원 입금 부탁드립니다"})
        click(desk.qtbot, tab, "submitAction")
        assert form.error_text("reason").endswith("골라 주세요.")
        assert confirmer.asked == [] and desk.changes(since) == []


def test_every_reason_the_api_would_default_is_chosen_at_the_desk():
    for op in OPERATIONS.values():
        for f in op.fields:
            if f.name == "reason" and op.mutating and f.options:
                assert f.must_choose, op.id


def test_cancel_shows_the_refund_and_reads_naturally(desk: Desk, confirmer: Confirmer):
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2001")
    pick(desk, tab, NEW)
    order = tab.target_orders()[0]
    click(desk.qtbot, tab, "naverCancelProductOrder")
    choose(tab.panel.form, "reason", "상품 품절")
    confirmer.answer = False
    click(desk.qtbot, tab, "submitAction")
    asked = confirmer.asked[-1]
    assert asked["message"] == "선택한 상품주문 1건에 '판매취소(환불)'을 요청합니다."
    rows = confirmer.rows()
    expected = int(order.get("product_amount") or 0) + int(order.get("delivery_amount") or 0)
    assert rows["환불 예정 금액"].startswith(f"{expected:,}원")
    assert rows["취소 사유"] == "상품 품절" and rows["주문번호"] == "order-2001"
    labels = [label for _t, section in asked["sections"] for label, _v in section]
    assert len(labels) == len(set(labels)), labels

    # 취소승인 too: the amount going back is in the confirmation.
    look_up(desk, tab, "order-2006")
    pick(desk, tab, CANCEL_REQUEST)
    click(desk.qtbot, tab, "naverApproveCancelProductOrder")
    assert "환불 예정 금액" in confirmer.rows()
    assert "'취소승인'을 요청합니다" in confirmer.asked[-1]["message"]


def test_the_receipt_cancel_reason_is_required_in_the_real_dialog(qtbot):
    dialog = ConfirmDialog(
        None, "현금영수증 발급 취소 확인", [("", [("국세청 발행번호", "123")])],
        note_label=CANCEL_REASON_LABEL, note_required=True,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QPushButton, "confirmOk")
    assert not ok.isEnabled()
    dialog.findChild(QPlainTextEdit, "confirmNote").setPlainText("환불 완료로 취소")
    assert ok.isEnabled()
    dialog.findChild(QPlainTextEdit, "confirmNote").setPlainText("   ")
    assert not ok.isEnabled()
