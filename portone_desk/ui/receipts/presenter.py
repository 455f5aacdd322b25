"""The 현금영수증 tab's state, Qt-free: the payment on screen, what is known of its receipt, a
reissue's unfinished second step — and which actions that allows, with the reason when not.

The tab (``portone_tab.py``) runs the calls and draws; every answer goes through here first, so
the rules of the screen can be tested without a widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portone_desk.ui.receipts import rules
from portone_desk.ui.shared import NO_PROFILE_TEXT

Values = dict[str, object]


@dataclass(frozen=True)
class ReceiptActions:
    """What the tab's buttons and hints show; a tip of None keeps the button's own."""

    search: bool
    issue: bool
    revoke: bool
    reissue: bool
    retry: bool
    form: bool
    issue_hint: str  # under the form; "" hides it
    issue_tip: str
    revoke_hint: str  # under the cancel button; "" hides it
    revoke_tip: str
    reissue_tip: str | None
    reissue_visible: bool


class ReceiptPresenter:
    """State of one PortOne-payment receipt screen."""

    def __init__(self) -> None:
        self.payment: dict[str, Any] | None = None
        self.receipt: dict[str, Any] | None = None
        # What we could not learn about the receipt; when it blocks, issuing waits for a new lookup.
        self.receipt_unknown = ""
        self.unknown_blocks = False
        self.pending_issue: Values | None = None  # a reissue's new details, kept for its retry

    # --- the payment on screen ------------------------------------------------------------------

    @property
    def pg(self) -> str | None:
        return rules.pg_of(self.payment)

    @property
    def imp_uid(self) -> str:
        return str(self.payment.get("imp_uid")) if self.payment else ""

    @property
    def order_number(self) -> str:
        return str(self.payment.get("merchant_uid") or "") if self.payment else ""

    @property
    def remaining_amount(self) -> int:
        return rules.remaining_amount(self.payment) if self.payment else 0

    def key(self) -> Values:
        return {"imp_uid": self.imp_uid}

    # --- answers --------------------------------------------------------------------------------

    def show_lookup(self, found: dict[str, Any]) -> bool:
        """A search answered (payment, receipt or what is unknown of it); True when another
        payment came on screen, so the form starts afresh (and a reissue's retry is forgotten)."""
        previous = self.imp_uid
        self.payment = dict(found.get("payment") or {})
        self.receipt = found.get("receipt")
        self.receipt_unknown = found.get("receipt_unknown", "")
        self.unknown_blocks = bool(found.get("unknown_blocks"))
        changed = previous != self.imp_uid
        if changed:
            self.pending_issue = None
        return changed

    def forget(self) -> None:
        """Nothing on screen (a failed search, another profile)."""
        self.payment = None
        self.receipt = None
        self.receipt_unknown, self.unknown_blocks = "", False
        self.pending_issue = None

    def issued(self, receipt: dict[str, Any] | None, reissue: bool) -> None:
        self.receipt = dict(receipt) if receipt else None
        self.receipt_unknown, self.unknown_blocks = "", False
        self._mark_payment(issued=True)
        if reissue:
            self.pending_issue = None

    def issue_not_done(self, values: Values, reissue: bool) -> None:
        """An issue refused, or found not issued after a lost answer: a reissue keeps its details."""
        if reissue:
            self.pending_issue = values

    def receipt_checked(self, receipt: dict[str, Any] | None) -> None:
        """A lookup after a lost answer told the truth about the receipt."""
        self.receipt = receipt
        self.receipt_unknown, self.unknown_blocks = "", False

    def issue_unverifiable(self, text: str) -> None:
        """A lost issue answer that a lookup could not settle: nothing is issued until we know."""
        self.receipt_unknown, self.unknown_blocks = text, True

    def revoked(self, receipt: dict[str, Any] | None) -> None:
        self.receipt = dict(receipt) if receipt else self.receipt
        self._mark_payment(issued=False)

    def revoke_confirmed(self) -> None:
        """A lost cancel answer, looked up: cancelled."""
        self._mark_payment(issued=False)

    def _mark_payment(self, issued: bool) -> None:
        if self.payment is not None:
            self.payment["cash_receipt_issued"] = issued

    # --- what may be done -----------------------------------------------------------------------

    def issue_reason(self) -> str:
        reason = rules.issue_block_reason(self.payment, self.receipt, bool(self.receipt_unknown))
        if not reason and self.unknown_blocks:
            reason = self.receipt_unknown
        return reason

    def revoke_reason(self) -> str:
        return rules.revoke_block_reason(self.payment, self.receipt)

    def reissue_reason(self) -> str:
        return rules.reissue_block_reason(self.payment, self.receipt)

    def actions(self, busy: bool, has_profile: bool) -> ReceiptActions:
        can = not busy and has_profile
        issue, revoke, reissue = self.issue_reason(), self.revoke_reason(), self.reissue_reason()
        # Only explain what matters: before a search there is nothing to explain.
        hint = issue if self.payment else ""
        if not has_profile:
            hint = NO_PROFILE_TEXT
        return ReceiptActions(
            search=can,
            issue=can and not issue,
            revoke=can and not revoke,
            reissue=can and not reissue,
            retry=can and self.pending_issue is not None and not issue,
            form=self.payment is not None,
            issue_hint=hint,
            issue_tip=issue or "입력한 내용으로 현금영수증을 발급합니다",
            revoke_hint=revoke if self.receipt else "",
            revoke_tip=revoke or "이 현금영수증의 발급을 취소합니다",
            reissue_tip=reissue or None,
            reissue_visible=rules.is_active(self.receipt),
        )
