"""Helpers for the queue tests: a sandbox with a generated shop, a desk on it with a keyring in memory,
and an audited service to act through (not in conftest.py so imports stay unambiguous)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from portone_desk.api.client import PortOneClient
from portone_desk.queues import QueueDesk, open_queue_desk
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import Profile
from portone_desk.store.secrets import SecretStore

SHOP = {"payments": 600, "days": 30, "seed": 21}


class Desk:
    """A sandbox, an isolated app home, the profile's desk and an audited service."""

    def __init__(self, server: SandboxServer, home: Path, **options: Any) -> None:
        self.server = server
        self.control = SandboxControl(server.url)
        self.paths = AppPaths.under(home)
        self.secrets = SecretStore(backend=MemoryKeyring())
        self.profile = Profile.new("테스트 상점", base_url=server.url, agent_name="김상담")
        self.client = PortOneClient(server.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
        self.audit = AuditLog(self.paths.audit_db)
        self.service = DeskService(self.profile, self.client, audit=self.audit)
        self.desk: QueueDesk = open_queue_desk(
            self.paths, self.profile, self.client, self.secrets, audit=self.audit, **options
        )

    def close(self) -> None:
        self.desk.close()
        self.audit.close()
        self.client.close()
        self.control.close()

    def sandbox_docs(self, table: str) -> list[dict[str, Any]]:
        """What the sandbox holds (with its private ``_`` flags), read straight from its store."""
        store = self.server.app.store
        with store.lock:
            rows = store._conn.execute(f"SELECT doc FROM {table}").fetchall()
        return [json.loads(row[0]) for row in rows]
