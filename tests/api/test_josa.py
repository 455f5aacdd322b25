"""Korean particles by the final sound (api/josa.py) and numbers grouped for read-back."""

from __future__ import annotations

import pytest

from portone_desk.api import josa
from portone_desk.api.identifiers import format_identifier
from portone_desk.api.model import TextKind


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


def test_no_message_spells_a_particle_both_ways() -> None:
    """ "#12을(를)" reads like a machine: every message picks its particle with ``josa``."""
    from pathlib import Path

    import portone_desk

    machine = ("을(를)", "를(을)", "이(가)", "가(이)", "은(는)", "는(은)", "(으)로", "와(과)", "과(와)")
    root = Path(portone_desk.__file__).parent
    found = [
        f"{path.relative_to(root)}:{no}"
        for path in root.rglob("*.py")
        if path.name != "josa.py"
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(both in line for both in machine)
    ]
    assert found == []


def test_a_code_in_parentheses_takes_the_particle_of_the_word_before_it() -> None:
    from portone_desk.api.text_rules import character_problem

    assert josa.subj("제어 문자(U+0001)") == "제어 문자(U+0001)가"
    assert josa.subj("줄바꿈(CR)") == "줄바꿈(CR)이" and josa.obj("(주)") == "(주)를"
    assert josa.obj("'판매취소(환불)'") == "'판매취소(환불)'을"  # a Korean parenthetical is read aloud
    assert character_problem("a\x01b", TextKind.LINE) == (
        "제어 문자(U+0001)가 들어 있습니다. 지우고 다시 입력해 주세요"
    )
    assert josa.obj("일괄 처리 #12") == "일괄 처리 #12를" and josa.topic("일괄 처리 #3") == "일괄 처리 #3은"
    assert josa.obj("'keyring.backends.fail.Keyring'") == "'keyring.backends.fail.Keyring'를"
