"""Where the app finds its bundled, read-only resources (fonts, translations, templates).

The resources live in the top-level ``resources/`` folder of the repository, next to the
``kehu_desktop`` package, so a developer checkout works without installing anything. A wheel
carries the same folder inside the package as ``kehu_desktop/bundled`` (setup.py maps it there),
a PyInstaller bundle (installer/) at ``kehu_desktop/bundled`` under ``sys._MEIPASS``, and an
installer that unpacks it elsewhere points ``KEHU_RESOURCES_DIR`` at it. Every lookup goes
through :func:`resources_dir` instead of hard-coding a path.

This module has no Qt and no database imports, so the printing layer and the CLI can use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Environment variable that overrides the resources folder (set by installer builds and tests).
RESOURCES_ENV = "KEHU_RESOURCES_DIR"

#: Folder of an installed package that holds the resources (see setup.py).
BUNDLED_DIR_NAME = "bundled"

#: File name of the bundled CJK font, relative to ``resources/fonts``.
FONT_FILE_NAME = "wqy-microhei.ttc"


def resources_dir() -> Path:
    """Return the folder holding the bundled resources.

    ``KEHU_RESOURCES_DIR`` wins when it is set and not empty (an installer's own folder, tests);
    then, in a frozen program (PyInstaller), the bundle's copy; then the copy inside an
    installed package, ``kehu_desktop/bundled``; else the checkout's ``<repo>/resources``.
    The installed copy is looked for before the checkout's: beside an installed package sits
    site-packages, where a ``resources`` folder could belong to anything.
    The environment is read on every call, not cached, so a test can change it with monkeypatch.
    """
    override = os.environ.get(RESOURCES_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    frozen = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader (installer/)
    if frozen:
        return Path(frozen) / "kehu_desktop" / BUNDLED_DIR_NAME
    package = Path(__file__).resolve().parent
    installed = package / BUNDLED_DIR_NAME
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def font_path() -> Path:
    """Return the path of the WenQuanYi Micro Hei collection used for every printed document.

    One font for everything: it covers simplified Chinese and Latin, and it is shipped with the
    app (Apache-2.0 / GPL with font exception), so printouts never depend on the fonts of the
    office PC. The file may be missing in a broken install; callers report that, not this getter.
    """
    return resources_dir() / "fonts" / FONT_FILE_NAME


def icon_path() -> Path:
    """Return the app's icon (客户 on blue, drawn by tools/make_icon.py): the window icon, and
    the Linux menu icon the Debian package installs."""
    return resources_dir() / "icons" / "kehu-desktop.png"
