"""The 할 일 tab over the real queue cache (``portone_desk.queues``) in training mode: a refresh
fills the queues from the sandbox, search finds an order by its number from the local cache, and
acting from the queue moves the order on at the next refresh."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QTableView, QTableWidget
from support.queue_tab import naver_payment

from portone_desk.ui import confirm as confirm_module
from portone_desk.ui.main_window import MainWindow
from portone_desk.ui.queue.cache_adapter import CacheSource
from portone_desk.ui.queue.tab import QueueTab
from portone_desk.ui.sandbox_mode import start_sandbox


@pytest.fixture
def window(qtbot, ctx, profile_store, desk_home, monkeypatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(confirm_module, "confirm", lambda *a, **k: confirm_module.Confirmation())
    window = MainWindow(ctx, profile_store, desk_home, sandbox_starter=lambda: start_sandbox(None))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.switch_to_sandbox()
    window.sandbox.wait_ready()
    yield window
    window.shutdown()


def queue_keys(tab: QueueTab, queue: str) -> set[str]:
    return {item.product_order_id for item in tab.snapshot.items.get(queue, ())}


def test_real_cache_fills_the_queues_and_search_finds_the_order(qtbot, window) -> None:
    _imp, ids = naver_payment(window.sandbox.url, [{"product_order_status": "PAYED"}] * 2, "cache-order-1")
    tab = window.tab_widget("할 일")
    assert isinstance(tab, QueueTab)
    qtbot.waitUntil(lambda: isinstance(tab.source, CacheSource), timeout=5_000)
    qtbot.waitUntil(lambda: not tab.refreshing and tab.snapshot.synced_at is not None, timeout=30_000)
    if not set(ids) <= queue_keys(tab, "place"):  # made before or after the first refresh began
        tab.refresh()
        qtbot.waitUntil(lambda: set(ids) <= queue_keys(tab, "place"), timeout=30_000)
    assert tab.findChild(QLabel, "queueSyncedAt").text().startswith("마지막 갱신")
    badge = window.findChild(QLabel, "queueTabCount")
    assert badge is not None and int(badge.text().replace(",", "")) == tab.snapshot.total >= 2

    box = tab.findChild(QLineEdit, "customerSearch")
    results = tab.findChild(QTableWidget, "searchResults")
    qtbot.keyClicks(box, "cache-order")
    qtbot.waitUntil(
        lambda: results.rowCount() >= 1 and results.item(0, 0).text() == "cache-order-1", timeout=5_000
    )

    # 발주확인 on the two ticked rows: the activity log moves them to 발송 대기 at the next refresh.
    tab.select_queue("place")
    for row, item in enumerate(tab.model.items):
        if item.product_order_id in ids:
            tab.model.set_ticked(row, True)
    assert len(tab.model.ticked()) == 2
    qtbot.mouseClick(tab.action_buttons["place"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.act_panel.busy and bool(tab.act_panel.rows), timeout=15_000)
    assert {row.status for row in tab.act_panel.rows} == {"done"}
    qtbot.waitUntil(lambda: set(ids) <= queue_keys(tab, "ship"), timeout=30_000)
    assert not set(ids) & queue_keys(tab, "place")
    assert tab.findChild(QTableView, "queueTable") is not None


def test_generated_shop_fills_every_queue_and_search_finds_its_buyers(qtbot, window) -> None:
    import requests

    url = window.sandbox.url
    requests.post(
        f"{url}/_sandbox/generate", json={"payments": 300, "days": 30, "seed": 7}, timeout=60
    ).raise_for_status()
    tab = window.tab_widget("할 일")
    qtbot.waitUntil(lambda: isinstance(tab.source, CacheSource), timeout=5_000)
    qtbot.waitUntil(lambda: not tab.refreshing, timeout=60_000)
    tab.refresh()  # the shop may have come after the first refresh had read the list
    qtbot.waitUntil(lambda: not tab.refreshing, timeout=60_000)
    counts = {key: tab.snapshot.count(key) for key in tab.snapshot.items}
    # (발송 대기 needs the desk's own 발주확인 in the activity log: empty in a fresh desk.)
    for key in ("place", "cancel_request", "return_request", "exchange_request", "receipt_due"):
        assert counts.get(key, 0) > 0, counts
    queue_list = tab.findChild(QListWidget, "queueList")
    shown = [queue_list.item(i).text() for i in range(queue_list.count())]
    assert shown[0].startswith(f"발주 대기  {counts['place']:,}")
    assert int(window.findChild(QLabel, "queueTabCount").text().replace(",", "")) == sum(counts.values())

    # A buyer of the shop, as the agent would hear them: part of the name, the phone's last four.
    listed = window.ctx.service.client.call("getPaymentsByStatus", {"payment_status": "paid", "limit": 50})
    buyer = next(p for p in listed.response["list"] if p.get("buyer_name") and p.get("buyer_tel"))
    box = tab.findChild(QLineEdit, "customerSearch")
    results = tab.findChild(QTableWidget, "searchResults")
    last4 = "".join(ch for ch in buyer["buyer_tel"] if ch.isdigit())[-4:]
    for typed in (buyer["buyer_name"][-2:], last4, buyer["merchant_uid"]):  # name part, last 4, order no.
        box.setText(typed)
        qtbot.waitUntil(
            lambda: any(
                results.item(r, 0) is not None and results.item(r, 0).text() == buyer["merchant_uid"]
                for r in range(results.rowCount())
            ),
            timeout=10_000,
        )
        box.clear()


def test_moving_the_training_clock_makes_orders_overdue_on_the_list(qtbot, window) -> None:
    from portone_desk.sandbox.control_client import SandboxControl

    control = SandboxControl(window.sandbox.url)
    _imp, ids = naver_payment(window.sandbox.url, [{"product_order_status": "PAYED"}], "clock-order-1")
    tab = window.tab_widget("할 일")
    qtbot.waitUntil(lambda: isinstance(tab.source, CacheSource) and not tab.refreshing, timeout=30_000)
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.refreshing and set(ids) <= queue_keys(tab, "place"), timeout=30_000)
    item = next(i for i in tab.snapshot.items["place"] if i.product_order_id == ids[0])
    assert not item.overdue

    control.advance(3 * 86400)  # the trainer moves the shop three days on
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.refreshing, timeout=30_000)
    qtbot.waitUntil(
        lambda: any(i.overdue for i in tab.snapshot.items["place"] if i.product_order_id == ids[0]),
        timeout=30_000,
    )
    tab.select_queue("place")
    row = next(r for r, i in enumerate(tab.model.items) if i.product_order_id == ids[0])
    assert "기한 지남" in tab.model.index(row, 6).data()
    assert tab.model.index(row, 7).data().startswith("3일")


def test_clear_local_data_removes_every_profiles_cache(qtbot, window, desk_home) -> None:
    from PySide6.QtWidgets import QPushButton

    from portone_desk.queues import cache_path

    tab = window.tab_widget("할 일")
    qtbot.waitUntil(lambda: tab.first_sync_over and not tab.refreshing, timeout=30_000)
    assert tab.snapshot.total > 0  # the demo data has work
    other = cache_path(desk_home, "another-shop")
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_bytes(b"another profile's cache")
    tab.confirm = lambda *_: True
    qtbot.mouseClick(tab.findChild(QPushButton, "queueClearLocal"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.snapshot.total == 0, timeout=10_000)
    assert not other.exists()
    assert tab.source.cached().total == 0  # this profile's cache is empty, not just the screen
