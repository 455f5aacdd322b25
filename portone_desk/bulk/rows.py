"""Sheet rows → typed, validated call values, one ``BulkRow`` per data row.

Validation is the catalog's own (``coerce`` then ``validate``), so a sheet row is checked exactly
like the same input typed into a form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portone_desk.api import catalog
from portone_desk.api.validation import coerce, errors_of, validate
from portone_desk.bulk import normalize
from portone_desk.bulk.kinds import APPROVE_CANCEL, APPROVE_RETURN, PLACE, RECEIPT, SHIP, JobKind
from portone_desk.bulk.mapping import Mapping
from portone_desk.bulk.sheet import Sheet

# Row states. The first five are where a run leaves a row; the rest are before or during it.
PENDING, SENDING, DONE, FAILED, SKIPPED, UNKNOWN, INVALID, FLAGGED, HELD = (
    "pending",
    "sending",
    "done",
    "failed",
    "skipped",
    "unknown",
    "invalid",
    "flagged",
    "held",  # its target is done or in flight in another batch: not sent unless included
)
STATUS_LABELS = {
    PENDING: "대기",
    SENDING: "전송 중",
    DONE: "완료",
    FAILED: "실패",
    SKIPPED: "건너뜀",
    UNKNOWN: "결과 미확인",
    INVALID: "입력 오류",
    FLAGGED: "처리 불가",
    HELD: "다른 일괄과 겹침",
}
FINAL = frozenset({DONE, FAILED, SKIPPED, INVALID, FLAGGED, HELD})
OPEN = frozenset({PENDING, SENDING, UNKNOWN})

SHIP_OP = "naverShipProductOrder"
PLACE_OP = "naverPlaceProductOrder"
APPROVE_CANCEL_OP = "naverApproveCancelProductOrder"
APPROVE_RETURN_OP = "naverApproveReturnProductOrder"
RECEIPT_OP = "issueReceipt"
EXTERNAL_RECEIPT_OP = "issueExternalReceipt"

# Excel's damage to long digit runs, in text form (CSV) — caught before anything else.
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?[eE]\+?\d+")
ONE_ID_PER_ROW = (
    "한 행에는 상품주문번호를 하나만 넣어 주세요. "
    "같은 상자의 상품주문은 행을 나눠 같은 송장번호를 넣으면 한 번에 보냅니다."
)
MANGLED_ORDER_ID = (
    "상품주문번호가 엑셀에서 숫자로 변환되며 손상되었습니다('{}'). 원본 번호를 다시 넣어 주세요."
)
TRACKING_PRECISION_LOST = (
    "송장번호가 엑셀 숫자 칸에 저장되어 15자리 뒤가 0으로 바뀌었습니다. "
    "열 형식을 '텍스트'로 바꿔 다시 넣어 주세요."
)
NO_PAYMENT_ID = "결제번호(imp_uid) 또는 주문번호(merchant_uid) 중 하나를 넣어 주세요."
TRACKING_STORED_AS_NUMBER = (
    "송장번호가 엑셀 숫자 칸에 저장되어 있습니다. 맨 앞의 0이 빠지지 않았는지 확인해 주세요."
)


@dataclass
class BulkRow:
    row_no: int  # as the spreadsheet numbers it (header = 1)
    op_id: str
    values: dict[str, Any]  # typed, ready for DeskService.call
    status: str = PENDING
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    pg: str | None = None  # learnt in the dry run; lets validation apply PG-specific rules
    # A Naver row's shop order number from the sheet (not an API field of the Naver actions): the
    # dry run finds the imp_uid by it when the sheet has none, and the log records it.
    order_no: str = ""

    @property
    def imp_uid(self) -> str:
        return str(self.values.get("imp_uid") or "")

    @property
    def merchant_uid(self) -> str:
        return str(self.values.get("merchant_uid") or self.order_no)

    @property
    def product_order_id(self) -> str:
        ids = self.values.get("product_order_id") or []
        return str(ids[0]) if ids else ""

    @property
    def key(self) -> str:
        """What the row acts on: one product order, or one payment / order number."""
        return self.product_order_id or self.imp_uid or self.merchant_uid

    def flag(self, status: str, message: str) -> None:
        self.status = status
        self.message = message


def build_rows(
    sheet: Sheet,
    kind: JobKind,
    mapping: Mapping,
    *,
    now: float,
    channel_key: str | None = None,
) -> list[BulkRow]:
    """Every data row, typed and validated; rows with errors come back ``INVALID``."""
    build = _BUILDERS[kind.id]
    rows = []
    for index in range(len(sheet.rows)):
        raw = {name: sheet.cell(index, column) for name, column in mapping.items() if column is not None}
        numeric = {name for name, column in mapping.items() if (index, column) in sheet.numeric}
        rows.append(build(sheet.row_number(index), raw, numeric, now, channel_key))
    return rows


def _place_row(
    row_no: int, raw: dict[str, str], numeric: set[str], now: float, channel_key: str | None
) -> BulkRow:
    # Only the ids: a ship sheet's courier and waybill columns mean nothing to 발주확인.
    order_id = raw.get("product_order_id", "").strip()
    text = {"imp_uid": raw.get("imp_uid", "").strip(), "product_order_id": order_id}
    row = _naver_checked(row_no, PLACE_OP, text, raw)
    _check_order_id(row, order_id)
    return row


def _ids_only_row(op_id: str) -> Callable[[int, dict[str, str], set[str], float, str | None], BulkRow]:
    """A builder for actions that take only the ids (claim approvals), checked like 발주확인."""

    def build(
        row_no: int, raw: dict[str, str], numeric: set[str], now: float, channel_key: str | None
    ) -> BulkRow:
        order_id = raw.get("product_order_id", "").strip()
        text = {"imp_uid": raw.get("imp_uid", "").strip(), "product_order_id": order_id}
        row = _naver_checked(row_no, op_id, text, raw)
        _check_order_id(row, order_id)
        return row

    return build


def _naver_checked(row_no: int, op_id: str, text: dict[str, str], raw: dict[str, str]) -> BulkRow:
    """A Naver row; without an imp_uid but with the shop's order number, the dry run finds the
    payment by that number and fills the imp_uid in (the order number itself is no field of the
    Naver actions: it is kept beside the values, and the runner gives it to the log)."""
    merchant_uid = raw.get("merchant_uid", "").strip()
    if text["imp_uid"] or "merchant_uid" not in raw:
        row = _checked(row_no, op_id, text, None)
    else:
        row = _checked(row_no, op_id, text, None, unresolved=True)
        if not merchant_uid:
            _error(row, NO_PAYMENT_ID)
    row.order_no = merchant_uid
    return row


def _check_order_id(row: BulkRow, order_id: str) -> None:
    if "," in order_id:
        _error(row, ONE_ID_PER_ROW)
    if order_id and _SCIENTIFIC.search(order_id):
        _error(row, MANGLED_ORDER_ID.format(order_id))


def _ship_row(
    row_no: int, raw: dict[str, str], numeric: set[str], now: float, channel_key: str | None
) -> BulkRow:
    order_id = raw.get("product_order_id", "").strip()
    text = {
        "imp_uid": raw.get("imp_uid", "").strip(),
        "product_order_id": order_id,
        "delivery_method": normalize.delivery_method_code(raw.get("delivery_method", "")),
        "delivery_company": normalize.courier_code(raw.get("delivery_company", "")),
        "tracking_number": raw.get("tracking_number", "").strip(),
        "dispatched_at": normalize.kst_text(raw.get("dispatched_at", "")) or normalize.now_kst_text(now),
    }
    if not text["delivery_method"]:
        text["delivery_method"] = "DELIVERY"
    if text["delivery_method"] != "DELIVERY":
        # Couriers and waybills mean nothing for 방문 수령, 퀵서비스 …; the API would ignore them.
        text["delivery_company"] = text["tracking_number"] = ""
    row = _naver_checked(row_no, SHIP_OP, text, raw)
    _check_order_id(row, order_id)
    if row.status == PENDING and "tracking_number" in numeric and text["tracking_number"]:
        digits = sum(c.isdigit() for c in text["tracking_number"])
        if digits >= 16:
            _error(row, TRACKING_PRECISION_LOST)
        else:
            row.warnings.append(TRACKING_STORED_AS_NUMBER)
    return row


def _receipt_row(
    row_no: int, raw: dict[str, str], numeric: set[str], now: float, channel_key: str | None
) -> BulkRow:
    text = {name: value.strip() for name, value in raw.items() if value.strip()}
    if "type" in text:
        text["type"] = normalize.receipt_type_code(text["type"])
    if "identifier_type" in text:
        text["identifier_type"] = normalize.identifier_type_code(text["identifier_type"])
    if text.get("imp_uid"):
        op_id = RECEIPT_OP
        # The amount comes from the payment itself; a sheet's amount column is informational.
        drop = {"merchant_uid", "amount", "name"}
    else:
        op_id = EXTERNAL_RECEIPT_OP
        drop = {"imp_uid"}
        if channel_key and not text.get("channel_key"):
            text["channel_key"] = channel_key
    allowed = {f.name for f in catalog.operation(op_id).fields}
    text = {name: value for name, value in text.items() if name in allowed and name not in drop}
    row = _checked(row_no, op_id, text, None)
    if op_id == EXTERNAL_RECEIPT_OP and not text.get("merchant_uid") and not raw.get("imp_uid", "").strip():
        row.flag(INVALID, "결제번호(imp_uid) 또는 주문번호(merchant_uid) 중 하나를 넣어 주세요.")
    return row


def _checked(
    row_no: int, op_id: str, text: dict[str, str], pg: str | None, *, unresolved: bool = False
) -> BulkRow:
    """``unresolved``: the imp_uid is still to be found by order number, so its absence is no error
    yet (``resolved`` checks the row again once it is filled in)."""
    op = catalog.operation(op_id)
    values, issues = coerce(op, text)
    issues = issues + validate(op, values, pg)
    if unresolved:
        issues = [issue for issue in issues if issue.field != "imp_uid"]
    row = BulkRow(row_no, op_id, values)
    errors = errors_of(issues)
    if errors:
        row.flag(INVALID, " ".join(dict.fromkeys(issue.message for issue in errors)))
    row.warnings = [issue.message for issue in issues if not issue.is_error]
    return row


def revalidate(row: BulkRow) -> None:
    """Check again once the dry run knows the payment's PG (some PGs need more fields)."""
    if row.status != PENDING or not row.pg:
        return
    issues = validate(catalog.operation(row.op_id), dict(row.values), row.pg)
    errors = errors_of(issues)
    if errors:
        row.flag(INVALID, " ".join(dict.fromkeys(issue.message for issue in errors)))


def resolved(row: BulkRow, imp_uid: str) -> None:
    """Fill in the imp_uid the dry run found by the row's order number, and check the row again."""
    row.values["imp_uid"] = imp_uid
    if row.status != PENDING:
        return
    errors = errors_of(validate(catalog.operation(row.op_id), dict(row.values), row.pg))
    if errors:
        row.flag(INVALID, " ".join(dict.fromkeys(issue.message for issue in errors)))


def _error(row: BulkRow, message: str) -> None:
    row.flag(INVALID, f"{row.message} {message}".strip() if row.status == INVALID else message)


# One builder per job kind: (sheet row number, raw cells by target, numeric targets, now, channel key).
_BUILDERS: dict[str, Callable[[int, dict[str, str], set[str], float, str | None], BulkRow]] = {
    SHIP: _ship_row,
    PLACE: _place_row,
    RECEIPT: _receipt_row,
    APPROVE_CANCEL: _ids_only_row(APPROVE_CANCEL_OP),
    APPROVE_RETURN: _ids_only_row(APPROVE_RETURN_OP),
}
