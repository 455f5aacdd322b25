"""할 일 — where the shift starts: what is waiting (queues with counts), finding a customer's
order from what they say, and acting on a ticked list.

Everything that reads the local cache or the API runs on the tab's own small runner (``queue
runner``): a refresh that takes seconds never holds the GUI thread, and never makes the window's
"calls still running" question about a read-only sync. Agent actions (발주확인 …) go through the
desk's runner and the bulk path (``act.ActPanel``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabBar,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api.identifiers import NTS_SELF_ISSUE_NUMBER
from portone_desk.api.timefmt import format_kst
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner
from portone_desk.ui.questions import ask_yes_no
from portone_desk.ui.queue import opener, ticked
from portone_desk.ui.queue.act import ActPanel
from portone_desk.ui.queue.model import QueueModel
from portone_desk.ui.queue.named import named
from portone_desk.ui.queue.search import CustomerSearch
from portone_desk.ui.queue.ship_grid import ShipGrid
from portone_desk.ui.queue.source import (
    NAVER_QUEUES,
    QUEUE_TITLES,
    RECEIPT_DUE,
    RETURN_REQUEST,
    SHIP,
    NoSource,
    QueueItem,
    QueueSnapshot,
    QueueSource,
    SearchHit,
    ordered,
    source_for,
)
from portone_desk.ui.style import COUNT_BADGE_QSS, OVERDUE_FG
from portone_desk.ui.worker import BackgroundOp, OperationRunner

if TYPE_CHECKING:
    from portone_desk.store.secrets import SecretStore

log = logging.getLogger(__name__)

TAB_TITLE = "할 일"
REFRESH_INTERVAL_MS = 5 * 60 * 1000
COLUMN_WIDTHS = (28, 150, 70, 220, 90, 150, 200)  # the last column stretches
NEVER_SYNCED = "아직 새로 고치지 않았습니다"
HINTS = {
    SHIP: "발송기한 순서입니다. 기한이 지난 주문이 맨 위에 빨간 글씨로 있습니다.",
    RETURN_REQUEST: (
        "수거중과 수거완료가 상태 칸에 나뉘어 있습니다. 반품 보류 중이면 승인 전에 보류를 해제하세요."
    ),
    RECEIPT_DUE: (
        "가상계좌·계좌이체 결제 중 현금영수증이 없는 결제입니다. 의무발행업종이면 ₩100,000 이상 결제가 "
        "발급 기한 순서로 맨 위에 있습니다. 구매자가 번호를 주지 않았으면 국세청 자진발급번호 "
        f"{NTS_SELF_ISSUE_NUMBER}로 발급합니다."
    ),
}

SourceFactory = Callable[[DeskContext, "SecretStore | None"], QueueSource]


def synced_text(synced_at: float | None, now: float) -> str:
    if not synced_at:
        return NEVER_SYNCED
    minutes = int(max(0, now - synced_at) // 60)
    ago = "방금" if minutes < 1 else f"{minutes}분 전" if minutes < 60 else f"{minutes // 60}시간 전"
    return f"마지막 갱신 {format_kst(synced_at)[5:16]} ({ago})"


class QueueTab(QWidget):
    refreshed = Signal(object)  # QueueSnapshot shown after a refresh (tests wait on it)
    cached_shown = Signal(object)  # QueueSnapshot shown from the cache

    def __init__(
        self,
        ctx: DeskContext,
        parent: QWidget | None = None,
        source_factory: SourceFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("QueueTab")
        self.ctx = ctx
        self.source_factory = source_factory or source_for
        self.source: QueueSource = NoSource("")  # the real one once the tab is in its window
        self.runner = OperationRunner(max_workers=2, parent=self)
        self.snapshot = QueueSnapshot()
        self.total_text = ""
        self.last_apply_ms = 0.0  # GUI-thread time of the last snapshot shown (benchmarks)
        self.confirm = ask_yes_no  # replaceable in tests
        self.clock = time.time  # replaceable (the sandbox's clock in tests)
        self._refresh_op: BackgroundOp | None = None
        self._generation = 0  # bumped on profile change: answers for the old profile are dropped
        self._build()
        ctx.profile_changed.connect(self._profile_changed)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.refresh(quiet=True))
        self.timer.start()
        self.tick = QTimer(self)  # keeps "n분 전" true
        self.tick.setInterval(30_000)
        self.tick.timeout.connect(self._show_synced)
        self.tick.start()
        runner = self.runner
        self.destroyed.connect(lambda *_: runner.shutdown(wait=False))
        # The first load waits for the first paint: opening the cache reads the keyring, which
        # must not slow the window's first appearance (see tests/ui/test_app_startup_imports.py).
        self._painted = False
        self.first_sync_over = False  # the start's cache read and refresh have ended, either way

    # --- layout ------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = CustomerSearch(self.runner, lambda: self.source, self)
        self.search.open_hit.connect(self.open_hit)
        self.synced_label = named(QLabel(NEVER_SYNCED), "queueSyncedAt")
        self.refresh_button = named(QPushButton("새로 고침 (F5)"), "queueRefresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.clear_button = named(QPushButton("로컬 데이터 지우기"), "queueClearLocal")
        self.clear_button.setToolTip("이 PC에 저장된 할 일·고객 찾기용 데이터를 모두 지웁니다")
        self.clear_button.clicked.connect(self.clear_local)
        top.addWidget(self.search, 1)
        side = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.synced_label)
        row.addWidget(self.refresh_button)
        row.addWidget(self.clear_button)
        side.addLayout(row)
        side.addStretch(1)
        top.addLayout(side)
        layout.addLayout(top)

        self.banner = ErrorBanner(self, "queueBanner")
        layout.addWidget(self.banner)

        self.queue_list = named(QListWidget(), "queueList")
        self.queue_list.setAccessibleName("할 일 목록")
        for key, title in QUEUE_TITLES.items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.queue_list.addItem(item)
        self.queue_list.currentRowChanged.connect(lambda _: self._show_queue())
        self.queue_list.setMinimumWidth(230)
        self.queue_list.setSpacing(3)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.hint = named(QLabel(""), "queueHint")
        self.hint.setWordWrap(True)
        right_layout.addWidget(self.hint)
        self.model = QueueModel()
        self.model.now = self.shop_now
        self.model.ticks_changed.connect(lambda _: self._update_actions())
        self.table = named(QTableView(), "queueTable")
        self.table.setAccessibleName("할 일 표")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Fixed starting widths: measuring thousands of rows on every refresh would hold the GUI
        # thread (the agent can still drag them).
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        right_layout.addWidget(self.table, 3)

        actions = QHBoxLayout()
        self.tick_all = named(QCheckBox("전체 선택"), "queueTickAll")
        self.tick_all.toggled.connect(self.model.tick_all)
        self.ticked_label = named(QLabel(""), "queueTicked")
        actions.addWidget(self.tick_all)
        actions.addWidget(self.ticked_label)
        actions.addStretch(1)
        self.action_buttons: dict[str, QPushButton] = {}
        for action in ticked.ACTIONS:
            button = named(QPushButton(action.label), action.object_name)
            button.clicked.connect(lambda _=False, a=action: self.act(a))
            actions.addWidget(button)
            self.action_buttons[action.kind] = button
        self.self_issue = named(
            QPushButton(f"자진발급번호({NTS_SELF_ISSUE_NUMBER})로 발급 준비"), "queueSelfIssue"
        )
        self.self_issue.setToolTip(
            "현금영수증 화면에서 이 결제를 조회하고 식별번호에 국세청 자진발급번호를 넣습니다"
        )
        self.self_issue.clicked.connect(self.prepare_self_issue)
        actions.addWidget(self.self_issue)
        self.open_button = named(QPushButton("열기"), "queueOpen")
        self.open_button.setToolTip("선택한 행을 처리 화면에서 조회합니다 (Enter)")
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentIndex().row()))
        actions.addWidget(self.open_button)
        right_layout.addLayout(actions)

        self.act_panel = ActPanel(self.ctx, self.banner, self)
        self.act_panel.finished.connect(lambda _: self.refresh(quiet=True))
        self.act_panel.busy_changed.connect(lambda _: self._update_actions())
        right_layout.addWidget(self.act_panel, 2)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.queue_list)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 900])
        layout.addWidget(split, 1)

        # F5 is the window's one shortcut map (ui/keyboard.py): it asks this tab's repeat_lookup.
        self.queue_list.setCurrentRow(0)
        self._update_actions()

    # --- loading -----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.start)

    def _secrets(self) -> SecretStore | None:
        """The window's keyring wrapper (an in-memory one in tests), when there is one."""
        profiles = getattr(self.window(), "profiles", None)
        return getattr(profiles, "secrets", None)

    def start(self) -> None:
        """Cached queues at once, then a refresh. A refresh still out for the previous source is
        forgotten (its answer would be for the old profile), so the new one can start."""
        self._forget_refresh()
        self.source = self.source_factory(self.ctx, self._secrets())
        self._generation += 1
        generation, source = self._generation, self.source
        BackgroundOp(self.runner, source.cached).success(lambda snap: self._cached(snap, generation)).failure(
            lambda e: self._cache_failed(e, generation)
        ).run()

    def _cache_failed(self, error: BaseException, generation: int) -> None:
        if generation != self._generation:
            return
        self.first_sync_over = True
        from portone_desk.store.secrets import SecretStoreError

        if isinstance(error, SecretStoreError):
            # Known and told: without a safe keyring there is no key to hash buyers' numbers with.
            log.warning("queue cache unavailable: %s", type(error).__name__)
            self.banner.show_message(f"할 일 목록을 쓸 수 없습니다. {error}", "warning")
            return
        log.warning("queue cache unreadable", exc_info=error)
        self.banner.show_error(error, "할 일 목록을 읽지 못했습니다. ")

    def _cached(self, snapshot: QueueSnapshot, generation: int) -> None:
        if generation != self._generation:
            return
        self.apply(snapshot)
        self.cached_shown.emit(snapshot)
        self.refresh(quiet=True)

    # --- the keyboard map (ui/keyboard.py) ---------------------------------------------------------

    def search_box(self) -> QWidget:
        return self.search.box

    def repeat_lookup(self) -> bool:
        return self.refresh()

    def refresh(self, quiet: bool = False) -> bool:
        """Bring the cache up to date in the background; False when one is already running."""
        if self._refresh_op is not None:
            return False
        generation, source = self._generation, self.source
        if not quiet:
            self.banner.show_message("새로 고치는 중…", "info")
        self.refresh_button.setEnabled(False)
        self.refresh_button.setText("새로 고치는 중…")

        def done(snapshot: QueueSnapshot) -> None:
            if generation != self._generation:
                return
            self.apply(snapshot)
            if not quiet or snapshot.note:
                self.banner.show_message(
                    snapshot.note or "새로 고쳤습니다.", "warning" if snapshot.note else "success"
                )
            self.refreshed.emit(snapshot)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            from portone_desk.store.secrets import SecretStoreError

            if isinstance(error, SecretStoreError):
                self._cache_failed(error, generation)
                return
            self.banner.show_error(error, "새로 고치지 못했습니다. 마지막으로 받은 목록을 보여 줍니다. ")

        def over() -> None:
            self._refresh_op = None
            self.first_sync_over = True
            self.refresh_button.setEnabled(True)
            self.refresh_button.setText("새로 고침 (F5)")

        self._refresh_op = (
            BackgroundOp(self.runner, source.refresh).success(done).failure(failed).finally_(over)
        )
        self._refresh_op.run()
        return True

    def _forget_refresh(self) -> None:
        if self._refresh_op is not None:
            self._refresh_op.cancel()
            self._refresh_op = None
            self.refresh_button.setEnabled(True)
            self.refresh_button.setText("새로 고침 (F5)")

    @property
    def refreshing(self) -> bool:
        return self._refresh_op is not None

    def apply(self, snapshot: QueueSnapshot) -> None:
        started = time.perf_counter()
        self.snapshot = snapshot
        for row in range(self.queue_list.count()):
            entry = self.queue_list.item(row)
            key = entry.data(Qt.ItemDataRole.UserRole)
            entry.setText(self._entry_text(key, snapshot))
            entry.setForeground(QColor(OVERDUE_FG) if self._overdue(key, snapshot) else QBrush())
        self._set_tab_title(snapshot.total)
        self._show_synced()
        self._show_queue()
        self.last_apply_ms = (time.perf_counter() - started) * 1000

    def _entry_text(self, key: str, snapshot: QueueSnapshot) -> str:
        items = snapshot.items.get(key, ())
        text = f"{QUEUE_TITLES[key]}  {len(items):,}"
        if key == SHIP:
            late = sum(1 for item in items if item.overdue)
            if late:
                text += f"  (기한 지남 {late:,})"
        elif key == RETURN_REQUEST and items:
            collecting = sum(1 for item in items if item.sub == "수거중")
            collected = sum(1 for item in items if item.sub == "수거완료")
            text += f"  (수거중 {collecting:,} · 수거완료 {collected:,})"
        elif key == RECEIPT_DUE:
            mandatory = sum(1 for item in items if item.mandatory)
            if mandatory:
                text += f"  (의무발행 {mandatory:,})"
        return text

    @staticmethod
    def _overdue(key: str, snapshot: QueueSnapshot) -> bool:
        return any(item.overdue for item in snapshot.items.get(key, ()))

    def _set_tab_title(self, total: int) -> None:
        """The total that needs action, as a badge on the tab's title (the title text itself stays
        "할 일": the window and the tests find tabs by it)."""
        self.total_text = f"{total:,}" if total else ""
        found = self._tab_bar_place()
        if found is None:
            return
        tabs, index = found
        bar = tabs.tabBar()
        badge = bar.tabButton(index, QTabBar.ButtonPosition.RightSide)
        if not isinstance(badge, QLabel) or badge.objectName() != "queueTabCount":
            badge = named(QLabel(), "queueTabCount")
            badge.setStyleSheet(COUNT_BADGE_QSS)
            bar.setTabButton(index, QTabBar.ButtonPosition.RightSide, badge)
        badge.setText(self.total_text)
        badge.adjustSize()
        badge.setVisible(bool(total))
        bar.setTabText(index, tabs.tabText(index))  # the tab re-measures itself with the badge
        bar.setTabToolTip(index, f"처리할 일 {total:,}건" if total else "처리할 일이 없습니다")

    def _tab_bar_place(self) -> tuple[QTabWidget, int] | None:
        widget: QWidget | None = self
        while widget is not None:
            parent = widget.parentWidget()
            tabs = parent.parentWidget() if parent is not None else None
            if isinstance(tabs, QTabWidget):
                index = tabs.indexOf(widget)
                if index >= 0:
                    return tabs, index
            widget = parent
        return None

    def shop_now(self) -> float:
        """The shop's clock (the sandbox's in training, which a trainer may have moved)."""
        return float(self.snapshot.now) if self.snapshot.now else self.clock()

    def _show_synced(self) -> None:
        self.synced_label.setText(synced_text(self.snapshot.synced_at, self.clock()))

    # --- the chosen queue --------------------------------------------------------------------------

    @property
    def queue(self) -> str:
        entry = self.queue_list.currentItem()
        return str(entry.data(Qt.ItemDataRole.UserRole)) if entry is not None else ""

    def select_queue(self, key: str) -> None:
        for row in range(self.queue_list.count()):
            if self.queue_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.queue_list.setCurrentRow(row)
                return

    def _show_queue(self) -> None:
        key = self.queue
        items = ordered(key, self.snapshot.items.get(key, ()))
        self.model.set_items(items)
        self.hint.setText(HINTS.get(key, ""))
        self.hint.setVisible(bool(HINTS.get(key)))
        self.tick_all.blockSignals(True)
        self.tick_all.setChecked(False)
        self.tick_all.blockSignals(False)
        if items:
            self.table.selectRow(0)
        self._update_actions()

    def _update_actions(self) -> None:
        key, count = self.queue, self.model.ticked_count
        busy = self.act_panel.busy if hasattr(self, "act_panel") else False
        self.ticked_label.setText(f"{count:,}건 체크" if count else "")
        for action in ticked.ACTIONS:
            button = self.action_buttons[action.kind]
            button.setVisible(key in action.queues)
            button.setEnabled(bool(count) and not busy and self.ctx.has_profile)
        current = self.current_item()
        self.self_issue.setVisible(key == RECEIPT_DUE)
        self.self_issue.setEnabled(current is not None and current.mandatory)
        self.open_button.setEnabled(current is not None)

    def current_item(self) -> QueueItem | None:
        row = self.table.currentIndex().row()
        return self.model.item(row) if 0 <= row < self.model.rowCount() else None

    # --- opening -----------------------------------------------------------------------------------

    def open_row(self, row: int) -> QWidget | None:
        if not 0 <= row < self.model.rowCount():
            return None
        item = self.model.item(row)
        return opener.open_item(self, item.imp_uid, item.product_order_id, naver=item.queue in NAVER_QUEUES)

    def open_hit(self, hit: SearchHit) -> QWidget | None:
        return opener.open_item(self, hit.imp_uid, hit.product_order_id, naver=hit.is_naver)

    def prepare_self_issue(self) -> QWidget | None:
        item = self.current_item()
        if item is None:
            return None
        return opener.open_receipt(self, item.imp_uid, identifier=NTS_SELF_ISSUE_NUMBER)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            row = self.table.currentIndex().row()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_row(row)
                return True
            if event.key() == Qt.Key.Key_Space and 0 <= row < self.model.rowCount():
                self.model.set_ticked(row, not self.model.is_ticked(row))
                return True
        return super().eventFilter(watched, event)

    # --- acting on ticked rows ---------------------------------------------------------------------

    def act(self, action: ticked.Action) -> bool:
        items = self.model.ticked()
        if not items or self.act_panel.busy:
            return False
        kind = ticked.kind_of(action)
        whole = len(items) if len(items) == self.model.rowCount() and self.tick_all.isChecked() else 0
        source = f"할 일 · {QUEUE_TITLES.get(self.queue, self.queue)} ({len(items):,}건)"
        if action.kind == ticked.SHIP:
            grid = ShipGrid(items, source, self)
            self.ship_grid = grid
            if grid.exec() != ShipGrid.DialogCode.Accepted:
                return False
            rows = grid.rows
        else:
            rows = ticked.rows_for(kind, ticked.id_sheet(items, source), now=self.clock())
        return self.act_panel.start(kind, rows, source, whole_queue=whole)

    # --- local data --------------------------------------------------------------------------------

    def clear_local(self) -> bool:
        question = (
            "이 PC에 저장된 할 일·고객 찾기용 데이터를 모두 지울까요?\n"
            "포트원과 네이버페이의 주문에는 아무 영향이 없고, 다음에 새로 고치면 다시 받아옵니다."
        )
        if not self.confirm(self, "로컬 데이터 지우기", question):
            return False
        self._generation += 1
        source = self.source

        def done(_: object) -> None:
            self.apply(QueueSnapshot())
            self.banner.show_message("이 PC에 저장된 할 일 데이터를 지웠습니다.", "success")

        BackgroundOp(self.runner, source.clear).success(done).failure(
            lambda e: self.banner.show_error(e, "로컬 데이터를 지우지 못했습니다. ")
        ).run()
        return True

    # --- closing ----------------------------------------------------------------------------------

    def wind_down_for_close(self) -> bool:
        """The window is closing (``ui/close_policy.py``): no more refreshes; a run from a ticked
        list pauses like a sheet's (resumable from the bulk tab). True while it is pausing."""
        self.timer.stop()
        if self._refresh_op is not None:
            self._refresh_op.cancel()  # read-only: its answer is not needed any more
            self._refresh_op = None
        controller = self.act_panel.controller
        if not controller.running:
            return False
        controller.pause()
        return True

    # --- profile -----------------------------------------------------------------------------------

    def _profile_changed(self) -> None:
        self.snapshot = QueueSnapshot()
        self.apply(self.snapshot)
        if self._painted:
            self.start()
