"""What the 할 일 tab reads: queues, their items and search hits, behind one small interface.

The tab never talks to the local cache directly; it asks a :class:`QueueSource` (every method is
blocking and is called on the worker pool, never on the GUI thread). ``source_for`` builds the
real one over the Qt-free queue cache package; tests hand the tab their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from portone_desk.store.secrets import SecretStore
    from portone_desk.ui.context import DeskContext

PLACE, SHIP, CANCEL_REQUEST, RETURN_REQUEST = "place", "ship", "cancel_request", "return_request"
EXCHANGE_REQUEST, WITHHELD, RECEIPT_DUE = "exchange_request", "withheld", "receipt_due"

# In the order of the list: the morning's work first.
QUEUE_TITLES: dict[str, str] = {
    PLACE: "발주 대기",
    SHIP: "발송 대기",
    CANCEL_REQUEST: "취소 요청",
    RETURN_REQUEST: "반품 요청",
    EXCHANGE_REQUEST: "교환 요청",
    WITHHELD: "보류 중",
    RECEIPT_DUE: "현금영수증 발급 필요",
}
NAVER_QUEUES = frozenset({PLACE, SHIP, CANCEL_REQUEST, RETURN_REQUEST, EXCHANGE_REQUEST, WITHHELD})


@dataclass(frozen=True)
class QueueItem:
    """One row of a queue: a product order (Naver queues) or a payment (receipts)."""

    queue: str
    imp_uid: str
    merchant_uid: str = ""
    product_order_id: str = ""
    buyer: str = ""  # already masked
    product: str = ""
    amount: int = 0
    state: str = ""  # Korean
    sub: str = ""  # a split inside the queue: 수거중 / 수거완료, 의무발행 …
    deadline: int | None = None  # UNIX seconds: 발송기한, or the receipt's issue deadline
    since: int | None = None  # UNIX seconds the item has been waiting since (its age)
    overdue: bool = False
    mandatory: bool = False  # 현금영수증 의무발행 (₩100,000+ in a mandatory-issue trade)

    @property
    def key(self) -> str:
        return self.product_order_id or self.imp_uid


@dataclass(frozen=True)
class QueueSnapshot:
    items: Mapping[str, Sequence[QueueItem]] = field(default_factory=dict)
    synced_at: float | None = None  # when the cache was last refreshed; None: never
    note: str = ""  # Korean, e.g. why nothing could be refreshed
    now: float | None = None  # the shop's clock when read (training: the sandbox's, maybe moved)

    def count(self, queue: str) -> int:
        return len(self.items.get(queue, ()))

    @property
    def total(self) -> int:
        return sum(self.count(queue) for queue in QUEUE_TITLES)


@dataclass(frozen=True)
class SearchHit:
    imp_uid: str
    merchant_uid: str = ""
    buyer: str = ""  # masked
    amount: int = 0
    status: str = ""  # Korean
    pg: str = ""
    product_order_id: str = ""
    matched: str = ""  # what the text matched, Korean (이름, 전화번호 끝 4자리, 주문번호 …)
    when: int | None = None

    @property
    def is_naver(self) -> bool:
        return self.pg == "naverco"


def ordered(queue: str, items: Sequence[QueueItem]) -> list[QueueItem]:
    """The order a queue is worked in: 발송 대기 by 발송기한 with overdue first; 현금영수증 발급
    필요 with mandatory issues first by their deadline; the rest oldest first."""
    far = float("inf")
    if queue == SHIP:
        return sorted(items, key=lambda i: (not i.overdue, i.deadline or far, i.since or far))
    if queue == RECEIPT_DUE:
        return sorted(items, key=lambda i: (not i.mandatory, i.deadline or far, i.since or far))
    return sorted(items, key=lambda i: (i.since or far, i.deadline or far))


class QueueSource(Protocol):
    def cached(self) -> QueueSnapshot:
        """What the local cache holds now (fast; no network)."""
        ...

    def refresh(self) -> QueueSnapshot:
        """Bring the cache up to date from the API, then answer as ``cached``."""
        ...

    def search(self, text: str, limit: int = 50) -> list[SearchHit]: ...

    def clear(self) -> None:
        """Remove every local copy of the shop's data (the "로컬 데이터 지우기" action)."""
        ...


class NoSource:
    """Stands in while there is no profile (or no cache for it): empty, and says why."""

    def __init__(self, note: str) -> None:
        self.note = note

    def cached(self) -> QueueSnapshot:
        return QueueSnapshot(note=self.note)

    def refresh(self) -> QueueSnapshot:
        return QueueSnapshot(note=self.note)

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        return []

    def clear(self) -> None:
        return None


def source_for(ctx: DeskContext, secrets: SecretStore | None = None) -> QueueSource:
    """The active profile's queue cache, or a :class:`NoSource` saying why there is none.
    ``secrets``: the keyring wrapper the profiles use (the cache keeps its hashing key there)."""
    if not ctx.has_profile:
        return NoSource("프로필을 먼저 선택해 주세요.")
    from portone_desk.ui.queue import cache_adapter

    return cache_adapter.open_source(ctx.service, secrets)
