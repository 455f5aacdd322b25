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
import requests
from pg_server import ADMIN_USER, PgServer, start_server

from portone_desk.api.client import PortOneClient
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


# The sandbox's control API. TODO: SandboxControl (portone_desk/sandbox/control_client.py) once in main.
def request_log(url: str) -> list[dict[str, Any]]:
    return requests.get(f"{url}/_sandbox/requests", timeout=5).json()["requests"]


def posts(url: str, path_part: str) -> list[dict[str, Any]]:
    return [r for r in request_log(url) if r["method"] == "POST" and path_part in r["path"]]


def fault(url: str, rule: dict[str, Any]) -> None:
    requests.post(f"{url}/_sandbox/faults", json=rule, timeout=5).raise_for_status()


def naver_payment(url: str, count: int, status: str = "PAYED") -> tuple[str, list[str]]:
    reply = requests.post(
        f"{url}/_sandbox/payments",
        json={
            "pay_method": "naverpay",
            "pg_provider": "naverco",
            "amount": 10000 * count,
            "status": "paid",
            "product_orders": [{"product_order_status": status} for _ in range(count)],
        },
        timeout=5,
    )
    reply.raise_for_status()
    data = reply.json()
    return data["imp_uid"], data["product_order_ids"]


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
