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
from portone_desk.bulk.rows import DONE, EXTERNAL_RECEIPT_OP, FAILED, PENDING, SKIPPED, UNKNOWN, BulkRow

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


ALREADY_APPLIED = "이미 반영됨: 조회해 보니 이 변경이 이미 되어 있었습니다"


def read_refusals(
    caller: Caller, rows: Sequence[BulkRow], refused: dict[int, str], sent_before: dict[int, bool]
) -> dict[int, Verdict]:
    """Why PortOne did not return these rows' orders as done, from the orders' state — never from the
    message text. ``refused`` maps row → the server's message (shown, not read); ``sent_before``
    says whether an earlier call of ours for the row went out. The change already there → done
    (이미 반영됨) after our earlier call, skipped when this was our first; a state that forbids it →
    failed with the state's reason; for 발주확인, whose effect no lookup shows, a refusal of an order
    whose visible state allows it after our own lost call is that call's "already placed"; on a first
    attempt it stays a refusal with PortOne's text as it came."""
    action = naver_action(rows[0].op_id) if rows else None
    wanted = [row for row in rows if row.row_no in refused]
    if action is None or not wanted:
        return {row.row_no: (FAILED, refused[row.row_no]) for row in wanted}
    try:
        orders = lookups.product_orders(caller, wanted[0].imp_uid) or {}
    except PortOneError as exc:
        return {
            row.row_no: (FAILED, f"{refused[row.row_no]} (상태 조회 실패: {exc.message or exc.summary})")
            for row in wanted
        }
    verdicts: dict[int, Verdict] = {}
    for row in wanted:
        order = orders.get(row.product_order_id)
        before = sent_before.get(row.row_no, False)
        if order is None:
            verdicts[row.row_no] = (FAILED, states.NOT_IN_PAYMENT)
            continue
        done = action.is_done(order, row.values, we_sent=before)
        problem = "" if done else action.problem(order, row.values)
        if done:
            verdicts[row.row_no] = (
                (DONE, ALREADY_APPLIED) if before else (SKIPPED, action.skip_text or ALREADY_APPLIED)
            )
        elif done is None:
            verdicts[row.row_no] = (FAILED, action.done_other)
        elif problem:
            verdicts[row.row_no] = (FAILED, problem)
        elif action.resend_verifies and before:
            # Our earlier call's answer was lost; a refusal now, with the order still looking
            # placeable, is the hidden "already placed" that call made.
            verdicts[row.row_no] = (DONE, action.confirmed_text)
        else:
            # A first attempt refused: PortOne's reason is shown as it came, not interpreted.
            verdicts[row.row_no] = (FAILED, refused[row.row_no])
    return verdicts


RESOLVED_DONE = "나중에 조회해 확인: 처리되어 있었습니다"
RESOLVED_NOT_APPLIED = "나중에 조회해 확인: 처리되지 않았습니다"


def resolve_log(caller: Caller, rows: Sequence[BulkRow], verdicts: dict[int, Verdict]) -> int:
    """The activity rows of these targets' calls that still read "결과 미확인" now say what the lookup
    found: done → ok, not applied or impossible → failed. Rows the lookup could not settle (and
    발주확인, whose effect no lookup shows) stay unknown. Returns how many log rows were resolved."""
    audit = getattr(caller, "audit", None)
    if audit is None or not rows:
        return 0
    action = naver_action(rows[0].op_id)
    outcomes: dict[str, str] = {}  # product order id or "" (whole target) → outcome
    for row in rows:
        status, _ = verdicts.get(row.row_no, (UNKNOWN, ""))
        if status == DONE:
            outcomes[row.product_order_id] = "ok"
        elif status == FAILED or (status == PENDING and not (action and action.resend_verifies)):
            outcomes[row.product_order_id] = "failed"
    if not outcomes:
        return 0
    merchant_uid = rows[0].merchant_uid if rows[0].op_id == EXTERNAL_RECEIPT_OP else ""
    imp_uid = "" if merchant_uid else rows[0].imp_uid
    resolved = 0
    try:
        for logged in audit.unknown_rows(rows[0].op_id, imp_uid=imp_uid, merchant_uid=merchant_uid):
            found = {outcomes[i] for i in logged.product_order_ids if i in outcomes} or (
                {outcomes[""]} if "" in outcomes else set()
            )
            if len(found) != 1:
                continue  # mixed or not looked up: the row stays unknown rather than half true
            outcome = found.pop()
            audit.resolve([logged.id], outcome, RESOLVED_DONE if outcome == "ok" else RESOLVED_NOT_APPLIED)
            resolved += 1
    except Exception:  # the log is a record, not a gate: the rows' verdicts stand
        return resolved
    return resolved


ALREADY_TEXT = "이미 반영됨: 다시 보낸 요청은 거절되었지만, 조회해 보니 이 변경이 이미 되어 있었습니다"


def mark_already(caller: Caller, rows: Sequence[BulkRow], verdicts: dict[int, Verdict]) -> bool:
    """A call PortOne refused for every row, each found already changed (``read_refusals``), is
    logged ``already`` (이미 반영됨) rather than failed. True when a log row was changed."""
    audit = getattr(caller, "audit", None)
    if audit is None or not rows or not verdicts:
        return False
    if any(verdicts.get(row.row_no, ("", ""))[0] not in (DONE, SKIPPED) for row in rows):
        return False
    if any(verdicts[row.row_no][1] == "" for row in rows):  # done by this very call: not a refusal
        return False
    ids = {row.product_order_id for row in rows}
    try:
        for logged in audit.query(operation=rows[0].op_id, text=rows[0].imp_uid, limit=10):
            if logged.imp_uid == rows[0].imp_uid and set(logged.product_order_ids) == ids:
                if logged.outcome != "failed":
                    return False
                audit.resolve([logged.id], "already", ALREADY_TEXT)
                # Our earlier call of unknown outcome is the one that made the change.
                earlier = [
                    r.id
                    for r in audit.unknown_rows(rows[0].op_id, imp_uid=rows[0].imp_uid)
                    if ids & set(r.product_order_ids)
                ]
                if earlier and any(verdicts[row.row_no][0] == DONE for row in rows):
                    audit.resolve(earlier, "ok", RESOLVED_DONE)
                return True
    except Exception:  # the log is a record, not a gate
        return False
    return False
