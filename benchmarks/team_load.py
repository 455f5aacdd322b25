"""Team mode under load: 8 agent processes × 250 mutations against one sandbox and one PostgreSQL.

Each agent is its own process with its own login and pool, as on its own PC. The mutations are cash
receipts (issueReceipt) and Naver 발주확인 (naverPlaceProductOrder), half each; a quarter of every
agent's targets is also on the list of the next agent, in another order, so two desks race for
them. Every call goes through the audited service with the team log (claim + pending row first).

Figures: calls sent, refused (held by another agent / already done), rows in the team log for the
calls sent, targets that received more than one POST at the sandbox (double sends), and the time the
team database adds to an action (``begin`` + ``finish``), p50/p95.

    uv run python benchmarks/team_load.py [--agents 8] [--per-agent 250]

Starts its own throwaway PostgreSQL (tests/team/pg_server.py; Debian's ``postgresql`` package), or
uses ``--admin-dsn`` of an existing server (a superuser; a new database is created there).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "team"))

from portone_desk.api.client import PortOneClient  # noqa: E402
from portone_desk.api.errors import OutcomeUnknown, PortOneError  # noqa: E402
from portone_desk.sandbox.control_client import SandboxControl  # noqa: E402
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET  # noqa: E402
from portone_desk.service import DeskService  # noqa: E402
from portone_desk.store.profiles import Profile  # noqa: E402
from portone_desk.team import admin  # noqa: E402
from portone_desk.team.audit import TeamAudit  # noqa: E402
from portone_desk.team.errors import AlreadyDone, ClaimHeld, TeamUnavailable  # noqa: E402

RECEIPT, PLACE = "issueReceipt", "naverPlaceProductOrder"


class TimedAudit(TeamAudit):
    """The team log, timing what it adds to each action (begin + finish)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spent: dict[int, float] = {}
        self.last = 0.0

    def begin(self, *args: Any, **kwargs: Any) -> int | None:
        started = time.perf_counter()
        try:
            return (row := super().begin(*args, **kwargs))
        finally:
            self.last = time.perf_counter() - started
            if "row" in locals() and row is not None:
                self.spent[row] = self.last

    def finish(self, row_id: int, *args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        try:
            super().finish(row_id, *args, **kwargs)
        finally:
            self.spent[row_id] = self.spent.get(row_id, 0.0) + time.perf_counter() - started


# --- one agent (child process) ---------------------------------------------------------------------


def agent_main(url: str, dsn: str, plan_file: str, go_file: str) -> int:
    plan = json.loads(Path(plan_file).read_text())
    audit = TimedAudit(dsn, pool_size=2)
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(5, 30))
    service = DeskService(Profile.new("부하 시험 상점", base_url=url), client, audit=audit)
    audit.me()
    client.call("getPaymentByImpUid", {"imp_uid": plan[0]["values"]["imp_uid"]})  # token + connections
    print("ready", flush=True)
    while not Path(go_file).exists():
        time.sleep(0.005)
    results: Counter[str] = Counter()
    refused_ms: list[float] = []
    floor_ms: list[float] = []  # a bare round trip (SELECT 1) under the same load: the machine's share
    for n, item in enumerate(plan):
        if n % 5 == 0:
            started = time.perf_counter()
            audit.available()
            floor_ms.append((time.perf_counter() - started) * 1000)
        try:
            service.call(item["op"], item["values"])
            results["ok"] += 1
        except ClaimHeld:
            results["held"] += 1
            refused_ms.append(audit.last * 1000)
        except AlreadyDone:
            results["done"] += 1
            refused_ms.append(audit.last * 1000)
        except TeamUnavailable:
            results["unavailable"] += 1
        except OutcomeUnknown:
            results["unknown"] += 1
        except PortOneError:
            results["failed"] += 1
    added = [s * 1000 for s in audit.spent.values()] + refused_ms
    print(json.dumps({"results": results, "added_ms": added, "floor_ms": floor_ms}), flush=True)
    audit.close()
    client.close()
    return 0


# --- the coordinator -------------------------------------------------------------------------------


def make_targets(control: SandboxControl, count: int) -> list[dict[str, Any]]:
    """Half receipts on paid bank transfers, half 발주확인 on one-order Naver payments."""
    targets = []
    for i in range(count):
        if i % 2 == 0:
            created = control.add_payment(
                pay_method="trans", pg_provider="kcp", status="paid", amount=10000 + i
            )
            targets.append(
                {"op": RECEIPT, "values": {"imp_uid": created["imp_uid"], "identifier": "01012345678"}}
            )
        else:
            created = control.add_payment(
                pay_method="naverpay",
                pg_provider="naverco",
                status="paid",
                amount=20000,
                product_orders=[{"product_order_status": "PAYED"}],
            )
            targets.append(
                {
                    "op": PLACE,
                    "values": {
                        "imp_uid": created["imp_uid"],
                        "product_order_id": created["product_order_ids"],
                    },
                }
            )
    return targets


