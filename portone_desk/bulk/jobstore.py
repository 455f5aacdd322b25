"""Batches and their rows in SQLite, written as the run goes, so a closed or killed app can resume.

A row is marked ``sending`` *before* its call leaves and ``done`` / ``failed`` after, so after a
kill every row is either settled or honestly "we sent it and do not know". WAL with
``synchronous=NORMAL`` keeps every committed change through a process kill.

The store keeps what a resume needs to send, which for receipts includes the buyer's identifier;
once a batch is over, ``scrub`` masks those values.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from portone_desk.api.masking import mask_identifier
from portone_desk.api.personal_text import mask_personal_text
from portone_desk.bulk import FILE_NAME as FILE_NAME  # re-exported: callers name it from here
from portone_desk.bulk.leases import BatchLeased, Lease, LeaseHolder, is_stale
from portone_desk.bulk.rows import OPEN, BulkRow

DRAFT, RUNNING, PAUSED, CANCELLED, FINISHED = "draft", "running", "paused", "cancelled", "finished"
BATCH_LABELS = {
    DRAFT: "확인 완료",
    RUNNING: "실행 중",
    PAUSED: "일시정지",
    CANCELLED: "취소됨",
    FINISHED: "완료",
}
log = logging.getLogger(__name__)

# Personal values a resume needs but a finished batch does not.
_PERSONAL = ("identifier", "buyer_tel", "buyer_email", "buyer_name")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    profile_id TEXT NOT NULL,
    profile_name TEXT NOT NULL,
    status TEXT NOT NULL,
    concurrency INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_row (
    batch_id INTEGER NOT NULL REFERENCES batch(id) ON DELETE CASCADE,
    row_no INTEGER NOT NULL,
    op_id TEXT NOT NULL,
    values_json TEXT NOT NULL,
    pg TEXT,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    warnings_json TEXT NOT NULL,
    order_no TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL,
    verify_after REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (batch_id, row_no)
);
CREATE INDEX IF NOT EXISTS batch_row_status ON batch_row (batch_id, status);
CREATE TABLE IF NOT EXISTS batch_lease (
    batch_id INTEGER PRIMARY KEY,
    holder_id TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    label TEXT NOT NULL,
    acquired_at REAL NOT NULL,
    heartbeat REAL NOT NULL
);
"""
# Row states whose target another batch must not send again: done, or possibly out there.
_TAKEN = ("done", "sending", "unknown")


@dataclass(frozen=True)
class BatchInfo:
    id: int
    created_at: float
    updated_at: float
    kind: str
    source: str
    profile_id: str
    profile_name: str
    status: str
    concurrency: int
    counts: dict[str, int] = field(default_factory=dict)  # row status → rows
    holder: Lease | None = None  # the live lease of the run that has it, if any

    @property
    def open_rows(self) -> int:
        """Rows still to send or to confirm."""
        return sum(self.counts.get(status, 0) for status in OPEN)

    @property
    def status_label(self) -> str:
        return BATCH_LABELS.get(self.status, self.status)


