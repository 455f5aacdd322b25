"""SQLite state of the sandbox: JSON documents per table, one connection guarded by a lock.

Documents keep the public API fields as they are returned; keys starting with ``_`` are the
sandbox's own bookkeeping (e.g. whether a Naver order was placed) and are stripped on output.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Doc = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, expired_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    imp_uid TEXT PRIMARY KEY, merchant_uid TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS payments_merchant ON payments (merchant_uid);
-- Sort and filter keys of each payment for the list endpoints (getPaymentsByStatus …), kept beside
-- the document so a page is one indexed query rather than a scan of every document.
CREATE TABLE IF NOT EXISTS payment_keys (
    imp_uid TEXT PRIMARY KEY, status TEXT NOT NULL, status_at INTEGER NOT NULL,
    started_at INTEGER NOT NULL, paid_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS payment_keys_status ON payment_keys (status, status_at);
CREATE INDEX IF NOT EXISTS payment_keys_time ON payment_keys (status_at);
CREATE INDEX IF NOT EXISTS payment_keys_started ON payment_keys (started_at, imp_uid);
CREATE INDEX IF NOT EXISTS payment_keys_paid ON payment_keys (paid_at, imp_uid);
CREATE INDEX IF NOT EXISTS payment_keys_updated ON payment_keys (updated_at, imp_uid);
CREATE TABLE IF NOT EXISTS receipts (imp_uid TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS external_receipts (merchant_uid TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS product_orders (
    product_order_id TEXT PRIMARY KEY, imp_uid TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS product_orders_payment ON product_orders (imp_uid, seq);
CREATE TABLE IF NOT EXISTS reviews (review_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
"""

