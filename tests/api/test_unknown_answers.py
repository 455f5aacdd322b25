"""Issue 9, point 3: a change answered by anything but PortOne's envelope is "outcome unknown";
an envelope with a non-zero code is a refusal. Against the real sandbox, faults applied after the
change was made."""

from __future__ import annotations

import pytest
from support.sandbox import fault

from portone_desk.api.client import PortOneClient
from portone_desk.api.errors import ApiError, OutcomeUnknown
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET

PAID = "imp_demo_vbank_paid"


def _fault(sandbox, **rule) -> None:
    fault(sandbox.url, rule)


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, "html"), (503, "html"), (500, "empty"), (503, "empty"), (400, "malformed"), (200, "empty")],
)
def test_post_answered_without_an_envelope_is_unknown(sandbox, status: int, body: str) -> None:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    _fault(sandbox, path=f"/receipts/{PAID}", method="POST", status=status, body=body, when="after")
    with pytest.raises(OutcomeUnknown) as info:
        client.call("issueReceipt", {"imp_uid": PAID, "identifier": "01012345678"})
    assert info.value.http_status == status
    assert "다시 보내지 말고" in str(info.value)
    said = str(info.value)
    assert "(를)" not in said and ("응답을 보냈습니다" in said or "페이지를 보냈습니다" in said)
    # The change was made behind the broken answer: a lookup is what tells.
    assert client.call("getReceipt", {"imp_uid": PAID}).response["receipt_url"]


def test_envelope_with_nonzero_code_is_a_refusal_even_on_5xx(sandbox) -> None:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    _fault(sandbox, path=f"/receipts/{PAID}", method="POST", status=500, body="json")
    with pytest.raises(ApiError) as info:
        client.call("issueReceipt", {"imp_uid": PAID, "identifier": "01012345678"})
    assert not isinstance(info.value, OutcomeUnknown)
    assert info.value.code == -1 and info.value.http_status == 500


def test_delete_answered_by_an_html_page_is_unknown(sandbox) -> None:
    client = PortOneClient(sandbox.url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
    client.call("issueReceipt", {"imp_uid": PAID, "identifier": "01012345678"})
    _fault(sandbox, path=f"/receipts/{PAID}", method="DELETE", status=503, body="html", when="after")
    with pytest.raises(OutcomeUnknown):
        client.call("revokeReceipt", {"imp_uid": PAID})
