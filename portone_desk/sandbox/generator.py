"""The shop generator: a realistic shop of N payments over D days, the same for the same seed.

``POST /_sandbox/generate {"payments": N, "days": D, "seed": S}`` and ``portone-desk sandbox
--generate N``. It adds (never removes) payments:

- Korean buyers (name, mobile, e-mail, address), several PGs and pay methods: cards (KCP,
  KG이니시스, 나이스, 토스페이먼츠), 가상계좌 and 계좌이체 (cash receipts apply), 카카오페이,
  네이버페이 결제형 (``naverpay``) and 주문형 (``naverco``);
- statuses paid / cancelled (full) / failed / ready (가상계좌 awaiting deposit), partial cancels;
- Naver 주문형 payments with 1–3 product orders, cycling through every product-order state and
  claim the desk's queues know (new, placed, shipping, delivered, decided, cancel/return/exchange
  requests in each collection step, held returns, 구매확정 보류, closed claims), 발송기한 spread
  from 3 days overdue to 4 days ahead;
- cash receipts issued for about a third of the paid cash payments (``cash_receipt_issued``
  true), a few issued then cancelled.

Times are relative to the sandbox clock; ids are derived from the seed (``imp_g<seed>_<n>``), so a
second run with the same seed rewrites the same payments. Rows are written with bulk inserts:
100,000 payments take seconds.
"""

from __future__ import annotations

import random
from typing import Any

from portone_desk.api.validation import vat_of
from portone_desk.sandbox.records import _method_details, new_payment, new_product_order, new_receipt
from portone_desk.sandbox.store import Doc, SandboxStore

DAY = 24 * 3600
MAX_PAYMENTS = 200_000
# The modest shop training mode adds to the demo data: every queue has work, search has people.
TRAINING_SHOP: dict[str, int] = {"payments": 400, "days": 30, "seed": 12}

