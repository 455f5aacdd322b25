"""The operation catalog: the 30 PortOne V1 operations the app uses, as data.

Every other module (client, validation, forms, sandbox, CLI) reads these facts from here. The
data lives in ``catalog_receipts``, ``catalog_naver``, ``catalog_models`` and ``catalog_options``;
this module assembles it and is the only one others should import.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from .catalog_fields import STATUS_401
from .catalog_lists import LIST_OPERATIONS, MAX_BATCH_LOOKUP, MAX_PAGE_LIMIT, MAX_WINDOW_SECONDS
from .catalog_models import RESPONSE_MODELS
from .catalog_naver import NAVER_ACTIONS, NAVER_OPERATIONS
from .catalog_options import (
    CANCEL_REASONS,
    CARD_TYPES,
    CLAIM_STATUSES,
    CLAIM_STATUSES_BY_TYPE,
    CLAIM_TYPES,
    CUSTOMER_UID_USAGES,
    DELIVERY_COMPANIES,
    DELIVERY_METHODS,
    IDENTIFIER_TYPES,
    PAY_METHODS,
    PAYMENT_CHANNELS,
    PAYMENT_SORTINGS,
    PAYMENT_STATUS_FILTERS,
    PAYMENT_STATUSES,
    PRODUCT_ORDER_STATUSES,
    PRODUCT_TYPES,
    RECEIPT_PAY_METHODS,
    RECEIPT_TYPES,
    REQUESTERS,
    RETURN_DELIVERY_METHODS,
    RETURN_REASONS,
    REVIEW_TYPES,
    WITHHOLD_REASONS,
)
from .catalog_receipts import RECEIPT_OPERATIONS
from .model import Field, FieldType, Location, Operation

__all__ = [
    "CANCEL_REASONS",
    "CARD_TYPES",
    "CLAIM_STATUSES",
    "CLAIM_STATUSES_BY_TYPE",
    "CLAIM_TYPES",
    "CUSTOMER_UID_USAGES",
    "DELIVERY_COMPANIES",
    "DELIVERY_METHODS",
    "IDENTIFIER_TYPES",
    "MAX_BATCH_LOOKUP",
    "MAX_PAGE_LIMIT",
    "MAX_WINDOW_SECONDS",
    "NAVER_ACTION_IDS",
    "OPERATIONS",
    "PAYMENT_CHANNELS",
    "PAYMENT_SORTINGS",
    "PAYMENT_STATUSES",
    "PAYMENT_STATUS_FILTERS",
    "PAY_METHODS",
    "PRODUCT_ORDER_STATUSES",
    "PRODUCT_TYPES",
    "RECEIPT_PAY_METHODS",
    "RECEIPT_TYPES",
    "REQUESTERS",
    "RESPONSE_MODELS",
    "RETURN_DELIVERY_METHODS",
    "RETURN_REASONS",
    "REVIEW_TYPES",
    "WITHHOLD_REASONS",
    "match_route",
    "operation",
]

GET_TOKEN = Operation(
    id="getToken",
    method="POST",
    path="/users/getToken",
    title="액세스 토큰 발급",
    fields=(
        Field(
            "imp_key",
            Location.BODY,
            FieldType.STRING,
            "REST API 키",
            help="관리자 콘솔 [결제 연동] > [식별코드・API Keys] > [V1 API]에서 확인합니다.",
            required=True,
        ),
        Field(
            "imp_secret",
            Location.BODY,
            FieldType.STRING,
            "REST API 시크릿",
            help="REST API 키와 같은 곳에서 확인합니다. 다른 사람에게 보여 주지 마세요.",
            required=True,
        ),
    ),
    response_model="Auth",
    statuses={
        200: "액세스 토큰을 발급받았습니다",
        401: "REST API 키 또는 시크릿이 올바르지 않습니다",
    },
    needs_token=False,
)

GET_PAYMENT_BY_IMP_UID = Operation(
    id="getPaymentByImpUid",
    method="GET",
    path="/payments/{imp_uid}",
    title="결제내역 조회 (거래고유번호)",
    fields=(
        Field(
            "imp_uid",
            Location.PATH,
            FieldType.STRING,
            "포트원 거래고유번호",
            help="조회할 결제의 포트원 거래고유번호입니다. 예: imp_448280090638",
            required=True,
        ),
        Field(
            "include_sandbox",
            Location.QUERY,
            FieldType.BOOLEAN,
            "테스트 결제 포함",
            help=(
                "테스트 채널로 결제한 건도 조회하려면 켭니다. "
                "2026-01-26부터는 끄면 테스트 결제가 조회되지 않습니다."
            ),
            default=False,
        ),
    ),
    response_model="Payment",
    statuses={
        200: "결제내역을 조회했습니다",
        401: STATUS_401,
        404: "유효하지 않은 거래고유번호(imp_uid)입니다",
    },
)

GET_PAYMENT_BY_MERCHANT_UID = Operation(
    id="getPaymentByMerchantUid",
    method="GET",
    # payment_status is optional: render_path drops it when empty (/payments/find/{merchant_uid}).
    path="/payments/find/{merchant_uid}/{payment_status}",
    title="결제내역 조회 (주문번호)",
    fields=(
        Field(
            "merchant_uid",
            Location.PATH,
            FieldType.STRING,
            "고객사 주문번호",
            help=(
                "결제 요청 때 쓴 고객사 주문번호입니다. "
                "같은 주문번호의 결제가 여럿이면 정렬 기준의 첫 건이 나옵니다."
            ),
            required=True,
        ),
        Field(
            "payment_status",
            Location.PATH,
            FieldType.STRING,
            "결제상태",
            help="이 상태의 결제 중 가장 최근 건만 조회합니다. 비워 두면 모든 상태에서 찾습니다.",
            options=PAYMENT_STATUSES,
            prose_enum=True,
        ),
        Field(
            "sorting",
            Location.QUERY,
            FieldType.STRING,
            "정렬 기준",
            help="결제가 여럿일 때 어떤 건을 먼저 고를지 정합니다. 기본값은 결제시작 시각 최신순입니다.",
            default="-started",
            options=PAYMENT_SORTINGS,
        ),
    ),
    response_model="Payment",
    statuses={
        200: "결제내역을 조회했습니다",
        401: STATUS_401,
        404: "해당 주문번호의 결제내역이 없습니다",
    },
)

_ALL: tuple[Operation, ...] = (
    GET_TOKEN,
    GET_PAYMENT_BY_IMP_UID,
    GET_PAYMENT_BY_MERCHANT_UID,
    *RECEIPT_OPERATIONS,
    *NAVER_OPERATIONS,
    *LIST_OPERATIONS,
)

OPERATIONS: dict[str, Operation] = {op.id: op for op in _ALL}

# Order-type actions that take a product_order_id list and answer 200 / 207 / 500.
NAVER_ACTION_IDS: tuple[str, ...] = tuple(op.id for op in NAVER_ACTIONS)


def operation(op_id: str) -> Operation:
    """The operation with this id; KeyError naming the unknown id otherwise."""
    try:
        return OPERATIONS[op_id]
    except KeyError:
        raise KeyError(f"알 수 없는 API 작업입니다: {op_id!r}") from None


def _segments(path: str) -> list[str]:
    # Only the outer slashes go; an empty inner segment stays so it cannot fill a placeholder.
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []


def _match(op: Operation, parts: list[str]) -> dict[str, str] | None:
    pattern = _segments(op.path)
    # Only a trailing optional placeholder may be left out (payment_status).
    optional_tail = 0
    while optional_tail < len(pattern):
        last = pattern[len(pattern) - 1 - optional_tail]
        if not (last.startswith("{") and not op.field(last[1:-1]).required):
            break
        optional_tail += 1
    if not len(pattern) - optional_tail <= len(parts) <= len(pattern):
        return None
    params: dict[str, str] = {}
    for expected, actual in zip(pattern, parts, strict=False):
        if expected.startswith("{") and expected.endswith("}"):
            if not actual:
                return None
            params[expected[1:-1]] = actual
        elif expected != actual:
            return None
    return params


def match_route(method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
    """The operation a request line addresses and its decoded path parameters, or None.

    Literal segments beat placeholders position by position, so /receipts/external/x is
    getExternalReceipt rather than getReceipt with imp_uid "external".
    """
    if "://" in path:
        path = urlsplit(path).path
    path = path.split("?", 1)[0].split("#", 1)[0]
    parts = [unquote(segment) for segment in _segments(path)]
    method = method.upper()
    best: tuple[tuple[bool, ...], Operation, dict[str, str]] | None = None
    for op in _ALL:
        if op.method != method:
            continue
        params = _match(op, parts)
        if params is None:
            continue
        # False (literal) sorts before True (placeholder): the most literal route wins.
        rank = tuple(segment.startswith("{") for segment in _segments(op.path))
        if best is None or rank < best[0]:
            best = (rank, op, params)
    return None if best is None else (best[1], best[2])
