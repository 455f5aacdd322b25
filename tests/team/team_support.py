"""Helpers for the team tests: agents, their audited services against a sandbox, the sandbox's log.

(Not in conftest.py: another folder's conftest may be the one ``import conftest`` finds.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pg_server import ADMIN_USER, PgServer, start_server

from portone_desk.api.client import PortOneClient
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.service import DeskService
from portone_desk.store.profiles import Profile
from portone_desk.team import admin
from portone_desk.team.audit import TeamAudit

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
REQUIRE = os.environ.get("PORTONE_DESK_REQUIRE_POSTGRES") == "1"
# login → (display name, password, lead)
AGENTS = {
    "kim": ("김상담", "kim-password-1", False),
    "lee": ("이상담", "lee-password-2", False),
    "park": ("박팀장", "park-password-3", True),
}


@dataclass
class TeamDb:
    server: PgServer
    name: str
    admin_dsn: str

    def dsn(self, login: str) -> str:
        return self.server.dsn(login, AGENTS[login][1], self.name)

    def init_with_agents(self) -> None:
        admin.init(self.admin_dsn)
        for login, (display, password, lead) in AGENTS.items():
            admin.add_agent(self.admin_dsn, login, display, password, lead=lead)

    def audit(self, login: str, **kwargs: Any) -> TeamAudit:
        return TeamAudit(self.dsn(login), **kwargs)


def team_service(url: str, audit: TeamAudit, read_timeout: float = 5.0) -> DeskService:
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, read_timeout))
    profile = Profile.new("테스트 상점", base_url=url, agent_name="로컬 이름")
    return DeskService(profile, client, audit=audit)


def posts(url: str, path_part: str) -> list[dict[str, Any]]:
    """POST calls the sandbox has seen (answered or not) whose path contains ``path_part``."""
    return SandboxControl(url).requests(method="POST", path=path_part)


def run_child(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(HERE / script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=str(ROOT),
    )


def start_or_skip() -> PgServer:
    """A fresh cluster; skipped with the reason when PostgreSQL is missing, failed under CI's
    PORTONE_DESK_REQUIRE_POSTGRES=1."""
    try:
        return start_server()
    except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError, PermissionError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        reason = f"PostgreSQL를 시작할 수 없습니다: {exc} {detail.decode(errors='replace')[-500:]}"
        if REQUIRE:
            pytest.fail(reason + " (PORTONE_DESK_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)


def new_team_db(server: PgServer, *, init: bool = True) -> TeamDb:
    import psycopg

    name = f"desk_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a generated name: no input reaches this statement
    db = TeamDb(server, name, server.dsn(ADMIN_USER, server.password, name))
    if init:
        db.init_with_agents()
    return db
