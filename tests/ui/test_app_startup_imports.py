"""What the app has imported when its real window is first painted (``benchmarks/startup.py``).

The slow-to-import libraries — requests (with urllib3 and truststore), keyring, and platformdirs
when ``PORTONE_DESK_HOME`` is set — come after the first paint: with the first call, the profile
store and never, respectively. Checked inside the real process at the start-up probe's marker.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from portone_desk.ui.startup_probe import MARKER, STARTUP_PROBE_ENV

SLOW = ("requests", "urllib3", "truststore", "keyring", "platformdirs")
# Ours, not needed for the first paint: the CLI's subcommand parsers, and (on the first-run page)
# the catalog with its validation rules, which the tabs bring. The single-instance socket listens
# after the first paint.
CLI_ONLY = ("portone_desk.cli.connection", "portone_desk.cli.bulk", "portone_desk.queues.cli")
AFTER_PAINT = (*CLI_ONLY, "PySide6.QtNetwork")
# On a first start there is no database to check (sqlite3), no tab (the catalog), no log line
# (the log filter's masking rules) and no dataclass before the first paint.
TABS_ONLY = (
    "portone_desk.api.catalog",
    "portone_desk.api.validation",
    "portone_desk.bulk.jobstore",
    "sqlite3",
    "portone_desk.api.personal_text",
    "dataclasses",
)

# The probe prints the marker at the first paint of the real page; list sys.modules right then.
AT_FIRST_PAINT = """
import builtins, sys
import portone_desk.ui.startup_probe as probe

def spy(*args, **kwargs):
    if args and str(args[0]).startswith(probe.MARKER):
        loaded = sorted(({m.split('.')[0] for m in sys.modules} | set(sys.modules)) & set(SLOW))
        builtins.print('LOADED_AT_FIRST_PAINT', ','.join(loaded), flush=True)
    builtins.print(*args, **kwargs)

probe.print = spy
from portone_desk.cli import main
raise SystemExit(main(ARGS))
"""


def loaded_at_first_paint(tmp_path, args: list[str], slow: tuple[str, ...] = SLOW) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PORTONE_DESK_HOME=str(tmp_path))
    env[STARTUP_PROBE_ENV] = "1"
    code = f"SLOW = {slow!r}\nARGS = {args!r}\n" + AT_FIRST_PAINT
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert MARKER in done.stdout, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("LOADED_AT_FIRST_PAINT"))
    return [name for name in line.split(" ", 1)[1].split(",") if name]


def test_cli_import_loads_nothing_slow() -> None:
    code = (
        "import sys\n"
        "import portone_desk.cli\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({SLOW!r}))\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("args", "slow"),
    [([], SLOW + AFTER_PAINT + TABS_ONLY), (["--sandbox"], SLOW + AFTER_PAINT)],
    ids=["first-run", "sandbox"],
)
def test_first_paint_comes_before_the_slow_imports(tmp_path, args, slow) -> None:
    assert loaded_at_first_paint(tmp_path, args, slow) == []
