"""Personal data inside free text (notes, memos, log lines, crash reports), masked like identifiers.

Three things are found in text an agent types or a program prints:
- long digit runs: phone, resident, card and business numbers (``010-****-**78``);
- e-mail addresses (``ho**@example.com``);
- a name next to an honorific — ``홍길동 고객님``, ``김민수님``, ``이영희 씨`` — kept to its first
  character (``홍** 고객님``). Korean names are 2–4 syllables; the common nouns that also precede
  an honorific (고객님, 회원님, 기사님…) are left alone.

Over-masking a word that only looks like a name is accepted; leaving a real name whole is not.
"""

from __future__ import annotations

import re

from portone_desk.api.masking import mask_email, mask_identifier, mask_name

# Nine or more digits, optionally split by one kind of separator ('-', ' ' or '.'), not glued to
# a Latin word (so ``imp_123456789012`` and ``order-2024…`` ids stay whole, and a date followed
# by a time does not read as one number). A Korean particle may follow: ``010-1234-5678로``.
DIGIT_RUN = re.compile(
    r"(?<![A-Za-z0-9_\-.])(?:\d(?:-?\d){8,}|\d(?: ?\d){8,}|\d(?:\.?\d){8,})(?![\w\-.]?\d)(?![A-Za-z0-9_])"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_HONORIFIC = r"(?:고객님|회원님|구매자님|님|씨|고객|회원)"
NAME_WITH_HONORIFIC = re.compile(rf"([가-힣]{{2,4}})(\s?)({_HONORIFIC})")
# Words that come before an honorific without being a name.
_NOT_NAMES = frozenset(
    {
        "고객",
        "회원",
        "구매자",
        "판매자",
        "기사",
        "택배기사",
        "배송기사",
        "담당자",
        "선생",
        "사장",
        "대표",
        "팀장",
        "상담사",
        "관리자",
        "주문자",
        "수령인",
        "수령자",
        "보호자",
        "여러분",
    }
)


def _name(match: re.Match[str]) -> str:
    name, space, honorific = match.group(1), match.group(2), match.group(3)
    if name in _NOT_NAMES or (name + honorific) in _NOT_NAMES:
        return match.group(0)
    return mask_name(name) + space + honorific


def mask_personal_text(text: object) -> str:
    """``text`` with phone-like digit runs, e-mail addresses and honorific-marked names masked."""
    if text is None:
        return ""
    result = text if isinstance(text, str) else str(text)
    result = EMAIL.sub(lambda m: mask_email(m.group(0)), result)
    result = DIGIT_RUN.sub(lambda m: mask_identifier(m.group(0)), result)
    return NAME_WITH_HONORIFIC.sub(_name, result)
