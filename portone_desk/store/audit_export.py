"""Activity-log rows to CSV and XLSX files a Korean Excel opens correctly."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from portone_desk.api.catalog import DELIVERY_COMPANIES, OPERATIONS
from portone_desk.api.model import label_of
from portone_desk.api.timefmt import KST, format_kst
from portone_desk.store.atomic import write_atomic
from portone_desk.store.audit import AuditRow
from portone_desk.store.sheet_safety import defuse


def _op_title(op_id: str) -> str:
    """The catalog's Korean title of an operation, as the history tab shows it (the id if unknown)."""
    op = OPERATIONS.get(op_id)
    return op.title if op else op_id


def _courier(row: AuditRow) -> str:
    """택배사 of a dispatch, by its current Korean name (the code the API took is in the details)."""
    code = row.details.get("delivery_company")
    return label_of(DELIVERY_COMPANIES, code) if code else ""


def _outcome(row: AuditRow) -> str:
    if row.settled_at is not None:
        return f"{row.outcome_label} · {row.settled_how}"
    return row.outcome_label


# The day's sheet a lead sends on (scenario 17): who, what in Korean, the courier and tracking
# number of every dispatch; the PC's login name is not who did it and is left out.
_COLUMNS: tuple[tuple[str, Callable[[AuditRow], Any]], ...] = (
    ("번호", lambda r: r.id),
    ("시간(KST)", lambda r: format_kst(r.time)),
    ("상담원", lambda r: r.agent_name),
    ("프로필", lambda r: r.profile_name),
    ("작업", lambda r: _op_title(r.operation)),
    ("구분", lambda r: "변경" if r.mutating else "조회"),
    ("결제번호(imp_uid)", lambda r: r.imp_uid),
    ("주문번호(merchant_uid)", lambda r: r.merchant_uid),
    ("상품주문번호", lambda r: ", ".join(r.product_order_ids)),
    ("택배사", _courier),
    ("송장번호", lambda r: str(r.details.get("tracking_number") or "")),
    ("사유/메모", lambda r: r.reason),
    ("결과", _outcome),
    ("HTTP 상태", lambda r: r.http_status),
    ("PortOne 코드", lambda r: r.code),
    ("메시지", lambda r: r.message),
    ("성공한 주문", lambda r: ", ".join(r.succeeded_ids)),
    ("실패한 주문", lambda r: ", ".join(r.failed_ids)),
    ("소요 시간(ms)", lambda r: r.duration_ms),
)
HEADERS = tuple(name for name, _ in _COLUMNS)
_TIME_COLUMN = 1


def _cells(row: AuditRow) -> list[Any]:
    return [defuse(get(row)) for _, get in _COLUMNS]


def export_csv(rows: Sequence[AuditRow], path: Path | str) -> None:
    """UTF-8 with a BOM: without it Korean Excel reads the file as CP949 and garbles Hangul."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(_cells(row))
    write_atomic(Path(path), buffer.getvalue().encode("utf-8-sig"))


def export_xlsx(rows: Sequence[AuditRow], path: Path | str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "활동 기록"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cells = _cells(row)
        # A real date cell (KST wall time; Excel has no time zones) so Excel can sort and filter.
        cells[_TIME_COLUMN] = datetime.fromtimestamp(int(row.time), KST).replace(tzinfo=None)
        sheet.append(cells)
        sheet.cell(row=sheet.max_row, column=_TIME_COLUMN + 1).number_format = "yyyy-mm-dd hh:mm:ss"
    sheet.freeze_panes = "A2"
    for index, header in enumerate(HEADERS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 20 if index == _TIME_COLUMN + 1 else max(10, len(header) * 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(Path(path), buffer.getvalue())
