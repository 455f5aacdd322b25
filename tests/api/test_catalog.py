"""The catalog's own invariants (the spec comparison lives in test_catalog_contract.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from portone_desk.api import catalog
from portone_desk.api.catalog import (
    CLAIM_STATUSES,
    CLAIM_STATUSES_BY_TYPE,
    CLAIM_TYPES,
    DELIVERY_COMPANIES,
    NAVER_ACTION_IDS,
    OPERATIONS,
    PAY_METHODS,
    PAYMENT_STATUSES,
    RESPONSE_MODELS,
    match_route,
    operation,
)
from portone_desk.api.masking import MASK_FORMATS
from portone_desk.api.model import Check, FieldType, Location, Operation, Option
from portone_desk.store.audit_redact import redact_fields

HANGUL = re.compile(r"[가-힣]")

EXPECTED_IDS = {
    "getToken",
    "getPaymentByImpUid",
    "getPaymentByMerchantUid",
    "getPaymentsByStatus",
    "getPaymentListByImpUid",
    "getAllPaymentsByMerchantUid",
    "getPgSettingList",
    "getReceipt",
    "issueReceipt",
    "revokeReceipt",
    "getExternalReceipt",
    "issueExternalReceipt",
    "revokeExternalReceipt",
    "naverCancelProductOrder",
    "naverApproveCancelProductOrder",
    "naverShipProductOrder",
    "naverShipExchangedProductOrder",
    "naverCollectProductOrder",
    "naverPlaceProductOrder",
    "naverRequestReturnProductOrder",
    "naverApproveReturnProductOrder",
    "naverRejectReturnProductOrder",
    "naverWithholdReturnProductOrder",
    "naverResolveReturnProductOrder",
    "naverDepositPoint",
    "naverConfirmPayment",
    "getProductOrders",
    "getProductOrderSingle",
    "getReviews",
    "queryCashAmount",
}

COURIER_CODES = [
    "CJGLS",
    "KGB",
    "DONGBU",
    "EPOST",
    "REGISTPOST",
    "HANJIN",
    "HYUNDAI",
    "KGBLS",
    "INNOGIS",
    "DAESIN",
    "ILYANG",
    "KDEXP",
    "CHUNIL",
    "CH1",
    "HDEXP",
    "CVSNET",
    "DHL",
    "FEDEX",
    "GSMNTON",
    "WARPEX",
    "WIZWA",
    "EMS",
    "DHLDE",
    "ACIEXPRESS",
    "EZUSA",
    "PANTOS",
    "UPS",
    "HLCGLOBAL",
    "KOREXG",
    "TNT",
    "SWGEXP",
    "DAEWOON",
    "USPS",
    "IPARCEL",
    "KUNYOUNG",
    "HPL",
    "DADREAM",
    "SLX",
    "SFEXPRESS",
    "HONAM",
]

# Foreign couriers whose Korean label is simply their proper name.
PROPER_NAME_COURIERS = {
    "DHL",
    "FEDEX",
    "GSMNTON",
    "WARPEX",
    "WIZWA",
    "EMS",
    "ACIEXPRESS",
    "EZUSA",
    "UPS",
    "TNT",
    "USPS",
    "IPARCEL",
}

OPS = sorted(OPERATIONS.values(), key=lambda op: op.id)
IDS = [op.id for op in OPS]

SHARED_OPTION_TUPLES = [
    "DELIVERY_COMPANIES",
    "DELIVERY_METHODS",
    "RETURN_DELIVERY_METHODS",
    "CANCEL_REASONS",
    "RETURN_REASONS",
    "WITHHOLD_REASONS",
    "PRODUCT_ORDER_STATUSES",
    "CLAIM_TYPES",
    "CLAIM_STATUSES",
    "PAY_METHODS",
    "PAYMENT_STATUSES",
    "RECEIPT_TYPES",
    "IDENTIFIER_TYPES",
    "PRODUCT_TYPES",
    "REVIEW_TYPES",
    "REQUESTERS",
]


def all_option_tuples() -> Iterator[tuple[str, tuple[Option, ...]]]:
    for name in SHARED_OPTION_TUPLES:
        yield name, getattr(catalog, name)
    for op in OPS:
        for field in op.fields:
            if field.options:
                yield f"{op.id}.{field.name}", field.options
    for model in RESPONSE_MODELS.values():
        for item in model.fields:
            if item.options:
                yield f"{model.name}.{item.name}", item.options


def test_exactly_the_30_operations() -> None:
    assert len(OPERATIONS) == 30
    assert set(OPERATIONS) == EXPECTED_IDS
    for op_id, op in OPERATIONS.items():
        assert op.id == op_id


def test_unique_method_and_path() -> None:
    assert len({(op.method, op.path) for op in OPS}) == 30


def test_operation_lookup() -> None:
    assert operation("getReceipt") is OPERATIONS["getReceipt"]
    with pytest.raises(KeyError, match="nope"):
        operation("nope")


def test_shared_tuples_are_public() -> None:
    for name in [*SHARED_OPTION_TUPLES, "OPERATIONS", "RESPONSE_MODELS", "NAVER_ACTION_IDS"]:
        assert name in catalog.__all__


def test_couriers() -> None:
    codes = [option.code for option in DELIVERY_COMPANIES]
    assert codes == COURIER_CODES
    assert len(set(codes)) == 40
    assert DELIVERY_COMPANIES[0] == Option("CJGLS", "CJ대한통운")


@pytest.mark.parametrize(("where", "options"), list(all_option_tuples()))
def test_option_labels_are_korean(where: str, options: tuple[Option, ...]) -> None:
    codes = [option.code for option in options]
    assert len(codes) == len(set(codes)), where
    for option in options:
        assert option.label.strip(), f"{where}.{option.code}"
        if options is DELIVERY_COMPANIES and option.code in PROPER_NAME_COURIERS:
            continue
        assert HANGUL.search(option.label), f"{where}.{option.code}: {option.label!r}"


def test_delivery_company_fields_share_the_tuple() -> None:
    for op_id in (
        "naverShipProductOrder",
        "naverShipExchangedProductOrder",
        "naverRequestReturnProductOrder",
    ):
        assert OPERATIONS[op_id].field("delivery_company").options is DELIVERY_COMPANIES


def test_claim_statuses_cover_every_claim_type() -> None:
    codes = {option.code for option in CLAIM_STATUSES}
    assert {
        "CANCEL_REQUEST",
        "CANCELING",
        "CANCEL_DONE",
        "CANCEL_REJECT",
        "RETURN_REQUEST",
        "COLLECTING",
        "COLLECT_DONE",
        "RETURN_DONE",
        "RETURN_REJECT",
        "EXCHANGE_REQUEST",
        "EXCHANGE_REDELIVERING",
        "EXCHANGE_DONE",
        "EXCHANGE_REJECT",
        "PURCHASE_DECISION_HOLDBACK",
        "PURCHASE_DECISION_HOLDBACK_REDELIVERING",
        "PURCHASE_DECISION_REQUEST",
        "PURCHASE_DECISION_HOLDBACK_RELEASE",
        "ADMIN_CANCELING",
        "ADMIN_CANCEL_DONE",
    } == codes
    labels = {option.code: option.label for option in CLAIM_STATUSES}
    assert labels["CANCEL_REQUEST"] == "취소요청"
    assert labels["COLLECTING"] == "수거중"
    assert labels["EXCHANGE_REDELIVERING"] == "교환재배송중"


def test_payment_labels() -> None:
    assert dict((o.code, o.label) for o in PAYMENT_STATUSES) == {
        "ready": "미결제",
        "paid": "결제완료",
        "failed": "결제실패",
        "cancelled": "결제취소",
    }
    labels = {o.code: o.label for o in PAY_METHODS}
    assert labels["vbank"] == "가상계좌"
    assert labels["trans"] == "계좌이체"
    assert labels["card"] == "신용카드"


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_texts_are_korean(op: Operation) -> None:
    assert HANGUL.search(op.title)
    assert 200 in op.statuses
    for code, text in op.statuses.items():
        assert HANGUL.search(text), f"{op.id} {code}"
    for field in op.fields:
        assert HANGUL.search(field.label), f"{op.id}.{field.name}"
        assert HANGUL.search(field.help), f"{op.id}.{field.name} needs help"


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_field_consistency(op: Operation) -> None:
    names = [field.name for field in op.fields]
    assert len(names) == len(set(names))
    placeholders = set(re.findall(r"\{(\w+)\}", op.path))
    assert placeholders == {field.name for field in op.fields_in(Location.PATH)}
    for field in op.fields:
        where = f"{op.id}.{field.name}"
        if field.options and field.default is not None:
            assert field.default in {option.code for option in field.options}, where
        assert not (field.required and field.legacy), where
        assert not (field.required and field.advanced), where
        for rule in field.required_when:
            assert not field.required, where
            other = op.field(rule.field)
            assert other is not field, where
            assert rule.values, where
            assert set(rule.values) <= {option.code for option in other.options}, where
        for pg in field.required_for_pgs:
            assert not op.supported_pgs or pg in op.supported_pgs, f"{where}: {pg}"


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_tokens_and_models(op: Operation) -> None:
    assert op.needs_token is (op.id != "getToken")
    # The spec documents no 401 for /users/pg (statuses list only what the spec documents).
    if op.needs_token and op.id != "getPgSettingList":
        assert 401 in op.statuses
    if op.response_model is not None:
        assert op.response_model in RESPONSE_MODELS
    else:
        assert op.id in {"naverDepositPoint", "naverConfirmPayment"}
        assert not op.response_is_list


def test_naver_actions() -> None:
    assert len(NAVER_ACTION_IDS) == 11
    assert {op.id for op in OPS if op.naver_action} == set(NAVER_ACTION_IDS)
    for op_id in NAVER_ACTION_IDS:
        op = OPERATIONS[op_id]
        assert op.method == "POST"
        assert op.supported_pgs == {"naverco"}
        assert {200, 207, 500} <= set(op.statuses)
        assert op.response_model == "NaverProductOrder"
        assert op.response_is_list
        ids = op.field("product_order_id")
        assert ids.type is FieldType.STRING_LIST
        assert ids.location is Location.BODY
        assert not ids.required
        assert "모든 상품주문" in ids.help


def test_quirks() -> None:
    single = OPERATIONS["getProductOrderSingle"].field("product_order_id")
    assert (single.location, single.type, single.required) == (Location.PATH, FieldType.STRING, True)
    assert OPERATIONS["naverShipProductOrder"].field("dispatched_at").type is FieldType.TIMESTAMP
    assert "dispatched_at" not in {f.name for f in OPERATIONS["naverShipExchangedProductOrder"].fields}
    reviews = OPERATIONS["getReviews"]
    assert reviews.field("channel_key").location is Location.QUERY
    assert reviews.field("from").type is FieldType.TIMESTAMP
    assert reviews.field("to").type is FieldType.TIMESTAMP
    assert OPERATIONS["naverShipExchangedProductOrder"].spec_operation_id == "naverShipProductOrder"
    external = OPERATIONS["issueExternalReceipt"]
    assert external.field("channel_key").required
    assert external.field("pg").legacy
    assert not external.field("pg").required
    vat = OPERATIONS["issueReceipt"].field("vat")
    assert vat.deprecated
    include_sandbox = OPERATIONS["getPaymentByImpUid"].field("include_sandbox")
    assert (include_sandbox.location, include_sandbox.type) == (Location.QUERY, FieldType.BOOLEAN)
    assert OPERATIONS["getPaymentByMerchantUid"].field("sorting").default == "-started"
    status = OPERATIONS["getPaymentByMerchantUid"].field("payment_status")
    assert status.prose_enum and not status.required
    assert OPERATIONS["naverConfirmPayment"].field("requester").prose_enum
    token = OPERATIONS["getToken"]
    assert {f.name for f in token.fields_in(Location.BODY)} == {"imp_key", "imp_secret"}


def test_required_when() -> None:
    for op_id, trigger in [
        ("naverShipProductOrder", "DELIVERY"),
        ("naverShipExchangedProductOrder", "DELIVERY"),
        ("naverRequestReturnProductOrder", "RETURN_DELIVERY"),
    ]:
        op = OPERATIONS[op_id]
        for name in ("delivery_company", "tracking_number"):
            field = op.field(name)
            assert field.is_required({"delivery_method": trigger})
            assert not field.is_required({"delivery_method": "NOTHING"})
            assert not field.is_required({})


@pytest.mark.parametrize(
    ("op_id", "field", "pgs"),
    [
        ("issueReceipt", "identifier_type", {"kicc", "settle", "nice_v2"}),
        ("issueReceipt", "product_type", {"ksnet"}),
        ("issueReceipt", "company_tel", {"daou"}),
        ("issueReceipt", "company_name", {"daou"}),
        ("issueReceipt", "corp_reg_no", {"daou", "welcome"}),
        ("issueReceipt", "buyer_name", {"ksnet", "smartro_v2"}),
        ("issueReceipt", "buyer_tel", {"smartro_v2", "welcome"}),
        ("issueExternalReceipt", "identifier_type", {"kicc", "settle", "nice_v2"}),
        ("issueExternalReceipt", "product_type", {"ksnet"}),
        ("issueExternalReceipt", "corp_reg_no", {"welcome"}),
        ("issueExternalReceipt", "buyer_name", {"ksnet", "smartro_v2"}),
        ("issueExternalReceipt", "buyer_tel", {"smartro_v2", "welcome"}),
        ("issueExternalReceipt", "pay_method", {"welcome"}),
    ],
)
def test_required_for_pgs(op_id: str, field: str, pgs: set[str]) -> None:
    item = OPERATIONS[op_id].field(field)
    assert item.required_for_pgs == pgs
    assert item.is_required({}, pg=next(iter(pgs)))
    assert not item.is_required({}, pg="tosspayments")


@pytest.mark.parametrize(
    ("op_id", "field", "check"),
    [
        ("issueReceipt", "identifier", Check.RECEIPT_IDENTIFIER),
        ("issueExternalReceipt", "identifier", Check.RECEIPT_IDENTIFIER),
        ("issueReceipt", "corp_reg_no", Check.BUSINESS_NUMBER),
        ("issueExternalReceipt", "corp_reg_no", Check.BUSINESS_NUMBER),
        ("issueReceipt", "buyer_tel", Check.PHONE),
        ("issueReceipt", "company_tel", Check.PHONE),
        ("issueReceipt", "buyer_email", Check.EMAIL),
        ("issueExternalReceipt", "amount", Check.AMOUNT),
        ("issueReceipt", "tax_free", Check.NON_NEGATIVE_AMOUNT),
        ("issueExternalReceipt", "tax_free", Check.NON_NEGATIVE_AMOUNT),
        ("naverWithholdReturnProductOrder", "extra_charge", Check.NON_NEGATIVE_AMOUNT),
        ("naverShipProductOrder", "tracking_number", Check.TRACKING_NUMBER),
        ("naverRequestReturnProductOrder", "tracking_number", Check.TRACKING_NUMBER),
    ],
)
def test_checks(op_id: str, field: str, check: Check) -> None:
    assert check in OPERATIONS[op_id].field(field).checks


def test_identifier_help_names_every_kind() -> None:
    help_text = OPERATIONS["issueReceipt"].field("identifier").help
    for word in ("휴대폰번호", "사업자등록번호", "현금영수증카드", "주민등록번호", "010-000-1234"):
        assert word in help_text


# Display formats; the personal-data ones are exactly those api/masking.py knows how to mask.
FORMATS = {"text", "won", "kst", "bool", "enum", "url", "json", *MASK_FORMATS}


def test_personal_data_formats_are_the_masks() -> None:
    assert set(MASK_FORMATS) == {"masked", "masked_id", "email", "name", "address", "address_detail"}


@pytest.mark.parametrize("name", sorted(RESPONSE_MODELS))
def test_response_models(name: str) -> None:
    model = RESPONSE_MODELS[name]
    assert model.name == name
    assert HANGUL.search(model.label)
    for item in model.fields:
        assert item.format in FORMATS, f"{name}.{item.name}"
        assert HANGUL.search(item.label), f"{name}.{item.name}"
        assert (item.format == "enum") == bool(item.options), f"{name}.{item.name}"


def test_response_model_names() -> None:
    assert set(RESPONSE_MODELS) == {
        "Auth",
        "Payment",
        "Receipt",
        "ExternalReceipt",
        "NaverProductOrder",
        "NaverReview",
        "NaverCashAmount",
        "PagedPayment",
        "PgSetting",
    }


@pytest.mark.parametrize(
    ("model", "field", "fmt"),
    [
        ("Auth", "access_token", "masked"),
        ("Payment", "card_number", "masked"),
        ("Payment", "vbank_num", "masked"),
        ("Payment", "buyer_tel", "masked"),
        ("Payment", "buyer_email", "email"),
        ("Payment", "buyer_name", "name"),
        ("Payment", "buyer_addr", "address"),
        ("NaverProductOrder", "orderer.name", "name"),
        ("NaverProductOrder", "orderer.id", "masked_id"),
        ("NaverProductOrder", "orderer.tel", "masked"),
        ("NaverProductOrder", "shipping_address.name", "name"),
        ("NaverProductOrder", "shipping_address.base", "address"),
        ("NaverProductOrder", "shipping_address.detail", "address_detail"),
        ("NaverProductOrder", "shipping_address.tel1", "masked"),
        ("NaverProductOrder", "shipping_address.tel2", "masked"),
        ("NaverProductOrder", "individual_code", "masked"),
        ("NaverReview", "writer", "masked_id"),
    ],
)
def test_personal_data_is_masked_by_kind(model: str, field: str, fmt: str) -> None:
    item = RESPONSE_MODELS[model].field(field)
    assert item is not None
    assert item.format == fmt


# Who someone is, where they live, how to reach them: buyer/orderer/recipient fields and numbers.
_PERSONAL = re.compile(
    r"^(buyer_|orderer\.|shipping_address\.)|tel|phone|email|addr|writer|card_number|vbank_num"
    r"|individual_code|token"
)
# Postcodes name an area of thousands of households and the courier needs them: shown as is.
_NOT_PERSONAL = {"Payment.buyer_postcode", "NaverProductOrder.shipping_address.postcode"}


@pytest.mark.parametrize("name", sorted(RESPONSE_MODELS))
def test_no_personal_field_is_shown_plain(name: str) -> None:
    """A new field that looks personal must get a masking format (or be listed as not personal)."""
    for item in RESPONSE_MODELS[name].fields:
        if _PERSONAL.search(item.name) and f"{name}.{item.name}" not in _NOT_PERSONAL:
            assert item.format in MASK_FORMATS, f"{name}.{item.name}"


def _sample_values(op: Operation, value: str) -> dict[str, object]:
    return {field.name: f"{value}-{field.name}" for field in op.fields_in(Location.PATH)}


@pytest.mark.parametrize("value", ["imp_123", "주문 #1/2?x=%", "a.b-c_d"])
@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_match_route_round_trip(op: Operation, value: str) -> None:
    values = _sample_values(op, value)
    path = op.render_path(values)
    found = match_route(op.method, path)
    assert found is not None, path
    assert found[0] is op
    assert found[1] == values


def test_match_route_optional_payment_status() -> None:
    op = OPERATIONS["getPaymentByMerchantUid"]
    path = op.render_path({"merchant_uid": "order-1"})
    assert path == "/payments/find/order-1"
    assert match_route("GET", path) == (op, {"merchant_uid": "order-1"})
    assert match_route("GET", "/payments/find/order-1/paid") == (
        op,
        {"merchant_uid": "order-1", "payment_status": "paid"},
    )


def test_match_route_details() -> None:
    assert match_route("GET", "/receipts/imp_123") == (OPERATIONS["getReceipt"], {"imp_uid": "imp_123"})
    # Literal segments win over placeholders.
    assert match_route("GET", "/receipts/external/x") == (
        OPERATIONS["getExternalReceipt"],
        {"merchant_uid": "x"},
    )
    revoke = match_route("delete", "/receipts/external/x")
    assert revoke is not None
    assert revoke[0].id == "revokeExternalReceipt"
    assert match_route("GET", "/naver/reviews?from=1&to=2") == (OPERATIONS["getReviews"], {})
    assert match_route("GET", "/receipts/imp%5F1/") == (OPERATIONS["getReceipt"], {"imp_uid": "imp_1"})
    reship = match_route("POST", "/payments/imp_1/naver/ship-exchanged")
    assert reship is not None
    assert reship[0].id == "naverShipExchangedProductOrder"
    assert match_route("PUT", "/receipts/imp_1") is None
    assert match_route("GET", "/receipts") is None
    assert match_route("GET", "/nowhere/at/all") is None
    assert match_route("POST", "/payments/imp_1/naver/unknown") is None


def test_match_route_edge_cases() -> None:
    # Empty segments never fill a placeholder.
    assert match_route("GET", "/receipts//") is None
    assert match_route("GET", "/payments/find//paid") is None
    # A full URL is reduced to its path.
    assert match_route("GET", "https://api.iamport.kr/payments/imp_1?include_sandbox=true") == (
        OPERATIONS["getPaymentByImpUid"],
        {"imp_uid": "imp_1"},
    )


def test_claim_statuses_by_type() -> None:
    assert set(CLAIM_STATUSES_BY_TYPE) == {option.code for option in CLAIM_TYPES}
    every = {code for codes in CLAIM_STATUSES_BY_TYPE.values() for code in codes}
    assert every == {option.code for option in CLAIM_STATUSES}


_WHO_AND_WHERE = "홍길동 인천광역시 연수구 송도과학로 32 101동 1001호"
# Inputs that hold a name or an address (phone and e-mail inputs are masked by digits: store tests).
_INPUT_PERSONAL = re.compile(r"name|addr|holder|writer|orderer|shipping")


def _leaks(stored: object) -> list[str]:
    text = json.dumps(stored, ensure_ascii=False)
    return [word for word in ("홍길동", "길동", "송도과학로", "101동", "1001호") if word in text]


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_names_and_addresses_never_reach_the_activity_log(op_id: str) -> None:
    """Every input that can carry a name or an address is dropped or masked by the audit redaction."""
    personal = {f.name: _WHO_AND_WHERE for f in OPERATIONS[op_id].fields if _INPUT_PERSONAL.search(f.name)}
    assert not _leaks(redact_fields(personal)), op_id


def test_a_logged_order_payload_keeps_no_name_or_address() -> None:
    """Even a whole product order passed as values (nested orderer / shipping_address) stays out."""
    order = {
        "product_order_id": "2026200100000001",
        "orderer": {"name": "홍길동", "id": "hong1234", "tel": "010-1234-5678"},
        "shipping_address": {
            "name": "홍길동",
            "base": "인천광역시 연수구 송도과학로 32",
            "detail": "101동 1001호",
        },
        "buyer_name": "홍길동",
        "buyer_addr": "인천광역시 연수구 송도과학로 32",
    }
    stored = redact_fields(order)
    assert not _leaks(stored)
    assert stored["product_order_id"] == "2026200100000001"
