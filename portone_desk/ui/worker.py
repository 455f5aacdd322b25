"""The one way the desk runs blocking work: a bounded thread pool with results on the GUI thread.

In the spirit of Anki's ``QueryOp``::

    BackgroundOp(runner, lambda: client.call("getReceipt", {"imp_uid": uid}))
        .success(show_receipt)
        .failure(show_error)
        .busy(lookup_button)
        .run()

Results come back through a queued Qt signal, so it works under qasync's loop in the app and under
pytest-qt's plain event loop in tests alike. A running HTTP call cannot be interrupted, so
"cancel" means: forget the result, re-enable the buttons now, and let the thread finish quietly.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class _Bridge(QObject):
    """Carries a finished future back to the GUI thread."""

    done = Signal(object, object)  # (BackgroundOp, Future)


class OperationRunner(QObject):
    """Owns the bounded pool; every API call of the app goes through it."""

    busy_changed = Signal(int)  # number of operations still running
    drained = Signal()  # no thread is working any more (cancelled calls included)

    def __init__(self, max_workers: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._max_workers = max_workers
        self._executor: ThreadPoolExecutor | None = None  # made on first use (start-up time)
        self._bridge = _Bridge()
        self._bridge.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._running: set[BackgroundOp] = set()
        self._pending: set[Future] = set()  # submitted and not finished, delivered or not
        self.abandoned = False  # shut down without waiting while calls still ran

    @property
    def running(self) -> int:
        """Operations whose result the UI still waits for."""
        return len(self._running)

    @property
    def in_flight(self) -> int:
        """Threads still working, including cancelled operations whose call has not returned."""
        return sum(1 for f in list(self._pending) if not f.done())

    def submit(self, op: BackgroundOp) -> None:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(
                max_workers=self._max_workers, thread_name_prefix="portone-api"
            )
        self._running.add(op)
        self.busy_changed.emit(len(self._running))
        future = self._executor.submit(op.work)
        self._pending.add(future)
        future.add_done_callback(lambda f: self._done_in_thread(op, f))

    def _done_in_thread(self, op: BackgroundOp, future: Future) -> None:
        self._pending.discard(future)
        try:
            self._bridge.done.emit(op, future)
        except RuntimeError:
            # The window (and the bridge) are gone: the app is exiting and nobody wants the result.
            log.debug("result after shutdown dropped")

    @property
    def lookups_running(self) -> int:
        """Running operations the agent may stop waiting for (lookups: nothing changes)."""
        return sum(1 for op in self._running if op.cancellable)

    def cancel_lookups(self) -> int:
        """Stop waiting for every running lookup (their threads end at the lookup deadline);
        changes are never cancelled: their outcome must be recorded. Returns how many."""
        lookups = [op for op in self._running if op.cancellable]
        for op in lookups:
            op.cancel()
        return len(lookups)

    def forget(self, op: BackgroundOp) -> None:
        if op in self._running:
            self._running.discard(op)
            self.busy_changed.emit(len(self._running))

    @Slot(object, object)
    def _deliver(self, op: BackgroundOp, future: Future) -> None:
        was_running = op in self._running
        self.forget(op)
        try:
            if was_running:
                op.finish(future)
        finally:
            if not self.in_flight:
                self.drained.emit()

    def shutdown(self, wait: bool = True) -> None:
        """Stop the pool. ``wait=True`` blocks until running calls return (bounded by their
        timeouts); ``wait=False`` returns at once and leaves them running (``abandoned``)."""
        if self._executor is None:
            return
        if not wait and self.in_flight:
            self.abandoned = True
        self._executor.shutdown(wait=wait, cancel_futures=True)


class BackgroundOp:
    """One blocking call with what to do with its result."""

    def __init__(self, runner: OperationRunner, work: Callable[[], Any]) -> None:
        self._runner = runner
        self._work = work
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_finally: list[Callable[[], None]] = []
        self._busy_widgets: list[QWidget] = []
        self.started_at = 0.0
        self.cancelled = False
        self.cancellable = False  # a lookup the agent may stop waiting for (``cancel_lookups``)

    def success(self, callback: Callable[[Any], None]) -> BackgroundOp:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOp:
        self._on_failure = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> BackgroundOp:
        self._on_finally.append(callback)
        return self

    def busy(self, *widgets: QWidget | Iterable[QWidget]) -> BackgroundOp:
        """Widgets disabled while the call runs (no double submit)."""
        for item in widgets:
            if isinstance(item, QWidget):
                self._busy_widgets.append(item)
            else:
                self._busy_widgets.extend(item)
        return self

    def run(self) -> BackgroundOp:
        self.started_at = time.monotonic()
        # Disabling the focused button drops the keyboard focus; it comes back when the call ends.
        self._had_focus = QApplication.focusWidget()
        for widget in self._busy_widgets:
            widget.setEnabled(False)
        self._runner.submit(self)
        return self

    def cancel(self) -> None:
        """Drop the result; the UI is usable again at once."""
        self.cancelled = True
        self._runner.forget(self)
        self._release()

    def work(self) -> Any:
        return self._work()

    def finish(self, future: Future) -> None:
        self._release()
        error = future.exception()
        try:
            if error is None:
                if self._on_success is not None:
                    self._on_success(future.result())
            elif self._on_failure is not None:
                self._on_failure(error)
            else:
                # Unhandled failures take the one crash path.
                sys.excepthook(type(error), error, error.__traceback__)
        finally:
            for callback in self._on_finally:
                callback()

    def _release(self) -> None:
        for widget in self._busy_widgets:
            # A widget may have been closed while the call ran.
            try:
                widget.setEnabled(True)
            except RuntimeError:
                log.debug("busy widget gone before the call finished")
        self._give_focus_back()

    def _give_focus_back(self) -> None:
        """A keyboard-only agent keeps their place: the widget that had focus, else the next one."""
        widget = getattr(self, "_had_focus", None)
        self._had_focus = None
        if widget is None or QApplication.focusWidget() is not None:
            return
        try:
            for _ in range(200):
                if (
                    widget.isEnabled()
                    and widget.isVisible()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                ):
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return
                widget = widget.nextInFocusChain()
        except RuntimeError:
            log.debug("focused widget gone before the call finished")
