"""Building full API records (Payment, NaverProductOrder, Receipt) from the few facts a seed gives.

Used by the demo data, the shop generator, ``POST /_sandbox/payments`` and the receipt routes so
all produce the same shapes.
"""

from __future__ import annotations

import itertools
import secrets
import zlib
from typing import Any

from portone_desk.sandbox.store import Doc, SandboxStore

VBANKS = (("004", "KB국민은행"), ("088", "신한은행"), ("020", "우리은행"), ("081", "하나은행"))
BANKS = (("011", "NH농협은행"), ("090", "카카오뱅크"), ("004", "KB국민은행"))
CARDS = (("366", "신한카드"), ("361", "BC카드"), ("381", "KB국민카드"), ("365", "삼성카드"))
_counter = itertools.count(1)


def new_receipt(
    key: dict[str, str],
    amount: int,
    vat: int,
    applied_at: int,
    *,
    receipt_tid: str,
    apply_num: str,
    identifier: str | None,
    receipt_type: str = "person",
    cancelled_at: int = 0,
    tax_free: int = 0,
) -> Doc:
    """A cash receipt as the store keeps it (``key``: its imp_uid, or merchant_uid when external)."""
    return {
        **key,
        "receipt_tid": receipt_tid,
        "apply_num": apply_num,
        "type": receipt_type,
        "amount": amount,
        "vat": vat,
        "receipt_url": None,
        "applied_at": applied_at,
        "cancelled_at": cancelled_at,
        "_identifier": identifier,
        "_tax_free": tax_free,
    }


def new_payment(spec: dict[str, Any], now: int) -> Doc:
    """A complete Payment document; ``spec`` holds API fields plus sandbox ``_`` keys."""
    status = spec.get("status", "paid")
    pay_method = spec.get("pay_method", "card")
    amount = int(spec.get("amount", 10000))
    cancel_amount = int(spec.get("cancel_amount", 0 if status != "cancelled" else amount))
    started_at = int(spec.get("started_at", now - 3600))
    paid_at = int(spec.get("paid_at", started_at + 60 if status in ("paid", "cancelled") else 0))
    cancelled_at = int(spec.get("cancelled_at", (paid_at or started_at) + 1800 if cancel_amount else 0))
    pg = spec.get("pg_provider", "kcp")
    imp_uid = spec.get("imp_uid") or f"imp_{secrets.randbelow(10**12):012d}"
    pg_tid = f"{pg.upper()}{secrets.randbelow(10**14):014d}"
    doc: Doc = {
        "imp_uid": imp_uid,
        "merchant_uid": spec.get("merchant_uid") or f"order-sbx-{secrets.token_hex(4)}",
        "pay_method": pay_method,
        "channel": spec.get("channel", "pc"),
        "pg_provider": pg,
        "emb_pg_provider": None,
        "pg_tid": pg_tid,
        "pg_id": f"{pg}_sandbox_mid",
        # A payment made through a test channel (control API ``"sandbox": true``); hidden from
        # getPaymentByImpUid unless the caller sends include_sandbox=true.
        "sandbox": bool(spec.get("sandbox", False)),
        "escrow": bool(spec.get("escrow", False)),
        "apply_num": None,
        "bank_code": None,
        "bank_name": None,
        "card_code": None,
        "card_name": None,
        "card_issuer_code": None,
        "card_issuer_name": None,
        "card_publisher_code": None,
        "card_publisher_name": None,
        "card_quota": 0,
        "card_number": None,
        "card_type": None,
        "vbank_code": None,
        "vbank_name": None,
        "vbank_num": None,
        "vbank_holder": None,
        "vbank_date": 0,
        "vbank_issued_at": 0,
        "name": spec.get("name", "샌드박스 상품"),
        "amount": amount,
        "cancel_amount": cancel_amount,
        "currency": "KRW",
        "buyer_name": spec.get("buyer_name", "홍길동"),
        "buyer_email": spec.get("buyer_email", "buyer@example.com"),
        "buyer_tel": spec.get("buyer_tel", "010-1234-5678"),
        "buyer_addr": spec.get("buyer_addr", "서울특별시 중구 세종대로 110"),
        "buyer_postcode": spec.get("buyer_postcode", "04524"),
        "custom_data": None,
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "status": status,
        "started_at": started_at,
        "paid_at": paid_at,
        "failed_at": int(spec.get("failed_at", started_at + 90 if status == "failed" else 0)),
        "cancelled_at": cancelled_at if cancel_amount else 0,
        "fail_reason": spec.get("fail_reason", "잔액 부족" if status == "failed" else None),
        "cancel_reason": spec.get("cancel_reason", "구매자 요청" if cancel_amount else None),
        "receipt_url": f"https://sandbox.portone.local/slip/{imp_uid}",
        "cancel_history": [],
        "deposit_history": [],
        "cancel_receipt_urls": [],
        # True with no API receipt: issued in the payment window (control API field).
        "cash_receipt_issued": bool(spec.get("cash_receipt_issued", False)),
        "customer_uid": None,
        "customer_uid_usage": None,
        "promotion": None,
        "_updated_at": max(paid_at, cancelled_at if cancel_amount else 0, started_at),
    }
    if cancel_amount:
        doc["cancel_history"] = [
            {
                "pg_tid": pg_tid,
                "amount": cancel_amount,
                "cancelled_at": cancelled_at,
                "reason": doc["cancel_reason"],
                "cancellation_id": f"cancel-{imp_uid}-1",
                "receipt_url": f"https://sandbox.portone.local/slip/{imp_uid}/cancel/1",
            }
        ]
    _method_details(doc, spec, next(_counter))
    # Control API facts the Payment model does not show (see README.md, "Control API").
    if spec.get("tier"):
        doc["_tier"] = str(spec["tier"])  # a sub-merchant's payment: calls need this Tier header
    if spec.get("npoint_amount") is not None:
        doc["_npoint_amount"] = int(spec["npoint_amount"])
    if spec.get("primary_method"):
        doc["_primary_method"] = str(spec["primary_method"])  # naverpay: card / bank / money
    doc.update({key: value for key, value in spec.items() if key.startswith("_")})
    return doc


