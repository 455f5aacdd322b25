"""The ``api`` fixture: a real-HTTP helper bound to the fresh ``sandbox`` of each test."""

from __future__ import annotations

import pytest
from support.sandbox import Api

from portone_desk.sandbox.server import SandboxServer


@pytest.fixture
def api(sandbox: SandboxServer) -> Api:
    return Api(sandbox)
