"""A test fails on an unexpected Python log record at WARNING or above (as qutebrowser's
``logfail``); Qt warnings and criticals fail it through pytest-qt (``qt_log_level_fail`` in
pyproject.toml, with its own allow-list ``qt_log_ignore``).

A record is expected, and does not fail the test, when
- it matches ``ALLOWED`` below (every entry says why it is allowed everywhere),
- the test is marked ``@pytest.mark.expect_log(r"regex", logger="name")`` or calls the
  ``expect_log`` fixture (``expect_log(r"regex", logger="name")``) before it comes,
- or the test uses ``caplog``: it reads the log itself and asserts what it expects there.

Records from the test body fail the test; records from its fixtures' set-up or teardown are
reported as an error of that phase.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

LEVEL = logging.WARNING


@dataclass(frozen=True)
class Expected:
    pattern: str
    logger: str | None = None  # this logger or its children; any logger when None

    def matches(self, record: logging.LogRecord) -> bool:
        if self.logger is not None and not (
            record.name == self.logger or record.name.startswith(self.logger + ".")
        ):
            return False
        return re.search(self.pattern, record.getMessage()) is not None


# Allowed in every test. Keep each entry as narrow as it can be, with the reason.
ALLOWED: tuple[Expected, ...] = ()


class LogFailHandler(logging.Handler):
    """Keeps every WARNING+ record that nothing expected (records may come from any thread)."""

    def __init__(self, expected: list[Expected]) -> None:
        super().__init__(LEVEL)
        self.expected = expected
        self.unexpected: list[logging.LogRecord] = []
        self._lock_unexpected = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if any(rule.matches(record) for rule in (*ALLOWED, *self.expected)):
            return
        with self._lock_unexpected:
            self.unexpected.append(record)

    def take(self) -> list[logging.LogRecord]:
        with self._lock_unexpected:
            taken, self.unexpected = self.unexpected, []
        return taken


_HANDLER = pytest.StashKey[LogFailHandler]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "expect_log(pattern, logger=None): a log record at WARNING+ matching the regex is expected",
    )


def _describe(records: list[logging.LogRecord]) -> str:
    lines = [f"  {r.levelname} {r.name}: {r.getMessage()}" for r in records]
    return "unexpected log records at WARNING or above:\n" + "\n".join(lines)


def _check(item: pytest.Item, when: str) -> None:
    handler = item.stash.get(_HANDLER, None)
    if handler is None:
        return
    records = handler.take()
    if records and "caplog" not in getattr(item, "fixturenames", ()):
        pytest.fail(
            f"{_describe(records)}\n(during {when}; expect them with the expect_log marker or fixture)"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    expected = [Expected(*mark.args, **mark.kwargs) for mark in item.iter_markers("expect_log")]
    handler = LogFailHandler(expected)
    item.stash[_HANDLER] = handler
    logging.getLogger().addHandler(handler)
    result = yield
    _check(item, "set-up")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    _check(item, "the test")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    try:
        result = yield
    finally:
        handler = item.stash.get(_HANDLER, None)
        if handler is not None:
            logging.getLogger().removeHandler(handler)
    _check(item, "teardown")
    return result


@pytest.fixture
def expect_log(request: pytest.FixtureRequest) -> Callable[..., None]:
    """``expect_log(r"regex", logger="name")``: such a record may come in this test."""
    handler = request.node.stash[_HANDLER]

    def expect(pattern: str, logger: str | None = None) -> None:
        handler.expected.append(Expected(pattern, logger))

    return expect
