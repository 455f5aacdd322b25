"""Which job store a batch goes to: the one the *active* profile works with (issue 13).

A profile whose activity log is a team database keeps its batches there (shared by every PC); any
other profile keeps them in the data folder. Switching profiles in one session switches stores; each
store is opened once per owner (a tab) and kept, so switching back finds the same one.
"""

from __future__ import annotations

from portone_desk.bulk.jobstore import FILE_NAME, JobStore
from portone_desk.ui.context import DeskContext

LOCAL = ""  # the key of the data folder's store


def store_key(ctx: DeskContext) -> str:
    """The team database the active service logs to, or ``LOCAL``. (The DSN only keys this map in
    memory; it is never shown or written.)"""
    audit = ctx.service.audit if ctx.has_profile else None
    dsn = getattr(audit, "dsn", None)
    return dsn if isinstance(dsn, str) and dsn else LOCAL


class JobStores:
    def __init__(self, ctx: DeskContext, fixed: JobStore | None = None) -> None:
        self.ctx = ctx
        self._fixed = fixed  # tests hand a tab its store: then that one, whatever the profile
        self._open: dict[str, JobStore] = {}

    def key(self) -> str:
        return LOCAL if self._fixed is not None else store_key(self.ctx)

    def current(self) -> JobStore:
        if self._fixed is not None:
            return self._fixed
        key = self.key()
        if key not in self._open:
            self._open[key] = _open_store(key)
        return self._open[key]

    def close(self) -> None:
        for store in self._open.values():
            store.close()
        self._open.clear()


def _open_store(key: str) -> JobStore:
    if key != LOCAL:
        from portone_desk.team.jobstore import TeamJobStore

        return TeamJobStore(key)  # type: ignore[return-value]
    from portone_desk.store.paths import AppPaths

    return JobStore(AppPaths.default().data_dir / FILE_NAME)
