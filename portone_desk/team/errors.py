"""Refusals of team mode: each means nothing was sent to PortOne."""

from __future__ import annotations

from portone_desk.api.errors import PortOneError


class NotSent(PortOneError):
    """The desk refused before sending: the request never left this PC."""

    summary = "요청을 보내지 않았습니다"


class ClaimHeld(NotSent):
    """Another agent (or another window) is working the same target."""

    summary = "다른 상담원이 처리 중이라 보내지 않았습니다"

    def __init__(self, holder: str, since_text: str, *, operation: str = "", state: str = "held") -> None:
        self.holder = holder
        self.since_text = since_text
        self.state = state
        super().__init__(f"{holder} 상담원이 {since_text}부터 처리 중", operation=operation)


class AlreadyDone(NotSent):
    """The same change on the same target was just made (by anyone); sending it again would repeat it."""

    summary = "이미 처리된 작업이라 다시 보내지 않았습니다"

    def __init__(self, holder: str, since_text: str, *, operation: str = "") -> None:
        self.holder = holder
        self.since_text = since_text
        super().__init__(f"{holder} 상담원이 {since_text}에 이미 처리함", operation=operation)


class TeamUnavailable(NotSent):
    """The team database cannot be reached, so the activity row cannot be written first."""

    summary = "팀 데이터베이스에 연결할 수 없어 보내지 않았습니다. 연결이 돌아오면 다시 시도해 주세요"


class TeamSetupError(Exception):
    """A problem with the team database's setup (schema missing, login not an agent, superuser)."""
