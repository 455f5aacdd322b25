"""Colours live only in ``ui/style.py``: no other module spells one."""

from __future__ import annotations

import re
from pathlib import Path

import portone_desk

PACKAGE = Path(portone_desk.__file__).parent
HEX_COLOUR = re.compile(r"['\"\s:]#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?\b")


def test_no_colour_outside_style() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "ui" / "style.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HEX_COLOUR.search(line)
    ]
    assert not offenders, offenders
