"""현금영수증 tab for PortOne payments: find the payment, then issue, cancel or reissue its receipt.

Built around the agent's task (SCENARIOS 1–4, 6, 7): one search by order number or imp_uid shows
the payment and any receipt; the actions say why they are unavailable instead of letting the API
refuse; a send whose answer was lost is followed by a lookup, never by an invitation to resend.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api.catalog import OPERATIONS, RESPONSE_MODELS
from portone_desk.api.errors import OutcomeUnknown, UnsupportedPg, ValidationFailed
from portone_desk.api.timefmt import format_won
from portone_desk.ui import confirm as confirm_dialog
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import error_summary, error_text
from portone_desk.ui.order_payments import OrderChoices, one_or_choices, payments_of_order
from portone_desk.ui.payment_chooser import PaymentChooser
from portone_desk.ui.result_view import ResultView
from portone_desk.ui.shared import response_of
from portone_desk.ui.worker import BackgroundOp

from . import rules
from .base import ReceiptTabBase
from .common import (
    CHECKED_ISSUE,
    CHECKED_REVOKE,
    ISSUING_TEXT,
    NOT_ISSUED_TEXT,
    REISSUE_REASON_LABEL,
    REVOKED_TEXT,
    REVOKING_TEXT,
    ReceiptPanel,
    Rows,
    action_button,
    call_blocking,
    column,
    confirm_issue,
    confirm_revoke,
    fetch_receipt,
    identifier_hint,
    identifier_kind,
    issued_text,
    revoke_checked,
    search_box,
    settle_unknown,
    unverified_text,
    vat_row,
)
from .presenter import ReceiptPresenter
from .reissue import ReissueSteps

MODE_MERCHANT = "merchant_uid"
MODE_IMP = "imp_uid"
# In pairs, read left to right: ids, state, method, who/what, money.
PAYMENT_FIELDS = (
    "merchant_uid",
    "imp_uid",
    "status",
    "paid_at",
    "pay_method",
    "pg_provider",
    "name",
    "buyer_name",
    "amount",
    "cancel_amount",
)


class ReceiptsTab(ReceiptTabBase):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "receiptsTab", "receiptsBanner", parent)
        self.state = ReceiptPresenter()  # the payment, its receipt and what may be done: Qt-free
        self._lookup_op: BackgroundOp | None = None

        self._build()
        ctx.profile_changed.connect(self._on_profile_changed)
        self._refresh_actions()

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_mode = QComboBox()
        self.search_mode.setObjectName("searchMode")
        self.search_mode.setAccessibleName("조회 기준")
        self.search_mode.addItem("주문번호", MODE_MERCHANT)
        self.search_mode.addItem("거래고유번호(imp_uid)", MODE_IMP)
        self.search_input = search_box(
            "주문번호 또는 거래고유번호", "주문번호(예: order-1001) 또는 imp_로 시작하는 거래고유번호"
        )
        self.search_input.returnPressed.connect(self.search)
        self.search_input.textEdited.connect(self._guess_mode)
        self.search_button = QPushButton("조회")
        self.search_button.setObjectName("searchButton")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.cancel_search_button = QPushButton("취소")
        self.cancel_search_button.setObjectName("cancelSearchButton")
        self.cancel_search_button.setToolTip("조회를 그만두고 화면을 다시 쓸 수 있게 합니다")
        self.cancel_search_button.clicked.connect(self.cancel_search)
        self.cancel_search_button.setVisible(False)

        search_row = QHBoxLayout()
        search_row.addWidget(QLabel("결제 찾기"))
        search_row.addWidget(self.search_mode)
        search_row.addWidget(self.search_input, 1)
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.cancel_search_button)
        search_row.addWidget(self.busy_bar)

        # Left: what is true now (payment, receipt, reissue progress).
        self.payment_box = QGroupBox("결제 정보")
        self.payment_view = ResultView()
        self.payment_view.setObjectName("paymentView")
        QVBoxLayout(self.payment_box).addWidget(self.payment_view)
        self.payment_view.clear("주문번호나 거래고유번호로 결제를 조회하세요.")

        self.receipt_panel = ReceiptPanel("현금영수증", "Receipt")
        self.revoke_button, self.revoke_reason = self.receipt_panel.add_revoke_button(
            "revokeReceipt", "현금영수증 발급 취소"
        )
        self.revoke_button.clicked.connect(self.revoke)

        self.steps = ReissueSteps()
        self.steps.retry_button.clicked.connect(self.retry_issue)

        # Right: the new receipt's details, shared by issue and reissue.
        self.reissue_button = action_button(
            "재발급 (기존 취소 후 새로 발급)", "reissueReceipt", "현금영수증 재발급"
        )
        self.reissue_button.setToolTip(
            "현금영수증은 고칠 수 없어 기존 영수증을 취소하고 입력한 내용으로 새로 발급합니다"
        )
        self.reissue_button.clicked.connect(self.reissue)
        self._build_issue_area(
            "새 현금영수증 정보",
            "issueReceipt",
            "imp_uid",
            ("issueReceipt", "현금영수증 발급"),
            self.reissue_button,
            # Next to the form and the buttons: a half-done reissue is the thing the agent must see.
            progress=self.steps,
        )

        # An order number with several payments: the agent picks one here before anything is shown.
        self.chooser = PaymentChooser()
        self.chooser.chosen.connect(self._payment_chosen)
        self._arrange(search_row, column(self.chooser, self.payment_box, self.receipt_panel))

    def _action_widgets(self) -> list[QWidget]:
        return [
            self.search_button,
            self.chooser,
            self.issue_button,
            self.revoke_button,
            self.reissue_button,
            self.steps.retry_button,
        ]

    # --- the payment on screen ---------------------------------------------------------------

    @property
    def payment(self) -> dict[str, Any] | None:
        return self.state.payment

    @property
    def receipt(self) -> dict[str, Any] | None:
        return self.state.receipt

    @property
    def pg(self) -> str | None:
        return self.state.pg

    @property
    def imp_uid(self) -> str:
        return self.state.imp_uid

    def _key(self) -> dict[str, object]:
        return self.state.key()

    def _order_number(self) -> str:
        return self.state.order_number

    # --- search -----------------------------------------------------------------------------

    def _guess_mode(self, text: str) -> None:
        # An imp_uid pasted into the order-number box is unmistakable; switch for the agent.
        if text.strip().startswith("imp_"):
            self.search_mode.setCurrentIndex(self.search_mode.findData(MODE_IMP))

    def search(self) -> None:
        text = self.search_input.text().strip()
        if not text:
            self.banner.show_message("조회할 주문번호나 거래고유번호를 입력하세요.", "error")
            self.search_input.setFocus()
            return
        if not self._ready() or self._inflight:
            return
        mode = self.search_mode.currentData()
        self.banner.show_message("조회 중…", "info")
        ctx = self.ctx

        def work() -> dict[str, Any]:
            if mode == MODE_IMP:
                values = {"imp_uid": text, "include_sandbox": True}
                payment = response_of(call_blocking(ctx, "getPaymentByImpUid", values))
            else:
                found = one_or_choices(text, payments_of_order(ctx.service, text))
                if isinstance(found, OrderChoices):
                    return {"choices": found}  # never silently the first: the agent picks
                payment = found
            return {"payment": payment, **_receipt_of(ctx, payment)}

        self.chooser.clear()
        op = ctx.background(work).success(self._show_lookup).failure(self._lookup_failed)
        op.finally_(self._lookup_finished)
        self._lookup_op = op
        self.cancel_search_button.setVisible(True)
        self._start(op)

    def cancel_search(self) -> None:
        op, self._lookup_op = self._lookup_op, None
        if op is None:
            return
        op.cancel()  # finish() will not run, so release our own bookkeeping here
        self._lookup_finished()
        self._op_done()
        self.banner.show_message("조회를 취소했습니다.", "info")

    def _lookup_finished(self) -> None:
        self._lookup_op = None
        self.cancel_search_button.setVisible(False)

    def _lookup_failed(self, error: BaseException) -> None:
        # The previous payment must not stay on screen under a new search: issuing would hit it.
        self._forget_payment()
        self.banner.show_error(error, "결제를 찾지 못했습니다. ")

    def _payment_chosen(self, payment: dict[str, Any]) -> None:
        """The agent picked one of the order number's payments: show it with its receipt."""
        if not self._ready() or self._inflight:
            return
        ctx = self.ctx
        self.banner.show_message("조회 중…", "info")
        op = ctx.background(lambda: {"payment": payment, **_receipt_of(ctx, payment)})
        self._start(op.success(self._show_lookup).failure(self._lookup_failed))

    def _show_lookup(self, found: dict[str, Any]) -> None:
        choices = found.get("choices")
        if isinstance(choices, OrderChoices):
            self._forget_payment()
            self.chooser.offer(choices)
            self.banner.show_message(choices.message(), "warning")
            return
        payment = found["payment"] or {}
        another_payment = self.state.show_lookup(found)
        extra = [("발행 가능 금액", format_won(rules.remaining_amount(payment)))]
        if payment.get("sandbox"):
            extra.append(("테스트 채널 결제", "예"))
        self.payment_view.render(payment, RESPONSE_MODELS["Payment"], PAYMENT_FIELDS, extra=extra, columns=2)
        self._relabel_payment()
        if self.state.receipt_unknown:
            self.receipt_panel.show_unknown(self.state.receipt_unknown)
        else:
            self.receipt_panel.show_receipt(self.receipt, payment=self.payment)
        if another_payment:
            self._prepare_form(payment)
        self.banner.clear()
        self._refresh_actions()

    def _relabel_payment(self) -> None:
        """PG codes are opaque to agents: show the PG's Korean name next to the code."""
        label = self.payment_view.findChild(QLabel, "pg_provider_value")
        if label is not None and self.payment:
            label.setText(rules.pg_label(self.payment.get("pg_provider")))

    def _prepare_form(self, payment: dict[str, Any]) -> None:
        """A new payment: fresh form, its PG's required fields marked, buyer details carried over."""
        self.form.reset()
        self.form.set_values({"imp_uid": payment.get("imp_uid")})
        self.form.set_pg(self.pg)
        carry = {k: payment.get(k) for k in ("buyer_name", "buyer_email", "buyer_tel") if payment.get(k)}
        self.form.set_values(carry)
        self.steps.reset()
        self._on_form_changed()

    # --- state of the buttons -------------------------------------------------------------------

    def _refresh_actions(self) -> None:
        shown = self.state.actions(busy=self._inflight > 0, has_profile=self.ctx.has_profile)
        self.search_button.setEnabled(shown.search)
        self.issue_button.setEnabled(shown.issue)
        self.revoke_button.setEnabled(shown.revoke)
        self.reissue_button.setEnabled(shown.reissue)
        self.steps.retry_button.setEnabled(shown.retry)
        self.form.setEnabled(shown.form)
        self.issue_reason.setText(shown.issue_hint)
        self.issue_reason.setVisible(bool(shown.issue_hint))
        self.issue_button.setToolTip(shown.issue_tip)
        self.revoke_button.setToolTip(shown.revoke_tip)
        self.reissue_button.setToolTip(shown.reissue_tip or self.reissue_button.toolTip())
        self.revoke_reason.setText(shown.revoke_hint)
        self.revoke_reason.setVisible(bool(shown.revoke_hint))
        self.reissue_button.setVisible(shown.reissue_visible)

    def _on_profile_changed(self) -> None:
        # Another shop's data must not linger on screen.
        self.chooser.clear()
        self._forget_payment()
        self.banner.clear()

    def _forget_payment(self) -> None:
        self.state.forget()
        self.payment_view.clear("주문번호나 거래고유번호로 결제를 조회하세요.")
        self.receipt_panel.show_receipt(None)
        self.form.reset()
        self.steps.reset()
        self._refresh_actions()

    def _on_form_changed(self) -> None:
        values = self.form.values()
        amount = self.state.remaining_amount
        self.vat_preview.update_for(amount, values.get("tax_free"))
        self.identifier_hint.setText(identifier_hint(values.get("identifier")))
        self._autofill_identifier_type(values)

    def _autofill_identifier_type(self, values: dict[str, object]) -> None:
        """Some PGs need 식별정보 구분 spelled out; fill it from the number when it is unambiguous."""
        field = OPERATIONS["issueReceipt"].field("identifier_type")
        if values.get("identifier_type") or self.pg not in field.required_for_pgs:
            return
        kind = identifier_kind(values.get("identifier"))
        if kind:
            self.form.set_values({"identifier_type": kind})

    # --- issue ------------------------------------------------------------------------------

    def _issue_rows(self, values: dict[str, object]) -> Rows:
        assert self.payment is not None
        amount = self.state.remaining_amount
        rows = [
            *self._key_rows(),
            ("PG사", rules.pg_label(self.pg)),
            ("발행 금액", format_won(amount)),
            vat_row(amount, values.get("tax_free")),
        ]
        return rows + self.form.summary()

    def issue(self) -> None:
        values = self._checked_values(self.state.issue_reason())
        if values is not None and confirm_issue(self, "현금영수증 발급 확인", self._issue_rows(values)):
            self._send_issue(values)

    def _send_issue(self, values: dict[str, object], *, reissue: bool = False) -> None:
        op = self._send("issueReceipt", values, ISSUING_TEXT)
        op.success(lambda result: self._issued(response_of(result), reissue))
        op.failure(lambda error: self._issue_failed(error, values, reissue))
        self._start(op)

    def _issued(self, receipt: dict[str, Any], reissue: bool) -> None:
        self.state.issued(receipt, reissue)
        self.receipt_panel.show_receipt(self.receipt, payment=self.payment)
        number = (receipt or {}).get("apply_num", "")
        if reissue:
            self.steps.issue_done(str(number))
            self.banner.show_message(
                "재발급을 마쳤습니다. 기존 영수증을 취소하고 새 영수증을 발급했습니다 "
                f"(국세청 발행번호 {number}).",
                "success",
            )
        else:
            self.banner.show_message(issued_text(number), "success")

    def _issue_failed(self, error: BaseException, values: dict[str, object], reissue: bool) -> None:
        if isinstance(error, OutcomeUnknown):
            self._verify_issue(values, reissue, error)
            return
        if isinstance(error, ValidationFailed):
            self.form.show_issues(error.issues)
        self.state.issue_not_done(values, reissue)
        if reissue:
            self.steps.issue_failed(error_summary(error))
            self.banner.show_message(
                "기존 영수증은 취소되었지만 새 영수증 발급에 실패했습니다. "
                "내용을 확인하고 '새 영수증만 다시 발급'을 누르세요.\n" + error_text(error),
                "error",
            )
            return
        self.banner.show_error(error, "발급하지 못했습니다. ")

    def _verify_issue(self, values: dict[str, object], reissue: bool, lost: BaseException) -> None:
        """The answer was lost: look the receipt up and show the truth instead of inviting a resend."""
        op = self._recheck("getReceipt", self._key(), "발급")

        def checked(receipt: dict[str, Any] | None) -> None:
            self.state.receipt_checked(receipt)
            issued = rules.is_active(receipt)
            settle_unknown(self.ctx, lost, "ok" if issued else "failed", CHECKED_ISSUE[issued])
            if issued:
                self._issued(receipt or {}, reissue)
                self.banner.show_message(
                    "발급 여부를 확인했습니다: 발급됨. 응답이 늦었을 뿐 현금영수증은 발급되었습니다 "
                    f"(국세청 발행번호 {(receipt or {}).get('apply_num', '')}). 다시 발급하지 마세요.",
                    "success",
                )
                return
            self.receipt_panel.show_receipt(receipt)
            text = NOT_ISSUED_TEXT
            self.state.issue_not_done(values, reissue)
            if reissue:
                self.steps.issue_failed("발급되지 않음 (응답 없음 후 확인)")
                text = "기존 영수증은 취소되었지만 새 영수증 발급에 실패했습니다. " + text
            self.banner.show_message(text, "warning")

        def unverifiable(error: BaseException) -> None:
            text = unverified_text("발급")
            self.state.issue_unverifiable(text)
            self.receipt_panel.show_unknown(text)
            self.banner.show_message(text + "\n" + error_text(error), "warning")

        self._start(op.success(checked).failure(unverifiable))

    # --- cancel -----------------------------------------------------------------------------

    def _key_rows(self) -> Rows:
        return [("주문번호", self._order_number()), ("거래고유번호", self.imp_uid)]

    def _receipt_rows(self) -> Rows:
        return self._key_rows() + self.receipt_panel.summary_rows()

    def revoke(self) -> None:
        if not self._may_act(self.state.revoke_reason()):
            return
        answer = confirm_revoke(self, "현금영수증 발급 취소 확인", self._receipt_rows())
        if answer is None:
            return
        op = self._send("revokeReceipt", self._key(), REVOKING_TEXT, note=answer.note)
        op.success(lambda result: self._revoked(response_of(result)))
        op.failure(self._revoke_failed)
        self._start(op)

    def _revoked(self, receipt: dict[str, Any] | None) -> None:
        self.state.revoked(receipt)
        self.receipt_panel.show_receipt(self.receipt, payment=self.payment)
        self.banner.show_message(REVOKED_TEXT, "success")

    def _revoke_failed(self, error: BaseException) -> None:
        if isinstance(error, OutcomeUnknown):
            self._verify_revoke(then_issue=None, lost=error)
            return
        self.banner.show_error(error, "발급을 취소하지 못했습니다. ")

    def _verify_revoke(self, then_issue: dict[str, object] | None, lost: BaseException) -> None:
        op = self._recheck("getReceipt", self._key(), "취소")

        def checked(receipt: dict[str, Any] | None) -> None:
            self.state.receipt_checked(receipt)
            self.receipt_panel.show_receipt(receipt)
            cancelled, text = revoke_checked(receipt)
            settle_unknown(self.ctx, lost, "ok" if cancelled else "failed", CHECKED_REVOKE[cancelled])
            if cancelled:
                self.state.revoke_confirmed()
                self.banner.show_message(text, "success")
                if then_issue is not None:
                    self.steps.cancel_done()
                    self._send_issue(then_issue, reissue=True)
                return
            if then_issue is not None:
                self.steps.cancel_failed("취소되지 않음 (응답 없음 후 확인)")
            self.banner.show_message(text, "warning")

        def unverifiable(error: BaseException) -> None:
            self.banner.show_message(unverified_text("취소") + "\n" + error_text(error), "warning")

        self._start(op.success(checked).failure(unverifiable))

    # --- reissue ----------------------------------------------------------------------------

    def reissue(self) -> None:
        values = self._checked_values(self.state.reissue_reason())
        if values is None:
            return
        answer = confirm_dialog.confirm(
            self,
            "현금영수증 재발급 확인",
            [
                ("① 취소할 기존 영수증", self._receipt_rows()),
                ("② 새로 발급할 내용", [r for r in self._issue_rows(values) if r not in self._key_rows()]),
            ],
            message=(
                "기존 현금영수증을 취소한 뒤 새 내용으로 발급합니다. 두 단계의 결과를 각각 알려 드립니다."
            ),
            ok_text="취소 후 새로 발급",
            danger=True,
            note_label=REISSUE_REASON_LABEL,
            note_required=True,
        )
        if answer is None:
            return
        self.steps.start(str((self.receipt or {}).get("apply_num", "")))
        op = self._send(
            "revokeReceipt", self._key(), "1단계: 기존 현금영수증을 취소하는 중…", note=answer.note
        )

        def cancelled(result: Any) -> None:
            self._revoked(response_of(result))
            self.steps.cancel_done()
            self.banner.show_message(
                "1단계 완료: 기존 영수증을 취소했습니다. 2단계: 새 영수증을 발급하는 중…", "info"
            )
            self._send_issue(values, reissue=True)

        def cancel_failed(error: BaseException) -> None:
            if isinstance(error, OutcomeUnknown):
                self._verify_revoke(then_issue=values, lost=error)
                return
            self.steps.cancel_failed(error_summary(error))
            self.banner.show_error(
                error, "기존 영수증을 취소하지 못해 재발급을 멈췄습니다. 새 영수증은 발급하지 않았습니다.\n"
            )

        self._start(op.success(cancelled).failure(cancel_failed))

    def retry_issue(self) -> None:
        """After a reissue whose second step failed: issue again with the (possibly corrected) form,
        behind the same guard as a normal issue (no active or unknown receipt on the payment)."""
        if self.state.pending_issue is None:
            return
        values = self._checked_values(self.state.issue_reason())
        if values is None:
            return
        self.state.pending_issue = values
        self.steps.retrying()
        self._send_issue(values, reissue=True)


def _receipt_of(ctx: DeskContext, payment: dict[str, Any]) -> dict[str, Any]:
    """The payment's receipt, in the background; a PG that cannot be asked is said plainly."""
    uid = payment.get("imp_uid")
    pg = payment.get("pg_provider")
    if payment.get("pay_method") not in rules.CASH_METHODS:
        return {"receipt": None}  # cards have no cash receipt: nothing to ask
    try:
        return {"receipt": fetch_receipt(ctx, "getReceipt", {"imp_uid": uid}, rules.pg_of(payment))}
    except UnsupportedPg:
        issued = "예" if payment.get("cash_receipt_issued") else "아니오"
        return {
            "receipt": None,
            "receipt_unknown": (
                f"이 PG사({rules.pg_label(pg)})는 포트원에서 현금영수증 조회를 지원하지 않습니다. "
                f"결제내역 기준 발급 여부: {issued}"
            ),
        }
    except Exception as error:  # the payment itself was found; say what we could not learn
        return {
            "receipt": None,
            "receipt_unknown": "현금영수증 발급 여부를 확인하지 못했습니다. 다시 조회하세요.\n"
            + error_text(error),
            "unknown_blocks": True,
        }
