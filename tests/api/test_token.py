"""TokenManager on its own: lifetime from server time, refresh margin, single-flight, invalidation.

The sandbox-backed behaviour (real getToken, clock moves) is in test_client_token.py.
"""

from __future__ import annotations

import threading
import time

import pytest

from portone_desk.api.token import TokenManager


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class FakeServer:
    """Answers like getToken: server time differs wildly from ours on purpose."""

    def __init__(self, clock: FakeClock, skew: float = -12_345_678.0, life: int = 1800) -> None:
        self.clock = clock
        self.skew = skew
        self.life = life
        self.calls = 0
        self.delay = 0.0
        self.fail: Exception | None = None

    def __call__(self) -> dict:
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        if self.fail:
            raise self.fail
        now = int(1_800_000_000 + self.clock.t)
        return {"access_token": f"tok-{self.calls}", "now": now, "expired_at": now + self.life}


def test_token_is_reused_until_margin_before_expiry():
    clock = FakeClock()
    server = FakeServer(clock)
    tokens = TokenManager(server, margin=60, clock=clock)
    assert tokens.token() == "tok-1"
    clock.t += 1800 - 61
    assert tokens.token() == "tok-1"
    assert server.calls == 1
    clock.t += 2  # now 59 s left: refresh
    assert tokens.token() == "tok-2"
    assert server.calls == 2
    assert tokens.fetch_count == 2


def test_remaining_life_uses_server_time_not_local_wall_clock():
    clock = FakeClock()
    server = FakeServer(clock, life=1800)
    tokens = TokenManager(server, margin=60, clock=clock)
    tokens.token()
    assert tokens.remaining() == pytest.approx(1800)
    clock.t += 100
    assert tokens.remaining() == pytest.approx(1700)
    assert tokens.server_now() == pytest.approx(1_800_000_000 + 1100)


def test_short_lived_token_is_reused_briefly_not_refetched_every_call():
    clock = FakeClock()
    server = FakeServer(clock, life=30)  # server will not extend yet: less than our margin
    tokens = TokenManager(server, margin=60, clock=clock)
    for _ in range(10):
        assert tokens.token() == "tok-1"
    assert server.calls == 1
    clock.t += 6
    tokens.token()
    assert server.calls == 2


def test_invalidate_only_the_current_token():
    clock = FakeClock()
    server = FakeServer(clock)
    tokens = TokenManager(server, clock=clock)
    first = tokens.token()
    tokens.invalidate("someone-elses-old-token")
    assert tokens.token() == first
    tokens.invalidate(first)
    assert tokens.token() == "tok-2"
    tokens.invalidate(first)  # stale 401 from a slow thread: keep tok-2
    assert tokens.token() == "tok-2"
    assert server.calls == 2


def test_force_always_asks():
    clock = FakeClock()
    server = FakeServer(clock)
    tokens = TokenManager(server, clock=clock)
    tokens.token()
    tokens.token(force=True)
    assert server.calls == 2


def test_single_flight_16_threads_one_fetch():
    server = FakeServer(FakeClock())
    server.delay = 0.2
    tokens = TokenManager(server)
    barrier = threading.Barrier(16)
    results: list[str] = []

    def worker() -> None:
        barrier.wait()
        results.append(tokens.token())

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.calls == 1
    assert results == ["tok-1"] * 16


def test_single_flight_shares_the_error_then_recovers():
    server = FakeServer(FakeClock())
    server.delay = 0.2
    server.fail = RuntimeError("boom")
    tokens = TokenManager(server)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            tokens.token()
        except RuntimeError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.calls == 1
    assert len(errors) == 8
    server.fail = None
    server.delay = 0
    assert tokens.token() == "tok-2"
