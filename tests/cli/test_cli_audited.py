"""Issue 9: ``portone-desk api`` goes through the audited path; ``history`` reads it back; an answer
that is not PortOne's envelope is unknown (exit 4) and logged so. Real sandbox, real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.sandbox import fault, posts

from portone_desk.cli import main
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET

PAID = "imp_demo_vbank_paid"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PORTONE_DESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PORTONE_IMP_KEY", DEMO_IMP_KEY)
    monkeypatch.setenv("PORTONE_IMP_SECRET", DEMO_IMP_SECRET)
    monkeypatch.delenv("PORTONE_BASE_URL", raising=False)
    return tmp_path / "home"


def _posts(sandbox, path: str) -> list[dict]:
    return [r for r in posts(sandbox.url, path) if r["path"] == path]


def _history(capsys, *extra: str) -> list[dict]:
    capsys.readouterr()
    assert main(["history", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("status", "body"), [(500, "html"), (503, "html"), (502, "empty"), (500, "empty")])
def test_post_answered_by_a_page_exits_4_and_is_logged_unknown(sandbox, home, capsys, status, body) -> None:
    rule = {"path": f"/receipts/{PAID}", "method": "POST", "status": status, "body": body, "when": "after"}
    fault(sandbox.url, rule)
    code = main(
        [
            "api",
            "POST",
            f"/receipts/{PAID}",
            "identifier=01012345678",
            "--base-url",
            sandbox.url,
            "--agent",
            "박상담",
        ]
    )
    err = capsys.readouterr().err
    assert code == 4, err
    assert "다시 보내지 말고" in err
    assert len(_posts(sandbox, f"/receipts/{PAID}")) == 1

    [row] = [r for r in _history(capsys) if r["operation"] == "issueReceipt"]
    assert row["outcome"] == "unknown" and row["agent"] == "박상담" and row["target"] == PAID
    assert {"at", "agent", "operation", "target", "order_no", "outcome", "message"} <= set(row)
    # Later resolved by a lookup: the receipt is there.
    assert main(["api", "GET", f"/receipts/{PAID}", "--base-url", sandbox.url]) == 0


def test_refusal_in_an_envelope_exits_1_and_is_logged_failed(sandbox, home, capsys) -> None:
    code = main(["api", "POST", "/receipts/imp_nope", "identifier=01012345678", "--base-url", sandbox.url])
    assert code == 1
    [row] = [r for r in _history(capsys, "--search", "imp_nope") if r["operation"] == "issueReceipt"]
    assert row["outcome"] == "failed"


def test_history_filters_by_text_and_day(sandbox, home, capsys) -> None:
    assert main(["api", "GET", f"/payments/{PAID}", "--base-url", sandbox.url]) == 0
    assert main(["api", "GET", "/payments/imp_demo_card_paid", "--base-url", sandbox.url]) in (0, 1)
    rows = _history(capsys, "--search", PAID)
    assert rows and all(PAID in (r["target"] + r["message"]) for r in rows)
    assert _history(capsys, "--until", "2000-01-01") == []
    assert len(_history(capsys, "--since", "2000-01-01")) >= 2
    capsys.readouterr()
    assert main(["history", "--since", "2026-13-01"]) == 2


def test_api_refuses_to_send_when_the_log_cannot_be_written(sandbox, home, capsys) -> None:
    # The activity database's place is taken by a folder: SQLite cannot open it (as with a
    # read-only or full data folder, and this works even for root).
    (home / "data" / "audit.sqlite3").mkdir(parents=True)
    code = main(["api", "POST", f"/receipts/{PAID}", "identifier=01012345678", "--base-url", sandbox.url])
    assert code == 1
    assert "활동 기록" in capsys.readouterr().err
    assert _posts(sandbox, f"/receipts/{PAID}") == []  # nothing was sent
