"""The core runs without Qt (issue 7): every module outside ``views/`` imports without loading Qt,
and the ``kehu-desktop`` launcher says plainly, in Chinese and English, when Qt is not installed.

tests/test_layers.py reads the imports; this imports the modules for real, in a fresh
interpreter, so a Qt import reached through another module (a core module importing a view) is
caught too. In the Qt-free venv of ``.ci/run`` (no PySide6 at all) the same test would fail on
the import itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kehu_desktop import __version__
from kehu_desktop.desktop import GUI_EXTRA
from kehu_desktop.desktop import INSTALL
from kehu_desktop.desktop import missing_gui_message

ROOT = Path(__file__).resolve().parents[1]
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pypdfium2")


def core_modules() -> list[str]:
    """Every module of the product except the views, by file (no import needed to list them);
    ``__main__`` modules would run a program when imported."""
    names = []
    for package in ("kehu_desktop", "kehu_hq"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[:2] == ("kehu_desktop", "views") or parts[-1] == "__main__":
                continue
            if parts == ("kehu_desktop", "migrations", "env"):
                continue  # runs only inside Alembic: the script below migrates a database
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join(parts))
    return names


IMPORT_ALL = """
import importlib, json, sys, tempfile
failed = {}
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception as error:
        failed[name] = repr(error)
from kehu_desktop.db import Database
from kehu_desktop.migrations import migrate
with tempfile.TemporaryDirectory() as folder:
    db = Database(f"sqlite:///{folder}/kehu.sqlite3")
    migrate(db)  # env.py and every revision, as Alembic runs them
    db.dispose()
qt = sorted(m for m in sys.modules if m.split(".")[0] in QT)
print(json.dumps({"failed": failed, "qt": qt}))
""".replace("QT", repr(QT))


def test_every_core_module_imports_without_loading_qt() -> None:
    names = core_modules()
    assert "kehu_desktop.cli" in names and "kehu_desktop.services" in names
    assert "kehu_desktop.desktop" in names  # the launcher too
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["failed"] == {}
    assert found["qt"] == [], "a core module loads Qt when imported"


def test_the_launcher_explains_a_missing_qt_in_both_languages() -> None:
    # None in sys.modules makes `import PySide6` fail as it does where it is not installed.
    script = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        "from kehu_desktop.desktop import main\n"
        "sys.exit(main(['kehu-desktop']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == missing_gui_message("PySide6")
    assert "Traceback" not in done.stderr
    assert "需要 Qt" in done.stderr and "needs Qt" in done.stderr
    assert done.stderr.count(INSTALL) == 2
    assert {"PySide6", "pypdfium2"} <= GUI_EXTRA


def test_kehu_prints_its_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kehu_desktop.cli", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == f"kehu {__version__}"
