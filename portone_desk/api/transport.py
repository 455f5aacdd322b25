"""The HTTP session: keep-alive pool, OS trust store, and the loopback-only rule for plain http.

``requests`` and ``truststore`` are imported by :func:`make_session`, not with this module: they
take about as long to import as a bare Qt window takes to appear, and the desk needs them only for
its first call (``benchmarks/startup.py``).
"""

from __future__ import annotations

import functools
import ipaddress
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import ssl

    import requests

# Enough pooled connections for the UI's worker pool (~16 threads) to keep theirs alive.
POOL_SIZE = 20
USER_AGENT = "PortOneDesk/0.1 (+python-requests)"


@functools.cache
def _truststore_adapter_class() -> type:
    from requests.adapters import HTTPAdapter

    class TruststoreAdapter(HTTPAdapter):
        """Verifies TLS against the OS trust store (corporate proxies install their CA there)."""

        def __init__(self, ssl_context: ssl.SSLContext, **kwargs: Any) -> None:
            self._ssl_context = ssl_context
            super().__init__(**kwargs)

        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["ssl_context"] = self._ssl_context
            super().init_poolmanager(*args, **kwargs)

        def proxy_manager_for(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
            kwargs["ssl_context"] = self._ssl_context
            return super().proxy_manager_for(*args, **kwargs)

    return TruststoreAdapter


def __getattr__(name: str) -> Any:
    # ``TruststoreAdapter`` is still importable by name; defining it needs requests.
    if name == "TruststoreAdapter":
        return _truststore_adapter_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> str:
    """The URL without a trailing slash; refuses plain http except to this computer."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"API 주소가 올바르지 않습니다: {base_url}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(
            "암호화되지 않은 http 주소는 이 컴퓨터(127.0.0.1, localhost)의 샌드박스에만 쓸 수 있습니다. "
            "https 주소를 입력해 주세요."
        )
    return base_url.rstrip("/")


class RouteMismatch(ValueError):
    """The URL the HTTP library would put on the wire is not the one the operation addresses."""


def send_checked(
    session: requests.Session,
    method: str,
    url: str,
    *,
    params: dict | None,
    headers: dict,
    json_body: object | None,
    timeout: float | tuple[float, float],
) -> requests.Response:
    """Sends one request exactly to ``url``'s path and never follows a redirect.

    The request is prepared first and its path compared, after the HTTP library's own
    normalisation (dot segments), with the path we built: a mismatch raises ``RouteMismatch``
    before anything is sent. Redirects are answered to the caller (a 3xx ``Response``), so the
    credentials and bodies only ever go to the configured base URL.
    """
    import requests
    from urllib3.util import parse_url

    kwargs: dict[str, Any] = {"params": params or None, "headers": headers}
    if json_body is not None:
        kwargs["json"] = json_body
    prepared = session.prepare_request(requests.Request(method, url, **kwargs))
    expected = urlsplit(url).path
    for seen in (urlsplit(prepared.url or "").path, parse_url(prepared.url or "").path):
        if seen != expected:
            raise RouteMismatch(f"{expected} → {seen}")
    settings = session.merge_environment_settings(prepared.url, {}, None, None, None)
    return session.send(prepared, timeout=timeout, allow_redirects=False, **settings)


def redirect_target(response: requests.Response) -> str | None:
    """Where a 3xx answer points (its Location, or a placeholder when it gives none); else None."""
    if not 300 <= response.status_code < 400:
        return None
    return response.headers.get("Location") or "(주소 없음)"


def make_session(loopback: bool = False) -> requests.Session:
    import ssl

    import requests
    import truststore
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "application/json"
    # A system proxy must not intercept calls to the local sandbox.
    session.trust_env = not loopback

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    https = _truststore_adapter_class()(context, pool_connections=2, pool_maxsize=POOL_SIZE, max_retries=0)
    http = HTTPAdapter(pool_connections=2, pool_maxsize=POOL_SIZE, max_retries=0)
    session.mount("https://", https)
    session.mount("http://", http)
    return session
