"""Cash receipts (현금영수증) for PortOne payments and for external cash sales.

Amount and VAT:

- A payment's receipt covers ``amount - cancel_amount`` (the remaining balance after partial
  cancellations); an external receipt covers the ``amount`` sent.
- VAT is 1/11 of the taxable part, ``(amount - tax_free) / 11``, rounded half up to whole won
  (``money.vat_of``: ``(2 * taxable + 11) // 22``; a whole-won amount divided by 11 never ends in
  exactly .5, so half-up and half-even agree).
- ``vat_amount`` (or the deprecated ``vat``) overrides the computed VAT, as for merchants set up
  to specify it.

A cancelled receipt stays readable (with ``cancelled_at``) and the sale may be issued again.
"""

from __future__ import annotations

import html
import secrets
from typing import Any
from urllib.parse import quote

from portone_desk.api.validation import vat_of
from portone_desk.sandbox import params
from portone_desk.sandbox.call import Call, Handler
from portone_desk.sandbox.demo import CHANNELS
from portone_desk.sandbox.records import new_receipt
from portone_desk.sandbox.store import Doc, public
from portone_desk.sandbox.wire import ApiFailure, Reply, envelope

CASH_METHODS = ("vbank", "trans")


def _new_receipt(call: Call, key: dict[str, str], amount: int) -> Doc:
    tax_free = int(call.values.get("tax_free") or 0)
    if tax_free < 0 or tax_free > amount:
        raise ApiFailure(400, f"면세금액(tax_free)은 0 이상, 발급금액({amount:,}원) 이하여야 합니다")
    explicit = call.values.get("vat_amount", call.values.get("vat"))
    vat = round(explicit) if explicit is not None else vat_of(amount, tax_free)
    return new_receipt(
        key,
        amount,
        vat,
        call.now,
        receipt_tid=f"SBXRCPT{secrets.token_hex(6).upper()}",
        apply_num=f"{secrets.randbelow(10**9):09d}",
        identifier=call.values.get("identifier"),
        receipt_type=call.value("type") or "person",
        tax_free=tax_free,
    )


def shown(call: Call, receipt: Doc) -> Doc:
    """The public receipt with a ``receipt_url`` on this server (its port may change)."""
    if "imp_uid" in receipt:
        url = f"{call.base_url}/_sandbox/receipt/imp/{quote(receipt['imp_uid'], safe='')}"
    else:
        url = f"{call.base_url}/_sandbox/receipt/external/{quote(receipt['merchant_uid'], safe='')}"
    return {**public(receipt), "receipt_url": url}


# PortOne-payment receipts ------------------------------------------------------------------------


def issue(call: Call) -> Reply:
    payment = call.payment()
    call.require_pg(payment["pg_provider"])
    params.require(call.op, call.values, payment["pg_provider"])
    if payment["pay_method"] not in CASH_METHODS:
        raise ApiFailure(400, "현금영수증은 가상계좌(vbank)·계좌이체(trans) 결제에만 발급할 수 있습니다")
    if payment["status"] != "paid":
        raise ApiFailure(
            400,
            f"결제완료(paid) 상태가 아닌 결제에는 현금영수증을 발급할 수 없습니다 "
            f"(현재: {payment['status']})",
        )
    existing = call.store.receipt(payment["imp_uid"])
    if existing and not existing.get("cancelled_at"):
        raise ApiFailure(400, "이미 현금영수증이 발급된 결제입니다")
    amount = int(payment["amount"]) - int(payment.get("cancel_amount") or 0)
    receipt = _new_receipt(call, {"imp_uid": payment["imp_uid"]}, amount)
    call.store.save_receipt(receipt)
    _mark_payment(call, payment, True)
    return envelope(200, shown(call, receipt))


def get(call: Call) -> Reply:
    # No PG check: the spec documents only 200/401/404 for the receipt GETs (a Hecto receipt
    # issued in the payment window must still be visible, and so cancellable).
    payment = call.payment()
    receipt = call.store.receipt(payment["imp_uid"])
    if receipt is None:
        raise ApiFailure(404, "이 결제로 발급된 현금영수증이 없습니다")
    return envelope(200, shown(call, receipt))


