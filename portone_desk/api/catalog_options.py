"""Shared enum codes with Korean labels, used by the operations and the response models.

Codes are the API's own; order follows the spec where it has a formal enum (so the contract
test can compare sets and forms can show them in the documented order). Import these through
``catalog.py``.
"""

from __future__ import annotations

from .model import Option


def _options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    return tuple(Option(code, label) for code, label in pairs)


# Korean names of the PG codes (``pg_provider``) agents meet; unknown codes are shown as they are.
PG_NAMES: dict[str, str] = {
    "html5_inicis": "KG이니시스",
    "inicis": "KG이니시스",
    "kcp": "NHN KCP",
    "nice": "나이스페이먼츠",
    "nice_v2": "나이스페이먼츠(신모듈)",
    "kicc": "KICC",
    "settle": "헥토파이낸셜",
    "daou": "키움페이",
    "tosspayments": "토스페이먼츠",
    "ksnet": "KSNET",
    "smartro": "스마트로",
    "smartro_v2": "스마트로(신모듈)",
    "welcome": "웰컴페이먼츠",
    "uplus": "토스페이먼츠(구 LG U+)",
    "payco": "페이코",
    "danal": "다날",
    "danal_tpay": "다날",
    "kakaopay": "카카오페이",
    "naverco": "네이버페이(주문형)",
    "naverpay": "네이버페이(결제형)",
    "tosspay": "토스페이",
    "paypal": "페이팔",
}


def pg_name(code: object) -> str:
    """The PG's Korean name, or its code when we do not know it."""
    return PG_NAMES.get(str(code), str(code)) if code else ""


# 택배사 코드 (endpoints.md §4.2), in the spec's order. Foreign couriers keep their proper names.
# 택배사 by their current Korean names (the API keeps old codes: HYUNDAI is 롯데택배 since 2019),
# with the other names agents and warehouse sheets use.
DELIVERY_COMPANIES: tuple[Option, ...] = (
    Option("CJGLS", "CJ대한통운", ("대한통운", "CJ", "CJ택배", "씨제이대한통운", "CJ GLS")),
    Option("KGB", "로젠택배", ("로젠",)),
    Option("DONGBU", "KG로지스", ("동부택배", "KG 로지스")),
    Option("EPOST", "우체국택배", ("우체국", "우체국소포", "우정사업본부")),
    Option("REGISTPOST", "우편등기", ("등기",)),
    Option("HANJIN", "한진택배", ("한진",)),
    Option("HYUNDAI", "롯데택배", ("롯데", "현대택배", "현대", "롯데글로벌로지스")),
    Option("KGBLS", "KGB택배", ("KGB",)),
    Option("INNOGIS", "GTX로지스", ("이노지스",)),
    Option("DAESIN", "대신택배", ("대신",)),
    Option("ILYANG", "일양로지스", ("일양",)),
    Option("KDEXP", "경동택배", ("경동",)),
    Option("CHUNIL", "천일택배", ("천일",)),
    Option("CH1", "기타 택배"),
    Option("HDEXP", "합동택배", ("합동",)),
    Option("CVSNET", "편의점택배", ("CU편의점택배", "GS편의점택배", "GS Postbox", "CVSnet")),
    Option("DHL", "DHL"),
    Option("FEDEX", "FedEx", ("페덱스",)),
    Option("GSMNTON", "GSMNTON"),
    Option("WARPEX", "WarpEx"),
    Option("WIZWA", "WIZWA"),
    Option("EMS", "EMS", ("우체국 국제특송",)),
    Option("DHLDE", "DHL(독일)"),
    Option("ACIEXPRESS", "ACI"),
    Option("EZUSA", "EZUSA"),
    Option("PANTOS", "LX판토스", ("범한판토스", "판토스")),
    Option("UPS", "UPS"),
    Option("HLCGLOBAL", "롯데택배(국제택배)", ("현대택배(국제택배)",)),
    Option("KOREXG", "CJ대한통운(국제택배)"),
    Option("TNT", "TNT"),
    Option("SWGEXP", "성원글로벌"),
    Option("DAEWOON", "대운글로벌"),
    Option("USPS", "USPS"),
    Option("IPARCEL", "i-parcel"),
    Option("KUNYOUNG", "건영택배", ("건영",)),
    Option("HPL", "한의사랑택배"),
    Option("DADREAM", "다드림"),
    Option("SLX", "SLX택배"),
    Option("SFEXPRESS", "순풍택배"),
    Option("HONAM", "호남택배", ("호남",)),
)

# 배송방법 for ship / ship-exchanged (§4.3).
DELIVERY_METHODS: tuple[Option, ...] = _options(
    ("DELIVERY", "택배·등기·소포"),
    ("GDFW_ISSUE_SVC", "굿스플로 송장 출력"),
    ("VISIT_RECEIPT", "방문 수령"),
    ("DIRECT_DELIVERY", "직접 전달"),
    ("QUICK_SVC", "퀵서비스"),
    ("NOTHING", "배송 없음"),
)

