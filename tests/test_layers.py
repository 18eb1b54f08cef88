"""The layering of design.md, enforced by reading the imports of every module.

Qt stays in views/: the core (models, services, domain, printing, sync) and the head-office
service run without a display and are the scripting API. Views never touch SQLAlchemy: they call
services through the DB worker.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import types
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


# ------------------------------------------------------------------------------------------------
# Issue 7: who may import whom, private names, circles, function-local imports
# ------------------------------------------------------------------------------------------------

PACKAGE = ROOT / "kehu_desktop"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    """Files under kehu_desktop/<folder> importing kehu_desktop.<f> for any f in forbidden."""
    files = python_files([PACKAGE / folder])
    assert files, f"kehu_desktop/{folder} was not found"
    prefixes = tuple(f"kehu_desktop.{f}" for f in forbidden)
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in files
        for module in sorted(imported_modules(path))
        if module in prefixes or module.startswith(tuple(p + "." for p in prefixes))
    ]


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("domain", ("models", "services", "printing", "views", "dto", "demo", "cli")),
        ("models", ("services", "printing", "views", "dto", "demo", "cli")),
        ("dto", ("services", "printing", "views", "models", "demo", "cli")),
        ("printing", ("services", "views", "models", "demo", "cli")),
        ("services", ("views", "demo", "cli")),
    ],
)
def test_dependencies_point_down(layer: str, forbidden: tuple[str, ...]) -> None:
    assert layer_offenders(layer, forbidden) == []


def private_imports(path: Path, root: Path = ROOT) -> list[str]:
    """Underscore names this file takes from a module of another package (folder): ``from a.b
    import _x`` or ``a.b._x``. ``__dunder__`` names are not private."""
    own_package = module_name(path.parent / "__init__.py", root)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    def package_of(module: str) -> str:
        as_folder = root.joinpath(*module.split("."))
        return module if (as_folder / "__init__.py").exists() else module.rpartition(".")[0]

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if package_of(node.module) != own_package:
                found += [f"{node.module}.{a.name}" for a in node.names if private(a.name)]
        elif isinstance(node, ast.Attribute) and private(node.attr):
            dotted = ast.unparse(node.value)
            if dotted.startswith("kehu_desktop.") and package_of(dotted) != own_package:
                found.append(f"{dotted}.{node.attr}")
    return [f"{path.relative_to(root)} uses {name}" for name in found]


def test_no_private_name_crosses_a_package() -> None:
    files = python_files([PACKAGE, ROOT / "kehu_hq", ROOT / "bench"])
    assert [bad for path in files for bad in private_imports(path)] == []


def test_the_private_name_check_sees_both_forms(tmp_path: Path) -> None:
    for folder in ("kehu_desktop/a", "kehu_desktop/b"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text("", encoding="utf-8")
    importer = tmp_path / "kehu_desktop" / "a" / "user.py"
    importer.write_text(
        "import kehu_desktop.b.helpers\n"
        "from kehu_desktop.b.helpers import _hidden, shown\n"
        "from kehu_desktop.a.sibling import _shared\n"  # same package: allowed
        "x = kehu_desktop.b.helpers._other\n"
        "y = kehu_desktop.b.helpers.__name__\n",
        encoding="utf-8",
    )
    assert private_imports(importer, tmp_path) == [
        "kehu_desktop/a/user.py uses kehu_desktop.b.helpers._hidden",
        "kehu_desktop/a/user.py uses kehu_desktop.b.helpers._other",
    ]


def type_checking_imports(path: Path) -> dict[str, list[str]]:
    """What a face imports under ``if TYPE_CHECKING:``: module → names (what mypy sees)."""
    found: dict[str, list[str]] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.module
                found.setdefault(statement.module, []).extend(a.name for a in statement.names)
    return found


def runtime_import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """The import statements that run: all of them, at any depth, except those under
    ``if TYPE_CHECKING:`` (read by mypy only)."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def face_homes(files: list[Path], root: Path = ROOT) -> dict[str, dict[str, str]]:
    """Lazy faces (kehu_desktop/faces.py): package → name → the module that holds it, read from
    the face's ``if TYPE_CHECKING:`` imports (tests below check they match what it serves)."""
    homes: dict[str, dict[str, str]] = {}
    for path in files:
        if path.name == "__init__.py" and "lazy_face" in path.read_text(encoding="utf-8"):
            found = type_checking_imports(path)
            homes[module_name(path, root)] = {
                name: module for module, names in found.items() for name in names
            }
    return homes


