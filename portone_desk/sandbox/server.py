"""``SandboxServer``: the sandbox on a ThreadingHTTPServer (standard library only)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from portone_desk.sandbox.app import SandboxApp
from portone_desk.sandbox.wire import Reply, Request, failure

_MAX_BODY = 1 << 20


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, like the live API, so one client connection carries many calls.
    protocol_version = "HTTP/1.1"
    server_version = "PortOneSandbox/1.0"
    app: SandboxApp  # set on the per-server subclass

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every keep-alive call.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def _read_body(self) -> tuple[bytes, str]:
        """The body, and why it cannot be used ("" when it can)."""
        declared = self.headers.get("Content-Length") or ""
        try:
            length = int(declared or 0)
        except ValueError:
            return b"", f"Content-Length 값이 올바르지 않습니다: {declared[:20]!r}"
        if length < 0:
            return b"", "Content-Length 값이 올바르지 않습니다"
        try:
            body = self.rfile.read(length) if length > 0 else b""
        except (OSError, ValueError):
            body = b""
        if len(body) < length:
            # The client stopped (killed, timed out) between the headers and the end of the body.
            return body, f"요청 본문이 다 도착하지 않았습니다 ({len(body)}/{length}바이트)"
        return body, ""

    def _serve(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > _MAX_BODY:
            self._send(failure(413, "요청 본문이 너무 큽니다"))
            return
        body, problem = self._read_body()
        if problem:
            self.close_connection = True
        split = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={key.lower(): value for key, value in self.headers.items()},
            body=body,
            client_ip=self.client_address[0],
            body_problem=problem,
        )
        try:
            reply = self.app.handle(request)
        except Exception as error:  # a bug must not leave the client hanging
            self.log_error("sandbox error: %r", error)
            reply = failure(500, "샌드박스 내부 오류가 발생했습니다")
        try:
            self._send(reply)
        finally:
            self.app.answered(request, reply)

    def _send(self, reply: Reply) -> None:
        if reply.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (e.g. its timeout during injected latency); nothing to answer.
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        # Quiet by default: the request log at /_sandbox/requests is the record.
        pass


class SandboxServer:
    """A PortOne-V1-compatible server on a daemon thread; ``with SandboxServer() as s: s.url``."""

    def __init__(
        self,
        db_path: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        seed_demo: bool = True,
        naver_sync_lag: float = 0.0,
        shop: Mapping[str, int] | None = None,
    ) -> None:
        self.app = SandboxApp(db_path, seed_demo, naver_sync_lag, shop)
        handler = type("SandboxHandler", (_Handler,), {"app": self.app})
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        host_name, bound_port = self._httpd.server_address[:2]
        self.host = str(host_name)
        self.port = int(bound_port)
        self.url = f"http://{self.host}:{self.port}"
        self.app.base_url = self.url

    def start(self) -> SandboxServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.01},
                name=f"portone-sandbox-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve on the calling thread (the foreground command)."""
        self._httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()
        self.app.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
