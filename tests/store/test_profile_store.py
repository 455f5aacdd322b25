from __future__ import annotations

import json
from dataclasses import replace

import pytest
from keyring.backends import fail

from portone_desk.store.memory_keyring import MemoryKeyring
from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import Profile, ProfileError, ProfileStore
from portone_desk.store.secrets import SERVICE, NoKeyringBackend, SecretStore

KEY = "1234567890123456"
SECRET = "Zx9SECRETvalue0123456789abcdefABCDEFsecret"


def test_round_trip(store: ProfileStore, paths: AppPaths, secret_store: SecretStore) -> None:
    profile = Profile.new(
        " 본점 ",
        tier_code="A01",
        channel_key="channel-key-1",
        naver_channel_key="channel-key-naver",
        agent_name="김상담",
    )
    saved = store.save(profile, imp_key=KEY, imp_secret=SECRET)
    assert saved.display_name == "본점"
    assert store.active_id == saved.id

    reopened = ProfileStore(paths, secret_store)
    assert reopened.list() == [saved]
    assert reopened.get(saved.id) == saved
    assert reopened.active_id == saved.id
    creds = reopened.credentials(saved.id)
    assert creds == (KEY, SECRET)
    imp_key, imp_secret = creds  # unpacks like a tuple
    assert (imp_key, imp_secret) == (creds.imp_key, creds.imp_secret)
    assert SECRET not in repr(creds) and SECRET not in str(creds)
    assert reopened.has_secret(saved.id)


def test_secrets_never_in_profiles_file(store: ProfileStore, paths: AppPaths) -> None:
    store.save(Profile.new("본점"), imp_key=KEY, imp_secret=SECRET)
    raw = paths.profiles_file.read_bytes()
    assert SECRET.encode() not in raw
    assert KEY.encode() not in raw
    for folder in paths.all_dirs():
        if folder.exists():
            for file in folder.rglob("*"):
                if file.is_file():
                    assert SECRET.encode() not in file.read_bytes(), file
    data = json.loads(raw)
    assert "imp_secret" not in data["profiles"][0]


def test_update_keeps_credentials_when_none(store: ProfileStore) -> None:
    saved = store.save(Profile.new("본점"), imp_key=KEY, imp_secret=SECRET)
    store.save(replace(saved, agent_name="이상담"))
    assert store.credentials(saved.id) == (KEY, SECRET)
    assert store.get(saved.id).agent_name == "이상담"  # type: ignore[union-attr]
    store.save(saved, imp_secret="new-secret")
    assert store.credentials(saved.id) == (KEY, "new-secret")


def test_delete_removes_keyring_entries(store: ProfileStore, keyring_backend: MemoryKeyring) -> None:
    a = store.save(Profile.new("A"), imp_key=KEY, imp_secret=SECRET)
    b = store.save(Profile.new("B"), imp_key="k2", imp_secret="s2")
    assert len(keyring_backend.entries) == 4
    store.delete(a.id)
    assert set(keyring_backend.entries) == {(SERVICE, f"{b.id}:imp_key"), (SERVICE, f"{b.id}:imp_secret")}
    assert store.get(a.id) is None
    assert store.credentials(a.id) is None
    assert store.active_id == b.id  # the active profile moved to one that still exists
    store.delete(b.id)
    assert keyring_backend.entries == {}
    assert store.active_id is None


@pytest.mark.expect_log(r"no safe keyring backend", logger="portone_desk.store.secrets")
def test_refuses_without_keyring(paths: AppPaths) -> None:
    store = ProfileStore(paths, SecretStore(backend=fail.Keyring()))
    assert not store.secrets_available
    with pytest.raises(NoKeyringBackend) as info:
        store.save(Profile.new("본점"), imp_key=KEY, imp_secret=SECRET)
    assert "안전하게 저장할 키링이 없습니다" in str(info.value)
    assert store.list() == []
    # Nothing at all written: no profiles file, and no file anywhere with the secret.
    assert not paths.profiles_file.exists()
    for folder in paths.all_dirs():
        if folder.exists():
            for file in folder.rglob("*"):
                assert not file.is_file() or SECRET.encode() not in file.read_bytes()


