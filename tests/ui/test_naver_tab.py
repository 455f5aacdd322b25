"""The Naver Pay tab end to end against the in-memory sandbox (scenarios 8–15)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from support.sandbox import fault, posts
from support.widgets import shown

from portone_desk.api.client import PortOneClient
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET, DEMO_NAVER_CHANNEL_KEY
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile
from portone_desk.ui.context import DeskContext
from portone_desk.ui.naver.tab import NaverTab
from portone_desk.ui.worker import OperationRunner

PAYED = {"product_order_status": "PAYED"}


def make_naverco(url: str, *orders: dict[str, Any], amount: int = 30000) -> dict[str, Any]:
    return SandboxControl(url).add_payment(
        pay_method="naverpay",
        pg_provider="naverco",
        amount=amount,
        status="paid",
        product_orders=list(orders) or [PAYED],
    )


def requests_since(url: str, since: int = 0) -> list[dict[str, Any]]:
    return SandboxControl(url).requests(since=since)


def log_size(url: str) -> int:
    return SandboxControl(url).mark()


def action_requests(url: str, since: int, slug: str) -> list[dict[str, Any]]:
    return posts(url, f"/naver/{slug}", since)


def wait_idle(qtbot: Any, runner: OperationRunner) -> None:
    qtbot.waitUntil(lambda: runner.running == 0, timeout=10_000)


def lookup(qtbot: Any, tab: NaverTab, runner: OperationRunner, imp_uid: str = "", order_id: str = "") -> None:
    tab.imp_input.setText(imp_uid)
    tab.order_input.setText(order_id)
    tab.lookup_button.click()
    wait_idle(qtbot, runner)


def status_of(tab: NaverTab, order_id: str) -> tuple[str | None, str | None, str | None]:
    order = tab.model.order_at(tab.model.row_of(order_id))
    return order["product_order_status"], order.get("claim_type"), order.get("claim_status")


@pytest.fixture
def url(sandbox: SandboxServer) -> str:
    return str(sandbox.url).rstrip("/")


@pytest.fixture
def ctx(runner: OperationRunner, url: str, tmp_path) -> Iterator[DeskContext]:
    context = DeskContext(runner)
    profile = Profile(
        id="test",
        display_name="테스트",
        naver_channel_key=DEMO_NAVER_CHANNEL_KEY,
        base_url=url,
        is_sandbox=True,
    )
    audit = AuditLog(tmp_path / "audit.sqlite3")
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    context.set_service(DeskService(profile, client, audit=audit))
    yield context
    audit.close()


@pytest.fixture
def tab(qtbot, ctx: DeskContext) -> NaverTab:
    return shown(qtbot, NaverTab(ctx), 1400, 900)


def act(qtbot, tab: NaverTab, runner, op_id: str, **values: object) -> None:
    """Click the action button, fill the form, send; wait for the result and the refresh."""
    button = tab.panel.buttons[op_id]
    assert button.isEnabled(), button.toolTip()
    button.click()
    form = tab.panel.form
    assert form is not None
    if form.field_names():
        if values:
            form.set_values(values)
        tab.panel.send_button.click()
    wait_idle(qtbot, runner)


# --- scenarios ------------------------------------------------------------------------------------


def test_scenario_8_place_then_ship(qtbot, tab, runner, url, confirmer) -> None:
    pay = make_naverco(url, PAYED)
    oid = pay["product_order_ids"][0]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    assert tab.model.rowCount() == 1
    tab.select_ids([oid])
    since = log_size(url)
    act(qtbot, tab, runner, "naverPlaceProductOrder")
    assert tab.banner.kind == "success"
    [place] = action_requests(url, since, "place")
    assert place["body"]["product_order_id"] == [oid]
    # The activity log finds it by the shop's order number and by the product order id.
    [row] = tab.ctx.service.audit.query(operation="naverPlaceProductOrder")
    assert (row.merchant_uid, row.imp_uid, list(row.product_order_ids)) == (
        pay["merchant_uid"],
        pay["imp_uid"],
        [oid],
    )

    act(
        qtbot,
        tab,
        runner,
        "naverShipProductOrder",
        delivery_method="DELIVERY",
        delivery_company="CJGLS",
        tracking_number="123456789012",
    )
    assert tab.banner.kind == "success", tab.banner.text()
    [ship] = action_requests(url, since, "ship")
    assert ship["body"]["delivery_company"] == "CJGLS"
    assert ship["body"]["tracking_number"] == "123456789012"
    assert isinstance(ship["body"]["dispatched_at"], int)
    assert status_of(tab, oid)[0] == "DELIVERING"
    # The refresh kept the selection, and a shipped order cannot be shipped again.
    assert tab.selected_ids() == [oid]
    assert not tab.panel.buttons["naverShipProductOrder"].isEnabled()
    assert confirmer.asked and all(c["note_label"] for c in confirmer.asked)


def test_scenario_9_approve_cancel_and_cancel_sold_out(qtbot, tab, runner, url, confirmer) -> None:
    pay = make_naverco(url, {**PAYED, "claim_type": "CANCEL", "claim_status": "CANCEL_REQUEST"}, PAYED)
    requested, other = pay["product_order_ids"]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids([requested])
    assert not tab.panel.buttons["naverShipProductOrder"].isEnabled()
    act(qtbot, tab, runner, "naverApproveCancelProductOrder")
    assert status_of(tab, requested) == ("CANCELED", "CANCEL", "CANCEL_DONE")

    tab.select_ids([other])
    assert not tab.panel.buttons["naverApproveCancelProductOrder"].isEnabled()
    since = log_size(url)
    act(qtbot, tab, runner, "naverCancelProductOrder", reason="SOLD_OUT")
    [cancel] = action_requests(url, since, "cancel")
    assert cancel["body"] == {"product_order_id": [other], "reason": "SOLD_OUT"}
    assert status_of(tab, other)[0] == "CANCELED"
    assert confirmer.asked[-1]["danger"] is True


def test_scenario_10_withhold_resolve_approve_and_reject(qtbot, tab, runner, url, confirmer) -> None:
    ret = {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "RETURN_REQUEST"}
    pay = make_naverco(url, ret, ret)
    first, second = pay["product_order_ids"]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids([first])
    since = log_size(url)
    act(
        qtbot,
        tab,
        runner,
        "naverWithholdReturnProductOrder",
        reason="RETURN_DELIVERYFEE",
        memo="반품 배송비 3,000원을 입금해 주세요",
        extra_charge=3000,
    )
    assert tab.banner.kind == "success", tab.banner.text()
    [hold] = action_requests(url, since, "withhold-return")
    assert hold["body"]["extra_charge"] == 3000 and hold["body"]["reason"] == "RETURN_DELIVERYFEE"
    act(qtbot, tab, runner, "naverResolveReturnProductOrder")
    assert tab.banner.kind == "success", tab.banner.text()
    act(qtbot, tab, runner, "naverApproveReturnProductOrder")
    assert status_of(tab, first) == ("RETURNED", "RETURN", "RETURN_DONE")

    tab.select_ids([second])
    tab.panel.buttons["naverRejectReturnProductOrder"].click()
    form = tab.panel.form
    assert form is not None
    before = log_size(url)
    tab.panel.send_button.click()  # memo left empty: refused at the field, nothing sent
    assert form.error_text("memo")
    assert action_requests(url, before, "reject-return") == []
    form.set_values({"memo": "사용 흔적이 있어 반품할 수 없습니다"})
    tab.panel.send_button.click()
    wait_idle(qtbot, runner)
    [reject] = action_requests(url, before, "reject-return")
    assert reject["body"]["memo"] == "사용 흔적이 있어 반품할 수 없습니다"
    assert status_of(tab, second)[2] == "RETURN_REJECT"


def test_scenario_11_collect_then_ship_exchanged(qtbot, tab, runner, url, confirmer) -> None:
    pay = make_naverco(
        url,
        {"product_order_status": "DELIVERED", "claim_type": "EXCHANGE", "claim_status": "EXCHANGE_REQUEST"},
    )
    oid = pay["product_order_ids"][0]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids([oid])
    ship_again = tab.panel.buttons["naverShipExchangedProductOrder"]
    assert not ship_again.isEnabled() and "수거 완료 처리를 먼저" in ship_again.toolTip()
    act(qtbot, tab, runner, "naverCollectProductOrder")
    assert status_of(tab, oid)[2] == "COLLECT_DONE"
    since = log_size(url)
    act(
        qtbot,
        tab,
        runner,
        "naverShipExchangedProductOrder",
        delivery_method="DELIVERY",
        delivery_company="HANJIN",
        tracking_number="5555-6666-7777",
    )
    [resend] = action_requests(url, since, "ship-exchanged")
    assert resend["body"]["tracking_number"] == "5555-6666-7777"
    assert "dispatched_at" not in resend["body"]
    assert status_of(tab, oid)[2] == "EXCHANGE_REDELIVERING"


def test_scenario_12_ship_two_of_three_with_one_tracking_number(qtbot, tab, runner, url, confirmer) -> None:
    pay = make_naverco(url, PAYED, PAYED, PAYED)
    a, b, c = pay["product_order_ids"]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids([a, b])
    since = log_size(url)
    act(
        qtbot,
        tab,
        runner,
        "naverShipProductOrder",
        delivery_method="DELIVERY",
        delivery_company="CJGLS",
        tracking_number="640123456789",
    )
    [ship] = action_requests(url, since, "ship")
    assert sorted(ship["body"]["product_order_id"]) == sorted([a, b])
    assert status_of(tab, a)[0] == status_of(tab, b)[0] == "DELIVERING"
    assert status_of(tab, c)[0] == "PAYED"
    targets = dict(confirmer.asked[-1]["sections"])["대상 상품주문 2건"]
    assert sorted(row[0] for row in targets) == sorted([a, b])


def test_scenario_13_partial_result_and_reselect_failed(qtbot, tab, runner, url, ctx, confirmer) -> None:
    pay = make_naverco(url, PAYED, PAYED, PAYED, PAYED, PAYED)
    ids = pay["product_order_ids"]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    # Two orders are cancelled behind the table's back (e.g. by the buyer at Naver meanwhile).
    ctx.service.call("naverCancelProductOrder", {"imp_uid": pay["imp_uid"], "product_order_id": ids[1:3]})
    tab.select_ids(ids)
    act(
        qtbot,
        tab,
        runner,
        "naverShipProductOrder",
        delivery_method="DELIVERY",
        delivery_company="EPOST",
        tracking_number="6865012345678",
    )
    assert tab.banner.kind == "warning"
    assert tab.partial.isVisible()
    rows = {oid: (outcome, reason) for oid, outcome, reason in tab.partial.rows()}
    assert {oid for oid, (outcome, _) in rows.items() if outcome == "실패"} == set(ids[1:3])
    assert rows[ids[1]][1] == "이미 취소된 상품주문입니다"
    assert rows[ids[0]] == ("성공", "")
    assert tab.findChild(type(tab.partial.table), "naverPartialResult") is tab.partial.table
    tab.partial.reselect.click()
    assert sorted(tab.selected_ids()) == sorted(ids[1:3])
    assert tab.panel.form is not None  # the form stays open for the retry


def test_all_failed_500_shows_portone_message(qtbot, tab, runner, url, ctx, confirmer) -> None:
    pay = make_naverco(url, PAYED)
    oid = pay["product_order_ids"][0]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    ctx.service.call("naverPlaceProductOrder", {"imp_uid": pay["imp_uid"], "product_order_id": [oid]})
    tab.select_ids([oid])
    act(qtbot, tab, runner, "naverPlaceProductOrder")  # the table cannot know it was placed already
    assert tab.banner.kind == "error"
    assert "이미 발주 확인된 상품주문입니다" in tab.banner.text()
    assert tab.partial.rows() == [(oid, "실패", "이미 발주 확인된 상품주문입니다")]


def test_scenario_14_cash_amount(qtbot, tab, runner, confirmer) -> None:
    lookup(qtbot, tab, runner, "imp_demo_naverpay_escrow")
    assert tab.sections.currentWidget() is tab.payment_panel
    assert not tab.sections.isTabEnabled(0)
    tab.payment_panel.cash_button.click()
    wait_idle(qtbot, runner)
    view = tab.payment_panel.cash_view
    assert view.text_of("amount_total") == "58,000원"
    assert view.text_of("amount_by_npoint") == "8,000원"
    assert view.text_of("amount_by_primary") == "50,000원"
    assert view.text_of("amount_supply") and view.text_of("amount_vat")


def test_scenario_15_confirm_and_point(qtbot, tab, runner, url, confirmer) -> None:
    lookup(qtbot, tab, runner, "imp_demo_naverpay_escrow")
    panel = tab.payment_panel
    panel.confirm_form.set_values({"requester": "customer"})
    since = log_size(url)
    panel.confirm_button.click()
    wait_idle(qtbot, runner)
    assert tab.banner.kind == "success", tab.banner.text()
    panel.point_button.click()
    wait_idle(qtbot, runner)
    assert tab.banner.kind == "success", tab.banner.text()
    posts = [r for r in requests_since(url, since) if r["method"] == "POST"]
    assert [r["path"].rsplit("/", 1)[1] for r in posts] == ["confirm", "point"]
    assert posts[0]["body"]["requester"] == "customer"
    # Looked up again, a second send is possible and PortOne's refusal is shown.
    lookup(qtbot, tab, runner, "imp_demo_naverpay_escrow")
    assert panel.point_button.isEnabled()
    panel.point_button.click()
    wait_idle(qtbot, runner)
    assert tab.banner.kind == "error" and "이미" in tab.banner.text()


def test_confirm_and_point_buttons_stay_off_after_success(qtbot, tab, runner, url, ctx, confirmer) -> None:
    lookup(qtbot, tab, runner, "imp_demo_naverpay_escrow")
    panel = tab.payment_panel
    panel.confirm_form.set_values({"requester": "customer"})
    confirmer.note = "고객 요청"
    panel.confirm_button.click()
    wait_idle(qtbot, runner)
    assert tab.banner.kind == "success", tab.banner.text()
    assert not panel.confirm_button.isEnabled()
    assert "구매확정했습니다" in panel.confirm_button.toolTip()
    assert panel.point_button.isEnabled()
    panel.point_button.click()
    wait_idle(qtbot, runner)
    assert not panel.point_button.isEnabled() and "적립했습니다" in panel.point_button.toolTip()
    # Another call's busy/release must not bring the done buttons back.
    panel.cash_button.click()
    wait_idle(qtbot, runner)
    assert panel.cash_button.isEnabled()
    assert not panel.confirm_button.isEnabled() and not panel.point_button.isEnabled()
    # The agent's note is what the activity log keeps with each action.
    rows = ctx.service.audit.query(operation=["naverConfirmPayment", "naverDepositPoint"])
    assert {(r.operation, r.reason) for r in rows} == {
        ("naverConfirmPayment", "고객 요청"),
        ("naverDepositPoint", "고객 요청"),
    }


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_confirm_with_lost_answer_stays_off(qtbot, tab, runner, url, confirmer) -> None:
    lookup(qtbot, tab, runner, "imp_demo_naverpay_escrow")
    panel = tab.payment_panel
    panel.confirm_form.set_values({"requester": "customer"})
    fault(url, {"path": "/payments/", "method": "POST", "body": "drop", "when": "after"})
    panel.confirm_button.click()
    wait_idle(qtbot, runner)
    assert tab.banner.kind == "warning", tab.banner.text()
    assert not panel.confirm_button.isEnabled()
    assert "알 수 없습니다" in panel.confirm_button.toolTip()


# --- enabling, forms, safety ----------------------------------------------------------------------


def test_state_based_enabling_with_reasons(qtbot, tab, runner, url) -> None:
    pay = make_naverco(url, PAYED, {"product_order_status": "DELIVERING"})
    paid, sent = pay["product_order_ids"]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    buttons = tab.panel.buttons
    assert set(buttons) == {
        "naverPlaceProductOrder",
        "naverShipProductOrder",
        "naverCancelProductOrder",
        "naverApproveCancelProductOrder",
        "naverRequestReturnProductOrder",
        "naverApproveReturnProductOrder",
        "naverRejectReturnProductOrder",
        "naverWithholdReturnProductOrder",
        "naverResolveReturnProductOrder",
        "naverCollectProductOrder",
        "naverShipExchangedProductOrder",
    }
    assert not any(b.isEnabled() for b in buttons.values())  # nothing selected yet
    assert "선택" in buttons["naverShipProductOrder"].toolTip()
    tab.select_ids([paid])
    assert buttons["naverShipProductOrder"].isEnabled()
    assert buttons["naverCancelProductOrder"].isEnabled()
    assert not buttons["naverRequestReturnProductOrder"].isEnabled()
    assert "환불로 처리" in buttons["naverRequestReturnProductOrder"].toolTip()
    tab.select_ids([paid, sent])  # both must accept it
    ship = buttons["naverShipProductOrder"]
    assert not ship.isEnabled()
    assert f"{sent}: 이미 발송된 상품주문입니다" in ship.toolTip()
    # Korean labels with the code in a tooltip.
    row = tab.proxy.mapFromSource(tab.model.index(tab.model.row_of(sent), 5))
    assert row.data() == "배송중"
    assert "DELIVERING" in row.data(Qt.ItemDataRole.ToolTipRole)


def test_single_product_order_lookup_is_read_only(qtbot, tab, runner) -> None:
    lookup(qtbot, tab, runner, order_id="2026200100000001")
    assert tab.model.rowCount() == 1
    tab.select_ids(["2026200100000001"])
    ship = tab.panel.buttons["naverShipProductOrder"]
    assert not ship.isEnabled() and "거래고유번호" in ship.toolTip()
    assert tab.banner.kind == "warning"


def test_ship_fields_required_only_for_delivery(qtbot, tab, runner, url, confirmer) -> None:
    pay = make_naverco(url, PAYED)
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids(pay["product_order_ids"])
    tab.panel.buttons["naverShipProductOrder"].click()
    form = tab.panel.form
    assert form is not None
    courier = form.widget("delivery_company")
    assert courier.count() == 41 and courier.searchable  # 40 codes + "선택 안 함"
    assert courier.findText("CJ대한통운") >= 0
    assert form.widget("dispatched_at").value() > 0  # defaults to now
    before = log_size(url)
    tab.panel.send_button.click()  # DELIVERY without courier and tracking number
    assert form.error_text("delivery_company") and form.error_text("tracking_number")
    assert confirmer.asked == [] and action_requests(url, before, "ship") == []
    form.set_values({"delivery_method": "DELIVERY", "delivery_company": "CJGLS", "tracking_number": "1234"})
    tab.panel.send_button.click()
    assert form.error_text("tracking_number")  # digits checked
    form.set_values({"delivery_method": "DIRECT_DELIVERY", "delivery_company": None, "tracking_number": None})
    assert not form.findChild(type(courier), "delivery_company").isVisibleTo(form)
    tab.panel.send_button.click()
    wait_idle(qtbot, runner)
    [ship] = action_requests(url, before, "ship")
    assert ship["body"]["delivery_method"] == "DIRECT_DELIVERY"
    assert "tracking_number" not in ship["body"]


def test_request_return_needs_courier_only_for_return_delivery(qtbot, tab, runner, url, confirmer) -> None:
    pay = make_naverco(url, {"product_order_status": "DELIVERED"})
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids(pay["product_order_ids"])
    tab.panel.buttons["naverRequestReturnProductOrder"].click()
    form = tab.panel.form
    form.set_values({"delivery_method": "RETURN_DELIVERY", "reason": "BROKEN"})
    before = log_size(url)
    tab.panel.send_button.click()
    assert form.error_text("tracking_number")
    form.set_values({"delivery_method": "RETURN_INDIVIDUAL"})
    tab.panel.send_button.click()
    wait_idle(qtbot, runner)
    [req] = action_requests(url, before, "request-return")
    assert req["body"]["reason"] == "BROKEN"
    # A seller's request starts where Naver starts it (issue 10), not at 수거중.
    assert status_of(tab, pay["product_order_ids"][0])[1:] == ("RETURN", "RETURN_REQUEST")


def test_bogus_reason_is_refused_and_nothing_sent(qtbot, tab, runner, url, confirmer) -> None:
    pay = make_naverco(url, PAYED)
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids(pay["product_order_ids"])
    tab.panel.buttons["naverCancelProductOrder"].click()
    form = tab.panel.form
    form.widget("reason").set_value("OUT_OF_STOCK")  # not a Naver code: the API would use its default
    before = log_size(url)
    tab.panel.send_button.click()
    wait_idle(qtbot, runner)
    assert "OUT_OF_STOCK" in form.error_text("reason")
    assert confirmer.asked == []
    assert action_requests(url, before, "cancel") == []


def test_all_orders_needs_confirmation_and_sends_every_id(qtbot, tab, runner, url, confirmer) -> None:
    pay = make_naverco(url, PAYED, PAYED, PAYED)
    ids = pay["product_order_ids"]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids(ids[:1])
    tab.panel.all_orders.setChecked(True)
    assert sorted(tab.selected_ids()) == sorted(ids)
    confirmer.answer = False  # the agent backs out
    before = log_size(url)
    tab.panel.buttons["naverPlaceProductOrder"].click()
    wait_idle(qtbot, runner)
    assert "3건" in confirmer.asked[-1]["message"] and confirmer.asked[-1]["danger"]
    assert action_requests(url, before, "place") == []

    confirmer.answer, confirmer.note = True, "오전 일괄 발주"
    tab.panel.buttons["naverPlaceProductOrder"].click()
    wait_idle(qtbot, runner)
    [place] = action_requests(url, before, "place")
    assert sorted(place["body"]["product_order_id"]) == sorted(ids)  # explicit, never omitted
    assert tab.panel.all_orders.isChecked()  # still the agent's choice after the refresh
    tab.select_ids(ids[:1])  # picking rows again leaves "all orders"
    assert not tab.panel.all_orders.isChecked()


def test_reviews_table(qtbot, tab, runner) -> None:
    panel = tab.reviews
    panel.form.set_values({"from": panel.form.values()["to"] - 30 * 86400})
    panel.search.click()
    wait_idle(qtbot, runner)
    assert tab.banner.kind == "success", tab.banner.text()
    table = tab.findChild(type(panel.table), "naverReviewsTable")
    assert table.rowCount() == 3
    panel.form.set_values({"review_type": "premium"})
    panel.search.click()
    wait_idle(qtbot, runner)
    assert table.rowCount() == 3
    assert all(table.item(r, 4).text() for r in range(3))


def test_review_period_backwards_is_refused_at_the_field(qtbot, tab, runner) -> None:
    panel = tab.reviews
    log = SandboxControl(tab.ctx.service.client.base_url)
    before = log.mark()
    end = panel.form.values()["to"]
    panel.form.set_values({"from": end + 86400})
    panel.search.click()
    assert "늦을 수 없습니다" in panel.form.error_text("from")
    assert runner.running == 0
    assert log.mark() == before


def test_without_a_profile_nothing_can_be_sent(qtbot, runner) -> None:
    bare = NaverTab(DeskContext(runner))
    qtbot.addWidget(bare)
    assert not any(b.isEnabled() for b in bare.panel.buttons.values())
    bare.imp_input.setText("imp_demo_naver_new")
    bare.lookup_button.click()
    assert bare.banner.kind == "error" and "프로필" in bare.banner.text()
    assert runner.running == 0


def test_reviews_need_the_profiles_naver_channel_key(qtbot, runner, url) -> None:
    context = DeskContext(runner)
    profile = Profile(id="nokey", display_name="키 없음", base_url=url, is_sandbox=True)
    context.set_service(DeskService(profile, PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET)))
    widget = NaverTab(context)
    qtbot.addWidget(widget)
    widget.reviews.search.click()
    assert widget.banner.kind == "error" and "채널 키" in widget.banner.text()
    assert runner.running == 0


def test_reviews_offer_the_shops_naver_channels(qtbot, runner, url) -> None:
    from PySide6.QtWidgets import QComboBox

    context = DeskContext(runner)
    profile = Profile(id="nokey2", display_name="키 없음", base_url=url, is_sandbox=True)
    context.set_service(DeskService(profile, PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET)))
    widget = shown(qtbot, NaverTab(context), 1400, 900)
    assert len(SandboxControl(url).requests(path="/users/pg")) == 0  # only when the panel is on screen
    widget.sections.setCurrentWidget(widget.reviews)
    choice = widget.findChild(QComboBox, "naverChannelChoice")
    qtbot.waitUntil(choice.isVisible, timeout=10_000)
    # Only the Naver channels, none chosen (the profile has no key).
    assert [choice.itemData(i) for i in range(1, choice.count())] == [DEMO_NAVER_CHANNEL_KEY]
    assert "네이버" in choice.itemText(1) and choice.currentData() is None
    choice.setCurrentIndex(1)
    choice.activated.emit(1)
    panel = widget.reviews
    panel.form.set_values({"from": panel.form.values()["to"] - 30 * 86400})
    panel.search.click()
    wait_idle(qtbot, runner)
    assert widget.banner.kind == "success", widget.banner.text()
    [sent] = SandboxControl(url).requests(method="GET", path="/naver/reviews")
    assert sent["query"].get("channel_key") == DEMO_NAVER_CHANNEL_KEY
    assert panel.table.rowCount() == 3


def test_formless_action_goes_straight_to_confirmation(qtbot, tab, runner, confirmer) -> None:
    lookup(qtbot, tab, runner, "imp_demo_naver_new")
    assert tab.model.rowCount() == 1
    tab.select_ids(["2026200100000001"])
    confirmer.answer = False
    tab.panel.buttons["naverPlaceProductOrder"].click()
    assert not tab.panel.form_box.isVisible()
    assert confirmer.asked[-1]["title"] == "네이버페이 발주확인"
    assert ("2026200100000001", "국내산 햇사과 5kg / 가정용 중과 · 결제완료") in confirmer.asked[-1][
        "sections"
    ][0][1]


# --- lookup by the shop's order number (merchant_uid) -----------------------------------------------


def test_order_number_resolves_to_the_payment_and_its_product_orders(qtbot, tab, runner, url) -> None:
    pay = make_naverco(url, PAYED, PAYED)
    since = log_size(url)
    lookup(qtbot, tab, runner, pay["merchant_uid"])
    assert tab.banner.kind == "success", tab.banner.text()
    assert tab.imp_uid == pay["imp_uid"]
    assert tab.model.rowCount() == 2
    paths = [r["path"] for r in requests_since(url, since) if r["method"] == "GET"]
    assert any(f"/payments/findAll/{pay['merchant_uid']}" in p for p in paths), paths
    assert not tab.chooser.isVisible()  # one payment: no choice to make
    assert any(p.endswith(f"/payments/{pay['imp_uid']}/naver/product-orders") for p in paths), paths
    summary = tab.payment_summary.text()
    assert f"주문번호 {pay['merchant_uid']}" in summary and pay["imp_uid"] in summary
    # Resolved to an imp_uid, so actions are possible on the found orders.
    tab.select_ids([pay["product_order_ids"][0]])
    assert tab.panel.buttons["naverPlaceProductOrder"].isEnabled()


def test_order_number_with_two_payments_offers_a_choice(qtbot, tab, runner, url, confirmer) -> None:
    from PySide6.QtWidgets import QComboBox

    first = make_naverco(url, PAYED)
    control = SandboxControl(url)
    second = control.add_payment(
        merchant_uid=first["merchant_uid"],
        pay_method="naverpay",
        pg_provider="naverco",
        amount=12000,
        status="paid",
        product_orders=[PAYED, PAYED],
    )
    tab.show()
    since = log_size(url)
    lookup(qtbot, tab, runner, first["merchant_uid"])
    # Nothing is picked for the agent: no payment, no orders, no action possible.
    assert tab.banner.kind == "warning" and "결제가 2건" in tab.banner.text()
    assert tab.imp_uid == "" and tab.model.rowCount() == 0
    combo = tab.findChild(QComboBox, "paymentChooser")
    assert combo is not None and combo.isVisible() and combo.currentData() is None
    items = [combo.itemText(i) for i in range(1, combo.count())]
    assert len(items) == 2
    assert any(first["imp_uid"] in t and "30,000원" in t and "결제완료" in t for t in items), items
    assert any(second["imp_uid"] in t and "12,000원" in t and "네이버페이" in t for t in items), items
    gets = [r["path"] for r in requests_since(url, since) if r["method"] == "GET"]
    assert gets == [f"/payments/findAll/{first['merchant_uid']}"]  # one call, no orders yet

    since = log_size(url)
    tab.chooser.pick(second["imp_uid"])
    wait_idle(qtbot, runner)
    assert tab.imp_uid == second["imp_uid"] and tab.model.rowCount() == 2
    assert tab.banner.kind == "success", tab.banner.text()
    gets = [r["path"] for r in requests_since(url, since) if r["method"] == "GET"]
    assert gets == [f"/payments/{second['imp_uid']}/naver/product-orders"]
    # An action refreshes the picked payment, and the choice stays on screen.
    tab.select_ids([second["product_order_ids"][0]])
    tab.panel.buttons["naverPlaceProductOrder"].click()
    wait_idle(qtbot, runner)
    assert tab.imp_uid == second["imp_uid"] and combo.isVisible()


def test_order_number_lookup_then_action_refreshes_the_same_payment(
    qtbot, tab, runner, url, confirmer
) -> None:
    pay = make_naverco(url, PAYED)
    oid = pay["product_order_ids"][0]
    lookup(qtbot, tab, runner, pay["merchant_uid"])
    tab.select_ids([oid])
    since = log_size(url)
    tab.panel.buttons["naverPlaceProductOrder"].click()
    qtbot.waitUntil(lambda: runner.running == 0, timeout=10_000)
    assert tab.banner.kind == "success", tab.banner.text()
    [place] = [r for r in requests_since(url, since) if r["method"] == "POST"]
    assert place["path"].endswith(f"/payments/{pay['imp_uid']}/naver/place")
    assert tab.selected_ids() == [oid]


def test_naverpay_found_by_order_number(qtbot, tab, runner) -> None:
    lookup(qtbot, tab, runner, "order-3001")
    assert tab.sections.currentWidget() is tab.payment_panel
    assert tab.payment_panel.imp_uid == "imp_demo_naverpay_escrow"
    assert tab.payment_panel.point_button.isEnabled()


def test_unknown_order_number_shows_not_found(qtbot, tab, runner) -> None:
    lookup(qtbot, tab, runner, "no-such-order-42")
    assert tab.banner.kind == "error"
    assert "주문번호" in tab.banner.text(), tab.banner.text()
    assert tab.model.rowCount() == 0


def test_payment_box_says_it_takes_either(tab) -> None:
    placeholder = tab.imp_input.placeholderText()
    assert "주문번호" in placeholder and "imp_" in placeholder
    assert tab.imp_input.objectName() == "naverImpUid"


def test_a_change_that_has_not_synced_yet_is_explained(qtbot, tab, runner, url, confirmer) -> None:
    """With PortOne's Naver sync lag (training mode), the refreshed list still shows the old state:
    the desk says the change may take a minute to show, rather than invite a second try."""
    from portone_desk.sandbox.control_client import SandboxControl

    sandbox = SandboxControl(url)
    sandbox.settings(naver_sync_lag=60)
    pay = make_naverco(url, PAYED)
    [order_id] = pay["product_order_ids"]
    lookup(qtbot, tab, runner, pay["imp_uid"])
    tab.select_ids([order_id])
    act(qtbot, tab, runner, "naverCancelProductOrder", reason="SOLD_OUT")
    assert "1분 정도 늦게 반영" in tab.banner.text()
    assert status_of(tab, order_id)[0] == "PAYED"  # the lookup after the action: not synced yet
    sandbox.advance(60)
    lookup(qtbot, tab, runner, pay["imp_uid"])
    assert status_of(tab, order_id)[0] == "CANCELED"
