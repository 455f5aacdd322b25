"""Issue 9, point 9: a lookup has one overall deadline including retries; a mutation keeps its single
attempt. Against a real socket that accepts connections and never answers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import NetworkError, OutcomeUnknown


@pytest.fixture
def silent_server() -> Iterator[tuple[str, list[socket.socket]]]:
    """Accepts every connection, reads the request, never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    listener.close()


@pytest.mark.expect_log(r"다시 시도합니다", logger="portone_desk.api.client")
def test_lookup_gives_up_at_its_overall_deadline(silent_server) -> None:
    url, accepted = silent_server
    # Three tries of a 2 s read would take 6 s or more; the deadline is 3 s for all of them.
    client = PortOneClient(url, "k", "s", timeout=(1, 2), get_retries=2, lookup_deadline=3.0)
    started = time.monotonic()
    with pytest.raises(NetworkError):
        client.call("getToken")
    took = time.monotonic() - started
    assert took < 3.0 + 1.0, took
    assert len(accepted) >= 2  # it did retry within the deadline


@pytest.mark.expect_log(r"응답 없음", logger="portone_desk.api.client")
def test_mutation_keeps_a_single_attempt(silent_server) -> None:
    url, accepted = silent_server
    client = PortOneClient(url, "k", "s", timeout=(1, 1), get_retries=2, lookup_deadline=3.0)
    # A token from elsewhere, so the only call to the silent server is the POST itself.
    now = int(time.time())
    client.tokens._fetch = lambda: {"access_token": "tok", "now": now, "expired_at": now + 1800}  # type: ignore[attr-defined]
    with pytest.raises(OutcomeUnknown):
        client.call("naverPlaceProductOrder", {"imp_uid": "imp_1"}, validate=False)
    assert len(accepted) == 1
