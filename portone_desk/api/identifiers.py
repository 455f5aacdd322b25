"""Shapes of Korean identifiers: phone numbers, business and resident numbers, NTS cards.

Pure functions over digit strings, used by ``validation.py`` and by anything that wants to guess
what kind of identifier a customer gave.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

IdentifierKind = Literal["phone", "business", "taxcard", "person"]

# Separators people type or paste; anything else makes the text not a number.
_SEPARATORS = re.compile(r"[\s\-.()]")
_BUSINESS_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)

_MOBILE = re.compile(r"01[016789]\d{7,8}")
_SEOUL = re.compile(r"02\d{7,8}")
_AREA = re.compile(r"0[3-6][1-5]\d{7,8}")
_INTERNET = re.compile(r"070\d{8}")
_SAFE = re.compile(r"050\d{8,9}")  # 안심번호
_TOLL_FREE = re.compile(r"080\d{7,8}")
_REPRESENTATIVE = re.compile(r"1[5-9]\d{6}")  # 대표번호 15XX/16XX/18XX

# 국세청 자진발급번호: the number a receipt is issued to when the customer gives none.
NTS_SELF_ISSUE_NUMBER = "010-000-1234"


def digits_of(text: str) -> str | None:
    """The digits of ``text`` if it is digits plus separators only; ``+82`` becomes ``0``."""
    text = _SEPARATORS.sub("", text.strip())
    if text.startswith("+82"):
        text = "0" + text[3:].lstrip("0")
    return text if text.isdigit() else None


def is_valid_business_number(text: str) -> bool:
    """사업자등록번호: 10 digits whose last is the check digit of the standard algorithm."""
    digits = digits_of(text) if isinstance(text, str) else None
    if not digits or len(digits) != 10:
        return False
    return business_check_digit(digits[:9]) == int(digits[9])


def business_check_digit(first9: str) -> int:
    """The check digit completing nine digits into a valid business registration number."""
    nums = [int(c) for c in first9]
    total = sum(n * w for n, w in zip(nums, _BUSINESS_WEIGHTS, strict=True)) + (nums[8] * 5) // 10
    return (10 - total % 10) % 10


def is_mobile(digits: str) -> bool:
    """Mobile 01X numbers, including the NTS self-issue number (``NTS_SELF_ISSUE_NUMBER``)."""
    return bool(_MOBILE.fullmatch(digits))


def is_self_issue_number(text: str) -> bool:
    """Whether ``text`` is the NTS self-issue number, however it is written."""
    digits = digits_of(text) if isinstance(text, str) else None
    return digits is not None and digits == digits_of(NTS_SELF_ISSUE_NUMBER)


def is_phone(digits: str) -> bool:
    return any(
        p.fullmatch(digits) for p in (_MOBILE, _SEOUL, _AREA, _INTERNET, _SAFE, _TOLL_FREE, _REPRESENTATIVE)
    )


def resident_birth_ok(digits: str) -> bool:
    """Whether a 13-digit number starts like a resident number: a real birth date and sex digit."""
    if len(digits) != 13:
        return False
    century = {"1": 1900, "2": 1900, "3": 2000, "4": 2000, "5": 1900, "6": 1900, "7": 2000, "8": 2000,
               "9": 1800, "0": 1800}[digits[6]]  # fmt: skip
    try:
        date(century + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return False
    return True


def resident_check_ok(digits: str) -> bool:
    """The pre-October-2020 check digit; newer numbers have a random last digit."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(c) * w for c, w in zip(digits[:12], weights, strict=True))
    return (11 - total % 11) % 10 == int(digits[12])


def is_taxcard(digits: str) -> bool:
    """국세청 현금영수증카드: 13 to 19 digits."""
    return 13 <= len(digits) <= 19


def classify_identifier(text: str) -> IdentifierKind | None:
    """Best guess at what kind of receipt identifier ``text`` is, or None if it is none of them."""
    digits = digits_of(text) if isinstance(text, str) else None
    if not digits:
        return None
    if is_mobile(digits):
        return "phone"
    if len(digits) == 10 and is_valid_business_number(digits):
        return "business"
    if len(digits) == 13 and resident_birth_ok(digits):
        return "person"
    if is_taxcard(digits):
        return "taxcard"
    return None


def format_identifier(text: str) -> str:
    """The whole number grouped as people read it back (confirmations show it unmasked for checking).

    010-1234-5678, 02-123-4567, 123-45-67890 (business), 900101-1234567, cards in fours; anything
    else as typed."""
    digits = digits_of(text) if isinstance(text, str) else None
    if not digits:
        return text
    if is_phone(digits):
        if len(digits) == 8:  # 대표번호 1588-1234
            return f"{digits[:4]}-{digits[4:]}"
        head = 2 if digits.startswith("02") else 3
        middle = len(digits) - head - 4
        return f"{digits[:head]}-{digits[head : head + middle]}-{digits[-4:]}"
    if len(digits) == 10 and is_valid_business_number(digits):
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    if len(digits) == 13 and resident_birth_ok(digits):
        return f"{digits[:6]}-{digits[6:]}"
    if is_taxcard(digits):
        return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return text
