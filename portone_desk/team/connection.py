"""Where the team database is: ``PORTONE_DESK_TEAM_DSN`` (a libpq URI, for the CLI and tests), else
the profile's ``team_db`` URI with the password from the OS keyring (kind ``team_password``).

The profile keeps the URI *without* a password; ``sslmode`` may be anything libpq knows up to
``verify-full`` (with ``sslrootcert`` for a private CA).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from portone_desk.store.profiles import Profile
    from portone_desk.team.audit import TeamAudit

ENV_DSN = "PORTONE_DESK_TEAM_DSN"
PASSWORD_KIND = "team_password"
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def check_team_uri(uri: str) -> str | None:
    """Why ``uri`` cannot be a profile's team database, or None (blank means no team mode)."""
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


def team_dsn(profile: Profile | None = None, password: str | None = None) -> str | None:
    """The DSN to connect with, or None for a one-PC desk (local SQLite log); ``password`` is the
    profile's from the keyring (``ProfileStore.team_password``)."""
    env = os.environ.get(ENV_DSN, "").strip()
    if env:
        return env
    uri = getattr(profile, "team_db", "") if profile is not None else ""
    if not uri:
        return None
    if not password:
        return uri
    from psycopg.conninfo import make_conninfo

    return make_conninfo(uri, password=password)


def open_team_audit(dsn: str) -> TeamAudit:
    from portone_desk.team.audit import TeamAudit

    return TeamAudit(dsn)
