"""Which Naver Pay order-type action each product order state accepts, as one table (Qt-free).

The desk uses it to enable only the actions valid for every selected order and to say why not;
the sandbox's state machine (``sandbox/naver_rules.py``) is built on this same table and adds only
what the API cannot show, so the two cannot drift. Only what the API shows is judged here
(``product_order_status``, ``claim_type``, ``claim_status``). Naver also tracks 발주확인 and
반품보류 flags that the API does not return; the server refuses those cases itself (a 207 or 500
the desk then shows per order) with the rule's ``server_refusal``.

An order's claim is written ``"TYPE:STATUS"`` while it is open and ``""`` when there is none or
it is closed (e.g. ``CANCEL:CANCEL_REJECT``), so "no open claim" is ``claims={""}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .timefmt import KST

Order = Mapping[str, Any]

# Claim states still being processed; any other claim status is closed history.
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
NO_CLAIM = frozenset({""})

NOTHING_SELECTED = "처리할 상품주문을 먼저 표에서 선택하세요"


def open_claim(order: Order) -> str:
    """``"TYPE:STATUS"`` of the order's open claim, or ``""``."""
    claim = f"{order.get('claim_type') or ''}:{order.get('claim_status') or ''}"
    return claim if claim in OPEN_CLAIMS else ""


@dataclass(frozen=True)
class Pattern:
    """A set of visible order states; ``None`` means any value."""

    statuses: frozenset[str] | None = None
    claims: frozenset[str] | None = None

    def matches(self, order: Order) -> bool:
        return (self.statuses is None or order.get("product_order_status") in self.statuses) and (
            self.claims is None or open_claim(order) in self.claims
        )


@dataclass(frozen=True)
class ActionRule:
    action: str  # catalog operation id
    allowed: tuple[Pattern, ...]
    # Korean reasons tried in order when no ``allowed`` pattern matches; then ``refusal``.
    refusals: tuple[tuple[Pattern, str], ...] = ()
    refusal: str = "현재 상태에서는 처리할 수 없는 상품주문입니다"
    # What the desk cannot see and the server still checks (shown in the button's tooltip).
    caveat: str = ""
    # Naver's reason when that hidden check refuses an order this table lets through. The desk
    # never says it itself (it cannot know); the sandbox, which keeps the hidden flags, answers it.
    server_refusal: str = ""

    def accepts(self, order: Order) -> bool:
        return any(pattern.matches(order) for pattern in self.allowed)

    def why_not(self, order: Order) -> str:
        """``""`` when the order's state accepts the action, else the Korean reason."""
        mark = desk_mark(order)
        refusal = _DESK_REFUSALS.get((self.action, mark[0])) if mark else None
        if refusal:
            return f"{refusal} ({desk_text(order)})"
        if self.accepts(order):
            return ""
        for pattern, message in self.refusals:
            if pattern.matches(order):
                return message
        return self.refusal


_ALREADY_SHIPPED = (Pattern(statuses=SHIPPED), "이미 발송된 상품주문입니다")
_CANCELED = (
    Pattern(statuses=frozenset({"CANCELED", "CANCELED_BY_NOPAYMENT"})),
    "이미 취소된 상품주문입니다",
)
_RETURNED = (Pattern(statuses=frozenset({"RETURNED"})), "이미 반품 완료된 상품주문입니다")
_CANCEL_REQUESTED = (
    Pattern(claims=frozenset({"CANCEL:CANCEL_REQUEST"})),
    "구매자의 취소 요청이 접수된 상품주문입니다. 취소 승인으로 처리해 주세요",
)
_CLAIM_OPEN = (Pattern(claims=OPEN_CLAIMS), "클레임이 진행 중인 상품주문입니다")
_NO_RETURN = (Pattern(claims=(OPEN_CLAIMS - RETURN_OPEN) | NO_CLAIM), "반품 요청이 없는 상품주문입니다")
_PAYED = frozenset({"PAYED"})

