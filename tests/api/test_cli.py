"""``portone-desk api`` and ``portone-desk sandbox`` end to end against a real sandbox."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from portone_desk.cli import main
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET


@pytest.fixture
def env_credentials(monkeypatch):
    monkeypatch.setenv("PORTONE_IMP_KEY", DEMO_IMP_KEY)
    monkeypatch.setenv("PORTONE_IMP_SECRET", DEMO_IMP_SECRET)
    monkeypatch.delenv("PORTONE_BASE_URL", raising=False)


def _log(sandbox) -> list[dict]:
    return SandboxControl(sandbox.url).requests()


def test_api_get_prints_json(sandbox, env_credentials, capsys):
    status = main(["api", "GET", "/payments/imp_demo_vbank_paid", "--base-url", sandbox.url])
    out, err = capsys.readouterr()
    assert status == 0, err
    data = json.loads(out)
    assert data["imp_uid"] == "imp_demo_vbank_paid" and data["amount"] == 39000
    assert "\\u" not in out  # Korean stays readable (ensure_ascii=False)
    assert out.startswith("{\n  ")


def test_api_post_with_fields_and_list_values(sandbox, env_credentials, capsys):
    status = main(
        [
            "api",
            "post",
            "/payments/imp_demo_naver_three/naver/place",
            "product_order_id=2026201100000001,2026201100000002",
            "--base-url",
            sandbox.url,
        ]
    )
    out, err = capsys.readouterr()
    sent = [r for r in _log(sandbox) if r["path"].endswith("/naver/place")]
    assert sent[0]["body"]["product_order_id"] == ["2026201100000001", "2026201100000002"]
    # The second order was already placed: a partial result, printed, exit 3, failures on stderr.
    assert status == 3
    assert json.loads(out)[0]["product_order_id"] == "2026201100000001"
    assert "일부만 처리되었습니다" in err and "2026201100000002" in err


def test_api_issue_receipt_with_typed_values(sandbox, env_credentials, capsys):
    status = main(
        [
            "api",
            "POST",
            "/receipts/external/ext-cli-1",
            "channel_key=channel-key-sandbox",
            "name=상담 주문",
            "amount=11,000",
            "identifier=010-000-1234",
            "--base-url",
            sandbox.url,
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert json.loads(out)["amount"] == 11000
    assert json.loads(out)["vat"] == 1000


def test_validation_failure_exits_nonzero_and_sends_nothing(sandbox, env_credentials, capsys):
    status = main(
        [
            "api",
            "POST",
            "/payments/imp_demo_naver_new/naver/cancel",
            "reason=SOLDOUT",
            "--base-url",
            sandbox.url,
        ]
    )
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert "오류:" in err and "SOLD_OUT" in err and "요청은 보내지 않았습니다" in err
    assert _log(sandbox) == []


def test_api_error_exits_one_with_korean_message(sandbox, env_credentials, capsys):
    status = main(["api", "GET", "/payments/imp_nope", "--base-url", sandbox.url])
    out, err = capsys.readouterr()
    assert status == 1 and out == ""
    assert "HTTP 404" in err and "결제" in err


def test_wrong_secret_exits_one(sandbox, env_credentials, monkeypatch, capsys):
    monkeypatch.setenv("PORTONE_IMP_SECRET", "not-the-secret-991")
    status = main(["api", "GET", "/payments/imp_demo_vbank_paid", "--base-url", sandbox.url])
    err = capsys.readouterr().err
    assert status == 1
    assert "인증에 실패했습니다" in err and "not-the-secret-991" not in err


def test_missing_credentials_and_unknown_route(sandbox, monkeypatch, capsys):
    monkeypatch.delenv("PORTONE_IMP_KEY", raising=False)
    monkeypatch.delenv("PORTONE_IMP_SECRET", raising=False)
    assert main(["api", "GET", "/payments/imp_demo_vbank_paid", "--base-url", sandbox.url]) == 2
    assert "PORTONE_IMP_KEY" in capsys.readouterr().err
    assert main(["api", "GET", "/no/such/api", "--base-url", sandbox.url]) == 2
    assert "알 수 없는 API" in capsys.readouterr().err
    assert main(["api", "GET", "/payments/imp_1", "oops", "--base-url", sandbox.url]) == 2
    assert "항목=값" in capsys.readouterr().err
    assert _log(sandbox) == []


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_unknown_profile_is_reported(sandbox, capsys):
    assert main(["api", "GET", "/payments/imp_1", "--profile", "없는프로필", "--base-url", sandbox.url]) == 2
    assert "없는프로필" in capsys.readouterr().err


def test_plain_http_to_a_remote_host_is_refused(env_credentials, capsys):
    assert main(["api", "GET", "/payments/imp_1", "--base-url", "http://example.com"]) == 2
    assert "https" in capsys.readouterr().err


def test_get_token_through_cli(sandbox, env_credentials, capsys):
    assert main(["api", "POST", "/users/getToken", "--base-url", sandbox.url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["expired_at"] - data["now"] == 1800


def test_python_m_api_and_sandbox_commands(env_credentials):
    """The real entry point: ``python -m portone_desk sandbox`` then ``api`` against it."""
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "portone_desk", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = sandbox.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert match, first
        url = match.group(0)
        call = subprocess.run(
            [
                sys.executable,
                "-m",
                "portone_desk",
                "api",
                "GET",
                "/payments/imp_demo_trans_paid",
                "--base-url",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=30,
            env=dict(os.environ),
        )
        assert call.returncode == 0, call.stderr
        assert json.loads(call.stdout)["amount"] == 128000
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
