"""PortOneClient against the real sandbox over loopback: tokens, statuses, retries, faults.

The sandbox's request log (``SandboxControl.requests``) is the witness for what went over the wire.
"""

from __future__ import annotations

import logging
import threading

import pytest

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import (
    ApiError,
    AuthFailed,
    NetworkError,
    OutcomeUnknown,
    UnsupportedPg,
    ValidationFailed,
)
from portone_desk.api.redact import install_log_filter
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET

PAID = "imp_demo_vbank_paid"


def _client(sandbox, **kwargs) -> PortOneClient:
    return PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, **kwargs)


def _log(sandbox) -> list[dict]:
    return SandboxControl(sandbox.url).requests()


def _token_calls(sandbox) -> int:
    return sum(1 for r in _log(sandbox) if r["path"] == "/users/getToken")


def _advance(sandbox, seconds: float) -> int:
    return SandboxControl(sandbox.url).advance(seconds)


def _fault(sandbox, **rule) -> None:
    SandboxControl(sandbox.url).add_fault(**rule)


# --- tokens ---------------------------------------------------------------------------------------


def test_token_is_fetched_once_and_reused(sandbox):
    client = _client(sandbox)
    for _ in range(5):
        client.call("getPaymentByImpUid", {"imp_uid": PAID})
    log = _log(sandbox)
    assert [r["path"] for r in log].count("/users/getToken") == 1
    assert [r["token_sent"] for r in log] == [False] + [True] * 5
    assert client.tokens.remaining() == pytest.approx(1800, abs=5)


def test_connection_test_extends_a_nearly_expired_token_by_five_minutes(sandbox):
    client = _client(sandbox)
    first = client.get_token().response
    _advance(sandbox, 1800 - 50)
    second = client.get_token().response
    assert second["access_token"] == first["access_token"]
    assert second["expired_at"] == first["expired_at"] + 300
    assert second["expired_at"] - second["now"] == pytest.approx(350, abs=2)
    # The manager now counts the extended life from the server's clock, not ours.
    assert client.tokens.remaining() == pytest.approx(350, abs=5)
    client.call("getPaymentByImpUid", {"imp_uid": PAID})
    assert _token_calls(sandbox) == 2


def test_expired_token_gets_one_401_then_a_fresh_token(sandbox):
    client = _client(sandbox)
    client.call("getPaymentByImpUid", {"imp_uid": PAID})
    old = client.tokens.info.access_token
    _advance(sandbox, 1801)  # our local clock has not moved: only the server knows
    result = client.call("getPaymentByImpUid", {"imp_uid": PAID})
    assert result.http_status == 200
    assert client.tokens.info.access_token != old
    tail = [(r["method"], r["path"], r["status"]) for r in _log(sandbox)[1:]]
    assert tail == [
        ("GET", f"/payments/{PAID}", 200),
        ("GET", f"/payments/{PAID}", 401),
        ("POST", "/users/getToken", 200),
        ("GET", f"/payments/{PAID}", 200),
    ]


def test_401_is_retried_exactly_once(sandbox):
    client = _client(sandbox)
    client.call("getPaymentByImpUid", {"imp_uid": PAID})
    _fault(sandbox, path=f"/payments/{PAID}", status=401, times=5)
    with pytest.raises(AuthFailed) as info:
        client.call("getPaymentByImpUid", {"imp_uid": PAID})
    assert info.value.http_status == 401
    paths = [r["path"] for r in _log(sandbox)[2:]]
    assert paths == [f"/payments/{PAID}", "/users/getToken", f"/payments/{PAID}"]


def test_wrong_secret_is_auth_failed_without_retry(sandbox):
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, "wrong-secret-4821")
    with pytest.raises(AuthFailed) as info:
        client.call("getPaymentByImpUid", {"imp_uid": PAID})
    err = info.value
    assert err.http_status == 401
    assert "인증에 실패했습니다" in str(err)
    assert "wrong-secret-4821" not in str(err) + repr(err)
    assert [(r["path"], r["status"]) for r in _log(sandbox)] == [("/users/getToken", 401)]
    with pytest.raises(AuthFailed):
        client.get_token()


def test_single_flight_16_threads_one_get_token(sandbox):
    client = _client(sandbox)
    barrier = threading.Barrier(16)
    results: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(client.call("getPaymentByImpUid", {"imp_uid": PAID}).http_status)
        except BaseException as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == [200] * 16
    log = _log(sandbox)
    assert _token_calls(sandbox) == 1
    assert len(log) == 17


def test_tier_header_is_sent(sandbox):
    _client(sandbox, tier="AB1").call("getPaymentByImpUid", {"imp_uid": PAID})
    log = _log(sandbox)
    assert log[-1]["tier"] == "AB1"


