"""Customer search over the cache: what the agent types → payments, in a few milliseconds.

Every key is an indexed lookup with a limit, so the cost does not grow with the shop: names by
the keyed hash of the typed text among the hashes of each name's substrings (newest first),
phones by the hash of the full number or by the last four digits, e-mails by their hash, and
order number / imp_uid / product order id by prefix (3+ characters). Tracking numbers come from
the desk's activity log (the API does not return them), matched by prefix too.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Sequence

from portone_desk.api.catalog import PAYMENT_STATUSES
from portone_desk.api.model import label_of
from portone_desk.queues.cache import NAVERCO
from portone_desk.queues.model import SearchHit
from portone_desk.queues.privacy import Hasher, phone_digits

MIN_PREFIX = 3
_PHONE_LIKE = re.compile(r"[+\d][\d\s\-().]*")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_TOP = "\U0010ffff"


class TrackingIndex:
    """Tracking numbers (sorted, for prefix search) → (imp_uid, product order id)."""

    def __init__(self, tracking: dict[str, tuple[str, str]]) -> None:
        self._keys = sorted(tracking)
        self._values = tracking

    def prefix(self, text: str, limit: int) -> list[tuple[str, str]]:
        start = bisect.bisect_left(self._keys, text)
        found = []
        for key in self._keys[start : start + limit]:
            if not key.startswith(text):
                break
            found.append(self._values[key])
        return found


def search(
    conn: sqlite3.Connection,
    hasher: Hasher,
    text: str,
    limit: int = 50,
    tracking: TrackingIndex | None = None,
) -> list[SearchHit]:
    text = text.strip()
    if not text:
        return []
    found: dict[str, tuple[str, str | None]] = {}  # imp_uid → (matched key, product order id)

    def add(key: str, imp_uids: Sequence[str], order_id: str | None = None) -> None:
        for imp_uid in imp_uids:
            if len(found) >= limit:
                return
            found.setdefault(imp_uid, (key, order_id))

    def column(sql: str, *args: object) -> list[str]:
        return [row[0] for row in conn.execute(sql, (*args, limit)).fetchall()]

    if "@" in text:
        digest = hasher.email(text)
        if digest:
            add("email", column("SELECT imp_uid FROM payments WHERE email_hash = ? LIMIT ?", digest))
    if _PHONE_LIKE.fullmatch(text):
        digits = phone_digits(text)
        if len(digits) >= 9:
            digest, _ = hasher.phone(digits)
            add("phone", column("SELECT imp_uid FROM payments WHERE phone_hash = ? LIMIT ?", digest))
        elif len(digits) == 4:
            add(
                "phone",
                column(
                    "SELECT imp_uid FROM payments WHERE phone_last4 = ? ORDER BY started_at DESC LIMIT ?",
                    digits,
                ),
            )
    if _HAS_LETTER.search(text) and "@" not in text:
        digest = hasher.name_query(text)
        if digest:
            add(
                "name",
                column(
                    "SELECT imp_uid FROM name_grams WHERE gram = ? ORDER BY started_at DESC LIMIT ?", digest
                ),
            )
    if len(text) >= MIN_PREFIX:
        upper = text + _TOP
        add(
            "merchant_uid",
            column(
                "SELECT imp_uid FROM payments WHERE merchant_uid >= ? AND merchant_uid < ? LIMIT ?",
                text,
                upper,
            ),
        )
        add(
            "imp_uid",
            column("SELECT imp_uid FROM payments WHERE imp_uid >= ? AND imp_uid < ? LIMIT ?", text, upper),
        )
        for order_id, imp_uid in conn.execute(
            "SELECT product_order_id, imp_uid FROM product_orders"
            " WHERE product_order_id >= ? AND product_order_id < ? LIMIT ?",
            (text, upper, limit),
        ).fetchall():
            add("product_order_id", [imp_uid], order_id)
        if tracking is not None:
            for imp_uid, order_id in tracking.prefix(text, limit):
                add("tracking_number", [imp_uid], order_id)
    return _hits(conn, found)


def _hits(conn: sqlite3.Connection, found: dict[str, tuple[str, str | None]]) -> list[SearchHit]:
    if not found:
        return []
    marks = ", ".join("?" for _ in found)
    rows = {
        row[0]: row
        for row in conn.execute(
            "SELECT imp_uid, merchant_uid, buyer_masked, amount, status, pg_provider, pay_method, started_at"
            f" FROM payments WHERE imp_uid IN ({marks})",
            list(found),
        ).fetchall()
    }
    hits = []
    for imp_uid, (matched, order_id) in found.items():
        row = rows.get(imp_uid)
        if row is None:
            continue  # a tracking number whose payment left the window
        _, merchant_uid, buyer, amount, status, pg, method, started_at = row
        hits.append(
            SearchHit(
                imp_uid=imp_uid,
                merchant_uid=merchant_uid,
                buyer=buyer,
                amount=amount,
                status=status,
                status_label=label_of(PAYMENT_STATUSES, status),
                pg_provider=pg,
                pay_method=method,
                started_at=started_at,
                matched=matched,
                is_naver=pg == NAVERCO,
                product_order_id=order_id,
            )
        )
    return hits
