"""Rows that can go out as one call.

Naver actions take a list of product order ids, so rows of the same payment whose other values
agree (for 발송처리 the method, courier, tracking number and dispatch time; for 발주확인 nothing
else) become one call with an explicit id list. Receipts are one call per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from portone_desk.bulk.naver_actions import naver_action
from portone_desk.bulk.rows import PENDING, BulkRow


@dataclass
class Group:
    op_id: str
    values: dict[str, Any]  # for the call, with every row's product order id for Naver actions
    row_nos: list[int] = field(default_factory=list)
    pg: str | None = None

    @property
    def imp_uid(self) -> str:
        return str(self.values.get("imp_uid") or "")

    @property
    def product_order_ids(self) -> list[str]:
        return list(self.values.get("product_order_id") or [])


def group_key(row: BulkRow) -> tuple[Any, ...]:
    action = naver_action(row.op_id)
    if action is not None:
        return (row.op_id, row.imp_uid, *(row.values.get(name) for name in action.shared))
    return (row.op_id, row.row_no)


def plan(rows: Iterable[BulkRow], statuses: Iterable[str] = (PENDING,)) -> list[Group]:
    """The calls for the rows in ``statuses``, in sheet order of their first row."""
    wanted = set(statuses)
    groups: dict[tuple[Any, ...], Group] = {}
    for row in rows:
        if row.status not in wanted:
            continue
        key = group_key(row)
        group = groups.get(key)
        if group is None:
            values = {k: (list(v) if isinstance(v, list) else v) for k, v in row.values.items()}
            group = groups[key] = Group(row.op_id, values, [], row.pg)
        elif naver_action(row.op_id) is not None:
            group.values["product_order_id"] = [*group.product_order_ids, row.product_order_id]
        group.row_nos.append(row.row_no)
    return list(groups.values())
