"""The frozen programs' entry script: one script, two executables (see kehu-desktop.spec).

The executable's own name decides: ``kehu`` (``kehu.exe``) is the command line, anything else
(``kehu-desktop``) the desktop app. Both executables share one bundle folder.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    # Alembic loads the migration scripts from files: do not leave __pycache__ folders in the
    # installed program's folder (an uninstall would find files it did not install).
    sys.dont_write_bytecode = True
    # Output piped to a file or another program is UTF-8 everywhere: on Windows it would be the
    # ANSI code page (cp1252 cannot encode Chinese). A console already gets Unicode.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and stream.encoding.lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    name = Path(sys.executable).stem.lower()
    if name == "kehu":
        from kehu_desktop.cli import main as run  # lazy: only the program started
    else:
        from kehu_desktop.desktop import main as run  # lazy: only the program started
    return int(run() or 0)


if __name__ == "__main__":
    sys.exit(main())
