"""系统管理 → 审计日志: the audit records filtered by user, action, entity and a range of days,
newest first, at most the newest 500 (services.admin.audit_log.DEFAULT_LIMIT; the note says
when more match), and their export to .xlsx (every match; ``audit.view``, on the worker).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import AuditChoices
from kehu_desktop.dto import AuditFilter
from kehu_desktop.dto import AuditPage
from kehu_desktop.services.admin import audit_choices
from kehu_desktop.services.admin import audit_records
from kehu_desktop.services.admin import export_audit
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import ask_save_path
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.shell.audit_words import action_label
from kehu_desktop.views.shell.audit_words import change_text

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AuditTab(QWidget):
    """The filters above, the records below, 导出 at the end of the filters."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_tab")
        self._ctx = ctx
        self.page: AuditPage | None = None
        #: Asks where to save; a test answers instead of the file dialog.
        self.ask_path: Callable[[str], Path | None] = self._ask_path
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(self._enable)

        self.user = self._combo("user")
        self.action = self._combo("action")
        self.entity = self._combo("entity")
        today = ctx.db.clock.today()
        self.use_dates = QCheckBox(self.tr("From"), self)
        self.use_dates.setObjectName("use_dates")
        self.date_from = QDateEdit(_qdate(today.replace(day=1)), self)
        self.date_to = QDateEdit(_qdate(today), self)
        for name, edit in (("date_from", self.date_from), ("date_to", self.date_to)):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self.refresh)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.search_button = push_button(self, self.tr("Search"), "search", self.refresh)
        self.export_button = push_button(self, self.tr("Export to Excel…"), "export", self.export)
        filters = hbox(
            QLabel(self.tr("User"), self),
            self.user,
            QLabel(self.tr("Action"), self),
            self.action,
            QLabel(self.tr("Entity"), self),
            self.entity,
            self.use_dates,
            self.date_from,
            QLabel(self.tr("to"), self),
            self.date_to,
            self.search_button,
            None,
            self.export_button,
            margins=0,
        )

        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("audit_records")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("User"),
                self.tr("Action"),
                self.tr("Entity"),
                self.tr("Record"),
                self.tr("Change"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.count_note = QLabel(self)
        self.count_note.setObjectName("count_note")
        vbox(
            filters,
            self.messages,
            (self.table, 1),
            self.count_note,
            self.busy_bar,
            parent=self,
        )
        self._loaded_choices = False

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(self.tr("(all)"), None)
        combo.setMinimumContentsLength(10)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.currentIndexChanged.connect(self.refresh)
        return combo

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.refresh()

    # --- reading ---------------------------------------------------------------------------

    def wanted(self) -> AuditFilter:
        def day(edit: QDateEdit) -> date | None:
            if not self.use_dates.isChecked():
                return None
            value = edit.date().toPython()
            assert isinstance(value, date)
            return value

        return AuditFilter(
            username=self.user.currentData(),
            action=self.action.currentData(),
            entity=self.entity.currentData(),
            date_from=day(self.date_from),
            date_to=day(self.date_to),
        )

    def refresh(self, *_ignored: object) -> None:
        if not self._loaded_choices:
            self._loaded_choices = True
            self._ctx.call(audit_choices, on_done=self._choices_read, on_error=self._failed)
        self.busy_bar.start()
        self._ctx.call(audit_records, self.wanted(), on_done=self._read, on_error=self._failed)

    def _choices_read(self, choices: AuditChoices) -> None:
        for combo, values in (
            (self.user, choices.usernames),
            (self.action, choices.actions),
            (self.entity, choices.entities),
        ):
            combo.blockSignals(True)
            current = combo.currentData()
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(action_label(value) if combo is self.action else value, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _read(self, page: AuditPage) -> None:
        self.busy_bar.finish()
        self.messages.clear()
        self.page = page
        self.table.setRowCount(len(page.entries))
        for row, entry in enumerate(page.entries):
            by = f"{entry.username} ({entry.origin})" if entry.origin else entry.username
            cells = (
                local_time(entry.at, TIME_FORMAT),
                by,
                action_label(entry.action),
                entry.entity or "",
                entry.entity_id or "",
                change_text(entry.before, entry.after, entry.detail),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setToolTip(entry.action)
                elif column == 5:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        if page.total > len(page.entries):
            note = self.tr(
                "The newest %1 of %2 records are shown; narrow the filter to see older ones, "
                "or export them all."
            )
            note = note.replace("%1", str(len(page.entries))).replace("%2", str(page.total))
        else:
            note = self.tr("%1 records.").replace("%1", str(page.total))
        self.count_note.setText(note)
        self._enable()

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if isinstance(exc, ValidationFailed):
            self.messages.show_message("error", "\n".join(e.message for e in exc.errors))
        else:
            self.messages.show_message("error", error_text(exc))

    def _enable(self, *_ignored: object) -> None:
        idle = not self.busy_bar.busy
        self.export_button.setEnabled(idle and self.page is not None and self.page.total > 0)

    # --- export ----------------------------------------------------------------------------

    def _ask_path(self, default: str) -> Path | None:
        return ask_save_path(
            self, self.tr("Export the audit records"), default, self.tr("Excel (*.xlsx)"), ".xlsx"
        )

    def export(self) -> None:
        if self.busy_bar.busy:
            return
        today = self._ctx.db.clock.today()
        path = self.ask_path(f"审计记录-{today:%Y%m%d}.xlsx")
        if path is None:
            return
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(
            export_audit,
            self.wanted(),
            path,
            on_done=lambda count: self._exported(path, count),
            on_error=self._failed,
        )

    def _exported(self, path: Path, count: int) -> None:
        self.busy_bar.finish()
        self.messages.show_message(
            "success",
            self.tr("%1 records exported to %2.")
            .replace("%1", str(count))
            .replace("%2", str(path)),
        )
