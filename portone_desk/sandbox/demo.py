"""Demo credentials and the practice data the sandbox starts with.

Credentials: ``imp_key=sandbox_key``, ``imp_secret=sandbox_secret``. Channel keys:
``channel-key-sandbox`` (KCP, for external cash receipts), ``channel-key-kicc`` (KICC),
``channel-key-kakaopay`` (no cash receipts: 501), ``channel-key-naverco`` (Naver Pay reviews).

Payments (imp_uid / merchant_uid — PG, method, state):

- ``imp_demo_vbank_paid`` / ``order-1001`` — kcp, vbank, paid 39,000원; no receipt yet
- ``imp_demo_trans_paid`` / ``order-1002`` — html5_inicis, trans, paid 128,000원; no receipt yet
- ``imp_demo_receipt_issued`` / ``order-1003`` — nice, vbank, paid 54,000원; receipt issued
- ``imp_demo_receipt_cancelled`` / ``order-1004`` — tosspayments, trans, paid 23,500원; receipt
  issued then cancelled (may be issued again)
- ``imp_demo_vbank_ready`` / ``order-1005`` — kicc, vbank, ready (awaiting deposit) 76,000원
- ``imp_demo_partial_cancel`` / ``order-1006`` — settle, trans, paid 150,000원 with 30,000원
  cancelled (receipt would be 120,000원; settle needs ``identifier_type``)
- ``imp_demo_cancelled`` / ``order-1007`` — ksnet, vbank, fully cancelled 45,000원
- ``imp_demo_card_paid`` / ``order-1008`` — daou, card, paid 89,000원 (no cash receipt for cards)
- ``imp_demo_welcome_trans`` / ``order-1009`` — welcome, trans, paid 62,000원
- ``imp_demo_danal_trans`` / ``order-1010`` — danal, trans, paid 33,000원 (PG without receipts: 501)
- ``imp_demo_kakaopay`` / ``order-1011`` — kakaopay, card, paid 19,800원
- ``imp_demo_ksnet_paid`` / ``order-1012`` — ksnet, trans, paid 47,000원
- ``imp_demo_daou_receipt`` / ``order-1013`` — daou, vbank, paid 210,000원; receipt issued
- ``imp_demo_kicc_receipt`` / ``order-1014`` — kicc, vbank, paid 98,000원; receipt issued (KICC
  receipts cannot be looked up: 501)
- ``imp_demo_retry_failed`` and ``imp_demo_retry_paid`` / both ``order-1015`` — kcp card; the first
  attempt failed, the second was paid (for merchant_uid lookups with status and sorting)

Naver Pay order type (pg ``naverco``); product order ids are ``2026`` + order number + sequence:

- ``imp_demo_naver_new`` / ``order-2001`` — ``2026200100000001`` PAYED, not yet placed (신규주문)
- ``imp_demo_naver_placed`` / ``order-2002`` — ``2026200200000001`` PAYED, placed (발주확인)
- ``imp_demo_naver_delivering`` / ``order-2003`` — ``2026200300000001`` DELIVERING (1 day ago)
- ``imp_demo_naver_delivered`` / ``order-2004`` — ``2026200400000001`` DELIVERED
- ``imp_demo_naver_decided`` / ``order-2005`` — ``2026200500000001`` PURCHASE_DECIDED
- ``imp_demo_naver_cancel_request`` / ``order-2006`` — ``2026200600000001`` CANCEL_REQUEST
- ``imp_demo_naver_return_request`` / ``order-2007`` — ``2026200700000001`` RETURN_REQUEST
- ``imp_demo_naver_return_held`` / ``order-2008`` — ``2026200800000001`` RETURN COLLECT_DONE, on hold
- ``imp_demo_naver_exchange_request`` / ``order-2009`` — ``2026200900000001`` EXCHANGE_REQUEST
- ``imp_demo_naver_exchange_collected`` / ``order-2010`` — ``2026201000000001`` EXCHANGE COLLECT_DONE
- ``imp_demo_naver_three`` / ``order-2011`` — 3 orders ``20262011000000{01..03}``: PAYED, PAYED
  (placed), DELIVERING
- ``imp_demo_naver_five`` / ``order-2012`` — 5 orders ``20262012000000{01..05}``: PAYED, PAYED
  (placed), DELIVERING, DELIVERED, CANCELED

Naver Pay payment type (pg ``naverpay``):

- ``imp_demo_naverpay_escrow`` / ``order-3001`` — escrow, paid 58,000원 (8,000원 by Npoint)
- ``imp_demo_naverpay_plain`` / ``order-3002`` — not escrow, paid 27,000원 by card (no cash-receipt amount)
- ``imp_demo_naverpay_confirmed`` / ``order-3003`` — escrow, already confirmed, points credited

Reviews (``GET /naver/reviews`` with ``channel-key-naverco``): ``review-demo-01`` … ``-06``, three
general and three premium, written in the last 20 days.
"""

