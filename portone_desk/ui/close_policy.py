"""The one close policy of the desk: what happens when the agent closes the window while work runs.

The window asks each tab to wind down (a tab with a batch pauses it: nothing new starts, rows
already sent are recorded, the rest is resumable), then looks at the calls still running on the
shared runner. Nothing running: close. A tab winding down: wait for it, showing a "finishing"
state with a way out. Other calls running: ask the agent — wait, close anyway, or keep working.
Waiting never blocks: the window closes itself when the runner drains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

if TYPE_CHECKING:
    from portone_desk.ui.worker import OperationRunner

ASK, WAIT, ABANDON = None, "wait", "abandon"


@runtime_checkable
class WindsDown(Protocol):
    """A tab with work of its own that closing should stop cleanly."""

    def wind_down_for_close(self) -> bool:
        """Start nothing new; True while work already started is still finishing (on the runner)."""
        ...


class ClosePolicy(QObject):
    """Decides, for the window's ``closeEvent``, whether the window may close now."""

    def __init__(
        self,
        window: QMainWindow,
        runner: OperationRunner,
        tabs: Callable[[], Iterable[QWidget]],
        title: str,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.tabs = tabs
        self.title = title
        self.mode: str | None = ASK
        self.question: QMessageBox | None = None
        self.closing_box: QMessageBox | None = None
        runner.drained.connect(self._on_drained)

    def may_close(self) -> bool:
        """True to accept the close now; False when the window stays (asking or waiting)."""
        if self.mode == ABANDON:
            return True
        winding_down = [tab.wind_down_for_close() for tab in self.tabs() if isinstance(tab, WindsDown)]
        running = self.runner.in_flight
        if not running:
            return True
        if any(winding_down) and self.mode == ASK:
            self.mode = WAIT  # a paused batch finishes its last calls quickly; leaving it is safe
        if self.mode == ASK:
            # A call cannot be interrupted; let the agent choose instead of vanishing and waiting
            # up to the client's timeout with nothing on screen.
            self._ask(running)
        else:
            self._show_finishing()
        return False

    def close_now(self) -> None:
        """Close without asking and without waiting for running calls (Ctrl+C, SIGTERM, "바로 닫기")."""
        self.mode = ABANDON
        self.window.close()

    def closed(self) -> None:
        """The window did close: take down what the policy showed."""
        _dismiss(self.question)
        _dismiss(self.closing_box)

    def _on_drained(self) -> None:
        if self.mode == WAIT:
            self.window.close()

    def _ask(self, running: int) -> None:
        if self.question is not None and self.question.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.title, "", parent=self.window)
        box.setObjectName("closeQuestion")
        box.setText(f"처리 중인 요청이 {running}건 있습니다. 창을 닫을까요?")
        box.setInformativeText(
            "기다리면 요청이 끝난 뒤 창이 닫힙니다.\n"
            "바로 닫으면 결과를 받지 못하며, 처리 내역에 '결과 미확인'으로 남습니다. "
            "다음에 앱을 열어 결제·영수증 상태를 조회해 확인하세요."
        )
        wait = box.addButton("기다렸다가 닫기", QMessageBox.ButtonRole.AcceptRole)
        wait.setObjectName("closeWaitButton")
        now = box.addButton("바로 닫기", QMessageBox.ButtonRole.DestructiveRole)
        now.setObjectName("closeNowButton")
        stay = box.addButton("계속 사용", QMessageBox.ButtonRole.RejectRole)
        stay.setObjectName("closeCancelButton")
        box.setDefaultButton(wait)
        box.setEscapeButton(stay)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def chosen(button: object) -> None:
            if button is wait:
                self.mode = WAIT
                self.window.close()
            elif button is now:
                self.close_now()

        box.buttonClicked.connect(chosen)
        self.question = box
        box.open()  # not exec(): the loop (and the running calls' results) keep flowing

    def _show_finishing(self) -> None:
        """A small "finishing" state while the window waits for the last calls, with a way out."""
        window = self.window
        central = window.centralWidget()
        if central is not None:
            central.setEnabled(False)
        window.menuBar().setEnabled(False)
        window.statusBar().showMessage("처리 중인 요청을 마무리하는 중…")
        if self.closing_box is not None and self.closing_box.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Information, self.title, "", parent=window)
        box.setObjectName("closingBox")
        box.setText("처리 중인 요청을 마무리하는 중…")
        box.setInformativeText("요청이 끝나면 창이 저절로 닫힙니다.")
        now = box.addButton("바로 닫기", QMessageBox.ButtonRole.DestructiveRole)
        now.setObjectName("closeNowButton")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(lambda button: self.close_now() if button is now else None)
        self.closing_box = box
        box.open()


def _dismiss(box: QMessageBox | None) -> None:
    if box is not None and box.isVisible():
        box.done(0)
