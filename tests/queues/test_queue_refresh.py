"""Incremental refresh: calls made against what was needed, changes picked up, purge, clearing."""

from __future__ import annotations

import threading
import time

import pytest
from queue_support import Desk

from portone_desk.api.naver_states import FINISHED, open_claim
from portone_desk.queues import QUEUE_KEYS, cache_path, clear_local_data
from portone_desk.queues.privacy import KEY_KIND

DAY = 24 * 3600


def _calls(desk: Desk, since: int) -> list[dict]:
    return [r for r in desk.control.requests(since=since) if r["path"] != "/users/getToken"]


def _log_size(desk: Desk) -> int:
    return desk.control.mark()


def _open_naver(desk: Desk) -> set[str]:
    """Naver payments with an order that may still change, from the sandbox's own data."""
    status = {p["imp_uid"]: p["status"] for p in desk.sandbox_docs("payments")}
    found = set()
    for order in desk.sandbox_docs("product_orders"):
        final = (
            order["product_order_status"] in FINISHED or order["product_order_status"] == "PURCHASE_DECIDED"
        ) and (not open_claim(order))
        if not final and status[order["_imp_uid"]] == "paid":
            found.add(order["_imp_uid"])
    return found


def test_first_and_second_refresh_make_only_the_needed_calls(desk: Desk) -> None:
    naver = {p["imp_uid"] for p in desk.sandbox_docs("payments") if p["pg_provider"] == "naverco"}
    naver_paid = {
        p["imp_uid"]
        for p in desk.sandbox_docs("payments")
        if p["pg_provider"] == "naverco" and p["status"] == "paid"
    }
    before = _log_size(desk)
    first = desk.desk.refresh()
    calls = _calls(desk, before)
    pages = [c for c in calls if c["path"] == "/payments/status/all"]
    orders = [c for c in calls if c["path"].endswith("/naver/product-orders")]
    assert len(pages) == first.payment_calls == 1  # 600 payments: one page of 1000
    assert pages[0]["query"]["limit"] == "1000"
    assert {c["path"].split("/")[2] for c in orders} == naver_paid <= naver
    assert len(orders) == len(naver_paid)  # each once
    assert first.calls == first.minimum_calls == len(calls)
    assert desk.desk.synced_at() is not None

    before = _log_size(desk)
    second = desk.desk.refresh()
    calls = _calls(desk, before)
    orders = [c for c in calls if c["path"].endswith("/naver/product-orders")]
    assert second.payment_calls == 1
    assert "from" in next(c for c in calls if c["path"] == "/payments/status/all")["query"]
    assert {c["path"].split("/")[2] for c in orders} == _open_naver(desk)  # finished ones not again
    assert second.calls == second.minimum_calls == len(calls)


def test_changes_show_after_a_refresh(desk: Desk) -> None:
    desk.desk.refresh()
    now = desk.control.now()
    created = desk.control.add_payment(
        pay_method="vbank",
        amount=88000,
        status="paid",
        pg_provider="kcp",
        buyer_name="탁새봄",
        merchant_uid="order-new-1",
        started_at=now - 30,  # paid just now: after the last refresh's newest payment
        paid_at=now,
    )
    assert not desk.desk.search("order-new-1")
    desk.desk.refresh()
    assert [h.imp_uid for h in desk.desk.search("order-new-1")] == [created["imp_uid"]]
    assert created["imp_uid"] in {i.imp_uid for i in desk.desk.items("receipt_due")}


def test_progress_and_cancel(desk: Desk) -> None:
    seen: list[tuple[int, int]] = []
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 10:
            cancel.set()

    stats = desk.desk.refresh(progress=progress, cancel=cancel)
    assert seen[0][0] == 1 and seen[-1][0] < seen[-1][1]
    assert stats.orders_checked < seen[0][1]
    assert desk.desk.synced_at() is None  # a cancelled refresh is not a complete one
    rest = desk.desk.refresh()  # picks up where it left off: the unchecked ones first
    assert rest.orders_checked >= seen[0][1] - stats.orders_checked


def test_old_rows_are_purged_and_the_wal_truncated(shop, tmp_path) -> None:
    made = Desk(shop, tmp_path / "home", window_days=10)
    try:
        made.desk.refresh()
        cutoff = time.time() - 10 * DAY
        rows = made.desk.cache.conn().execute("SELECT MIN(status_at), COUNT(*) FROM payments").fetchone()
        assert rows[0] >= cutoff - 60
        assert 0 < rows[1] < 600
        wal = made.desk.cache.path.with_name(made.desk.cache.path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    finally:
        made.close()


def test_clear_removes_everything(desk: Desk) -> None:
    desk.desk.refresh()
    assert sum(desk.desk.counts().values()) > 0
    desk.desk.clear()
    assert desk.desk.counts() == dict.fromkeys(QUEUE_KEYS, 0)
    assert desk.desk.search("ORD") == []
    assert desk.desk.synced_at() is None
    path = cache_path(desk.paths, desk.profile.id)
    assert path.exists()
    desk.desk.close()
    assert desk.secrets.get(desk.profile.id, KEY_KIND)
    clear_local_data(desk.paths, desk.secrets)
    assert not path.parent.exists()
    assert desk.secrets.get(desk.profile.id, KEY_KIND) is None


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_training_profile_works_without_a_keyring(shop, tmp_path) -> None:
    from dataclasses import replace

    from portone_desk.api.client import PortOneClient
    from portone_desk.queues import open_queue_desk
    from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Profile
    from portone_desk.store.secrets import SecretStore, SecretStoreError

    paths = AppPaths.under(tmp_path / "home")
    no_keyring = SecretStore(frozen=True, platform="plan9")  # no backend at all
    assert not no_keyring.available()
    live = Profile.new("실제 상점", base_url=shop.url)
    with PortOneClient(shop.url, DEMO_IMP_KEY, DEMO_IMP_SECRET) as client:
        with pytest.raises(SecretStoreError):
            open_queue_desk(paths, live, client, no_keyring)
        training = open_queue_desk(paths, replace(live, is_sandbox=True), client, no_keyring)
        try:
            training.refresh()
            assert training.counts()["place"] > 0
        finally:
            training.close()


def test_every_page_asks_for_the_same_window(desk: Desk) -> None:
    """``from`` is pinned for the whole run (the API's moving default could shift pages), on the
    server's clock: a sandbox clock moved 40 days ahead still gets the shop's whole 30 days."""
    from portone_desk.queues.desk import server_clock_of
    from portone_desk.queues.refresh import Refresher

    desk.control.advance(40 * DAY)
    refresher = Refresher(
        desk.desk.cache, desk.client.call, page_limit=100, server_clock=server_clock_of(desk.client)
    )
    since = desk.control.mark()
    stats = refresher.run(orders=False)
    pages = [r for r in desk.control.requests(since=since) if r["path"] == "/payments/status/all"]
    assert stats.payment_calls == len(pages) == 6
    assert stats.payments_seen == 600
    assert len({page["query"]["from"] for page in pages}) == 1
    assert int(pages[0]["query"]["from"]) >= desk.control.now() - 90 * DAY
