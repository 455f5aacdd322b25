"""``QueueDesk``: the one object the 할 일 tab and the CLI use (see the package docstring)."""

from __future__ import annotations

import secrets as secrets_module
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from portone_desk.queues import membership
from portone_desk.queues.activity import ActivityFacts, read_facts
from portone_desk.queues.cache import SCHEMA_VERSION, QueueCache
from portone_desk.queues.model import QUEUE_KEYS, QueueItem, RefreshStats, SearchHit
from portone_desk.queues.privacy import KEY_BYTES, KEY_KIND, Hasher, load_or_create_key
from portone_desk.queues.refresh import DEFAULT_WORKERS, LookupCall, Progress, Refresher
from portone_desk.queues.search import TrackingIndex, search

CACHE_DIR = "queues"
ACTIVITY_TTL = 30.0  # seconds the activity-log facts are reused (forget_activity() after acting)


class QueueDesk:
    def __init__(
        self,
        db_path: Path | str,
        key: bytes,
        call: LookupCall,
        *,
        activity: Any = None,
        mandatory_receipt: bool = False,
        window_days: int = 90,
        workers: int = DEFAULT_WORKERS,
        server_clock: Callable[[], float | None] | None = None,
    ) -> None:
        """``call`` is ``PortOneClient.call``; ``activity`` a ``store.audit.AuditLog`` or None;
        ``server_clock`` the API server's time when known (``open_queue_desk`` passes the token's)."""
        self.cache = QueueCache(db_path, Hasher(key))
        self.activity = activity
        self.mandatory_receipt = mandatory_receipt
        self.window_days = window_days
        self.refresher = Refresher(
            self.cache, call, window_days=window_days, workers=workers, server_clock=server_clock
        )
        self._facts: tuple[float, ActivityFacts, TrackingIndex] | None = None
        self._facts_lock = threading.Lock()

    # --- refresh -----------------------------------------------------------------------------------

    def refresh(
        self, progress: Progress | None = None, cancel: threading.Event | None = None, *, orders: bool = True
    ) -> RefreshStats:
        """Blocking; ``orders=False`` refreshes payments only (no ``synced_at``: not complete)."""
        stats = self.refresher.run(progress, cancel, orders=orders)
        self.forget_activity()
        return stats

    def synced_at(self) -> int | None:
        found = self.cache.get_meta("synced_at")
        return int(found) if found else None

    # --- queues ------------------------------------------------------------------------------------

    def forget_activity(self) -> None:
        """Read the activity log again on the next call (e.g. right after the agent acted)."""
        with self._facts_lock:
            self._facts = None

    def _activity(self) -> tuple[ActivityFacts, TrackingIndex]:
        with self._facts_lock:
            cached = self._facts
            if cached is not None and time.monotonic() - cached[0] < ACTIVITY_TTL:
                return cached[1], cached[2]
            since = time.time() - self.window_days * 24 * 3600 - 30 * 24 * 3600
            facts = read_facts(self.activity, since)
            index = TrackingIndex(facts.tracking)
            self._facts = (time.monotonic(), facts, index)
            return facts, index

    def all_items(self, now: int | None = None) -> dict[str, list[QueueItem]]:
        facts, _ = self._activity()
        moment = int(time.time() if now is None else now)
        return membership.all_queues(self.cache.conn(), facts, moment, self.mandatory_receipt)

    def items(self, queue: str, now: int | None = None, limit: int | None = None) -> list[QueueItem]:
        if queue not in QUEUE_KEYS:
            raise KeyError(f"알 수 없는 작업 목록입니다: {queue!r}")
        found = self.all_items(now)[queue]
        return found if limit is None else found[:limit]

    def counts(self, now: int | None = None) -> dict[str, int]:
        """Items per queue; cheaper than ``all_items`` (the receipt queue is counted in SQL)."""
        facts, _ = self._activity()
        moment = int(time.time() if now is None else now)
        conn = self.cache.conn()
        counted = {key: len(items) for key, items in membership.naver_items(conn, facts, moment).items()}
        counted["receipt_due"] = membership.receipt_count(conn, facts)
        return counted

    # --- search ------------------------------------------------------------------------------------

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        _, tracking = self._activity()
        return search(self.cache.conn(), self.cache.hasher, text, limit, tracking)

    # --- lifetime ----------------------------------------------------------------------------------

    def clear(self) -> None:
        """로컬 데이터 지우기: every cached row of this profile, and the WAL with them."""
        self.cache.wipe()
        self.cache.set_meta("key_fingerprint", self.cache.hasher.fingerprint())
        self.cache.set_meta("schema_version", SCHEMA_VERSION)

    def close(self) -> None:
        self.cache.close()

    def __enter__(self) -> QueueDesk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def cache_path(paths: Any, profile_id: str) -> Path:
    """``<data folder>/queues/<profile id>.sqlite3`` (``paths``: ``store.paths.AppPaths``)."""
    return Path(paths.data_root) / CACHE_DIR / f"{profile_id}.sqlite3"


def open_queue_desk(
    paths: Any,
    profile: Any,
    client: Any,
    secrets: Any,
    audit: Any = None,
    **options: Any,
) -> QueueDesk:
    """The queue desk of ``profile`` (see the package docstring for the argument types).

    The training profile (``is_sandbox``) holds only made-up data: without a usable keyring it
    gets a key for this run alone (its cache then starts over at the next start)."""
    from portone_desk.store.secrets import SecretStoreError

    try:
        if secrets is None:
            raise SecretStoreError("no keyring given")
        key = load_or_create_key(secrets, profile.id)
    except SecretStoreError:
        if not getattr(profile, "is_sandbox", False):
            raise
        key = secrets_module.token_bytes(KEY_BYTES)
    options.setdefault("mandatory_receipt", bool(getattr(profile, "cash_receipt_mandatory", False)))
    options.setdefault("server_clock", server_clock_of(client))
    return QueueDesk(cache_path(paths, profile.id), key, client.call, activity=audit, **options)


def server_clock_of(client: Any) -> Callable[[], float | None]:
    """The server's time from the client's token (fetched first if there is none yet)."""

    def now() -> float | None:
        client.tokens.token()
        return client.tokens.server_now()

    return now


def clear_local_data(paths: Any, secrets: Any = None, profile_id: str | None = None) -> None:
    """로컬 데이터 지우기: the cache files (with WAL and shared-memory files) of one profile or all,
    and their hashing keys when ``secrets`` is given. Close open desks first."""
    folder = Path(paths.data_root) / CACHE_DIR
    if not folder.exists():
        return
    pattern = f"{profile_id}.sqlite3*" if profile_id else "*.sqlite3*"
    for path in folder.glob(pattern):
        if secrets is not None and path.name.endswith(".sqlite3"):
            secrets.delete(path.name.removesuffix(".sqlite3"), KEY_KIND)
        path.unlink(missing_ok=True)
    if profile_id is None:
        shutil.rmtree(folder, ignore_errors=True)
