"""The layering of design.md, enforced by reading the imports of every module.

Qt stays in views/: the core (models, services, domain, printing, sync) and the head-office
service run without a display and are the scripting API. Views never touch SQLAlchemy: they call
services through the DB worker.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = [
    ROOT / "kehu_desktop" / name for name in ("models", "services", "domain", "printing", "sync")
] + [ROOT / "kehu_hq"]
VIEWS = ROOT / "kehu_desktop" / "views"


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import``/``from … import`` names, at any depth (also inside functions,
    where lazy imports hide)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def python_files(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders if folder.exists() for p in folder.rglob("*.py"))


def offenders(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in files:
        for module in sorted(imported_modules(path)):
            if module.split(".")[0] in forbidden:
                bad.append(f"{path.relative_to(ROOT)} imports {module}")
    return bad


def test_the_scanner_sees_nested_and_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom PySide6.QtCore import Qt\n"
        "def f():\n    import sqlalchemy.orm\n    importlib.import_module('PyQt6')\n",
        encoding="utf-8",
    )
    assert {"os", "PySide6.QtCore", "sqlalchemy.orm", "PyQt6"} <= imported_modules(sample)


@pytest.mark.parametrize("toolkit", ["PySide6", "PyQt5", "PyQt6", "shiboken6"])
def test_no_qt_below_views(toolkit: str) -> None:
    files = python_files(CORE)
    assert files, "the core packages were not found"
    assert offenders(files, (toolkit,)) == []


def test_views_never_import_sqlalchemy() -> None:
    files = python_files([VIEWS])
    assert files
    assert offenders(files, ("sqlalchemy", "alembic", "psycopg", "sqlite3")) == []


def test_shared_dispatch_helpers_come_from_the_factories() -> None:
    """make_shop, ready_note & co. live in tests/factories.py, not in a test module (they were in
    tests/test_dispatch.py, which seven other modules imported to get them)."""
    tests = python_files([ROOT / "tests"])
    assert ROOT / "tests" / "factories.py" in tests
    importers = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in tests
        for module in sorted(imported_modules(path))
        if module == "tests.test_dispatch"
    ]
    assert importers == []
