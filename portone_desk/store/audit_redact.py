"""What of a call's input may go into the activity log.

Only fields known to be safe are kept; personal identifiers are masked and anything that looks
like a credential is dropped. Free text (reasons, memos, messages) is scrubbed of secrets and of
long digit runs, which in practice are phone, resident, card or business numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from portone_desk.api.masking import mask_identifier
from portone_desk.api.personal_text import mask_personal_text
from portone_desk.api.redact import MASK, redact

# Credentials: never stored in any form.
_DROP = re.compile(r"secret|token|password|passwd|authorization|imp_key|api_key|credential", re.I)
# Personal identifiers: stored masked (010-****-**78).
_MASK = re.compile(r"identifier|tel|phone|mobile|email|reg_no|rrn|jumin|ssn|card_n|account|resident", re.I)
# Free text kept, but scrubbed.
TEXT_FIELDS = frozenset({"reason", "memo"})
SAFE_FIELDS = frozenset(
    {
        "imp_uid",
        "merchant_uid",
        "product_order_id",
        "product_order_ids",
        "channel_key",
        "amount",
        "tax_free",
        "vat",
        "vat_amount",
        "extra_charge",
        "delivery_company",
        "delivery_method",
        "tracking_number",
        "dispatched_at",
        "identifier_type",
        "type",
        "pg",
        "pay_method",
        "payment_status",
        "product_type",
        "review_type",
        "requester",
        "sorting",
        "status",
        "from",
        "to",
        "page",
        "limit",
    }
)
_SAFE_SUFFIXES = ("_uid", "_id", "_ids", "_amount", "_at")

# Access tokens are 40 hex characters and API secrets longer; ids we keep are far shorter.
_TOKEN_LIKE = re.compile(
    r"(?<![A-Za-z0-9])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{36,}(?![A-Za-z0-9])"
)


def scrub_text(text: object) -> str:
    """Free text with secrets (registered or token-shaped) removed and personal data masked
    (phone-like digit runs, e-mail addresses, names next to an honorific: ``personal_text``)."""
    if text is None:
        return ""
    return mask_personal_text(_TOKEN_LIKE.sub(MASK, redact(text)))


def redact_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``values`` that is safe to store: see the module docstring."""
    safe: dict[str, Any] = {}
    for key, value in values.items():
        name = str(key)
        if _DROP.search(name):
            continue
        if _MASK.search(name):
            safe[name] = _map(value, lambda v: mask_identifier(str(v)))
        elif name in TEXT_FIELDS:
            safe[name] = _map(value, scrub_text)
        elif name in SAFE_FIELDS or name.endswith(_SAFE_SUFFIXES):
            safe[name] = _map(value, _plain)
        # Anything else (buyer and company names, raw payloads) is left out.
    return safe


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    # Ids and tracking numbers are long digit runs by nature and not personal: keep them whole.
    return redact(value)


def _map(value: Any, fn: Any) -> Any:
    if isinstance(value, list | tuple):
        return [fn(item) for item in value if item is not None]
    if isinstance(value, Mapping):
        return redact_fields(value)
    return None if value is None else fn(value)
