"""Fixtures for the bulk tests: an audited service against the sandbox, a job store, and helpers
to make Naver orders, inject faults and read the sandbox's request log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from portone_desk.api.client import PortOneClient
from portone_desk.bulk.jobstore import JobStore
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile

SHIP_PATH = "/naver/ship"


def make_service(url: str, audit_path: Path, read_timeout: float = 1.0) -> DeskService:
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, read_timeout))
    profile = Profile.new("테스트 상점", base_url=url, agent_name="김상담")
    return DeskService(profile, client, audit=AuditLog(audit_path))


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


def naver_payment(url: str, statuses: list[str]) -> tuple[str, list[str]]:
    """A naverco payment with one product order per status; (imp_uid, product order ids)."""
    reply = requests.post(
        f"{url}/_sandbox/payments",
        json={
            "pay_method": "naverpay",
            "pg_provider": "naverco",
            "amount": 10000 * len(statuses),
            "status": "paid",
            "product_orders": [{"product_order_status": s} for s in statuses],
        },
        timeout=5,
    )
    reply.raise_for_status()
    data = reply.json()
    return data["imp_uid"], data["product_order_ids"]


def fault(url: str, rule: dict[str, Any]) -> None:
    requests.post(f"{url}/_sandbox/faults", json=rule, timeout=5).raise_for_status()


def request_log(url: str) -> list[dict[str, Any]]:
    return requests.get(f"{url}/_sandbox/requests", timeout=5).json()["requests"]


def ship_posts(url: str) -> list[dict[str, Any]]:
    return [r for r in request_log(url) if r["method"] == "POST" and r["path"].endswith(SHIP_PATH)]


def order_states(url: str, service: DeskService, imp_uid: str) -> dict[str, dict[str, Any]]:
    result = service.client.call("getProductOrders", {"imp_uid": imp_uid})
    return {o["product_order_id"]: o for o in result.response}