# --- statuses ---------------------------------------------------------------------------------------


def test_receipt_issue_then_400_on_second_issue(sandbox):
    client = _client(sandbox)
    result = client.call("issueReceipt", {"imp_uid": PAID, "identifier": "010-000-1234"}, pg="kcp")
    assert result.response["amount"] == 39000 and result.response["vat"] == 3545
    with pytest.raises(ApiError) as info:
        client.call("issueReceipt", {"imp_uid": PAID, "identifier": "010-000-1234"})
    assert info.value.http_status == 400 and info.value.code != 0
    assert "이미" in info.value.message


def test_404_unknown_payment(sandbox):
    with pytest.raises(ApiError) as info:
        _client(sandbox).call("getPaymentByImpUid", {"imp_uid": "imp_nope"})
    assert info.value.http_status == 404
    assert not isinstance(info.value, NetworkError)


def test_501_is_unsupported_pg(sandbox):
    with pytest.raises(UnsupportedPg) as info:
        _client(sandbox).call("revokeReceipt", {"imp_uid": "imp_demo_kicc_receipt"})
    assert info.value.http_status == 501
    assert "지원하지 않습니다" in str(info.value)


def test_known_unsupported_pg_is_refused_before_sending(sandbox):
    with pytest.raises(UnsupportedPg):
        _client(sandbox).call("revokeReceipt", {"imp_uid": "imp_demo_kicc_receipt"}, pg="kicc")
    assert _log(sandbox) == []


def test_a_lookup_is_never_refused_for_its_pg(sandbox):
    """The spec documents only 200/401/404 for the receipt GETs: a KICC receipt is shown."""
    for pg in ("kicc", "settle", None):
        result = _client(sandbox).call("getReceipt", {"imp_uid": "imp_demo_kicc_receipt"}, pg=pg)
        assert result.http_status == 200 and result.response["imp_uid"] == "imp_demo_kicc_receipt"
    assert [r["status"] for r in _log(sandbox) if r["path"].startswith("/receipts")] == [200, 200, 200]


def test_validation_failure_sends_nothing(sandbox):
    with pytest.raises(ValidationFailed) as info:
        _client(sandbox).call(
            "issueReceipt", {"imp_uid": PAID, "identifier": "220-81-62518", "type": "company"}
        )
    assert "사업자등록번호의 검증번호" in str(info.value)
    assert _log(sandbox) == []


def test_naver_200_all_succeeded(sandbox):
    result = _client(sandbox).call("naverPlaceProductOrder", {"imp_uid": "imp_demo_naver_new"})
    assert result.http_status == 200 and not result.partial
    assert result.succeeded_ids == ("2026200100000001",)
    assert result.failed_ids == ()


def test_naver_207_partial_with_ids(sandbox):
    ids = ["2026201100000001", "2026201100000003"]
    result = _client(sandbox).call(
        "naverPlaceProductOrder", {"imp_uid": "imp_demo_naver_three", "product_order_id": ids}
    )
    assert result.http_status == 207 and result.partial
    assert result.succeeded_ids == ("2026201100000001",)
    assert result.failed_ids == ("2026201100000003",)
    assert result.response[0]["product_order_id"] == "2026201100000001"


def test_naver_207_without_ids_has_unknown_failures(sandbox):
    result = _client(sandbox).call("naverPlaceProductOrder", {"imp_uid": "imp_demo_naver_three"})
    assert result.http_status == 207 and result.partial
    assert "2026201100000001" in result.succeeded_ids
    assert result.failed_ids == ()


def test_naver_500_none_done(sandbox):
    with pytest.raises(ApiError) as info:
        _client(sandbox).call("naverPlaceProductOrder", {"imp_uid": "imp_demo_naver_delivered"})
    assert info.value.http_status == 500
    assert "처리된 것이 없습니다" in str(info.value)
    assert not isinstance(info.value, OutcomeUnknown)


# --- retries and faults -----------------------------------------------------------------------------


def test_get_is_retried_on_500_then_succeeds(sandbox):
    client = _client(sandbox)
    client.get_token()
    _fault(sandbox, path=f"/payments/{PAID}", status=500, times=2)
    assert client.call("getPaymentByImpUid", {"imp_uid": PAID}).http_status == 200
    assert [r["status"] for r in _log(sandbox)[1:]] == [500, 500, 200]


def test_get_gives_up_after_retries(sandbox):
    client = _client(sandbox, get_retries=2)
    client.get_token()
    _fault(sandbox, path=f"/payments/{PAID}", status=503, times=5)
    with pytest.raises(NetworkError) as info:
        client.call("getPaymentByImpUid", {"imp_uid": PAID})
    assert info.value.http_status == 503
    assert len(_log(sandbox)) == 1 + 3


