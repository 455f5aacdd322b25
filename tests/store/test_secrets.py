from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backends import fail, null

from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.secrets import (
    FROZEN_BACKENDS,
    SERVICE,
    NoKeyringBackend,
    SecretStore,
    SecretStoreError,
    allowed_backends,
)


def test_round_trip_and_delete(keyring_backend: MemoryKeyring) -> None:
    store = SecretStore(backend=keyring_backend)
    assert store.available()
    store.set("p1", "imp_secret", "s3cr3t-value")
    assert store.get("p1", "imp_secret") == "s3cr3t-value"
    assert keyring_backend.entries == {(SERVICE, "p1:imp_secret"): "s3cr3t-value"}
    store.delete("p1", "imp_secret")
    store.delete("p1", "imp_secret")  # already gone: not an error
    assert store.get("p1", "imp_secret") is None


def test_delete_all_removes_every_kind(keyring_backend: MemoryKeyring) -> None:
    store = SecretStore(backend=keyring_backend)
    store.set("p1", "imp_key", "k")
    store.set("p1", "imp_secret", "s")
    store.set("p2", "imp_key", "other")
    store.delete_all("p1")
    assert list(keyring_backend.entries) == [(SERVICE, "p2:imp_key")]


def test_unknown_kind_and_bad_id_rejected(keyring_backend: MemoryKeyring) -> None:
    store = SecretStore(backend=keyring_backend)
    with pytest.raises(ValueError):
        store.set("p1", "password", "x")
    with pytest.raises(ValueError):
        store.set("a:b", "imp_key", "x")


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_unsafe_backends_refused(backend: object) -> None:
    store = SecretStore(backend=backend)  # type: ignore[arg-type]
    assert not store.available()
    assert store.backend_name == "없음"
    with pytest.raises(NoKeyringBackend) as info:
        store.set("p1", "imp_secret", "x")
    assert "키링이 없습니다" in str(info.value)
    with pytest.raises(NoKeyringBackend):
        store.get("p1", "imp_secret")


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_plaintext_backend_refused_by_module() -> None:
    # keyrings.alt may not be installed; a class from its module name is enough for the check.
    class PlaintextKeyring(MemoryKeyring):
        priority = 5  # type: ignore[assignment]

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    assert not SecretStore(backend=PlaintextKeyring()).available()


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_low_priority_backend_refused() -> None:
    class Weak(MemoryKeyring):
        priority = 0.5  # type: ignore[assignment]

    assert not SecretStore(backend=Weak()).available()


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_frozen_choice_falls_back_to_no_keyring_on_unknown_platform() -> None:
    store = SecretStore(frozen=True, platform="plan9")
    assert not store.available()


def test_frozen_choice_uses_explicit_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    from portone_desk.store import secrets as module

    class Viable(MemoryKeyring):
        viable = True  # type: ignore[assignment]

    monkeypatch.setitem(module.__dict__, "Viable", Viable)
    monkeypatch.setitem(module.FROZEN_BACKENDS, "win32", ("no.such.Module", f"{module.__name__}.Viable"))
    store = SecretStore(frozen=True, platform="win32")
    assert store.available()
    assert store.backend_name.endswith("Viable")


def test_secret_not_in_repr(keyring_backend: MemoryKeyring) -> None:
    store = SecretStore(backend=keyring_backend)
    store.set("p1", "imp_secret", "very-secret-value")
    assert "very-secret-value" not in repr(store)
    assert "very-secret-value" not in str(store)


def test_backend_errors_become_korean(keyring_backend: MemoryKeyring) -> None:
    from keyring.errors import KeyringLocked

    class Locked(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise KeyringLocked("locked")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError(f"D-Bus said no to {password}")

    store = SecretStore(backend=Locked())
    with pytest.raises(SecretStoreError, match="잠겨"):
        store.get("p1", "imp_key")
    with pytest.raises(SecretStoreError) as info:
        store.set("p1", "imp_key", "leaky")
    assert "leaky" not in str(info.value)


def test_default_choice_skips_plaintext_member_of_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends.chainer import ChainerBackend

    class Plaintext(MemoryKeyring):
        priority = 9  # type: ignore[assignment]

    Plaintext.__module__ = "keyrings.alt.file"

    class Allowed(MemoryKeyring):
        pass

    # Labelled as the platform's allowed backend: only the allow-list is used from source too.
    module, _, name = allowed_backends()[0].rpartition(".")
    Allowed.__module__, Allowed.__qualname__ = module, name
    safe = Allowed()

    class Chain(ChainerBackend):
        backends = (Plaintext(), safe)  # type: ignore[assignment]

    monkeypatch.setattr(keyring, "get_keyring", lambda: Chain())
    store = SecretStore(frozen=False)
    assert store.available()
    store.set("p1", "imp_key", "k")
    assert safe.entries == {(SERVICE, "p1:imp_key"): "k"}


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_default_choice_refuses_fail_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    assert not SecretStore(frozen=False).available()


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_default_choice_refuses_a_secure_looking_backend_off_the_allow_list(monkeypatch) -> None:
    import keyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: MemoryKeyring())
    store = SecretStore(frozen=False)
    assert not store.available()
    with pytest.raises(NoKeyringBackend) as caught:
        store.set("p1", "imp_key", "k")
    assert "MemoryKeyring" in str(caught.value) and "허용" in str(caught.value)


def test_allow_list_is_the_frozen_builds() -> None:
    assert allowed_backends("win32") == FROZEN_BACKENDS["win32"]
    assert allowed_backends("linux") == FROZEN_BACKENDS["linux"]
    assert allowed_backends("sunos5") == ()


def test_plaintext_backend_chosen_by_environment_is_refused_from_source(tmp_path) -> None:
    """Run from source with PYTHON_KEYRING_BACKEND naming a plaintext backend: refused, nothing written."""
    plain = tmp_path / "plain-keyring.json"
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "plaintext_backend.PlainFileKeyring",
        "PLAINTEXT_KEYRING_FILE": str(plain),
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]),
    }
    script = (
        "import keyring, sys\n"
        "from portone_desk.store.secrets import SecretStore, NoKeyringBackend\n"
        "assert type(keyring.get_keyring()).__name__ == 'PlainFileKeyring'\n"
        "store = SecretStore(frozen=False)\n"
        "try:\n"
        "    store.set('p1', 'imp_secret', 'plain-secret-123')\n"
        "except NoKeyringBackend as exc:\n"
        "    print(exc)\n"
        "    sys.exit(7)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 7, done.stderr
    assert "PYTHON_KEYRING_BACKEND" in done.stdout and "plaintext_backend.PlainFileKeyring" in done.stdout
    assert not plain.exists()
