"""Pre-send checks driven by the catalog's Field data, and text → typed value conversion.

Errors block the call; warnings are shown but let it go. Where a rule is uncertain (phone
shapes, resident-number check digits, foreign tracking numbers) we warn rather than block. Enums
are strict because the API silently replaces an unknown reason code with its default.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from portone_desk.api import josa
from portone_desk.api.catalog_options import pg_name
from portone_desk.api.identifiers import (
    NTS_SELF_ISSUE_NUMBER,
    classify_identifier,
    digits_of,
    is_mobile,
    is_phone,
    is_self_issue_number,
    is_taxcard,
    is_valid_business_number,
    resident_birth_ok,
    resident_check_ok,
)
from portone_desk.api.model import MAX_AMOUNT, Check, Field, FieldType, Operation
from portone_desk.api.text_rules import text_problem
from portone_desk.api.timefmt import format_kst, parse_kst

__all__ = [
    "NTS_SELF_ISSUE_NUMBER",
    "EventWindow",
    "Issue",
    "classify_identifier",
    "coerce",
    "errors_of",
    "is_self_issue_number",
    "is_valid_business_number",
    "validate",
    "vat_of",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    field: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def errors_of(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.is_error]


def vat_of(amount: int, tax_free: int = 0) -> int:
    """VAT = 1/11 of the taxable part, rounded half up (integer arithmetic, no float error)."""
    taxable = max(int(amount) - int(tax_free), 0)
    return (2 * taxable + 11) // 22


# --- Korean particles (api/josa.py) ------------------------------------------------------------

_obj, _topic, _subj = josa.obj, josa.topic, josa.subj


# --- type checks ------------------------------------------------------------------------------


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_issue(f: Field, value: object) -> Issue | None:
    label = f.label
    match f.type:
        case FieldType.STRING:
            ok = isinstance(value, str)
            msg = f"{_topic(label)} 글자로 입력해 주세요."
        case FieldType.INTEGER:
            ok = _is_int(value)
            msg = f"{_topic(label)} 정수로 입력해 주세요."
        case FieldType.NUMBER:
            ok = (_is_int(value) or isinstance(value, float)) and math.isfinite(float(value))  # type: ignore[arg-type]
            msg = f"{_topic(label)} 숫자로 입력해 주세요."
        case FieldType.BOOLEAN:
            ok = isinstance(value, bool)
            msg = f"{_topic(label)} 예(true) 또는 아니오(false)로 입력해 주세요."
        case FieldType.TIMESTAMP:
            ok = _is_int(value) and value >= 0  # type: ignore[operator]
            msg = f"{_topic(label)} 'YYYY-MM-DD HH:MM' 형식의 날짜와 시각으로 입력해 주세요."
        case FieldType.STRING_LIST:
            ok = isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value)
            msg = f"{_topic(label)} 쉼표로 구분한 목록으로 입력해 주세요."
        case _:
            return None
    return None if ok else Issue(f.name, msg, "error")


def _enum_issue(f: Field, value: object) -> Issue | None:
    codes = [o.code for o in f.options]
    items = value if isinstance(value, list | tuple) else [value]
    bad = [v for v in items if v not in codes]
    if not bad:
        return None
    shown = ", ".join(f"{o.code}({o.label})" for o in f.options[:12])
    more = " 등" if len(f.options) > 12 else ""
    return Issue(
        f.name,
        f"{_topic(f.label)} 정해진 값 중 하나여야 합니다. {_topic(repr(str(bad[0])))} 알 수 없는 값입니다. "
        f"가능한 값: {shown}{more}",
        "error",
    )


# --- value checks -----------------------------------------------------------------------------

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_TIER = re.compile(r"[A-Za-z0-9]{3}")
_EXCEL_SCIENTIFIC = re.compile(r"\d+(\.\d+)?[eE]\+?\d+")
_EXCEL_DECIMAL = re.compile(r"\d+\.0+")
_TRACKING_CHARS = re.compile(r"[0-9A-Za-z\- ]+")


_BAD_CHECK_DIGIT = "사업자등록번호의 검증번호(마지막 자리)가 맞지 않습니다."
_RESIDENT_NOTE = "2020년 10월 이후 발급된 번호는 검증번호가 없으니 번호를 다시 확인만 해 주세요."
_COMPANY_WITH_PHONE = (
    "지출증빙용(사업자) 영수증에 휴대폰 번호가 입력되었습니다. 사업자등록번호가 맞는지 확인해 주세요."
)
_PERSON_WITH_BUSINESS = (
    "사업자등록번호로 소득공제용(개인) 영수증을 발급합니다. 지출증빙용이 맞는지 확인해 주세요."
)


def _check_receipt_identifier(f: Field, value: str, values: dict[str, object]) -> list[Issue]:
    label = f.label
    digits = digits_of(value)
    if digits is None:
        return [Issue(f.name, f"{_topic(label)} 숫자와 '-'만 입력할 수 있습니다.", "error")]
    kind = values.get("identifier_type")
    issues: list[Issue] = []
    if kind in ("phone", "business", "taxcard", "person"):
        issues += _identifier_matches(f, digits, str(kind))
    else:
        guessed = classify_identifier(digits)
        if guessed is None:
            if len(digits) == 10 and not digits.startswith("01"):
                msg = f"{label}: {_BAD_CHECK_DIGIT}"
            else:
                msg = (
                    f"{_topic(label)} 휴대폰 번호(10~11자리), 사업자등록번호(10자리), "
                    "현금영수증카드 번호(13~19자리), 주민등록번호(13자리) 중 하나여야 합니다."
                )
            return [Issue(f.name, msg, "error")]
        kind = guessed
        if kind == "person" and not resident_check_ok(digits):
            issues.append(_resident_check_warning(f))
    receipt_type = values.get("type")
    if receipt_type == "company" and kind == "phone":
        issues.append(Issue(f.name, _COMPANY_WITH_PHONE, "warning"))
    if receipt_type in (None, "person") and kind == "business":
        issues.append(Issue(f.name, _PERSON_WITH_BUSINESS, "warning"))
    return issues


def _resident_check_warning(f: Field) -> Issue:
    return Issue(
        f.name,
        f"{f.label}: 주민등록번호의 검증번호가 맞지 않습니다. {_RESIDENT_NOTE}",
        "warning",
    )


def _identifier_matches(f: Field, digits: str, kind: str) -> list[Issue]:
    label = f.label
    if kind == "phone" and not is_mobile(digits):
        return [Issue(f.name, f"{_topic(label)} 휴대폰 번호(01X로 시작하는 10~11자리)여야 합니다.", "error")]
    if kind == "business":
        if len(digits) != 10:
            return [Issue(f.name, f"{_topic(label)} 10자리 사업자등록번호여야 합니다.", "error")]
        if not is_valid_business_number(digits):
            return [Issue(f.name, f"{label}: {_BAD_CHECK_DIGIT}", "error")]
    if kind == "taxcard" and not is_taxcard(digits):
        return [Issue(f.name, f"{_topic(label)} 13~19자리 현금영수증카드 번호여야 합니다.", "error")]
    if kind == "person":
        if len(digits) != 13:
            return [Issue(f.name, f"{_topic(label)} 13자리 주민등록번호여야 합니다.", "error")]
        if not resident_birth_ok(digits) or not resident_check_ok(digits):
            return [_resident_check_warning(f)]
    return []


def _check_tracking(f: Field, value: str) -> list[Issue]:
    text = value.strip()
    if _EXCEL_SCIENTIFIC.fullmatch(text) or _EXCEL_DECIMAL.fullmatch(text):
        return [
            Issue(
                f.name,
                f"{_subj(f.label)} 엑셀에서 숫자로 변환되며 손상되었습니다('{text}'). "
                "엑셀에서 열 형식을 '텍스트'로 바꾸고 원래 번호를 다시 입력해 주세요.",
                "error",
            )
        ]
    if not _TRACKING_CHARS.fullmatch(text):
        return [Issue(f.name, f"{_topic(f.label)} 숫자와 '-'만 입력할 수 있습니다.", "error")]
    if any(c.isalpha() for c in text):
        # International couriers (EMS, UPS…) use letters; domestic waybills never do.
        msg = f"{_subj(f.label)} 문자를 포함합니다. 해외 택배가 아니라면 확인해 주세요."
        return [Issue(f.name, msg, "warning")]
    count = sum(c.isdigit() for c in text)
    if not 8 <= count <= 20:
        return [Issue(f.name, f"{_topic(f.label)} 숫자 8~20자리여야 합니다(지금 {count}자리).", "error")]
    return []


def _check(f: Field, check: Check, value: object, values: dict[str, object]) -> list[Issue]:
    label = f.label
    if check in (Check.AMOUNT, Check.NON_NEGATIVE_AMOUNT):
        if not _is_int(value) and not (isinstance(value, float) and value.is_integer()):
            return [Issue(f.name, f"{_topic(label)} 원 단위 정수로 입력해 주세요.", "error")]
        if check is Check.AMOUNT and value <= 0:  # type: ignore[operator]
            return [Issue(f.name, f"{_topic(label)} 0원보다 커야 합니다.", "error")]
        if value < 0:  # type: ignore[operator]
            return [Issue(f.name, f"{_topic(label)} 0원 이상이어야 합니다.", "error")]
        if value > MAX_AMOUNT:  # type: ignore[operator]
            return [Issue(f.name, f"{_topic(label)} {MAX_AMOUNT:,}원을 넘을 수 없습니다.", "error")]
        return []
    if check in (Check.PAGE_LIMIT, Check.PAGE_NUMBER):
        if not _is_int(value):
            return []  # the type check already reported it
        if check is Check.PAGE_LIMIT and not 1 <= value <= 1000:  # type: ignore[operator]
            return [Issue(f.name, f"{_topic(label)} 1~1000 사이여야 합니다.", "error")]
        if check is Check.PAGE_NUMBER and value < 1:  # type: ignore[operator]
            return [Issue(f.name, f"{_topic(label)} 1 이상이어야 합니다.", "error")]
        return []
    if not isinstance(value, str):
        return []  # the type check already reported it
    if check is Check.RECEIPT_IDENTIFIER:
        return _check_receipt_identifier(f, value, values)
    if check is Check.BUSINESS_NUMBER:
        digits = digits_of(value)
        if digits is None or len(digits) != 10:
            return [Issue(f.name, f"{_topic(label)} 10자리 사업자등록번호여야 합니다.", "error")]
        if not is_valid_business_number(digits):
            return [Issue(f.name, f"{label}: {_BAD_CHECK_DIGIT}", "error")]
        return []
    if check is Check.PHONE:
        digits = digits_of(value)
        if digits is None:
            return [Issue(f.name, f"{_topic(label)} 숫자와 '-'만 입력할 수 있습니다.", "error")]
        if not is_phone(digits):
            return [Issue(f.name, f"{_subj(label)} 국내 전화번호 형식이 아닙니다. 확인해 주세요.", "warning")]
        return []
    if check is Check.EMAIL:
        if not _EMAIL.fullmatch(value.strip()):
            return [Issue(f.name, f"{_subj(label)} 이메일 주소 형식이 아닙니다.", "error")]
        return []
    if check is Check.TRACKING_NUMBER:
        return _check_tracking(f, value)
    if check is Check.TIER_CODE:
        if not _TIER.fullmatch(value.strip()):
            return [Issue(f.name, f"{_topic(label)} 영문·숫자 3자리여야 합니다.", "error")]
        return []
    return []


def _text_issue(f: Field, value: object) -> Issue | None:
    """Length and characters per the catalog's text rule (``text_rules.py``), for text and lists."""
    kind = f.text_kind
    if kind is None:
        return None
    items = value if isinstance(value, list | tuple) else [value]
    for item in items:
        if isinstance(item, str):
            problem = text_problem(item, kind, f.length_limit)
            if problem:
                return Issue(f.name, f"{f.label}: {problem}.", "error")
    return None