def _method_details(doc: Doc, spec: dict[str, Any], n: int) -> None:
    method = doc["pay_method"]
    if method == "vbank":
        code, name = VBANKS[n % len(VBANKS)]
        doc.update(
            vbank_code=code,
            vbank_name=name,
            vbank_num=spec.get("vbank_num", f"{56211000 + n * 7919:08d}{n:04d}"),
            vbank_holder="(주)포트원데스크샵",
            vbank_issued_at=doc["started_at"],
            vbank_date=doc["started_at"] + 3 * 24 * 3600,
        )
    elif method == "trans":
        code, name = BANKS[n % len(BANKS)]
        doc.update(bank_code=code, bank_name=name)
    elif method == "card":
        code, name = CARDS[n % len(CARDS)]
        doc.update(
            card_code=code,
            card_name=name,
            card_number=f"5365-10**-****-{1000 + n:04d}",
            card_type=0,
            apply_num=f"{30000000 + n * 104729 % 10**8:08d}",
            card_quota=int(spec.get("card_quota", 0)),
        )


PRODUCT_ORDER_DEFAULTS: dict[str, Any] = {
    "product_order_status": "PAYED",
    "claim_type": None,
    "claim_status": None,
    "product_name": "샌드박스 상품",
    "product_option_name": "단일 상품",
    "quantity": 1,
}


def new_product_order(payment: Doc, seq: int, spec: dict[str, Any], now: int) -> Doc:
    """A NaverProductOrder of ``payment``; sandbox flags ``placed``/``held`` become ``_`` keys."""
    merged = {**PRODUCT_ORDER_DEFAULTS, **spec}
    order_id = str(merged.get("product_order_id") or f"{now}{secrets.randbelow(10**6):06d}")
    product_amount = int(merged["product_amount"] if "product_amount" in merged else payment["amount"])
    address = merged.get("shipping_address") or {
        "base": payment.get("buyer_addr") or "서울특별시 중구 세종대로 110",
        "detail": merged.get("address_detail", "101동 1001호"),
        "postcode": payment.get("buyer_postcode") or "04524",
        "tel1": payment.get("buyer_tel") or "010-1234-5678",
        "tel2": None,
        "name": payment.get("buyer_name") or "홍길동",
    }
    doc: Doc = {
        "product_order_id": order_id,
        "product_order_status": merged["product_order_status"],
        "claim_type": merged["claim_type"],
        "claim_status": merged["claim_status"],
        "product_id": str(
            merged.get("product_id", f"8{zlib.crc32(merged['product_name'].encode()) % 10**9:09d}")
        ),
        "product_name": merged["product_name"],
        "product_option_id": str(merged.get("product_option_id", f"{order_id[-6:]}01")),
        "product_option_name": merged["product_option_name"],
        "product_amount": product_amount,
        "delivery_amount": int(merged.get("delivery_amount", 0 if product_amount >= 30000 else 3000)),
        "quantity": int(merged["quantity"]),
        "orderer": {
            "name": payment.get("buyer_name") or "홍길동",
            "id": merged.get("orderer_id", "nav****"),
            "tel": payment.get("buyer_tel") or "010-1234-5678",
        },
        "shipping_address": address,
        "shipping_memo": merged.get("shipping_memo", "부재 시 문 앞에 놓아주세요"),
        "shipping_due": payment.get("paid_at", now) + 2 * 24 * 3600,
        "individual_code": None,
        "_imp_uid": payment["imp_uid"],
        "_seq": seq,
        "_placed": bool(merged.get("placed", False)),
        "_held": bool(merged.get("held", False)),
    }
    if doc["product_order_status"] == "DELIVERING":
        doc["_delivering_since"] = int(merged.get("delivering_since", now - 24 * 3600))
    return doc


def insert_payment(store: SandboxStore, spec: dict[str, Any], now: int) -> tuple[Doc, list[Doc]]:
    """Create a payment (and its Naver product orders, if any) in the store."""
    payment = new_payment(spec, now)
    while store.payment(payment["imp_uid"]) is not None:
        if spec.get("imp_uid"):
            raise ValueError(f"이미 있는 imp_uid입니다: {payment['imp_uid']}")
        payment = new_payment(spec, now)  # a generated id collided: draw another
    store.save_payment(payment)
    orders = []
    for seq, order_spec in enumerate(spec.get("product_orders") or [], start=1):
        order = new_product_order(payment, seq, order_spec, now)
        while store.product_order(order["product_order_id"]) is not None:
            if order_spec.get("product_order_id"):
                raise ValueError(f"이미 있는 상품주문번호입니다: {order['product_order_id']}")
            order = new_product_order(payment, seq, order_spec, now)
        store.save_product_order(order)
        orders.append(order)
    return payment, orders
