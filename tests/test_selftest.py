"""``portone-desk --self-test`` from source: every step runs and passes; failures are reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portone_desk import selftest


def test_self_test_passes_from_source(tmp_path: Path) -> None:
    """The same command CI runs on the built executable, run on the source tree."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PORTONE_DESK_HOME=str(tmp_path / "home"),
        PORTONE_DESK_SELFTEST_REPORT=str(tmp_path / "report.txt"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "portone_desk", "--self-test"],
        env=env,
        capture_output=True,
        timeout=180,
    )
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, out + done.stderr.decode("utf-8", "replace")
    lines = out.splitlines()
    for step in selftest.STEPS:
        marks = [line[0] for line in lines if line[2:].startswith(step)]
        # The keyring may be absent or locked on a developer's machine: then it says "건너뜀".
        allowed = {selftest.PASS, selftest.SKIP} if step == selftest.STEP_KEYRING else {selftest.PASS}
        assert len(marks) == 1 and marks[0] in allowed, f"{step}: {marks}\n{out}"
    assert lines[-1].startswith("자체 점검 통과")
    # The copy for windowed builds says the same.
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == out
    # Nothing was left in the home folder it was given (all work happens in a temporary folder).
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*.sqlite3"))


def test_a_failed_step_fails_the_run_and_blocks_what_depends_on_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_token(state: object) -> str:
        raise ConnectionError("no answer")

    monkeypatch.setattr(selftest, "_token", broken_token)
    # Only the API steps matter here; the Qt and keyring steps are covered by the test above.
    real_checks = selftest._checks
    monkeypatch.setattr(
        selftest, "_checks", lambda state: [c for c in real_checks(state) if c[0] in selftest.STEPS[:6]]
    )
    assert selftest.run_self_test() == 1
    out = capsys.readouterr().out
    assert f"{selftest.PASS} {selftest.STEP_SANDBOX}" in out
    assert f"{selftest.FAIL} {selftest.STEP_TOKEN}: ConnectionError: no answer" in out
    assert f"{selftest.FAIL} {selftest.STEP_ISSUE}: 앞 단계({selftest.STEP_TOKEN})가 실패해" in out
    assert out.splitlines()[-1].startswith("자체 점검 실패")


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_missing_keyring_is_a_failure_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    from portone_desk.store import secrets

    monkeypatch.setattr(secrets.SecretStore, "available", lambda self: False)
    with pytest.raises(selftest.Skipped):
        selftest._keyring_round_trip()
    monkeypatch.setenv(selftest.REQUIRE_KEYRING_ENV, "1")
    with pytest.raises(AssertionError, match="키링이 없습니다"):
        selftest._keyring_round_trip()
