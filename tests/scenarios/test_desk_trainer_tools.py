"""Issue 11 §10: the trainer stages the sandbox's faults from the 연습 모드 menu (through
SandboxControl), and a reset clears the bulk tab."""

from __future__ import annotations

import pytest
from support.confirm import Confirmer
from support.desk import Desk
from support.widgets import click, text_of, type_text
from test_scenarios_naver_orders import NAVER, THREE, act, look_up, pick

from portone_desk.ui.training_controller import FAULT_KINDS


def stage(desk: Desk, kind: str) -> None:
    action = next(a for a in desk.window.fault_actions if a.objectName() == f"stageFault_{kind}")
    assert desk.window.fault_menu.isEnabled() and action.isEnabled()
    action.trigger()
    desk.qtbot.waitUntil(lambda: desk.sandbox.faults() != [] or kind == "clear", timeout=5_000)
    desk.idle()


def test_the_fault_menu_lists_what_the_sandbox_can_do():
    assert [kind for kind, _text in FAULT_KINDS] == [
        "drop_after_change",
        "slow_answer",
        "naver_partial",
        "clear",
    ]
    assert all("&" in text for _kind, text in FAULT_KINDS)  # mnemonics


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_a_staged_drop_after_the_change_is_met_by_the_next_issue(desk: Desk, confirmer: Confirmer):
    tab = desk.open_tab("현금영수증")
    type_text(desk.qtbot, tab, "searchInput", "order-1001")
    click(desk.qtbot, tab, "searchButton")
    desk.idle()
    stage(desk, "drop_after_change")
    type_text(desk.qtbot, tab, "identifier", "010-1234-5678")
    click(desk.qtbot, tab, "issueReceipt")
    desk.idle()
    assert (
        "발급 여부를 확인했습니다: 발급됨" in tab.banner.text()
    )  # the change went through, the answer was lost
    stage(desk, "clear")
    assert desk.sandbox.faults() == []


def test_a_staged_partial_naver_failure(desk: Desk, confirmer: Confirmer):
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2011")
    stage(desk, "naver_partial")
    pick(desk, tab, *THREE[:2])
    act(desk, tab, "naverPlaceProductOrder")
    assert tab.banner.kind == "warning", tab.banner.text()
    assert "2건 중 1건만 처리되었고 1건은 실패했습니다" in tab.banner.text()
    assert tab.partial.failed_ids == [THREE[1]]


def test_a_reset_clears_the_bulk_tab(desk: Desk, confirmer: Confirmer, tmp_path, monkeypatch):
    from openpyxl import Workbook

    from portone_desk.ui import files

    sheet_path = tmp_path / "출고.xlsx"
    book = Workbook()
    book.active.append(["결제번호", "상품주문번호", "택배사", "송장번호"])
    book.active.append(["imp_demo_naver_new", "2026200100000001", "CJ대한통운", "611111111111"])
    book.save(sheet_path)
    monkeypatch.setattr(files, "ask_open_path", lambda *a, **k: str(sheet_path))
    bulk = desk.open_tab("일괄 처리")
    click(desk.qtbot, bulk, "bulkImport")
    desk.idle()
    assert text_of(bulk, "bulkFile").startswith("출고.xlsx")
    desk.window.reset_action.trigger()
    desk.idle()
    assert text_of(bulk, "bulkFile") == "불러온 시트 없음" and bulk.sheet is None
    assert bulk.table.model().rowCount() == 0
