"""The audited call path: a row before every call, an honest outcome after, nothing for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import ApiError, OutcomeUnknown, ValidationFailed
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.service import DeskService
from portone_desk.store.audit import AuditLog
from portone_desk.store.profiles import Profile


@pytest.fixture
def service(sandbox: SandboxServer, tmp_path: Path) -> DeskService:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, 1.0))
    profile = Profile.new("테스트 상점", base_url=sandbox.url, agent_name="김상담")
    return DeskService(profile, client, audit=AuditLog(tmp_path / "activity.sqlite3"))


def _requests(sandbox: SandboxServer) -> list[dict]:
    return SandboxControl(sandbox.url).requests()


def _fault(sandbox: SandboxServer, rule: dict) -> None:
    SandboxControl(sandbox.url).add_fault(**rule)


def test_issue_is_recorded_with_the_identifier_masked(service: DeskService, tmp_path: Path) -> None:
    result = service.call("issueReceipt", {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678"})
    assert result.response["apply_num"]
    [row] = service.audit.query()
    assert (row.operation, row.outcome, row.imp_uid) == ("issueReceipt", "ok", "imp_demo_vbank_paid")
    assert row.agent_name == "김상담" and row.profile_name == "테스트 상점"
    assert row.http_status == 200
    service.audit.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("activity.sqlite3*"))
    assert b"01012345678" not in stored


def test_invalid_input_is_neither_sent_nor_recorded(service: DeskService, sandbox: SandboxServer) -> None:
    before = len(_requests(sandbox))
    with pytest.raises(ValidationFailed) as caught:
        service.call("issueReceipt", {"imp_uid": "imp_demo_vbank_paid", "identifier": "123-45-67892"})
    assert caught.value.issues[0].field == "identifier"
    assert len(_requests(sandbox)) == before
    assert service.audit.query() == []


def test_refusal_is_recorded_as_failed_with_portone_message(service: DeskService) -> None:
    with pytest.raises(ApiError):
        service.call("issueReceipt", {"imp_uid": "imp_demo_receipt_issued", "identifier": "01012345678"})
    [row] = service.audit.query()
    assert row.outcome == "failed" and row.http_status == 400
    assert row.message


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_lost_answer_is_recorded_as_unknown(service: DeskService, sandbox: SandboxServer) -> None:
    _fault(sandbox, {"path": "/receipts/", "method": "POST", "latency_ms": 2500, "when": "after"})
    with pytest.raises(OutcomeUnknown):
        service.call("issueReceipt", {"imp_uid": "imp_demo_trans_paid", "identifier": "01012345678"})
    [row] = service.audit.query()
    assert row.outcome == "unknown"
    # This answer is late on purpose: wait until it has left the sandbox.
    posts = SandboxControl(sandbox.url).wait_for_requests(method="POST", path="/receipts/")
    assert len(posts) == 1
    assert service.call("getReceipt", {"imp_uid": "imp_demo_trans_paid"}).response["apply_num"]


def test_naver_partial_result_records_which_orders_succeeded(service: DeskService) -> None:
    ids = ["2026201200000001", "2026201200000003"]  # PAYED (can be placed), DELIVERING (cannot)
    result = service.call(
        "naverPlaceProductOrder",
        {"imp_uid": "imp_demo_naver_five", "product_order_id": ids},
        note="아침 발주",
    )
    assert result.partial and result.succeeded_ids == (ids[0],)
    [row] = service.audit.query()
    assert row.outcome == "partial"
    assert list(row.succeeded_ids) == [ids[0]] and list(row.failed_ids) == [ids[1]]
    assert "아침 발주" in row.reason
