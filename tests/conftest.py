"""Fixtures shared by every test folder: an isolated app home, offscreen Qt, a fresh sandbox."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Set at import time as well: some test modules import Qt while being collected.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from portone_desk.sandbox.server import SandboxServer


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Offscreen Qt and a throwaway PORTONE_DESK_HOME, so tests never touch the agent's files."""
    saved = {name: os.environ.get(name) for name in ("QT_QPA_PLATFORM", "PORTONE_DESK_HOME")}
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["PORTONE_DESK_HOME"] = str(tmp_path_factory.mktemp("portone-desk-home"))
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A fresh in-memory sandbox with the demo data on a free loopback port."""
    server = SandboxServer().start()
    try:
        yield server
    finally:
        server.stop()
