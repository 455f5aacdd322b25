"""The root conftest: offscreen Qt, and the shared helpers of ``tests/support`` loaded once for
every folder (fixtures, fail-on-warning handlers). Test modules import helpers from ``support``."""

from __future__ import annotations

import os

import pytest

# Set at import time as well: some test modules import Qt while being collected.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Before anything imports them: assertions in the helpers are rewritten like the tests' own.
pytest.register_assert_rewrite("support")

pytest_plugins = ["support.fixtures", "support.logfail"]
