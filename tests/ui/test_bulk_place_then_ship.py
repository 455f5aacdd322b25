"""Scenario 8 in the bulk tab: 발주확인 then 발송처리 from one warehouse sheet, without re-mapping;
and the tab's sheet, row and job-store work kept off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from support.sandbox import fault, naver_payment, place_posts, ship_posts
from support.widgets import shown

from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.kinds import PLACE, SHIP
from portone_desk.bulk.rows import DONE, FAILED, FLAGGED, PENDING
from portone_desk.ui import confirm
from portone_desk.ui.bulk import tab as bulk_tab
from portone_desk.ui.bulk.tab import BulkTab
from portone_desk.ui.context import DeskContext
from portone_desk.ui.sandbox_mode import SandboxSession


def _on_gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class RecordingStore(JobStore):
    """Notes every job-store call the GUI thread makes for work that grows with the sheet."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.gui_calls: list[str] = []
        self.calls: list[str] = []

    def _note(self, name: str) -> None:
        self.calls.append(name)
        if _on_gui_thread():
            self.gui_calls.append(name)

    def create_batch(self, *args: Any, **kwargs: Any) -> int:
        self._note("create_batch")
        return super().create_batch(*args, **kwargs)

    def rows(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        self._note("rows")
        return super().rows(*args, **kwargs)

    def reset_failed(self, *args: Any, **kwargs: Any) -> int:
        self._note("reset_failed")
        return super().reset_failed(*args, **kwargs)

    def discard(self, batch_id: int) -> None:
        self._note("discard")
        super().discard(batch_id)

    def unfinished(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        self._note("unfinished")
        return super().unfinished(*args, **kwargs)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordingStore]:
    store = RecordingStore(tmp_path / "batches.sqlite3")
    yield store
    store.close()


@pytest.fixture
def tab(qtbot, sandbox_ctx: DeskContext, store: JobStore) -> BulkTab:
    return shown(qtbot, BulkTab(sandbox_ctx, store=store), 1200, 700)


def test_place_then_ship_from_the_same_sheet_without_remapping(
    qtbot, tab: BulkTab, sandbox_session: SandboxSession, monkeypatch, tmp_path: Path, wait_idle
) -> None:
    url = sandbox_session.url
    first, first_ids = naver_payment(url, [{"product_order_status": "PAYED"}] * 2)
    second, second_ids = naver_payment(
        url,
        [
            {"product_order_status": "PAYED"},
            {"product_order_status": "PAYED", "claim_type": "CANCEL", "claim_status": "CANCEL_REQUEST"},
        ],
    )
    workbook = Workbook()
    sheet = workbook.active
    # "PO" is the warehouse's own name for the product order id: no guess finds it.
    sheet.append(["결제번호", "PO", "택배사", "송장번호"])
    sheet.append([first, first_ids[0], "CJ대한통운", "611111111111"])
    sheet.append([first, first_ids[1], "CJ대한통운", "611111111111"])
    sheet.append([second, second_ids[0], "한진택배", "422222222222"])
    sheet.append([second, second_ids[1], "한진택배", "422222222222"])  # the buyer asked to cancel
    path = tmp_path / "출고.xlsx"
    workbook.save(path)
    monkeypatch.setattr(confirm, "confirm", lambda *a, **k: confirm.Confirmation())

    tab.import_sheet(path)
    wait_idle()
    assert tab.kind.currentData() == SHIP
    tab.kind.setCurrentIndex(tab.kind.findData(PLACE))
    assert tab.mapping.combo("product_order_id").currentText() == "(시트에 없음)"
    tab.mapping.combo("product_order_id").setCurrentIndex(2)  # the agent picks "PO" once
    tab.start_dry_run()
    wait_idle()
    assert [r.status for r in tab.rows] == [PENDING, PENDING, PENDING, FLAGGED]
    assert "클레임" in tab.rows[3].message
    assert not tab.then_button.isVisible()  # only once 발주확인 has run

    tab.start_run()
    qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)
    assert [r.status for r in tab.rows] == [DONE, DONE, DONE, FLAGGED]
    placed = place_posts(url)
    assert sorted(sorted(p["body"]["product_order_id"]) for p in placed) == sorted(
        [sorted(first_ids), [second_ids[0]]]
    )
    assert tab.then_button.isVisible() and tab.then_button.isEnabled()
    assert tab.then_button.text() == "같은 시트로 네이버페이 발송처리 확인"
    assert "같은 시트와 열 연결로 이어집니다" in tab.banner.text()

    qtbot.mouseClick(tab.then_button, Qt.MouseButton.LeftButton)

    assert tab.kind.currentData() == SHIP
    assert tab.mapping.combo("product_order_id").currentText() == "PO"  # kept, not re-guessed
    assert tab.mapping.combo("tracking_number").currentText() == "송장번호"
    wait_idle()
    assert [r.op_id for r in tab.rows] == ["naverShipProductOrder"] * 4
    assert [r.status for r in tab.rows] == [PENDING, PENDING, PENDING, FLAGGED]
    assert not tab.then_button.isVisible()

    tab.start_run()
    qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)
    assert [r.status for r in tab.rows] == [DONE, DONE, DONE, FLAGGED]
    assert len(ship_posts(url)) == 2  # one per payment and waybill
    assert not tab.then_button.isVisible()  # 발송처리 has no follow-up


