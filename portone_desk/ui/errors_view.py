"""Any error from a call → Korean text for a banner or a message box. Never raises.

``error_text(error)`` is the one place that decides how a typed error reads to an agent;
``ErrorBanner`` shows it (or any status) inline above a tab's results; ``show_error`` pops a box.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QWidget

from portone_desk.api.errors import (
    ApiError,
    AuthFailed,
    NetworkError,
    OutcomeUnknown,
    PortOneError,
    UnsupportedPg,
    ValidationFailed,
)
from portone_desk.api.redact import redact
from portone_desk.ui.style import BANNER_QSS

log = logging.getLogger(__name__)

AUTH_TEXT = (
    "API 키 또는 시크릿이 올바르지 않습니다. 프로필 설정에서 REST API 키와 시크릿을 확인하고 "
    "'연결 테스트'를 눌러 보세요."
)
NETWORK_TEXT = "포트원 서버와 통신하지 못했습니다. 인터넷 연결을 확인하고 잠시 후 다시 시도해 주세요."
UNKNOWN_TEXT = (
    "요청은 보냈지만 응답을 받지 못해 처리되었는지 알 수 없습니다. 다시 보내지 말고 먼저 조회해서 "
    "현재 상태를 확인해 주세요."
)


def _status_meaning(error: PortOneError) -> str:
    """The catalog's Korean meaning of this operation's HTTP status, if it has one."""
    if not error.operation or error.http_status is None:
        return ""
    try:
        from portone_desk.api.catalog import OPERATIONS

        op = OPERATIONS.get(error.operation)
        return op.statuses.get(error.http_status, "") if op else ""
    except Exception:  # the catalog is a nicety here, never a reason to fail
        return ""


def _codes(error: PortOneError) -> str:
    codes = []
    if error.http_status is not None:
        codes.append(f"HTTP {error.http_status}")
    if error.code not in (None, 0):
        codes.append(f"코드 {error.code}")
    return f" ({', '.join(codes)})" if codes else ""


def _api_text(error: ApiError) -> str:
    if isinstance(error, UnsupportedPg):
        head = "이 결제의 PG사는 이 기능을 지원하지 않습니다"
    else:
        head = "포트원이 요청을 거절했습니다"
    parts = [f"{head}{_codes(error)}."]
    meaning = _status_meaning(error)
    if error.message:
        parts.append(f"포트원 메시지: {error.message}")
    if meaning and meaning != error.message:
        parts.append(f"의미: {meaning}")
    return "\n".join(parts)


def error_summary(error: BaseException | None) -> str:
    """One line for tight spots (a step of a multi-step flow, a table cell)."""
    try:
        if isinstance(error, ApiError):
            text = error.message or _status_meaning(error) or error.summary
            # Server messages sometimes carry the status already; do not say it twice.
            shown = f"HTTP {error.http_status}" in text
            return text if shown else text + _codes(error)
        return error_text(error).split("\n", 1)[0]
    except Exception:
        log.exception("could not summarise an error")
        return "오류가 발생했습니다"


def error_text(error: BaseException | None) -> str:
    """Korean, agent-facing text for any error (typed or not); secrets are redacted. A notice on
    the error (the activity row waits in the journal) is said after it."""
    text = _error_text(error)
    notice = getattr(error, "notice", "")
    return f"{text}\n{notice}" if notice and notice not in text else text


def _error_text(error: BaseException | None) -> str:
    try:
        if error is None:
            return ""
        if isinstance(error, ValidationFailed):
            lines = ["입력값을 확인해 주세요. 요청은 보내지 않았습니다."]
            lines += [f"• {issue.message}" for issue in error.issues if issue.severity == "error"]
            return "\n".join(lines)
        if isinstance(error, AuthFailed):
            return AUTH_TEXT
        if isinstance(error, ApiError):  # includes UnsupportedPg
            return _api_text(error)
        if isinstance(error, OutcomeUnknown):
            return UNKNOWN_TEXT
        if isinstance(error, NetworkError):
            detail = f"\n({error.message})" if error.message else ""
            return NETWORK_TEXT + detail
        if isinstance(error, PortOneError):
            return str(error)
        return f"예상하지 못한 오류가 발생했습니다: {type(error).__name__}: {redact(str(error))}"
    except Exception:  # formatting must never take the app down
        log.exception("could not format an error")
        return "오류가 발생했습니다. 자세한 내용은 로그를 확인해 주세요."


def error_title(error: BaseException | None) -> str:
    if isinstance(error, ValidationFailed):
        return "입력값 확인"
    if isinstance(error, AuthFailed):
        return "인증 실패"
    if isinstance(error, UnsupportedPg):
        return "지원하지 않는 PG사"
    if isinstance(error, ApiError):
        return "요청 거절"
    if isinstance(error, OutcomeUnknown):
        return "처리 여부 확인 필요"
    if isinstance(error, NetworkError):
        return "통신 오류"
    return "오류"


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """A modal box with the error; for the rare case an inline banner has nowhere to go."""
    try:
        QMessageBox.warning(parent, error_title(error), error_text(error))
    except Exception:
        log.exception("could not show an error box")


class ErrorBanner(QLabel):
    """One inline status line above a tab's results: errors, warnings, successes, progress."""

    def __init__(self, parent: QWidget | None = None, object_name: str = "banner") -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.kind = ""
        self.setVisible(False)

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        self.setText(text)
        self.setAccessibleName(text)
        style = BANNER_QSS.get(kind, BANNER_QSS["info"])
        self.setStyleSheet(f"QLabel {{ {style} padding: 6px 8px; border-radius: 4px; }}")
        self.setVisible(bool(text))

    def show_error(self, error: BaseException, prefix: str = "") -> None:
        text = error_text(error)
        kind = "warning" if isinstance(error, OutcomeUnknown) else "error"
        self.show_message(f"{prefix}{text}" if prefix else text, kind)

    def clear(self) -> None:
        self.kind = ""
        super().clear()
        self.setVisible(False)
