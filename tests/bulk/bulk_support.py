"""Helpers shared by the bulk tests: an audited service against a sandbox, Naver orders, faults,
the sandbox's request log, and ship sheets. (Not in conftest.py: another folder's conftest may be
the one ``import conftest`` finds.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from portone_desk.api.client import PortOneClient
from portone_desk.api.timefmt import parse_kst
from portone_desk.bulk.kinds import SHIP_KIND
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.rows import BulkRow, build_rows
from portone_desk.bulk.sheet import Sheet
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile

SHIP_PATH = "/naver/ship"
PLACE_PATH = "/naver/place"
NOW = parse_kst("2026-03-05 09:00:00")
HEADERS = ["결제번호", "상품주문번호", "택배사", "송장번호"]


def make_service(url: str, audit_path: Path, read_timeout: float = 1.0) -> DeskService:
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, read_timeout))
    profile = Profile.new("테스트 상점", base_url=url, agent_name="김상담")
    return DeskService(profile, client, audit=AuditLog(audit_path))


def naver_payment(url: str, statuses: list[str]) -> tuple[str, list[str]]:
    """A naverco payment with one product order per status; (imp_uid, product order ids)."""
    return naver_orders(url, [{"product_order_status": s} for s in statuses])


def naver_orders(url: str, specs: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """A naverco payment with one product order per spec (status, claim, sandbox flags such as
    ``placed``); (imp_uid, product order ids)."""
    reply = requests.post(
        f"{url}/_sandbox/payments",
        json={
            "pay_method": "naverpay",
            "pg_provider": "naverco",
            "amount": 10000 * len(specs),
            "status": "paid",
            "product_orders": specs,
        },
        timeout=5,
    )
    reply.raise_for_status()
    data = reply.json()
    return data["imp_uid"], data["product_order_ids"]


def add_payment(url: str, **spec: Any) -> dict[str, Any]:
    """A payment made through the control API (``SandboxControl.add_payment`` once it exists)."""
    reply = requests.post(f"{url}/_sandbox/payments", json=spec, timeout=5)
    reply.raise_for_status()
    return reply.json()


def fault(url: str, rule: dict[str, Any]) -> None:
    requests.post(f"{url}/_sandbox/faults", json=rule, timeout=5).raise_for_status()


def request_log(url: str) -> list[dict[str, Any]]:
    return requests.get(f"{url}/_sandbox/requests", timeout=5).json()["requests"]


def ship_posts(url: str) -> list[dict[str, Any]]:
    return [r for r in request_log(url) if r["method"] == "POST" and r["path"].endswith(SHIP_PATH)]


def place_posts(url: str) -> list[dict[str, Any]]:
    return [r for r in request_log(url) if r["method"] == "POST" and r["path"].endswith(PLACE_PATH)]


def order_states(url: str, service: DeskService, imp_uid: str) -> dict[str, dict[str, Any]]:
    result = service.client.call("getProductOrders", {"imp_uid": imp_uid})
    return {o["product_order_id"]: o for o in result.response}


def ship_sheet(lines: list[tuple[str, str, str, str]]) -> Sheet:
    return Sheet(HEADERS, [list(line) for line in lines])


def ship_rows(lines: list[tuple[str, str, str, str]]) -> list[BulkRow]:
    return build_rows(ship_sheet(lines), SHIP_KIND, guess_mapping(SHIP_KIND, HEADERS), now=NOW)


def tracking(imp_uid: str) -> str:
    """One waybill per payment (all its orders in one box), 12 digits."""
    return f"{abs(hash(imp_uid)) % 10**12:012d}"
