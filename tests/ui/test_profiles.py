"""The profile dialog: save to keyring only, masked afterwards, errors at fields, test, delete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
from portone_desk.store.secrets import SERVICE, SecretStore
from portone_desk.ui.profile_dialog import ProfileDialog
from portone_desk.ui.secret_field import SAVED_TEXT

SECRET = "live-secret-Zq81mXk2PvT7wLr0aa"
KEY = "3719004512038475"


@pytest.fixture
def dialog(qtbot, profile_store, runner):
    dialog = ProfileDialog(profile_store, runner)
    dialog.confirm = lambda *_: True
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(qtbot, dialog, **values: str) -> None:
    # Every saved profile says who works under it (담당자 이름 is required).
    values = {"agent_name": "김상담", **values} if "display_name" in values else values
    for name, value in values.items():
        edit = dialog.findChild(QLineEdit, name)
        edit.clear()
        if value.isascii():
            qtbot.keyClicks(edit, value)
        else:  # QTest cannot type Hangul (it aborts); agents paste or use an IME, same result
            edit.setText(value)


def click(qtbot, dialog, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def error_text(dialog, field: str) -> str:
    label = dialog.findChild(QLabel, f"{field}_error")
    return label.text() if label.isVisible() else ""


def test_save_masks_secret_and_keeps_it_off_disk(qtbot, dialog, profile_store, keyring_backend, desk_home):
    fill(qtbot, dialog, display_name="본점", imp_key=KEY, imp_secret=SECRET, agent_name="김상담")
    assert dialog.findChild(QLineEdit, "imp_secret").echoMode() == QLineEdit.EchoMode.Password
    click(qtbot, dialog, "saveProfileButton")

    [saved] = profile_store.list()
    assert saved.display_name == "본점" and saved.agent_name == "김상담"
    assert keyring_backend.entries[(SERVICE, f"{saved.id}:imp_secret")] == SECRET
    # Never shown again: the input is gone and empty, a mask with "변경" instead.
    secret_edit = dialog.findChild(QLineEdit, "imp_secret")
    assert not secret_edit.isVisible() and secret_edit.text() == ""
    assert dialog.findChild(QLabel, "imp_secret_saved").isVisible()
    assert dialog.findChild(QLabel, "imp_secret_saved").text() == SAVED_TEXT
    assert dialog.findChild(QPushButton, "imp_secret_change").isVisible()
    config = desk_home.profiles_file.read_bytes()
    assert SECRET.encode() not in config and KEY.encode() not in config
    assert "본점".encode() in config


def test_replace_secret_with_change(qtbot, dialog, profile_store, keyring_backend):
    fill(qtbot, dialog, display_name="본점", imp_key=KEY, imp_secret=SECRET)
    click(qtbot, dialog, "saveProfileButton")
    [saved] = profile_store.list()

    click(qtbot, dialog, "imp_secret_change")
    assert dialog.findChild(QLineEdit, "imp_secret").isVisible()
    fill(qtbot, dialog, imp_secret="replaced-secret-123")
    click(qtbot, dialog, "saveProfileButton")
    assert keyring_backend.entries[(SERVICE, f"{saved.id}:imp_secret")] == "replaced-secret-123"
    assert keyring_backend.entries[(SERVICE, f"{saved.id}:imp_key")] == KEY  # untouched
    assert dialog.findChild(QLabel, "imp_secret_saved").isVisible()


@pytest.mark.parametrize(
    ("values", "field", "expected"),
    [
        (
            {"display_name": "", "imp_key": KEY, "imp_secret": SECRET},
            "display_name",
            "프로필 이름을 입력하세요",
        ),
        (
            {"display_name": "본점", "imp_key": KEY, "imp_secret": ""},
            "imp_secret",
            "REST API 시크릿을 입력하세요",
        ),
        (
            {"display_name": "본점", "imp_key": "", "imp_secret": SECRET},
            "imp_key",
            "REST API 키를 입력하세요",
        ),
        (
            {"display_name": "본점", "imp_key": KEY, "imp_secret": SECRET, "tier_code": "A1"},
            "tier_code",
            "Tier 코드는 영문 또는 숫자 3자리",
        ),
        (
            {
                "display_name": "본점",
                "imp_key": KEY,
                "imp_secret": SECRET,
                "base_url": "http://api.example.com",
            },
            "base_url",
            "https://",
        ),
    ],
)
def test_validation_message_at_field(qtbot, dialog, profile_store, keyring_backend, values, field, expected):
    fill(qtbot, dialog, **values)
    click(qtbot, dialog, "saveProfileButton")
    assert expected in error_text(dialog, field)
    others = [name for name in dialog.errors if name != field]
    assert all(error_text(dialog, name) == "" for name in others)
    assert profile_store.list() == []
    assert keyring_backend.entries == {}


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_no_keyring_refuses_to_save(qtbot, runner, desk_home):
    from keyring.backends.fail import Keyring as FailKeyring

    from portone_desk.store.profiles import ProfileStore

    store = ProfileStore(desk_home, SecretStore(backend=FailKeyring()))
    dialog = ProfileDialog(store, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    warning = dialog.findChild(QLabel, "keyringWarning")
    assert warning.isVisible() and "키링이 없습니다" in warning.text()
    assert not dialog.findChild(QPushButton, "saveProfileButton").isEnabled()
    fill(qtbot, dialog, display_name="본점", imp_key=KEY, imp_secret=SECRET)
    assert dialog.save() is None
    assert "저장할 수 없습니다" in dialog.status.text()
    assert store.list() == []
    assert not desk_home.profiles_file.exists()


def test_connection_test_success(qtbot, dialog, sandbox_session, wait_idle):
    fill(qtbot, dialog, imp_key=DEMO_IMP_KEY, imp_secret=DEMO_IMP_SECRET, base_url=sandbox_session.url)
    button = dialog.findChild(QPushButton, "testConnectionButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not button.isEnabled()  # no double submit while it runs
    wait_idle()
    assert button.isEnabled()
    status = dialog.findChild(QLabel, "connectionStatus").text()
    assert "연결에 성공했습니다" in status
    assert "29분" in status or "30분" in status
    token = dialog.test_op  # the token itself is never shown
    assert token is not None
    from portone_desk.api.redact import DEFAULT

    assert DEFAULT.redact(status) == status


def test_connection_test_wrong_secret(qtbot, dialog, sandbox_session, wait_idle):
    fill(qtbot, dialog, imp_key=DEMO_IMP_KEY, imp_secret="wrong-secret", base_url=sandbox_session.url)
    click(qtbot, dialog, "testConnectionButton")
    wait_idle()
    status = dialog.findChild(QLabel, "connectionStatus").text()
    assert "연결에 실패했습니다" in status
    assert "인증에 실패했습니다" in status
    assert "wrong-secret" not in status


def test_connection_test_uses_saved_credentials(qtbot, dialog, sandbox_session, wait_idle):
    fill(qtbot, dialog, display_name="연습", imp_key=DEMO_IMP_KEY, imp_secret=DEMO_IMP_SECRET)
    fill(qtbot, dialog, base_url=sandbox_session.url)
    click(qtbot, dialog, "saveProfileButton")
    click(qtbot, dialog, "testConnectionButton")
    wait_idle()
    assert "연결에 성공했습니다" in dialog.status.text()


def test_saved_credentials_are_read_off_the_gui_thread(
    qtbot, dialog, profile_store, sandbox_session, wait_idle, monkeypatch
):
    import threading

    fill(qtbot, dialog, display_name="연습", imp_key=DEMO_IMP_KEY, imp_secret=DEMO_IMP_SECRET)
    fill(qtbot, dialog, base_url=sandbox_session.url)
    click(qtbot, dialog, "saveProfileButton")
    read_on: list[threading.Thread] = []
    real = profile_store.credentials

    def credentials(profile_id: str):
        read_on.append(threading.current_thread())
        return real(profile_id)

    monkeypatch.setattr(profile_store, "credentials", credentials)
    click(qtbot, dialog, "testConnectionButton")
    wait_idle()
    assert "연결에 성공했습니다" in dialog.status.text()
    assert read_on and threading.main_thread() not in read_on  # the keyring can block for seconds
    click(qtbot, dialog, "getPgSettingList")
    wait_idle()
    assert len(read_on) == 2 and threading.main_thread() not in read_on


def test_a_missing_saved_secret_is_told_at_its_field(qtbot, dialog, profile_store, wait_idle):
    fill(qtbot, dialog, display_name="연습", imp_key=DEMO_IMP_KEY, imp_secret=DEMO_IMP_SECRET)
    click(qtbot, dialog, "saveProfileButton")
    saved = dialog.current
    assert saved is not None
    profile_store._secrets.delete(saved.id, "imp_secret")  # removed from the keyring behind the desk
    click(qtbot, dialog, "testConnectionButton")
    wait_idle()
    # The keyring gives the pair or nothing, so the first field of the pair is the one to fill again.
    assert error_text(dialog, "imp_key")
    assert dialog.failed_test == "" and "연결에 실패" not in dialog.status.text()


def test_connection_test_checks_fields_first(qtbot, dialog, runner):
    fill(qtbot, dialog, imp_key=KEY, imp_secret="")
    click(qtbot, dialog, "testConnectionButton")
    assert "REST API 시크릿을 입력하세요" in error_text(dialog, "imp_secret")
    assert runner.running == 0


def test_delete_removes_keyring_entries(qtbot, dialog, profile_store, keyring_backend, desk_home):
    fill(qtbot, dialog, display_name="본점", imp_key=KEY, imp_secret=SECRET)
    click(qtbot, dialog, "saveProfileButton")
    assert len(keyring_backend.entries) == 2

    asked = []
    dialog.confirm = lambda _parent, _title, text: asked.append(text) or False
    click(qtbot, dialog, "deleteProfileButton")
    assert asked and "본점" in asked[0]
    assert len(profile_store.list()) == 1

    dialog.confirm = lambda *_: True
    click(qtbot, dialog, "deleteProfileButton")
    assert profile_store.list() == []
    assert keyring_backend.entries == {}
    assert "본점".encode() not in desk_home.profiles_file.read_bytes()


def test_window_switches_profiles(qtbot, main_window, profile_store, sandbox_session):
    from portone_desk.store.profiles import Profile

    first = profile_store.save(
        Profile.new("가 상점", base_url=sandbox_session.url), DEMO_IMP_KEY, DEMO_IMP_SECRET
    )
    second = profile_store.save(Profile.new("나 상점", base_url=sandbox_session.url), DEMO_IMP_KEY, "other")
    main_window.refresh_profiles()
    main_window.activate(first)
    switcher = main_window.findChild(QComboBox, "profileSwitcher")
    assert switcher.currentText() == "가 상점"
    service = main_window.ctx.service

    switcher.setCurrentIndex(switcher.findData(second.id))
    assert main_window.ctx.profile.id == second.id
    assert main_window.ctx.service is not service
    assert main_window.ctx.service.client.tier is None
    assert profile_store.active_id == second.id
    assert not main_window.banner.isVisible()
    assert "나 상점" in main_window.windowTitle()


def test_saving_first_profile_leaves_first_run(qtbot, main_window, profile_store):
    main_window.open_profile_dialog(new=True)
    dialog = main_window.profile_dialog
    fill(qtbot, dialog, display_name="본점", imp_key=KEY, imp_secret=SECRET)
    click(qtbot, dialog, "saveProfileButton")
    assert main_window.ctx.profile.display_name == "본점"
    assert main_window.stack.currentWidget() is main_window.tabs
    assert main_window.findChild(QComboBox, "profileSwitcher").currentText() == "본점"


def test_a_profile_without_agent_name_is_not_saved(qtbot, dialog, profile_store) -> None:
    fill(qtbot, dialog, display_name="본점", imp_key=KEY, imp_secret=SECRET, agent_name="")
    click(qtbot, dialog, "saveProfileButton")
    assert profile_store.list() == []
    error = dialog.findChild(QLabel, "agent_name_error")
    assert error.isVisible() and "담당자 이름" in error.text()


def test_saving_after_a_failed_connection_test_needs_save_anyway(qtbot, dialog, profile_store) -> None:
    asked: list[str] = []
    answers = [False, True]
    dialog.ask_save_anyway = lambda _parent, error: asked.append(error) or answers.pop(0)
    fill(qtbot, dialog, display_name="본점", imp_key=KEY, imp_secret=SECRET, base_url="http://127.0.0.1:9")
    click(qtbot, dialog, "testConnectionButton")
    qtbot.waitUntil(lambda: dialog.failed_test != "", timeout=15_000)
    click(qtbot, dialog, "saveProfileButton")
    assert asked == [dialog.failed_test] and "연결에 실패했습니다" in asked[0]
    assert profile_store.list() == []  # 돌아가기
    click(qtbot, dialog, "saveProfileButton")
    assert len(asked) == 2 and [p.display_name for p in profile_store.list()] == ["본점"]  # 그래도 저장


def test_mandatory_issue_flag_round_trips(qtbot, dialog, profile_store, secret_store, desk_home):
    from PySide6.QtWidgets import QCheckBox

    from portone_desk.store.profiles import ProfileStore

    box = dialog.findChild(QCheckBox, "cash_receipt_mandatory")
    assert box is not None and not box.isChecked()
    assert "100,000" in box.toolTip() or "10만" in box.toolTip()
    fill(qtbot, dialog, display_name="본점", imp_key=KEY, imp_secret=SECRET)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    click(qtbot, dialog, "saveProfileButton")
    [saved] = profile_store.list()
    assert saved.cash_receipt_mandatory is True
    # Stored in the profiles file: a fresh store (the next start) reads it back, and so does the form.
    again = ProfileStore(desk_home, secret_store)
    assert again.get(saved.id).cash_receipt_mandatory is True
    dialog.load(None)
    assert not box.isChecked()
    dialog.load(again.get(saved.id))
    assert box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    click(qtbot, dialog, "saveProfileButton")
    assert ProfileStore(desk_home, secret_store).get(saved.id).cash_receipt_mandatory is False


def test_channels_offered_under_the_channel_key_fields(qtbot, dialog, sandbox_session, wait_idle):
    from PySide6.QtWidgets import QComboBox

    from portone_desk.sandbox.demo import DEMO_CHANNEL_KEY, DEMO_NAVER_CHANNEL_KEY

    fill(qtbot, dialog, display_name="연습", imp_key=DEMO_IMP_KEY, imp_secret=DEMO_IMP_SECRET)
    fill(qtbot, dialog, base_url=sandbox_session.url)
    default, naver = (
        dialog.findChild(QComboBox, "channelChoice"),
        dialog.findChild(QComboBox, "naverChannelChoice"),
    )
    assert not default.isVisible() and not naver.isVisible()  # nothing asked yet
    click(qtbot, dialog, "getPgSettingList")
    wait_idle()
    assert default.isVisible() and naver.isVisible()
    assert "채널 4개" in dialog.status.text()
    assert default.count() == 5 and [naver.itemData(i) for i in range(1, naver.count())] == [
        DEMO_NAVER_CHANNEL_KEY
    ]
    naver.setCurrentIndex(1)
    naver.activated.emit(1)
    default.setCurrentIndex(default.findData(DEMO_CHANNEL_KEY))
    default.activated.emit(default.currentIndex())
    assert dialog.findChild(QLineEdit, "naver_channel_key").text() == DEMO_NAVER_CHANNEL_KEY
    assert dialog.findChild(QLineEdit, "channel_key").text() == DEMO_CHANNEL_KEY
    click(qtbot, dialog, "saveProfileButton")
    [saved] = dialog.store.list()
    assert (saved.channel_key, saved.naver_channel_key) == (DEMO_CHANNEL_KEY, DEMO_NAVER_CHANNEL_KEY)
    # Cached for the session: the saved profile shows its channels again without a call.
    assert dialog.channel_cache.get(saved.id) is not None
    dialog.load(None)
    assert not default.isVisible()
    dialog.load(saved)
    assert default.isVisible() and default.currentData() == DEMO_CHANNEL_KEY


def test_channel_list_failure_keeps_typing(qtbot, dialog, runner, wait_idle):
    from PySide6.QtWidgets import QComboBox

    # Nothing listens on this port: the call fails, the fields stay for typing.
    fill(qtbot, dialog, imp_key=KEY, imp_secret=SECRET, base_url="http://127.0.0.1:9")
    click(qtbot, dialog, "getPgSettingList")
    wait_idle()
    assert "채널 목록을 불러오지 못했습니다" in dialog.status.text()
    assert not dialog.findChild(QComboBox, "channelChoice").isVisible()
    fill(qtbot, dialog, channel_key="channel-key-typed")
    assert dialog.findChild(QLineEdit, "channel_key").text() == "channel-key-typed"
    assert SECRET not in dialog.status.text()
