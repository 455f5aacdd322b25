"""The bulk tab end to end with pytest-qt: import → mapping → dry run → run → results export,
and the resume offer for a batch left unfinished."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from support.sandbox import control_of, fault, naver_payment, place_posts, ship_posts
from support.widgets import shown

from portone_desk.bulk import jobstore
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.rows import DONE, FAILED, FLAGGED, INVALID, PENDING
from portone_desk.bulk.runner import BatchRunner
from portone_desk.store.paths import AppPaths
from portone_desk.ui import confirm, files
from portone_desk.ui.bulk.tab import BulkTab
from portone_desk.ui.context import DeskContext
from portone_desk.ui.sandbox_mode import SandboxSession


@pytest.fixture
def store(tmp_path: Path) -> Iterator[JobStore]:
    store = JobStore(tmp_path / "batches.sqlite3")
    yield store
    store.close()


@pytest.fixture
def tab(qtbot, sandbox_ctx: DeskContext, store: JobStore) -> BulkTab:
    return shown(qtbot, BulkTab(sandbox_ctx, store=store), 1200, 700)


def _write_sheet(path: Path, url: str) -> dict[str, list[str]]:
    first, first_ids = naver_payment(url, ["PAYED", "PAYED", "DELIVERING"])
    second, second_ids = naver_payment(url, ["PAYED"])
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No", "결제번호", "상품주문번호", "택배사", "운송장번호", "발송일"])
    sheet.append([1, first, first_ids[0], "CJ대한통운", "123456789012", "2026-03-05 10:00"])
    sheet.append([2, first, first_ids[1], "CJ대한통운", "123456789012", "2026-03-05 10:00"])
    sheet.append([3, first, first_ids[2], "CJGLS", "123456789012", "2026-03-05 10:00"])  # shipped already
    sheet.append([4, second, second_ids[0], "한진택배", "1.23E+11", ""])  # Excel-mangled
    sheet.append([5, first, first_ids[0], "CJGLS", "123456789012", "2026-03-05 10:00"])  # duplicate
    workbook.save(path)
    return {"first": first_ids, "second": second_ids}


def test_import_map_dry_run_run_export(
    qtbot, tab: BulkTab, sandbox_session: SandboxSession, monkeypatch, tmp_path: Path, wait_idle
) -> None:
    url = sandbox_session.url
    path = tmp_path / "오늘발송.xlsx"
    ids = _write_sheet(path, url)
    monkeypatch.setattr(files, "ask_open_path", lambda *a: str(path))

    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    # Read on the runner, not the GUI thread: nothing to map until it is back.
    assert tab.sheet is None and not tab.import_button.isEnabled() and not tab.dry_run_button.isEnabled()
    wait_idle()

    assert tab.kind.currentData() == "ship"
    assert tab.mapping.combo("tracking_number").currentText() == "운송장번호"
    assert tab.mapping.combo("product_order_id").currentText() == "상품주문번호"
    assert tab.mapping.combo("delivery_method").currentText() == "(시트에 없음)"
    assert tab.model.rowCount() == 5  # the preview

    qtbot.mouseClick(tab.dry_run_button, Qt.MouseButton.LeftButton)
    wait_idle()

    statuses = [r.status for r in tab.rows]
    assert statuses == [PENDING, PENDING, FLAGGED, INVALID, FLAGGED]
    assert "보낼 수 있는 행 2개 (포트원에 보낼 요청 1건)" in tab.banner.text()
    assert tab.model.index(2, 1).data() == "처리 불가"
    assert tab.run_button.isEnabled()
    assert ship_posts(url) == []

    asked: list[str] = []
    monkeypatch.setattr(
        confirm, "confirm", lambda parent, title, *a, **k: asked.append(title) or confirm.Confirmation()
    )
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)

    assert asked == ["일괄 처리 실행"]
    assert [r.status for r in tab.rows][:2] == [DONE, DONE]
    assert tab.progress.value() == tab.progress.maximum() == 2  # the rows this run had to send
    assert "완료 2" in tab.progress_label.text()
    assert "끝났습니다" in tab.banner.text()
    [post] = ship_posts(url)
    assert sorted(post["body"]["product_order_id"]) == sorted(ids["first"][:2])
    assert tab.store.batch(tab.batch_id).status == jobstore.FINISHED

    target = tmp_path / "결과.xlsx"
    monkeypatch.setattr(files, "ask_save_path", lambda *a: str(target))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    # Written on the runner, not the GUI thread: the button waits for it.
    assert not tab.export_button.isEnabled()
    qtbot.waitUntil(lambda: "결과를 저장했습니다" in tab.banner.text(), timeout=5_000)
    assert tab.export_button.isEnabled()
    sheet = load_workbook(target).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "행" and len(values) == 6
    assert [row[9] for row in values[1:]] == ["완료", "완료", "처리 불가", "입력 오류", "처리 불가"]
    assert values[1][6] == "123456789012" and values[1][5] == "CJ대한통운"

    audit = tab.ctx.service.audit
    assert [r.outcome for r in audit.query(operation="naverShipProductOrder")] == ["ok"]


def test_declining_the_confirmation_sends_nothing(
    qtbot, tab: BulkTab, sandbox_session: SandboxSession, monkeypatch, tmp_path: Path, wait_idle
) -> None:
    path = tmp_path / "sheet.xlsx"
    _write_sheet(path, sandbox_session.url)
    tab.import_sheet(path)
    wait_idle()
    tab.start_dry_run()
    wait_idle()
    monkeypatch.setattr(confirm, "confirm", lambda *a, **k: None)
    tab.start_run()
    assert not tab.controller.running
    assert ship_posts(sandbox_session.url) == []


def test_unfinished_batch_is_offered_and_resumed(
    qtbot, sandbox_ctx: DeskContext, sandbox_session: SandboxSession, store: JobStore, tmp_path: Path
) -> None:
    from portone_desk.bulk.kinds import SHIP_KIND
    from portone_desk.bulk.mapping import guess_mapping
    from portone_desk.bulk.rows import build_rows
    from portone_desk.bulk.sheet import read_sheet

    path = tmp_path / "sheet.xlsx"
    _write_sheet(path, sandbox_session.url)
    sheet = read_sheet(path)
    rows = build_rows(sheet, SHIP_KIND, guess_mapping(SHIP_KIND, sheet.headers), now=0)
    batch = store.create_batch("ship", "sheet.xlsx", rows, profile_id=sandbox_ctx.profile.id)
    runner = BatchRunner(sandbox_ctx.service, store, batch)
    runner.pause()  # paused before sending anything: like an app closed right after "실행"
    runner.run()
    assert store.batch(batch).status == jobstore.PAUSED

    tab = BulkTab(sandbox_ctx, store=store)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.resume_bar.isVisible())
    assert "끝나지 않은 일괄 처리" in tab.resume_label.text()

    qtbot.mouseClick(tab.resume_button, Qt.MouseButton.LeftButton)
    # The rows are read on the runner first, then the run starts.
    qtbot.waitUntil(lambda: not tab.working and not tab.controller.running, timeout=10_000)

    assert not tab.resume_bar.isVisible()
    final = {r.row_no: r.status for r in store.rows(batch)}
    assert final[2] == DONE and final[3] == DONE
    assert store.unfinished() == []


def test_closing_the_window_mid_run_pauses_the_batch(
    qtbot,
    sandbox_ctx: DeskContext,
    sandbox_session: SandboxSession,
    store: JobStore,
    tmp_path: Path,
    desk_home: AppPaths,
    wait_idle,
) -> None:
    """The window's one close policy asks the tab to wind down: the batch pauses, the window waits
    for its last calls (no question, no nested loop) and then closes by itself."""
    from PySide6.QtWidgets import QMessageBox

    from portone_desk.ui.main_window import MainWindow

    url = sandbox_session.url
    fault(url, {"path": "/payments/", "method": "POST", "latency_ms": 150, "times": 100})
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["결제번호", "상품주문번호", "택배사", "송장번호"])
    for n in range(8):
        imp, [order_id] = naver_payment(url, ["PAYED"])
        sheet.append([imp, order_id, "CJGLS", f"61234567{n:04d}"])
    path = tmp_path / "many.xlsx"
    workbook.save(path)
    window = MainWindow(sandbox_ctx, None, desk_home)
    window.tabs.addTab(tab := BulkTab(sandbox_ctx, store=store), "일괄 처리")
    window.stack.setCurrentWidget(window.tabs)
    qtbot.addWidget(window)
    window.show()
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    tab.concurrency.setValue(1)
    tab.import_sheet(path)
    wait_idle()
    tab.start_dry_run()
    wait_idle()
    tab._launch(tab.batch_id)
    qtbot.waitUntil(lambda: sum(r.status == DONE for r in tab.rows) >= 1, timeout=5000)

    window.close()

    assert window.findChild(QMessageBox, "closeQuestion") is None
    assert window.findChild(QMessageBox, "closingBox").isVisible()
    qtbot.waitUntil(lambda: bool(closed), timeout=10_000)
    assert not tab.controller.running
    info = store.batch(tab.batch_id)
    assert info.status == jobstore.PAUSED and info.counts.get(PENDING, 0) > 0
    assert "sending" not in info.counts


def test_retrying_failed_receipt_rows_sends_the_full_identifier(
    qtbot, tab: BulkTab, sandbox_session: SandboxSession, monkeypatch, tmp_path: Path, wait_idle
) -> None:
    """A finished batch masks buyers' numbers in the store; a retry must still send them whole."""
    url = sandbox_session.url
    path = tmp_path / "영수증.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["결제번호", "휴대폰번호", "용도"])
    sheet.append(["imp_demo_vbank_paid", "010-1111-2222", "소득공제"])
    sheet.append(["imp_demo_trans_paid", "010-3333-4444", "소득공제"])
    workbook.save(path)
    tab.import_sheet(path)
    wait_idle()
    assert tab.kind.currentData() == "receipt"
    tab.start_dry_run()
    wait_idle()
    assert [r.status for r in tab.rows] == [PENDING, PENDING]
    fault(url, {"path": "/receipts/imp_demo_trans_paid", "method": "POST", "status": 400, "times": 1})
    monkeypatch.setattr(confirm, "confirm", lambda *a, **k: confirm.Confirmation())
    tab.start_run()
    qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)
    assert [r.status for r in tab.rows] == [DONE, FAILED]
    assert tab.retry_button.isEnabled()

    qtbot.mouseClick(tab.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.working and not tab.controller.running, timeout=10_000)

    assert [r.status for r in tab.rows] == [DONE, DONE], tab.rows[1].message
    posts = control_of(url).requests(method="POST", path="/receipts/imp_demo_trans_paid")
    assert [p["body"]["identifier"] for p in posts] == ["010-3333-4444"] * 2
    # Once the batch is over again, the store keeps no buyer's number whole.
    assert "3333" not in str([r.values for r in tab.store.rows(tab.batch_id)])


