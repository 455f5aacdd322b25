"""The audited service for terminal commands (``api``, ``bulk``): the same ``DeskService`` path as
the window, credentials from a saved profile (keyring) or ``PORTONE_IMP_KEY``/``PORTONE_IMP_SECRET``,
the agent from the profile or ``--agent``, the activity log in the data folder.

Nothing is sent without the log: if the activity database cannot be opened, the command stops here.
"""

from __future__ import annotations

import argparse
import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portone_desk.service import DeskService
    from portone_desk.store.audit_backend import AuditBackend
    from portone_desk.store.profiles import Profile

ENV_KEY, ENV_SECRET, ENV_BASE_URL = "PORTONE_IMP_KEY", "PORTONE_IMP_SECRET", "PORTONE_BASE_URL"
DEFAULT_URL = "https://api.iamport.kr"
ENV_PROFILE_NAME = "환경 변수 인증"


class CliRefused(Exception):
    """Why the command cannot go on (Korean), with its exit status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Connection:
    profile: Profile
    imp_key: str
    imp_secret: str


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url", default=None, help="API 주소 (기본: 프로필 또는 https://api.iamport.kr)"
    )
    parser.add_argument("--profile", default=None, help="저장된 프로필 이름 (키는 OS 키체인에서 읽습니다)")
    parser.add_argument("--agent", default=None, help="활동 기록에 남길 상담원 이름 (기본: 프로필의 상담원)")


def connection(args: argparse.Namespace) -> Connection:
    """The profile (saved, or one made for the environment's keys) and its credentials."""
    from portone_desk.store.profiles import Profile

    base_url = getattr(args, "base_url", None) or os.environ.get(ENV_BASE_URL) or ""
    agent = (getattr(args, "agent", None) or "").strip()
    if getattr(args, "profile", None):
        profile, imp_key, imp_secret = _saved_profile(args.profile)
        from dataclasses import replace

        profile = replace(
            profile, base_url=base_url or profile.base_url, agent_name=agent or profile.agent_name
        )
        return Connection(profile, imp_key, imp_secret)
    imp_key, imp_secret = os.environ.get(ENV_KEY, ""), os.environ.get(ENV_SECRET, "")
    if not imp_key or not imp_secret:
        raise CliRefused(
            f"인증 정보가 없습니다. --profile 이름을 주거나 환경 변수 {ENV_KEY}, {ENV_SECRET}를 "
            "설정해 주세요.",
            2,
        )
    profile = Profile.new(ENV_PROFILE_NAME, base_url=base_url or DEFAULT_URL, agent_name=agent or _os_user())
    return Connection(profile, imp_key, imp_secret)


def _saved_profile(name: str) -> tuple[Profile, str, str]:
    try:
        from portone_desk.store.paths import AppPaths
        from portone_desk.store.profiles import ProfileStore
        from portone_desk.store.secrets import SecretStore

        store = ProfileStore(AppPaths.default(), SecretStore())
        profile = store.get(name) or next(
            (p for p in store.list() if p.display_name.casefold() == name.casefold()), None
        )
        if profile is None:
            raise CliRefused(f"'{name}' 프로필이 없습니다.", 2)
        credentials = store.credentials(profile.id)
    except CliRefused:
        raise
    except Exception as exc:  # keyring problems come in many types; the message is what matters
        raise CliRefused(f"키체인에서 '{name}' 프로필의 인증 정보를 읽지 못했습니다: {exc}", 2) from exc
    if credentials is None:
        raise CliRefused(f"'{name}' 프로필에 저장된 REST API 키와 시크릿이 없습니다.", 2)
    return profile, credentials.imp_key, credentials.imp_secret


def audited_service(conn: Connection) -> DeskService:
    """``DeskService`` with the data folder's activity log; refused when the log cannot be opened."""
    from portone_desk.api.client import PortOneClient
    from portone_desk.service import DeskService
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.paths import AppPaths

    try:
        client = PortOneClient(
            conn.profile.base_url, conn.imp_key, conn.imp_secret, tier=conn.profile.tier_code
        )
    except ValueError as exc:
        raise CliRefused(str(exc), 2) from exc
    path = AppPaths.default().audit_db
    tell_if_set_aside(path)
    try:
        audit: AuditBackend = _team_audit() or AuditLog(path)
    except Exception as exc:  # read-only folder, full disk, damaged file
        raise CliRefused(
            f"활동 기록을 열 수 없어 요청을 보내지 않았습니다 ({exc}). "
            "데이터 폴더의 권한과 디스크 공간을 확인해 주세요.",
            1,
        ) from exc
    return DeskService(conn.profile, client, audit=audit, agent_name=conn.profile.agent_name)


def _team_audit() -> AuditBackend | None:
    """Team mode for the command line: the team log when PORTONE_DESK_TEAM_DSN is set."""
    from portone_desk.store.paths import AppPaths
    from portone_desk.team.connection import open_team_audit, team_dsn

    dsn = team_dsn()
    if not dsn:
        return None
    team = open_team_audit(dsn, AppPaths.default().data_dir)
    team.catch_up()  # the next start: outcomes an earlier run could not write go in first
    return team


def tell_if_set_aside(path: Path) -> None:
    """The start-up check of a database file; a damaged one is moved aside and the agent told."""
    import sys

    from portone_desk.store.dbcheck import set_aside_if_damaged

    try:
        moved = set_aside_if_damaged(path)
    except OSError as exc:
        print(f"경고: {path.name} 파일을 확인하지 못했습니다: {exc}", file=sys.stderr)
        return
    if moved is not None:
        print(f"경고: {moved.text}", file=sys.stderr)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return ""
