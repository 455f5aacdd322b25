"""Small pieces the receipt and Naver tabs share: the "no profile" text, reading a result and the
Korean label of a catalog code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from portone_desk.api.model import Option

NO_PROFILE_TEXT = "프로필이 선택되지 않았습니다. 위의 도구 모음에서 프로필을 고르거나 연습 모드로 시작하세요."


def response_of(result: Any) -> Any:
    """The payload of an ``ApiResult`` (or a bare payload from a test double)."""
    return getattr(result, "response", result)


def label_of(options: Sequence[Option], code: object) -> str:
    """The Korean label of ``code`` among ``options``; "" for no code."""
    if not code:
        return ""
    for option in options:
        if option.code == code:
            return option.label
    return str(code)  # a newer code than the catalog knows: show it rather than hide it
