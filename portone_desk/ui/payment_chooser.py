"""The small chooser shown when an order number has several payments (``order_payments.py``):
one line each, nothing picked until the agent picks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from portone_desk.ui.order_payments import PICK_TEXT, OrderChoices, Payment, choice_label


class PaymentChooser(QWidget):
    chosen = Signal(object)  # the picked Payment dict

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentChooserBox")
        self.label = QLabel()
        self.label.setObjectName("paymentChooserText")
        self.combo = QComboBox()
        self.combo.setObjectName("paymentChooser")
        self.combo.setAccessibleName("같은 주문번호의 결제 선택")
        self.combo.activated.connect(self._activated)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.combo, 1)
        self._payments: tuple[Payment, ...] = ()
        self.setVisible(False)

    def offer(self, choices: OrderChoices) -> None:
        self._payments = choices.payments
        self.combo.clear()
        self.combo.addItem(PICK_TEXT, None)
        for index, payment in enumerate(choices.payments):
            self.combo.addItem(choice_label(payment), index)
        self.combo.setCurrentIndex(0)
        self.label.setText(f"결제 {len(choices.payments)}건:")
        self.setVisible(True)

    def clear(self) -> None:
        self._payments = ()
        self.combo.clear()
        self.setVisible(False)

    def pick(self, imp_uid: str) -> None:
        """Choose the payment with ``imp_uid``, as the agent would (tests, keyboard)."""
        for index, payment in enumerate(self._payments):
            if payment.get("imp_uid") == imp_uid:
                self.combo.setCurrentIndex(index + 1)
                self._activated(index + 1)
                return
        raise KeyError(imp_uid)

    def _activated(self, row: int) -> None:
        index = self.combo.itemData(row)
        if index is None:
            return
        self.chosen.emit(self._payments[int(index)])
