"""Types of the operation catalog: what an operation and each of its fields is.

The catalog (``catalog.py``) is data built from these types; the client, validation, the forms,
the sandbox and the command line all read it, so a fact about the API is written once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class FieldType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    TIMESTAMP = "timestamp"  # UNIX seconds; shown and edited in KST
    STRING_LIST = "string_list"


class Location(StrEnum):
    PATH = "path"
    QUERY = "query"
    BODY = "body"


class TextKind(StrEnum):
    """What characters a text field may hold (``text_rules.py`` applies it)."""

    IDENTIFIER = "identifier"  # ids: no separators, dots-only, spaces, controls or invisible marks
    LINE = "line"  # one line of text: no control, bidi-override or zero-width characters, no emoji
    MULTILINE = "multiline"  # memo-like text for people: newlines and emoji allowed, nothing else


# Documented default lengths where the spec gives no maxLength (docs/architecture.md, "Limits").
DEFAULT_MAX_LENGTH: dict[TextKind, int] = {
    TextKind.IDENTIFIER: 100,
    TextKind.LINE: 200,
    TextKind.MULTILINE: 500,
}
# 100억원: above any single real order; 2^63, 1e20 and the like are typing or paste accidents.
MAX_AMOUNT = 10_000_000_000


class Check(StrEnum):
    """Extra value checks beyond the type, run by ``validation.py``."""

    RECEIPT_IDENTIFIER = "receipt_identifier"  # phone / business no. / NTS card / resident no.
    BUSINESS_NUMBER = "business_number"  # 사업자등록번호 with its check digit
    PHONE = "phone"  # any Korean telephone number
    EMAIL = "email"
    AMOUNT = "amount"  # positive integer won
    NON_NEGATIVE_AMOUNT = "non_negative_amount"  # 0 or more won (tax_free, extra_charge)
    TRACKING_NUMBER = "tracking_number"  # 송장번호: digits (dashes allowed), kept as text
    TIER_CODE = "tier_code"  # 3 alphanumeric characters
    # When something happened (발송일시): not before the payment was paid, not a day or more ahead.
    # Checked where the desk knows the payment (``validation.EventWindow``).
    EVENT_TIME = "event_time"
    PAGE_LIMIT = "page_limit"  # list page size: 1 to 1000
    PAGE_NUMBER = "page_number"  # list page: 1 or more


@dataclass(frozen=True)
class Option:
    """One enum code with its Korean label, and other names people use for it (typed or in
    sheets: "대한통운", "우체국", the old "현대택배")."""

    code: str
    label: str
    aliases: tuple[str, ...] = field(default=(), compare=False)


def label_of(options: Sequence[Option], code: object) -> str:
    """The Korean label of ``code`` among ``options``; "" for no code."""
    if not code:
        return ""
    for option in options:
        if option.code == code:
            return option.label
    return str(code)  # a newer code than the catalog knows: show it rather than hide it


@dataclass(frozen=True)
class RequiredWhen:
    """The field is required when ``field`` holds one of ``values``."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    name: str
    location: Location
    type: FieldType
    label: str  # Korean
    help: str = ""  # Korean, shown as a tooltip
    required: bool = False
    default: object | None = None
    options: tuple[Option, ...] = ()
    # Enum-like fields whose codes the spec lists only in prose: the contract test does not
    # expect a formal enum there, but we still refuse unknown codes.
    prose_enum: bool = False
    deprecated: bool = False
    # Not in the current official spec, kept for older integrations (e.g. ``pg`` on external
    # receipts).
    legacy: bool = False
    required_when: tuple[RequiredWhen, ...] = ()
    # PG codes for which the API requires this field although the spec marks it optional.
    required_for_pgs: frozenset[str] = frozenset()
    checks: tuple[Check, ...] = ()
    # The form leaves this field out (e.g. path ids that come from the selection).
    advanced: bool = False
    # The desk starts this field empty and asks for an explicit choice although the API would fill
    # in ``default`` (a cancel or return reason the buyer sees must never be preselected).
    must_choose: bool = False
    # Text rules: None means "from the location and type" (see ``text_kind``).
    text: TextKind | None = None
    # The spec's maxLength where it gives one, else None for the kind's documented default.
    max_length: int | None = None

    @property
    def text_kind(self) -> TextKind | None:
        """The character rule for this field's text (each item of a list); None for non-text."""
        if self.text is not None:
            return self.text
        if self.location is Location.PATH or self.type is FieldType.STRING_LIST:
            return TextKind.IDENTIFIER
        return TextKind.LINE if self.type is FieldType.STRING else None

    @property
    def length_limit(self) -> int | None:
        kind = self.text_kind
        if kind is None:
            return None
        return self.max_length or DEFAULT_MAX_LENGTH[kind]

    # A STRING_LIST query field sent as repeated ``name[]=`` keys (the spec's collectionFormat
    # multi, e.g. ``imp_uid[]``); the spec names the parameter with the brackets.
    multi: bool = False

    @property
    def wire_name(self) -> str:
        """The parameter's name on the wire (``imp_uid[]`` for a multi list)."""
        return f"{self.name}[]" if self.multi else self.name

    @property
    def is_enum(self) -> bool:
        return bool(self.options)

    def option_label(self, code: str) -> str:
        for option in self.options:
            if option.code == code:
                return option.label
        return code

    def is_required(self, values: dict[str, object], pg: str | None = None) -> bool:
        """Whether the field must be filled given the other values and the payment's PG."""
        if self.required:
            return True
        for rule in self.required_when:
            if values.get(rule.field) in rule.values:
                return True
        return pg is not None and pg in self.required_for_pgs