def _required_message(op: Operation, f: Field, values: dict[str, object], pg: str | None) -> str:
    if f.required:
        return f"{_obj(f.label)} 입력해 주세요."
    for rule in f.required_when:
        if values.get(rule.field) in rule.values:
            other = _label(op, rule.field, rule.field)
            chosen = _option_label(op, rule.field, values.get(rule.field))
            return f"{_subj(other)} '{chosen}'일 때는 {_obj(f.label)} 입력해야 합니다."
    return f"{pg_name(pg)} PG사는 {_obj(f.label)} 반드시 입력해야 합니다."


# How far ahead an event time may be: a dispatch dated tomorrow morning is a typo, not a plan.
EVENT_FUTURE_LIMIT = 24 * 3600


@dataclass(frozen=True)
class EventWindow:
    """When an event of this payment can have happened: from ``earliest`` (its paid time, when known)
    to a day after ``now``. Every field the catalog marks ``Check.EVENT_TIME`` is held to it."""

    now: int
    earliest: int | None = None
    earliest_label: str = "결제 시각"


def event_time_issues(op: Operation, values: dict[str, object], window: EventWindow) -> list[Issue]:
    issues = []
    for f in op.fields:
        value = values.get(f.name)
        if Check.EVENT_TIME not in f.checks or not isinstance(value, int) or isinstance(value, bool):
            continue
        if window.earliest is not None and value < window.earliest:
            issues.append(
                Issue(
                    f.name,
                    f"{_topic(f.label)} {window.earliest_label}({format_kst(window.earliest)})보다 "
                    f"앞설 수 없습니다. 입력한 값: {format_kst(value)}",
                )
            )
        elif value > window.now + EVENT_FUTURE_LIMIT:
            issues.append(
                Issue(
                    f.name,
                    f"{_topic(f.label)} 지금보다 하루 넘게 뒤일 수 없습니다. 입력한 값: {format_kst(value)}",
                )
            )
    return issues


