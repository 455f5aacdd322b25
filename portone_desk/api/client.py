"""PortOne V1 client: validated calls, shared token, typed errors. Thread-safe, Qt-free.

Retry policy, because a repeated POST can refund or ship twice:
- GETs (and getToken, which changes nothing) are retried on connection errors, 5xx and unreadable
  bodies, with a short backoff.
- A POST/DELETE is never re-sent once it may have reached the server; if no answer comes back we
  raise ``OutcomeUnknown`` so the agent looks the state up instead of resending.
- A 401 is retried once with a fresh token, for any method: the server did nothing with it.

The HTTP session (and with it ``requests``) is made on the first request, not in the constructor:
building a client is cheap, so the desk can set up the active profile before its window is painted.
A ``ready`` callable, when given, is called (on the calling thread) before that first request and
may block, e.g. until the local sandbox is listening; a string it returns is the base URL from then
on (the sandbox's, should it have had to move), and what it raises becomes a ``NetworkError``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from portone_desk.api import catalog, josa
from portone_desk.api.errors import (
    ApiError,
    AuthFailed,
    NetworkError,
    OutcomeUnknown,
    PortOneError,
    RedirectRefused,
    UnsupportedPg,
    ValidationFailed,
)
from portone_desk.api.model import FieldType, Location, Operation
from portone_desk.api.redact import DEFAULT as REDACTOR
from portone_desk.api.text_rules import identifier_problem
from portone_desk.api.token import TokenManager
from portone_desk.api.transport import (
    RouteMismatch,
    check_base_url,
    is_loopback,
    make_session,
    redirect_target,
    send_checked,
)
from portone_desk.api.validation import Issue, errors_of
from portone_desk.api.validation import validate as validate_values

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.iamport.kr"
BACKOFF = (0.2, 0.6, 1.5)
# A lookup's one overall deadline, retries included (a dead server must not hold the agent 90 s).
LOOKUP_DEADLINE = 35.0
DEADLINE_TEXT = "조회가 제한 시간({:g}초) 안에 끝나지 않았습니다. 잠시 후 다시 조회해 주세요"
_RETRY_STATUSES = frozenset({500, 502, 503, 504})
_GATEWAY_STATUSES = frozenset({502, 504})


@dataclass(frozen=True)
class ApiResult:
    operation: str
    http_status: int
    code: int
    message: str
    response: Any  # the raw payload; unknown fields are kept
    partial: bool = False  # Naver 207: some product orders failed
    succeeded_ids: tuple[str, ...] = ()
    failed_ids: tuple[str, ...] = ()  # empty when the request named no ids (all were meant)
    duration_ms: float = 0.0
    notices: tuple[str, ...] = ()  # told beside the result, e.g. the log row waits in the journal


@dataclass
class _Reply:
    status: int
    data: Any  # parsed JSON, or None when the body was not JSON
    raw_kind: str  # "json" | "html" | "empty" | "malformed"


class PortOneClient:
    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        imp_key: str = "",
        imp_secret: str = "",
        tier: str | None = None,
        timeout: tuple[float, float] = (5, 30),
        session: requests.Session | None = None,
        get_retries: int = 2,
        ready: Callable[[], object] | None = None,
        lookup_deadline: float = LOOKUP_DEADLINE,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self.tier = tier or None
        self.timeout = timeout
        self.get_retries = max(0, get_retries)
        self.lookup_deadline = lookup_deadline
        self._imp_key = imp_key
        self._imp_secret = imp_secret
        REDACTOR.add(imp_secret)
        REDACTOR.add(imp_key)
        self._session = session  # made on the first request (see the module docstring)
        self._session_lock = threading.Lock()
        self._ready = ready
        self._tokens = TokenManager(self._fetch_token)
        self._last_token_lock = threading.Lock()
        self._last_token_result: ApiResult | None = None

    def __repr__(self) -> str:
        return f"PortOneClient(base_url={self.base_url!r}, tier={self.tier!r})"

    @property
    def tokens(self) -> TokenManager:
        return self._tokens

    def close(self) -> None:
        with self._session_lock:
            session = self._session
        if session is not None:
            session.close()

    def _http(self, op: Operation) -> requests.Session:
        """The session, made now if this is the first request (after ``ready``, if given)."""
        with self._session_lock:
            if self._session is None:
                # Nothing has been sent yet, whatever fails here.
                try:
                    if self._ready is not None:
                        found = self._ready()
                        if isinstance(found, str) and found:
                            self.base_url = check_base_url(found)
                        self._ready = None
                    self._session = make_session(loopback=is_loopback(urlsplit(self.base_url).hostname))
                except PortOneError:
                    raise
                except Exception as exc:
                    log.warning("%s: no HTTP session (%s)", op.id, type(exc).__name__)
                    text = str(exc) or "서버에 연결할 수 없습니다"
                    raise NetworkError(text, operation=op.id) from exc
            return self._session

    def __enter__(self) -> PortOneClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- public calls ---------------------------------------------------------------------------

    def get_token(self) -> ApiResult:
        """Calls getToken now (the '연결 테스트' button); the answer also becomes the cached token."""
        started = time.monotonic()
        self._tokens.token(force=True)
        with self._last_token_lock:
            result = self._last_token_result
        assert result is not None
        return _with_duration(result, started)

    def call(
        self,
        op_id: str,
        values: Mapping[str, object] | None = None,
        pg: str | None = None,
        validate: bool = True,
    ) -> ApiResult:
        """Validates, sends and interprets one operation; raises a ``PortOneError`` subclass."""
        op = catalog.operation(op_id)
        if op.id == "getToken":
            return self.get_token()
        started = time.monotonic()
        values = _with_defaults(op, dict(values or {}), pg)
        if pg and not op.supports_pg(pg):
            raise UnsupportedPg(f"{pg} PG사는 이 기능을 지원하지 않습니다", operation=op.id)
        if validate:
            issues = validate_values(op, values, pg)
            if errors_of(issues):
                raise ValidationFailed(issues, operation=op.id)
        path, params, body = _split(op, values)
        reply = self._send_with_token(op, path, params, body)
        return _with_duration(self._interpret(op, reply, values), started)

    # --- token ------------------------------------------------------------------------------------

    def _fetch_token(self) -> dict:
        """getToken for the token manager; keeps the whole result for ``get_token``."""
        op = catalog.operation("getToken")
        body = {"imp_key": self._imp_key, "imp_secret": self._imp_secret}
        reply = self._send(op, op.path, {}, body, headers={}, retries=self.get_retries)
        result = self._interpret(op, reply, {})
        if not isinstance(result.response, dict) or "access_token" not in result.response:
            raise NetworkError(
                "토큰 응답에 access_token이 없습니다", operation=op.id, http_status=reply.status
            )
        with self._last_token_lock:
            self._last_token_result = result
        return result.response

    # --- sending ------------------------------------------------------------------------------------

    def _headers(self, token: str | None) -> dict[str, str]:
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self.tier:
            headers["Tier"] = self.tier
        return headers

    def _send_with_token(self, op: Operation, path: str, params: dict, body: dict | None) -> _Reply:
        retries = self.get_retries if op.idempotent else 0
        if not op.needs_token:
            return self._send(op, path, params, body, self._headers(None), retries)
        token = self._tokens.token()
        reply = self._send(op, path, params, body, self._headers(token), retries)
        if reply.status != 401:
            return reply
        # The token may have expired or been replaced server-side: one retry with a fresh one.
        log.info("%s: 401, 토큰을 새로 받아 한 번 다시 보냅니다", op.id)
        self._tokens.invalidate(token)
        token = self._tokens.token()
        reply = self._send(op, path, params, body, self._headers(token), retries)
        if reply.status == 401:
            raise AuthFailed(
                _message_of(reply) or op.statuses.get(401, ""),
                operation=op.id,
                http_status=401,
                code=_code_of(reply),
            )
        return reply

    def _send(
        self, op: Operation, path: str, params: dict, body: dict | None, headers: dict, retries: int
    ) -> _Reply:
        session = self._http(op)
        import requests  # loaded by ``_http`` already; here for its exception types

        url = self.base_url + path
        kwargs: dict[str, Any] = {"params": params, "headers": headers, "timeout": self.timeout}
        kwargs["json_body"] = body
        # Calls that may be retried (lookups, getToken) share one deadline; a mutation keeps its
        # single attempt with the plain timeout.
        deadline = time.monotonic() + self.lookup_deadline if retries else None
        for attempt in range(retries + 1):
            last = attempt == retries
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0.05:
                    raise NetworkError(DEADLINE_TEXT.format(self.lookup_deadline), operation=op.id)
                connect, read = self.timeout
                kwargs["timeout"] = (min(connect, left), min(read, left))
            try:
                response = send_checked(session, op.method, url, **kwargs)
            except RouteMismatch as exc:
                raise _route_refused(op, str(exc)) from None
            except requests.RequestException as exc:
                if not _nothing_sent(exc) and _changes_state(op):
                    log.warning("%s %s: 응답 없음 (%s)", op.method, path, type(exc).__name__)
                    raise OutcomeUnknown(_network_text(exc), operation=op.id) from exc
                pause = BACKOFF[min(attempt, len(BACKOFF) - 1)]
                if last or (deadline is not None and time.monotonic() + pause >= deadline):
                    raise NetworkError(_network_text(exc), operation=op.id) from exc
                log.info("%s %s: %s, 다시 시도합니다", op.method, path, type(exc).__name__)
                time.sleep(pause)
                continue
            _refuse_redirect(op, response)
            reply = _read(response)
            log.debug("%s %s → %s", op.method, path, reply.status)
            retryable = reply.status in _RETRY_STATUSES or (
                200 <= reply.status < 300 and reply.raw_kind != "json"
            )
            pause = BACKOFF[min(attempt, len(BACKOFF) - 1)]
            if retryable and not last and not (deadline is not None and time.monotonic() + pause >= deadline):
                time.sleep(pause)
                continue
            return reply
        raise AssertionError("unreachable")

    # --- answers ------------------------------------------------------------------------------------

    def _interpret(self, op: Operation, reply: _Reply, values: Mapping[str, object]) -> ApiResult:
        status = reply.status
        if _changes_state(op) and status in _GATEWAY_STATUSES:
            # A gateway gave up waiting; the API behind it may have done the work.
            raise OutcomeUnknown(_message_of(reply), operation=op.id, http_status=status)
        if _changes_state(op) and status != 401 and not _is_envelope(reply):
            # Only PortOne's own envelope tells what happened; a proxy's page, an empty or broken
            # body (whatever the status) says nothing about whether the change was made.
            raise _unknown_answer(op, reply)
        if reply.raw_kind != "json" or not isinstance(reply.data, dict):
            raise _unreadable(op, reply)
        code = _code_of(reply)
        message = _message_of(reply)
        payload = reply.data.get("response", reply.data.get("data"))
        if status == 401:
            raise AuthFailed(message or op.statuses.get(401, ""), operation=op.id, http_status=401, code=code)
        if status == 501:
            raise UnsupportedPg(
                message or op.statuses.get(501, ""), operation=op.id, http_status=501, code=code
            )
        if op.naver_action and status == 207:
            return _partial(op, status, code, message, payload, values)
        if op.naver_action and status == 500:
            text = f"요청한 상품주문 중 처리된 것이 없습니다. {message}".strip()
            raise ApiError(text, operation=op.id, http_status=500, code=code)
        if not 200 <= status < 300:
            text = message or op.statuses.get(status, "")
            if status >= 500 and not _changes_state(op):
                # A lookup that still fails after the retries: the server is in trouble, not us.
                raise NetworkError(text, operation=op.id, http_status=status, code=code)
            raise ApiError(text, operation=op.id, http_status=status, code=code)
        if code != 0:
            # PortOne reports some failures as HTTP 200 with a non-zero code.
            raise ApiError(message, operation=op.id, http_status=status, code=code)
        succeeded = _order_ids(payload) if op.naver_action else ()
        return ApiResult(op.id, status, code, message, payload, succeeded_ids=succeeded)


# --- helpers ------------------------------------------------------------------------------------------


def _changes_state(op: Operation) -> bool:
    """POST/DELETE other than getToken (which only hands out the current token) may not be resent."""
    return op.mutating and op.id != "getToken"


def _with_defaults(op: Operation, values: dict[str, object], pg: str | None) -> dict[str, object]:
    """Drop empty values; fill the catalog default where the field is required but left empty."""
    result = {k: v for k, v in values.items() if v is not None and v != ""}
    for f in op.fields:
        if f.name not in result and f.default is not None and f.is_required(result, pg):
            result[f.name] = f.default
    return result


def checked_path(op: Operation, values: Mapping[str, object]) -> str:
    """The request path of ``op``: every path parameter checked as an identifier, percent-encoded,
    and the result routed back to ``op`` with the same values — else ``ValidationFailed``.

    Runs even when validation is skipped, so no value can turn one route into another
    (``..`` dropping a segment, ``/`` adding one).
    """
    given: dict[str, str] = {}
    for f in op.fields_in(Location.PATH):
        value = values.get(f.name)
        if value is None or value == "":
            if f.required:
                raise ValidationFailed(
                    [Issue(f.name, f"{f.label}: 번호·아이디가 비어 있습니다.")], operation=op.id
                )
            continue
        text = str(value)
        problem = identifier_problem(text, f.length_limit)
        if problem:
            raise ValidationFailed([Issue(f.name, f"{f.label}: {problem}.")], operation=op.id)
        given[f.name] = text
    path = op.render_path(dict(values))
    routed = catalog.match_route(op.method, path)
    if routed is None or routed[0] is not op or routed[1] != given:
        raise _route_refused(op, path)
    return path


def _route_refused(op: Operation, detail: str) -> ValidationFailed:
    log.warning("%s: 경로가 작업의 경로와 맞지 않아 보내지 않았습니다", op.id)
    issue = Issue("path", f"요청 주소가 '{op.title}'의 주소({op.path})와 맞지 않습니다: {detail}")
    return ValidationFailed([issue], operation=op.id)


def _refuse_redirect(op: Operation, response: requests.Response) -> None:
    """A 3xx is never followed: an error naming where it pointed."""
    target = redirect_target(response)
    if target is None:
        return
    response.close()
    log.warning("%s: HTTP %s 다른 주소로 넘기려 했지만 따라가지 않았습니다", op.id, response.status_code)
    raise RedirectRefused(
        f"서버가 다른 주소({target})로 넘기려 했습니다. 인증 정보와 요청을 그곳으로 보내지 않았습니다. "
        "API 주소 설정을 확인해 주세요",
        operation=op.id,
        http_status=response.status_code,
    )


def _split(op: Operation, values: Mapping[str, object]) -> tuple[str, dict, dict | None]:
    path = checked_path(op, values)
    params: dict[str, object] = {}
    body: dict[str, object] = {}
    for f in op.fields:
        if f.name not in values or f.location is Location.PATH:
            continue
        value = values[f.name]
        # A GET has no body: formData fields such as getReviews' channel_key go in the query.
        if f.location is Location.QUERY or not op.mutating:
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif f.type is FieldType.STRING_LIST and isinstance(value, list | tuple):
                # requests repeats a key given a list: imp_uid[]=a&imp_uid[]=b
                value = list(value) if f.multi else ",".join(value)
            params[f.wire_name] = value
        else:
            body[f.name] = list(value) if isinstance(value, tuple) else value
    if op.method == "POST" or body:
        return path, params, body
    return path, params, None


def _read(response: requests.Response) -> _Reply:
    status = response.status_code
    text = response.content
    if not text.strip():
        return _Reply(status, None, "empty")
    try:
        return _Reply(status, json.loads(text), "json")
    except ValueError:
        head = text[:200].lstrip().lower()
        kind = "html" if head.startswith((b"<!doctype", b"<html")) or b"<html" in head else "malformed"
        return _Reply(status, None, kind)


def _is_envelope(reply: _Reply) -> bool:
    """PortOne's answer shape: a JSON object with ``code`` and ``message``."""
    return reply.raw_kind == "json" and isinstance(reply.data, dict) and "code" in reply.data


