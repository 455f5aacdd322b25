"""Damaged databases at start: a quick integrity check of each SQLite file; a damaged or zero-length
file is moved aside with a timestamp (never overwritten, never deleted) together with its WAL and
shared-memory files, so a new one can start and the agent is told where the old one is.

Qt-free; the window and the terminal commands both call :func:`set_aside_if_damaged` before
opening a database, and show :attr:`SetAside.text`.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

_SIDE_FILES = ("-wal", "-shm", ".journal")


# A NamedTuple, not a dataclass: importing dataclasses costs start-up time before the first paint.
class SetAside(NamedTuple):
    original: Path
    moved_to: Path
    reason: str  # Korean

    @property
    def text(self) -> str:
        return (
            f"{self.original.name} 파일이 {self.reason} 새 파일로 시작했습니다. "
            f"이전 파일은 지우지 않고 여기에 옮겨 두었습니다: {self.moved_to}"
        )


def damage_of(path: Path) -> str:
    """``""`` when the file is a healthy SQLite database (or absent), else the Korean reason."""
    if not path.is_file():
        return ""
    if path.stat().st_size == 0:
        return "비어 있어(0바이트)"
    import sqlite3  # only for a file that exists: a first start (nothing to check) skips it

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return ""  # in use by another window: not damage
        return "열 수 없어"
    except sqlite3.DatabaseError:
        return "손상되어"
    if not verdict or verdict[0] != "ok":
        return "손상되어"
    return ""


def set_aside_if_damaged(path: Path | str) -> SetAside | None:
    """Moves a damaged or empty database (and its side files) aside; None when it is fine."""
    path = Path(path)
    reason = damage_of(path)
    if not reason:
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    os.replace(path, target)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    log.warning("damaged database %s moved aside to %s", path.name, target.name)
    return SetAside(path, target, reason)
