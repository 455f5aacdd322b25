"""The sandbox's Naver Pay order-type state machine, built on the desk's shared rules table.

Which visible states (``product_order_status``, ``claim_type``, ``claim_status``) each action
accepts, and the Korean refusals, live once in :mod:`portone_desk.api.naver_states`. This module
adds only what a server has and the API does not show: the hidden ``_placed`` (발주확인) and
``_held`` (반품보류) flags an action needs, what the action changes, which request fields are
kept on the order, and the DELIVERING → DELIVERED clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portone_desk.api import naver_states
from portone_desk.api.naver_states import FINISHED, OPEN_CLAIMS, RETURN_OPEN, SHIPPED, open_claim

__all__ = [
    "DELIVERED_AFTER",
    "FINISHED",
    "OPEN_CLAIMS",
    "RETURN_OPEN",
    "RULES",
    "SHIPPED",
    "Effect",
    "Rule",
    "apply",
    "open_claim",
    "settle",
]

Doc = dict[str, Any]

DELIVERED_AFTER = 3 * 24 * 3600  # DELIVERING turns DELIVERED three sandbox days after dispatch
# A return the seller requests goes RETURN_REQUEST → COLLECTING (the courier is booked) →
# COLLECT_DONE (back at the seller), on the sandbox clock; approve/reject/withhold take any of them.
COLLECTING_AFTER = 24 * 3600
COLLECT_DONE_AFTER = 3 * 24 * 3600


@dataclass(frozen=True)
class Effect:
    """The sandbox-only half of an action: hidden precondition and state change."""

    set: dict[str, Any]
    # Hidden flag and the value it must have, e.g. ("_placed", False); refused with the shared
    # rule's ``server_refusal`` otherwise.
    needs: tuple[str, bool] | None = None
    stamp: str | None = None  # private key that receives the sandbox time of the change
    keep: tuple[str, ...] = ()  # request fields stored on the order (e.g. 송장)


@dataclass(frozen=True)
class Rule:
    """One action: the shared visible rule plus the sandbox's effect."""

    visible: naver_states.ActionRule
    effect: Effect

    @property
    def action(self) -> str:
        return self.visible.action

    def why_not(self, state: Doc) -> str:
        """``""`` when the (settled) order takes the action, else the Korean refusal."""
        # Visible state first, so the sandbox refuses with exactly the desk's reason.
        reason = self.visible.why_not(state)
        if reason or self.effect.needs is None:
            return reason
        flag, wanted = self.effect.needs
        return "" if bool(state.get(flag)) == wanted else self.visible.server_refusal


_CANCEL_DONE = {"product_order_status": "CANCELED", "claim_type": "CANCEL", "claim_status": "CANCEL_DONE"}

EFFECTS: dict[str, Effect] = {
    "naverPlaceProductOrder": Effect({"_placed": True}, needs=("_placed", False), stamp="_placed_at"),
    "naverShipProductOrder": Effect(
        {"product_order_status": "DELIVERING"},
        stamp="_delivering_since",
        keep=("delivery_method", "dispatched_at", "delivery_company", "tracking_number"),
    ),
    "naverCancelProductOrder": Effect(_CANCEL_DONE, stamp="_canceled_at", keep=("reason",)),
    "naverApproveCancelProductOrder": Effect(_CANCEL_DONE, stamp="_canceled_at"),
    "naverRequestReturnProductOrder": Effect(
        {"claim_type": "RETURN", "claim_status": "RETURN_REQUEST", "_held": False, "_seller_return": True},
        stamp="_return_requested_at",
        keep=("reason", "delivery_method", "delivery_company", "tracking_number"),
    ),
    "naverApproveReturnProductOrder": Effect(
        {"product_order_status": "RETURNED", "claim_status": "RETURN_DONE"},
        needs=("_held", False),
        keep=("memo",),
    ),
    "naverRejectReturnProductOrder": Effect(
        {"product_order_status": "DELIVERED", "claim_status": "RETURN_REJECT", "_held": False},
        keep=("memo",),
    ),
    "naverWithholdReturnProductOrder": Effect(
        {"_held": True}, needs=("_held", False), keep=("reason", "memo", "extra_charge")
    ),
    "naverResolveReturnProductOrder": Effect({"_held": False}, needs=("_held", True)),
    "naverCollectProductOrder": Effect({"claim_status": "COLLECT_DONE"}),
    "naverShipExchangedProductOrder": Effect(
        {"claim_status": "EXCHANGE_REDELIVERING"},
        keep=("delivery_method", "delivery_company", "tracking_number"),
    ),
}

# Every shared rule needs an effect here and vice versa; a hidden flag needs Naver's wording for
# its refusal in the shared table. Checked at import so a half-added action cannot ship.
if set(EFFECTS) != set(naver_states.RULES):
    _odd = set(EFFECTS) ^ set(naver_states.RULES)
    raise RuntimeError(f"sandbox effects and shared Naver rules differ: {_odd}")
for _action, _effect in EFFECTS.items():
    if bool(_effect.needs) != bool(naver_states.RULES[_action].server_refusal):
        raise RuntimeError(f"{_action}: hidden flag and server_refusal must come together")

RULES: dict[str, Rule] = {
    action: Rule(naver_states.RULES[action], effect) for action, effect in EFFECTS.items()
}


def settle(state: Doc, now: int) -> Doc:
    """The order as of ``now``: DELIVERING becomes DELIVERED after three sandbox days; a return the
    seller requested moves on to COLLECTING and COLLECT_DONE."""
    since = state.get("_delivering_since")
    if state["product_order_status"] == "DELIVERING" and since and now - since >= DELIVERED_AFTER:
        state = {**state, "product_order_status": "DELIVERED", "_delivered_at": since + DELIVERED_AFTER}
    requested = state.get("_return_requested_at")
    if state.get("_seller_return") and state.get("claim_type") == "RETURN" and requested:
        progress = {"RETURN_REQUEST": 0, "COLLECTING": 1, "COLLECT_DONE": 2}.get(
            state.get("claim_status") or ""
        )
        if progress is not None:
            waited = now - requested
            reached = 2 if waited >= COLLECT_DONE_AFTER else 1 if waited >= COLLECTING_AFTER else 0
            if reached > progress:
                state = {**state, "claim_status": ("RETURN_REQUEST", "COLLECTING", "COLLECT_DONE")[reached]}
    return state


def apply(action: str, state: Doc, values: dict[str, Any], now: int) -> tuple[Doc | None, str]:
    """The order after ``action`` and ``""``, or ``None`` and the Korean reason it was refused."""
    rule = RULES[action]
    state = settle(state, now)
    reason = rule.why_not(state)
    if reason:
        return None, reason
    changed = {**state, **rule.effect.set}
    if rule.effect.stamp:
        changed[rule.effect.stamp] = now
    kept = {name: values[name] for name in rule.effect.keep if values.get(name) is not None}
    if kept:
        changed[f"_{action}"] = kept
    return changed, ""
