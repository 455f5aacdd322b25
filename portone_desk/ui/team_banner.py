"""The team-mode banner: shown while the team database cannot be reached."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from portone_desk.ui.style import TEAM_OFFLINE_BANNER_QSS

TEAM_OFFLINE_TEXT = (
    "팀 데이터베이스에 연결할 수 없습니다 — 조회는 되지만, 발급·취소·주문 처리는 "
    "연결이 돌아올 때까지 보내지 않습니다"
)


class TeamBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TEAM_OFFLINE_TEXT, parent)
        self.setObjectName("teamOfflineBanner")
        self.setAccessibleName(TEAM_OFFLINE_TEXT)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(TEAM_OFFLINE_BANNER_QSS)
        self.setVisible(False)

    def set_online(self, online: bool) -> None:
        self.setVisible(not online)
