"""Work-around for a PySide6 6.12.0 bug that would crash the app after a few hundred signals.

On PySide6 6.12.0, every Python-side ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it (6.11 does not). On Python 3.11, where ``True`` is an ordinary ref-counted
object, its count drops by one per emit until CPython aborts with "bool_dealloc: deallocating
True or False" — after roughly 500 emits, i.e. ~150 API calls through the runner.

Python 3.12+ made ``True``/``False`` immortal, which is exactly the cure: we do the same by
raising their reference counts far out of reach. They are static singletons, never freed, so
extra references cost nothing. Applied only when the bug is actually observed. Remove once the
pinned PySide6 no longer has it.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_PROBE_EMITS = 64
_TOP_UP = 1 << 40  # more emits than an app will ever make
_applied = False


def emit_leaks_true() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.ping.emit()
    # Other threads may touch True meanwhile; a loss of at least half the emits is the bug.
    return before - sys.getrefcount(True) >= _PROBE_EMITS // 2


def apply() -> bool:
    """Make True/False effectively immortal if this PySide6 leaks them; True if applied."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import PySide6

    if tuple(PySide6.__version_info__[:2]) != (6, 12):  # seen in 6.12.0 only; 6.11 is fine
        return False
    if not emit_leaks_true():
        return False
    for singleton in (True, False):
        # ob_refcnt is the first field of every CPython object.
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += _TOP_UP
    _applied = True
    log.info("PySide6 signal-emit refcount bug detected; True/False made immortal")
    return True
