"""What every tab gets from the main window: the runner, the active profile and its service.

Tabs never build clients or touch the keyring themselves; they ask the context, which follows the
profile the agent picked in the toolbar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from portone_desk.ui.channels import ChannelCache
from portone_desk.ui.worker import BackgroundOp, OperationRunner

if TYPE_CHECKING:
    from portone_desk.service import DeskService
    from portone_desk.store.profiles import Profile


class DeskContext(QObject):
    profile_changed = Signal()
    # Said beside a finished call's result (from the worker thread; queued to the GUI thread).
    notice = Signal(str)

    def __init__(self, runner: OperationRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._service: DeskService | None = None
        self.channels = ChannelCache()  # the shop's PG channels per profile, for the session

    @property
    def service(self) -> DeskService:
        if self._service is None:
            raise RuntimeError("no active profile")
        return self._service

    @property
    def profile(self) -> Profile | None:
        return self._service.profile if self._service else None

    @property
    def has_profile(self) -> bool:
        return self._service is not None

    def set_service(self, service: DeskService | None) -> None:
        self._service = service
        self.profile_changed.emit()

    def call_op(
        self,
        op_id: str,
        values: Mapping[str, Any],
        pg: str | None = None,
        *,
        note: str | None = None,
        product_order_ids: Iterable[str] | None = None,
        merchant_uid: str | None = None,
    ) -> BackgroundOp:
        """A background call of one catalog operation through the active profile (audited).

        ``note``, ``product_order_ids`` and ``merchant_uid`` only go to the activity log.
        """
        service = self.service
        values = dict(values)
        ids = list(product_order_ids) if product_order_ids is not None else None

        def work() -> Any:
            result = service.call(
                op_id,
                values,
                pg=pg,
                note=note or None,
                product_order_ids=ids,
                merchant_uid=merchant_uid or None,
            )
            for text in getattr(result, "notices", ()):  # e.g. the log row waits in the journal
                self.notice.emit(text)
            return result

        op = BackgroundOp(self.runner, work)
        op.cancellable = not _mutating(op_id)
        return op

    def background(self, work: Callable[[], Any]) -> BackgroundOp:
        return BackgroundOp(self.runner, work)


def _mutating(op_id: str) -> bool:
    from portone_desk.api.catalog import OPERATIONS

    found = OPERATIONS.get(op_id)
    return found is None or found.mutating
