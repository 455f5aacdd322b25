"""How times and money are shown to agents (personal data: ``api/masking.py``)."""

from __future__ import annotations

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
