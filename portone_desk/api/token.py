"""Access-token cache: one getToken for many calls and threads.

Lifetime comes from the server's own ``now`` and ``expired_at``; we keep only the offset between
server time and the local monotonic clock, so a wrong or jumping wall clock on the agent's PC
cannot make us send an expired token or hammer getToken.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from portone_desk.api.redact import DEFAULT as REDACTOR

DEFAULT_MARGIN = 60.0
# A token the server would not extend (it extends only under 1 minute left) can come back with
# less than the margin; reuse it this long before asking again instead of asking on every call.
_MIN_REUSE = 5.0


@dataclass(frozen=True)
class TokenInfo:
    access_token: str
    expired_at: int  # server UNIX seconds
    server_offset: float  # server time − local monotonic time, at fetch

    def server_now(self, monotonic: float) -> float:
        return monotonic + self.server_offset

    def remaining(self, monotonic: float) -> float:
        return self.expired_at - self.server_now(monotonic)


class TokenManager:
    """Caches the token; refreshes ``margin`` seconds before expiry; single-flight across threads.

    ``fetch`` performs getToken and returns its ``response`` object (``access_token``,
    ``expired_at``, ``now``). When several threads need a token at once, one fetches and the
    others wait for that result, or get that same error.
    """

    def __init__(
        self,
        fetch: Callable[[], dict],
        margin: float = DEFAULT_MARGIN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._margin = margin
        self._clock = clock
        self._cond = threading.Condition()
        self._info: TokenInfo | None = None
        self._refresh_at = 0.0  # local monotonic time after which we fetch again
        self._fetching = False
        self._generation = 0  # bumped when a fetch ends, successfully or not
        self._error: BaseException | None = None
        self.fetch_count = 0

    @property
    def info(self) -> TokenInfo | None:
        with self._cond:
            return self._info

    def token(self, force: bool = False) -> str:
        """A token valid for at least the margin (or freshly fetched), fetching only if needed.

        ``force`` always asks the server (the connection test), still sharing an in-flight fetch.
        """
        with self._cond:
            while True:
                fresh = self._info is not None and self._clock() < self._refresh_at
                if fresh and not force:
                    return self._info.access_token  # type: ignore[union-attr]
                if not self._fetching:
                    self._fetching = True
                    break
                generation = self._generation
                self._cond.wait_for(partial(self._moved_on, generation))
                # Reuse the result of the flight we waited for, good or bad.
                if self._error is not None:
                    raise self._error
                if self._info is not None:
                    return self._info.access_token
        return self._fetch_as_leader()

    def _moved_on(self, generation: int) -> bool:
        """A fetch has ended since ``generation`` (called with the condition's lock held)."""
        return self._generation != generation

    def _fetch_as_leader(self) -> str:
        started = self._clock()
        try:
            data = self._fetch()
            info = self._parse(data, started)
        except BaseException as exc:
            with self._cond:
                self._fetching = False
                self._error = exc
                self._generation += 1
                self._cond.notify_all()
            raise
        with self._cond:
            self._info = info
            remaining = info.remaining(started)
            # Conservative: the server's `now` was read after `started`, so expiry is no earlier.
            self._refresh_at = max(
                started + remaining - self._margin, started + min(_MIN_REUSE, remaining / 2)
            )
            self._fetching = False
            self._error = None
            self.fetch_count += 1
            self._generation += 1
            self._cond.notify_all()
            return info.access_token

    @staticmethod
    def _parse(data: dict, started: float) -> TokenInfo:
        token = str(data["access_token"])
        expired_at = int(data["expired_at"])
        # Missing `now` would be a server bug; fall back to the wall clock rather than fail.
        server_now = int(data.get("now") or time.time())
        REDACTOR.add(token)
        return TokenInfo(token, expired_at, server_offset=server_now - started)

    def invalidate(self, token: str) -> None:
        """Forget ``token`` after a 401, unless another thread already replaced it."""
        with self._cond:
            if self._info is not None and self._info.access_token == token:
                self._info = None
                self._refresh_at = 0.0

    def server_now(self) -> float | None:
        """Best estimate of the server's current UNIX time, if a token was ever fetched."""
        with self._cond:
            return None if self._info is None else self._info.server_now(self._clock())

    def remaining(self) -> float | None:
        with self._cond:
            return None if self._info is None else self._info.remaining(self._clock())
