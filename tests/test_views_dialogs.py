"""The import dialog and the change password dialog, against a real SQLite branch database."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.services.admin import auth
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import save_customer
from kehu_desktop.views.customers.customer_terms import field_label
from kehu_desktop.views.customers.import_dialog import ImportDialog
from kehu_desktop.views.shell.change_password import ChangePasswordDialog
from tests.factories import PASSWORD
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import child
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

translate = QCoreApplication.translate  # expected texts in whatever language is installed
needs_importer = pytest.mark.skipif(
    importlib.util.find_spec("kehu_desktop.services.customers.importing") is None,
    reason="kehu_desktop.services.customers.importing is not there yet",
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
    if not t.isVisible():
        return []
    return [(cell(t, r, 0), cell(t, r, 1), cell(t, r, 2)) for r in range(t.rowCount())]


def fates(dialog: ImportDialog) -> list[tuple[str, ...]]:
    """(row, customer, result, details) as the rows table shows them."""
    t = dialog.rows_table
    if not t.isVisible():
        return []
    return [tuple(cell(t, r, c) for c in range(4)) for r in range(t.rowCount())]


def wait(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def banner_text(dialog: ImportDialog) -> str:
    return child(dialog.messages, QLabel, "").text() if dialog.messages.isVisible() else ""


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
    # Rows as Excel shows them: the header is row 1, the first customer row 2.
    assert [(r[0], r[1]) for r in rows] == [("3", field_label("uscc")), ("4", field_label("phone"))]
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
    wait(qtbot, dialog)
    new = translate("ImportDialog", "New")
    assert table_rows(dialog) == [] and dialog.import_button.isEnabled()
    assert [(f[0], f[2]) for f in fates(dialog)] == [("2", new), ("3", new)]
    with qtbot.waitSignal(dialog.customersImported, timeout=20_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [2]
    assert customers(sqlite_branch) == 2
    assert not dialog.import_button.isEnabled()  # the same file cannot be imported twice

    # Checked again (the issue: "all 2 rows are correct", and a second import doubled them).
    qtbot.mouseClick(dialog.recheck_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    skipped = translate("ImportDialog", "Skipped (duplicate)")
    assert [(f[0], f[2]) for f in fates(dialog)] == [("2", skipped), ("3", skipped)]
    assert "上海医药股份有限公司" in fates(dialog)[0][3]
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.text() == translate(
        "ImportDialog",
        "Nothing to import: all {skipped} row(s) repeat customers you already have "
        "(or earlier rows).",
    ).format(skipped=2)
    assert customers(sqlite_branch) == 2


@needs_importer
def test_duplicates_are_skipped_or_update_the_existing_file(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, tmp_path: Path
) -> None:
    clerk = sqlite_branch.actor(Role.CLERK)
    existing = save_customer(
        sqlite_branch.db,
        clerk,
        CustomerDraft(name="上海万宇医药有限公司", phone="021-32778951", channel="私营"),
    ).customer
    path = write_csv(
        tmp_path / "客户.csv",
        [
            "上海 万宇医药有限公司,,02132778951,国有",  # the same customer, another channel
            f"国药控股上海有限公司,{GOOD_B},13812345678,私营",
        ],
    )
    dialog = open_import(qtbot, contexts, path)
    skipped = translate("ImportDialog", "Skipped (duplicate)")
    new = translate("ImportDialog", "New")
    shown = fates(dialog)
    assert [(f[0], f[2]) for f in shown] == [("2", skipped), ("3", new)]
    assert "上海万宇医药有限公司" in shown[0][3]  # which customer, and why
    assert dialog.update_check.isVisible() and dialog.update_check.isEnabled()
    assert dialog.messages.kind == "info"  # the offer to update instead
    assert dialog.import_button.isEnabled()

    dialog.update_check.setChecked(True)  # checks the file again, now updating
    wait(qtbot, dialog)
    update = translate("ImportDialog", "Update")
    assert [(f[0], f[2]) for f in fates(dialog)] == [("2", update), ("3", new)]
    assert fates(dialog)[0][3].endswith("更新：渠道类型")  # the name's spelling is kept
    with qtbot.waitSignal(dialog.customersImported, timeout=20_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [2]
    assert [(f[0], f[2]) for f in fates(dialog)] == [("2", update), ("3", new)]
    assert dialog.messages.kind == "success" and "1" in banner_text(dialog)
    stored = get_customer(sqlite_branch.db, clerk, existing.id)
    assert (stored.channel, stored.status, stored.version) == ("state_owned", "prospect", 2)
    assert customers(sqlite_branch) == 2


@needs_importer
def test_a_file_that_cannot_be_read_is_a_sentence_not_a_row(
    qtbot: QtBot, contexts: MakeContext, tmp_path: Path
) -> None:
    path = tmp_path / "customers.txt"
    path.write_text("hello", encoding="utf-8")
    dialog = open_import(qtbot, contexts, path)
    assert table_rows(dialog) == [] and fates(dialog) == []
    assert dialog.messages.kind == "error"
    assert not dialog.import_button.isEnabled()
    dialog.set_file(tmp_path / "没有这个文件.xlsx")
    wait(qtbot, dialog)
    assert dialog.messages.kind == "error"
    assert "找不到文件“没有这个文件.xlsx”" in banner_text(dialog)
    assert table_rows(dialog) == [] and not dialog.import_button.isEnabled()


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


def test_the_dialog_knows_the_importers_names() -> None:
    from kehu_desktop.services.customers import importing
    from kehu_desktop.views.customers import import_dialog

    assert set(import_dialog._HEADER_CODES) == importing.HEADER_CODES
    assert (import_dialog.CREATE, import_dialog.UPDATE, import_dialog.SKIP) == (
        importing.CREATE,
        importing.UPDATE,
        importing.SKIP,
    )


def test_import_refused_for_a_cashier(qtbot: QtBot, contexts: MakeContext) -> None:
    dialog = ImportDialog(contexts(Role.CASHIER))
    qtbot.addWidget(dialog)
    assert not dialog.choose_button.isEnabled() and not dialog.import_button.isEnabled()
    assert not dialog.update_check.isEnabled()
    assert dialog.messages.kind == "info"


@needs_importer
def test_import_preview_screenshot(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch, tmp_path: Path
) -> None:
    clerk = sqlite_branch.actor(Role.CLERK)
    for draft in (
        CustomerDraft(name="上海医药股份有限公司", uscc=GOOD_A),
        CustomerDraft(name="上海万宇医药有限公司", phone="021-32778951"),
    ):
        save_customer(sqlite_branch.db, clerk, draft)
    path = write_csv(
        tmp_path / "客户清单.csv",
        [
            f"上海医药股份有限公司,{GOOD_A},021-63730908,国有",
            "上海万宇医药（集团）有限公司,,021-32778951,私营",
            "上海万宇医药有限公司,,02132778951,私营",
            f"坏代码公司,{GOOD_B[:17]}0,13812345678,私营",
            "坏电话公司,,12345,外资",
            "杭州华东医药连锁有限公司,,0571-87654321,连锁药店",
            "杭州华东医药连锁有限公司,,0571-87654321,连锁药店",
        ],
    )
    dialog = open_import(qtbot, contexts, path)
    dialog.resize(900, 700)
    assert dialog.errors_table.rowCount() == 3 and dialog.rows_table.rowCount() == 5
    assert "跳过（重复）" in [f[2] for f in fates(dialog)]
    save_screen(dialog, "import-preview")


@needs_importer
def test_import_result_screenshot(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch, tmp_path: Path
) -> None:
    clerk = sqlite_branch.actor(Role.CLERK)
    save_customer(sqlite_branch.db, clerk, CustomerDraft(name="上海医药股份有限公司", uscc=GOOD_A))
    save_customer(
        sqlite_branch.db, clerk, CustomerDraft(name="上海万宇医药有限公司", phone="021-32778951")
    )
    path = write_csv(
        tmp_path / "客户清单.csv",
        [
            f"上海医药股份有限公司,{GOOD_A},021-63730908,国有",
            "上海万宇医药有限公司,,02132778951,私营",
            f"国药控股上海有限公司,{GOOD_B},13812345678,私营",
            "杭州华东医药连锁有限公司,,0571-87654321,连锁药店",
            "杭州华东医药连锁有限公司,,0571-87654321,连锁药店",
        ],
    )
    dialog = open_import(qtbot, contexts, path)
    dialog.resize(900, 640)
    assert dialog.messages.kind == "info" and "勾选" in banner_text(dialog)  # the offer
    save_screen(dialog, "import-duplicates")
    with qtbot.waitSignal(dialog.customersImported, timeout=20_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args == [2]
    results = [f[2] for f in fates(dialog)]
    assert results == ["跳过（重复）", "跳过（重复）", "新建", "新建", "跳过（重复）"]
    assert not dialog.summary.isVisible()  # the success banner says it once
    qtbot.wait(50)  # let the layout close the gap before the grab
    save_screen(dialog, "import-result")


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
