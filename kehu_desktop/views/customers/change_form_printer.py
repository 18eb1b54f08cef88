"""A year and a button that save the customer change form (客户增减变动表) of that year as a PDF.

Fetching the entries and rendering the PDF run on the DB worker; the file is then offered for
preview (the system's PDF viewer prints it too).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtCore import Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QWidget

from kehu_desktop.views.customers.approval_tasks import write_change_form
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.field_widgets import ask_save_path
from kehu_desktop.views.kit.layouts import hbox


class ChangeFormPrinter(QWidget):
    """Hidden for roles that may not print the form."""

    changeFormSaved = Signal(object, int)  # the PDF's Path, the number of entries
    printFailed = Signal(object)  # the exception

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.last_saved: Path | None = None
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(self._ctx.db.clock.today().year)
        year_label = QLabel(self.tr("Year"), self)
        year_label.setBuddy(self.year)
        self.button = push_button(
            self, self.tr("Print customer change form"), "print_change_form", self.print_change_form
        )
        hbox(year_label, self.year, self.button, parent=self, margins=0)
        self.setVisible(ctx.actor.can("change_form.print"))

    def print_change_form(self) -> None:
        year = self.year.value()
        default = Path.home() / self.tr("customer change form {year}.pdf").format(year=year)
        target = ask_save_path(
            self,
            self.tr("Save the customer change form"),
            str(default),
            self.tr("PDF files (*.pdf)"),
            ".pdf",
        )
        if target is None:
            return
        self.button.setEnabled(False)
        self._ctx.call(
            write_change_form,
            year,
            target,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, result: tuple[Path, int]) -> None:
        path, count = result
        self.button.setEnabled(True)
        self.last_saved = path
        self.changeFormSaved.emit(path, count)

    def _failed(self, exc: Exception) -> None:
        self.button.setEnabled(True)
        self.printFailed.emit(exc)

    def open_last(self) -> None:
        """Open the last saved form in the system's PDF viewer (to preview and print it)."""
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved)))
