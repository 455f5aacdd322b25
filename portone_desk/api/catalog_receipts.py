"""Cash-receipt (현금영수증) operations: /receipts/{imp_uid} and /receipts/external/{merchant_uid}."""

from __future__ import annotations

from .catalog_fields import STATUS_401, STATUS_501, imp_uid_path, merchant_uid_path
from .catalog_options import IDENTIFIER_TYPES, PRODUCT_TYPES, RECEIPT_PAY_METHODS, RECEIPT_TYPES
from .model import Check, Field, FieldType, Location, Operation, TextKind

_B = Location.BODY
_S = FieldType.STRING

# x-portone-supported-pgs of each operation, copied from the spec (the contract test compares).
_GET_PGS = frozenset(
    {
        "nice",
        "daou",
        "html5_inicis",
        "kcp",
        "payco",
        "smartro",
        "uplus",
        "tosspayments",
        "ksnet",
        "smartro_v2",
        "nice_v2",
        "welcome",
    }
)
_ISSUE_PGS = frozenset(
    {
        "html5_inicis",
        "kcp",
        "nice",
        "kicc",
        "settle",
        "daou",
        "tosspayments",
        "ksnet",
        "smartro",
        "smartro_v2",
        "nice_v2",
        "welcome",
    }
)
_REVOKE_PGS = frozenset(
    {
        "html5_inicis",
        "kcp",
        "settle",
        "nice",
        "daou",
        "tosspayments",
        "nice_v2",
        "ksnet",
        "smartro_v2",
        "welcome",
    }
)
_EXT_GET_PGS = frozenset(
    {
        "html5_inicis",
        "kcp",
        "settle",
        "nice",
        "kicc",
        "tosspayments",
        "nice_v2",
        "ksnet",
        "smartro_v2",
        "welcome",
    }
)
_EXT_ISSUE_PGS = _EXT_GET_PGS | {"smartro"}
_EXT_REVOKE_PGS = _EXT_GET_PGS - {"kicc"}

_IDENTIFIER = Field(
    "identifier",
    _B,
    _S,
    "식별정보",
    help=(
        "현금영수증을 받을 사람의 식별정보입니다. 휴대폰번호(숫자만 또는 010-1234-5678), "
        "사업자등록번호(10자리), 현금영수증카드번호(13~19자리), 주민등록번호(13자리) 중 하나를 "
        "입력하세요. 구매자가 정보를 주지 않았다면 국세청 자진발급번호 010-000-1234 를 입력합니다."
    ),
    required=True,
    checks=(Check.RECEIPT_IDENTIFIER,),
)

_IDENTIFIER_TYPE = Field(
    "identifier_type",
    _B,
    _S,
    "식별정보 구분",
    help=(
        "식별정보가 무엇인지 고릅니다. KICC·헥토파이낸셜(settle)·나이스페이먼츠(신모듈)는 필수이고, "
        "KG이니시스·NHN KCP·나이스페이먼츠·키움페이·웰컴페이먼츠는 식별정보로 자동 판별합니다."
    ),
    options=IDENTIFIER_TYPES,
    # The spec's x-portone-per-pg marks nice_v2 required as well as kicc and settle.
    required_for_pgs=frozenset({"kicc", "settle", "nice_v2"}),
)

_TYPE = Field(
    "type",
    _B,
    _S,
    "발행 용도",
    help=(
        "개인의 소득공제용이면 소득공제용, 사업자의 지출증빙용이면 지출증빙용을 고릅니다. "
        "기본값은 소득공제용입니다."
    ),
    default="person",
    options=RECEIPT_TYPES,
    # Per the spec these PGs need the value sent explicitly; the default covers it.
    required_for_pgs=frozenset({"smartro_v2", "nice_v2", "welcome"}),
)

_PRODUCT_TYPE = Field(
    "product_type",
    _B,
    _S,
    "상품 구분",
    help="실물상품인지 디지털콘텐츠인지 고릅니다. KSNET은 필수입니다.",
    options=PRODUCT_TYPES,
    required_for_pgs=frozenset({"ksnet"}),
)

_BUYER_NAME = Field(
    "buyer_name",
    _B,
    _S,
    "구매자 이름",
    help="나중에 발급 내역을 찾을 수 있도록 입력을 강력히 권장합니다. KSNET·스마트로(신모듈)는 필수입니다.",
    required_for_pgs=frozenset({"ksnet", "smartro_v2"}),
)

_BUYER_EMAIL = Field(
    "buyer_email",
    _B,
    _S,
    "구매자 이메일",
    help="구매자 이메일 주소입니다. 예: buyer@example.com",
    checks=(Check.EMAIL,),
)

