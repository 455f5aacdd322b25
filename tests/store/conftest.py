from __future__ import annotations

from pathlib import Path

import pytest

from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import ProfileStore
from portone_desk.store.secrets import SecretStore


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "home")


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def secrets(memory_keyring: MemoryKeyring) -> SecretStore:
    return SecretStore(backend=memory_keyring)


@pytest.fixture
def store(paths: AppPaths, secrets: SecretStore) -> ProfileStore:
    return ProfileStore(paths, secrets)
