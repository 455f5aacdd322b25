"""Naver Pay payment type (naverpay): points, escrow purchase confirmation, cash-receipt amount."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from portone_desk.api import josa
from portone_desk.api.catalog import RESPONSE_MODELS, operation
from portone_desk.api.errors import OutcomeUnknown
from portone_desk.api.timefmt import format_won
from portone_desk.ui import confirm
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner
from portone_desk.ui.forms import OperationForm
from portone_desk.ui.result_view import ResultView
from portone_desk.ui.shared import response_of
from portone_desk.ui.style import MUTED_COLOR

NAVERPAY = "naverpay"
NOT_NAVERPAY = "네이버페이 결제형(naverpay) 결제를 조회하면 쓸 수 있습니다"
# Why a one-time action's button stays off after it was sent for this payment.
DONE_TIPS = {
    "naverConfirmPayment": "이 결제는 방금 구매확정했습니다. 다시 보낼 필요가 없습니다.",
    "naverDepositPoint": "이 결제는 방금 포인트를 적립했습니다. 다시 보낼 필요가 없습니다.",
}
UNKNOWN_TIP = (
    "요청 결과를 알 수 없습니다. 처리 내역을 확인하거나 결제를 다시 조회한 뒤 보내세요 "
    "(이미 처리되었다면 포트원이 거절합니다)."
)


class PaymentPanel(QWidget):
    """Acts on the naverpay payment the tab looked up (``set_payment``)."""

    def __init__(self, ctx: DeskContext, banner: ErrorBanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("naverPaymentPanel")
        self.ctx = ctx
        self.banner = banner
        self.imp_uid = ""
        # Confirmation and points are one-time: once sent for this payment their button stays off
        # (op id → tooltip) until the payment is looked up again.
        self._done: dict[str, str] = {}
        layout = QVBoxLayout(self)
        self.target = QLabel(NOT_NAVERPAY)
        self.target.setObjectName("naverPayTarget")
        self.target.setStyleSheet(f"color: {MUTED_COLOR};")
        layout.addWidget(self.target)

        cash_box = QGroupBox("현금영수증 발급 가용액")
        cash = QVBoxLayout(cash_box)
        self.cash_button = QPushButton("가용액 조회")
        self.cash_button.setObjectName("queryCashAmount")
        self.cash_button.setToolTip(operation("queryCashAmount").title)
        self.cash_button.clicked.connect(self.query_cash)
        self.cash_view = ResultView()
        self.cash_view.setObjectName("cashAmountView")
        cash.addWidget(self.cash_button)
        cash.addWidget(self.cash_view)
        layout.addWidget(cash_box)

        confirm_box = QGroupBox("에스크로 구매확정")
        confirm_layout = QVBoxLayout(confirm_box)
        self.confirm_form = OperationForm(operation("naverConfirmPayment"), hidden=("imp_uid",))
        self.confirm_button = QPushButton("구매확정")
        self.confirm_button.setObjectName("naverConfirmPayment")
        self.confirm_button.clicked.connect(self.confirm_payment)
        confirm_layout.addWidget(self.confirm_form)
        confirm_layout.addWidget(self.confirm_button)
        layout.addWidget(confirm_box)

        point_box = QGroupBox("네이버페이 포인트 적립")
        point = QHBoxLayout(point_box)
        self.point_button = QPushButton("포인트 적립")
        self.point_button.setObjectName("naverDepositPoint")
        self.point_button.clicked.connect(self.deposit_point)
        point.addWidget(QLabel("구매자에게 이 결제의 네이버페이 포인트를 적립합니다."), 1)
        point.addWidget(self.point_button)
        layout.addWidget(point_box)
        layout.addStretch(1)
        self._buttons = (self.cash_button, self.confirm_button, self.point_button)
        self.set_payment("", None)

    def set_payment(self, imp_uid: str, payment: dict[str, Any] | None) -> None:
        ok = bool(imp_uid) and payment is not None and payment.get("pg_provider") == NAVERPAY
        self.imp_uid = imp_uid if ok else ""
        self._done.clear()
        self._update_buttons()
        self.cash_view.clear()
        if ok and payment is not None:
            escrow = "에스크로" if payment.get("escrow") else "일반"
            # Whose payment it is, so a panel is never read as another customer's.
            who = " · ".join(
                str(p)
                for p in (f"주문번호 {payment.get('merchant_uid') or '—'}", payment.get("buyer_name"))
                if p
            )
            self.target.setText(f"대상 결제: {who} · {imp_uid} ({escrow} 결제)")
        else:
            self.target.setText(NOT_NAVERPAY)

    def _update_buttons(self) -> None:
        ok = bool(self.imp_uid)
        for button in self._buttons:
            done = self._done.get(button.objectName())
            button.setEnabled(ok and done is None)
            button.setToolTip(done or ("" if ok else NOT_NAVERPAY))

    def query_cash(self) -> None:
        self.banner.show_message("현금영수증 발급 가용액을 조회하는 중…", "info")
        # finally_ runs after busy() re-enabled everything: a done action's button goes off again.
        self.ctx.call_op("queryCashAmount", {"imp_uid": self.imp_uid}, pg=NAVERPAY).success(
            self._show_cash
        ).failure(self._failed).busy(*self._buttons).finally_(self._update_buttons).run()

    def _show_cash(self, result: Any) -> None:
        amounts = response_of(result) or {}
        self.cash_view.render(amounts, RESPONSE_MODELS["NaverCashAmount"])
        # Two totals are on screen; say which one a receipt may cover (the points part may not).
        primary = amounts.get("amount_by_primary")
        covers = ""
        if primary:
            covers = f" 현금영수증은 주 결제수단 금액 {format_won(primary)}까지 발급할 수 있습니다."
        next_step = " 발급은 '현금영수증' 탭에서 주문번호로 조회해 하세요."
        self.banner.show_message(f"현금영수증 발급 가용액을 조회했습니다.{covers}{next_step}", "success")

    def confirm_payment(self) -> None:
        self.confirm_form.set_values({"imp_uid": self.imp_uid})
        if not self.confirm_form.validate(NAVERPAY):
            return
        rows = [("거래고유번호", self.imp_uid), *self.confirm_form.summary()]
        self._send("naverConfirmPayment", self.confirm_form.values(), rows, "구매확정")

    def deposit_point(self) -> None:
        self._send("naverDepositPoint", {"imp_uid": self.imp_uid}, [("거래고유번호", self.imp_uid)], "적립")

    def _send(self, op_id: str, values: dict[str, object], rows: list[tuple[str, str]], ok_text: str) -> None:
        op = operation(op_id)
        answer = confirm.confirm(
            self,
            op.title,
            [("", rows)],
            message=f"{josa.obj(op.title)} 요청합니다.",
            ok_text=ok_text,
            note_label="메모 (처리 내역에만 남습니다, 선택)",
        )
        if answer is None:
            return
        imp_uid = self.imp_uid
        # naverpay has no product orders; the note is what the activity log keeps besides the values.
        self.ctx.call_op(op_id, values, pg=NAVERPAY, note=answer.note).success(
            lambda _r: self._sent(op_id, imp_uid)
        ).failure(lambda error: self._send_failed(op_id, imp_uid, error)).busy(*self._buttons).finally_(
            self._update_buttons
        ).run()

    def _sent(self, op_id: str, imp_uid: str) -> None:
        if imp_uid == self.imp_uid:  # still the same payment on screen
            self._done[op_id] = DONE_TIPS[op_id]
        self.banner.show_message(operation(op_id).statuses[200] + ".", "success")

    def _send_failed(self, op_id: str, imp_uid: str, error: BaseException) -> None:
        if isinstance(error, OutcomeUnknown) and imp_uid == self.imp_uid:
            # It may have gone through; don't invite a blind second send.
            self._done[op_id] = UNKNOWN_TIP
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.banner.show_error(error)
