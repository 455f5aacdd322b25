"""Act on a ticked list: ticked rows → checked bulk rows → dry run → confirmation → the same
exactly-once batch run as a sheet (job store written before each call, resumable, activity rows
from the audited service), with progress, per-row results and "retry the failed rows".

The batch is recorded in the bulk tab's job store, so an interrupted run is offered there for
resuming like any sheet's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portone_desk.bulk.dryrun import DryRunSummary, dry_run
from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.kinds import PLACE, SHIP, JobKind
from portone_desk.bulk.rows import DONE, FAILED, FLAGGED, INVALID, PENDING, SKIPPED, BulkRow
from portone_desk.bulk.runner import DEFAULT_CONCURRENCY, Progress, RowUpdate
from portone_desk.ui import confirm
from portone_desk.ui.bulk import rows_view
from portone_desk.ui.bulk.controller import RunController
from portone_desk.ui.bulk.progress_text import progress_text
from portone_desk.ui.bulk.run_progress import RunProgress, flag_rows
from portone_desk.ui.bulk.stores import JobStores
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner, error_text
from portone_desk.ui.queue.named import named
from portone_desk.ui.table_model import ObjectTableModel

log = logging.getLogger(__name__)


def dry_run_text(summary: DryRunSummary) -> str:
    counts = summary.counts
    parts = [f"{summary.total:,}행 중 보낼 수 있는 행 {summary.sendable:,}개"]
    for status, label in ((INVALID, "입력 오류"), (FLAGGED, "처리 불가"), (SKIPPED, "이미 처리됨")):
        if counts.get(status):
            parts.append(f"{label} {counts[status]:,}")
    return " · ".join(parts) + "."


class ActPanel(QWidget):
    """Progress and per-row outcome of the last run from the 할 일 tab."""

    finished = Signal(object)  # final Progress; the tab refreshes its queues
    busy_changed = Signal(bool)

    def __init__(self, ctx: DeskContext, banner: ErrorBanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueActPanel")
        self.ctx = ctx
        self.banner = banner
        # The active profile's store (team or data folder); the batch shown keeps the one it was
        # made in.
        self._stores = JobStores(ctx)
        self._batch_store: JobStore | None = None
        self.kind: JobKind | None = None
        self.rows: list[BulkRow] = []
        self.batch_id: int | None = None
        self._row_index: dict[int, int] = {}
        self._preparing = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.run_progress = RunProgress("queueProgress", "queueProgressText")
        self.progress, self.progress_label = self.run_progress.bar, self.run_progress.label
        self.retry_button = named(QPushButton("실패한 행 다시 보내기"), "queueRetryFailed")
        self.retry_button.clicked.connect(self.retry_failed)
        self.close_button = named(QPushButton("결과 닫기"), "queueResultsClose")
        self.close_button.clicked.connect(lambda: self.setVisible(False))
        top.addWidget(self.progress, 1)
        top.addWidget(self.retry_button)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        layout.addWidget(self.progress_label)
        self.model: ObjectTableModel[BulkRow] = ObjectTableModel([])
        self.table = named(QTableView(), "queueResults")
        self.table.setAccessibleName("처리 결과")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        self.controller = RunController(ctx, self.batch_store, self)
        self.controller.progress.connect(self._on_progress)
        self.controller.rows_changed.connect(self._on_rows)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.setVisible(False)
        self._update()

    @property
    def store(self) -> JobStore:
        """The job store of the active profile: where a new run's batch goes."""
        return self._stores.current()

    @property
    def batch_store(self) -> JobStore:
        return self._batch_store or self.store

    @property
    def busy(self) -> bool:
        return self._preparing or self.controller.running

    # --- start -----------------------------------------------------------------------------------

    def start(self, kind: JobKind, rows: Sequence[BulkRow], source: str, *, whole_queue: int = 0) -> bool:
        """Dry-run ``rows`` and, once the agent confirms, run them. ``whole_queue``: the number of
        rows when the agent ticked the whole queue (the confirmation names that count)."""
        if self.busy or not self.ctx.has_profile:
            return False
        self._preparing = True
        self._update()
        self.kind = kind
        service, store, profile = self.ctx.service, self.store, self.ctx.profile
        rows = list(rows)

        def work() -> tuple[list[BulkRow], DryRunSummary, int]:
            summary = dry_run(service, rows, DEFAULT_CONCURRENCY)
            batch_id = store.create_batch(
                kind.id,
                source,
                rows,
                profile_id=getattr(profile, "id", ""),
                profile_name=getattr(profile, "display_name", ""),
                concurrency=DEFAULT_CONCURRENCY,
            )
            return rows, summary, batch_id

        self.banner.show_message(f"{len(rows):,}행의 현재 상태를 조회하는 중…", "info")
        self.ctx.background(work).success(lambda answer: self._checked(answer, whole_queue, store)).failure(
            self._prepare_failed
        ).run()
        return True

    def _prepare_failed(self, error: BaseException) -> None:
        self._preparing = False
        self._update()
        self.banner.show_error(error, "확인하지 못했습니다. ")

    def _checked(
        self, answer: tuple[list[BulkRow], DryRunSummary, int], whole_queue: int, store: JobStore
    ) -> None:
        rows, summary, batch_id = answer
        self._batch_store = store
        self._preparing = False
        self._show_rows(batch_id, rows)
        self.setVisible(True)
        sendable = [row for row in rows if row.status == PENDING]
        if not sendable:
            self.banner.show_message(dry_run_text(summary), "warning")
            self._discard(batch_id)
            self._update()
            return
        assert self.kind is not None
        profile = self.ctx.profile
        chosen = f"목록 전체 {whole_queue:,}건" if whole_queue else f"체크한 {len(rows):,}건"
        agreed = confirm.confirm(
            self,
            self.kind.title,
            [
                (
                    "",
                    [
                        ("작업", self.kind.title),
                        ("프로필", getattr(profile, "display_name", "")),
                        ("선택", chosen),
                        ("보낼 행", f"{len(sendable):,}행"),
                        ("API 호출", f"{summary.calls:,}번 ({self.kind.calls_hint})"),
                    ],
                )
            ],
            message=dry_run_text(summary) + " 보낸 요청은 되돌릴 수 없습니다. 중간에 멈추거나 앱을 닫아도 "
            "일괄 처리 화면에서 이어서 실행할 수 있습니다.",
            ok_text=f"{len(sendable):,}행 실행",
        )
        if agreed is None:
            self.banner.show_message("보내지 않았습니다.", "info")
            self._discard(batch_id)
            self._update()
            return
        self._launch(batch_id, summary.sendable)

    def _launch(self, batch_id: int, to_send: int) -> None:
        self.batch_id = batch_id
        self.run_progress.reset(to_send)
        self.controller.store = self.batch_store
        self.controller.start(batch_id, DEFAULT_CONCURRENCY)
        self.banner.show_message("실행 중입니다. 보낸 요청의 결과는 행마다 기록됩니다.", "info")
        self._update()

    def _discard(self, batch_id: int) -> None:
        store = self.batch_store
        self.ctx.background(lambda: store.discard(batch_id)).failure(
            lambda e: log.warning("could not drop draft batch %s", batch_id, exc_info=e)
        ).run()

    # --- progress and results --------------------------------------------------------------------

    def _show_rows(self, batch_id: int, rows: list[BulkRow]) -> None:
        self.batch_id = batch_id
        self.rows = rows
        # Claim approvals read only the ids, as 발주확인 does: its columns fit them.
        kind = SHIP if self.kind is not None and self.kind.id == SHIP else PLACE
        self.model = ObjectTableModel(
            rows_view.columns(kind), colour=rows_view.colour, tooltip=rows_view.tooltip
        )
        self.model.set_items(rows)
        self.table.setModel(self.model)
        self._row_index = {row.row_no: index for index, row in enumerate(rows)}
        self.table.resizeColumnsToContents()

    def _on_progress(self, progress: Progress) -> None:
        self.run_progress.show(progress)

    def _on_rows(self, updates: list[RowUpdate]) -> None:
        self.model.refresh_rows(flag_rows(self.rows, self._row_index, updates))

    def _on_finished(self, progress: Progress) -> None:
        self._on_progress(progress)
        counts = progress.counts
        failed = counts.get(FAILED, 0)
        if progress.note:
            self.banner.show_message(progress.note, "error")
        elif failed:
            self.banner.show_message(
                f"완료 {counts.get(DONE, 0):,}행, 실패 {failed:,}행. 빨간 행의 메시지를 확인하고 "
                "'실패한 행 다시 보내기'로 그 행만 다시 보낼 수 있습니다.",
                "warning",
            )
        elif progress.phase == "finished":
            self.banner.show_message(f"끝났습니다. 완료 {counts.get(DONE, 0):,}행.", "success")
        else:
            self.banner.show_message(
                f"멈췄습니다. 일괄 처리 화면의 '이어서 실행'으로 남은 행을 보낼 수 있습니다. "
                f"{progress_text(progress)}",
                "warning",
            )
        self._update()
        self.finished.emit(progress)

    def _on_failed(self, error: BaseException) -> None:
        log.error("queue run stopped unexpectedly", exc_info=error)
        self.banner.show_message(f"실행이 예기치 않게 멈췄습니다: {error_text(error)}", "error")
        self._update()
        self.finished.emit(None)

    # --- retry -----------------------------------------------------------------------------------

    def retry_failed(self) -> None:
        if self.busy or self.batch_id is None:
            return
        store, batch_id, originals = self.batch_store, self.batch_id, list(self.rows)
        self._preparing = True
        self._update()

        def work() -> tuple[int, list[BulkRow]]:
            count = store.reset_failed(batch_id, originals)
            return count, store.rows(batch_id) if count else []

        def done(answer: tuple[int, list[BulkRow]]) -> None:
            self._preparing = False
            count, rows = answer
            if not count:
                self.banner.show_message("다시 보낼 수 있는 행이 없습니다.", "warning")
                self._update()
                return
            self._show_rows(batch_id, rows)
            self._launch(batch_id, count)

        self.ctx.background(work).success(done).failure(self._prepare_failed).run()

    def _update(self) -> None:
        busy = self.busy
        self.retry_button.setEnabled(not busy and any(row.status == FAILED for row in self.rows))
        self.close_button.setEnabled(not busy)
        self.busy_changed.emit(busy)
