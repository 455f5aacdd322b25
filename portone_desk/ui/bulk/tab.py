"""일괄 처리: a sheet of Naver 발주확인 / dispatches or cash receipts → column mapping → dry run →
grouped, resumable run with progress, pause and cancel → per-row results as a sheet (scenario 8).

The work itself is the Qt-free ``portone_desk.bulk`` package; this tab only drives it. Reading the
sheet, building rows, the dry run and every job-store read or write that grows with the sheet run
on the context's runner (``_background``), never on the GUI thread.

Scenario 8 is two runs over one warehouse sheet: 발주확인, then 발송처리. Switching the kind keeps
the columns the two share, and when a 발주확인 run is over a button switches to 발송처리 and starts
its dry run, so the second step is one click and no re-mapping.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from portone_desk.bulk.dryrun import DryRunSummary, dry_run
from portone_desk.bulk.export import export_results
from portone_desk.bulk.jobstore import BatchInfo, JobStore
from portone_desk.bulk.kinds import KINDS, SHIP, JobKind
from portone_desk.bulk.mapping import Mapping, carry_over, guess_kind, guess_mapping, missing_required
from portone_desk.bulk.rows import DONE, FAILED, FLAGGED, HELD, INVALID, PENDING, SKIPPED, BulkRow, build_rows
from portone_desk.bulk.runner import DEFAULT_CONCURRENCY, MAX_CONCURRENCY, Progress, RowUpdate
from portone_desk.bulk.sheet import Sheet, SheetError, read_sheet
from portone_desk.ui import confirm, files
from portone_desk.ui.bulk import rows_view
from portone_desk.ui.bulk.controller import RunController
from portone_desk.ui.bulk.mapping_panel import MappingPanel
from portone_desk.ui.bulk.progress_text import progress_text
from portone_desk.ui.bulk.run_progress import RunProgress, flag_rows
from portone_desk.ui.bulk.stores import JobStores
from portone_desk.ui.context import DeskContext
from portone_desk.ui.errors_view import ErrorBanner, error_text
from portone_desk.ui.shared import NO_PROFILE_TEXT
from portone_desk.ui.table_model import ObjectTableModel
from portone_desk.ui.worker import BackgroundOp

log = logging.getLogger(__name__)

PREVIEW_ROWS = 500


def _discard_draft(store: JobStore, batch_id: int) -> None:
    """Drop a dry run's batch that was never started (it has nothing to resume)."""
    info = store.batch(batch_id)
    if info is not None and info.status == "draft":
        store.discard(batch_id)


def _then_text(kind: JobKind) -> str:
    return f"같은 시트로 {kind.title} 확인"


def summary_text(summary: DryRunSummary) -> str:
    counts = summary.counts
    skipped = counts.get(SKIPPED, 0)
    sendable = f"보낼 수 있는 행 {summary.sendable:,}개 (포트원에 보낼 요청 {summary.calls:,}건)"
    parts = [f"{summary.total:,}행 중 {sendable}"]
    if counts.get(INVALID):
        parts.append(f"입력 오류 {counts[INVALID]:,}")
    if counts.get(FLAGGED):
        parts.append(f"처리 불가 {counts[FLAGGED]:,}")
    if skipped:
        parts.append(f"이미 처리됨 {skipped:,}")
    if counts.get(HELD):
        parts.append(f"다른 일괄과 겹침 {counts[HELD]:,} ('겹친 행도 보내기'로 포함)")
    return " · ".join(parts) + ". 빨간 행은 보내지 않습니다."


