"""Training mode: the embedded sandbox server and the in-memory profile that logs into it.

The demo credentials are public values, so the sandbox profile is never saved to the keyring or
the profiles file; it exists only while the app runs.

The app opens training mode without waiting for the server (:func:`open_sandbox`): the profile,
banner and tabs appear at once while the server is imported, seeded and started on a thread of its
own. Its port is chosen up front, so the profile's URL is known from the start. The first API call
waits for the server in its worker thread (:meth:`SandboxSession.wait_ready`, the client's
``ready`` hook); nothing on the GUI thread waits for it.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future
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
READY_TIMEOUT_S = 30  # importing, seeding and starting takes well under a second
STOP_TIMEOUT_S = 10
LOOPBACK = "127.0.0.1"
# Training shows what PortOne does: Naver order changes reach the lookups after a short delay (the
# live sync runs about once a minute). Tests turn it off with the environment variable.
TRAINING_NAVER_SYNC_LAG_S = 20.0
SYNC_LAG_ENV = "PORTONE_DESK_TRAINING_SYNC_LAG"


def training_sync_lag() -> float:
    """The training sandbox's Naver sync lag: ``$PORTONE_DESK_TRAINING_SYNC_LAG`` or the default."""
    import os

    try:
        return max(0.0, float(os.environ.get(SYNC_LAG_ENV, TRAINING_NAVER_SYNC_LAG_S)))
    except ValueError:
        return TRAINING_NAVER_SYNC_LAG_S


def training_db_path(paths: AppPaths) -> Path:
    """Where training data is kept between runs (so a trainee can continue tomorrow)."""
    return paths.sandbox_db


class SandboxNotReady(ConnectionError):
    """The sandbox server did not come up (the message is Korean, for the agent)."""


class SandboxSession:
    """The sandbox profile and its server, which may still be starting in the background."""

    def __init__(
        self,
        profile: Profile,
        credentials: Credentials,
        server: SandboxServer | None = None,
        *,
        db_path: Path | None = None,
        port: int = 0,
    ) -> None:
        self.profile = profile
        self.credentials = credentials
        self._db_path = db_path
        self._port = port
        self._url = profile.base_url
        self._future: Future[SandboxServer] = Future()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        if server is not None:
            self._future.set_result(server)

    @property
    def url(self) -> str:
        """The server's address; known before it listens (its port is chosen up front)."""
        return self._url.rstrip("/")

    @property
    def server(self) -> SandboxServer:
        """The running server; waits for it (never call this on the GUI thread while it starts)."""
        self.wait_ready()
        return self._future.result()

    @property
    def ready(self) -> bool:
        return self._future.done() and self._future.exception() is None

    def start(self) -> None:
        """Start the server on a thread of its own (once; nothing happens if it runs already)."""
        with self._lock:
            if self._thread is not None or self._future.done():
                return
            self._thread = threading.Thread(target=self._run, name="portone-sandbox-start", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            from portone_desk.sandbox.generator import TRAINING_SHOP
            from portone_desk.sandbox.server import SandboxServer

            # Training mode: the demo data plus a modest generated shop, so every queue has work.
            shop = TRAINING_SHOP
            try:
                server = SandboxServer(
                    db_path=_str(self._db_path),
                    host=LOOPBACK,
                    port=self._port,
                    seed_demo=True,
                    naver_sync_lag=training_sync_lag(),
                    shop=shop,
                )
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or not self._port:
                    raise
                # Taken between choosing and binding it: any free port will do; the client asks
                # wait_ready() for the address before its first request.
                log.warning("sandbox port %s was taken; using another", self._port)
                server = SandboxServer(
                    db_path=_str(self._db_path),
                    host=LOOPBACK,
                    port=0,
                    seed_demo=True,
                    naver_sync_lag=training_sync_lag(),
                    shop=shop,
                )
            server.start()
        except BaseException as exc:
            log.exception("sandbox did not start")
            self._future.set_exception(exc)
            return
        self._url = str(server.url)
        log.info("sandbox started at %s (data: %s)", server.url, self._db_path or "memory")
        self._future.set_result(server)

    def when_done(self, callback: Callable[[BaseException | None], None]) -> None:
        """``callback(error)`` once the start is over (``None``: running), on the starting thread."""
        self._future.add_done_callback(lambda f: callback(f.exception()))

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> str:
        """Block until the server listens and return its URL; raises :class:`SandboxNotReady`.

        Starts the server if nobody has yet. For worker threads (the client's ``ready`` hook).
        """
        self.start()
        try:
            server = self._future.result(timeout)
        except TimeoutError as exc:
            raise SandboxNotReady("연습 서버가 아직 시작되지 않았습니다. 잠시 후 다시 시도하세요.") from exc
        except Exception as exc:
            raise SandboxNotReady(
                f"연습 서버를 시작하지 못했습니다 ({type(exc).__name__}). 앱을 다시 열어 주세요."
            ) from exc
        return str(server.url).rstrip("/")

    def reset(self) -> None:
        """Back to the demo data (blocking; run it through the runner)."""
        # lazy: keeps requests off the start-up path
        from portone_desk.sandbox.control_client import SandboxControl

        with SandboxControl(self.wait_ready(), timeout=RESET_TIMEOUT_S) as control:
            control.reset()
        log.info("sandbox reset to demo data")

    def stop(self) -> None:
        """Stop the server; one still starting is waited for first (at most ``STOP_TIMEOUT_S``)."""
        with self._lock:
            started = self._thread is not None or self._future.done()
        if not started:
            return
        try:
            server = self._future.result(STOP_TIMEOUT_S)
        except TimeoutError:
            log.warning("sandbox still starting at exit; left to end with the process")
            return
        except Exception:
            return  # it never ran; the failure was logged when it happened
        try:
            server.stop()
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


def _demo_credentials() -> Credentials:
    from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET

    return Credentials(DEMO_IMP_KEY, DEMO_IMP_SECRET)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def open_sandbox(db_path: Path | None) -> SandboxSession:
    """Training mode without waiting: the session at once, its server not started yet.

    Call :meth:`SandboxSession.start` (the window does, right after showing the tabs); the first
    call through the client waits for it.
    """
    port = _free_port()
    return SandboxSession(
        sandbox_profile(f"http://{LOOPBACK}:{port}"), _demo_credentials(), db_path=db_path, port=port
    )


def start_sandbox(db_path: Path | None) -> SandboxSession:
    """Start the sandbox on a free loopback port and wait for it; ``db_path=None`` keeps its data in
    memory (tests)."""
    from portone_desk.sandbox.server import SandboxServer

    server = SandboxServer(
        db_path=_str(db_path), port=0, seed_demo=True, naver_sync_lag=training_sync_lag()
    ).start()
    log.info("sandbox started at %s (data: %s)", server.url, db_path or "memory")
    return SandboxSession(sandbox_profile(str(server.url)), _demo_credentials(), server, db_path=db_path)


def _str(path: Path | None) -> str | None:
    return str(path) if path is not None else None
