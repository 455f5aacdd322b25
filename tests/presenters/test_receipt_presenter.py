"""The 현금영수증 tab's state without a widget: what a lookup, an issue, a cancel and a reissue leave
behind, and which actions that allows."""

from __future__ import annotations

from typing import Any

import pytest

from portone_desk.ui.receipts.presenter import ReceiptPresenter
from portone_desk.ui.shared import NO_PROFILE_TEXT


def _payment(**changes: Any) -> dict[str, Any]:
    payment = {
        "imp_uid": "imp_1",
        "merchant_uid": "order-1",
        "pay_method": "vbank",
        "pg_provider": "kcp",
        "status": "paid",
        "amount": 30000,
        "cancel_amount": 0,
    }
    return {**payment, **changes}


RECEIPT = {"apply_num": "123456789", "applied_at": 1_700_000_000, "cancelled_at": 0}


@pytest.fixture
def state() -> ReceiptPresenter:
    return ReceiptPresenter()


def test_before_a_search_only_search_is_possible_and_nothing_is_explained(state: ReceiptPresenter) -> None:
    shown = state.actions(busy=False, has_profile=True)
    assert shown.search and not (shown.issue or shown.revoke or shown.reissue or shown.retry or shown.form)
    assert shown.issue_hint == "" and shown.revoke_hint == ""
    assert "조회" in shown.issue_tip  # the disabled button still says why


def test_without_a_profile_the_hint_says_so(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment()})
    shown = state.actions(busy=False, has_profile=False)
    assert not (shown.search or shown.issue)
    assert shown.issue_hint == NO_PROFILE_TEXT


def test_a_paid_cash_payment_without_receipt_may_be_issued(state: ReceiptPresenter) -> None:
    assert state.show_lookup({"payment": _payment(), "receipt": None})
    shown = state.actions(busy=False, has_profile=True)
    assert shown.issue and shown.form and not shown.revoke and not shown.reissue_visible
    assert shown.issue_hint == ""
    assert state.key() == {"imp_uid": "imp_1"} and state.order_number == "order-1" and state.pg == "kcp"
    assert not state.actions(busy=True, has_profile=True).issue  # nothing twice while a call runs


def test_a_card_payment_says_why_not(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment(pay_method="card")})
    shown = state.actions(busy=False, has_profile=True)
    assert not shown.issue and "가상계좌·계좌이체" in shown.issue_hint


def test_an_issued_receipt_offers_cancel_and_reissue_not_issue(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment(), "receipt": dict(RECEIPT)})
    shown = state.actions(busy=False, has_profile=True)
    assert not shown.issue and "재발급" in shown.issue_hint
    assert shown.revoke and shown.reissue and shown.reissue_visible
    assert shown.revoke_hint == "" and shown.reissue_tip is None


def test_an_unknown_receipt_that_blocks_stops_issuing_until_looked_up_again(state: ReceiptPresenter) -> None:
    state.show_lookup(
        {"payment": _payment(), "receipt_unknown": "확인하지 못했습니다", "unknown_blocks": True}
    )
    assert state.issue_reason() == "확인하지 못했습니다"
    assert not state.actions(busy=False, has_profile=True).issue
    # A later lookup that tells the truth lifts the block.
    state.receipt_checked(None)
    assert state.issue_reason() == "" and state.actions(busy=False, has_profile=True).issue


def test_an_unknown_receipt_from_a_pg_that_cannot_be_asked_uses_the_payment_flag(
    state: ReceiptPresenter,
) -> None:
    state.show_lookup({"payment": _payment(cash_receipt_issued=True), "receipt_unknown": "조회 미지원"})
    assert "이미 현금영수증이 발급" in state.issue_reason()
    state.show_lookup({"payment": _payment(cash_receipt_issued=False), "receipt_unknown": "조회 미지원"})
    assert state.issue_reason() == ""


def test_issue_then_cancel_marks_the_payment(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment()})
    state.issued(dict(RECEIPT), reissue=False)
    assert state.payment is not None and state.payment["cash_receipt_issued"] is True
    assert state.receipt == RECEIPT
    state.revoked({**RECEIPT, "cancelled_at": 1_700_000_100})
    assert state.payment["cash_receipt_issued"] is False
    assert state.actions(busy=False, has_profile=True).issue  # cancelled: may issue again
    assert "이미 발급 취소된" in state.revoke_reason()


def test_a_lost_issue_answer_that_cannot_be_settled_blocks_issuing(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment()})
    state.issue_unverifiable("발급 여부를 확인하지 못했습니다.")
    assert not state.actions(busy=False, has_profile=True).issue
    assert state.actions(busy=False, has_profile=True).issue_hint == "발급 여부를 확인하지 못했습니다."


def test_a_reissue_whose_second_step_failed_keeps_its_details_for_the_retry(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment(), "receipt": dict(RECEIPT)})
    state.revoked({**RECEIPT, "cancelled_at": 1_700_000_100})
    values = {"imp_uid": "imp_1", "identifier": "01012345678", "type": "personal"}
    state.issue_not_done(values, reissue=True)
    assert state.pending_issue == values and state.actions(busy=False, has_profile=True).retry
    state.issued(dict(RECEIPT, apply_num="987654321"), reissue=True)
    assert state.pending_issue is None and not state.actions(busy=False, has_profile=True).retry


def test_a_plain_issue_failure_keeps_nothing_for_retry(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment()})
    state.issue_not_done({"imp_uid": "imp_1"}, reissue=False)
    assert state.pending_issue is None


def test_another_payment_forgets_a_pending_retry_the_same_one_keeps_it(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment()})
    state.issue_not_done({"imp_uid": "imp_1"}, reissue=True)
    assert not state.show_lookup({"payment": _payment(amount=30000)})  # looked up again: same payment
    assert state.pending_issue is not None
    assert state.show_lookup({"payment": _payment(imp_uid="imp_2")})
    assert state.pending_issue is None


def test_forget_clears_everything(state: ReceiptPresenter) -> None:
    state.show_lookup({"payment": _payment(), "receipt": dict(RECEIPT), "receipt_unknown": "x"})
    state.forget()
    assert (state.payment, state.receipt, state.receipt_unknown, state.unknown_blocks) == (
        None,
        None,
        "",
        False,
    )
    assert state.remaining_amount == 0 and state.imp_uid == ""
