"""Per-row results of a batch as a sheet (CSV with BOM for Korean Excel, or XLSX)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from portone_desk.api import catalog
from portone_desk.api.masking import mask_identifier
from portone_desk.api.model import label_of
from portone_desk.api.timefmt import format_kst
from portone_desk.bulk.rows import STATUS_LABELS, BulkRow
from portone_desk.store.sheet_writer import Column, write_sheet

# Ids and waybills as text, so Excel does not turn them into 1.23E+11 again.
COLUMNS = (
    Column("행", 6),
    Column("작업", 22),
    Column("결제번호(imp_uid)", 24, text=True),
    Column("주문번호(merchant_uid)", 22, text=True),
    Column("상품주문번호", 20, text=True),
    Column("택배사", 14),
    Column("송장번호", 18, text=True),
    Column("발송일시", 20),
    Column("식별번호", 16),
    Column("결과", 10),
    Column("메시지", 60),
)
HEADERS = tuple(column.header for column in COLUMNS)


def row_cells(row: BulkRow) -> list[Any]:
    """Every cell of a row as written (the writer defuses them all: ids and numbers come from the
    agent's sheet as typed)."""
    values = row.values
    op = catalog.OPERATIONS.get(row.op_id)
    return [
        row.row_no,
        op.title if op else row.op_id,
        row.imp_uid,
        row.merchant_uid,
        row.product_order_id,
        label_of(catalog.DELIVERY_COMPANIES, values.get("delivery_company")),
        str(values.get("tracking_number") or ""),
        format_kst(values.get("dispatched_at")) if values.get("dispatched_at") else "",
        # Never the buyer's full number in a file that gets mailed around.
        mask_identifier(str(values.get("identifier") or "")),
        STATUS_LABELS.get(row.status, row.status),
        row.message,
    ]


def export_results(rows: Sequence[BulkRow], path: Path | str) -> None:
    """``.xlsx`` → a workbook; anything else → CSV in UTF-8 with a BOM."""
    write_sheet(path, "처리 결과", COLUMNS, (row_cells(row) for row in rows))
