"""Start-up as the agent gets it: a real process, the qasync loop, logs and training data on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