_TABLES = (
    "meta",
    "tokens",
    "payments",
    "payment_keys",
    "receipts",
    "external_receipts",
    "product_orders",
    "reviews",
)
_SAVE_KEYS = (
    "INSERT OR REPLACE INTO payment_keys (imp_uid, status, status_at, started_at, paid_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def public(doc: Doc) -> Doc:
    """The document without the sandbox's private ``_`` keys."""
    return {key: value for key, value in doc.items() if not key.startswith("_")}


class SandboxStore:
    def __init__(self, db_path: str | None = None) -> None:
        self._conn = sqlite3.connect(db_path or ":memory:", check_same_thread=False)
        self._conn.executescript(_SCHEMA)
        self._backfill_payment_keys()
        self._conn.commit()
        # One lock for the whole state: a request's reads and writes happen as one step.
        self.lock = threading.RLock()

    def close(self) -> None:
        with self.lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[SandboxStore]:
        with self.lock:
            try:
                yield self
            except BaseException:
                self._conn.rollback()
                raise
            self._conn.commit()

    def clear(self) -> None:
        with self.transaction():
            for table in _TABLES:
                self._conn.execute(f"DELETE FROM {table}")

    # meta -------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # tokens -----------------------------------------------------------------------------------
    def latest_token(self) -> tuple[str, int] | None:
        row = self._conn.execute(
            "SELECT token, expired_at FROM tokens ORDER BY expired_at DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else None

    def token_expiry(self, token: str) -> int | None:
        row = self._conn.execute("SELECT expired_at FROM tokens WHERE token = ?", (token,)).fetchone()
        return row[0] if row else None

    def save_token(self, token: str, expired_at: int) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO tokens (token, expired_at) VALUES (?, ?)", (token, expired_at)
        )

    # payments ---------------------------------------------------------------------------------
    def payment(self, imp_uid: str) -> Doc | None:
        row = self._conn.execute("SELECT doc FROM payments WHERE imp_uid = ?", (imp_uid,)).fetchone()
        return json.loads(row[0]) if row else None

    def payments_by_merchant_uid(self, merchant_uid: str) -> list[Doc]:
        rows = self._conn.execute(
            "SELECT doc FROM payments WHERE merchant_uid = ?", (merchant_uid,)
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def save_payment(self, doc: Doc) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO payments (imp_uid, merchant_uid, doc) VALUES (?, ?, ?)",
            (doc["imp_uid"], doc["merchant_uid"], _dump(doc)),
        )
        self._conn.execute(
            _SAVE_KEYS,
            payment_keys(doc),
        )

    def save_payments_bulk(self, docs: list[Doc]) -> None:
        """Many new payments at once (the shop generator): two executemany calls."""
        self._conn.executemany(
            "INSERT OR REPLACE INTO payments (imp_uid, merchant_uid, doc) VALUES (?, ?, ?)",
            [(doc["imp_uid"], doc["merchant_uid"], _dump(doc)) for doc in docs],
        )
        self._conn.executemany(
            _SAVE_KEYS,
            [payment_keys(doc) for doc in docs],
        )

    def save_product_orders_bulk(self, docs: list[Doc]) -> None:
        self._conn.executemany(
            "INSERT OR REPLACE INTO product_orders (product_order_id, imp_uid, seq, doc) VALUES (?, ?, ?, ?)",
            [(doc["product_order_id"], doc["_imp_uid"], doc["_seq"], _dump(doc)) for doc in docs],
        )

    def payment_page(
        self,
        where: str,
        params: list[Any],
        order_by: str,
        limit: int,
        offset: int,
    ) -> tuple[int, list[Doc]]:
        """(matching count, one page of documents) over ``payment_keys`` (``k``) joined to the documents."""
        total = self._conn.execute(f"SELECT COUNT(*) FROM payment_keys k WHERE {where}", params).fetchone()[0]
        # The page's ids from the small key table first: sorting and skipping never carry documents.
        ids = [
            row[0]
            for row in self._conn.execute(
                f"SELECT k.imp_uid FROM payment_keys k WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        ]
        docs: dict[str, Doc] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for imp_uid, doc in self._conn.execute(
                f"SELECT imp_uid, doc FROM payments WHERE imp_uid IN ({marks})", chunk
            ):
                docs[imp_uid] = json.loads(doc)
        return total, [docs[imp_uid] for imp_uid in ids if imp_uid in docs]

    def _backfill_payment_keys(self) -> None:
        """A training database from before the list endpoints: index its payments once."""
        missing = self._conn.execute(
            "SELECT doc FROM payments WHERE imp_uid NOT IN (SELECT imp_uid FROM payment_keys)"
        ).fetchall()
        for (doc,) in missing:
            self._conn.execute(_SAVE_KEYS, payment_keys(json.loads(doc)))

    # receipts ---------------------------------------------------------------------------------
    def receipt(self, imp_uid: str) -> Doc | None:
        row = self._conn.execute("SELECT doc FROM receipts WHERE imp_uid = ?", (imp_uid,)).fetchone()
        return json.loads(row[0]) if row else None

    def save_receipt(self, doc: Doc) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO receipts (imp_uid, doc) VALUES (?, ?)", (doc["imp_uid"], _dump(doc))
        )

    def external_receipt(self, merchant_uid: str) -> Doc | None:
        row = self._conn.execute(
            "SELECT doc FROM external_receipts WHERE merchant_uid = ?", (merchant_uid,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def save_external_receipt(self, doc: Doc) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO external_receipts (merchant_uid, doc) VALUES (?, ?)",
            (doc["merchant_uid"], _dump(doc)),
        )

    # Naver product orders and reviews -----------------------------------------------------------
    def product_order(self, product_order_id: str) -> Doc | None:
        row = self._conn.execute(
            "SELECT doc FROM product_orders WHERE product_order_id = ?", (product_order_id,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def product_orders_of(self, imp_uid: str) -> list[Doc]:
        rows = self._conn.execute(
            "SELECT doc FROM product_orders WHERE imp_uid = ? ORDER BY seq", (imp_uid,)
        ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def save_product_order(self, doc: Doc) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO product_orders (product_order_id, imp_uid, seq, doc) VALUES (?, ?, ?, ?)",
            (doc["product_order_id"], doc["_imp_uid"], doc["_seq"], _dump(doc)),
        )

    def reviews(self) -> list[Doc]:
        rows = self._conn.execute("SELECT doc FROM reviews ORDER BY review_id").fetchall()
        return [json.loads(row[0]) for row in rows]

    def save_review(self, doc: Doc) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO reviews (review_id, doc) VALUES (?, ?)", (doc["review_id"], _dump(doc))
        )


def status_time(doc: Doc) -> int:
    """The time of the payment's current status: what getPaymentsByStatus' from/to filter on."""
    field = {"paid": "paid_at", "cancelled": "cancelled_at", "failed": "failed_at"}.get(
        str(doc.get("status")), "started_at"
    )
    return int(doc.get(field) or doc.get("started_at") or 0)


def payment_keys(doc: Doc) -> tuple[str, str, int, int, int, int]:
    at = status_time(doc)
    updated = int(doc.get("_updated_at") or at)
    return (
        doc["imp_uid"],
        str(doc.get("status") or ""),
        at,
        int(doc.get("started_at") or 0),
        int(doc.get("paid_at") or 0),
        updated,
    )


def _dump(doc: Doc) -> str:
    return json.dumps(doc, ensure_ascii=False)
