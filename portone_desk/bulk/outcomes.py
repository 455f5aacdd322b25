"""One call's answer (or error) → a verdict for each of its rows."""

from __future__ import annotations

from collections.abc import Sequence

from portone_desk.api import catalog
from portone_desk.api.client import ApiResult
from portone_desk.api.errors import ApiError, PortOneError, ValidationFailed
from portone_desk.bulk.rows import DONE, FAILED

Verdict = tuple[str, str]


def reason_of(exc: BaseException) -> str:
    """Short Korean text for a row's message column (the error view's long form is for dialogs)."""
    if isinstance(exc, ValidationFailed):
        return "입력값 오류: " + "; ".join(i.message for i in exc.issues if i.is_error)
    if isinstance(exc, PortOneError):
        meaning = ""
        op = catalog.OPERATIONS.get(exc.operation)
        if op is not None and exc.http_status is not None:
            meaning = op.statuses.get(exc.http_status, "")
        text = exc.message or meaning or exc.summary
        return f"{text} (HTTP {exc.http_status})" if exc.http_status else text
    return f"예상하지 못한 오류: {type(exc).__name__}"


def per_order_reasons(message: str, ids: Sequence[str]) -> dict[str, str]:
    """Reasons Naver gave per product order, from messages like
    ``"3건 중 1건 처리 실패: 2026…01: 이미 발송된 상품주문입니다 / 2026…02: …"``."""
    reasons: dict[str, str] = {}
    for order_id in ids:
        start = message.find(f"{order_id}:")
        if start < 0:
            continue
        rest = message[start + len(order_id) + 1 :]
        reasons[order_id] = rest.split(" / ", 1)[0].strip() or "처리되지 않았습니다"
    return reasons


def from_result(result: ApiResult, row_ids: dict[int, str]) -> dict[int, Verdict]:
    """A 200 or 207: succeeded ids are done; the rest failed with Naver's reason for each."""
    if not row_ids or not any(row_ids.values()):
        return {row_no: (DONE, "") for row_no in row_ids}
    succeeded = set(result.succeeded_ids)
    reasons = per_order_reasons(result.message or "", list(row_ids.values()))
    verdicts: dict[int, Verdict] = {}
    for row_no, order_id in row_ids.items():
        if order_id in succeeded:
            verdicts[row_no] = (DONE, "")
        else:
            verdicts[row_no] = (FAILED, reasons.get(order_id) or result.message or "처리되지 않았습니다")
    return verdicts


def from_refusal(exc: ApiError, row_ids: dict[int, str]) -> dict[int, Verdict] | None:
    """Verdicts when the error names a reason for every order; None when it does not (then the
    caller must look the state up: a bare 5xx does not prove nothing happened)."""
    ids = [order_id for order_id in row_ids.values() if order_id]
    if ids:
        reasons = per_order_reasons(exc.message, ids)
        if len(reasons) == len(ids):
            return {row_no: (FAILED, reasons[order_id]) for row_no, order_id in row_ids.items()}
    if exc.http_status is not None and exc.http_status < 500:
        return {row_no: (FAILED, reason_of(exc)) for row_no in row_ids}
    return None
