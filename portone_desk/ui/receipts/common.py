"""Pieces both receipt tabs share: calling through the service, the receipt panel, the VAT line,
the confirmations and the wording of the issue / cancel outcomes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api.catalog import IDENTIFIER_TYPES, RESPONSE_MODELS
from portone_desk.api.errors import ApiError, UnsupportedPg
from portone_desk.api.receipt_states import issued_at_payment
from portone_desk.api.validation import NTS_SELF_ISSUE_NUMBER, classify_identifier, is_self_issue_number
from portone_desk.ui import confirm as confirm_dialog
from portone_desk.ui.context import DeskContext
from portone_desk.ui.result_view import ResultView
from portone_desk.ui.shared import label_of, response_of
from portone_desk.ui.style import ERROR_COLOR, MUTED_COLOR, OK_COLOR, WARNING_COLOR

from . import rules

ISSUE_WARNING = (
    "아래 내용으로 현금영수증을 발급합니다. 발급 후에는 고칠 수 없고, 바꾸려면 취소 후 다시 발급해야 합니다."
)
RECEIPT_FIELDS = (
    "apply_num",
    "type",
    "amount",
    "vat",
    "applied_at",
    "cancelled_at",
    "receipt_url",
    "receipt_tid",
)
RECEIPT_COPYABLE = ("apply_num", "receipt_url", "imp_uid", "merchant_uid")
# What the cancel confirmation repeats of the receipt, so the agent sees which one goes.
RECEIPT_SUMMARY = ("apply_num", "type", "amount", "vat", "applied_at")

ISSUING_TEXT = "현금영수증을 발급하는 중…"
REVOKING_TEXT = "현금영수증 발급을 취소하는 중…"
REVOKED_TEXT = "현금영수증 발급을 취소했습니다."
# How a verification settled a lost answer, for the history row of the call it settles.
CHECKED_ISSUE = {
    True: "응답이 없어 영수증을 조회해 확인: 발급됨",
    False: "응답이 없어 영수증을 조회해 확인: 발급되지 않음",
}
CHECKED_REVOKE = {
    True: "응답이 없어 영수증을 조회해 확인: 취소됨",
    False: "응답이 없어 영수증을 조회해 확인: 취소되지 않음",
}
NOT_ISSUED_TEXT = "발급 여부를 확인했습니다: 발급되지 않음. 내용을 확인하고 다시 발급해도 됩니다."

Rows = list[tuple[str, str]]
# Who cancelled a receipt and why is what a lead looks up later (scenario 16): the reason is required.
CANCEL_REASON_LABEL = "취소 사유 (필수, 처리 내역에 남습니다)"
REISSUE_REASON_LABEL = "재발급 사유 (필수, 처리 내역에 남습니다)"


def issued_text(number: object) -> str:
    return f"현금영수증을 발급했습니다 (국세청 발행번호 {number}). 영수증 URL을 복사해 고객에게 보내세요."


def unverified_text(action: str) -> str:
    """The lookup after a lost answer failed too: the one safe advice is not to send again."""
    return f"{action} 여부를 확인하지 못했습니다. 다시 보내지 말고 잠시 후 '조회'로 상태를 확인하세요."


def revoke_checked(receipt: Mapping[str, Any] | None) -> tuple[bool, str]:
    """After a lost cancel answer: whether the receipt is cancelled, and the line that says so."""
    if receipt and receipt.get("cancelled_at"):
        return True, "취소 여부를 확인했습니다: 취소됨."
    return False, "취소 여부를 확인했습니다: 취소되지 않음. 현금영수증은 그대로 발급되어 있습니다."


def vat_row(amount: int, tax_free: object) -> tuple[str, str]:
    """The VAT line of an issue confirmation."""
    text, _ = rules.vat_preview(amount, tax_free)  # type: ignore[arg-type]
    return ("부가세", text.removeprefix("부가세 미리보기: "))


def confirm_issue(parent: QWidget, title: str, rows: Rows) -> bool:
    answer = confirm_dialog.confirm(
        parent, title, [("발급할 내용", rows)], message=ISSUE_WARNING, ok_text="발급"
    )
    return answer is not None


def confirm_revoke(parent: QWidget, title: str, rows: Rows) -> confirm_dialog.Confirmation | None:
    """Ask before cancelling; the answer carries the agent's reason (required) for the activity log."""
    return confirm_dialog.confirm(
        parent,
        title,
        [("취소할 현금영수증", rows)],
        message="이 현금영수증의 발급을 취소합니다. 취소한 영수증은 되살릴 수 없습니다.",
        ok_text="발급 취소",
        danger=True,
        note_label=CANCEL_REASON_LABEL,
        note_required=True,
    )


def call_blocking(
    ctx: DeskContext,
    op_id: str,
    values: Mapping[str, object],
    pg: str | None = None,
    note: str = "",
    merchant_uid: str = "",
) -> Any:
    """One audited call through the active service (run it inside a background op).

    The API has no reason field for cancellations, so the agent's note only goes to the activity
    log; so does the order number of a call made by imp_uid.
    """
    return ctx.service.call(op_id, dict(values), pg=pg, note=note or None, merchant_uid=merchant_uid or None)


