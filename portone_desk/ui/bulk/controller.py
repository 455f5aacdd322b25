"""Runs a batch on the desk's worker pool and brings its progress back to the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from portone_desk.bulk.jobstore import JobStore
from portone_desk.bulk.runner import BatchRunner, Progress, RowUpdate
from portone_desk.ui.context import DeskContext
from portone_desk.ui.worker import BackgroundOp


class RunController(QObject):
    # Emitted from the run's thread; Qt queues them to the GUI thread.
    progress = Signal(object)  # Progress
    rows_changed = Signal(object)  # list[RowUpdate]
    finished = Signal(object)  # final Progress
    failed = Signal(object)  # an unexpected exception

    def __init__(self, ctx: DeskContext, store: JobStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.runner: BatchRunner | None = None
        self._op: BackgroundOp | None = None

    @property
    def running(self) -> bool:
        return self._op is not None

    def start(self, batch_id: int, concurrency: int) -> None:
        if self.running:
            raise RuntimeError("a batch is already running")
        runner = BatchRunner(
            self.ctx.service,
            self.store,
            batch_id,
            concurrency=concurrency,
            on_progress=self._progress,
            on_rows=self._rows,
        )
        self.runner = runner
        self._op = self.ctx.background(runner.run).success(self._done).failure(self._failed).run()

    def pause(self) -> None:
        if self.runner is not None:
            self.runner.pause()

    def cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()

    def set_concurrency(self, concurrency: int) -> None:
        if self.runner is not None:
            self.runner.set_concurrency(concurrency)

    def _progress(self, progress: Progress) -> None:
        self.progress.emit(progress)

    def _rows(self, updates: list[RowUpdate]) -> None:
        self.rows_changed.emit(updates)

    def _done(self, progress: Progress) -> None:
        self._op = None
        self.finished.emit(progress)

    def _failed(self, error: BaseException) -> None:
        self._op = None
        self.failed.emit(error)
