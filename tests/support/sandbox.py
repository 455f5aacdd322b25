"""Arranging the sandbox and reading what reached it, on ``SandboxControl``; and ``Api``, a raw
HTTP helper for the sandbox's own tests.

Helpers take the sandbox as a ``SandboxControl`` or its base URL (what a test has at hand).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests

from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer

Where = SandboxControl | str
PHONE_BODY = {"identifier": "01012345678"}
SHIP_PATH = "/naver/ship"
PLACE_PATH = "/naver/place"


def control_of(where: Where) -> SandboxControl:
    return where if isinstance(where, SandboxControl) else SandboxControl(where)


def naver_payment(
    where: Where, orders: Sequence[str | dict[str, Any]], amount: int | None = None
) -> tuple[str, list[str]]:
    """A paid naverco payment with one product order per status (``"PAYED"``) or spec (status,
    claim, sandbox flags such as ``placed``); (imp_uid, product order ids)."""
    specs = [{"product_order_status": o} if isinstance(o, str) else o for o in orders]
    created = control_of(where).add_payment(
        pay_method="naverpay",
        pg_provider="naverco",
        amount=amount or 10000 * len(specs),
        status="paid",
        product_orders=specs,
    )
    return created["imp_uid"], created["product_order_ids"]


def fault(where: Where, rule: dict[str, Any]) -> None:
    """Inject one fault rule (see ``portone_desk/sandbox/faults.py``)."""
    control_of(where).add_fault(**rule)


def request_log(where: Where, since: int = 0) -> list[dict[str, Any]]:
    """Every API call the sandbox has seen (answered or not)."""
    return control_of(where).requests(since=since)


def posts(where: Where, suffix: str, since: int = 0) -> list[dict[str, Any]]:
    """Logged POST calls whose path ends with ``suffix``."""
    logged = control_of(where).requests(since=since, method="POST", path=suffix)
    return [r for r in logged if r["path"].endswith(suffix)]


def ship_posts(where: Where, since: int = 0) -> list[dict[str, Any]]:
    return posts(where, SHIP_PATH, since)


def place_posts(where: Where, since: int = 0) -> list[dict[str, Any]]:
    return posts(where, PLACE_PATH, since)


class Api:
    """Real HTTP calls to the sandbox's API with a cached token; ``.sandbox`` is its control."""

    def __init__(self, server: SandboxServer | str) -> None:
        self.url = server if isinstance(server, str) else server.url
        self.sandbox = SandboxControl(self.url)
        self.http = requests.Session()
        self._token: str | None = None

    def token(self) -> str:
        if self._token is None:
            self._token = self.get_token().json()["response"]["access_token"]
        return self._token

    def get_token(self, key: str = DEMO_IMP_KEY, secret: str = DEMO_IMP_SECRET) -> requests.Response:
        return self.http.post(
            f"{self.url}/users/getToken", json={"imp_key": key, "imp_secret": secret}, timeout=10
        )

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
        """A control call that must succeed; its JSON."""
        response = self.sandbox.call(method, action, body)
        assert response.status_code == 200, response.text
        return response.json()

    def advance(self, seconds: int) -> int:
        self._token = None  # a long jump may outlive the cached token
        return self.sandbox.advance(seconds)

    def create_payment(self, **spec: Any) -> dict[str, Any]:
        base = {"pay_method": "vbank", "amount": 10000, "status": "paid", "pg_provider": "kcp"}
        return self.sandbox.add_payment(**{**base, **spec})

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
