"""Catalog data for the list lookups: payments by status, several payments at once, every payment
of an order number, and the shop's PG channels. Import through ``catalog.py``."""

from __future__ import annotations

from .catalog_fields import STATUS_401
from .catalog_options import PAYMENT_SORTINGS, PAYMENT_STATUS_FILTERS, PAYMENT_STATUSES
from .model import Check, Field, FieldType, Location, Operation

# The API's longest from–to window for getPaymentsByStatus (its default too).
MAX_WINDOW_SECONDS = 90 * 24 * 3600
MAX_PAGE_LIMIT = 1000
MAX_BATCH_LOOKUP = 100  # getPaymentListByImpUid: ids per call (imp_uid[] and merchant_uid[] together)


def _page() -> Field:
    return Field(
        "page",
        Location.QUERY,
        FieldType.INTEGER,
        "페이지 번호",
        help="1부터 시작합니다. 기본값은 1입니다.",
        checks=(Check.PAGE_NUMBER,),
    )


def _limit() -> Field:
    return Field(
        "limit",
        Location.QUERY,
        FieldType.INTEGER,
        "페이지당 건수",
        help="한 번에 받을 결제 건수입니다. 최대 1000건, 기본값 20건입니다.",
        checks=(Check.PAGE_LIMIT,),
    )


def _sorting() -> Field:
    return Field(
        "sorting",
        Location.QUERY,
        FieldType.STRING,
        "정렬 기준",
        help="기본값은 결제시작 시각 최신순(-started)입니다.",
        default="-started",
        options=PAYMENT_SORTINGS,
    )


_TIME_HELP = (
    "결제건의 현재 상태 시각(미결제는 결제시작, 결제완료는 결제완료, 결제취소는 취소, "
    "결제실패는 실패 시각)으로 찾습니다. 검색 기간은 최대 90일입니다."
)

GET_PAYMENTS_BY_STATUS = Operation(
    id="getPaymentsByStatus",
    method="GET",
    path="/payments/status/{payment_status}",
    title="결제내역 목록 조회 (결제상태)",
    fields=(
        Field(
            "payment_status",
            Location.PATH,
            FieldType.STRING,
            "결제상태",
            help="전체(all) 또는 한 가지 결제상태의 결제를 찾습니다.",
            required=True,
            options=PAYMENT_STATUS_FILTERS,
        ),
        _page(),
        _limit(),
        Field(
            "from",
            Location.QUERY,
            FieldType.TIMESTAMP,
            "검색 시작 시각",
            help=f"이 시각 이후(포함). 기본값은 검색 종료 시각의 90일 전입니다. {_TIME_HELP}",
        ),
        Field(
            "to",
            Location.QUERY,
            FieldType.TIMESTAMP,
            "검색 종료 시각",
            help=f"이 시각까지(포함). 기본값은 현재 시각입니다. {_TIME_HELP}",
        ),
        _sorting(),
    ),
    response_model="PagedPayment",
    statuses={
        200: "결제내역 목록을 조회했습니다",
        400: "결제상태가 올바르지 않거나 데이터 범위를 넘어선 페이지입니다",
        401: STATUS_401,
    },
)

GET_PAYMENT_LIST_BY_IMP_UID = Operation(
    id="getPaymentListByImpUid",
    method="GET",
    path="/payments",
    title="결제내역 여러 건 조회",
    fields=(
        Field(
            "imp_uid",
            Location.QUERY,
            FieldType.STRING_LIST,
            "포트원 거래고유번호 목록",
            help="한 번에 최대 100개까지 조회합니다.",
            multi=True,
        ),
        Field(
            "merchant_uid",
            Location.QUERY,
            FieldType.STRING_LIST,
            "고객사 주문번호 목록",
            help="거래고유번호와 함께 최대 100개까지 조회합니다.",
            multi=True,
        ),
    ),
    response_model="Payment",
    response_is_list=True,
    statuses={
        200: "요청한 결제내역을 모두 조회했습니다",
        207: "요청한 결제 중 일부를 찾지 못했습니다(없거나 접근 권한이 없음)",
        401: STATUS_401,
        404: "해당되는 결제건을 찾지 못했습니다",
    },
)

GET_ALL_PAYMENTS_BY_MERCHANT_UID = Operation(
    id="getAllPaymentsByMerchantUid",
    method="GET",
    # payment_status is optional: render_path drops it when empty (/payments/findAll/{merchant_uid}).
    path="/payments/findAll/{merchant_uid}/{payment_status}",
    title="주문번호의 결제내역 모두 조회",
    fields=(
        Field(
            "merchant_uid",
            Location.PATH,
            FieldType.STRING,
            "고객사 주문번호",
            help="같은 주문번호의 결제가 여럿이면 모두 나옵니다.",
            required=True,
        ),
        Field(
            "payment_status",
            Location.PATH,
            FieldType.STRING,
            "결제상태",
            help="이 상태의 결제만 찾습니다. 비워 두면 모든 상태에서 찾습니다.",
            options=PAYMENT_STATUSES,
            prose_enum=True,
        ),
        _page(),
        _limit(),
        _sorting(),
    ),
    response_model="PagedPayment",
    statuses={
        200: "결제내역을 조회했습니다",
        400: "주문번호나 결제상태 등 요청 값이 올바르지 않습니다",
        401: STATUS_401,
        404: "해당 주문번호의 결제내역이 없습니다",
    },
)

GET_PG_SETTING_LIST = Operation(
    id="getPgSettingList",
    method="GET",
    path="/users/pg",
    title="PG 설정(채널) 목록 조회",
    fields=(),
    response_model="PgSetting",
    response_is_list=True,
    statuses={200: "PG 설정 목록을 조회했습니다"},
)

LIST_OPERATIONS: tuple[Operation, ...] = (
    GET_PAYMENTS_BY_STATUS,
    GET_PAYMENT_LIST_BY_IMP_UID,
    GET_ALL_PAYMENTS_BY_MERCHANT_UID,
    GET_PG_SETTING_LIST,
)
