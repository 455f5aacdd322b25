"""Issue 9, point 4 in team mode: the team database goes away between a call's answer and completing
its activity row. The agent sees the real result with the pending notice, the outcome waits in a
journal beside the local data, and once the database is back it completes the agent's own pending
row (pending → final, once) and the claim ends — by the banner's probe in the same session, or at
the next start (here: ``portone-desk history`` from the terminal)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pg_server import PgServer
from support.sandbox import fault
from support.waiting import wait_until
from team_support import ROOT, TeamDb, new_team_db, posts, start_or_skip, team_service

from portone_desk.api.client import ApiResult
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import LOG_PENDING_TEXT
from portone_desk.store.paths import AppPaths
from portone_desk.team import audit as team_audit
from portone_desk.team.audit import TeamAudit
from portone_desk.team.connection import journal_path, open_team_audit

RECEIPT = "/receipts/imp_demo_vbank_paid"


@pytest.fixture
def own_server() -> Iterator[PgServer]:
    server = start_or_skip()
    try:
        yield server
    finally:
        server.destroy()


def _issue_while_the_database_drops(sandbox: SandboxServer, server: PgServer, audit: TeamAudit) -> ApiResult:
    """issueReceipt whose answer is held back until the team database has been stopped."""
    service = team_service(sandbox.url, audit)
    service.client.get_token()
    fault(sandbox.url, {"path": RECEIPT, "method": "POST", "latency_ms": 1500})
    got: list[Any] = []
    caller = threading.Thread(
        target=lambda: got.append(
            service.call("issueReceipt", {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678"})
        )
    )
    caller.start()
    SandboxControl(sandbox.url).wait_for_requests(1, method="POST", path=RECEIPT, answered=False)
    server.stop()  # the row and its claim are written; the answer is still on its way
    caller.join(timeout=60)
    assert got, "the call did not come back"
    return got[0]


def _row_and_claims(db: TeamDb) -> tuple[tuple[Any, ...], int]:
    with psycopg.connect(db.admin_dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT outcome, login, http_status, finished_at IS NOT NULL FROM desk.activity"
            " WHERE operation = 'issueReceipt'"
        ).fetchall()
        claims = conn.execute("SELECT count(*) FROM desk.claim").fetchone()
    assert len(row) == 1
    return row[0], int(claims[0]) if claims else -1


def _wait_online(audit: TeamAudit) -> None:
    wait_until(audit.available, timeout=30, what="the pool to reconnect")


def test_outcome_waits_and_the_banner_probe_writes_it_back(
    sandbox: SandboxServer, own_server: PgServer, tmp_path: Path
) -> None:
    db = new_team_db(own_server)
    audit = open_team_audit(db.dsn("kim"), tmp_path)
    assert audit.journal is not None and audit.journal.path.parent == tmp_path
    result = _issue_while_the_database_drops(sandbox, own_server, audit)

    assert result.response["receipt_url"]  # the real result, not an error
    assert LOG_PENDING_TEXT in result.notices
    assert len(posts(sandbox.url, RECEIPT)) == 1
    waiting = audit.journal.pending()
    assert [(e["outcome"], e["http_status"]) for e in waiting] == [("ok", 200)]

    own_server.start()
    _wait_online(audit)
    assert _row_and_claims(db) == (("sent", "kim", None, False), 1)  # still pending, still claimed
    online: list[bool] = []
    audit.watch(online.append, every=0.1)  # the desk's banner probe: the database is back
    wait_until(lambda: not audit.journal.path.exists(), timeout=30, what="the journal to be replayed")
    assert online == [True]
    assert _row_and_claims(db) == (("ok", "kim", 200, True), 0)  # completed once; the claim ended
    assert [r.outcome for r in audit.query(operation="issueReceipt")] == ["ok"]
    audit.close()


def test_outcome_waits_for_the_next_start(
    sandbox: SandboxServer, own_server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(team_audit, "WATCH_EVERY", 0.1)
    db = new_team_db(own_server)
    paths = AppPaths.under(tmp_path / "home")
    audit = open_team_audit(db.dsn("kim"), paths.data_dir)
    result = _issue_while_the_database_drops(sandbox, own_server, audit)
    assert LOG_PENDING_TEXT in result.notices
    audit.close()  # the desk was closed while the database was away
    journal = journal_path(paths.data_dir, db.dsn("kim"))
    assert journal.exists()
    assert "kim-password" not in journal.read_text(encoding="utf-8")  # never the password

    own_server.start()
    env = {**os.environ, "PORTONE_DESK_HOME": str(tmp_path / "home"), "PORTONE_DESK_TEAM_DSN": db.dsn("kim")}
    shown = subprocess.run(
        [sys.executable, "-m", "portone_desk", "history", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(ROOT),
        env=env,
    )
    assert shown.returncode == 0, shown.stderr
    assert [(r["operation"], r["outcome"]) for r in json.loads(shown.stdout)] == [("issueReceipt", "ok")]
    assert not journal.exists()
    assert _row_and_claims(db) == (("ok", "kim", 200, True), 0)


def test_replay_never_rewrites_a_completed_row(own_server: PgServer, tmp_path: Path) -> None:
    """A line replayed twice (two processes, a crash mid-replay) hits the append-only rule and is
    dropped, and the row keeps its first outcome."""
    db = new_team_db(own_server)
    with open_team_audit(db.dsn("kim"), tmp_path) as audit:
        assert audit.journal is not None
        row = audit.begin("issueReceipt", {"imp_uid": "imp_x", "identifier": "01012345678"})
        assert row is not None
        audit.finish(row, "ok", http_status=200)
        audit.journal.append({"row_id": row, "outcome": "failed", "message": "late copy"})
        assert audit.catch_up() == 1
        assert not audit.journal.path.exists()
        found = audit.get(row)
        assert found is not None and found.outcome == "ok" and found.message == ""
