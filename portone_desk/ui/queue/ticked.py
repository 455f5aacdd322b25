"""Ticked queue rows → bulk rows, through the very path a sheet takes (``bulk.rows.build_rows``),
so a ticked list is checked exactly like a sheet of the same orders. (No Qt here.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portone_desk.bulk.kinds import APPROVE_CANCEL, APPROVE_RETURN, KINDS, PLACE, SHIP, JobKind
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.rows import BulkRow, build_rows
from portone_desk.bulk.sheet import Sheet
from portone_desk.ui.queue.source import CANCEL_REQUEST, RETURN_REQUEST, QueueItem

ID_HEADERS = ["결제번호", "주문번호", "상품주문번호"]
SHIP_HEADERS = [*ID_HEADERS, "택배사", "송장번호"]


@dataclass(frozen=True)
class Action:
    kind: str  # bulk job kind
    label: str  # button text
    object_name: str
    queues: frozenset[str]  # the queues whose rows it applies to


ACTIONS: tuple[Action, ...] = (
    Action(PLACE, "발주확인", "queuePlace", frozenset({"place"})),
    Action(SHIP, "발송처리…", "queueShip", frozenset({"place", "ship"})),
    Action(APPROVE_CANCEL, "취소승인", "queueApproveCancel", frozenset({CANCEL_REQUEST})),
    Action(APPROVE_RETURN, "반품승인", "queueApproveReturn", frozenset({RETURN_REQUEST})),
)


def kind_of(action: Action) -> JobKind:
    return KINDS[action.kind]


def id_sheet(items: Sequence[QueueItem], source: str) -> Sheet:
    rows = [[item.imp_uid, item.merchant_uid, item.product_order_id] for item in items]
    return Sheet(list(ID_HEADERS), rows, name=source)


def ship_sheet(items: Sequence[QueueItem], shipping: Sequence[tuple[str, str]], source: str) -> Sheet:
    """``shipping``: (courier as typed, tracking number) per item, in the same order."""
    rows = [
        [item.imp_uid, item.merchant_uid, item.product_order_id, courier, tracking]
        for item, (courier, tracking) in zip(items, shipping, strict=True)
    ]
    return Sheet(list(SHIP_HEADERS), rows, name=source)


def rows_for(kind: JobKind, sheet: Sheet, *, now: float) -> list[BulkRow]:
    """Typed, validated rows (``INVALID`` with the Korean reason where a check fails)."""
    return build_rows(sheet, kind, guess_mapping(kind, sheet.headers), now=now)
