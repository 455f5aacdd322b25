"""Standalone executable figures, one per line: bundle size, start-up (built vs source), idle memory.

    uv run --group build python packaging/build.py      # once, or pass --build here
    uv run python benchmarks/bundle.py [--runs 5] [--build]

Start-up is the wall time from launching the process to the main window being on screen, as the
app itself reports it (``PORTONE_DESK_STARTUP_PROBE=1``, see ``portone_desk/ui/startup_probe.py``;
the probe closes the window right away). Idle memory is the resident set size of an unprobed run
2 s after the main window was shown (read from ``/proc``, so Linux only). Both runs open training
mode (``--sandbox``) so the tabs exist, in a fresh temporary home, with ``QT_QPA_PLATFORM=offscreen``
unless a platform is set. Goals (issue 6): bundle under 100 MB, idle RSS under 150 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
from build import DIST, executable_path, folder_size  # noqa: E402

PROBE_ENV = "PORTONE_DESK_STARTUP_PROBE"
MARKER = "STARTUP_SHOWN"
SIZE_GOAL_MB, RSS_GOAL_MB = 100, 150
IDLE_S = 2.0
# Logged by the main window when the sandbox profile becomes active, just before window.show().
SHOWN_LOG_LINE = "active profile: sandbox"
START_TIMEOUT_S = 60.0


def _env(home: Path, probe: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PORTONE_DESK_HOME"] = str(home)
    env.pop(PROBE_ENV, None)
    if probe:
        env[PROBE_ENV] = "1"
    return env


def startup_seconds(command: Sequence[str]) -> float:
    """Launch to "window on screen", as the app's own probe reports it."""
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as home:
        started = time.time()
        done = subprocess.run(
            [*command, "--sandbox"],
            env=_env(Path(home), probe=True),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=START_TIMEOUT_S,
        )
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no {MARKER} line (exit {done.returncode}): {done.stderr[-2000:]}")


def _proc_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def idle_rss_mb(command: Sequence[str]) -> tuple[float, float]:
    """(RSS, peak RSS) in MB, IDLE_S after the main window was shown; the app is then stopped."""
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as home:
        log_file = Path(home) / "logs" / "portone-desk.log"
        proc = subprocess.Popen(
            [*command, "--sandbox"],
            env=_env(Path(home), probe=False),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while SHOWN_LOG_LINE not in (log_file.read_text("utf-8", "replace") if log_file.exists() else ""):
                if proc.poll() is not None:
                    raise RuntimeError(f"the app exited ({proc.returncode}) before its window was shown")
                if time.monotonic() > deadline:
                    raise RuntimeError("the main window was not shown in time")
                time.sleep(0.05)
            time.sleep(IDLE_S)
            if proc.poll() is not None:
                raise RuntimeError(f"the app exited ({proc.returncode}) while idle")
            return _proc_kb(proc.pid, "VmRSS") / 1024, _proc_kb(proc.pid, "VmHWM") / 1024
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="start-ups per variant (median reported)")
    parser.add_argument("--dist", type=Path, default=DIST, help=f"where the build is (default {DIST})")
    parser.add_argument("--build", action="store_true", help="build the onedir executable first")
    args = parser.parse_args(argv)

    if args.build:
        subprocess.run(
            ["uv", "run", "--group", "build", "python", str(ROOT / "packaging" / "build.py")],
            cwd=ROOT,
            check=True,
        )
    program = executable_path(args.dist)
    if not program.exists():
        print(f"no build at {program}; run: uv run --group build python packaging/build.py", file=sys.stderr)
        return 1
    bundle = program.parent
    variants = {"built app": [str(program)], "from source": [sys.executable, "-m", "portone_desk"]}

    size_mb = folder_size(bundle) / 1e6
    verdict = "ok" if size_mb < SIZE_GOAL_MB else "over goal"
    print(f"bundle size (onedir folder): {size_mb:.1f} MB (goal < {SIZE_GOAL_MB} MB: {verdict})")
    print(f"bundle files: {sum(1 for p in bundle.rglob('*') if p.is_file())}")

    for name, command in variants.items():
        startup_seconds(command)  # warm the file cache: the figure is a warm start
        times = [startup_seconds(command) for _ in range(args.runs)]
        print(
            f"start-up to window shown, {name}: {statistics.median(times):.2f} s "
            f"(median of {args.runs}, min {min(times):.2f}, max {max(times):.2f})"
        )

    if not Path("/proc/self/status").exists():
        print("idle memory: not measured (needs /proc)")
        return 0
    for name, command in variants.items():
        rss, peak = idle_rss_mb(command)
        verdict = "ok" if rss < RSS_GOAL_MB else "over goal"
        print(
            f"idle memory (RSS {IDLE_S:.0f} s after window shown), {name}: {rss:.1f} MB "
            f"(goal < {RSS_GOAL_MB} MB: {verdict})"
        )
        print(f"peak memory (VmHWM), {name}: {peak:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
