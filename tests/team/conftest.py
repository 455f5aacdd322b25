"""Fixtures for the team tests: one throwaway PostgreSQL per session, a fresh database per test.

Without PostgreSQL the tests skip with the reason; with PORTONE_DESK_REQUIRE_POSTGRES=1 (CI) they
fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_server import PgServer
from team_support import TeamDb, new_team_db, start_or_skip


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgServer]:
    server = start_or_skip()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture
def team_db(pg_cluster: PgServer) -> TeamDb:
    return new_team_db(pg_cluster)


@pytest.fixture
def empty_db(pg_cluster: PgServer) -> TeamDb:
    return new_team_db(pg_cluster, init=False)