def test_get_retried_after_dropped_connection(sandbox):
    client = _client(sandbox)
    client.get_token()
    _fault(sandbox, path=f"/payments/{PAID}", body="drop", times=1)
    assert client.call("getPaymentByImpUid", {"imp_uid": PAID}).http_status == 200


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_post_timeout_is_outcome_unknown_and_never_resent(sandbox):
    client = _client(sandbox, timeout=(2, 0.5))
    client.get_token()
    _fault(sandbox, path=f"/receipts/{PAID}", method="POST", latency_ms=1500, when="after")
    with pytest.raises(OutcomeUnknown) as info:
        client.call("issueReceipt", {"imp_uid": PAID, "identifier": "01012345678"})
    assert "다시 보내지 말고" in str(info.value) and "조회" in str(info.value)
    # The late answer has left the sandbox: still the one POST.
    posts = SandboxControl(sandbox.url).wait_for_requests(method="POST", path=f"/receipts/{PAID}")
    assert len(posts) == 1
    # It did go through: looking it up is the right next step.
    assert client.call("getReceipt", {"imp_uid": PAID}).response["amount"] == 39000


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_post_dropped_after_is_outcome_unknown(sandbox):
    client = _client(sandbox)
    client.get_token()
    _fault(sandbox, path="/payments/imp_demo_naver_new/naver/place", body="drop", when="after")
    with pytest.raises(OutcomeUnknown):
        client.call("naverPlaceProductOrder", {"imp_uid": "imp_demo_naver_new"})
    assert [r["path"] for r in _log(sandbox)].count("/payments/imp_demo_naver_new/naver/place") == 1


def test_html_error_page_is_a_clean_error(sandbox):
    client = _client(sandbox, get_retries=1)
    client.get_token()
    _fault(sandbox, path=f"/payments/{PAID}", status=502, body="html", times=2)
    with pytest.raises(NetworkError) as info:
        client.call("getPaymentByImpUid", {"imp_uid": PAID})
    assert "HTML" in str(info.value)
    # A change answered by a page that is not PortOne's says nothing about what happened (issue 9).
    _fault(sandbox, path="/receipts/imp_nope", method="POST", status=400, body="html")
    with pytest.raises(OutcomeUnknown) as unknown:
        client.call("issueReceipt", {"imp_uid": "imp_nope", "identifier": "01012345678"})
    assert unknown.value.http_status == 400 and "HTML" in str(unknown.value)


def test_malformed_json_is_a_clean_error(sandbox):
    client = _client(sandbox, get_retries=1)
    client.get_token()
    _fault(sandbox, path=f"/payments/{PAID}", status=200, body="malformed", times=2)
    with pytest.raises(NetworkError) as info:
        client.call("getPaymentByImpUid", {"imp_uid": PAID})
    assert "해석할 수 없는 응답" in str(info.value)
    # Once is retried away.
    _fault(sandbox, path=f"/payments/{PAID}", status=200, body="malformed", times=1)
    assert client.call("getPaymentByImpUid", {"imp_uid": PAID}).http_status == 200


def test_post_with_unreadable_success_is_outcome_unknown(sandbox):
    client = _client(sandbox)
    client.get_token()
    _fault(sandbox, path=f"/receipts/{PAID}", method="POST", status=200, body="malformed", when="after")
    with pytest.raises(OutcomeUnknown):
        client.call("issueReceipt", {"imp_uid": PAID, "identifier": "01012345678"})


# --- redaction ---------------------------------------------------------------------------------------


def test_secrets_and_tokens_never_reach_logs_or_errors(sandbox, caplog):
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, "secret-for-log-test-77")
    with pytest.raises(AuthFailed) as info:
        client.call("getPaymentByImpUid", {"imp_uid": PAID})
    good = _client(sandbox)
    good.call("getPaymentByImpUid", {"imp_uid": PAID})
    token = good.tokens.info.access_token
    with caplog.at_level(logging.DEBUG):
        install_log_filter()
        log = logging.getLogger("portone_desk.test")
        log.error("failed: %s / %r / %r", info.value, info.value, client)
        log.info("token was %s, header Authorization: Bearer %s", token, token)
        log.info("body %s", {"imp_key": DEMO_IMP_KEY, "imp_secret": "secret-for-log-test-77"})
        good.call("getPaymentByImpUid", {"imp_uid": PAID})
    assert "secret-for-log-test-77" not in caplog.text
    assert token not in caplog.text
    assert DEMO_IMP_SECRET not in caplog.text
    assert token not in str(info.value) + repr(good)
    root = logging.getLogger()
    for owner in (root, *root.handlers):
        for f in list(owner.filters):
            if type(f).__name__ == "RedactingFilter":
                owner.removeFilter(f)
