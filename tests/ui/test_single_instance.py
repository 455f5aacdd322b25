"""Issue 9, point 7: one running window per data folder. Real processes: the first holds the folder,
a second ``run()`` on the same folder brings the first forward and exits; another folder is free."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from portone_desk.ui.single_instance import ALREADY_OPEN

HOLDER = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from portone_desk.ui.single_instance import DataFolderGuard

app = QApplication([])
guard = DataFolderGuard(Path(sys.argv[1]))
if not guard.claim():
    print("not-first", flush=True)
    raise SystemExit(1)
guard.raise_requested.connect(lambda: (print("raised", flush=True), app.quit()))
print("ready", flush=True)
app.exec()
guard.release()
"""
SECOND = "from portone_desk.ui.app import run; raise SystemExit(run())"


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PORTONE_DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}


def test_second_window_on_the_same_folder_brings_the_first_forward(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data = home / "data"
    data.mkdir(parents=True)
    first = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)], env=_env(home), stdout=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "ready"
        second = subprocess.run(
            [sys.executable, "-c", SECOND], env=_env(home), capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0
        assert ALREADY_OPEN in second.stderr
        assert first.stdout.readline().strip() == "raised"  # the first window was asked forward
        assert first.wait(30) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(10)

    # Once the first is gone (its lock released), the folder can be claimed again.
    again = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)], env=_env(home), stdout=subprocess.PIPE, text=True
    )
    try:
        assert again.stdout is not None
        assert again.stdout.readline().strip() == "ready"
    finally:
        again.kill()
        again.wait(10)


def test_a_killed_holder_does_not_lock_the_folder_out(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)], env=_env(tmp_path), stdout=subprocess.PIPE, text=True
    )
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "ready"
    first.kill()  # SIGKILL: the lock file stays, its pid is dead
    first.wait(10)
    assert (data / "desk.lock").exists()
    second = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)], env=_env(tmp_path), stdout=subprocess.PIPE, text=True
    )
    try:
        assert second.stdout is not None
        assert second.stdout.readline().strip() == "ready"
    finally:
        second.kill()
        second.wait(10)
