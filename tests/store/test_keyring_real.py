"""Round trip through the real Secret Service (CI runs it under an unlocked gnome-keyring)."""

from __future__ import annotations

import os
import uuid

import pytest

from portone_desk.store.secrets import SecretStore

pytestmark = pytest.mark.keyring_real


def _unavailable(reason: str) -> None:
    """Skip where no keyring is set up; CI sets PORTONE_DESK_REQUIRE_KEYRING so a skip cannot hide."""
    if os.environ.get("PORTONE_DESK_REQUIRE_KEYRING"):
        pytest.fail(f"a real Secret Service is required here: {reason}")
    pytest.skip(reason)


@pytest.fixture
def secret_service() -> object:
    try:
        from keyring.backends import SecretService
    except Exception as exc:
        _unavailable(f"keyring's SecretService backend cannot be imported: {exc}")
    backend = SecretService.Keyring()
    try:
        backend.priority  # noqa: B018  # raises when no Secret Service answers on D-Bus
    except Exception as exc:
        _unavailable(f"no Secret Service reachable on D-Bus ({exc}); run under dbus-run-session")
    try:
        # Locked (or prompting) collections would hang or fail; only run against an unlocked one.
        collection = backend.get_preferred_collection()
        locked = collection.is_locked()
        collection.connection.close()
    except Exception as exc:
        _unavailable(f"Secret Service default collection unusable ({type(exc).__name__}: {exc})")
    if locked:
        _unavailable("Secret Service default collection is locked")
    return backend


def test_real_secret_service_round_trip(secret_service: object) -> None:
    store = SecretStore(backend=secret_service)  # type: ignore[arg-type]
    assert store.available(), store.backend_name
    assert store.backend_name == "keyring.backends.SecretService.Keyring"
    profile_id = f"test-{uuid.uuid4().hex}"
    value = f"secret-{uuid.uuid4().hex}"
    try:
        store.set(profile_id, "imp_secret", value)
        store.set(profile_id, "imp_key", "key-" + value)
        assert store.get(profile_id, "imp_secret") == value
        store.delete_all(profile_id)
        assert store.get(profile_id, "imp_secret") is None
        assert store.get(profile_id, "imp_key") is None
        store.delete(profile_id, "imp_secret")  # already gone: not an error
    finally:
        store.delete_all(profile_id)
