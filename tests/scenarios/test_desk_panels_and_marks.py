"""Issue 11 §7: panels follow the data (a new lookup clears or refills every payment/order panel,
which says whose data it is); 발주확인 and 반품보류 done here show until PortOne's data says
otherwise, and the actions follow them."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget
from support.confirm import Confirmer
from support.desk import Desk
from support.widgets import click, find, text_of, type_text
from test_scenarios_naver_orders import NAVER, NEW, RETURN_REQUEST, THREE, act, look_up, pick, shown

from portone_desk.ui.naver.tab import NaverTab


def detail_text(tab: NaverTab) -> str:
    return tab.detail.view.text_of("product_order_id")


def detail_labels(tab: NaverTab) -> list[str]:
    return [label.text() for label in tab.detail.findChildren(QLabel)]


def test_a_new_lookup_clears_every_panel_of_the_last_customer(desk: Desk):
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2001")
    pick(desk, tab, NEW)
    assert detail_text(tab) == NEW and "order-2001" in tab.detail.title()

    look_up(desk, tab, "order-2011")
    assert sorted(shown(tab)) == sorted(THREE)
    assert tab.selected_ids() == [] and detail_text(tab) == ""
    assert "order-2011" in tab.detail.title() and "order-2001" not in tab.detail.title()
    assert text_of(tab, "naverTargetLabel").startswith("대상: 없음")

    # A lookup that finds nothing leaves nothing of the last one behind either.
    type_text(desk.qtbot, tab, "naverImpUid", "order-NO-SUCH")
    click(desk.qtbot, tab, "naverLookupButton")
    desk.idle()
    assert tab.model.rowCount() == 0 and tab.payment is None and tab.imp_uid == ""
    assert "order-2011" not in tab.detail.title() and "order-2011" not in text_of(tab, "naverPaymentSummary")


def test_hold_and_place_done_here_show_until_portone_says_otherwise(desk: Desk, confirmer: Confirmer):
    tab = desk.open_tab(NAVER)
    panel = find(tab, QWidget, "naverActionPanel")
    look_up(desk, tab, "order-2007")
    pick(desk, tab, RETURN_REQUEST)
    assert panel.buttons["naverWithholdReturnProductOrder"].isEnabled()
    act(
        desk,
        tab,
        "naverWithholdReturnProductOrder",
        reason="반품 배송비 청구",
        memo="반품 배송비 3,000원 입금 부탁드립니다",
    )
    assert tab.banner.kind == "success", tab.banner.text()
    claim = shown(tab)[RETURN_REQUEST]["클레임 상태"]
    assert claim.startswith("반품요청 · 보류 중 · 이 데스크에서 "), claim
    assert tab.selected_ids() == [RETURN_REQUEST]
    labels = detail_labels(tab)
    assert "이 데스크에서 한 처리" in labels
    assert any(text.startswith("보류 중 · 이 데스크에서") for text in labels)
    assert not panel.buttons["naverWithholdReturnProductOrder"].isEnabled()
    assert not panel.buttons["naverApproveReturnProductOrder"].isEnabled()
    assert "보류를 먼저 해제" in panel.buttons["naverApproveReturnProductOrder"].toolTip()
    assert panel.buttons["naverResolveReturnProductOrder"].isEnabled()

    act(desk, tab, "naverResolveReturnProductOrder")
    assert "보류 해제 · 이 데스크에서" in shown(tab)[RETURN_REQUEST]["클레임 상태"]
    assert not panel.buttons["naverResolveReturnProductOrder"].isEnabled()
    assert panel.buttons["naverApproveReturnProductOrder"].isEnabled()

    # 발주확인: shown while the order is still 결제완료; gone once it ships (PortOne's data moved on).
    look_up(desk, tab, "order-2001")
    pick(desk, tab, NEW)
    act(desk, tab, "naverPlaceProductOrder")
    assert shown(tab)[NEW]["주문상태"].startswith("결제완료 · 발주확인 · 이 데스크에서 ")
    assert not panel.buttons["naverPlaceProductOrder"].isEnabled()
    assert panel.buttons["naverShipProductOrder"].isEnabled()
    act(desk, tab, "naverShipProductOrder", delivery_company="CJ대한통운", tracking_number="611111111111")
    assert "이 데스크에서" not in shown(tab)[NEW]["주문상태"]


def test_the_buyer_phone_shows_in_full_only_after_a_logged_reveal(desk: Desk):
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2001")
    pick(desk, tab, NEW)
    masked = tab.detail.view.text_of("orderer.tel")
    assert "*" in masked
    click(desk.qtbot, tab, "revealBuyerPhone")
    desk.qtbot.waitUntil(lambda: "*" not in tab.detail.view.text_of("orderer.tel"), timeout=5_000)
    full = tab.detail.view.text_of("orderer.tel")
    assert len(full.replace("-", "")) >= 10
    [row] = desk.window.ctx.service.audit.query(operation="revealBuyerPhone")
    assert row.agent_name == "김상담" and row.product_order_ids == (NEW,) and row.merchant_uid == "order-2001"
    assert full not in str(row.details) and full.replace("-", "") not in str(row.details)
    assert not tab.detail.reveal_button.isVisible()
