"""Fixtures of the queue tests: a generated shop in a sandbox, and a desk over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from queue_support import SHOP, Desk

from portone_desk.sandbox.server import SandboxServer


@pytest.fixture
def shop() -> Iterator[SandboxServer]:
    server = SandboxServer(seed_demo=False, shop=SHOP).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def desk(shop: SandboxServer, tmp_path: Path) -> Iterator[Desk]:
    made = Desk(shop, tmp_path / "home")
    try:
        yield made
    finally:
        made.close()
