"""A small real-HTTP helper for the sandbox tests (``requests`` against the started server).

A uniquely named module (not ``conftest``) so imports never pick up another folder's conftest.
"""

from __future__ import annotations

from typing import Any

import requests

from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer

PHONE_BODY = {"identifier": "01012345678"}


class Api:
    def __init__(self, server: SandboxServer) -> None:
        self.url = server.url
        self.http = requests.Session()
        self._token: str | None = None

    def token(self) -> str:
        if self._token is None:
            self._token = self.get_token().json()["response"]["access_token"]
        return self._token

    def get_token(self, key: str = DEMO_IMP_KEY, secret: str = DEMO_IMP_SECRET) -> requests.Response:
        return self.http.post(f"{self.url}/users/getToken", json={"imp_key": key, "imp_secret": secret})

    def call(self, method: str, path: str, *, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token or self.token()}"}
        kwargs.setdefault("timeout", 10)
        return self.http.request(method, f"{self.url}{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: dict[str, Any] | None = None, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, json=body or {}, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("DELETE", path, **kwargs)

    def control(self, method: str, action: str, body: Any = None) -> Any:
        response = requests.request(method, f"{self.url}/_sandbox/{action}", json=body, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def advance(self, seconds: int) -> int:
        self._token = None  # a long jump may outlive the cached token
        return self.control("POST", "clock", {"advance": seconds})["now"]

    def create_payment(self, **spec: Any) -> dict[str, Any]:
        base = {"pay_method": "vbank", "amount": 10000, "status": "paid", "pg_provider": "kcp"}
        return self.control("POST", "payments", {**base, **spec})

    def naver_payment(self, *orders: dict[str, Any] | str) -> dict[str, Any]:
        """A naverco payment whose product orders are given as dicts or bare statuses."""
        specs = [{"product_order_status": o} if isinstance(o, str) else o for o in orders]
        return self.create_payment(pg_provider="naverco", pay_method="naverpay", product_orders=specs)


def assert_error(response: requests.Response, status: int) -> dict[str, Any]:
    """The error envelope: the status, a non-zero code, a Korean message, no payload."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] != 0
    assert body["response"] is None
    assert any("\uac00" <= ch <= "\ud7a3" for ch in body["message"]), body["message"]
    return body
