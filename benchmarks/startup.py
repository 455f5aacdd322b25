"""Start-up time: process start → main window on screen, next to a bare PySide6 window.

Each run is a fresh process. The app is started the way the ``portone-desk`` console script starts
it (through the CLI) with ``PORTONE_DESK_STARTUP_PROBE=1``, which makes it print
the wall time when its real page (first-run page or tabs — not the loading page) gets its first
paint, and then close. The bare window (QApplication + QMainWindow with a label) prints at its
central widget's first paint: the same point, with nothing else loaded. Medians of several
alternating runs; a fresh app home each time (the first-run screen, as a new agent sees it).

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/startup.py [--runs 7] [--sandbox]

Last line: ``startup ratio N.NN×`` (app median / bare median; goal ≤ 1.25×).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

MARKER = "STARTUP_SHOWN"

BARE = f"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Watch(QObject):
    done = False

    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print("{MARKER}", f"{{time.time():.6f}}", flush=True)
            QTimer.singleShot(0, window.close)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
label = QLabel("bare window")
window.setCentralWidget(label)
window.resize(1200, 800)
watch = Watch()
label.installEventFilter(watch)
window.show()
app.exec()
"""


APP = "from portone_desk.cli import main; raise SystemExit(main())"


def time_once(args: list[str], env: dict[str, str]) -> float:
    started = time.time()
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            return (float(line.split()[1]) - started) * 1000
    raise RuntimeError(f"no start-up marker (exit {done.returncode}): {done.stderr[-500:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sandbox", action="store_true", help="time `--sandbox` start-up instead")
    args = parser.parse_args()

    base_env = dict(os.environ)
    base_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    base_env["PORTONE_DESK_STARTUP_PROBE"] = "1"
    # Installed apps run from compiled bytecode; keep it in a private cache so neither side pays
    # for compiling sources (and the checkout stays clean) even where PYTHONDONTWRITEBYTECODE=1.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    pycache = tempfile.mkdtemp(prefix="portone-desk-pycache-")
    base_env["PYTHONPYCACHEPREFIX"] = pycache
    bare_args = ["-c", BARE]
    # What the ``portone-desk`` console script runs (through the CLI's argument parsing).
    app_args = ["-c", APP, *(["--sandbox"] if args.sandbox else [])]
    # One warm-up of each: fills the bytecode cache and the disk cache before anything is timed.
    with tempfile.TemporaryDirectory() as home:
        time_once(bare_args, base_env)
        time_once(app_args, dict(base_env, PORTONE_DESK_HOME=home))

    bare: list[float] = []
    app: list[float] = []
    for _ in range(args.runs):
        bare.append(time_once(bare_args, base_env))
        with tempfile.TemporaryDirectory() as home:
            app.append(time_once(app_args, dict(base_env, PORTONE_DESK_HOME=home)))

    mode = "--sandbox (training data, sandbox server, tabs)" if args.sandbox else "first run"
    print(f"platform {base_env['QT_QPA_PLATFORM']}; {args.runs} runs each; app mode: {mode}")
    print("bare PySide6 window ms: " + " ".join(f"{t:.0f}" for t in bare))
    print("PortOne Desk ms:        " + " ".join(f"{t:.0f}" for t in app))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    print(f"median: bare {bare_median:.0f} ms, app {app_median:.0f} ms")
    print(f"startup ratio {app_median / bare_median:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
