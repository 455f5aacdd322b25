"""Shared batches: the bulk job store (``bulk.jobstore.JobStore``'s interface) on the team database.

Any PC sees every batch; a batch is run by whoever holds its lease (``bulk.leases``' rule), and the
lease's heartbeat is kept on the database's clock, so PCs whose clocks differ still agree on who is
gone. The dry run's ``taken_targets`` covers every PC's batches. Rows are written before each call
as in SQLite; a finished batch's buyer identifiers are masked (``scrub``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from portone_desk.api.masking import mask_identifier
from portone_desk.api.personal_text import mask_personal_text
from portone_desk.bulk.jobstore import _PERSONAL, _TAKEN, DRAFT, PAUSED, RUNNING, BatchInfo, _masked
from portone_desk.bulk.leases import BatchLeased, Lease, LeaseHolder, is_stale
from portone_desk.bulk.rows import BulkRow
from portone_desk.team.audit import open_pool
from portone_desk.team.errors import TeamUnavailable

_BATCH_COLUMNS = "id, created_at, updated_at, kind, source, profile_id, profile_name, status, concurrency"
_LEASE_COLUMNS = "batch_id, holder_id, host, pid, label, acquired_at, heartbeat"


class TeamJobStore:
    """Thread-safe (a small pool; each method one transaction)."""

    def __init__(self, dsn: str, *, pool_size: int = 3, connect_timeout: float = 5.0) -> None:
        self.path = None  # not a file: shared in the team database
        self._pool = open_pool(dsn, max_size=pool_size, timeout=connect_timeout)

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> TeamJobStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _conn(self) -> Any:
        return _Connection(self._pool)

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
        with self._conn() as conn, conn.transaction():
            found = conn.execute(
                "INSERT INTO desk.batch (kind, source, profile_id, profile_name, status, concurrency)"
                " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (kind, source, profile_id, profile_name, DRAFT, int(concurrency)),
            ).fetchone()
            batch_id = int(found[0])
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO desk.batch_row (batch_id, row_no, op_id, values_json, pg, status, message,"
                    " warnings_json, order_no) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
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
                        )
                        for row in rows
                    ],
                )
        return batch_id

    def batch(self, batch_id: int) -> BatchInfo | None:
        found = self._batches("WHERE id = %s", (batch_id,))
        return found[0] if found else None

    def batches(self, limit: int = 50) -> list[BatchInfo]:
        return self._batches("ORDER BY id DESC LIMIT %s", (limit,))

    def unfinished(self, profile_id: str | None = None) -> list[BatchInfo]:
        batches = self._batches("WHERE status IN (%s, %s) ORDER BY id DESC", (RUNNING, PAUSED))
        return [
            b for b in batches if b.open_rows and (profile_id is None or b.profile_id in ("", profile_id))
        ]

    def set_status(self, batch_id: int, status: str) -> None:
        with self._conn() as conn:
            conn.execute(
                "UPDATE desk.batch SET status = %s, updated_at = desk.now_epoch() WHERE id = %s",
                (status, batch_id),
            )

    def set_concurrency(self, batch_id: int, concurrency: int) -> None:
        with self._conn() as conn:
            conn.execute("UPDATE desk.batch SET concurrency = %s WHERE id = %s", (int(concurrency), batch_id))

    def discard(self, batch_id: int) -> None:
        with self._conn() as conn, conn.transaction():
            conn.execute("DELETE FROM desk.batch_lease WHERE batch_id = %s", (batch_id,))
            conn.execute("DELETE FROM desk.batch_row WHERE batch_id = %s", (batch_id,))
            conn.execute("DELETE FROM desk.batch WHERE id = %s", (batch_id,))

    def _batches(self, tail: str, params: tuple[Any, ...]) -> list[BatchInfo]:
        with self._conn() as conn:
            records = conn.execute(f"SELECT {_BATCH_COLUMNS} FROM desk.batch {tail}", params).fetchall()
            ids = [int(r[0]) for r in records]
            counts: dict[int, Counter[str]] = {}
            for batch_id, status, n in conn.execute(
                "SELECT batch_id, status, count(*) FROM desk.batch_row WHERE batch_id = ANY(%s)"
                " GROUP BY batch_id, status",
                (ids,),
            ):
                counts.setdefault(int(batch_id), Counter())[status] = int(n)
            now = _db_now(conn)
            leases = {
                lease.batch_id: lease
                for lease in (
                    _lease(r)
                    for r in conn.execute(
                        f"SELECT {_LEASE_COLUMNS} FROM desk.batch_lease WHERE batch_id = ANY(%s)", (ids,)
                    )
                )
                if not is_stale(lease, now)
            }
        return [
            BatchInfo(
                int(r[0]),
                float(r[1]),
                float(r[2]),
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                int(r[8]),
                counts=dict(counts.get(int(r[0]), {})),
                holder=leases.get(int(r[0])),
            )
            for r in records
        ]

    # --- leases (``leases.BatchLeases``), on the database's clock -----------------------------------

    def acquire_lease(self, batch_id: int, holder: LeaseHolder) -> Lease:
        with self._conn() as conn, conn.transaction():
            conn.execute("SELECT id FROM desk.batch WHERE id = %s FOR UPDATE", (batch_id,))
            now = _db_now(conn)
            found = conn.execute(
                f"SELECT {_LEASE_COLUMNS} FROM desk.batch_lease WHERE batch_id = %s", (batch_id,)
            ).fetchone()
            if found is not None:
                current = _lease(found)
                if current.holder_id != holder.id and not is_stale(current, now):
                    raise BatchLeased(current)
            conn.execute(
                "INSERT INTO desk.batch_lease (batch_id, holder_id, host, pid, label, acquired_at, heartbeat)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (batch_id) DO UPDATE SET"
                " login = session_user, holder_id = EXCLUDED.holder_id, host = EXCLUDED.host,"
                " pid = EXCLUDED.pid, label = EXCLUDED.label, acquired_at = EXCLUDED.acquired_at,"
                " heartbeat = EXCLUDED.heartbeat",
                (batch_id, holder.id, holder.host, holder.pid, holder.label, now, now),
            )
        return Lease(batch_id, holder.id, holder.host, holder.pid, holder.label, now, now)

    def renew_lease(self, batch_id: int, holder: LeaseHolder) -> bool:
        with self._conn() as conn:
            cursor = conn.execute(
                "UPDATE desk.batch_lease SET heartbeat = desk.now_epoch()"
                " WHERE batch_id = %s AND holder_id = %s",
                (batch_id, holder.id),
            )
        return cursor.rowcount == 1

    def release_lease(self, batch_id: int, holder: LeaseHolder) -> None:
        with self._conn() as conn:
            conn.execute(
                "DELETE FROM desk.batch_lease WHERE batch_id = %s AND holder_id = %s", (batch_id, holder.id)
            )

    def lease_of(self, batch_id: int) -> Lease | None:
        with self._conn() as conn:
            found = conn.execute(
                f"SELECT {_LEASE_COLUMNS} FROM desk.batch_lease WHERE batch_id = %s", (batch_id,)
            ).fetchone()
            now = _db_now(conn)
        lease = _lease(found) if found is not None else None
        return None if lease is None or is_stale(lease, now) else lease

    # --- targets across every PC's batches ----------------------------------------------------------

    def taken_targets(self, exclude_batch: int | None = None) -> dict[tuple[str, str], tuple[int, str]]:
        with self._conn() as conn:
            records = conn.execute(
                "SELECT r.batch_id, r.row_no, r.op_id, r.values_json, r.pg, r.status, r.order_no"
                " FROM desk.batch_row r JOIN desk.batch b ON b.id = r.batch_id"
                " WHERE (r.status = ANY(%s) OR (r.status = 'pending' AND b.status IN (%s, %s)))"
                " AND r.batch_id <> %s",
                (list(_TAKEN), RUNNING, PAUSED, -1 if exclude_batch is None else exclude_batch),
            ).fetchall()
        taken: dict[tuple[str, str], tuple[int, str]] = {}
        for batch_id, row_no, op_id, values, pg, status, order_no in records:
            row = BulkRow(row_no, op_id, json.loads(values), status, "", [], pg, order_no)
            if row.key:
                taken.setdefault((op_id, row.key), (int(batch_id), status))
        return taken

    # --- rows ---------------------------------------------------------------------------------------

    def rows(self, batch_id: int, statuses: Iterable[str] | None = None) -> list[BulkRow]:
        sql = (
            "SELECT row_no, op_id, values_json, pg, status, message, warnings_json, order_no"
            " FROM desk.batch_row WHERE batch_id = %s"
        )
        params: list[Any] = [batch_id]
        if statuses is not None:
            sql += " AND status = ANY(%s)"
            params.append(list(statuses))
        with self._conn() as conn:
            records = conn.execute(sql + " ORDER BY row_no", params).fetchall()
        return [
            BulkRow(row_no, op_id, json.loads(values), status, message, json.loads(warnings), pg, order_no)
            for row_no, op_id, values, pg, status, message, warnings, order_no in records
        ]

    def attempts(self, batch_id: int, row_no: int) -> int:
        with self._conn() as conn:
            found = conn.execute(
                "SELECT attempts FROM desk.batch_row WHERE batch_id = %s AND row_no = %s", (batch_id, row_no)
            ).fetchone()
        return int(found[0]) if found else 0

    def mark_sending(self, batch_id: int, row_nos: Sequence[int], verify_after: float = 0.0) -> None:
        self._update(batch_id, row_nos, "sending", "", attempt=True, verify_after=verify_after)

    def verify_times(self, batch_id: int) -> dict[int, float]:
        with self._conn() as conn:
            records = conn.execute(
                "SELECT row_no, verify_after FROM desk.batch_row WHERE batch_id = %s", (batch_id,)
            ).fetchall()
        return {int(row_no): float(at or 0) for row_no, at in records}

    def include_rows(self, batch_id: int, row_nos: Sequence[int]) -> None:
        self._update(batch_id, row_nos, "pending", "")

    def set_rows(self, batch_id: int, row_nos: Sequence[int], status: str, message: str = "") -> None:
        self._update(batch_id, row_nos, status, message)

    def set_results(self, batch_id: int, results: Iterable[tuple[int, str, str]]) -> None:
        with self._conn() as conn, conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(
                "UPDATE desk.batch_row SET status = %s, message = %s, updated_at = desk.now_epoch()"
                " WHERE batch_id = %s AND row_no = %s",
                [(status, message, batch_id, row_no) for row_no, status, message in results],
            )

    def reset_failed(self, batch_id: int, originals: Iterable[BulkRow] = ()) -> int:
        whole = {row.row_no: row.values for row in originals if not _masked(row.values)}
        retried = 0
        for row in self.rows(batch_id, statuses=("failed",)):
            values = whole.get(row.row_no, row.values)
            if _masked(values):
                continue
            with self._conn() as conn:
                conn.execute(
                    "UPDATE desk.batch_row SET status = 'pending', message = '', values_json = %s,"
                    " updated_at = desk.now_epoch()"
                    " WHERE batch_id = %s AND row_no = %s AND status = 'failed'",
                    (json.dumps(values, ensure_ascii=False), batch_id, row.row_no),
                )
            retried += 1
        return retried

    def scrub(self, batch_id: int) -> None:
        changes = []
        for row in self.rows(batch_id):
            changed = {
                key: (mask_identifier(str(value)) if key in _PERSONAL and value else value)
                for key, value in row.values.items()
            }
            message = mask_personal_text(row.message)  # a server may have echoed a number or name
            if changed != row.values or message != row.message:
                changes.append((json.dumps(changed, ensure_ascii=False), message, batch_id, row.row_no))
        if changes:
            with self._conn() as conn, conn.transaction(), conn.cursor() as cursor:
                cursor.executemany(
                    "UPDATE desk.batch_row SET values_json = %s, message = %s"
                    " WHERE batch_id = %s AND row_no = %s",
                    changes,
                )

    def _update(
        self,
        batch_id: int,
        row_nos: Sequence[int],
        status: str,
        message: str,
        attempt: bool = False,
        verify_after: float = 0.0,
    ) -> None:
        bump = ", attempts = attempts + 1, verify_after = %s" if attempt else ""
        extra: tuple[Any, ...] = (verify_after,) if attempt else ()
        with self._conn() as conn, conn.transaction():
            with conn.cursor() as cursor:
                cursor.executemany(
                    "UPDATE desk.batch_row SET status = %s, message = %s,"
                    f" updated_at = desk.now_epoch(){bump} WHERE batch_id = %s AND row_no = %s",
                    [(status, message, *extra, batch_id, row_no) for row_no in row_nos],
                )
            conn.execute("UPDATE desk.batch SET updated_at = desk.now_epoch() WHERE id = %s", (batch_id,))


class _Connection:
    """A pooled connection; an unreachable database is ``TeamUnavailable`` (nothing is sent then)."""

    def __init__(self, pool: Any) -> None:
        self._pool = pool
        self._context: Any = None

    def __enter__(self) -> Any:
        from psycopg_pool import PoolTimeout

        self._context = self._pool.connection()
        try:
            return self._context.__enter__()
        except PoolTimeout as exc:
            raise TeamUnavailable("연결 시간 초과") from exc

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        import psycopg

        self._context.__exit__(exc_type, exc, tb)
        if isinstance(exc, psycopg.OperationalError):
            raise TeamUnavailable("연결이 끊어졌습니다") from exc


def _db_now(conn: Any) -> float:
    found = conn.execute("SELECT desk.now_epoch()").fetchone()
    return float(found[0])


def _lease(record: Sequence[Any]) -> Lease:
    batch_id, holder_id, host, pid, label, acquired_at, heartbeat = record
    return Lease(int(batch_id), holder_id, host, int(pid), label, float(acquired_at), float(heartbeat))
