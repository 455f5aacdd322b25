"""Naver Pay operations: order type (주문형, PG naverco) actions and lookups, payment type (naverpay)."""

from __future__ import annotations

from .catalog_fields import STATUS_401, STATUS_NOT_ACCESSIBLE, imp_uid_path, path_string
from .catalog_options import (
    CANCEL_REASONS,
    DELIVERY_COMPANIES,
    DELIVERY_METHODS,
    REQUESTERS,
    RETURN_DELIVERY_METHODS,
    RETURN_REASONS,
    REVIEW_TYPES,
    WITHHOLD_REASONS,
)
from .model import Check, Field, FieldType, Location, Operation, RequiredWhen, TextKind

_B = Location.BODY
_S = FieldType.STRING
NAVERCO = frozenset({"naverco"})
NAVERPAY = frozenset({"naverpay"})

_PRODUCT_ORDER_IDS = Field(
    "product_order_id",
    _B,
    FieldType.STRING_LIST,
    "상품주문번호",
    help=(
        "처리할 네이버페이 상품주문번호를 한 줄에 하나씩 입력합니다. "
        "비워 두면 이 거래의 모든 상품주문을 처리합니다."
    ),
)

_IMP_UID = imp_uid_path("네이버페이(주문형) 결제의 포트원 거래고유번호입니다. 예: imp_448280090638")


def _delivery_fields(trigger: str) -> tuple[Field, Field]:
    """delivery_company and tracking_number, required when delivery_method is ``trigger``."""
    rule = (RequiredWhen("delivery_method", (trigger,)),)
    return (
        Field(
            "delivery_company",
            _B,
            _S,
            "택배사",
            help="택배로 보낼 때 택배사를 고릅니다.",
            options=DELIVERY_COMPANIES,
            required_when=rule,
        ),
        Field(
            "tracking_number",
            _B,
            _S,
            "송장번호",
            help="택배 송장번호입니다. 숫자만 또는 하이픈(-)을 넣어 입력합니다.",
            required_when=rule,
            checks=(Check.TRACKING_NUMBER,),
        ),
    )


def _action(
    op_id: str,
    slug: str,
    title: str,
    what: str,
    extra: tuple[Field, ...] = (),
    status_400: str = "",
    spec_operation_id: str = "",
) -> Operation:
    """A Naver order-type POST action: 200 all / 207 partial / 500 none succeeded."""
    statuses = {
        200: f"요청한 상품주문을 모두 {what}했습니다",
        207: f"일부 상품주문만 {what}했습니다. 응답에는 성공한 상품주문만 들어 있습니다",
        401: STATUS_401,
        404: STATUS_NOT_ACCESSIBLE,
        500: f"모든 상품주문의 {what}에 실패했습니다",
    }
    if status_400:
        statuses[400] = status_400
    return Operation(
        id=op_id,
        method="POST",
        path=f"/payments/{{imp_uid}}/naver/{slug}",
        title=title,
        fields=(_IMP_UID, _PRODUCT_ORDER_IDS, *extra),
        supported_pgs=NAVERCO,
        response_model="NaverProductOrder",
        response_is_list=True,
        naver_action=True,
        statuses=dict(sorted(statuses.items())),
        spec_operation_id=spec_operation_id,
    )


_DELIVERY_METHOD = Field(
    "delivery_method",
    _B,
    _S,
    "배송방법",
    help="택배·등기·소포로 보내면 택배사와 송장번호도 입력해야 합니다.",
    required=True,
    options=DELIVERY_METHODS,
)

_MEMO_REQUIRED_400 = "메모(memo)가 빠졌거나 올바르지 않습니다"

NAVER_CANCEL = _action(
    "naverCancelProductOrder",
    "cancel",
    "네이버페이 주문 취소(환불)",
    "환불",
    extra=(
        Field(
            "reason",
            _B,
            _S,
            "취소 사유",
            help="잘못된 코드를 보내면 '서비스 및 상품 불만족'으로 처리됩니다.",
            default="PRODUCT_UNSATISFIED",
            must_choose=True,
            options=CANCEL_REASONS,
        ),
    ),
)

NAVER_APPROVE_CANCEL = _action(
    "naverApproveCancelProductOrder",
    "approve-cancel",
    "네이버페이 취소요청 승인",
    "환불승인",
)

NAVER_SHIP = _action(
    "naverShipProductOrder",
    "ship",
    "네이버페이 발송처리",
    "발송처리",
    extra=(
        _DELIVERY_METHOD,
        Field(
            "dispatched_at",
            _B,
            FieldType.TIMESTAMP,
            "발송일시",
            help=(
                "상품을 보낸 날짜와 시각(한국시간)입니다. 결제 시각보다 앞서거나 하루 넘게 뒤일 수 없습니다."
            ),
            required=True,
            checks=(Check.EVENT_TIME,),
        ),
        *_delivery_fields("DELIVERY"),
    ),
    status_400="배송방법(delivery_method)이나 발송일시(dispatched_at)가 빠졌거나 올바르지 않습니다",
)