def plans(
    targets: list[dict[str, Any]], agents: int, per_agent: int, seed: int
) -> list[list[dict[str, Any]]]:
    """Each agent: 3/4 own targets, 1/4 shared with the next agent (both try them)."""
    rng = random.Random(seed)
    shared_each = per_agent // 4
    own_each = per_agent - shared_each
    cursor = 0
    own = []
    for _ in range(agents):
        own.append(targets[cursor : cursor + own_each])
        cursor += own_each
    shared = []  # shared[i] is tried by agent i and agent i+1
    for _ in range(agents):
        shared.append(targets[cursor : cursor + shared_each // 2 + shared_each % 2])
        cursor += shared_each // 2 + shared_each % 2
    result = []
    for i in range(agents):
        mine = own[i] + shared[i] + shared[(i - 1) % agents]
        mine = mine[:per_agent]
        rng.shuffle(mine)
        result.append(mine)
    return result


def targets_needed(agents: int, per_agent: int) -> int:
    shared_each = per_agent // 4
    return agents * (per_agent - shared_each) + agents * (shared_each // 2 + shared_each % 2)


def post_counts(control: SandboxControl) -> Counter[str]:
    counts: Counter[str] = Counter()
    for entry in control.requests(method="POST"):
        path = entry["path"]
        if path.startswith("/receipts/") or path.endswith("/naver/place"):
            counts[path] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=8)
    parser.add_argument("--per-agent", type=int, default=250)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--admin-dsn", default=None)
    parser.add_argument("--agent", nargs=4, metavar=("URL", "DSN", "PLAN", "GO"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.agent:
        return agent_main(*args.agent)

    import psycopg

    from portone_desk.sandbox.server import SandboxServer

    server = None
    if args.admin_dsn:
        admin_base = args.admin_dsn
    else:
        from pg_server import start_server

        server = start_server()
        admin_base = server.admin_dsn
    sandbox = SandboxServer().start()
    work = Path(tempfile.mkdtemp(prefix="team-load-"))
    try:
        name = f"desk_load_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin_base, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # generated name, no input
        info = psycopg.conninfo.conninfo_to_dict(admin_base)
        admin_dsn = psycopg.conninfo.make_conninfo(admin_base, dbname=name)
        admin.init(admin_dsn)
        with psycopg.connect(admin_dsn, autocommit=True) as conn:  # the server's own time per function
            conn.execute(f"ALTER DATABASE \"{name}\" SET track_functions = 'pl'")
        logins = [f"load_agent_{i}" for i in range(args.agents)]
        for i, login in enumerate(logins):
            admin.add_agent(admin_dsn, login, f"상담원{i + 1}", f"load-password-{i}")

        control = SandboxControl(sandbox.url)
        targets = make_targets(control, targets_needed(args.agents, args.per_agent))
        go = work / "go"
        children = []
        for i, (login, plan) in enumerate(
            zip(logins, plans(targets, args.agents, args.per_agent, args.seed), strict=True)
        ):
            plan_file = work / f"plan-{i}.json"
            plan_file.write_text(json.dumps(plan))
            dsn = psycopg.conninfo.make_conninfo(
                "",
                host=info.get("host", "127.0.0.1"),
                port=info.get("port", "5432"),
                dbname=name,
                user=login,
                password=f"load-password-{i}",
            )
            children.append(
                subprocess.Popen(
                    [sys.executable, __file__, "--agent", sandbox.url, dsn, str(plan_file), str(go)],
                    stdout=subprocess.PIPE,
                    text=True,
                    cwd=str(ROOT),
                    env={**os.environ},
                )
            )
        for child in children:
            assert child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("an agent process did not start")
        started = time.monotonic()
        go.touch()
        results: Counter[str] = Counter()
        added: list[float] = []
        floor: list[float] = []
        for child in children:
            out, _ = child.communicate(timeout=1800)
            report = json.loads(out.strip().splitlines()[-1])
            results.update(report["results"])
            added += report["added_ms"]
            floor += report["floor_ms"]
        elapsed = time.monotonic() - started

        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT count(*) FILTER (WHERE outcome <> 'sent'), count(*) FROM desk.activity WHERE mutating"
            ).fetchone()
            functions = conn.execute(
                "SELECT funcname, calls, total_time / greatest(calls, 1) FROM pg_stat_user_functions"
                " WHERE schemaname = 'desk' ORDER BY 1"
            ).fetchall()
        assert rows is not None
        logged_final, logged = int(rows[0]), int(rows[1])
        counts = post_counts(control)
        doubles = sum(1 for n in counts.values() if n > 1)
        sent = results["ok"] + results["failed"] + results["unknown"]
        total = args.agents * args.per_agent
        quantiles = statistics.quantiles(added, n=100) if len(added) > 1 else [0.0] * 99
        print(f"agents: {args.agents} processes × {args.per_agent} mutations = {total}")
        print(
            f"targets: {len(targets)}"
            f" ({sum(1 for t in targets if t['op'] == RECEIPT)} receipts, the rest 발주확인)"
        )
        print(
            f"sent: {sent} (ok {results['ok']}, failed {results['failed']}, unknown {results['unknown']}); "
            f"refused: held {results['held']}, already done {results['done']}, "
            f"db unavailable {results['unavailable']}"
        )
        print(f"sandbox POSTs: {sum(counts.values())} to {len(counts)} targets")
        print(f"time: {elapsed:.1f} s, {total / elapsed:.0f} actions/s over all agents")
        print(
            f"audit added time: p50 {quantiles[49]:.1f} ms, p95 {quantiles[94]:.1f} ms,"
            f" max {max(added):.1f} ms"
        )
        bare = statistics.quantiles(floor, n=100) if len(floor) > 1 else [0.0] * 99
        print(
            f"bare round trip (SELECT 1) under the same load: p50 {bare[49]:.1f} ms, p95 {bare[94]:.1f} ms"
            " — an action makes two (pending row + claim, then its outcome)"
        )
        for function, calls, mean_ms in functions:
            print(f"server time in desk.{function}: {mean_ms:.2f} ms mean over {calls} calls")
        present = min(logged_final, sent)
        print(f"team: {present}/{sent} rows, {doubles} double sends, audit p95 {quantiles[94]:.0f} ms")
        return 0 if present == sent and logged == sent and doubles == 0 else 1
    finally:
        sandbox.stop()
        if server is not None:
            server.destroy()


if __name__ == "__main__":
    sys.exit(main())
