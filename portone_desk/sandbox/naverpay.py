"""Naver Pay payment type (naverpay): points, escrow confirmation, cash-receipt amount; and reviews."""

from __future__ import annotations

from portone_desk.api.validation import vat_of
from portone_desk.sandbox.call import Call, Handler
from portone_desk.sandbox.demo import CHANNELS
from portone_desk.sandbox.store import Doc, public
from portone_desk.sandbox.wire import ApiFailure, Reply, envelope

NAVERPAY = "naverpay"


def _naverpay_payment(call: Call, status: int) -> Doc:
    payment = call.payment()
    if payment["pg_provider"] != NAVERPAY:
        raise ApiFailure(status, f"네이버페이 결제형(naverpay) 거래가 아닙니다: {payment['imp_uid']}")
    return payment


def deposit_point(call: Call) -> Reply:
    payment = _naverpay_payment(call, 404)
    if payment["status"] != "paid":
        raise ApiFailure(500, "결제완료 상태가 아닌 거래는 포인트를 적립할 수 없습니다")
    if payment.get("_point_deposited_at"):
        raise ApiFailure(500, "이미 네이버페이 포인트가 적립된 거래입니다")
    payment["_point_deposited_at"] = call.now
    call.store.save_payment(payment)
    return envelope(200)


def confirm(call: Call) -> Reply:
    payment = _naverpay_payment(call, 404)
    if not payment.get("escrow"):
        raise ApiFailure(500, "에스크로 결제가 아니어서 구매 확정할 수 없습니다")
    if payment["status"] != "paid":
        raise ApiFailure(500, "결제완료 상태가 아닌 거래는 구매 확정할 수 없습니다")
    if payment.get("_confirmed_at"):
        raise ApiFailure(500, "이미 구매 확정된 거래입니다")
    payment["_confirmed_at"] = call.now
    payment["_confirmed_by"] = call.value("requester")
    call.store.save_payment(payment)
    return envelope(200)


# Primary means of a Naver Pay payment whose part a cash receipt may cover (a card part never).
CASH_ELIGIBLE_PRIMARY = frozenset({"bank", "money"})


def cash_amount(call: Call) -> Reply:
    payment = _naverpay_payment(call, 400)
    paid = int(payment["amount"]) - int(payment.get("cancel_amount") or 0)
    npoint = min(int(payment.get("_npoint_amount") or 0), paid)
    primary_method = payment.get("_primary_method", "bank")
    primary = paid - npoint if primary_method in CASH_ELIGIBLE_PRIMARY else 0
    total = npoint + primary  # only the cash-eligible part
    vat = vat_of(total)
    return envelope(
        200,
        {
            "amount_total": total,
            "amount_by_npoint": npoint,
            "amount_by_primary": primary,
            "amount_supply": total - vat,
            "amount_vat": vat,
        },
    )


def reviews(call: Call) -> Reply:
    channel_key = call.values["channel_key"]
    if CHANNELS.get(channel_key) != "naverco":
        raise ApiFailure(400, f"네이버페이 주문형 채널 키가 아닙니다: {channel_key}")
    start, end = call.values["from"], call.values["to"]
    if start > end:
        raise ApiFailure(400, "조회 시작 시각(from)이 종료 시각(to)보다 늦습니다")
    kind = call.values["review_type"]
    found = [
        public(review)
        for review in call.store.reviews()
        if review.get("_review_type") == kind and start <= review["created_at"] <= end
    ]
    found.sort(key=lambda review: review["created_at"], reverse=True)
    return envelope(200, found)


HANDLERS: dict[str, Handler] = {
    "naverDepositPoint": deposit_point,
    "naverConfirmPayment": confirm,
    "queryCashAmount": cash_amount,
    "getReviews": reviews,
}
