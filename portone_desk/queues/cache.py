"""The per-profile SQLite cache behind the queues and search (one file, WAL, one connection per thread).

Tables hold API facts only (no machine-local state), so a team store can later hold the same rows:
``payments`` (one row per payment, personal data hashed or masked, see ``privacy.py``),
``name_grams`` (keyed hashes of name substrings → payment), ``product_orders`` (Naver orders,
the fields the queues show), ``meta`` (sync watermark, key fingerprint). Deleted rows are
overwritten (``secure_delete``) and the WAL is truncated after a purge.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from portone_desk.api.naver_states import FINISHED, open_claim
from portone_desk.queues.privacy import Hasher, mask_email, mask_name

NAVERCO = "naverco"
SCHEMA_VERSION = "2"  # 2: hashes as 16-byte BLOBs

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    imp_uid TEXT PRIMARY KEY,
    merchant_uid TEXT NOT NULL,
    status TEXT NOT NULL,
    pay_method TEXT NOT NULL,
    pg_provider TEXT NOT NULL,
    amount INTEGER NOT NULL,
    cancel_amount INTEGER NOT NULL,
    order_name TEXT NOT NULL,
    buyer_masked TEXT NOT NULL,
    phone_hash BLOB,
    phone_last4 TEXT,
    email_hash BLOB,
    email_masked TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    paid_at INTEGER NOT NULL,
    status_at INTEGER NOT NULL,
    cash_receipt_issued INTEGER NOT NULL,
    orders_open INTEGER,            -- Naver: NULL not fetched yet, 1 some order not final, 0 all final
    orders_stale INTEGER NOT NULL DEFAULT 0,  -- the payment changed since its orders were fetched
    orders_checked_at REAL          -- when its orders were last fetched (oldest first next time)
);
CREATE INDEX IF NOT EXISTS payments_merchant ON payments (merchant_uid);
CREATE INDEX IF NOT EXISTS payments_phone ON payments (phone_hash);
CREATE INDEX IF NOT EXISTS payments_last4 ON payments (phone_last4, started_at);
CREATE INDEX IF NOT EXISTS payments_email ON payments (email_hash);
CREATE INDEX IF NOT EXISTS payments_status_at ON payments (status_at);
CREATE INDEX IF NOT EXISTS payments_receipts ON payments (status, cash_receipt_issued, pay_method);
CREATE INDEX IF NOT EXISTS payments_naver ON payments (pg_provider, orders_open);
CREATE TABLE IF NOT EXISTS name_grams (
    gram BLOB NOT NULL, started_at INTEGER NOT NULL, imp_uid TEXT NOT NULL,
    PRIMARY KEY (gram, started_at, imp_uid)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS name_grams_payment ON name_grams (imp_uid);
CREATE TABLE IF NOT EXISTS product_orders (
    product_order_id TEXT PRIMARY KEY,
    imp_uid TEXT NOT NULL,
    seq INTEGER NOT NULL,
    status TEXT NOT NULL,
    claim_type TEXT,
    claim_status TEXT,
    product_name TEXT NOT NULL,
    amount INTEGER NOT NULL,
    shipping_due INTEGER
);
CREATE INDEX IF NOT EXISTS product_orders_payment ON product_orders (imp_uid, seq);
"""

_PAYMENT_COLUMNS = (
    "imp_uid",
    "merchant_uid",
    "status",
    "pay_method",
    "pg_provider",
    "amount",
    "cancel_amount",
    "order_name",
    "buyer_masked",
    "phone_hash",
    "phone_last4",
    "email_hash",
    "email_masked",
    "started_at",
    "paid_at",
    "status_at",
    "cash_receipt_issued",
)


def status_time(payment: Mapping[str, Any]) -> int:
    """The time of the payment's current status: what getPaymentsByStatus filters on."""
    field = {"paid": "paid_at", "cancelled": "cancelled_at", "failed": "failed_at"}.get(
        str(payment.get("status")), "started_at"
    )
    return int(payment.get(field) or payment.get("started_at") or 0)


def order_is_final(order: Mapping[str, Any]) -> bool:
    """No action can come for it any more: finished, or purchase decided, with no open claim."""
    status = order.get("product_order_status")
    return (status in FINISHED or status == "PURCHASE_DECIDED") and not open_claim(order)


