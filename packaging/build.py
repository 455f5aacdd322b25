"""Build the standalone PortOne Desk executable with PyInstaller.

    uv run --group build python packaging/build.py            # folder: packaging/dist/PortOneDesk/
    uv run --group build python packaging/build.py --onefile  # one file: packaging/dist/PortOneDesk[.exe]

Add ``--self-test`` to run ``--self-test`` on the result (offscreen) and fail the build if it fails.
PyInstaller lives in the ``build`` dependency group only; the app never depends on it at run time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "portone_desk.spec"
DIST = HERE / "dist"
WORK = HERE / "build"

sys.path.insert(0, str(HERE))
from version_info import EXE_NAME  # noqa: E402


def executable_path(dist: Path = DIST, onefile: bool = False) -> Path:
    """Where the built program is, per platform and mode."""
    suffix = ".exe" if sys.platform == "win32" else ""
    if onefile:
        return dist / f"{EXE_NAME}{suffix}"
    if sys.platform == "darwin":
        return dist / f"{EXE_NAME}.app" / "Contents" / "MacOS" / EXE_NAME
    return dist / EXE_NAME / f"{EXE_NAME}{suffix}"


def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(onefile: bool, clean: bool, console: bool, dist: Path, work: Path) -> Path:
    env = dict(os.environ)
    env["PORTONE_DESK_ONEFILE"] = "1" if onefile else "0"
    env["PORTONE_DESK_CONSOLE"] = "1" if console else "0"
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
    ]
    if clean:
        command.append("--clean")
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    elapsed = time.monotonic() - started
    program = executable_path(dist, onefile)
    if not program.exists():
        raise SystemExit(f"build finished but {program} is missing")
    bundle = program if onefile else program.parent
    if sys.platform == "darwin" and not onefile:
        bundle = dist / f"{EXE_NAME}.app"
    print(f"built {program}")
    print(f"build time: {elapsed:.0f} s")
    print(f"bundle size: {folder_size(bundle) / 1e6:.1f} MB ({bundle})")
    return program


def self_test(program: Path) -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"$ {program} --self-test", flush=True)
    return subprocess.run([str(program), "--self-test"], env=env, timeout=300).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--onefile", action="store_true", help="one self-extracting file instead of a folder")
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    parser.add_argument("--console", action="store_true", help="keep a console window (Windows/macOS debug)")
    parser.add_argument("--self-test", action="store_true", help="run --self-test on the result")
    parser.add_argument("--dist", type=Path, default=DIST, help=f"output folder (default {DIST})")
    parser.add_argument("--work", type=Path, default=WORK, help=f"PyInstaller work folder (default {WORK})")
    args = parser.parse_args(argv)
    program = build(args.onefile, args.clean, args.console, args.dist.resolve(), args.work.resolve())
    if args.self_test:
        return self_test(program)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
