"""VAT arithmetic shared by receipts, the Naver cash amount and the demo data."""

from __future__ import annotations


def vat_of(amount: int, tax_free: int = 0) -> int:
    """1/11 of the taxable part ``amount - tax_free``, rounded half up to whole won.

    Computed exactly in integers as ``(2 * taxable + 11) // 22``. A whole-won amount divided by
    11 never ends in exactly .5, so half-up and half-even give the same result; e.g. 10,000원
    → 909.09 → 909원, 10,005원 → 909.55 → 910원.
    """
    taxable = max(amount - tax_free, 0)
    return (2 * taxable + 11) // 22
