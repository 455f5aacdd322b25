"""What the audited service needs of an activity log: the local SQLite ``AuditLog`` or the team's
PostgreSQL ``TeamAudit`` (``portone_desk.team.audit``), which also claims the target in ``begin``.

``begin`` may raise to refuse the call (the team's claim is held, the team database is down): the
service has sent nothing at that point, so nothing is sent. It may return None for a call that goes
ahead unlogged (a lookup while the team database is down).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from portone_desk.store.audit import AuditRow


class AuditBackend(Protocol):
    session_id: str

    def begin(
        self,
        operation: str,
        values: Mapping[str, Any] | None = None,
        *,
        profile_name: str = "",
        agent_name: str = "",
        mutating: bool = True,
        imp_uid: str | None = None,
        merchant_uid: str | None = None,
        product_order_ids: Iterable[str] | None = None,
        reason: str | None = None,
    ) -> int | None: ...

    def finish(
        self,
        row_id: int,
        outcome: str,
        http_status: int | None = None,
        code: int | None = None,
        message: str = "",
        succeeded_ids: Iterable[str] = (),
        failed_ids: Iterable[str] = (),
        duration_ms: int | None = None,
    ) -> None: ...

    def get(self, row_id: int) -> AuditRow | None: ...

    def query(
        self,
        since: float | None = None,
        until: float | None = None,
        operation: str | Sequence[str] | None = None,
        outcome: str | None = None,
        text: str | None = None,
        limit: int = 1000,
    ) -> list[AuditRow]: ...

    def close(self) -> None: ...

    # Issue 9: outcomes the log cannot take now wait in a journal; later lookups resolve unknowns.
    def finish_or_journal(self, row_id: int, outcome: str, **details: Any) -> bool: ...

    def resolve(self, row_ids: Iterable[int], outcome: str, message: str) -> None: ...

    def unsettled_since(
        self, operation: str, since: float, imp_uid: str = "", merchant_uid: str = ""
    ) -> list[AuditRow]: ...

    def unknown_rows(self, operation: str, imp_uid: str = "", merchant_uid: str = "") -> list[AuditRow]: ...
