"""Builds the audited service for a profile: client + audit log, from the profile's credentials.

Only the main window calls this; tabs get the result through ``DeskContext``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portone_desk.api.client import PortOneClient
    from portone_desk.service import DeskService
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Credentials, Profile


def activity_db_path(paths: AppPaths) -> Path:
    return paths.audit_db


def open_audit(paths: AppPaths) -> AuditLog:
    from portone_desk.store.audit import AuditLog

    return AuditLog(activity_db_path(paths))


def build_client(profile: Profile, credentials: Credentials) -> PortOneClient:
    # Lazy: requests/truststore are only needed once a profile is active.
    from portone_desk.api.client import PortOneClient

    return PortOneClient(
        profile.base_url, credentials.imp_key, credentials.imp_secret, tier=profile.tier_code
    )


def build_service(profile: Profile, credentials: Credentials, audit: AuditLog | None) -> DeskService:
    from portone_desk.service import DeskService

    client = build_client(profile, credentials)
    return DeskService(profile, client, audit=audit, agent_name=profile.agent_name)
