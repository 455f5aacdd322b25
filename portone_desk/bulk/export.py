"""Per-row results of a batch as a sheet (CSV with BOM for Korean Excel, or XLSX)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from portone_desk.api import catalog
from portone_desk.api.masking import mask_identifier
from portone_desk.api.model import label_of
from portone_desk.api.timefmt import format_kst
from portone_desk.bulk.rows import STATUS_LABELS, BulkRow
from portone_desk.store.atomic import write_atomic
from portone_desk.store.sheet_safety import defuse

HEADERS = (
    "행",
    "작업",
    "결제번호(imp_uid)",
    "주문번호(merchant_uid)",
    "상품주문번호",
    "택배사",
    "송장번호",
    "발송일시",
    "식별번호",
    "결과",
    "메시지",
)


def row_cells(row: BulkRow) -> list[Any]:
    values = row.values
    op = catalog.OPERATIONS.get(row.op_id)
    # Every cell, not only messages: ids and numbers come from the agent's sheet as typed.
    cells = [
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
    return [defuse(cell) for cell in cells]


def export_results(rows: Sequence[BulkRow], path: Path | str) -> None:
    """``.xlsx`` → a workbook; anything else → CSV in UTF-8 with a BOM."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        write_atomic(path, _xlsx(rows))
        return
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(row_cells(row))
    write_atomic(path, buffer.getvalue().encode("utf-8-sig"))


def _xlsx(rows: Sequence[BulkRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "처리 결과"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row_cells(row))
        # Ids and waybills as text, so Excel does not turn them into 1.23E+11 again.
        for column in (3, 4, 5, 7):
            sheet.cell(row=sheet.max_row, column=column).number_format = "@"
    sheet.freeze_panes = "A2"
    widths = (6, 22, 24, 22, 20, 14, 18, 20, 16, 10, 60)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
