"""How personal data looks once stored or shown after the fact, one kind at a time."""

from __future__ import annotations

import pytest

from portone_desk.api.masking import (
    HIDDEN,
    MASK_FORMATS,
    REGIONS,
    mask_account_id,
    mask_address,
    mask_all,
    mask_email,
    mask_identifier,
    mask_name,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("010-1234-5678", "010-****-**78"),
        ("01012345678", "010******78"),
        ("220-81-62517", "220-**-***17"),
        ("12345", "*****"),  # too few digits to keep any
        ("", ""),
        (None, ""),
    ],
)
def test_identifiers_keep_their_digit_masking(value: str | None, shown: str) -> None:
    assert mask_identifier(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("인천광역시 연수구 송도과학로 32", "인천광역시 연수구 ***"),
        ("서울특별시 중구 세종대로 110", "서울특별시 중구 ***"),
        ("경기도 성남시 분당구 판교역로 166", "경기도 성남시 ***"),
        ("서울 강남구 역삼동 123-4", "서울 강남구 ***"),
        ("강원특별자치도 양양군 양양읍 남문리 1", "강원특별자치도 양양군 ***"),
        # 세종 has no 시/군/구: its second word is already the road.
        ("세종특별자치시 한누리대로 2130", "세종특별자치시 ***"),
        # Not starting with a 시/도: the first words may be the street, so nothing is kept.
        ("송도과학로 32", HIDDEN),
        ("123 Main Street, Springfield", HIDDEN),
        ("인천광역시연수구송도과학로32", HIDDEN),
        # Short addresses used to turn into all asterisks; the region still shows.
        ("부산 해운대구 우동", "부산 해운대구 ***"),
        ("인천광역시 연수구", "인천광역시 연수구"),  # only a region: nothing personal
        ("  제주  제주시   첨단로 242 ", "제주 제주시 ***"),
        ("", ""),
        (None, ""),
    ],
)
def test_address_keeps_only_the_region(value: str | None, shown: str) -> None:
    assert mask_address(value) == shown


ALL_REGIONS = [
    "서울특별시",
    "부산광역시",
    "대구광역시",
    "인천광역시",
    "광주광역시",
    "대전광역시",
    "울산광역시",
    "세종특별자치시",
    "경기도",
    "강원특별자치도",
    "충청북도",
    "충청남도",
    "전북특별자치도",
    "전라남도",
    "경상북도",
    "경상남도",
    "제주특별자치도",
    "서울",
    "경기",
    "충북",
    "전라북도",
    "강원도",
]


def test_every_metropolitan_city_and_province_is_a_region() -> None:
    assert set(ALL_REGIONS) <= REGIONS
    assert "송도과학로" not in REGIONS and "연수구" not in REGIONS


@pytest.mark.parametrize(
    ("value", "shown"), [("101동 1001호", HIDDEN), ("B", HIDDEN), ("  ", ""), (None, "")]
)
def test_detail_address_is_hidden_whole(value: str | None, shown: str) -> None:
    assert mask_all(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("홍길동", "홍**"),
        ("이산", "이*"),
        ("남궁민수", "남***"),
        ("John Smith", "J*** *****"),
        (" 홍길동 ", "홍**"),
        ("홍", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_names_keep_the_first_character(value: str | None, shown: str) -> None:
    assert mask_name(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("nav****", "nav****"),  # Naver masked it already: as given, not blanked
        ("홍**3", "홍**3"),
        ("hong1234", "hon*****"),
        ("abcd", "ab**"),
        ("a", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_account_ids_as_given_when_already_masked(value: str | None, shown: str) -> None:
    assert mask_account_id(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("hong.gildong@example.com", "ho**********@example.com"),
        ("ab@naver.com", "a*@naver.com"),
        ("a@naver.com", "*@naver.com"),
        ("ho****@naver.com", "ho****@naver.com"),
        ("not-an-email", "not*********"),
        ("", ""),
    ],
)
def test_email_masks_the_mailbox_and_keeps_the_domain(value: str, shown: str) -> None:
    assert mask_email(value) == shown


def test_no_mask_returns_the_value_it_was_given() -> None:
    """Whatever the kind, a real value never comes back whole (already-masked ids aside)."""
    samples = {
        "masked": "010-1234-5678",
        "masked_id": "hong1234",
        "email": "hong@example.com",
        "name": "홍길동",
        "address": "인천광역시 연수구 송도과학로 32",
        "address_detail": "101동 1001호",
    }
    assert set(samples) == set(MASK_FORMATS)
    for fmt, value in samples.items():
        assert MASK_FORMATS[fmt](value) != value, fmt
        assert MASK_FORMATS[fmt](None) == "", fmt
