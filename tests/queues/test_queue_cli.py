"""``portone-desk queue`` and ``portone-desk find`` against a sandbox with a generated shop."""

from __future__ import annotations

import json

import pytest

from portone_desk.cli import main
from portone_desk.queues import QUEUE_KEYS
from portone_desk.queues import cli as queue_cli
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.secrets import SecretStore


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    keyring = SecretStore(backend=MemoryKeyring())
    monkeypatch.setattr(queue_cli, "secret_store", lambda: keyring)
    monkeypatch.setenv("PORTONE_DESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PORTONE_IMP_KEY", DEMO_IMP_KEY)
    monkeypatch.setenv("PORTONE_IMP_SECRET", DEMO_IMP_SECRET)
    monkeypatch.delenv("PORTONE_BASE_URL", raising=False)
    return keyring


def test_queue_json_then_counts_then_find(shop, cli_env, capsys) -> None:
    assert main(["queue", "--refresh", "--json", "--base-url", shop.url]) == 0
    out, _ = capsys.readouterr()
    data = json.loads(out)
    assert set(data["counts"]) == set(data["items"]) == set(QUEUE_KEYS)
    assert all(data["counts"][key] == len(data["items"][key]) for key in QUEUE_KEYS)
    place = data["items"]["place"][0]
    assert {"imp_uid", "merchant_uid", "product_order_id", "deadline", "buyer", "amount"} <= set(place)
    receipt = data["items"]["receipt_due"][0]
    assert "product_order_id" not in receipt and receipt["imp_uid"].startswith("imp_")
    assert "\\u" not in out

    # counts from the cache, without calling the API again
    assert main(["queue", "--base-url", shop.url]) == 0
    out, _ = capsys.readouterr()
    assert "발주 대기" in out and f"{data['counts']['place']:,}" in out

    assert main(["find", place["merchant_uid"], "--json", "--base-url", shop.url]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["imp_uid"] for h in hits] == [place["imp_uid"]]
    assert set(hits[0]) >= {"imp_uid", "merchant_uid", "buyer", "amount", "status"}
    assert "*" in hits[0]["buyer"]

    assert main(["find", place["merchant_uid"], "--base-url", shop.url]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(place["imp_uid"]) and "원" in line


def test_find_nothing_and_bad_input(shop, cli_env, capsys) -> None:
    assert main(["find", "없는사람이름", "--base-url", shop.url]) == 0
    assert "찾은 결제가 없습니다" in capsys.readouterr().out
    assert main(["find", "  ", "--base-url", shop.url]) == 2


def test_queue_without_credentials_is_an_input_error(cli_env, monkeypatch, capsys) -> None:
    monkeypatch.delenv("PORTONE_IMP_KEY")
    assert main(["queue", "--base-url", "http://127.0.0.1:9"]) == 2
    assert "인증 정보" in capsys.readouterr().err


def test_queue_when_the_api_is_down(cli_env, capsys) -> None:
    assert main(["queue", "--refresh", "--base-url", "http://127.0.0.1:9"]) == 1
    assert "새로 받지 못했습니다" in capsys.readouterr().err


def test_profile_and_base_url_exclude_each_other(cli_env, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["queue", "--profile", "a", "--base-url", "http://127.0.0.1:9"])
    assert done.value.code == 2


def test_sandbox_generate_from_the_command_line(cli_env, capsys) -> None:
    """``portone-desk sandbox --generate N``: the shop is there for ``queue`` and ``find``."""
    import re
    import subprocess
    import sys

    server = subprocess.Popen(
        [sys.executable, "-m", "portone_desk", "sandbox", "--port", "0", "--generate", "120", "--seed", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [server.stdout.readline() for _ in range(2)]
        assert "120건" in lines[0], lines
        url = re.search(r"http://127\.0\.0\.1:\d+", lines[1])
        assert url, lines
        assert main(["queue", "--refresh", "--json", "--base-url", url.group(0)]) == 0
        counts = json.loads(capsys.readouterr().out)["counts"]
        assert counts["place"] > 0
        assert main(["find", "ORD3-0000007", "--json", "--base-url", url.group(0)]) == 0
        assert [hit["imp_uid"] for hit in json.loads(capsys.readouterr().out)] == ["imp_g3_0000007"]
    finally:
        server.terminate()
        server.wait(timeout=10)
