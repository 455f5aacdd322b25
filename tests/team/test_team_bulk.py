"""Two PCs (two data folders, two agents) run the same warehouse sheet at the same time in team mode:
every product order is shipped by exactly one POST; the team log and both batches agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support.sandbox import fault, naver_payment
from team_support import ROOT, TeamDb, posts

from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer


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


def test_two_pcs_same_sheet_each_row_sent_once(
    sandbox: SandboxServer, team_db: TeamDb, tmp_path: Path
) -> None:
    payments = [naver_payment(sandbox.url, ["PAYED", "PAYED"]) for _ in range(6)]
    sheet = tmp_path / "warehouse.csv"
    lines = ["결제번호,상품주문번호,택배사,송장번호"]
    lines += [f"{imp},{oid},CJGLS,{200000000000 + n}" for n, (imp, ids) in enumerate(payments) for oid in ids]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Slow answers, so the two runs overlap.
    fault(
        sandbox.url,
        {"path": "/payments/", "method": "POST", "latency_ms": 300, "when": "after", "times": 100},
    )
    fast = ["--base-url", sandbox.url, "--settle-margin", "0.5", "--naver-sync-lag", "0"]

    runs = [
        _bulk(
            tmp_path / pc,
            team_db.dsn(login),
            "run",
            str(sheet),
            "--kind",
            "ship",
            "--concurrency",
            "2",
            *fast,
        )
        for pc, login in (("pc-1", "kim"), ("pc-2", "lee"))
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        # 3: rows the other PC was still sending stay pending here ("… 처리 중"), never sent twice.
        assert run.returncode in (0, 3), err
        assert "failed 0, unknown 0" in out.strip().splitlines()[-1]
    assert 0 in [run.returncode for run in runs]

    shipped: dict[str, int] = {}
    for post in posts(sandbox.url, "/naver/ship"):
        for order_id in post["body"]["product_order_id"]:
            shipped[order_id] = shipped.get(order_id, 0) + 1
    all_ids = sorted(oid for _, ids in payments for oid in ids)
    assert sorted(shipped) == all_ids
    assert set(shipped.values()) == {1}, shipped  # no product order shipped twice

    with team_db.audit("park") as lead:
        logged = lead.query(operation="naverShipProductOrder")
    assert len(logged) == len(posts(sandbox.url, "/naver/ship"))  # one team row per call sent
    assert {r.agent_name for r in logged} <= {"김상담", "이상담"}
    # Each PC's batch says every row is done, by itself or (이미 반영됨) by the other.
    for pc in ("pc-1", "pc-2"):
        listed = _bulk(tmp_path / pc, team_db.dsn("kim"), "list", "--json").communicate(timeout=60)[0]
        [batch] = json.loads(listed)
        assert batch["rows"] == len(all_ids)
