"""Issue 9: ``bulk run|resume|list`` from the terminal, and one owner per batch across real processes.

While one process runs a batch, a second process's ``bulk resume`` of it is refused ("다른 창에서
실행 중"), and a second ``bulk run`` of the same sheet holds every row (its targets are in flight in
the first batch): each target receives exactly one POST, counted from the sandbox's request log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.sandbox import fault, naver_payment, ship_posts

from portone_desk.bulk.jobstore import FILE_NAME, JobStore
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PORTONE_DESK_HOME": str(tmp_path / "home"),
        "PORTONE_IMP_KEY": DEMO_IMP_KEY,
        "PORTONE_IMP_SECRET": DEMO_IMP_SECRET,
        "PYTHONPATH": str(ROOT),
    }


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "portone_desk", *args]


def test_second_process_cannot_resume_or_resend_a_running_batch(sandbox, tmp_path: Path, env) -> None:
    url = sandbox.url
    payments = [naver_payment(url, ["PAYED", "PAYED"]) for _ in range(6)]
    sheet = tmp_path / "ship.csv"
    lines = ["결제번호,상품주문번호,택배사,송장번호"]
    lines += [f"{imp},{oid},CJGLS,{100000000000 + n}" for n, (imp, ids) in enumerate(payments) for oid in ids]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Slow answers keep the first run going while the second process tries.
    rule = {"path": "/payments/", "method": "POST", "latency_ms": 600, "when": "after", "times": 100}
    fault(url, rule)
    fast = ["--base-url", url, "--settle-margin", "0.5", "--naver-sync-lag", "0"]

    first = subprocess.Popen(
        _cli("bulk", "run", str(sheet), "--kind", "ship", "--concurrency", "2", *fast),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        store_path = Path(env["PORTONE_DESK_HOME"]) / "data" / FILE_NAME
        deadline = time.monotonic() + 30
        batch = None
        while time.monotonic() < deadline and batch is None:
            assert first.poll() is None, first.communicate()
            if store_path.exists():
                store = JobStore(store_path)
                running = [b for b in store.batches() if b.holder is not None]
                store.close()
                batch = running[0] if running else None
            time.sleep(0.05)
        assert batch is not None, "the first run never took its lease"
        assert batch.holder.pid == first.pid

        listed = subprocess.run(
            _cli("bulk", "list", "--json"), env=env, capture_output=True, text=True, timeout=60
        )
        [item] = json.loads(listed.stdout)
        assert item["id"] == batch.id and item["holder"]["pid"] == first.pid and item["rows"] == 12

        resumed = subprocess.run(
            _cli("bulk", "resume", str(batch.id), *fast), env=env, capture_output=True, text=True, timeout=60
        )
        assert resumed.returncode == 1
        assert "다른 창에서 실행 중" in resumed.stderr

        again = subprocess.run(
            _cli("bulk", "run", str(sheet), "--kind", "ship", *fast),
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode == 3, again.stderr
        assert again.stdout.strip().splitlines()[-1] == "done 0, failed 0, unknown 0, skipped 12"
        assert f"일괄 처리 #{batch.id}" in again.stderr
    finally:
        out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert out.strip().splitlines()[-1] == "done 12, failed 0, unknown 0, skipped 0"
    assert "[running]" in err  # progress on stderr

    deadline = time.monotonic() + 5
    while len(ship_posts(url)) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    posts = ship_posts(url)
    assert sorted(p["path"].split("/")[2] for p in posts) == sorted(imp for imp, _ in payments)
    sent = sorted(o for p in posts for o in p["body"]["product_order_id"])
    assert sent == sorted(o for _, ids in payments for o in ids)  # each target exactly one POST


def test_bad_sheet_exits_2(tmp_path: Path, env) -> None:
    sheet = tmp_path / "nothing.csv"
    sheet.write_text("이름,전화\n홍길동,01012345678\n", encoding="utf-8")
    result = subprocess.run(
        _cli("bulk", "run", str(sheet), "--kind", "ship", "--base-url", "http://127.0.0.1:9"),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "필요한 열" in result.stderr
