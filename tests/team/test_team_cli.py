"""``portone-desk team init|add-agent|import-local`` as a shop's administrator would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from team_support import AGENTS, ROOT, TeamDb

from portone_desk.store.audit import AuditLog
from portone_desk.store.paths import AppPaths
from portone_desk.team import admin
from portone_desk.team.errors import AlreadyDone


def _cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portone_desk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=str(ROOT),
        env={**os.environ, **(env or {})},
    )


def test_init_and_add_agent_from_the_terminal(empty_db: TeamDb) -> None:
    first = _cli("team", "init", empty_db.admin_dsn)
    assert first.returncode == 0, first.stderr
    assert "버전 0에서" in first.stdout
    again = _cli("team", "init", empty_db.admin_dsn)
    assert again.returncode == 0 and "이미 최신" in again.stdout

    added = _cli("team", "add-agent", empty_db.admin_dsn, "choi", "최상담", stdin="choi-password-9\n")
    assert added.returncode == 0, added.stderr
    assert "choi-password-9" not in added.stdout + added.stderr
    lead = _cli("team", "add-agent", empty_db.admin_dsn, "han", "한팀장", "--lead", stdin="han-password-9\n")
    assert lead.returncode == 0, lead.stderr
    bad = _cli("team", "add-agent", empty_db.admin_dsn, "Bad Login", "x", stdin="whatever-123\n")
    assert bad.returncode == 2 and "영문 소문자" in bad.stderr

    dsn = empty_db.server.dsn("choi", "choi-password-9", empty_db.name)
    with psycopg.connect(dsn, autocommit=True) as conn:
        me = conn.execute("SELECT login, display_name, is_lead FROM desk.agent WHERE login = session_user")
        assert me.fetchone() == ("choi", "최상담", False)
        groups = conn.execute(
            "SELECT pg_has_role('choi', 'desk_agents', 'member'), pg_has_role('choi', 'desk_leads', 'member')"
        )
        assert groups.fetchone() == (True, False)

    down = _cli("team", "init", empty_db.server.dsn("nobody_here", "x", empty_db.name))
    assert down.returncode == 1 and "팀 데이터베이스 오류" in down.stderr


def test_import_local_keeps_agent_names_and_marks_rows(team_db: TeamDb, tmp_path: Path) -> None:
    home = tmp_path / "pc-1"
    paths = AppPaths.under(home)
    with AuditLog(paths.audit_db) as local:
        done = local.begin(
            "issueReceipt", {"imp_uid": "imp_old", "identifier": "01012345678"}, agent_name="정상담"
        )
        local.finish(done, "ok", http_status=200, code=0)
        local.begin(
            "naverShipProductOrder", {"imp_uid": "imp_cut"}, agent_name="정상담"
        )  # app killed mid-call

    env = {"PORTONE_DESK_HOME": str(home), "PORTONE_DESK_TEAM_DSN": team_db.dsn("kim")}
    refused = _cli("team", "import-local", env=env)
    assert refused.returncode == 1 and "팀장" in refused.stderr  # an agent login may not import

    env["PORTONE_DESK_TEAM_DSN"] = team_db.dsn("park")
    first = _cli("team", "import-local", env=env)
    assert first.returncode == 0, first.stderr
    assert "2건 중 2건" in first.stdout
    second = _cli("team", "import-local", env=env)
    assert second.returncode == 0 and "2건 중 0건" in second.stdout  # safe to run twice

    with team_db.audit("kim") as audit:
        rows = audit.query()
        assert [(r.agent_name, r.operation, r.outcome) for r in rows] == [
            ("정상담 (가져옴)", "naverShipProductOrder", "unknown"),
            ("정상담 (가져옴)", "issueReceipt", "ok"),
        ]
        assert rows[1].details["identifier"] != "01012345678"  # stays masked as it was locally
        assert [r.operation for r in audit.query(agent="정상담")] == ["naverShipProductOrder", "issueReceipt"]
        assert audit.query(agent="kim") == []


def test_add_agent_refuses_before_init(empty_db: TeamDb) -> None:
    display, password, _ = AGENTS["kim"]
    try:
        admin.add_agent(empty_db.admin_dsn, "kim", display, password)
    except ValueError as exc:
        assert "team init" in str(exc)
    else:
        raise AssertionError("add-agent worked on an empty database")


def test_history_reads_the_team_log_with_an_agent_filter(team_db: TeamDb, tmp_path: Path) -> None:
    for login, imp in (("kim", "imp_kim"), ("lee", "imp_lee")):
        with team_db.audit(login) as audit:
            row = audit.begin("revokeReceipt", {"imp_uid": imp})
            assert row is not None
            audit.finish(row, "ok", http_status=200, code=0)
    env = {"PORTONE_DESK_HOME": str(tmp_path / "pc"), "PORTONE_DESK_TEAM_DSN": team_db.dsn("park")}
    everyone = _cli("history", "--json", env=env)
    assert everyone.returncode == 0, everyone.stderr
    assert {(r["agent"], r["target"]) for r in json.loads(everyone.stdout)} == {
        ("김상담", "imp_kim"),
        ("이상담", "imp_lee"),
    }
    one = _cli("history", "--json", "--agent", "lee", env=env)
    assert [r["target"] for r in json.loads(one.stdout)] == ["imp_lee"]
    local = _cli("history", "--agent", "lee", env={"PORTONE_DESK_TEAM_DSN": ""})
    assert local.returncode == 2


def test_a_lookup_resolves_an_unknown_call_by_a_new_row(team_db: TeamDb) -> None:
    with team_db.audit("kim") as kim, team_db.audit("lee") as lee:
        row = kim.begin("naverShipProductOrder", {"imp_uid": "imp_u"}, product_order_ids=["po_1"])
        assert row is not None
        kim.finish(row, "unknown", message="응답 없음")
        [pending] = lee.unknown_rows("naverShipProductOrder", imp_uid="imp_u")
        assert pending.id == row
        lee.resolve([row], "ok", "나중에 조회해 확인: 처리됨")
        assert lee.unknown_rows("naverShipProductOrder", imp_uid="imp_u") == []
        rows = lee.query(operation="naverShipProductOrder")
        assert [(r.agent_name, r.outcome) for r in rows] == [("이상담", "ok"), ("김상담", "unknown")]
        # The claim ended with the answer; the same ship again is a repeat of a done change.
        with pytest.raises(AlreadyDone):
            kim.begin("naverShipProductOrder", {"imp_uid": "imp_u"}, product_order_ids=["po_1"])
