"""Response models: how each payload field is labelled and displayed.

Nested objects are flattened into dotted names ("orderer.name"); lists of objects that have no
flat form (cancel_history …) use format "json". Personal data carries the format that says how it
is masked when stored or shown after the fact (``masking.MASK_FORMATS``): "masked" for numbers
(phone, card, account, registration: digits kept at the ends), "masked_id" for account ids (as
given when already masked), "email", "name" (first character), "address" (region only) and
"address_detail" (hidden whole). Import through ``catalog.py``.
"""

from __future__ import annotations

from .catalog_options import (
    CARD_TYPES,
    CLAIM_STATUSES,
    CLAIM_TYPES,
    CUSTOMER_UID_USAGES,
    PAY_METHODS,
    PAYMENT_CHANNELS,
    PAYMENT_STATUSES,
    PG_SETTING_TYPES,
    PRODUCT_ORDER_STATUSES,
    RECEIPT_TYPES,
)
from .model import Option, ResponseField, ResponseModel


def _f(name: str, label: str, fmt: str = "text", options: tuple[Option, ...] = ()) -> ResponseField:
    return ResponseField(name=name, label=label, format=fmt, options=options)


AUTH = ResponseModel(
    name="Auth",
    label="액세스 토큰",
    fields=(
        _f("access_token", "액세스 토큰", "masked"),
        _f("expired_at", "만료 시각", "kst"),
        _f("now", "서버 현재 시각", "kst"),
    ),
)

PAYMENT = ResponseModel(
    name="Payment",
    label="결제내역",
    fields=(
        _f("imp_uid", "포트원 거래고유번호"),
        _f("merchant_uid", "고객사 주문번호"),
        _f("status", "결제상태", "enum", PAYMENT_STATUSES),
        _f("amount", "결제금액", "won"),
        _f("cancel_amount", "누적 취소금액", "won"),
        _f("currency", "통화"),
        _f("name", "주문명"),
        _f("pay_method", "결제수단", "enum", PAY_METHODS),
        _f("channel", "결제환경", "enum", PAYMENT_CHANNELS),
        _f("pg_provider", "PG사"),
        _f("emb_pg_provider", "허브형 결제 PG사"),
        _f("pg_tid", "PG사 거래번호"),
        _f("pg_id", "PG사 상점아이디(MID)"),
        _f("sandbox", "테스트 채널 결제", "bool"),
        _f("escrow", "에스크로 결제", "bool"),
        _f("apply_num", "카드 승인번호"),
        _f("bank_code", "은행 표준코드"),
        _f("bank_name", "은행명"),
        _f("card_code", "카드사 코드"),
        _f("card_name", "카드사명"),
        _f("card_issuer_code", "카드 발급사 코드"),
        _f("card_issuer_name", "카드 발급사명"),
        _f("card_publisher_code", "카드 발행사 코드"),
        _f("card_publisher_name", "카드 발행사명"),
        _f("card_quota", "할부개월수 (0은 일시불)"),
        _f("card_number", "카드번호", "masked"),
        _f("card_type", "카드 구분", "enum", CARD_TYPES),
        _f("vbank_code", "가상계좌 은행코드"),
        _f("vbank_name", "가상계좌 은행명"),
        _f("vbank_num", "가상계좌 번호", "masked"),
        _f("vbank_holder", "가상계좌 예금주"),
        _f("vbank_date", "가상계좌 입금기한", "kst"),
        _f("vbank_issued_at", "가상계좌 생성 시각", "kst"),
        _f("buyer_name", "구매자 이름", "name"),
        _f("buyer_email", "구매자 이메일", "email"),
        _f("buyer_tel", "구매자 전화번호", "masked"),
        _f("buyer_addr", "구매자 주소", "address"),
        _f("buyer_postcode", "구매자 우편번호"),
        _f("custom_data", "고객사 추가정보"),
        _f("user_agent", "구매자 브라우저(UA)"),
        _f("started_at", "결제요청 시각", "kst"),
        _f("paid_at", "결제완료 시각", "kst"),
        _f("failed_at", "결제실패 시각", "kst"),
        _f("cancelled_at", "결제취소 시각", "kst"),
        _f("fail_reason", "결제실패 사유"),
        _f("cancel_reason", "결제취소 사유"),
        _f("receipt_url", "매출전표 URL", "url"),
        _f("cash_receipt_issued", "현금영수증 발급 여부", "bool"),
        _f("customer_uid", "빌링키 고객 고유번호"),
        _f("customer_uid_usage", "빌링키 사용 구분", "enum", CUSTOMER_UID_USAGES),
        _f("promotion.id", "프로모션 아이디"),
        _f("promotion.discount", "프로모션 할인금액", "won"),
        _f("cancel_history", "취소 내역", "json"),
        _f("deposit_history", "입금 내역", "json"),
        _f("cancel_receipt_urls", "취소 매출전표 URL (사용 중단 예정)", "json"),
    ),
)