def test_a_sheet_with_order_numbers_shows_the_payment_found(
    qtbot, tab: BulkTab, sandbox_session: SandboxSession, monkeypatch, tmp_path: Path, wait_idle
) -> None:
    """A warehouse sheet with the shop's 주문번호 instead of 결제번호: the dry run finds the payment
    (the demo's order-2001 is imp_demo_naver_new) and the table shows it; unknown numbers are flagged."""
    url = sandbox_session.url
    path = tmp_path / "창고.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["주문번호", "상품주문번호"])
    sheet.append(["order-2001", "2026200100000001"])
    sheet.append(["order-9999", "2099000000000001"])
    workbook.save(path)
    monkeypatch.setattr(files, "ask_open_path", lambda *a: str(path))
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    wait_idle()
    tab.kind.setCurrentIndex(tab.kind.findData("place"))
    assert tab.mapping.combo("merchant_uid").currentText() == "주문번호"
    assert tab.mapping.combo("product_order_id").currentText() == "상품주문번호"

    qtbot.mouseClick(tab.dry_run_button, Qt.MouseButton.LeftButton)
    wait_idle()

    assert [r.status for r in tab.rows] == [PENDING, FLAGGED]
    headers = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    shown = [
        dict(zip(headers, (tab.model.index(r, c).data() for c in range(len(headers))), strict=True))
        for r in range(2)
    ]
    assert shown[0]["결제번호"] == "imp_demo_naver_new" and shown[0]["주문번호"] == "order-2001"
    assert "order-9999" in shown[1]["메시지"] and "찾을 수 없습니다" in shown[1]["메시지"]

    monkeypatch.setattr(confirm, "confirm", lambda *a, **k: confirm.Confirmation())
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)
    assert [r.status for r in tab.rows] == [DONE, FLAGGED]
    places = place_posts(url)
    assert [p["path"] for p in places] == ["/payments/imp_demo_naver_new/naver/place"]


