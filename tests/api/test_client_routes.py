"""The client's last line: path parameters encoded and routed back, and no redirect ever followed."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portone_desk.api import catalog
from portone_desk.api.client import PortOneClient, checked_path
from portone_desk.api.errors import RedirectRefused, ValidationFailed
from portone_desk.api.transport import RouteMismatch, make_session, send_checked
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET


def _logged(url: str) -> list[dict]:
    return SandboxControl(url).requests()


BAD_IDS = ["..", ".", "%2e%2e", "a/b", "a\\b", "a?b", "a#b", "a\x00b", "a\r\nb", "a\u202eb", "a\u200bb",
           "a😀", " ", "A" * 101]  # fmt: skip


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
@pytest.mark.parametrize(
    ("op_id", "name", "extra"),
    [
        ("revokeReceipt", "imp_uid", {}),
        ("getPaymentByMerchantUid", "merchant_uid", {}),
        ("naverPlaceProductOrder", "imp_uid", {"product_order_id": ["1"]}),
        ("getProductOrderSingle", "product_order_id", {}),
    ],
)
def test_unvalidated_calls_still_refuse_bad_path_parameters(sandbox, op_id, name, extra, bad) -> None:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    with client, pytest.raises(ValidationFailed) as caught:
        client.call(op_id, {name: bad, **extra}, validate=False)
    assert catalog.operation(op_id).field(name).label in str(caught.value) or "주소" in str(caught.value)
    assert _logged(sandbox.url) == []  # not even getToken


def test_a_missing_path_parameter_is_refused_before_sending(sandbox) -> None:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    with client, pytest.raises(ValidationFailed) as caught:
        client.call("revokeReceipt", {}, validate=False)
    assert "포트원 거래고유번호" in str(caught.value)
    assert _logged(sandbox.url) == []


def test_allowed_identifiers_are_percent_encoded_and_arrive_intact(sandbox) -> None:
    merchant_uid = "주문.2026-01_a+b~c"
    path = checked_path(catalog.operation("getExternalReceipt"), {"merchant_uid": merchant_uid})
    assert path == "/receipts/external/%EC%A3%BC%EB%AC%B8.2026-01_a%2Bb~c"
    with PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET) as client:
        issued = client.call(
            "issueExternalReceipt",
            {
                "merchant_uid": merchant_uid,
                "channel_key": "channel-key-sandbox",
                "name": "주문",
                "amount": 1000,
                "identifier": "010-000-1234",
            },
        )
        assert issued.response["merchant_uid"] == merchant_uid
        assert client.call("getExternalReceipt", {"merchant_uid": merchant_uid}).response["amount"] == 1000


def test_route_of_every_operation_round_trips() -> None:
    for op in catalog.OPERATIONS.values():
        values = {f.name: f"v{index}_x" for index, f in enumerate(op.fields_in(catalog.Location.PATH))}
        if "payment_status" in values:
            values["payment_status"] = "paid"
        assert catalog.match_route(op.method, checked_path(op, values)) == (op, values)


def test_send_checked_refuses_a_path_the_library_would_rewrite(sandbox) -> None:
    session = make_session(loopback=True)
    with pytest.raises(RouteMismatch):
        send_checked(
            session,
            "DELETE",
            f"{sandbox.url}/receipts/..",
            params=None,
            headers={},
            json_body=None,
            timeout=5,
        )
    assert _logged(sandbox.url) == []


# --- redirects ------------------------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    """Records every request; answers 307 to ``target`` when one is set, else a 200 token."""

    seen: list[tuple[str, str, bytes]]
    target: str | None
    redirect_token: bool

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append((self.command, self.path, body))
        if self.target and (self.redirect_token or self.path != "/users/getToken"):
            self.send_response(307)
            self.send_header("Location", self.target + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        payload = json.dumps(
            {"code": 0, "message": None, "response": {"access_token": "t", "now": 1, "expired_at": 1801}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = _handle

    def log_message(self, *args: object) -> None:
        pass


def _serve(target: str | None, redirect_token: bool = True) -> tuple[ThreadingHTTPServer, list]:
    seen: list = []
    attrs = {"seen": seen, "target": target, "redirect_token": redirect_token}
    handler = type("Handler", (_Recorder,), attrs)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


@pytest.fixture(params=[True, False], ids=["token-redirected", "calls-redirected"])
def redirecting(request: pytest.FixtureRequest) -> Iterator[tuple[str, list, list]]:
    """(redirector URL, what it saw, what the redirect target saw)."""
    other, other_seen = _serve(None)
    other_url = f"http://127.0.0.1:{other.server_address[1]}"
    front, front_seen = _serve(other_url, redirect_token=request.param)
    try:
        yield f"http://127.0.0.1:{front.server_address[1]}", front_seen, other_seen
    finally:
        front.shutdown()
        other.shutdown()


@pytest.mark.parametrize(
    ("op_id", "values", "path"),
    [
        ("getPaymentByImpUid", {"imp_uid": "imp_1"}, "/payments/imp_1"),
        ("revokeReceipt", {"imp_uid": "imp_1"}, "/receipts/imp_1"),
        (
            "naverPlaceProductOrder",
            {"imp_uid": "imp_1", "product_order_id": ["1"]},
            "/payments/imp_1/naver/place",
        ),
    ],
)
@pytest.mark.expect_log(r"따라가지 않았습니다", logger="portone_desk.api.client")
def test_a_redirect_is_an_error_naming_its_target_and_nothing_reaches_it(redirecting, op_id, values, path):
    url, front_seen, other_seen = redirecting
    client = PortOneClient(url, "key-redirect-1", "secret-redirect-1")
    with client, pytest.raises(RedirectRefused) as caught:
        client.call(op_id, values)
    assert front_seen  # the configured server was asked
    assert other_seen == []  # 0 credentials (or calls) re-posted
    assert caught.value.http_status == 307
    redirected = front_seen[-1][1]
    assert redirected in ("/users/getToken", path)
    assert f"{redirected}" in str(caught.value) and "127.0.0.1" in str(caught.value)
    assert "secret-redirect-1" not in str(caught.value)
