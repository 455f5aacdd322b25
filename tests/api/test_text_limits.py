"""Text and amount limits from the catalog, over every field of every operation (hypothesis).

The same rule answers in validation (forms, CLI, bulk) and in the sandbox; a refusal names the
field in Korean.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portone_desk.api import catalog
from portone_desk.api.model import (
    DEFAULT_MAX_LENGTH,
    MAX_AMOUNT,
    Check,
    Field,
    FieldType,
    Operation,
    TextKind,
)
from portone_desk.api.text_rules import character_problem, identifier_problem, text_problem
from portone_desk.api.validation import validate
from portone_desk.sandbox import params
from portone_desk.sandbox.wire import ApiFailure

TEXT_FIELDS: list[tuple[Operation, Field]] = [
    (op, f)
    for op in catalog.OPERATIONS.values()
    for f in op.fields
    if f.text_kind is not None and not f.options
]
AMOUNT_FIELDS: list[tuple[Operation, Field]] = [
    (op, f)
    for op in catalog.OPERATIONS.values()
    for f in op.fields
    if {Check.AMOUNT, Check.NON_NEGATIVE_AMOUNT} & set(f.checks)
]
REFUSED_EVERYWHERE = [
    "\x00",
    "\x1b",
    "\x07",
    "\r",
    "\x7f",
    "\x85",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u2028",
]
SEPARATORS = ["/", "\\", "?", "#", "%", " "]


def _ids(items: list[tuple[Operation, Field]]) -> list[str]:
    return [f"{op.id}.{f.name}" for op, f in items]


def _field_errors(op: Operation, f: Field, value: object) -> list[str]:
    return [i.message for i in validate(op, {f.name: value}) if i.field == f.name and i.is_error]


def test_every_text_field_has_a_kind_and_a_limit() -> None:
    assert len(TEXT_FIELDS) > 30
    for op, f in TEXT_FIELDS:
        assert f.length_limit and f.length_limit <= 500, (op.id, f.name)
    memo = catalog.operation("naverRejectReturnProductOrder").field("memo")
    assert (
        memo.text_kind is TextKind.MULTILINE and memo.length_limit == DEFAULT_MAX_LENGTH[TextKind.MULTILINE]
    )
    assert catalog.operation("revokeReceipt").field("imp_uid").text_kind is TextKind.IDENTIFIER
    assert (
        catalog.operation("naverPlaceProductOrder").field("product_order_id").text_kind is TextKind.IDENTIFIER
    )
    assert catalog.operation("issueExternalReceipt").field("name").text_kind is TextKind.LINE


@pytest.mark.parametrize(("op", "f"), TEXT_FIELDS, ids=_ids(TEXT_FIELDS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_refused_character_anywhere_is_an_error_naming_the_field(op, f, data) -> None:
    base = data.draw(st.text(alphabet="abc123가나다", min_size=1, max_size=20))
    bad = data.draw(st.sampled_from(REFUSED_EVERYWHERE))
    at = data.draw(st.integers(min_value=0, max_value=len(base)))
    text = base[:at] + bad + base[at:]
    value = [text] if f.type is FieldType.STRING_LIST else text
    errors = _field_errors(op, f, value)
    assert any(f.label in m and "들어 있습니다" in m for m in errors), (text, errors)
    with pytest.raises(ApiFailure) as caught:
        params._check_limits(f, value)
    assert caught.value.status == 400 and f.name in caught.value.message
    assert bad not in caught.value.message  # never echoed back raw


@pytest.mark.parametrize(("op", "f"), TEXT_FIELDS, ids=_ids(TEXT_FIELDS))
@settings(max_examples=15, deadline=None)
@given(extra=st.integers(min_value=1, max_value=600))
def test_text_over_the_limit_is_refused_and_at_the_limit_is_not(op, f, extra) -> None:
    limit = f.length_limit
    assert limit is not None
    wrap = (lambda t: [t]) if f.type is FieldType.STRING_LIST else (lambda t: t)
    too_long = _field_errors(op, f, wrap("7" * (limit + extra)))
    assert any(f"최대 {limit:,}자" in m for m in too_long)
    assert not any("최대" in m for m in _field_errors(op, f, wrap("7" * limit)))


@given(st.text(max_size=60))
def test_rules_agree_between_kinds(text: str) -> None:
    """Whatever a line refuses, an identifier refuses too; whatever a memo refuses, a line does."""
    if character_problem(text, TextKind.MULTILINE):
        assert character_problem(text, TextKind.LINE)
    if character_problem(text, TextKind.LINE):
        assert character_problem(text, TextKind.IDENTIFIER)


@given(st.sampled_from([*SEPARATORS, "..", "."]), st.text(alphabet="abc_-1", max_size=8))
def test_identifiers_refuse_separators_and_dot_segments(bad: str, around: str) -> None:
    value = bad if bad in (".", "..") else around + bad + around
    assert identifier_problem(value)
    assert character_problem(value, TextKind.LINE) is None or bad not in SEPARATORS


def test_memo_allows_newlines_and_emoji_but_a_line_does_not() -> None:
    memo = "배송이 늦어 죄송합니다.\r\n다음에 또 이용해 주세요 😀"
    assert text_problem(memo, TextKind.MULTILINE) is None
    assert "줄바꿈" in (text_problem(memo, TextKind.LINE) or "")
    assert "이모지" in (text_problem("주문 😀", TextKind.LINE) or "")
    assert "방향" in (text_problem("a\u202eb", TextKind.MULTILINE) or "")
    assert "폭이 없는" in (text_problem("a\u200bb", TextKind.MULTILINE) or "")


@pytest.mark.parametrize(("op", "f"), AMOUNT_FIELDS, ids=_ids(AMOUNT_FIELDS))
@settings(max_examples=20, deadline=None)
@given(over=st.integers(min_value=1, max_value=2**70))
def test_amounts_above_the_cap_are_refused_everywhere(op, f, over) -> None:
    errors = _field_errors(op, f, MAX_AMOUNT + over)
    assert errors and f.label in errors[0] and f"{MAX_AMOUNT:,}원" in errors[0]
    with pytest.raises(ApiFailure):
        params._check_limits(f, MAX_AMOUNT + over)
    assert not _field_errors(op, f, min(MAX_AMOUNT, 1000))


def test_server_text_is_never_printed_raw() -> None:
    from portone_desk.api.errors import ApiError

    error = ApiError("잘못된 값\x1b[2J\r\nX-Evil: 1\u202e끝\x07", operation="getReceipt", http_status=400)
    shown = str(error)
    assert not any(ch in shown for ch in "\x1b\r\u202e\x07")
    assert "\\u001b" in shown and "잘못된 값" in shown and "\n" in shown


def _spec_max_lengths() -> dict[tuple[str, str], int]:
    """(operation id, field) → the spec's maxLength, wherever the official spec gives one."""
    import json
    from pathlib import Path

    spec = json.loads((Path(__file__).resolve().parents[1] / "data" / "portone-v1-openapi.json").read_text())

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            target: object = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]  # type: ignore[index]
            node = target  # type: ignore[assignment]
        return node

    found: dict[tuple[str, str], int] = {}
    for op in catalog.OPERATIONS.values():
        path_item = spec["paths"].get(op.path) or spec["paths"].get(op.path.rsplit("/", 1)[0]) or {}
        spec_op = path_item.get(op.method.lower(), {})
        for raw in [*path_item.get("parameters", []), *spec_op.get("parameters", [])]:
            param = resolve(raw)
            if param.get("in") == "body":
                for name, prop in resolve(param.get("schema", {})).get("properties", {}).items():
                    if "maxLength" in resolve(prop):
                        found[(op.id, name)] = int(resolve(prop)["maxLength"])
            elif "maxLength" in param:
                found[(op.id, param["name"])] = int(param["maxLength"])
    return found


def test_catalog_lengths_are_the_specs_where_it_has_one() -> None:
    spec_lengths = _spec_max_lengths()
    for op, f in TEXT_FIELDS:
        assert f.max_length == spec_lengths.get((op.id, f.name)), (op.id, f.name)
    # None of our 26 operations' inputs has a maxLength today: every limit is a documented default.
    assert spec_lengths == {}