_BUYER_TEL = Field(
    "buyer_tel",
    _B,
    _S,
    "구매자 전화번호",
    help="예: 010-1234-5678. 입력을 강력히 권장하며 스마트로(신모듈)·웰컴페이먼츠는 필수입니다.",
    required_for_pgs=frozenset({"smartro_v2", "welcome"}),
    checks=(Check.PHONE,),
)

_TAX_FREE = Field(
    "tax_free",
    _B,
    FieldType.INTEGER,
    "면세금액",
    help=(
        "발행금액 중 면세금액(원)입니다. 비워 두면 0원입니다. 부가세는 (발행금액 − 면세금액)의 1/11로 "
        "자동 계산되므로 부가세를 조정하려면 이 값을 쓰세요."
    ),
    checks=(Check.NON_NEGATIVE_AMOUNT,),
)

_VAT_AMOUNT = Field(
    "vat_amount",
    _B,
    FieldType.NUMBER,
    "부가세 지정 금액",
    help=(
        "부가세 지정이 설정된 고객사만 입력합니다. 발행금액 중 부가세 금액(원)을 직접 지정합니다. "
        "그 밖의 경우에는 비워 두세요."
    ),
    checks=(Check.NON_NEGATIVE_AMOUNT,),
)


def _corp_reg_no(pgs: frozenset[str], who: str) -> Field:
    return Field(
        "corp_reg_no",
        _B,
        _S,
        "상점 사업자등록번호",
        help=f"현금영수증을 발행하는 상점의 사업자등록번호(10자리)입니다. {who}는 필수입니다.",
        required_for_pgs=pgs,
        checks=(Check.BUSINESS_NUMBER,),
    )


_RECEIPT_GET_STATUSES = {
    200: "현금영수증 발급 내역을 조회했습니다",
    401: STATUS_401,
}

GET_RECEIPT = Operation(
    id="getReceipt",
    method="GET",
    path="/receipts/{imp_uid}",
    title="현금영수증 조회 (포트원 거래)",
    fields=(imp_uid_path("현금영수증을 조회할 결제의 포트원 거래고유번호입니다. 예: imp_448280090638"),),
    supported_pgs=_GET_PGS,
    response_model="Receipt",
    statuses={
        **_RECEIPT_GET_STATUSES,
        404: "존재하지 않는 거래이거나 이 거래로 발급된 현금영수증이 없습니다",
    },
)

ISSUE_RECEIPT = Operation(
    id="issueReceipt",
    method="POST",
    path="/receipts/{imp_uid}",
    title="현금영수증 발급 (포트원 거래)",
    fields=(
        imp_uid_path(
            "현금영수증을 발급할 가상계좌·계좌이체 결제의 포트원 거래고유번호입니다. "
            "금액은 거래에서 자동으로 정해지며, 부분취소된 거래는 남은 금액으로 발급됩니다."
        ),
        _IDENTIFIER,
        _IDENTIFIER_TYPE,
        _TYPE,
        _PRODUCT_TYPE,
        Field(
            "company_tel",
            _B,
            _S,
            "상점 고객센터 전화번호",
            help="예: 1588-1234. 키움페이(daou)는 필수입니다.",
            required_for_pgs=frozenset({"daou"}),
            checks=(Check.PHONE,),
        ),
        Field(
            "company_name",
            _B,
            _S,
            "상점 상호",
            help="현금영수증에 찍힐 상점 상호입니다. 키움페이(daou)는 필수입니다.",
            required_for_pgs=frozenset({"daou"}),
        ),
        _corp_reg_no(frozenset({"daou", "welcome"}), "키움페이(daou)·웰컴페이먼츠"),
        _BUYER_NAME,
        _BUYER_EMAIL,
        _BUYER_TEL,
        _TAX_FREE,
        Field(
            "vat",
            _B,
            FieldType.INTEGER,
            "부가세 (사용 중단)",
            help="더 이상 쓰지 않습니다. 부가세 조정은 면세금액(tax_free)으로 하세요.",
            deprecated=True,
            advanced=True,
            checks=(Check.NON_NEGATIVE_AMOUNT,),
        ),
        _VAT_AMOUNT,
    ),
    supported_pgs=_ISSUE_PGS,
    response_model="Receipt",
    statuses={
        200: "현금영수증을 발급했습니다",
        400: (
            "이미 발급된 현금영수증이 있거나 필수 항목이 빠졌습니다. "
            "결제완료(paid) 상태가 아닌 거래도 발급할 수 없습니다"
        ),
        401: STATUS_401,
        500: "PG사에서 현금영수증 발급에 실패했습니다",
        501: STATUS_501,
    },
)

