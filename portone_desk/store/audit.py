"""The activity log: who called what, when, and how it ended, in local SQLite.

A row is written *before* the call (outcome ``sent``) and completed after it, so a crash or a
kill leaves a row that honestly says "result unknown" instead of leaving nothing.
"""

from __future__ import annotations

import getpass
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portone_desk.api.timefmt import format_kst
from portone_desk.store.audit_redact import redact_fields, scrub_text
from portone_desk.store.journal import AuditJournal

log = logging.getLogger(__name__)

SENT, OK, PARTIAL, FAILED, UNKNOWN, ALREADY = "sent", "ok", "partial", "failed", "unknown", "already"
# A lookup that found nothing (404) is an answer, not a failure.
NONE = "none"
OUTCOMES = (SENT, OK, PARTIAL, FAILED, UNKNOWN, ALREADY, NONE)
FINAL_OUTCOMES = (OK, PARTIAL, FAILED, UNKNOWN, ALREADY, NONE)
# What a verification may settle an unknown row to.
SETTLED_OUTCOMES = (OK, FAILED, ALREADY)
OUTCOME_LABELS = {
    OK: "완료",
    PARTIAL: "일부 완료",
    FAILED: "실패",
    UNKNOWN: "결과 미확인",
    ALREADY: "이미 반영됨",
    SENT: "전송됨",
    NONE: "없음",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at REAL NOT NULL,
    finished_at REAL,
    session_id TEXT NOT NULL,
    os_user TEXT NOT NULL,
    agent_name TEXT NOT NULL,
    profile_name TEXT NOT NULL,
    operation TEXT NOT NULL,
    mutating INTEGER NOT NULL,
    imp_uid TEXT NOT NULL,
    merchant_uid TEXT NOT NULL,
    product_order_ids TEXT NOT NULL,
    reason TEXT NOT NULL,
    details TEXT NOT NULL,
    outcome TEXT NOT NULL,
    http_status INTEGER,
    code INTEGER,
    message TEXT NOT NULL,
    succeeded_ids TEXT NOT NULL,
    failed_ids TEXT NOT NULL,
    duration_ms INTEGER
);
CREATE INDEX IF NOT EXISTS audit_started ON audit (started_at);
-- settled_at / settled_how: when and how a later verification settled an unknown outcome
-- (added by migration in _migrate for logs written before).
CREATE INDEX IF NOT EXISTS audit_operation ON audit (operation, started_at);
"""

# Rows left "sent" by an earlier session (a crash or kill) are shown as unknown; rows of this
# session are still in flight.
_SHOWN_OUTCOME = "CASE WHEN outcome = 'sent' AND session_id <> :session THEN 'unknown' ELSE outcome END"
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
class AuditRow:
    id: int
    time: float  # UNIX seconds when the call was sent
    os_user: str
    agent_name: str
    profile_name: str
    operation: str
    mutating: bool
    imp_uid: str
    merchant_uid: str
    product_order_ids: tuple[str, ...]
    reason: str
    outcome: str  # as shown: a "sent" row of an earlier session reads "unknown"
    http_status: int | None
    code: int | None
    message: str
    succeeded_ids: tuple[str, ...]
    failed_ids: tuple[str, ...]
    duration_ms: int | None
    details: dict[str, Any] = field(default_factory=dict)  # redacted input values
    interrupted: bool = False  # the app stopped before the call's result was recorded
    settled_at: float | None = None  # when a verification settled an unknown outcome
    settled_how: str = ""  # how ("영수증 조회로 확인: 발급됨")

    @property
    def time_kst(self) -> str:
        return format_kst(self.time)

    @property
    def outcome_label(self) -> str:
        label = OUTCOME_LABELS.get(self.outcome, self.outcome)
        if self.settled_at is not None:
            return f"{label} (확인됨 {format_kst(self.settled_at)[5:16]})"
        return label


class AuditLog:
    """Thread-safe: one connection guarded by a lock, WAL so other processes can read meanwhile."""

    def __init__(
        self, db_path: Path | str, *, os_user: str | None = None, busy_timeout: float = 10.0
    ) -> None:
        self.session_id = uuid.uuid4().hex
        self.skipped_rows = 0  # rows a query could not read (damage), for the history view
        self._os_user = os_user if os_user is not None else _os_user()
        self._lock = threading.Lock()
        self.path = Path(db_path)
        # Outcomes the log could not take (disk full, locked) wait here; see ``store/journal``.
        self.journal = AuditJournal(self.path.with_name(self.path.name + ".journal"))
        self._conn = sqlite3.connect(
            str(db_path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a crash or kill of the app; only power loss may lose
            # the latest rows.
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(_SCHEMA)
            self._migrate()
        self.replay_journal()

    def _migrate(self) -> None:
        have = {row[1] for row in self._conn.execute("PRAGMA table_info(audit)")}
        for column, kind in (("settled_at", "REAL"), ("settled_how", "TEXT NOT NULL DEFAULT ''")):
            if column not in have:
                self._conn.execute(f"ALTER TABLE audit ADD COLUMN {column} {kind}")

    def replay_journal(self) -> int:
        """Writes outcomes kept in the journal into the log; how many were written."""

        def apply(entry: dict[str, Any]) -> None:
            try:
                self.finish(**entry)
            except (KeyError, TypeError, ValueError):
                log.warning("활동 기록 대기 항목을 옮길 곳이 없어 버립니다 (row %s)", entry.get("row_id"))

        return self.journal.replay(apply)

    def finish_or_journal(self, row_id: int, outcome: str, **details: Any) -> bool:
        """Completes the row, or — if the log cannot take it now — keeps the outcome in the journal
        for later. True when the row was written, False when it waits in the journal."""
        try:
            self.finish(row_id, outcome, **details)
            return True
        except sqlite3.Error:
            entry = {"row_id": row_id, "outcome": outcome, **details}
            entry["succeeded_ids"] = list(entry.get("succeeded_ids") or ())
            entry["failed_ids"] = list(entry.get("failed_ids") or ())
            self.journal.append(entry)
            return False

    def resolve(self, row_ids: Iterable[int], outcome: str, message: str) -> None:
        """A later lookup (bulk or a desk verification) decided what a call did: the rows say so,
        when and how (message kept first). Only a row not known to have worked is changed — in
        flight, unknown, or failed (a refusal later read as 이미 반영됨); a known success stays."""
        if outcome not in FINAL_OUTCOMES:
            raise ValueError(outcome)
        now, how = time.time(), scrub_text(message)
        with self._lock:
            self._conn.executemany(
                "UPDATE audit SET outcome = ?, settled_at = ?, settled_how = ?,"
                " message = CASE WHEN message = '' THEN ? ELSE message || ' → ' || ? END"
                " WHERE id = ? AND outcome IN ('sent', 'unknown', 'failed')",
                [(outcome, now, how, how, how, row_id) for row_id in row_ids],
            )

    def unsettled_since(
        self, operation: str, since: float, imp_uid: str = "", merchant_uid: str = ""
    ) -> list[AuditRow]:
        """Calls of ``operation`` on this target started at or after ``since`` whose outcome is not
        known: in flight (any session) or unknown."""
        clauses = ["outcome IN ('sent', 'unknown')", "operation = :op", "started_at >= :since"]
        params: dict[str, Any] = {"op": operation, "since": since}
        if imp_uid:
            clauses.append("imp_uid = :imp")
            params["imp"] = imp_uid
        if merchant_uid:
            clauses.append("merchant_uid = :merchant")
            params["merchant"] = merchant_uid
        return self._select("WHERE " + " AND ".join(clauses), params, 20)

    def unknown_rows(self, operation: str, imp_uid: str = "", merchant_uid: str = "") -> list[AuditRow]:
        """This target's calls of ``operation`` whose outcome is (shown as) unknown."""
        clauses = [f"({_SHOWN_OUTCOME}) = 'unknown'", "operation = :op"]
        params: dict[str, Any] = {"op": operation}
        if imp_uid:
            clauses.append("imp_uid = :imp")
            params["imp"] = imp_uid
        if merchant_uid:
            clauses.append("merchant_uid = :merchant")
            params["merchant"] = merchant_uid
        return self._select("WHERE " + " AND ".join(clauses), params, 100)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def begin(
        self,
        operation: str,
        values: Mapping[str, Any] | None = None,
        *,
        profile_name: str = "",
        agent_name: str = "",
        mutating: bool = True,
        imp_uid: str | None = None,
        merchant_uid: str | None = None,
        product_order_ids: Iterable[str] | None = None,
        reason: str | None = None,
    ) -> int:
        """Record a call about to be sent; ids and reason default to those found in ``values``.
        Outcomes waiting in the journal go into the log first (the "next chance")."""
        if self.journal.path.exists():
            self.replay_journal()
        values = values or {}
        if product_order_ids is None:
            product_order_ids = _as_list(values.get("product_order_ids", values.get("product_order_id")))
        if reason is None:
            reason = " / ".join(str(values[k]) for k in ("reason", "memo") if values.get(k))
        row = {
            "started_at": time.time(),
            "session_id": self.session_id,
            "os_user": self._os_user,
            "agent_name": agent_name,
            "profile_name": profile_name,
            "operation": operation,
            "mutating": int(mutating),
            "imp_uid": str(imp_uid or values.get("imp_uid") or ""),
            "merchant_uid": str(merchant_uid or values.get("merchant_uid") or ""),
            "product_order_ids": _json_list(product_order_ids),
            "reason": scrub_text(reason),
            "details": json.dumps(redact_fields(values), ensure_ascii=False, default=str),
            "outcome": SENT,
            "message": "",
            "succeeded_ids": "[]",
            "failed_ids": "[]",
        }
        columns = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        with self._lock:
            cursor = self._conn.execute(f"INSERT INTO audit ({columns}) VALUES ({marks})", row)
            assert cursor.lastrowid is not None
            return cursor.lastrowid

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
        """Complete a row; ``duration_ms`` defaults to the time since :meth:`begin`."""
        if outcome not in FINAL_OUTCOMES:
            raise ValueError(f"outcome must be one of {FINAL_OUTCOMES}, not {outcome!r}")
        now = time.time()
        with self._lock:
            found = self._conn.execute("SELECT started_at FROM audit WHERE id = ?", (row_id,)).fetchone()
            if found is None:
                raise KeyError(row_id)
            if duration_ms is None:
                duration_ms = max(0, round((now - found[0]) * 1000))
            self._conn.execute(
                "UPDATE audit SET finished_at = ?, outcome = ?, http_status = ?, code = ?, message = ?,"
                " succeeded_ids = ?, failed_ids = ?, duration_ms = ? WHERE id = ?",
                (
                    now,
                    outcome,
                    http_status,
                    code,
                    scrub_text(message),
                    _json_list(succeeded_ids),
                    _json_list(failed_ids),
                    int(duration_ms),
                    row_id,
                ),
            )

    def forget_profile(self, profile_name: str) -> int:
        """Delete every row of one profile: only for the training sandbox's practice rows, which a
        trainer clears between trainees. Returns how many went."""
        with self._lock:
            cursor = self._conn.execute("DELETE FROM audit WHERE profile_name = ?", (profile_name,))
            return int(cursor.rowcount)

    def get(self, row_id: int) -> AuditRow | None:
        rows = self._select("WHERE id = :id", {"id": row_id}, 1)
        return rows[0] if rows else None

    def query(
        self,
        since: float | None = None,
        until: float | None = None,
        operation: str | Sequence[str] | None = None,
        outcome: str | None = None,
        text: str | None = None,
        limit: int = 1000,
    ) -> list[AuditRow]:
        """Newest first. ``since`` is inclusive and ``until`` exclusive (UNIX seconds);
        ``outcome`` matches as shown (``unknown`` includes rows interrupted by a crash);
        ``text`` matches ids, message, reason/memo, operation, profile and agent."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if since is not None:
            clauses.append("started_at >= :since")
            params["since"] = since
        if until is not None:
            clauses.append("started_at < :until")
            params["until"] = until
        if operation:
            ops = [operation] if isinstance(operation, str) else list(operation)
            names = [f":op{i}" for i in range(len(ops))]
            clauses.append(f"operation IN ({', '.join(names)})")
            params.update({f"op{i}": op for i, op in enumerate(ops)})
        if outcome:
            clauses.append(f"({_SHOWN_OUTCOME}) = :outcome")
            params["outcome"] = outcome
        if text and text.strip():
            params["text"] = "%" + _escape_like(text.strip()) + "%"
            matches = " OR ".join(f"{col} LIKE :text ESCAPE '\\'" for col in _TEXT_COLUMNS)
            clauses.append(f"({matches})")
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._select(where, params, limit)

    def _select(self, where: str, params: dict[str, Any], limit: int) -> list[AuditRow]:
        sql = (
            f"SELECT *, ({_SHOWN_OUTCOME}) AS shown FROM audit {where} "
            "ORDER BY started_at DESC, id DESC LIMIT :limit"
        )
        params = {**params, "session": self.session_id, "limit": int(limit)}
        records: list[dict[str, Any]] = []
        with self._lock:
            cursor = self._conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            while True:
                try:
                    values = cursor.fetchone()
                except sqlite3.DatabaseError:  # a damaged page: show the rows read so far
                    log.exception("활동 기록의 일부를 읽지 못했습니다")
                    self.skipped_rows += 1
                    break
                if values is None:
                    break
                records.append(dict(zip(names, values, strict=True)))
        rows = []
        for record in records:
            try:
                rows.append(row_of(record))
            except (ValueError, TypeError, KeyError):  # one bad row must not hide the rest
                self.skipped_rows += 1
        return rows


def row_of(r: dict[str, Any]) -> AuditRow:
    """One stored activity row (SQLite here, PostgreSQL in team mode: same columns) as an AuditRow."""
    return AuditRow(
        id=int(r["id"]),
        time=float(r["started_at"]),
        os_user=r["os_user"],
        agent_name=r["agent_name"],
        profile_name=r["profile_name"],
        operation=r["operation"],
        mutating=bool(r["mutating"]),
        imp_uid=r["imp_uid"],
        merchant_uid=r["merchant_uid"],
        product_order_ids=tuple(json.loads(r["product_order_ids"])),
        reason=r["reason"],
        outcome=r["shown"],
        http_status=r["http_status"],
        code=r["code"],
        message=r["message"],
        succeeded_ids=tuple(json.loads(r["succeeded_ids"])),
        failed_ids=tuple(json.loads(r["failed_ids"])),
        duration_ms=r["duration_ms"],
        details=json.loads(r["details"]),
        interrupted=r["outcome"] == SENT and r["shown"] == UNKNOWN,
        settled_at=r.get("settled_at"),
        settled_how=r.get("settled_how") or "",
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service or container setups
        return ""


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _json_list(values: Iterable[Any] | None) -> str:
    return json.dumps([str(v) for v in (values or ())], ensure_ascii=False)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
