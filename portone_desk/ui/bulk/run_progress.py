"""The progress of one batch run, shared by the bulk tab and the 할 일 tab's run panel.

The bar counts the rows this run has to settle, not rows an earlier run or the dry run already
settled; row updates from the runner recolour only the rows they name.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar

from portone_desk.bulk.rows import BulkRow
from portone_desk.bulk.runner import Progress, RowUpdate
from portone_desk.ui.bulk.progress_text import progress_text


class RunProgress:
    def __init__(self, bar_name: str, text_name: str) -> None:
        self.bar = QProgressBar()
        self.bar.setObjectName(bar_name)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat("%v / %m 행 처리")
        self.label = QLabel("")
        self.label.setObjectName(text_name)
        self.label.setWordWrap(True)
        self._base: int | None = None  # rows already settled when the run started

    def reset(self, to_send: int) -> None:
        self._base = None
        self.bar.setRange(0, max(1, to_send))
        self.bar.setValue(0)

    def show(self, progress: Progress) -> None:
        if self._base is None:
            self._base = progress.settled
            self.bar.setRange(0, max(1, progress.total - progress.settled))
        self.bar.setValue(progress.settled - self._base)
        self.label.setText(progress_text(progress))


def flag_rows(rows: list[BulkRow], row_index: dict[int, int], updates: list[RowUpdate]) -> list[int]:
    """Apply the runner's row updates; the table indexes that changed."""
    changed = []
    for row_no, status, message in updates:
        index = row_index.get(row_no)
        if index is not None:
            rows[index].flag(status, message)
            changed.append(index)
    return changed
