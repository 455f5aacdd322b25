"""Merchant profiles: settings in ``profiles.json``, credentials only in the OS keyring."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import uuid
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

from portone_desk.store.atomic import write_atomic
from portone_desk.store.paths import AppPaths
from portone_desk.store.profile_checks import (
    ProfileError,
    check_base_url,
    check_display_name,
    check_profile_id,
    check_secret,
    check_tier_code,
    team_uri_problem,
)
from portone_desk.store.secrets import NoKeyringBackend, SecretStore

__all__ = ["DEFAULT_BASE_URL", "Credentials", "Profile", "ProfileError", "ProfileStore"]

DEFAULT_BASE_URL = "https://api.iamport.kr"
_FILE_VERSION = 1

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Profile:
    """One merchant account's non-secret settings (edit with :func:`dataclasses.replace`)."""

    id: str
    display_name: str
    tier_code: str | None = None  # sub-merchant under an agency account
    channel_key: str | None = None  # default for external receipts
    naver_channel_key: str | None = None  # Naver Pay reviews
    base_url: str = DEFAULT_BASE_URL
    agent_name: str = ""  # who works under this profile, for the activity log
    is_sandbox: bool = False
    # 현금영수증 의무발행업종: paid cash-type payments of ₩100,000+ need a receipt within 5 days
    # (the 할 일 tab's receipt queue puts them first, with their deadline).
    cash_receipt_mandatory: bool = False
    team_db: str = ""  # team mode: libpq URI without password (portone_desk.team.connection)

    @classmethod
    def new(cls, display_name: str, **settings: Any) -> Profile:
        return cls(id=uuid.uuid4().hex, display_name=display_name, **settings)

    def normalized(self) -> Profile:
        """Trimmed values, blanks as None, no trailing slash on the URL."""
        return replace(
            self,
            display_name=self.display_name.strip(),
            tier_code=_blank_to_none(self.tier_code),
            channel_key=_blank_to_none(self.channel_key),
            naver_channel_key=_blank_to_none(self.naver_channel_key),
            base_url=(self.base_url or DEFAULT_BASE_URL).strip().rstrip("/"),
            agent_name=self.agent_name.strip(),
            team_db=self.team_db.strip(),
        )


