"""What the receipt screens decide before calling anything (Qt-free, so it is easy to test).

The API would refuse these cases anyway (400 or 501); saying why up front saves the agent a round
trip and, for 501, a confusing error.
"""

from __future__ import annotations

from collections.abc import Mapping

from portone_desk.api.catalog import OPERATIONS, PAY_METHODS, PAYMENT_STATUSES
from portone_desk.api.catalog_options import pg_name
from portone_desk.api.receipt_states import ISSUED_AT_PAYMENT, ISSUED_AT_PAYMENT_REASON, issued_at_payment
from portone_desk.api.timefmt import format_kst, format_won
from portone_desk.ui.shared import label_of

CASH_METHODS = ("vbank", "trans")

Doc = Mapping[str, object]


def pg_label(code: object) -> str:
    """Korean name with the code, e.g. ``NHN KCP (kcp)``; an unknown code as it is."""
    name = pg_name(code)
    return f"{name} ({code})" if name and name != str(code) else name


def pg_of(payment: Doc | None) -> str | None:
    """The payment's PG code as the catalog checks take it; None when there is none."""
    pg = payment.get("pg_provider") if payment else None
    return str(pg) if pg else None


def method_label(code: object) -> str:
    return label_of(PAY_METHODS, code)


def status_label(code: object) -> str:
    return label_of(PAYMENT_STATUSES, code)


def as_int(value: object) -> int:
    try:
        return int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def remaining_amount(payment: Doc) -> int:
    """What a receipt would cover: the paid amount less what was cancelled."""
    return max(as_int(payment.get("amount")) - as_int(payment.get("cancel_amount")), 0)


def is_active(receipt: Doc | None) -> bool:
    """An issued receipt that has not been cancelled."""
    return bool(receipt) and not receipt.get("cancelled_at")  # type: ignore[union-attr]


def receipt_state(receipt: Doc | None, payment: Doc | None = None) -> str:
    if issued_at_payment(payment, receipt):
        return f"{ISSUED_AT_PAYMENT} — 결제창에서 발급된 현금영수증이라 포트원 API로 조회·취소할 수 없습니다"
    if not receipt:
        return "발급된 현금영수증이 없습니다"
    if receipt.get("cancelled_at"):
        return f"발급 취소됨 ({format_kst(receipt.get('cancelled_at'))}) — 다시 발급할 수 있습니다"  # type: ignore[arg-type]
    return f"발급됨 ({format_kst(receipt.get('applied_at'))})"  # type: ignore[arg-type]


def issue_block_reason(payment: Doc | None, receipt: Doc | None, receipt_unknown: bool = False) -> str:
    """Why a receipt cannot be issued for this payment now; "" when it can."""
    if not payment:
        return "먼저 주문번호나 거래고유번호로 결제를 조회하세요."
    method = payment.get("pay_method")
    if method not in CASH_METHODS:
        return (
            f"{method_label(method) or '이 결제수단'} 결제에는 현금영수증을 발급할 수 없습니다. "
            "가상계좌·계좌이체 결제만 발급할 수 있습니다."
        )
    if payment.get("status") != "paid":
        return (
            "결제완료 상태인 결제에만 발급할 수 있습니다 "
            f"(현재: {status_label(payment.get('status')) or '알 수 없음'})."
        )
    pg = payment.get("pg_provider")
    if not OPERATIONS["issueReceipt"].supports_pg(pg_of(payment)):
        return f"이 결제의 PG사 {pg_label(pg)}는 포트원 현금영수증 발급을 지원하지 않습니다."
    if remaining_amount(payment) <= 0:
        return "취소하고 남은 결제금액이 없어 발급할 수 없습니다."
    if issued_at_payment(payment, receipt) and not receipt_unknown:
        return ISSUED_AT_PAYMENT_REASON
    if is_active(receipt):
        number = receipt.get("apply_num") if receipt else ""
        return (
            f"이미 발급된 현금영수증이 있습니다 (국세청 발행번호 {number}). "
            "용도나 식별정보를 바꾸려면 '재발급'을 쓰세요."
        )
    if receipt_unknown:
        if payment.get("cash_receipt_issued"):
            return "이 결제에는 이미 현금영수증이 발급되어 있습니다 (결제내역 기준)."
        return ""
    return ""


def revoke_block_reason(payment: Doc | None, receipt: Doc | None) -> str:
    """Why the shown receipt cannot be cancelled; "" when it can."""
    if not payment:
        return "먼저 결제를 조회하세요."
    if not receipt:
        return "취소할 현금영수증이 없습니다."
    if receipt.get("cancelled_at"):
        return "이미 발급 취소된 현금영수증입니다."
    pg = payment.get("pg_provider")
    if not OPERATIONS["revokeReceipt"].supports_pg(pg_of(payment)):
        return f"이 결제의 PG사 {pg_label(pg)}는 포트원 현금영수증 발급취소를 지원하지 않습니다."
    return ""


def reissue_block_reason(payment: Doc | None, receipt: Doc | None) -> str:
    """Reissue = cancel + issue: both must be possible (the existing receipt aside)."""
    reason = revoke_block_reason(payment, receipt)
    if reason:
        return reason
    # The payment's flag is about the API receipt being cancelled first, not one from the window.
    after_cancel = {**(payment or {}), "cash_receipt_issued": False}
    return issue_block_reason(after_cancel, None)


def vat_preview(amount: int, tax_free: int | None) -> tuple[str, bool]:
    """The preview line and whether it is a problem (tax-free above the amount)."""
    from portone_desk.api.validation import vat_of

    free = tax_free or 0
    if free > amount:
        return (f"면세금액({format_won(free)})이 발행 금액({format_won(amount)})보다 큽니다.", True)
    vat = vat_of(amount, free)
    supply = amount - free - vat
    parts = [f"발행 금액 {format_won(amount)}", f"공급가액 {format_won(supply)}", f"부가세 {format_won(vat)}"]
    if free:
        parts.append(f"면세 {format_won(free)}")
    return ("부가세 미리보기: " + " · ".join(parts), False)
