"""발송처리 for ticked rows: a grid to type or paste courier + tracking number per row.

Pasting a block copied from a spreadsheet (tab-separated, one line per row) fills the cells from
the current one on. "확인" checks every row as a sheet row is checked (``ticked.rows_for``) and
stays open, each bad row marked with its reason, until all rows pass.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portone_desk.api import catalog
from portone_desk.bulk.kinds import SHIP_KIND
from portone_desk.bulk.rows import INVALID, BulkRow
from portone_desk.ui.queue import ticked
from portone_desk.ui.queue.named import named
from portone_desk.ui.queue.source import QueueItem
from portone_desk.ui.style import ERROR_COLOR

COLUMNS = ("주문번호", "상품주문번호", "상품", "택배사", "송장번호", "확인")
ORDER, PRODUCT_ORDER, PRODUCT, COURIER, TRACKING, CHECK = range(len(COLUMNS))
EDITABLE = (COURIER, TRACKING)


class ShipGrid(QDialog):
    def __init__(self, items: Sequence[QueueItem], source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueShipGrid")
        self.setWindowTitle("발송처리 — 택배사와 송장번호")
        self.items = list(items)
        self.source = source
        self.rows: list[BulkRow] = []
        self.now = time.time

        layout = QVBoxLayout(self)
        hint = QLabel(
            "행마다 택배사와 송장번호를 입력하거나, 엑셀에서 복사한 두 열(택배사, 송장번호)을 "
            "택배사 칸에 붙여넣으세요(Ctrl+V). "
            "같은 상자의 상품주문은 같은 송장번호를 넣으면 한 번에 보냅니다."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)

        fill = QHBoxLayout()
        self.courier_all = named(QComboBox(), "shipGridCourier")
        self.courier_all.setAccessibleName("모든 행의 택배사")
        for option in catalog.DELIVERY_COMPANIES:
            self.courier_all.addItem(option.label, option.code)
        apply_all = named(QPushButton("모든 행에 적용"), "shipGridApplyCourier")
        apply_all.clicked.connect(self.apply_courier_to_all)
        fill.addWidget(QLabel("택배사"))
        fill.addWidget(self.courier_all)
        fill.addWidget(apply_all)
        fill.addStretch(1)
        layout.addLayout(fill)

        self.grid = named(QTableWidget(len(self.items), len(COLUMNS)), "shipGrid")
        self.grid.setHorizontalHeaderLabels(list(COLUMNS))
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setStretchLastSection(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for row, item in enumerate(self.items):
            for column, text in (
                (ORDER, item.merchant_uid or item.imp_uid),
                (PRODUCT_ORDER, item.product_order_id),
                (PRODUCT, item.product),
                (COURIER, ""),
                (TRACKING, ""),
                (CHECK, ""),
            ):
                cell = QTableWidgetItem(text)
                if column not in EDITABLE:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.grid.setItem(row, column, cell)
        self.grid.resizeColumnsToContents()
        self.grid.installEventFilter(self)
        layout.addWidget(self.grid, 1)

        self.summary = named(QLabel(""), "shipGridSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("확인", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("shipGridOk")
        cancel = buttons.addButton("돌아가기", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("shipGridCancel")
        buttons.accepted.connect(self.check_and_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 420)
        if self.items:
            self.grid.setCurrentCell(0, COURIER)

    # --- filling ---------------------------------------------------------------------------------

    def set_row(self, row: int, courier: str, tracking: str) -> None:
        self._cell(row, COURIER).setText(courier)
        self._cell(row, TRACKING).setText(tracking)

    def apply_courier_to_all(self) -> None:
        for row in range(self.grid.rowCount()):
            self._cell(row, COURIER).setText(self.courier_all.currentText())

    def paste(self, text: str) -> None:
        """Cells from the current one on, one line per row, tab-separated, editable columns only."""
        start_row = max(0, self.grid.currentRow())
        start_column = self.grid.currentColumn()
        if start_column not in EDITABLE:
            start_column = COURIER
        lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
        for offset, line in enumerate(lines):
            row = start_row + offset
            if row >= self.grid.rowCount():
                break
            for step, value in enumerate(line.split("\t")):
                column = start_column + step
                if column in EDITABLE:
                    self._cell(row, column).setText(value.strip())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The grid would start editing a cell with the keystroke; a block paste is ours.
        if (
            watched is self.grid
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            self.paste(QGuiApplication.clipboard().text())
            return True
        return super().eventFilter(watched, event)

    def shipping(self) -> list[tuple[str, str]]:
        return [
            (self._cell(row, COURIER).text().strip(), self._cell(row, TRACKING).text().strip())
            for row in range(self.grid.rowCount())
        ]

    # --- checking --------------------------------------------------------------------------------

    def check(self) -> bool:
        """Check every row as a sheet row; mark the bad ones. True when all pass."""
        sheet = ticked.ship_sheet(self.items, self.shipping(), self.source)
        self.rows = ticked.rows_for(SHIP_KIND, sheet, now=self.now())
        bad = 0
        for index, row in enumerate(self.rows):
            cell = self._cell(index, CHECK)
            if row.status == INVALID:
                bad += 1
                cell.setText(row.message)
                cell.setForeground(QColor(ERROR_COLOR))
            else:
                cell.setText(" ".join(row.warnings) or "확인")
                cell.setForeground(QColor(ERROR_COLOR) if row.warnings else QColor())
        if bad:
            self.summary.setText(f"{len(self.rows)}행 중 {bad}행을 고쳐 주세요. 빨간 글씨가 이유입니다.")
        else:
            self.summary.setText(f"{len(self.rows)}행 모두 확인했습니다.")
        return not bad

    def check_and_accept(self) -> None:
        if self.check():
            self.accept()

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        cell = self.grid.item(row, column)
        if cell is None:
            cell = QTableWidgetItem("")
            self.grid.setItem(row, column, cell)
        return cell
