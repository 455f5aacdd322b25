from __future__ import annotations

import logging

from hypothesis import given
from hypothesis import strategies as st

from portone_desk.api.errors import AuthFailed
from portone_desk.api.redact import MASK, Redactor, install_log_filter


def test_registered_secrets_are_masked():
    r = Redactor()
    r.add("s3cr3t-value")
    r.add("ab")  # too short to register safely
    assert r.redact("key=s3cr3t-value, ab") == f"key={MASK}, ab"


def test_secret_shapes_are_masked_without_registration():
    r = Redactor()
    assert r.redact("Authorization: Bearer abc.def-123") == f"Authorization: Bearer {MASK}"
    assert r.redact("imp_key=k&imp_secret=zzz&x=1") == f"imp_key=k&imp_secret={MASK}&x=1"
    assert r.redact('{"imp_key": "k", "imp_secret": "zzz"}') == f'{{"imp_key": "k", "imp_secret": "{MASK}"}}'
    assert r.redact("{'imp_secret': 'zzz'}") == f"{{'imp_secret': '{MASK}'}}"
    assert r.redact('{"access_token": "tok"}') == f'{{"access_token": "{MASK}"}}'


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=8, max_size=40), st.text(max_size=40))
def test_a_registered_secret_never_survives(secret: str, around: str):
    r = Redactor()
    r.add(secret)
    assert secret not in r.redact(around + secret + around)


def test_exception_text_is_redacted():
    from portone_desk.api.redact import DEFAULT

    DEFAULT.add("exc-secret-987654")  # errors use the process-wide instance
    err = AuthFailed("key exc-secret-987654 refused", operation="getToken", http_status=401)
    assert "exc-secret-987654" not in str(err)
    assert "exc-secret-987654" not in repr(err)
    assert "인증에 실패했습니다" in str(err)


def test_log_filter_redacts_message_args_and_tracebacks(caplog):
    from portone_desk.api.redact import DEFAULT

    DEFAULT.add("log-secret-123456")
    with caplog.at_level(logging.INFO):
        install_log_filter()
        log = logging.getLogger("portone_desk.test")
        log.info("calling with %s and %r", "log-secret-123456", {"imp_secret": "zz"})
        log.info("header Bearer abcdef123456")
        try:
            raise RuntimeError("log-secret-123456 in exception")
        except RuntimeError:
            log.exception("failed")
    text = caplog.text
    assert "log-secret-123456" not in text
    assert "abcdef123456" not in text
    assert "'imp_secret': 'zz'" not in text
    assert MASK in text
    root = logging.getLogger()
    for owner in (root, *root.handlers):
        for f in owner.filters:
            if type(f).__name__ == "RedactingFilter":
                owner.removeFilter(f)
