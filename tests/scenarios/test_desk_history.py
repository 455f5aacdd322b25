"""Issue 11 §4: a truthful history. A verification completes the row of the call whose answer was
lost; a lookup that finds nothing reads "없음"; reasons read in Korean."""

from __future__ import annotations

import pytest
from support.confirm import Confirmer
from support.desk import Desk
from support.widgets import choose, click, type_text
from test_scenarios_naver_orders import NAVER, NEW, look_up, pick
from test_scenarios_receipts import RECEIPTS, find_payment, issue

from portone_desk.store.audit import OUTCOME_LABELS
from portone_desk.ui.history.tab import details_text


def log_rows(desk: Desk, text: str, operation: str):
    return desk.window.ctx.service.audit.query(text=text, operation=operation)


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_a_lost_answer_checked_by_the_desk_completes_its_own_row(desk: Desk, confirmer: Confirmer):
    tab = desk.open_tab(RECEIPTS)
    for order, happened in (("order-1001", True), ("order-1002", False)):
        find_payment(desk, tab, order)
        desk.fault(path="/receipts/", method="POST", body="drop", when="after" if happened else "before")
        type_text(desk.qtbot, tab, "identifier", "010-1234-5678")
        issue(desk, tab)
        desk.qtbot.waitUntil(
            lambda order=order: log_rows(desk, order, "issueReceipt")[0].settled_at is not None
        )
        [row] = log_rows(desk, order, "issueReceipt")  # one row, completed: not a second one
        assert row.outcome == ("ok" if happened else "failed")
        assert row.settled_how.endswith("발급됨" if happened else "발급되지 않음")
        assert row.outcome_label.startswith(OUTCOME_LABELS[row.outcome] + " (확인됨 ")
        assert "확인: " in details_text(row)


def test_a_lookup_that_finds_nothing_is_none_not_a_failure(desk: Desk):
    tab = desk.open_tab(RECEIPTS)
    find_payment(desk, tab, "order-1002")  # paid, no receipt yet
    rows = log_rows(desk, "imp_demo_trans_paid", "getReceipt")
    assert rows and {r.outcome for r in rows} == {"none"}
    assert rows[0].outcome_label == "없음"


def test_reason_codes_are_logged_by_their_korean_label(desk: Desk, confirmer: Confirmer):
    tab = desk.open_tab(NAVER)
    look_up(desk, tab, "order-2001")
    pick(desk, tab, NEW)
    click(desk.qtbot, tab, "naverCancelProductOrder")
    choose(tab.panel.form, "reason", "상품 품절")
    click(desk.qtbot, tab, "submitAction")
    desk.idle()
    [row] = log_rows(desk, NEW, "naverCancelProductOrder")
    assert row.reason == "상품 품절"
    assert row.details["reason"] == "SOLD_OUT" or row.details["reason"].endswith("SOLD_OUT")
    assert "상품 품절 (" in details_text(row)
