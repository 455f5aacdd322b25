"""Work queues and customer search over a local cache of the shop's payments (Qt-free).

The published API (stable: the 할 일 tab and the CLI build on it)::

    from portone_desk.queues import (
        QUEUE_KEYS, QUEUE_LABELS, QueueDesk, QueueItem, SearchHit, RefreshStats,
        open_queue_desk, cache_path, clear_local_data,
    )

    desk = open_queue_desk(paths, profile, client, secrets, audit=audit_log)
    #   paths: store.paths.AppPaths; profile: store.profiles.Profile (its ``cash_receipt_mandatory``
    #   flag = 현금영수증 의무발행업종); client: api.client.PortOneClient (lookups go straight
    #   through the client, not the audited service: a refresh is hundreds of GETs that would
    #   bury the activity log); secrets: store.secrets.SecretStore (holds the cache's hashing
    #   key); audit: store.audit.AuditLog, read for what the desk itself did (발주확인, 반품보류,
    #   receipts, 송장번호). Raises store.secrets.SecretStoreError when the keyring has no safe
    #   backend: without the key the cache would have to keep phones and e-mails in clear (the
    #   training profile, ``is_sandbox``, then gets a key for this run only; secrets may be None).
    # or, without a profile: QueueDesk(db_path, key: bytes, client.call, activity=audit, ...)

    stats = desk.refresh(progress=None, cancel=None)   # blocking; run it off the GUI thread
    #   progress(done, total) is called from the refresh thread; cancel is a threading.Event.
    #   Raises api.errors.PortOneError subclasses when the payment list cannot be read (the cache
    #   keeps what it had). stats: RefreshStats(payment_calls, order_calls, minimum_calls, …).
    desk.counts(now=None) -> dict[str, int]            # every key of QUEUE_KEYS, fast (cache only)
    desk.items(queue, now=None, limit=None) -> list[QueueItem]   # in the queue's order
    desk.all_items(now=None) -> dict[str, list[QueueItem]]
    desk.search(text, limit=50) -> list[SearchHit]     # as the agent types; cache only, ~ms
    desk.synced_at() -> int | None                     # UNIX s of the last complete refresh
    desk.clear()                                       # 로컬 데이터 지우기 for this profile
    #   (cancel a running refresh and let it end first)
    desk.forget_activity()                             # re-read the activity log now (after acting)
    desk.close()

    cache_path(paths, profile_id) -> Path              # <data>/queues/<profile_id>.sqlite3
    clear_local_data(paths, secrets=None, profile_id=None)   # every profile's cache (+ keys)

``QueueDesk`` is thread-safe: one thread may refresh while another counts, lists and searches
(one SQLite connection per thread, WAL). ``now`` defaults to the local clock; pass the sandbox's
clock in training if it was moved.

Queues (``QUEUE_KEYS``; Korean names in ``QUEUE_LABELS``):

- ``place`` 발주 대기 — Naver product orders PAYED with no open claim that neither PortOne nor the
  activity log shows as acknowledged (the API does not show 발주확인; a successful
  ``naverPlaceProductOrder`` in the log moves the order to ``ship``). Oldest first.
- ``ship`` 발송 대기 — PAYED, no open claim, acknowledged by the desk; by 발송기한 (``shipping_due``),
  overdue first, ``overdue=True``.
- ``cancel_request`` 취소 요청 — open claim CANCEL:CANCEL_REQUEST.
- ``return_request`` 반품 요청 — RETURN:RETURN_REQUEST / COLLECTING (sub 수거중) and COLLECT_DONE
  (sub 수거완료), unless withheld.
- ``exchange_request`` 교환 요청 — EXCHANGE:EXCHANGE_REQUEST / COLLECTING / COLLECT_DONE.
- ``withheld`` 보류 중 — PURCHASE_DECISION_HOLDBACK claims, and returns the activity log shows as
  withheld (``naverWithholdReturnProductOrder`` not followed by a resolve).
- ``receipt_due`` 현금영수증 발급 필요 — paid ``vbank``/``trans`` payments (not Naver, which issues
  its own) with ``cash_receipt_issued`` false and no receipt issued through the desk. With the
  profile's 의무발행업종 flag, payments of ₩100,000 or more paid within the last 5 days come
  first (sub 의무발행) with ``deadline`` = paid_at + 5 days (those past it next, ``overdue``); the
  rest follow, newest first. ``SELF_ISSUE_NUMBER`` (010-000-1234, 국세청 자진발급) is the
  identifier to offer when the buyer gave none.

Search keys (``SearchHit.matched``): buyer name (any part, 1+ characters), phone (full number,
any format, or its last 4 digits), e-mail (whole address), order number / imp_uid / product order
id / tracking number (prefix, 3+ characters).

Personal data at rest: names are kept masked (``김*수``) for display plus keyed hashes of their
substrings for partial search; phones and e-mails only as keyed hashes (HMAC-SHA256, key in the
OS keyring) plus the phone's last four digits and a masked e-mail. Rows past the window are
purged and the WAL truncated. The schema keeps no machine-local state in the data tables, so a
team store can later hold the same tables (with a shared key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portone_desk.queues.desk import QueueDesk, cache_path, clear_local_data, open_queue_desk
    from portone_desk.queues.model import (
        MATCH_KEYS,
        QUEUE_KEYS,
        QUEUE_LABELS,
        SELF_ISSUE_NUMBER,
        SUB_COLLECTED,
        SUB_COLLECTING,
        SUB_MANDATORY,
        QueueItem,
        RefreshStats,
        SearchHit,
    )

_HOMES = {
    "QueueDesk": "desk",
    "cache_path": "desk",
    "clear_local_data": "desk",
    "open_queue_desk": "desk",
}

__all__ = [
    "MATCH_KEYS",
    "QUEUE_KEYS",
    "QUEUE_LABELS",
    "SELF_ISSUE_NUMBER",
    "SUB_COLLECTED",
    "SUB_COLLECTING",
    "SUB_MANDATORY",
    "QueueDesk",
    "QueueItem",
    "RefreshStats",
    "SearchHit",
    "cache_path",
    "clear_local_data",
    "open_queue_desk",
]


def __getattr__(name: str) -> Any:
    """Loaded on first use, so ``portone-desk`` (the GUI's start-up) does not pay for the package
    when it only builds its command-line parser."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module = importlib.import_module(f"{__name__}.{_HOMES.get(name, 'model')}")
    return getattr(module, name)
