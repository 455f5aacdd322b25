"""The 할 일 queues in team mode read what the desk did from the team log: 발주확인 done by another
agent on another PC (the API still says PAYED) moves the order from 발주 확인 to 발송 대기 on this PC."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from team_support import TeamDb, team_service

from portone_desk.api.client import PortOneClient
from portone_desk.queues import open_queue_desk
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.sandbox.server import SandboxServer
from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import Profile
from portone_desk.store.secrets import SecretStore

SMALL_SHOP = {"payments": 200, "days": 30, "seed": 21}


@pytest.fixture
def shop() -> Iterator[SandboxServer]:
    server = SandboxServer(seed_demo=False, shop=SMALL_SHOP).start()
    try:
        yield server
    finally:
        server.stop()


def _unplaced(server: SandboxServer) -> set[str]:
    """Product orders the sandbox has not had 발주확인 for (its private flag; the API does not say)."""
    store = server.app.store
    with store.lock:
        docs = [json.loads(r[0]) for r in store._conn.execute("SELECT doc FROM product_orders").fetchall()]
    return {d["product_order_id"] for d in docs if not d["_placed"]}


def test_place_by_another_agent_moves_the_order_on_this_pc(
    shop: SandboxServer, team_db: TeamDb, tmp_path: Path
) -> None:
    kim_log, lee_log = team_db.audit("kim"), team_db.audit("lee")
    client = PortOneClient(shop.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    profile = Profile.new("팀 상점", base_url=shop.url)
    # Kim's PC: its own queue cache, the team log as the activity log.
    desk = open_queue_desk(
        AppPaths.under(tmp_path / "kim-pc"),
        profile,
        client,
        SecretStore(backend=MemoryKeyring()),
        audit=kim_log,
    )
    try:
        desk.refresh()
        unplaced = _unplaced(shop)
        to_place = [i for i in desk.items("place") if i.product_order_id in unplaced][:2]
        assert len(to_place) == 2
        ids = {i.product_order_id for i in to_place}
        assert not ids & {i.product_order_id for i in desk.items("ship")}

        lee = team_service(shop.url, lee_log)  # Lee, on another PC
        for item in to_place:
            lee.call(
                "naverPlaceProductOrder",
                {"imp_uid": item.imp_uid, "product_order_id": [item.product_order_id]},
            )
        assert ids <= unplaced - _unplaced(shop)  # placed at PortOne, which the API does not show

        desk.forget_activity()  # as after the TTL: Kim's PC reads the team log again, no refresh
        assert ids <= {i.product_order_id for i in desk.items("ship")}
        assert not ids & {i.product_order_id for i in desk.items("place")}
    finally:
        desk.close()
        client.close()
        kim_log.close()
        lee_log.close()
