"""The dry run: rows that cannot succeed are flagged before anything is sent.

Besides the catalog validation already done by ``rows.build_rows`` it catches duplicate rows and
checks every target's current state with one lookup per payment (or order number), several at a
time. A row already in the wanted state is *skipped* (nothing to do), not failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from portone_desk.api import catalog
from portone_desk.api.errors import PortOneError, UnsupportedPg
from portone_desk.api.model import label_of
from portone_desk.api.receipt_states import ISSUED_AT_PAYMENT_REASON, issued_at_payment
from portone_desk.bulk import lookups, states
from portone_desk.bulk.lookups import Caller
from portone_desk.bulk.naver_actions import NaverAction, naver_action
from portone_desk.bulk.rows import (
    EXTERNAL_RECEIPT_OP,
    FLAGGED,
    HELD,
    PENDING,
    RECEIPT_OP,
    SKIPPED,
    BulkRow,
    resolved,
    revalidate,
)

StateRule = Callable[[dict[str, Any], dict[str, Any]], str]
TakenTargets = Mapping[tuple[str, str], tuple[int, str]]  # (op_id, row key) → (batch id, status)
TAKEN_TEXT = {
    "done": "이미 처리했습니다",
    "sending": "보내는 중이거나 결과를 아직 모릅니다",
    "unknown": "보냈지만 결과를 아직 모릅니다",
    "pending": "보낼 예정입니다 (실행 중이거나 멈춘 일괄)",
}

RECEIPT_PAY_METHODS = ("vbank", "trans")
LOOKUP_FAILED = "현재 상태를 조회하지 못했습니다. 실행할 때 서버가 다시 확인합니다"
NAVERCO = "naverco"
ORDER_NO_UNKNOWN = "주문번호 '{}'의 결제를 찾을 수 없습니다. 주문번호를 확인해 주세요"
ORDER_NO_NOT_NAVER = (
    "주문번호 '{}'의 결제는 네이버페이 주문형 결제가 아닙니다 (PG: {}). 네이버페이 주문만 처리할 수 있습니다"
)
ORDER_NO_LOOKUP_FAILED = "주문번호 '{}'로 결제를 찾지 못했습니다 ({}). 잠시 후 다시 확인해 주세요"
ORDER_NO_SEVERAL = "주문번호에 결제가 여러 건입니다 — 결제번호(imp_uid)를 적어 주세요 ({})"
ORDER_NO_TOOK_PAID = "주문번호 '{}'의 결제 {}건 중 결제완료된 {}로 처리합니다 (나머지는 {})"


@dataclass(frozen=True)
class DryRunSummary:
    total: int
    counts: dict[str, int]  # row status → rows
    calls: int  # API calls the run would make

    @property
    def sendable(self) -> int:
        return self.counts.get(PENDING, 0)


def dry_run(
    caller: Caller,
    rows: list[BulkRow],
    concurrency: int = 4,
    state_problem: StateRule | None = None,
    taken: TakenTargets | None = None,
) -> DryRunSummary:
    """Flag ``rows`` in place; ``state_problem`` replaces the action's order-state rule (tests);
    ``taken`` is ``JobStore.taken_targets()``: targets other batches have done or may have sent."""
    flag_duplicates(rows)
    resolve_order_numbers(caller, rows, concurrency)
    if taken:
        hold_taken(rows, taken)
    pending = [row for row in rows if row.status == PENDING]
    by_target: dict[tuple[str, str], list[BulkRow]] = {}
    for row in pending:
        target = row.merchant_uid if row.op_id == EXTERNAL_RECEIPT_OP else row.imp_uid
        by_target.setdefault((row.op_id, target), []).append(row)

    known = _receipt_payments(caller, [target for op_id, target in by_target if op_id == RECEIPT_OP])

    def check(item: tuple[tuple[str, str], list[BulkRow]]) -> None:
        (op_id, target), group = item
        action = naver_action(op_id)
        try:
            if action is not None:
                _check_naver(caller, target, group, action, state_problem or action.problem)
            elif op_id == RECEIPT_OP:
                _check_receipt(caller, target, group, known)
            else:
                _check_external(caller, target, group)
        except PortOneError as exc:
            for row in group:
                row.warnings.append(f"{LOOKUP_FAILED} ({exc.message or exc.summary})")

    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="bulk-dryrun") as pool:
        list(pool.map(check, by_target.items()))
    from portone_desk.bulk.grouping import plan

    return DryRunSummary(len(rows), dict(Counter(row.status for row in rows)), len(plan(rows)))


def resolve_order_numbers(caller: Caller, rows: Iterable[BulkRow], concurrency: int = 4) -> None:
    """Naver rows with the shop's order number but no imp_uid: look each distinct number up once
    (getAllPaymentsByMerchantUid, several numbers at a time) and fill in the imp_uid of its Naver Pay
    order-type payment; rows whose number is unknown, ambiguous (several paid payments) or not such a
    payment are flagged, so nothing is sent."""
    by_order_no: dict[str, list[BulkRow]] = {}
    for row in rows:
        if row.status == PENDING and naver_action(row.op_id) and not row.imp_uid and row.order_no:
            by_order_no.setdefault(row.order_no, []).append(row)
    if not by_order_no:
        return

    def resolve(item: tuple[str, list[BulkRow]]) -> None:
        order_no, group = item
        try:
            found = lookups.payments_by_order_no(caller, order_no)
        except PortOneError as exc:
            _flag_all(group, FLAGGED, ORDER_NO_LOOKUP_FAILED.format(order_no, exc.message or exc.summary))
            return
        chosen, problem, note = pick_order_payment(order_no, found)
        if chosen is None:
            _flag_all(group, FLAGGED, problem)
            return
        pg = str(chosen.get("pg_provider") or "")
        if pg != NAVERCO:
            _flag_all(group, FLAGGED, ORDER_NO_NOT_NAVER.format(order_no, pg or "알 수 없음"))
            return
        for row in group:
            row.pg = NAVERCO
            resolved(row, str(chosen["imp_uid"]))
            if note:
                row.warnings.append(note)

    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="bulk-orderno") as pool:
        list(pool.map(resolve, by_order_no.items()))


def pick_order_payment(order_no: str, found: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, str, str]:
    """Which of an order number's payments a row means: (payment or None, why not, note to show).

    One payment: that one. Several: the only paid one (a failed or cancelled try beside it is
    named in the note); several paid, or several and none paid, is the agent's call — never the
    first one silently."""
    if not found:
        return None, ORDER_NO_UNKNOWN.format(order_no), ""
    if len(found) == 1:
        return found[0], "", ""
    paid = [p for p in found if p.get("status") == "paid"]
    if len(paid) == 1:
        others = Counter(str(p.get("status") or "") for p in found if p is not paid[0])
        rest = ", ".join(f"{label_of(catalog.PAYMENT_STATUSES, s)} {n}건" for s, n in sorted(others.items()))
        return paid[0], "", ORDER_NO_TOOK_PAID.format(order_no, len(found), paid[0]["imp_uid"], rest)
    listed = ", ".join(f"{p['imp_uid']} {label_of(catalog.PAYMENT_STATUSES, p.get('status'))}" for p in found)
    return None, ORDER_NO_SEVERAL.format(listed), ""


def hold_taken(rows: Iterable[BulkRow], taken: TakenTargets) -> int:
    """Rows whose target another batch has done, may have sent, or still means to send are held
    (not sent) until the agent includes them on purpose; returns how many."""
    held = 0
    for row in rows:
        if row.status != PENDING or not row.key:
            continue
        found = taken.get((row.op_id, row.key))
        if found is None:
            continue
        batch_id, status = found
        what = TAKEN_TEXT.get(status, TAKEN_TEXT["pending"])
        row.flag(HELD, f"일괄 처리 #{batch_id}에서 {what}. 다시 보내려면 직접 포함해 주세요")
        held += 1
    return held


def include_held(rows: Iterable[BulkRow]) -> int:
    """The agent's explicit choice: held rows are sent after all."""
    included = 0
    for row in rows:
        if row.status == HELD:
            row.flag(PENDING, "")
            included += 1
    return included


