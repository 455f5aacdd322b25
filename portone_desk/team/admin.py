"""Administration of the team database: create or upgrade the schema, add agents, upload local history.

Run with an administrator's DSN (a superuser, or the database owner with CREATEROLE); the desks
themselves connect with agent logins. The password of a new login is turned into a SCRAM-SHA-256
verifier here, so the clear password reaches neither the server nor its statement log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from portone_desk.team import schema

LOGIN_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
_RESERVED = ("pg_", "desk_")
SCRAM_ITERATIONS = 4096


@dataclass(frozen=True)
class InitResult:
    before: int
    after: int


def init(admin_dsn: str) -> InitResult:
    import psycopg

    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        before, after = schema.migrate(conn)
    return InitResult(before, after)


def check_login(login: str) -> str | None:
    """Why ``login`` cannot be an agent's login, or None."""
    if not LOGIN_PATTERN.match(login):
        return "로그인은 영문 소문자로 시작하고 영문 소문자·숫자·_만 쓸 수 있습니다 (2~63자)"
    if login.startswith(_RESERVED):
        return "pg_ 또는 desk_로 시작하는 로그인은 쓸 수 없습니다"
    return None


def add_agent(admin_dsn: str, login: str, display_name: str, password: str, *, lead: bool = False) -> None:
    import psycopg

    problem = check_login(login)
    if problem:
        raise ValueError(problem)
    if not display_name.strip():
        raise ValueError("표시 이름이 비어 있습니다")
    if len(password) < 8:
        raise ValueError("비밀번호는 8자 이상이어야 합니다")
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if schema.current_version(conn) < 1:
            raise ValueError("팀 데이터베이스가 아직 준비되지 않았습니다. 먼저 team init을 실행하세요")
        conn.execute(
            "SELECT desk.add_agent(%s, %s, %s, %s)",
            (login, display_name.strip(), scram_verifier(password), lead),
        )


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """PostgreSQL's stored form of a SCRAM-SHA-256 password (RFC 5802/7677)."""
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def import_local(team_dsn: str, audit_db: Path) -> tuple[int, int]:
    """Upload this PC's local activity log with a lead's login; (rows read, rows added)."""
    from portone_desk.store.audit import AuditLog
    from portone_desk.team.audit import TeamAudit

    if not audit_db.exists():
        return 0, 0
    with AuditLog(audit_db) as local:
        rows = local.query(limit=10_000_000)
    with TeamAudit(team_dsn, pool_size=1) as team:
        if not team.me().is_lead:
            raise PermissionError("기록 가져오기는 팀장(lead) 로그인으로만 할 수 있습니다")
        added = team.import_rows(list(reversed(rows)))
    return len(rows), added
