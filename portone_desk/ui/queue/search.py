"""Customer search: one box (``customerSearch``) that finds payments as the agent types, from the
local cache, results in ``searchResults``; Enter or a double-click opens the hit in its tab.

Typing restarts a short timer; when it fires the search runs on the queue runner, and only the
answer to the latest text is shown (an older answer arriving late is dropped).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api.timefmt import format_won
from portone_desk.ui.queue.named import named
from portone_desk.ui.queue.source import QueueSource, SearchHit
from portone_desk.ui.worker import BackgroundOp, OperationRunner

DEBOUNCE_MS = 150
MIN_CHARS = 2
COLUMNS = ("주문번호", "구매자", "금액", "상태", "찾은 항목")


class CustomerSearch(QWidget):
    open_hit = Signal(object)  # SearchHit
    searched = Signal(str, int)  # (text, hits) once shown — tests and the benchmark wait on it

    def __init__(
        self, runner: OperationRunner, source: Callable[[], QueueSource], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.source = source
        self.hits: list[SearchHit] = []
        self._sequence = 0
        self.last_ms = 0.0  # how long the last search took in the worker

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = named(QLineEdit(), "customerSearch")
        self.box.setAccessibleName("고객 찾기")
        self.box.setPlaceholderText(
            "고객 찾기: 이름, 전화번호(끝 4자리), 이메일, 주문번호, imp_uid, 상품주문번호, 송장번호"
        )
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._typed)
        self.box.returnPressed.connect(self._open_first)
        self.box.installEventFilter(self)
        layout.addWidget(self.box)

        self.results = named(QTableWidget(0, len(COLUMNS)), "searchResults")
        self.results.setAccessibleName("찾은 결제")
        self.results.setHorizontalHeaderLabels(list(COLUMNS))
        self.results.verticalHeader().setVisible(False)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.results.doubleClicked.connect(lambda index: self._open(index.row()))
        self.results.installEventFilter(self)
        self.results.setMaximumHeight(180)
        self.results.setVisible(False)
        layout.addWidget(self.results)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)

    # --- searching -------------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._sequence += 1  # any answer still on its way is now stale
        if len(text.strip()) < MIN_CHARS:
            self.timer.stop()
            self._show([])
            return
        self.timer.start()

    def run_search(self) -> BackgroundOp | None:
        text = self.box.text().strip()
        if len(text) < MIN_CHARS:
            return None
        self._sequence += 1
        sequence = self._sequence
        source = self.source()

        def work() -> tuple[list[SearchHit], float]:
            started = time.perf_counter()
            hits = source.search(text)
            return hits, (time.perf_counter() - started) * 1000

        def done(answer: tuple[list[SearchHit], float]) -> None:
            if sequence != self._sequence:
                return  # the agent typed on meanwhile
            hits, self.last_ms = answer
            self._show(hits)
            self.searched.emit(text, len(hits))

        return BackgroundOp(self.runner, work).success(done).failure(lambda _: self._show([])).run()

    def _show(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.results.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            texts = (
                hit.merchant_uid or hit.imp_uid,
                hit.buyer,
                format_won(hit.amount) if hit.amount else "",
                hit.status,
                hit.matched,
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(
                    f"결제번호 {hit.imp_uid}"
                    + (f"\n상품주문번호 {hit.product_order_id}" if hit.product_order_id else "")
                )
                self.results.setItem(row, column, cell)
        self.results.setVisible(bool(hits) or len(self.box.text().strip()) >= MIN_CHARS)
        if hits:
            self.results.selectRow(0)

    # --- opening ---------------------------------------------------------------------------------

    def _open_first(self) -> None:
        if self.timer.isActive():  # Enter before the timer: search now, open what it finds
            self.timer.stop()
            op = self.run_search()
            if op is not None:
                self.searched.connect(self._open_after_search, Qt.ConnectionType.SingleShotConnection)
            return
        row = self.results.currentRow()
        self._open(row if row >= 0 else 0)

    def _open_after_search(self, _text: str, hits: int) -> None:
        if hits:
            self._open(0)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.open_hit.emit(self.hits[row])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.box and key == Qt.Key.Key_Down and self.hits:
                self.results.setFocus()
                self.results.selectRow(max(0, self.results.currentRow()))
                return True
            if watched is self.results and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open(self.results.currentRow())
                return True
        return super().eventFilter(watched, event)
