"""Where the app finds its bundled, read-only resources (fonts, translations).

The resources live in the top-level ``resources/`` folder of the repository, next to the
``kehu_desktop`` package, so a developer checkout works without installing anything. A frozen or
installed build has no such sibling folder; the installer then points ``KEHU_RESOURCES_DIR`` at
the folder it unpacked, which is why every lookup goes through :func:`resources_dir` instead of
hard-coding a path.

This module has no Qt and no database imports, so the printing layer and the CLI can use it.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that overrides the resources folder (set by installer builds and tests).
RESOURCES_ENV = "KEHU_RESOURCES_DIR"

#: File name of the bundled CJK font, relative to ``resources/fonts``.
FONT_FILE_NAME = "wqy-microhei.ttc"


def resources_dir() -> Path:
    """Return the folder holding the bundled resources.

    ``KEHU_RESOURCES_DIR`` wins when it is set and not empty, so packaged builds (where the repo
    layout does not exist) and tests can redirect it; otherwise it is ``<repo>/resources``.
    The environment is read on every call, not cached, so a test can change it with monkeypatch.
    """
    override = os.environ.get(RESOURCES_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parents[1] / "resources"


def font_path() -> Path:
    """Return the path of the WenQuanYi Micro Hei collection used for every printed document.

    One font for everything: it covers simplified Chinese and Latin, and it is shipped with the
    app (Apache-2.0 / GPL with font exception), so printouts never depend on the fonts of the
    office PC. The file may be missing in a broken install; callers report that, not this getter.
    """
    return resources_dir() / "fonts" / FONT_FILE_NAME