from __future__ import annotations

import zlib
from typing import Any

from portone_desk.api.validation import vat_of
from portone_desk.sandbox.records import insert_payment, new_receipt
from portone_desk.sandbox.store import SandboxStore

DEMO_IMP_KEY = "sandbox_key"
DEMO_IMP_SECRET = "sandbox_secret"
DEMO_CHANNEL_KEY = "channel-key-sandbox"
DEMO_NAVER_CHANNEL_KEY = "channel-key-naverco"

# channel key -> PG of that channel
CHANNELS: dict[str, str] = {
    DEMO_CHANNEL_KEY: "kcp",
    "channel-key-kicc": "kicc",
    "channel-key-kakaopay": "kakaopay",
    DEMO_NAVER_CHANNEL_KEY: "naverco",
}

DAY = 24 * 3600

_BUYERS = (
    ("김민지", "010-2345-6789", "서울특별시 강남구 테헤란로 152", "06236"),
    ("이서준", "010-3456-7890", "부산광역시 해운대구 센텀중앙로 79", "48058"),
    ("박지우", "010-4567-8901", "경기도 성남시 분당구 판교역로 235", "13494"),
    ("최하은", "010-5678-9012", "대구광역시 수성구 동대구로 300", "42020"),
    ("정도윤", "010-6789-0123", "인천광역시 연수구 송도과학로 32", "21984"),
    ("강서연", "010-7890-1234", "광주광역시 서구 상무중앙로 61", "61949"),
    ("조예준", "010-8901-2345", "대전광역시 유성구 대학로 99", "34134"),
    ("윤지호", "010-9012-3456", "제주특별자치도 제주시 첨단로 242", "63309"),
    ("장수아", "010-1122-3344", "경기도 수원시 영통구 광교중앙로 140", "16508"),
    ("임시우", "010-2233-4455", "울산광역시 남구 삼산로 261", "44706"),
)


def _buyer(n: int) -> dict[str, str]:
    name, tel, addr, postcode = _BUYERS[n % len(_BUYERS)]
    email = f"buyer{n:02d}@example.co.kr"
    return {
        "buyer_name": name,
        "buyer_tel": tel,
        "buyer_addr": addr,
        "buyer_postcode": postcode,
        "buyer_email": email,
    }


# imp suffix, order no, pg, method, status, amount, name, extra
_PAYMENTS: tuple[tuple[str, str, str, str, str, int, str, dict[str, Any]], ...] = (
    ("vbank_paid", "1001", "kcp", "vbank", "paid", 39000, "유기농 현미 10kg", {}),
    ("trans_paid", "1002", "html5_inicis", "trans", "paid", 128000, "무선 청소기 V12", {}),
    ("receipt_issued", "1003", "nice", "vbank", "paid", 54000, "핸드드립 커피 세트", {}),
    ("receipt_cancelled", "1004", "tosspayments", "trans", "paid", 23500, "수제 그래놀라 500g", {}),
    ("vbank_ready", "1005", "kicc", "vbank", "ready", 76000, "캠핑 의자 2개 세트", {}),
    (
        "partial_cancel",
        "1006",
        "settle",
        "trans",
        "paid",
        150000,
        "한우 선물세트 1+등급",
        {"cancel_amount": 30000, "cancel_reason": "구성품 일부 품절"},
    ),
    ("cancelled", "1007", "ksnet", "vbank", "cancelled", 45000, "린넨 셔츠 (화이트, L)", {}),
    ("card_paid", "1008", "daou", "card", "paid", 89000, "무선 이어폰", {}),
    ("welcome_trans", "1009", "welcome", "trans", "paid", 62000, "요가 매트 8mm", {}),
    ("danal_trans", "1010", "danal", "trans", "paid", 33000, "국산 참기름 350ml", {}),
    ("kakaopay", "1011", "kakaopay", "card", "paid", 19800, "스테인리스 텀블러 500ml", {}),
    ("ksnet_paid", "1012", "ksnet", "trans", "paid", 47000, "아기 물티슈 100매 x 10팩", {}),
    ("daou_receipt", "1013", "daou", "vbank", "paid", 210000, "전기 온수 매트 (더블)", {}),
    ("kicc_receipt", "1014", "kicc", "vbank", "paid", 98000, "러닝화 270mm", {}),
    ("retry_failed", "1015", "kcp", "card", "failed", 27900, "제주 감귤 5kg", {"days_ago": 3}),
    ("retry_paid", "1015", "kcp", "card", "paid", 27900, "제주 감귤 5kg", {"days_ago": 2}),
)

