"""What the desk's own activity log says about orders and payments, beyond what the API shows.

The API does not show 발주확인 or 반품보류, nor tracking numbers, so the queues take them from the
log of what agents did through the desk: successful ``naverPlaceProductOrder`` calls, withhold /
resolve of returns, receipts issued, and 송장번호 sent with ship calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_DONE = ("ok", "partial")
PLACE = "naverPlaceProductOrder"
WITHHOLD = "naverWithholdReturnProductOrder"
RESOLVE = "naverResolveReturnProductOrder"
RECEIPT = "issueReceipt"
SHIP = ("naverShipProductOrder", "naverShipExchangedProductOrder")
OPERATIONS = (PLACE, WITHHOLD, RESOLVE, RECEIPT, *SHIP)


@dataclass
class ActivityFacts:
    placed: set[str] = field(default_factory=set)  # product order ids
    withheld: set[str] = field(default_factory=set)  # product order ids, still on hold
    receipted: set[str] = field(default_factory=set)  # imp_uids with a receipt issued here
    tracking: dict[str, tuple[str, str]] = field(default_factory=dict)  # 송장번호 → (imp_uid, order id)


def _done_ids(row: Any) -> tuple[str, ...]:
    """The product orders a finished call succeeded for."""
    if row.outcome == "partial":
        return tuple(row.succeeded_ids)
    return tuple(row.succeeded_ids) or tuple(row.product_order_ids)


def facts_from(rows: Iterable[Any]) -> ActivityFacts:
    """``rows``: ``store.audit.AuditRow`` objects, any order."""
    facts = ActivityFacts()
    for row in sorted(rows, key=lambda r: (r.time, r.id)):
        if row.outcome not in _DONE:
            continue
        if row.operation == PLACE:
            facts.placed.update(_done_ids(row))
        elif row.operation == WITHHOLD:
            facts.withheld.update(_done_ids(row))
        elif row.operation == RESOLVE:
            facts.withheld.difference_update(_done_ids(row))
        elif row.operation == RECEIPT and row.imp_uid:
            facts.receipted.add(row.imp_uid)
        elif row.operation in SHIP:
            number = str((row.details or {}).get("tracking_number") or "").strip()
            for order_id in _done_ids(row):
                if number:
                    facts.tracking[number] = (row.imp_uid, order_id)
    return facts


def read_facts(audit: Any, since: float) -> ActivityFacts:
    """Facts from a ``store.audit.AuditLog`` (calls since ``since``, UNIX s)."""
    if audit is None:
        return ActivityFacts()
    from portone_desk.team.errors import TeamUnavailable

    try:
        rows = audit.query(since=since, operation=list(OPERATIONS), limit=1_000_000)
    except TeamUnavailable:
        # Team mode with the team database away (the window's banner says so): the queues still
        # come from lookups, without what the team's log would add until it is back.
        return ActivityFacts()
    return facts_from(rows)
