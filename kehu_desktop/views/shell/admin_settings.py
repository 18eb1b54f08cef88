"""系统管理 → 参数设置: every setting of the rule book (services.admin.settings RULES) with its
value, default and owner, edited in place.

A value is typed in its row; the service checks it (``edit_setting``: the setting's own check,
the owner, ``settings.edit``) and its refusal is shown in that row's 提示 column, the cell marked.
Head office's settings are read-only at a registered branch (they come down by sync) and the
branch's at head office. Two values are not one number:

* 分级回款时限 (``remittance.levels``): typed as ``threshold:hours`` pairs separated by ";",
  e.g. ``50000:48; 100000:24``;
* 拜访频次表 (``visit.schedule``): edited in a small grid (grade × visiting role) opened from the
  row; each cell "15d", "3m" or empty.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.visits import VISITING_ROLES
from kehu_desktop.dto import Owner
from kehu_desktop.dto import SettingView
from kehu_desktop.services.admin import edit_setting
from kehu_desktop.services.admin import list_settings
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.i18n import role_label
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.service_dialog import ServiceDialog

LEVELS = "remittance.levels"
SCHEDULE = "visit.schedule"
LABEL, VALUE, DEFAULT, OWNER, NOTE = range(5)


def value_text(key: str, value: Any) -> str:
    """A setting's value as it is shown and typed."""
    if value is None:
        return ""
    if key == LEVELS and isinstance(value, list):
        pairs = []
        for level in value:
            if isinstance(level, dict):
                pairs.append(f"{level.get('threshold')}:{level.get('hours')}")
            else:
                pairs.append(":".join(str(v) for v in level))
        return "; ".join(pairs)
    if key == SCHEDULE and isinstance(value, dict):
        return " | ".join(
            f"{grade}: " + " ".join(v or "-" for v in (row or {}).values())
            for grade, row in sorted(value.items())
        )
    return str(value)


def typed_value(key: str, text: str) -> Any:
    """What was typed, as the service takes it; the levels as pairs (what cannot be read is
    passed on as typed, and the service's check says what is wrong with it)."""
    if key != LEVELS:
        return text.strip()
    pairs: list[list[str]] = []
    for part in text.replace("；", ";").replace("：", ":").split(";"):
        if not part.strip():
            continue
        bits = part.split(":")
        if len(bits) != 2:
            return text
        pairs.append([bits[0].strip(), bits[1].strip()])
    return pairs


class ScheduleDialog(ServiceDialog):
    """拜访频次表: one row per customer grade, one column per visiting role."""

    def __init__(
        self, ctx: AppContext, setting: SettingView, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, setting.label, parent, ok_text=self.tr("Save"))
        self.setObjectName("schedule_dialog")
        self.setting = setting
        self.set_intro(
            self.tr(
                "How often each role visits a customer of each grade: a number of days (15d) "
                "or months (3m); empty: that role does not visit that grade."
            )
        )
        self.grid = QTableWidget(5, len(VISITING_ROLES), self)
        self.grid.setObjectName("schedule")
        self.grid.setHorizontalHeaderLabels([role_label(r) for r in VISITING_ROLES])
        self.grid.setVerticalHeaderLabels(
            [self.tr("Grade %1").replace("%1", str(g)) for g in range(1, 6)]
        )
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        value = setting.value if isinstance(setting.value, dict) else {}
        for g in range(5):
            row = value.get(str(g + 1)) or {}
            for c, role in enumerate(VISITING_ROLES):
                self.grid.setItem(g, c, QTableWidgetItem(row.get(role.value) or ""))
        self.grid.setMinimumHeight(200)
        self.add_field(setting.key, "", self.grid)
        self.resize(720, 360)

    def schedule(self) -> dict[str, dict[str, str | None]]:
        out: dict[str, dict[str, str | None]] = {}
        for g in range(5):
            row: dict[str, str | None] = {}
            for c, role in enumerate(VISITING_ROLES):
                item = self.grid.item(g, c)
                row[role.value] = (item.text().strip() if item else "") or None
            out[str(g + 1)] = row
        return out

    def submit(self) -> None:
        ctx = self._ctx
        self.run(edit_setting, ctx.db, ctx.actor, self.setting.key, self.schedule())


