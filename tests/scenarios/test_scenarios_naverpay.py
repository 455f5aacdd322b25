"""Naver Pay payment type (네이버페이 결제형), scenarios 14–15, through the main window in training mode."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget
from support.confirm import Confirmer
from support.desk import AGENT, Desk
from support.widgets import choose, click, find, text_of, type_text

NAVER = "네이버페이 주문"


def open_payment(desk: Desk, order_number: str) -> QWidget:
    """Look the payment up by the shop's order number; the tab lands on the payment-type page."""
    tab = desk.open_tab(NAVER)
    type_text(desk.qtbot, tab, "naverImpUid", order_number)
    click(desk.qtbot, tab, "naverLookupButton")
    desk.idle()
    assert "결제형 결제입니다" in text_of(tab, "naverBanner")
    sections = find(tab, QTabWidget, "naverSections")
    assert sections.currentWidget() is find(tab, QWidget, "naverPaymentPanel")
    assert not sections.isTabEnabled(0)  # the product-order page does not apply
    return tab


def test_scenario_14_cash_receipt_amount(desk: Desk, confirmer: Confirmer) -> None:
    tab = open_payment(desk, "order-3001")
    panel = find(tab, QWidget, "naverPaymentPanel")
    assert text_of(panel, "naverPayTarget") == (
        "대상 결제: 주문번호 order-3001 · 윤지호 · imp_demo_naverpay_escrow (에스크로 결제)"
    )
    since = desk.mark()
    click(desk.qtbot, panel, "queryCashAmount")
    desk.idle()
    assert "가용액을 조회했습니다" in text_of(tab, "naverBanner")
    # Which of the totals a receipt may cover, and where to issue it.
    assert "주 결제수단 금액 50,000원까지" in text_of(tab, "naverBanner")
    assert "'현금영수증' 탭" in text_of(tab, "naverBanner")
    view = find(panel, QWidget, "cashAmountView")
    assert [r["path"] for r in desk.sent(since, "GET") if "/naver/" in r["path"]] == [
        "/payments/imp_demo_naverpay_escrow/naver/cash-amount"
    ]
    assert desk.changes(since) == []  # only looked at
    truth = desk.lookup("queryCashAmount", {"imp_uid": "imp_demo_naverpay_escrow"}, pg="naverpay")
    assert text_of(view, "amount_total_value") == "58,000원" == f"{truth['amount_total']:,}원"
    assert text_of(view, "amount_by_npoint_value") == "8,000원"
    assert text_of(view, "amount_by_primary_value") == "50,000원"  # what a receipt may cover
    assert text_of(view, "amount_supply_value") and text_of(view, "amount_vat_value")
    assert confirmer.asked == []


def test_scenario_15_escrow_confirm_and_points(desk: Desk, confirmer: Confirmer) -> None:
    tab = open_payment(desk, "order-3001")
    panel = find(tab, QWidget, "naverPaymentPanel")
    since = desk.mark()
    choose(panel, "requester", "구매자")
    confirmer.note = "구매자가 앱 사용이 어려워 대신 구매확정"
    click(desk.qtbot, panel, "naverConfirmPayment")
    desk.idle()
    assert confirmer.rows()["구매확정 요청자"] == "구매자"
    assert tab.banner.kind == "success", text_of(tab, "naverBanner")
    confirm_button = find(panel, QWidget, "naverConfirmPayment")
    assert not confirm_button.isEnabled() and "구매확정했습니다" in confirm_button.toolTip()

    click(desk.qtbot, panel, "naverDepositPoint")
    desk.idle()
    assert tab.banner.kind == "success", text_of(tab, "naverBanner")
    point_button = find(panel, QWidget, "naverDepositPoint")
    assert not point_button.isEnabled() and "적립했습니다" in point_button.toolTip()

    posts = [(r["path"], r["body"]) for r in desk.sent(since, "POST")]
    assert posts == [
        ("/payments/imp_demo_naverpay_escrow/naver/confirm", {"requester": "customer"}),
        ("/payments/imp_demo_naverpay_escrow/naver/point", {}),
    ]
    rows = desk.window.audit().query(operation=["naverConfirmPayment", "naverDepositPoint"])
    assert {(r.operation, r.agent_name, r.outcome) for r in rows} == {
        ("naverConfirmPayment", AGENT, "ok"),
        ("naverDepositPoint", AGENT, "ok"),
    }
    assert all(r.reason == confirmer.note for r in rows)
