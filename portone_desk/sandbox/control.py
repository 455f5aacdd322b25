"""The ``/_sandbox/`` control API for tests and trainers (loopback only, no token).

- ``POST /_sandbox/reset`` — demo data back, tokens, clock offset, faults and request log cleared.
- ``POST /_sandbox/clock`` — ``{"advance": seconds}`` or ``{"set": unix}``; answers ``{"now": unix}``.
  ``GET`` answers the current ``{"now", "offset"}``.
- ``POST /_sandbox/payments`` — create a payment (see ``records.new_payment``); answers
  ``{"imp_uid", "merchant_uid", "product_order_ids"}``. A ``merchant_uid`` may repeat: one order
  number with several payments, as the live API allows.
- ``POST /_sandbox/generate`` — ``{"payments": N, "days": D, "seed": S}`` (days 30 and seed 0 by
  default): add a generated shop (``generator.generate``); answers its counts and ``now``.
- ``GET /_sandbox/requests[?since=N&method=M&path=P]`` — ``{"requests": [...], "next": N}``: the
  calls from index ``since`` on, only method ``M`` and paths containing ``P`` when given (``next``
  counts every call). Entries carry ``index, method, path, query, status, token_sent, tier, time,
  sandbox_now, body`` (secrets as ``***``), ``state`` (received → handled → answered/dropped),
  ``answered`` (bool), ``answered_at``, and ``fault`` when a fault rule touched the call. A call is
  logged when it arrives, so ``status`` is ``null`` until it has been handled.
- ``POST /_sandbox/faults`` — one rule or a list (``faults.FaultRule``); ``GET`` lists pending
  rules, ``DELETE`` clears them.
- ``GET /_sandbox/receipt/imp/{imp_uid}`` and ``/_sandbox/receipt/external/{merchant_uid}`` — the
  HTML slip behind ``receipt_url``.

Control answers are plain JSON (no envelope); errors are ``{"error": "<Korean message>"}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from portone_desk.sandbox.faults import FaultRuleError, parse_rules
from portone_desk.sandbox.generator import generate
from portone_desk.sandbox.receipts import receipt_page
from portone_desk.sandbox.records import insert_payment
from portone_desk.sandbox.wire import Reply, Request, json_reply

PREFIX = "/_sandbox"
LOOPBACK = ("127.0.0.1", "::1", "localhost")

_PAYMENT_FIELDS = ("pay_method", "amount", "status", "pg_provider")
_PAYMENT_STATUSES = ("ready", "paid", "failed", "cancelled")


class ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def handle_control(request: Request, sandbox: Any) -> Reply:
    """``sandbox`` is the ``SandboxApp`` (store, clock, faults, log, reset())."""
    if request.client_ip not in LOOPBACK:
        return json_reply(403, {"error": "샌드박스 제어 API는 이 컴퓨터(127.0.0.1)에서만 쓸 수 있습니다"})
    action = request.path[len(PREFIX) :].strip("/")
    routes: dict[tuple[str, str], Callable[[Request, Any], Reply]] = {
        ("POST", "reset"): _reset,
        ("POST", "clock"): _clock,
        ("GET", "clock"): _clock,
        ("POST", "payments"): _payments,
        ("POST", "generate"): _generate,
        ("GET", "requests"): _requests,
        ("POST", "faults"): _faults,
        ("GET", "faults"): _faults,
        ("DELETE", "faults"): _faults,
        ("GET", "settings"): _settings,
        ("POST", "settings"): _settings,
    }
    try:
        if request.method == "GET" and action.startswith("receipt/"):
            return _receipt_page(action, sandbox)
        route = routes.get((request.method, action))
        if route is None:
            raise ControlError(404, f"알 수 없는 샌드박스 제어 API입니다: {request.method} {request.path}")
        return route(request, sandbox)
    except ControlError as error:
        return json_reply(error.status, {"error": str(error)})


def _json_body(request: Request) -> Any:
    if not request.body.strip():
        return {}
    try:
        return json.loads(request.body.decode("utf-8"))
    except ValueError:
        raise ControlError(400, "요청 본문의 JSON 형식이 올바르지 않습니다") from None


def _settings(request: Request, sandbox: Any) -> Reply:
    """Behaviour switches: ``naver_sync_lag`` (seconds Naver order changes take to show in the
    lookups; 0 = at once, the default in tests). A reset keeps them."""
    if request.method == "POST":
        data = _json_body(request)
        if not isinstance(data, dict) or set(data) - {"naver_sync_lag"}:
            raise ControlError(400, '설정할 수 있는 항목은 "naver_sync_lag"(초)뿐입니다')
        if "naver_sync_lag" in data:
            try:
                lag = float(data["naver_sync_lag"])
            except (TypeError, ValueError) as error:
                raise ControlError(400, "naver_sync_lag는 0 이상의 초 단위 숫자여야 합니다") from error
            if not 0 <= lag <= 3600:
                raise ControlError(400, "naver_sync_lag는 0~3600초여야 합니다")
            sandbox.naver_sync_lag = lag
    return json_reply(200, {"naver_sync_lag": sandbox.naver_sync_lag})


def _reset(request: Request, sandbox: Any) -> Reply:
    sandbox.reset()
    return json_reply(200, {"ok": True, "now": sandbox.clock.now()})


def _clock(request: Request, sandbox: Any) -> Reply:
    if request.method == "POST":
        data = _json_body(request)
        try:
            if "advance" in data:
                sandbox.clock.advance(float(data["advance"]))
            elif "set" in data:
                sandbox.clock.set(float(data["set"]))
            else:
                raise ControlError(400, '"advance"(초) 또는 "set"(UNIX 시각) 중 하나를 보내 주세요')
        except (TypeError, ValueError) as error:
            raise ControlError(400, "시각 값은 숫자여야 합니다") from error
        sandbox.save_clock()
    return json_reply(200, {"now": sandbox.clock.now(), "offset": round(sandbox.clock.offset, 3)})


def _payments(request: Request, sandbox: Any) -> Reply:
    spec = _json_body(request)
    if not isinstance(spec, dict):
        raise ControlError(400, "결제 정보는 JSON 객체여야 합니다")
    missing = [name for name in _PAYMENT_FIELDS if spec.get(name) in (None, "")]
    if missing:
        raise ControlError(400, f"필수 항목이 빠졌습니다: {', '.join(missing)}")
    if spec["status"] not in _PAYMENT_STATUSES:
        raise ControlError(400, f"status는 {', '.join(_PAYMENT_STATUSES)} 중 하나여야 합니다")
    if not isinstance(spec["amount"], int) or spec["amount"] <= 0:
        raise ControlError(400, "amount는 1 이상의 정수여야 합니다")
    orders = spec.get("product_orders") or []
    if orders and (not isinstance(orders, list) or not all(isinstance(o, dict) for o in orders)):
        raise ControlError(400, "product_orders는 객체의 목록이어야 합니다")
    # Only documented keys: a caller must not smuggle in sandbox bookkeeping by accident.
    spec = {key: value for key, value in spec.items() if not key.startswith("_")}
    try:
        with sandbox.store.transaction():
            payment, created = insert_payment(sandbox.store, spec, sandbox.clock.now())
    except ValueError as error:
        raise ControlError(400, str(error)) from error
    return json_reply(
        200,
        {
            "imp_uid": payment["imp_uid"],
            "merchant_uid": payment["merchant_uid"],
            "product_order_ids": [order["product_order_id"] for order in created],
        },
    )


def _generate(request: Request, sandbox: Any) -> Reply:
    spec = _json_body(request)
    if not isinstance(spec, dict):
        raise ControlError(400, "생성 조건은 JSON 객체여야 합니다")
    try:
        payments = int(spec.get("payments", 0))
        days = int(spec.get("days", 30))
        seed = int(spec.get("seed", 0))
    except (TypeError, ValueError) as error:
        raise ControlError(400, "payments, days, seed는 정수여야 합니다") from error
    try:
        with sandbox.store.transaction():
            now = sandbox.clock.now()
            counts = generate(sandbox.store, now, payments, days, seed)
    except ValueError as error:
        raise ControlError(400, str(error)) from error
    return json_reply(200, {**counts, "now": now})


def _requests(request: Request, sandbox: Any) -> Reply:
    try:
        since = int(request.query.get("since", ["0"])[0])
    except ValueError as error:
        raise ControlError(400, "since는 정수여야 합니다") from error
    method = request.query.get("method", [""])[0] or None
    path = request.query.get("path", [""])[0] or None
    entries, next_index = sandbox.log.since(since, method=method, path=path)
    return json_reply(200, {"requests": entries, "next": next_index})


def _faults(request: Request, sandbox: Any) -> Reply:
    if request.method == "POST":
        try:
            rules = parse_rules(_json_body(request))
        except FaultRuleError as error:
            raise ControlError(400, str(error)) from error
        sandbox.faults.add(rules)
    elif request.method == "DELETE":
        sandbox.faults.clear()
    return json_reply(200, {"pending": sandbox.faults.pending()})


def _receipt_page(action: str, sandbox: Any) -> Reply:
    _, kind, *rest = [*action.split("/", 2), ""]
    ident = unquote(rest[0]) if rest else ""
    with sandbox.store.lock:
        if kind == "imp":
            receipt = sandbox.store.receipt(ident)
        elif kind == "external":
            receipt = sandbox.store.external_receipt(ident)
        else:
            raise ControlError(404, "알 수 없는 영수증 종류입니다")
    page = receipt_page(kind, ident, receipt)
    return Reply(200 if receipt else 404, page.encode("utf-8"), content_type="text/html; charset=utf-8")
