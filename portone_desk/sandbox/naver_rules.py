"""The Naver Pay order-type state machine, as one table.

Each action names the states it accepts (``Source`` patterns), what it changes (``set``), and
Korean refusals tried in order before the generic one. An order's *claim* is written
``"TYPE:STATUS"`` while the claim is open and ``""`` when there is none (or it is closed), so
"no open claim" is simply ``claims={""}``. ``placed`` and ``held`` are the sandbox's flags for
발주확인 and 반품보류; the live API keeps them on Naver's side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Doc = dict[str, Any]

DELIVERED_AFTER = 3 * 24 * 3600  # DELIVERING turns DELIVERED three sandbox days after dispatch

# Claim states that are still being processed; any other claim status is closed history.
OPEN_CLAIMS = frozenset(
    {
        "CANCEL:CANCEL_REQUEST",
        "CANCEL:CANCELING",
        "RETURN:RETURN_REQUEST",
        "RETURN:COLLECTING",
        "RETURN:COLLECT_DONE",
        "EXCHANGE:EXCHANGE_REQUEST",
        "EXCHANGE:COLLECTING",
        "EXCHANGE:COLLECT_DONE",
        "EXCHANGE:EXCHANGE_REDELIVERING",
        "PURCHASE_DECISION_HOLDBACK:PURCHASE_DECISION_HOLDBACK",
        "PURCHASE_DECISION_HOLDBACK:PURCHASE_DECISION_HOLDBACK_REDELIVERING",
        "ADMIN_CANCEL:ADMIN_CANCELING",
    }
)
RETURN_OPEN = frozenset({"RETURN:RETURN_REQUEST", "RETURN:COLLECTING", "RETURN:COLLECT_DONE"})
SHIPPED = frozenset({"DELIVERING", "DELIVERED", "PURCHASE_DECIDED", "EXCHANGED"})
FINISHED = frozenset({"CANCELED", "RETURNED", "CANCELED_BY_NOPAYMENT"})


@dataclass(frozen=True)
class Source:
    """A set of order states; ``None`` means any value."""

    statuses: frozenset[str] | None = None
    claims: frozenset[str] | None = None
    placed: bool | None = None
    held: bool | None = None

    def matches(self, state: Doc) -> bool:
        return (
            (self.statuses is None or state["product_order_status"] in self.statuses)
            and (self.claims is None or open_claim(state) in self.claims)
            and (self.placed is None or bool(state.get("_placed")) == self.placed)
            and (self.held is None or bool(state.get("_held")) == self.held)
        )


@dataclass(frozen=True)
class Rule:
    action: str  # catalog operation id
    sources: tuple[Source, ...]
    set: dict[str, Any]
    refusals: tuple[tuple[Source, str], ...] = ()
    refusal: str = "현재 상태에서는 처리할 수 없는 상품주문입니다"
    stamp: str | None = None  # private key that receives the sandbox time of the change
    keep: tuple[str, ...] = field(default=())  # request fields stored on the order (e.g. 송장)


def open_claim(state: Doc) -> str:
    claim = f"{state.get('claim_type') or ''}:{state.get('claim_status') or ''}"
    return claim if claim in OPEN_CLAIMS else ""


_NO_CLAIM = frozenset({""})
_ALREADY_SHIPPED = (Source(statuses=SHIPPED), "이미 발송된 상품주문입니다")
_CANCELED = (Source(statuses=frozenset({"CANCELED", "CANCELED_BY_NOPAYMENT"})), "이미 취소된 상품주문입니다")
_RETURNED = (Source(statuses=frozenset({"RETURNED"})), "이미 반품 완료된 상품주문입니다")
_CANCEL_REQUESTED = (
    Source(claims=frozenset({"CANCEL:CANCEL_REQUEST"})),
    "구매자의 취소 요청이 접수된 상품주문입니다. 취소 승인으로 처리해 주세요",
)
_NO_RETURN = (
    Source(claims=frozenset(OPEN_CLAIMS - RETURN_OPEN) | _NO_CLAIM),
    "반품 요청이 없는 상품주문입니다",
)

RULES: dict[str, Rule] = {
    rule.action: rule
    for rule in (
        Rule(
            "naverPlaceProductOrder",
            (Source(statuses=frozenset({"PAYED"}), claims=_NO_CLAIM, placed=False),),
            {"_placed": True},
            (
                _ALREADY_SHIPPED,
                _CANCELED,
                _RETURNED,
                (Source(placed=True), "이미 발주 확인된 상품주문입니다"),
                (Source(claims=frozenset(OPEN_CLAIMS)), "클레임이 진행 중인 상품주문입니다"),
            ),
            "발주 확인할 수 없는 상태의 상품주문입니다",
            stamp="_placed_at",
        ),
        Rule(
            "naverShipProductOrder",
            (Source(statuses=frozenset({"PAYED"}), claims=_NO_CLAIM),),
            {"product_order_status": "DELIVERING"},
            (_ALREADY_SHIPPED, _CANCELED, _RETURNED, _CANCEL_REQUESTED),
            "발송할 수 없는 상태의 상품주문입니다",
            stamp="_delivering_since",
            keep=("delivery_method", "dispatched_at", "delivery_company", "tracking_number"),
        ),
        Rule(
            "naverCancelProductOrder",
            (Source(statuses=frozenset({"PAYED"}), claims=frozenset({"", "CANCEL:CANCEL_REQUEST"})),),
            {"product_order_status": "CANCELED", "claim_type": "CANCEL", "claim_status": "CANCEL_DONE"},
            (
                _CANCELED,
                _RETURNED,
                (
                    Source(statuses=SHIPPED),
                    "이미 발송된 상품주문은 환불할 수 없습니다. 반품으로 처리해 주세요",
                ),
            ),
            "환불할 수 없는 상태의 상품주문입니다",
            stamp="_canceled_at",
            keep=("reason",),
        ),
        Rule(
            "naverApproveCancelProductOrder",
            (Source(claims=frozenset({"CANCEL:CANCEL_REQUEST"})),),
            {"product_order_status": "CANCELED", "claim_type": "CANCEL", "claim_status": "CANCEL_DONE"},
            (_CANCELED,),
            "구매자의 취소 요청이 없는 상품주문입니다",
            stamp="_canceled_at",
        ),
        Rule(
            "naverRequestReturnProductOrder",
            (Source(statuses=frozenset({"DELIVERING", "DELIVERED"}), claims=_NO_CLAIM),),
            {"claim_type": "RETURN", "claim_status": "COLLECTING", "_held": False},
            (
                _CANCELED,
                _RETURNED,
                (
                    Source(statuses=frozenset({"PURCHASE_DECIDED"})),
                    "구매 확정된 상품주문은 반품 요청할 수 없습니다",
                ),
                (
                    Source(statuses=frozenset({"PAYED"})),
                    "아직 발송되지 않은 상품주문입니다. 환불로 처리해 주세요",
                ),
                (Source(claims=frozenset(OPEN_CLAIMS)), "이미 클레임이 진행 중인 상품주문입니다"),
            ),
            "반품 요청할 수 없는 상태의 상품주문입니다",
            keep=("reason", "delivery_method", "delivery_company", "tracking_number"),
        ),
        Rule(
            "naverApproveReturnProductOrder",
            (Source(claims=RETURN_OPEN, held=False),),
            {"product_order_status": "RETURNED", "claim_status": "RETURN_DONE"},
            (
                _RETURNED,
                _NO_RETURN,
                (Source(held=True), "반품 보류 중인 상품주문입니다. 보류를 먼저 해제해 주세요"),
            ),
            "반품 승인할 수 없는 상태의 상품주문입니다",
            keep=("memo",),
        ),
        Rule(
            "naverRejectReturnProductOrder",
            (Source(claims=RETURN_OPEN),),
            {"product_order_status": "DELIVERED", "claim_status": "RETURN_REJECT", "_held": False},
            (_RETURNED, _NO_RETURN),
            "반품 거절할 수 없는 상태의 상품주문입니다",
            keep=("memo",),
        ),
        Rule(
            "naverWithholdReturnProductOrder",
            (Source(claims=RETURN_OPEN, held=False),),
            {"_held": True},
            (_RETURNED, _NO_RETURN, (Source(held=True), "이미 반품 보류 중인 상품주문입니다")),
            "반품 보류할 수 없는 상태의 상품주문입니다",
            keep=("reason", "memo", "extra_charge"),
        ),
        Rule(
            "naverResolveReturnProductOrder",
            (Source(claims=RETURN_OPEN, held=True),),
            {"_held": False},
            (_RETURNED, _NO_RETURN, (Source(held=False), "반품 보류 중이 아닌 상품주문입니다")),
            "반품 보류를 해제할 수 없는 상태의 상품주문입니다",
        ),
        Rule(
            "naverCollectProductOrder",
            (Source(claims=frozenset({"EXCHANGE:EXCHANGE_REQUEST", "EXCHANGE:COLLECTING"})),),
            {"claim_status": "COLLECT_DONE"},
            (
                (
                    Source(claims=frozenset({"EXCHANGE:COLLECT_DONE", "EXCHANGE:EXCHANGE_REDELIVERING"})),
                    "이미 수거 완료된 교환 상품주문입니다",
                ),
            ),
            "교환 요청이 없는 상품주문입니다",
        ),
        Rule(
            "naverShipExchangedProductOrder",
            (Source(claims=frozenset({"EXCHANGE:COLLECT_DONE"})),),
            {"claim_status": "EXCHANGE_REDELIVERING"},
            (
                (
                    Source(claims=frozenset({"EXCHANGE:EXCHANGE_REQUEST", "EXCHANGE:COLLECTING"})),
                    "교환 상품이 아직 수거 완료되지 않았습니다. 수거 완료 처리를 먼저 해 주세요",
                ),
                (
                    Source(claims=frozenset({"EXCHANGE:EXCHANGE_REDELIVERING"})),
                    "이미 재발송된 교환 상품주문입니다",
                ),
            ),
            "교환 재발송할 수 없는 상태의 상품주문입니다",
            keep=("delivery_method", "delivery_company", "tracking_number"),
        ),
    )
}


def settle(state: Doc, now: int) -> Doc:
    """The order as of ``now``: DELIVERING becomes DELIVERED after three sandbox days."""
    since = state.get("_delivering_since")
    if state["product_order_status"] == "DELIVERING" and since and now - since >= DELIVERED_AFTER:
        state = {**state, "product_order_status": "DELIVERED", "_delivered_at": since + DELIVERED_AFTER}
    return state


def apply(action: str, state: Doc, values: dict[str, Any], now: int) -> tuple[Doc | None, str]:
    """The order after ``action`` and ``""``, or ``None`` and the Korean reason it was refused."""
    rule = RULES[action]
    state = settle(state, now)
    if not any(source.matches(state) for source in rule.sources):
        for source, message in rule.refusals:
            if source.matches(state):
                return None, message
        return None, rule.refusal
    changed = {**state, **rule.set}
    if rule.stamp:
        changed[rule.stamp] = now
    kept = {name: values[name] for name in rule.keep if values.get(name) is not None}
    if kept:
        changed[f"_{action}"] = kept
    return changed, ""
