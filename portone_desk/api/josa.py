"""Korean particles chosen by the final sound of the word before them: 을/를, 이/가, 은/는, 으로/로.

"'취소승인'을(를)" reads like a machine. Hangul syllables are exact; for digits, Latin letters and
abbreviations the way they are read aloud decides (1 일 → 을, 2 이 → 를, CJ 씨제이 → 를, URL 유알엘 → 을).
Quotes, brackets and spaces after the word are skipped. A closing parenthetical without Hangul (a
code, an abbreviation) is not read aloud, so the particle agrees with the word before it:
"제어 문자(U+0001)가", "줄바꿈(CR)이"; a Korean one is read, and decides: "'판매취소(환불)'을".
"""

from __future__ import annotations

# Digits read with a final consonant: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 (2 이, 4 사, 5 오, 9 구 have none).
_DIGITS_WITH_FINAL = frozenset("013678")
# Latin letters whose names end in a consonant: L 엘, M 엠, N 엔, R 알.
_LETTERS_WITH_FINAL = frozenset("lmnr")


def _spoken(word: str) -> str:
    """``word`` as read aloud: without a closing parenthetical that holds no Hangul."""
    text = word.rstrip()
    if text.endswith(")") and "(" in text:
        head, group = text[: text.rindex("(")], text[text.rindex("(") :]
        if any(ch.isalnum() for ch in head) and not any("가" <= ch <= "힣" for ch in group):
            return head
    return text


def has_final_consonant(word: str) -> bool:
    """Whether ``word`` ends, as read aloud, with a final consonant (받침)."""
    for ch in reversed(_spoken(word)):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28 != 0
        if ch.isdigit():
            return ch in _DIGITS_WITH_FINAL
        if ch.isascii() and ch.isalpha():
            return ch.lower() in _LETTERS_WITH_FINAL
    return False


def _rieul_final(word: str) -> bool:
    for ch in reversed(_spoken(word)):
        if "가" <= ch <= "힣":
            return (ord(ch) - 0xAC00) % 28 == 8  # ㄹ
        if ch.isalnum():
            return ch in "178" or ch.lower() in "lr"
    return False


def particle(word: str, with_final: str, without_final: str) -> str:
    """The particle ``word``'s last sound takes (for a quoted word: "'발송처리'" + "를")."""
    return with_final if has_final_consonant(word) else without_final


def josa(word: str, with_final: str, without_final: str) -> str:
    """``word`` followed by the particle its last sound takes."""
    return word + particle(word, with_final, without_final)


def obj(word: str) -> str:  # 을/를
    return josa(word, "을", "를")


def subj(word: str) -> str:  # 이/가
    return josa(word, "이", "가")


def topic(word: str) -> str:  # 은/는
    return josa(word, "은", "는")


def towards(word: str) -> str:  # 으로/로 (로 also after a final ㄹ)
    if has_final_consonant(word) and not _rieul_final(word):
        return word + "으로"
    return word + "로"
