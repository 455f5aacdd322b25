"""Naver Pay order type (네이버페이 주문형), scenarios 8–13, through the main window in training mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PySide6.QtWidgets import QCheckBox, QTableView, QWidget
from support.confirm import Confirmer
from support.desk import AGENT, Desk
from support.widgets import choose, click, click_rows, find, table_rows, text_of, type_text

from portone_desk.ui import files

NAVER = "네이버페이 주문"
BULK = "일괄 처리"

# Demo data (portone_desk/sandbox/demo.py).
NEW = "2026200100000001"  # order-2001, 결제완료, not yet 발주확인
THREE = ["2026201100000001", "2026201100000002", "2026201100000003"]  # order-2011
CANCEL_REQUEST = "2026200600000001"  # order-2006
RETURN_REQUEST = "2026200700000001"  # order-2007
EXCHANGE_REQUEST = "2026200900000001"  # order-2009


# --- what the agent does in the Naver tab -----------------------------------------------------------


def banner(tab: QWidget) -> str:
    return text_of(tab, "naverBanner")


def orders_table(tab: QWidget) -> QTableView:
    return find(tab, QTableView, "naverOrdersTable")


def look_up(desk: Desk, tab: QWidget, order_number: str) -> None:
    type_text(desk.qtbot, tab, "naverImpUid", order_number)
    click(desk.qtbot, tab, "naverLookupButton")
    desk.idle()
    assert tab.banner.kind == "success", banner(tab)
    assert f"주문번호 {order_number}" in text_of(tab, "naverPaymentSummary")


def shown(tab: QWidget) -> dict[str, dict[str, str]]:
    """Product order id → the row as the table shows it."""
    return {row["상품주문번호"]: row for row in table_rows(orders_table(tab))}


def state(tab: QWidget, product_order_id: str) -> tuple[str, str, str]:
    row = shown(tab)[product_order_id]
    return row["주문상태"], row["클레임"], row["클레임 상태"]


def pick(desk: Desk, tab: QWidget, *ids: str) -> None:
    """Click the rows of these product orders (Ctrl+click for more than one)."""
    order = list(shown(tab))
    click_rows(desk.qtbot, orders_table(tab), [order.index(i) for i in ids])
    assert sorted(tab.selected_ids()) == sorted(ids)
    assert text_of(tab, "naverTargetLabel").startswith(f"대상: 선택한 상품주문 {len(ids)}건")


def act(desk: Desk, tab: QWidget, action: str, **fields: str) -> None:
    """Press an action button; fill its form (labels for drop-downs, text for boxes) and send."""
    panel = find(tab, QWidget, "naverActionPanel")
    click(desk.qtbot, panel, action)
    form = tab.panel.form
    assert form is not None
    if form.field_names():
        for name, value in fields.items():
            if form.widget(name).metaObject().className() == "EnumCombo":
                choose(form, name, value)
            else:
                type_text(desk.qtbot, form, name, value)
        click(desk.qtbot, panel, "submitAction")
    else:
        assert not fields
    desk.idle()


def naver_posts(desk: Desk, since: int, slug: str) -> list[dict[str, Any]]:
    return [r for r in desk.sent(since, "POST") if r["path"].endswith(f"/naver/{slug}")]


# --- 8: morning dispatch from the warehouse sheet -----------------------------------------------------


def test_scenario_08_morning_dispatch_from_a_sheet(
    desk: Desk, confirmer: Confirmer, monkeypatch, tmp_path: Path
):
    # The warehouse's sheet: two new paid orders, one placed yesterday and one already on its way.
    sheet_path = tmp_path / "출고_0305.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["결제번호", "상품주문번호", "택배사", "송장번호"])
    sheet.append(["imp_demo_naver_new", NEW, "CJ대한통운", "611111111111"])
    sheet.append(["imp_demo_naver_three", THREE[0], "CJ대한통운", "622222222222"])
    sheet.append(["imp_demo_naver_three", THREE[1], "CJ대한통운", "622222222222"])
    sheet.append(["imp_demo_naver_three", THREE[2], "CJ대한통운", "633333333333"])  # shipped already
    book.save(sheet_path)
    monkeypatch.setattr(files, "ask_open_path", lambda *a, **k: str(sheet_path))

    tab = desk.open_tab(BULK)
    since = desk.mark()
    click(desk.qtbot, tab, "bulkImport")
    desk.idle()
    assert text_of(tab, "bulkFile").startswith("출고_0305.xlsx (4행")
    # 발주확인 first, from the same sheet.
    tab.kind.setCurrentIndex(tab.kind.findText("네이버페이 발주확인"))
    click(desk.qtbot, tab, "bulkDryRun")
    desk.idle()
    dry = table_rows(find(tab, QTableView, "bulkTable"))
    assert [r["상품주문번호"] for r in dry] == [NEW, *THREE]
    assert "보낼 수 있는 행 3개" in text_of(tab, "bulkBanner")  # the shipped one is set aside
    assert desk.sent(since, "POST") == []  # a dry run sends nothing

    click(desk.qtbot, tab, "bulkRun")
    assert confirmer.rows()["작업"] == "네이버페이 발주확인"
    desk.qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)
    desk.idle()
    placed = naver_posts(desk, since, "place")
    # One call per payment; THREE[1] was placed yesterday and Naver refuses it. The API cannot show
    # "placed" and PortOne's wording is not interpreted (issue 9): the refusal is told as it came.
    assert sorted(sorted(p["body"]["product_order_id"]) for p in placed) == [[NEW], sorted(THREE[:2])]
    result = [(r["상태"], r["메시지"]) for r in table_rows(find(tab, QTableView, "bulkTable"))]
    assert result[:2] == [("완료", ""), ("완료", "")]
    assert result[2][0] == "실패" and "이미 발주 확인된 상품주문입니다" in result[2][1]
    assert result[3] == ("처리 불가", "이미 발송된 상품주문입니다")
    assert text_of(tab, "bulkBanner").startswith("끝났습니다. 완료 2행.")

    # Then 발송처리: one click, same sheet and columns.
    then = find(tab, QWidget, "bulkThen")
    assert then.isVisible() and then.text() == "같은 시트로 네이버페이 발송처리 확인"
    mark = desk.mark()
    click(desk.qtbot, tab, "bulkThen")
    desk.idle()
    assert tab.kind.currentText() == "네이버페이 발송처리"
    rows = table_rows(find(tab, QTableView, "bulkTable"))
    assert [r["송장번호"] for r in rows][:3] == ["611111111111", "622222222222", "622222222222"]
    assert all(r["택배사"] == "CJ대한통운" for r in rows)
    click(desk.qtbot, tab, "bulkRun")
    desk.qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)
    desk.idle()
    shipped = {
        (p["path"].split("/")[2], p["body"]["tracking_number"]): sorted(p["body"]["product_order_id"])
        for p in naver_posts(desk, mark, "ship")
    }
    # One call per payment and waybill; the order already on its way is not shipped again.
    assert shipped == {
        ("imp_demo_naver_new", "611111111111"): [NEW],
        ("imp_demo_naver_three", "622222222222"): sorted(THREE[:2]),
    }
    assert all(p["body"]["delivery_company"] == "CJGLS" for p in naver_posts(desk, mark, "ship"))
    orders = desk.lookup("getProductOrders", {"imp_uid": "imp_demo_naver_three"}, pg="naverco")
    assert [o["product_order_status"] for o in orders] == ["DELIVERING"] * 3

    # The activity log keeps each dispatch under the agent's name.
    rows = [
        r
        for r in desk.window.audit().query(operation="naverShipProductOrder")
        if r.imp_uid == "imp_demo_naver_three"
    ]
    assert [(r.agent_name, r.outcome) for r in rows] == [(AGENT, "ok")]


# --- 9: cancel before shipping ----------------------------------------------------------------------


def test_scenario_09_buyer_asks_to_cancel(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2006")
    assert state(tab, CANCEL_REQUEST) == ("결제완료", "취소", "취소요청")
    pick(desk, tab, CANCEL_REQUEST)
    # Shipping an order the buyer wants cancelled is not offered, and the button says why.
    ship = find(tab, QWidget, "naverShipProductOrder")
    assert not ship.isEnabled() and "지금은 할 수 없습니다" in ship.toolTip()
    since = desk.mark()
    act(desk, tab, "naverApproveCancelProductOrder")
    assert confirmer.asked[-1]["danger"] is True
    assert "취소승인" in banner(tab) and tab.banner.kind == "success"
    assert state(tab, CANCEL_REQUEST) == ("취소", "취소", "취소완료")
    [approve] = naver_posts(desk, since, "approve-cancel")
    assert approve["body"]["product_order_id"] == [CANCEL_REQUEST]

    # Out of stock: the seller cancels a paid order with reason 품절.
    look_up(desk, tab, "order-2001")
    pick(desk, tab, NEW)
    since = desk.mark()
    act(desk, tab, "naverCancelProductOrder", reason="상품 품절")
    assert tab.banner.kind == "success", banner(tab)
    assert state(tab, NEW)[0] == "취소"
    [cancel] = naver_posts(desk, since, "cancel")
    assert cancel["body"] == {"product_order_id": [NEW], "reason": "SOLD_OUT"}


# --- 10: returns ---------------------------------------------------------------------------------------


def test_scenario_10_return_with_a_shipping_fee(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2007")
    assert state(tab, RETURN_REQUEST)[1:] == ("반품", "반품요청")
    pick(desk, tab, RETURN_REQUEST)
    since = desk.mark()
    act(
        desk,
        tab,
        "naverWithholdReturnProductOrder",
        reason="반품 배송비 청구",
        memo="반품 배송비 3,000원을 입금해 주시면 반품을 진행합니다",
    )
    assert tab.banner.kind == "success", banner(tab)
    act(desk, tab, "naverResolveReturnProductOrder")  # paid: release the hold
    assert tab.banner.kind == "success", banner(tab)
    act(desk, tab, "naverApproveReturnProductOrder")
    assert tab.banner.kind == "success", banner(tab)
    assert state(tab, RETURN_REQUEST) == ("반품", "반품", "반품완료")
    calls = [p["path"].rsplit("/", 1)[1] for p in desk.sent(since, "POST")]
    assert calls == ["withhold-return", "resolve-return", "approve-return"]
    hold = naver_posts(desk, since, "withhold-return")[0]["body"]
    assert hold["reason"] == "RETURN_DELIVERYFEE" and "3,000원" in hold["memo"]

    # A damaged item is approved at once; a return that cannot be accepted is rejected with a memo.
    broken = {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "RETURN_REQUEST"}
    made = desk.payment(
        pay_method="naverpay", pg_provider="naverco", amount=40000, status="paid", product_orders=[broken] * 2
    )
    damaged, used = made["product_order_ids"]
    look_up(desk, tab, made["merchant_uid"])
    pick(desk, tab, damaged)
    since = desk.mark()
    act(desk, tab, "naverApproveReturnProductOrder", memo="상품 파손 확인, 반품 승인")
    assert state(tab, damaged)[2] == "반품완료"
    pick(desk, tab, used)
    act(desk, tab, "naverRejectReturnProductOrder")  # the memo is missing: stopped at the field
    assert "거절 사유" in tab.panel.form.error_text("memo"), tab.panel.form.error_text("memo")
    assert naver_posts(desk, since, "reject-return") == []
    type_text(desk.qtbot, tab.panel.form, "memo", "사용 흔적이 있어 반품할 수 없습니다")
    click(desk.qtbot, tab, "submitAction")
    desk.idle()
    assert state(tab, used)[2] == "반품철회"
    [reject] = naver_posts(desk, since, "reject-return")
    assert reject["body"] == {"product_order_id": [used], "memo": "사용 흔적이 있어 반품할 수 없습니다"}
    [approve] = naver_posts(desk, since, "approve-return")
    assert approve["body"]["product_order_id"] == [damaged]


# --- 11: exchange ---------------------------------------------------------------------------------------


def test_scenario_11_exchange(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2009")
    pick(desk, tab, EXCHANGE_REQUEST)
    again = find(tab, QWidget, "naverShipExchangedProductOrder")
    assert not again.isEnabled() and "수거 완료 처리를 먼저" in again.toolTip()
    since = desk.mark()
    act(desk, tab, "naverCollectProductOrder")
    assert state(tab, EXCHANGE_REQUEST)[2] == "수거완료"
    act(
        desk,
        tab,
        "naverShipExchangedProductOrder",
        delivery_method="택배·등기·소포",
        delivery_company="한진택배",
        tracking_number="555566667777",
    )
    assert tab.banner.kind == "success", banner(tab)
    assert state(tab, EXCHANGE_REQUEST)[2] == "교환재배송중"
    [collect] = naver_posts(desk, since, "collect-exchanged")
    [resend] = naver_posts(desk, since, "ship-exchanged")
    assert collect["body"]["product_order_id"] == resend["body"]["product_order_id"] == [EXCHANGE_REQUEST]
    assert (resend["body"]["delivery_company"], resend["body"]["tracking_number"]) == (
        "HANJIN",
        "555566667777",
    )


# --- 12: one box, several items ---------------------------------------------------------------------------


def test_scenario_12_one_box_two_of_three(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2011")
    assert list(shown(tab)) == THREE
    all_orders = find(tab, QCheckBox, "actOnAllOrders")
    assert not all_orders.isChecked()  # "all" is never the default
    # Acting on all three is not even possible here: the third is already on its way.
    all_orders.setChecked(True)
    ship = find(tab, QWidget, "naverShipProductOrder")
    assert not ship.isEnabled() and THREE[2] in ship.toolTip()
    all_orders.setChecked(False)

    pick(desk, tab, THREE[0], THREE[1])
    since = desk.mark()
    act(
        desk,
        tab,
        "naverShipProductOrder",
        delivery_method="택배·등기·소포",
        delivery_company="CJ대한통운",
        tracking_number="640123456789",
    )
    asked = confirmer.asked[-1]
    assert asked["message"] == "선택한 상품주문 2건에 '발송처리'를 요청합니다."
    assert [oid for oid, _ in dict(asked["sections"])["대상 상품주문 2건"]] == THREE[:2]
    assert "2건을 모두 처리했습니다" in banner(tab)
    [post] = naver_posts(desk, since, "ship")
    assert post["body"]["product_order_id"] == THREE[:2]  # exactly the two, never omitted
    assert post["body"]["tracking_number"] == "640123456789"
    assert [state(tab, oid)[0] for oid in THREE] == ["배송중", "배송중", "배송중"]
    assert tab.selected_ids() == THREE[:2]  # the selection survived the refresh


# --- 13: partial failure ------------------------------------------------------------------------------------


def test_scenario_13_partial_failure_retry_only_the_failed(desk: Desk, confirmer: Confirmer) -> None:
    tab = desk.open_tab(NAVER)
    payed = {"product_order_status": "PAYED"}
    made = desk.payment(
        pay_method="naverpay", pg_provider="naverco", amount=50000, status="paid", product_orders=[payed] * 5
    )
    ids = sorted(made["product_order_ids"])  # as the table lists them
    look_up(desk, tab, made["merchant_uid"])
    # Meanwhile, at Naver, two of them are cancelled (the screen does not know yet).
    desk.behind_the_desk(
        "naverCancelProductOrder", {"imp_uid": made["imp_uid"], "product_order_id": ids[1:3]}, pg="naverco"
    )
    pick(desk, tab, *ids)
    since = desk.mark()
    act(
        desk,
        tab,
        "naverShipProductOrder",
        delivery_method="택배·등기·소포",
        delivery_company="우체국택배",
        tracking_number="6865012345678",
    )
    # Exactly which two failed, and why, in Korean; the three others are done.
    assert tab.banner.kind == "warning"
    assert "5건 중 3건만 처리되었고 2건은 실패했습니다" in banner(tab)
    partial = find(tab, QWidget, "naverPartialBox")
    assert partial.isVisible()
    assert "5건 중 3건 성공, 2건 실패" in text_of(tab, "naverPartialSummary")
    outcome = {oid: (result, why) for oid, result, why in tab.partial.rows()}
    assert {oid for oid, (result, _) in outcome.items() if result == "실패"} == set(ids[1:3])
    assert outcome[ids[1]][1] == outcome[ids[2]][1] == "이미 취소된 상품주문입니다"
    assert all(outcome[oid] == ("성공", "") for oid in (ids[0], ids[3], ids[4]))
    [first] = naver_posts(desk, since, "ship")
    assert sorted(first["body"]["product_order_id"]) == sorted(ids)

    # Retry only those two: reselected in one click; the table (refreshed) says why they cannot go.
    click(desk.qtbot, tab, "reselectFailedButton")
    assert sorted(tab.selected_ids()) == sorted(ids[1:3])
    assert "실패한 상품주문 2건만 다시 선택했습니다" in banner(tab)
    ship = find(tab, QWidget, "naverShipProductOrder")
    assert not ship.isEnabled() and "취소" in ship.toolTip()
    assert [state(tab, oid)[0] for oid in ids] == ["배송중", "취소", "취소", "배송중", "배송중"]
    assert len(naver_posts(desk, since, "ship")) == 1  # nothing sent twice

    # A failure that can be cleared: of three returns, two are on hold (보류) at Naver.
    ret = {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "COLLECT_DONE"}
    made = desk.payment(
        pay_method="naverpay",
        pg_provider="naverco",
        amount=30000,
        status="paid",
        product_orders=[ret, {**ret, "held": True}, {**ret, "held": True}],
    )
    rids = made["product_order_ids"]
    held = sorted(rids[1:])
    look_up(desk, tab, made["merchant_uid"])
    pick(desk, tab, *rids)
    since = desk.mark()
    act(desk, tab, "naverApproveReturnProductOrder")
    assert tab.banner.kind == "warning", banner(tab)
    assert {oid for oid, result, _ in tab.partial.rows() if result == "실패"} == set(held)
    click(desk.qtbot, tab, "reselectFailedButton")
    assert sorted(tab.selected_ids()) == held
    act(desk, tab, "naverResolveReturnProductOrder")
    act(desk, tab, "naverApproveReturnProductOrder")
    assert tab.banner.kind == "success", banner(tab)
    approvals = [sorted(p["body"]["product_order_id"]) for p in naver_posts(desk, since, "approve-return")]
    assert approvals == [sorted(rids), held]  # the retry named exactly the two that failed
    assert [state(tab, oid)[2] for oid in rids] == ["반품완료"] * 3