def test_active_id_persisted(store: ProfileStore, paths: AppPaths, secret_store: SecretStore) -> None:
    a = store.save(Profile.new("A"), imp_key=KEY, imp_secret=SECRET)
    b = store.save(Profile.new("B"), imp_key=KEY, imp_secret=SECRET)
    store.active_id = b.id
    assert ProfileStore(paths, secret_store).active_id == b.id
    assert store.active() == b
    with pytest.raises(KeyError):
        store.active_id = "missing"
    store.active_id = a.id
    assert ProfileStore(paths, secret_store).active_id == a.id


@pytest.mark.parametrize(
    ("settings", "imp_key", "imp_secret", "field"),
    [
        ({"display_name": "  "}, KEY, SECRET, "display_name"),
        ({"tier_code": "AB"}, KEY, SECRET, "tier_code"),
        ({"tier_code": "A-1"}, KEY, SECRET, "tier_code"),
        ({"tier_code": "ABCD"}, KEY, SECRET, "tier_code"),
        ({"base_url": "http://api.iamport.kr"}, KEY, SECRET, "base_url"),
        ({"base_url": "ftp://api.iamport.kr"}, KEY, SECRET, "base_url"),
        ({"base_url": "api.iamport.kr"}, KEY, SECRET, "base_url"),
        ({"base_url": "https://user:pw@api.iamport.kr"}, KEY, SECRET, "base_url"),
        ({}, None, SECRET, "imp_key"),
        ({}, KEY, None, "imp_secret"),
        ({}, KEY, "  ", "imp_secret"),
        ({}, "12 34", SECRET, "imp_key"),
    ],
)
def test_profile_errors(
    store: ProfileStore, settings: dict, imp_key: str | None, imp_secret: str | None, field: str
) -> None:
    name = settings.pop("display_name", "본점")
    with pytest.raises(ProfileError) as info:
        store.save(Profile.new(name, **settings), imp_key=imp_key, imp_secret=imp_secret)
    assert info.value.field == field
    assert info.value.message  # Korean text for the field
    assert store.list() == []


def test_duplicate_name_refused(store: ProfileStore) -> None:
    store.save(Profile.new("본점"), imp_key=KEY, imp_secret=SECRET)
    with pytest.raises(ProfileError) as info:
        store.save(Profile.new("본점 "), imp_key=KEY, imp_secret=SECRET)
    assert info.value.field == "display_name"
    assert "이미 있습니다" in info.value.message


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8123", "http://localhost:9000/", "http://[::1]:8000", "https://x.example"]
)
def test_loopback_http_allowed(store: ProfileStore, url: str) -> None:
    saved = store.save(Profile.new(url, base_url=url, is_sandbox=True), imp_key=KEY, imp_secret=SECRET)
    assert not saved.base_url.endswith("/")


def test_blank_optional_fields_become_none(store: ProfileStore) -> None:
    saved = store.save(Profile.new("본점", tier_code=" ", channel_key=""), imp_key=KEY, imp_secret=SECRET)
    assert saved.tier_code is None and saved.channel_key is None


@pytest.mark.expect_log(r"profiles file unreadable", logger="portone_desk.store.profiles")
def test_broken_file_moved_aside(paths: AppPaths, secret_store: SecretStore) -> None:
    paths.profiles_file.write_text("{not json", encoding="utf-8")
    store = ProfileStore(paths, secret_store)
    assert store.list() == []
    assert paths.profiles_file.with_name("profiles.json.broken").exists()


def test_failed_write_leaves_no_credentials(
    store: ProfileStore, keyring_backend: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portone_desk.store import profiles

    def boom(path: object, data: bytes) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(profiles, "write_atomic", boom)
    with pytest.raises(OSError):
        store.save(Profile.new("본점"), imp_key=KEY, imp_secret=SECRET)
    assert keyring_backend.entries == {}
    assert store.list() == []
