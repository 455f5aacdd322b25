"""The kinds of bulk job and the columns each one reads from a sheet.

A *target* is one thing a row needs (an API field, or a sheet-only value such as the
courier's Korean name); ``synonyms`` are the header spellings Korean warehouses and shop
back-offices use for it, compared after ``mapping.normalize_header``.
"""

from __future__ import annotations

from dataclasses import dataclass

SHIP = "ship"
PLACE = "place"
RECEIPT = "receipt"
APPROVE_CANCEL = "approve_cancel"
APPROVE_RETURN = "approve_return"


@dataclass(frozen=True)
class Target:
    name: str  # the API field it fills
    label: str  # Korean, shown in the mapping panel
    synonyms: tuple[str, ...]
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class JobKind:
    id: str
    title: str  # Korean
    targets: tuple[Target, ...]
    # Headers that make this kind the likely one when a sheet is opened.
    telltales: tuple[str, ...]
    # The kind that usually follows on the same sheet (발주확인 → 발송처리); the tab offers it,
    # keeping the column mapping, once a run of this kind is over.
    then: str | None = None
    # How rows share calls, for the run confirmation (Korean).
    calls_hint: str = ""
    # Targets of which at least one needs a column (the payment by imp_uid or by order number).
    one_of: tuple[tuple[str, ...], ...] = ()

    def target(self, name: str) -> Target:
        for target in self.targets:
            if target.name == name:
                return target
        raise KeyError(name)


_IMP_UID = Target(
    "imp_uid",
    "결제번호(imp_uid)",
    ("imp_uid", "impuid", "결제번호", "거래고유번호", "포트원거래번호", "포트원결제번호", "아임포트번호"),
)

# The shop's order number. For the Naver kinds it stands in for a missing imp_uid: the dry run
# finds the payment by it (getAllPaymentsByMerchantUid). "상품주문번호" is not it (see mapping).
_MERCHANT_UID_SYNONYMS = (
    "merchant_uid",
    "merchantuid",
    "주문번호",
    "고객사주문번호",
    "orderid",
    "orderno",
    "ordernumber",
    "쇼핑몰주문번호",
)
_NAVER_IMP_UID = Target(
    _IMP_UID.name, _IMP_UID.label, _IMP_UID.synonyms, help="비어 있으면 주문번호로 결제를 찾습니다."
)
_NAVER_ORDER_NO = Target(
    "merchant_uid",
    "주문번호(merchant_uid)",
    _MERCHANT_UID_SYNONYMS,
    help="결제번호가 없을 때 이 번호로 네이버페이 주문형 결제를 찾습니다.",
)
NAVER_PAYMENT_ONE_OF = (("imp_uid", "merchant_uid"),)

_PRODUCT_ORDER_ID = Target(
    "product_order_id",
    "상품주문번호",
    ("product_order_id", "productorderid", "상품주문번호", "상품주문id", "네이버상품주문번호"),
    required=True,
)

SHIP_KIND = JobKind(
    SHIP,
    "네이버페이 발송처리",
    (
        _NAVER_IMP_UID,
        _NAVER_ORDER_NO,
        _PRODUCT_ORDER_ID,
        Target(
            "delivery_method",
            "배송방법",
            ("delivery_method", "deliverymethod", "배송방법", "배송방식", "발송방법"),
            help="비어 있으면 택배로 봅니다.",
        ),
        Target(
            "delivery_company",
            "택배사",
            (
                "delivery_company",
                "deliverycompany",
                "courier",
                "carrier",
                "택배사",
                "택배회사",
                "배송업체",
                "택배사코드",
            ),
            help="코드(CJGLS) 또는 이름(CJ대한통운)",
        ),
        Target(
            "tracking_number",
            "송장번호",
            (
                "tracking_number",
                "trackingnumber",
                "tracking",
                "trackingno",
                "invoice",
                "invoiceno",
                "waybill",
                "송장번호",
                "운송장번호",
                "송장",
                "운송장",
            ),
        ),
        Target(
            "dispatched_at",
            "발송일시",
            (
                "dispatched_at",
                "dispatchedat",
                "dispatchdate",
                "shippedat",
                "발송일",
                "발송일시",
                "출고일",
                "발송일자",
            ),
            help="비어 있으면 미리 점검한 시각으로 보냅니다.",
        ),
    ),
    telltales=("상품주문번호", "product_order_id", "productorderid", "송장번호", "운송장번호", "택배사"),
    calls_hint="같은 결제·같은 송장은 한 번에",
    one_of=NAVER_PAYMENT_ONE_OF,
)

