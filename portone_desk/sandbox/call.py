"""What an operation handler receives, and the handler registry type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from portone_desk.api.model import Operation
from portone_desk.sandbox.store import Doc, SandboxStore
from portone_desk.sandbox.wire import ApiFailure, Reply


@dataclass
class Call:
    op: Operation
    values: dict[str, Any]  # typed per the catalog, as sent (defaults not filled in)
    store: SandboxStore
    now: int
    base_url: str
    tier: str | None = None  # the request's Tier header
    naver_sync_lag: float = 0.0  # seconds Naver changes take to show in lookups (0: at once)

    def check_tier(self, payment: Doc) -> None:
        """A sub-merchant's payment answers only to its own Tier header.

        Assumption (PortOne documents no error for this): with a missing or different Tier the
        call acts for another merchant, which cannot see the payment, so it is answered like an
        unknown payment (404). A payment of the agency itself is not checked: whether PortOne
        refuses it under a sub-merchant's Tier is not documented either.
        """
        tier = payment.get("_tier")
        if tier and (self.tier or "").strip() != tier:
            raise ApiFailure(404, f"존재하지 않는 결제정보입니다: {payment['imp_uid']}")

    def value(self, name: str) -> Any:
        """The sent value, or the catalog default."""
        found = self.values.get(name)
        return self.op.field(name).default if found is None else found

    def payment(self, imp_uid: str | None = None) -> Doc:
        """The payment named by the call's ``imp_uid``; 404 when there is none."""
        key = imp_uid or str(self.values.get("imp_uid", ""))
        found = self.store.payment(key)
        if found is None:
            raise ApiFailure(404, f"존재하지 않는 결제정보입니다: {key}")
        self.check_tier(found)
        return found

    def require_pg(self, pg: str | None) -> None:
        """501 when the operation is not offered for this PG (the spec's supported PGs)."""
        if self.op.supported_pgs and pg not in self.op.supported_pgs:
            raise ApiFailure(501, f"이 PG사({pg})는 '{self.op.title}' 기능을 지원하지 않습니다")


Handler = Callable[[Call], Reply]
