"""Bad input through ``portone-desk api`` against a real sandbox: nothing may reach the server.

The table is what an attacker or a careless paste gives the command line: dot segments in any
encoding, separators inside identifiers, control and invisible characters, oversized text and
amounts no real order reaches. Each case must end with exit status 2 (input refused) and with no
request in the sandbox's log — not even getToken, since the input is refused before anything is
sent. ``bad_input_report`` prints how many of the cases reached the server.
"""

from __future__ import annotations

import pytest

from portone_desk.cli import EXIT_INPUT, main
from portone_desk.sandbox.control_client import SandboxControl
from portone_desk.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET

IMP = "imp_demo_naver_three"
EXT = "/receipts/external/ext-bad-1"
EXT_OK = ["channel_key=channel-key-sandbox", "name=상담 주문", "amount=11000", "identifier=010-000-1234"]
LONG = "가" * 1000
LONG_ID = "A" * 1000


def _ext(**changes: str) -> list[str]:
    """issueExternalReceipt fields with some replaced."""
    fields = dict(item.split("=", 1) for item in EXT_OK)
    fields.update(changes)
    return [f"{name}={value}" for name, value in fields.items()]


# (case id, method, path, fields)
CASES: list[tuple[str, str, str, list[str]]] = [
    # identifiers in the path: dot segments, in any encoding
    ("dotdot-receipt-delete", "DELETE", "/receipts/..", []),
    ("dot-receipt-delete", "DELETE", "/receipts/.", []),
    ("pct-dotdot-receipt-get", "GET", "/receipts/%2e%2e", []),
    ("pct-upper-dotdot-payment", "GET", "/payments/%2E%2E", []),
    ("double-pct-dotdot", "GET", "/receipts/%252e%252e", []),
    ("mixed-dotdot", "DELETE", "/receipts/.%2e", []),
    ("dotdot-naver-cancel", "POST", "/payments/../naver/cancel", ["reason=SOLD_OUT"]),
    ("dotdot-product-orders", "GET", "/payments/%2e%2e/naver/product-orders", []),
    ("dotdot-merchant-uid", "GET", "/payments/find/..", []),
    ("dot-merchant-uid-status", "GET", "/payments/find/./paid", []),
    ("dotdot-external-delete", "DELETE", "/receipts/external/..", []),
    ("dotdot-product-order", "GET", "/naver/product-orders/%2e%2e", []),
    # separators inside an identifier
    ("slash-in-imp-uid", "GET", "/payments/a%2Fb", []),
    ("slash-in-merchant-uid", "POST", "/receipts/external/a%2F..%2Fx", EXT_OK),
    ("backslash-in-imp-uid", "DELETE", "/receipts/a%5C..", []),
    ("question-in-imp-uid", "GET", "/receipts/imp%3Fx=1", []),
    ("hash-in-imp-uid", "GET", "/receipts/imp%23frag", []),
    ("space-only-imp-uid", "GET", "/receipts/%20", []),
    # control and invisible characters in identifiers
    ("nul-in-imp-uid", "GET", "/receipts/imp%00x", []),
    ("esc-bel-in-imp-uid", "GET", "/receipts/imp%1b%07x", []),
    ("crlf-in-imp-uid", "GET", "/receipts/imp%0d%0aX-Injected:%201", []),
    ("rtl-override-in-imp-uid", "GET", "/payments/imp_%E2%80%AE321", []),
    ("zero-width-in-imp-uid", "GET", "/payments/imp_%E2%80%8B123", []),
    ("emoji-in-imp-uid", "GET", "/payments/imp_%F0%9F%98%80", []),
    ("long-imp-uid", "GET", f"/payments/{LONG_ID}", []),
    ("long-merchant-uid", "POST", f"/receipts/external/{LONG_ID}", EXT_OK),
    # text fields
    ("long-name", "POST", EXT, _ext(name=LONG)),
    ("long-buyer-name", "POST", EXT, [*EXT_OK, f"buyer_name={LONG}"]),
    ("nul-in-name", "POST", EXT, _ext(name="상담\x00주문")),
    ("esc-bel-in-name", "POST", EXT, _ext(name="상담\x1b[2J\x07주문")),
    ("crlf-in-name", "POST", EXT, _ext(name="상담\r\n주문")),
    ("rtl-override-in-buyer-name", "POST", EXT, [*EXT_OK, "buyer_name=홍\u202e길동"]),
    ("zero-width-in-name", "POST", EXT, _ext(name="상담\u200b주문")),
    ("emoji-in-name", "POST", EXT, _ext(name="상담 주문 😀")),
    (
        "zero-width-in-company-name",
        "POST",
        f"/receipts/{IMP}",
        ["identifier=010-000-1234", "company_name=가\u2060나"],
    ),
    ("crlf-in-email", "POST", EXT, [*EXT_OK, "buyer_email=a@b.kr\r\nBcc: x@y.kr"]),
    (
        "long-memo",
        "POST",
        f"/payments/{IMP}/naver/approve-return",
        ["product_order_id=2026201100000002", f"memo={LONG}"],
    ),
    (
        "nul-in-memo",
        "POST",
        f"/payments/{IMP}/naver/approve-return",
        ["product_order_id=2026201100000002", "memo=a\x00b"],
    ),
    (
        "rtl-in-memo",
        "POST",
        f"/payments/{IMP}/naver/reject-return",
        ["product_order_id=2026201100000002", "memo=a\u202eb"],
    ),
    ("slash-in-product-order-id", "POST", f"/payments/{IMP}/naver/place", ["product_order_id=a/../b"]),
    ("crlf-in-product-order-id", "POST", f"/payments/{IMP}/naver/place", ["product_order_id=1\r\n2"]),
    (
        "long-channel-key-query",
        "GET",
        "/naver/reviews",
        [f"channel_key={LONG_ID}", "from=1700000000", "to=1700086400"],
    ),
    # amounts no real order reaches
    ("amount-1e20", "POST", EXT, _ext(amount="1e20")),
    ("amount-2-pow-63", "POST", EXT, _ext(amount=str(2**63))),
    ("amount-1e30-digits", "POST", EXT, _ext(amount="1" + "0" * 30)),
    ("amount-1e11", "POST", EXT, _ext(amount="100000000000")),
    ("amount-negative", "POST", EXT, _ext(amount="-11000")),
    ("tax-free-2-pow-63", "POST", EXT, [*EXT_OK, f"tax_free={2**63}"]),
    ("vat-amount-1e20", "POST", EXT, [*EXT_OK, "vat_amount=1e20"]),
    (
        "extra-charge-1e20",
        "POST",
        f"/payments/{IMP}/naver/withhold-return",
        [
            "product_order_id=2026201100000002",
            "reason=RETURN_DELIVERYFEE",
            "extra_charge=100000000000000000000",
        ],
    ),
    (
        "extra-charge-negative",
        "POST",
        f"/payments/{IMP}/naver/withhold-return",
        ["product_order_id=2026201100000002", "reason=RETURN_DELIVERYFEE", "extra_charge=-1"],
    ),
]


