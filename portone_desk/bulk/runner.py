"""Runs a stored batch: grouped calls, bounded concurrency, pause / cancel, progress, resume.

Every call goes through the audited ``DeskService.call``. The order of writes is what makes a
resume safe: rows are marked ``sending`` in the job store before their call leaves and settled
after; a resume first looks up every row left ``sending`` or ``unknown`` (``verify``) and only
then sends what is still pending. Rows already done are never sent again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from portone_desk.api.errors import (
    ApiError,
    AuthFailed,
    NotSettled,
    OutcomeUnknown,
    PortOneError,
    ValidationFailed,
)
from portone_desk.bulk import jobstore, outcomes
from portone_desk.bulk.grouping import Group, plan
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.leases import HEARTBEAT_EVERY, Heartbeat, LeaseHolder
from portone_desk.bulk.lookups import Caller
from portone_desk.bulk.naver_actions import naver_action
from portone_desk.bulk.rows import (
    DONE,
    EXTERNAL_RECEIPT_OP,
    FAILED,
    OPEN,
    PENDING,
    SENDING,
    SKIPPED,
    UNKNOWN,
    BulkRow,
)
from portone_desk.bulk.settle import DEFAULT_POLICY, SettlePolicy, read_timeout_of, waiting_text
from portone_desk.bulk.verify import mark_already, read_refusals, resolve_log, verify
from portone_desk.team.errors import AlreadyDone, NotSent, TeamUnavailable

log = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 8  # the HTTP session keeps 20 connections; the API has rate limits too
MAX_ATTEMPTS = 2  # a row found "not applied" after an unknown outcome is sent once more
CANCELLED_TEXT = "취소되어 보내지 않았습니다"
LOOKUP_BROKEN = "처리 여부를 조회하지 못했습니다. 다시 보내지 않았습니다"
TEAM_STOP_TEXT = "팀 데이터베이스에 연결할 수 없어 실행을 멈췄습니다. 연결이 돌아오면 이어서 실행하세요"
AUTH_STOP_TEXT = "인증에 실패해 실행을 멈췄습니다. 프로필의 API 키를 확인한 뒤 이어서 실행하세요"
LEASE_LOST_TEXT = "다른 창이 이 일괄 처리를 넘겨받아 여기서는 멈췄습니다"

Verdicts = dict[int, tuple[str, str]]
RowUpdate = tuple[int, str, str]  # (row_no, status, message)

# Run phases, for the progress line.
CHECKING, RUNNING, PAUSING, PAUSED, CANCELLED, FINISHED = (
    "checking",
    "running",
    "pausing",
    "paused",
    "cancelled",
    "finished",
)


@dataclass(frozen=True)
class Progress:
    phase: str
    total: int
    counts: dict[str, int]
    calls_done: int = 0
    calls_total: int = 0
    elapsed: float = 0.0
    eta: float | None = None  # seconds, once a rate is known
    note: str = ""  # e.g. why the run stopped

    @property
    def settled(self) -> int:
        return self.total - sum(self.counts.get(s, 0) for s in OPEN)


@dataclass
class _Flags:
    pause: threading.Event = field(default_factory=threading.Event)
    cancel: threading.Event = field(default_factory=threading.Event)


class BatchRunner:
    def __init__(
        self,
        caller: Caller,
        store: JobStore,
        batch_id: int,
        *,
        concurrency: int | None = None,
        note: str | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        on_rows: Callable[[list[RowUpdate]], None] | None = None,
        holder: LeaseHolder | None = None,
        settle: SettlePolicy = DEFAULT_POLICY,
        heartbeat_every: float = HEARTBEAT_EVERY,
    ) -> None:
        info = store.batch(batch_id)
        if info is None:
            raise KeyError(batch_id)
        self.caller = caller
        self.store = store
        self.batch_id = batch_id
        self.concurrency = _clamp(concurrency or info.concurrency or DEFAULT_CONCURRENCY)
        self.note = note if note is not None else f"일괄 처리 #{batch_id} ({info.source})"
        self._on_progress = on_progress
        self._on_rows = on_rows
        self._flags = _Flags()
        self._rows: dict[int, BulkRow] = {}
        self._calls_done = 0
        self._calls_total = 0
        self._started = 0.0
        self._stop_note = ""
        self.holder = holder or LeaseHolder(label="PortOne Desk")
        self.settle = settle
        self._heartbeat_every = heartbeat_every
        self.heartbeat: Heartbeat | None = None
        self._read_timeout = read_timeout_of(getattr(caller, "client", None))
        self._unknown_lock = threading.Lock()
        self._unknown: set[int] = set()  # rows whose call came back OutcomeUnknown, to settle
        self._due: dict[int, float] = {}  # row → when its last attempt may be looked up
        # Rows an earlier call of ours may have changed (its outcome was unknown): a refusal of
        # their resend can mean that call did it. A known refusal is never read so.
        self._was_unknown: set[int] = set()

    # --- control (any thread) ---------------------------------------------------------------------

    def pause(self) -> None:
        """Send nothing new; calls already out finish and are recorded."""
        self._flags.pause.set()

    def cancel(self) -> None:
        """Like pause, and rows not yet sent become ``skipped``."""
        self._flags.cancel.set()

    def set_concurrency(self, concurrency: int) -> None:
        self.concurrency = _clamp(concurrency)

    @property
    def stopping(self) -> bool:
        return self._flags.pause.is_set() or self._flags.cancel.is_set()

    # --- the run (one background thread) ---------------------------------------------------------

    def run(self) -> Progress:
        """Runs the batch under its lease; ``leases.BatchLeased`` (before anything is sent or
        changed) when another live window or process holds it."""
        self.store.acquire_lease(self.batch_id, self.holder)
        self.heartbeat = Heartbeat(
            lambda: self.store.renew_lease(self.batch_id, self.holder),
            self._heartbeat_every,
            on_lost=self._lease_lost,
        ).start()
        try:
            return self._run()
        finally:
            self.heartbeat.stop()
            if not self.heartbeat.lost.is_set():
                self.store.release_lease(self.batch_id, self.holder)

    def _lease_lost(self) -> None:
        self._stop_note = LEASE_LOST_TEXT
        self._flags.pause.set()

    def _warm_token(self) -> None:
        """Fetch the token before the first row is marked ``sending``: the settle clock starts at
        that mark, so the first call should not spend a token round trip after it."""
        tokens = getattr(getattr(self.caller, "client", None), "tokens", None)
        try:
            if tokens is not None:
                tokens.token()
        except Exception:  # the first call will report it properly
            log.info("token warm-up failed", exc_info=True)

    def _run(self) -> Progress:
        self._warm_token()
        self._rows = {row.row_no: row for row in self.store.rows(self.batch_id)}
        self._started = time.monotonic()
        self.store.set_status(self.batch_id, jobstore.RUNNING)
        stored_due = self.store.verify_times(self.batch_id)
        # Rows a previous run left ``sending`` or ``unknown`` are looked up once they have settled,
        # before anything is sent to their payment again.
        doubtful = [row for row in self._rows.values() if row.status in (SENDING, UNKNOWN)]
        self._was_unknown.update(row.row_no for row in doubtful)
        # Found "not applied" by a lookup that cannot show the change, before a pause or kill.
        self._was_unknown.update(
            row.row_no
            for row in self._rows.values()
            if row.status == PENDING
            and (action := naver_action(row.op_id)) is not None
            and action.resend_verifies
            and row.message == action.unverifiable_text
        )
        settling: list[tuple[float, list[BulkRow]]] = []
        by_target: dict[tuple[str, str], list[BulkRow]] = {}
        for row in doubtful:
            by_target.setdefault(_target(row), []).append(row)
        for rows in by_target.values():
            settling.append((max(stored_due.get(row.row_no, 0.0) for row in rows), rows))
        if settling:
            self._emit(CHECKING)
        with ThreadPoolExecutor(max_workers=MAX_CONCURRENCY, thread_name_prefix="bulk-run") as pool:
            queue: deque[Group] = deque(plan(self._rows.values()))
            self._calls_total = len(queue)
            self._emit(RUNNING)
            self._drain(pool, queue, settling)
        return self._finish()

    def _drain(
        self, pool: ThreadPoolExecutor, queue: deque[Group], settling: list[tuple[float, list[BulkRow]]]
    ) -> None:
        """Sends queued calls (one per payment at a time) and looks up rows of unknown outcome once
        they have settled; rows a lookup finds not applied go out once more."""
        in_flight: dict[Future[Verdicts], tuple[str, list[int], tuple[str, str]]] = {}
        busy: set[tuple[str, str]] = {_target(rows[0]) for _, rows in settling}
        while queue or in_flight or (settling and not self.stopping):
            now = time.time()
            if not self.stopping:
                for item in [item for item in settling if item[0] <= now]:
                    settling.remove(item)
                    rows = item[1]
                    in_flight[pool.submit(self._verify, rows)] = (
                        "check",
                        [r.row_no for r in rows],
                        _target(rows[0]),
                    )
            while (
                not self.stopping
                and sum(kind == "send" for kind, _, _ in in_flight.values()) < self.concurrency
            ):
                group = _next_free(queue, busy)
                if group is None:
                    break
                due = self.settle.verify_after(group.op_id, time.time(), self._read_timeout)
                # Recorded before the call leaves: a kill from here on leaves an honest "sending".
                self.store.mark_sending(self.batch_id, group.row_nos, due)
                for row_no in group.row_nos:
                    self._due[row_no] = due
                self._local(group.row_nos, SENDING, "")
                target = _group_target(group)
                busy.add(target)
                in_flight[pool.submit(self._send, group)] = ("send", list(group.row_nos), target)
            if not in_flight:
                if not settling or self.stopping:
                    break
                self._wait_for(min(due for due, _ in settling))
                continue
            timeout = max(0.05, min(due for due, _ in settling) - time.time()) if settling else None
            finished, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in finished:
                kind, row_nos, target = in_flight.pop(future)
                if kind == "send":
                    self._calls_done += 1
                verdicts = future.result()
                if kind == "check":
                    resolve_log(self.caller, [self._rows[n] for n in row_nos], verdicts)
                self._apply(verdicts)
                waiting = self._take_unknown(row_nos)
                if waiting:
                    self._was_unknown.update(waiting)
                    # Still busy: nothing more goes to this payment until the lookup has told.
                    settling.append(
                        (max(self._due.get(n, 0.0) for n in waiting), [self._rows[n] for n in waiting])
                    )
                else:
                    busy.discard(target)
                queue.extend(self._retries(row_nos))
            self._emit(PAUSING if self.stopping else RUNNING)

    def _wait_for(self, due: float) -> None:
        """Sleeps until ``due`` (a settle time), waking early for pause or cancel."""
        while not self.stopping:
            left = due - time.time()
            if left <= 0:
                return
            self._flags.pause.wait(min(left, 0.25))

    def _take_unknown(self, row_nos: Sequence[int]) -> list[int]:
        with self._unknown_lock:
            waiting = [n for n in row_nos if n in self._unknown]
            self._unknown.difference_update(waiting)
        return waiting

    def _retries(self, row_nos: Sequence[int]) -> list[Group]:
        """Rows found "not applied" after an unknown outcome go out once more."""
        again = [
            self._rows[n]
            for n in row_nos
            if self._rows[n].status == PENDING and self.store.attempts(self.batch_id, n) < MAX_ATTEMPTS
        ]
        retry = plan(again)
        self._calls_total += len(retry)
        return retry

    def _send(self, group: Group) -> Verdicts:
        """One call (in a worker thread) → a verdict per row. Never raises."""
        rows = [self._rows[n] for n in group.row_nos]
        row_ids = {row.row_no: row.product_order_id for row in rows}
        # The shop's order number the rows were found by, for the log (never sent).
        order_no = {"merchant_uid": rows[0].order_no} if rows and rows[0].order_no else {}
        try:
            result = self.caller.call(
                group.op_id,
                group.values,
                pg=group.pg,
                note=self.note,
                product_order_ids=group.product_order_ids or None,
                # A resend after the lookup found it not applied: the earlier call has settled.
                settled=any(row.row_no in self._was_unknown for row in rows),
                **order_no,
            )
        except (OutcomeUnknown, NotSettled):
            # Not looked up now: the server may still be working on it (``settle``); NotSettled:
            # nothing went out, another call of ours on this payment has not settled yet.
            with self._unknown_lock:
                self._unknown.update(row.row_no for row in rows)
            due = max(self._due.get(row.row_no, 0.0) for row in rows)
            return {row.row_no: (UNKNOWN, waiting_text(due)) for row in rows}
        except AlreadyDone as exc:  # team mode: the same change was just made by someone; not sent
            return {row.row_no: (DONE, f"이미 반영됨: {exc.message}") for row in rows}
        except TeamUnavailable as exc:  # team mode: no row could be written first, so nothing went out
            self._stop_note = TEAM_STOP_TEXT
            self._flags.pause.set()
            return {row.row_no: (PENDING, outcomes.reason_of(exc)) for row in rows}
        except NotSent as exc:  # team mode: another agent holds the target's claim; not sent
            return {row.row_no: (PENDING, exc.message) for row in rows}
        except AuthFailed as exc:
            self._stop_note = AUTH_STOP_TEXT
            self._flags.pause.set()
            # 401 changed nothing on the server: the rows may be sent again after the fix.
            return {row.row_no: (PENDING, outcomes.reason_of(exc)) for row in rows}
        except ValidationFailed as exc:
            return {row.row_no: (FAILED, outcomes.reason_of(exc)) for row in rows}
        except ApiError as exc:
            verdicts = outcomes.from_refusal(exc, row_ids)
            if verdicts is None:
                return self._verified(rows, outcomes.reason_of(exc))
            return self._read_refusals(rows, verdicts)
        except PortOneError as exc:  # NetworkError: an unreadable answer may hide a done change
            return self._verified(rows, outcomes.reason_of(exc))
        except Exception as exc:
            log.exception("bulk call failed unexpectedly")
            return self._verified(rows, outcomes.reason_of(exc))
        return self._read_refusals(rows, outcomes.from_result(result, row_ids))

    def _read_refusals(self, rows: Sequence[BulkRow], verdicts: Verdicts) -> Verdicts:
        """Rows PortOne did not return as done (``outcomes.REFUSED``) are settled by their orders'
        state (``verify.read_refusals``), never by the message's wording."""
        refused = {n: message for n, (status, message) in verdicts.items() if status == outcomes.REFUSED}
        if not refused:
            return verdicts
        before = {n: n in self._was_unknown for n in refused}
        try:
            read = read_refusals(self.caller, rows, refused, before)
        except Exception:
            log.exception("bulk refusal lookup failed unexpectedly")
            read = {n: (FAILED, message) for n, message in refused.items()}
        merged = {**verdicts, **read}
        mark_already(self.caller, rows, merged)
        return merged

    def _verified(self, rows: Sequence[BulkRow], failure: str | None) -> Verdicts:
        """Look the rows up. ``failure`` is the server's error: rows it did not apply failed with it;
        without one (no answer at all) they may be sent again. Where the lookup cannot show the
        change (발주확인), a bare error proves nothing either: the row gets its one re-send, whose
        answer settles it, and fails with the error only once its attempts are used up."""
        verdicts = self._verify(rows)
        if failure is None:
            return verdicts
        action = naver_action(rows[0].op_id) if rows else None

        def resend(row_no: int) -> bool:
            return bool(action and action.resend_verifies) and (
                self.store.attempts(self.batch_id, row_no) < MAX_ATTEMPTS
            )

        return {
            n: ((FAILED, failure) if status == PENDING and not resend(n) else (status, msg))
            for n, (status, msg) in verdicts.items()
        }

    def _verify(self, rows: Sequence[BulkRow]) -> Verdicts:
        try:
            return verify(self.caller, rows)
        except Exception:  # e.g. the activity log failed: the rows stay honestly unknown
            log.exception("bulk lookup failed unexpectedly")
            return {row.row_no: (UNKNOWN, LOOKUP_BROKEN) for row in rows}

    def _apply(self, verdicts: Verdicts) -> None:
        if not verdicts:
            return
        self.store.set_results(self.batch_id, [(n, s, m) for n, (s, m) in verdicts.items()])
        for row_no, (status, message) in verdicts.items():
            self._rows[row_no].flag(status, message)
        if self._on_rows:
            self._on_rows([(n, s, m) for n, (s, m) in verdicts.items()])

    def _local(self, row_nos: Sequence[int], status: str, message: str) -> None:
        for row_no in row_nos:
            self._rows[row_no].flag(status, message)
        if self._on_rows:
            self._on_rows([(n, status, message) for n in row_nos])

    def _finish(self) -> Progress:
        if self._flags.cancel.is_set():
            left = [n for n, row in self._rows.items() if row.status == PENDING]
            self.store.set_rows(self.batch_id, left, SKIPPED, CANCELLED_TEXT)
            self._local(left, SKIPPED, CANCELLED_TEXT)
        open_rows = [row for row in self._rows.values() if row.status in OPEN]
        if not open_rows:
            phase = CANCELLED if self._flags.cancel.is_set() else FINISHED
            self.store.set_status(
                self.batch_id, jobstore.CANCELLED if phase == CANCELLED else jobstore.FINISHED
            )
            self.store.scrub(self.batch_id)
        else:
            # Paused, or rows still unknown: the batch stays open and is offered for resume.
            phase = PAUSED
            self.store.set_status(self.batch_id, jobstore.PAUSED)
        return self._emit(phase)

    def _emit(self, phase: str) -> Progress:
        counts: dict[str, int] = {}
        for row in self._rows.values():
            counts[row.status] = counts.get(row.status, 0) + 1
        elapsed = time.monotonic() - self._started if self._started else 0.0
        eta = None
        left = self._calls_total - self._calls_done
        if self._calls_done and phase in (RUNNING, PAUSING):
            # Wall time per finished call already reflects how many run at once.
            eta = elapsed / self._calls_done * left
        progress = Progress(
            phase, len(self._rows), counts, self._calls_done, self._calls_total, elapsed, eta, self._stop_note
        )
        if self._on_progress:
            self._on_progress(progress)
        return progress


def _clamp(concurrency: int) -> int:
    return max(1, min(MAX_CONCURRENCY, int(concurrency)))


def _target(row: BulkRow) -> tuple[str, str]:
    return (row.op_id, row.merchant_uid if row.op_id == EXTERNAL_RECEIPT_OP else row.imp_uid)


def _group_target(group: Group) -> tuple[str, str]:
    if group.op_id == EXTERNAL_RECEIPT_OP:
        return (group.op_id, str(group.values.get("merchant_uid") or ""))
    return (group.op_id, group.imp_uid)


def _next_free(queue: deque[Group], busy: set[tuple[str, str]]) -> Group | None:
    """The first queued call whose payment has no call in flight (one change per payment at a time)."""
    for index, group in enumerate(queue):
        if _group_target(group) not in busy:
            del queue[index]
            return group
    return None
