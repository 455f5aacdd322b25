"""The shared Naver order-state rules: enabling, reasons, and agreement with the sandbox."""

from __future__ import annotations

import itertools

import pytest

from portone_desk.api import naver_states
from portone_desk.api.catalog import CLAIM_STATUSES_BY_TYPE, NAVER_ACTION_IDS, PRODUCT_ORDER_STATUSES
from portone_desk.sandbox import naver_rules


def order(
    status: str, claim_type: str | None = None, claim_status: str | None = None, oid: str = "1"
) -> dict:
    return {
        "product_order_id": oid,
        "product_order_status": status,
        "claim_type": claim_type,
        "claim_status": claim_status,
    }


def all_states() -> list[dict]:
    claims = [(None, None)] + [(t, s) for t, ss in CLAIM_STATUSES_BY_TYPE.items() for s in ss]
    return [order(o.code, t, s) for o in PRODUCT_ORDER_STATUSES for t, s in claims]


def test_every_order_action_has_a_rule() -> None:
    assert set(naver_states.RULES) == set(NAVER_ACTION_IDS)


@pytest.mark.parametrize("action", NAVER_ACTION_IDS)
def test_agrees_with_the_sandbox_state_machine(action: str) -> None:
    """Visible state allowed here ⇔ the sandbox accepts it for some hidden 발주/보류 flags."""
    for state in all_states():
        outcomes = []
        for placed, held in itertools.product((False, True), repeat=2):
            doc = {**state, "_placed": placed, "_held": held}
            changed, _ = naver_rules.apply(action, doc, {}, now=0)
            outcomes.append(changed is not None)
        assert naver_states.RULES[action].accepts(state) == any(outcomes), (action, state)


def test_open_claim_ignores_closed_claims() -> None:
    assert naver_states.open_claim(order("PAYED", "CANCEL", "CANCEL_REQUEST")) == "CANCEL:CANCEL_REQUEST"
    assert naver_states.open_claim(order("PAYED", "CANCEL", "CANCEL_REJECT")) == ""
    assert naver_states.open_claim(order("PAYED")) == ""


def test_reasons_are_specific_korean() -> None:
    assert naver_states.why_not("naverShipProductOrder", order("PAYED")) == ""
    assert naver_states.why_not("naverShipProductOrder", order("DELIVERING")) == "이미 발송된 상품주문입니다"
    assert "취소 승인" in naver_states.why_not(
        "naverShipProductOrder", order("PAYED", "CANCEL", "CANCEL_REQUEST")
    )
    assert "반품으로" in naver_states.why_not("naverCancelProductOrder", order("DELIVERED"))
    assert "수거 완료 처리를 먼저" in naver_states.why_not(
        "naverShipExchangedProductOrder", order("DELIVERED", "EXCHANGE", "EXCHANGE_REQUEST")
    )
    assert (
        naver_states.why_not("naverApproveReturnProductOrder", order("DELIVERED"))
        == "반품 요청이 없는 상품주문입니다"
    )


def test_all_selected_must_accept() -> None:
    one_paid, one_sent = order("PAYED", oid="A"), order("DELIVERING", oid="B")
    assert naver_states.why_not_all("naverShipProductOrder", [one_paid]) == ""
    reason = naver_states.why_not_all("naverShipProductOrder", [one_paid, one_sent])
    assert "B: 이미 발송된 상품주문입니다" in reason and "A" not in reason.split("\n", 1)[1]
    assert naver_states.why_not_all("naverShipProductOrder", []) == naver_states.NOTHING_SELECTED


def test_available_lists_every_action() -> None:
    table = naver_states.available([order("DELIVERED", "RETURN", "RETURN_REQUEST")])
    allowed = {action for action, reason in table.items() if not reason}
    assert allowed == {
        "naverApproveReturnProductOrder",
        "naverRejectReturnProductOrder",
        "naverWithholdReturnProductOrder",
        "naverResolveReturnProductOrder",
    }
