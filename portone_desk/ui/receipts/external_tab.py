"""현금영수증 tab for cash sales outside PortOne (SCENARIO 5), keyed by the shop's order number.

The order number at the top is the one key for lookup, issue and cancel, so the receipt on screen
and the one acted on cannot drift apart. The profile's channel key is filled in for the agent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from portone_desk.api.errors import OutcomeUnknown, ValidationFailed
from portone_desk.ui.channel_choice import ChannelChoice, load_channels
from portone_desk.ui.channels import Channel
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import error_text
from portone_desk.ui.shared import NO_PROFILE_TEXT, response_of

from . import rules
from .base import ReceiptTabBase
from .common import (
    CHECKED_ISSUE,
    CHECKED_REVOKE,
    ISSUING_TEXT,
    NOT_ISSUED_TEXT,
    REVOKED_TEXT,
    REVOKING_TEXT,
    ReceiptPanel,
    action_button,
    column,
    confirm_issue,
    confirm_revoke,
    fetch_receipt,
    identifier_hint,
    issued_text,
    revoke_checked,
    search_box,
    settle_unknown,
    unverified_text,
    vat_row,
)


class ExternalReceiptsTab(ReceiptTabBase):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "externalReceiptsTab", "externalBanner", parent)
        self.receipt: dict[str, Any] | None = None
        self.looked_up = ""  # the order number whose receipt state is on screen
        self._channel_key = ""
        self._build()
        ctx.profile_changed.connect(self._on_profile_changed)
        self._on_profile_changed()

    def _build(self) -> None:
        self.search_input = search_box("고객사 주문번호", "현금거래의 주문번호 (예: phone-order-0412)")
        self.search_input.returnPressed.connect(self.lookup)
        self.search_input.textChanged.connect(self._on_uid_changed)
        self.lookup_button = action_button("조회", "getExternalReceipt", "외부 거래 현금영수증 조회")
        self.lookup_button.clicked.connect(self.lookup)
        search_row = QHBoxLayout()
        search_row.addWidget(QLabel("주문번호"))
        search_row.addWidget(self.search_input, 1)
        search_row.addWidget(self.lookup_button)
        search_row.addWidget(self.busy_bar)

        self.receipt_panel = ReceiptPanel("현금영수증 (외부 거래)", "ExternalReceipt")
        self.revoke_button, self.revoke_reason = self.receipt_panel.add_revoke_button(
            "revokeExternalReceipt", "외부 거래 현금영수증 발급 취소"
        )
        self.revoke_button.clicked.connect(self.revoke)

        self._build_issue_area(
            "새 현금영수증 (포트원 밖 현금거래)",
            "issueExternalReceipt",
            "merchant_uid",
            ("issueExternalReceipt", "외부 거래 현금영수증 발급"),
        )
        # The shop's channels offered above the form; picking one fills the channel key field.
        self.channel_choice = ChannelChoice()
        self.channel_choice.picked.connect(lambda key: self.form.set_values({"channel_key": key}))
        form_layout = self.form_box.layout()
        if isinstance(form_layout, QVBoxLayout):
            form_layout.insertWidget(0, self.channel_choice)
        self._channels_for = ""  # the profile whose channels were asked for
        self._arrange(search_row, column(self.receipt_panel))
        self._on_form_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._offer_channels()

    def _offer_channels(self) -> None:
        """Once per profile, when the tab is on screen: from the session cache or one background call."""
        profile = self.ctx.profile
        if profile is None or self._channels_for == profile.id:
            return
        self._channels_for = profile.id
        load_channels(self.ctx, self._channels_loaded)

    def _channels_loaded(self, channels: list[Channel]) -> None:
        self.channel_choice.offer(channels, str(self.form.values().get("channel_key") or ""))

    # --- plumbing ---------------------------------------------------------------------------

    @property
    def merchant_uid(self) -> str:
        return self.search_input.text().strip()

    def _key(self) -> dict[str, object]:
        return {"merchant_uid": self.merchant_uid}

    def _action_widgets(self) -> list[QWidget]:
        return [self.lookup_button, self.issue_button, self.revoke_button]

    def _ready(self) -> bool:
        if not super()._ready():
            return False
        if not self.merchant_uid:
            self.banner.show_message("주문번호를 입력하세요.", "error")
            self.search_input.setFocus()
            return False
        return not self._inflight

    def _may_act(self, reason: str) -> bool:
        # Without an order number there is nothing to act on: that comes before any other reason.
        return self._ready() and super()._may_act(reason)

    def _shown_receipt(self) -> dict[str, Any] | None:
        """The receipt on screen, if it belongs to the order number in the box."""
        return self.receipt if self.looked_up and self.looked_up == self.merchant_uid else None

    def _issue_reason(self) -> str:
        if not self.merchant_uid:
            return "주문번호를 입력하세요."
        receipt = self._shown_receipt()
        if rules.is_active(receipt):
            number = (receipt or {}).get("apply_num", "")
            return f"이 주문번호로 이미 발급된 현금영수증이 있습니다 (국세청 발행번호 {number})."
        return ""

    def _revoke_reason(self) -> str:
        receipt = self._shown_receipt()
        if not receipt:
            return "먼저 주문번호로 현금영수증을 조회하세요."
        if receipt.get("cancelled_at"):
            return "이미 발급 취소된 현금영수증입니다."
        return ""

    def _refresh_actions(self) -> None:
        idle = self._inflight == 0 and self.ctx.has_profile
        issue_reason, revoke_reason = self._issue_reason(), self._revoke_reason()
        self.lookup_button.setEnabled(idle)
        self.issue_button.setEnabled(idle and not issue_reason)
        self.revoke_button.setEnabled(idle and not revoke_reason)
        self.issue_button.setToolTip(issue_reason or "입력한 내용으로 현금영수증을 발급합니다")
        self.revoke_button.setToolTip(revoke_reason or "이 현금영수증의 발급을 취소합니다")
        shown_issue = issue_reason if self.merchant_uid else ""
        if not self.ctx.has_profile:
            shown_issue = NO_PROFILE_TEXT
        self.issue_reason.setText(shown_issue)
        self.issue_reason.setVisible(bool(shown_issue))
        self.revoke_reason.setText(revoke_reason if self._shown_receipt() else "")
        self.revoke_reason.setVisible(bool(self._shown_receipt()) and bool(revoke_reason))

    def _on_uid_changed(self, _text: str) -> None:
        if self.looked_up and self.looked_up != self.merchant_uid:
            self.receipt_panel.show_receipt(None, "주문번호가 바뀌었습니다. 조회하거나 바로 발급하세요.")
        elif self.looked_up:
            self.receipt_panel.show_receipt(self.receipt)
        self._refresh_actions()

    def _on_profile_changed(self) -> None:
        profile = self.ctx.profile
        key = str(getattr(profile, "channel_key", "") or "") if profile else ""
        # Replace the key only if the agent has not typed their own over the previous default.
        current = self.form.values().get("channel_key")
        if current in (None, self._channel_key):
            self.form.set_values({"channel_key": key or None})
        self._channel_key = key
        self.receipt, self.looked_up = None, ""
        self.receipt_panel.show_receipt(None, "주문번호를 입력하고 조회하세요.")
        self.banner.clear()
        self._refresh_actions()
        self.channel_choice.forget()
        self._channels_for = ""
        if self.isVisible():
            self._offer_channels()

    def _on_form_changed(self) -> None:
        values = self.form.values()
        self.channel_choice.select(str(values.get("channel_key") or ""))
        amount = values.get("amount")
        self.vat_preview.update_for(amount if isinstance(amount, int) else None, values.get("tax_free"))
        self.identifier_hint.setText(identifier_hint(values.get("identifier")))

    def _show(self, uid: str, receipt: dict[str, Any] | None) -> None:
        self.looked_up = uid
        self.receipt = dict(receipt) if receipt else None
        self.receipt_panel.show_receipt(
            self.receipt, "이 주문번호로 발급된 현금영수증이 없습니다. 오른쪽에서 발급하세요."
        )
        self._refresh_actions()

    # --- lookup -----------------------------------------------------------------------------

    def lookup(self) -> None:
        if not self._ready():
            return
        ctx, uid = self.ctx, self.merchant_uid
        self.banner.show_message("조회 중…", "info")
        op = ctx.background(lambda: fetch_receipt(ctx, "getExternalReceipt", {"merchant_uid": uid}))

        def found(receipt: dict[str, Any] | None) -> None:
            self._show(uid, receipt)
            self.banner.clear()

        self._start(op.success(found).failure(lambda e: self.banner.show_error(e, "조회하지 못했습니다. ")))

    # --- issue ------------------------------------------------------------------------------

    def issue(self) -> None:
        values = self._checked_values(self._issue_reason())
        if values is None:
            return
        uid = self.merchant_uid
        amount = values.get("amount")
        rows = [
            ("주문번호", uid),
            vat_row(amount if isinstance(amount, int) else 0, values.get("tax_free")),
            *self.form.summary(),
        ]
        if not confirm_issue(self, "현금영수증 발급 확인 (외부 거래)", rows):
            return
        op = self._send("issueExternalReceipt", values, ISSUING_TEXT)

        def issued(result: Any) -> None:
            receipt = response_of(result) or {}
            self._show(uid, receipt)
            self.banner.show_message(issued_text(receipt.get("apply_num", "")), "success")

        def failed(error: BaseException) -> None:
            if isinstance(error, OutcomeUnknown):
                self._verify(uid, "발급", error)
                return
            if isinstance(error, ValidationFailed):
                self.form.show_issues(error.issues)
            self.banner.show_error(error, "발급하지 못했습니다. ")

        self._start(op.success(issued).failure(failed))

    # --- cancel -----------------------------------------------------------------------------

    def revoke(self) -> None:
        if not self._may_act(self._revoke_reason()):
            return
        uid = self.merchant_uid
        rows = [("주문번호", uid), *self.receipt_panel.summary_rows()]
        answer = confirm_revoke(self, "현금영수증 발급 취소 확인 (외부 거래)", rows)
        if answer is None:
            return
        op = self._send("revokeExternalReceipt", {"merchant_uid": uid}, REVOKING_TEXT, note=answer.note)

        def revoked(result: Any) -> None:
            self._show(uid, response_of(result) or self.receipt)
            self.banner.show_message(REVOKED_TEXT, "success")

        def failed(error: BaseException) -> None:
            if isinstance(error, OutcomeUnknown):
                self._verify(uid, "취소", error)
                return
            self.banner.show_error(error, "발급을 취소하지 못했습니다. ")

        self._start(op.success(revoked).failure(failed))

    # --- outcome unknown --------------------------------------------------------------------

    def _verify(self, uid: str, action: str, lost: BaseException) -> None:
        """The answer was lost: look the receipt up and show what really happened."""
        op = self._recheck("getExternalReceipt", {"merchant_uid": uid}, action)

        def checked(receipt: dict[str, Any] | None) -> None:
            self._show(uid, receipt)
            if action == "발급":
                done = rules.is_active(receipt)
                text = "발급 여부를 확인했습니다: 발급됨. 다시 발급하지 마세요." if done else NOT_ISSUED_TEXT
            else:
                done, text = revoke_checked(receipt)
            how = (CHECKED_ISSUE if action == "발급" else CHECKED_REVOKE)[done]
            settle_unknown(self.ctx, lost, "ok" if done else "failed", how)
            self.banner.show_message(text, "success" if done else "warning")

        def unverifiable(error: BaseException) -> None:
            self.looked_up, self.receipt = "", None
            self.banner.show_message(unverified_text(action) + "\n" + error_text(error), "warning")

        self._start(op.success(checked).failure(unverifiable))