def flag_duplicates(rows: Iterable[BulkRow]) -> None:
    """A second row for the same product order (or receipt target) would be sent twice."""
    first: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.status != PENDING or not row.key:
            continue
        key = (row.op_id, row.key)
        if key in first:
            what = "상품주문번호" if naver_action(row.op_id) else "결제"
            row.flag(FLAGGED, f"중복된 행입니다: {first[key]}행과 같은 {what}입니다")
        else:
            first[key] = row.row_no


def _check_naver(
    caller: Caller, imp_uid: str, group: list[BulkRow], action: NaverAction, state_problem: StateRule
) -> None:
    orders = lookups.product_orders(caller, imp_uid)
    if orders is not None and any(not row.order_no for row in group):
        # The sheet gave the imp_uid only: the shop's order number goes on the row (and so into the
        # activity log), so a lead searching by the number the customer quotes finds the dispatch.
        _fill_order_no(group, lookups.payment(caller, imp_uid))
    for row in group:
        row.pg = "naverco"
        if orders is None:
            row.flag(FLAGGED, "네이버페이 주문형 결제를 찾을 수 없습니다. 결제번호(imp_uid)를 확인해 주세요")
            continue
        order = orders.get(row.product_order_id)
        if order is None:
            row.flag(FLAGGED, states.NOT_IN_PAYMENT)
            continue
        done = action.is_done(order, row.values, we_sent=False)
        if done:
            row.flag(SKIPPED, action.skip_text)
            continue
        problem = state_problem(order, row.values)
        if done is None and not problem:
            problem = action.done_other
        elif done is None and order.get("tracking_number"):
            problem = f"{action.done_other} ({order.get('tracking_number')})"
        if problem:
            row.flag(FLAGGED, problem)


