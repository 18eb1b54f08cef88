"""The import dialog and the change password dialog, against a real SQLite branch database."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.services import auth
from kehu_desktop.views.change_password import ChangePasswordDialog
from kehu_desktop.views.customer_terms import field_label
from kehu_desktop.views.import_dialog import ImportDialog
from tests.factories import PASSWORD, Branch
from tests.gui_support import (
    MakeContext,
    cell,
    child,
    chinese_catalogue,
    chinese_ui,
    contexts,
    save_screen,
)

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

translate = QCoreApplication.translate  # expected texts in whatever language is installed
needs_importer = pytest.mark.skipif(
    importlib.util.find_spec("kehu_desktop.services.importing") is None,
    reason="kehu_desktop.services.importing is not there yet",
)
GOOD_A = make_uscc("91310000132200821")
GOOD_B = make_uscc("91310115MA1K3Y4Q2")


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text(
        "\n".join(["客户名称*,统一社会信用代码,电话,渠道类型", *rows]) + "\n", encoding="utf-8-sig"
    )
    return path


def customers(branch: Branch) -> int:
    with branch.db.read() as s:
        return int(s.execute(select(func.count()).select_from(Customer)).scalar_one())


def open_import(qtbot: QtBot, contexts: MakeContext, path: Path) -> ImportDialog:
    dialog = ImportDialog(contexts(Role.CLERK))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_file(path)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    return dialog


def table_rows(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    t = dialog.errors_table
    return [(cell(t, r, 0), cell(t, r, 1), cell(t, r, 2)) for r in range(t.rowCount())]


@needs_importer
def test_bad_file_shows_every_problem_and_keeps_import_disabled(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            f"上海医药股份有限公司,{GOOD_A},021-63730908,国有",
            f"坏代码公司,{GOOD_B[:17]}0,13812345678,私营",
            "坏电话公司,,12345,私营",
        ],
    )
    dialog = open_import(qtbot, contexts, path)
    rows = table_rows(dialog)
    assert [(r[0], r[1]) for r in rows] == [("2", field_label("uscc")), ("3", field_label("phone"))]
    assert "校验位" in rows[0][2] and "电话号码无效" in rows[1][2]
    assert "1" in dialog.summary.text() and "2" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert customers(sqlite_branch) == 0

    write_csv(
        path,
        [
            f"上海医药股份有限公司,{GOOD_A},021-63730908,国有",
            f"国药控股上海有限公司,{GOOD_B},13812345678,私营",
        ],
    )
    qtbot.mouseClick(dialog.recheck_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert table_rows(dialog) == [] and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.customersImported, timeout=20_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [2]
    assert customers(sqlite_branch) == 2
    assert not dialog.import_button.isEnabled()  # the same file cannot be imported twice


@needs_importer
def test_unreadable_file_is_reported_in_the_preview(
    qtbot: QtBot, contexts: MakeContext, tmp_path: Path
) -> None:
    path = tmp_path / "customers.txt"
    path.write_text("hello", encoding="utf-8")
    dialog = open_import(qtbot, contexts, path)
    rows = table_rows(dialog)
    assert (
        len(rows) == 1
        and rows[0][0] == "0"
        and rows[0][1] == translate("ImportDialog", "(whole file)")
    )
    assert not dialog.import_button.isEnabled()


@needs_importer
def test_save_template(
    qtbot: QtBot, contexts: MakeContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "模板"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)")
    )
    dialog = ImportDialog(contexts(Role.CLERK))
    qtbot.addWidget(dialog)
    child(dialog, QLabel, "template_link").linkActivated.emit("template")
    qtbot.waitUntil(lambda: dialog.messages.kind == "success", timeout=20_000)
    assert (tmp_path / "模板.xlsx").read_bytes()[:2] == b"PK"


def test_import_refused_for_a_cashier(qtbot: QtBot, contexts: MakeContext) -> None:
    dialog = ImportDialog(contexts(Role.CASHIER))
    qtbot.addWidget(dialog)
    assert not dialog.choose_button.isEnabled() and not dialog.import_button.isEnabled()
    assert dialog.messages.kind == "info"


@needs_importer
def test_import_preview_screenshot(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "客户清单.csv",
        [
            f"上海医药股份有限公司,{GOOD_A},021-63730908,国有",
            f"坏代码公司,{GOOD_B[:17]}0,13812345678,私营",
            "坏电话公司,,12345,外资",
            f"重复代码公司,{GOOD_A},,私营",
        ],
    )
    dialog = open_import(qtbot, contexts, path)
    assert dialog.errors_table.rowCount() >= 3
    save_screen(dialog, "import-preview")


def password_dialog(qtbot: QtBot, contexts: MakeContext, role: Role) -> ChangePasswordDialog:
    dialog = ChangePasswordDialog(contexts(role))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: ChangePasswordDialog, old: str, new: str, repeat: str) -> None:
    for name, value in (("old_password", old), ("new_password", new), ("repeat_password", repeat)):
        edit = dialog.findChild(QLineEdit, name)
        assert edit is not None
        edit.setText(value)


def error_of(dialog: ChangePasswordDialog, name: str) -> str:
    label = dialog.findChild(QLabel, f"{name}_error")
    assert label is not None
    return label.text() if label.isVisible() else ""


def test_change_password_errors_are_shown_at_their_fields(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    dialog = password_dialog(qtbot, contexts, Role.CLERK)
    fill(dialog, PASSWORD, "new-secret-1", "new-secret-2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert error_of(dialog, "repeat_password")  # caught locally, nothing sent

    fill(dialog, "wrong-password", "new-secret-1", "new-secret-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(error_of(dialog, "old_password")))
    wrong = translate("ChangePasswordDialog", "The current password is wrong.")
    assert error_of(dialog, "old_password") == wrong
    assert not error_of(dialog, "repeat_password")

    fill(dialog, PASSWORD, "short", "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(error_of(dialog, "new_password")))
    assert "至少" in error_of(dialog, "new_password")

    fill(dialog, PASSWORD, "new-secret-1", "new-secret-1")
    with qtbot.waitSignal(dialog.finished) as finished:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert finished.args == [QDialog.DialogCode.Accepted.value]
    assert auth.sign_in(sqlite_branch.db, "clerk", "new-secret-1").username == "clerk"


def test_change_password_screenshot(qtbot: QtBot, chinese_ui: None, contexts: MakeContext) -> None:
    dialog = password_dialog(qtbot, contexts, Role.CLERK)
    fill(dialog, "wrong-password", "new-secret-1", "new-secret-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(error_of(dialog, "old_password")))
    save_screen(dialog, "change-password")
