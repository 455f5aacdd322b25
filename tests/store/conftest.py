"""The store tests' app folders and profile store: a fresh ``AppPaths`` under the test's own
folder (not through PORTONE_DESK_HOME), with the shared in-memory keyring."""

from __future__ import annotations

from pathlib import Path

import pytest

from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import ProfileStore
from portone_desk.store.secrets import SecretStore


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "home")


@pytest.fixture
def store(paths: AppPaths, secret_store: SecretStore) -> ProfileStore:
    return ProfileStore(paths, secret_store)
