"""Pre-send validation over hand-built operations, so the rules are tested apart from the catalog."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portone_desk.api.identifiers import business_check_digit
from portone_desk.api.model import (
    MAX_AMOUNT,
    Check,
    Field,
    FieldType,
    Location,
    Operation,
    Option,
    RequiredWhen,
)
from portone_desk.api.timefmt import parse_kst
from portone_desk.api.validation import (
    NTS_SELF_ISSUE_NUMBER,
    classify_identifier,
    coerce,
    errors_of,
    is_self_issue_number,
    is_valid_business_number,
    validate,
    vat_of,
)

B, P, Q = Location.BODY, Location.PATH, Location.QUERY
S = FieldType.STRING

RECEIPT = Operation(
    id="issueThing",
    method="POST",
    path="/things/{imp_uid}",
    title="영수증 발급",
    fields=(
        Field("imp_uid", P, S, "거래고유번호", required=True),
        Field("identifier", B, S, "식별정보", required=True, checks=(Check.RECEIPT_IDENTIFIER,)),
        Field(
            "identifier_type",
            B,
            S,
            "식별정보 구분",
            options=(
                Option("person", "주민등록번호"),
                Option("business", "사업자등록번호"),
                Option("phone", "휴대폰번호"),
                Option("taxcard", "현금영수증카드"),
            ),
            required_for_pgs=frozenset({"kicc", "settle"}),
        ),
        Field(
            "type",
            B,
            S,
            "발행 용도",
            options=(Option("person", "소득공제용"), Option("company", "지출증빙용")),
        ),
        Field("amount", B, FieldType.INTEGER, "발행금액", checks=(Check.AMOUNT,)),
        Field("tax_free", B, FieldType.INTEGER, "면세금액", checks=(Check.NON_NEGATIVE_AMOUNT,)),
        Field("vat", B, FieldType.INTEGER, "부가세", deprecated=True),
        Field("buyer_tel", B, S, "구매자 전화번호", checks=(Check.PHONE,)),
        Field("buyer_email", B, S, "구매자 이메일", checks=(Check.EMAIL,)),
        Field("corp_reg_no", B, S, "상점 사업자등록번호", checks=(Check.BUSINESS_NUMBER,)),
        Field("vat_amount", B, FieldType.NUMBER, "부가세 지정 금액"),
    ),
    supported_pgs=frozenset({"kcp", "kicc", "settle"}),
)

SHIP = Operation(
    id="shipThing",
    method="POST",
    path="/ship/{imp_uid}",
    title="발송 처리",
    fields=(
        Field("imp_uid", P, S, "거래고유번호", required=True),
        Field("product_order_id", B, FieldType.STRING_LIST, "상품주문번호"),
        Field(
            "delivery_method",
            B,
            S,
            "배송 방법",
            required=True,
            options=(Option("DELIVERY", "택배"), Option("NOTHING", "배송 없음")),
        ),
        Field("dispatched_at", B, FieldType.TIMESTAMP, "발송일", required=True),
        Field(
            "delivery_company",
            B,
            S,
            "택배사",
            options=(Option("CJGLS", "CJ대한통운"), Option("EPOST", "우체국택배")),
            required_when=(RequiredWhen("delivery_method", ("DELIVERY",)),),
        ),
        Field(
            "tracking_number",
            B,
            S,
            "송장번호",
            required_when=(RequiredWhen("delivery_method", ("DELIVERY",)),),
            checks=(Check.TRACKING_NUMBER,),
        ),
        Field("reason", B, S, "사유", prose_enum=True, options=(Option("SOLD_OUT", "상품 품절"),)),
        Field("tier", Q, S, "티어", checks=(Check.TIER_CODE,)),
        Field("include_sandbox", Q, FieldType.BOOLEAN, "테스트 결제 포함"),
    ),
)


def _errors(op: Operation, values: dict[str, object], pg: str | None = None) -> list[str]:
    return [i.field for i in errors_of(validate(op, values, pg))]


def _warnings(op: Operation, values: dict[str, object], pg: str | None = None) -> list[str]:
    return [i.field for i in validate(op, values, pg) if i.severity == "warning"]


def _business(first9: str) -> str:
    return first9 + str(business_check_digit(first9))


VALID_BIZ = _business("123456789")
BASE = {"imp_uid": "imp_1", "identifier": "010-1234-5678"}


# --- required, conditional, PG-specific ---------------------------------------------------------


def test_valid_minimal_receipt_has_no_issues():
    assert validate(RECEIPT, BASE) == []


def test_missing_required_field_names_it_in_korean():
    issues = validate(RECEIPT, {"imp_uid": "imp_1"})
    assert [i.field for i in issues] == ["identifier"]
    assert issues[0].message == "식별정보를 입력해 주세요."
    assert issues[0].severity == "error"


def test_pg_specific_requirement_only_when_pg_known():
    assert _errors(RECEIPT, BASE) == []
    assert _errors(RECEIPT, BASE, pg="kcp") == []
    issues = errors_of(validate(RECEIPT, BASE, pg="kicc"))
    assert [i.field for i in issues] == ["identifier_type"]
    assert issues[0].message.startswith("KICC PG사는") and "식별정보 구분" in issues[0].message


def test_unsupported_pg_is_an_error():
    assert _errors(RECEIPT, BASE, pg="payco") == ["pg"]


def test_required_when_conditional_fields():
    ship = {"imp_uid": "i", "delivery_method": "DELIVERY", "dispatched_at": 1_700_000_000}
    assert sorted(_errors(SHIP, ship)) == ["delivery_company", "tracking_number"]
    message = next(i.message for i in validate(SHIP, ship) if i.field == "delivery_company")
    # The agent chose '택배' in the form: the message says that, not the API code.
    assert "배송 방법" in message and "'택배'일 때는" in message and "DELIVERY" not in message
    assert _errors(SHIP, {**ship, "delivery_method": "NOTHING"}) == []
    full = {**ship, "delivery_company": "CJGLS", "tracking_number": "6012-3456-7890"}
    assert validate(SHIP, full) == []


def test_unknown_field_is_refused():
    assert _errors(RECEIPT, {**BASE, "reson": "x"}) == ["reson"]


# --- types and enums ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "1000"),
        ("amount", 10.5),
        ("amount", True),
        ("vat_amount", "x"),
        ("vat_amount", float("nan")),
        ("identifier", 1012345678),
    ],
)
def test_wrong_types_are_errors(field: str, value: object):
    assert field in _errors(RECEIPT, {**BASE, field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("include_sandbox", "yes"),
        ("dispatched_at", -5),
        ("dispatched_at", "2026-01-01"),
        ("product_order_id", "a,b"),
        ("product_order_id", ["a", ""]),
        ("product_order_id", [1, 2]),
    ],
)
def test_wrong_types_are_errors_on_ship(field: str, value: object):
    values = {"imp_uid": "i", "delivery_method": "NOTHING", "dispatched_at": 1, field: value}
    assert field in _errors(SHIP, values)


def test_strict_enums_refuse_unknown_codes_including_prose_enums():
    values = {"imp_uid": "i", "delivery_method": "NOTHING", "dispatched_at": 1}
    assert _errors(SHIP, {**values, "reason": "SOLDOUT"}) == ["reason"]
    message = errors_of(validate(SHIP, {**values, "reason": "SOLDOUT"}))[0].message
    assert "SOLD_OUT(상품 품절)" in message and "'SOLDOUT'" in message
    assert _errors(SHIP, {**values, "reason": "SOLD_OUT"}) == []
    assert _errors(SHIP, {**values, "delivery_method": "delivery"}) == ["delivery_method"]


def test_deprecated_field_warns():
    assert _warnings(RECEIPT, {**BASE, "vat": 100}) == ["vat"]
    assert _errors(RECEIPT, {**BASE, "vat": 100}) == []


# --- amounts --------------------------------------------------------------------------------------


def test_amount_must_be_positive_and_tax_free_non_negative():
    assert _errors(RECEIPT, {**BASE, "amount": 0}) == ["amount"]
    assert _errors(RECEIPT, {**BASE, "amount": -1}) == ["amount"]
    assert _errors(RECEIPT, {**BASE, "amount": 1, "tax_free": 0}) == []
    assert _errors(RECEIPT, {**BASE, "tax_free": -1}) == ["tax_free"]


def test_tax_free_cannot_exceed_amount():
    issues = errors_of(validate(RECEIPT, {**BASE, "amount": 1000, "tax_free": 1001}))
    assert [i.field for i in issues] == ["tax_free"]
    assert "면세금액" in issues[0].message and "1,000원" in issues[0].message
    assert _errors(RECEIPT, {**BASE, "amount": 1000, "tax_free": 1000}) == []


@given(st.integers(min_value=1, max_value=MAX_AMOUNT), st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_amount_and_tax_free_rule(amount: int, tax_free: int):
    errors = _errors(RECEIPT, {**BASE, "amount": amount, "tax_free": tax_free})
    assert errors == ([] if tax_free <= amount else ["tax_free"])


@given(st.integers(min_value=MAX_AMOUNT + 1))
def test_amounts_above_the_bound_always_fail(amount: int):
    assert _errors(RECEIPT, {**BASE, "amount": amount}) == ["amount"]


@given(st.integers(max_value=0))
def test_non_positive_amounts_always_fail(amount: int):
    assert _errors(RECEIPT, {**BASE, "amount": amount}) == ["amount"]


def test_vat_of_rounds_half_up():
    assert vat_of(11000) == 1000
    assert vat_of(1000) == 91  # 90.909…
    assert vat_of(1001) == 91  # 91.0
    assert vat_of(1006) == 91  # 91.45…
    assert vat_of(npv := 11 * 7 + 5, 0) == 7  # 7.45…
    assert vat_of(npv + 1) == 8  # 7.5 → 8
    assert vat_of(10000, 10000) == 0
    assert vat_of(10000, 12000) == 0


@given(st.integers(min_value=0, max_value=10**13), st.integers(min_value=0, max_value=10**13))
def test_vat_of_matches_exact_rounding(amount: int, tax_free: int):
    from decimal import ROUND_HALF_UP, Decimal

    taxable = max(amount - tax_free, 0)
    expected = int((Decimal(taxable) / 11).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert vat_of(amount, tax_free) == expected


# --- business registration numbers ------------------------------------------------------------


def test_known_business_numbers():
    # Published example numbers with correct check digits.
    assert is_valid_business_number("220-81-62517")
    assert is_valid_business_number("1208147521")
    assert not is_valid_business_number("220-81-62518")
    assert not is_valid_business_number("22081625")
    assert not is_valid_business_number("abcdefghij")


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_generated_business_numbers_always_pass(first9: str):
    number = _business(first9)
    assert is_valid_business_number(number)
    assert is_valid_business_number(f"{number[:3]}-{number[3:5]}-{number[5:]}")
    assert _errors(RECEIPT, {**BASE, "corp_reg_no": number}) == []


@given(nine_digits, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_fails(first9: str, position: int, delta: int):
    number = _business(first9)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not is_valid_business_number(changed)
    issues = errors_of(validate(RECEIPT, {**BASE, "corp_reg_no": changed}))
    assert [i.field for i in issues] == ["corp_reg_no"]
    assert "사업자등록번호의 검증번호(마지막 자리)가 맞지 않습니다" in issues[0].message


# --- receipt identifiers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("010-1234-5678", "phone"),
        ("01012345678", "phone"),
        ("011-123-4567", "phone"),
        ("010-000-1234", "phone"),  # NTS self-issue number
        ("0100001234", "phone"),
        (VALID_BIZ, "business"),
        ("220-81-62517", "business"),
        ("900101-1234568", "person"),
        ("1234567890123456", "taxcard"),
        ("9999999999999", "taxcard"),  # 13 digits but no birth date: a card number
        ("12345", None),
        ("hello", None),
        ("", None),
    ],
)
def test_classify_identifier(text: str, kind: str | None):
    assert classify_identifier(text) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NTS_SELF_ISSUE_NUMBER, True),
        ("0100001234", True),
        ("+82 10-000-1234", True),
        ("010-0000-1234", False),
        ("010-1234-5678", False),
        ("", False),
    ],
)
def test_is_self_issue_number(text: str, expected: bool):
    assert is_self_issue_number(text) is expected


def test_nts_self_issue_number_is_valid():
    assert validate(RECEIPT, {**BASE, "identifier": "010-000-1234"}) == []
    assert validate(RECEIPT, {**BASE, "identifier": "0100001234", "identifier_type": "phone"}) == []


def test_business_identifier_with_bad_check_digit():
    bad = VALID_BIZ[:-1] + str((int(VALID_BIZ[-1]) + 1) % 10)
    issues = errors_of(validate(RECEIPT, {**BASE, "identifier": bad, "type": "company"}))
    assert issues and "사업자등록번호의 검증번호(마지막 자리)가 맞지 않습니다" in issues[0].message


def test_identifier_must_match_its_declared_type():
    assert _errors(RECEIPT, {**BASE, "identifier_type": "business"}) == ["identifier"]
    assert _errors(RECEIPT, {**BASE, "identifier": VALID_BIZ, "identifier_type": "phone"}) == ["identifier"]
    assert _errors(RECEIPT, {**BASE, "identifier": "12345678901234", "identifier_type": "person"}) == [
        "identifier"
    ]
    assert _errors(RECEIPT, {**BASE, "identifier": "123456789012", "identifier_type": "taxcard"}) == [
        "identifier"
    ]
    ok = {**BASE, "identifier": VALID_BIZ, "identifier_type": "business", "type": "company"}
    assert validate(RECEIPT, ok) == []


def test_resident_number_check_digit_only_warns():
    # Post-2020 numbers have no check digit, so a mismatch must not block.
    values = {**BASE, "identifier": "900101-1234567", "identifier_type": "person"}
    assert _errors(RECEIPT, values) == []
    assert _warnings(RECEIPT, values) == ["identifier"]
    assert validate(RECEIPT, {**values, "identifier": "900101-1234568"}) == []


def test_company_receipt_with_phone_warns():
    values = {**BASE, "type": "company"}
    assert _errors(RECEIPT, values) == []
    assert _warnings(RECEIPT, values) == ["identifier"]


def test_identifier_with_letters_is_an_error():
    assert _errors(RECEIPT, {**BASE, "identifier": "010-12a4-5678"}) == ["identifier"]


@given(st.text(max_size=40))
def test_random_identifiers_never_crash(text: str):
    for values in ({**BASE, "identifier": text}, {**BASE, "identifier": text, "identifier_type": "person"}):
        for issue in validate(RECEIPT, values):
            assert issue.severity in ("error", "warning")
            assert issue.message
    classify_identifier(text)
    is_valid_business_number(text)


@given(st.dictionaries(st.sampled_from([f.name for f in RECEIPT.fields]), st.text(max_size=20)))
def test_random_raw_text_through_coerce_and_validate_never_crashes(raw: dict[str, str]):
    values, issues = coerce(RECEIPT, raw)
    validate(RECEIPT, values, pg="kicc")
    assert all(i.message for i in issues)


# --- phone, email, tier, tracking numbers --------------------------------------------------------


@pytest.mark.parametrize(
    "tel", ["010-1234-5678", "02-123-4567", "02-1234-5678", "031-123-4567", "070-1234-5678", "1588-1234"]
)
def test_phone_numbers_accepted(tel: str):
    assert validate(RECEIPT, {**BASE, "buyer_tel": tel}) == []


def test_odd_phone_only_warns_letters_error():
    assert _warnings(RECEIPT, {**BASE, "buyer_tel": "123-45"}) == ["buyer_tel"]
    assert _errors(RECEIPT, {**BASE, "buyer_tel": "123-45"}) == []
    assert _errors(RECEIPT, {**BASE, "buyer_tel": "전화 없음"}) == ["buyer_tel"]


@pytest.mark.parametrize(
    ("email", "ok"), [("a@b.co", True), ("ab.co", False), ("a@b", False), ("a b@c.d", False)]
)
def test_email(email: str, ok: bool):
    assert (_errors(RECEIPT, {**BASE, "buyer_email": email}) == []) is ok


SHIP_BASE = {"imp_uid": "i", "delivery_method": "DELIVERY", "dispatched_at": 1, "delivery_company": "CJGLS"}


@pytest.mark.parametrize("number", ["601234567890", "6012-3456-7890", "12345678", "1" * 20])
def test_tracking_numbers_accepted(number: str):
    assert validate(SHIP, {**SHIP_BASE, "tracking_number": number}) == []


@pytest.mark.parametrize("number", ["1.23457E+11", "123456789012.0", "6.01235e+11"])
def test_tracking_numbers_damaged_by_excel(number: str):
    issues = errors_of(validate(SHIP, {**SHIP_BASE, "tracking_number": number}))
    assert [i.field for i in issues] == ["tracking_number"]
    assert "엑셀" in issues[0].message and "손상" in issues[0].message


def test_tracking_number_length_and_letters():
    assert _errors(SHIP, {**SHIP_BASE, "tracking_number": "1234567"}) == ["tracking_number"]
    assert _errors(SHIP, {**SHIP_BASE, "tracking_number": "1" * 21}) == ["tracking_number"]
    assert _errors(SHIP, {**SHIP_BASE, "tracking_number": "1234#5678"}) == ["tracking_number"]
    # International waybills carry letters: warn, don't block.
    assert _warnings(SHIP, {**SHIP_BASE, "tracking_number": "EE123456789KR"}) == ["tracking_number"]


def test_tier_code():
    assert _errors(SHIP, {**SHIP_BASE, "tracking_number": "12345678", "tier": "A1b"}) == []
    assert _errors(SHIP, {**SHIP_BASE, "tracking_number": "12345678", "tier": "A1"}) == ["tier"]
    assert _errors(SHIP, {**SHIP_BASE, "tracking_number": "12345678", "tier": "A-1"}) == ["tier"]


# --- coerce ---------------------------------------------------------------------------------------


def test_coerce_converts_text_to_types():
    values, issues = coerce(
        SHIP,
        {
            "imp_uid": " imp_1 ",
            "product_order_id": "a, b,,c",
            "dispatched_at": "2026-11-27 10:00",
            "include_sandbox": "true",
            "tracking_number": "6012-3456-7890",
            "reason": "",
        },
    )
    assert issues == []
    assert values == {
        "imp_uid": "imp_1",
        "product_order_id": ["a", "b", "c"],
        "dispatched_at": parse_kst("2026-11-27 10:00"),
        "include_sandbox": True,
        "tracking_number": "6012-3456-7890",
    }
    assert values["dispatched_at"] == 1795741200  # 2026-11-27 01:00 UTC


def test_coerce_numbers():
    values, issues = coerce(RECEIPT, {"amount": "1,000", "tax_free": "0", "vat_amount": "90.9"})
    assert issues == []
    assert values == {"amount": 1000, "tax_free": 0, "vat_amount": 90.9}
    assert coerce(SHIP, {"dispatched_at": "1700000000"})[0] == {"dispatched_at": 1700000000}
    assert coerce(SHIP, {"include_sandbox": "false"})[0] == {"include_sandbox": False}


def test_coerce_reports_unconvertible_text_and_keeps_it():
    values, issues = coerce(RECEIPT, {"amount": "천원"})
    assert values == {"amount": "천원"}
    assert [i.field for i in issues] == ["amount"]
    assert "발행금액은 정수로" in issues[0].message
    _, issues = coerce(SHIP, {"dispatched_at": "내일"})
    assert [i.field for i in issues] == ["dispatched_at"]
    _, issues = coerce(SHIP, {"include_sandbox": "maybe"})
    assert [i.field for i in issues] == ["include_sandbox"]


@given(st.integers(min_value=0, max_value=10**12))
def test_coerce_thousands_separators_round_trip(amount: int):
    assert coerce(RECEIPT, {"amount": f"{amount:,}"})[0] == {"amount": amount}


def test_pg_messages_name_the_pg_in_korean():
    """An agent knows 키움페이, not the code daou."""
    from portone_desk.api.catalog import operation

    issue = operation("issueReceipt")
    values = {"imp_uid": "imp_1", "identifier": "01012345678"}
    messages = [i.message for i in validate(issue, values, pg="daou") if i.field == "company_name"]
    assert messages and messages[0].startswith("키움페이 PG사는")
    unsupported = [i.message for i in validate(issue, values, pg="payco") if i.field == "pg"]
    assert unsupported and unsupported[0].startswith("페이코 PG사는")


def test_vat_amount_is_whole_won_and_not_negative():
    """The amount box takes a leading '-': a negative VAT must not reach the API."""
    from portone_desk.api.catalog import operation

    issue = operation("issueReceipt")
    values = {"imp_uid": "imp_1", "identifier": "01012345678"}
    assert errors_of(validate(issue, {**values, "vat_amount": -1000})) != []
    assert errors_of(validate(issue, {**values, "vat_amount": 1000.5})) != []
    assert errors_of(validate(issue, {**values, "vat_amount": 1000})) == []


def test_review_period_must_not_end_before_it_starts():
    from portone_desk.api.catalog import operation

    reviews = operation("getReviews")
    values = {"channel_key": "channel-key-naverco", "review_type": "general"}
    [issue] = errors_of(validate(reviews, {**values, "from": 2_000, "to": 1_000}))
    assert issue.field == "from" and "늦을 수 없습니다" in issue.message
    assert errors_of(validate(reviews, {**values, "from": 1_000, "to": 1_000})) == []
