"""Korean particles by the final sound (api/josa.py) and numbers grouped for read-back."""

from __future__ import annotations

import pytest

from portone_desk.api import josa
from portone_desk.api.identifiers import format_identifier


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("취소승인", "취소승인을"),
        ("발송처리", "발송처리를"),
        ("'반품보류'", "'반품보류'를"),
        ("송장번호", "송장번호를"),
        ("URL", "URL을"),
        ("CJ", "CJ를"),
        ("3", "3을"),
        ("2", "2를"),
    ],
)
def test_object_particle_follows_the_final_sound(word: str, expected: str) -> None:
    assert josa.obj(word) == expected


def test_subject_topic_and_direction() -> None:
    assert (
        josa.subj("택배사") == "택배사가"
        and josa.subj("사유") == "사유가"
        and josa.subj("발송일시") == "발송일시가"
    )
    assert josa.subj("금액") == "금액이"
    assert josa.topic("발송일시") == "발송일시는" and josa.topic("주문번호") == "주문번호는"
    assert (
        josa.towards("서울") == "서울로"
        and josa.towards("부산") == "부산으로"
        and josa.towards("대구") == "대구로"
    )
    assert josa.particle("반품승인", "을", "를") == "을"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("01012345678", "010-1234-5678"),
        ("010-000-1234", "010-000-1234"),
        ("0212345678", "02-1234-5678"),
        ("2208162517", "220-81-62517"),
        ("15881234", "1588-1234"),
        ("abc", "abc"),
    ],
)
def test_identifiers_are_grouped_in_full_for_read_back(typed: str, shown: str) -> None:
    assert format_identifier(typed) == shown