def validate(
    op: Operation, values: dict[str, object], pg: str | None = None, *, window: EventWindow | None = None
) -> list[Issue]:
    """Errors and warnings for ``values`` (typed, keyed by API field name), in Korean.

    With ``window`` the event-time fields are held to it (the desk knows the payment's paid time)."""
    issues: list[Issue] = []
    known = {f.name for f in op.fields}
    for name in values:
        if name not in known:
            issues.append(Issue(name, f"{_topic(repr(name))} 이 작업에 없는 항목입니다.", "error"))
    if pg and not op.supports_pg(pg):
        issues.append(Issue("pg", f"{pg_name(pg)} PG사는 '{op.title}' 기능을 지원하지 않습니다.", "error"))
    for f in op.fields:
        value = values.get(f.name)
        if _is_empty(value):
            if f.is_required(values, pg):
                issues.append(Issue(f.name, _required_message(op, f, values, pg), "error"))
            continue
        if f.deprecated:
            issues.append(Issue(f.name, f"{_topic(f.label)} 더 이상 권장되지 않는 항목입니다.", "warning"))
        type_issue = _type_issue(f, value)
        if type_issue:
            issues.append(type_issue)
            continue
        text_issue = _text_issue(f, value)
        if text_issue:
            issues.append(text_issue)
            continue
        if f.options:
            enum_issue = _enum_issue(f, value)
            if enum_issue:
                issues.append(enum_issue)
                continue
        for check in f.checks:
            issues += _check(f, check, value, values)
    issues += _cross_checks(op, values)
    if window is not None:
        issues += event_time_issues(op, values, window)
    return issues


