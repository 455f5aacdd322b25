"""네이버페이 주문 tab: find a payment's product orders, act on the selected ones, see per-order results.

Order-type (naverco) actions always send the selected product order ids explicitly: the API acts on
every order of the payment when the list is left out, so "all orders" is a separate, confirmed
choice that still sends the full list. Payment-type (naverpay) operations and reviews have their
own pages. Which actions are enabled comes from ``api.naver_states``, the table the sandbox shares.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api.catalog import PRODUCT_ORDER_STATUSES
from portone_desk.api.client import ApiResult
from portone_desk.api.errors import ApiError, OutcomeUnknown, ValidationFailed
from portone_desk.ui import confirm, keyboard
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner
from portone_desk.ui.naver.actions import ACTION_LABELS, DANGEROUS, ActionPanel
from portone_desk.ui.naver.detail import OrderDetail
from portone_desk.ui.naver.orders_model import ID_ROLE, OrdersModel, product_text, sorting_proxy
from portone_desk.ui.naver.partial import PartialResultView
from portone_desk.ui.naver.payment_panel import PaymentPanel
from portone_desk.ui.naver.presenter import (
    NAVERCO,
    NAVERPAY,
    NOTHING_TO_LOOK_UP,
    Found,
    NaverPresenter,
    confirm_message,
    done_message,
    fetch,
    is_imp_uid,
    orders_for,
    owner_text,
    paid_at,
    partial_message,
    refund_rows,
)
from portone_desk.ui.naver.reviews import ReviewsPanel
from portone_desk.ui.order_payments import OrderChoices
from portone_desk.ui.payment_chooser import PaymentChooser
from portone_desk.ui.shared import NO_PROFILE_TEXT, label_of

__all__ = ["NaverTab", "is_imp_uid"]

# The activity log's name for "the agent looked at a buyer's phone number".
REVEAL_OP = "revealBuyerPhone"
NOTE_LABEL = "메모 (처리 내역에만 남고 네이버페이로 보내지 않습니다, 선택)"
ORDERS_PAGE, PAYMENT_PAGE, REVIEWS_PAGE = 0, 1, 2
PAYMENT_KEY_HINT = "주문번호 또는 거래고유번호(imp_…)"


class NaverTab(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NaverTab")
        self.ctx = ctx
        self.state = NaverPresenter()  # the payment and orders on screen, and what may be done: Qt-free
        self._pending_order_id = ""  # the product order typed with an order number that needs a choice

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_lookup_row())
        self.chooser = PaymentChooser()
        self.chooser.chosen.connect(self._payment_chosen)
        layout.addWidget(self.chooser)
        self.payment_summary = QLabel()
        self.payment_summary.setObjectName("naverPaymentSummary")
        self.payment_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.payment_summary)
        self.banner = ErrorBanner(object_name="naverBanner")
        layout.addWidget(self.banner)

        self.sections = QTabWidget()
        self.sections.setObjectName("naverSections")
        self.sections.addTab(self._build_orders_page(), "주문형 상품주문")
        self.payment_panel = PaymentPanel(ctx, self.banner)
        self.sections.addTab(self.payment_panel, "결제형 (포인트·구매확정·현금영수증)")
        self.reviews = ReviewsPanel(ctx, self.banner)
        self.sections.addTab(self.reviews, "구매평 조회")
        layout.addWidget(self.sections, 1)

        ctx.profile_changed.connect(self._profile_changed)
        self._update_actions()
        # Tab reads the screen: search, the table (Tab leaves it), then what to do with the rows.
        keyboard.chain(
            self.imp_input,
            self.order_input,
            self.lookup_button,
            self.table,
            self.panel.all_orders,
            *self.panel.buttons.values(),
        )

    # --- the keyboard map (ui/keyboard.py) ---------------------------------------------------------

    def search_box(self) -> QWidget:
        return self.imp_input

    def repeat_lookup(self) -> bool:
        if not (self.imp_input.text().strip() or self.order_input.text().strip()):
            return False
        self.lookup()
        return True

    def submit_form(self) -> bool:
        """Ctrl+Enter: the open action form to its confirmation."""
        if self.panel.form is None or not self.panel.send_button.isEnabled():
            return False
        self.panel.send_button.click()
        return True

    def close_form(self) -> bool:
        if self.panel.form is None:
            return False
        self.panel.close_form()
        self.table.setFocus()
        return True

    # --- building ---------------------------------------------------------------------------------

    def _build_lookup_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.imp_input = QLineEdit()
        self.imp_input.setObjectName("naverImpUid")
        # Agents usually have the shop's order number; an imp_ prefix marks PortOne's own id.
        self.imp_input.setAccessibleName("주문번호 또는 포트원 거래고유번호")
        self.imp_input.setPlaceholderText(PAYMENT_KEY_HINT)
        self.imp_input.setToolTip(
            "쇼핑몰 주문번호(예: order-1001)나 imp_로 시작하는 포트원 거래고유번호를 넣으세요."
        )
        self.order_input = QLineEdit()
        self.order_input.setObjectName("naverProductOrderId")
        self.order_input.setAccessibleName("상품주문번호")
        self.order_input.setPlaceholderText("상품주문번호 (선택)")
        self.order_input.setToolTip(
            "주문번호·거래고유번호 없이 상품주문번호만 넣으면 그 주문 하나를 조회합니다."
        )
        self.lookup_button = QPushButton("조회")
        self.lookup_button.setObjectName("naverLookupButton")
        self.lookup_button.setDefault(True)
        self.lookup_button.clicked.connect(self.lookup)
        self.imp_input.returnPressed.connect(self.lookup)
        self.order_input.returnPressed.connect(self.lookup)
        row.addWidget(QLabel("주문번호·거래고유번호"))
        row.addWidget(self.imp_input, 2)
        row.addWidget(QLabel("상품주문번호"))
        row.addWidget(self.order_input, 1)
        row.addWidget(self.lookup_button)
        return row

    def _build_orders_page(self) -> QWidget:
        self.model = OrdersModel(self)
        self.proxy = sorting_proxy(self.model)
        self.table = QTableView()
        self.table.setObjectName("naverOrdersTable")
        self.table.setAccessibleName("상품주문 목록")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Click, Ctrl+click and Shift+click: several product orders (one box) can be handled at once.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = OrderDetail()
        self.detail.reveal_requested.connect(self.reveal_buyer_phone)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setWidget(self.detail)

        self.panel = ActionPanel()
        self.panel.submit.connect(self.send_action)
        self.panel.all_orders_toggled.connect(self._all_orders_toggled)
        self.partial = PartialResultView()
        self.partial.reselect_failed.connect(self.reselect)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        # The per-order outcome sits above the buttons so a partial failure is seen at once.
        right_layout.addWidget(self.partial)
        right_layout.addWidget(self.panel)
        right_layout.addStretch(1)
        right_scroll = QScrollArea()
        right_scroll.setWidgetResizable(True)
        right_scroll.setWidget(right)
        self._right_scroll = right_scroll

        # The actions get the full height beside the orders, so a chosen action's form and its
        # send button are on screen at once at 1366×768 (below the table they fell off the fold);
        # the table and the selected order's detail share the left.
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(detail_scroll)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setSizes([300, 200])  # proportions: the table a little taller than the detail
        page = QSplitter(Qt.Orientation.Horizontal)
        page.setObjectName("naverOrdersPage")
        page.addWidget(left)
        page.addWidget(right_scroll)
        page.setStretchFactor(0, 3)
        page.setStretchFactor(1, 2)
        page.setSizes([550, 450])
        page.setChildrenCollapsible(False)
        self.panel.form_opened.connect(lambda: self._right_scroll.ensureWidgetVisible(self.panel.send_button))
        return page

    @property
    def imp_uid(self) -> str:
        """The payment the table belongs to ("" after a product-order-only lookup)."""
        return self.state.imp_uid

    @property
    def payment(self) -> dict[str, Any] | None:
        return self.state.payment

    # --- lookup -----------------------------------------------------------------------------------

    def lookup(self) -> None:
        key, order_id = self.imp_input.text().strip(), self.order_input.text().strip()
        if not key and not order_id:
            self.banner.show_message(NOTHING_TO_LOOK_UP, "error")
            self.imp_input.setFocus()
            return
        if not self.ctx.has_profile:
            self.banner.show_message(NO_PROFILE_TEXT, "error")
            return
        self.banner.show_message("조회하는 중…", "info")
        # A new lookup: nothing of the last customer stays on screen while (or if not) it loads.
        self.state.forget()
        self._clear_panels()
        self.payment_summary.setText(f"조회 중: {key or order_id}")
        self._load(key, order_id, quiet=False, select=[order_id] if order_id else None)

    def _clear_panels(self) -> None:
        """Every panel that shows one payment or product order, empty."""
        self.partial.clear()
        self.chooser.clear()
        self.panel.close_form()
        self.panel.all_orders.setChecked(False)
        self.panel.paid_at = None
        self.model.set_orders([])
        self.payment_summary.clear()
        self.payment_panel.set_payment("", None)
        self.detail.set_owner("")
        self._selection_changed()

    def refresh(self) -> None:
        """Reload the same payment after an action; the selection is kept by product order id."""
        if self.state.can_refresh:
            self._load(*self.state.lookup_inputs, quiet=True)

    def _load(self, key: str, order_id: str, *, quiet: bool, select: list[str] | None = None) -> None:
        """Look up by ``key`` (an imp_uid, or the shop's order number) or, without it, one product order."""
        service = self.ctx.service

        def loaded(found: Found | OrderChoices) -> None:
            if isinstance(found, OrderChoices):
                self._offer_choices(found, order_id)
                return
            if not quiet:  # a refresh after an action keeps the choice on screen
                self.chooser.clear()
            self.state.loaded(found, order_id)
            self._loaded(quiet=quiet, select=select)

        self.state.start_lookup(key, order_id)
        self.ctx.background(lambda: fetch(service, key, order_id)).success(loaded).failure(
            lambda error: self._lookup_failed(error, quiet)
        ).busy(self.lookup_button).run()

    def _offer_choices(self, choices: OrderChoices, order_id: str) -> None:
        """Several payments under the order number: nothing on screen until the agent picks one."""
        self._clear_payment()
        self._pending_order_id = order_id
        self.chooser.offer(choices)
        self.banner.show_message(choices.message(), "warning")

    def _payment_chosen(self, payment: dict[str, Any]) -> None:
        service, order_id = self.ctx.service, self._pending_order_id

        def loaded(found: Found) -> None:
            self.state.loaded(found, order_id)
            self._loaded(quiet=False, select=[order_id] if order_id else None)

        self.banner.show_message("조회하는 중…", "info")
        self.ctx.background(lambda: orders_for(service, payment)).success(loaded).failure(
            lambda error: self._lookup_failed(error, False)
        ).busy([self.lookup_button, self.chooser]).run()

    def _loaded(self, *, quiet: bool, select: list[str] | None) -> None:
        keep = select if select is not None else self.selected_ids()
        all_checked = self.panel.all_orders.isChecked()
        state = self.state
        self.panel.paid_at = paid_at(state.payment, state.orders)
        self.model.set_orders(state.orders)
        self.table.resizeColumnsToContents()
        self._limit_column_widths()
        self.payment_summary.setText(state.summary())
        self.payment_panel.set_payment(state.imp_uid, state.payment)
        pg = state.pg
        self.sections.setTabEnabled(ORDERS_PAGE, pg != NAVERPAY)
        self.sections.setTabEnabled(PAYMENT_PAGE, pg == NAVERPAY)
        if pg == NAVERPAY:
            self.sections.setCurrentIndex(PAYMENT_PAGE)
        elif pg == NAVERCO:
            self.sections.setCurrentIndex(ORDERS_PAGE)
        if all_checked:
            self.table.selectAll()
        else:
            self.select_ids(keep or [])
        # A model reset drops the selection without a signal: redraw what depends on it.
        self.detail.set_owner(owner_text(state.payment))
        self._selection_changed()
        if not quiet:
            self.banner.show_message(*state.lookup_message())

    def _lookup_failed(self, error: BaseException, quiet: bool) -> None:
        prefix = "처리 후 상품주문을 다시 불러오지 못했습니다.\n" if quiet else ""
        if quiet and self.banner.kind in ("success", "warning"):
            # Keep the action's outcome on screen; add the refresh problem under it.
            self.banner.show_message(f"{self.banner.text()}\n\n{prefix}{error}", "warning")
            return
        self.banner.show_error(error, prefix)

    def _limit_column_widths(self) -> None:
        # Long addresses and memos would push the statuses off screen; their tooltips show all.
        for column in range(self.model.columnCount()):
            if self.table.columnWidth(column) > 260:
                self.table.setColumnWidth(column, 260)

    def _clear_payment(self) -> None:
        self.state.forget()
        self.model.set_orders([])
        self.payment_summary.clear()
        self.payment_panel.set_payment("", None)
        self.detail.set_owner("")
        self.panel.paid_at = None
        self._update_actions()

    def _profile_changed(self) -> None:
        self.state.forget()
        self._clear_panels()
        self.banner.clear()

    # --- selection --------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        """Selected product order ids, in table order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [str(self.proxy.index(row, 0).data(ID_ROLE)) for row in rows]

    def select_ids(self, ids: list[str]) -> None:
        selection = QItemSelection()
        for oid in ids:
            row = self.model.row_of(oid)
            if row >= 0:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)
        if not selection.isEmpty():
            self.table.scrollTo(selection.indexes()[0])

    def target_orders(self) -> list[dict[str, Any]]:
        """The orders an action applies to: every order of the payment, or the selected ones."""
        # In the table's current order, so the confirmation and results read like the screen.
        if self.panel.all_orders.isChecked():
            ids = [str(self.proxy.index(row, 0).data(ID_ROLE)) for row in range(self.proxy.rowCount())]
        else:
            ids = self.selected_ids()
        return [self.model.order_at(self.model.row_of(oid)) for oid in ids]

    def _selection_changed(self, *_: object) -> None:
        if self.panel.all_orders.isChecked() and len(self.selected_ids()) != self.model.rowCount():
            self.panel.all_orders.setChecked(False)  # the agent picked rows again: back to the selection
        ids = self.selected_ids()
        first = self.model.order_at(self.model.row_of(ids[0])) if ids else None
        self.detail.show_order(first, self.imp_uid, len(ids))
        self._update_actions()

    def _all_orders_toggled(self, checked: bool) -> None:
        if checked:
            self.table.selectAll()
        self._update_actions()

    def reselect(self, ids: list[str]) -> None:
        """Select only the given (failed) orders for a retry."""
        self.panel.all_orders.setChecked(False)
        self.select_ids(ids)
        self.banner.show_message(f"실패한 상품주문 {len(ids)}건만 다시 선택했습니다.", "info")

    def _update_actions(self) -> None:
        targets = self.target_orders()
        self.panel.update_enabling(targets, self.state.blocked_reason(self.ctx.has_profile))
        self.panel.target.setText(self.state.target_text(len(targets), self.panel.all_orders.isChecked()))
        self.panel.all_orders.setEnabled(self.state.may_target_all)
        self.panel.all_orders.setText(f"이 결제의 모든 상품주문에 적용 ({self.model.rowCount()}건)")
        if self.isVisible() and QApplication.focusWidget() is None:
            # The pressed button went off (done, or no longer allowed): keep the keyboard here.
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- actions ----------------------------------------------------------------------------------

    def send_action(self, op_id: str) -> None:
        form = self.panel.form
        if form is None or form.op.id != op_id:
            return
        orders = self.target_orders()
        reason = self.state.why_not(op_id, orders, self.ctx.has_profile)
        if reason:
            self.banner.show_message(reason, "error")
            return
        ids = [str(o["product_order_id"]) for o in orders]
        # Always the explicit list: an omitted product_order_id means "every order" to the API.
        form.set_values({"imp_uid": self.imp_uid, "product_order_id": ids})
        if not form.validate(NAVERCO):
            return
        values = form.values()
        if values.get("product_order_id") != ids:
            raise AssertionError("product_order_id must be the explicit target list")
        label = ACTION_LABELS[op_id]
        all_orders = self.panel.all_orders.isChecked()
        answer = confirm.confirm(
            self,
            form.op.title,
            self._confirm_sections(form, orders),
            message=confirm_message(label, len(ids), all_orders),
            ok_text=f"{label} 보내기",
            danger=all_orders or op_id in DANGEROUS,
            note_label=NOTE_LABEL,
        )
        if answer is None:
            return
        self.banner.show_message(f"{label} 요청을 보내는 중… ({len(ids)}건)", "info")
        self.partial.clear()
        order_number = self.state.order_number
        self.ctx.call_op(
            op_id, values, pg=NAVERCO, note=answer.note, product_order_ids=ids, merchant_uid=order_number
        ).success(lambda result: self._action_done(op_id, ids, result)).failure(
            lambda error: self._action_failed(op_id, ids, error)
        ).busy(self.panel).run()

    def reveal_buyer_phone(self, product_order_id: str) -> None:
        """Show the buyer's numbers of one order in full, once the reveal is in the activity log."""
        if not self.ctx.has_profile or not product_order_id:
            return
        service, imp_uid, order_number = self.ctx.service, self.imp_uid, self.state.order_number
        self.ctx.background(
            lambda: service.record_reveal(REVEAL_OP, imp_uid, order_number, product_order_id)
        ).success(lambda _: self.detail.reveal(product_order_id)).failure(
            lambda error: self.banner.show_error(error, "연락처를 보여 주지 못했습니다 (기록 실패). ")
        ).run()

    def _confirm_sections(self, form: Any, orders: list[dict[str, Any]]) -> list:
        """Which orders, whose, what goes back to the buyer, what was entered: each fact once."""
        payment = self.payment or {}
        who = [
            ("주문번호", str(payment.get("merchant_uid") or "")),
            ("구매자", str(payment.get("buyer_name") or "")),
        ]
        targets = [
            (
                str(o.get("product_order_id")),
                f"{product_text(o)} · {label_of(PRODUCT_ORDER_STATUSES, o.get('product_order_status'))}",
            )
            for o in orders
        ]
        sections: list = [(f"대상 상품주문 {len(orders)}건", targets)]
        if any(value for _label, value in who):
            sections.append(("결제", [row for row in who if row[1]]))
        refund = refund_rows(form.op.id, orders)
        if refund:
            sections.append(("돌려줄 금액", refund))
        hidden = {form.label_of("product_order_id"), form.label_of("imp_uid")}
        entered = [(label, text) for label, text in form.summary() if label not in hidden]
        if entered:
            sections.append(("입력 내용", entered))
        return sections

    def _action_done(self, op_id: str, ids: list[str], result: ApiResult) -> None:
        label = ACTION_LABELS[op_id]
        if result.partial:
            self.partial.show_outcome(label, ids, list(result.succeeded_ids), result.message)
            self._right_scroll.ensureWidgetVisible(self.partial)
            failed = len(self.partial.failed_ids)
            self.banner.show_message(partial_message(label, len(ids), failed, result.message), "warning")
        else:
            self.banner.show_message(done_message(label, len(ids)), "success")
            self.panel.close_form()
        self.refresh()

    def _action_failed(self, op_id: str, ids: list[str], error: BaseException) -> None:
        form = self.panel.form
        if isinstance(error, ValidationFailed) and form is not None:
            form.show_issues(error.issues)
            self.banner.show_error(error)
            return
        label = ACTION_LABELS[op_id]
        if isinstance(error, ApiError) and error.http_status == 500:
            self.partial.show_outcome(f"{label} (처리된 주문 없음)", ids, [], error.message)
        prefix = "" if not isinstance(error, OutcomeUnknown) else f"{label}: "
        self.banner.show_error(error, prefix)
        self.refresh()