# 발주확인 reads only the ids, so the warehouse's ship sheet serves for both steps of the morning.
PLACE_KIND = JobKind(
    PLACE,
    "네이버페이 발주확인",
    (_NAVER_IMP_UID, _NAVER_ORDER_NO, _PRODUCT_ORDER_ID),
    # None of its own: a sheet of ids alone looks like a ship sheet, and ship stays the guess.
    telltales=(),
    then=SHIP,
    calls_hint="같은 결제의 상품주문은 한 번에",
    one_of=NAVER_PAYMENT_ONE_OF,
)

RECEIPT_KIND = JobKind(
    RECEIPT,
    "현금영수증 일괄 발급",
    (
        Target(
            _IMP_UID.name,
            _IMP_UID.label,
            _IMP_UID.synonyms,
            help="외부 거래면 비워 두고 주문번호를 넣습니다.",
        ),
        Target(
            "merchant_uid",
            "주문번호(merchant_uid)",
            _MERCHANT_UID_SYNONYMS,
            help="외부 현금거래의 주문번호입니다.",
        ),
        Target(
            "identifier",
            "식별번호",
            (
                "identifier",
                "식별번호",
                "식별정보",
                "휴대폰",
                "휴대폰번호",
                "핸드폰",
                "전화번호",
                "현금영수증번호",
                "사업자등록번호",
                "phone",
            ),
            required=True,
        ),
        Target(
            "identifier_type",
            "식별번호 구분",
            ("identifier_type", "identifiertype", "식별번호구분", "식별구분"),
        ),
        Target("type", "발행 용도", ("type", "용도", "발행용도", "발급용도", "소득공제지출증빙")),
        Target("amount", "금액", ("amount", "금액", "발행금액", "결제금액", "거래금액", "총액")),
        Target("name", "주문명", ("name", "ordername", "주문명", "상품명")),
        Target(
            "buyer_name",
            "구매자 이름",
            ("buyer_name", "buyername", "구매자", "구매자명", "구매자이름", "고객명", "이름"),
        ),
        Target(
            "buyer_email", "구매자 이메일", ("buyer_email", "buyeremail", "email", "이메일", "구매자이메일")
        ),
        Target(
            "buyer_tel",
            "구매자 전화번호",
            ("buyer_tel", "buyertel", "구매자전화번호", "구매자연락처", "연락처"),
        ),
        Target("tax_free", "면세금액", ("tax_free", "taxfree", "면세금액", "면세")),
        Target("product_type", "상품 구분", ("product_type", "producttype", "상품구분")),
    ),
    telltales=("식별번호", "identifier", "현금영수증번호", "휴대폰", "merchant_uid", "발행금액"),
    calls_hint="한 행에 한 번",
)

# Claim approvals read only the ids, like 발주확인; the 할 일 tab sends them from ticked rows.
APPROVE_CANCEL_KIND = JobKind(
    APPROVE_CANCEL,
    "네이버페이 취소승인",
    (_NAVER_IMP_UID, _NAVER_ORDER_NO, _PRODUCT_ORDER_ID),
    telltales=(),
    calls_hint="같은 결제의 상품주문은 한 번에",
    one_of=NAVER_PAYMENT_ONE_OF,
)
APPROVE_RETURN_KIND = JobKind(
    APPROVE_RETURN,
    "네이버페이 반품승인",
    (_NAVER_IMP_UID, _NAVER_ORDER_NO, _PRODUCT_ORDER_ID),
    telltales=(),
    calls_hint="같은 결제의 상품주문은 한 번에",
    one_of=NAVER_PAYMENT_ONE_OF,
)

# In the order of the combo box: the morning's 발주확인 before 발송처리.
KINDS: dict[str, JobKind] = {
    kind.id: kind for kind in (PLACE_KIND, SHIP_KIND, RECEIPT_KIND, APPROVE_CANCEL_KIND, APPROVE_RETURN_KIND)
}
