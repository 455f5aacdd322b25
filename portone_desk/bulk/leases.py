"""One owner per batch: a lease (holder, host, pid, heartbeat) that a run must hold to send.

The rule, for every store that keeps batches (SQLite here, PostgreSQL in team mode):

- ``acquire`` succeeds when the batch has no lease, the lease is ours, or it is *stale*; otherwise
  it raises :class:`BatchLeased` naming the holder ("다른 창에서 실행 중").
- A lease is stale when its holder is gone: the pid is dead on this very host, or no heartbeat
  came for :data:`STALE_AFTER` seconds (a holder on another computer, or a hung process).
- The holder renews the heartbeat every :data:`HEARTBEAT_EVERY` seconds (:class:`Heartbeat`) and
  releases the lease when its run ends. A kill leaves the lease behind; the dead pid frees it at once
  on this host, the missing heartbeat after ``STALE_AFTER`` elsewhere.

A store implements :class:`BatchLeases`; the check itself (:func:`is_stale`) is shared.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from portone_desk.api import josa

HEARTBEAT_EVERY = 5.0
STALE_AFTER = 30.0  # three missed heartbeats and some slack for a busy machine
RUNNING_ELSEWHERE = "다른 창에서 실행 중"


@dataclass(frozen=True)
class LeaseHolder:
    """Who asks for a lease: one per run (a process may run several batches, one holder each)."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
    label: str = ""  # e.g. "PortOne Desk (김상담)" or "portone-desk bulk run", for the message


@dataclass(frozen=True)
class Lease:
    batch_id: int
    holder_id: str
    host: str
    pid: int
    label: str
    acquired_at: float
    heartbeat: float

    def describe(self) -> str:
        """Korean, for the agent: which window holds it and since when it was last alive."""
        who = self.label or "다른 창"
        age = max(0, round(time.time() - self.heartbeat))
        return f"{RUNNING_ELSEWHERE}: {who} (컴퓨터 {self.host}, 프로세스 {self.pid}, {age}초 전 응답)"


class BatchLeased(Exception):
    """The batch is run by another live holder; nothing may be sent or resumed from here."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        super().__init__(
            f"{josa.topic(f'일괄 처리 #{lease.batch_id}')} {lease.describe()}입니다. "
            "그 창에서 끝나거나 닫힌 뒤에 이어서 실행하세요"
        )


class BatchLeases(Protocol):
    """The lease methods a job store provides (SQLite ``JobStore``; a PostgreSQL store in team mode)."""

    def acquire_lease(self, batch_id: int, holder: LeaseHolder) -> Lease: ...

    def renew_lease(self, batch_id: int, holder: LeaseHolder) -> bool: ...

    def release_lease(self, batch_id: int, holder: LeaseHolder) -> None: ...

    def lease_of(self, batch_id: int) -> Lease | None:
        """The live lease of another or this holder; None when free or stale."""
        ...


def is_stale(lease: Lease, now: float | None = None, *, host: str | None = None) -> bool:
    """The holder is gone: a dead pid on this host, or no heartbeat for ``STALE_AFTER`` seconds."""
    now = time.time() if now is None else now
    if now - lease.heartbeat > STALE_AFTER:
        return True
    here = socket.gethostname() if host is None else host
    return lease.host == here and not pid_alive(lease.pid)


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    except OSError:
        return False
    return _not_zombie(pid)


def _not_zombie(pid: int) -> bool:
    """A killed child not yet reaped by its parent still answers ``kill(pid, 0)``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True  # no /proc (macOS): trust kill()


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    process_query_limited_information, still_active = 0x1000, 259
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


class Heartbeat:
    """Renews a held lease on its own thread until stopped; ``lost`` is set if renewal fails
    (another holder took the lease over after we looked stale), and the run must then stop."""

    def __init__(
        self,
        renew: Callable[[], bool],
        every: float = HEARTBEAT_EVERY,
        on_lost: Callable[[], None] | None = None,
    ) -> None:
        self._renew = renew
        self._every = every
        self._on_lost = on_lost
        self._stop = threading.Event()
        self.lost = threading.Event()
        self.beats = 0
        self.seconds = 0.0  # time spent renewing, for the overhead figure
        self._thread = threading.Thread(target=self._loop, name="batch-lease", daemon=True)

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _loop(self) -> None:
        while not self._stop.wait(self._every):
            started = time.perf_counter()
            try:
                held = self._renew()
            except Exception:  # a locked database for a moment: try again next beat
                held = True
            self.beats += 1
            self.seconds += time.perf_counter() - started
            if not held:
                self.lost.set()
                if self._on_lost:
                    self._on_lost()
                return
