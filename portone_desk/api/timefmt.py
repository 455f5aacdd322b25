"""How times, money and personal identifiers are shown to agents."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

# Korea has no daylight saving time, so a fixed offset is exact and needs no tz database.
KST = timezone(timedelta(hours=9), "KST")


def format_kst(unix: int | float | None) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in KST; empty for missing or zero timestamps (the API's 'never')."""
    if not unix:
        return ""
    return datetime.fromtimestamp(int(unix), KST).strftime("%Y-%m-%d %H:%M:%S")


def parse_kst(text: str) -> int:
    """Inverse of :func:`format_kst` (seconds optional)."""
    text = text.strip()
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return int(datetime.strptime(text, pattern).replace(tzinfo=KST).timestamp())
        except ValueError:
            continue
    raise ValueError(text)


def format_won(amount: int | float | None) -> str:
    if amount is None:
        return ""
    return f"{int(amount):,}원"


_DIGITS = re.compile(r"\d")


def mask_identifier(value: str | None) -> str:
    """Keep the first 3 and last 2 digits of a personal identifier, mask the digits between.

    Works for phone numbers, resident and business registration numbers and card numbers alike,
    keeping separators so the shape stays recognisable: ``010-1234-5678`` → ``010-****-**78``.
    """
    if not value:
        return ""
    positions = [m.start() for m in _DIGITS.finditer(value)]
    if len(positions) <= 5:
        return "*" * len(value)
    hidden = set(positions[3:-2])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))
