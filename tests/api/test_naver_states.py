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


FLAGS = list(itertools.product((False, True), repeat=2))  # hidden (_placed, _held)


def sandbox(action: str, state: dict, placed: bool, held: bool) -> tuple[bool, str]:
    changed, reason = naver_rules.apply(action, {**state, "_placed": placed, "_held": held}, {}, now=0)
    return changed is not None, reason


@pytest.mark.parametrize("action", NAVER_ACTION_IDS)
def test_agrees_with_the_sandbox_state_machine(action: str) -> None:
    """Visible state allowed here ⇔ the sandbox accepts it for some hidden 발주/보류 flags."""
    for state in all_states():
        outcomes = [sandbox(action, state, placed, held)[0] for placed, held in FLAGS]
        assert naver_states.RULES[action].accepts(state) == any(outcomes), (action, state)


@pytest.mark.parametrize("action", NAVER_ACTION_IDS)
def test_sandbox_refuses_in_the_desks_words(action: str) -> None:
    """Refused on visible state: the desk's exact reason; else only Naver's hidden-flag reason."""
    rule = naver_states.RULES[action]
    for state in all_states():
        desk = naver_states.why_not(action, state)
        for placed, held in FLAGS:
            accepted, reason = sandbox(action, state, placed, held)
            if desk:
                assert (accepted, reason) == (False, desk), (action, state, placed, held)
            else:
                assert accepted or (reason and reason == rule.server_refusal), (action, state, placed, held)


@pytest.mark.parametrize("action", NAVER_ACTION_IDS)
def test_hidden_flags_matter_only_where_naver_has_a_reason_for_them(action: str) -> None:
    """An action with a ``server_refusal`` is refused for some flags on a state the desk allows
    (so a misspelt flag cannot pass silently); any other action ignores the flags entirely."""
    rule = naver_states.RULES[action]
    refused_by_flags = [
        state
        for state in all_states()
        if rule.accepts(state) and not all(sandbox(action, state, p, h)[0] for p, h in FLAGS)
    ]
    assert bool(refused_by_flags) == bool(rule.server_refusal), action
    if rule.server_refusal:
        assert rule.caveat, f"{action}: the desk should warn about what it cannot see"


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
