"""Where the app keeps its settings, data and logs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "PortOneDesk"
APP_AUTHOR = "PortOneDesk"
HOME_ENV = "PORTONE_DESK_HOME"


# A NamedTuple, not a dataclass: importing dataclasses costs start-up time before the first paint.
class AppPaths(NamedTuple):
    """The three app folders; each is created the first time it is asked for.

    Nothing is created at construction so that merely building the object (e.g. for ``--help``)
    leaves no trace on disk.
    """

    config_root: Path
    data_root: Path
    log_root: Path

    @classmethod
    def default(cls) -> AppPaths:
        """Platform folders, or ``$PORTONE_DESK_HOME/{config,data,logs}`` when that is set."""
        home = os.environ.get(HOME_ENV, "").strip()
        if home:
            return cls.under(Path(home))
        # Imported here: it is only needed without the override, and it costs start-up time.
        import platformdirs

        return cls(
            config_root=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
            data_root=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            log_root=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )

    @classmethod
    def under(cls, home: Path) -> AppPaths:
        """All three folders inside one directory (tests, portable installs)."""
        home = Path(home).expanduser().resolve()
        return cls(config_root=home / "config", data_root=home / "data", log_root=home / "logs")

    @property
    def config_dir(self) -> Path:
        return _ensure(self.config_root)

    @property
    def data_dir(self) -> Path:
        return _ensure(self.data_root)

    @property
    def log_dir(self) -> Path:
        return _ensure(self.log_root)

    @property
    def profiles_file(self) -> Path:
        return self.config_dir / "profiles.json"

    @property
    def audit_db(self) -> Path:
        return self.data_dir / "audit.sqlite3"

    @property
    def sandbox_db(self) -> Path:
        """Training data of ``--sandbox`` mode, kept between runs."""
        return self.data_dir / "sandbox.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "portone-desk.log"

    def all_dirs(self) -> tuple[Path, Path, Path]:
        """The three roots (without creating them), e.g. to scan them for leaked secrets."""
        return (self.config_root, self.data_root, self.log_root)


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
