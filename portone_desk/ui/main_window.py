"""The desk's window: profile switcher, training banner, busy indicator, and the tabs.

With no profile yet it shows the first-run page instead of the tabs. The window lays things out and
wires them; the work lives beside it: profiles in ``profile_controller.py``, the training sandbox in
``training_controller.py``, what closing does while work runs in ``close_policy.py``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from portone_desk.ui import keyboard
from portone_desk.ui.banner import SandboxBanner
from portone_desk.ui.close_policy import ClosePolicy
from portone_desk.ui.first_run import FirstRunPage
from portone_desk.ui.profile_controller import ProfileController
from portone_desk.ui.questions import ask_yes_no
from portone_desk.ui.style import STATUS_ERROR_QSS
from portone_desk.ui.team_banner import TeamBanner
from portone_desk.ui.training_controller import (
    FAULT_KINDS,
    SandboxStarter,
    TrainingController,
    start_training_sandbox,
)
from portone_desk.ui.wheel_guard import guard_wheel

# The store (keyring), the sandbox and the dialogs are imported when first needed, after the
# window is on screen: importing keyring alone costs about as much as a bare Qt window.
if TYPE_CHECKING:
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Profile, ProfileStore
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.profile_dialog import ProfileDialog
    from portone_desk.ui.sandbox_mode import SandboxSession

__all__ = ["APP_TITLE", "MainWindow", "window_settings"]

log = logging.getLogger(__name__)

APP_TITLE = "PortOne Desk"
CLEAR_PRACTICE_QUESTION = (
    "처리 내역에서 연습 모드로 한 기록도 지울까요?\n실제 가게 프로필의 기록은 그대로 남습니다."
)


class MainWindow(QMainWindow):
    sandbox_started = Signal(object)  # SandboxSession
    closed = Signal()  # the app's loop runs until this

    def __init__(
        self,
        ctx: DeskContext,
        profiles: ProfileStore | None,
        paths: AppPaths,
        sandbox_starter: SandboxStarter | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.paths = paths
        self.settings = settings or window_settings(paths)
        self.confirm = ask_yes_no  # replaceable in tests
        self._tabs_built = False
        self._geometry_restored = False
        self._no_profiles_yet = False  # no profiles file: first-run page before the store loads

        self.setWindowTitle(APP_TITLE)
        self._build_toolbar()
        self._build_central()
        self._build_menu()
        self._build_status_bar()

        starter = sandbox_starter or (lambda: start_training_sandbox(paths))
        self.training = TrainingController(ctx, starter, self)
        self.training.started.connect(self.sandbox_started)
        self.training.failed.connect(self._on_training_failed)
        self.training.reset_done.connect(self._after_training_reset)
        self.training.fault_staged.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.profile_control = ProfileController(ctx, paths, self.training, self.switcher, self)
        self.profile_control.error.connect(self._tell_error)
        self.profile_control.activating.connect(self._ensure_tabs)
        self.profile_control.store_attached.connect(self._on_store_attached)
        self.profile_control.team_online.connect(self.team_banner.set_online)
        self.close_policy = ClosePolicy(self, ctx.runner, self._built_tabs, APP_TITLE)

        ctx.runner.busy_changed.connect(self._on_busy_changed)
        ctx.profile_changed.connect(self._on_profile_changed)
        self.refresh_profiles()
        self.manage_action.setEnabled(False)
        if profiles is not None:
            self.attach_profiles(profiles)

    # ----- what the app, the controllers and the tests reach through the window -----------------

    @property
    def profiles(self) -> ProfileStore | None:
        return self.profile_control.profiles

    @property
    def sandbox(self) -> SandboxSession | None:
        return self.training.session

    @property
    def profile_dialog(self) -> ProfileDialog | None:
        return self.profile_control.dialog

    @property
    def close_mode(self) -> str | None:
        """None (ask if calls run), "wait" or "abandon"."""
        return self.close_policy.mode

    def attach_profiles(self, profiles: ProfileStore) -> None:
        """Load the saved profiles and open the active one (the app does this after first paint)."""
        self.profile_control.attach(profiles)

    def ensure_profiles(self) -> ProfileStore:
        """The profile store, loaded now if the app has not attached it yet."""
        return self.profile_control.ensure_store()

    def refresh_profiles(self) -> None:
        self.profile_control.refresh()

    def activate(self, profile: Profile) -> bool:
        """Make ``profile`` the one every tab works with; False (and a message) if it cannot be."""
        return self.profile_control.activate(profile)

    def audit(self) -> AuditLog | None:
        return self.profile_control.audit()

    def open_profile_dialog(self, new: bool = False) -> ProfileDialog:
        return self.profile_control.open_dialog(self, self.confirm, new=new)

    def switch_to_sandbox(self) -> bool:
        """Training mode at once: profile, banner and tabs now; the server comes up in the
        background, and the first call waits for it in its worker."""
        session = self.training.ensure_session(self.profile_control.saved_active())
        return session is not None and self.activate(session.profile)

    def reset_sandbox(self) -> None:
        self.training.reset(self, self.confirm, busy=self.menuBar())

    def stage_fault(self, kind: str) -> None:
        """연습 모드 → 다음 요청에 장애 넣기: the next call (or change) of the trainee meets it."""
        self.training.stage_fault(kind)

    def _after_training_reset(self) -> None:
        """Nothing of the last trainee stays: the bulk tab's batch, and (if the trainer agrees) the
        practice rows of the history."""
        self.statusBar().showMessage("연습 데이터를 처음 상태로 되돌렸습니다.", 8000)
        for tab in self._built_tabs():
            after_reset = getattr(tab, "after_training_reset", None)
            if callable(after_reset):
                after_reset()
        if self.confirm(self, "연습 처리 내역", CLEAR_PRACTICE_QUESTION):
            self.training.forget_practice(self.audit())

    def show_first_run_early(self) -> None:
        """No profiles file exists, so there is no profile: show the first-run page now, before
        the store (and keyring, which is slow to import) is loaded."""
        self._no_profiles_yet = True
        self._show_page()

    # ----- building ---------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("프로필")
        bar.setObjectName("profileToolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" 프로필: "))
        self.switcher = guard_wheel(QComboBox())
        self.switcher.setObjectName("profileSwitcher")
        self.switcher.setAccessibleName("사용 중인 프로필")
        self.switcher.setMinimumWidth(240)
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.switcher)
        bar.addSeparator()
        self.manage_action = self._action("프로필 관리", "manageProfilesAction", self.open_profile_dialog)
        bar.addAction(self.manage_action)
        self.sandbox_action = self._action(
            "연습 모드로 전환", "switchToSandboxAction", self.switch_to_sandbox
        )
        bar.addAction(self.sandbox_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("파일(&F)")
        file_menu.addAction(self.manage_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("종료(&X)", "quitAction", self.close))
        # 작업 (Ctrl+F, F5, Ctrl+Enter, Esc, Ctrl+Shift+C) and 화면 (Ctrl+1…) for the current tab.
        self.shortcut_actions = keyboard.install(self, self.tabs, self.current_tab)
        practice = self.menuBar().addMenu("연습 모드(&T)")
        practice.addAction(self.sandbox_action)
        self.reset_action = self._action("연습 데이터 초기화(&R)", "resetSandboxAction", self.reset_sandbox)
        self.reset_action.setEnabled(False)
        practice.addAction(self.reset_action)
        # A trainer stages what the sandbox can do wrong for the trainee's next call (scenarios 7, 13).
        self.fault_menu = practice.addMenu("다음 요청에 장애 넣기(&F)")
        self.fault_actions: list[QAction] = []
        for kind, text in FAULT_KINDS:
            action = self._action(text, f"stageFault_{kind}", partial(self.stage_fault, kind))
            self.fault_menu.addAction(action)
            self.fault_actions.append(action)
        self.fault_menu.setEnabled(False)

    def _action(self, text: str, name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda: slot())  # without the "checked" flag
        return action

    def _build_central(self) -> None:
        self.banner = SandboxBanner()
        self.team_banner = TeamBanner()
        self.first_run = FirstRunPage()
        self.first_run.add_profile_requested.connect(lambda: self.open_profile_dialog(new=True))
        self.first_run.start_sandbox_requested.connect(self.switch_to_sandbox)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.loading = QLabel("프로필을 불러오는 중…")
        self.loading.setObjectName("loadingPage")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.setObjectName("mainStack")
        self.stack.addWidget(self.loading)
        self.stack.addWidget(self.first_run)
        self.stack.addWidget(self.tabs)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.team_banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.active_label = QLabel("")
        self.active_label.setObjectName("activeProfileLabel")
        self.busy_label = QLabel("처리 중…")
        self.busy_label.setObjectName("busyLabel")
        self.busy = QProgressBar()
        self.busy.setObjectName("busyIndicator")
        self.busy.setAccessibleName("처리 중…")
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setFormat("처리 중…")
        self.busy.setMaximumWidth(160)
        self.busy.setMaximumHeight(14)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.busy)
        # Stop waiting for lookups (bounded by the client's deadline anyway); changes cannot be.
        self.cancel_lookups = QPushButton("조회 취소")
        self.cancel_lookups.setObjectName("cancelLookups")
        self.cancel_lookups.clicked.connect(lambda: self.ctx.runner.cancel_lookups())
        status.addPermanentWidget(self.cancel_lookups)
        status.addPermanentWidget(self.active_label)
        self.busy_label.setVisible(False)
        self.busy.setVisible(False)
        self.cancel_lookups.setVisible(False)

    # ----- tabs -------------------------------------------------------------------------------

    def _ensure_tabs(self) -> None:
        # Placeholders on first use (the first-run screen appears faster, and tabs never see
        # "no profile"); each tab's module is imported when the tab is first shown.
        if self._tabs_built:
            return
        self._tabs_built = True
        from portone_desk.ui.tabs import lazy_tabs

        for title, placeholder in lazy_tabs(self.ctx):
            self.tabs.addTab(placeholder, title)
        if self.tabs.count() == 0:
            nothing = QLabel("아직 사용할 수 있는 화면이 없습니다.")
            nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(nothing, "안내")
        self.tabs.currentChanged.connect(self._build_tab)
        self._build_tab(self.tabs.currentIndex())

    def current_tab(self) -> QWidget | None:
        """The real widget of the tab on screen (None before the tabs exist)."""
        if self.stack.currentWidget() is not self.tabs:
            return None
        page = self.tabs.currentWidget()
        ensure_built = getattr(page, "ensure_built", None)
        return ensure_built() if callable(ensure_built) else page

    def _build_tab(self, index: int) -> None:
        ensure_built = getattr(self.tabs.widget(index), "ensure_built", None)
        if callable(ensure_built):
            ensure_built()
        # The agent starts in the search box of the tab they just opened (once Qt has shown it).
        QTimer.singleShot(0, lambda: keyboard.focus_search(self.current_tab()))

    def tab_widget(self, title: str) -> QWidget | None:
        """The real widget of the tab titled ``title``, built now if it was not yet."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                page = self.tabs.widget(index)
                ensure_built = getattr(page, "ensure_built", None)
                return ensure_built() if callable(ensure_built) else page
        return None

    def _built_tabs(self) -> Iterator[QWidget]:
        """The tabs built so far (one never shown has no work to wind down)."""
        from portone_desk.ui.tabs import LazyTab

        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            widget = page.widget if isinstance(page, LazyTab) else page
            if widget is not None:
                yield widget

    # ----- following the active profile -------------------------------------------------------

    def _on_profile_changed(self) -> None:
        profile = self.ctx.profile
        self.refresh_profiles()
        self._update_training_actions()
        self.banner.setVisible(bool(profile and profile.is_sandbox))
        if profile is None:
            self.setWindowTitle(APP_TITLE)
            self.active_label.setText("")
        else:
            # Qt adds the application's display name after a title that does not end with it: put
            # it last ourselves, or the title reads "PortOne Desk — 우리가게 — PortOne Desk".
            self.setWindowTitle(f"{profile.display_name} — {APP_TITLE}")
            self.active_label.setText(f"사용 중: {profile.display_name}")
        self._show_page()

    def _update_training_actions(self) -> None:
        in_training = bool(self.ctx.profile and self.ctx.profile.is_sandbox)
        self.reset_action.setEnabled(in_training and self.training.session is not None)
        self.fault_menu.setEnabled(in_training and self.training.session is not None)
        self.sandbox_action.setEnabled(not in_training)

    def _on_store_attached(self) -> None:
        self.manage_action.setEnabled(True)
        self._show_page()

    def _on_training_failed(self, text: str) -> None:
        self.refresh_profiles()
        self._update_training_actions()
        self._tell_error(text)

    def _show_page(self) -> None:
        if self.ctx.has_profile:
            if self.stack.currentWidget() is not self.tabs:
                QTimer.singleShot(0, lambda: keyboard.focus_search(self.current_tab()))
            self.stack.setCurrentWidget(self.tabs)
        elif self.profiles is None and not self._no_profiles_yet:
            self.stack.setCurrentWidget(self.loading)
        else:
            self.stack.setCurrentWidget(self.first_run)

    def real_page(self) -> QWidget | None:
        """The page the agent works with, or None while the loading page is up."""
        page = self.stack.currentWidget()
        return None if page is self.loading else page

    # ----- feedback ---------------------------------------------------------------------------

    def _on_busy_changed(self, running: int) -> None:
        self.busy.setVisible(running > 0)
        self.busy_label.setVisible(running > 0)
        self.busy_label.setText(f"처리 중… ({running}건)" if running > 1 else "처리 중…")
        self.cancel_lookups.setVisible(self.ctx.runner.lookups_running > 0)

    def _tell_error(self, text: str) -> None:
        log.warning("shown to agent: %s", text)
        self.statusBar().showMessage(text, 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, text, parent=self)
        box.setObjectName("mainWindowError")
        box.setStyleSheet(f"QLabel {{ {STATUS_ERROR_QSS} }}")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.show()
        self.error_box = box

    # ----- window state and closing -----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not self._geometry_restored:
            self._geometry_restored = True
            geometry = self.settings.value("main/geometry")
            if isinstance(geometry, QByteArray | bytes) and geometry:
                self.restoreGeometry(QByteArray(geometry))
            else:
                self.resize(*DEFAULT_SIZE)
            fit_to_screen(self)
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_policy.may_close():
            event.ignore()
            return
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
        if event.isAccepted():
            self.close_policy.closed()
            self.closed.emit()

    def close_now(self) -> None:
        """Close without asking and without waiting for running calls (Ctrl+C, SIGTERM, "바로 닫기")."""
        self.close_policy.close_now()

    def shutdown(self) -> None:
        """Stop what the window started (the sandbox); the app calls this on exit."""
        if self.ctx.runner.in_flight:
            # Calls still run on the client and the activity log: leave both open. The process
            # ends next; the rows written before those calls read "결과 미확인" afterwards.
            log.warning("closing with %d call(s) still running", self.ctx.runner.in_flight)
            return
        if self.ctx.has_profile:
            _close_client(self.ctx.service)
        self.training.stop()
        self.profile_control.close()


DEFAULT_SIZE = (1280, 820)


def fit_to_screen(window: QWidget) -> None:
    """Keep ``window`` inside its screen's available area at the current scale (a geometry saved on
    a bigger screen, or 1280×820 at 150 % on a 1366×768 laptop, would open with 조회 off-screen)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    # The frame (title bar, borders) counts: the client area is what resize() sets.
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def window_settings(paths: AppPaths) -> QSettings:
    """QSettings for window geometry only; a portable home keeps it inside that home."""
    from portone_desk.store.paths import HOME_ENV

    if os.environ.get(HOME_ENV, "").strip():
        return QSettings(str(paths.config_dir / "window.ini"), QSettings.Format.IniFormat)
    return QSettings("PortOneDesk", "PortOneDesk")


def _close_client(service: object | None) -> None:
    client = getattr(service, "client", None)
    close = getattr(client, "close", None)
    if callable(close):
        try:
            close()
        except Exception:
            log.debug("client close failed", exc_info=True)
