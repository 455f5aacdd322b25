"""Checks on a profile's settings, each failure naming the field it belongs to."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_TIER = re.compile(r"[A-Za-z0-9]{3}")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_LOOPBACK_NAMES = {"localhost"}


class ProfileError(ValueError):
    """A setting the agent must fix; ``field`` is the Profile attribute (or ``imp_key``/``imp_secret``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_display_name(name: str, others: list[str]) -> None:
    if not name.strip():
        raise ProfileError("display_name", "프로필 이름을 입력하세요.")
    if name.strip().casefold() in {other.strip().casefold() for other in others}:
        raise ProfileError(
            "display_name", f"'{name.strip()}' 이름의 프로필이 이미 있습니다. 다른 이름을 쓰세요."
        )


def check_profile_id(profile_id: str) -> None:
    # The id names keyring entries (``<id>:<kind>``), so keep it to safe characters.
    if not _ID.fullmatch(profile_id):
        raise ProfileError("id", "프로필 식별자가 올바르지 않습니다.")


def check_tier_code(code: str | None) -> None:
    if code is not None and not _TIER.fullmatch(code):
        raise ProfileError("tier_code", "Tier 코드는 영문 또는 숫자 3자리입니다 (예: A01).")


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ProfileError("base_url", "API 주소는 https://로 시작하는 전체 주소여야 합니다.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        # Credentials and tokens would cross the network unencrypted.
        raise ProfileError(
            "base_url", "API 주소는 https:// 여야 합니다 (http는 이 PC의 연습용 서버에만 쓸 수 있습니다)."
        )
    if parts.username or parts.password:
        raise ProfileError("base_url", "API 주소에 사용자 이름이나 비밀번호를 넣지 마세요.")
    if parts.query or parts.fragment:
        raise ProfileError("base_url", "API 주소에는 ?나 # 뒷부분을 넣지 마세요.")


def check_secret(field: str, value: str | None, *, required: bool) -> None:
    label, particle = ("REST API 키", "를") if field == "imp_key" else ("REST API 시크릿", "을")
    if value is None:
        if required:
            raise ProfileError(field, f"{label}{particle} 입력하세요.")
        return
    if not value:
        raise ProfileError(field, f"{label}{particle} 입력하세요.")
    if any(ch.isspace() for ch in value):
        raise ProfileError(field, f"{label}에 공백이 들어 있습니다. 복사한 값을 다시 확인하세요.")


SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def team_uri_problem(uri: str) -> str | None:
    """Why ``uri`` cannot be a profile's team database (team mode), or None; blank means no team."""
    from urllib.parse import parse_qs, urlsplit

    if not uri.strip():
        return None
    parts = urlsplit(uri.strip())
    if parts.scheme not in ("postgresql", "postgres"):
        return "팀 데이터베이스 주소는 postgresql://로그인@호스트:포트/데이터베이스 형식이어야 합니다"
    if parts.password:
        return "비밀번호는 주소에 쓰지 말고 비밀번호 칸에 입력하세요 (OS 키체인에 저장됩니다)"
    if not parts.hostname or not parts.username:
        return "팀 데이터베이스 주소에 로그인과 호스트가 필요합니다"
    modes = parse_qs(parts.query).get("sslmode", [])
    if modes and modes[-1] not in SSL_MODES:
        return f"sslmode는 {', '.join(SSL_MODES)} 중 하나여야 합니다"
    return None
