"""Keep API secrets and access tokens out of every log line and exception text.

The client registers each secret and token it handles with the process-wide ``DEFAULT``
redactor; pattern rules also catch tokens and secrets that were never registered (e.g. pasted
into a log message by hand).
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "[가림]"

# Shapes that are secret whatever their value: a bearer token, and imp_secret in form, query or
# JSON text (also repr'd dicts with single quotes).
_PATTERNS = (
    re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE),
    re.compile(r"(imp_secret=)[^&\s\"',;]+"),
    re.compile(r"""(["']imp_secret["']\s*:\s*["'])[^"']*"""),
    re.compile(r"""(["']access_token["']\s*:\s*["'])[^"']*"""),
    re.compile(r"(access_token=)[^&\s\"',;]+"),
)

# Registering a very short string would mask unrelated text; real keys and tokens are long.
_MIN_SECRET_LEN = 4


class Redactor:
    """Replaces registered secrets and secret-shaped text with a mask."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= _MIN_SECRET_LEN:
            with self._lock:
                self._secrets.add(secret)

    def redact(self, text: object) -> str:
        result = text if isinstance(text, str) else str(text)
        with self._lock:
            # Longest first so a secret containing another is masked whole.
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            if secret in result:
                result = result.replace(secret, MASK)
        for pattern in _PATTERNS:
            result = pattern.sub(lambda m: m.group(1) + MASK, result)
        return result


DEFAULT = Redactor()


def redact(text: object) -> str:
    return DEFAULT.redact(text)


def redact_for_file(text: object, redactor: Redactor | None = None) -> str:
    """What may be written to a log or crash file: secrets redacted and personal data masked
    (phones, e-mails, names next to an honorific — ``personal_text``)."""
    from portone_desk.api.personal_text import mask_personal_text

    return mask_personal_text((redactor or DEFAULT).redact(text))


class RedactingFilter(logging.Filter):
    """Renders each record's message, redacts secrets and masks personal data, and drops the args
    so nothing leaks later."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self._redactor = redactor or DEFAULT

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg} {record.args}"
        record.msg = redact_for_file(message, self._redactor)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_for_file(record.exc_text, self._redactor)
        return True


def install_log_filter(logger: logging.Logger | None = None, redactor: Redactor | None = None) -> None:
    """Attach the redacting filter to ``logger`` (root by default) and to each of its handlers.

    Handler filters see records propagated from child loggers too, which logger filters do not.
    """
    target = logger or logging.getLogger()
    filt = RedactingFilter(redactor)
    for owner in (target, *target.handlers):
        if not any(isinstance(f, RedactingFilter) for f in owner.filters):
            owner.addFilter(filt)
