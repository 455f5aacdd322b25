"""The one place that talks to the OS keyring.

Credentials live only here; nothing else in the app imports :mod:`keyring`. A backend that would
keep secrets in a plain file (or drop them) is refused rather than used.

:mod:`keyring` is imported when a backend is first looked for (constructing a :class:`SecretStore`),
not with this module: it costs about as much as a bare Qt window, so importing this module (e.g.
for :class:`SecretStoreError`) must stay cheap.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from portone_desk.api import josa

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "PortOneDesk"
# Keyring cannot list entries, so deleting "everything of a profile" is only complete when the
# set of kinds is closed.
# cache_key: hashing key of the queue cache; team_password: the team database login (team mode)
KINDS = ("imp_key", "imp_secret", "cache_key", "team_password")

# The only backends the app keeps secrets in, frozen or run from source. Entry-point discovery
# does not survive freezing, so the frozen app loads these by name; from source, keyring's own
# choice (its config file, PYTHON_KEYRING_BACKEND, discovery) must be one of them too.
FROZEN_BACKENDS: dict[str, tuple[str, ...]] = {
    "win32": ("keyring.backends.Windows.WinVaultKeyring",),
    "darwin": ("keyring.backends.macOS.Keyring",),
    "linux": ("keyring.backends.SecretService.Keyring", "keyring.backends.kwallet.DBusKeyring"),
}

# Backends that store nothing, or store secrets in a file we do not trust to be safe.
_INSECURE_MODULE_PREFIXES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")

NO_KEYRING_MESSAGE = (
    "이 PC에는 비밀번호를 안전하게 저장할 키링이 없습니다. "
    "Windows 자격 증명 관리자, macOS 키체인 또는 리눅스의 GNOME 키링(Secret Service)이 필요합니다. "
    "보안을 위해 API 키와 시크릿을 일반 파일에 저장하지 않으므로 프로필을 저장할 수 없습니다."
)

log = logging.getLogger(__name__)


class SecretStoreError(Exception):
    """The keyring exists but refused or failed an operation (locked, D-Bus error, …)."""


class NoKeyringBackend(SecretStoreError):
    """No safe keyring backend is available on this machine."""

    def __init__(self, detail: str = "", reason: str = "") -> None:
        super().__init__(f"{reason} {NO_KEYRING_MESSAGE}" if reason else NO_KEYRING_MESSAGE)
        self.detail = detail  # English, for the log only
        self.reason = reason  # Korean, shown before the general message


BACKEND_ENV = "PYTHON_KEYRING_BACKEND"


def allowed_backends(platform: str | None = None) -> tuple[str, ...]:
    """The allow-list for this platform: the same backends the frozen build loads."""
    platform = platform or sys.platform
    return FROZEN_BACKENDS.get("linux" if platform.startswith("linux") else platform, ())


def is_allowed(backend: KeyringBackend, platform: str | None = None) -> bool:
    return backend_label(backend) in allowed_backends(platform) and is_secure(backend)


def backend_label(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_secure(backend: KeyringBackend) -> bool:
    """Whether ``backend`` really keeps secrets in an OS keyring."""
    if backend_label(backend).startswith(_INSECURE_MODULE_PREFIXES):
        return False
    try:
        # A backend's priority may raise when it is not usable here (e.g. no D-Bus).
        return float(backend.priority) >= 1
    except Exception:
        return False


def _load_backend(dotted: str) -> KeyringBackend | None:
    module_name, _, class_name = dotted.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
        if not cls.viable:
            return None
        return cls()
    except Exception as exc:  # import errors, missing native libraries, no D-Bus
        log.info("keyring backend %s unavailable: %s", dotted, type(exc).__name__)
        return None


def _frozen_choice(platform: str) -> KeyringBackend:
    key = "linux" if platform.startswith("linux") else platform
    candidates = FROZEN_BACKENDS.get(key, ())
    for dotted in candidates:
        backend = _load_backend(dotted)
        if backend is not None and is_secure(backend):
            return backend
    raise NoKeyringBackend(f"frozen app on {platform}: none of {candidates} is usable")


def _unchain(backend: KeyringBackend) -> Sequence[KeyringBackend]:
    """The backends a chainer would try, best first; a plain backend is its own list."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        return list(backend.backends)
    return [backend]