@dataclass(frozen=True)
class ResponseField:
    name: str
    label: str  # Korean
    # text | won | kst | bool | enum | url | json, or a personal-data kind masked after the fact:
    # masked (digit identifiers) | masked_id | email | name | address | address_detail
    # (see masking.MASK_FORMATS)
    format: str = "text"
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class ResponseModel:
    name: str
    label: str
    fields: tuple[ResponseField, ...]

    def field(self, name: str) -> ResponseField | None:
        for item in self.fields:
            if item.name == name:
                return item
        return None


@dataclass(frozen=True)
class Operation:
    id: str
    method: str  # GET / POST / DELETE
    path: str  # with {placeholders}
    title: str  # Korean
    fields: tuple[Field, ...]
    # The spec's x-portone-supported-pgs; empty means any PG.
    supported_pgs: frozenset[str] = frozenset()
    response_model: str | None = None  # name in catalog.RESPONSE_MODELS
    response_is_list: bool = False
    # Naver order-type actions: 200 all / 207 partial / 500 none, product_order_id list.
    naver_action: bool = False
    # Korean meaning of each documented status code.
    statuses: dict[int, str] = field(default_factory=dict)
    needs_token: bool = True
    spec_operation_id: str = ""  # when our id differs from the spec's (duplicate ids)

    @property
    def mutating(self) -> bool:
        return self.method != "GET"

    @property
    def idempotent(self) -> bool:
        return self.method == "GET"

    def field(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(f"{self.id} has no field {name}")

    def fields_in(self, location: Location) -> tuple[Field, ...]:
        return tuple(item for item in self.fields if item.location is location)

    def supports_pg(self, pg: str | None) -> bool:
        """Whether the desk may send this for a payment of ``pg``. A lookup is never refused for
        its PG: the spec documents no 501 for the GETs, and an agent must be able to see (and so
        cancel) a receipt whatever PG it came through."""
        if not self.mutating:
            return True
        return not self.supported_pgs or pg is None or pg in self.supported_pgs

    def render_path(self, values: dict[str, object]) -> str:
        """The path with its placeholders filled; omitted optional path parts are dropped."""
        from urllib.parse import quote

        parts = []
        for segment in self.path.strip("/").split("/"):
            if segment.startswith("{") and segment.endswith("}"):
                name = segment[1:-1]
                value = values.get(name)
                if value in (None, ""):
                    if self.field(name).required:
                        raise KeyError(name)
                    continue
                parts.append(quote(str(value), safe=""))
            else:
                parts.append(segment)
        return "/" + "/".join(parts)