def import_graph(files: list[Path], root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the project modules it imports, at any depth (function-level imports count). An
    import of ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``: those count too, except the
    importer's own ancestors (Python has them half-loaded already). ``from a.b import c`` counts
    ``a.b.c`` when it is a module. A lazy face imports nothing by itself: ``from face import X``
    counts the module that holds ``X``, which the face imports right then."""
    names = {module_name(p, root) for p in files}
    faces = face_homes(files, root)
    graph: dict[str, set[str]] = {}
    for path in files:
        me = module_name(path, root)
        mine = {me.rsplit(".", k)[0] for k in range(1, me.count(".") + 1)}
        targets: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in runtime_import_nodes(tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif node.module and node.level == 0:
                targets.add(node.module)
                home = faces.get(node.module, {})
                targets.update(
                    home.get(alias.name, f"{node.module}.{alias.name}") for alias in node.names
                )
        edges = set()
        for target in targets:
            parts = target.split(".")
            for k in range(1, len(parts) + 1):
                prefix = ".".join(parts[:k])
                if prefix in names and prefix not in mine and prefix != me:
                    edges.add(prefix)
        graph[me] = edges
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles() -> None:
    files = [p for p in python_files([PACKAGE]) if "versions" not in p.parts]
    assert circles(import_graph(files)) == []


def test_the_circle_check_sees_a_hidden_circle(tmp_path: Path) -> None:
    package = tmp_path / "kehu_desktop" / "services"
    package.mkdir(parents=True)
    (tmp_path / "kehu_desktop" / "__init__.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "dispatch.py").write_text(
        "def f():\n    from kehu_desktop.services.slips import g\n", encoding="utf-8"
    )
    (package / "slips.py").write_text("from kehu_desktop.services import dispatch\n", "utf-8")
    (package / "alone.py").write_text("import kehu_desktop.services.slips\n", encoding="utf-8")
    graph = import_graph(python_files([tmp_path / "kehu_desktop"]), tmp_path)
    assert circles(graph) == [["kehu_desktop.services.dispatch", "kehu_desktop.services.slips"]]


def test_the_circle_check_sees_through_a_lazy_face(tmp_path: Path) -> None:
    """A face imports nothing by itself, but ``from face import X`` imports X's module: a circle
    through a face is still a circle, and the face's TYPE_CHECKING imports are not one."""
    views = tmp_path / "kehu_desktop" / "views"
    (views / "credit").mkdir(parents=True)
    (views / "dispatch").mkdir()
    for init in (tmp_path / "kehu_desktop", views):
        (init / "__init__.py").write_text("", encoding="utf-8")
    for area, name, module in (("credit", "Panel", "panel"), ("dispatch", "Desk", "desk")):
        (views / area / "__init__.py").write_text(
            "from typing import TYPE_CHECKING\nfrom kehu_desktop.faces import lazy_face\n"
            f"if TYPE_CHECKING:\n    from kehu_desktop.views.{area}.{module} import {name}\n",
            encoding="utf-8",
        )
    (views / "credit" / "panel.py").write_text(
        "from kehu_desktop.views.dispatch import Desk\n", encoding="utf-8"
    )
    (views / "dispatch" / "desk.py").write_text("Desk = 1\n", encoding="utf-8")
    files = python_files([tmp_path / "kehu_desktop"])
    assert circles(import_graph(files, tmp_path)) == []
    (views / "dispatch" / "desk.py").write_text(
        "from kehu_desktop.views.credit import Panel\n", encoding="utf-8"
    )
    assert circles(import_graph(files, tmp_path)) == [
        ["kehu_desktop.views.credit.panel", "kehu_desktop.views.dispatch.desk"]
    ]


def unexplained_local_imports(path: Path, root: Path = ROOT) -> list[str]:
    """Imports inside a function (or method) with no comment on their line, nor on the lines just
    above them (a comment may head a block of such imports). ``if TYPE_CHECKING`` is not a
    function."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            explained = any("#" in lines[i] for i in range(node.lineno - 1, node.end_lineno))
            above = node.lineno - 2
            while not explained and above >= 0:
                text = lines[above].strip()
                if text.startswith("#"):
                    explained = True
                elif not text.startswith(("import ", "from ")):
                    break
                elif "#" in text:  # the block's first import gives the reason on its line
                    explained = True
                above -= 1
            if not explained:
                found.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(node)}")
    return found


def test_every_function_local_import_says_why() -> None:
    files = [p for p in python_files([PACKAGE]) if "versions" not in p.parts]
    assert [bad for path in files for bad in unexplained_local_imports(path)] == []


def test_the_local_import_check_wants_a_comment(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def bare():\n    import json\n"
        "def explained():\n    import csv  # lazy: only the export needs it\n"
        "def block():\n    # lazy: openpyxl is slow to import\n"
        "    import openpyxl\n    from openpyxl.styles import Font\n"
        "def after_code():\n    # a comment about something else\n    x = 1\n    import re\n"
        "def tail():\n    import csv  # lazy: as above\n    import io\n",
        encoding="utf-8",
    )
    assert unexplained_local_imports(sample, tmp_path) == [
        "sample.py:3 import json",
        "sample.py:13 import re",
    ]


AREA_FACES = sorted(
    f"{path.parent.parent.name}.{path.parent.name}"
    for layer in ("services", "views")
    for path in (PACKAGE / layer).glob("*/__init__.py")
    if "lazy_face" in path.read_text(encoding="utf-8")
)


def test_every_area_has_a_lazy_face() -> None:
    areas = ["credit", "customers", "dispatch", "payments", "products", "slips"]
    assert (
        sorted(
            [f"services.{a}" for a in [*areas, "admin", "warnings", "visits", "my_work", "plans"]]
            # views.head_office: the screens of head-office mode only (the branch status); their
            # services are admin's (branch_status)
            + [
                f"views.{a}"
                for a in [*areas, "head_office", "warnings", "visits", "my_work", "plans"]
            ]
        )
        == AREA_FACES
    )


@pytest.mark.parametrize("area", AREA_FACES)
def test_a_face_serves_what_mypy_sees(area: str) -> None:
    """The names a face serves at run time are the names it imports for mypy, from the same
    modules, and each resolves to that module's object."""
    if area.startswith("views."):
        pytest.importorskip("PySide6")  # the Qt-free run checks the services' faces only
    face = importlib.import_module(f"kehu_desktop.{area}")
    typed = type_checking_imports(PACKAGE.joinpath(*area.split("."), "__init__.py"))
    served = {name for names in typed.values() for name in names}
    assert served <= set(face.__all__)
    for module, names in typed.items():
        source = importlib.import_module(module)
        for name in names:
            assert getattr(face, name) is getattr(source, name), f"{area}.{name}"
    assert set(face.__all__) <= set(dir(face))


def test_a_face_loads_only_what_is_used() -> None:
    """Reading one name imports its module, not the whole area nor the areas it would drag in
    (the reason for the lazy faces: `kehu user list` loaded slips, payments and customers)."""
    code = (
        "import sys\n"
        "from kehu_desktop.services.slips import get_seller\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('kehu_desktop.services.'))\n"
        "print('\\n'.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert "kehu_desktop.services.slips.seller" in out
    assert "kehu_desktop.services.slips.issued" not in out
    assert not [m for m in out if m.startswith("kehu_desktop.services.payments")]


def test_imported_names_reads_the_bytecode_as_dis_does() -> None:
    """faces.imported_names decodes the bytecode itself (dis was slow to start): it must find
    what dis finds, on every face and on code with more names than one byte indexes."""
    import dis

    from kehu_desktop.faces import imported_names

    def by_dis(code: types.CodeType) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        module = name = ""
        for ins in dis.get_instructions(code):
            if ins.opname == "IMPORT_NAME":
                module = ins.argval
            elif ins.opname == "IMPORT_FROM":
                name = ins.argval
            elif ins.opname == "STORE_NAME" and name:
                found[ins.argval] = (module, name)
                name = ""
        return found

    many = "\n".join(f"v{i} = {i}" for i in range(300)) + "\nfrom os import path as p300\n"
    sources = [many] + [p.read_text() for p in (ROOT / "kehu_desktop").rglob("__init__.py")]
    for source in sources:
        code = compile(source, "<face>", "exec")
        assert imported_names(code) == by_dis(code)
    assert imported_names(compile(many, "<many>", "exec")) == {"p300": ("os", "path")}
