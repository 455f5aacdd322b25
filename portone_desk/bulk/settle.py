"""Settle before verify: when a lookup may tell the truth about a call whose answer was lost.

A lookup made while the server may still be working on the call can say "not applied" for a change
that lands a moment later; resending on that answer sends twice. So a call of unknown outcome is
looked up only once it is older than the client's read timeout plus a margin (the server has given
up on it or finished it by then), and for Naver order actions also PortOne's order sync lag
(주문형 data reaches PortOne's lookups about a minute after Naver applies it). Until then the row
stays 결과 미확인 and the agent is told why (:func:`waiting_text`).

The sender stores the moment (``verify_after``) with the row, so a resume in another process — with
another client — still waits for the sender's timeout.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from portone_desk.bulk.naver_actions import naver_action

MARGIN = 5.0  # seconds past the read timeout
NAVER_SYNC_LAG = 60.0  # PortOne's lag for Naver 주문형 order data


@dataclass(frozen=True)
class SettlePolicy:
    margin: float = MARGIN
    naver_sync_lag: float = NAVER_SYNC_LAG

    def settle_seconds(self, op_id: str, read_timeout: float) -> float:
        lag = self.naver_sync_lag if naver_action(op_id) is not None else 0.0
        return float(read_timeout) + self.margin + lag

    def verify_after(self, op_id: str, sent_at: float, read_timeout: float) -> float:
        """The first moment a lookup may decide the outcome of a call sent at ``sent_at``."""
        return sent_at + self.settle_seconds(op_id, read_timeout)


DEFAULT_POLICY = SettlePolicy()


def read_timeout_of(client: object, default: float = 30.0) -> float:
    """The client's read timeout (``timeout`` is ``(connect, read)`` or one number)."""
    timeout = getattr(client, "timeout", None)
    if isinstance(timeout, tuple | list) and timeout:
        return float(timeout[-1])
    if isinstance(timeout, int | float):
        return float(timeout)
    return default


def waiting_text(due: float, now: float | None = None) -> str:
    now = time.time() if now is None else now
    seconds = max(1, math.ceil(due - now))
    return (
        f"결과 미확인: 서버가 아직 처리 중일 수 있어 {seconds}초 뒤에 조회해 확인합니다. "
        "그 전에는 다시 보내지 않습니다"
    )
