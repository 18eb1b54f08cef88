"""The receipt of a payment (收款收据) inside the app: preview, print off the GUI thread, save.

The PDF comes from ``services.payments.payment_receipt_pdf`` (A5 landscape, audited by the
service). Printing hands it to the spooler on the printing thread of slips/print_jobs.py with the
chosen profile's queue and A5 paper; a failed print shows the reason and is retried as it was.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services.base import Actor
from kehu_desktop.services.payments import payment_receipt_pdf
from kehu_desktop.services.slips import printers
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import ask_pdf_path
from kehu_desktop.views.kit.pdf_preview import PreviewDialog
from kehu_desktop.views.slips import PrintJobRunner
from kehu_desktop.views.slips import default_spooler

RECEIPT_PAPER = "A5"  # printing.receipt lays the receipt out on A5 landscape


def load_receipt(
    db: Database, actor: Actor, payment_id: uuid.UUID
) -> tuple[bytes, list[PrinterProfileView]]:
    """Runs on the DB worker: the receipt and the printer profiles to choose a printer from."""
    return payment_receipt_pdf(db, actor, payment_id), printers.list_profiles(db, actor)


class ReceiptPrinting(QObject):
    """The preview dialog of one receipt and what its buttons ask for."""

    receiptPrinted = Signal(str)  # the spooler's job id
    receiptSaved = Signal(str)  # the file

    def __init__(
        self,
        ctx: AppContext,
        payment_id: uuid.UUID,
        number: str,
        *,
        spooler: Spooler | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._number = number
        self._spooler = spooler
        self.pdf: bytes | None = None
        self.dialog = PreviewDialog(
            title=self.tr("Receipt %1").replace("%1", number),
            can_print=ctx.actor.can("payment.record"),
            parent=parent,
        )
        self.dialog.setObjectName("receipt_preview")
        self.setParent(self.dialog)
        self.runner = PrintJobRunner(self)
        self.runner.printStarted.connect(
            lambda label: self.dialog.set_busy(True, self.tr("Printing %1…").replace("%1", label))
        )
        self.runner.printFinished.connect(self._printed)
        self.runner.printFailed.connect(self._print_failed)
        self.dialog.printRequested.connect(self.print_receipt)
        self.dialog.saveRequested.connect(self.save_pdf)
        self.dialog.profileChanged.connect(lambda _name: self._show_paper())
        self.dialog.set_busy(True)
        ctx.worker.submit(
            load_receipt,
            ctx.db,
            ctx.actor,
            payment_id,
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, result: tuple[bytes, list[PrinterProfileView]]) -> None:
        self.pdf, profiles = result
        self.dialog.set_busy(False)
        self.dialog.set_profiles(profiles)
        self._show_paper()
        self.dialog.set_pdf(self.pdf)

    def _show_paper(self) -> None:
        # The receipt has its own paper whatever the profile's slip paper is.
        self.dialog.paper_label.setText(self.tr("Receipt on A5 landscape"))

    def _failed(self, exc: Exception) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_message("error", error_text(exc))

    def print_receipt(self, profile_name: str) -> None:
        if self.pdf is None:
            return
        if self.runner.can_retry:
            self.runner.retry()
            return
        profile = self.dialog.profile()
        queue = profile.queue if profile is not None else None
        spooler = self._spooler or default_spooler()
        pdf, title = self.pdf, self._number
        self.runner.run(
            lambda: spooler.print_pdf(pdf, queue=queue, paper=RECEIPT_PAPER, title=title),
            label=self._number,
        )

    def _printed(self, job: object) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_printed(self.tr("Receipt %1 printed.").replace("%1", self._number))
        self.receiptPrinted.emit(str(job))

    def _print_failed(self, message: str) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_print_failed(message)

    def save_pdf(self) -> None:
        if self.pdf is None:
            return
        path = ask_pdf_path(self.dialog, self.tr("Save receipt as PDF"), self._number)
        if path is None:
            return
        self.dialog.set_busy(True)
        self._ctx.worker.submit(  # the folder may be on a slow network drive
            path.write_bytes,
            self.pdf,
            on_done=lambda _n: self._saved(path),
            on_error=self._save_failed,
        )

    def _saved(self, path: Path) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_message("success", self.tr("Saved as %1").replace("%1", str(path)))
        self.receiptSaved.emit(str(path))

    def _save_failed(self, exc: Exception) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_message("error", self.tr("Not saved: %1").replace("%1", str(exc)))


def open_receipt_preview(
    ctx: AppContext,
    payment_id: uuid.UUID,
    number: str,
    *,
    parent: QWidget | None = None,
    spooler: Spooler | None = None,
) -> ReceiptPrinting:
    """Show the receipt of a payment (the dialog is deleted when closed)."""
    printing = ReceiptPrinting(ctx, payment_id, number, spooler=spooler, parent=parent)
    printing.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    printing.dialog.show()
    return printing
