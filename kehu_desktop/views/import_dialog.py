"""Importing customer files from CSV/XLSX: check the whole file first, import only a clean one.

Choosing a file runs a dry run on the DB worker and lists every problem (row, column, message)
so the clerk can fix the spreadsheet; the Import button is enabled only for a file without
problems. The real import is all or nothing, as the service guarantees.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.services.context import Actor
from kehu_desktop.views.context import AppContext
from kehu_desktop.views.customer_terms import FIELD_LABELS, field_label
from kehu_desktop.views.errors import error_text, weak_callback
from kehu_desktop.views.field_widgets import Banner, BusyBar

if TYPE_CHECKING:
    from kehu_desktop.services.importing import ImportReport, RowError

log = logging.getLogger(__name__)


def check_file(db: Database, actor: Actor, path: Path, dry_run: bool) -> ImportReport:
    """Runs on the worker. The importer is imported here, not at start-up: it pulls in openpyxl."""
    from kehu_desktop.services.importing import import_customers

    return import_customers(db, actor, path, dry_run=dry_run)


def save_template(path: Path) -> Path:
    from kehu_desktop.services.importing import write_template

    return write_template(path)


class ImportDialog(QDialog):
    """Choose a file → preview of every problem → Import (enabled only without problems)."""

    customersImported = Signal(int)  # how many customers were created

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._path: Path | None = None
        self._importable = False
        self._busy = False
        self._saved_template: Path | None = None
        self.setObjectName("import_dialog")
        self.setWindowTitle(self.tr("Import customers"))
        self.resize(820, 560)

        intro = QLabel(
            self.tr(
                "Import new customers (as prospects) from a CSV or Excel (.xlsx) file. "
                "The whole file is checked first; nothing is imported until every row is correct."
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
        self.choose_button = QPushButton(self.tr("Choose file…"), self)
        self.choose_button.setObjectName("choose")
        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button = QPushButton(self.tr("Check again"), self)
        self.recheck_button.setObjectName("recheck")
        self.recheck_button.setToolTip(self.tr("After correcting the file, check it again"))
        self.recheck_button.clicked.connect(self.check)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(self.tr("File:"), self))
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.recheck_button)

        self.busy_bar = BusyBar(self)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.messages.linkActivated.connect(self._open_template)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        summary_font = self.summary.font()
        summary_font.setBold(True)
        self.summary.setFont(summary_font)
        self.errors_table = QTableWidget(0, 3, self)
        self.errors_table.setObjectName("errors")
        self.errors_table.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Column"), self.tr("Problem")]
        )
        self.errors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors_table.setWordWrap(True)
        self.errors_table.verticalHeader().hide()
        # Row heights follow the wrapped messages whatever the width (no stale heights).
        self.errors_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        header = self.errors_table.horizontalHeader()
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.rows_hint = QLabel(
            self.tr(
                "Row 1 is the first row under the header (row 2 in "
                "Excel); row 0 is the header or the file itself."
            ),
            self,
        )
        self.rows_hint.setStyleSheet("color: #666;")

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("import")
        self.import_button.clicked.connect(self.run_import)
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.reject)
        for button in (self.import_button, self.close_button):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(template)
        layout.addLayout(file_row)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.messages)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors_table, 1)
        layout.addWidget(self.rows_hint)
        layout.addWidget(self.buttons)
        self._show_errors([])
        self._update_buttons()
        if not ctx.actor.can("customer.import"):
            self.choose_button.setEnabled(False)
            self.messages.show_message(
                "info",
                self.tr("Your role cannot import customers; ask a clerk or the sales manager."),
            )

    # --- state -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        if busy and text:
            self.summary.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        allowed = self._ctx.actor.can("customer.import")
        self.choose_button.setEnabled(allowed and not self._busy)
        self.recheck_button.setEnabled(allowed and not self._busy and self._path is not None)
        self.import_button.setEnabled(allowed and not self._busy and self._importable)
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

    def check(self) -> None:
        if self._path is None or self._busy:
            return
        self._importable = False
        self.messages.clear()
        self._show_errors([])
        self._set_busy(True, self.tr("Checking the file…"))
        self._ctx.worker.submit(
            check_file,
            self._ctx.db,
            self._ctx.actor,
            self._path,
            True,
            on_done=weak_callback(self._checked),
            on_error=weak_callback(self._failed),
        )

    def _checked(self, report: ImportReport) -> None:
        self._set_busy(False)
        errors = list(report.errors)
        self._show_errors(errors)
        self._importable = not errors and report.ok > 0
        if errors:
            self.summary.setText(
                self.tr(
                    "{ok} row(s) are correct. {problems} problem(s) must be corrected in the file "
                    "before anything can be imported:"
                ).format(ok=report.ok, problems=len(errors))
            )
        elif report.ok:
            self.summary.setText(
                self.tr(
                    "All {ok} row(s) are correct. Click Import to create them as prospects."
                ).format(ok=report.ok)
            )
        else:
            self.summary.setText(self.tr("The file holds no customer rows."))
        self._update_buttons()

    def _show_errors(self, errors: list[RowError]) -> None:
        self.errors_table.setRowCount(len(errors))
        for row, error in enumerate(errors):
            cells = (str(error.row), self._column_text(error.field), error.message)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.errors_table.setItem(row, column, item)
        self.errors_table.setVisible(bool(errors))
        self.rows_hint.setVisible(bool(errors))

    def _column_text(self, field: str) -> str:
        if field == "file":
            return self.tr("(whole file)")
        if field == "row":
            return self.tr("(whole row)")
        if field in FIELD_LABELS:
            return field_label(field)
        return field  # an unknown column: its header as written in the file

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.summary.clear()
        if not isinstance(exc, KehuError):
            log.error("import failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- importing ---------------------------------------------------------------------------

    def run_import(self) -> None:
        if not self._importable or self._busy or self._path is None:
            return
        self._importable = False
        self._set_busy(True, self.tr("Importing…"))
        self._ctx.worker.submit(
            check_file,
            self._ctx.db,
            self._ctx.actor,
            self._path,
            False,
            on_done=weak_callback(self._imported),
            on_error=weak_callback(self._failed),
        )

    def _imported(self, report: ImportReport) -> None:
        if report.errors:  # the data changed since the check (a credit code taken meanwhile)
            self._checked(report)
            self.messages.show_message("error", self.tr("Nothing was imported."))
            return
        self._set_busy(False)
        count = len(report.created) or report.ok
        self.summary.setText(
            self.tr("{count} customer(s) imported as prospects.").format(count=count)
        )
        self.messages.show_message(
            "success", self.tr("Imported {count} customer(s).").format(count=count)
        )
        self.customersImported.emit(count)

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
