"""Fixtures for the team tests: one throwaway PostgreSQL per session, a fresh database per test.

Without PostgreSQL the tests skip with the reason; with PORTONE_DESK_REQUIRE_POSTGRES=1 (CI) they
fail instead.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator

import pytest
from pg_server import ADMIN_USER, PgServer, start_server
from team_support import AGENTS, TeamDb

REQUIRE = os.environ.get("PORTONE_DESK_REQUIRE_POSTGRES") == "1"


def start_or_skip() -> PgServer:
    try:
        return start_server()
    except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError, PermissionError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        reason = f"PostgreSQL를 시작할 수 없습니다: {exc} {detail.decode(errors='replace')[-500:]}"
        if REQUIRE:
            pytest.fail(reason + " (PORTONE_DESK_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgServer]:
    server = start_or_skip()
    try:
        yield server
    finally:
        server.destroy()


def new_team_db(server: PgServer, *, init: bool = True) -> TeamDb:
    import psycopg

    name = f"desk_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a generated name: no input reaches this statement
    db = TeamDb(server, name, server.dsn(ADMIN_USER, server.password, name))
    if init:
        db.init_with_agents()
    return db


@pytest.fixture
def team_db(pg_cluster: PgServer) -> TeamDb:
    return new_team_db(pg_cluster)


@pytest.fixture
def empty_db(pg_cluster: PgServer) -> TeamDb:
    return new_team_db(pg_cluster, init=False)


__all__ = ["AGENTS", "new_team_db", "start_or_skip"]
