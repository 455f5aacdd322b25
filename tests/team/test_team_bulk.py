"""Shared batches in team mode, through ``portone-desk bulk`` on two PCs (two data folders, two
agents' logins): every PC sees every batch, none can resume another's live batch, a sheet's rows
that another PC has in hand are held in the dry run, and each product order is shipped by exactly
one POST — also when both start the same sheet at the same moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support.sandbox import fault, naver_payment
from support.waiting import wait_until
from team_support import ROOT, TeamDb, posts

from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.team.jobstore import TeamJobStore

FAST = ["--settle-margin", "0.5", "--naver-sync-lag", "0"]


def _bulk(home: Path, dsn: str, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PORTONE_DESK_HOME": str(home),
        "PORTONE_DESK_TEAM_DSN": dsn,
        "PORTONE_IMP_KEY": DEMO_IMP_KEY,
        "PORTONE_IMP_SECRET": DEMO_IMP_SECRET,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "portone_desk", "bulk", *args],
        env=env,
        cwd=str(ROOT),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _sheet(sandbox: SandboxServer, tmp_path: Path, latency_ms: int = 300) -> tuple[Path, list[str]]:
    payments = [naver_payment(sandbox.url, ["PAYED", "PAYED"]) for _ in range(6)]
    sheet = tmp_path / "warehouse.csv"
    lines = ["결제번호,상품주문번호,택배사,송장번호"]
    lines += [f"{imp},{oid},CJGLS,{200000000000 + n}" for n, (imp, ids) in enumerate(payments) for oid in ids]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Slow answers, so the runs overlap.
    fault(
        sandbox.url,
        {"path": "/payments/", "method": "POST", "latency_ms": latency_ms, "when": "after", "times": 100},
    )
    return sheet, sorted(oid for _, ids in payments for oid in ids)


def _shipped_once(sandbox: SandboxServer, all_ids: list[str]) -> None:
    shipped: dict[str, int] = {}
    for post in posts(sandbox.url, "/naver/ship"):
        for order_id in post["body"]["product_order_id"]:
            shipped[order_id] = shipped.get(order_id, 0) + 1
    assert sorted(shipped) == all_ids
    assert set(shipped.values()) == {1}, shipped  # no product order shipped twice


def test_second_pc_sees_the_batch_cannot_resume_it_and_holds_its_rows(
    sandbox: SandboxServer, team_db: TeamDb, tmp_path: Path
) -> None:
    sheet, all_ids = _sheet(sandbox, tmp_path, latency_ms=1000)
    url = ["--base-url", sandbox.url]
    slow = ["--concurrency", "1", *url, *FAST]  # about 2 s: the other PC comes while it runs
    first = _bulk(tmp_path / "pc-1", team_db.dsn("kim"), "run", str(sheet), "--kind", "ship", *slow)
    try:
        with TeamJobStore(team_db.dsn("park")) as store:  # the lead's view, from a third PC
            running = wait_until(lambda: [b for b in store.batches() if b.holder is not None], 30, "a lease")
        [batch] = running

        listed, _ = _bulk(tmp_path / "pc-2", team_db.dsn("lee"), "list", "--json").communicate(timeout=60)
        [item] = json.loads(listed)
        assert item["id"] == batch.id and item["rows"] == len(all_ids)

        resumed = _bulk(tmp_path / "pc-2", team_db.dsn("lee"), "resume", str(batch.id), *url, *FAST)
        _, err = resumed.communicate(timeout=60)
        assert resumed.returncode == 1 and "다른 창에서 실행 중" in err

        again = _bulk(tmp_path / "pc-2", team_db.dsn("lee"), "run", str(sheet), "--kind", "ship", *url, *FAST)
        out, err = again.communicate(timeout=60)
        assert again.returncode == 3, err
        assert out.strip().splitlines()[-1] == f"done 0, failed 0, unknown 0, skipped {len(all_ids)}"
        assert f"일괄 처리 #{batch.id}" in err  # held: the other PC's batch has them
    finally:
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    _shipped_once(sandbox, all_ids)


def test_two_pcs_start_the_same_sheet_at_once(
    sandbox: SandboxServer, team_db: TeamDb, tmp_path: Path
) -> None:
    sheet, all_ids = _sheet(sandbox, tmp_path)
    url = ["--base-url", sandbox.url]
    runs = [
        _bulk(
            tmp_path / pc,
            team_db.dsn(who),
            "run",
            str(sheet),
            "--kind",
            "ship",
            "--concurrency",
            "2",
            *url,
            *FAST,
        )
        for pc, who in (("pc-1", "kim"), ("pc-2", "lee"))
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        # 3: the other PC had rows in hand — held, flagged as already shipped, or left pending ("… 처리 중").
        assert run.returncode in (0, 3), err
        assert "unknown 0" in out.strip().splitlines()[-1]
    _shipped_once(sandbox, all_ids)
    with team_db.audit("park") as lead:
        logged = lead.query(operation="naverShipProductOrder")
    assert len(logged) == len(posts(sandbox.url, "/naver/ship"))  # one team row per call sent
    assert {r.agent_name for r in logged} <= {"김상담", "이상담"}
