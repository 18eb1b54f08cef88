"""Helpers for view tests: an AppContext per actor, the Chinese UI for screenshots.

Import the fixtures into a test module (``from tests.gui_support import contexts, chinese_ui``).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.i18n import install_font
from kehu_desktop.views.kit.worker import DbWorker
from tests.factories import Branch

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ROOT / "artifacts" / "screens"

MakeContext = Callable[[Role], AppContext]
W = TypeVar("W", bound=QObject)


def child(parent: QWidget, kind: type[W], name: str) -> W:
    """The descendant of ``parent`` named ``name`` (the views name inputs by field)."""
    found = parent.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


@pytest.fixture
def contexts(sqlite_branch: Branch) -> Iterator[MakeContext]:
    """``contexts(Role.CLERK)`` → an AppContext signed in as that role, with its own worker."""
    made: list[AppContext] = []

    def make(role: Role) -> AppContext:
        ctx = AppContext(sqlite_branch.db, sqlite_branch.actor(role), DbWorker())
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.worker.shutdown()


def _build_catalogue(directory: Path) -> Path:
    """Compile the zh_CN catalogue from the current sources and TSVs with tools/i18n.py."""
    spec = importlib.util.spec_from_file_location("kehu_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool  # dataclasses in the tool look their module up
    spec.loader.exec_module(tool)
    ts_file, qm_file = directory / "kehu_zh_CN.ts", directory / "kehu_zh_CN.qm"
    tool.run_lupdate(ts_file)
    tool.fill(ts_file)
    tool.run_lrelease(ts_file, qm_file)
    return qm_file


@pytest.fixture(scope="session")
def chinese_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_catalogue(tmp_path_factory.mktemp("i18n"))


@pytest.fixture
def chinese_ui(qapp: QApplication, chinese_catalogue: Path) -> Iterator[None]:
    """The shipped font and the zh_CN translations, for widgets created inside the test."""
    assert install_font(qapp), "the bundled WenQuanYi font could not be registered"
    translator = QTranslator()
    assert translator.load(str(chinese_catalogue))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def worker() -> Iterator[DbWorker]:
    """The database worker of a screen under test, shut down after it."""
    w = DbWorker()
    yield w
    w.shutdown()


def settle(qtbot: QtBot, worker: DbWorker, timeout: int = 20_000) -> None:
    """Until the worker is idle and the layouts have caught up (before a look or a grab)."""
    qtbot.waitUntil(lambda: not worker.busy, timeout=timeout)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    qtbot.wait(20)


def save_screen(widget: QWidget, name: str) -> Path:
    """Grab ``widget`` into artifacts/screens/<name>.png (git-ignored) and return the path."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path
