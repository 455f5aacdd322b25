"""First run: two clear paths, and "연습 모드로 시작" lands in a sandbox window with the banner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton

from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.ui.banner import SANDBOX_BANNER_TEXT
from portone_desk.ui.sandbox_mode import SANDBOX_DISPLAY_NAME


def test_first_run_offers_both_paths(main_window):
    add = main_window.findChild(QPushButton, "addProfileButton")
    practise = main_window.findChild(QPushButton, "startSandboxButton")
    assert add.isVisible() and add.text() == "PortOne 계정 연결"
    assert practise.isVisible() and practise.text() == "연습 모드로 시작"
    assert not main_window.findChild(QLabel, "sandboxBanner").isVisible()
    switcher = main_window.findChild(QComboBox, "profileSwitcher")
    assert switcher.currentText() == "프로필 없음"
    assert not switcher.isEnabled()


def test_start_sandbox_reaches_window_with_banner(
    qtbot, main_window, profile_store, keyring_backend, desk_home
):
    qtbot.mouseClick(main_window.findChild(QPushButton, "startSandboxButton"), Qt.MouseButton.LeftButton)

    banner = main_window.findChild(QLabel, "sandboxBanner")
    assert banner.isVisible()
    assert banner.text() == SANDBOX_BANNER_TEXT
    assert banner.width() >= main_window.centralWidget().width() - 2  # full width
    assert main_window.ctx.profile.is_sandbox
    assert main_window.findChild(QComboBox, "profileSwitcher").currentText() == SANDBOX_DISPLAY_NAME
    assert main_window.stack.currentWidget() is main_window.tabs
    assert main_window.reset_action.isEnabled()
    assert SANDBOX_DISPLAY_NAME in main_window.windowTitle()
    # Public demo values: neither saved as a profile nor put in the keyring.
    assert profile_store.list() == []
    assert keyring_backend.entries == {}


def test_sandbox_service_reaches_the_sandbox(qtbot, main_window, wait_idle):
    main_window.switch_to_sandbox()
    results = []
    main_window.ctx.call_op("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}).success(
        results.append
    ).run()
    wait_idle()
    assert results and results[0].response["imp_uid"] == "imp_demo_vbank_paid"


def test_add_profile_opens_the_dialog(qtbot, main_window):
    qtbot.mouseClick(main_window.findChild(QPushButton, "addProfileButton"), Qt.MouseButton.LeftButton)
    dialog = main_window.profile_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.current is None  # a new profile


def test_reset_sandbox_asks_then_resets(qtbot, main_window, wait_idle):
    main_window.switch_to_sandbox()
    control = SandboxControl(main_window.sandbox.url)
    control.add_fault(path="/payments/", status=500, times=5)

    asked = []
    main_window.confirm = lambda _parent, title, text: asked.append(title) or False
    main_window.reset_action.trigger()
    assert asked == ["연습 데이터 초기화"]
    assert control.faults()  # declined: kept

    main_window.confirm = lambda *_: True
    main_window.reset_action.trigger()
    wait_idle()
    assert "되돌렸습니다" in main_window.statusBar().currentMessage()
    assert control.faults() == []
