"""Which queue each cached product order or payment belongs to, and in what order (pure rules + reads).

The rules (also in the package docstring): PAYED with no open claim → ``place`` until the desk's
log shows 발주확인, then ``ship``; open claims by type; returns the log shows as withheld and
구매확정 보류 → ``withheld``; paid vbank/trans payments without a receipt → ``receipt_due``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from portone_desk.api.catalog import CLAIM_STATUSES, PAYMENT_STATUSES, PRODUCT_ORDER_STATUSES
from portone_desk.api.model import label_of
from portone_desk.api.naver_states import open_claim
from portone_desk.queues.activity import ActivityFacts
from portone_desk.queues.model import (
    QUEUE_KEYS,
    SUB_COLLECTED,
    SUB_COLLECTING,
    SUB_MANDATORY,
    QueueItem,
)

DAY = 24 * 3600
MANDATORY_MIN_AMOUNT = 100_000  # 현금영수증 의무발행: 10만 원 이상 (부가세 포함)
MANDATORY_DAYS = 5  # … within 5 days of payment
RECEIPT_METHODS = ("vbank", "trans")
NAVER_PGS = ("naverco", "naverpay")  # Naver issues the cash receipts of its own payments

_RETURN_COLLECTING = {"RETURN:RETURN_REQUEST", "RETURN:COLLECTING"}
_EXCHANGE_OPEN = {"EXCHANGE:EXCHANGE_REQUEST", "EXCHANGE:COLLECTING", "EXCHANGE:COLLECT_DONE"}
_HOLDBACK = {
    "PURCHASE_DECISION_HOLDBACK:PURCHASE_DECISION_HOLDBACK",
    "PURCHASE_DECISION_HOLDBACK:PURCHASE_DECISION_HOLDBACK_REDELIVERING",
}


def classify_order(order: Mapping[str, Any], facts: ActivityFacts) -> tuple[str, str] | None:
    """(queue, sub) of one product order, or None when nothing waits on the shop.

    ``order`` has the API's ``product_order_id``, ``product_order_status``, ``claim_type`` and
    ``claim_status``.
    """
    claim = open_claim(order)
    order_id = str(order.get("product_order_id"))
    status = order.get("product_order_status")
    if not claim:
        if status != "PAYED":
            return None
        return ("ship", "") if order_id in facts.placed else ("place", "")
    if claim == "CANCEL:CANCEL_REQUEST":
        return "cancel_request", ""
    if claim in _RETURN_COLLECTING or claim == "RETURN:COLLECT_DONE":
        if order_id in facts.withheld:
            return "withheld", ""
        return "return_request", SUB_COLLECTED if claim == "RETURN:COLLECT_DONE" else SUB_COLLECTING
    if claim in _EXCHANGE_OPEN:
        return "exchange_request", ""
    if claim in _HOLDBACK:
        return "withheld", ""
    return None  # CANCELING, EXCHANGE_REDELIVERING, ADMIN_CANCELING: Naver or the courier acts next


def order_state(status: str, claim_type: str | None, claim_status: str | None) -> str:
    text = label_of(PRODUCT_ORDER_STATUSES, status)
    if claim_type and claim_status:
        text += f" · {label_of(CLAIM_STATUSES, claim_status)}"
    return text


def naver_items(conn: sqlite3.Connection, facts: ActivityFacts, now: int) -> dict[str, list[QueueItem]]:
    queues: dict[str, list[QueueItem]] = {key: [] for key in QUEUE_KEYS}
    rows = conn.execute(
        "SELECT o.product_order_id, o.imp_uid, o.status, o.claim_type, o.claim_status, o.product_name,"
        " o.amount, o.shipping_due, p.merchant_uid, p.buyer_masked, p.paid_at, p.pg_provider, p.pay_method"
        " FROM product_orders o JOIN payments p ON p.imp_uid = o.imp_uid WHERE p.orders_open = 1"
    ).fetchall()
    for row in rows:
        (order_id, imp_uid, status, claim_type, claim_status, product, amount, due) = row[:8]
        merchant_uid, buyer, paid_at, pg, method = row[8:]
        order = {
            "product_order_id": order_id,
            "product_order_status": status,
            "claim_type": claim_type,
            "claim_status": claim_status,
        }
        placed = classify_order(order, facts)
        if placed is None:
            continue
        queue, sub = placed
        deadline = due if queue in ("place", "ship") else None
        queues[queue].append(
            QueueItem(
                queue=queue,
                imp_uid=imp_uid,
                merchant_uid=merchant_uid,
                product_order_id=order_id,
                buyer=buyer,
                product=product,
                amount=amount,
                status=status,
                state=order_state(status, claim_type, claim_status),
                sub=sub,
                deadline=deadline,
                overdue=deadline is not None and deadline < now,
                since=paid_at,
                pg_provider=pg,
                pay_method=method,
                claim_type=claim_type,
                claim_status=claim_status,
            )
        )
    far = 2**62
    for key in ("place", "ship"):
        queues[key].sort(
            key=lambda i: (i.deadline if i.deadline is not None else far, i.since, i.product_order_id)
        )
    queues["return_request"].sort(key=lambda i: (i.sub != SUB_COLLECTED, i.since, i.product_order_id))
    for key in ("cancel_request", "exchange_request", "withheld"):
        queues[key].sort(key=lambda i: (i.since, i.product_order_id))
    return queues


_RECEIPT_WHERE = (
    "status = 'paid' AND cash_receipt_issued = 0"
    f" AND pay_method IN ({', '.join(repr(m) for m in RECEIPT_METHODS)})"
    f" AND pg_provider NOT IN ({', '.join(repr(pg) for pg in NAVER_PGS)}) AND amount > cancel_amount"
)


def receipt_count(conn: sqlite3.Connection, facts: ActivityFacts) -> int:
    """How many payments ``receipt_items`` lists, counted in SQL (a big shop has thousands)."""
    total = conn.execute(f"SELECT COUNT(*) FROM payments WHERE {_RECEIPT_WHERE}").fetchone()[0]
    receipted = list(facts.receipted)
    for start in range(0, len(receipted), 500):
        chunk = receipted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        total -= conn.execute(
            f"SELECT COUNT(*) FROM payments WHERE {_RECEIPT_WHERE} AND imp_uid IN ({marks})", chunk
        ).fetchone()[0]
    return int(total)


def receipt_items(
    conn: sqlite3.Connection, facts: ActivityFacts, now: int, mandatory: bool
) -> list[QueueItem]:
    rows = conn.execute(
        "SELECT imp_uid, merchant_uid, buyer_masked, order_name, amount - cancel_amount, status,"
        f" paid_at, pg_provider, pay_method FROM payments WHERE {_RECEIPT_WHERE}"
    ).fetchall()
    items: list[tuple[tuple[int, int], QueueItem]] = []
    for imp_uid, merchant_uid, buyer, name, amount, status, paid_at, pg, method in rows:
        if imp_uid in facts.receipted:
            continue
        deadline = None
        sub = ""
        rank = (3, -paid_at)
        if mandatory and amount >= MANDATORY_MIN_AMOUNT:
            deadline = paid_at + MANDATORY_DAYS * DAY
            sub = SUB_MANDATORY
            rank = (1, deadline) if deadline >= now else (2, deadline)
        item = QueueItem(
            queue="receipt_due",
            imp_uid=imp_uid,
            merchant_uid=merchant_uid,
            product_order_id=None,
            buyer=buyer,
            product=name,
            amount=amount,
            status=status,
            state=label_of(PAYMENT_STATUSES, status),
            sub=sub,
            deadline=deadline,
            overdue=deadline is not None and deadline < now,
            since=paid_at,
            pg_provider=pg,
            pay_method=method,
        )
        items.append((rank, item))
    items.sort(key=lambda pair: (pair[0], pair[1].imp_uid))
    return [item for _, item in items]


def all_queues(
    conn: sqlite3.Connection, facts: ActivityFacts, now: int, mandatory: bool
) -> dict[str, list[QueueItem]]:
    queues = naver_items(conn, facts, now)
    queues["receipt_due"] = receipt_items(conn, facts, now, mandatory)
    return queues
