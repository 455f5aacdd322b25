"""The two steps of a reissue (cancel the old receipt, issue the new one), each with its outcome.

Shown only while a reissue is under way or just finished, so the agent can read exactly which step
worked and, when the new issue failed, retry that step alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from portone_desk.ui.style import ERROR_COLOR, MUTED_COLOR, OK_COLOR

_COLORS = {"wait": MUTED_COLOR, "run": MUTED_COLOR, "ok": OK_COLOR, "fail": ERROR_COLOR}
_MARKS = {"wait": "○", "run": "…", "ok": "✓", "fail": "✗"}


class ReissueSteps(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("재발급 진행 상황", parent)
        self.setObjectName("reissueSteps")
        layout = QVBoxLayout(self)
        self.cancel_step = QLabel()
        self.cancel_step.setObjectName("reissueCancelStep")
        self.cancel_step.setWordWrap(True)
        self.issue_step = QLabel()
        self.issue_step.setObjectName("reissueIssueStep")
        self.issue_step.setWordWrap(True)
        self.retry_button = QPushButton("새 영수증만 다시 발급")
        self.retry_button.setObjectName("retryIssueButton")
        self.retry_button.setToolTip("기존 영수증은 이미 취소되었으므로 새 영수증 발급만 다시 시도합니다")
        layout.addWidget(self.cancel_step)
        layout.addWidget(self.issue_step)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.reset()

    def _set(self, label: QLabel, state: str, text: str) -> None:
        label.setText(f"{_MARKS[state]} {text}")
        label.setProperty("state", state)
        label.setStyleSheet(f"color: {_COLORS[state]};")

    def reset(self) -> None:
        self.setVisible(False)
        self.retry_button.setVisible(False)
        self._old = ""

    def start(self, old_apply_num: str) -> None:
        self._old = old_apply_num
        self.setVisible(True)
        self.retry_button.setVisible(False)
        self._set(self.cancel_step, "run", f"① 기존 영수증 취소 (국세청 발행번호 {old_apply_num}): 진행 중")
        self._set(self.issue_step, "wait", "② 새 영수증 발급: 대기")

    def cancel_done(self) -> None:
        self._set(self.cancel_step, "ok", f"① 기존 영수증 취소 (국세청 발행번호 {self._old}): 완료")
        self._set(self.issue_step, "run", "② 새 영수증 발급: 진행 중")

    def cancel_failed(self, why: str) -> None:
        self._set(self.cancel_step, "fail", f"① 기존 영수증 취소: 실패 — {why}")
        self._set(self.issue_step, "wait", "② 새 영수증 발급: 하지 않음 (기존 영수증이 그대로 있습니다)")

    def issue_done(self, apply_num: str) -> None:
        self._set(self.issue_step, "ok", f"② 새 영수증 발급: 완료 (국세청 발행번호 {apply_num})")
        self.retry_button.setVisible(False)

    def issue_failed(self, why: str) -> None:
        self._set(self.issue_step, "fail", f"② 새 영수증 발급: 실패 — {why}")
        self.retry_button.setVisible(True)

    def retrying(self) -> None:
        self._set(self.issue_step, "run", "② 새 영수증 발급: 다시 시도하는 중")
