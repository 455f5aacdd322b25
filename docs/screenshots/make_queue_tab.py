"""Render the 할 일 tab for the README: the real window in training mode at 1366×768, a small shop
with something in every queue, the real queue cache. Run under a real X server (Xvfb):

    xvfb-run -s "-screen 0 1366x768x24" uv run python docs/screenshots/make_queue_tab.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

OUT = Path(__file__).with_name("queue_tab.png")
DAY = 86400
NAMES = ("김민수", "이영희", "박철수", "최지우", "정하늘", "한소망", "윤서준", "장예린", "강도윤", "오세린")
PRODUCTS = ("린넨 셔츠", "와이드 슬랙스", "캔버스 토트백", "울 니트", "러닝화", "볼캡")


def shop(url: str) -> list[tuple[str, list[str]]]:
    """Naver payments in every queue and cash payments owing a receipt; (imp_uid, order ids) to place."""
    from portone_desk.sandbox.control_client import SandboxControl

    control = SandboxControl(url)
    now = int(time.time())
    to_place = []
    n = 0

    def pay(orders: list[dict], paid_days_ago: float, **extra: object) -> tuple[str, list[str]]:
        nonlocal n
        n += 1
        name = NAMES[n % len(NAMES)]
        paid = int(now - paid_days_ago * DAY)
        body = {
            "pay_method": "naverpay",
            "pg_provider": "naverco",
            "status": "paid",
            "amount": 39000 * len(orders),
            "buyer_name": name,
            "buyer_tel": f"010-{2000 + n * 37:04d}-{1000 + n * 71:04d}",
            "merchant_uid": f"2026120{1 + n % 2}-{100 + n:04d}",
            "started_at": paid - 60,
            "paid_at": paid,
            "product_orders": [
                {**o, "product_name": PRODUCTS[(n + i) % len(PRODUCTS)]} for i, o in enumerate(orders)
            ],
            **extra,
        }
        data = control.add_payment(**body)
        return data["imp_uid"], data["product_order_ids"]

    for days in (0.1, 0.3, 0.5, 1.2):
        pay([{"product_order_status": "PAYED"}], days)
    for days in (3.5, 2.6, 1.0, 0.6, 0.2):  # acknowledged by the desk below; the first two overdue
        to_place.append(pay([{"product_order_status": "PAYED"}], days))
    for days in (0.4, 1.1):
        pay(
            [{"product_order_status": "PAYED", "claim_type": "CANCEL", "claim_status": "CANCEL_REQUEST"}],
            days,
        )
    pay([{"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "COLLECTING"}], 6)
    pay([{"product_order_status": "DELIVERED", "claim_type": "RETURN", "claim_status": "COLLECT_DONE"}], 8)
    pay(
        [{"product_order_status": "DELIVERED", "claim_type": "EXCHANGE", "claim_status": "EXCHANGE_REQUEST"}],
        7,
    )
    for days, amount in ((1.5, 250000), (3.0, 120000), (0.5, 35000)):
        n += 1
        paid = int(now - days * DAY)
        control.add_payment(
            **{
                "pay_method": "vbank",
                "pg_provider": "kcp",
                "status": "paid",
                "amount": amount,
                "buyer_name": NAMES[n % len(NAMES)],
                "merchant_uid": f"20261201-{300 + n:04d}",
                "name": "원목 식탁" if amount > 100000 else "머그컵 세트",
                "started_at": paid - 60,
                "paid_at": paid,
            },
        )
    return to_place


def main() -> int:
    home = tempfile.mkdtemp(prefix="queue-shot-")
    os.environ["PORTONE_DESK_HOME"] = home
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from portone_desk.store.memory_keyring import MemoryKeyring
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import ProfileStore
    from portone_desk.store.secrets import SecretStore
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.main_window import MainWindow
    from portone_desk.ui.sandbox_mode import start_sandbox
    from portone_desk.ui.worker import OperationRunner

    app = QApplication.instance() or QApplication(sys.argv)
    paths = AppPaths.default()
    profiles = ProfileStore(paths, SecretStore(backend=MemoryKeyring()))

    def starter():  # type: ignore[no-untyped-def]
        session = start_sandbox(None)
        session.profile = replace(session.profile, agent_name="김상담", cash_receipt_mandatory=True)
        return session

    window = MainWindow(DeskContext(OperationRunner()), profiles, paths, sandbox_starter=starter)
    window.show()
    window.resize(1366, 768)  # after show: the first show restores a saved (or default) size
    window.switch_to_sandbox()
    assert window.sandbox is not None
    window.sandbox.wait_ready()
    for imp_uid, ids in shop(window.sandbox.url):
        window.ctx.service.call("naverPlaceProductOrder", {"imp_uid": imp_uid, "product_order_id": ids})
    tab = window.tab_widget("할 일")

    def wait(condition, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.02)

    wait(lambda: tab.snapshot.synced_at is not None and not tab.refreshing)
    tab.refresh()  # the activity log's 발주확인 above moves those orders to 발송 대기
    wait(lambda: not tab.refreshing)
    wait(lambda: False, 0.3)
    tab.select_queue("ship")
    tab.model.set_ticked(0, True)
    tab.model.set_ticked(1, True)
    tab.search.box.setText("")
    QTimer.singleShot(0, lambda: None)
    wait(lambda: False, 0.5)
    window.grab().save(str(OUT))
    print(f"saved {OUT} ({window.width()}×{window.height()})")
    window.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
