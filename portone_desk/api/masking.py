"""How personal data looks once it is stored or shown after the fact: masking by kind of value."""

from __future__ import annotations

import re
from collections.abc import Callable

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


# How each kind of personal data looks once it is stored or shown after the fact (activity log,
# exports, result views). Digits stay recognisable for numbers; words are hidden, not counted.
HIDDEN = "***"


def mask_name(value: str | None) -> str:
    """A person's name with only its first character: ``홍길동`` → ``홍**``, ``이산`` → ``이*``.

    Korean surnames are one character, so what remains says "a 홍" and no more. One-character
    values (an initial) are hidden whole.
    """
    value = (value or "").strip()
    if len(value) <= 1:
        return "*" * len(value)
    return value[0] + "".join(ch if ch.isspace() else "*" for ch in value[1:])


# The 시/도 an address starts with, in the forms people and Naver write them.
_METROS = ("서울", "부산", "대구", "인천", "광주", "대전", "울산")
_PROVINCES = {
    "경기": ("경기도",),
    "강원": ("강원도", "강원특별자치도"),
    "충북": ("충청북도",),
    "충남": ("충청남도",),
    "전북": ("전라북도", "전북특별자치도"),
    "전남": ("전라남도",),
    "경북": ("경상북도",),
    "경남": ("경상남도",),
    "제주": ("제주도", "제주특별자치도"),
    "세종": ("세종시", "세종특별자치시"),
}
REGIONS = frozenset(
    {*_METROS, *(m + suffix for m in _METROS for suffix in ("시", "특별시", "광역시"))}
    | {name for short, full in _PROVINCES.items() for name in (short, *full)}
)
# 시/군/구 under a 시/도 (연수구, 성남시, 양평군); a road (…로/…길) or 동 is not region.
_DISTRICT = re.compile(r"^\S+[시군구]$")


def mask_address(value: str | None) -> str:
    """The region of an address (시/도 and 시/군/구) with the rest hidden.

    ``인천광역시 연수구 송도과학로 32`` → ``인천광역시 연수구 ***``. Only words that really are a
    region are kept: ``세종특별자치시 한누리대로 2130`` → ``세종특별자치시 ***``, and an address that
    does not start with a 시/도 is hidden whole, since its first words may be the street.
    """
    words = (value or "").split()
    if not words:
        return ""
    kept: list[str] = []
    if words[0] in REGIONS:
        kept.append(words[0])
        if len(words) > 1 and _DISTRICT.match(words[1]):
            kept.append(words[1])
    if len(kept) < len(words):
        kept.append(HIDDEN)
    return " ".join(kept)


def mask_all(value: str | None) -> str:
    """Hidden whole (a detail address: 동/호수 say exactly where someone lives)."""
    return HIDDEN if value and value.strip() else ""


def mask_account_id(value: str | None) -> str:
    """An account id (Naver id): shown as given when the source already masked it (``nav****``),
    else its first three characters (at most half of it) and the rest as ``*``."""
    if not value:
        return ""
    if "*" in value:
        return value  # masked upstream; masking again would only blank what is left
    keep = min(3, len(value) // 2)
    return value[:keep] + "*" * (len(value) - keep)


def mask_email(value: str | None) -> str:
    """``hong.gildong@example.com`` → ``ho**********@example.com``: the mailbox like an account id
    (two characters at most), the domain kept (shared by many, says only the provider)."""
    if not value:
        return ""
    local, at, domain = value.partition("@")
    if not at:
        return mask_account_id(value)
    if "*" in local:
        return value
    keep = min(2, len(local) // 2)
    return local[:keep] + "*" * (len(local) - keep) + at + domain


# Catalog response-field format → how a value of it is masked (``ResponseField.format``).
MASK_FORMATS: dict[str, Callable[[str | None], str]] = {
    "masked": mask_identifier,  # phone, card, account, registration numbers: digits
    "masked_id": mask_account_id,
    "email": mask_email,
    "name": mask_name,
    "address": mask_address,
    "address_detail": mask_all,
}