def test_rows_of_another_batch_are_held_until_included(
    qtbot, tab: BulkTab, sandbox_session: SandboxSession, monkeypatch, tmp_path: Path, wait_idle
) -> None:
    """Issue 9, point 1: the same sheet imported again after a run holds every row its first batch
    did (nothing sent twice); the agent may still include them on purpose."""
    url = sandbox_session.url
    path = tmp_path / "오늘발송.xlsx"
    _write_sheet(path, url)
    monkeypatch.setattr(files, "ask_open_path", lambda *a: str(path))
    monkeypatch.setattr(confirm, "confirm", lambda *a, **k: confirm.Confirmation())
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    wait_idle()
    qtbot.mouseClick(tab.dry_run_button, Qt.MouseButton.LeftButton)
    wait_idle()
    qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)
    first_batch = tab.batch_id
    assert len(ship_posts(url)) == 1

    qtbot.mouseClick(tab.dry_run_button, Qt.MouseButton.LeftButton)
    wait_idle()
    held = [r for r in tab.rows if r.status == "held"]
    assert len(held) == 2 and all(f"일괄 처리 #{first_batch}" in r.message for r in held)
    assert "다른 일괄과 겹침 2" in tab.banner.text()
    assert tab.include_held_button.isVisible() and not tab.run_button.isEnabled()

    qtbot.mouseClick(tab.include_held_button, Qt.MouseButton.LeftButton)
    assert [r.status for r in tab.rows][:2] == [PENDING, PENDING] and tab.run_button.isEnabled()
    assert {r.status for r in tab.store.rows(tab.batch_id)} >= {PENDING}
    assert len(ship_posts(url)) == 1  # nothing sent by including


