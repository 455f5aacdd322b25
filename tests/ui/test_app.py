"""Start-up as the agent gets it: a real process, the qasync loop, logs and training data on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.ui.startup_probe import MARKER, STARTUP_PROBE_ENV

RUN = "from portone_desk.ui.app import run; raise SystemExit(run(sandbox={sandbox}))"


def start_app(home: Path, sandbox: bool, extra: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PORTONE_DESK_HOME=str(home))
    env[STARTUP_PROBE_ENV] = "1"  # print when the window is on screen, then close it
    code = extra + RUN.format(sandbox=sandbox)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_app_opens_and_closes(tmp_path):
    done = start_app(tmp_path, sandbox=False)
    assert done.returncode == 0, done.stderr
    assert MARKER in done.stdout
    log = (tmp_path / "logs" / "portone-desk.log").read_text(encoding="utf-8")
    assert "starting (sandbox=False)" in log and "stopped" in log


def test_sandbox_mode_keeps_training_data_between_runs(tmp_path):
    first = start_app(tmp_path, sandbox=True)
    assert first.returncode == 0, first.stderr
    db = tmp_path / "data" / "sandbox.sqlite3"
    assert db.exists()
    second = start_app(tmp_path, sandbox=True)
    assert second.returncode == 0, second.stderr
    assert db.exists()
    log = (tmp_path / "logs" / "portone-desk.log").read_text(encoding="utf-8")
    assert log.count("active profile: sandbox") == 2


def test_event_loop_is_qasync(tmp_path):
    # The loop the app installs and runs is qasync's (checked from inside the real process).
    probe = (
        "import asyncio\n"
        "_set = asyncio.set_event_loop\n"
        "def _spy(loop):\n"
        "    print('LOOP', type(loop).__module__, flush=True)\n"
        "    _set(loop)\n"
        "asyncio.set_event_loop = _spy\n"
    )
    done = start_app(tmp_path, sandbox=False, extra=probe)
    assert done.returncode == 0, done.stderr
    assert "LOOP qasync" in done.stdout


def test_korean_qt_translations(qapp):
    from PySide6.QtCore import QCoreApplication

    from portone_desk.ui.app import install_korean_translations

    translator = install_korean_translations(qapp)
    if translator is None:
        pytest.skip("qtbase_ko.qm not shipped with this Qt")
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "취소"
    finally:
        qapp.removeTranslator(translator)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_closes_the_sandbox_app_cleanly(tmp_path, sig):
    """``kill`` or Ctrl+C on ``portone-desk --sandbox``: exit status 0, no traceback."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PORTONE_DESK_HOME=str(tmp_path))
    env.pop(STARTUP_PROBE_ENV, None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "portone_desk", "--sandbox"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log_file = tmp_path / "logs" / "portone-desk.log"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if log_file.exists() and "active profile: sandbox" in log_file.read_text(encoding="utf-8"):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"the app did not come up (exit {proc.poll()})")
        # The signal handler is in place before the profile is logged; a signal that comes before
        # the event loop runs is noted on the wake-up socket and acted on once it does.
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    assert "stopped" in log_file.read_text(encoding="utf-8")


SLOW_CALL_THEN_RUN = """
import portone_desk.ui.main_window as mw
from portone_desk.sandbox.control_client import SandboxControl

_switch = mw.MainWindow.switch_to_sandbox

def switch(self):
    ok = _switch(self)
    self.ctx.service.client.get_token()
    SandboxControl(self.sandbox.url).add_fault(path="/payments/", latency_ms=8000, times=1)
    self.ctx.call_op("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}).run()
    print("CALL_STARTED", self.sandbox.url, flush=True)
    return ok

mw.MainWindow.switch_to_sandbox = switch
from portone_desk.cli import main
raise SystemExit(main(["--sandbox"]))
"""


def test_signal_during_a_call_exits_at_once_and_leaves_the_row_unknown(tmp_path):
    """SIGTERM while an 8 s call runs: no waiting for it, exit 0, and its audit row reads 결과 미확인."""
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.paths import AppPaths

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PORTONE_DESK_HOME=str(tmp_path))
    env.pop(STARTUP_PROBE_ENV, None)
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_CALL_THEN_RUN],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        started_line, url = proc.stdout.readline().split()
        assert started_line == "CALL_STARTED"
        # The call has reached the sandbox and waits there: the signal comes during it.
        SandboxControl(url).wait_for_requests(path="/payments/", answered=False, timeout=20)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=20)
        elapsed = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    assert elapsed < 4, elapsed  # not the 8 s the call would take
    with AuditLog(AppPaths.under(tmp_path).audit_db) as audit:
        rows = audit.query(operation="getPaymentByImpUid")
    assert len(rows) == 1 and rows[0].outcome_label == "결과 미확인"