class BulkTab(QWidget):
    def __init__(
        self, ctx: DeskContext, parent: QWidget | None = None, store: JobStore | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("BulkTab")
        self.ctx = ctx
        # The active profile's store (team or data folder); the batch on screen keeps the one it
        # was made in, also after a switch to a profile with another store.
        self._stores = JobStores(ctx, store)
        self._store_key = self._stores.key()
        self._batch_store: JobStore | None = None
        self.sheet: Sheet | None = None
        self.rows: list[BulkRow] = []
        self.batch_id: int | None = None
        self._row_index: dict[int, int] = {}
        self._resume_candidate: BatchInfo | None = None
        self._working = 0  # background jobs of this tab that the buttons must wait for
        self._then_ready = False  # a run whose kind has a follow-up (발주확인 → 발송처리) is over
        self._build()
        ctx.profile_changed.connect(self._profile_changed)
        QTimer.singleShot(0, self.offer_resume)

    @property
    def store(self) -> JobStore:
        """The job store of the active profile: where a new dry run's batch goes."""
        return self._stores.current()

    @property
    def batch_store(self) -> JobStore:
        """The store of the batch on screen."""
        return self._batch_store or self.store

    def _profile_changed(self) -> None:
        key = self._stores.key()
        if key != self._store_key and not self.controller.running:
            self._store_key = key
            if self.batch_id is not None:
                self._show_preview()  # that batch is another team's (or this PC's): check again here
        self.offer_resume()

    # --- layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        self.resume_bar = QWidget(objectName="bulkResumeBar")
        resume_layout = QHBoxLayout(self.resume_bar)
        resume_layout.setContentsMargins(0, 0, 0, 0)
        self.resume_label = ErrorBanner(self, "bulkResumeBanner")
        self.resume_button = QPushButton("이어서 실행", objectName="bulkResume")
        self.resume_button.clicked.connect(self.resume)
        self.resume_later = QPushButton("나중에", objectName="bulkResumeLater")
        self.resume_later.clicked.connect(lambda: self.resume_bar.setVisible(False))
        resume_layout.addWidget(self.resume_label, 1)
        resume_layout.addWidget(self.resume_button)
        resume_layout.addWidget(self.resume_later)
        self.resume_bar.setVisible(False)
        layout.addWidget(self.resume_bar)

        top = QHBoxLayout()
        self.import_button = QPushButton("시트 불러오기…", objectName="bulkImport")
        self.import_button.setToolTip("엑셀(.xlsx) 또는 CSV(UTF-8, CP949) 파일")
        self.import_button.clicked.connect(lambda: self.import_sheet())
        self.file_label = QLabel("불러온 시트 없음", objectName="bulkFile")
        self.kind = QComboBox(objectName="bulkKind")
        self.kind.setAccessibleName("작업 종류")
        for kind in KINDS.values():
            self.kind.addItem(kind.title, kind.id)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        top.addWidget(self.import_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel("작업"))
        top.addWidget(self.kind)
        layout.addLayout(top)

        middle = QHBoxLayout()
        self.mapping = MappingPanel(self)
        self.mapping.changed.connect(self._mapping_changed)
        self.mapping.setMaximumWidth(360)
        middle.addWidget(self.mapping)
        right = QVBoxLayout()
        self.banner = ErrorBanner(self, "bulkBanner")
        right.addWidget(self.banner)
        # Checked rows, or the sheet's raw lines as a preview before the dry run.
        self.model: ObjectTableModel[Any] = ObjectTableModel(
            rows_view.columns(SHIP), colour=rows_view.colour, tooltip=rows_view.tooltip
        )
        self.table = QTableView(objectName="bulkTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        right.addWidget(self.table, 1)
        middle.addLayout(right, 1)
        layout.addLayout(middle, 1)

        self.run_progress = RunProgress("bulkProgress", "bulkProgressText")
        self.progress, self.progress_label = self.run_progress.bar, self.run_progress.label
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)

        buttons = QHBoxLayout()
        self.dry_run_button = QPushButton("미리 점검", objectName="bulkDryRun")
        self.dry_run_button.setToolTip(
            "보내기 전에 모든 행을 검사하고 주문 상태를 조회합니다. 아무것도 보내지 않습니다."
        )
        self.run_button = QPushButton("실행", objectName="bulkRun")
        self.pause_button = QPushButton("일시정지", objectName="bulkPause")
        self.cancel_button = QPushButton("취소", objectName="bulkCancel")
        self.retry_button = QPushButton("실패한 행 다시 보내기", objectName="bulkRetryFailed")
        # Rows another batch has done or may be sending are held back; sent only on purpose.
        self.include_held_button = QPushButton("겹친 행도 보내기", objectName="bulkIncludeHeld")
        self.include_held_button.setToolTip(
            "다른 일괄 처리에서 이미 처리했거나 처리 중인 대상입니다. 확인한 뒤에만 포함하세요."
        )
        self.include_held_button.clicked.connect(self.include_held)
        self.export_button = QPushButton("결과 내보내기…", objectName="bulkExport")
        self.then_button = QPushButton("", objectName="bulkThen")
        self.then_button.setVisible(False)
        self.then_button.clicked.connect(self.start_then)
        self.concurrency = QSpinBox(objectName="bulkConcurrency")
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.setValue(DEFAULT_CONCURRENCY)
        self.concurrency.setAccessibleName("한 번에 보낼 요청 수")
        self.concurrency.setToolTip("한 번에 보내는 요청 수입니다. 보통 4가 알맞습니다.")
        self.concurrency.valueChanged.connect(lambda n: self.controller.set_concurrency(n))
        self.dry_run_button.clicked.connect(self.start_dry_run)
        self.run_button.clicked.connect(self.start_run)
        self.pause_button.clicked.connect(self.pause)
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button.clicked.connect(self.retry_failed)
        self.export_button.clicked.connect(lambda: self.export())
        for button in (self.dry_run_button, self.run_button, self.pause_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addWidget(self.then_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("한 번에 보낼 요청"))
        buttons.addWidget(self.concurrency)
        buttons.addWidget(self.include_held_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)

        self.controller: RunController = RunController(self.ctx, self.batch_store, self)
        self.controller.progress.connect(self._on_progress)
        self.controller.rows_changed.connect(self._on_rows)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_run_failed)
        self._update_buttons()

    # --- import and mapping -------------------------------------------------------------------------

    @property
    def job_kind(self) -> JobKind:
        return KINDS[self.kind.currentData()]

    def import_sheet(self, path: str | Path | None = None) -> bool:
        """Start reading the sheet (a big XLSX takes seconds); False when none was chosen."""
        if self._working or self.controller.running:
            return False
        chosen = str(path) if path else files.ask_open_path(self)
        if not chosen:
            return False
        self.banner.show_message("시트를 읽는 중…", "info")
        self._background(lambda: read_sheet(chosen), self._sheet_read, self._sheet_failed)
        return True

    def _sheet_failed(self, error: BaseException) -> None:
        if isinstance(error, SheetError):
            self.banner.show_message(str(error), "error")
            return
        log.error("reading a sheet failed", exc_info=error)
        self.banner.show_message(f"시트를 읽지 못했습니다: {error_text(error)}", "error")

    def _sheet_read(self, sheet: Sheet) -> None:
        self.sheet = sheet
        encoding = f", {sheet.encoding.upper()}" if sheet.encoding else ""
        self.file_label.setText(f"{sheet.name} ({len(sheet.rows):,}행{encoding})")
        kind = guess_kind(sheet.headers)
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.kind.blockSignals(False)
        self._show_mapping()
        self._show_preview()
        self.banner.show_message(
            "열 연결을 확인한 뒤 '미리 점검'을 누르세요. 아무것도 보내지 않고 모든 행을 검사합니다.",
            "info",
        )

    def _show_mapping(self, keep: Mapping | None = None) -> None:
        """The guessed columns for the current kind; ``keep``: the agent's mapping of the kind
        switched from, whose shared targets stay as they were."""
        if self.sheet is None:
            return
        kind = self.job_kind
        guessed = guess_mapping(kind, self.sheet.headers)
        self.mapping.show_kind(kind, self.sheet.headers, carry_over(kind, guessed, keep) if keep else guessed)

    def _show_preview(self) -> None:
        """The sheet as read, until a dry run replaces it with checked rows."""
        self._forget_batch()
        self._then_ready = False
        self.rows = []
        self._row_index = {}
        if self.sheet is not None:
            columns = [(header, lambda r, i=i: r[i]) for i, header in enumerate(self.sheet.headers)]
            self.model = ObjectTableModel(columns)
            self.model.set_items(self.sheet.rows[:PREVIEW_ROWS])
            self.table.setModel(self.model)
            self.table.resizeColumnsToContents()
        self._update_buttons()

    def after_training_reset(self) -> None:
        """The sandbox was reset for the next trainee: the last trainee's sheet and batch go too."""
        if self._working or self.controller.running:
            return
        self.sheet = None
        self._show_preview()
        self.model = ObjectTableModel([])
        self.table.setModel(self.model)
        self.file_label.setText("불러온 시트 없음")
        self._update_buttons()

    def _kind_changed(self) -> None:
        self._show_mapping(keep=self.mapping.mapping())
        self._show_preview()

    def _mapping_changed(self) -> None:
        # A different mapping means different rows: the last dry run no longer holds.
        if self.batch_id is not None and not self.controller.running:
            self._show_preview()

    # --- dry run --------------------------------------------------------------------------------------

    def start_dry_run(self) -> None:
        if self._working or self.controller.running:
            return
        if self.sheet is None:
            self.banner.show_message("먼저 시트를 불러오세요.", "warning")
            return
        if not self.ctx.has_profile:
            self.banner.show_message(NO_PROFILE_TEXT, "warning")
            return
        kind, mapping = self.job_kind, self.mapping.mapping()
        missing = missing_required(kind, mapping)
        if missing:
            self.banner.show_message(f"필수 열을 연결해 주세요: {', '.join(missing)}", "error")
            return
        self._forget_batch()
        profile, sheet, store = self.ctx.profile, self.sheet, self.store
        service, concurrency = self.ctx.service, self.concurrency.value()
        channel_key = getattr(profile, "channel_key", None)

        def work() -> tuple[list[BulkRow], DryRunSummary, int]:
            # All of it grows with the sheet: rows, lookups and the batch's SQLite rows.
            rows = build_rows(sheet, kind, mapping, now=time.time(), channel_key=channel_key)
            # Targets another batch has done or may be sending are held back (issue 9).
            summary = dry_run(service, rows, concurrency, taken=store.taken_targets())
            batch_id = store.create_batch(
                kind.id,
                sheet.name,
                rows,
                profile_id=getattr(profile, "id", ""),
                profile_name=getattr(profile, "display_name", ""),
                concurrency=concurrency,
            )
            return rows, summary, batch_id

        self.banner.show_message(f"{len(sheet.rows):,}행을 검사하고 주문 상태를 조회하는 중…", "info")
        self._background(
            work,
            lambda answer: self._dry_run_done(answer, store),
            lambda e: self.banner.show_error(e, "확인하지 못했습니다. "),
        )

    def _dry_run_done(self, answer: tuple[list[BulkRow], DryRunSummary, int], store: JobStore) -> None:
        rows, summary, batch_id = answer
        self.batch_id, self._batch_store = batch_id, store
        self.rows = rows
        self._set_table_rows(rows)
        self._reset_progress(summary.sendable)
        self.progress_label.setText("")
        self.banner.show_message(summary_text(summary), "success" if summary.sendable else "warning")
        self._update_buttons()

    def _forget_batch(self) -> None:
        """Drop a dry run that was never started (it has nothing to resume)."""
        batch_id, self.batch_id = self.batch_id, None
        store, self._batch_store = self.batch_store, None
        if batch_id is not None and not self.controller.running:
            # Deleting a big draft's rows is SQLite work too: not on the GUI thread.
            self.ctx.background(lambda: _discard_draft(store, batch_id)).failure(
                lambda e: log.warning("could not drop draft batch %s", batch_id, exc_info=e)
            ).run()

    # --- run --------------------------------------------------------------------------------------------

    def start_run(self) -> None:
        if self.batch_id is None or self.controller.running:
            return
        if not self.ctx.has_profile:
            self.banner.show_message(NO_PROFILE_TEXT, "warning")
            return
        sendable = [r for r in self.rows if r.status == PENDING]
        if not sendable:
            self.banner.show_message("보낼 행이 없습니다.", "warning")
            return
        from portone_desk.bulk.grouping import plan

        calls = len(plan(self.rows))
        profile = self.ctx.profile
        answer = confirm.confirm(
            self,
            "일괄 처리 실행",
            [
                (
                    "",
                    [
                        ("작업", self.job_kind.title),
                        ("프로필", getattr(profile, "display_name", "")),
                        ("보낼 행", f"{len(sendable):,}행"),
                        ("보낼 요청", f"{calls:,}건 ({self.job_kind.calls_hint})"),
                        ("한 번에 보낼 요청", f"{self.concurrency.value()}건"),
                    ],
                )
            ],
            message="보낸 요청은 되돌릴 수 없습니다. 중간에 멈추거나 앱을 닫아도 이어서 실행할 수 있습니다.",
            ok_text="실행",
        )
        if answer is None:
            return
        self._launch(self.batch_id)

    def _launch(self, batch_id: int) -> None:
        self.resume_bar.setVisible(False)
        self._then_ready = False
        self._reset_progress(0)
        self.batch_id = batch_id
        self.controller.store = self.batch_store
        self.controller.start(batch_id, self.concurrency.value())
        self.banner.show_message(
            "실행 중입니다. 일시정지하거나 취소해도 이미 보낸 요청의 결과는 기록됩니다.", "info"
        )
        self._update_buttons()

    def pause(self) -> None:
        self.controller.pause()
        self.pause_button.setEnabled(False)

    def cancel(self) -> None:
        self.controller.cancel()
        self.pause_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

    def include_held(self) -> None:
        """The agent's explicit choice: rows held back by the dry run go out with the others."""
        if self.batch_id is None or self.controller.running or self._working:
            return
        held = [row.row_no for row in self.rows if row.status == HELD]
        if not held:
            return
        self.batch_store.include_rows(self.batch_id, held)
        for row in self.rows:
            if row.status == HELD:
                row.flag(PENDING, "")
        self._set_table_rows(self.rows)
        self._update_buttons()

    def retry_failed(self) -> None:
        if self.batch_id is None or self.controller.running:
            return
        if self._working:
            return
        # The store masked the buyers' numbers when the run ended; the rows read from the sheet
        # still hold them whole.
        store, batch_id, originals = self.batch_store, self.batch_id, list(self.rows)

        def work() -> tuple[int, list[BulkRow]]:
            count = store.reset_failed(batch_id, originals)
            return count, store.rows(batch_id) if count else []

        def done(answer: tuple[int, list[BulkRow]]) -> None:
            count, rows = answer
            if not count:
                self.banner.show_message(
                    "다시 보낼 수 있는 행이 없습니다. 개인정보를 지운 행은 시트를 다시 불러와 "
                    "확인부터 해 주세요.",
                    "warning",
                )
                return
            self._show_batch(batch_id, rows, store)
            self._launch(batch_id)

        self._background(
            work, done, lambda e: self.banner.show_error(e, "다시 보낼 준비를 하지 못했습니다. ")
        )

    def _reset_progress(self, to_send: int) -> None:
        self.run_progress.reset(to_send)

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
        elif progress.phase == "finished":
            kind = "warning" if failed else "success"
            what = f"실패한 {failed:,}행은 메시지를 확인하고 다시 보낼 수 있습니다. " if failed else ""
            then = self._then_kind()
            self._then_ready = then is not None
            follow = f"'{_then_text(then)}' 버튼을 누르면 같은 시트와 열 연결로 이어집니다. " if then else ""
            self.banner.show_message(
                f"끝났습니다. 완료 {counts.get(DONE, 0):,}행. {what}{follow}"
                "'결과 내보내기'로 행별 결과를 시트로 저장할 수 있습니다.",
                kind,
            )
        elif progress.phase == "cancelled":
            self.banner.show_message(
                f"취소했습니다. 보내지 않은 행은 건너뜀으로 남겼습니다. {progress_text(progress)}", "warning"
            )
        else:
            self.banner.show_message(
                f"멈췄습니다. '이어서 실행'으로 남은 행을 보낼 수 있습니다. {progress_text(progress)}",
                "warning",
            )
            if self.batch_id is not None:
                info = self.batch_store.batch(self.batch_id)
                if info is not None:
                    self._show_resume(info)
        self._update_buttons()

    def _on_run_failed(self, error: BaseException) -> None:
        from portone_desk.bulk.leases import BatchLeased

        if isinstance(error, BatchLeased):  # another window runs it: nothing was sent from here
            self.banner.show_message(str(error), "warning")
            self._update_buttons()
            return
        log.error("bulk run stopped unexpectedly", exc_info=error)
        self.banner.show_message(f"실행이 예기치 않게 멈췄습니다: {error_text(error)}", "error")
        self._update_buttons()

    # --- resume ---------------------------------------------------------------------------------------

    def offer_resume(self) -> None:
        if self.controller.running or not self.ctx.has_profile:
            self.resume_bar.setVisible(False)
            return
        store, profile_id = self.store, getattr(self.ctx.profile, "id", None)

        def show(pending: list[BatchInfo]) -> None:
            if pending and not self.controller.running:
                self._show_resume(pending[0])
            else:
                self.resume_bar.setVisible(False)

        self.ctx.background(lambda: store.unfinished(profile_id)).success(show).failure(
            lambda e: log.error("could not read unfinished batches", exc_info=e)
        ).run()

    def _show_resume(self, info: BatchInfo) -> None:
        self._resume_candidate = info
        from portone_desk.api.timefmt import format_kst

        kind = KINDS.get(info.kind)
        title = f"{kind.title if kind else info.kind} · {info.source} ({format_kst(info.created_at)})"
        # Another live window or process holds the batch: shown, but not offered (issue 9).
        self.resume_button.setEnabled(info.holder is None)
        if info.holder is not None:
            self.resume_label.show_message(f"{title} — {info.holder.describe()}", "warning")
        else:
            self.resume_label.show_message(
                f"끝나지 않은 일괄 처리가 있습니다: {title} — 남은 행 {info.open_rows:,}개. "
                "이미 완료된 행은 다시 보내지 않고, 결과를 모르는 행은 먼저 조회합니다.",
                "warning",
            )
        self.resume_bar.setVisible(True)

    def resume(self) -> None:
        info = self._resume_candidate
        if info is None or self.controller.running or self._working:
            return
        self._forget_batch()
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(info.kind))
        self.kind.blockSignals(False)
        self.file_label.setText(f"{info.source} (이어서 실행)")
        self.concurrency.setValue(info.concurrency)
        store = self.store

        def done(rows: list[BulkRow]) -> None:
            self._show_batch(info.id, rows, store)
            self._launch(info.id)

        self._background(
            lambda: store.rows(info.id),
            done,
            lambda e: self.banner.show_error(e, "이어서 실행하지 못했습니다. "),
        )

    def _show_batch(self, batch_id: int, rows: list[BulkRow], store: JobStore) -> None:
        self.batch_id, self._batch_store = batch_id, store
        self.rows = rows
        self._set_table_rows(rows)

    # --- the follow-up kind (발주확인 → 발송처리) --------------------------------------------------

    def _then_kind(self) -> JobKind | None:
        then = self.job_kind.then
        return KINDS[then] if then and self.sheet is not None else None

    def start_then(self) -> None:
        """The follow-up kind on the same sheet: mapping kept, its dry run started at once."""
        then = self._then_kind()
        if then is None or self.controller.running or self._working:
            return
        self.kind.setCurrentIndex(self.kind.findData(then.id))  # keeps the shared columns
        self.start_dry_run()

    # --- results ----------------------------------------------------------------------------------------

    def export(self, path: str | Path | None = None) -> Path | None:
        if self.batch_id is None:
            return None
        chosen = (
            str(path)
            if path
            else files.ask_save_path(
                self, "처리 결과 내보내기", "일괄처리_결과.xlsx", "엑셀 (*.xlsx);;CSV (*.csv)"
            )
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".xlsx")
        store, batch_id = self.batch_store, self.batch_id
        self.banner.show_message("결과를 파일로 저장하는 중…", "info")
        # Thousands of rows to XLSX take seconds: off the GUI thread, like the calls.
        self.ctx.background(lambda: export_results(store.rows(batch_id), target)).success(
            lambda _: self.banner.show_message(f"결과를 저장했습니다: {target}", "success")
        ).failure(self._export_failed).finally_(self._update_buttons).busy(self.export_button).run()
        return target

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            self.banner.show_message(f"파일을 저장하지 못했습니다: {error.strerror or error}", "error")
            return
        log.error("bulk result export failed", exc_info=error)
        self.banner.show_message(f"파일을 저장하지 못했습니다: {error_text(error)}", "error")

    # --- helpers ---------------------------------------------------------------------------------------

    def _set_table_rows(self, rows: list[BulkRow]) -> None:
        kind = self.kind.currentData() or SHIP
        self.model = ObjectTableModel(
            rows_view.columns(kind), colour=rows_view.colour, tooltip=rows_view.tooltip
        )
        self.model.set_items(rows)
        self.table.setModel(self.model)
        self._row_index = {row.row_no: index for index, row in enumerate(rows)}
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, 220))

    def _background(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> BackgroundOp:
        """``work`` on the context's runner; the tab's buttons wait until it has delivered."""
        self._working += 1
        self._update_buttons()

        def settle() -> None:
            self._working -= 1
            self._update_buttons()

        return self.ctx.background(work).success(done).failure(failed).finally_(settle).run()

    @property
    def working(self) -> bool:
        """A sheet read, dry run or store job of this tab is running in the background."""
        return bool(self._working)

    def _update_buttons(self) -> None:
        running = self.controller.running or bool(self._working)
        has_rows = self.batch_id is not None and bool(self.rows)
        self.import_button.setEnabled(not running)
        self.kind.setEnabled(not running)
        self.mapping.setEnabled(not running)
        self.dry_run_button.setEnabled(not running and self.sheet is not None)
        self.run_button.setEnabled(not running and has_rows and any(r.status == PENDING for r in self.rows))
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.retry_button.setEnabled(not running and any(r.status == FAILED for r in self.rows))
        self.include_held_button.setVisible(any(r.status == HELD for r in self.rows))
        self.include_held_button.setEnabled(not running)
        self.export_button.setEnabled(not running and has_rows)
        candidate = self._resume_candidate
        self.resume_button.setEnabled(not running and (candidate is None or candidate.holder is None))
        then = self._then_kind()
        self.then_button.setVisible(self._then_ready and then is not None)
        self.then_button.setEnabled(not running)
        if then is not None:
            self.then_button.setText(_then_text(then))

    # --- closing while a batch runs ---------------------------------------------------------------------

    def wind_down_for_close(self) -> bool:
        """The window is closing (``ui/close_policy.py``): pause a running batch. Rows already sent
        are recorded as their answers arrive; anything still out is looked up when the batch is
        resumed, so closing is always safe. True while the batch is still pausing."""
        if not self.controller.running:
            return False
        self.pause()
        return True
