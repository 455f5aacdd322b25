"""The team database's rules, tried with real logins on a real PostgreSQL: migrations, identity set by
the database, append-only history, least privilege."""

from __future__ import annotations

import psycopg
import pytest
from team_support import TeamDb

from portone_desk.team import admin, schema
from portone_desk.team.audit import TeamAudit
from portone_desk.team.errors import TeamSetupError


def _version(dsn: str) -> int:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return schema.current_version(conn)


def test_migrations_up_from_empty_and_twice(empty_db: TeamDb) -> None:
    assert _version(empty_db.admin_dsn) == 0
    assert admin.init(empty_db.admin_dsn) == admin.InitResult(0, schema.LATEST)
    assert admin.init(empty_db.admin_dsn) == admin.InitResult(schema.LATEST, schema.LATEST)
    with psycopg.connect(empty_db.admin_dsn, autocommit=True) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM desk.schema_version ORDER BY 1")]
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'desk'")}
    assert versions == list(range(1, schema.LATEST + 1))
    assert {"activity", "claim", "agent", "batch", "batch_row", "batch_lease"} <= tables


def test_migration_from_the_previous_version_keeps_the_history(empty_db: TeamDb) -> None:
    with psycopg.connect(empty_db.admin_dsn, autocommit=True) as conn:
        assert schema.migrate(conn, target=schema.LATEST - 1) == (0, schema.LATEST - 1)
    for login in ("kim", "park"):
        display, password, lead = __import__("team_support").AGENTS[login]
        admin.add_agent(empty_db.admin_dsn, login, display, password, lead=lead)
    with psycopg.connect(empty_db.dsn("kim"), autocommit=True) as conn:  # as a desk of that version wrote
        found = conn.execute(
            "INSERT INTO desk.activity (session_id, operation, mutating, imp_uid) VALUES (%s, %s, %s, %s)"
            " RETURNING id",
            ("old-desk", "revokeReceipt", True, "imp_before_upgrade"),
        ).fetchone()
        assert found is not None
        conn.execute("UPDATE desk.activity SET outcome = 'ok', http_status = 200 WHERE id = %s", found)
    assert admin.init(empty_db.admin_dsn) == admin.InitResult(schema.LATEST - 1, schema.LATEST)
    with empty_db.audit("park") as audit:
        rows = audit.query()
    assert [(r.imp_uid, r.agent_name, r.outcome) for r in rows] == [("imp_before_upgrade", "김상담", "ok")]


def test_identity_comes_from_the_login(team_db: TeamDb) -> None:
    with team_db.audit("kim") as audit:
        row = audit.begin("issueReceipt", {"imp_uid": "imp_a"}, agent_name="박팀장")
        assert row is not None
        audit.finish(row, "ok")
        assert audit.get(row).agent_name == "김상담"  # type: ignore[union-attr]
    with psycopg.connect(team_db.dsn("kim"), autocommit=True) as conn:
        # Naming another login is refused outright; another display name is overwritten.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO desk.activity (login, session_id, operation, mutating) VALUES (%s, %s, %s, %s)",
                ("lee", "s", "issueReceipt", True),
            )
        found = conn.execute(
            "INSERT INTO desk.activity (agent_name, session_id, operation, mutating, outcome)"
            " VALUES (%s, %s, %s, %s, %s) RETURNING login, agent_name, outcome",
            ("이상담", "s", "issueReceipt", True, "ok"),
        ).fetchone()
        assert found == ("kim", "김상담", "sent")
        # An agent cannot pass a row off as imported history in someone else's name.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a lead"):
            conn.execute(
                "INSERT INTO desk.activity (imported, agent_name, session_id, operation, mutating)"
                " VALUES (true, %s, %s, %s, %s)",
                ("이상담", "s", "issueReceipt", True),
            )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE desk.activity SET outcome = 'failed' WHERE id = %(done)s",
        "UPDATE desk.activity SET message = 'changed' WHERE id = %(done)s",
        "UPDATE desk.activity SET imp_uid = 'imp_other' WHERE id = %(pending)s",
        "UPDATE desk.activity SET outcome = 'ok' WHERE id = %(others)s",
        "DELETE FROM desk.activity WHERE id = %(done)s",
        "TRUNCATE desk.activity",
        "DELETE FROM desk.claim",
        "UPDATE desk.claim SET expires_at = 0",
        "INSERT INTO desk.agent (login, display_name) VALUES ('kim2', 'x')",
    ],
)
def test_agents_cannot_rewrite_history(team_db: TeamDb, statement: str) -> None:
    with team_db.audit("kim") as kim, team_db.audit("lee") as lee:
        done = kim.begin("issueReceipt", {"imp_uid": "imp_done"})
        assert done is not None
        kim.finish(done, "ok")
        pending = kim.begin("issueReceipt", {"imp_uid": "imp_pending"})
        others = lee.begin("issueReceipt", {"imp_uid": "imp_lee"})
    ids = {"done": done, "pending": pending, "others": others}
    with psycopg.connect(team_db.dsn("kim"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement, ids)
        rows = conn.execute("SELECT id, outcome, message, imp_uid FROM desk.activity ORDER BY id").fetchall()
    assert rows == [
        (done, "ok", "", "imp_done"),
        (pending, "sent", "", "imp_pending"),
        (others, "sent", "", "imp_lee"),
    ]


def test_a_pending_row_is_completed_once(team_db: TeamDb) -> None:
    with team_db.audit("kim") as audit:
        row = audit.begin("issueReceipt", {"imp_uid": "imp_once"})
        assert row is not None
        audit.finish(row, "unknown", message="응답 없음")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            audit.finish(row, "ok")
        assert audit.get(row).outcome == "unknown"  # type: ignore[union-attr]


def test_the_desk_refuses_a_superuser_or_a_stranger(team_db: TeamDb) -> None:
    with TeamAudit(team_db.admin_dsn) as audit, pytest.raises(TeamSetupError, match="슈퍼유저"):
        audit.begin("issueReceipt", {"imp_uid": "imp_x"})
    with psycopg.connect(team_db.admin_dsn, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS stranger")
        conn.execute("CREATE ROLE stranger LOGIN PASSWORD 'stranger-pw'")
    with (
        TeamAudit(team_db.server.dsn("stranger", "stranger-pw", team_db.name)) as audit,
        pytest.raises(TeamSetupError, match="등록된 상담원이 아닙니다"),
    ):
        audit.begin("issueReceipt", {"imp_uid": "imp_x"})


def test_agent_passwords_are_stored_as_scram_only(team_db: TeamDb) -> None:
    verifier = admin.scram_verifier("secret-pass", salt=b"0123456789abcdef")
    assert verifier.startswith("SCRAM-SHA-256$4096:") and "secret-pass" not in verifier
    with psycopg.connect(team_db.admin_dsn, autocommit=True) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'kim'").fetchone()
        flags = conn.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'kim'"
        )
        assert flags.fetchone() == (False, False, False)
    assert stored is not None and stored[0].startswith("SCRAM-SHA-256$")
    with pytest.raises(ValueError, match="영문 소문자"):
        admin.add_agent(team_db.admin_dsn, "Robert'); DROP TABLE x; --", "x", "long-password")