def settle_unknown(ctx: DeskContext, error: BaseException, outcome: str, how: str) -> None:
    """A verification found what a call of unknown outcome did: complete its history row (in the
    background; ``outcome`` ok / failed / already)."""
    if getattr(error, "audit_id", None) is None or not ctx.has_profile:
        return
    service = ctx.service
    ctx.background(lambda: service.record_settled(error, outcome, how)).run()


def fetch_receipt(
    ctx: DeskContext, op_id: str, values: Mapping[str, object], pg: str | None = None
) -> dict[str, Any] | None:
    """The receipt, or None when the API says there is none (404). Other errors propagate."""
    try:
        return response_of(call_blocking(ctx, op_id, values, pg))
    except UnsupportedPg:
        raise
    except ApiError as error:
        if error.http_status == 404:
            return None
        raise


class ReceiptPanel(QGroupBox):
    """The receipt as it stands: a state line (issued / cancelled / none) and its details."""

    def __init__(self, title: str, model_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.model = RESPONSE_MODELS[model_name]
        layout = self._layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setObjectName("receiptState")
        self.state.setWordWrap(True)
        self.view = ResultView()
        self.view.setObjectName("receiptView")
        layout.addWidget(self.state)
        layout.addWidget(self.view)
        self.receipt: dict[str, Any] | None = None
        self.show_receipt(None, "")

    def add_revoke_button(self, object_name: str, accessible_name: str) -> tuple[QPushButton, QLabel]:
        """The cancel button under the receipt it cancels, and the line that says why it cannot."""
        button = action_button("발급 취소", object_name, accessible_name)
        reason = reason_label("revokeReason")
        self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addWidget(reason)
        return button, reason

    def summary_rows(self) -> Rows:
        """The receipt's main fields as shown, for the cancel confirmation."""
        rows: Rows = []
        for name in RECEIPT_SUMMARY:
            f = self.model.field(name)
            if f is not None and self.view.text_of(name):
                rows.append((f.label, self.view.text_of(name)))
        return rows

    def show_receipt(
        self,
        receipt: Mapping[str, Any] | None,
        empty_text: str | None = None,
        payment: Mapping[str, Any] | None = None,
    ) -> None:
        self.receipt = dict(receipt) if receipt else None
        if not receipt and issued_at_payment(payment, None):
            # Issued in the payment window: no API receipt to show, but not "none" either.
            self.view.clear()
            self.state.setText(rules.receipt_state(None, payment))
            self.state.setStyleSheet(f"color: {OK_COLOR}; font-weight: bold;")
            return
        if receipt:
            self.view.render(receipt, self.model, RECEIPT_FIELDS, copyable=RECEIPT_COPYABLE)
            color = MUTED_COLOR if receipt.get("cancelled_at") else OK_COLOR
            self.state.setText(rules.receipt_state(receipt))
        else:
            self.view.clear()
            color = MUTED_COLOR
            self.state.setText(rules.receipt_state(None) if empty_text is None else empty_text)
        self.state.setStyleSheet(f"color: {color}; font-weight: bold;")

    def show_unknown(self, text: str) -> None:
        self.receipt = None
        self.view.clear()
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {WARNING_COLOR}; font-weight: bold;")


class VatPreview(QLabel):
    """The VAT the receipt will carry, recomputed as the agent types the tax-free part."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vatPreview")
        self.setWordWrap(True)

    def update_for(self, amount: int | None, tax_free: object) -> None:
        if not amount:
            self.setText("부가세 미리보기: 발행 금액을 입력하면 계산합니다.")
            self.setStyleSheet(f"color: {MUTED_COLOR};")
            return
        free = tax_free if isinstance(tax_free, int) else 0
        text, problem = rules.vat_preview(amount, free)
        self.setText(text)
        self.setStyleSheet(f"color: {ERROR_COLOR if problem else MUTED_COLOR};")


def action_button(text: str, object_name: str, accessible_name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(object_name)
    button.setAccessibleName(accessible_name)
    return button


def search_box(accessible_name: str, placeholder: str) -> QLineEdit:
    box = QLineEdit()
    box.setObjectName("searchInput")
    box.setAccessibleName(accessible_name)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    return box


def busy_indicator() -> QProgressBar:
    """A small endless bar beside the search box while anything runs."""
    bar = QProgressBar()
    bar.setObjectName("busyIndicator")
    bar.setRange(0, 0)
    bar.setMaximumWidth(90)
    bar.setTextVisible(False)
    bar.setVisible(False)
    return bar


def reason_label(object_name: str = "actionReason") -> QLabel:
    """The line that says why an action button is disabled."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {WARNING_COLOR};")
    return label


def identifier_hint(text: object) -> str:
    kind = identifier_kind(text)
    if kind is None:
        return ""
    if is_self_issue_number(str(text)):
        return f"식별정보: 국세청 자진발급번호({NTS_SELF_ISSUE_NUMBER})로 발급합니다."
    return f"식별정보: {label_of(IDENTIFIER_TYPES, kind)}로 인식했습니다."


def identifier_kind(text: object) -> str | None:
    return classify_identifier(text) if isinstance(text, str) and text.strip() else None


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area, so a column fits a small window."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def column(*widgets: QWidget) -> QScrollArea:
    """Widgets stacked from the top of a scrolling column."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return scrolling(box)


def primary(button: QPushButton) -> None:
    """The action the screen is for: bold and wide enough to find at a glance."""
    font = button.font()
    font.setBold(True)
    button.setFont(font)
    button.setMinimumWidth(120)