def _what(reply: _Reply) -> str:
    return {
        "html": "JSON 대신 HTML 오류 페이지",
        "empty": "빈 응답",
        "malformed": "해석할 수 없는 응답",
    }.get(reply.raw_kind, "포트원 형식이 아닌 응답")


def _unknown_answer(op: Operation, reply: _Reply) -> OutcomeUnknown:
    return OutcomeUnknown(
        f"서버가 {josa.obj(_what(reply))} 보냈습니다", operation=op.id, http_status=reply.status
    )


def _unreadable(op: Operation, reply: _Reply) -> PortOneError:
    said = f"서버가 {josa.obj(_what(reply))} 보냈습니다"
    if 200 <= reply.status < 300 and _changes_state(op):
        # The server took the request but we cannot read what it did.
        return OutcomeUnknown(said, operation=op.id, http_status=reply.status)
    if 200 <= reply.status < 300 or reply.status >= 500:
        return NetworkError(said, operation=op.id, http_status=reply.status)
    if reply.status == 401:
        return AuthFailed(said, operation=op.id, http_status=401)
    return ApiError(said, operation=op.id, http_status=reply.status)


def _code_of(reply: _Reply) -> int | None:
    if isinstance(reply.data, dict):
        try:
            return int(reply.data.get("code", 0))
        except (TypeError, ValueError):
            return -1
    return None


