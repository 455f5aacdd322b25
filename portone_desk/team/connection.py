"""Where the team database is: ``PORTONE_DESK_TEAM_DSN`` (a libpq URI, for the CLI and tests), else
the profile's ``team_db`` URI with the password from the OS keyring (kind ``team_password``).

The profile keeps the URI *without* a password; ``sslmode`` may be anything libpq knows up to
``verify-full`` (with ``sslrootcert`` for a private CA).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from portone_desk.store.profile_checks import SSL_MODES, team_uri_problem

check_team_uri = team_uri_problem  # why a URI cannot be a profile's team database, or None

if TYPE_CHECKING:
    from portone_desk.store.profiles import Profile
    from portone_desk.team.audit import TeamAudit

ENV_DSN = "PORTONE_DESK_TEAM_DSN"
PASSWORD_KIND = "team_password"
__all__ = [
    "ENV_DSN",
    "PASSWORD_KIND",
    "SSL_MODES",
    "check_team_uri",
    "journal_path",
    "open_team_audit",
    "team_dsn",
]


def team_dsn(profile: Profile | None = None, password: str | None = None) -> str | None:
    """The DSN to connect with, or None for a one-PC desk (local SQLite log); ``password`` is the
    profile's from the keyring (``ProfileStore.team_password``)."""
    env = os.environ.get(ENV_DSN, "").strip()
    if env:
        return env
    uri = getattr(profile, "team_db", "") if profile is not None else ""
    if not uri:
        return None
    if not password:
        return uri
    from psycopg.conninfo import make_conninfo

    return make_conninfo(uri, password=password)


def journal_path(data_dir: Path | str, dsn: str) -> Path:
    """Where this PC keeps outcomes the team database could not take (issue 9's journal), beside the
    local data. One file per team database and login, since its row ids are that database's: the
    name is a digest of host, port, database and login (never the password, which is not in it)."""
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(dsn)
    who = "|".join(str(parts.get(k) or "") for k in ("host", "port", "dbname", "user"))
    digest = hashlib.sha256(who.encode("utf-8")).hexdigest()[:16]
    return Path(data_dir) / f"team-{digest}.journal"


def open_team_audit(dsn: str, data_dir: Path | str | None = None, *, pool_size: int = 4) -> TeamAudit:
    """The team log; with ``data_dir`` (the desk's local data folder) a finished call's outcome the
    database cannot take waits in a journal there and is written back when the database is back."""
    from portone_desk.team.audit import TeamAudit

    journal = journal_path(data_dir, dsn) if data_dir is not None else None
    return TeamAudit(dsn, journal_path=journal, pool_size=pool_size)
