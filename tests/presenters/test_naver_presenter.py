"""The 네이버페이 주문 tab's state without a widget: lookups through the real service against the
sandbox, what an order action may target, and what the banner says."""

from __future__ import annotations

from pathlib import Path

import pytest

from portone_desk.api.client import PortOneClient
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile
from portone_desk.ui.naver.presenter import (
    NEED_IMP_UID,
    NOT_LOOKED_UP,
    NOT_NAVERCO,
    NaverPresenter,
    confirm_message,
    fetch,
    is_imp_uid,
    partial_message,
)
from portone_desk.ui.shared import NO_PROFILE_TEXT


@pytest.fixture
def service(sandbox: SandboxServer, tmp_path: Path) -> DeskService:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, 5))
    profile = Profile.new("테스트 상점", base_url=sandbox.url, agent_name="김상담")
    return DeskService(profile, client, audit=AuditLog(tmp_path / "activity.sqlite3"))


def test_imp_uid_or_order_number() -> None:
    assert is_imp_uid(" imp_demo_naver_new") and is_imp_uid("IMP_1")
    assert not is_imp_uid("order-2001") and not is_imp_uid("")


def test_lookup_by_order_number_resolves_the_payment(service: DeskService) -> None:
    state = NaverPresenter()
    state.start_lookup("order-2011", "")
    assert state.can_refresh
    state.loaded(fetch(service, "order-2011", ""), "")
    assert state.imp_uid == "imp_demo_naver_three" and state.order_number == "order-2011"
    assert [o["product_order_id"] for o in state.orders] == [f"2026201100000{n:03d}" for n in (1, 2, 3)]
    # A refresh after an action goes straight to the imp_uid the order number resolved to.
    assert state.lookup_inputs == ("imp_demo_naver_three", "")
    assert state.lookup_message() == ("상품주문 3건을 조회했습니다.", "success")
    assert "상품주문 3건" in state.summary() and "order-2011" in state.summary()
    assert state.blocked_reason(has_profile=True) == "" and state.may_target_all


def test_a_product_order_alone_may_be_seen_but_not_acted_on(service: DeskService) -> None:
    state = NaverPresenter()
    state.loaded(fetch(service, "", "2026200100000001"), "2026200100000001")
    assert state.imp_uid == "" and state.payment is None and len(state.orders) == 1
    assert state.lookup_message() == (NEED_IMP_UID, "warning")
    assert state.blocked_reason(has_profile=True) == NEED_IMP_UID
    assert not state.may_target_all
    assert state.summary() == "상품주문번호로 조회한 결과입니다 (거래고유번호 모름)."


def test_a_payment_type_payment_goes_to_its_own_page(service: DeskService) -> None:
    state = NaverPresenter()
    state.loaded(fetch(service, "imp_demo_naverpay_plain", ""), "")
    assert state.pg == "naverpay" and state.orders == []
    assert state.lookup_message()[1] == "success" and "결제형" in state.lookup_message()[0]


def test_another_pg_is_said_plainly(service: DeskService) -> None:
    state = NaverPresenter()
    state.loaded(fetch(service, "imp_demo_vbank_paid", ""), "")
    text, kind = state.lookup_message()
    assert kind == "error" and "kcp" in text
    state.orders = [{"product_order_id": "x"}]  # even with rows, a non-naverco payment is not acted on
    assert state.blocked_reason(has_profile=True) == NOT_NAVERCO


def test_why_not_comes_from_the_shared_state_table(service: DeskService) -> None:
    state = NaverPresenter()
    state.loaded(fetch(service, "imp_demo_naver_delivered", ""), "")
    delivered = state.orders
    assert state.why_not("naverShipProductOrder", delivered, has_profile=True)  # delivered: no shipping
    assert state.why_not("naverShipProductOrder", delivered, has_profile=False) == NO_PROFILE_TEXT


def test_nothing_looked_up_and_forget() -> None:
    state = NaverPresenter()
    assert state.blocked_reason(has_profile=True) == NOT_LOOKED_UP and not state.can_refresh
    state.imp_uid, state.orders, state.lookup_inputs = "imp_1", [{"product_order_id": "1"}], ("imp_1", "")
    state.forget()
    assert (state.imp_uid, state.payment, state.orders, state.can_refresh) == ("", None, [], False)


def test_target_and_outcome_wording() -> None:
    state = NaverPresenter(orders=[{"product_order_id": str(n)} for n in range(5)])
    assert state.target_text(2, all_orders=False) == "대상: 선택한 상품주문 2건 (전체 5건)"
    assert state.target_text(5, all_orders=True) == "대상: 이 결제의 모든 상품주문 5건"
    assert state.target_text(0, all_orders=False).startswith("대상: 없음")
    assert "선택하지 않은 상품주문도" in confirm_message("발송처리", 5, all_orders=True)
    assert (
        confirm_message("발송처리", 2, all_orders=False) == "선택한 상품주문 2건에 '발송처리'를 요청합니다."
    )
    assert "3건 중 1건만 처리되었고 2건은 실패" in partial_message("발송처리", 3, 2, "일부 실패")
