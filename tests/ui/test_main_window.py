"""Main window: tabs in order (missing ones skipped), geometry, profile removal, training mode."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from portone_desk.ui import tabs
from portone_desk.ui.main_window import MainWindow
from portone_desk.ui.sandbox_mode import start_sandbox


class _FakeTab(QWidget):
    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx


class _BrokenTab(QWidget):
    def __init__(self, ctx, parent=None) -> None:
        raise RuntimeError("tab bug")


@pytest.fixture
def fake_tab_modules(monkeypatch):
    module = types.ModuleType("portone_desk_fake_tabs")
    module.GoodTab = _FakeTab
    module.BrokenTab = _BrokenTab
    monkeypatch.setitem(sys.modules, "portone_desk_fake_tabs", module)
    broken_import = types.ModuleType("portone_desk_fake_broken_import")
    monkeypatch.setitem(sys.modules, "portone_desk_fake_broken_import", None)  # import raises
    del broken_import


def test_present_tabs_in_order_missing_skipped_broken_reported(qtbot, ctx, monkeypatch, fake_tab_modules):
    specs = (
        ("portone_desk_fake_tabs", "GoodTab", "첫째"),
        ("portone_desk.ui.no_such_tab", "NoTab", "없음"),
        ("portone_desk_fake_tabs", "BrokenTab", "고장"),
        ("portone_desk_fake_tabs", "MissingClass", "클래스 없음"),
        ("portone_desk_fake_tabs", "GoodTab", "둘째"),
    )
    monkeypatch.setattr(tabs, "TAB_SPECS", specs)
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: reported.append(e))
    built = list(tabs.build_tabs(ctx))
    assert [title for title, _ in built] == ["첫째", "둘째"]
    assert all(widget.ctx is ctx for _, widget in built)
    # A missing module or class is reported too: a frozen build that lost one must not hide it.
    assert [type(e).__name__ for e in reported] == ["ModuleNotFoundError", "RuntimeError", "AttributeError"]
    assert str(reported[1]) == "tab bug"


def test_tab_order_matches_the_desk():
    titles = [title for _, _, title in tabs.TAB_SPECS]
    assert titles == ["할 일", "현금영수증", "외부 현금영수증", "네이버페이 주문", "일괄 처리", "처리 내역"]


@pytest.mark.expect_log(r"closing with \d+ call\(s\) still running", logger="portone_desk.ui")
def test_real_tabs_build_against_the_sandbox(qtbot, ctx, profile_store, desk_home, monkeypatch):
    """Every tab that exists today constructs with a sandbox profile (no tab bug hidden)."""
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: reported.append(e))
    window = MainWindow(ctx, profile_store, desk_home, sandbox_starter=lambda: start_sandbox(None))
    qtbot.addWidget(window)
    try:
        assert window.switch_to_sandbox()
        tab_widget = window.findChild(QTabWidget, "mainTabs")
        titles = [tab_widget.tabText(i) for i in range(tab_widget.count())]
        expected = [t for t in titles if t != "안내"]
        assert expected == [t for _, _, t in tabs.TAB_SPECS]
        for title in expected:
            assert window.tab_widget(title) is not None, title
        assert reported == []
    finally:
        window.shutdown()


def test_tabs_are_built_when_first_shown(qtbot, ctx, profile_store, desk_home, monkeypatch, fake_tab_modules):
    specs = (("portone_desk_fake_tabs", "GoodTab", "첫째"), ("portone_desk_fake_tabs", "GoodTab", "둘째"))
    monkeypatch.setattr(tabs, "TAB_SPECS", specs)
    window = MainWindow(ctx, profile_store, desk_home, sandbox_starter=lambda: start_sandbox(None))
    qtbot.addWidget(window)
    try:
        assert window.switch_to_sandbox()
        first, second = window.tabs.widget(0), window.tabs.widget(1)
        assert first.built and isinstance(first.widget, _FakeTab)
        assert not second.built and second.widget is None  # nothing imported or built yet
        window.tabs.setCurrentIndex(1)
        assert second.built and second.widget.ctx is ctx
    finally:
        window.shutdown()


def test_broken_tab_says_so_when_opened(qtbot, ctx, profile_store, desk_home, monkeypatch, fake_tab_modules):
    specs = (("portone_desk_fake_tabs", "GoodTab", "첫째"), ("portone_desk_fake_tabs", "BrokenTab", "고장"))
    monkeypatch.setattr(tabs, "TAB_SPECS", specs)
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: reported.append(e))
    window = MainWindow(ctx, profile_store, desk_home, sandbox_starter=lambda: start_sandbox(None))
    qtbot.addWidget(window)
    try:
        assert window.switch_to_sandbox()
        window.tabs.setCurrentIndex(1)
        assert [str(e) for e in reported] == ["tab bug"]
        assert window.tabs.widget(1).findChild(QLabel, "tabUnavailable") is not None
    finally:
        window.shutdown()


def test_first_run_page_before_profiles_load(qtbot, ctx, desk_home, monkeypatch, keyring_backend):
    """No profiles file: the first-run page shows at once; the store loads when it is needed."""
    from portone_desk.store.secrets import SecretStore
    from portone_desk.ui import profile_controller

    monkeypatch.setattr(tabs, "TAB_SPECS", ())
    opened = []

    def open_store(paths):
        from portone_desk.store.profiles import ProfileStore

        opened.append(paths)
        return ProfileStore(paths, SecretStore(backend=keyring_backend))

    monkeypatch.setattr(profile_controller, "open_profile_store", open_store)
    window = MainWindow(ctx, None, desk_home)
    qtbot.addWidget(window)
    assert not desk_home.profiles_file.exists()
    window.show_first_run_early()
    assert window.stack.currentWidget() is window.first_run
    assert window.real_page() is window.first_run
    assert not opened
    dialog = window.open_profile_dialog(new=True)  # "PortOne 계정 연결" before the app attached the store
    assert opened and window.profiles is not None
    dialog.close()


def test_no_tabs_yet_shows_a_placeholder(qtbot, main_window):
    main_window.switch_to_sandbox()
    assert main_window.tabs.count() == 1
    assert main_window.tabs.tabText(0) == "안내"


def test_geometry_kept_in_qsettings_inside_app_home(qtbot, ctx, profile_store, desk_home, monkeypatch):
    monkeypatch.setattr(tabs, "TAB_SPECS", ())
    window = MainWindow(ctx, profile_store, desk_home)
    qtbot.addWidget(window)
    window.show()
    window.resize(700, 520)
    window.close()
    assert (desk_home.config_dir / "window.ini").exists()

    again = MainWindow(ctx, profile_store, desk_home)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (700, 520)
    again.close()


def test_deleting_active_profile_returns_to_first_run(qtbot, main_window, profile_store):
    from portone_desk.store.profiles import Profile

    saved = profile_store.save(Profile.new("본점"), "key-1234", "secret-1234")
    main_window.activate(saved)
    assert main_window.stack.currentWidget() is main_window.tabs
    dialog = main_window.open_profile_dialog()
    assert dialog.current.id == saved.id
    dialog.delete()
    assert not main_window.ctx.has_profile
    assert main_window.stack.currentWidget() is main_window.first_run
    assert main_window.switcher.currentText() == "프로필 없음"


def test_switch_back_from_sandbox_hides_banner(qtbot, main_window, profile_store):
    from portone_desk.store.profiles import Profile

    saved = profile_store.save(Profile.new("본점"), "key-1234", "secret-1234")
    main_window.switch_to_sandbox()
    assert main_window.banner.isVisible()
    assert not main_window.sandbox_action.isEnabled()
    main_window.switcher.setCurrentIndex(main_window.switcher.findData(saved.id))
    assert main_window.ctx.profile.id == saved.id
    assert not main_window.banner.isVisible()
    assert not main_window.reset_action.isEnabled()
    assert main_window.findChild(QLabel, "activeProfileLabel").text() == "사용 중: 본점"
    # The sandbox profile stays selectable while the app runs.
    assert main_window.switcher.findData("sandbox") >= 0


@pytest.mark.expect_log(r"shown to agent: .*키링에 없습니다", logger="portone_desk.ui")
def test_missing_credentials_are_explained(qtbot, main_window, profile_store, keyring_backend):
    from portone_desk.store.profiles import Profile

    saved = profile_store.save(Profile.new("본점"), "key-1234", "secret-1234")
    keyring_backend.entries.clear()
    assert not main_window.activate(saved)
    assert "키링에 없습니다" in main_window.error_box.text()
    assert not main_window.ctx.has_profile


def test_loading_page_until_profiles_are_attached(qtbot, ctx, profile_store, desk_home, monkeypatch):
    monkeypatch.setattr(tabs, "TAB_SPECS", ())
    window = MainWindow(ctx, None, desk_home)  # as the app builds it before first paint
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.loading
    assert not window.manage_action.isEnabled()
    window.attach_profiles(profile_store)
    assert window.stack.currentWidget() is window.first_run
    assert window.manage_action.isEnabled()
