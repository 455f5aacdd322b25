"""What a mutation claims: its receipt target, or its payment and product orders.

A target is ``group|part``: the group is the payment (``pay:imp_uid``) or, for a call made by the
shop's order number only, the order (``order:merchant_uid``); the part is one product order id or
``*`` for the whole payment (a receipt, or a Naver action on all its orders). ``*`` overlaps every
part of its group (see ``desk.targets_overlap``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

WHOLE = "*"
NAVER_SYNC_LAG = 60.0  # PortOne's 주문형 order data may lag about a minute behind an action
SETTLE_MARGIN = 15.0


def targets_of(
    op_id: str, values: Mapping[str, Any], product_order_ids: Iterable[str] | None = None
) -> list[str]:
    imp_uid = str(values.get("imp_uid") or "")
    merchant_uid = str(values.get("merchant_uid") or "")
    if imp_uid:
        group = f"pay:{imp_uid}"
    elif merchant_uid:
        group = f"order:{merchant_uid}"
    else:
        return []
    ids = list(product_order_ids or ())
    if not ids:
        raw = values.get("product_order_ids", values.get("product_order_id"))
        if isinstance(raw, str) and raw:
            ids = [raw]
        elif isinstance(raw, list | tuple):
            ids = [str(v) for v in raw if v]
    parts = sorted({str(i) for i in ids}) or [WHOLE]
    return [f"{group}|{part}" for part in parts]


def settle_seconds(op_id: str, read_timeout: float, margin: float = SETTLE_MARGIN) -> float:
    """How long a claim outlives an unanswered call: past any answer it could still get, plus the
    order sync lag for Naver actions (issue 9's settle rule)."""
    lag = NAVER_SYNC_LAG if op_id.startswith("naver") else 0.0
    return read_timeout + margin + lag
