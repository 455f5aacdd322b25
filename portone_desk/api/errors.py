"""Typed errors of the API layer; ``str()`` is the Korean text shown to the agent.

Every text goes through the redactor, so a secret or token that slipped into a server message
or a library exception never reaches the screen or a log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from portone_desk.api.redact import redact
from portone_desk.api.text_rules import printable_text

if TYPE_CHECKING:
    from portone_desk.api.validation import Issue


def _operation_title(op_id: str) -> str:
    """The operation's Korean title when the catalog knows it, else its id."""
    if not op_id:
        return ""
    try:
        from portone_desk.api.catalog import OPERATIONS
    except ImportError:  # the catalog is optional for error formatting
        return op_id
    op = OPERATIONS.get(op_id)
    return f"{op.title} · {op_id}" if op else op_id


class PortOneError(Exception):
    """Base of all API errors: which operation, HTTP status, PortOne's code and message."""

    summary = "요청을 처리하지 못했습니다"

    def __init__(
        self,
        message: str = "",
        *,
        operation: str = "",
        http_status: int | None = None,
        code: int | None = None,
    ) -> None:
        # A server's text may carry escape sequences or bidi overrides: never printed raw.
        self.message = printable_text(redact(message)) if message else ""
        self.operation = operation
        self.http_status = http_status
        self.code = code
        # Said after the error itself, e.g. that the activity log row waits in the journal.
        self.notice = ""
        super().__init__(self.message)

    def _details(self) -> str:
        parts = []
        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")
        if self.code is not None:
            parts.append(f"코드 {self.code}")
        return f" ({', '.join(parts)})" if parts else ""

    def __str__(self) -> str:
        title = _operation_title(self.operation)
        head = f"[{title}] " if title else ""
        body = self.summary
        if self.message:
            body += f": {self.message}"
        tail = f"\n{self.notice}" if self.notice else ""
        return redact(head + body + self._details() + tail)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(operation={self.operation!r}, http_status={self.http_status!r}, "
            f"code={self.code!r}, message={self.message!r})"
        )


class ValidationFailed(PortOneError):
    """Pre-send validation found errors; nothing was sent."""

    summary = "입력값을 확인해 주세요. 요청은 보내지 않았습니다"

    def __init__(self, issues: Sequence[Issue], *, operation: str = "") -> None:
        self.issues = list(issues)
        errors = [i for i in self.issues if i.severity == "error"] or self.issues
        super().__init__("; ".join(i.message for i in errors), operation=operation)


class AuthFailed(PortOneError):
    """401: wrong key/secret, or the token was refused even after one fresh retry."""

    summary = "인증에 실패했습니다. REST API 키와 시크릿을 확인해 주세요"


class ApiError(PortOneError):
    """The server answered with a non-2xx status, or with ``code != 0``."""

    summary = "포트원이 요청을 거절했습니다"


class RedirectRefused(ApiError):
    """A 3xx answer: never followed, so credentials and requests only reach the configured URL."""

    summary = "서버가 요청을 다른 주소로 넘기려 해서 보내지 않았습니다"


class UnsupportedPg(ApiError):
    """501, or the payment's PG is known not to support the operation."""

    summary = "이 결제의 PG사는 이 기능을 지원하지 않습니다"


class NetworkError(PortOneError):
    """No usable answer: could not connect, a GET gave up after retries, or an unreadable body."""

    summary = "포트원 서버와 통신하지 못했습니다. 잠시 후 다시 시도해 주세요"


class OutcomeUnknown(PortOneError):
    """A POST/DELETE was sent but no answer came back; it may or may not have been applied."""

    summary = (
        "요청은 보냈지만 응답을 받지 못해 처리 여부를 알 수 없습니다. "
        "다시 보내지 말고 먼저 조회해서 현재 상태를 확인해 주세요"
    )


class NotSettled(PortOneError):
    """An earlier call of this change on this target has no known outcome yet and the server may
    still be working on it: nothing was sent (a lookup now could wrongly say "not applied")."""

    summary = "같은 요청의 이전 결과를 아직 확인할 수 없어 보내지 않았습니다"