# receipts already issued: imp suffix -> (identifier, cancelled)
_ISSUED_RECEIPTS = {
    "receipt_issued": False,
    "receipt_cancelled": True,
    "daou_receipt": False,
    "kicc_receipt": False,
}

_P, _PL = "PAYED", {"placed": True}

# order no -> list of (product name, option, status, claim type, claim status, flags)
_NAVER: dict[str, list[tuple[str, str, str, str | None, str | None, dict[str, Any]]]] = {
    "2001": [("국내산 햇사과 5kg", "가정용 중과", _P, None, None, {})],
    "2002": [("제주 한라봉 3kg", "선물용", _P, None, None, _PL)],
    "2003": [("무선 가습기 3L", "화이트", "DELIVERING", None, None, _PL)],
    "2004": [("극세사 이불 세트 (퀸)", "그레이", "DELIVERED", None, None, _PL)],
    "2005": [("원목 도마 대형", "월넛", "PURCHASE_DECIDED", None, None, _PL)],
    "2006": [("블루투스 스피커 미니", "네이비", _P, "CANCEL", "CANCEL_REQUEST", {})],
    "2007": [("남성 니트 가디건", "차콜 / L", "DELIVERED", "RETURN", "RETURN_REQUEST", _PL)],
    "2008": [
        (
            "여성 롱 원피스",
            "베이지 / M",
            "DELIVERED",
            "RETURN",
            "COLLECT_DONE",
            {"placed": True, "held": True},
        )
    ],
    "2009": [("아동 운동화 210mm", "핑크", "DELIVERED", "EXCHANGE", "EXCHANGE_REQUEST", _PL)],
    "2010": [("캐시미어 머플러", "카멜", "DELIVERED", "EXCHANGE", "COLLECT_DONE", _PL)],
    "2011": [
        ("유기농 두유 24팩", "무가당", _P, None, None, {}),
        ("현미 누룽지 1kg", "기본", _P, None, None, _PL),
        ("국산 들기름 300ml", "기본", "DELIVERING", None, None, _PL),
    ],
    "2012": [
        ("스테인리스 냄비 3종", "20/24/28cm", _P, None, None, {}),
        ("실리콘 주걱 세트", "민트", _P, None, None, _PL),
        ("세라믹 프라이팬 28cm", "아이보리", "DELIVERING", None, None, _PL),
        ("유리 밀폐용기 10종", "기본", "DELIVERED", None, None, _PL),
        ("대나무 수저 세트", "2인용", "CANCELED", "CANCEL", "CANCEL_DONE", {}),
    ],
}

_NAVER_NAMES = {
    "2001": "naver_new",
    "2002": "naver_placed",
    "2003": "naver_delivering",
    "2004": "naver_delivered",
    "2005": "naver_decided",
    "2006": "naver_cancel_request",
    "2007": "naver_return_request",
    "2008": "naver_return_held",
    "2009": "naver_exchange_request",
    "2010": "naver_exchange_collected",
    "2011": "naver_three",
    "2012": "naver_five",
}

_REVIEWS = (
    ("01", "general", "2", "배송도 빠르고 사과가 정말 달아요!", None, "2004", 2),
    ("02", "general", "1", "보통이에요. 포장이 조금 아쉬웠습니다.", None, "2005", 5),
    ("03", "general", "0", "사이즈가 생각보다 작아요.", None, "2007", 9),
    (
        "04",
        "premium",
        "13",
        "인생 도마 찾았습니다",
        "칼자국도 잘 안 남고 무게감이 좋아요. 재구매 의사 있습니다.",
        "2005",
        4,
    ),
    (
        "05",
        "premium",
        "12",
        "선물용으로 좋아요",
        "부모님 선물로 드렸는데 포장이 고급스럽고 맛도 좋다고 하셨어요.",
        "2002",
        12,
    ),
    (
        "06",
        "premium",
        "11",
        "무난합니다",
        "가격 대비 괜찮은 편이지만 건조가 조금 느린 것 같아요.",
        "2004",
        18,
    ),
)


