"""The app icon, from ``resources/icons`` (next to the package, or inside a frozen bundle)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon

_SIZES = (16, 24, 32, 48, 64, 128, 256)


def resources_dir() -> Path:
    # PyInstaller unpacks data files under sys._MEIPASS; from source they sit at the repo root.
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    """PNG sizes only: loading the SVG plugin would cost start-up time for no visible gain."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in _SIZES:
        path = folder / f"portone-desk-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    return icon
