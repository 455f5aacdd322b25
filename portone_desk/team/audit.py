"""The team's activity log on PostgreSQL, with the same interface as the local ``AuditLog``.

``begin`` writes the pending row *and* claims its targets in one transaction: if another agent holds
a live claim, or the same change was just made, the transaction is rolled back and ``ClaimHeld`` /
``AlreadyDone`` is raised — the service has not sent anything yet, so nothing is sent. If the
database cannot be reached, a mutation raises ``TeamUnavailable`` (never logged locally instead);
a lookup goes ahead unlogged, so the desk can still look things up.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from portone_desk.api.timefmt import format_kst
from portone_desk.store.audit import FINAL_OUTCOMES, SENT, UNKNOWN, AuditRow, _os_user, row_of
from portone_desk.store.audit_redact import redact_fields, scrub_text
from portone_desk.store.journal import AuditJournal
from portone_desk.team.errors import AlreadyDone, ClaimHeld, TeamSetupError, TeamUnavailable
from portone_desk.team.targets import SETTLE_MARGIN, settle_seconds, targets_of

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_READ_TIMEOUT = 30.0  # the API client's read timeout (PortOneClient.timeout)
REPEAT_WINDOW = 600.0  # the same change on the same target within 10 minutes is refused
IMPORTED_SUFFIX = " (가져옴)"
REFUSED_SQLSTATE = "DK409"  # desk.begin_activity: a live claim, or the same change just made
WATCH_EVERY = 15.0  # seconds between the banner's probes of the team database
OFFLINE_GRACE = 10.0  # seconds a lookup goes unlogged after the database was found unreachable
# A pending row of another session older than this is shown as unknown (its desk stopped).
_STALE_PENDING = 120.0
_SHOWN = (
    "CASE WHEN outcome = 'sent' AND session_id <> %(session)s"
    " AND started_at < desk.now_epoch() - %(stale)s THEN 'unknown' ELSE outcome END"
)
_TEXT_COLUMNS = (
    "imp_uid",
    "merchant_uid",
    "product_order_ids",
    "succeeded_ids",
    "failed_ids",
    "message",
    "reason",
    "operation",
    "profile_name",
    "agent_name",
)


@dataclass(frozen=True)
class Agent:
    login: str
    display_name: str
    is_lead: bool


def open_pool(dsn: str, *, max_size: int = 4, timeout: float = 5.0) -> Any:
    """A small pool. Connections are not checked on checkout (a round trip per action): a dropped
    one fails on first use and ``TeamAudit._run`` tries once more on a fresh one."""
    from psycopg_pool import ConnectionPool

    # Each failed reconnect is a warning there; the desk shows one banner instead.
    logging.getLogger("psycopg.pool").setLevel(logging.ERROR)
    pool = ConnectionPool(
        dsn,
        min_size=1,
        max_size=max_size,
        timeout=timeout,
        open=False,
        kwargs={"autocommit": True, "application_name": "portone-desk"},
        name="portone-desk-team",
    )
    pool.open(wait=False)
    return pool


class TeamAudit:
    """Thread-safe (the pool hands each thread its own connection)."""

    def __init__(
        self,
        dsn: str,
        *,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        repeat_window: float = REPEAT_WINDOW,
        settle_margin: float = SETTLE_MARGIN,
        pool_size: int = 4,
        connect_timeout: float = 5.0,
        os_user: str | None = None,
        journal_path: Path | str | None = None,
    ) -> None:
        self.session_id = uuid.uuid4().hex
        self.dsn = dsn  # for the shared batch store of the same team database (never shown or logged)
        self.skipped_rows = 0  # the local log's damaged-row count; the team log has none
        # Outcomes of finished calls the team database could not take wait here (issue 9's journal),
        # replayed at the next write. Only outcomes: a call is never *started* without its team row.
        self.journal = AuditJournal(journal_path) if journal_path else None
        self.read_timeout = read_timeout
        self.repeat_window = repeat_window
        self.settle_margin = settle_margin
        self._os_user = os_user if os_user is not None else _os_user()
        self._pool = open_pool(dsn, max_size=pool_size, timeout=connect_timeout)
        self._offline_until = 0.0  # lookups skip the log (instead of waiting) until then
        self._me: Agent | None = None
        self._me_lock = threading.Lock()
        self._stop_watch = threading.Event()

    def close(self) -> None:
        self._stop_watch.set()
        self._pool.close()

    def watch(self, on_change: Callable[[bool], None], every: float | None = None) -> None:
        """Probe the database every ``every`` seconds on a daemon thread and call ``on_change(online)``
        first and whenever it changes (for the desk's banner; never on the GUI thread)."""

        def loop() -> None:
            pause = WATCH_EVERY if every is None else every
            last: bool | None = None
            while not self._stop_watch.is_set():
                online = self.available()
                if online != last:
                    last = online
                    on_change(online)
                if online:  # at start and once the database is back: outcomes that waited go in
                    self.catch_up()
                self._stop_watch.wait(pause)

        threading.Thread(target=loop, name="team-db-watch", daemon=True).start()

    def __enter__(self) -> TeamAudit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- connection ---------------------------------------------------------------------------------

    @contextmanager
    def _conn(self) -> Iterator[Any]:
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self._pool.connection() as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            self._offline_until = time.monotonic() + OFFLINE_GRACE
            raise TeamUnavailable(_reason(exc)) from exc
        self._offline_until = 0.0

    def _run(self, work: Callable[[Any], T], *, retried: Callable[[Any], T] | None = None) -> T:
        """``work`` on a pooled connection. A connection the server dropped while it sat in the pool
        (a restart) fails on first use: then once more on a fresh one (``retried`` if given, for a
        statement that may have been applied by the first try)."""
        try:
            with self._conn() as conn:
                return work(conn)
        except TeamUnavailable as exc:
            if type(exc.__cause__).__name__ == "PoolTimeout":
                raise
        with self._conn() as conn:
            return (retried or work)(conn)

    def available(self) -> bool:
        """One round trip: whether the team database answers now (for the desk's banner)."""
        try:
            with self._conn() as conn:
                conn.execute("SELECT 1")
            return True
        except TeamUnavailable:
            return False

    def me(self) -> Agent:
        """This login as the team knows it; refuses a superuser or a login that is not an agent."""
        with self._me_lock:
            if self._me is None:
                import psycopg

                with self._conn() as conn:
                    superuser = conn.execute(
                        "SELECT rolsuper FROM pg_roles WHERE rolname = session_user"
                    ).fetchone()
                    if superuser is None or superuser[0]:
                        raise TeamSetupError(
                            "관리자(슈퍼유저) 계정으로는 데스크를 쓸 수 없습니다. 상담원 계정으로 연결하세요"
                        )
                    try:
                        found = conn.execute(
                            "SELECT login, display_name, is_lead FROM desk.agent WHERE login = session_user"
                        ).fetchone()
                    except psycopg.errors.InsufficientPrivilege:
                        found = None
                if found is None:
                    raise TeamSetupError("이 로그인은 팀에 등록된 상담원이 아닙니다 (team add-agent)")
                self._me = Agent(str(found[0]), found[1], bool(found[2]))
            return self._me

    def agents(self) -> list[Agent]:
        with self._conn() as conn:
            rows = conn.execute("SELECT login, display_name, is_lead FROM desk.agent ORDER BY display_name")
            return [Agent(str(r[0]), r[1], bool(r[2])) for r in rows.fetchall()]

    # --- writing ------------------------------------------------------------------------------------

    def begin(
        self,
        operation: str,
        values: Mapping[str, Any] | None = None,
        *,
        profile_name: str = "",
        agent_name: str = "",  # ignored: the database sets the agent from the login
        mutating: bool = True,
        imp_uid: str | None = None,
        merchant_uid: str | None = None,
        product_order_ids: Iterable[str] | None = None,
        reason: str | None = None,
    ) -> int | None:
        """The pending row (and, for a mutation, its claims) in one transaction; its id.

        Returns None for a lookup while the database is down (the lookup goes ahead unlogged)."""
        if not mutating and time.monotonic() < self._offline_until:
            return None  # the database was just unreachable: do not make a lookup wait for it
        values = dict(values or {})
        if product_order_ids is None:
            raw = values.get("product_order_ids", values.get("product_order_id"))
            product_order_ids = [raw] if isinstance(raw, str) and raw else list(raw or [])
        ids = [str(v) for v in product_order_ids]
        if reason is None:
            reason = " / ".join(str(values[k]) for k in ("reason", "memo") if values.get(k))
        imp = str(imp_uid or values.get("imp_uid") or "")
        merchant = str(merchant_uid or values.get("merchant_uid") or "")
        targets = targets_of(operation, {"imp_uid": imp, "merchant_uid": merchant}, ids) if mutating else []
        row = {
            "session_id": self.session_id,
            "os_user": self._os_user,
            "profile_name": profile_name,
            "operation": operation,
            "mutating": mutating,
            "imp_uid": imp,
            "merchant_uid": merchant,
            "product_order_ids": json.dumps(ids, ensure_ascii=False),
            "reason": scrub_text(reason),
            "details": json.dumps(redact_fields(values), ensure_ascii=False, default=str),
            "targets": targets,
        }
        settle = settle_seconds(operation, self.read_timeout, self.settle_margin)
        params = (*row.values(), settle, self.repeat_window)
        marks = ", ".join(["%s"] * len(params))

        def write(conn: Any) -> int:
            found = conn.execute(f"SELECT desk.begin_activity({marks})", params).fetchone()
            return int(found[0])

        try:
            self.me()  # refuses a superuser or a login that is not an agent (once, then cached)
            row_id = self._run(write)
        except TeamUnavailable:
            if mutating:
                raise
            log.warning("팀 데이터베이스에 연결할 수 없어 조회를 기록하지 않았습니다")
            return None
        except Exception as exc:
            refusal = _refusal(exc)
            if refusal is None:
                raise
            state, holder, since = refusal
            since_text = format_kst(since)[-8:-3]  # HH:MM
            if state == "done":
                raise AlreadyDone(holder, since_text, operation=operation) from None
            raise ClaimHeld(holder, since_text, operation=operation) from None
        # The next call is a chance for outcomes that waited (never an error of this call: its row
        # is written and its claims taken, so it goes ahead).
        if self.journal is not None and self.journal.path.exists():
            self.catch_up()
        return row_id

    def finish(
        self,
        row_id: int,
        outcome: str,
        http_status: int | None = None,
        code: int | None = None,
        message: str = "",
        succeeded_ids: Iterable[str] = (),
        failed_ids: Iterable[str] = (),
        duration_ms: int | None = None,
    ) -> None:
        if outcome not in FINAL_OUTCOMES:
            raise ValueError(f"outcome must be one of {FINAL_OUTCOMES}, not {outcome!r}")
        params = (
            outcome,
            http_status,
            code,
            scrub_text(message),
            json.dumps([str(v) for v in succeeded_ids], ensure_ascii=False),
            json.dumps([str(v) for v in failed_ids], ensure_ascii=False),
            None if duration_ms is None else int(duration_ms),
            row_id,
        )
        sql = (
            "UPDATE desk.activity SET outcome = %s, http_status = %s, code = %s, message = %s,"
            " succeeded_ids = %s, failed_ids = %s,"
            " duration_ms = coalesce(%s, round((desk.now_epoch() - started_at) * 1000)::integer)"
            " WHERE id = %s"
        )

        def write(conn: Any) -> None:
            if conn.execute(sql, params).rowcount != 1:
                raise KeyError(row_id)

        def write_again(conn: Any) -> None:
            # The first try may have been applied before the connection dropped.
            found = conn.execute("SELECT outcome FROM desk.activity WHERE id = %s", (row_id,)).fetchone()
            if found is None:
                raise KeyError(row_id)
            if found[0] == SENT:
                write(conn)

        self._run(write, retried=write_again)

    def finish_or_journal(self, row_id: int, outcome: str, **details: Any) -> bool:
        """Completes the row, or keeps the outcome in the local journal when the team database cannot
        take it now. True when written; False when it waits (or, without a journal, is lost to the
        log: the row then reads 결과 미확인 and its claim lasts until the settle time)."""
        try:
            self.finish(row_id, outcome, **details)
            return True
        except TeamUnavailable:
            if self.journal is None:
                log.warning("팀 기록에 결과를 쓰지 못했습니다 (row %s)", row_id)
                return False
            entry = {"row_id": row_id, "outcome": outcome, **details}
            entry["succeeded_ids"] = list(entry.get("succeeded_ids") or ())
            entry["failed_ids"] = list(entry.get("failed_ids") or ())
            self.journal.append(entry)
            return False

    def catch_up(self) -> int:
        """Writes outcomes waiting in the journal, if any, without raising (the next start, the
        banner's probe): how many were written; 0 while the database is still away."""
        try:
            return self.replay_journal()
        except Exception:
            log.warning("팀 기록 대기 항목을 아직 쓰지 못했습니다", exc_info=True)
            return 0

    def replay_journal(self) -> int:
        """Completes this agent's pending rows from the journal (pending → final, once, as the
        append-only rules allow); entries the database cannot take now stay for the next chance."""
        if self.journal is None or not self.journal.path.exists():
            return 0

        def apply(entry: dict[str, Any]) -> None:
            try:
                self.finish(**entry)
            except (KeyError, TypeError, ValueError):
                log.warning("팀 기록 대기 항목을 옮길 곳이 없어 버립니다 (row %s)", entry.get("row_id"))
            except Exception as exc:
                if _is_append_only(exc):  # written by an earlier replay that was cut short
                    return
                raise

        return self.journal.replay(apply)

    def resolve(self, row_ids: Iterable[int], outcome: str, message: str) -> None:
        """A later lookup decided what unknown calls did. The team log is append-only: each gets a new
        row (``resolves`` = its id) by the agent who looked, and the call's claims end."""
        if outcome not in FINAL_OUTCOMES:
            raise ValueError(outcome)
        ids = list(row_ids)

        def write(conn: Any) -> None:
            for row_id in ids:
                conn.execute(
                    "SELECT desk.resolve_activity(%s, %s, %s, %s)",
                    (row_id, outcome, scrub_text(message), self.session_id),
                )

        self._run(write)

    def unsettled_since(
        self, operation: str, since: float, imp_uid: str = "", merchant_uid: str = ""
    ) -> list[AuditRow]:
        """Nothing: in team mode the claim taken in ``begin`` is the settle guard. A call in flight
        or of unknown outcome keeps its target's claim until no answer of it can still apply (or a
        lookup resolves it), so a resend from any desk is refused there (``ClaimHeld``), in the
        same statement that writes the row — no extra round trip, and on the database's clock."""
        return []

    def unknown_rows(self, operation: str, imp_uid: str = "", merchant_uid: str = "") -> list[AuditRow]:
        """This target's calls of ``operation`` that read unknown and no later lookup has resolved."""
        clauses = [
            f"({_SHOWN}) = 'unknown'",
            "operation = %(op)s",
            "NOT EXISTS (SELECT FROM desk.activity r WHERE r.resolves = desk.activity.id)",
        ]
        params: dict[str, Any] = {"op": operation}
        if imp_uid:
            clauses.append("imp_uid = %(imp)s")
            params["imp"] = imp_uid
        if merchant_uid:
            clauses.append("merchant_uid = %(merchant)s")
            params["merchant"] = merchant_uid
        return self._select(" AND ".join(clauses), params, 100)

    def import_rows(self, rows: Sequence[AuditRow]) -> int:
        """Upload another log's rows (a lead's login), marked imported, with their agent names.

        Rows already uploaded (same agent, operation and start time) are not uploaded again."""
        added = 0
        with self._conn() as conn, conn.transaction():
            for r in rows:
                exists = conn.execute(
                    "SELECT 1 FROM desk.activity WHERE imported AND started_at = %s AND operation = %s"
                    " AND agent_name = %s AND imp_uid = %s LIMIT 1",
                    (r.time, r.operation, r.agent_name, r.imp_uid),
                ).fetchone()
                if exists:
                    continue
                conn.execute(
                    "INSERT INTO desk.activity (session_id, imported, agent_name, os_user, profile_name,"
                    " operation, mutating, imp_uid, merchant_uid, product_order_ids, reason, details,"
                    " started_at, finished_at, outcome, http_status, code, message, succeeded_ids,"
                    " failed_ids, duration_ms) VALUES (%s, true, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
                    " %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        f"import:{self.session_id}",
                        r.agent_name,
                        r.os_user,
                        r.profile_name,
                        r.operation,
                        r.mutating,
                        r.imp_uid,
                        r.merchant_uid,
                        json.dumps(list(r.product_order_ids), ensure_ascii=False),
                        r.reason,
                        json.dumps(r.details, ensure_ascii=False, default=str),
                        r.time,
                        None if r.outcome == SENT else r.time + (r.duration_ms or 0) / 1000,
                        UNKNOWN if r.outcome == SENT else r.outcome,
                        r.http_status,
                        r.code,
                        r.message,
                        json.dumps(list(r.succeeded_ids), ensure_ascii=False),
                        json.dumps(list(r.failed_ids), ensure_ascii=False),
                        r.duration_ms,
                    ),
                )
                added += 1
        return added

    # --- reading ------------------------------------------------------------------------------------

    def get(self, row_id: int) -> AuditRow | None:
        rows = self._select("id = %(id)s", {"id": row_id}, 1)
        return rows[0] if rows else None

    def query(
        self,
        since: float | None = None,
        until: float | None = None,
        operation: str | Sequence[str] | None = None,
        outcome: str | None = None,
        text: str | None = None,
        limit: int = 1000,
        agent: str | None = None,
    ) -> list[AuditRow]:
        """As ``AuditLog.query``, plus ``agent``: a login or a display name (imported rows by name)."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if since is not None:
            clauses.append("started_at >= %(since)s")
            params["since"] = since
        if until is not None:
            clauses.append("started_at < %(until)s")
            params["until"] = until
        if operation:
            params["ops"] = [operation] if isinstance(operation, str) else list(operation)
            clauses.append("operation = ANY(%(ops)s)")
        if outcome:
            clauses.append(f"({_SHOWN}) = %(outcome)s")
            params["outcome"] = outcome
        if agent:
            clauses.append("((login = %(agent)s AND NOT imported) OR agent_name = %(agent)s)")
            params["agent"] = agent
        if text and text.strip():
            params["text"] = "%" + _escape_like(text.strip()) + "%"
            clauses.append("(" + " OR ".join(f"{c} ILIKE %(text)s" for c in _TEXT_COLUMNS) + ")")
        return self._select(" AND ".join(clauses) or "true", params, limit)

    def _select(self, where: str, params: dict[str, Any], limit: int) -> list[AuditRow]:
        sql = (
            f"SELECT *, ({_SHOWN}) AS shown FROM desk.activity WHERE {where}"
            " ORDER BY started_at DESC, id DESC LIMIT %(limit)s"
        )
        params = {**params, "session": self.session_id, "stale": _STALE_PENDING, "limit": int(limit)}
        from psycopg.rows import dict_row

        def read(conn: Any) -> list[dict[str, Any]]:
            with conn.cursor(row_factory=dict_row) as cursor:
                return list(cursor.execute(sql, params).fetchall())

        return [_to_row(r) for r in self._run(read)]

    @staticmethod
    def export_csv(rows: Sequence[AuditRow], path: Path | str) -> None:
        from portone_desk.store.audit_export import export_csv

        export_csv(rows, path)

    @staticmethod
    def export_xlsx(rows: Sequence[AuditRow], path: Path | str) -> None:
        from portone_desk.store.audit_export import export_xlsx

        export_xlsx(rows, path)


def _refusal(exc: BaseException) -> tuple[str, str, float] | None:
    """(state, holder, since) of a claim refusal raised by ``desk.begin_activity``, else None."""
    if getattr(exc, "sqlstate", None) != REFUSED_SQLSTATE:
        return None
    diag = exc.diag  # type: ignore[attr-defined]
    detail = json.loads(diag.message_detail or "{}")
    return str(diag.message_primary), str(detail.get("holder") or ""), float(detail.get("since") or 0)


def _to_row(r: dict[str, Any]) -> AuditRow:
    """The local log's mapping; an imported row's agent keeps its "(가져옴)" mark."""
    return row_of({**r, "agent_name": r["agent_name"] + (IMPORTED_SUFFIX if r["imported"] else "")})


def _is_append_only(exc: BaseException) -> bool:
    return getattr(exc, "sqlstate", None) == "42501" and "append-only" in str(exc)


def _reason(exc: BaseException) -> str:
    # The driver's text can carry the host and login; the agent needs only that it is unreachable.
    return "연결 시간 초과" if type(exc).__name__ == "PoolTimeout" else "연결이 끊어졌습니다"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