def test_sheet_rows_and_batches_stay_off_the_gui_thread(
    qtbot,
    tab: BulkTab,
    store: RecordingStore,
    sandbox_session: SandboxSession,
    monkeypatch,
    tmp_path,
    wait_idle,
) -> None:
    url = sandbox_session.url
    seen: dict[str, list[bool]] = {"read_sheet": [], "build_rows": []}

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            seen[name].append(_on_gui_thread())
            return real(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(bulk_tab, "read_sheet", spy("read_sheet", bulk_tab.read_sheet))
    monkeypatch.setattr(bulk_tab, "build_rows", spy("build_rows", bulk_tab.build_rows))
    monkeypatch.setattr(confirm, "confirm", lambda *a, **k: confirm.Confirmation())
    good, good_ids = naver_payment(url, [{"product_order_status": "PAYED"}])
    bad, bad_ids = naver_payment(url, [{"product_order_status": "PAYED"}])
    fault(url, {"path": f"/payments/{bad}/naver/ship", "method": "POST", "status": 400})
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["결제번호", "상품주문번호", "택배사", "송장번호"])
    sheet.append([good, good_ids[0], "CJGLS", "611111111111"])
    sheet.append([bad, bad_ids[0], "CJGLS", "622222222222"])
    path = tmp_path / "sheet.xlsx"
    workbook.save(path)

    tab.import_sheet(path)
    assert not tab.import_button.isEnabled() and not tab.kind.isEnabled()
    wait_idle()
    tab.start_dry_run()
    assert not tab.dry_run_button.isEnabled() and not tab.import_button.isEnabled()
    assert not tab.mapping.isEnabled() and tab.batch_id is None
    wait_idle()
    draft = tab.batch_id
    assert draft is not None
    # A changed mapping drops the draft batch, also off the GUI thread.
    tab.kind.setCurrentIndex(tab.kind.findData(PLACE))
    wait_idle()
    assert store.batch(draft) is None
    tab.kind.setCurrentIndex(tab.kind.findData(SHIP))
    tab.start_dry_run()
    wait_idle()
    tab.start_run()
    qtbot.waitUntil(lambda: not tab.controller.running, timeout=10_000)
    assert [r.status for r in tab.rows] == [DONE, FAILED]

    tab.retry_failed()
    assert not tab.retry_button.isEnabled() and not tab.run_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.working and not tab.controller.running, timeout=10_000)
    assert [r.status for r in tab.rows] == [DONE, DONE]

    assert seen["read_sheet"] == [False] and seen["build_rows"] == [False, False]
    assert {"create_batch", "rows", "reset_failed", "discard", "unfinished"} <= set(store.calls)
    assert store.gui_calls == []