def _cross_checks(op: Operation, values: dict[str, object]) -> list[Issue]:
    issues = []
    amount, tax_free = values.get("amount"), values.get("tax_free")
    if _is_int(amount) and _is_int(tax_free) and tax_free > amount:  # type: ignore[operator]
        label = _label(op, "tax_free", "면세금액")
        total = _label(op, "amount", "금액")
        issues.append(
            Issue("tax_free", f"{_topic(label)} {total}({amount:,}원)보다 클 수 없습니다.", "error")
        )
    start, end = values.get("from"), values.get("to")
    if _is_int(start) and _is_int(end) and start > end:  # type: ignore[operator]
        start_label, end_label = _label(op, "from", "시작"), _label(op, "to", "종료")
        issues.append(Issue("from", f"{_topic(start_label)} {end_label}보다 늦을 수 없습니다.", "error"))
    return issues


def _option_label(op: Operation, name: str, code: object) -> str:
    """The Korean label of an enum code the agent chose (the code itself if the field has none)."""
    try:
        return op.field(name).option_label(str(code))
    except KeyError:
        return str(code)


def _label(op: Operation, name: str, fallback: str) -> str:
    try:
        return op.field(name).label
    except KeyError:
        return fallback


# --- text → typed values ----------------------------------------------------------------------

_TRUE = {"true", "1", "yes", "y", "예", "네", "on"}
_FALSE = {"false", "0", "no", "n", "아니오", "아니요", "off"}


def _parse_int(text: str) -> int:
    cleaned = text.replace(",", "").replace("원", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise ValueError(text)
    return int(cleaned)


def _coerce_one(f: Field, text: str) -> object:
    match f.type:
        case FieldType.INTEGER:
            return _parse_int(text)
        case FieldType.NUMBER:
            cleaned = text.replace(",", "").replace("원", "").strip()
            number = float(cleaned)
            if not math.isfinite(number):
                raise ValueError(text)
            return int(number) if number.is_integer() and "." not in cleaned else number
        case FieldType.BOOLEAN:
            lowered = text.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise ValueError(text)
        case FieldType.TIMESTAMP:
            stripped = text.strip()
            return int(stripped) if stripped.isdigit() else parse_kst(stripped)
        case FieldType.STRING_LIST:
            return [part.strip() for part in text.split(",") if part.strip()]
        case _:
            return text.strip()


def coerce(op: Operation, raw: dict[str, str]) -> tuple[dict[str, object], list[Issue]]:
    """Typed values from text (command line, spreadsheet cells). Empty text means 'not given'.

    A value that cannot be converted is reported and kept as text, so ``validate`` still sees it.
    """
    values: dict[str, object] = {}
    issues: list[Issue] = []
    fields = {f.name: f for f in op.fields}
    for name, text in raw.items():
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        f = fields.get(name)
        if f is None or not isinstance(text, str):
            values[name] = text
            continue
        try:
            values[name] = _coerce_one(f, text)
        except ValueError:
            values[name] = text
            issue = _type_issue(f, text)
            if issue:
                issues.append(issue)
    return values, issues
