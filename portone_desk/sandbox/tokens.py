"""Access tokens with PortOne's documented lifetime rules.

- A token lives 30 minutes from issue.
- getToken while the current token is valid answers the same token and expiry, except that
  with under 1 minute left the expiry is pushed back by 5 minutes.
- After expiry a new token is issued.
"""

from __future__ import annotations

import secrets

from portone_desk.sandbox.store import SandboxStore
from portone_desk.sandbox.wire import ApiFailure

LIFETIME = 30 * 60
EXTEND_BELOW = 60
EXTENSION = 5 * 60


def issue(store: SandboxStore, now: int) -> dict[str, object]:
    current = store.latest_token()
    if current and current[1] > now:
        token, expired_at = current
        if expired_at - now < EXTEND_BELOW:
            expired_at += EXTENSION
            store.save_token(token, expired_at)
    else:
        token, expired_at = secrets.token_hex(20), now + LIFETIME
        store.save_token(token, expired_at)
    return {"access_token": token, "expired_at": expired_at, "now": now}


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    # PortOne also accepts the bare token in the header.
    return authorization.strip() if not value else None


def check(store: SandboxStore, authorization: str | None, now: int) -> None:
    """Raise 401 unless the header carries a known, unexpired token."""
    token = bearer(authorization)
    if token is None:
        raise ApiFailure(401, "인증 토큰이 없습니다. Authorization 헤더에 access_token을 보내 주세요")
    expired_at = store.token_expiry(token)
    if expired_at is None:
        raise ApiFailure(401, "유효하지 않은 인증 토큰입니다")
    if expired_at <= now:
        raise ApiFailure(401, "만료된 인증 토큰입니다. 토큰을 다시 발급받아 주세요")
