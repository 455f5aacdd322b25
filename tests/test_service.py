"""The audited call path: a row before every call, an honest outcome after, nothing for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.waiting import wait_until

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


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_a_verification_settles_the_unknown_row(service: DeskService, sandbox: SandboxServer) -> None:
    _fault(sandbox, {"path": "/receipts/", "method": "POST", "latency_ms": 2500, "when": "after"})
    with pytest.raises(OutcomeUnknown) as lost:
        service.call("issueReceipt", {"imp_uid": "imp_demo_trans_paid", "identifier": "01012345678"})
    with pytest.raises(ValueError):  # a verification says what happened, never "unknown" again
        service.record_settled(lost.value, "unknown", "조회 실패")
    service.record_settled(lost.value, "ok", "영수증 조회로 확인: 발급됨")
    [row] = service.audit.query()
    assert row.outcome == "ok" and row.settled_how == "영수증 조회로 확인: 발급됨"
    SandboxControl(sandbox.url).wait_for_requests(method="POST", path="/receipts/")


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


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_an_unknown_change_is_not_resent_before_it_has_settled(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Issue 9, point 2 for single actions: after an answer was lost, the same change on the same
    target is refused (nothing sent, the agent told how long) until read timeout + margin have passed."""
    from portone_desk.bulk.settle import SettlePolicy
    from portone_desk.service import NotSettled

    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, timeout=(2, 0.5))
    profile = Profile.new("테스트 상점", base_url=sandbox.url)
    service = DeskService(profile, client, AuditLog(tmp_path / "a.sqlite3"), settle=SettlePolicy(margin=1.0))
    values = {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678"}
    _fault(
        sandbox,
        {"path": "/receipts/imp_demo_vbank_paid", "method": "POST", "latency_ms": 1200, "when": "before"},
    )
    with pytest.raises(OutcomeUnknown):
        service.call("issueReceipt", values)
    with pytest.raises(NotSettled) as held:
        service.call("issueReceipt", values)
    assert "초 뒤에 조회해 확인합니다" in str(held.value)
    posts = [
        r
        for r in _requests(sandbox)
        if r["method"] == "POST" and r["path"] == "/receipts/imp_demo_vbank_paid"
    ]
    assert len(posts) <= 1  # the second was never sent (the first may still be on its way)

    # Once settled (0.5 s + 1 s) the same change may go again; PortOne refuses it: already issued.
    def resent() -> bool:
        try:
            service.call("issueReceipt", values)
        except NotSettled:
            return False
        except ApiError:
            return True
        return True

    wait_until(resent, timeout=5, what="the change to settle")
    assert client.call("getReceipt", {"imp_uid": "imp_demo_vbank_paid"}).response["receipt_url"]
    service.audit.close()


def test_a_207_for_all_orders_names_the_failed_ones_from_the_payment(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    """Issue 9, point 10: no ids in the request (act on all) and a 207: the failed list is the
    payment's orders PortOne did not return as done, from a lookup — not from the message."""
    from support.sandbox import naver_payment

    imp, ids = naver_payment(sandbox.url, ["PAYED", {"product_order_status": "PAYED", "placed": True}])
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    service = DeskService(
        Profile.new("테스트 상점", base_url=sandbox.url), client, AuditLog(tmp_path / "a.sqlite3")
    )
    result = service.call("naverPlaceProductOrder", {"imp_uid": imp})
    assert result.partial and result.http_status == 207
    assert result.succeeded_ids == (ids[0],)
    assert result.failed_ids == (ids[1],)
    [row] = service.audit.query(operation="naverPlaceProductOrder")
    assert row.outcome == "partial" and row.failed_ids == (ids[1],)
    service.audit.close()