class SettingsTab(QWidget):
    """The settings, one per row; the value edited in place where it may be changed here."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_tab")
        self._ctx = ctx
        self.settings: list[SettingView] = []
        self._filling = False
        self.may_edit = ctx.actor.can("settings.edit")
        self.schedule_dialog: ScheduleDialog | None = None
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        where = self.tr("head office") if ctx.head_office else self.tr("this branch")
        self.note = QLabel(
            self.tr(
                "Double-click a value to change it. Only the settings owned by %1 can be "
                "changed here; the others are shown read-only (grey)."
            ).replace("%1", where)
            if self.may_edit
            else self.tr("Only an administrator can change the settings."),
            self,
        )
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("settings")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Setting"),
                self.tr("Value"),
                self.tr("Default"),
                self.tr("Set by"),
                self.tr("Note"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        for column in (LABEL, OWNER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (VALUE, DEFAULT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(VALUE, 200)
        self.table.setColumnWidth(DEFAULT, 160)
        self.table.setWordWrap(False)
        self.table.itemChanged.connect(self._edited)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.schedule_button = push_button(
            self, self.tr("Visit schedule…"), "edit_schedule", self.edit_schedule
        )
        vbox(
            self.note,
            self.messages,
            (self.table, 1),
            hbox(self.schedule_button, None, margins=0),
            self.busy_bar,
            parent=self,
        )

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(list_settings, on_done=self._read, on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self.messages.show_message("error", error_text(exc))

    def editable(self, setting: SettingView) -> bool:
        return self.may_edit and setting.editable_here

    def _read(self, settings: list[SettingView]) -> None:
        self.busy_bar.finish()
        self.settings = list(settings)
        self._filling = True
        self.table.setRowCount(len(settings))
        for row, setting in enumerate(settings):
            self._fill_row(row, setting)
        self._filling = False
        schedule = self.setting(SCHEDULE)
        self.schedule_button.setEnabled(schedule is not None and self.editable(schedule))

    def _fill_row(self, row: int, setting: SettingView, note: str = "") -> None:
        owner = self.tr("Head office") if setting.owner is Owner.HEAD_OFFICE else self.tr("Branch")
        cells = (
            setting.label,
            value_text(setting.key, setting.value),
            value_text(setting.key, setting.default),
            owner,
            note,
        )
        editable = self.editable(setting) and setting.key != SCHEDULE
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, setting.key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if column == VALUE and editable:
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            if not self.editable(setting):
                item.setForeground(Qt.GlobalColor.gray)
            if column in (LABEL, VALUE, DEFAULT):
                item.setToolTip(f"{setting.key}\n{text}")
            self.table.setItem(row, column, item)

    def setting(self, key: str) -> SettingView | None:
        return next((s for s in self.settings if s.key == key), None)

    def row_of(self, key: str) -> int:
        return next(i for i, s in enumerate(self.settings) if s.key == key)

    def note_of(self, key: str) -> str:
        item = self.table.item(self.row_of(key), NOTE)
        return item.text() if item else ""

    # --- editing ---------------------------------------------------------------------------

    def set_value(self, key: str, text: str) -> None:
        """Type ``text`` into the row of ``key`` (what a double-click and typing do)."""
        item = self.table.item(self.row_of(key), VALUE)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
            item.setText(text)

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != VALUE:
            return
        key = str(item.data(Qt.ItemDataRole.UserRole))
        setting = self.setting(key)
        if setting is None or item.text() == value_text(key, setting.value):
            return
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(
            edit_setting,
            key,
            typed_value(key, item.text()),
            on_done=self._saved,
            on_error=lambda exc: self._refused(key, exc),
        )

    def _saved(self, view: SettingView) -> None:
        self.busy_bar.finish()
        self.settings[self.row_of(view.key)] = view
        self._filling = True
        self._fill_row(self.row_of(view.key), view, self.tr("Saved"))
        self._filling = False
        self.messages.show_message(
            "success",
            self.tr("%1 is now %2.")
            .replace("%1", view.label)
            .replace("%2", value_text(view.key, view.value)),
        )

    def _refused(self, key: str, exc: Exception) -> None:
        self.busy_bar.finish()
        row = self.row_of(key)
        self._filling = True
        note = QTableWidgetItem(error_text(exc))
        note.setForeground(Qt.GlobalColor.red)
        note.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        note.setToolTip(error_text(exc))
        self.table.setItem(row, NOTE, note)
        value = self.table.item(row, VALUE)
        if value is not None:
            value.setForeground(Qt.GlobalColor.red)
            value.setToolTip(error_text(exc))
        self._filling = False
        self.table.selectRow(row)
        self.messages.show_message("error", self.tr("Not saved: %1").replace("%1", error_text(exc)))

    def _double_clicked(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.settings) and self.settings[row].key == SCHEDULE:
            self.edit_schedule()

    def edit_schedule(self) -> ScheduleDialog | None:
        setting = self.setting(SCHEDULE)
        if setting is None or not self.editable(setting):
            return None
        dialog = ScheduleDialog(self._ctx, setting, self)
        dialog.saved.connect(self._saved)
        self.schedule_dialog = dialog
        dialog.open()
        return dialog
