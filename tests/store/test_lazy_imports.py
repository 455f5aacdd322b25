"""Importing the store is cheap: keyring comes with the first SecretStore, platformdirs only when
the folders are not overridden (start-up time, ``benchmarks/startup.py``)."""

from __future__ import annotations

import os
import subprocess
import sys


def run(code: str, **env: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, env=dict(os.environ, **env))


def test_importing_the_store_loads_neither_keyring_nor_platformdirs(tmp_path) -> None:
    run(
        "import sys\n"
        "import portone_desk.store.paths, portone_desk.store.secrets, portone_desk.store.profiles\n"
        "from portone_desk.store.paths import AppPaths\n"
        "AppPaths.default().profiles_file\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'keyring', 'platformdirs'})\n"
        "assert not loaded, loaded\n",
        PORTONE_DESK_HOME=str(tmp_path),
    )


def test_keyring_and_platformdirs_still_load_when_needed(tmp_path) -> None:
    run(
        "import sys\n"
        "from portone_desk.store.paths import AppPaths\n"
        "from portone_desk.store.secrets import SecretStore\n"
        "paths = AppPaths.default()\n"
        "assert 'platformdirs' in sys.modules and paths.config_root.name\n"
        "SecretStore()\n"
        "assert 'keyring' in sys.modules\n",
        PORTONE_DESK_HOME="",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
