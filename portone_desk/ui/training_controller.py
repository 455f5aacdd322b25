"""The training sandbox's lifecycle for the main window: start, name the trainee, reset, stop.

The session opens at once (profile known, server starting on its own thread); a server that then
fails to start ends training mode rather than slipping into a real shop's profile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Credentials, Profile
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.sandbox_mode import SandboxSession
    from portone_desk.ui.worker import BackgroundOp

log = logging.getLogger(__name__)

SandboxStarter = Callable[[], "SandboxSession"]
Confirm = Callable[[QWidget, str, str], bool]

# What a trainer can stage for the trainee's next call: (kind, menu text). The sandbox's fault rules
# (sandbox/faults.py) do the rest; nothing here is sent to a live shop.
FAULT_KINDS: tuple[tuple[str, str], ...] = (
    ("drop_after_change", "변경 후 응답 끊김 (처리는 되었는데 답이 없음)(&D)"),
    ("slow_answer", "느린 응답 (8초)(&S)"),
    ("naver_partial", "네이버페이 일부 실패 (마지막 상품주문 1건)(&P)"),
    ("clear", "넣어 둔 장애 모두 지우기(&C)"),
)
_FAULT_RULES: dict[str, list[dict[str, object]]] = {
    # Issue, cancel, ship… whichever change comes next (POST or DELETE), the answer is lost.
    "drop_after_change": [
        {"path": "/", "method": "POST", "body": "drop", "when": "after"},
        {"path": "/", "method": "DELETE", "body": "drop", "when": "after"},
    ],
    "slow_answer": [{"path": "/", "latency_ms": 8000}],
    "naver_partial": [{"path": "/naver/", "method": "POST", "refuse_last": 1}],
}
_FAULT_DONE = {
    "drop_after_change": "다음 변경 요청은 처리된 뒤 응답이 끊깁니다.",
    "slow_answer": "다음 요청은 8초 늦게 응답합니다.",
    "naver_partial": "다음 네이버페이 처리에서 마지막 상품주문 1건이 실패합니다.",
    "clear": "넣어 둔 장애를 모두 지웠습니다.",
}

RESET_QUESTION = (
    "연습 데이터를 처음 상태로 되돌릴까요?\n지금까지 연습한 발급·취소·주문 처리 내용이 모두 지워집니다."
)


def start_training_sandbox(paths: AppPaths) -> SandboxSession:
    """The training session at once; its server starts in the background (``session.start()``)."""
    from portone_desk.ui.sandbox_mode import open_sandbox, training_db_path

    return open_sandbox(training_db_path(paths))


class TrainingController(QObject):
    """Owns the one training session of the window (``session`` is None outside training mode)."""

    started = Signal(object)  # SandboxSession, just opened
    failed = Signal(str)  # Korean text: training mode could not start (or its server did not)
    reset_done = Signal()
    fault_staged = Signal(str)  # Korean text for the status bar
    # (SandboxSession, error or None) from the thread that started the server; queued to ours.
    _start_over = Signal(object, object)

    def __init__(self, ctx: DeskContext, starter: SandboxStarter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.starter = starter
        self.session: SandboxSession | None = None
        self.reset_op: BackgroundOp | None = None
        self._start_over.connect(self._on_start_over)

    def ensure_session(self, trainee: Profile | None) -> SandboxSession | None:
        """The running session, opened now if there is none; None (and ``failed``) if it cannot be.

        ``trainee`` is the profile of the agent at the desk: practice is logged under their name.
        """
        if self.session is not None:
            return self.session
        try:
            session = self.starter()
        except Exception as exc:
            log.exception("sandbox did not start")
            self.failed.emit(f"연습 모드를 시작하지 못했습니다: {type(exc).__name__}")
            return None
        self.session = session
        _name_trainee(session, trainee)
        if not session.profile.agent_name:
            # Nobody to name it after: ask once (never the OS login, which says nothing about who).
            QTimer.singleShot(0, lambda: self._ask_trainee_name(session))
        session.when_done(lambda error: self._start_over.emit(session, error))
        self.started.emit(session)
        # After the tabs are painted, so the start does not hold up the first frame.
        QTimer.singleShot(0, session.start)
        return session

    def _ask_trainee_name(self, session: SandboxSession) -> None:
        from PySide6.QtWidgets import QInputDialog

        parent = self.parent()
        if session is not self.session or session.profile.agent_name or not isinstance(parent, QWidget):
            return
        dialog = QInputDialog(parent)
        dialog.setObjectName("traineeNameDialog")
        dialog.setWindowTitle("연습 모드 담당자")
        dialog.setLabelText("연습 처리 내역에 남길 담당자 이름을 입력하세요 (예: 김상담).")
        dialog.setOkButtonText("시작")
        dialog.setCancelButtonText("나중에")
        dialog.textValueSelected.connect(lambda text: self.set_trainee_name(session, text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal without a nested event loop

    def set_trainee_name(self, session: SandboxSession, name: str) -> None:
        """Practice from now on is logged under ``name`` (the running service too)."""
        name = name.strip()
        if not name or session is not self.session:
            return
        session.profile = replace(session.profile, agent_name=name)
        profile = self.ctx.profile if self.ctx.has_profile else None
        if profile is not None and profile.is_sandbox:
            self.ctx.service.agent_name = name

    def is_ours(self, profile: Profile) -> bool:
        return profile.is_sandbox and self.session is not None and profile.id == self.session.profile.id

    def credentials(self) -> Credentials | None:
        return self.session.credentials if self.session is not None else None

    def _on_start_over(self, session: SandboxSession, error: BaseException | None) -> None:
        if error is None or session is not self.session:
            return
        # Training mode without its server: leave it (never slip into a real shop's profile).
        self.session = None
        if self.ctx.profile is not None and self.ctx.profile.is_sandbox:
            self.ctx.set_service(None)
        self.failed.emit(f"연습 모드를 시작하지 못했습니다: {type(error).__name__}")

    def reset(self, parent: QWidget, confirm: Confirm, busy: QWidget) -> None:
        """Training data back to its first state, after the trainee agrees; off the GUI thread."""
        session = self.session
        if session is None or not confirm(parent, "연습 데이터 초기화", RESET_QUESTION):
            return
        self.reset_op = (
            self.ctx.background(session.reset)
            .success(lambda _: self._after_reset())
            .failure(lambda exc: self.failed.emit(f"연습 데이터를 초기화하지 못했습니다: {exc}"))
            .busy(busy)
            .run()
        )

    def stage_fault(self, kind: str) -> None:
        """Stage a sandbox fault for the trainee's next call (through ``SandboxControl``)."""
        session = self.session
        if session is None:
            return
        url = session.url

        def work() -> None:
            from portone_desk.sandbox.control_client import SandboxControl

            with SandboxControl(url) as control:
                if kind == "clear":
                    control.clear_faults()
                else:
                    control.add_faults(list(_FAULT_RULES[kind]))

        self.ctx.background(work).success(lambda _: self.fault_staged.emit(_FAULT_DONE[kind])).failure(
            lambda exc: self.failed.emit(f"연습용 장애를 넣지 못했습니다: {exc}")
        ).run()

    def forget_practice(self, audit: object) -> None:
        """Drop the practice rows from the history (the shops' own rows stay)."""
        session = self.session
        forget = getattr(audit, "forget_profile", None)
        if session is None or not callable(forget):
            return
        name = session.profile.display_name
        self.ctx.background(lambda: forget(name)).success(
            lambda count: self.fault_staged.emit(
                f"연습 데이터를 처음 상태로 되돌렸습니다. 연습 처리 내역 {count}건도 지웠습니다."
            )
        ).run()

    def _after_reset(self) -> None:
        if self.ctx.profile is not None and self.ctx.profile.is_sandbox:
            self.ctx.set_service(self.ctx.service)  # tabs refresh on profile_changed
        self.reset_done.emit()

    def stop(self) -> None:
        if self.session is not None:
            self.session.stop()
            self.session = None


def _name_trainee(session: SandboxSession, current: Profile | None) -> None:
    """Training mode logs under the name of the agent at the desk: the profile they work in.

    The sandbox profile is never saved or edited, so without this every practice action would be
    recorded without a name (only the OS user), and a trainer could not tell trainees apart.
    """
    if session.profile.agent_name or current is None or not current.agent_name:
        return
    session.profile = replace(session.profile, agent_name=current.agent_name)
