"""Add, edit and delete merchant profiles; credentials go only to the keyring.

The list of saved profiles is on the left, the selected one's settings on the right. After a save
the credentials are never shown again (masked, with "변경" to replace them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from portone_desk.store.profile_checks import ProfileError, check_base_url, check_secret, check_tier_code
from portone_desk.store.profiles import DEFAULT_BASE_URL, Profile, ProfileStore
from portone_desk.store.secrets import NO_KEYRING_MESSAGE, NoKeyringBackend, SecretStoreError
from portone_desk.ui.channel_choice import ChannelChoice
from portone_desk.ui.channels import Channel, ChannelCache, fetch_channels_with, naver_first
from portone_desk.ui.questions import ask_yes_no
from portone_desk.ui.secret_field import SecretField
from portone_desk.ui.style import ALERT_BOX_QSS, FIELD_ERROR_QSS, STATUS_ERROR_QSS, STATUS_OK_QSS
from portone_desk.ui.worker import BackgroundOp, OperationRunner

log = logging.getLogger(__name__)

Confirm = Callable[[QWidget, str, str], bool]

# (field, label, placeholder) of the plain text inputs, in form order.
_TEXT_FIELDS = (
    ("display_name", "프로필 이름", "예: 본점 쇼핑몰"),
    ("tier_code", "Tier 코드", "선택 · 영문/숫자 3자리 (하위 가맹점일 때)"),
    ("channel_key", "기본 채널 키", "선택 · 외부 현금영수증 발급에 사용"),
    ("naver_channel_key", "네이버페이 채널 키", "선택 · 네이버페이 리뷰 조회에 사용"),
    ("base_url", "API 주소", DEFAULT_BASE_URL),
    ("agent_name", "담당자 이름", "처리 내역에 기록될 이름"),
    ("team_db", "팀 데이터베이스", "선택 · postgresql://로그인@서버:5432/desk?sslmode=verify-full"),
)
MANDATORY_LABEL = "현금영수증 의무발행업종"
MANDATORY_TIP = (
    "의무발행업종이면 10만 원 이상 현금 결제에 5일 안에 현금영수증을 발급해야 합니다 "
    "(할 일 탭에서 기한과 함께 먼저 보여 줍니다)."
)
_SECRET_FIELDS = (("imp_key", "REST API 키", False), ("imp_secret", "REST API 시크릿", True))
# Who did it goes into every row of the activity log: a profile without a name cannot be saved.
_REQUIRED_TEXT = frozenset({"agent_name"})
AGENT_NAME_REQUIRED = "담당자 이름을 입력해 주세요. 처리 내역에 누가 처리했는지 남습니다."
# What a connection test tried; editing any of them makes an earlier failure stale.
_TESTED_FIELDS = ("base_url", "tier_code")
SAVE_ANYWAY = "그래도 저장"


def ask_save_anyway(parent: QWidget, error: str) -> bool:
    """After a failed connection test: save only on an explicit "그래도 저장", the error in view."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "연결 테스트 실패",
        f"마지막 연결 테스트가 실패했습니다.\n\n{error}\n\n"
        "이대로 저장하면 이 프로필로 조회·처리가 되지 않을 수 있습니다.",
        parent=parent,
    )
    anyway = box.addButton(SAVE_ANYWAY, QMessageBox.ButtonRole.AcceptRole)
    anyway.setObjectName("saveAnywayButton")
    back = box.addButton("돌아가기", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.exec()
    return box.clickedButton() is anyway


class ProfileDialog(QDialog):
    profile_saved = Signal(object)  # Profile as stored
    profile_deleted = Signal(str)  # profile id

    def __init__(
        self,
        store: ProfileStore,
        runner: OperationRunner,
        profile: Profile | None = None,
        parent: QWidget | None = None,
        channels: ChannelCache | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle("프로필 관리")
        self.store = store
        self.runner = runner
        self.confirm: Confirm = ask_yes_no  # replaceable in tests
        self.current: Profile | None = None
        self.test_op: BackgroundOp | None = None
        # The last connection test's failure, until the settings it tested change: saving over it
        # takes an explicit "그래도 저장" with the error shown.
        self.failed_test: str = ""
        self.ask_save_anyway: Callable[[QWidget, str], bool] = ask_save_anyway  # replaceable in tests
        self.channels_op: BackgroundOp | None = None
        self.channel_cache = channels if channels is not None else ChannelCache()
        self._loaded_channels: list[Channel] | None = None  # for a new profile until it is saved

        self.inputs: dict[str, QLineEdit] = {}
        self.secrets: dict[str, SecretField] = {}
        self.errors: dict[str, QLabel] = {}
        self._build()
        self._refresh_list()
        self.load(profile)

    # ----- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.keyring_warning = QLabel(NO_KEYRING_MESSAGE)
        self.keyring_warning.setObjectName("keyringWarning")
        self.keyring_warning.setWordWrap(True)
        self.keyring_warning.setStyleSheet(ALERT_BOX_QSS)
        self.keyring_warning.setVisible(not self.store.secrets_available)

        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.profile_list.setAccessibleName("저장된 프로필")
        self.profile_list.itemClicked.connect(self._on_pick)
        new_button = QPushButton("새 프로필")
        new_button.setObjectName("newProfileButton")
        new_button.clicked.connect(lambda: self.load(None))
        left = QVBoxLayout()
        left.addWidget(QLabel("저장된 프로필"))
        left.addWidget(self.profile_list, 1)
        left.addWidget(new_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, label, placeholder in _TEXT_FIELDS[:1]:
            form.addRow(self._label(label, required=True), self._text_input(name, label, placeholder))
        for name, label, password in _SECRET_FIELDS:
            field = SecretField(name, label, password)
            self.secrets[name] = field
            form.addRow(self._label(label, required=True), self._with_error(name, field))
        for name, label, placeholder in _TEXT_FIELDS[1:]:
            required = name in _REQUIRED_TEXT
            form.addRow(self._label(label, required=required), self._text_input(name, label, placeholder))
        self.inputs["tier_code"].setMaxLength(3)
        # The shop's channels offered under the two channel-key fields (typing stays possible).
        self.channel_choices = {
            "channel_key": ChannelChoice("channelChoice"),
            "naver_channel_key": ChannelChoice("naverChannelChoice", only=naver_first),
        }
        for name, choice in self.channel_choices.items():
            box = self.inputs[name].parentWidget()
            column = box.layout() if box is not None else None
            if isinstance(column, QVBoxLayout):
                column.insertWidget(1, choice)
            choice.picked.connect(partial(self._channel_picked, name))
            self.inputs[name].textChanged.connect(choice.select)
        self.mandatory_box = QCheckBox(MANDATORY_LABEL)
        self.mandatory_box.setObjectName("cash_receipt_mandatory")
        self.mandatory_box.setToolTip(MANDATORY_TIP)
        form.addRow("", self.mandatory_box)
        # Team mode (optional): the team database login's password, kept in the keyring like the secret.
        team_password = SecretField("team_password", "팀 데이터베이스 비밀번호", True)
        self.secrets["team_password"] = team_password
        form.addRow(
            self._label("팀 데이터베이스 비밀번호", required=False),
            self._with_error("team_password", team_password),
        )
        for name in _TESTED_FIELDS:
            self.inputs[name].textEdited.connect(self._forget_failed_test)
        for secret in self.secrets.values():
            secret.edit.textEdited.connect(self._forget_failed_test)

        self.status = QLabel("")
        self.status.setObjectName("connectionStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.save_button = QPushButton("저장")
        self.save_button.setObjectName("saveProfileButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton("연결 테스트")
        self.test_button.setObjectName("testConnectionButton")
        self.test_button.clicked.connect(self.test_connection)
        self.channels_button = QPushButton("채널 불러오기")
        self.channels_button.setObjectName("getPgSettingList")
        self.channels_button.setToolTip(
            "포트원에 등록된 이 상점의 채널을 불러와 채널 키 칸 아래에 보여 줍니다"
        )
        self.channels_button.clicked.connect(self.load_channels)
        self.delete_button = QPushButton("삭제")
        self.delete_button.setObjectName("deleteProfileButton")
        self.delete_button.clicked.connect(self.delete)
        close_button = QPushButton("닫기")
        close_button.setObjectName("closeProfileDialogButton")
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.channels_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)

        self.form_title = QLabel()
        self.form_title.setStyleSheet("font-size: 15px; font-weight: bold;")
        right = QVBoxLayout()
        right.addWidget(self.form_title)
        right.addLayout(form)
        right.addWidget(self.status)
        right.addStretch(1)
        right.addLayout(buttons)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(self.keyring_warning)
        outer.addLayout(columns)
        self.resize(820, 520)

    def _label(self, text: str, required: bool) -> QLabel:
        return QLabel(f"{text} *" if required else text)

    def _text_input(self, name: str, label: str, placeholder: str) -> QWidget:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        self.inputs[name] = edit
        return self._with_error(name, edit)

    def _with_error(self, name: str, widget: QWidget) -> QWidget:
        """The input with a red message line under it, for ProfileError of that field."""
        error = QLabel("")
        error.setObjectName(f"{name}_error")
        error.setStyleSheet(FIELD_ERROR_QSS)
        error.setWordWrap(True)
        error.setVisible(False)
        self.errors[name] = error
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        return box

    # ----- state ------------------------------------------------------------------------------

    def _refresh_list(self) -> None:
        self.profile_list.clear()
        for profile in self.store.list():
            item = QListWidgetItem(profile.display_name)
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            self.profile_list.addItem(item)
            if self.current is not None and profile.id == self.current.id:
                self.profile_list.setCurrentItem(item)

    def _on_pick(self, item: QListWidgetItem) -> None:
        profile = self.store.get(item.data(Qt.ItemDataRole.UserRole))
        if profile is not None:
            self.load(profile)

    def load(self, profile: Profile | None) -> None:
        """Show ``profile`` for editing, or an empty form for a new one."""
        self.current = profile
        self.clear_errors()
        self._set_status("")
        values = {
            "display_name": profile.display_name if profile else "",
            "tier_code": (profile.tier_code or "") if profile else "",
            "channel_key": (profile.channel_key or "") if profile else "",
            "naver_channel_key": (profile.naver_channel_key or "") if profile else "",
            "base_url": profile.base_url if profile else DEFAULT_BASE_URL,
            "agent_name": profile.agent_name if profile else "",
            "team_db": profile.team_db if profile else "",
        }
        for name, value in values.items():
            self.inputs[name].setText(value)
        self.mandatory_box.setChecked(bool(profile and profile.cash_receipt_mandatory))
        self._loaded_channels = None
        cached = self.channel_cache.get(profile.id) if profile is not None else None
        self._offer_channels(cached or [])
        saved = profile is not None and self.store.has_secret(profile.id)
        team_saved = bool(profile and profile.team_db and self.store.has_team_password(profile.id))
        for name, field in self.secrets.items():
            field.set_saved(team_saved if name == "team_password" else saved)
        self.delete_button.setEnabled(profile is not None)
        self.save_button.setEnabled(self.store.secrets_available)
        self.form_title.setText(f"프로필 편집: {profile.display_name}" if profile else "새 프로필")
        self._refresh_list()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)

    def show_error(self, field: str, message: str) -> None:
        label = self.errors.get(field)
        if label is None:  # e.g. "id": not an input the agent can fix, so say it below the form
            self._set_status(message, ok=False)
            return
        label.setText(message)
        label.setVisible(True)

    def _set_status(self, text: str, ok: bool = True) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(STATUS_OK_QSS if ok else STATUS_ERROR_QSS)

    def _form_profile(self) -> Profile:
        text = {name: edit.text() for name, edit in self.inputs.items()}
        settings: dict[str, Any] = {
            "display_name": text["display_name"],
            "tier_code": text["tier_code"],
            "channel_key": text["channel_key"],
            "naver_channel_key": text["naver_channel_key"],
            "base_url": text["base_url"] or DEFAULT_BASE_URL,
            "agent_name": text["agent_name"],
            "cash_receipt_mandatory": self.mandatory_box.isChecked(),
            "team_db": text["team_db"],
        }
        if self.current is None:
            return Profile.new(**settings)
        return replace(self.current, **settings)

    # ----- actions ----------------------------------------------------------------------------

    def _forget_failed_test(self, *_: object) -> None:
        self.failed_test = ""

    def save(self) -> Profile | None:
        self.clear_errors()
        if not self.store.secrets_available:
            self._set_status(NO_KEYRING_MESSAGE, ok=False)
            return None
        if not self.inputs["agent_name"].text().strip():
            self.show_error("agent_name", AGENT_NAME_REQUIRED)
            self.inputs["agent_name"].setFocus()
            return None
        if self.failed_test and not self.ask_save_anyway(self, self.failed_test):
            self._set_status(f"저장하지 않았습니다. {self.failed_test}", ok=False)
            return None
        try:
            saved = self.store.save(
                self._form_profile(),
                imp_key=self.secrets["imp_key"].value(),
                imp_secret=self.secrets["imp_secret"].value(),
                team_password=self.secrets["team_password"].value(),
            )
        except ProfileError as exc:
            self.show_error(exc.field, exc.message)
            return None
        except NoKeyringBackend:
            self.keyring_warning.setVisible(True)
            self._set_status(NO_KEYRING_MESSAGE, ok=False)
            return None
        except SecretStoreError as exc:
            self._set_status(str(exc), ok=False)
            return None
        if self._loaded_channels is not None and self.channel_cache.get(saved.id) is None:
            self.channel_cache.put(saved.id, self._loaded_channels)
        self.load(saved)
        self._set_status("저장했습니다. API 키와 시크릿은 이 PC의 키링에만 보관됩니다.")
        self.profile_saved.emit(saved)
        return saved

    def _checked_form(self) -> tuple[Profile, Callable[[], tuple[str, str]]] | None:
        """The form's profile and a job that gives the credentials to try (typed, or the saved ones
        where a field was left as saved), after the fields the agent can fix were checked here.
        The job reads the keyring, which can block for seconds: run it off the GUI thread."""
        self.clear_errors()
        profile = self._form_profile().normalized()
        typed = {name: self.secrets[name].value() for name in ("imp_key", "imp_secret")}
        try:
            check_base_url(profile.base_url)
            check_tier_code(profile.tier_code)
            for name, value in typed.items():
                if value is not None or self.current is None:
                    check_secret(name, value or "", required=True)
        except ProfileError as exc:
            self.show_error(exc.field, exc.message)
            return None
        store, profile_id = self.store, self.current.id if self.current is not None else ""

        def credentials() -> tuple[str, str]:
            saved = store.credentials(profile_id) if None in typed.values() else None
            imp_key = typed["imp_key"] if typed["imp_key"] is not None else (saved.imp_key if saved else "")
            imp_secret = typed["imp_secret"]
            if imp_secret is None:
                imp_secret = saved.imp_secret if saved else ""
            check_secret("imp_key", imp_key, required=True)
            check_secret("imp_secret", imp_secret, required=True)
            return imp_key, imp_secret

        return profile, credentials

    def _credentials_refused(self, error: BaseException) -> bool:
        """A saved credential missing (told at its field) or the keyring unreachable (told below)."""
        if isinstance(error, ProfileError):
            self.show_error(error.field, error.message)
            return True
        if isinstance(error, SecretStoreError):
            self._set_status(str(error), ok=False)
            return True
        return False

    def test_connection(self) -> None:
        checked = self._checked_form()
        if checked is None:
            return
        from portone_desk.ui.connection_check import check_connection

        profile, credentials = checked
        self._set_status("연결하는 중…")
        self.test_op = (
            BackgroundOp(
                self.runner,
                lambda: check_connection(profile.base_url, *credentials(), profile.tier_code),
            )
            .success(self._connection_ok)
            .failure(self._connection_failed)
            .busy(self.test_button)
            .run()
        )

    def _connection_ok(self, message: str) -> None:
        self.failed_test = ""
        self._set_status(message, ok=True)

    # ----- channels ---------------------------------------------------------------------------

    def _offer_channels(self, channels: list[Channel]) -> None:
        for name, choice in self.channel_choices.items():
            choice.offer(channels, self.inputs[name].text().strip())

    def _channel_picked(self, name: str, key: str) -> None:
        self.inputs[name].setText(key)

    def load_channels(self) -> None:
        """The shop's channels with the typed (or saved) credentials, in the background."""
        checked = self._checked_form()
        if checked is None:
            return
        profile, credentials = checked
        saved_id = self.current.id if self.current is not None else None
        self._set_status("채널 목록을 불러오는 중…")

        def loaded(channels: list[Channel]) -> None:
            self._loaded_channels = channels
            if saved_id is not None:
                self.channel_cache.put(saved_id, channels)
            self._offer_channels(channels)
            found = f"채널 {len(channels)}개를 불러왔습니다. 채널 키 칸 아래 목록에서 고르세요."
            self._set_status(found if channels else "등록된 채널이 없습니다. 채널 키를 직접 입력하세요.")

        self.channels_op = (
            BackgroundOp(
                self.runner,
                lambda: fetch_channels_with(profile.base_url, *credentials(), profile.tier_code),
            )
            .success(loaded)
            .failure(self._channels_failed)
            .busy(self.channels_button)
            .run()
        )

    def _channels_failed(self, error: BaseException) -> None:
        from portone_desk.ui.crash import describe

        if self._credentials_refused(error):
            return
        log.info("channel list failed: %s", type(error).__name__)
        self._set_status(
            f"채널 목록을 불러오지 못했습니다. 채널 키를 직접 입력하세요. {describe(error)}", ok=False
        )

    def _connection_failed(self, error: BaseException) -> None:
        from portone_desk.ui.crash import describe

        if self._credentials_refused(error):
            return
        log.info("connection test failed: %s", type(error).__name__)
        self.failed_test = f"연결에 실패했습니다. {describe(error)}"
        self._set_status(self.failed_test, ok=False)

    def delete(self) -> None:
        profile = self.current
        if profile is None:
            return
        question = (
            f"'{profile.display_name}' 프로필을 삭제할까요?\n"
            "이 PC의 키링에 저장된 API 키와 시크릿도 함께 지워집니다."
        )
        if not self.confirm(self, "프로필 삭제", question):
            return
        try:
            self.store.delete(profile.id)
        except SecretStoreError as exc:
            self._set_status(str(exc), ok=False)
            return
        self.profile_deleted.emit(profile.id)
        self.load(None)
        self._set_status(f"'{profile.display_name}' 프로필을 삭제했습니다.")