_RECEIPT_COMMON = (
    _f("receipt_tid", "PG사 현금영수증 발행번호"),
    _f("apply_num", "국세청 발행번호"),
    _f("type", "발행 용도", "enum", RECEIPT_TYPES),
    _f("amount", "발행 금액", "won"),
    _f("vat", "부가세", "won"),
    _f("receipt_url", "현금영수증 URL", "url"),
    _f("applied_at", "발행 시각", "kst"),
    _f("cancelled_at", "취소 시각", "kst"),
)

RECEIPT = ResponseModel(
    name="Receipt",
    label="현금영수증",
    fields=(_f("imp_uid", "포트원 거래고유번호"), *_RECEIPT_COMMON),
)

EXTERNAL_RECEIPT = ResponseModel(
    name="ExternalReceipt",
    label="현금영수증(외부 거래)",
    fields=(_f("merchant_uid", "고객사 주문번호"), *_RECEIPT_COMMON),
)

NAVER_PRODUCT_ORDER = ResponseModel(
    name="NaverProductOrder",
    label="네이버페이 상품주문",
    fields=(
        _f("product_order_id", "상품주문번호"),
        _f("product_order_status", "상품주문 상태", "enum", PRODUCT_ORDER_STATUSES),
        _f("claim_type", "클레임 종류", "enum", CLAIM_TYPES),
        _f("claim_status", "클레임 처리상태", "enum", CLAIM_STATUSES),
        _f("product_id", "상품번호"),
        _f("product_name", "상품명"),
        _f("product_option_id", "옵션번호"),
        _f("product_option_name", "옵션명"),
        _f("product_amount", "상품주문 금액", "won"),
        _f("delivery_amount", "배송비", "won"),
        _f("quantity", "수량"),
        _f("orderer.name", "주문자 이름", "name"),
        _f("orderer.id", "주문자 네이버 아이디", "masked_id"),
        _f("orderer.tel", "주문자 연락처", "masked"),
        _f("shipping_address.name", "수령인 이름", "name"),
        _f("shipping_address.base", "배송지 기본주소", "address"),
        _f("shipping_address.detail", "배송지 상세주소", "address_detail"),
        _f("shipping_address.postcode", "배송지 우편번호"),
        _f("shipping_address.tel1", "수령인 연락처1", "masked"),
        _f("shipping_address.tel2", "수령인 연락처2", "masked"),
        _f("shipping_memo", "배송 메모"),
        _f("shipping_due", "발송 기한", "kst"),
        _f("individual_code", "개인통관고유부호", "masked"),
    ),
)

NAVER_REVIEW = ResponseModel(
    name="NaverReview",
    label="네이버페이 구매평",
    fields=(
        _f("review_id", "구매평 번호"),
        # The spec's two descriptions disagree on the scale (1–5 vs 0–2 / 10–13): shown as is.
        _f("score", "만족도 점수"),
        _f("title", "구매평 내용(제목)"),
        _f("content", "프리미엄 구매평 본문"),
        _f("product_order_id", "상품주문번호"),
        _f("product_id", "상품번호"),
        _f("product_name", "상품명"),
        _f("product_option_name", "옵션명"),
        _f("writer", "작성자(네이버 아이디)", "masked_id"),
        _f("created_at", "작성 시각", "kst"),
        _f("modified_at", "수정 시각", "kst"),
    ),
)

NAVER_CASH_AMOUNT = ResponseModel(
    name="NaverCashAmount",
    label="현금영수증 발급 가능 금액",
    fields=(
        _f("amount_total", "발급 가능 총액", "won"),
        _f("amount_by_npoint", "네이버포인트 결제분", "won"),
        _f("amount_by_primary", "주 결제수단 결제분", "won"),
        _f("amount_supply", "공급가액", "won"),
        _f("amount_vat", "부가세", "won"),
    ),
)

PAGED_PAYMENT = ResponseModel(
    name="PagedPayment",
    label="결제내역 목록",
    fields=(
        _f("total", "전체 건수"),
        _f("previous", "이전 페이지 (없으면 0)"),
        _f("next", "다음 페이지 (없으면 0)"),
        _f("list", "결제내역", "json"),
    ),
)

PG_SETTING = ResponseModel(
    name="PgSetting",
    label="PG 설정",
    fields=(
        _f("pg_provider", "PG사 구분코드"),
        _f("pg_id", "PG사 상점아이디(MID)"),
        _f("sandbox", "테스트 모드", "bool"),
        _f("type", "설정 구분", "enum", PG_SETTING_TYPES),
        _f("channel_name", "채널 이름"),
        _f("channel_key", "채널 키"),
    ),
)

RESPONSE_MODELS: dict[str, ResponseModel] = {
    model.name: model
    for model in (
        AUTH,
        PAYMENT,
        RECEIPT,
        EXTERNAL_RECEIPT,
        NAVER_PRODUCT_ORDER,
        NAVER_REVIEW,
        NAVER_CASH_AMOUNT,
        PAGED_PAYMENT,
        PG_SETTING,
    )
}
