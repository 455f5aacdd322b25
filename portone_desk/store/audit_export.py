"""Activity-log rows to CSV and XLSX files a Korean Excel opens correctly (through the one sheet
writer). The log itself (``audit.py``) knows no file formats: this module imports it, never back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from portone_desk.api.catalog import DELIVERY_COMPANIES, OPERATIONS
from portone_desk.api.model import label_of
from portone_desk.store.audit import AuditRow
from portone_desk.store.sheet_writer import Column, write_csv, write_xlsx

# What the desk logs that is not an API call (the history tab uses the same words).
DESK_OPERATIONS = {"revealBuyerPhone": "구매자 연락처 보기"}


def _op_title(op_id: str) -> str:
    """The catalog's Korean title of an operation, as the history tab shows it (the id if unknown)."""
    op = OPERATIONS.get(op_id)
    return op.title if op else DESK_OPERATIONS.get(op_id, op_id)


def _courier(row: AuditRow) -> str:
    """택배사 of a dispatch, by its current Korean name (the code the API took is in the details)."""
    code = row.details.get("delivery_company")
    return label_of(DELIVERY_COMPANIES, code) if code else ""


def reason_text(row: AuditRow) -> str:
    """The reason as the lead reads it: a reason code (rows logged before codes were labelled)
    shown by its Korean label."""
    op = OPERATIONS.get(row.operation)
    field = next((f for f in op.fields if f.name == "reason" and f.options), None) if op else None
    if field is None or not row.reason:
        return row.reason
    head, sep, rest = row.reason.partition(" / ")
    return f"{field.option_label(head)}{sep}{rest}"


def _outcome(row: AuditRow) -> str:
    if row.settled_at is not None:
        return f"{row.outcome_label} · {row.settled_how}"
    return row.outcome_label


# The day's sheet a lead sends on (scenario 17): who, what in Korean, the courier and tracking
# number of every dispatch; the PC's login name is not who did it and is left out.
_COLUMNS: tuple[tuple[Column, Callable[[AuditRow], Any]], ...] = (
    (Column("번호"), lambda r: r.id),
    (Column("시간(KST)", 20, kst_time=True), lambda r: r.time),
    (Column("상담원"), lambda r: r.agent_name),
    (Column("프로필"), lambda r: r.profile_name),
    (Column("작업"), lambda r: _op_title(r.operation)),
    (Column("구분"), lambda r: "변경" if r.mutating else "조회"),
    (Column("결제번호(imp_uid)"), lambda r: r.imp_uid),
    (Column("주문번호(merchant_uid)"), lambda r: r.merchant_uid),
    (Column("상품주문번호"), lambda r: ", ".join(r.product_order_ids)),
    (Column("택배사"), _courier),
    (Column("송장번호"), lambda r: str(r.details.get("tracking_number") or "")),
    (Column("사유/메모"), reason_text),
    (Column("결과"), _outcome),
    (Column("HTTP 상태"), lambda r: r.http_status),
    (Column("PortOne 코드"), lambda r: r.code),
    (Column("메시지"), lambda r: r.message),
    (Column("성공한 주문"), lambda r: ", ".join(r.succeeded_ids)),
    (Column("실패한 주문"), lambda r: ", ".join(r.failed_ids)),
    (Column("소요 시간(ms)"), lambda r: r.duration_ms),
)
COLUMNS = tuple(column for column, _ in _COLUMNS)
HEADERS = tuple(column.header for column in COLUMNS)


def _cells(row: AuditRow) -> list[Any]:
    return [get(row) for _, get in _COLUMNS]


def export_csv(rows: Sequence[AuditRow], path: Path | str) -> None:
    write_csv(path, COLUMNS, (_cells(row) for row in rows))


def export_xlsx(rows: Sequence[AuditRow], path: Path | str) -> None:
    write_xlsx(path, "활동 기록", COLUMNS, (_cells(row) for row in rows))
