"""设置 → 备份与恢复 (issue 10 §3; services.admin.backups), and the daily backup's timer.

The dialog shows where backups go (the branch setting ``backup.folder``) and how many the
rotation keeps, the backups there with their time, size, schema revision and check, and offers
立即备份 (``backup.now``: everyone), 恢复… (``backup.restore``: administrators) and, to an
administrator, the folder and the rotation (``settings.edit``). Everything runs on the DB
worker with the busy bar showing; refusals appear in the banner in the user's language.

**After a restore the user signs in again** (``restored``): the restore closed the engine's
connections and swapped the file; the main window closes its screens (which show the replaced
data), the next session opens the restored file, and whoever signs in is a user of the restored
database. Nothing has to be restarted.

On PostgreSQL the dialog says that backups are the database server's job and shows the
``pg_dump`` line to hand its administrator.

:class:`BackupScheduler` takes the day's backup at the first opportunity while someone is signed
in: a minute after the window opens, then every half hour it asks the service (on the DB
worker) whether today's backup is there. The backup at exit is the program's own
(``views.shell.app``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import BackupStatus
from kehu_desktop.dto import BackupView
from kehu_desktop.dto import RestoreResult
from kehu_desktop.services.admin import backup_status
from kehu_desktop.services.admin import daily_backup
from kehu_desktop.services.admin import edit_setting
from kehu_desktop.services.admin import restore_backup
from kehu_desktop.services.admin import take_backup
from kehu_desktop.services.base import Actor
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.buttons import never_default
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

log = logging.getLogger(__name__)

FOLDER_SETTING = "backup.folder"
KEEP_SETTINGS = ("backup.keep_daily", "backup.keep_weekly", "backup.keep_monthly")
#: The first look for today's backup: once the first screen has been read.
FIRST_DELAY_MS = 60_000
CHECK_INTERVAL_MS = 30 * 60_000
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def size_text(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB"
    return f"{max(size // 1024, 1)} KB"


def save_keep(db: Database, actor: Actor, values: dict[str, int]) -> None:
    """Runs on the worker: the rotation's numbers, each through ``settings.edit``."""
    for key, value in values.items():
        edit_setting(db, actor, key, value)


