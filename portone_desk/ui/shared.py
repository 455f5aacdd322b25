"""Small Qt-free pieces the tabs share: the one "no profile" text, reading a result and the Korean
label of a catalog code."""

from __future__ import annotations

from typing import Any

from portone_desk.api.model import label_of

__all__ = ["NO_PROFILE_TEXT", "label_of", "response_of"]

NO_PROFILE_TEXT = "프로필이 선택되지 않았습니다. 위의 도구 모음에서 프로필을 고르거나 연습 모드로 시작하세요."


def response_of(result: Any) -> Any:
    """The payload of an ``ApiResult`` (or a bare payload from a test double)."""
    return getattr(result, "response", result)
