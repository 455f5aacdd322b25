"""Injected faults: latency, an error status, a broken body or a dropped connection.

A rule (JSON, one object or a list) ::

    {"path": "/receipts/",      # prefix of the request path (required)
     "method": "POST",          # optional; any method when omitted
     "times": 1,                # how many matching calls it affects (default 1)
     "latency_ms": 0,           # delay before answering
     "status": 503,             # HTTP status of the broken answer
     "body": "json",            # json | html | malformed | empty | drop
     "when": "before",          # before: the operation does not run
                                # after:  the operation runs, then the answer is delayed/broken/lost
     "refuse_last": 0}          # Naver order actions: the last N product orders are refused by
                                # "Naver", the others done, answered 207 (500 when none is left)

A rule with only ``latency_ms`` delays the real answer. ``drop`` closes the connection without
a response, which is how a test makes an "issued but the answer was lost" timeout with ``after``.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from portone_desk.sandbox.wire import Reply, envelope, failure

BODY_KINDS = ("json", "html", "malformed", "empty", "drop")
WHEN = ("before", "after")


class FaultRuleError(ValueError):
    pass


@dataclass
class FaultRule:
    path: str
    method: str | None = None
    times: int = 1
    latency_ms: int = 0
    status: int | None = None
    body: str | None = None
    when: str = "before"
    refuse_last: int = 0

    @classmethod
    def from_json(cls, data: Any) -> FaultRule:
        if not isinstance(data, dict) or not isinstance(data.get("path"), str):
            raise FaultRuleError("장애 규칙에는 path(경로 접두어)가 있어야 합니다")
        body = data.get("body")
        if body is not None and body not in BODY_KINDS:
            raise FaultRuleError(f"body는 {', '.join(BODY_KINDS)} 중 하나여야 합니다: {body}")
        when = data.get("when", "before")
        if when not in WHEN:
            raise FaultRuleError(f"when은 before 또는 after여야 합니다: {when}")
        try:
            times = int(data.get("times", 1))
            latency = int(data.get("latency_ms", 0))
            status = None if data.get("status") is None else int(data["status"])
            refuse_last = int(data.get("refuse_last", 0))
        except (TypeError, ValueError) as error:
            raise FaultRuleError("times, latency_ms, status는 정수여야 합니다") from error
        if status is not None and not 100 <= status <= 599:
            raise FaultRuleError(f"status는 100~599 사이의 HTTP 상태 코드여야 합니다: {status}")
        method = data.get("method")
        return cls(
            data["path"], method.upper() if method else None, times, latency, status, body, when, refuse_last
        )

    def matches(self, method: str, path: str) -> bool:
        return self.times > 0 and path.startswith(self.path) and self.method in (None, method)

    @property
    def breaks_answer(self) -> bool:
        return self.status is not None or self.body is not None

    def describe(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "when": self.when,
            "status": self.status,
            "body": self.body,
            "latency_ms": self.latency_ms,
        }
        if self.refuse_last:
            described["refuse_last"] = self.refuse_last
        return described

    def apply(self, real: Reply | None) -> Reply | None:
        """Sleep, then the reply to send: the real one (latency only) or the broken one."""
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        if not self.breaks_answer:
            return real
        return broken_reply(self.body or "json", self.status)


REFUSED_BY_NAVER = "네이버페이가 처리하지 못했습니다 (연습용 장애)"


def refuse_last(request_body: dict[str, Any], count: int) -> tuple[dict[str, Any], list[str]]:
    """The body with the last ``count`` product orders taken out, and those order ids."""
    ids = request_body.get("product_order_id")
    if not isinstance(ids, list) or not ids:
        return request_body, []
    refused = [str(i) for i in ids[-count:]]
    return {**request_body, "product_order_id": ids[:-count]}, refused


def partly_refused(total: int, refused: list[str], real: Reply) -> Reply:
    """The answer Naver gives when some orders of an action fail: 207 with the failures listed,
    or 500 when none was done (as ``naver_orders.act`` words it)."""
    failures = " / ".join(f"{order_id}: {REFUSED_BY_NAVER}" for order_id in refused)
    if total == len(refused):
        return failure(500, f"{total}건 모두 처리 실패: {failures}")
    if real.status != 200:
        return real  # the rest failed for a reason of its own: that answer stands
    done = json.loads(real.body).get("response")
    return envelope(207, done, f"{total}건 중 {len(refused)}건 처리 실패: {failures}")


def broken_reply(kind: str, status: int | None) -> Reply:
    if kind == "drop":
        return Reply(0, drop=True)
    if kind == "html":
        code = status or 502
        page = f"<html><head><title>{code}</title></head><body><h1>{code} Bad Gateway</h1></body></html>"
        return Reply(code, page.encode(), content_type="text/html; charset=utf-8")
    if kind == "empty":
        return Reply(status or 502, b"", content_type="text/plain")
    if kind == "malformed":
        return Reply(status or 200, b'{"code": 0, "message": "", "response": {"imp_uid": "imp_')
    return failure(status or 500, f"샌드박스 장애 주입으로 요청이 실패했습니다 (HTTP {status or 500})")


class FaultBook:
    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(self, rules: list[FaultRule]) -> None:
        with self._lock:
            self._rules.extend(rules)

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first live rule for this call, with one of its uses spent."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    rule.times -= 1
                    return rule
        return None

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(rule.__dict__) for rule in self._rules if rule.times > 0]

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()


def parse_rules(data: Any) -> list[FaultRule]:
    items = data if isinstance(data, list) else [data]
    if isinstance(data, dict) and isinstance(data.get("rules"), list):
        items = data["rules"]
    return [FaultRule.from_json(item) for item in items]
