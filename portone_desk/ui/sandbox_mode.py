"""Training mode: the embedded sandbox server and the in-memory profile that logs into it.

The demo credentials are public values, so the sandbox profile is never saved to the keyring or
the profiles file; it exists only while the app runs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from portone_desk.store.profiles import Credentials, Profile

if TYPE_CHECKING:
    from portone_desk.sandbox.server import SandboxServer
    from portone_desk.store.paths import AppPaths

log = logging.getLogger(__name__)

SANDBOX_PROFILE_ID = "sandbox"
SANDBOX_DISPLAY_NAME = "연습 모드 (샌드박스)"
RESET_TIMEOUT_S = 10


def training_db_path(paths: AppPaths) -> Path:
    """Where training data is kept between runs (so a trainee can continue tomorrow)."""
    return paths.sandbox_db


@dataclass
class SandboxSession:
    server: SandboxServer
    profile: Profile
    credentials: Credentials

    @property
    def url(self) -> str:
        return str(self.server.url).rstrip("/")

    def reset(self) -> None:
        """Back to the demo data (blocking; run it through the runner)."""
        import requests  # lazy: keeps requests off the start-up path

        response = requests.post(f"{self.url}/_sandbox/reset", json={}, timeout=RESET_TIMEOUT_S)
        response.raise_for_status()
        log.info("sandbox reset to demo data")

    def stop(self) -> None:
        try:
            self.server.stop()
        except Exception:
            log.warning("sandbox server did not stop cleanly", exc_info=True)


def sandbox_profile(url: str, agent_name: str = "") -> Profile:
    from portone_desk.sandbox.demo import DEMO_CHANNEL_KEY, DEMO_NAVER_CHANNEL_KEY

    return Profile(
        id=SANDBOX_PROFILE_ID,
        display_name=SANDBOX_DISPLAY_NAME,
        channel_key=DEMO_CHANNEL_KEY,
        naver_channel_key=DEMO_NAVER_CHANNEL_KEY,
        base_url=url.rstrip("/"),
        agent_name=agent_name,
        is_sandbox=True,
    )


def start_sandbox(db_path: Path | None) -> SandboxSession:
    """Start the sandbox on a free loopback port; ``db_path=None`` keeps its data in memory (tests)."""
    from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET
    from portone_desk.sandbox.server import SandboxServer

    server = SandboxServer(db_path=db_path, port=0, seed_demo=True).start()
    log.info("sandbox started at %s (data: %s)", server.url, db_path or "memory")
    return SandboxSession(
        server=server,
        profile=sandbox_profile(str(server.url)),
        credentials=Credentials(DEMO_IMP_KEY, DEMO_IMP_SECRET),
    )