# The spec reuses operationId naverShipProductOrder for this path; we need a distinct id.
NAVER_SHIP_EXCHANGED = _action(
    "naverShipExchangedProductOrder",
    "ship-exchanged",
    "네이버페이 교환 재발송처리",
    "재발송처리",
    extra=(_DELIVERY_METHOD, *_delivery_fields("DELIVERY")),
    status_400="배송방법(delivery_method)이 빠졌거나 올바르지 않습니다",
    spec_operation_id="naverShipProductOrder",
)

NAVER_COLLECT = _action(
    "naverCollectProductOrder",
    "collect-exchanged",
    "네이버페이 교환 수거완료처리",
    "수거완료처리",
)

NAVER_PLACE = _action(
    "naverPlaceProductOrder",
    "place",
    "네이버페이 발주확인",
    "발주처리",
)

NAVER_REQUEST_RETURN = _action(
    "naverRequestReturnProductOrder",
    "request-return",
    "네이버페이 반품요청",
    "반품요청",
    extra=(
        Field(
            "reason",
            _B,
            _S,
            "반품 사유",
            help="잘못된 코드를 보내면 '구매 의사 취소'로 처리됩니다.",
            default="INTENT_CHANGED",
            must_choose=True,
            options=RETURN_REASONS,
        ),
        Field(
            "delivery_method",
            _B,
            _S,
            "반품 배송방법",
            help="일반 반품 택배를 고르면 택배사와 송장번호도 입력해야 합니다.",
            required=True,
            options=RETURN_DELIVERY_METHODS,
        ),
        *_delivery_fields("RETURN_DELIVERY"),
    ),
    status_400="반품 배송방법(delivery_method)이 빠졌거나 올바르지 않습니다",
)

NAVER_APPROVE_RETURN = _action(
    "naverApproveReturnProductOrder",
    "approve-return",
    "네이버페이 반품승인",
    "반품승인",
    extra=(
        Field(
            "memo",
            _B,
            _S,
            "메모",
            help="반품승인 후 구매자에게 전달할 메모입니다. 반품 배송비를 차감하려면 먼저 반품보류를 하세요.",
            text=TextKind.MULTILINE,
        ),
    ),
)

NAVER_REJECT_RETURN = _action(
    "naverRejectReturnProductOrder",
    "reject-return",
    "네이버페이 반품거절",
    "반품거절",
    extra=(
        Field(
            "memo",
            _B,
            _S,
            "거절 사유",
            help="반품을 거절하는 이유로, 구매자에게 그대로 전달됩니다.",
            text=TextKind.MULTILINE,
            required=True,
        ),
    ),
    status_400=_MEMO_REQUIRED_400,
)

NAVER_WITHHOLD_RETURN = _action(
    "naverWithholdReturnProductOrder",
    "withhold-return",
    "네이버페이 반품보류",
    "반품보류",
    extra=(
        Field(
            "reason",
            _B,
            _S,
            "보류 사유",
            help="잘못된 코드를 보내면 '기타 사유'로 처리됩니다.",
            default="ETC",
            must_choose=True,
            options=WITHHOLD_REASONS,
        ),
        Field(
            "memo",
            _B,
            _S,
            "보류 안내 메모",
            help="반품을 보류하는 이유로, 구매자에게 전달됩니다.",
            text=TextKind.MULTILINE,
            required=True,
        ),
        Field(
            "extra_charge",
            _B,
            FieldType.INTEGER,
            "기타 반품 비용",
            help="구매자에게 청구할 기타 반품 비용(원)입니다. 비워 두면 0원입니다.",
            checks=(Check.NON_NEGATIVE_AMOUNT,),
        ),
    ),
    status_400=_MEMO_REQUIRED_400,
)

NAVER_RESOLVE_RETURN = _action(
    "naverResolveReturnProductOrder",
    "resolve-return",
    "네이버페이 반품보류 해제",
    "반품보류 해제",
)

NAVER_DEPOSIT_POINT = Operation(
    id="naverDepositPoint",
    method="POST",
    path="/payments/{imp_uid}/naver/point",
    title="네이버페이 포인트 적립",
    fields=(imp_uid_path("네이버페이(결제형) 결제의 포트원 거래고유번호입니다."),),
    supported_pgs=NAVERPAY,
    statuses={
        200: "네이버페이 포인트를 적립했습니다",
        401: STATUS_401,
        404: STATUS_NOT_ACCESSIBLE,
        500: "포인트 적립에 실패했습니다. 응답 메시지를 확인하세요",
    },
)

