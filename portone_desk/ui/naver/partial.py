"""Per-order outcome of an action (207 some failed, 500 none done): which failed, why, reselecting."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from portone_desk.ui.style import ERROR_COLOR, OK_COLOR

SUCCEEDED, FAILED = "성공", "실패"
NO_REASON = "사유를 알 수 없습니다. 위의 포트원 메시지를 확인하세요"


def parse_failures(message: str, failed_ids: Sequence[str]) -> dict[str, str]:
    """Each failed id → the reason PortOne's message gives for it ("<id>: <reason> / …"), or ""."""
    reasons: dict[str, str] = {}
    for oid in failed_ids:
        # The id must stand alone ("100" is not inside "2100: …").
        pattern = r"(?<![0-9A-Za-z])" + re.escape(oid) + r"\s*[:：]\s*(.+?)(?=\s+/\s+|\n|$)"
        found = re.search(pattern, message or "")
        reasons[oid] = found.group(1).strip() if found else ""
    return reasons


class PartialResultView(QGroupBox):
    """Hidden until an action leaves some orders undone."""

    reselect_failed = Signal(list)  # product order ids that failed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("상품주문별 처리 결과", parent)
        self.setObjectName("naverPartialBox")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("naverPartialSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("naverPartialResult")
        self.table.setAccessibleName("상품주문별 처리 결과")
        self.table.setHorizontalHeaderLabels(["상품주문번호", "결과", "실패 사유"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table)
        self.reselect = QPushButton("실패한 주문만 다시 선택")
        self.reselect.setObjectName("reselectFailedButton")
        self.reselect.setToolTip("실패한 상품주문만 표에서 선택해 다시 처리할 수 있게 합니다")
        self.reselect.clicked.connect(lambda: self.reselect_failed.emit(list(self.failed_ids)))
        layout.addWidget(self.reselect)
        self.failed_ids: list[str] = []
        self.setVisible(False)

    def show_outcome(
        self, title: str, requested: Sequence[str], succeeded: Sequence[str], message: str
    ) -> None:
        """One row per requested order; reasons parsed from ``message`` where it names the order."""
        done = set(succeeded)
        self.failed_ids = [oid for oid in requested if oid not in done]
        reasons = parse_failures(message, self.failed_ids)
        self.table.setRowCount(0)
        for oid in requested:
            ok = oid in done
            row = self.table.rowCount()
            self.table.insertRow(row)
            outcome = QTableWidgetItem(SUCCEEDED if ok else FAILED)
            outcome.setForeground(QColor(OK_COLOR if ok else ERROR_COLOR))
            reason = "" if ok else (reasons.get(oid) or NO_REASON)
            for column, item in enumerate((QTableWidgetItem(oid), outcome, QTableWidgetItem(reason))):
                item.setToolTip(item.text())
                self.table.setItem(row, column, item)
        self.summary.setText(
            f"{title}: {len(requested)}건 중 {len(done)}건 성공, {len(self.failed_ids)}건 실패. "
            "실패한 주문만 골라 다시 처리하세요."
        )
        self.reselect.setEnabled(bool(self.failed_ids))
        self.setVisible(True)

    def rows(self) -> list[tuple[str, str, str]]:
        """(id, 성공/실패, reason) per row, for tests and the activity view."""
        return [(self._cell(r, 0), self._cell(r, 1), self._cell(r, 2)) for r in range(self.table.rowCount())]

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def clear(self) -> None:
        self.failed_ids = []
        self.table.setRowCount(0)
        self.setVisible(False)