class JobStore:
    """Thread-safe: one connection behind a lock (the runner's threads and the GUI share it)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            # Masked identifiers must not linger in freed pages.
            self._conn.execute("PRAGMA secure_delete=ON")
            self._conn.executescript(_SCHEMA)
            # Batches stored before the order-number column (a Naver sheet's 주문번호) get it empty.
            columns = {record[1] for record in self._conn.execute("PRAGMA table_info(batch_row)")}
            if "order_no" not in columns:
                self._conn.execute("ALTER TABLE batch_row ADD COLUMN order_no TEXT NOT NULL DEFAULT ''")
            if "verify_after" not in columns:
                self._conn.execute("ALTER TABLE batch_row ADD COLUMN verify_after REAL NOT NULL DEFAULT 0")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # --- batches ------------------------------------------------------------------------------------

    def create_batch(
        self,
        kind: str,
        source: str,
        rows: Sequence[BulkRow],
        *,
        profile_id: str = "",
        profile_name: str = "",
        concurrency: int = 4,
    ) -> int:
        now = time.time()
        with self._lock, self._transaction():
            cursor = self._conn.execute(
                "INSERT INTO batch (created_at, updated_at, kind, source, profile_id, profile_name, status,"
                " concurrency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (now, now, kind, source, profile_id, profile_name, DRAFT, int(concurrency)),
            )
            batch_id = int(cursor.lastrowid or 0)
            self._conn.executemany(
                "INSERT INTO batch_row (batch_id, row_no, op_id, values_json, pg, status, message,"
                " warnings_json, order_no, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        batch_id,
                        row.row_no,
                        row.op_id,
                        json.dumps(row.values, ensure_ascii=False),
                        row.pg,
                        row.status,
                        row.message,
                        json.dumps(row.warnings, ensure_ascii=False),
                        row.order_no,
                        now,
                    )
                    for row in rows
                ],
            )
        return batch_id

    def batch(self, batch_id: int) -> BatchInfo | None:
        found = self._batches("WHERE id = ?", (batch_id,))
        return found[0] if found else None

    def batches(self, limit: int = 50) -> list[BatchInfo]:
        return self._batches("ORDER BY id DESC LIMIT ?", (limit,))

    def unfinished(self, profile_id: str | None = None) -> list[BatchInfo]:
        """Batches a run started and did not finish (paused, or cut off by a crash or kill); one
        that another live run holds has ``holder`` set and must not be offered for resume."""
        batches = self._batches("WHERE status IN (?, ?) ORDER BY id DESC", (RUNNING, PAUSED))
        return [
            b for b in batches if b.open_rows and (profile_id is None or b.profile_id in ("", profile_id))
        ]

    def set_status(self, batch_id: int, status: str) -> None:
        with self._lock:
            self._conn.execute(
                "UPDATE batch SET status = ?, updated_at = ? WHERE id = ?", (status, time.time(), batch_id)
            )

    def set_concurrency(self, batch_id: int, concurrency: int) -> None:
        with self._lock:
            self._conn.execute("UPDATE batch SET concurrency = ? WHERE id = ?", (int(concurrency), batch_id))

    def discard(self, batch_id: int) -> None:
        with self._lock, self._transaction():
            self._conn.execute("DELETE FROM batch_row WHERE batch_id = ?", (batch_id,))
            self._conn.execute("DELETE FROM batch WHERE id = ?", (batch_id,))

    def _batches(self, tail: str, params: tuple[Any, ...]) -> list[BatchInfo]:
        with self._lock:
            records = self._conn.execute(
                "SELECT id, created_at, updated_at, kind, source, profile_id, profile_name, status,"
                f" concurrency FROM batch {tail}",
                params,
            ).fetchall()
            counts: dict[int, Counter[str]] = {}
            for batch_id, status, n in self._conn.execute(
                "SELECT batch_id, status, COUNT(*) FROM batch_row GROUP BY batch_id, status"
            ):
                counts.setdefault(batch_id, Counter())[status] = n
            leases = {
                lease.batch_id: lease
                for lease in (_lease(r) for r in self._conn.execute("SELECT * FROM batch_lease"))
                if not is_stale(lease)
            }
        # The SELECT lists BatchInfo's fields in order, all but the row counts and the lease.
        return [
            replace(BatchInfo(*record), counts=dict(counts.get(record[0], {})), holder=leases.get(record[0]))
            for record in records
        ]

    # --- leases (``leases.BatchLeases``) -------------------------------------------------------------

    def acquire_lease(self, batch_id: int, holder: LeaseHolder) -> Lease:
        """Take the batch for ``holder``; ``BatchLeased`` when another live holder has it."""
        now = time.time()
        with self._lock, self._transaction():
            found = self._conn.execute("SELECT * FROM batch_lease WHERE batch_id = ?", (batch_id,)).fetchone()
            if found is not None:
                current = _lease(found)
                if current.holder_id != holder.id and not is_stale(current, now):
                    raise BatchLeased(current)
            self._conn.execute(
                "INSERT OR REPLACE INTO batch_lease (batch_id, holder_id, host, pid, label, acquired_at,"
                " heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (batch_id, holder.id, holder.host, holder.pid, holder.label, now, now),
            )
        return Lease(batch_id, holder.id, holder.host, holder.pid, holder.label, now, now)

    def renew_lease(self, batch_id: int, holder: LeaseHolder) -> bool:
        """The heartbeat; False when the lease is no longer ours (taken over as stale)."""
        with self._lock:
            cursor = self._conn.execute(
                "UPDATE batch_lease SET heartbeat = ? WHERE batch_id = ? AND holder_id = ?",
                (time.time(), batch_id, holder.id),
            )
        return cursor.rowcount == 1

    def release_lease(self, batch_id: int, holder: LeaseHolder) -> None:
        with self._lock:
            self._conn.execute(
                "DELETE FROM batch_lease WHERE batch_id = ? AND holder_id = ?", (batch_id, holder.id)
            )

    def lease_of(self, batch_id: int) -> Lease | None:
        with self._lock:
            found = self._conn.execute("SELECT * FROM batch_lease WHERE batch_id = ?", (batch_id,)).fetchone()
        lease = _lease(found) if found is not None else None
        return None if lease is None or is_stale(lease) else lease

    # --- targets across batches ---------------------------------------------------------------------

    def taken_targets(self, exclude_batch: int | None = None) -> dict[tuple[str, str], tuple[int, str]]:
        """(op_id, row key) → (batch id, row status) for every target another batch has done or may
        have sent (``sending`` / ``unknown``), or still means to send (pending rows of a batch a run
        started): the dry run flags such rows so the same change is not sent from two batches."""
        with self._lock:
            records = self._conn.execute(
                "SELECT r.batch_id, r.row_no, r.op_id, r.values_json, r.pg, r.status, r.order_no"
                " FROM batch_row r JOIN batch b ON b.id = r.batch_id"
                f" WHERE r.status IN ({', '.join('?' for _ in _TAKEN)})"
                " OR (r.status = 'pending' AND b.status IN (?, ?))",
                (*_TAKEN, RUNNING, PAUSED),
            ).fetchall()
        taken: dict[tuple[str, str], tuple[int, str]] = {}
        for batch_id, row_no, op_id, values, pg, status, order_no in records:
            if batch_id == exclude_batch:
                continue
            row = BulkRow(row_no, op_id, json.loads(values), status, "", [], pg, order_no)
            if row.key:
                taken.setdefault((op_id, row.key), (batch_id, status))
        return taken

    # --- rows ---------------------------------------------------------------------------------------

    def rows(self, batch_id: int, statuses: Iterable[str] | None = None) -> list[BulkRow]:
        sql = (
            "SELECT row_no, op_id, values_json, pg, status, message, warnings_json, order_no"
            " FROM batch_row WHERE batch_id = ?"
        )
        params: list[Any] = [batch_id]
        if statuses is not None:
            wanted = list(statuses)
            sql += f" AND status IN ({', '.join('?' for _ in wanted)})"
            params += wanted
        with self._lock:
            records = self._conn.execute(sql + " ORDER BY row_no", params).fetchall()
        return [
            BulkRow(row_no, op_id, json.loads(values), status, message, json.loads(warnings), pg, order_no)
            for row_no, op_id, values, pg, status, message, warnings, order_no in records
        ]

    def attempts(self, batch_id: int, row_no: int) -> int:
        with self._lock:
            found = self._conn.execute(
                "SELECT attempts FROM batch_row WHERE batch_id = ? AND row_no = ?", (batch_id, row_no)
            ).fetchone()
        return int(found[0]) if found else 0

    def mark_sending(self, batch_id: int, row_nos: Sequence[int], verify_after: float = 0.0) -> None:
        """Before the call leaves: from here on the row's outcome is unknown until recorded;
        ``verify_after`` is when a lookup may first decide it (``settle``)."""
        self._update(batch_id, row_nos, "sending", "", attempt=True, verify_after=verify_after)

    def verify_times(self, batch_id: int) -> dict[int, float]:
        """Row → the moment its last attempt may be looked up (0 for rows stored before it was kept)."""
        with self._lock:
            records = self._conn.execute(
                "SELECT row_no, verify_after FROM batch_row WHERE batch_id = ?", (batch_id,)
            ).fetchall()
        return {row_no: float(at or 0) for row_no, at in records}

    def include_rows(self, batch_id: int, row_nos: Sequence[int]) -> None:
        """The agent chose to send rows the dry run held back (e.g. taken by another batch)."""
        self._update(batch_id, row_nos, "pending", "")

    def set_rows(self, batch_id: int, row_nos: Sequence[int], status: str, message: str = "") -> None:
        self._update(batch_id, row_nos, status, message)

    def set_results(self, batch_id: int, results: Iterable[tuple[int, str, str]]) -> None:
        """(row_no, status, message) for several rows in one transaction."""
        now = time.time()
        with self._lock, self._transaction():
            self._conn.executemany(
                "UPDATE batch_row SET status = ?, message = ?, updated_at = ?"
                " WHERE batch_id = ? AND row_no = ?",
                [(status, message, now, batch_id, row_no) for row_no, status, message in results],
            )

    def reset_failed(self, batch_id: int, originals: Iterable[BulkRow] = ()) -> int:
        """Failed rows back to pending (the agent chose to retry them); returns how many.

        A finished batch was scrubbed, so its stored identifiers are masked: ``originals`` (the rows
        as read from the sheet, still whole in the tab) put the values to send back first. A failed
        row that is still masked and has no original stays failed rather than send a masked number.
        """
        whole = {row.row_no: row.values for row in originals if not _masked(row.values)}
        retried = 0
        for row in self.rows(batch_id, statuses=("failed",)):
            values = whole.get(row.row_no, row.values)
            if _masked(values):
                continue
            with self._lock:
                self._conn.execute(
                    "UPDATE batch_row SET status = 'pending', message = '', values_json = ?, updated_at = ?"
                    " WHERE batch_id = ? AND row_no = ? AND status = 'failed'",
                    (json.dumps(values, ensure_ascii=False), time.time(), batch_id, row.row_no),
                )
            retried += 1
        return retried

    def scrub(self, batch_id: int) -> None:
        """Mask the buyers' identifiers of a batch that will not be sent again."""
        for row in self.rows(batch_id):
            changed = {
                key: (mask_identifier(str(value)) if key in _PERSONAL and value else value)
                for key, value in row.values.items()
            }
            message = mask_personal_text(row.message)  # a server may have echoed a number or name
            if changed != row.values or message != row.message:
                with self._lock:
                    self._conn.execute(
                        "UPDATE batch_row SET values_json = ?, message = ? WHERE batch_id = ? AND row_no = ?",
                        (json.dumps(changed, ensure_ascii=False), message, batch_id, row.row_no),
                    )
        self.flush_personal_data()

    def flush_personal_data(self) -> bool:
        """Copy the WAL into the database and truncate it to nothing, so the whole numbers of
        scrubbed rows do not wait in ``-wal`` frames (while the app runs, or after a kill) until
        SQLite happens to reuse them. ``secure_delete`` has already zeroed the old cells in the
        database file itself. False when a reader kept the checkpoint from finishing."""
        with self._lock:
            busy, _frames, _done = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            log.warning("일괄 작업 저장소의 WAL을 비우지 못했습니다 (다른 연결이 읽는 중)")
        return not busy

    def _update(
        self,
        batch_id: int,
        row_nos: Sequence[int],
        status: str,
        message: str,
        attempt: bool = False,
        verify_after: float = 0.0,
    ) -> None:
        bump = ", attempts = attempts + 1, verify_after = ?" if attempt else ""
        now = time.time()
        extra: tuple[Any, ...] = (verify_after or now,) if attempt else ()
        with self._lock, self._transaction():
            self._conn.executemany(
                f"UPDATE batch_row SET status = ?, message = ?, updated_at = ?{bump}"
                " WHERE batch_id = ? AND row_no = ?",
                [(status, message, now, *extra, batch_id, row_no) for row_no in row_nos],
            )
            self._conn.execute("UPDATE batch SET updated_at = ? WHERE id = ?", (now, batch_id))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)


class _Transaction:
    """BEGIN … COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _lease(record: Sequence[Any]) -> Lease:
    batch_id, holder_id, host, pid, label, acquired_at, heartbeat = record
    return Lease(int(batch_id), holder_id, host, int(pid), label, float(acquired_at), float(heartbeat))


def _masked(values: dict[str, Any]) -> bool:
    """Whether ``scrub`` masked a personal value of these row values (it cannot be sent any more)."""
    return any(key in _PERSONAL and isinstance(value, str) and "*" in value for key, value in values.items())
