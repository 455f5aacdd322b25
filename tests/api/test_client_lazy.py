"""A client is cheap to build: its HTTP session (and requests) comes with the first request, after
the optional ``ready`` hook (training mode waits there for the sandbox server)."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import NetworkError
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET


def test_importing_and_building_a_client_loads_no_http_library() -> None:
    code = (
        "import sys\n"
        "from portone_desk.api.client import PortOneClient\n"
        "import portone_desk.service\n"
        "client = PortOneClient('http://127.0.0.1:9', 'k', 's')\n"
        "client.close()\n"
        "http = ('requests', 'urllib3', 'truststore')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in http)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_session_is_made_on_the_first_request(sandbox) -> None:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    assert client._session is None
    client.close()  # closing a client that never sent anything is fine
    result = client.call("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"})
    assert result.response["imp_uid"] == "imp_demo_vbank_paid"
    assert client._session is not None
    client.close()


def test_ready_runs_once_on_the_calling_thread_before_anything_is_sent(sandbox) -> None:
    seen: list[str] = []

    def ready() -> str:
        seen.append(threading.current_thread().name)
        return sandbox.url

    # Built with a placeholder address: the hook says where the server really is.
    client = PortOneClient("http://127.0.0.1:9", DEMO_IMP_KEY, DEMO_IMP_SECRET, ready=ready)
    assert seen == []  # not at construction
    worker = threading.Thread(
        target=lambda: client.call("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"}), name="worker-1"
    )
    worker.start()
    worker.join(10)
    client.call("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"})
    assert seen == ["worker-1"]
    # The URL the hook returned is the one used from then on.
    assert client.base_url == sandbox.url
    client.close()


@pytest.mark.expect_log(r"no HTTP session", logger="portone_desk.api.client")
def test_a_failing_ready_is_a_network_error_and_nothing_is_sent(sandbox) -> None:
    def not_up() -> None:
        raise ConnectionError("연습 서버를 시작하지 못했습니다")

    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET, ready=not_up)
    with pytest.raises(NetworkError, match="연습 서버를 시작하지 못했습니다"):
        client.call("getPaymentByImpUid", {"imp_uid": "imp_demo_vbank_paid"})
    assert client._session is None
    assert SandboxControl(sandbox.url).requests() == []
