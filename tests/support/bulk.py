"""The bulk tests' helpers: an audited service against a sandbox, ship sheets and rows, order states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portone_desk.api.client import PortOneClient
from portone_desk.api.timefmt import parse_kst
from portone_desk.bulk.kinds import SHIP_KIND
from portone_desk.bulk.mapping import guess_mapping
from portone_desk.bulk.rows import BulkRow, build_rows
from portone_desk.bulk.settle import SettlePolicy
from portone_desk.bulk.sheet import Sheet
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile

NOW = parse_kst("2026-03-05 09:00:00")
HEADERS = ["결제번호", "상품주문번호", "택배사", "송장번호"]
# The sandbox has no Naver sync lag and its faults say how long it works: tests settle fast.
FAST_SETTLE = SettlePolicy(margin=0.5, naver_sync_lag=0.0)


def make_service(url: str, audit_path: Path, read_timeout: float = 1.0) -> DeskService:
    client = PortOneClient(url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, read_timeout))
    profile = Profile.new("테스트 상점", base_url=url, agent_name="김상담")
    return DeskService(profile, client, audit=AuditLog(audit_path))


def order_states(service: DeskService, imp_uid: str) -> dict[str, dict[str, Any]]:
    """The payment's product orders as the API shows them now, by id."""
    result = service.client.call("getProductOrders", {"imp_uid": imp_uid})
    return {o["product_order_id"]: o for o in result.response}


def ship_sheet(lines: list[tuple[str, str, str, str]]) -> Sheet:
    return Sheet(HEADERS, [list(line) for line in lines])


def ship_rows(lines: list[tuple[str, str, str, str]]) -> list[BulkRow]:
    return build_rows(ship_sheet(lines), SHIP_KIND, guess_mapping(SHIP_KIND, HEADERS), now=NOW)


def tracking(imp_uid: str) -> str:
    """One waybill per payment (all its orders in one box), 12 digits."""
    return f"{abs(hash(imp_uid)) % 10**12:012d}"
