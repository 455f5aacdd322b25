"""The agent's profiles for the main window: the switcher, the active profile and its service, the
profile dialog.

Activating a profile builds a new audited service for it and hands it to the shared ``DeskContext``;
the tabs follow from there. The store (keyring) is imported only when first needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QWidget

if TYPE_CHECKING:
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.audit_backend import AuditBackend
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Credentials, Profile, ProfileStore
    from portone_desk.ui.context import DeskContext
    from portone_desk.ui.profile_dialog import ProfileDialog
    from portone_desk.ui.training_controller import TrainingController

log = logging.getLogger(__name__)

Confirm = Callable[[QWidget, str, str], bool]

# The switcher's one entry while there is no profile: a label, not the message (``ui/shared.py``).
EMPTY_SWITCHER_LABEL = "프로필 없음"


def open_profile_store(paths: AppPaths) -> ProfileStore:
    # Imports keyring, which costs about as much as a bare Qt window: only after first paint.
    from portone_desk.store.profiles import ProfileStore
    from portone_desk.store.secrets import SecretStore

    return ProfileStore(paths, SecretStore())


class ProfileController(QObject):
    """Which profile the desk works with; ``profiles`` is None until the store is attached."""

    error = Signal(str)  # Korean text for the agent
    activating = Signal()  # a profile is about to become active (the window builds its tabs)
    store_attached = Signal()
    team_online = Signal(bool)  # team mode: whether the team database answers (from a probe thread)

    def __init__(
        self,
        ctx: DeskContext,
        paths: AppPaths,
        training: TrainingController,
        switcher: QComboBox,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths = paths
        self.training = training
        self.switcher = switcher
        self.profiles: ProfileStore | None = None
        self.dialog: ProfileDialog | None = None
        self._audit: AuditLog | None = None
        self._team_audits: dict[str, AuditBackend] = {}  # team mode: one per team database
        self._filling = False
        switcher.currentIndexChanged.connect(self._on_switcher_changed)

    # ----- the store ----------------------------------------------------------------------------

    def attach(self, profiles: ProfileStore) -> None:
        """Load the saved profiles and open the active one (the app does this after first paint)."""
        self.profiles = profiles
        self.refresh()
        self._activate_initial()
        self.store_attached.emit()

    def ensure_store(self) -> ProfileStore:
        """The profile store, loaded now if the app has not attached it yet."""
        if self.profiles is None:
            self.attach(open_profile_store(self.paths))
        assert self.profiles is not None
        return self.profiles

    def audit(self) -> AuditLog | None:
        if self._audit is None:
            from portone_desk.ui.services import open_audit

            self._audit = open_audit(self.paths)
        return self._audit

    def audit_for(self, profile: Profile) -> AuditBackend | None:
        """The team log when the profile names a team database (never for training), else the
        local one. The team log's pool connects in the background: nothing blocks here."""
        from portone_desk.team.connection import team_dsn

        if profile.is_sandbox:
            self.team_online.emit(True)
            return self.audit()
        password = None
        if profile.team_db and self.profiles is not None:
            password = self.profiles.team_password(profile.id)
        dsn = team_dsn(profile, password)
        if not dsn:
            self.team_online.emit(True)
            return self.audit()
        if dsn not in self._team_audits:
            from portone_desk.team.connection import open_team_audit

            # Outcomes the team database could not take wait beside the local data (issue 9's journal).
            team = open_team_audit(dsn, self.paths.data_dir)
            team.watch(self.team_online.emit)
            self._team_audits[dsn] = team
        return self._team_audits[dsn]

    def close(self) -> None:
        for audit in (self._audit, *self._team_audits.values()):
            close = getattr(audit, "close", None)
            if callable(close):
                close()

    # ----- the switcher -------------------------------------------------------------------------

    def available(self) -> list[Profile]:
        listed = self.profiles.list() if self.profiles is not None else []
        if self.training.session is not None:
            listed.append(self.training.session.profile)
        return listed

    def refresh(self) -> None:
        """Refill the switcher, keeping the active profile selected."""
        active = self.ctx.profile
        self._filling = True
        try:
            self.switcher.clear()
            for profile in self.available():
                self.switcher.addItem(profile.display_name, profile.id)
            if self.switcher.count() == 0:
                self.switcher.addItem(EMPTY_SWITCHER_LABEL, None)
            self.switcher.setEnabled(self.switcher.itemData(0) is not None)
            if active is not None:
                index = self.switcher.findData(active.id)
                if index >= 0:
                    self.switcher.setCurrentIndex(index)
        finally:
            self._filling = False

    def _on_switcher_changed(self, index: int) -> None:
        if self._filling or index < 0:
            return
        profile = self._find(self.switcher.itemData(index))
        if profile is not None and (self.ctx.profile is None or self.ctx.profile.id != profile.id):
            self.activate(profile)

    def _find(self, profile_id: str | None) -> Profile | None:
        return next((p for p in self.available() if p.id == profile_id), None)

    # ----- activation ---------------------------------------------------------------------------

    def saved_active(self) -> Profile | None:
        """The saved profile the agent works in (not the training one)."""
        current = self.ctx.profile
        if current is not None and not current.is_sandbox:
            return current
        return self.profiles.active() if self.profiles is not None else None

    def _activate_initial(self) -> None:
        assert self.profiles is not None
        if self.ctx.has_profile:  # training mode was opened first (--sandbox): keep it
            return
        profile = self.profiles.active() or next(iter(self.profiles.list()), None)
        if profile is not None:
            self.activate(profile)

    def activate(self, profile: Profile) -> bool:
        """Make ``profile`` the one every tab works with; False (and ``error``) if it cannot be."""
        from portone_desk.store.secrets import SecretStoreError
        from portone_desk.ui.services import build_service

        try:
            credentials = self._credentials(profile)
        except SecretStoreError as exc:
            self.error.emit(str(exc))
            self.refresh()
            return False
        if credentials is None:
            self.error.emit(
                f"'{profile.display_name}' 프로필의 API 키가 키링에 없습니다. "
                "프로필 관리에서 키와 시크릿을 다시 입력하세요."
            )
            self.refresh()
            return False
        ready = None
        if self.training.is_ours(profile):
            assert self.training.session is not None
            ready = self.training.session.wait_ready  # the first call waits (in its worker) for the server
        service = build_service(profile, credentials, self.audit_for(profile), ready=ready)
        if not profile.is_sandbox and self.profiles is not None:
            self.profiles.active_id = profile.id
        self.activating.emit()
        # The old client is not closed here: a call still running on it must be able to finish.
        self.ctx.set_service(service)
        log.info("active profile: %s (sandbox=%s)", profile.id, profile.is_sandbox)
        return True

    def _credentials(self, profile: Profile) -> Credentials | None:
        if self.training.is_ours(profile):
            return self.training.credentials()
        return self.profiles.credentials(profile.id) if self.profiles is not None else None

    # ----- the profile dialog -------------------------------------------------------------------

    def open_dialog(self, parent: QWidget, confirm: Confirm, new: bool = False) -> ProfileDialog:
        from portone_desk.ui.profile_dialog import ProfileDialog

        profiles = self.ensure_store()
        current = None if new or self.ctx.profile is None or self.ctx.profile.is_sandbox else self.ctx.profile
        dialog = ProfileDialog(profiles, self.ctx.runner, current, parent=parent, channels=self.ctx.channels)
        dialog.confirm = confirm
        dialog.profile_saved.connect(self._on_saved)
        dialog.profile_deleted.connect(self._on_deleted)
        self.dialog = dialog
        dialog.open()  # window-modal but not blocking: the loop (and tests) keep running
        return dialog

    def _on_saved(self, profile: Profile) -> None:
        active = self.ctx.profile
        if active is None or active.id == profile.id:
            # A new first profile, or the active one edited: rebuild its client with the new values.
            self.activate(profile)
        else:
            self.refresh()

    def _on_deleted(self, profile_id: str) -> None:
        active = self.ctx.profile
        if active is not None and active.id == profile_id:
            fallback = next(iter(self.available()), None)
            if fallback is None or not self.activate(fallback):
                self.ctx.set_service(None)
        self.refresh()