def _default_choice(platform: str) -> KeyringBackend:
    import os

    import keyring

    chosen = keyring.get_keyring()
    # Use the best allowed member of a chain directly: the chainer would write to its first
    # member, which could be a plaintext file backend.
    for candidate in _unchain(chosen):
        if is_allowed(candidate, platform):
            return candidate
    label = backend_label(chosen)
    allowed = ", ".join(allowed_backends(platform)) or "없음"
    named = os.environ.get(BACKEND_ENV, "").strip()
    if named:
        quoted = josa.obj(f"'{named}'")
        reason = (
            f"환경 변수 {BACKEND_ENV}가 허용되지 않은 키링 {quoted} 지정해서 쓰지 않습니다 (허용: {allowed})."
        )
    else:
        quoted = josa.obj(f"'{label}'")
        reason = f"키링 설정이 허용되지 않은 키링 {quoted} 골라서 쓰지 않습니다 (허용: {allowed})."
    raise NoKeyringBackend(f"keyring chose {label}, not on the allow-list ({allowed})", reason)


def resolve_backend(
    backend: KeyringBackend | None = None,
    *,
    frozen: bool | None = None,
    platform: str | None = None,
) -> KeyringBackend:
    """Pick the keyring backend, or raise :class:`NoKeyringBackend`.

    Frozen or from source, only the platform's allow-list (``allowed_backends``) is used. A
    backend handed in by code (tests, the self-test's in-memory keyring) need only be secure:
    no environment or configuration file can reach that argument.
    """
    if backend is not None:
        if not is_secure(backend):
            raise NoKeyringBackend(f"injected backend {backend_label(backend)} is not a safe store")
        return backend
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if frozen:
        return _frozen_choice(platform or sys.platform)
    return _default_choice(platform or sys.platform)


class SecretStore:
    """Profile credentials in the OS keyring, under service ``PortOneDesk``.

    Entries are named ``<profile_id>:<kind>``. Construction never fails: when no safe backend
    exists, :meth:`available` is False and every read or write raises :class:`NoKeyringBackend`.
    """

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        frozen: bool | None = None,
        platform: str | None = None,
    ) -> None:
        self._backend: KeyringBackend | None
        self._problem: NoKeyringBackend | None = None
        try:
            self._backend = resolve_backend(backend, frozen=frozen, platform=platform)
        except NoKeyringBackend as exc:
            log.warning("no safe keyring backend: %s", exc.detail)
            self._backend = None
            self._problem = exc

    def __repr__(self) -> str:
        return f"SecretStore(backend={self.backend_name!r})"

    def available(self) -> bool:
        return self._backend is not None

    @property
    def backend_name(self) -> str:
        return backend_label(self._backend) if self._backend is not None else "없음"

    def set(self, profile_id: str, kind: str, value: str) -> None:
        if not value:
            raise ValueError("empty secret")
        backend = self._require()
        with _translated():
            backend.set_password(SERVICE, _username(profile_id, kind), value)

    def get(self, profile_id: str, kind: str) -> str | None:
        backend = self._require()
        with _translated():
            return backend.get_password(SERVICE, _username(profile_id, kind))

    def delete(self, profile_id: str, kind: str) -> None:
        """Remove one entry; an entry that is not there is not an error."""
        backend = self._require()
        try:
            with _translated():
                backend.delete_password(SERVICE, _username(profile_id, kind))
        except _NotFound:
            pass

    def delete_all(self, profile_id: str) -> None:
        for kind in KINDS:
            self.delete(profile_id, kind)

    def _require(self) -> KeyringBackend:
        if self._backend is None:
            raise self._problem or NoKeyringBackend()
        return self._backend


class _NotFound(Exception):
    pass


def _username(profile_id: str, kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown secret kind {kind!r}")
    if not profile_id or ":" in profile_id:
        raise ValueError(f"bad profile id {profile_id!r}")
    return f"{profile_id}:{kind}"


@contextmanager
def _translated() -> Iterator[None]:
    """Turn the backend's errors into ours, with a Korean message the UI can show as is."""
    from keyring import errors as keyring_errors  # loaded already: a backend exists

    try:
        yield
    except keyring_errors.PasswordDeleteError as exc:
        raise _NotFound() from exc
    except keyring_errors.KeyringLocked as exc:
        raise SecretStoreError(
            "키링이 잠겨 있습니다. 키링(로그인 암호)을 잠금 해제한 뒤 다시 시도하세요."
        ) from exc
    except (ValueError, SecretStoreError):
        raise
    except Exception as exc:  # D-Bus, COM and Keychain errors vary by platform
        # Only the type name: the backend's message is not ours to vet for secrets.
        raise SecretStoreError(f"키링에 접근하지 못했습니다 ({type(exc).__name__}).") from exc
