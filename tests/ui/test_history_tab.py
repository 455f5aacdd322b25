"""The history tab: filters, details of one row, export of the filtered rows (scenarios 16, 17)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from portone_desk.api.errors import ApiError
from portone_desk.ui.bulk import files
from portone_desk.ui.context import DeskContext
from portone_desk.ui.history_tab import HistoryTab


@pytest.fixture
def history(qtbot, sandbox_ctx: DeskContext) -> HistoryTab:
    service = sandbox_ctx.service
    service.call("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"})
    service.call("issueReceipt", {"imp_uid": "imp_demo_vbank_paid", "identifier": "01012345678"})
    service.call("revokeReceipt", {"imp_uid": "imp_demo_vbank_paid"}, note="고객 환불 요청")
    with pytest.raises(ApiError):
        service.call("issueReceipt", {"imp_uid": "imp_demo_receipt_issued", "identifier": "01012345678"})
    tab = HistoryTab(sandbox_ctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 600)
    tab.show()
    return tab


def test_lists_recent_calls_newest_first(history: HistoryTab) -> None:
    model = history.model
    assert model.rowCount() == 4
    assert model.index(0, 2).data() == "현금영수증 발급 (포트원 거래)"
    assert model.index(0, 6).data() == "실패"
    assert history.findChild(type(history.count), "historyCount").text() == "4건"


def test_filters_by_operation_outcome_and_text(qtbot, history: HistoryTab) -> None:
    history.operation.setCurrentIndex(history.operation.findData("revokeReceipt"))
    assert history.model.rowCount() == 1
    assert history.model.index(0, 7).data() == "고객 환불 요청"
    history.operation.setCurrentIndex(0)

    history.outcome.setCurrentIndex(history.outcome.findData("failed"))
    assert [r.imp_uid for r in history.model.items] == ["imp_demo_receipt_issued"]
    history.outcome.setCurrentIndex(0)

    history.search.setText("환불 요청")  # QTest cannot type Hangul
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    history.search.clear()
    qtbot.waitUntil(lambda: history.model.rowCount() == 4)


def test_date_range_is_in_kst(history: HistoryTab) -> None:
    tomorrow = history.date_to.date().addDays(1)
    history.date_from.setDate(tomorrow)
    history.date_to.setDate(tomorrow.addDays(3))
    assert history.model.rowCount() == 0
    history.date_from.setDate(QDate.currentDate().addDays(-1))
    history.date_to.setDate(QDate.currentDate().addDays(1))
    assert history.model.rowCount() == 4


def test_details_of_one_row_mask_the_identifier(history: HistoryTab) -> None:
    history.table.selectRow(2)
    text = history.details.toPlainText()
    assert "현금영수증 발급 (포트원 거래)" in text
    assert "imp_demo_vbank_paid" in text
    assert "01012345678" not in text and "010****" in text


def test_exports_filtered_rows(history: HistoryTab, monkeypatch, tmp_path: Path) -> None:
    history.operation.setCurrentIndex(history.operation.findData("issueReceipt"))
    target = tmp_path / "내역"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(target))

    csv_path = history.export("csv")
    xlsx_path = history.export("xlsx")

    assert csv_path == tmp_path / "내역.csv" and xlsx_path == tmp_path / "내역.xlsx"
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert len(lines) == 3 and lines[0][0] == "번호"
    sheet = load_workbook(xlsx_path).active
    assert sheet.max_row == 3
    assert history.banner.kind == "success"
    assert b"01012345678" not in csv_path.read_bytes()


def test_without_a_profile(qtbot, ctx: DeskContext) -> None:
    tab = HistoryTab(ctx)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 0
    assert "프로필" in tab.banner.text()
    assert not tab.export_csv.isEnabled()
