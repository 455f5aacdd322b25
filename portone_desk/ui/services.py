"""Builds the audited service for a profile: client + audit log, from the profile's credentials.

Only the main window calls this; tabs get the result through ``DeskContext``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portone_desk.api.client import PortOneClient
    from portone_desk.service import DeskService
    from portone_desk.store.audit import AuditLog
    from portone_desk.store.audit_backend import AuditBackend
    from portone_desk.store.paths import AppPaths
    from portone_desk.store.profiles import Credentials, Profile


def activity_db_path(paths: AppPaths) -> Path:
    return paths.audit_db


def open_audit(paths: AppPaths) -> AuditLog:
    from portone_desk.store.audit import AuditLog

    return AuditLog(activity_db_path(paths))


def build_client(
    profile: Profile, credentials: Credentials, ready: Callable[[], object] | None = None
) -> PortOneClient:
    """The profile's client; cheap (its HTTP session, and requests, come with the first call).

    ``ready`` is called in the worker thread before the first request (training mode: wait for
    the sandbox server, which starts in the background)."""
    from portone_desk.api.client import PortOneClient

    return PortOneClient(
        profile.base_url, credentials.imp_key, credentials.imp_secret, tier=profile.tier_code, ready=ready
    )


def build_service(
    profile: Profile,
    credentials: Credentials,
    audit: AuditBackend | None,
    ready: Callable[[], object] | None = None,
) -> DeskService:
    from portone_desk.service import DeskService

    client = build_client(profile, credentials, ready)
    return DeskService(profile, client, audit=audit, agent_name=profile.agent_name)