REVOKE_RECEIPT = Operation(
    id="revokeReceipt",
    method="DELETE",
    path="/receipts/{imp_uid}",
    title="현금영수증 발급취소 (포트원 거래)",
    fields=(imp_uid_path("발급을 취소할 현금영수증의 포트원 거래고유번호입니다."),),
    supported_pgs=_REVOKE_PGS,
    response_model="Receipt",
    statuses={
        200: "현금영수증 발급을 취소했습니다",
        400: "포트원으로 현금영수증이 발급된 적이 없는 거래입니다",
        401: STATUS_401,
        500: "PG사에서 현금영수증 발급취소를 거절했습니다",
        501: STATUS_501,
    },
)

_EXT_MERCHANT_UID_HELP = "현금영수증을 발급할 때 쓴 고객사 주문번호입니다."

GET_EXTERNAL_RECEIPT = Operation(
    id="getExternalReceipt",
    method="GET",
    path="/receipts/external/{merchant_uid}",
    title="현금영수증 조회 (외부 거래)",
    fields=(merchant_uid_path(_EXT_MERCHANT_UID_HELP),),
    supported_pgs=_EXT_GET_PGS,
    response_model="ExternalReceipt",
    statuses={
        **_RECEIPT_GET_STATUSES,
        404: "이 주문번호로 발급된 현금영수증이 없습니다",
    },
)

ISSUE_EXTERNAL_RECEIPT = Operation(
    id="issueExternalReceipt",
    method="POST",
    path="/receipts/external/{merchant_uid}",
    title="현금영수증 발급 (외부 현금거래)",
    fields=(
        merchant_uid_path(
            "현금거래의 주문번호와 같은 번호를 넣어야 나중에 대사할 수 있습니다. "
            "스마트로(신모듈)는 특수문자를 쓸 수 없습니다."
        ),
        Field(
            "channel_key",
            _B,
            _S,
            "채널 키",
            help="현금영수증 발급에 쓸 포트원 채널의 채널 키입니다. 관리자 콘솔의 채널 설정에서 확인합니다.",
            required=True,
            text=TextKind.IDENTIFIER,
        ),
        Field("name", _B, _S, "주문명", help="현금영수증에 표시할 주문명입니다.", required=True),
        Field(
            "amount",
            _B,
            FieldType.INTEGER,
            "발행 금액",
            help="현금영수증 발행 금액(원)입니다.",
            required=True,
            checks=(Check.AMOUNT,),
        ),
        _IDENTIFIER,
        _IDENTIFIER_TYPE,
        _TYPE,
        _PRODUCT_TYPE,
        _BUYER_NAME,
        _BUYER_EMAIL,
        _BUYER_TEL,
        _TAX_FREE,
        _VAT_AMOUNT,
        _corp_reg_no(frozenset({"welcome"}), "웰컴페이먼츠"),
        Field(
            "pay_method",
            _B,
            _S,
            "결제수단",
            help="현금거래의 결제수단(계좌이체 또는 가상계좌)입니다. 웰컴페이먼츠는 필수입니다.",
            options=RECEIPT_PAY_METHODS,
            required_for_pgs=frozenset({"welcome"}),
        ),
        # Older integrations named the PG instead of a channel; the current spec dropped it.
        Field(
            "pg",
            _B,
            _S,
            "PG사 (구버전)",
            help="채널 키 대신 PG사 코드로 발급하던 예전 방식입니다. 새로 쓸 때는 채널 키를 입력하세요.",
            legacy=True,
            advanced=True,
        ),
    ),
    supported_pgs=_EXT_ISSUE_PGS,
    response_model="ExternalReceipt",
    statuses={
        200: "현금영수증을 발급했습니다",
        400: "이 주문번호로 이미 발급된 현금영수증이 있거나 필수 항목이 빠졌습니다",
        401: STATUS_401,
        500: "PG사에서 현금영수증 발급에 실패했습니다",
        501: STATUS_501,
    },
)

REVOKE_EXTERNAL_RECEIPT = Operation(
    id="revokeExternalReceipt",
    method="DELETE",
    path="/receipts/external/{merchant_uid}",
    title="현금영수증 발급취소 (외부 거래)",
    fields=(merchant_uid_path(_EXT_MERCHANT_UID_HELP),),
    supported_pgs=_EXT_REVOKE_PGS,
    response_model="ExternalReceipt",
    statuses={
        200: "현금영수증 발급을 취소했습니다",
        400: "주문번호(merchant_uid)가 빠졌습니다",
        401: STATUS_401,
        404: "이 주문번호로 발급된 현금영수증이 없습니다",
        500: "현금영수증 발급취소에 실패했습니다",
        501: STATUS_501,
    },
)

RECEIPT_OPERATIONS: tuple[Operation, ...] = (
    GET_RECEIPT,
    ISSUE_RECEIPT,
    REVOKE_RECEIPT,
    GET_EXTERNAL_RECEIPT,
    ISSUE_EXTERNAL_RECEIPT,
    REVOKE_EXTERNAL_RECEIPT,
)
