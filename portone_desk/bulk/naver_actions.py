"""The Naver order-type actions a bulk job can send, one definition each.

Grouping, the dry run, the verifier and the runner read these instead of testing operation ids,
so a new action is one more entry here (plus its row builder and kind), not edits in each module.

발주확인 differs from 발송처리 in one way that matters for resuming: the API shows no "placed"
flag (``api/naver_states``: Naver keeps it hidden), so a lookup can never prove a place went
through. What Naver does show is its refusal of a second place, "이미 발주 확인된 상품주문입니다"
(the rule's ``server_refusal``). A second place changes nothing on the order, so for a place row
whose answer was lost the honest check *is* to send it again and read the answer: placed now → done;
refused as already placed → the earlier call (or someone else) had placed it → done; any other
refusal → failed. Rows whose lookup can settle them (shipped, cancelled, claim opened meanwhile)
are still settled by the lookup first, and nothing is sent a second time for 발송처리, whose
change the lookup does show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from portone_desk.api import naver_states
from portone_desk.bulk import states
from portone_desk.bulk.rows import APPROVE_CANCEL_OP, APPROVE_RETURN_OP, PLACE_OP, SHIP_OP

Order = Mapping[str, Any]
Values = Mapping[str, Any]
Verdict = tuple[str, str]


def _never_visible(order: Order, values: Values, *, we_sent: bool) -> bool | None:
    """For actions whose effect the API does not show: a lookup never calls them done."""
    return False


@dataclass(frozen=True)
class NaverAction:
    op_id: str
    # Row values (besides imp_uid) that must be equal for rows to share one call.
    shared: tuple[str, ...]
    # The order already shows this row's change: True, False, or None (changed some other way).
    is_done: Callable[..., bool | None]
    done_other: str = ""  # the row's message when ``is_done`` says None
    skip_text: str = ""  # the dry run's message when ``is_done`` says True
    # Naver's refusal meaning "already the case", for changes a lookup cannot see; with it, a row
    # of unknown outcome is verified by sending it again (see the module docstring). The refusal
    # is recognised by the order's visible state still allowing the action, not by its wording.
    already_done_refusal: str = ""
    already_done_text: str = ""  # first attempt refused so: someone else did it → skipped
    confirmed_text: str = ""  # refused so after an earlier attempt of ours → done
    unverifiable_text: str = ""  # the verifier's message for a row it leaves to the re-send

    @property
    def resend_verifies(self) -> bool:
        return bool(self.already_done_refusal)

    def problem(self, order: Order, values: Values) -> str:
        """``""`` when the order's visible state takes the action, else the Korean reason."""
        return naver_states.why_not(self.op_id, order)


_PLACE_REFUSAL = naver_states.RULES[PLACE_OP].server_refusal

ACTIONS: dict[str, NaverAction] = {
    action.op_id: action
    for action in (
        NaverAction(
            SHIP_OP,
            ("delivery_method", "delivery_company", "tracking_number", "dispatched_at"),
            states.ship_is_done,
            done_other=states.ALREADY_SHIPPED_OTHER,
            skip_text=states.ALREADY_SHIPPED_SAME,
        ),
        NaverAction(
            PLACE_OP,
            (),
            _never_visible,
            already_done_refusal=_PLACE_REFUSAL,
            already_done_text=_PLACE_REFUSAL,
            confirmed_text="다시 보내 확인해 보니 이미 발주확인되어 있었습니다",
            unverifiable_text=(
                "발주확인 여부는 조회로 알 수 없어 한 번 더 보냅니다. "
                "이미 발주확인되어 있으면 네이버페이가 거절하고, 그 답으로 완료를 확인합니다"
            ),
        ),
        NaverAction(
            APPROVE_CANCEL_OP,
            (),
            states.approve_cancel_is_done,
            done_other="취소 요청이 이미 다른 방법으로 처리되었습니다 (철회 또는 거부)",
            skip_text="이미 취소된 상품주문입니다",
        ),
        NaverAction(
            APPROVE_RETURN_OP,
            (),
            states.approve_return_is_done,
            done_other="반품 요청이 이미 다른 방법으로 처리되었습니다 (철회 또는 거부)",
            skip_text="이미 반품 완료된 상품주문입니다",
        ),
    )
}


def naver_action(op_id: str) -> NaverAction | None:
    """The action's definition, or None for operations that are not Naver order actions."""
    return ACTIONS.get(op_id)