# 반품 배송방법 for request-return.
RETURN_DELIVERY_METHODS: tuple[Option, ...] = _options(
    ("RETURN_DESIGNATED", "지정 반품 택배"),
    ("RETURN_DELIVERY", "일반 반품 택배"),
    ("RETURN_INDIVIDUAL", "직접 반송"),
)

CANCEL_REASONS: tuple[Option, ...] = _options(
    ("SOLD_OUT", "상품 품절"),
    ("DELAYED_DELIVERY", "배송 지연"),
    ("PRODUCT_UNSATISFIED", "서비스 및 상품 불만족"),
    ("INTENT_CHANGED", "구매 의사 취소"),
    ("COLOR_AND_SIZE", "색상 및 사이즈 변경"),
    ("WRONG_ORDER", "다른 상품 잘못 주문"),
    ("INCORRECT_INFO", "상품 정보 상이"),
)

RETURN_REASONS: tuple[Option, ...] = _options(
    ("INTENT_CHANGED", "구매 의사 취소"),
    ("COLOR_AND_SIZE", "색상 및 사이즈 변경"),
    ("WRONG_ORDER", "다른 상품 잘못 주문"),
    ("PRODUCT_UNSATISFIED", "서비스 및 상품 불만족"),
    ("DELAYED_DELIVERY", "배송 지연"),
    ("SOLD_OUT", "상품 품절"),
    ("DROPPED_DELIVERY", "배송 누락"),
    ("BROKEN", "상품 파손"),
    ("INCORRECT_INFO", "상품 정보 상이"),
    ("WRONG_DELIVERY", "오배송"),
    ("WRONG_OPTION", "색상 등이 다른 상품을 잘못 배송"),
)

# Note the API's own spelling EXTRAFEEE (three Es).
WITHHOLD_REASONS: tuple[Option, ...] = _options(
    ("RETURN_DELIVERYFEE", "반품 배송비 청구"),
    ("EXTRAFEEE", "기타 반품 비용 청구"),
    ("RETURN_DELIVERYFEE_AND_EXTRAFEEE", "반품 배송비 및 기타 반품 비용 청구"),
    ("RETURN_PRODUCT_NOT_DELIVERED", "반품 상품 미입고"),
    ("ETC", "기타 사유"),
)

# Prose-only in the spec (product-orders descriptions). PAYED is the API's spelling.
PRODUCT_ORDER_STATUSES: tuple[Option, ...] = _options(
    ("PAYMENT_WAITING", "입금대기"),
    ("PAYED", "결제완료"),
    ("DELIVERING", "배송중"),
    ("DELIVERED", "배송완료"),
    ("PURCHASE_DECIDED", "구매확정"),
    ("EXCHANGED", "교환"),
    ("CANCELED", "취소"),
    ("RETURNED", "반품"),
    ("CANCELED_BY_NOPAYMENT", "미입금 취소"),
)

CLAIM_TYPES: tuple[Option, ...] = _options(
    ("CANCEL", "취소"),
    ("RETURN", "반품"),
    ("EXCHANGE", "교환"),
    ("PURCHASE_DECISION_HOLDBACK", "구매확정 보류"),
    ("ADMIN_CANCEL", "직권 취소"),
)

# Every claim status across all claim types; COLLECTING / COLLECT_DONE are shared by return and
# exchange, so each code appears once.
CLAIM_STATUSES: tuple[Option, ...] = _options(
    ("CANCEL_REQUEST", "취소요청"),
    ("CANCELING", "취소처리중"),
    ("CANCEL_DONE", "취소완료"),
    ("CANCEL_REJECT", "취소철회"),
    ("RETURN_REQUEST", "반품요청"),
    ("COLLECTING", "수거중"),
    ("COLLECT_DONE", "수거완료"),
    ("RETURN_DONE", "반품완료"),
    ("RETURN_REJECT", "반품철회"),
    ("EXCHANGE_REQUEST", "교환요청"),
    ("EXCHANGE_REDELIVERING", "교환재배송중"),
    ("EXCHANGE_DONE", "교환완료"),
    ("EXCHANGE_REJECT", "교환철회"),
    ("PURCHASE_DECISION_HOLDBACK", "구매확정보류"),
    ("PURCHASE_DECISION_HOLDBACK_REDELIVERING", "구매확정보류 재배송중"),
    ("PURCHASE_DECISION_REQUEST", "구매확정요청"),
    ("PURCHASE_DECISION_HOLDBACK_RELEASE", "구매확정보류 해제"),
    ("ADMIN_CANCELING", "직권취소중"),
    ("ADMIN_CANCEL_DONE", "직권취소완료"),
)

