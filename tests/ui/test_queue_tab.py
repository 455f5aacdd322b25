"""The 할 일 tab through the real main window in training mode: counts, opening an order already
looked up, customer search, acting on a ticked list with a partial failure, and a refresh that
never holds the GUI thread. The queue source is the test's (``FakeSource``); the orders it lists
are real sandbox orders, so what the tab opens and sends is checked against the sandbox."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QTableWidget,
    QTabWidget,
)
from support.queue_tab import FakeSource, add_payment, naver_payment, posts

from portone_desk.bulk.rows import DONE, FAILED
from portone_desk.ui import confirm as confirm_module
from portone_desk.ui.main_window import MainWindow
from portone_desk.ui.queue import tab as tab_module
from portone_desk.ui.queue.source import QueueItem, SearchHit
from portone_desk.ui.queue.tab import QueueTab
from portone_desk.ui.sandbox_mode import start_sandbox

DAY = 86400


@pytest.fixture
def source() -> FakeSource:
    return FakeSource()


@pytest.fixture
def window(qtbot, ctx, profile_store, desk_home, monkeypatch, source: FakeSource) -> Iterator[MainWindow]:
    monkeypatch.setattr(tab_module, "source_for", lambda ctx, secrets=None: source)
    window = MainWindow(ctx, profile_store, desk_home, sandbox_starter=lambda: start_sandbox(None))
    window.confirm = lambda *_: True
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.switch_to_sandbox()
    assert window.sandbox is not None
    window.sandbox.wait_ready()
    # Training mode without a named agent would ask who is practising: the agent is named already.
    window.training.set_trainee_name(window.sandbox, "김상담")
    yield window
    window.shutdown()


@pytest.fixture
def confirmed(monkeypatch) -> list[Any]:
    asked: list[Any] = []

    def yes(parent, title, sections, **kwargs):  # type: ignore[no-untyped-def]
        asked.append((title, sections, kwargs))
        return confirm_module.Confirmation()

    monkeypatch.setattr(confirm_module, "confirm", yes)
    return asked


def queue_tab(window: MainWindow) -> QueueTab:
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs.tabText(0) == "할 일"
    tab = window.tab_widget("할 일")
    assert isinstance(tab, QueueTab)
    return tab


def wait_refreshed(qtbot, tab: QueueTab, source: FakeSource, before: int = 0) -> None:
    qtbot.waitUntil(lambda: source.refreshes > before and not tab.refreshing, timeout=10_000)


def entry_texts(tab: QueueTab) -> list[str]:
    queue_list = tab.findChild(QListWidget, "queueList")
    return [queue_list.item(i).text() for i in range(queue_list.count())]


def test_queue_tab_is_first_and_shows_counts_and_freshness(qtbot, window, source) -> None:
    now = int(time.time())
    source.items = [
        QueueItem("place", "imp_p1", "order-1", "P1", "김*수", "셔츠", 10000, "결제완료", since=now - 3600),
        QueueItem("ship", "imp_s1", "order-2", "S1", "이*영", "바지", 20000, "발주확인", deadline=now + DAY),
        QueueItem(
            "ship",
            "imp_s2",
            "order-3",
            "S2",
            "박*호",
            "모자",
            5000,
            "발주확인",
            deadline=now - DAY,
            overdue=True,
        ),
        QueueItem(
            "return_request", "imp_r1", "order-4", "R1", "최*린", "양말", 3000, "반품요청", sub="수거중"
        ),
        QueueItem(
            "return_request", "imp_r2", "order-5", "R2", "정*우", "신발", 9000, "반품요청", sub="수거완료"
        ),
        QueueItem(
            "receipt_due",
            "imp_c1",
            "order-6",
            "",
            "한*솔",
            "가구",
            150000,
            "결제완료",
            sub="의무발행",
            deadline=now + 2 * DAY,
            mandatory=True,
        ),
    ]
    tab = queue_tab(window)
    assert window.findChild(QTabWidget, "mainTabs").currentIndex() == 0  # the shift starts here
    wait_refreshed(qtbot, tab, source)
    texts = entry_texts(tab)
    assert texts[0].startswith("발주 대기  1")
    assert texts[1] == "발송 대기  2  (기한 지남 1)"
    assert texts[3] == "반품 요청  2  (수거중 1 · 수거완료 1)"
    assert texts[6] == "현금영수증 발급 필요  1  (의무발행 1)"
    badge = window.findChild(QLabel, "queueTabCount")
    assert badge is not None and badge.text() == "6" and badge.isVisibleTo(window)
    assert tab.findChild(QLabel, "queueSyncedAt").text().startswith("마지막 갱신")

    # 발송 대기: overdue first and marked.
    tab.select_queue("ship")
    table = tab.findChild(QTableView, "queueTable")
    model = table.model()
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "order-3"
    assert "기한 지남" in model.index(0, 6).data()
    assert "기한 지남" not in model.index(1, 6).data()

    # 현금영수증 발급 필요: the self-issue number is offered for a mandatory issue.
    tab.select_queue("receipt_due")
    self_issue = tab.findChild(QPushButton, "queueSelfIssue")
    assert self_issue.isVisible() and self_issue.isEnabled() and "010-000-1234" in self_issue.text()


def test_cached_queues_show_before_the_refresh_finishes(qtbot, request, source) -> None:
    source.items = [QueueItem("place", "imp_p1", "order-1", "P1", "김*수", "셔츠", 10000, "결제완료")]
    source.gate = threading.Event()
    tab = queue_tab(request.getfixturevalue("window"))  # the cache holds the item when the app starts
    qtbot.waitUntil(lambda: entry_texts(tab)[0].startswith("발주 대기  1"), timeout=5_000)
    assert tab.refreshing and source.refreshes == 0  # shown from the cache, refresh still out
    source.gate.set()
    wait_refreshed(qtbot, tab, source)


def test_enter_opens_the_naver_order_already_looked_up(qtbot, window, source) -> None:
    url = window.sandbox.url
    imp, ids = naver_payment(url, [{"product_order_status": "PAYED"}] * 2, "queue-open-1")
    source.items = [QueueItem("place", imp, "queue-open-1", ids[1], "김*수", "셔츠", 10000, "결제완료")]
    tab = queue_tab(window)
    wait_refreshed(qtbot, tab, source)
    table = tab.findChild(QTableView, "queueTable")
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)

    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs.tabText(tabs.currentIndex()) == "네이버페이 주문"
    naver = window.tab_widget("네이버페이 주문")
    orders = naver.findChild(QTableView, "naverOrdersTable")
    qtbot.waitUntil(lambda: orders.model().rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: naver.selected_ids() == [ids[1]], timeout=5_000)
    assert naver.findChild(QLineEdit, "naverImpUid").text() == imp


def test_double_click_opens_a_receipt_payment_in_the_receipts_tab(qtbot, window, source) -> None:
    url = window.sandbox.url
    paid = add_payment(url, pay_method="vbank", pg_provider="kcp", amount=120000, status="paid")
    source.items = [
        QueueItem(
            "receipt_due", paid["imp_uid"], paid["merchant_uid"], "", "김*수", "가구", 120000, "결제완료"
        )
    ]
    tab = queue_tab(window)
    wait_refreshed(qtbot, tab, source)
    tab.select_queue("receipt_due")
    table = tab.findChild(QTableView, "queueTable")
    rect = table.visualRect(table.model().index(0, 1))
    # A real double-click starts with a press (the view opens only the index it saw pressed).
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    receipts = window.tab_widget("현금영수증")
    tabs = window.findChild(QTabWidget, "mainTabs")
    assert tabs.currentWidget().isAncestorOf(receipts)
    qtbot.waitUntil(lambda: receipts.imp_uid == paid["imp_uid"], timeout=10_000)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("김민", "order-100"), ("5678", "order-200"), ("order-3", "order-300")],
    ids=["name", "last-4", "order-number"],
)
def test_customer_search_as_the_agent_types(qtbot, window, source, typed, expected) -> None:
    url = window.sandbox.url
    made = {
        number: add_payment(
            url, pay_method="vbank", pg_provider="kcp", amount=1000, status="paid", merchant_uid=number
        )
        for number in ("order-100", "order-200", "order-300")
    }
    source.hits = [
        SearchHit(
            made["order-100"]["imp_uid"], "order-100", "김민수", 1000, "결제완료", "kcp", matched="1234"
        ),
        SearchHit(
            made["order-200"]["imp_uid"], "order-200", "이영희", 1000, "결제완료", "kcp", matched="5678"
        ),
        SearchHit(
            made["order-300"]["imp_uid"], "order-300", "박철수", 1000, "결제완료", "kcp", matched="0000"
        ),
    ]
    tab = queue_tab(window)
    box = tab.findChild(QLineEdit, "customerSearch")
    results = tab.findChild(QTableWidget, "searchResults")
    box.setFocus()
    for char in typed:  # Hangul comes from the input method, not key events (QTest cannot type it)
        if char.isascii():
            qtbot.keyClicks(box, char)
        else:
            box.insert(char)
    qtbot.waitUntil(lambda: results.rowCount() >= 1 and results.item(0, 0).text() == expected, timeout=5_000)
    assert source.searches[-1] == typed  # debounced: the last search is for the whole text
    assert len(source.searches) < len(typed) + 1
    qtbot.keyClick(box, Qt.Key.Key_Return)
    receipts = window.tab_widget("현금영수증")
    qtbot.waitUntil(lambda: receipts.imp_uid == made[expected]["imp_uid"], timeout=10_000)


def test_return_approvals_on_a_ticked_list_with_a_partial_failure(qtbot, window, source, confirmed) -> None:
    url = window.sandbox.url
    collected = {"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "COLLECT_DONE"}
    imp, ids = naver_payment(url, [collected, {**collected, "held": True}, collected], "queue-return-1")
    source.items = [
        QueueItem(
            "return_request",
            imp,
            "queue-return-1",
            order_id,
            "김*수",
            "셔츠",
            10000,
            "반품요청",
            sub="수거완료",
        )
        for order_id in ids
    ]
    tab = queue_tab(window)
    wait_refreshed(qtbot, tab, source)
    tab.select_queue("return_request")
    tab.findChild(type(tab.tick_all), "queueTickAll").setChecked(True)
    assert tab.findChild(QLabel, "queueTicked").text() == "3건 체크"
    refreshes = source.refreshes
    button = tab.findChild(QPushButton, "queueApproveReturn")
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    panel = tab.act_panel
    qtbot.waitUntil(lambda: bool(confirmed) and not panel.busy, timeout=15_000)
    title, sections, _kwargs = confirmed[0]
    assert title == "네이버페이 반품승인"
    assert ("선택", "목록 전체 3건") in sections[0][1]  # the whole queue: its count is named
    statuses = {row.product_order_id: (row.status, row.message) for row in panel.rows}
    assert statuses[ids[0]][0] == statuses[ids[2]][0] == DONE
    assert statuses[ids[1]][0] == FAILED and "보류" in statuses[ids[1]][1]
    banner = tab.findChild(QLabel, "queueBanner")
    assert "실패 1행" in banner.text()
    assert len(posts(url, "/naver/approve-return")) == 1  # one payment, one call
    retry = tab.findChild(QPushButton, "queueRetryFailed")
    assert retry.isEnabled()
    qtbot.waitUntil(lambda: source.refreshes > refreshes, timeout=10_000)  # the queues follow the run
    # The activity log has the call, a partial result naming the product order that failed.
    logged = [r for r in window.audit().query() if r.operation == "naverApproveReturnProductOrder"]
    assert len(logged) == 1
    assert logged[0].outcome == "partial" and list(logged[0].failed_ids) == [ids[1]]


def test_ship_grid_checks_rows_like_a_sheet_then_ships(qtbot, window, source, confirmed) -> None:
    url = window.sandbox.url
    imp, ids = naver_payment(url, [{"product_order_status": "PAYED", "placed": True}] * 2, "queue-ship-1")
    source.items = [
        QueueItem("ship", imp, "queue-ship-1", order_id, "김*수", "셔츠", 10000, "발주확인")
        for order_id in ids
    ]
    tab = queue_tab(window)
    wait_refreshed(qtbot, tab, source)
    tab.select_queue("ship")
    tab.tick_all.setChecked(True)
    seen: dict[str, str] = {}

    def fill() -> None:
        grid = tab.ship_grid
        grid.set_row(0, "없는택배", "123456789012")
        grid.set_row(1, "CJ대한통운", "123456789012")
        grid.check_and_accept()  # the bad courier keeps the dialog open, with the reason
        seen["first"] = grid.findChild(QLabel, "shipGridSummary").text()
        grid.paste("CJ대한통운\t123456789012\nCJ대한통운\t123456789012")  # a block from a sheet
        grid.check_and_accept()

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(tab.findChild(QPushButton, "queueShip"), Qt.MouseButton.LeftButton)
    assert "1행을 고쳐" in seen["first"]
    panel = tab.act_panel
    qtbot.waitUntil(lambda: bool(confirmed) and not panel.busy and bool(panel.rows), timeout=15_000)
    assert {row.status for row in panel.rows} == {DONE}
    assert len(posts(url, "/naver/ship")) == 1  # one box: same payment, same waybill → one call


def test_refresh_never_blocks_the_gui(qtbot, window, source) -> None:
    """A heartbeat timer keeps firing while a refresh is out (held open by the test)."""
    tab = queue_tab(window)
    wait_refreshed(qtbot, tab, source)
    source.gate = threading.Event()
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    window.activateWindow()
    qtbot.waitActive(window)
    table = tab.findChild(QTableView, "queueTable")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F5)  # the tab's shortcut
    assert tab.refreshing
    qtbot.waitUntil(source.refreshing.is_set, timeout=5_000)
    qtbot.waitUntil(lambda: len(gaps) >= 40, timeout=5_000)
    assert tab.refreshing  # the refresh was out the whole time
    source.gate.set()
    wait_refreshed(qtbot, tab, source, before=1)
    heartbeat.stop()
    assert max(gaps) < 250, max(gaps)  # offscreen CI on 2 shared cores: far above 5 ms, far below a block


def test_clear_local_data_asks_and_empties_the_queues(qtbot, window, source) -> None:
    source.items = [QueueItem("place", "imp_p1", "order-1", "P1", "김*수", "셔츠", 10000, "결제완료")]
    tab = queue_tab(window)
    wait_refreshed(qtbot, tab, source)
    asked: list[str] = []
    tab.confirm = lambda parent, title, text: asked.append(title) or True
    qtbot.mouseClick(tab.findChild(QPushButton, "queueClearLocal"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: source.cleared and entry_texts(tab)[0] == "발주 대기  0", timeout=5_000)
    assert asked == ["로컬 데이터 지우기"]


@pytest.mark.expect_log(r"queue cache unavailable: NoKeyringBackend", logger="portone_desk.ui.queue.tab")
def test_no_safe_keyring_is_told_not_crashed(qtbot, window, source) -> None:
    from portone_desk.store.secrets import NoKeyringBackend

    def refuse() -> None:
        raise NoKeyringBackend()

    source.cached = refuse  # type: ignore[method-assign]
    source.refresh = refuse  # type: ignore[method-assign]
    tab = queue_tab(window)
    tab.start()
    banner = tab.findChild(QLabel, "queueBanner")
    qtbot.waitUntil(lambda: banner.text().startswith("할 일 목록을 쓸 수 없습니다."), timeout=5_000)
    assert "키링" in banner.text()


def test_closing_mid_run_pauses_the_ticked_list_like_a_sheet(qtbot, window, source, confirmed) -> None:
    """Closing while a run from the queue is out: the batch pauses (resumable from the bulk tab)."""
    from portone_desk.sandbox.control_client import SandboxControl

    url = window.sandbox.url
    requested = {"product_order_status": "PAYED", "claim_type": "CANCEL", "claim_status": "CANCEL_REQUEST"}
    payments = [naver_payment(url, [requested], f"queue-close-{n}") for n in range(6)]  # > 4 in flight
    source.items = [
        QueueItem("cancel_request", imp, f"queue-close-{n}", ids[0], "김*수", "셔츠", 10000, "취소요청")
        for n, (imp, ids) in enumerate(payments)
    ]
    tab = queue_tab(window)
    wait_refreshed(qtbot, tab, source)
    tab.select_queue("cancel_request")
    tab.tick_all.setChecked(True)
    control = SandboxControl(url)
    control.add_fault(path="/payments/", method="POST", times=6, latency_ms=1500)
    qtbot.mouseClick(tab.findChild(QPushButton, "queueApproveCancel"), Qt.MouseButton.LeftButton)
    panel = tab.act_panel
    qtbot.waitUntil(lambda: panel.controller.running, timeout=15_000)
    control.wait_for_requests(1, method="POST", path="/naver/approve-cancel", answered=False)

    window.close()  # the close policy asks every tab to wind down; ours pauses the run
    qtbot.waitUntil(lambda: not panel.controller.running, timeout=20_000)
    store = panel.store
    info = store.batch(panel.batch_id)
    assert info is not None and info.kind == "approve_cancel"
    statuses = [row.status for row in store.rows(panel.batch_id)]
    assert info.status == "paused", info.status
    assert "pending" in statuses and "done" in statuses, statuses  # sent ones recorded, the rest waits
    assert any(b.id == info.id for b in store.unfinished())  # the bulk tab offers to resume it


def test_ship_grid_takes_a_block_pasted_with_ctrl_v(qtbot) -> None:
    from PySide6.QtGui import QGuiApplication

    from portone_desk.ui.queue.ship_grid import COURIER, TRACKING, ShipGrid

    items = [
        QueueItem("ship", "imp_a", f"order-{n}", f"P{n}", "김*수", "셔츠", 10000, "발주확인")
        for n in range(3)
    ]
    grid = ShipGrid(items, "test")
    qtbot.addWidget(grid)
    grid.show()
    qtbot.waitExposed(grid)
    QGuiApplication.clipboard().setText("CJ대한통운\t111122223333\r\n한진택배\t444455556666\r\n")
    grid.grid.setFocus()
    grid.grid.setCurrentCell(1, COURIER)
    qtbot.keyClick(grid.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert grid.shipping() == [("", ""), ("CJ대한통운", "111122223333"), ("한진택배", "444455556666")]
    assert grid.grid.item(2, TRACKING).text() == "444455556666"
    assert not grid.check()  # the first row is still empty: checked like a sheet row
    assert "1행을 고쳐" in grid.findChild(QLabel, "shipGridSummary").text()