class Credentials(NamedTuple):
    imp_key: str
    imp_secret: str

    def __repr__(self) -> str:
        return "Credentials(imp_key=***, imp_secret=***)"

    def __str__(self) -> str:
        return self.__repr__()


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class ProfileStore:
    """Profiles and the active choice, persisted in ``config_dir/profiles.json``.

    Thread-safe; the file is rewritten atomically on every change.
    """

    def __init__(self, paths: AppPaths, secrets: SecretStore) -> None:
        self._file = paths.profiles_file
        self._secrets = secrets
        self._lock = threading.RLock()
        self._profiles: dict[str, Profile] = {}
        self._active_id: str | None = None
        self._load()

    @property
    def secrets(self) -> SecretStore:
        """The keyring wrapper the profiles use (the queue cache keeps its hashing key there too)."""
        return self._secrets

    @property
    def secrets_available(self) -> bool:
        return self._secrets.available()

    def list(self) -> list[Profile]:
        with self._lock:
            return sorted(self._profiles.values(), key=lambda p: p.display_name.casefold())

    def get(self, profile_id: str) -> Profile | None:
        with self._lock:
            return self._profiles.get(profile_id)

    def save(
        self,
        profile: Profile,
        imp_key: str | None = None,
        imp_secret: str | None = None,
        team_password: str | None = None,
    ) -> Profile:
        """Validate and store ``profile``; ``None`` credentials keep the saved ones.

        A new profile needs both credentials. Raises :class:`ProfileError` for a setting to fix and
        :class:`NoKeyringBackend` when the credentials cannot be kept safely — nothing is then
        written anywhere. Returns the profile as stored (normalised).
        """
        profile = profile.normalized()
        imp_key = imp_key.strip() if imp_key is not None else None
        imp_secret = imp_secret.strip() if imp_secret is not None else None
        with self._lock:
            is_new = profile.id not in self._profiles
            self._validate(profile, imp_key, imp_secret, is_new=is_new)
            if not self._secrets.available():
                raise NoKeyringBackend()
            written: list[str] = []
            try:
                # Team mode's database password joins the keyring only when typed (None/blank keeps it).
                team = team_password or None
                for kind, value in (
                    ("imp_key", imp_key),
                    ("imp_secret", imp_secret),
                    ("team_password", team),
                ):
                    if value is not None:
                        self._secrets.set(profile.id, kind, value)
                        written.append(kind)
                previous = self._profiles.get(profile.id)
                self._profiles[profile.id] = profile
                if self._active_id is None:
                    self._active_id = profile.id
                try:
                    self._write()
                except BaseException:
                    if previous is None:
                        del self._profiles[profile.id]
                    else:
                        self._profiles[profile.id] = previous
                    raise
            except BaseException:
                # A new profile that could not be saved must not leave credentials behind.
                if is_new:
                    for kind in written:
                        with contextlib.suppress(Exception):
                            self._secrets.delete(profile.id, kind)
                raise
            return profile

    def credentials(self, profile_id: str) -> Credentials | None:
        """Both credentials, or None when either is missing. Raises when there is no keyring."""
        imp_key = self._secrets.get(profile_id, "imp_key")
        imp_secret = self._secrets.get(profile_id, "imp_secret")
        if not imp_key or not imp_secret:
            return None
        return Credentials(imp_key, imp_secret)

    def team_password(self, profile_id: str) -> str | None:
        """The profile's team database password from the keyring (team mode), or None."""
        return self._secrets.get(profile_id, "team_password")

    def has_team_password(self, profile_id: str) -> bool:
        """Whether the team database password is in the keyring (False when it is unreachable)."""
        try:
            return bool(self.team_password(profile_id))
        except Exception:
            log.info("keyring unreachable while checking the team password", exc_info=True)
            return False

    def has_secret(self, profile_id: str) -> bool:
        """Whether both credentials are in the keyring (False when the keyring is unreachable)."""
        try:
            return self.credentials(profile_id) is not None
        except Exception:
            log.info("keyring unreachable while checking profile credentials", exc_info=True)
            return False

    def delete(self, profile_id: str) -> None:
        """Remove the profile and its keyring entries (keyring first, so nothing is orphaned)."""
        with self._lock:
            if profile_id not in self._profiles:
                return
            self._secrets.delete_all(profile_id)
            del self._profiles[profile_id]
            if self._active_id == profile_id:
                remaining = self.list()
                self._active_id = remaining[0].id if remaining else None
            self._write()

    @property
    def active_id(self) -> str | None:
        with self._lock:
            return self._active_id

    @active_id.setter
    def active_id(self, profile_id: str | None) -> None:
        with self._lock:
            if profile_id is not None and profile_id not in self._profiles:
                raise KeyError(profile_id)
            self._active_id = profile_id
            self._write()

    def active(self) -> Profile | None:
        with self._lock:
            return self._profiles.get(self._active_id) if self._active_id else None

    def _validate(
        self, profile: Profile, imp_key: str | None, imp_secret: str | None, *, is_new: bool
    ) -> None:
        check_profile_id(profile.id)
        others = [p.display_name for p in self._profiles.values() if p.id != profile.id]
        check_display_name(profile.display_name, others)
        check_tier_code(profile.tier_code)
        check_base_url(profile.base_url)
        if profile.team_db:
            problem = team_uri_problem(profile.team_db)
            if problem:
                raise ProfileError("team_db", problem)
        check_secret("imp_key", imp_key, required=is_new)
        check_secret("imp_secret", imp_secret, required=is_new)

    def _load(self) -> None:
        try:
            raw = self._file.read_bytes()
        except FileNotFoundError:
            return
        try:
            data = json.loads(raw.decode("utf-8"))
            profiles = [_from_json(item) for item in data.get("profiles", [])]
        except (ValueError, TypeError, AttributeError, KeyError):
            # Only non-secret settings live here; keep the damaged file for support and start over.
            broken = self._file.with_name(self._file.name + ".broken")
            log.warning("profiles file unreadable, moved to %s", broken)
            self._file.replace(broken)
            return
        self._profiles = {p.id: p for p in profiles}
        active = data.get("active_id")
        self._active_id = active if active in self._profiles else None

    def _write(self) -> None:
        data = {
            "version": _FILE_VERSION,
            "active_id": self._active_id,
            "profiles": [asdict(p) for p in self._profiles.values()],
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        write_atomic(Path(self._file), text.encode("utf-8"))


_FIELD_NAMES = {f.name for f in fields(Profile)}


def _from_json(item: dict[str, Any]) -> Profile:
    # Unknown keys (from a newer version) are ignored rather than fatal.
    known = {k: v for k, v in item.items() if k in _FIELD_NAMES}
    if not isinstance(known.get("id"), str) or not isinstance(known.get("display_name"), str):
        raise ValueError("profile without id or name")
    return Profile(**known)