RULES: dict[str, ActionRule] = {
    rule.action: rule
    for rule in (
        ActionRule(
            "naverPlaceProductOrder",
            (Pattern(statuses=_PAYED, claims=NO_CLAIM),),
            (_ALREADY_SHIPPED, _CANCELED, _RETURNED, _CLAIM_OPEN),
            "발주 확인할 수 없는 상태의 상품주문입니다",
            caveat="이미 발주 확인된 상품주문은 네이버페이가 거절합니다.",
            server_refusal="이미 발주 확인된 상품주문입니다",
        ),
        ActionRule(
            "naverShipProductOrder",
            (Pattern(statuses=_PAYED, claims=NO_CLAIM),),
            (_ALREADY_SHIPPED, _CANCELED, _RETURNED, _CANCEL_REQUESTED, _CLAIM_OPEN),
            "발송할 수 없는 상태의 상품주문입니다",
        ),
        ActionRule(
            "naverCancelProductOrder",
            (Pattern(statuses=_PAYED, claims=frozenset({"", "CANCEL:CANCEL_REQUEST"})),),
            (
                _CANCELED,
                _RETURNED,
                (
                    Pattern(statuses=SHIPPED),
                    "이미 발송된 상품주문은 환불할 수 없습니다. 반품으로 처리해 주세요",
                ),
                _CLAIM_OPEN,
            ),
            "환불할 수 없는 상태의 상품주문입니다",
        ),
        ActionRule(
            "naverApproveCancelProductOrder",
            (Pattern(claims=frozenset({"CANCEL:CANCEL_REQUEST"})),),
            (_CANCELED,),
            "구매자의 취소 요청이 없는 상품주문입니다",
        ),
        ActionRule(
            "naverRequestReturnProductOrder",
            (Pattern(statuses=frozenset({"DELIVERING", "DELIVERED"}), claims=NO_CLAIM),),
            (
                _CANCELED,
                _RETURNED,
                (
                    Pattern(statuses=frozenset({"PURCHASE_DECIDED"})),
                    "구매 확정된 상품주문은 반품 요청할 수 없습니다",
                ),
                (
                    Pattern(statuses=_PAYED),
                    "아직 발송되지 않은 상품주문입니다. 환불로 처리해 주세요",
                ),
                (Pattern(claims=OPEN_CLAIMS), "이미 클레임이 진행 중인 상품주문입니다"),
            ),
            "반품 요청할 수 없는 상태의 상품주문입니다",
        ),
        ActionRule(
            "naverApproveReturnProductOrder",
            (Pattern(claims=RETURN_OPEN),),
            (_RETURNED, _NO_RETURN),
            "반품 승인할 수 없는 상태의 상품주문입니다",
            caveat="반품 보류 중이면 네이버페이가 거절합니다. 보류를 먼저 해제하세요.",
            server_refusal="반품 보류 중인 상품주문입니다. 보류를 먼저 해제해 주세요",
        ),
        ActionRule(
            "naverRejectReturnProductOrder",
            (Pattern(claims=RETURN_OPEN),),
            (_RETURNED, _NO_RETURN),
            "반품 거절할 수 없는 상태의 상품주문입니다",
        ),
        ActionRule(
            "naverWithholdReturnProductOrder",
            (Pattern(claims=RETURN_OPEN),),
            (_RETURNED, _NO_RETURN),
            "반품 보류할 수 없는 상태의 상품주문입니다",
            caveat="이미 보류 중인 반품은 네이버페이가 거절합니다.",
            server_refusal="이미 반품 보류 중인 상품주문입니다",
        ),
        ActionRule(
            "naverResolveReturnProductOrder",
            (Pattern(claims=RETURN_OPEN),),
            (_RETURNED, _NO_RETURN),
            "반품 보류를 해제할 수 없는 상태의 상품주문입니다",
            caveat="보류 중이 아닌 반품은 네이버페이가 거절합니다.",
            server_refusal="반품 보류 중이 아닌 상품주문입니다",
        ),
        ActionRule(
            "naverCollectProductOrder",
            (Pattern(claims=frozenset({"EXCHANGE:EXCHANGE_REQUEST", "EXCHANGE:COLLECTING"})),),
            (
                (
                    Pattern(claims=frozenset({"EXCHANGE:COLLECT_DONE", "EXCHANGE:EXCHANGE_REDELIVERING"})),
                    "이미 수거 완료된 교환 상품주문입니다",
                ),
            ),
            "교환 요청이 없는 상품주문입니다",
        ),
        ActionRule(
            "naverShipExchangedProductOrder",
            (Pattern(claims=frozenset({"EXCHANGE:COLLECT_DONE"})),),
            (
                (
                    Pattern(claims=frozenset({"EXCHANGE:EXCHANGE_REQUEST", "EXCHANGE:COLLECTING"})),
                    "교환 상품이 아직 수거 완료되지 않았습니다. 수거 완료 처리를 먼저 해 주세요",
                ),
                (
                    Pattern(claims=frozenset({"EXCHANGE:EXCHANGE_REDELIVERING"})),
                    "이미 재발송된 교환 상품주문입니다",
                ),
            ),
            "교환 재발송할 수 없는 상태의 상품주문입니다",
        ),
    )
}