# Which claim statuses belong to which claim type (per the product-orders descriptions).
CLAIM_STATUSES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "CANCEL": ("CANCEL_REQUEST", "CANCELING", "CANCEL_DONE", "CANCEL_REJECT"),
    "RETURN": ("RETURN_REQUEST", "COLLECTING", "COLLECT_DONE", "RETURN_DONE", "RETURN_REJECT"),
    "EXCHANGE": (
        "EXCHANGE_REQUEST",
        "COLLECTING",
        "COLLECT_DONE",
        "EXCHANGE_REDELIVERING",
        "EXCHANGE_DONE",
        "EXCHANGE_REJECT",
    ),
    "PURCHASE_DECISION_HOLDBACK": (
        "PURCHASE_DECISION_HOLDBACK",
        "PURCHASE_DECISION_HOLDBACK_REDELIVERING",
        "PURCHASE_DECISION_REQUEST",
        "PURCHASE_DECISION_HOLDBACK_RELEASE",
    ),
    "ADMIN_CANCEL": ("ADMIN_CANCELING", "ADMIN_CANCEL_DONE"),
}

# Payment.pay_method (prose enum).
PAY_METHODS: tuple[Option, ...] = _options(
    ("card", "신용카드"),
    ("trans", "계좌이체"),
    ("vbank", "가상계좌"),
    ("phone", "휴대폰소액결제"),
    ("samsung", "삼성페이"),
    ("cultureland", "컬쳐랜드 문화상품권"),
    ("culturegift", "문화상품권"),
    ("smartculture", "스마트문화상품권"),
    ("booknlife", "도서문화상품권"),
    ("point", "포인트 결제"),
    ("ssgpay", "SSG페이"),
    ("lpay", "엘페이(L.pay)"),
    ("payco", "페이코"),
    ("kakaopay", "카카오페이"),
    ("tosspay", "토스페이"),
    ("naverpay", "네이버페이"),
    ("applepay", "애플페이"),
    ("paypal", "페이팔"),
)

# Payment.status and the optional payment_status path segment (prose enum).
PAYMENT_STATUSES: tuple[Option, ...] = _options(
    ("ready", "미결제"),
    ("paid", "결제완료"),
    ("failed", "결제실패"),
    ("cancelled", "결제취소"),
)

PAYMENT_SORTINGS: tuple[Option, ...] = _options(
    ("-started", "결제시작 시각 최신순"),
    ("started", "결제시작 시각 오래된순"),
    ("-paid", "결제완료 시각 최신순"),
    ("paid", "결제완료 시각 오래된순"),
    ("-updated", "최종수정 시각 최신순"),
    ("updated", "최종수정 시각 오래된순"),
)

PAYMENT_CHANNELS: tuple[Option, ...] = _options(
    ("pc", "PC 인증결제"),
    ("mobile", "모바일 인증결제"),
    ("api", "정기·비인증 결제"),
)

# Payment.card_type is an integer in the API; codes are its decimal text.
CARD_TYPES: tuple[Option, ...] = _options(
    ("0", "신용카드"),
    ("1", "체크카드"),
)

CUSTOMER_UID_USAGES: tuple[Option, ...] = _options(
    ("issue", "빌링키 발급"),
    ("payment", "빌링키 결제"),
    ("payment.scheduled", "예약 결제"),
)

RECEIPT_TYPES: tuple[Option, ...] = _options(
    ("person", "소득공제용(개인)"),
    ("company", "지출증빙용(사업자)"),
)

IDENTIFIER_TYPES: tuple[Option, ...] = _options(
    ("person", "주민등록번호"),
    ("business", "사업자등록번호"),
    ("phone", "휴대폰번호"),
    ("taxcard", "국세청현금영수증카드"),
)

PRODUCT_TYPES: tuple[Option, ...] = _options(
    ("real", "실물상품"),
    ("digital", "디지털콘텐츠"),
)

# External receipts only accept these two (formal enum on issueExternalReceipt.pay_method).
RECEIPT_PAY_METHODS: tuple[Option, ...] = tuple(o for o in PAY_METHODS if o.code in ("trans", "vbank"))

REVIEW_TYPES: tuple[Option, ...] = _options(
    ("general", "일반구매평"),
    ("premium", "프리미엄 구매평"),
)

REQUESTERS: tuple[Option, ...] = _options(
    ("admin", "고객사 관리자"),
    ("customer", "구매자"),
)

# getPaymentsByStatus' path filter: every status, or one of them (the spec's formal enum).
PAYMENT_STATUS_FILTERS: tuple[Option, ...] = (Option("all", "전체"), *PAYMENT_STATUSES)

# PgSetting.type
PG_SETTING_TYPES: tuple[Option, ...] = _options(
    ("payment", "인증 결제"),
    ("api_payment", "API(비인증·키인) 결제"),
    ("certification", "본인 인증"),
)
