"""The history tab: filters, details of one row, export of the filtered rows (scenarios 16, 17)."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from portone_desk.api.errors import ApiError
from portone_desk.ui import files
from portone_desk.ui.context import DeskContext
from portone_desk.ui.history.tab import HistoryTab


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
    loaded(qtbot, tab)
    return tab


def loaded(qtbot, tab: HistoryTab) -> None:
    """The query runs in the background: wait for the answer to the filters on screen."""
    qtbot.waitUntil(lambda: not tab.loading, timeout=5_000)


def exported(qtbot, tab: HistoryTab) -> None:
    """The file is written in the background: wait until it is."""
    qtbot.waitUntil(lambda: not tab.exporting, timeout=5_000)


def test_lists_recent_calls_newest_first(history: HistoryTab) -> None:
    model = history.model
    assert model.rowCount() == 4
    assert model.index(0, 2).data() == "현금영수증 발급 (포트원 거래)"
    assert model.index(0, 6).data() == "실패"
    assert history.findChild(type(history.count), "historyCount").text() == "4건"


def test_filters_by_operation_outcome_and_text(qtbot, history: HistoryTab) -> None:
    history.operation.setCurrentIndex(history.operation.findData("revokeReceipt"))
    loaded(qtbot, history)
    assert history.model.rowCount() == 1
    assert history.model.index(0, 7).data() == "고객 환불 요청"
    history.operation.setCurrentIndex(0)

    history.outcome.setCurrentIndex(history.outcome.findData("failed"))
    loaded(qtbot, history)
    assert [r.imp_uid for r in history.model.items] == ["imp_demo_receipt_issued"]
    history.outcome.setCurrentIndex(0)

    history.search.setText("환불 요청")  # QTest cannot type Hangul
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    history.search.clear()
    qtbot.waitUntil(lambda: history.model.rowCount() == 4)


def test_date_range_is_in_kst(qtbot, history: HistoryTab) -> None:
    tomorrow = history.date_to.date().addDays(1)
    history.date_from.setDate(tomorrow)
    history.date_to.setDate(tomorrow.addDays(3))
    loaded(qtbot, history)
    assert history.model.rowCount() == 0
    history.date_from.setDate(QDate.currentDate().addDays(-1))
    history.date_to.setDate(QDate.currentDate().addDays(1))
    loaded(qtbot, history)
    assert history.model.rowCount() == 4


def test_details_of_one_row_mask_the_identifier(history: HistoryTab) -> None:
    history.table.selectRow(2)
    text = history.details.toPlainText()
    assert "현금영수증 발급 (포트원 거래)" in text
    assert "imp_demo_vbank_paid" in text
    assert "01012345678" not in text and "010****" in text


def test_exports_filtered_rows(qtbot, history: HistoryTab, monkeypatch, tmp_path: Path) -> None:
    history.operation.setCurrentIndex(history.operation.findData("issueReceipt"))
    loaded(qtbot, history)
    target = tmp_path / "내역"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(target))

    csv_path = history.export("csv")
    exported(qtbot, history)
    xlsx_path = history.export("xlsx")
    exported(qtbot, history)

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


def slow_query(history: HistoryTab, monkeypatch, operation: str) -> tuple[threading.Event, list[str]]:
    """Hold the query for ``operation`` until the returned gate opens; record each query's thread."""
    audit = history.audit
    assert audit is not None
    real = audit.query
    gate = threading.Event()
    threads: list[str] = []

    def query(**filters):
        threads.append(threading.current_thread().name)
        if filters.get("operation") == operation:
            gate.wait(5)
        return real(**filters)

    monkeypatch.setattr(audit, "query", query)
    return gate, threads


def test_query_runs_off_the_gui_thread(qtbot, history: HistoryTab, monkeypatch) -> None:
    gate, threads = slow_query(history, monkeypatch, "revokeReceipt")
    history.operation.setCurrentIndex(history.operation.findData("revokeReceipt"))
    # The GUI thread is free while the query waits: the tab still shows the previous rows.
    assert history.loading and history.model.rowCount() == 4
    gate.set()
    loaded(qtbot, history)
    assert history.model.rowCount() == 1
    assert threads and threading.main_thread().name not in threads


