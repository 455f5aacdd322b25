"""The audited path every agent action takes: validate, record, call, record the outcome.

The audit row is written *before* the request leaves, so a crash or a kill mid-call leaves an
honest "결과 미확인" row rather than nothing. Input that fails validation never reaches the wire and
is not an attempt, so it is not recorded.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from portone_desk.api import catalog, josa
from portone_desk.api.errors import NotSettled, OutcomeUnknown, PortOneError, UnsupportedPg, ValidationFailed
from portone_desk.api.validation import errors_of, validate
from portone_desk.bulk.settle import DEFAULT_POLICY, SettlePolicy
from portone_desk.team.errors import NotSent

if TYPE_CHECKING:
    from portone_desk.api.client import ApiResult, PortOneClient
    from portone_desk.store.audit_backend import AuditBackend
    from portone_desk.store.profiles import Profile

log = logging.getLogger(__name__)


LOG_PENDING_TEXT = (
    "처리 결과는 위와 같습니다. 다만 활동 기록에 결과를 쓰지 못해"
    "(디스크 부족, 잠김 또는 팀 데이터베이스 연결 끊김) "
    "기록 대기 파일에 보관했고, 다음 호출이나 다음 실행 때 기록에 옮깁니다"
)


class LogUnavailable(PortOneError):
    """The activity row could not be written before the call, so nothing was sent."""

    summary = (
        "활동 기록을 쓸 수 없어 요청을 보내지 않았습니다. 데이터 폴더의 디스크 공간과 권한을 확인해 주세요"
    )


def _with_desk_defaults(op_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every lookup the desk makes finds test-channel payments too (``include_sandbox``): an agent
    looking a payment up must not be told it does not exist because of the channel it used."""
    op = catalog.operation(op_id)
    if "include_sandbox" not in values and any(f.name == "include_sandbox" for f in op.fields):
        values["include_sandbox"] = True
    return values


