"""Team lead (팀장), scenarios 16–17: the activity log, searched and exported, after agents worked in
the other tabs of the same window (training mode)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QComboBox, QDateEdit, QPlainTextEdit, QTableView, QWidget
from support.confirm import Confirmer
from support.desk import AGENT, SHOP, Desk
from support.widgets import choose, click, click_rows, find, table_rows, text_of, type_text

from portone_desk.api.timefmt import KST
from portone_desk.ui import files
from portone_desk.ui.history.tab import CHANGES

HISTORY = "처리 내역"


def today() -> str:
    return datetime.now(KST).strftime("%Y-%m-%d")


def history_loaded(desk: Desk, tab: QWidget) -> None:
    desk.qtbot.waitUntil(lambda: not tab.loading, timeout=5_000)
    desk.idle()


def cancel_receipt(desk: Desk, confirmer: Confirmer, order_number: str, why: str) -> None:
    """An agent, earlier: finds the payment and cancels its receipt, giving a reason."""
    tab = desk.open_tab("현금영수증")
    type_text(desk.qtbot, tab, "searchInput", order_number)
    click(desk.qtbot, tab, "searchButton")
    desk.idle()
    confirmer.note = why
    click(desk.qtbot, tab, "revokeReceipt")
    desk.idle()
    assert text_of(tab, "receiptState").startswith("발급 취소됨")


def test_scenario_16_who_cancelled_this_receipt(desk: Desk, confirmer: Confirmer) -> None:
    since = desk.mark()
    cancel_receipt(desk, confirmer, "order-1013", "고객 요청: 주문 전체 환불")
    cancel_receipt(desk, confirmer, "order-1003", "다른 주문")  # someone else's case, same day
    assert desk.changes(since) == [
        ("DELETE", "/receipts/imp_demo_daou_receipt"),
        ("DELETE", "/receipts/imp_demo_receipt_issued"),
    ]

    # The lead, with the customer's order number only.
    tab = desk.open_tab(HISTORY)
    history_loaded(desk, tab)
    type_text(desk.qtbot, tab, "historySearch", "order-1013")
    desk.qtbot.waitUntil(lambda: not tab.loading and tab.model.rowCount() > 0, timeout=5_000)
    desk.qtbot.waitUntil(
        lambda: all(r["주문번호"] == "order-1013" for r in table_rows(find(tab, QTableView, "historyTable"))),
        timeout=5_000,
    )
    rows = table_rows(find(tab, QTableView, "historyTable"))
    [cancel] = [r for r in rows if r["작업"].startswith("현금영수증 발급취소")]
    assert cancel["상담원"] == AGENT  # who
    assert cancel["시간(KST)"].startswith(today())  # when
    assert cancel["결제번호"] == "imp_demo_daou_receipt"  # what
    assert cancel["결과"] == "완료"  # with which result
    assert cancel["사유/메모"] == "고객 요청: 주문 전체 환불"  # and why
    # The lookups around it are there too, so the lead sees the whole call with the customer.
    assert any(r["작업"] != cancel["작업"] for r in rows)

    # One click shows everything the log holds about it.
    click_rows(desk.qtbot, find(tab, QTableView, "historyTable"), [rows.index(cancel)])
    details = find(tab, QPlainTextEdit, "historyDetails").toPlainText()
    assert f"상담원: {AGENT}" in details
    assert "주문번호(merchant_uid): order-1013" in details
    assert "사유/메모: 고객 요청: 주문 전체 환불" in details
    assert "결과: 완료" in details and "변경" in details
    assert "프로필: 연습 모드" in details  # practice, not the live shop


def test_scenario_17_end_of_day_export(desk: Desk, confirmer: Confirmer, monkeypatch, tmp_path: Path) -> None:
    # The day's work: a Naver order confirmed and shipped, a receipt issued.
    naver = desk.open_tab("네이버페이 주문")
    type_text(desk.qtbot, naver, "naverImpUid", "order-2001")
    click(desk.qtbot, naver, "naverLookupButton")
    desk.idle()
    click_rows(desk.qtbot, find(naver, QTableView, "naverOrdersTable"), [0])
    assert naver.selected_ids() == ["2026200100000001"]
    click(desk.qtbot, naver, "naverPlaceProductOrder")
    desk.idle()
    click(desk.qtbot, naver, "naverShipProductOrder")
    form = naver.panel.form
    choose(form, "delivery_method", "택배·등기·소포")
    choose(form, "delivery_company", "CJ대한통운")
    type_text(desk.qtbot, form, "tracking_number", "611111111111")
    click(desk.qtbot, naver, "submitAction")
    desk.idle()
    assert naver.banner.kind == "success", naver.banner.text()
    receipts = desk.open_tab("현금영수증")
    type_text(desk.qtbot, receipts, "searchInput", "order-1001")
    click(desk.qtbot, receipts, "searchButton")
    desk.idle()
    type_text(desk.qtbot, receipts, "identifier", "010-1234-5678")
    click(desk.qtbot, receipts, "issueReceipt")
    desk.idle()
    assert text_of(receipts, "receiptState").startswith("발급됨")

    # The lead: today only, the changes only (no lookups), to Excel.
    tab = desk.open_tab(HISTORY)
    history_loaded(desk, tab)
    click(desk.qtbot, tab, "historyToday")
    assert find(tab, QDateEdit, "historyFrom").date() == find(tab, QDateEdit, "historyTo").date()
    choose(tab, "historyOperation", CHANGES)
    history_loaded(desk, tab)
    assert find(tab, QComboBox, "historyOperation").currentText() == CHANGES
    shown = table_rows(find(tab, QTableView, "historyTable"))
    assert len(shown) == 3 and text_of(tab, "historyCount") == "3건"
    target = tmp_path / "오늘_처리내역"
    asked: list[tuple] = []
    monkeypatch.setattr(files, "ask_save_path", lambda *a: asked.append(a) or str(target))
    click(desk.qtbot, tab, "historyExportXlsx")
    desk.qtbot.waitUntil(lambda: not tab.exporting, timeout=5_000)
    path = target.with_suffix(".xlsx")
    assert asked and asked[0][2] == f"처리내역_{today()}.xlsx"  # the suggested file name
    assert text_of(tab, "historyBanner") == f"3건을 저장했습니다: {path}"

    sheet = load_workbook(path).active
    cells = [[str(c) if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    header, *lines = cells
    rows = [dict(zip(header, line, strict=True)) for line in lines]
    assert sorted(r["작업"] for r in rows) == sorted(
        ["네이버페이 발주확인", "네이버페이 발송처리", "현금영수증 발급 (포트원 거래)"]
    )
    for row in rows:
        assert row["상담원"] == AGENT and row["결과"] == "완료" and row["구분"] == "변경"
        assert row["시간(KST)"].startswith(today())
        assert row["프로필"] != SHOP  # practice rows say so
    by_op = {r["작업"]: r for r in rows}
    assert by_op["네이버페이 발송처리"]["주문번호(merchant_uid)"] == "order-2001"
    assert by_op["네이버페이 발송처리"]["상품주문번호"] == "2026200100000001"
    assert by_op["네이버페이 발송처리"]["택배사"] == "CJ대한통운"
    assert by_op["네이버페이 발송처리"]["송장번호"] == "611111111111"
    assert "OS 사용자" not in header
    assert by_op["현금영수증 발급 (포트원 거래)"]["주문번호(merchant_uid)"] == "order-1001"
    assert not any("01012345678" in c or "010-1234-5678" in c for line in cells for c in line)
