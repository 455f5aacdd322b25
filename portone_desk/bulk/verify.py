"""What really happened to rows whose call may or may not have been applied.

Used for rows left ``sending`` by a crash or kill, for ``OutcomeUnknown``, and for failures that
do not say which orders failed (a bare 5xx): the target is looked up and the row becomes ``done``
(the change is there), ``pending`` (it is not, and may safely be sent), ``failed`` (it is not and
cannot be now), or stays ``unknown`` when even the lookup failed. Nothing is ever re-sent blind.
"""

from __future__ import annotations

from collections.abc import Sequence

from portone_desk.api.errors import PortOneError, UnsupportedPg
from portone_desk.bulk import lookups, states
from portone_desk.bulk.lookups import Caller
from portone_desk.bulk.naver_actions import NaverAction, naver_action
from portone_desk.bulk.rows import DONE, EXTERNAL_RECEIPT_OP, FAILED, PENDING, UNKNOWN, BulkRow

CONFIRMED_DONE = "조회해 보니 처리되어 있었습니다"
CONFIRMED_ISSUED = "조회해 보니 발급되어 있었습니다"
NOT_APPLIED = "조회해 보니 처리되지 않았습니다"
LOOKUP_FAILED = "처리 여부를 조회하지 못했습니다. 다시 보내지 않았습니다"

Verdict = tuple[str, str]  # (row status, Korean message)


def verify(caller: Caller, rows: Sequence[BulkRow]) -> dict[int, Verdict]:
    """Row number → verdict, for rows that all act on the same payment / order number."""
    if not rows:
        return {}
    op_id = rows[0].op_id
    action = naver_action(op_id)
    try:
        if action is not None:
            return _naver(caller, rows, action)
        if op_id == EXTERNAL_RECEIPT_OP:
            found = lookups.external_receipt(caller, rows[0].merchant_uid)
        else:
            found = lookups.receipt(caller, rows[0].imp_uid)
    except UnsupportedPg:
        return {
            row.row_no: (UNKNOWN, f"{LOOKUP_FAILED} (이 PG사는 현금영수증 조회를 지원하지 않습니다)")
            for row in rows
        }
    except PortOneError as exc:
        return {row.row_no: (UNKNOWN, f"{LOOKUP_FAILED} ({exc.message or exc.summary})") for row in rows}
    if states.receipt_is_live(found):
        return {row.row_no: (DONE, CONFIRMED_ISSUED) for row in rows}
    return {row.row_no: (PENDING, NOT_APPLIED) for row in rows}


def _naver(caller: Caller, rows: Sequence[BulkRow], action: NaverAction) -> dict[int, Verdict]:
    orders = lookups.product_orders(caller, rows[0].imp_uid)
    verdicts: dict[int, Verdict] = {}
    for row in rows:
        order = (orders or {}).get(row.product_order_id)
        if order is None:
            verdicts[row.row_no] = (FAILED, states.NOT_IN_PAYMENT)
            continue
        done = action.is_done(order, row.values, we_sent=True)
        if done:
            verdicts[row.row_no] = (DONE, CONFIRMED_DONE)
        elif done is None:
            verdicts[row.row_no] = (FAILED, action.done_other)
        else:
            problem = action.problem(order, row.values)
            # "Not applied" is proven only where the API shows the change; otherwise the row is
            # left to the re-send, whose answer tells (``naver_actions``).
            pending = action.unverifiable_text if action.resend_verifies else NOT_APPLIED
            verdicts[row.row_no] = (FAILED, problem) if problem else (PENDING, pending)
    return verdicts
