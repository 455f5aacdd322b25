"""The one place that reads the Qt-free queue package (``portone_desk.queues``) and turns its
answers into the tab's types (``source.QueueItem`` …).

Opening the cache reads the keyring (slow) and the SQLite file, so :class:`CacheSource` opens it
on first use, which is always on a worker thread.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from portone_desk.ui.queue.source import NoSource, QueueItem, QueueSnapshot, QueueSource, SearchHit

if TYPE_CHECKING:
    from portone_desk.service import DeskService
    from portone_desk.store.secrets import SecretStore

NOT_READY = "할 일 목록을 아직 사용할 수 없습니다."
MATCHED = {
    "name": "이름",
    "phone": "전화번호",
    "email": "이메일",
    "merchant_uid": "주문번호",
    "imp_uid": "결제번호",
    "product_order_id": "상품주문번호",
    "tracking_number": "송장번호",
}
MANDATORY = "의무발행"


def open_source(service: DeskService, secrets: SecretStore | None = None) -> QueueSource:
    try:
        import portone_desk.queues  # noqa: F401
    except ImportError:
        return NoSource(NOT_READY)
    return CacheSource(service, secrets)


def item_of(found: Any) -> QueueItem:
    sub = str(getattr(found, "sub", "") or "")
    return QueueItem(
        queue=found.queue,
        imp_uid=found.imp_uid,
        merchant_uid=found.merchant_uid or "",
        product_order_id=found.product_order_id or "",
        buyer=found.buyer or "",
        product=found.product or "",
        amount=int(found.amount or 0),
        state=found.state or "",
        sub=sub,
        deadline=found.deadline,
        since=found.since or None,
        overdue=bool(found.overdue),
        mandatory=sub == MANDATORY,
    )


def hit_of(found: Any) -> SearchHit:
    return SearchHit(
        imp_uid=found.imp_uid,
        merchant_uid=found.merchant_uid or "",
        buyer=found.buyer or "",
        amount=int(found.amount or 0),
        status=found.status_label or found.status or "",
        pg="naverco" if found.is_naver else (found.pg_provider or ""),
        product_order_id=found.product_order_id or "",
        matched=MATCHED.get(found.matched, found.matched),
        when=found.started_at or None,
    )


class CacheSource:
    """The active profile's queue cache, opened on first use (in a worker)."""

    def __init__(self, service: DeskService, secrets: SecretStore | None = None) -> None:
        self.service = service
        self.secrets = secrets
        self._desk: Any = None
        self._lock = threading.Lock()

    def _open(self) -> Any:
        with self._lock:
            if self._desk is None:
                self._desk = self._open_desk()
            return self._desk

    def _open_desk(self) -> Any:
        from portone_desk.queues import open_queue_desk
        from portone_desk.store.paths import AppPaths
        from portone_desk.store.secrets import SecretStore, SecretStoreError

        service, paths = self.service, AppPaths.default()
        try:
            return open_queue_desk(
                paths, service.profile, service.client, self.secrets or SecretStore(), audit=service.audit
            )
        except SecretStoreError:
            if not service.profile.is_sandbox:
                raise  # no safe keyring: no hashing key, so no cache of a real shop's buyers
            return self._training_desk(paths)

    def _training_desk(self, paths: Any) -> Any:
        """Training mode on a PC without a safe keyring: practice data only, hashed with a key
        that lives as long as the process (the cache starts again at the next start)."""
        from portone_desk.queues import QueueDesk, cache_path

        profile = self.service.profile
        return QueueDesk(
            cache_path(paths, profile.id),
            _training_key(),
            self.service.client.call,
            activity=self.service.audit,
            mandatory_receipt=bool(getattr(profile, "cash_receipt_mandatory", False)),
        )

    def cached(self) -> QueueSnapshot:
        desk = self._open()
        now = self._shop_now()
        found = desk.all_items(now=now)
        items = {key: [item_of(entry) for entry in entries] for key, entries in found.items()}
        return QueueSnapshot(items=items, synced_at=desk.synced_at(), now=now)

    def _shop_now(self) -> int | None:
        """In training the trainer may have moved the sandbox's clock (to show overdue orders):
        deadlines and ages follow it. A live shop runs on the local clock (None)."""
        profile = self.service.profile
        if not profile.is_sandbox:
            return None
        from portone_desk.sandbox.control_client import SandboxControl

        try:
            return SandboxControl(profile.base_url, timeout=5).now()
        except Exception:  # the sandbox is still starting: the local clock is close enough
            return None

    def refresh(self) -> QueueSnapshot:
        self._open().refresh()
        return self.cached()

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        return [hit_of(found) for found in self._open().search(text, limit=limit)]

    def clear(self) -> None:
        """Every profile's local copy: this profile's cache is wiped in place (its connections stay
        usable), the other profiles' files and hashing keys are removed."""
        self._open().clear()
        from portone_desk.queues import cache_path, clear_local_data
        from portone_desk.store.paths import AppPaths

        paths, current = AppPaths.default(), self.service.profile.id
        folder = cache_path(paths, current).parent
        for other in sorted(folder.glob("*.sqlite3")):
            profile_id = other.name.removesuffix(".sqlite3")
            if profile_id != current:
                clear_local_data(paths, self._key_store(), profile_id)

    def _key_store(self) -> Any:
        """Where the hashing keys live, or None when no safe keyring can be reached (files only)."""
        from portone_desk.store.secrets import SecretStore, SecretStoreError

        try:
            store = self.secrets or SecretStore()
            return store if store.available() else None
        except SecretStoreError:
            return None


_TRAINING_KEY: list[bytes] = []


def _training_key() -> bytes:
    if not _TRAINING_KEY:
        import secrets

        _TRAINING_KEY.append(secrets.token_bytes(32))
    return _TRAINING_KEY[0]
