"""The training-mode banner: full width, bright, above everything else in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from portone_desk.ui.style import SANDBOX_BANNER_QSS

SANDBOX_BANNER_TEXT = "연습 모드 (샌드박스) — 실제 결제·주문에는 영향이 없습니다"


class SandboxBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(SANDBOX_BANNER_TEXT, parent)
        self.setObjectName("sandboxBanner")
        self.setAccessibleName(SANDBOX_BANNER_TEXT)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(SANDBOX_BANNER_QSS)
        self.setVisible(False)
