"""Importing customer files from CSV/XLSX: check the whole file first, import only a clean one.

Choosing a file runs a dry run on the DB worker. It lists every problem (row as Excel shows it,
column, message) so the clerk can fix the spreadsheet, and what happens to each row: a new
customer, or a duplicate of a customer the branch has (or of an earlier row) that is skipped.
The clerk may choose to update the existing files from the duplicates instead. The Import button
is enabled only for a file without problems and with something to write; the real import is all
or nothing, as the service guarantees, and its result lists created, updated and skipped rows.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtCore import QUrl
from PySide6.QtCore import Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.services.base import Actor
from kehu_desktop.views.customers.customer_terms import FIELD_LABELS
from kehu_desktop.views.customers.customer_terms import field_label
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.buttons import never_default
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

if TYPE_CHECKING:
    from kehu_desktop.services.customers import ImportReport
    from kehu_desktop.services.customers import RowError
    from kehu_desktop.services.customers import RowResult

log = logging.getLogger(__name__)

# services.importing's action names and header problems, without importing it at start-up
# (tests/test_views_dialogs.py checks they agree).
CREATE, UPDATE, SKIP = "create", "update", "skip"
_HEADER_CODES = ("import.missing_column", "import.unknown_column", "import.duplicate_column")


def check_file(
    db: Database,
    actor: Actor,
    path: Path,
    dry_run: bool,
    update_existing: bool = False,
    seen: dict[uuid.UUID, int] | None = None,
) -> ImportReport:
    """Runs on the worker. The importer is imported here, not at start-up: it pulls in the
    matching (pypinyin) and, for .xlsx files, openpyxl."""
    from kehu_desktop.services.customers import import_customers  # lazy: see the docstring

    return import_customers(
        db, actor, path, dry_run=dry_run, update_existing=update_existing, seen=seen
    )


def save_template(path: Path) -> Path:
    from kehu_desktop.services.customers import write_template  # lazy: as above

    return write_template(path)


class ImportDialog(QDialog):
    """Choose a file → preview of every problem and of every row's fate → Import (enabled only
    without problems) → the result, row by row."""

    customersImported = Signal(int)  # how many customer files were written (created + updated)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._path: Path | None = None
        self._report: ImportReport | None = None  # the last dry run, the one the clerk sees
        self._importable = False
        self._busy = False
        self._saved_template: Path | None = None
        self.setObjectName("import_dialog")
        self.setWindowTitle(self.tr("Import customers"))
        self.resize(860, 620)

        intro = QLabel(
            self.tr(
                "Import customers from a CSV or Excel (.xlsx) file; new ones become prospects. "
                "The whole file is checked first; nothing is imported until every row is correct. "
                "Rows that repeat a customer you already have are skipped, unless you choose to "
                "update that customer's file from them."
            ),
            self,
        )
        intro.setWordWrap(True)
        link_text = self.tr("Save the import template…")
        template = QLabel(f'<a href="template">{link_text}</a>', self)
        template.setObjectName("template_link")
        template.linkActivated.connect(self.save_template)

        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("file")
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("No file chosen"))
        self.choose_button = push_button(self, self.tr("Choose file…"), "choose", self.choose_file)
        self.recheck_button = push_button(self, self.tr("Check again"), "recheck", self.check)
        self.recheck_button.setToolTip(self.tr("After correcting the file, check it again"))
        file_row = hbox(
            QLabel(self.tr("File:"), self),
            (self.file_edit, 1),
            self.choose_button,
            self.recheck_button,
        )

        self.update_check = QCheckBox(
            self.tr(
                "Update the existing customer files from duplicate rows instead of skipping them "
                "(filled cells only; the status never changes)"
            ),
            self,
        )
        self.update_check.setObjectName("update_existing")
        self.update_check.toggled.connect(self._update_toggled)

        self.busy_bar = BusyBar(self)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.messages.linkActivated.connect(self._open_template)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        emphasise(self.summary)

        self.errors_caption = QLabel(self.tr("Problems to correct in the file"), self)
        self.errors_table = self._table(
            "errors", [self.tr("Row"), self.tr("Column"), self.tr("Problem")]
        )
        self.rows_caption = QLabel(self.tr("What happens to each row"), self)
        self.rows_table = self._table(
            "rows", [self.tr("Row"), self.tr("Customer"), self.tr("Result"), self.tr("Details")]
        )
        for caption in (self.errors_caption, self.rows_caption):
            emphasise(caption)
        self.rows_hint = QLabel(
            self.tr("Rows are numbered as Excel and WPS show them (the header is usually row 1)."),
            self,
        )
        self.rows_hint.setObjectName("rows_hint")
        self.rows_hint.setStyleSheet("color: #666;")

        self.buttons = QDialogButtonBox(self)
        role = QDialogButtonBox.ButtonRole
        self.import_button = box_button(
            self.buttons, self.tr("Import"), role.AcceptRole, "import", self.run_import
        )
        self.close_button = box_button(
            self.buttons, self.tr("Close"), role.RejectRole, "close", self.reject
        )
        never_default(self.buttons)

        vbox(
            intro,
            template,
            file_row,
            self.update_check,
            self.busy_bar,
            self.messages,
            self.summary,
            self.errors_caption,
            (self.errors_table, 1),
            self.rows_caption,
            (self.rows_table, 2),
            self.rows_hint,
            self.buttons,
            parent=self,
        )
        self._set_summary("")
        self._show_report(None)
        self._update_buttons()
        if not ctx.actor.can("customer.import"):
            self.choose_button.setEnabled(False)
            self.messages.show_message(
                "info",
                self.tr("Your role cannot import customers; ask a clerk or the sales manager."),
            )

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        # Row heights follow the wrapped messages whatever the width (no stale heights).
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = table.horizontalHeader()
        header.setMinimumSectionSize(48)
        last = len(headers) - 1
        for column in range(last):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
        return table

    # --- state -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def update_existing(self) -> bool:
        return self.update_check.isChecked()

    def _set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        if busy and text:
            self._set_summary(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        allowed = self._ctx.actor.can("customer.import")
        self.choose_button.setEnabled(allowed and not self._busy)
        self.recheck_button.setEnabled(allowed and not self._busy and self._path is not None)
        self.import_button.setEnabled(allowed and not self._busy and self._importable)
        self.update_check.setEnabled(
            allowed and self._ctx.actor.can("customer.edit") and not self._busy
        )
        self.close_button.setEnabled(not self._busy)

    # --- checking ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the customer file to import"),
            str(Path.home()),
            self.tr("Customer lists (*.csv *.xlsx);;All files (*)"),
        )
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> None:
        """Take ``path`` and check it at once (a dry run: nothing is written)."""
        self._path = path
        self.file_edit.setText(str(path))
        self.check()

    def _update_toggled(self, _checked: bool) -> None:
        self.check()  # the preview shows what this choice does

    def check(self) -> None:
        if self._path is None or self._busy:
            return
        self._importable = False
        self._report = None
        self.messages.clear()
        self._show_report(None)
        self._set_busy(True, self.tr("Checking the file…"))
        self._ctx.call(
            check_file,
            self._path,
            True,
            self.update_existing,
            on_done=self._checked,
            on_error=self._failed,
        )

    def _checked(self, report: ImportReport) -> None:
        self._set_busy(False)
        self._report = report
        self._show_report(report)
        created, updated, skipped = self._counts(report)
        self._importable = not report.errors and created + updated > 0
        if report.errors:
            self._set_summary(
                self.tr(
                    "{ok} row(s) are correct. {problems} problem(s) must be corrected in the file "
                    "before anything can be imported."
                ).format(ok=report.ok, problems=len(report.errors))
            )
        elif created + updated:
            self._set_summary(
                self.tr(
                    "Ready: {created} new customer(s), {updated} to update, {skipped} duplicate "
                    "row(s) skipped. Click Import to write them."
                ).format(created=created, updated=updated, skipped=skipped)
            )
        elif skipped:
            self._set_summary(
                self.tr(
                    "Nothing to import: all {skipped} row(s) repeat customers you already have "
                    "(or earlier rows)."
                ).format(skipped=skipped)
            )
        else:
            self._set_summary(self.tr("The file holds no customer rows."))
        offer = not report.errors and self._repeats_existing(report) and not self.update_existing
        if offer and self.update_check.isEnabled():
            self.messages.show_message(
                "info",
                self.tr(
                    "Some rows repeat customers you already have and will be skipped. To update "
                    "those customers' files from the file instead, tick “Update the existing "
                    "customer files”."
                ),
            )
        self._update_buttons()

    @staticmethod
    def _counts(report: ImportReport) -> tuple[int, int, int]:
        created, updated, skipped = (len(report.with_action(a)) for a in (CREATE, UPDATE, SKIP))
        return created, updated, skipped

    @staticmethod
    def _repeats_existing(report: ImportReport) -> bool:
        return any(
            r.duplicate is not None and r.duplicate.row is None and r.action != UPDATE
            for r in report.rows
        )

    def _show_report(self, report: ImportReport | None) -> None:
        errors = list(report.errors) if report else []
        whole_file = [e for e in errors if e.row is None]
        for error in whole_file:  # a sentence about the file, not a row of the table
            self.messages.show_message("error", error.message)
        self._show_errors([e for e in errors if e.row is not None])
        self._show_rows(list(report.rows) if report else [])
        self.rows_hint.setVisible(self.errors_table.isVisible() or self.rows_table.isVisible())

    def _show_errors(self, errors: list[RowError]) -> None:
        self.errors_table.setRowCount(len(errors))
        for row, error in enumerate(errors):
            self._set_row(
                self.errors_table, row, [str(error.row), self._column_text(error), error.message]
            )
        self.errors_table.setVisible(bool(errors))
        self.errors_caption.setVisible(bool(errors))

    def _show_rows(self, results: list[RowResult]) -> None:
        self.rows_table.setRowCount(len(results))
        for row, result in enumerate(results):
            cells = [str(result.row), result.name, self._action_text(result), result.message]
            self._set_row(self.rows_table, row, cells)
            if result.action == SKIP:
                for column in range(len(cells)):
                    item = self.rows_table.item(row, column)
                    if item is not None:
                        item.setForeground(Qt.GlobalColor.darkGray)
        self.rows_table.setVisible(bool(results))
        self.rows_caption.setVisible(bool(results))

    def _set_row(self, table: QTableWidget, row: int, cells: list[str]) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)

    def _action_text(self, result: RowResult) -> str:
        if result.action == CREATE:
            return self.tr("New")
        if result.action == UPDATE:
            return self.tr("Update")
        return self.tr("Skipped (duplicate)")

    def _column_text(self, error: RowError) -> str:
        if error.field is None:
            return self.tr("(whole row)")
        # A known field by its label; an unknown column by its header as written in the file.
        column = field_label(error.field) if error.field in FIELD_LABELS else error.field
        if error.code in _HEADER_CODES:
            return self.tr("{column} (header)").format(column=column)
        return column

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._set_summary("")
        if not isinstance(exc, KehuError):
            log.error("import failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- importing ---------------------------------------------------------------------------

    def run_import(self) -> None:
        if not self._importable or self._busy or self._path is None or self._report is None:
            return
        self._importable = False
        self._set_busy(True, self.tr("Importing…"))
        self._ctx.call(
            check_file,
            self._path,
            False,
            self._report.update_existing,
            self._report.seen_versions,  # a customer changed since the check is refused
            on_done=self._imported,
            on_error=self._failed,
        )

    def _imported(self, report: ImportReport) -> None:
        if report.errors:  # the data changed since the check (a credit code taken meanwhile)
            self._checked(report)
            self.messages.show_message(
                "error", self.tr("Nothing was imported. Check the file again and retry.")
            )
            return
        self._set_busy(False)
        self._report = None
        self._show_report(report)
        created, updated, skipped = self._counts(report)
        text = self.tr(
            "Imported: {created} new customer(s) (prospects), {updated} updated, {skipped} "
            "duplicate row(s) skipped."
        ).format(created=created, updated=updated, skipped=skipped)
        self._set_summary("")  # the banner says it
        self.messages.show_message("success", text)
        self.customersImported.emit(created + updated)

    # --- template ----------------------------------------------------------------------------

    def save_template(self) -> None:
        default = Path.home() / self.tr("customer import template.xlsx")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the import template"),
            str(default),
            self.tr("Excel workbook (*.xlsx);;CSV file (*.csv)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
        self._set_busy(True, "")
        self._ctx.worker.submit(
            save_template,
            target,
            on_done=weak_callback(self._template_saved),
            on_error=weak_callback(self._failed),
        )

    def _template_saved(self, path: Path) -> None:
        self._set_busy(False)
        self._saved_template = path
        self.messages.show_message(
            "success",
            self.tr("Template saved: {path}").format(path=str(path)),
            [("open", self.tr("Open the template"))],
        )

    def _open_template(self, link: str) -> None:
        if link == "open" and self._saved_template is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._saved_template)))

    def reject(self) -> None:
        if not self._busy:  # an import in progress finishes first (it is all or nothing)
            super().reject()
