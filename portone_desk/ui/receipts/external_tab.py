"""현금영수증 tab for cash sales outside PortOne (SCENARIO 5), keyed by the shop's order number.

The order number at the top is the one key for lookup, issue and cancel, so the receipt on screen
and the one acted on cannot drift apart. The profile's channel key is filled in for the agent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api.catalog import OPERATIONS
from portone_desk.api.errors import OutcomeUnknown, ValidationFailed
from portone_desk.ui import confirm as confirm_dialog
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner, error_text
from portone_desk.ui.forms import OperationForm
from portone_desk.ui.worker import BackgroundOp

from . import rules
from .common import (
    ISSUE_WARNING,
    NO_PROFILE_TEXT,
    ReceiptPanel,
    VatPreview,
    call_blocking,
    fetch_receipt,
    identifier_hint,
    primary,
    reason_label,
    response_of,
    scrolling,
)


class ExternalReceiptsTab(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("externalReceiptsTab")
        self.ctx = ctx
        self.receipt: dict[str, Any] | None = None
        self.looked_up = ""  # the order number whose receipt state is on screen
        self._inflight = 0
        self._channel_key = ""
        self.banner = ErrorBanner(object_name="externalBanner")
        self._build()
        ctx.profile_changed.connect(self._on_profile_changed)
        self._on_profile_changed()

    def _build(self) -> None:
        self.search_input = QLineEdit()
        self.search_input.setObjectName("searchInput")
        self.search_input.setAccessibleName("고객사 주문번호")
        self.search_input.setPlaceholderText("현금거래의 주문번호 (예: phone-order-0412)")
        self.search_input.setClearButtonEnabled(True)
        self.search_input.returnPressed.connect(self.lookup)
        self.search_input.textChanged.connect(self._on_uid_changed)
        self.lookup_button = QPushButton("조회")
        self.lookup_button.setObjectName("getExternalReceipt")
        self.lookup_button.setAccessibleName("외부 거래 현금영수증 조회")
        self.lookup_button.clicked.connect(self.lookup)
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(90)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setVisible(False)
        search_row = QHBoxLayout()
        search_row.addWidget(QLabel("주문번호"))
        search_row.addWidget(self.search_input, 1)
        search_row.addWidget(self.lookup_button)
        search_row.addWidget(self.busy_bar)

        self.receipt_panel = ReceiptPanel("현금영수증 (외부 거래)", "ExternalReceipt")
        self.revoke_button = QPushButton("발급 취소")
        self.revoke_button.setObjectName("revokeExternalReceipt")
        self.revoke_button.setAccessibleName("외부 거래 현금영수증 발급 취소")
        self.revoke_button.clicked.connect(self.revoke)
        self.revoke_reason = reason_label("revokeReason")
        self.receipt_panel.layout().addWidget(self.revoke_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.receipt_panel.layout().addWidget(self.revoke_reason)
        left_box = QWidget()
        left = QVBoxLayout(left_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.receipt_panel)
        left.addStretch(1)

        self.form = OperationForm(OPERATIONS["issueExternalReceipt"], hidden=("merchant_uid",))
        self.form.changed.connect(self._on_form_changed)
        scroll = scrolling(self.form)
        self.identifier_hint = QLabel()
        self.identifier_hint.setObjectName("identifierHint")
        self.vat_preview = VatPreview()
        self.issue_reason = reason_label("issueReason")
        self.issue_button = QPushButton("발급")
        self.issue_button.setObjectName("issueExternalReceipt")
        self.issue_button.setAccessibleName("외부 거래 현금영수증 발급")
        self.issue_button.clicked.connect(self.issue)
        primary(self.issue_button)
        self.form_box = QGroupBox("새 현금영수증 (포트원 밖 현금거래)")
        right = QVBoxLayout(self.form_box)
        right.addWidget(scroll, 1)
        right.addWidget(self.identifier_hint)
        right.addWidget(self.vat_preview)
        right.addWidget(self.issue_reason)
        right.addWidget(self.issue_button, 0, Qt.AlignmentFlag.AlignLeft)

        columns = QHBoxLayout()
        columns.addWidget(scrolling(left_box), 1)
        columns.addWidget(self.form_box, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(search_row)
        outer.addWidget(self.banner)
        outer.addLayout(columns, 1)
        self._on_form_changed()

    # --- plumbing ---------------------------------------------------------------------------

    @property
    def merchant_uid(self) -> str:
        return self.search_input.text().strip()

    def _start(self, op: BackgroundOp) -> None:
        self._inflight += 1
        self.busy_bar.setVisible(True)
        op.busy(self.lookup_button, self.issue_button, self.revoke_button).finally_(self._op_done).run()
        self._refresh_actions()

    def _op_done(self) -> None:
        self._inflight = max(self._inflight - 1, 0)
        self.busy_bar.setVisible(self._inflight > 0)
        self._refresh_actions()

    def _ready(self) -> bool:
        if not self.ctx.has_profile:
            self.banner.show_message(NO_PROFILE_TEXT, "error")
            return False
        if not self.merchant_uid:
            self.banner.show_message("주문번호를 입력하세요.", "error")
            self.search_input.setFocus()
            return False
        return not self._inflight

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

    def _on_form_changed(self) -> None:
        values = self.form.values()
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
        if not self._ready():
            return
        reason = self._issue_reason()
        if reason:
            self.banner.show_message(reason, "warning")
            return
        uid = self.merchant_uid
        self.form.set_values({"merchant_uid": uid})
        if not self.form.validate():
            self.banner.show_message("입력값을 확인해 주세요. 요청은 보내지 않았습니다.", "error")
            return
        values = self.form.values()
        amount = values.get("amount")
        vat_text, _ = rules.vat_preview(amount if isinstance(amount, int) else 0, values.get("tax_free"))  # type: ignore[arg-type]
        rows = [
            ("주문번호", uid),
            ("부가세", vat_text.removeprefix("부가세 미리보기: ")),
            *self.form.summary(),
        ]
        answer = confirm_dialog.confirm(
            self,
            "현금영수증 발급 확인 (외부 거래)",
            [("발급할 내용", rows)],
            message=ISSUE_WARNING,
            ok_text="발급",
        )
        if answer is None:
            return
        ctx = self.ctx
        self.banner.show_message("현금영수증을 발급하는 중…", "info")
        op = ctx.background(lambda: call_blocking(ctx, "issueExternalReceipt", values))

        def issued(result: Any) -> None:
            receipt = response_of(result) or {}
            self._show(uid, receipt)
            self.banner.show_message(
                f"현금영수증을 발급했습니다 (국세청 발행번호 {receipt.get('apply_num', '')}). "
                "영수증 URL을 복사해 고객에게 보내세요.",
                "success",
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, OutcomeUnknown):
                self._verify(uid, "발급")
                return
            if isinstance(error, ValidationFailed):
                self.form.show_issues(error.issues)
            self.banner.show_error(error, "발급하지 못했습니다. ")

        self._start(op.success(issued).failure(failed))

    # --- cancel -----------------------------------------------------------------------------

    def revoke(self) -> None:
        if not self._ready():
            return
        reason = self._revoke_reason()
        if reason:
            self.banner.show_message(reason, "warning")
            return
        uid = self.merchant_uid
        view = self.receipt_panel.view
        rows = [("주문번호", uid)]
        for name in ("apply_num", "type", "amount", "vat", "applied_at"):
            f = self.receipt_panel.model.field(name)
            if f is not None and view.text_of(name):
                rows.append((f.label, view.text_of(name)))
        answer = confirm_dialog.confirm(
            self,
            "현금영수증 발급 취소 확인 (외부 거래)",
            [("취소할 현금영수증", rows)],
            message="이 현금영수증의 발급을 취소합니다. 취소한 영수증은 되살릴 수 없습니다.",
            ok_text="발급 취소",
            danger=True,
            note_label="취소 사유 메모 (선택, 활동 기록에 남습니다)",
        )
        if answer is None:
            return
        ctx = self.ctx
        self.banner.show_message("현금영수증 발급을 취소하는 중…", "info")
        op = ctx.background(
            lambda: call_blocking(ctx, "revokeExternalReceipt", {"merchant_uid": uid}, note=answer.note)
        )

        def revoked(result: Any) -> None:
            self._show(uid, response_of(result) or self.receipt)
            self.banner.show_message("현금영수증 발급을 취소했습니다.", "success")

        def failed(error: BaseException) -> None:
            if isinstance(error, OutcomeUnknown):
                self._verify(uid, "취소")
                return
            self.banner.show_error(error, "발급을 취소하지 못했습니다. ")

        self._start(op.success(revoked).failure(failed))

    # --- outcome unknown --------------------------------------------------------------------

    def _verify(self, uid: str, action: str) -> None:
        """The answer was lost: look the receipt up and show what really happened."""
        ctx = self.ctx
        self.banner.show_message(f"응답을 받지 못해 {action} 여부를 확인하는 중입니다…", "warning")
        op = ctx.background(lambda: fetch_receipt(ctx, "getExternalReceipt", {"merchant_uid": uid}))

        def checked(receipt: dict[str, Any] | None) -> None:
            self._show(uid, receipt)
            if action == "발급":
                done = rules.is_active(receipt)
                state = (
                    "발급됨. 다시 발급하지 마세요."
                    if done
                    else "발급되지 않음. 내용을 확인하고 다시 발급해도 됩니다."
                )
            else:
                done = bool(receipt and receipt.get("cancelled_at"))
                state = "취소됨." if done else "취소되지 않음. 현금영수증은 그대로 발급되어 있습니다."
            self.banner.show_message(
                f"{action} 여부를 확인했습니다: {state}", "success" if done else "warning"
            )

        def unverifiable(error: BaseException) -> None:
            self.looked_up, self.receipt = "", None
            self.banner.show_message(
                f"{action} 여부를 확인하지 못했습니다. 다시 보내지 말고 잠시 후 '조회'로 상태를 확인하세요.\n"
                + error_text(error),
                "warning",
            )

        self._start(op.success(checked).failure(unverifiable))
