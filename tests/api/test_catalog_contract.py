"""The catalog against the official PortOne V1 Swagger file.

The spec is kept unchanged in ``tests/data/`` (see its README for where it comes from), so these
tests run on any clone; a missing or edited copy fails them rather than skipping them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from portone_desk.api.catalog import OPERATIONS, RESPONSE_MODELS
from portone_desk.api.masking import MASK_FORMATS
from portone_desk.api.model import FieldType, Location, Operation

SPEC_PATH = Path(__file__).resolve().parents[1] / "data" / "portone-v1-openapi.json"
SPEC_SHA256 = "1bf56e0e8be48c7cecb1bc543a70c4818af1859e94e9ff72001d0d4dc4e67bdd"

# The paths whose spec form carries an optional trailing segment.
OPTIONAL_SEGMENT_PATHS = {
    "getPaymentByMerchantUid": "/{payment_status}",
    "getAllPaymentsByMerchantUid": "/{payment_status}",
}

# (operation id, parameter) → where we send it, when it differs from the spec's "in".
LOCATION_OVERRIDES = {("getReviews", "channel_key"): Location.QUERY}

SPEC_TYPES: dict[str, set[FieldType]] = {
    "string": {FieldType.STRING},
    "integer": {FieldType.INTEGER, FieldType.TIMESTAMP},
    "number": {FieldType.NUMBER},
    "boolean": {FieldType.BOOLEAN},
    "array": {FieldType.STRING_LIST},
}

SPEC_LOCATIONS = {
    "path": Location.PATH,
    "query": Location.QUERY,
    "formData": Location.BODY,
    "body": Location.BODY,
}


@cache
def spec() -> dict[str, Any]:
    assert SPEC_PATH.is_file(), f"the official spec belongs in the repository: {SPEC_PATH}"
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def test_the_spec_is_the_unchanged_official_copy() -> None:
    digest = hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest()
    assert digest == SPEC_SHA256, "tests/data/portone-v1-openapi.json differs from the copy in its README"
    assert spec()["swagger"] == "2.0" and spec()["host"] == "api.iamport.kr"


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].removeprefix("#/")
        target: Any = spec()
        for part in name.split("/"):
            target = target[part]
        node = target
    return node


@dataclass(frozen=True)
class SpecParam:
    name: str
    location: str
    type: str
    items: str
    required: bool
    enum: tuple[Any, ...] | None
    deprecated: bool
    per_pg_required: frozenset[str]


def _items_type(node: dict[str, Any]) -> str:
    items = node.get("items")
    # The spec sometimes writes items as a bare "string" instead of {"type": "string"}.
    if isinstance(items, str):
        return items
    if isinstance(items, dict):
        return resolve(items).get("type", "")
    return ""


def _per_pg_required(node: dict[str, Any]) -> frozenset[str]:
    per_pg = node.get("x-portone-per-pg") or {}
    return frozenset(pg for pg, info in per_pg.items() if isinstance(info, dict) and info.get("required"))


def spec_params(spec_op: dict[str, Any], path_item: dict[str, Any]) -> dict[str, SpecParam]:
    """Every input of an operation, with body schemas expanded into their properties."""
    out: dict[str, SpecParam] = {}
    for raw in [*path_item.get("parameters", []), *spec_op.get("parameters", [])]:
        param = resolve(raw)
        if param["in"] == "body":
            schema = resolve(param.get("schema", {}))
            required = set(schema.get("required", []))
            for name, prop_raw in schema.get("properties", {}).items():
                prop = resolve(prop_raw)
                out[name] = SpecParam(
                    name=name,
                    location="body",
                    type=prop.get("type", "object"),
                    items=_items_type(prop),
                    required=name in required,
                    enum=tuple(prop["enum"]) if "enum" in prop else None,
                    deprecated=bool(prop.get("deprecated")),
                    per_pg_required=_per_pg_required(prop),
                )
            continue
        out[param["name"]] = SpecParam(
            name=param["name"],
            location=param["in"],
            type=param.get("type", ""),
            items=_items_type(param),
            required=bool(param.get("required")),
            enum=tuple(param["enum"]) if "enum" in param else None,
            deprecated=bool(param.get("deprecated")),
            per_pg_required=_per_pg_required(param),
        )
    return out


def spec_path_of(op: Operation) -> str:
    paths = spec()["paths"]
    if op.path in paths:
        return op.path
    return op.path + OPTIONAL_SEGMENT_PATHS.get(op.id, "")


def spec_operation(op: Operation) -> tuple[dict[str, Any], dict[str, Any]]:
    path_item = spec()["paths"].get(spec_path_of(op))
    assert path_item is not None, f"{op.id}: path {op.path} is not in the spec"
    spec_op = path_item.get(op.method.lower())
    assert spec_op is not None, f"{op.id}: {op.method} {op.path} is not in the spec"
    return spec_op, path_item


OPS = sorted(OPERATIONS.values(), key=lambda op: op.id)
IDS = [op.id for op in OPS]


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_path_and_method_exist(op: Operation) -> None:
    spec_operation(op)
    if op.id not in OPTIONAL_SEGMENT_PATHS:
        assert op.path in spec()["paths"]


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_operation_id(op: Operation) -> None:
    spec_op, _ = spec_operation(op)
    assert spec_op["operationId"] == (op.spec_operation_id or op.id)
    if op.spec_operation_id:
        # Only a duplicate spec id justifies a different id of ours.
        assert op.spec_operation_id != op.id
        assert op.spec_operation_id in OPERATIONS


def test_every_spec_operation_id_is_used_only_where_expected() -> None:
    """The catalog's 30 (method, path) pairs are distinct and each maps to one spec operation."""
    pairs = {(op.method, spec_path_of(op)) for op in OPS}
    assert len(pairs) == len(OPS)


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_parameters_match(op: Operation) -> None:
    spec_op, path_item = spec_operation(op)
    params = spec_params(spec_op, path_item)
    # A collectionFormat "multi" list is named with brackets in the spec (imp_uid[]).
    ours = {field.wire_name: field for field in op.fields if not field.legacy}
    assert set(ours) == set(params), f"{op.id}: catalog fields differ from the spec"
    for name, param in params.items():
        field = ours[name]
        where = f"{op.id}.{name}"
        expected_location = LOCATION_OVERRIDES.get((op.id, name), SPEC_LOCATIONS[param.location])
        assert field.location is expected_location, where
        assert field.type in SPEC_TYPES[param.type], f"{where}: spec type {param.type}"
        if param.type == "array":
            assert param.items == "string", where
        assert field.multi is name.endswith("[]"), f"{where}: repeated-key list"
        assert field.required is param.required, f"{where}: required"
        assert field.deprecated is param.deprecated, f"{where}: deprecated"
        codes = [option.code for option in field.options]
        assert len(codes) == len(set(codes)), f"{where}: duplicate option codes"
        if param.enum is not None:
            assert not field.prose_enum, f"{where}: the spec has a formal enum"
            assert set(codes) == set(param.enum), f"{where}: enum differs"
        elif field.options:
            assert field.prose_enum, f"{where}: options without a formal enum must be prose_enum"
        # Where the spec marks a PG as requiring the field, the catalog must know it too.
        assert param.per_pg_required <= field.required_for_pgs, f"{where}: required_for_pgs"


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_legacy_fields_are_optional_extras(op: Operation) -> None:
    spec_op, path_item = spec_operation(op)
    params = spec_params(spec_op, path_item)
    for field in op.fields:
        if field.legacy:
            assert field.name not in params
            assert not field.required
            assert field.location is Location.BODY


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_supported_pgs(op: Operation) -> None:
    spec_op, _ = spec_operation(op)
    assert op.supported_pgs == frozenset(spec_op.get("x-portone-supported-pgs", []))


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_operation_deprecated(op: Operation) -> None:
    spec_op, _ = spec_operation(op)
    assert not spec_op.get("deprecated"), f"{op.id} is deprecated in the spec"


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_statuses_are_the_documented_ones(op: Operation) -> None:
    spec_op, _ = spec_operation(op)
    documented = {int(code) for code in spec_op["responses"] if code.isdigit()}
    assert set(op.statuses) == documented