# Common surnames more often, roughly as in Korea (김, 이, 박 are nearly half).
SURNAMES = (
    "김김김김김김김김김김이이이이이이이박박박박최최정정강조윤장임"
    "한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나엄채원천방공현함변염여추도"
)
GIVEN = "민서지현준우영수진하은도윤예성호연주원아은태희경정채혜승재동유선미나리한솔빈율"
DOMAINS = ("naver.com", "gmail.com", "daum.net", "kakao.com", "hanmail.net", "nate.com")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
CITIES = (
    ("서울특별시 마포구 월드컵북로", "03925"),
    ("서울특별시 송파구 올림픽로", "05551"),
    ("부산광역시 수영구 광안해변로", "48303"),
    ("경기도 고양시 일산동구 중앙로", "10402"),
    ("경기도 용인시 수지구 포은대로", "16835"),
    ("대구광역시 중구 동성로", "41940"),
    ("인천광역시 남동구 예술로", "21545"),
    ("광주광역시 북구 첨단과기로", "61005"),
    ("대전광역시 서구 둔산로", "35242"),
    ("강원특별자치도 춘천시 중앙로", "24265"),
)
PRODUCTS = (
    ("유기농 현미 10kg", 42000),
    ("무선 이어폰 프로", 189000),
    ("캠핑 의자 2개 세트", 76000),
    ("핸드드립 커피 세트", 54000),
    ("러닝화 270mm", 98000),
    ("전기 그릴 팬", 128000),
    ("아동 겨울 패딩 130", 89000),
    ("수제 그래놀라 500g", 23500),
    ("LED 스탠드 조명", 39000),
    ("스테인리스 텀블러", 19800),
    ("기능성 베개", 65000),
    ("블루투스 키보드", 47000),
    ("제주 감귤 5kg", 29000),
    ("가죽 카드지갑", 35000),
    ("공기청정기 필터", 31000),
    ("요가 매트 8mm", 27000),
)
# (weight, pg, pay_method)
METHODS = (
    (14, "kcp", "card"),
    (10, "html5_inicis", "card"),
    (7, "nice", "card"),
    (6, "tosspayments", "card"),
    (6, "kcp", "vbank"),
    (4, "nice", "vbank"),
    (3, "kicc", "vbank"),
    (4, "html5_inicis", "trans"),
    (3, "tosspayments", "trans"),
    (2, "settle", "trans"),
    (6, "kakaopay", "card"),
    (3, "naverpay", "naverpay"),
    (32, "naverco", "naverpay"),
)
# Naver product-order situations, cycled so every one appears; extra keys are sandbox flags.
NAVER_STATES: tuple[dict[str, Any], ...] = (
    {"product_order_status": "PAYED"},  # 신규주문 (발주 대기)
    {"product_order_status": "PAYED", "placed": True},  # 발주확인, 발송 대기
    {"product_order_status": "DELIVERING"},
    {"product_order_status": "DELIVERED"},
    {"product_order_status": "PURCHASE_DECIDED"},
    {"product_order_status": "PAYED", "claim_type": "CANCEL", "claim_status": "CANCEL_REQUEST"},
    {"product_order_status": "CANCELED", "claim_type": "CANCEL", "claim_status": "CANCEL_DONE"},
    {
        "product_order_status": "PAYED",
        "placed": True,
        "claim_type": "CANCEL",
        "claim_status": "CANCEL_REJECT",
    },
    {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "RETURN_REQUEST"},
    {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "COLLECTING"},
    {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "COLLECT_DONE"},
    {
        "product_order_status": "DELIVERED",
        "claim_type": "RETURN",
        "claim_status": "COLLECT_DONE",
        "held": True,
    },
    {"product_order_status": "RETURNED", "claim_type": "RETURN", "claim_status": "RETURN_DONE"},
    {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "RETURN_REJECT"},
    {"product_order_status": "DELIVERED", "claim_type": "EXCHANGE", "claim_status": "EXCHANGE_REQUEST"},
    {"product_order_status": "DELIVERED", "claim_type": "EXCHANGE", "claim_status": "COLLECTING"},
    {"product_order_status": "DELIVERED", "claim_type": "EXCHANGE", "claim_status": "COLLECT_DONE"},
    {"product_order_status": "DELIVERED", "claim_type": "EXCHANGE", "claim_status": "EXCHANGE_REDELIVERING"},
    {"product_order_status": "EXCHANGED", "claim_type": "EXCHANGE", "claim_status": "EXCHANGE_DONE"},
    {
        "product_order_status": "DELIVERED",
        "claim_type": "PURCHASE_DECISION_HOLDBACK",
        "claim_status": "PURCHASE_DECISION_HOLDBACK",
    },
    {"product_order_status": "PAYED", "claim_type": "ADMIN_CANCEL", "claim_status": "ADMIN_CANCELING"},
)
# How often each situation is drawn after the first cycle: mostly new and shipped orders.
NAVER_WEIGHTS = (18, 12, 14, 14, 12, 3, 3, 1, 3, 2, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1)


def _name(rng: random.Random) -> str:
    length = 2 if rng.random() < 0.85 else 1
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(length))


def _buyer(rng: random.Random) -> dict[str, str]:
    street, postcode = rng.choice(CITIES)
    local = "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 9))) + str(rng.randint(1, 999))
    return {
        "buyer_name": _name(rng),
        "buyer_tel": f"010-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}",
        "buyer_email": f"{local}@{rng.choice(DOMAINS)}",
        "buyer_addr": f"{street} {rng.randint(1, 300)}",
        "buyer_postcode": postcode,
    }


def _status(rng: random.Random, method: str) -> str:
    roll = rng.random()
    if method == "vbank" and roll < 0.10:
        return "ready"
    if roll < 0.16:
        return "failed" if method != "naverpay" else "cancelled"
    if roll < 0.24:
        return "cancelled"
    return "paid"


