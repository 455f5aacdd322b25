"""A small append-only journal beside the activity database for outcomes the log could not take.

When a call has finished but its activity row cannot be completed (disk full, database locked),
the outcome is appended here — one JSON object a line, flushed and fsynced — and written into the
log at the next chance (the next call, or the next start). Completing a row is idempotent, so a
line replayed twice (two processes at once, or a crash mid-replay) does no harm.

The journal holds what ``AuditLog.finish`` takes: row id, outcome, status, code, message (already
scrubbed by the log's own rules when replayed), ids and duration — no request values.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class AuditJournal:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, entry: dict[str, Any]) -> bool:
        """True once the line is on disk; False when even the journal cannot be written."""
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        try:
            with self._lock, open(self.path, "a", encoding="utf-8") as out:
                out.write(line)
                out.flush()
                os.fsync(out.fileno())
        except OSError:
            log.exception("활동 기록 대기 파일에도 쓰지 못했습니다")
            return False
        return True

    def pending(self) -> list[dict[str, Any]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        entries = []
        for line in text.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:  # a line cut short by a crash: nothing to replay
                continue
            if isinstance(entry, dict):
                entries.append(entry)
        return entries

    def replay(self, apply: Callable[[dict[str, Any]], None]) -> int:
        """Applies every pending entry in order; keeps those that fail for the next chance.
        Returns how many were written."""
        with self._lock:
            entries = self.pending()
            if not entries:
                return 0
            left: list[dict[str, Any]] = []
            done = 0
            for entry in entries:
                if left:  # keep order: once one fails, the rest wait too
                    left.append(entry)
                    continue
                try:
                    apply(entry)
                    done += 1
                except Exception:
                    left.append(entry)
            self._rewrite(left)
        return done

    def _rewrite(self, entries: list[dict[str, Any]]) -> None:
        if not entries:
            self.path.unlink(missing_ok=True)
            return
        temp = self.path.with_suffix(self.path.suffix + ".tmp")
        with open(temp, "w", encoding="utf-8") as out:
            for entry in entries:
                out.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, self.path)
