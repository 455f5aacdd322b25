"""The desk's window: profile switcher, training banner, busy indicator, and the tabs.

With no profile yet it shows the first-run page instead of the tabs. Switching profile builds a
new audited service for it and hands it to the shared ``DeskContext``; tabs follow from there.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from portone_desk.ui.banner import SandboxBanner
from portone_desk.ui.first_run import FirstRunPage
from portone_desk.ui.questions import ask_yes_no
from portone_desk.ui.style import STATUS_ERROR_QSS
from portone_desk.ui.wheel_guard import guard_wheel

# The store (keyring), the sandbox and the dialogs are imported when first needed, after the
# window is on screen: importing keyring alone costs about as much as a bare Qt window.
if TYPE_CHECKING:
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Credentials, Profile, ProfileStore
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.profile_dialog import ProfileDialog
    from portone_desk.ui.sandbox_mode import SandboxSession

log = logging.getLogger(__name__)

APP_TITLE = "PortOne Desk"
NO_PROFILE_TEXT = "프로필 없음"

SandboxStarter = Callable[[], "SandboxSession"]


class MainWindow(QMainWindow):
    sandbox_started = Signal(object)  # SandboxSession
    closed = Signal()  # the app's loop runs until this
    # (SandboxSession, error or None) from the thread that started the server; queued to ours.
    _sandbox_start_over = Signal(object, object)

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
        self.profiles: ProfileStore | None = None
        self.paths = paths
        self.sandbox_starter = sandbox_starter or (lambda: _start_training_sandbox(paths))
        self.settings = settings or window_settings(paths)
        self.sandbox: SandboxSession | None = None
        self.confirm = ask_yes_no  # replaceable in tests
        self.profile_dialog: ProfileDialog | None = None
        self._audit: AuditLog | None = None
        self._tabs_built = False
        self._geometry_restored = False
        self._switching = False
        self._no_profiles_yet = False  # no profiles file: first-run page before the store loads
        self.close_mode: str | None = None  # None (ask if calls run), "wait" or "abandon"
        self.close_question: QMessageBox | None = None
        self.closing_box: QMessageBox | None = None

        self.setWindowTitle(APP_TITLE)
        self._build_toolbar()
        self._build_menu()
        self._build_central()
        self._build_status_bar()
        ctx.runner.busy_changed.connect(self._on_busy_changed)
        ctx.runner.drained.connect(self._on_drained)
        ctx.profile_changed.connect(self._on_profile_changed)
        self._sandbox_start_over.connect(self._on_sandbox_start_over)
        self.refresh_profiles()
        self.manage_action.setEnabled(False)
        if profiles is not None:
            self.attach_profiles(profiles)

    def attach_profiles(self, profiles: ProfileStore) -> None:
        """Load the saved profiles and open the active one (the app does this after first paint)."""
        self.profiles = profiles
        self.manage_action.setEnabled(True)
        self.refresh_profiles()
        self._activate_initial()

    def ensure_profiles(self) -> ProfileStore:
        """The profile store, loaded now if the app has not attached it yet."""
        if self.profiles is None:
            self.attach_profiles(open_profile_store(self.paths))
        assert self.profiles is not None
        return self.profiles

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
        self.switcher.currentIndexChanged.connect(self._on_switcher_changed)
        bar.addWidget(self.switcher)
        bar.addSeparator()
        self.manage_action = QAction("프로필 관리", self)
        self.manage_action.setObjectName("manageProfilesAction")
        self.manage_action.triggered.connect(lambda: self.open_profile_dialog())
        bar.addAction(self.manage_action)
        self.sandbox_action = QAction("연습 모드로 전환", self)
        self.sandbox_action.setObjectName("switchToSandboxAction")
        self.sandbox_action.triggered.connect(self.switch_to_sandbox)
        bar.addAction(self.sandbox_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("파일")
        file_menu.addAction(self.manage_action)
        quit_action = QAction("종료", self)
        quit_action.setObjectName("quitAction")
        quit_action.triggered.connect(self.close)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        practice = self.menuBar().addMenu("연습 모드")
        practice.addAction(self.sandbox_action)
        self.reset_action = QAction("연습 데이터 초기화", self)
        self.reset_action.setObjectName("resetSandboxAction")
        self.reset_action.setEnabled(False)
        self.reset_action.triggered.connect(self.reset_sandbox)
        practice.addAction(self.reset_action)

    def _build_central(self) -> None:
        self.banner = SandboxBanner()
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
        status.addPermanentWidget(self.active_label)
        self.busy_label.setVisible(False)
        self.busy.setVisible(False)

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
            placeholder = QLabel("아직 사용할 수 있는 화면이 없습니다.")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(placeholder, "안내")
        self.tabs.currentChanged.connect(self._build_tab)
        self._build_tab(self.tabs.currentIndex())

    def _build_tab(self, index: int) -> None:
        ensure_built = getattr(self.tabs.widget(index), "ensure_built", None)
        if callable(ensure_built):
            ensure_built()

    def tab_widget(self, title: str) -> QWidget | None:
        """The real widget of the tab titled ``title``, built now if it was not yet."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                page = self.tabs.widget(index)
                ensure_built = getattr(page, "ensure_built", None)
                return ensure_built() if callable(ensure_built) else page
        return None

    # ----- profiles ---------------------------------------------------------------------------

    def available_profiles(self) -> list[Profile]:
        listed = self.profiles.list() if self.profiles is not None else []
        if self.sandbox is not None:
            listed.append(self.sandbox.profile)
        return listed

    def refresh_profiles(self) -> None:
        """Refill the switcher, keeping the active profile selected."""
        active = self.ctx.profile
        self._switching = True
        try:
            self.switcher.clear()
            for profile in self.available_profiles():
                self.switcher.addItem(profile.display_name, profile.id)
            if self.switcher.count() == 0:
                self.switcher.addItem(NO_PROFILE_TEXT, None)
            self.switcher.setEnabled(self.switcher.itemData(0) is not None)
            if active is not None:
                index = self.switcher.findData(active.id)
                if index >= 0:
                    self.switcher.setCurrentIndex(index)
        finally:
            self._switching = False

    def _activate_initial(self) -> None:
        assert self.profiles is not None
        if self.ctx.has_profile:  # training mode was opened first (--sandbox): keep it
            self._show_page()
            return
        profile = self.profiles.active() or next(iter(self.profiles.list()), None)
        if profile is None or not self.activate(profile):
            self._show_page()

    def _on_switcher_changed(self, index: int) -> None:
        if self._switching or index < 0:
            return
        profile_id = self.switcher.itemData(index)
        profile = self._find(profile_id)
        if profile is not None and (self.ctx.profile is None or self.ctx.profile.id != profile.id):
            self.activate(profile)

    def _find(self, profile_id: str | None) -> Profile | None:
        return next((p for p in self.available_profiles() if p.id == profile_id), None)

    def activate(self, profile: Profile) -> bool:
        """Make ``profile`` the one every tab works with; False (and a message) if it cannot be."""
        from portone_desk.store.secrets import SecretStoreError
        from portone_desk.ui.services import build_service

        try:
            credentials = self._credentials(profile)
        except SecretStoreError as exc:
            self._tell_error(str(exc))
            self.refresh_profiles()
            return False
        if credentials is None:
            self._tell_error(
                f"'{profile.display_name}' 프로필의 API 키가 키링에 없습니다. "
                "프로필 관리에서 키와 시크릿을 다시 입력하세요."
            )
            self.refresh_profiles()
            return False
        ready = None
        if self._is_our_sandbox(profile):
            assert self.sandbox is not None
            ready = self.sandbox.wait_ready  # the first call waits (in its worker) for the server
        service = build_service(profile, credentials, self.audit(), ready=ready)
        if not profile.is_sandbox and self.profiles is not None:
            self.profiles.active_id = profile.id
        self._ensure_tabs()
        # The old client is not closed here: a call still running on it must be able to finish.
        self.ctx.set_service(service)
        log.info("active profile: %s (sandbox=%s)", profile.id, profile.is_sandbox)
        return True

    def _is_our_sandbox(self, profile: Profile) -> bool:
        return profile.is_sandbox and self.sandbox is not None and profile.id == self.sandbox.profile.id

    def _credentials(self, profile: Profile) -> Credentials | None:
        if self._is_our_sandbox(profile):
            assert self.sandbox is not None
            return self.sandbox.credentials
        return self.profiles.credentials(profile.id) if self.profiles is not None else None

    def audit(self) -> AuditLog | None:
        if self._audit is None:
            from portone_desk.ui.services import open_audit

            self._audit = open_audit(self.paths)
        return self._audit

    def _on_profile_changed(self) -> None:
        profile = self.ctx.profile
        self.refresh_profiles()
        is_sandbox = bool(profile and profile.is_sandbox)
        self.banner.setVisible(is_sandbox)
        self.reset_action.setEnabled(is_sandbox and self.sandbox is not None)
        self.sandbox_action.setEnabled(not is_sandbox)
        if profile is None:
            self.setWindowTitle(APP_TITLE)
            self.active_label.setText("")
        else:
            self.setWindowTitle(f"{APP_TITLE} — {profile.display_name}")
            self.active_label.setText(f"사용 중: {profile.display_name}")
        self._show_page()

    def _show_page(self) -> None:
        if self.ctx.has_profile:
            self.stack.setCurrentWidget(self.tabs)
        elif self.profiles is None and not self._no_profiles_yet:
            self.stack.setCurrentWidget(self.loading)
        else:
            self.stack.setCurrentWidget(self.first_run)

    def real_page(self) -> QWidget | None:
        """The page the agent works with, or None while the loading page is up."""
        page = self.stack.currentWidget()
        return None if page is self.loading else page

    def open_profile_dialog(self, new: bool = False) -> ProfileDialog:
        from portone_desk.ui.profile_dialog import ProfileDialog

        profiles = self.ensure_profiles()
        current = None if new or self.ctx.profile is None or self.ctx.profile.is_sandbox else self.ctx.profile
        dialog = ProfileDialog(profiles, self.ctx.runner, current, parent=self)
        dialog.confirm = self.confirm
        dialog.profile_saved.connect(self._on_profile_saved)
        dialog.profile_deleted.connect(self._on_profile_deleted)
        self.profile_dialog = dialog
        dialog.open()  # window-modal but not blocking: the loop (and tests) keep running
        return dialog

    def _on_profile_saved(self, profile: Profile) -> None:
        active = self.ctx.profile
        if active is None or active.id == profile.id:
            # A new first profile, or the active one edited: rebuild its client with the new values.
            self.activate(profile)
        else:
            self.refresh_profiles()

    def _on_profile_deleted(self, profile_id: str) -> None:
        active = self.ctx.profile
        if active is not None and active.id == profile_id:
            fallback = next(iter(self.available_profiles()), None)
            if fallback is None or not self.activate(fallback):
                self.ctx.set_service(None)
        self.refresh_profiles()

    # ----- training mode ----------------------------------------------------------------------

    def switch_to_sandbox(self) -> bool:
        """Training mode at once: profile, banner and tabs now; the server (if the starter left it
        starting) comes up in the background, and the first call waits for it in its worker."""
        if self.sandbox is None:
            try:
                session = self.sandbox_starter()
            except Exception as exc:
                log.exception("sandbox did not start")
                self._tell_error(f"연습 모드를 시작하지 못했습니다: {type(exc).__name__}")
                return False
            self.sandbox = session
            self._name_trainee(session)
            session.when_done(lambda error: self._sandbox_start_over.emit(session, error))
            self.sandbox_started.emit(session)
            # After the tabs are painted, so the start does not hold up the first frame.
            QTimer.singleShot(0, session.start)
        return self.activate(self.sandbox.profile)

    def _name_trainee(self, session: SandboxSession) -> None:
        """Training mode logs under the name of the agent at the desk: the profile they work in.

        The sandbox profile is never saved or edited, so without this every practice action would
        be recorded without a name (only the OS user), and a trainer could not tell trainees apart.
        """
        if session.profile.agent_name:
            return
        current = self.ctx.profile
        if current is None or current.is_sandbox:
            current = self.profiles.active() if self.profiles is not None else None
        name = current.agent_name if current is not None else ""
        if name:
            self._set_trainee_name(session, name)
        else:
            # Nobody to name it after: ask once (never the OS login, which says nothing about who).
            QTimer.singleShot(0, lambda: self._ask_trainee_name(session))

    def _set_trainee_name(self, session: SandboxSession, name: str) -> None:
        from dataclasses import replace

        session.profile = replace(session.profile, agent_name=name)
        service = self.ctx.service if self.ctx.has_profile else None
        if service is not None and self.ctx.profile is not None and self.ctx.profile.is_sandbox:
            service.agent_name = name

    def _ask_trainee_name(self, session: SandboxSession) -> None:
        from PySide6.QtWidgets import QInputDialog

        if session is not self.sandbox or session.profile.agent_name:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("traineeNameDialog")
        dialog.setWindowTitle("연습 모드 담당자")
        dialog.setLabelText("연습 처리 내역에 남길 담당자 이름을 입력하세요 (예: 김상담).")
        dialog.setOkButtonText("시작")
        dialog.setCancelButtonText("나중에")

        def named(text: str) -> None:
            if text.strip() and session is self.sandbox:
                self._set_trainee_name(session, text.strip())

        dialog.textValueSelected.connect(named)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal without a nested event loop
        self.trainee_name_dialog = dialog

    def _on_sandbox_start_over(self, session: SandboxSession, error: BaseException | None) -> None:
        if error is None or session is not self.sandbox:
            return
        # Training mode without its server: leave it (never slip into a real shop's profile).
        self.sandbox = None
        if self.ctx.profile is not None and self.ctx.profile.is_sandbox:
            self.ctx.set_service(None)
        self.refresh_profiles()
        self.reset_action.setEnabled(False)
        self.sandbox_action.setEnabled(True)
        self._tell_error(f"연습 모드를 시작하지 못했습니다: {type(error).__name__}")

    def reset_sandbox(self) -> None:
        session = self.sandbox
        if session is None:
            return
        question = (
            "연습 데이터를 처음 상태로 되돌릴까요?\n"
            "지금까지 연습한 발급·취소·주문 처리 내용이 모두 지워집니다."
        )
        if not self.confirm(self, "연습 데이터 초기화", question):
            return
        self.reset_op = (
            self.ctx.background(session.reset)
            .success(lambda _: self._after_reset())
            .failure(lambda exc: self._tell_error(f"연습 데이터를 초기화하지 못했습니다: {exc}"))
            .busy(self.menuBar())
            .run()
        )

    def _after_reset(self) -> None:
        self.statusBar().showMessage("연습 데이터를 처음 상태로 되돌렸습니다.", 8000)
        if self.ctx.profile is not None and self.ctx.profile.is_sandbox:
            self.ctx.set_service(self.ctx.service)  # tabs refresh on profile_changed

    # ----- feedback ---------------------------------------------------------------------------

    def _on_busy_changed(self, running: int) -> None:
        self.busy.setVisible(running > 0)
        self.busy_label.setVisible(running > 0)
        self.busy_label.setText(f"처리 중… ({running}건)" if running > 1 else "처리 중…")

    def _tell_error(self, text: str) -> None:
        log.warning("shown to agent: %s", text)
        self.statusBar().showMessage(text, 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, text, parent=self)
        box.setObjectName("mainWindowError")
        box.setStyleSheet(f"QLabel {{ {STATUS_ERROR_QSS} }}")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.show()
        self.error_box = box

    # ----- window state -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not self._geometry_restored:
            self._geometry_restored = True
            geometry = self.settings.value("main/geometry")
            if isinstance(geometry, QByteArray | bytes) and geometry:
                self.restoreGeometry(QByteArray(geometry))
            else:
                self.resize(1200, 800)
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        running = self.ctx.runner.in_flight
        if running and self.close_mode is None:
            # A call cannot be interrupted; let the agent choose instead of vanishing and
            # waiting up to the client's timeout with nothing on screen.
            event.ignore()
            self._ask_how_to_close(running)
            return
        if running and self.close_mode == "wait":
            event.ignore()
            self._show_closing()
            return
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
        if event.isAccepted():
            self._dismiss(self.close_question)
            self._dismiss(self.closing_box)
            self.closed.emit()

    def close_now(self) -> None:
        """Close without asking and without waiting for running calls (Ctrl+C, SIGTERM, "바로 닫기")."""
        self.close_mode = "abandon"
        self.close()

    def _ask_how_to_close(self, running: int) -> None:
        if self.close_question is not None and self.close_question.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, "", parent=self)
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
                self.close_mode = "wait"
                self.close()
            elif button is now:
                self.close_now()

        box.buttonClicked.connect(chosen)
        self.close_question = box
        box.open()  # not exec(): the loop (and the running calls' results) keep flowing

    def _show_closing(self) -> None:
        """A small "finishing" state while the window waits for the last calls, with a way out."""
        self.centralWidget().setEnabled(False)
        self.menuBar().setEnabled(False)
        self.statusBar().showMessage("처리 중인 요청을 마무리하는 중…")
        if self.closing_box is not None and self.closing_box.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Information, APP_TITLE, "", parent=self)
        box.setObjectName("closingBox")
        box.setText("처리 중인 요청을 마무리하는 중…")
        box.setInformativeText("요청이 끝나면 창이 저절로 닫힙니다.")
        now = box.addButton("바로 닫기", QMessageBox.ButtonRole.DestructiveRole)
        now.setObjectName("closeNowButton")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(lambda button: self.close_now() if button is now else None)
        self.closing_box = box
        box.open()

    def _on_drained(self) -> None:
        if self.close_mode == "wait":
            self.close()

    @staticmethod
    def _dismiss(box: QMessageBox | None) -> None:
        if box is not None and box.isVisible():
            box.done(0)

    def shutdown(self) -> None:
        """Stop what the window started (the sandbox); the app calls this on exit."""
        if self.ctx.runner.in_flight:
            # Calls still run on the client and the activity log: leave both open. The process
            # ends next; the rows written before those calls read "결과 미확인" afterwards.
            log.warning("closing with %d call(s) still running", self.ctx.runner.in_flight)
            return
        if self.ctx.has_profile:
            _close_client(self.ctx.service)
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None
        close = getattr(self._audit, "close", None)
        if callable(close):
            close()


def open_profile_store(paths: AppPaths) -> ProfileStore:
    # Imports keyring, which costs about as much as a bare Qt window: only after first paint.
    from portone_desk.store.profiles import ProfileStore
    from portone_desk.store.secrets import SecretStore

    return ProfileStore(paths, SecretStore())


def _start_training_sandbox(paths: AppPaths) -> SandboxSession:
    """The training session at once; its server starts in the background (``session.start()``)."""
    from portone_desk.ui.sandbox_mode import open_sandbox, training_db_path

    return open_sandbox(training_db_path(paths))


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