class BackupDialog(QDialog):
    """备份与恢复. ``restored`` carries the :class:`RestoreResult` once a backup is in place."""

    restored = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_dialog")
        self._ctx = ctx
        self.status: BackupStatus | None = None
        self.may_restore = ctx.actor.can("backup.restore")
        self.may_configure = ctx.actor.can("settings.edit") and not ctx.head_office
        #: Asks before a restore; a test answers instead of a person.
        self.confirm: Callable[[str], bool] = self._ask
        #: Picks a folder or a file; a test answers instead of the file dialog.
        self.pick_folder: Callable[[str], str] = self._pick_folder
        self.pick_file: Callable[[str], str] = self._pick_file
        self.setWindowTitle(self.tr("Backup and restore"))
        self.setMinimumWidth(720)

        self.intro = QLabel(
            self.tr(
                "The database is backed up every day the program is used and when it closes, "
                "while people go on working. Each backup is checked before it is listed; old "
                "ones are removed as the rotation below says."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(self._enable)

        self.postgres_box = QGroupBox(self.tr("PostgreSQL"), self)
        self.postgres_note = QLabel(
            self.tr(
                "This database runs on a PostgreSQL server: backing it up is the server's job, "
                "not this program's. Ask the server's administrator to run, e.g. every night:"
            ),
            self.postgres_box,
        )
        self.postgres_note.setWordWrap(True)
        self.pg_dump_line = QLineEdit(self.postgres_box)
        self.pg_dump_line.setObjectName("pg_dump")
        self.pg_dump_line.setReadOnly(True)
        self.pg_restore_note = QLabel(
            self.tr("pg_restore puts such a dump back into an empty database."),
            self.postgres_box,
        )
        vbox(self.postgres_note, self.pg_dump_line, self.pg_restore_note, parent=self.postgres_box)
        self.postgres_box.hide()

        self.where_box = QGroupBox(self.tr("Where and how many"), self)
        form = QFormLayout(self.where_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.folder_edit = QLineEdit(self.where_box)
        self.folder_edit.setObjectName(FOLDER_SETTING)
        self.folder_edit.setReadOnly(True)
        self.folder_button = push_button(
            self.where_box,
            self.tr("Choose…"),
            "choose_folder",
            self.choose_folder,
            tip=self.tr("A USB disk or a network share; it must be there when a backup is taken."),
            visible=self.may_configure,
        )
        self.default_button = push_button(
            self.where_box,
            self.tr("Default"),
            "default_folder",
            lambda: self.set_folder(""),
            tip=self.tr("The folder 'backups' beside the database"),
            visible=self.may_configure,
        )
        form.addRow(
            self.tr("Backup folder"),
            hbox((self.folder_edit, 1), self.folder_button, self.default_button, margins=0),
        )
        self.keep_spins: dict[str, QSpinBox] = {}
        keep_row: list[Any] = []
        for key, label, high in (
            (KEEP_SETTINGS[0], self.tr("daily"), 366),
            (KEEP_SETTINGS[1], self.tr("weekly"), 104),
            (KEEP_SETTINGS[2], self.tr("monthly"), 120),
        ):
            spin = QSpinBox(self.where_box)
            spin.setObjectName(key)
            spin.setRange(1 if key == KEEP_SETTINGS[0] else 0, high)
            spin.setReadOnly(not self.may_configure)
            spin.setButtonSymbols(
                QSpinBox.ButtonSymbols.UpDownArrows
                if self.may_configure
                else QSpinBox.ButtonSymbols.NoButtons
            )
            self.keep_spins[key] = spin
            keep_row += [QLabel(label, self.where_box), spin]
        self.keep_button = push_button(
            self.where_box,
            self.tr("Save"),
            "save_keep",
            self.save_keep,
            visible=self.may_configure,
        )
        form.addRow(self.tr("Keep"), hbox(*keep_row, self.keep_button, None, margins=0))

        self.list_box = QGroupBox(self.tr("Backups"), self)
        self.table = QTableWidget(0, 5, self.list_box)
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Taken"),
                self.tr("Size"),
                self.tr("Revision"),
                self.tr("Check"),
                self.tr("File"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.empty_note = QLabel(self.tr("No backup yet."), self.list_box)
        vbox(self.table, self.empty_note, parent=self.list_box)

        self.buttons = QDialogButtonBox(self)
        action = QDialogButtonBox.ButtonRole.ActionRole
        self.backup_button = box_button(
            self.buttons, self.tr("Back up now"), action, "backup_now", self.backup_now
        )
        self.restore_button = box_button(
            self.buttons, self.tr("Restore…"), action, "restore", self.restore_selected
        )
        self.restore_file_button = box_button(
            self.buttons, self.tr("Restore from a file…"), action, "restore_file", self.restore_file
        )
        for button in (self.restore_button, self.restore_file_button):
            button.setVisible(self.may_restore)
        self.close_button = box_button(
            self.buttons,
            self.tr("Close"),
            QDialogButtonBox.ButtonRole.RejectRole,
            "close",
            self.reject,
        )
        never_default(self.buttons)
        vbox(
            self.intro,
            self.messages,
            self.postgres_box,
            self.where_box,
            (self.list_box, 1),
            self.busy_bar,
            self.buttons,
            parent=self,
        )
        self.resize(760, 520)
        self.refresh()

    # --- reading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(backup_status, on_done=self._status_read, on_error=self._failed)

    def _status_read(self, status: BackupStatus) -> None:
        self.busy_bar.finish()
        self.status = status
        sqlite = status.sqlite
        self.postgres_box.setVisible(not sqlite)
        self.pg_dump_line.setText(status.pg_dump or "")
        self.pg_dump_line.setCursorPosition(0)  # the line from its start: "pg_dump …"
        self.pg_dump_line.deselect()
        for widget in (self.intro, self.where_box, self.list_box, self.backup_button):
            widget.setVisible(sqlite)
        for button in (self.restore_button, self.restore_file_button):
            button.setVisible(sqlite and self.may_restore)
        if not sqlite:
            self.close_button.setFocus()
            return
        folder = status.folder
        if status.folder_is_default:
            folder = self.tr("%1 (default)").replace("%1", folder)
        self.folder_edit.setText(folder)
        self.folder_edit.setToolTip(status.folder)
        self.folder_edit.setStyleSheet("" if status.folder_reachable else "color: #b3261e;")
        if not status.folder_reachable:
            self.messages.show_message(
                "warning",
                self.tr("The backup folder cannot be reached: %1").replace("%1", status.folder),
            )
        values = (status.keep_daily, status.keep_weekly, status.keep_monthly)
        for key, value in zip(KEEP_SETTINGS, values, strict=True):
            self.keep_spins[key].setValue(value)
        self._fill(status.backups)

    def _fill(self, rows: tuple[BackupView, ...]) -> None:
        self.table.setRowCount(len(rows))
        for row, backup in enumerate(rows):
            cells = (
                backup.taken_at.strftime(TIME_FORMAT),
                size_text(backup.size),
                backup.revision,
                self.tr("✓ checked") if backup.verified else self.tr("not checked"),
                backup.name,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    item.setTextAlignment(right)
                item.setData(Qt.ItemDataRole.UserRole, backup.path)
                item.setToolTip(backup.path)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(rows))
        self.empty_note.setVisible(not rows)
        self._enable()

    def selected_path(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _enable(self, *_ignored: object) -> None:
        idle = not self.busy_bar.busy
        self.backup_button.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.selected_path() is not None)
        self.restore_file_button.setEnabled(idle)
        for button in (self.folder_button, self.default_button, self.keep_button):
            button.setEnabled(idle)

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self.messages.show_message("error", error_text(exc))

    # --- backing up ------------------------------------------------------------------------------

    def backup_now(self) -> None:
        if self.busy_bar.busy:
            return
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(take_backup, on_done=self._backed_up, on_error=self._failed)

    def _backed_up(self, backup: BackupView) -> None:
        self.busy_bar.finish()
        self.messages.show_message(
            "success",
            self.tr("Backed up and checked: %1 (%2)")
            .replace("%1", backup.path)
            .replace("%2", size_text(backup.size)),
        )
        self.refresh()

    # --- the folder and the rotation -------------------------------------------------------------

    def _pick_folder(self, start: str) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), start)

    def choose_folder(self) -> None:
        start = self.status.folder if self.status is not None else ""
        chosen = self.pick_folder(start)
        if chosen:
            self.set_folder(chosen)

    def set_folder(self, folder: str) -> None:
        if self.busy_bar.busy:
            return
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(
            edit_setting,
            FOLDER_SETTING,
            folder,
            on_done=self._saved,
            on_error=self._setting_failed,
        )

    def save_keep(self) -> None:
        if self.busy_bar.busy:
            return
        self.messages.clear()
        self.busy_bar.start()
        values = {key: spin.value() for key, spin in self.keep_spins.items()}
        self._ctx.call(save_keep, values, on_done=self._saved, on_error=self._setting_failed)

    def _saved(self, _result: object) -> None:
        self.busy_bar.finish()
        self.messages.show_message("success", self.tr("Saved."))
        self.refresh()

    def _setting_failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if isinstance(exc, ValidationFailed):
            self.messages.show_message("error", "\n".join(e.message for e in exc.errors))
        else:
            self.messages.show_message("error", error_text(exc))

    # --- restoring -------------------------------------------------------------------------------

    def _ask(self, path: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Restore a backup"),
            self.tr(
                "Replace the database with the backup %1?\n\nEverything recorded since that "
                "backup is no longer in use (the current database is kept aside in the data "
                "folder). Everyone signs in again afterwards."
            ).replace("%1", Path(path).name),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        yes = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def _pick_file(self, start: str) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Restore from a file"), start, self.tr("Backups (*.sqlite3 *.db)")
        )
        return path

    def restore_selected(self) -> None:
        path = self.selected_path()
        if path:
            self.restore(path)

    def restore_file(self) -> None:
        start = self.status.folder if self.status is not None else ""
        path = self.pick_file(start)
        if path:
            self.restore(path)

    def restore(self, path: str) -> None:
        if self.busy_bar.busy or not self.confirm(path):
            return
        self.messages.show_message(
            "info", self.tr("Checking and restoring %1…").replace("%1", Path(path).name)
        )
        self.busy_bar.start()
        self._ctx.call(restore_backup, Path(path), on_done=self._restored, on_error=self._failed)

    def _restored(self, result: RestoreResult) -> None:
        self.busy_bar.finish()
        self.messages.show_message(
            "success", self.tr("Restored from %1.").replace("%1", Path(result.source).name)
        )
        self.restored.emit(result)


class BackupScheduler(QObject):
    """The day's backup at the first opportunity while a window is open (see the module).
    ``taken`` carries the :class:`BackupView` of a backup it took; ``failed`` the message of
    one that could not be taken (the folder not there, say): the next check tries again."""

    taken = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QObject | None = None,
        *,
        first_delay_ms: int = FIRST_DELAY_MS,
        interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.running = False
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_delay_ms)
        self._first.timeout.connect(self.check)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Only for a SQLite database: a PostgreSQL server is backed up by its own."""
        if self._ctx.db.is_sqlite:
            self._first.start()
            self._timer.start()

    def stop(self) -> None:
        self._first.stop()
        self._timer.stop()

    def check(self) -> None:
        if self.running:
            return
        self.running = True
        self._ctx.worker.submit(
            daily_backup,
            self._ctx.db,
            on_done=weak_callback(self._done),
            on_error=weak_callback(self._failed),
        )

    def _done(self, backup: BackupView | None) -> None:
        self.running = False
        if backup is not None:
            self.taken.emit(backup)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        log.warning("the daily backup failed: %s", exc)
        self.failed.emit(error_text(exc))