class DeskService:
    def __init__(
        self,
        profile: Profile,
        client: PortOneClient,
        audit: AuditBackend | None = None,
        agent_name: str = "",
        settle: SettlePolicy | None = DEFAULT_POLICY,
    ) -> None:
        self.settle = settle  # None: no guard against resending an unsettled change
        self.profile = profile
        self.client = client
        self.audit = audit
        self.agent_name = agent_name or getattr(profile, "agent_name", "") or ""

    def check(self, op_id: str, values: Mapping[str, Any], pg: str | None = None) -> None:
        """Raise what would stop the call before anything is sent or recorded."""
        op = catalog.operation(op_id)
        if pg and not op.supports_pg(pg):
            raise UnsupportedPg(f"{pg} PG사는 이 기능을 지원하지 않습니다", operation=op_id)
        issues = validate(op, dict(values), pg)
        if errors_of(issues):
            raise ValidationFailed(issues, operation=op_id)

    def call(
        self,
        op_id: str,
        values: Mapping[str, Any] | None = None,
        pg: str | None = None,
        note: str | None = None,
        product_order_ids: Iterable[str] | None = None,
        merchant_uid: str | None = None,
        settled: bool = False,
    ) -> ApiResult:
        """One audited call. ``note`` is the agent's reason kept in the log (never sent);
        ``merchant_uid`` is the shop's order number of a call made by ``imp_uid``, so a team lead
        can find it in the log by the number the customer quotes (not sent either)."""
        values = _with_desk_defaults(op_id, dict(values or {}))
        self.check(op_id, values, pg)
        op = catalog.operation(op_id)
        if op.mutating and not settled:
            self._check_settled(op_id, values, merchant_uid)
        try:
            row_id = self._begin(op_id, op.mutating, values, note, product_order_ids, merchant_uid)
        except NotSent:
            raise  # team mode: a claim held by another agent, or the team database unreachable
        except Exception as exc:
            # "Row written before the call, or nothing is sent."
            log.warning(
                "활동 기록을 쓰지 못해 %s 보내지 않았습니다 (%s)", josa.obj(op_id), type(exc).__name__
            )
            raise LogUnavailable(str(exc), operation=op_id) from exc
        started = time.monotonic()
        try:
            result = self.client.call(op_id, values, pg=pg, validate=False)
        except OutcomeUnknown as exc:
            self._finish(row_id, "unknown", exc, started)
            exc.audit_id = row_id  # type: ignore[attr-defined]  # for record_settled() after a verification
            raise
        except PortOneError as exc:
            # A lookup that finds nothing answered "none", which is not a failure of the desk.
            found_nothing = not op.mutating and exc.http_status == 404
            self._finish(row_id, "none" if found_nothing else "failed", exc, started)
            raise
        except BaseException as exc:
            # An unexpected fault after sending: for a change we cannot say it did not happen.
            self._finish(row_id, "unknown" if op.mutating else "failed", exc, started)
            raise
        if result.partial and not result.failed_ids and op.naver_action:
            result = self._failed_of_all(result, values)
        if not self._finish_result(row_id, result, started):
            result = replace(result, notices=(*result.notices, LOG_PENDING_TEXT))
        return result

    def done_here(self, imp_uid: str, operations: Iterable[str]) -> list[tuple[str, str, float]]:
        """(operation, product order id, UNIX time) of every change of ``operations`` this desk made
        on the payment and Naver accepted, from the activity log (what the API does not show)."""
        if self.audit is None or not imp_uid:
            return []
        events: list[tuple[str, str, float]] = []
        for row in self.audit.query(operation=list(operations), text=imp_uid, limit=500):
            if row.imp_uid != imp_uid:
                continue
            if row.outcome in ("ok", "already"):
                ids: Iterable[str] = row.product_order_ids
            elif row.outcome == "partial":
                ids = row.succeeded_ids
            else:
                continue
            events += [(row.operation, order_id, row.time) for order_id in ids]
        return events

    def record_reveal(self, what: str, imp_uid: str, merchant_uid: str, product_order_id: str) -> None:
        """Log that the agent looked at personal data in full (a buyer's phone, to call back): who,
        when and whose, never the data itself."""
        if self.audit is None:
            return
        row_id = self.audit.begin(
            what,
            {"product_order_id": product_order_id},
            profile_name=self.profile.display_name,
            agent_name=self.agent_name,
            mutating=False,
            imp_uid=imp_uid,
            merchant_uid=merchant_uid,
            product_order_ids=[product_order_id],
        )
        if row_id is None:
            return
        self.audit.finish(row_id, "ok", message="구매자 연락처를 화면에 표시했습니다")

    def record_settled(self, error: BaseException, outcome: str, how: str) -> None:
        """Complete the log row of a call whose outcome was unknown (``error`` as raised by
        :meth:`call`) with what a verification found: ok, failed or already."""
        from portone_desk.store.audit import SETTLED_OUTCOMES

        if outcome not in SETTLED_OUTCOMES:  # a verification never settles to unknown
            raise ValueError(f"outcome must be one of {SETTLED_OUTCOMES}, not {outcome!r}")
        row_id = getattr(error, "audit_id", None)
        if self.audit is None or row_id is None:
            return
        try:
            self.audit.resolve([row_id], outcome, how)
        except Exception:  # the log must never hide the verification's answer from the agent
            log.exception("활동 기록을 확인 결과로 완료하지 못했습니다")

    def _check_settled(self, op_id: str, values: Mapping[str, Any], merchant_uid: str | None) -> None:
        """Settle before verify, for single actions too: while an earlier call of this change on
        this target may still be processed, neither a lookup nor a resend can be trusted."""
        if self.audit is None or self.settle is None:
            return
        from portone_desk.bulk.settle import read_timeout_of, waiting_text

        window = self.settle.settle_seconds(op_id, read_timeout_of(self.client))
        imp_uid = str(values.get("imp_uid") or "")
        merchant = "" if imp_uid else str(values.get("merchant_uid") or merchant_uid or "")
        if not imp_uid and not merchant:
            return
        try:
            found = self.audit.unsettled_since(
                op_id, time.time() - window, imp_uid=imp_uid, merchant_uid=merchant
            )
        except Exception:  # the log's own trouble is told when the row is written
            return
        if found:
            due = max(row.time for row in found) + window
            raise NotSettled(waiting_text(due), operation=op_id)

    def _failed_of_all(self, result: ApiResult, values: Mapping[str, Any]) -> ApiResult:
        """A 207 for a request that named no product orders (act on all): the failed ones are the
        payment's orders PortOne did not return as done — from a lookup, never from the message."""
        imp_uid = str(values.get("imp_uid") or "")
        try:
            orders = self.call("getProductOrders", {"imp_uid": imp_uid}).response
        except PortOneError:
            return result  # stays "unknown which": the view says to look the orders up
        succeeded = set(result.succeeded_ids)
        failed = tuple(
            str(o["product_order_id"])
            for o in (orders if isinstance(orders, list) else [])
            if isinstance(o, dict) and "product_order_id" in o and str(o["product_order_id"]) not in succeeded
        )
        return replace(result, failed_ids=failed)

    # --- audit -------------------------------------------------------------------------------------

    def _begin(
        self,
        op_id: str,
        mutating: bool,
        values: dict[str, Any],
        note: str | None,
        product_order_ids: Iterable[str] | None,
        merchant_uid: str | None,
    ) -> int | None:
        if self.audit is None:
            return None
        reason = " / ".join(
            part
            for part in (
                _reason_label(op_id, values.get("reason")),
                str(values.get("memo") or ""),
                note or "",
            )
            if part
        )
        return self.audit.begin(
            op_id,
            values,
            profile_name=self.profile.display_name,
            agent_name=self.agent_name,
            mutating=mutating,
            product_order_ids=product_order_ids,
            merchant_uid=merchant_uid,
            reason=reason,
        )

    def _finish_result(self, row_id: int | None, result: ApiResult, started: float) -> bool:
        """False when the row could not be completed now and waits in the journal."""
        if self.audit is None or row_id is None:
            return True
        return self.audit.finish_or_journal(
            row_id,
            "partial" if result.partial else "ok",
            http_status=result.http_status,
            code=result.code,
            message=result.message or "",
            succeeded_ids=result.succeeded_ids,
            failed_ids=result.failed_ids,
            duration_ms=round((time.monotonic() - started) * 1000),
        )

    def _finish(self, row_id: int | None, outcome: str, exc: BaseException, started: float) -> None:
        if self.audit is None or row_id is None:
            return
        try:
            written = self.audit.finish_or_journal(
                row_id,
                outcome,
                http_status=getattr(exc, "http_status", None),
                code=getattr(exc, "code", None),
                message=str(exc),
                duration_ms=round((time.monotonic() - started) * 1000),
            )
        except Exception:  # the log must never hide the real error from the agent
            log.exception("활동 기록을 완료하지 못했습니다")
            written = False
        if not written and isinstance(exc, PortOneError):
            exc.notice = LOG_PENDING_TEXT


def _reason_label(op_id: str, code: object) -> str:
    """A reason code as the lead reads it: its Korean label (the code itself stays in the details)."""
    if not code:
        return ""
    try:
        f = catalog.operation(op_id).field("reason")
    except KeyError:
        return str(code)
    return f.option_label(str(code)) if f.options else str(code)