@pytest.fixture
def env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTONE_IMP_KEY", DEMO_IMP_KEY)
    monkeypatch.setenv("PORTONE_IMP_SECRET", DEMO_IMP_SECRET)
    monkeypatch.delenv("PORTONE_BASE_URL", raising=False)


def _logged(url: str) -> list[dict]:
    return SandboxControl(url).requests()


def run_case(url: str, method: str, path: str, fields: list[str]) -> tuple[int, list[dict]]:
    """Exit status and the requests that reached the sandbox (getToken aside)."""
    before = len(_logged(url))
    status = main(["api", method, path, *fields, "--base-url", url])
    reached = [r for r in _logged(url)[before:] if r["path"] != "/users/getToken"]
    return status, reached


def test_the_table_has_every_kind_of_case() -> None:
    assert len(CASES) >= 41
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize(("method", "path", "fields"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_never_reaches_the_server(sandbox, env_credentials, capsys, method, path, fields) -> None:
    status, reached = run_case(sandbox.url, method, path, fields)
    err = capsys.readouterr().err
    assert reached == [], f"reached the server as {[(r['method'], r['path']) for r in reached]}"
    assert status == EXIT_INPUT, err
    assert _logged(sandbox.url) == []  # not even a token was asked for
    assert any("\uac00" <= ch <= "\ud7a3" for ch in err), err  # a Korean reason


def test_bad_input_report(sandbox, env_credentials, capsys) -> None:
    """The figure for the issue: how many of the table's cases reached the server."""
    reached_cases = []
    for name, method, path, fields in CASES:
        _status, reached = run_case(sandbox.url, method, path, fields)
        if reached:
            reached_cases.append((name, [(r["method"], r["path"]) for r in reached]))
    capsys.readouterr()
    with capsys.disabled():
        print(f"\nbad inputs reaching the server: {len(reached_cases)} of {len(CASES)}")
        for name, where in reached_cases:
            print(f"  {name}: {where}")
    assert reached_cases == []


@pytest.mark.parametrize(
    "name",
    ["dotdot-receipt-delete", "crlf-in-imp-uid", "dotdot-naver-cancel", "amount-2-pow-63", "esc-bel-in-name"],
)
def test_the_real_command_refuses_them_too(sandbox, name) -> None:
    """A few of the table's cases through the installed entry point, in a child process."""
    import os
    import subprocess
    import sys

    _, method, path, fields = next(case for case in CASES if case[0] == name)
    env = {**os.environ, "PORTONE_IMP_KEY": DEMO_IMP_KEY, "PORTONE_IMP_SECRET": DEMO_IMP_SECRET}
    done = subprocess.run(
        [sys.executable, "-m", "portone_desk", "api", method, path, *fields, "--base-url", sandbox.url],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == EXIT_INPUT, done.stderr
    assert "요청은 보내지 않았습니다" in done.stderr or "입력값" in done.stderr
    assert _logged(sandbox.url) == []
