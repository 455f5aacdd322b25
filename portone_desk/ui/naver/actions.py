"""The 11 order-type action buttons (enabled by the shared state rules) and the form of the chosen one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api import naver_states
from portone_desk.api.catalog import operation
from portone_desk.ui import keyboard
from portone_desk.ui.forms import OperationForm
from portone_desk.ui.style import MUTED_COLOR

# Button text per action, grouped as agents think of them (rows of the button grid).
ACTION_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "주문",
        (
            ("naverPlaceProductOrder", "발주확인"),
            ("naverShipProductOrder", "발송처리"),
            ("naverCancelProductOrder", "판매취소(환불)"),
            ("naverApproveCancelProductOrder", "취소승인"),
        ),
    ),
    (
        "반품",
        (
            ("naverRequestReturnProductOrder", "반품요청"),
            ("naverApproveReturnProductOrder", "반품승인"),
            ("naverRejectReturnProductOrder", "반품거절"),
            ("naverWithholdReturnProductOrder", "반품보류"),
            ("naverResolveReturnProductOrder", "보류해제"),
        ),
    ),
    (
        "교환",
        (
            ("naverCollectProductOrder", "교환 수거완료"),
            ("naverShipExchangedProductOrder", "교환 재발송"),
        ),
    ),
)
ACTION_LABELS: dict[str, str] = {op_id: label for _, actions in ACTION_GROUPS for op_id, label in actions}
# Money goes back to the buyer or the buyer is refused: Enter must not send these.
DANGEROUS = frozenset(
    {
        "naverCancelProductOrder",
        "naverApproveCancelProductOrder",
        "naverApproveReturnProductOrder",
        "naverRejectReturnProductOrder",
    }
)
FROM_SELECTION = ("imp_uid", "product_order_id")


class ActionPanel(QGroupBox):
    """Emits ``submit(op_id)`` when the agent wants to send the open form (or a form-less action)."""

    submit = Signal(str)
    all_orders_toggled = Signal(bool)
    form_opened = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("주문형 처리", parent)
        self.setObjectName("naverActionPanel")
        layout = QVBoxLayout(self)

        self.target = QLabel()
        self.target.setObjectName("naverTargetLabel")
        self.target.setWordWrap(True)
        layout.addWidget(self.target)
        self.all_orders = QCheckBox("이 결제의 모든 상품주문에 적용")
        self.all_orders.setObjectName("actOnAllOrders")
        self.all_orders.setToolTip(
            "선택과 관계없이 이 결제의 상품주문 전체를 처리합니다. 보내기 전에 몇 건인지 다시 확인합니다."
        )
        self.all_orders.toggled.connect(self.all_orders_toggled.emit)
        layout.addWidget(self.all_orders)

        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for row, (group, actions) in enumerate(ACTION_GROUPS):
            heading = QLabel(group)
            heading.setStyleSheet(f"color: {MUTED_COLOR};")
            grid.addWidget(heading, row, 0)
            for column, (op_id, label) in enumerate(actions, start=1):
                button = QPushButton(label)
                button.setObjectName(op_id)
                button.setAccessibleName(label)
                button.clicked.connect(lambda _c=False, op_id=op_id: self.open_action(op_id))
                grid.addWidget(button, row, column)
                self.buttons[op_id] = button
        layout.addLayout(grid)

        self.form_box = QGroupBox()
        self.form_box.setObjectName("actionFormBox")
        self._form_layout = QVBoxLayout(self.form_box)
        self.form: OperationForm | None = None
        # The paid time of the payment on screen: no event time (발송일시) may precede it.
        self.paid_at: int | None = None
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("닫기")
        self.close_button.setObjectName("closeActionForm")
        self.close_button.clicked.connect(self.close_form)
        self.send_button = QPushButton("확인 후 보내기…")
        self.send_button.setObjectName("submitAction")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._send)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.send_button)
        self._form_layout.addLayout(buttons)
        self.form_box.setVisible(False)
        layout.addWidget(self.form_box)
        layout.addStretch(1)

    # --- enabling ---------------------------------------------------------------------------

    def update_enabling(self, orders: Sequence[Mapping[str, object]], blocked: str = "") -> None:
        """Enable an action only if every target order's state accepts it; tooltips say why not."""
        table = naver_states.available(orders)
        for op_id, button in self.buttons.items():
            reason = blocked or table[op_id]
            button.setEnabled(not reason)
            title = operation(op_id).title
            if reason:
                button.setToolTip(f"{title}: 지금은 할 수 없습니다.\n{reason}")
            else:
                caveat = naver_states.RULES[op_id].caveat
                button.setToolTip(f"{title} ({len(orders)}건)" + (f"\n{caveat}" if caveat else ""))
        self.update_enabling_send()

    # --- the form ---------------------------------------------------------------------------

    def open_action(self, op_id: str) -> None:
        self.close_form()
        op = operation(op_id)
        # A child of the box from the start: a parentless form would be a window of its own.
        form = OperationForm(op, self.form_box, hidden=FROM_SELECTION, hide_irrelevant=True)
        form.setVisible(False)
        form.set_pg("naverco")
        form.set_earliest_event_time(self.paid_at)
        if not form.field_names():
            # Nothing to fill in (발주확인, 취소승인, 수거완료, 보류해제): straight to the confirmation.
            self.form = form
            self.submit.emit(op_id)
            return
        self.form = form
        self.form_box.setTitle(f"{ACTION_LABELS[op_id]} — {op.title}")
        self._form_layout.insertWidget(0, form)
        form.setVisible(True)
        self.send_button.setText(f"{ACTION_LABELS[op_id]} 확인 후 보내기…")
        self.form_box.setVisible(True)
        self.update_enabling_send()
        keyboard.chain(*form.focus_chain(), self.send_button, self.close_button)
        chain = form.focus_chain()
        if chain:
            chain[0].setFocus()
        self.form_opened.emit()

    def update_enabling_send(self) -> None:
        """The open form's send button follows its action's button (the selection may change)."""
        if self.form is None:
            return
        action = self.buttons[self.form.op.id]
        self.send_button.setEnabled(action.isEnabled())
        self.send_button.setToolTip("" if action.isEnabled() else action.toolTip())

    def close_form(self) -> None:
        if self.form is not None:
            self._form_layout.removeWidget(self.form)
            self.form.hide()
            self.form.deleteLater()
        self.form = None
        self.form_box.setVisible(False)

    def _send(self) -> None:
        if self.form is not None:
            self.submit.emit(self.form.op.id)