def test_a_late_answer_to_old_filters_is_dropped(qtbot, history: HistoryTab, monkeypatch) -> None:
    gate, _ = slow_query(history, monkeypatch, "revokeReceipt")
    history.operation.setCurrentIndex(history.operation.findData("revokeReceipt"))  # held
    history.operation.setCurrentIndex(history.operation.findData("issueReceipt"))  # answers at once
    loaded(qtbot, history)
    assert history.model.rowCount() == 2
    gate.set()  # the revokeReceipt answer (1 row) now arrives, late
    qtbot.waitUntil(lambda: history.ctx.runner.running == 0, timeout=5_000)
    assert history.model.rowCount() == 2
    assert {r.operation for r in history.model.items} == {"issueReceipt"}


def test_no_export_while_the_filters_are_still_loading(
    qtbot, history: HistoryTab, monkeypatch, tmp_path: Path
) -> None:
    gate, _ = slow_query(history, monkeypatch, "revokeReceipt")
    asked: list[object] = []
    monkeypatch.setattr(files, "ask_save_path", lambda *a: asked.append(a) or str(tmp_path / "x"))
    history.operation.setCurrentIndex(history.operation.findData("revokeReceipt"))
    assert history.export("csv") is None  # the 4 rows on screen are not what the filter asks for
    assert not asked and "불러오는 중" in history.banner.text()
    gate.set()
    loaded(qtbot, history)
    assert history.export("csv") == tmp_path / "x.csv"
    exported(qtbot, history)
    assert history.banner.kind == "success"


def test_export_writes_every_matching_row_off_the_gui_thread(
    qtbot, sandbox_ctx: DeskContext, history: HistoryTab, monkeypatch, tmp_path: Path
) -> None:
    """Scenario 17: the day's file holds every row, not only the newest the table shows."""
    from portone_desk.ui.history import tab as history_tab

    monkeypatch.setattr(history_tab, "LIMIT", 2)
    history.refresh()
    loaded(qtbot, history)
    assert history.model.rowCount() == 2  # the table shows the newest two of four
    _, threads = slow_query(history, monkeypatch, "none")
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(tmp_path / "오늘.csv"))

    path = history.export("csv")
    assert history.exporting and not history.export_csv.isEnabled()
    exported(qtbot, history)

    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert len(lines) == 1 + 4
    assert "4건을 저장했습니다" in history.banner.text()
    assert threads and threading.main_thread().name not in threads


def test_changes_only_leaves_lookups_out(qtbot, history: HistoryTab) -> None:
    """Scenario 17: today's issues and cancels in one sheet, without the lookups around them."""
    from portone_desk.ui.history.tab import CHANGES

    history.operation.setCurrentIndex(history.operation.findText(CHANGES))
    loaded(qtbot, history)
    assert sorted(r.operation for r in history.model.items) == [
        "issueReceipt",
        "issueReceipt",
        "revokeReceipt",
    ]


def test_quick_periods_today_and_last_7_days(qtbot, history: HistoryTab) -> None:
    """Scenario 17: "today" in one click; "최근 7일" brings back the default week."""
    from datetime import timedelta

    from PySide6.QtWidgets import QPushButton

    from portone_desk.ui.history.tab import today_kst

    audit = history.audit
    assert audit is not None
    # One of the four calls was made three days ago.
    audit._conn.execute(
        "UPDATE audit SET started_at = started_at - 3 * 86400 WHERE operation = 'revokeReceipt'"
    )
    history.date_from.setDate(QDate(2020, 1, 1))
    loaded(qtbot, history)
    assert history.model.rowCount() == 4

    today = today_kst()
    history.findChild(QPushButton, "historyToday").click()
    loaded(qtbot, history)
    assert history.date_from.date().toPython() == today and history.date_to.date().toPython() == today
    assert history.model.rowCount() == 3
    assert "revokeReceipt" not in {r.operation for r in history.model.items}

    history.findChild(QPushButton, "historyLast7Days").click()
    loaded(qtbot, history)
    assert history.date_from.date().toPython() == today - timedelta(days=6)
    assert history.date_to.date().toPython() == today
    assert history.model.rowCount() == 4