class QueueCache:
    def __init__(self, path: Path | str, hasher: Hasher) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.hasher = hasher
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        conn = self.conn()
        with conn:
            conn.executescript(_SCHEMA)
        self._check_key()

    # --- connections ---------------------------------------------------------------------------

    def conn(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections must not be shared between threads)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA secure_delete=ON")
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._connections_lock:
            for conn in self._connections:
                # made on another thread that may be gone: closing is best effort
                with contextlib.suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction at a time (readers are never blocked: WAL)."""
        conn = self.conn()
        with self._write_lock, conn:
            yield conn

    def _check_key(self) -> None:
        """A cache hashed with another key cannot be searched: start it again."""
        fingerprint = self.hasher.fingerprint()
        found = self.get_meta("key_fingerprint")
        if found == fingerprint and self.get_meta("schema_version") == SCHEMA_VERSION:
            return
        if found is not None:
            self.wipe()  # another key, or rows in an older shape: start over
        self.set_meta("key_fingerprint", fingerprint)
        self.set_meta("schema_version", SCHEMA_VERSION)

    # --- meta --------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str, conn: sqlite3.Connection | None = None) -> None:
        sql = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
        if conn is not None:
            conn.execute(sql, (key, value))
            return
        with self.writing() as own:
            own.execute(sql, (key, value))

    # --- payments ----------------------------------------------------------------------------------

    def _payment_row(self, payment: Mapping[str, Any]) -> tuple[Any, ...]:
        phone_hash, last4 = self.hasher.phone(payment.get("buyer_tel"))
        return (
            str(payment["imp_uid"]),
            str(payment.get("merchant_uid") or ""),
            str(payment.get("status") or ""),
            str(payment.get("pay_method") or ""),
            str(payment.get("pg_provider") or ""),
            int(payment.get("amount") or 0),
            int(payment.get("cancel_amount") or 0),
            str(payment.get("name") or ""),
            mask_name(payment.get("buyer_name")),
            phone_hash,
            last4 or None,
            self.hasher.email(payment.get("buyer_email")),
            mask_email(payment.get("buyer_email")),
            int(payment.get("started_at") or 0),
            int(payment.get("paid_at") or 0),
            status_time(payment),
            1 if payment.get("cash_receipt_issued") else 0,
        )

    def upsert_payments(self, payments: Iterable[Mapping[str, Any]]) -> int:
        """Store API payments (personal data hashed or masked here, names only read for their
        hashes); returns how many were new or changed."""
        docs = {str(p["imp_uid"]): p for p in payments if p.get("imp_uid")}
        if not docs:
            return 0
        columns = ", ".join(_PAYMENT_COLUMNS)
        marks = ", ".join("?" for _ in _PAYMENT_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _PAYMENT_COLUMNS[1:])
        payment_rows: list[tuple[Any, ...]] = []
        gram_rows: list[tuple[bytes, int, str]] = []
        with self.writing() as conn:
            known = {
                row[0]: tuple(row[1:])
                for row in _select_in(
                    conn,
                    "SELECT imp_uid, status, status_at, cancel_amount, cash_receipt_issued FROM payments",
                    "imp_uid",
                    list(docs),
                )
            }
            for imp_uid, doc in docs.items():
                row = self._payment_row(doc)
                before = known.get(imp_uid)
                if before == (row[2], row[15], row[6], row[16]):
                    continue  # status and amounts unchanged: nothing the queues or search use moved
                payment_rows.append(row)
                if before is None:
                    gram_rows += [
                        (gram, row[13], imp_uid) for gram in self.hasher.name_grams(doc.get("buyer_name"))
                    ]
            conn.executemany(
                f"INSERT INTO payments ({columns}) VALUES ({marks}) "
                f"ON CONFLICT(imp_uid) DO UPDATE SET {updates}, orders_stale = 1",
                payment_rows,
            )
            conn.executemany(
                "INSERT OR IGNORE INTO name_grams (gram, started_at, imp_uid) VALUES (?, ?, ?)", gram_rows
            )
        return len(payment_rows)

    # --- Naver product orders ----------------------------------------------------------------------

    def naver_payments_needing_orders(self) -> list[str]:
        """Naver payments whose orders may still change, oldest-checked (never-checked) first."""
        rows = (
            self.conn()
            .execute(
                "SELECT imp_uid FROM payments WHERE pg_provider = ? AND ("
                " (status = 'paid' AND (orders_open IS NULL OR orders_open = 1 OR orders_stale = 1))"
                " OR (status = 'cancelled' AND orders_open = 1))"
                " ORDER BY orders_checked_at IS NOT NULL, orders_checked_at, started_at",
                (NAVERCO,),
            )
            .fetchall()
        )
        return [row[0] for row in rows]

    def save_orders(self, imp_uid: str, orders: list[Mapping[str, Any]], checked_at: float) -> None:
        rows = [
            (
                str(order["product_order_id"]),
                imp_uid,
                seq,
                str(order.get("product_order_status") or ""),
                order.get("claim_type"),
                order.get("claim_status"),
                str(order.get("product_name") or ""),
                int(order.get("product_amount") or 0),
                int(order["shipping_due"]) if order.get("shipping_due") else None,
            )
            for seq, order in enumerate(orders, start=1)
        ]
        open_now = 0 if all(order_is_final(order) for order in orders) else 1
        with self.writing() as conn:
            conn.execute("DELETE FROM product_orders WHERE imp_uid = ?", (imp_uid,))
            conn.executemany(
                "INSERT OR REPLACE INTO product_orders (product_order_id, imp_uid, seq, status, claim_type,"
                " claim_status, product_name, amount, shipping_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.execute(
                "UPDATE payments SET orders_open = ?, orders_stale = 0, orders_checked_at = ?"
                " WHERE imp_uid = ?",
                (open_now, checked_at, imp_uid),
            )

    # --- purge and clear ---------------------------------------------------------------------------

    def purge_before(self, cutoff: int) -> int:
        """Drop payments whose current status is older than ``cutoff`` (and what hangs on them);
        ``checkpoint()`` afterwards so the WAL does not keep them."""
        with self.writing() as conn:
            old = "SELECT imp_uid FROM payments WHERE status_at < ?"
            conn.execute(f"DELETE FROM name_grams WHERE imp_uid IN ({old})", (cutoff,))
            conn.execute(f"DELETE FROM product_orders WHERE imp_uid IN ({old})", (cutoff,))
            return conn.execute("DELETE FROM payments WHERE status_at < ?", (cutoff,)).rowcount

    def checkpoint(self) -> None:
        """Fold the WAL into the file and truncate it, so deleted rows do not linger there."""
        self.conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def wipe(self) -> None:
        with self.writing() as conn:
            for table in ("name_grams", "product_orders", "payments", "meta"):
                conn.execute(f"DELETE FROM {table}")
        self.checkpoint()


def _select_in(conn: sqlite3.Connection, select: str, column: str, values: list[str]) -> list[tuple]:
    found: list[tuple] = []
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found += conn.execute(f"{select} WHERE {column} IN ({marks})", chunk).fetchall()
    return found
