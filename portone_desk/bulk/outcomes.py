"""One call's answer (or error) → a verdict for each of its rows."""

from __future__ import annotations

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


REFUSED = "refused"  # not among the orders PortOne returned as done: the orders' state tells why


def from_result(result: ApiResult, row_ids: dict[int, str]) -> dict[int, Verdict]:
    """A 200 or 207: the orders in ``response`` are done; the others are ``REFUSED`` (a lookup of
    their state decides, ``runner``) — the message's wording is never parsed."""
    if not row_ids or not any(row_ids.values()):
        return {row_no: (DONE, "") for row_no in row_ids}
    succeeded = set(result.succeeded_ids)
    text = result.message or "처리되지 않았습니다"
    return {
        row_no: (DONE, "") if order_id in succeeded else (REFUSED, text)
        for row_no, order_id in row_ids.items()
    }


def from_refusal(exc: ApiError, row_ids: dict[int, str]) -> dict[int, Verdict] | None:
    """Verdicts for a refusal: a Naver "all failed" (500 envelope naming product orders) makes every
    row ``REFUSED`` (their state tells why); another 4xx fails every row; None for a bare 5xx, which
    does not prove nothing happened (the caller looks the state up)."""
    op = catalog.OPERATIONS.get(exc.operation)
    ids = [order_id for order_id in row_ids.values() if order_id]
    if op is not None and op.naver_action and exc.http_status == 500 and ids:
        return {row_no: (REFUSED, reason_of(exc)) for row_no in row_ids}
    if exc.http_status is not None and exc.http_status < 500:
        return {row_no: (FAILED, reason_of(exc)) for row_no in row_ids}
    return None
