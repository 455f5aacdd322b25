"""Cells written to CSV/XLSX files that agents open in Excel."""

from __future__ import annotations

from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    """Keep spreadsheet apps from running text that starts like a formula (memos and sheet cells
    are free text); ``None`` becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
