"""Helpers for the receipt-tab tests (imported by them; pytest does not load this file by itself).

A DeskContext whose service talks to a fresh in-memory sandbox with a short read timeout (so an
"answer lost" fault becomes OutcomeUnknown quickly), the sandbox's control API, and an auto-answer
for the confirmation dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from portone_desk.api.client import PortOneClient
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.ui import confirm as confirm_module
from portone_desk.ui.context import DeskContext
from portone_desk.ui.sandbox_mode import sandbox_profile
from portone_desk.ui.worker import OperationRunner

READ_TIMEOUT_S = 1.5


class Sandbox:
    """The sandbox's control API, for arranging data and faults and reading the request log."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.url = server.url

    def requests(self) -> list[dict[str, Any]]:
        return requests.get(f"{self.url}/_sandbox/requests", timeout=5).json()["requests"]

    def api_requests(self, method: str | None = None, prefix: str = "/receipts") -> list[dict[str, Any]]:
        return [
            r
            for r in self.requests()
            if r["path"].startswith(prefix) and (method is None or r["method"] == method)
        ]

    def fault(self, **rule: Any) -> None:
        requests.post(f"{self.url}/_sandbox/faults", json=rule, timeout=5).raise_for_status()

    def payment(self, **fields: Any) -> dict[str, Any]:
        response = requests.post(f"{self.url}/_sandbox/payments", json=fields, timeout=5)
        response.raise_for_status()
        return response.json()


@dataclass
class Confirmer:
    """Stands in for the confirmation dialog: records what was asked and answers."""

    answer: bool = True
    note: str = ""
    asked: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, parent: QWidget | None, title: str, sections: Any, **kwargs: Any) -> Any:
        self.asked.append({"title": title, "sections": sections, **kwargs})
        return confirm_module.Confirmation(note=self.note) if self.answer else None

    def rows(self, index: int = -1) -> dict[str, str]:
        return {label: text for _title, rows in self.asked[index]["sections"] for label, text in rows}


def build_context(
    runner: OperationRunner,
    server: SandboxServer,
    read_timeout: float = READ_TIMEOUT_S,
    audit: AuditLog | None = None,
) -> DeskContext:
    client = PortOneClient(
        server.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, read_timeout), get_retries=0
    )
    service = DeskService(sandbox_profile(server.url, agent_name="테스트 상담원"), client, audit=audit)
    ctx = DeskContext(runner)
    ctx.set_service(service)
    return ctx


@pytest.fixture
def sandbox_api(sandbox: SandboxServer) -> Sandbox:
    return Sandbox(sandbox)


@pytest.fixture
def receipt_ctx(runner: OperationRunner, sandbox: SandboxServer, tmp_path: Path) -> Iterator[DeskContext]:
    audit = AuditLog(tmp_path / "audit.sqlite3")
    yield build_context(runner, sandbox, audit=audit)
    audit.close()


@pytest.fixture
def confirmer(monkeypatch: pytest.MonkeyPatch) -> Confirmer:
    stand_in = Confirmer()
    monkeypatch.setattr(confirm_module, "confirm", stand_in)
    return stand_in


def button(widget: QWidget, name: str) -> QPushButton:
    found = widget.findChild(QPushButton, name)
    assert found is not None, name
    return found


def label_text(widget: QWidget, name: str) -> str:
    found = widget.findChild(QLabel, name)
    assert found is not None, name
    return found.text()
