"""An order number with several payments, without a widget: one call through the real service
against the sandbox answers them all, and the lookup offers a choice instead of the first one."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.sandbox import control_of

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import ApiError
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile
from portone_desk.ui.naver.presenter import NaverPresenter, fetch, orders_for
from portone_desk.ui.order_payments import OrderChoices, choice_label, one_or_choices, payments_of_order


@pytest.fixture
def service(sandbox: SandboxServer, tmp_path: Path) -> DeskService:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, 5))
    profile = Profile.new("테스트 상점", base_url=sandbox.url, agent_name="김상담")
    return DeskService(profile, client, audit=AuditLog(tmp_path / "activity.sqlite3"))


def order_lookups(sandbox: SandboxServer) -> list[str]:
    return [r["path"] for r in control_of(sandbox.url).requests(method="GET", path="/payments/findAll/")]


def test_failed_try_then_paid_is_a_choice_listing_both(service: DeskService, sandbox: SandboxServer) -> None:
    found = fetch(service, "order-1015", "")  # demo: a failed card try, then the paid one
    assert isinstance(found, OrderChoices)
    assert [p["imp_uid"] for p in found.payments] == ["imp_demo_retry_paid", "imp_demo_retry_failed"]
    assert "결제가 2건" in found.message() and "order-1015" in found.message()
    paid, failed = (choice_label(p) for p in found.payments)
    assert paid.startswith("imp_demo_retry_paid · 결제완료 · ") and paid.endswith("KCP")
    assert "원" in paid and "-" in paid  # amount and paid time
    assert failed.startswith("imp_demo_retry_failed · 결제실패 · ")
    assert order_lookups(sandbox) == ["/payments/findAll/order-1015"]  # one call

    state = NaverPresenter()
    state.loaded(orders_for(service, found.payments[0]), "")
    assert state.imp_uid == "imp_demo_retry_paid" and state.orders == []
    assert state.lookup_message()[1] == "error"  # a card payment: said, as before


def test_one_payment_is_taken_as_before(service: DeskService) -> None:
    found = fetch(service, "order-2011", "")
    assert not isinstance(found, OrderChoices)
    imp_uid, payment, orders = found
    assert imp_uid == "imp_demo_naver_three" and payment is not None and len(orders) == 3


def test_unknown_order_number_is_the_apis_404(service: DeskService) -> None:
    with pytest.raises(ApiError) as caught:
        payments_of_order(service, "order-no-such")
    assert caught.value.http_status == 404


def test_two_paid_payments_made_through_the_control_api(service: DeskService, sandbox: SandboxServer) -> None:
    control = control_of(sandbox.url)
    spec = {"merchant_uid": "WEB-77", "pay_method": "vbank", "pg_provider": "kcp", "status": "paid"}
    a = control.add_payment(amount=10000, started_at=control.now() - 7200, **spec)
    b = control.add_payment(amount=20000, **spec)
    assert a["merchant_uid"] == b["merchant_uid"] == "WEB-77" and a["imp_uid"] != b["imp_uid"]
    payments = payments_of_order(service, "WEB-77")
    assert [p["imp_uid"] for p in payments] == [b["imp_uid"], a["imp_uid"]]  # newest first
    choices = one_or_choices("WEB-77", payments)
    assert isinstance(choices, OrderChoices) and len(choices.payments) == 2
    assert one_or_choices("WEB-77", payments[:1]) is payments[0]
