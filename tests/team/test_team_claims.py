"""Claims: two desks on one target → one request reaches PortOne; the other agent is told who has it."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from support.sandbox import fault
from team_support import TeamDb, posts, run_child

from portone_desk.sandbox.server import SandboxServer
from portone_desk.team.errors import AlreadyDone, ClaimHeld

RECEIPT = {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678"}


def _race(sandbox: SandboxServer, team_db: TeamDb, tmp_path: Path, logins: list[str]) -> list[dict[str, str]]:
    go = tmp_path / "go"
    children = [
        run_child(
            "team_child.py", sandbox.url, team_db.dsn(login), str(go), "issueReceipt", json.dumps(RECEIPT)
        )
        for login in logins
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
    go.touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_two_processes_one_target_one_post(sandbox: SandboxServer, team_db: TeamDb, tmp_path: Path) -> None:
    # The first call is held up at the server (after it applied), so the second desk comes while it is live.
    fault(sandbox.url, {"path": "/receipts/", "method": "POST", "latency_ms": 1500, "when": "after"})
    results = _race(sandbox, team_db, tmp_path, ["kim", "lee"])
    outcomes = sorted(r["result"] for r in results)
    assert outcomes == ["held", "ok"], results
    refused = next(r for r in results if r["result"] == "held")
    assert re.search(r"(김상담|이상담) 상담원이 \d\d:\d\d부터 처리 중", refused["message"])
    assert len(posts(sandbox.url, "/receipts/imp_demo_vbank_paid")) == 1
    with team_db.audit("park") as lead:
        rows = lead.query(operation="issueReceipt")
    assert [r.outcome for r in rows] == ["ok"]  # the refused desk wrote no row: it sent nothing


def test_many_desks_at_once_still_one_post(sandbox: SandboxServer, team_db: TeamDb, tmp_path: Path) -> None:
    results = _race(sandbox, team_db, tmp_path, ["kim", "lee", "park", "kim"])
    assert [r["result"] for r in results].count("ok") == 1, results
    assert {r["result"] for r in results} <= {"ok", "held", "done"}
    assert len(posts(sandbox.url, "/receipts/imp_demo_vbank_paid")) == 1


def test_claims_cover_the_whole_payment_and_its_orders(team_db: TeamDb) -> None:
    with team_db.audit("kim") as kim, team_db.audit("lee") as lee:
        whole = kim.begin("naverPlaceProductOrder", {"imp_uid": "imp_n"})  # all orders of the payment
        with pytest.raises(ClaimHeld, match="김상담 상담원이"):
            lee.begin("naverShipProductOrder", {"imp_uid": "imp_n"}, product_order_ids=["po_1"])
        other = lee.begin("naverShipProductOrder", {"imp_uid": "imp_m"}, product_order_ids=["po_1"])
        assert whole is not None and other is not None
        kim.finish(whole, "ok")  # a known outcome ends the claim
        lee.finish(other, "ok")
        one = lee.begin("naverShipProductOrder", {"imp_uid": "imp_n"}, product_order_ids=["po_1"])
        two = kim.begin("naverShipProductOrder", {"imp_uid": "imp_n"}, product_order_ids=["po_2"])
        assert one is not None and two is not None


def test_the_same_change_just_made_is_refused(team_db: TeamDb) -> None:
    with team_db.audit("kim") as kim, team_db.audit("lee") as lee:
        row = kim.begin("issueReceipt", {"imp_uid": "imp_r"})
        assert row is not None
        kim.finish(row, "ok")
        with pytest.raises(AlreadyDone, match=r"김상담 상담원이 .* 이미 처리함"):
            lee.begin("issueReceipt", {"imp_uid": "imp_r"})
        # A different change (revoke, then issue again) is not a repeat.
        revoke = lee.begin("revokeReceipt", {"imp_uid": "imp_r"})
        assert revoke is not None
        lee.finish(revoke, "ok")
        again = kim.begin("issueReceipt", {"imp_uid": "imp_r"})
        assert again is not None


def test_a_crashed_holder_keeps_the_claim_until_it_settles(team_db: TeamDb) -> None:
    """A desk that stopped mid-call (its row stays pending) holds the target until no answer of that call
    could still apply; an unknown outcome holds it just as long; then another agent may act."""
    settle = 1.5
    with (
        team_db.audit("kim", read_timeout=0.5, settle_margin=1.0) as kim,
        team_db.audit("lee") as lee,
    ):
        started = time.monotonic()
        crashed = kim.begin("issueReceipt", {"imp_uid": "imp_crash"})
        assert crashed is not None
        with pytest.raises(ClaimHeld):
            lee.begin("issueReceipt", {"imp_uid": "imp_crash"})
        deadline = time.monotonic() + 15
        while True:
            try:
                row = lee.begin("issueReceipt", {"imp_uid": "imp_crash"})
                break
            except ClaimHeld:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert time.monotonic() - started >= settle - 0.05  # never before the settle time
        assert row is not None

        started = time.monotonic()
        unknown = kim.begin("revokeReceipt", {"imp_uid": "imp_unknown"})
        assert unknown is not None
        kim.finish(unknown, "unknown")
        with pytest.raises(ClaimHeld):
            lee.begin("revokeReceipt", {"imp_uid": "imp_unknown"})
        assert time.monotonic() - started < settle
