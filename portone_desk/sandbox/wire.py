"""What travels over HTTP: the parsed request, the reply, the PortOne envelope and body parsing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Request:
    method: str
    path: str  # without the query string, still percent-encoded
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    client_ip: str = "127.0.0.1"
    # Why the body cannot be trusted (shorter than Content-Length, a bad Content-Length): the
    # request is answered 400 and not executed, never run with what little arrived.
    body_problem: str = ""
    # The request log's entry for this call, so the server can mark it answered once it has replied.
    log_entry: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    drop: bool = False  # close the connection without answering (fault injection)
    headers: dict[str, str] = field(default_factory=dict)


class ApiFailure(Exception):
    """Raised by operation handlers; becomes an error envelope with a Korean message."""

    def __init__(self, status: int, message: str, code: int = -1) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def json_reply(status: int, payload: Any) -> Reply:
    return Reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def envelope(status: int, response: Any = None, message: str = "", code: int = 0) -> Reply:
    return json_reply(status, {"code": code, "message": message, "response": response})


def failure(status: int, message: str, code: int = -1) -> Reply:
    return envelope(status, None, message, code)


class BodyError(ValueError):
    pass


def parse_body(content_type: str | None, raw: bytes) -> dict[str, Any]:
    """A JSON object or a form body as a dict; form lists arrive as ``key[]=…`` or repeated keys."""
    if not raw.strip():
        return {}
    kind = (content_type or "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyError("요청 본문이 UTF-8 글자가 아닙니다") from error
    if kind == "application/x-www-form-urlencoded" or (
        kind != "application/json" and "=" in text and not text.lstrip().startswith("{")
    ):
        return parse_form(text)
    try:
        value = json.loads(text)
    except ValueError as error:
        raise BodyError("요청 본문의 JSON 형식이 올바르지 않습니다") from error
    if not isinstance(value, dict):
        raise BodyError("요청 본문은 JSON 객체여야 합니다")
    return value


def parse_form(text: str) -> dict[str, Any]:
    """Form fields; a key seen more than once or written ``key[]`` becomes a list."""
    result: dict[str, Any] = {}
    for key, values in parse_qs(text, keep_blank_values=True).items():
        if key.endswith("[]"):
            result[key[:-2]] = list(values)
        elif len(values) > 1:
            result[key] = list(values)
        else:
            result[key] = values[0]
    return result