def test_a_batch_another_window_runs_is_not_offered_nor_run(
    qtbot, tab: BulkTab, store: JobStore, sandbox_session: SandboxSession
) -> None:
    """Issue 9, point 1: a batch leased by another live process shows "다른 창에서 실행 중"; the
    resume button is disabled, and starting it anyway is refused before anything is sent."""
    import subprocess
    import sys

    from support.bulk import ship_rows

    from portone_desk.bulk.leases import LeaseHolder

    url = sandbox_session.url
    imp, ids = naver_payment(url, ["PAYED"])
    batch = store.create_batch("ship", "다른창.csv", ship_rows([(imp, ids[0], "CJGLS", "1" * 12)]))
    store.set_status(batch, jobstore.PAUSED)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        store.acquire_lease(batch, LeaseHolder(pid=other.pid, label="다른 PortOne Desk 창"))
        tab.offer_resume()
        qtbot.waitUntil(lambda: tab.resume_bar.isVisible(), timeout=5_000)
        assert "다른 창에서 실행 중" in tab.resume_label.text()
        assert not tab.resume_button.isEnabled()
        tab.controller.start(batch, 1)
        qtbot.waitUntil(lambda: not tab.controller.running, timeout=5_000)
        assert "다른 창에서 실행 중" in tab.banner.text()
        assert not tab.resume_button.isEnabled()
        assert ship_posts(url) == []
    finally:
        other.kill()
        other.wait(10)
