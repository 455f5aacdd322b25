"""Shown instead of the tabs while no profile exists: connect an account, or practise."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from portone_desk.ui.style import FIRST_RUN_CHOICE_QSS, FIRST_RUN_TITLE_QSS, HINT_QSS, PRIMARY_BUTTON_QSS


class FirstRunPage(QWidget):
    add_profile_requested = Signal()
    start_sandbox_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunPage")

        title = QLabel("PortOne Desk에 오신 것을 환영합니다")
        title.setStyleSheet(FIRST_RUN_TITLE_QSS)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel("현금영수증과 네이버페이 주문을 처리하려면 먼저 어떻게 시작할지 선택하세요.")
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro.setWordWrap(True)

        self.add_button = QPushButton("PortOne 계정 연결")
        self.add_button.setObjectName("addProfileButton")
        self.add_button.setStyleSheet(PRIMARY_BUTTON_QSS)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_profile_requested)

        self.sandbox_button = QPushButton("연습 모드로 시작")
        self.sandbox_button.setObjectName("startSandboxButton")
        self.sandbox_button.setStyleSheet(FIRST_RUN_CHOICE_QSS)
        self.sandbox_button.clicked.connect(self.start_sandbox_requested)

        choices = QHBoxLayout()
        choices.setSpacing(24)
        choices.addStretch(1)
        choices.addWidget(
            _choice(self.add_button, "상점의 REST API 키와 시크릿으로 실제 결제·주문을 처리합니다.")
        )
        choices.addWidget(
            _choice(
                self.sandbox_button,
                "연습용 데이터로 모든 업무를 안전하게 연습합니다. 실제 주문에는 영향이 없습니다.",
            )
        )
        choices.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addSpacing(8)
        layout.addWidget(intro)
        layout.addSpacing(32)
        layout.addLayout(choices)
        layout.addStretch(3)


def _choice(button: QPushButton, explanation: str) -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    box = QVBoxLayout(frame)
    box.setContentsMargins(20, 20, 20, 20)
    box.addWidget(button)
    note = QLabel(explanation)
    note.setWordWrap(True)
    note.setStyleSheet(HINT_QSS)
    note.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
    # No alignment flag on addWidget: that would size the wrapped label to its one-line hint and
    # clip the second half of the sentence.
    box.addWidget(note)
    frame.setFixedWidth(320)
    return frame
