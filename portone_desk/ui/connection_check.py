""" "연결 테스트": get a token with the given credentials and describe the result in Korean.

Blocking; the dialog runs it through the runner. The token itself is never returned or shown.
"""

from __future__ import annotations

import time
from typing import Any


def check_connection(base_url: str, imp_key: str, imp_secret: str, tier: str | None) -> str:
    from portone_desk.api.client import PortOneClient

    client = PortOneClient(base_url, imp_key, imp_secret, tier=tier)
    try:
        token = client.get_token()
        minutes = minutes_left(token, client)
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()
    if minutes is None:
        return "연결에 성공했습니다. 인증 토큰을 발급받았습니다."
    return f"연결에 성공했습니다. 발급받은 인증 토큰은 약 {minutes}분 동안 유효합니다."


def minutes_left(token: Any, client: Any) -> int | None:
    """Remaining lifetime by the server's clock (``expired_at - now``); None if unknown."""
    response = getattr(token, "response", token)
    if isinstance(response, dict):
        expired_at, now = response.get("expired_at"), response.get("now")
        if isinstance(expired_at, int | float):
            base = now if isinstance(now, int | float) else time.time()
            return max(0, int((expired_at - base) // 60))
    manager = getattr(client, "tokens", None)
    remaining = manager.remaining() if manager is not None else None
    return None if remaining is None else max(0, int(remaining // 60))
