"""设置 → 备份与恢复 and the daily backup's timer (issue 10 §3), on the DB worker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import RestoreResult
from kehu_desktop.models import Customer
from kehu_desktop.services.admin import backups
from kehu_desktop.services.base import Actor
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.backups import BackupDialog
from kehu_desktop.views.shell.backups import BackupScheduler
from kehu_desktop.views.shell.main_window import MainWindow
from tests.factories import Branch
from tests.factories import audits
from tests.factories import new_customer
from tests.gui_support import chinese_catalogue  # noqa: F401 - a fixture chinese_ui uses
from tests.gui_support import chinese_ui  # noqa: F401 - a fixture
from tests.gui_support import save_screen
from tests.gui_support import settle
from tests.gui_support import worker

__all__ = ["worker"]  # a fixture used below

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path) -> Iterator[None]:
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield


def open_dialog(
    qtbot: QtBot, branch: Branch, role: Role, worker: DbWorker
) -> tuple[BackupDialog, AppContext]:
    ctx = AppContext(branch.db, branch.actor(role), worker)
    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=20_000)
    settle(qtbot, worker)
    return dialog, ctx


def rows(dialog: BackupDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


@pytest.mark.usefixtures("chinese_ui")
def test_the_administrator_backs_up_chooses_a_folder_and_restores(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, clock: FixedClock, tmp_path: Path
) -> None:
    db = sqlite_branch.db
    admin = sqlite_branch.actor(Role.ADMIN)
    first = backups.take_backup(db, admin)
    clock.advance(days=1)
    dialog, _ctx = open_dialog(qtbot, sqlite_branch, Role.ADMIN, worker)
    assert dialog.windowTitle() == "备份与恢复"
    assert rows(dialog) == [
        [
            "2026-11-26 10:00:00",
            rows(dialog)[0][1],
            backups.check_backup_file(Path(first.path)),
            "✓ 已检查",
            first.name,
        ]
    ]
    assert rows(dialog)[0][1].endswith(("KB", "MB"))
    assert dialog.folder_edit.text().endswith("backups（默认）")
    assert [s.value() for s in dialog.keep_spins.values()] == [7, 4, 12]
    assert dialog.restore_button.isVisible() and not dialog.restore_button.isEnabled()

    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.messages.kind == "success", timeout=20_000)
    settle(qtbot, worker)
    assert "已备份并检查" in dialog.messages.text()
    assert len(rows(dialog)) == 2 and rows(dialog)[0][0] == "2026-11-27 10:00:00"
    dialog.resize(780, 560)
    save_screen(dialog, "backups-dialog")

    # A USB disk that is not plugged in: chosen, then refused with the reason.
    usb = tmp_path / "usb"
    dialog.pick_folder = lambda _start: str(usb)
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    settle(qtbot, worker)
    assert dialog.folder_edit.text() == str(usb)
    assert dialog.messages.kind == "warning" and "无法访问备份文件夹" in dialog.messages.text()
    assert rows(dialog) == [] and dialog.empty_note.isVisible()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.messages.kind == "error", timeout=20_000)
    assert "U盘或网络共享是否已连接" in dialog.messages.text()
    save_screen(dialog, "backups-dialog-usb-missing")
    qtbot.mouseClick(dialog.default_button, Qt.MouseButton.LeftButton)
    settle(qtbot, worker)
    assert len(rows(dialog)) == 2

    # The rotation: a bad number cannot be typed; a change is saved and audited.
    dialog.keep_spins["backup.keep_weekly"].setValue(2)
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.messages.kind == "success", timeout=20_000)
    settle(qtbot, worker)
    assert [r.after["key"] for r in audits(sqlite_branch, "setting_changed")][-1:] == [  # type: ignore[index]
        "backup.keep_monthly"
    ]

    # Restore the older backup: asked first; a "no" changes nothing.
    late = new_customer(sqlite_branch, "上海后来医药有限公司")
    asked: list[str] = []
    dialog.confirm = lambda path: asked.append(path) or False
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked == [first.path] and not worker.busy
    dialog.confirm = lambda _path: True
    with qtbot.waitSignal(dialog.restored, timeout=30_000) as restored:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    result = restored.args[0]
    assert isinstance(result, RestoreResult) and result.source == first.path
    with db.read() as s:
        assert s.get(Customer, late) is None  # the database is the backup's now
    assert "已从" in dialog.messages.text()


@pytest.mark.usefixtures("chinese_ui")
def test_a_damaged_file_is_refused_in_the_dialog(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, tmp_path: Path
) -> None:
    dialog, _ctx = open_dialog(qtbot, sqlite_branch, Role.ADMIN, worker)
    bad = tmp_path / "kehu-20261120-093000-r0016.sqlite3"
    bad.write_bytes(b"\x00garbage" * 500)
    dialog.pick_file = lambda _start: str(bad)
    dialog.confirm = lambda _path: True
    qtbot.mouseClick(dialog.restore_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.messages.kind == "error", timeout=20_000)
    assert dialog.messages.text().startswith("备份文件已损坏或不是数据库文件，不能恢复：")
    save_screen(dialog, "backups-dialog-damaged")
    assert not audits(sqlite_branch, "backup_restored")


@pytest.mark.usefixtures("chinese_ui")
def test_a_clerk_may_back_up_but_not_restore_or_configure(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    dialog, _ctx = open_dialog(qtbot, sqlite_branch, Role.CLERK, worker)
    assert dialog.backup_button.isVisible()
    for hidden in (
        dialog.restore_button,
        dialog.restore_file_button,
        dialog.folder_button,
        dialog.keep_button,
    ):
        assert not hidden.isVisible()
    assert all(spin.isReadOnly() for spin in dialog.keep_spins.values())
    assert dialog.empty_note.isVisible() and dialog.empty_note.text() == "还没有备份。"
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.messages.kind == "success", timeout=20_000)
    settle(qtbot, worker)
    assert len(rows(dialog)) == 1
    save_screen(dialog, "backups-dialog-clerk")


@pytest.mark.postgres
@pytest.mark.usefixtures("chinese_ui")
def test_on_postgresql_the_dialog_shows_the_pg_dump_line(
    qtbot: QtBot, hq_db: Database, worker: DbWorker
) -> None:
    ctx = AppContext(hq_db, Actor.system(), worker, head_office=True)
    dialog = BackupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=20_000)
    settle(qtbot, worker)
    assert dialog.postgres_box.isVisible()
    assert dialog.pg_dump_line.text().startswith("pg_dump --format=custom")
    for hidden in (dialog.where_box, dialog.list_box, dialog.backup_button, dialog.restore_button):
        assert not hidden.isVisible()
    assert "备份由数据库服务器负责" in dialog.postgres_note.text()
    dialog.resize(720, dialog.sizeHint().height())
    save_screen(dialog, "backups-dialog-postgres")


def test_the_timer_takes_the_days_backup_once(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, clock: FixedClock
) -> None:
    ctx = AppContext(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), worker)
    scheduler = BackupScheduler(ctx, first_delay_ms=0, interval_ms=600_000)
    with qtbot.waitSignal(scheduler.taken, timeout=20_000) as taken:
        scheduler.start()  # the first look comes at once here
    assert scheduler.active
    assert taken.args[0].name.startswith("kehu-20261126-")
    scheduler.check()  # today's is there: nothing
    settle(qtbot, worker)
    assert [r.username for r in audits(sqlite_branch, "backup_taken")] == ["system"]
    clock.advance(days=1)
    with qtbot.waitSignal(scheduler.taken, timeout=20_000):
        scheduler.check()
    scheduler.stop()
    assert not scheduler.active


@pytest.mark.usefixtures("chinese_ui")
def test_the_settings_menu_opens_backups_and_a_restore_signs_out(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    backup = backups.take_backup(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN))
    window = MainWindow(AppContext(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN), worker))
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, worker)
    assert window.backup_action.isVisible() and window.backup_action.text() == "备份与恢复(&B)…"
    window.backup_action.trigger()
    dialog = window.backup_dialog
    assert dialog is not None and dialog.isVisible()
    assert window.open_backups() is dialog  # one at a time
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=20_000)
    settle(qtbot, worker)
    dialog.confirm = lambda _path: True
    with qtbot.waitSignal(window.restoredFromBackup, timeout=30_000) as signed_out:
        dialog.restore(backup.path)
    assert signed_out.args[0] == f"数据库已从备份 {backup.path} 恢复，请重新登录。"
    assert not window.backup_scheduler.active