def generate(store: SandboxStore, now: int, payments: int, days: int = 30, seed: int = 0) -> dict[str, int]:
    """Add a generated shop to ``store`` (inside the caller's transaction); returns counts."""
    if not 1 <= payments <= MAX_PAYMENTS:
        raise ValueError(f"payments는 1~{MAX_PAYMENTS} 사이여야 합니다")
    if not 1 <= days <= 365:
        raise ValueError("days는 1~365 사이여야 합니다")
    rng = random.Random(seed)
    weights = [w for w, _, _ in METHODS]
    docs: list[Doc] = []
    orders: list[Doc] = []
    receipts: list[Doc] = []
    naver_seen = 0
    counts = {"payments": 0, "naver_payments": 0, "product_orders": 0, "receipts": 0}
    for n in range(payments):
        _, pg, method = rng.choices(METHODS, weights)[0]
        status = _status(rng, method)
        if pg == "naverco":
            status = "paid" if rng.random() < 0.93 else "cancelled"
        started = now - rng.randint(2000, days * DAY)  # every later step still in the past
        product, price = rng.choice(PRODUCTS)
        quantity = 1 if rng.random() < 0.8 else rng.randint(2, 3)
        lines = rng.choice((1, 1, 1, 2, 3)) if pg == "naverco" else 1
        amount = price * quantity * lines
        paid_at = started + rng.randint(30, 900) if status in ("paid", "cancelled") else 0
        spec: dict[str, Any] = {
            "imp_uid": f"imp_g{seed}_{n:07d}",
            "merchant_uid": f"ORD{seed}-{n:07d}",
            "pg_provider": pg,
            "pay_method": method,
            "status": status,
            "amount": amount,
            "name": product if lines == 1 else f"{product} 외 {lines - 1}건",
            "started_at": started,
            "paid_at": paid_at,
            "channel": rng.choice(("pc", "mobile", "mobile")),
            **_buyer(rng),
        }
        if status == "cancelled":
            spec["cancelled_at"] = min(now - 60, paid_at + rng.randint(600, 3 * DAY))
        elif status == "paid" and pg != "naverco" and rng.random() < 0.04:
            spec["cancel_amount"] = amount // 2  # partly refunded
            spec["cancelled_at"] = min(now - 60, paid_at + rng.randint(600, 2 * DAY))
        elif status == "failed":
            spec["failed_at"] = started + rng.randint(30, 600)
        if pg == "naverpay":
            spec["_npoint_amount"] = rng.choice((0, 0, 1000, 3000))
        doc = new_payment(spec, now)
        doc["pg_tid"] = f"{pg.upper()}{seed % 1000:03d}{n:011d}"
        for entry in doc["cancel_history"]:
            entry["pg_tid"] = doc["pg_tid"]
        _method_details(doc, spec, n)
        if method in ("vbank", "trans") and status == "paid" and rng.random() < 0.35:
            cancelled = rng.random() < 0.12
            receipts.append(_receipt(doc, rng, cancelled))
            doc["cash_receipt_issued"] = not cancelled
        docs.append(doc)
        if pg == "naverco":
            counts["naver_payments"] += 1
            for seq in range(1, lines + 1):
                state = _naver_state(rng, naver_seen, status)
                naver_seen += 1
                order = new_product_order(
                    doc,
                    seq,
                    {
                        **state,
                        "product_order_id": f"{2026}{seed % 100:02d}{n:08d}{seq:02d}",
                        "product_name": product if seq == 1 else rng.choice(PRODUCTS)[0],
                        "product_amount": price * quantity,
                        "quantity": quantity,
                        "delivering_since": now - rng.randint(3600, 2 * DAY),
                    },
                    now,
                )
                # 발송기한 around today for orders still to ship; two days after payment otherwise.
                if order["product_order_status"] == "PAYED":
                    order["shipping_due"] = now + rng.randint(-3 * DAY, 4 * DAY)
                orders.append(order)
    store.save_payments_bulk(docs)
    store.save_product_orders_bulk(orders)
    for receipt in receipts:
        store.save_receipt(receipt)
    counts.update(payments=len(docs), product_orders=len(orders), receipts=len(receipts))
    return counts


def _naver_state(rng: random.Random, index: int, payment_status: str) -> dict[str, Any]:
    if payment_status == "cancelled":
        return {"product_order_status": "CANCELED", "claim_type": "CANCEL", "claim_status": "CANCEL_DONE"}
    if index < len(NAVER_STATES):
        return dict(NAVER_STATES[index])
    return dict(rng.choices(NAVER_STATES, NAVER_WEIGHTS)[0])


def _receipt(payment: Doc, rng: random.Random, cancelled: bool) -> Doc:
    amount = int(payment["amount"]) - int(payment.get("cancel_amount") or 0)
    applied = int(payment["paid_at"]) + rng.randint(60, 3600)
    return new_receipt(
        {"imp_uid": payment["imp_uid"]},
        amount,
        vat_of(amount),
        applied,
        receipt_tid=f"SBXRCPT{payment['imp_uid'][-8:].upper()}",
        apply_num=f"{rng.randint(0, 10**9 - 1):09d}",
        identifier=f"010{rng.randint(10**7, 10**8 - 1)}",
        cancelled_at=applied + 3600 if cancelled else 0,
    )
