"""Issue 10: the sign-in screen says which version of the program this is (the one version,
kehu_desktop.__version__, that About and `kehu --version` show too)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kehu_desktop import __version__
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from kehu_desktop.views.shell.sign_in import SignInDialog
from tests.factories import Branch
from tests.gui_support import save_screen


@pytest.fixture(autouse=True)
def settings_in_tmp(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    guard_emit_refcount_bug()
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    i18n.install_font(qapp)
    yield
    i18n.install_language("zh_CN")


@pytest.fixture
def worker() -> Iterator[DbWorker]:
    w = DbWorker()
    yield w
    w.shutdown()


def test_the_sign_in_screen_shows_the_version(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    i18n.install_language("zh_CN")
    dialog = SignInDialog(sqlite_branch.db, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.findChild(QLabel, "version")
    assert label is not None and label.isVisible()
    assert label.text() == f"版本 {__version__}"
    save_screen(dialog, "sign_in_version")
    # The language switch on the spot retranslates it too.
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    qtbot.waitUntil(lambda: label.text() == f"Version {__version__}", timeout=5_000)