def _response_schema(op: Operation) -> tuple[str | None, bool]:
    """The spec's 200 payload: model name (Annotation suffix dropped) and whether it is a list."""
    spec_op, _ = spec_operation(op)
    schema = spec_op["responses"]["200"]["schema"]
    if schema["$ref"].endswith("/ResponseAnnotation"):
        return None, False
    for part in resolve(schema)["allOf"]:
        payload = resolve(part).get("properties", {}).get("response")
        if payload is None:
            continue
        is_list = payload.get("type") == "array"
        ref = payload["items"]["$ref"] if is_list else payload["$ref"]
        return ref.rsplit("/", 1)[-1].removesuffix("Annotation"), is_list
    raise AssertionError(f"{op.id}: no response payload")


@pytest.mark.parametrize("op", OPS, ids=IDS)
def test_response_model(op: Operation) -> None:
    name, is_list = _response_schema(op)
    assert op.response_model == name
    assert op.response_is_list is is_list


# Display format → the spec types it may be used for.
FORMAT_TYPES = {
    "won": {"integer", "number"},
    "kst": {"integer"},
    "bool": {"boolean"},
    "json": {"array", "object"},
    # Masks work on text: a personal-data format on a number or object would be a catalog slip.
    **{fmt: {"string"} for fmt in MASK_FORMATS},
}


def _flat_types(definition: dict[str, Any], prefix: str = "") -> dict[str, str]:
    types: dict[str, str] = {}
    for name, raw in definition.get("properties", {}).items():
        prop = resolve(raw)
        if prop.get("properties"):
            types |= _flat_types(prop, f"{prefix}{name}.")
        else:
            types[prefix + name] = prop.get("type", "object")
    return types


@pytest.mark.parametrize("model_name", sorted(RESPONSE_MODELS))
def test_response_model_fields_match_the_spec(model_name: str) -> None:
    definition = spec()["definitions"][f"{model_name}Annotation"]
    ours = [field.name for field in RESPONSE_MODELS[model_name].fields]
    assert len(ours) == len(set(ours))
    assert set(ours) == set(_flat_types(definition))


@pytest.mark.parametrize("model_name", sorted(RESPONSE_MODELS))
def test_response_formats_fit_the_spec_types(model_name: str) -> None:
    types = _flat_types(spec()["definitions"][f"{model_name}Annotation"])
    for item in RESPONSE_MODELS[model_name].fields:
        allowed = FORMAT_TYPES.get(item.format, {"string", "integer"})
        assert types[item.name] in allowed, f"{model_name}.{item.name}: {item.format} on {types[item.name]}"


def test_spec_marks_only_vat_deprecated_among_our_inputs() -> None:
    deprecated = {
        (op.id, name)
        for op in OPS
        for name, param in spec_params(*spec_operation(op)).items()
        if param.deprecated
    }
    assert deprecated == {("issueReceipt", "vat")}


def test_optional_payment_status_segment() -> None:
    """The spec marks the path parameter payment_status optional; so do we."""
    op = OPERATIONS["getPaymentByMerchantUid"]
    params = spec_params(*spec_operation(op))
    assert params["payment_status"].location == "path"
    assert not params["payment_status"].required
    assert not op.field("payment_status").required
    assert re.fullmatch(r"/payments/find/\{merchant_uid\}(/\{payment_status\})?", op.path)