def _fill_order_no(group: list[BulkRow], payment: dict[str, Any] | None) -> None:
    order_no = str((payment or {}).get("merchant_uid") or "")
    for row in group:
        row.order_no = row.order_no or order_no


def _receipt_payments(caller: Caller, imp_uids: list[str]) -> dict[str, dict[str, Any]]:
    """The receipt rows' payments, 100 per call. An id the batch did not answer (unknown, or a
    test-channel payment the list may leave out) is looked up on its own later, as is every id
    when the batch call fails."""
    if not imp_uids:
        return {}
    try:
        return lookups.payments(caller, imp_uids)
    except PortOneError:
        return {}


def _check_receipt(
    caller: Caller, imp_uid: str, group: list[BulkRow], known: dict[str, dict[str, Any]] | None = None
) -> None:
    found = (known or {}).get(imp_uid) or lookups.payment(caller, imp_uid)
    if found is None:
        _flag_all(group, FLAGGED, "결제를 찾을 수 없습니다. 결제번호(imp_uid)를 확인해 주세요")
        return
    pg = str(found.get("pg_provider") or "")
    _fill_order_no(group, found)
    for row in group:
        row.pg = pg or None
    if found.get("status") != "paid":
        _flag_all(group, FLAGGED, f"결제완료 상태가 아닌 결제입니다 (현재: {found.get('status')})")
        return
    if found.get("pay_method") not in RECEIPT_PAY_METHODS:
        _flag_all(group, FLAGGED, "현금영수증은 가상계좌·계좌이체 결제에만 발급할 수 있습니다")
        return
    if pg and not catalog.operation(RECEIPT_OP).supports_pg(pg):
        _flag_all(group, FLAGGED, f"이 결제의 PG사({pg})는 현금영수증 발급을 지원하지 않습니다")
        return
    try:
        existing = lookups.receipt(caller, imp_uid)
    except UnsupportedPg:
        existing = None  # some PGs cannot look receipts up; the issue call itself will tell
    if states.receipt_is_live(existing):
        _flag_all(group, SKIPPED, "이미 발급된 현금영수증이 있습니다")
        return
    if issued_at_payment(found, existing):
        _flag_all(group, SKIPPED, ISSUED_AT_PAYMENT_REASON)
        return
    for row in group:
        revalidate(row)


def _check_external(caller: Caller, merchant_uid: str, group: list[BulkRow]) -> None:
    if states.receipt_is_live(lookups.external_receipt(caller, merchant_uid)):
        _flag_all(group, SKIPPED, "이 주문번호로 이미 발급된 현금영수증이 있습니다")


def _flag_all(group: list[BulkRow], status: str, message: str) -> None:
    for row in group:
        row.flag(status, message)