def seed(store: SandboxStore, now: int) -> None:
    """Insert the demo data, with times relative to ``now`` so the data always looks recent."""
    for n, (suffix, order_no, pg, method, status, amount, name, extra) in enumerate(_PAYMENTS):
        started = now - int(extra.get("days_ago", 1 + n % 6)) * DAY - 3600 * (n % 9)
        spec = {
            "imp_uid": f"imp_demo_{suffix}",
            "merchant_uid": f"order-{order_no}",
            "pg_provider": pg,
            "pay_method": method,
            "status": status,
            "amount": amount,
            "name": name,
            "started_at": started,
            **_buyer(n),
            **{key: value for key, value in extra.items() if key != "days_ago"},
        }
        payment, _ = insert_payment(store, spec, now)
        if suffix in _ISSUED_RECEIPTS:
            _seed_receipt(store, payment, _ISSUED_RECEIPTS[suffix], now)
    for n, (order_no, items) in enumerate(_NAVER.items()):
        total = 0
        orders = []
        for seq, (product, option, status, claim_type, claim_status, flags) in enumerate(items, start=1):
            price = 12900 + 3000 * ((int(order_no) + seq) % 7)
            total += price
            orders.append(
                {
                    "product_order_id": f"2026{order_no}{seq:08d}",
                    "product_name": product,
                    "product_option_name": option,
                    "product_order_status": status,
                    "claim_type": claim_type,
                    "claim_status": claim_status,
                    "product_amount": price,
                    "quantity": 1 + seq % 2,
                    **flags,
                }
            )
        insert_payment(
            store,
            {
                "imp_uid": f"imp_demo_{_NAVER_NAMES[order_no]}",
                "merchant_uid": f"order-{order_no}",
                "pg_provider": "naverco",
                "pay_method": "naverpay",
                "status": "paid",
                "amount": total,
                "name": items[0][0] if len(items) == 1 else f"{items[0][0]} 외 {len(items) - 1}건",
                "started_at": now - (2 + n % 5) * DAY,
                "channel": "mobile",
                "product_orders": orders,
                **_buyer(n + 3),
            },
            now,
        )
    _seed_naverpay(store, now)
    for review_no, kind, score, title, content, order_no, days in _REVIEWS:
        order = store.product_order(f"2026{order_no}00000001")
        assert order is not None
        store.save_review(
            {
                "review_id": f"review-demo-{review_no}",
                "score": score,
                "title": title,
                "content": content,
                "product_order_id": order["product_order_id"],
                "product_id": order["product_id"],
                "product_name": order["product_name"],
                "product_option_name": order["product_option_name"],
                "writer": f"{order['orderer']['name'][0]}**{review_no}",
                "created_at": now - days * DAY,
                "modified_at": now - days * DAY,
                "_review_type": kind,
            }
        )


def _seed_naverpay(store: SandboxStore, now: int) -> None:
    base = {"pg_provider": "naverpay", "pay_method": "naverpay", "status": "paid", "channel": "mobile"}
    insert_payment(
        store,
        {
            **base,
            "imp_uid": "imp_demo_naverpay_escrow",
            "merchant_uid": "order-3001",
            "amount": 58000,
            "name": "프리미엄 견과류 선물세트",
            "escrow": True,
            "_npoint_amount": 8000,
            "started_at": now - 2 * DAY,
            **_buyer(7),
        },
        now,
    )
    insert_payment(
        store,
        {
            **base,
            "imp_uid": "imp_demo_naverpay_plain",
            "merchant_uid": "order-3002",
            "amount": 27000,
            "name": "핸드크림 3종 세트",
            "_npoint_amount": 0,
            "_primary_method": "card",  # paid by card: no cash-receipt amount
            "started_at": now - 3 * DAY,
            **_buyer(8),
        },
        now,
    )
    insert_payment(
        store,
        {
            **base,
            "imp_uid": "imp_demo_naverpay_confirmed",
            "merchant_uid": "order-3003",
            "amount": 41000,
            "name": "캡슐 커피 100개입",
            "escrow": True,
            "_npoint_amount": 2000,
            "_confirmed_at": now - DAY,
            "_confirmed_by": "customer",
            "_point_deposited_at": now - DAY,
            "started_at": now - 6 * DAY,
            **_buyer(9),
        },
        now,
    )


def _seed_receipt(store: SandboxStore, payment: dict[str, Any], cancelled: bool, now: int) -> None:
    amount = int(payment["amount"]) - int(payment["cancel_amount"])
    applied = int(payment["paid_at"]) + 600
    store.save_receipt(
        new_receipt(
            {"imp_uid": payment["imp_uid"]},
            amount,
            vat_of(amount),
            applied,
            receipt_tid=f"SBXRCPT{payment['imp_uid'][-6:].upper()}",
            apply_num=f"{zlib.crc32(payment['imp_uid'].encode()) % 10**9:09d}",
            identifier="01012345678",
            cancelled_at=applied + 3600 if cancelled else 0,
        )
    )
    payment["cash_receipt_issued"] = not cancelled
    store.save_payment(payment)
