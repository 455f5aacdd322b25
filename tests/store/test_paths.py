from __future__ import annotations

from pathlib import Path

import pytest

from portone_desk.store.paths import HOME_ENV, AppPaths


def test_home_env_overrides_all_three(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "portable"))
    paths = AppPaths.default()
    root = (tmp_path / "portable").resolve()
    assert paths.all_dirs() == (root / "config", root / "data", root / "logs")


def test_folders_created_on_demand(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    assert not (tmp_path / "config").exists()
    assert paths.config_dir.is_dir()
    assert not (tmp_path / "data").exists()
    assert paths.audit_db.parent.is_dir()
    assert paths.log_file.parent == tmp_path.resolve() / "logs"
    assert paths.profiles_file == tmp_path.resolve() / "config" / "profiles.json"


def test_platform_dirs_without_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HOME_ENV, raising=False)
    paths = AppPaths.default()
    for folder in paths.all_dirs():
        assert "PortOneDesk" in str(folder)