# --- what this desk did that the API does not show --------------------------------------------
# Naver keeps 발주확인 and 반품보류 to itself. The desk knows those it did (its activity log) and
# marks an order with them — ``order[DESK_KEY] = (state, unix)`` — for as long as PortOne's own
# data still fits: a placed order is still 결제완료 without a claim, a held return still open.

DESK_KEY = "_desk"
PLACED, HELD, RELEASED = "placed", "held", "released"
DESK_LABELS = {PLACED: "발주확인", HELD: "보류 중", RELEASED: "보류 해제"}
# The desk actions that set a mark, and the mark they set.
DESK_EVENTS = {
    "naverPlaceProductOrder": PLACED,
    "naverWithholdReturnProductOrder": HELD,
    "naverResolveReturnProductOrder": RELEASED,
}
_DESK_REFUSALS = {
    ("naverPlaceProductOrder", PLACED): "이미 발주 확인한 상품주문입니다",
    ("naverWithholdReturnProductOrder", HELD): "이미 반품 보류 중인 상품주문입니다",
    ("naverApproveReturnProductOrder", HELD): "반품 보류 중입니다. 보류를 먼저 해제하세요",
    ("naverResolveReturnProductOrder", RELEASED): "보류 중이 아닌 반품입니다",
}


def _mark_still_fits(state: str, order: Order) -> bool:
    if state == PLACED:
        return order.get("product_order_status") in _PAYED and not open_claim(order)
    return open_claim(order) in RETURN_OPEN


def with_desk_marks(
    orders: Iterable[Order], events: Iterable[tuple[str, str, float]]
) -> list[dict[str, Any]]:
    """``orders`` with the mark of the latest desk action on each (``events``: operation id,
    product order id, UNIX time of each change this desk made that Naver accepted)."""
    latest: dict[tuple[str, str], tuple[str, float]] = {}
    for op_id, order_id, at in events:
        state = DESK_EVENTS.get(op_id)
        if state is None:
            continue
        kind = "place" if state == PLACED else "hold"
        key = (str(order_id), kind)
        if key not in latest or at >= latest[key][1]:
            latest[key] = (state, at)
    out = []
    for order in orders:
        marked = {k: v for k, v in order.items() if k != DESK_KEY}
        order_id = str(order.get("product_order_id", ""))
        for kind in ("hold", "place"):
            mark = latest.get((order_id, kind))
            if mark and _mark_still_fits(mark[0], order):
                marked[DESK_KEY] = mark
                break
        out.append(marked)
    return out


def desk_mark(order: Order) -> tuple[str, float] | None:
    mark = order.get(DESK_KEY)
    return (str(mark[0]), float(mark[1])) if mark else None


def desk_text(order: Order, today: str | None = None) -> str:
    """ "보류 중 · 이 데스크에서 14:02" (with the date when it was not today), or ""."""
    mark = desk_mark(order)
    if mark is None:
        return ""
    state, at = mark
    when = datetime.fromtimestamp(at, KST)
    today = today or datetime.now(KST).strftime("%Y-%m-%d")
    shown = when.strftime("%H:%M") if when.strftime("%Y-%m-%d") == today else when.strftime("%m-%d %H:%M")
    return f"{DESK_LABELS.get(state, state)} · 이 데스크에서 {shown}"


def why_not(action: str, order: Order) -> str:
    """``""`` when ``order`` may take ``action``, else the Korean reason it may not."""
    return RULES[action].why_not(order)


def why_not_all(action: str, orders: Iterable[Order]) -> str:
    """``""`` when every order accepts ``action``; else the reason, naming the orders it blocks."""
    orders = list(orders)
    if not orders:
        return NOTHING_SELECTED
    blocked: dict[str, list[str]] = {}
    for order in orders:
        reason = why_not(action, order)
        if reason:
            blocked.setdefault(reason, []).append(str(order.get("product_order_id", "")))
    if not blocked:
        return ""
    if len(orders) == 1:
        return next(iter(blocked))
    lines = [f"{', '.join(ids)}: {reason}" for reason, ids in blocked.items()]
    return "선택한 상품주문 중 처리할 수 없는 것이 있습니다.\n" + "\n".join(lines)


def available(orders: Iterable[Order]) -> dict[str, str]:
    """Every action → ``""`` (allowed for all ``orders``) or the reason it is not."""
    orders = list(orders)
    return {action: why_not_all(action, orders) for action in RULES}
