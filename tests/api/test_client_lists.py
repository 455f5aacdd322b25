"""The list operations through PortOneClient against the sandbox: repeated array keys, paging checks."""

from __future__ import annotations

import pytest

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import ApiError, ValidationFailed
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET


def _client(sandbox) -> PortOneClient:
    return PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)


def _log(sandbox) -> list[dict]:
    with SandboxControl(sandbox.url) as control:
        return control.requests()


def test_imp_uid_list_goes_as_repeated_bracket_keys(sandbox) -> None:
    ids = ["imp_demo_vbank_paid", "imp_demo_trans_paid", "imp_demo_card_paid"]
    with _client(sandbox) as client:
        result = client.call("getPaymentListByImpUid", {"imp_uid": ids})
    assert result.http_status == 200
    assert {p["imp_uid"] for p in result.response} == set(ids)
    sent = [r for r in _log(sandbox) if r["path"] == "/payments"]
    assert len(sent) == 1
    assert sent[0]["query"] == {"imp_uid[]": ids}


def test_some_unknown_ids_answer_207_with_the_found_ones(sandbox) -> None:
    with _client(sandbox) as client:
        result = client.call("getPaymentListByImpUid", {"imp_uid": ["imp_demo_vbank_paid", "imp_nope"]})
    assert result.http_status == 207
    assert [p["imp_uid"] for p in result.response] == ["imp_demo_vbank_paid"]


def test_status_list_and_page_checks(sandbox) -> None:
    with _client(sandbox) as client:
        page = client.call("getPaymentsByStatus", {"payment_status": "paid", "limit": 5})
        assert page.response["total"] > 5
        assert len(page.response["list"]) == 5
        assert page.response["previous"] == 0 and page.response["next"] == 2
        with pytest.raises(ValidationFailed):
            client.call("getPaymentsByStatus", {"payment_status": "paid", "limit": 1001})
        with pytest.raises(ValidationFailed):
            client.call("getPaymentsByStatus", {"payment_status": "refunded"})
        with pytest.raises(ApiError) as past:
            client.call("getPaymentsByStatus", {"payment_status": "paid", "page": 999})
        assert past.value.http_status == 400


def test_all_payments_of_an_order_number(sandbox) -> None:
    with _client(sandbox) as client:
        result = client.call("getAllPaymentsByMerchantUid", {"merchant_uid": "order-1015"})
    assert {p["imp_uid"] for p in result.response["list"]} == {"imp_demo_retry_failed", "imp_demo_retry_paid"}


def test_pg_settings(sandbox) -> None:
    with _client(sandbox) as client:
        result = client.call("getPgSettingList")
    assert "naverco" in {s["pg_provider"] for s in result.response}
