"""``docs/architecture.md`` names every module under ``portone_desk/`` (by its path inside the
package, e.g. `ui/naver/tab.py`), and every module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import portone_desk

PACKAGE = Path(portone_desk.__file__).parent
DOC = PACKAGE.parent / "docs" / "architecture.md"
# A backticked path ending in .py, as the doc names modules: `store/audit.py`, `cli.py`.
NAMED = re.compile(r"`((?:[a-z_]+/)*[a-z_0-9]+\.py)`")


def modules() -> set[str]:
    return {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")}


def test_every_module_has_a_line() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(module for module in modules() if f"`{module}`" not in text)
    assert not missing, f"add a line to docs/architecture.md for: {missing}"


def test_every_module_path_named_exists() -> None:
    named = {name.removeprefix("portone_desk/") for name in NAMED.findall(DOC.read_text(encoding="utf-8"))}
    # Paths outside the package the doc may mention (tests, benchmarks) start with their folder.
    inside = {name for name in named if not name.startswith(("tests/", "benchmarks/", "packaging/"))}
    gone = sorted(name for name in inside if name not in modules() and "/" in name)
    assert not gone, f"docs/architecture.md names modules that do not exist: {gone}"
