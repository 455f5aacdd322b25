"""What both receipt tabs do the same way: the issue column, one busy state for every action, the
guard before an action, the audited send and the lookup after a lost answer.

Each tab keeps its own flows (search → issue → cancel) and says what differs: its key (imp_uid or
merchant_uid), its operations, the PortOne payment and PG rules, the external channel key. The
answers to a send stay in the tabs: their wording and follow-ups differ (a reissue's second step,
a payment marked as having a receipt), and sharing them would take a flag per difference.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from portone_desk.api.catalog import OPERATIONS
from portone_desk.api.identifiers import NTS_SELF_ISSUE_NUMBER
from portone_desk.ui import keyboard
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner
from portone_desk.ui.forms import OperationForm
from portone_desk.ui.shared import NO_PROFILE_TEXT
from portone_desk.ui.worker import BackgroundOp

from .common import (
    VatPreview,
    action_button,
    busy_indicator,
    call_blocking,
    fetch_receipt,
    primary,
    reason_label,
    scrolling,
)


class ReceiptTabBase(QWidget):
    def __init__(self, ctx: DeskContext, object_name: str, banner_name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.ctx = ctx
        self._inflight = 0
        self.banner = ErrorBanner(object_name=banner_name)
        self.busy_bar = busy_indicator()

    # --- what each tab says ---------------------------------------------------------------------

    def _order_number(self) -> str:
        """The shop's order number for the activity log when the key does not carry it."""
        return ""

    def _key(self) -> dict[str, object]:
        """The identifier on screen as the API names it: ``{"imp_uid": …}`` or ``{"merchant_uid": …}``."""
        raise NotImplementedError

    @property
    def pg(self) -> str | None:
        """The PG the calls are checked against; only PortOne payments have one."""
        return None

    def _action_widgets(self) -> list[QWidget]:
        """Disabled while anything runs (no double submit)."""
        raise NotImplementedError

    def _refresh_actions(self) -> None:
        raise NotImplementedError

    def _on_form_changed(self) -> None:
        raise NotImplementedError

    def issue(self) -> None:
        raise NotImplementedError

    # --- layout ---------------------------------------------------------------------------------

    def _build_issue_area(
        self,
        title: str,
        op_id: str,
        key: str,
        button: tuple[str, str],
        *more: QPushButton,
        progress: QWidget | None = None,
    ) -> None:
        """The right column: the new receipt's form (its key comes from the search, so it is
        hidden), ``progress`` right under it, the hints and the buttons (``button``: object and
        accessible name of the issue button, ``more``: buttons beside it)."""
        self.form = OperationForm(OPERATIONS[op_id], hidden=(key,))
        self.form.changed.connect(self._on_form_changed)
        self.vat_preview = VatPreview()
        self.identifier_hint = QLabel()
        self.identifier_hint.setObjectName("identifierHint")
        self.identifier_hint.setWordWrap(True)
        # Scenario 4: a large cash sale where the customer gave nothing goes to the NTS number.
        self.self_issue_button = QPushButton(f"자진발급 번호 넣기 ({NTS_SELF_ISSUE_NUMBER})")
        self.self_issue_button.setObjectName("selfIssueNumber")
        self.self_issue_button.setToolTip(
            "고객이 번호를 주지 않은 10만 원 이상 현금거래: 국세청 자진발급번호로 발급합니다."
        )
        self.self_issue_button.clicked.connect(self.use_self_issue_number)
        self.issue_reason = reason_label("issueReason")
        self.issue_button = action_button("발급", *button)
        self.issue_button.clicked.connect(self.issue)
        primary(self.issue_button)
        buttons = QHBoxLayout()
        for widget in (self.issue_button, *more):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.form_box = QGroupBox(title)
        right = QVBoxLayout(self.form_box)
        right.addWidget(scrolling(self.form), 1)
        if progress is not None:
            right.addWidget(progress)
        right.addWidget(self.identifier_hint)
        right.addWidget(self.self_issue_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.vat_preview)
        right.addWidget(self.issue_reason)
        right.addLayout(buttons)

    def _arrange(self, search_row: QHBoxLayout, left: QWidget) -> None:
        """Search on top, the banner under it, then what is true now (left) beside the form."""
        columns = QHBoxLayout()
        columns.addWidget(left, 1)
        columns.addWidget(self.form_box, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(search_row)
        outer.addWidget(self.banner)
        outer.addLayout(columns, 1)
        # Tab from the search box goes straight to the new receipt's fields, then its buttons.
        searching = (
            getattr(self, "search_button", None),
            getattr(self, "lookup_button", None),
            self.issue_button,
        )
        buttons = [w for w in self._action_widgets() if isinstance(w, QPushButton) and w not in searching]
        keyboard.chain(self.search_box(), *self.form.focus_chain(), self.issue_button, *buttons)

    def use_self_issue_number(self) -> None:
        """The NTS self-issue number as the identifier (010-000-1234), 소득공제용 as NTS asks."""
        self.form.set_values({"identifier": NTS_SELF_ISSUE_NUMBER, "type": "person"})
        widget = self.form.widget("identifier")
        if widget is not None:
            widget.setFocus()

    # --- the keyboard map (ui/keyboard.py) ------------------------------------------------------

    def search_box(self) -> QWidget | None:
        return getattr(self, "search_input", None)

    def repeat_lookup(self) -> bool:
        box = self.search_box()
        if not isinstance(box, QLineEdit) or not box.text().strip():
            return False
        box.returnPressed.emit()  # exactly what Enter in the box does
        return True

    def submit_form(self) -> bool:
        """Ctrl+Enter: the new receipt to its confirmation, when 발급 may be pressed now."""
        if not self.issue_button.isEnabled():
            return False
        self.issue_button.click()
        return True

    def receipt_url(self) -> str:
        receipt: dict[str, Any] = getattr(self, "receipt", None) or {}  # each tab keeps its own
        return str(receipt.get("receipt_url") or "") if not receipt.get("cancelled_at") else ""

    # --- running calls --------------------------------------------------------------------------

    def _start(self, op: BackgroundOp) -> BackgroundOp:
        """Run with every action disabled until it (and anything it chains) is done."""
        self._inflight += 1
        self.busy_bar.setVisible(True)
        op.busy(self._action_widgets()).finally_(self._op_done).run()
        self._refresh_actions()
        return op

    def _op_done(self) -> None:
        self._inflight = max(self._inflight - 1, 0)
        self.busy_bar.setVisible(self._inflight > 0)
        self._refresh_actions()

    def _ready(self) -> bool:
        if not self.ctx.has_profile:
            self.banner.show_message(NO_PROFILE_TEXT, "error")
            return False
        return True

    def _may_act(self, reason: str) -> bool:
        """Whether an action may go ahead now; why it may not is said in the banner."""
        if reason:
            self.banner.show_message(reason, "warning")
            return False
        return self._ready() and not self._inflight

    def _checked_values(self, reason: str) -> dict[str, object] | None:
        """The form's values for an issue when it may go ahead and they pass the catalog checks;
        otherwise None, with the issues shown at their fields and nothing sent."""
        if not self._may_act(reason):
            return None
        self.form.set_values(self._key())
        if not self.form.validate(self.pg):
            self.banner.show_message("입력값을 확인해 주세요. 요청은 보내지 않았습니다.", "error")
            return None
        return self.form.values()

    def _send(self, op_id: str, values: dict[str, object], text: str, note: str = "") -> BackgroundOp:
        """One audited call in the background (not started: the caller adds its answers)."""
        ctx, pg, order = self.ctx, self.pg, self._order_number()
        self.banner.show_message(text, "info")
        return ctx.background(lambda: call_blocking(ctx, op_id, values, pg, note=note, merchant_uid=order))

    def _recheck(self, op_id: str, key: dict[str, object], action: str) -> BackgroundOp:
        """The answer was lost: look the receipt up (never send again); not started."""
        ctx, pg = self.ctx, self.pg
        self.banner.show_message(f"응답을 받지 못해 {action} 여부를 확인하는 중입니다…", "warning")
        return ctx.background(lambda: fetch_receipt(ctx, op_id, key, pg))
