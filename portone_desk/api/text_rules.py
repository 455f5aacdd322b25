"""Which characters a text field may hold, and how long it may be (the catalog's ``TextKind``).

Pure functions, shared by validation (forms, CLI, bulk) and the sandbox. Each returns the Korean
reason a value is refused, or None; the caller names the field.

- Control characters (NUL, ESC, BEL, CR, LF, DEL, C1…) are refused everywhere except a newline
  (``\\n`` or ``\\r\\n``) in memo-like text: they corrupt terminals, logs and the PG's records.
- Format characters (bidi overrides such as U+202E, zero-width spaces and joiners, BOM…) are
  refused everywhere: they make a text read differently from what is stored.
- Emoji and other characters beyond the Basic Multilingual Plane are refused outside memo-like text:
  receipt and PG fields are stored in legacy Korean encodings that cannot hold them.
- Identifiers (path parameters, product order ids, channel keys) additionally refuse whitespace,
  ``/ \\ ? # %`` and the dot segments ``.``/``..``: a value must address the resource it names,
  never a different route. ``%`` is refused outright so no encoding of a dot or slash can slip by.
"""

from __future__ import annotations

import unicodedata

from portone_desk.api import josa
from portone_desk.api.model import DEFAULT_MAX_LENGTH, TextKind

_ID_SEPARATORS = frozenset("/\\?#%")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _control_reason(ch: str) -> str:
    return {
        "\x00": "NUL 문자",
        "\n": "줄바꿈",
        "\r": "줄바꿈(CR)",
        "\t": "탭 문자",
        "\x1b": "ESC 문자",
        "\x07": "BEL 문자",
    }.get(ch, f"제어 문자({_char_name(ch)})")


def _format_reason(ch: str) -> str:
    if ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        return f"글자 방향을 바꾸는 보이지 않는 문자({_char_name(ch)})"
    if ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e":
        return f"폭이 없는 보이지 않는 문자({_char_name(ch)})"
    return f"보이지 않는 서식 문자({_char_name(ch)})"


def character_problem(value: str, kind: TextKind) -> str | None:
    """Why ``value`` holds a character its kind refuses, or None."""
    text = value.replace("\r\n", "\n") if kind is TextKind.MULTILINE else value
    for ch in text:
        if kind is TextKind.MULTILINE and ch == "\n":
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"{josa.subj(_control_reason(ch))} 들어 있습니다. 지우고 다시 입력해 주세요"
        if category == "Cf":
            return f"{josa.subj(_format_reason(ch))} 들어 있습니다. 지우고 다시 입력해 주세요"
        if category in _REFUSED_CATEGORIES:
            return f"쓸 수 없는 문자({_char_name(ch)})가 들어 있습니다"
        if kind is not TextKind.MULTILINE and (ord(ch) > 0xFFFF or 0xFE00 <= ord(ch) <= 0xFE0F):
            return f"이모지 등 특수 문자({_char_name(ch)})는 넣을 수 없습니다"
        if kind is TextKind.IDENTIFIER:
            if ch in _ID_SEPARATORS:
                return f"번호·아이디에는 '{ch}' 문자를 쓸 수 없습니다"
            if ch.isspace():
                return "번호·아이디에는 공백을 넣을 수 없습니다"
    if kind is TextKind.IDENTIFIER and value.strip() in (".", ".."):
        return "번호·아이디는 '.'이나 '..'일 수 없습니다"
    return None


def printable_text(text: str) -> str:
    """``text`` safe to print to a terminal, a log or a label: control characters other than a
    newline, and invisible format characters (bidi overrides, zero-width), shown as ``\\uXXXX``.
    For text we did not write, e.g. a server's message."""
    return "".join(
        ch if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf") else f"\\u{ord(ch):04x}"
        for ch in text
    )


def length_problem(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"최대 {limit:,}자까지 입력할 수 있습니다(지금 {len(value):,}자)"
    return None


def text_problem(value: str, kind: TextKind, limit: int | None = None) -> str | None:
    """The first reason ``value`` is refused as text of this kind (length first), or None."""
    return length_problem(value, limit or DEFAULT_MAX_LENGTH[kind]) or character_problem(value, kind)


def identifier_problem(value: str, limit: int | None = None) -> str | None:
    """Why ``value`` cannot be a path parameter, or None (empty counts as a problem here)."""
    if not value.strip():
        return "번호·아이디가 비어 있습니다"
    return text_problem(value, TextKind.IDENTIFIER, limit)
