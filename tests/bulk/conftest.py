"""Fixtures for the bulk tests: an audited service against the sandbox and a job store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.bulk import make_service

from portone_desk.bulk.jobstore import JobStore
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService


@pytest.fixture
def service(sandbox: SandboxServer, tmp_path: Path) -> Iterator[DeskService]:
    service = make_service(sandbox.url, tmp_path / "activity.sqlite3")
    yield service
    assert service.audit is not None
    service.audit.close()
    service.client.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[JobStore]:
    store = JobStore(tmp_path / "batches.sqlite3")
    yield store
    store.close()
