"""Client behaviour the sandbox cannot produce, against a tiny real HTTP server on loopback.

Used for: HTTP 200 carrying ``code != 0``, exactly what goes on the wire (headers, query, JSON
body), unknown response fields, and connection failures.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import ApiError, NetworkError, OutcomeUnknown, ValidationFailed

SECRET = "stub-secret-3f9a8b7c6d"
TOKEN = "stub-token-0123456789abcdef"


class Stub:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[dict] = []
        # path -> (status, body) for non-token calls
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path, _, query = self.path.partition("?")
                stub.requests.append(
                    {
                        "method": self.command,
                        "path": path,
                        "query": query,
                        "headers": dict(self.headers),
                        "body": json.loads(body) if body else None,
                    }
                )
                if path == "/users/getToken":
                    status, out = (
                        200,
                        json.dumps(
                            {
                                "code": 0,
                                "message": None,
                                "response": {
                                    "access_token": TOKEN,
                                    "now": 1_700_000_000,
                                    "expired_at": 1_700_001_800,
                                },
                            }
                        ).encode(),
                    )
                else:
                    status, out = stub.routes.get(path, (404, b'{"code": -1, "message": "\\uc5c6\\uc74c"}'))
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = do_DELETE = _serve

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Stub]:
    s = Stub()
    yield s
    s.close()


def _client(url: str, **kwargs: object) -> PortOneClient:
    return PortOneClient(url, "stub-key", SECRET, **kwargs)  # type: ignore[arg-type]


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def test_code_nonzero_with_http_200_is_an_error(stub: Stub):
    stub.routes["/payments/imp_1"] = (
        200,
        _json({"code": 1, "message": "존재하지 않는 결제정보입니다", "response": None}),
    )
    client = _client(stub.url)
    with pytest.raises(ApiError) as info:
        client.call("getPaymentByImpUid", {"imp_uid": "imp_1"})
    err = info.value
    assert (err.http_status, err.code, err.message) == (200, 1, "존재하지 않는 결제정보입니다")
    assert "존재하지 않는 결제정보입니다" in str(err) and "getPaymentByImpUid" in str(err)


def test_unknown_response_fields_are_kept(stub: Stub):
    payload = {"imp_uid": "imp_1", "amount": 1000, "brand_new_field": {"x": [1, 2]}}
    stub.routes["/payments/imp_1"] = (
        200,
        _json({"code": 0, "message": None, "response": payload, "extra": 1}),
    )
    result = _client(stub.url).call("getPaymentByImpUid", {"imp_uid": "imp_1"})
    assert result.response == payload
    assert (result.http_status, result.code, result.partial) == (200, 0, False)
    assert result.duration_ms > 0


def test_wire_format_headers_query_and_json_body(stub: Stub):
    ok = _json({"code": 0, "message": None, "response": []})
    stub.routes["/payments/imp_1"] = (200, ok)
    stub.routes["/payments/imp_2/naver/cancel"] = (200, ok)
    client = _client(stub.url, tier="AB1")
    client.call("getPaymentByImpUid", {"imp_uid": "imp_1", "include_sandbox": True})
    client.call(
        "naverCancelProductOrder",
        {"imp_uid": "imp_2", "product_order_id": ["p1", "p2"], "reason": "SOLD_OUT"},
    )
    token_call, get, post = stub.requests
    assert token_call["path"] == "/users/getToken"
    assert "Authorization" not in token_call["headers"]
    assert token_call["body"] == {"imp_key": "stub-key", "imp_secret": SECRET}
    assert get["query"] == "include_sandbox=true"
    assert get["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert get["headers"]["Tier"] == "AB1"
    assert post["headers"]["Content-Type"] == "application/json"
    assert post["body"] == {"product_order_id": ["p1", "p2"], "reason": "SOLD_OUT"}
    assert post["headers"]["Tier"] == "AB1"


def test_validation_failure_sends_nothing(stub: Stub):
    client = _client(stub.url)
    with pytest.raises(ValidationFailed) as info:
        client.call("naverCancelProductOrder", {"imp_uid": "imp_2", "reason": "NOT_A_REASON"})
    assert info.value.issues[0].field == "reason"
    assert "요청은 보내지 않았습니다" in str(info.value)
    assert stub.requests == []


def test_plain_http_refused_except_loopback():
    with pytest.raises(ValueError, match="https"):
        PortOneClient("http://api.iamport.kr", "k", "s")
    PortOneClient("http://localhost:9", "k", "s")
    PortOneClient("http://[::1]:9", "k", "s")
    PortOneClient("https://api.iamport.kr", "k", "s")


def test_repr_and_errors_show_no_secret(stub: Stub):
    client = _client(stub.url)
    assert SECRET not in repr(client)
    stub.routes["/payments/imp_1"] = (
        400,
        _json({"code": -1, "message": f"bad secret {SECRET} Bearer {TOKEN}"}),
    )
    with pytest.raises(ApiError) as info:
        client.call("getPaymentByImpUid", {"imp_uid": "imp_1"})
    text = f"{info.value} {info.value!r} {info.value.message}"
    assert SECRET not in text and TOKEN not in text


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_network_error_even_for_post():
    client = PortOneClient(f"http://127.0.0.1:{_closed_port()}", "k", SECRET, timeout=(1, 1), get_retries=1)
    with pytest.raises(NetworkError) as info:
        client.call("getPaymentByImpUid", {"imp_uid": "imp_1"})
    assert "연결할 수 없습니다" in str(info.value)
    # Nothing reached a server, so this is not "outcome unknown" (getToken failed first anyway).
    with pytest.raises(NetworkError) as info:
        client.call("naverPlaceProductOrder", {"imp_uid": "imp_1"})
    assert not isinstance(info.value, OutcomeUnknown)


def test_https_uses_the_os_trust_store_adapter():
    import truststore

    from portone_desk.api.transport import TruststoreAdapter, make_session

    session = make_session()
    adapter = session.get_adapter("https://api.iamport.kr")
    assert isinstance(adapter, TruststoreAdapter)
    request = requests.Request("GET", "https://api.iamport.kr/x").prepare()
    pool = adapter.get_connection_with_tls_context(request, verify=True)
    assert isinstance(pool.conn_kw["ssl_context"], truststore.SSLContext)


@pytest.mark.skipif(
    shutil.which("openssl") is None, reason="openssl가 없어 자체 서명 인증서를 만들 수 없습니다"
)
def test_untrusted_certificate_is_refused(tmp_path):
    """TLS is really verified: a self-signed loopback server is refused with a Korean message."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    stub = Stub(tls=context)
    try:
        client = PortOneClient(stub.url, "k", SECRET, get_retries=0)
        with pytest.raises(NetworkError) as info:
            client.call("getPaymentByImpUid", {"imp_uid": "imp_1"})
        assert "인증서" in str(info.value)
        assert "CERTIFICATE_VERIFY_FAILED" in repr(info.value.__cause__)
        assert stub.requests == []
        # The same server is fine once its certificate is trusted: TLS itself works.
        trusting = requests.Session()
        assert trusting.post(f"{stub.url}/users/getToken", verify=str(cert), timeout=5).status_code == 200
    finally:
        stub.close()
