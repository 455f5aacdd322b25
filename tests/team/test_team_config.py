"""Where the team database is: a profile's URI (no password) + the keyring, or PORTONE_DESK_TEAM_DSN."""

from __future__ import annotations

import pytest

from portone_desk.store.paths import AppPaths
from portone_desk.store.profiles import Profile, ProfileError, ProfileStore
from portone_desk.team.connection import ENV_DSN, check_team_uri, team_dsn

URI = "postgresql://kim@db.shop.local:5432/desk?sslmode=verify-full&sslrootcert=/etc/desk/ca.pem"


def test_profile_keeps_the_uri_and_the_keyring_the_password(
    profile_store: ProfileStore, desk_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_DSN, raising=False)
    saved = profile_store.save(
        Profile.new("팀 상점", team_db=URI), "key-1", "secret-1", team_password="db-pw-777"
    )
    assert b"db-pw-777" not in desk_home.profiles_file.read_bytes()
    assert profile_store.team_password(saved.id) == "db-pw-777"
    dsn = team_dsn(saved, profile_store.team_password(saved.id))
    assert dsn is not None
    assert "password=db-pw-777" in dsn and "sslmode=verify-full" in dsn and "host=db.shop.local" in dsn
    # A blank password field keeps the saved one.
    profile_store.save(saved, team_password="")
    assert profile_store.team_password(saved.id) == "db-pw-777"

    monkeypatch.setenv(ENV_DSN, "postgresql://lee:pw@127.0.0.1/desk")
    assert team_dsn(saved, "db-pw-777") == "postgresql://lee:pw@127.0.0.1/desk"  # the environment wins
    monkeypatch.delenv(ENV_DSN)
    assert team_dsn(Profile.new("혼자 쓰는 PC"), None) is None  # no team: the local log


def test_an_unreachable_keyring_reads_as_no_saved_team_password(
    profile_store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portone_desk.store.secrets import SecretStoreError

    saved = profile_store.save(Profile.new("팀 상점", team_db=URI), "key-1", "secret-1", team_password="pw-1")
    assert profile_store.has_team_password(saved.id)

    def unreachable(*_: object) -> str:
        raise SecretStoreError("키링에 연결할 수 없습니다")

    monkeypatch.setattr(profile_store._secrets, "get", unreachable)
    # The profile dialog asks this when a profile is picked: a locked keyring must not crash it.
    assert profile_store.has_team_password(saved.id) is False
    assert profile_store.has_secret(saved.id) is False


@pytest.mark.parametrize(
    ("uri", "problem"),
    [
        ("postgresql://kim:secret@db/desk", "비밀번호는 주소에 쓰지 말고"),
        ("mysql://kim@db/desk", "postgresql://"),
        ("postgresql://db/desk", "로그인과 호스트"),
        ("postgresql://kim@db/desk?sslmode=maybe", "sslmode"),
    ],
)
def test_bad_team_uris_are_refused_at_the_field(profile_store: ProfileStore, uri: str, problem: str) -> None:
    assert problem in (check_team_uri(uri) or "")
    with pytest.raises(ProfileError) as refused:
        profile_store.save(Profile.new("팀 상점", team_db=uri), "key-1", "secret-1")
    assert refused.value.field == "team_db"
