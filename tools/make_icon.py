"""Draw the app's icon: 客户 in white on a blue rounded square, in the bundled font.

    .venv/bin/python tools/make_icon.py

Writes resources/icons/kehu-desktop.png (256 px: the window icon and the Linux menu icon) and
resources/icons/kehu-desktop.ico (the Windows executables and the installer). Both files are
committed; run this again only to change the drawing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtGui import QFont
from PySide6.QtGui import QFontDatabase
from PySide6.QtGui import QGuiApplication
from PySide6.QtGui import QImage
from PySide6.QtGui import QPainter

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZE = 256
BLUE = QColor("#1f5fbf")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BLUE)
    radius = size * 0.16
    painter.drawRoundedRect(QRectF(0, 0, size, size), radius, radius)
    font_file = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(family)
    font.setPixelSize(int(size * 0.40))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "客户")
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv)
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw(SIZE)
    ok = image.save(str(ICONS / "kehu-desktop.png"), "PNG")
    ok = image.save(str(ICONS / "kehu-desktop.ico"), "ICO") and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