NAVER_CONFIRM_PAYMENT = Operation(
    id="naverConfirmPayment",
    method="POST",
    path="/payments/{imp_uid}/naver/confirm",
    title="네이버페이 에스크로 구매확정",
    fields=(
        imp_uid_path("네이버페이(결제형) 에스크로 결제의 포트원 거래고유번호입니다."),
        Field(
            "requester",
            _B,
            _S,
            "구매확정 요청자",
            help="누가 구매확정을 요청하는지 고릅니다. 기본값은 고객사 관리자입니다.",
            default="admin",
            options=REQUESTERS,
            prose_enum=True,
        ),
    ),
    supported_pgs=NAVERPAY,
    statuses={
        200: "구매확정했습니다",
        401: STATUS_401,
        404: STATUS_NOT_ACCESSIBLE,
        500: "구매확정에 실패했습니다. 응답 메시지를 확인하세요",
    },
)

GET_PRODUCT_ORDERS = Operation(
    id="getProductOrders",
    method="GET",
    path="/payments/{imp_uid}/naver/product-orders",
    title="네이버페이 상품주문 목록 조회",
    fields=(_IMP_UID,),
    supported_pgs=NAVERCO,
    response_model="NaverProductOrder",
    response_is_list=True,
    statuses={
        200: "상품주문 목록을 조회했습니다",
        401: STATUS_401,
        404: STATUS_NOT_ACCESSIBLE,
    },
)

GET_PRODUCT_ORDER_SINGLE = Operation(
    id="getProductOrderSingle",
    method="GET",
    path="/naver/product-orders/{product_order_id}",
    title="네이버페이 상품주문 단건 조회",
    fields=(
        path_string("product_order_id", "상품주문번호", "조회할 네이버페이 상품주문번호 하나를 입력합니다."),
    ),
    supported_pgs=NAVERCO,
    response_model="NaverProductOrder",
    statuses={
        200: "상품주문을 조회했습니다",
        400: "상품주문번호(product_order_id)가 빠졌습니다",
        401: STATUS_401,
        404: "상품주문을 찾을 수 없거나 이 계정으로 접근할 권한이 없습니다",
    },
)

GET_REVIEWS = Operation(
    id="getReviews",
    method="GET",
    path="/naver/reviews",
    title="네이버페이 구매평 조회",
    fields=(
        # The spec says formData, which a GET cannot carry; we send it in the query string.
        Field(
            "channel_key",
            Location.QUERY,
            _S,
            "채널 키",
            help="네이버페이 주문형 채널의 채널 키입니다.",
            required=True,
            text=TextKind.IDENTIFIER,
        ),
        Field(
            "from",
            Location.QUERY,
            FieldType.TIMESTAMP,
            "조회 시작",
            help="조회 기간의 시작 일시(한국시간)입니다.",
            required=True,
        ),
        Field(
            "to",
            Location.QUERY,
            FieldType.TIMESTAMP,
            "조회 종료",
            help="조회 기간의 끝 일시(한국시간)입니다.",
            required=True,
        ),
        Field(
            "review_type",
            Location.QUERY,
            _S,
            "구매평 유형",
            help="일반구매평 또는 프리미엄 구매평을 고릅니다.",
            required=True,
            options=REVIEW_TYPES,
        ),
    ),
    supported_pgs=NAVERCO,
    response_model="NaverReview",
    response_is_list=True,
    statuses={
        200: "구매평을 조회했습니다",
        400: "조회 기간(from, to)이나 구매평 유형(review_type)이 빠졌거나 올바르지 않습니다",
        401: STATUS_401,
        500: "네이버페이가 올바르지 않은 응답을 보냈습니다. 잠시 후 다시 시도하세요",
    },
)

QUERY_CASH_AMOUNT = Operation(
    id="queryCashAmount",
    method="GET",
    path="/payments/{imp_uid}/naver/cash-amount",
    title="네이버페이 현금영수증 발급 가능 금액 조회",
    fields=(imp_uid_path("네이버페이(결제형) 결제의 포트원 거래고유번호입니다."),),
    supported_pgs=NAVERPAY,
    response_model="NaverCashAmount",
    statuses={
        200: "현금영수증 발급 가능 금액을 조회했습니다",
        400: "네이버페이 결제형 거래가 아닙니다",
        401: STATUS_401,
        500: "네이버페이가 올바르지 않은 응답을 보냈습니다. 잠시 후 다시 시도하세요",
    },
)

NAVER_ACTIONS: tuple[Operation, ...] = (
    NAVER_CANCEL,
    NAVER_APPROVE_CANCEL,
    NAVER_SHIP,
    NAVER_SHIP_EXCHANGED,
    NAVER_COLLECT,
    NAVER_PLACE,
    NAVER_REQUEST_RETURN,
    NAVER_APPROVE_RETURN,
    NAVER_REJECT_RETURN,
    NAVER_WITHHOLD_RETURN,
    NAVER_RESOLVE_RETURN,
)

NAVER_OPERATIONS: tuple[Operation, ...] = (
    *NAVER_ACTIONS,
    NAVER_DEPOSIT_POINT,
    NAVER_CONFIRM_PAYMENT,
    GET_PRODUCT_ORDERS,
    GET_PRODUCT_ORDER_SINGLE,
    GET_REVIEWS,
    QUERY_CASH_AMOUNT,
)
