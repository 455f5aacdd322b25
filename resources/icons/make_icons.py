"""Render portone-desk.svg to the PNG sizes and the Windows .ico the app and installer use.

Run after editing the SVG: ``QT_QPA_PLATFORM=offscreen uv run python resources/icons/make_icons.py``.
Qt only (QtSvg), no PIL.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(HERE / "portone-desk.svg"))
    if not renderer.isValid():
        print("invalid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        render(renderer, size).save(str(HERE / f"portone-desk-{size}.png"))
    # Qt's ico writer stores one image per file; 256 px scales well in Explorer and the taskbar.
    render(renderer, 256).save(str(HERE / "portone-desk.ico"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
