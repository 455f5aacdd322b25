"""The team database goes down mid-shift: mutations are refused and nothing is sent, lookups still
work, and once it is back the desk writes again (no local log in between)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import PgServer
from team_support import TeamDb, new_team_db, posts, start_or_skip, team_service

from portone_desk.sandbox.server import SandboxServer
from portone_desk.team.errors import TeamUnavailable


@pytest.fixture
def own_server() -> Iterator[PgServer]:
    server = start_or_skip()
    try:
        yield server
    finally:
        server.destroy()


def test_database_down_mid_shift(sandbox: SandboxServer, own_server: PgServer, tmp_path: Path) -> None:
    db: TeamDb = new_team_db(own_server)
    audit = db.audit("kim", connect_timeout=2.0)
    service = team_service(sandbox.url, audit)
    service.call("issueReceipt", {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678"})
    assert len(posts(sandbox.url, "/receipts/")) == 1

    own_server.stop()
    assert not audit.available()
    started = time.monotonic()
    with pytest.raises(TeamUnavailable, match="팀 데이터베이스에 연결할 수 없어 보내지 않았습니다"):
        service.call("issueReceipt", {"imp_uid": "imp_demo_trans_paid", "identifier": "01012345678"})
    assert time.monotonic() - started < 10  # the agent is not kept waiting long
    with pytest.raises(TeamUnavailable):
        service.call("naverPlaceProductOrder", {"imp_uid": "imp_demo_naver_new"}, product_order_ids=None)
    assert len(posts(sandbox.url, "/receipts/")) == 1  # nothing more was sent
    assert posts(sandbox.url, "/naver/place") == []
    # Lookups still work while the team log is away.
    payment = service.call("getPaymentByImpUid", {"imp_uid": "imp_demo_trans_paid"})
    assert payment.response["imp_uid"] == "imp_demo_trans_paid"
    assert not (Path(tmp_path) / "audit.sqlite3").exists()  # never logged locally instead

    own_server.start()
    deadline = time.monotonic() + 30
    while not audit.available():
        assert time.monotonic() < deadline, "the pool did not reconnect"
        time.sleep(0.1)
    service.call("issueReceipt", {"imp_uid": "imp_demo_trans_paid", "identifier": "01012345678"})
    assert len(posts(sandbox.url, "/receipts/")) == 2
    rows = audit.query(operation="issueReceipt")
    assert [(r.imp_uid, r.outcome) for r in rows] == [
        ("imp_demo_trans_paid", "ok"),
        ("imp_demo_vbank_paid", "ok"),
    ]
    audit.close()
