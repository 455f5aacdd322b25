"""How bulk rows read in the table: the columns of each kind and a colour per state."""

from __future__ import annotations

from portone_desk.api import catalog
from portone_desk.api.masking import mask_identifier
from portone_desk.api.model import label_of
from portone_desk.api.timefmt import format_kst, format_won
from portone_desk.bulk.kinds import PLACE, SHIP
from portone_desk.bulk.rows import (
    DONE,
    FAILED,
    FLAGGED,
    INVALID,
    SENDING,
    SKIPPED,
    STATUS_LABELS,
    UNKNOWN,
    BulkRow,
)
from portone_desk.ui.style import ERROR_COLOR, MUTED_COLOR, OK_COLOR, SENDING_COLOR, WARNING_COLOR
from portone_desk.ui.table_model import Column

COLOURS = {
    DONE: OK_COLOR,
    FAILED: ERROR_COLOR,
    INVALID: ERROR_COLOR,
    FLAGGED: ERROR_COLOR,
    UNKNOWN: WARNING_COLOR,
    SENDING: SENDING_COLOR,
    SKIPPED: MUTED_COLOR,
}


def status_text(row: BulkRow) -> str:
    return STATUS_LABELS.get(row.status, row.status)


def message_text(row: BulkRow) -> str:
    if row.message:
        return row.message
    return " ".join(row.warnings)


def columns(kind: str) -> list[Column]:
    common_head: list[Column] = [("행", lambda r: r.row_no), ("상태", status_text)]
    tail: list[Column] = [("메시지", message_text)]
    if kind == PLACE:
        return [
            *common_head,
            ("결제번호", lambda r: r.imp_uid),  # found by 주문번호 in the dry run when the sheet has none
            ("주문번호", lambda r: r.order_no),
            ("상품주문번호", lambda r: r.product_order_id),
            *tail,
        ]
    if kind == SHIP:
        return [
            *common_head,
            ("결제번호", lambda r: r.imp_uid),  # found by 주문번호 in the dry run when the sheet has none
            ("주문번호", lambda r: r.order_no),
            ("상품주문번호", lambda r: r.product_order_id),
            ("택배사", lambda r: label_of(catalog.DELIVERY_COMPANIES, r.values.get("delivery_company"))),
            ("송장번호", lambda r: r.values.get("tracking_number") or ""),
            ("발송일시", lambda r: format_kst(r.values.get("dispatched_at"))),
            *tail,
        ]
    return [
        *common_head,
        ("결제번호", lambda r: r.imp_uid),
        ("주문번호", lambda r: r.merchant_uid),
        ("식별번호", lambda r: mask_identifier(str(r.values.get("identifier") or ""))),
        ("금액", lambda r: format_won(r.values.get("amount")) if r.values.get("amount") else ""),
        *tail,
    ]


def colour(row: BulkRow) -> str | None:
    if row.warnings and row.status not in COLOURS:
        return WARNING_COLOR
    return COLOURS.get(row.status)


def tooltip(row: BulkRow) -> str:
    parts = [row.message, *row.warnings]
    return "\n".join(p for p in parts if p)