def revoke(call: Call) -> Reply:
    payment = call.payment()
    call.require_pg(payment["pg_provider"])
    receipt = call.store.receipt(payment["imp_uid"])
    if receipt is None:
        raise ApiFailure(400, "포트원으로 발급된 현금영수증이 없습니다")
    if receipt.get("cancelled_at"):
        raise ApiFailure(400, "이미 취소된 현금영수증입니다")
    receipt["cancelled_at"] = call.now
    call.store.save_receipt(receipt)
    _mark_payment(call, payment, False)
    return envelope(200, shown(call, receipt))


def _mark_payment(call: Call, payment: Doc, issued: bool) -> None:
    payment["cash_receipt_issued"] = issued
    payment["_updated_at"] = call.now
    call.store.save_payment(payment)


# External receipts -------------------------------------------------------------------------------


def issue_external(call: Call) -> Reply:
    channel_key = call.values["channel_key"]
    pg = CHANNELS.get(channel_key)
    if pg is None:
        raise ApiFailure(400, f"존재하지 않는 채널 키입니다: {channel_key}")
    call.require_pg(pg)
    params.require(call.op, call.values, pg)
    amount = int(call.values["amount"])
    if amount <= 0:
        raise ApiFailure(400, "발급금액(amount)은 1원 이상이어야 합니다")
    merchant_uid = call.values["merchant_uid"]
    existing = call.store.external_receipt(merchant_uid)
    if existing and not existing.get("cancelled_at"):
        raise ApiFailure(400, f"이 주문번호로 이미 발급된 현금영수증이 있습니다: {merchant_uid}")
    receipt = _new_receipt(call, {"merchant_uid": merchant_uid}, amount)
    receipt.update(_pg=pg, _channel_key=channel_key, _name=call.values["name"])
    call.store.save_external_receipt(receipt)
    return envelope(200, shown(call, receipt))


def _external(call: Call) -> Doc:
    merchant_uid = call.values["merchant_uid"]
    receipt = call.store.external_receipt(merchant_uid)
    if receipt is None:
        raise ApiFailure(404, f"이 주문번호로 발급된 현금영수증이 없습니다: {merchant_uid}")
    return receipt


def get_external(call: Call) -> Reply:
    return envelope(200, shown(call, _external(call)))  # no PG check, like get()


def revoke_external(call: Call) -> Reply:
    receipt = _external(call)
    call.require_pg(receipt.get("_pg"))
    if receipt.get("cancelled_at"):
        raise ApiFailure(400, "이미 취소된 현금영수증입니다")
    receipt["cancelled_at"] = call.now
    call.store.save_external_receipt(receipt)
    return envelope(200, shown(call, receipt))


def receipt_page(kind: str, ident: str, receipt: dict[str, Any] | None) -> str:
    """A plain HTML slip for ``receipt_url`` so trainers can click the link."""
    if receipt is None:
        return "<html><body><p>현금영수증을 찾을 수 없습니다.</p></body></html>"
    state = "취소됨" if receipt.get("cancelled_at") else "발급됨"
    label = "거래고유번호" if kind == "imp" else "주문번호"
    return (
        "<html><head><meta charset='utf-8'><title>현금영수증 (샌드박스)</title></head><body>"
        f"<h1>현금영수증 (샌드박스)</h1><p>{label}: {html.escape(ident)}</p>"
        f"<p>국세청 승인번호: {receipt['apply_num']}</p><p>금액: {receipt['amount']:,}원 "
        f"(부가세 {receipt['vat']:,}원)</p><p>상태: {state}</p></body></html>"
    )


HANDLERS: dict[str, Handler] = {
    "issueReceipt": issue,
    "getReceipt": get,
    "revokeReceipt": revoke,
    "issueExternalReceipt": issue_external,
    "getExternalReceipt": get_external,
    "revokeExternalReceipt": revoke_external,
}