def _message_of(reply: _Reply) -> str:
    if isinstance(reply.data, dict) and reply.data.get("message"):
        return str(reply.data["message"])
    return ""


def _order_ids(payload: object) -> tuple[str, ...]:
    if not isinstance(payload, list):
        return ()
    return tuple(
        str(o["product_order_id"]) for o in payload if isinstance(o, dict) and "product_order_id" in o
    )


def _partial(
    op: Operation, status: int, code: int | None, message: str, payload: object, values: Mapping[str, object]
) -> ApiResult:
    succeeded = _order_ids(payload)
    requested = values.get("product_order_id")
    asked = requested if isinstance(requested, list | tuple) else ()
    failed = tuple(str(i) for i in asked if str(i) not in succeeded)
    return ApiResult(
        op.id, status, code or 0, message, payload, partial=True, succeeded_ids=succeeded, failed_ids=failed
    )


def _with_duration(result: ApiResult, started: float) -> ApiResult:
    from dataclasses import replace

    return replace(result, duration_ms=(time.monotonic() - started) * 1000)


def _nothing_sent(exc: requests.RequestException) -> bool:
    """True when the request certainly never reached the server (so even a POST may be retried)."""
    import requests

    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError):
        return True
    if isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.ReadTimeout):
        text = repr(exc)
        return any(s in text for s in ("NewConnectionError", "NameResolutionError", "Failed to establish"))
    return False


def _network_text(exc: requests.RequestException) -> str:
    import requests

    if isinstance(exc, requests.ConnectTimeout):
        return "서버에 연결하는 동안 시간이 초과되었습니다"
    if isinstance(exc, requests.ReadTimeout):
        return "서버가 제한 시간 안에 응답하지 않았습니다"
    if isinstance(exc, requests.exceptions.SSLError):
        return "보안 연결(TLS) 인증서를 확인하지 못했습니다"
    if isinstance(exc, requests.ConnectionError):
        if _nothing_sent(exc):
            return "서버에 연결할 수 없습니다. 인터넷 연결과 API 주소를 확인해 주세요"
        return "서버와의 연결이 끊겼습니다"
    return "요청을 보내지 못했습니다"
