"""What goes into the PyInstaller bundle, in plain Python (no PyInstaller import).

``kehu-desktop.spec`` builds the bundle from these lists, and tests/test_installer.py checks
them against the source tree without building anything: every resource and every migration
script is in the bundle, where the frozen program looks for it.

Where the frozen program looks: PyInstaller unpacks data files under ``sys._MEIPASS`` (the
bundle's ``_internal`` folder) at the destination given here. ``kehu_desktop.resources`` looks
for ``kehu_desktop/bundled`` there (the same place a wheel puts ``resources/``, see setup.py),
and ``kehu_desktop.migrations`` reads its scripts beside its own ``__file__``, which a frozen
module has under ``sys._MEIPASS`` too, so the scripts keep their package-relative paths.
"""

from __future__ import annotations

from pathlib import Path

#: Package-relative folder of the resources inside the bundle (kehu_desktop.resources).
RESOURCES_DEST = "kehu_desktop/bundled"

#: Packages of the source tree that the program needs (kehu_hq is the head-office server).
PACKAGES = ("kehu_desktop",)

#: Installed for development, tests or head office; never needed by the branch program.
EXCLUDES = [
    "kehu_hq",
    "fastapi",
    "uvicorn",
    "starlette",
    "pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "tkinter",
    "IPython",
]

#: Packages whose every submodule goes in: they import some of their own modules by name at run
#: time (ReportLab's barcode widgets exec "from ...code93 import ..." strings).
WHOLE_PACKAGES = ["reportlab.graphics.barcode"]

#: The two programs of the one bundle: (executable name, console program?).
PROGRAMS = (("kehu-desktop", False), ("kehu", True))


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def datas(root: Path) -> list[tuple[str, str]]:
    """(source file, destination folder inside the bundle) for every data file."""
    found: list[tuple[str, str]] = []
    resources = root / "resources"
    for path in _files(resources):
        dest = Path(RESOURCES_DEST) / path.parent.relative_to(resources)
        found.append((str(path), dest.as_posix()))
    # Alembic reads env.py and the revision scripts as files (they are not imported as modules
    # of the package), so they go in as data at their package-relative place.
    migrations = root / "kehu_desktop" / "migrations"
    for path in _files(migrations):
        if path.name == "__init__.py" and path.parent == migrations:
            continue  # the package itself is frozen code
        found.append((str(path), path.parent.relative_to(root).as_posix()))
    return found


def hiddenimports(root: Path) -> list[str]:
    """Every module of the program's packages.

    The program imports much of itself by name at run time (the GUI from ``kehu_desktop.desktop``,
    the screens from the main window, the CLI commands, the services behind ``faces``), which
    PyInstaller's import scan cannot see; listing every module is simpler than listing those.
    The migration scripts are not modules of the package (see :func:`datas`), but what they
    import (Alembic's ``op``) must be in the bundle.
    """
    modules = ["alembic.op", "alembic.context", "alembic.runtime.migration", "alembic.command"]
    # ReportLab imports its C accelerator through exec (reportlab.lib.rl_accel): unseen by the
    # scan, and without it every slip is drawn by the pure-Python fallbacks, about twice as slow.
    modules.append("_rl_accel")
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).with_suffix("")
            if "migrations" in relative.parts and relative.name != "__init__":
                continue  # env.py and the revision scripts: data, not modules
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules.append(".".join(parts))
    return modules


def icon(root: Path, windows: bool) -> str:
    name = "kehu-desktop.ico" if windows else "kehu-desktop.png"
    return str(root / "resources" / "icons" / name)
