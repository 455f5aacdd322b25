"""Request values checked against the catalog: types, enum codes, required fields.

The catalog is the single source of what an operation takes; the sandbox only adds the
real API's leniency: an invalid code in an optional enum silently becomes the default.
"""

from __future__ import annotations

from typing import Any

from portone_desk.api.model import MAX_AMOUNT, Check, Field, FieldType, Location, Operation
from portone_desk.api.text_rules import text_problem
from portone_desk.sandbox.wire import ApiFailure

Values = dict[str, Any]


def gather(op: Operation, path_values: dict[str, str], query: dict[str, list[str]], body: Values) -> Values:
    """Typed values of the operation's fields, wherever the caller put them (query or body)."""
    merged: Values = {}
    for name, items in query.items():
        key = name[:-2] if name.endswith("[]") else name
        merged[key] = items if (len(items) > 1 or name.endswith("[]")) else items[0]
    merged.update(body)
    merged.update(path_values)
    values: Values = {}
    for item in op.fields:
        raw = merged.get(item.name)
        if raw is None or raw == "" or raw == []:
            continue
        values[item.name] = _coerce(item, raw)
    for item in op.fields:
        _check_limits(item, values.get(item.name))
    for item in op.fields:
        _normalise_enum(item, values)
    return values


def _check_limits(item: Field, value: Any) -> None:
    """The catalog's text and amount limits, the same the desk checks before sending (400)."""
    if value is None:
        return
    kind = item.text_kind
    if kind is not None:
        for text in value if isinstance(value, list) else [value]:
            problem = text_problem(str(text), kind, item.length_limit)
            if problem:
                raise ApiFailure(400, f"{item.name}({item.label}) 값이 올바르지 않습니다: {problem}")
    amount_checks = {Check.AMOUNT, Check.NON_NEGATIVE_AMOUNT}
    if amount_checks & set(item.checks) and isinstance(value, int | float) and value > MAX_AMOUNT:
        raise ApiFailure(400, f"{item.name}({item.label}) 금액이 너무 큽니다: 최대 {MAX_AMOUNT:,}원")


def printable(raw: Any, limit: int = 40) -> str:
    """A value safe to echo in a message: control and invisible characters escaped, length cut."""
    text = str(raw)
    shown = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text[:limit])
    return shown + ("…" if len(text) > limit else "")


def require(op: Operation, values: Values, pg: str | None = None) -> None:
    """400 naming every missing field (required, required_when, and required for this PG)."""
    missing = [item for item in op.fields if item.is_required(values, pg) and values.get(item.name) is None]
    if missing:
        names = ", ".join(f"{item.name}({item.label})" for item in missing)
        raise ApiFailure(400, f"필수 항목이 빠졌거나 올바르지 않습니다: {names}")


def _coerce(item: Field, raw: Any) -> Any:
    try:
        if item.type is FieldType.STRING_LIST:
            items = raw if isinstance(raw, list) else [raw]
            return [str(value) for value in items if str(value) != ""]
        if isinstance(raw, list):
            raw = raw[0]
        if item.type in (FieldType.INTEGER, FieldType.TIMESTAMP):
            number = float(raw)
            if number != int(number):
                raise ValueError(raw)
            return int(number)
        if item.type is FieldType.NUMBER:
            number = float(raw)
            return int(number) if number == int(number) else number
        if item.type is FieldType.BOOLEAN:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("true", "1", "yes"):
                return True
            if text in ("false", "0", "no"):
                return False
            raise ValueError(raw)
        return raw if isinstance(raw, str) else str(raw)
    except (TypeError, ValueError) as error:
        shown = printable(raw)
        raise ApiFailure(400, f"{item.name}({item.label}) 값의 형식이 올바르지 않습니다: {shown}") from error


def _normalise_enum(item: Field, values: Values) -> None:
    """Like the live API: an unknown code in an optional enum falls back to the default."""
    value = values.get(item.name)
    if value is None or not item.options or item.type is FieldType.STRING_LIST:
        return
    if item.location is Location.PATH:
        return  # a path filter with an unknown code simply finds nothing
    if str(value) in {option.code for option in item.options}:
        return
    if item.is_required(values):
        raise ApiFailure(400, f"{item.name}({item.label}) 값이 올바르지 않습니다: {printable(value)}")
    if item.default is not None:
        values[item.name] = item.default
    else:
        del values[item.name]
