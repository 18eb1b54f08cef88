"""Printing without freezing anything: a print thread, and the slip preview wired to the service.

:class:`PrintJobRunner` runs one print at a time on its own thread, separate from the DB worker:
a spooler may wait up to a minute on a dead CUPS queue or a Windows driver, and neither the
window nor the other screens' database work may wait with it. The print callable itself goes
through the service (``services.printers.print_slip``), which reads the slip, prints and records
the attempt in short transactions of its own. Results come back on the GUI thread as signals.

A failed print is retried by running the *same* callable again (``retry``): printing never
takes a number, so the slip that comes out is the same slip with the same number; the service
records each attempt and decides whether a copy is a reprint (补印).

:class:`SlipPrinting` opens the preview of one slip (views/kit/pdf_preview.py) and does what its
buttons ask: print on the chosen profile, save as PDF (recorded like a print), re-render for
another profile.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.dto import SlipView
from kehu_desktop.printing.slips import slip_pdf
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services.base import Actor
from kehu_desktop.services.slips import PrintOutcome
from kehu_desktop.services.slips import get_slip
from kehu_desktop.services.slips import printers
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import ask_pdf_path
from kehu_desktop.views.kit.pdf_preview import PreviewDialog
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.slips.qt_spooler import default_spooler

log = logging.getLogger(__name__)

PrintJob = Callable[[], Any]


class SlipNotPrinted(KehuError):
    """``print_slip`` recorded a failed attempt (it returns failures instead of raising)."""

    def __init__(self, outcome: PrintOutcome) -> None:
        super().__init__("slip.not_printed")
        self.outcome = outcome

    @property
    def message(self) -> str:
        return self.outcome.error or self.outcome.outcome


class PrintJobRunner(QObject):
    """Runs print jobs one at a time on a printing thread; signals arrive on the GUI thread."""

    printStarted = Signal(str)  # what is being printed
    progressChanged = Signal(str)  # a step, reported by the job through ``report``
    printFinished = Signal(object)  # the job's return value
    printFailed = Signal(str)  # a message for the user; ``retry`` runs the same job again
    busyChanged = Signal(bool)

    _progress = Signal(str)  # emitted in the printing thread, delivered queued

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The same one-thread executor-with-delivery as the DB worker, but a thread of its own.
        self._thread = DbWorker(self, name="kehu-print")
        self._job: PrintJob | None = None
        self._label = ""
        self._busy = False
        self.last_error: str | None = None
        self._progress.connect(self.progressChanged)

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def can_retry(self) -> bool:
        return self._job is not None and self.last_error is not None and not self._busy

    def run(self, job: PrintJob, label: str = "") -> bool:
        """Start ``job`` in the printing thread; False (and nothing started) while one runs."""
        if self._busy:
            return False
        self._job, self._label = job, label
        self._start()
        return True

    def retry(self) -> bool:
        """Run the last job again, exactly as it was (same slip, same profile)."""
        if self._job is None or self._busy:
            return False
        self._start()
        return True

    def report(self, text: str) -> None:
        """Called by a job, from the printing thread: show ``text`` as progress."""
        self._progress.emit(text)

    def shutdown(self) -> None:
        """Wait for a running job (application exit)."""
        self._thread.shutdown()

    def _start(self) -> None:
        assert self._job is not None
        self.last_error = None
        self._set_busy(True)
        self.printStarted.emit(self._label)
        self._thread.submit(self._job, on_done=self._done, on_error=self._error)

    def _done(self, value: object) -> None:
        self._set_busy(False)
        self.printFinished.emit(value)

    def _error(self, exc: Exception) -> None:
        if not isinstance(exc, KehuError):
            log.error("print job failed", exc_info=exc)
        self.last_error = error_text(exc)
        self._set_busy(False)
        self.printFailed.emit(self.last_error)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)


# --- the slip preview, wired to services.printers ---------------------------------------------


def copy_pdf(view: SlipView, profile: PrinterProfileView) -> bytes:
    """The slip as the next copy will print: with 第N次补印 when it has been printed or saved
    before, N counting that copy (the same rule as services.printers)."""
    if view.print_count > 0:
        view = dataclasses.replace(view, reprint_count=view.reprint_count + 1)
        return slip_pdf(view, profile, reprint=True)
    return slip_pdf(view, profile)


def load_slip(
    db: Database, actor: Actor, slip_id: uuid.UUID | str
) -> tuple[SlipView, list[PrinterProfileView]]:
    """Runs on the DB worker: the slip and the printer profiles."""
    return get_slip(db, actor, slip_id), printers.list_profiles(db, actor)


def print_slip_job(
    db: Database, actor: Actor, slip_id: uuid.UUID, profile: str, spooler: Spooler
) -> PrintOutcome:
    """Runs on the printing thread: print and record; a recorded failure is raised so that the
    runner reports it (and offers to retry)."""
    outcome = printers.print_slip(db, actor, slip_id, profile, spooler=spooler)
    if not outcome.ok:
        raise SlipNotPrinted(outcome)
    return outcome


def save_slip_pdf(db: Database, actor: Actor, slip_id: uuid.UUID, profile: str, path: Path) -> Path:
    """Runs on the DB worker: the copy is recorded (saved_pdf) and written to ``path``."""
    pdf = printers.slip_pdf_bytes(db, actor, slip_id, profile)
    path.write_bytes(pdf)
    return path


class SlipPrinting(QObject):
    """The preview of one slip, with printing and saving through the service."""

    slipPrinted = Signal(object)  # PrintOutcome
    slipSaved = Signal(str)  # the file

    def __init__(
        self,
        ctx: AppContext,
        slip_id: uuid.UUID | str,
        *,
        spooler: Spooler | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._slip_id = slip_id
        self._spooler = spooler
        self._view: SlipView | None = None
        self._printed_on: str | None = None
        # Saving a PDF makes a copy as printing does: one permission for both.
        may_copy = ctx.actor.can("slip.print")
        self.dialog = PreviewDialog(can_print=may_copy, can_save=may_copy, parent=parent)
        self.dialog.setObjectName("slip_preview")
        self.setParent(self.dialog)  # lives and dies with its dialog
        self.runner = PrintJobRunner(self)
        self.dialog.printRequested.connect(self.print_slip)
        self.dialog.saveRequested.connect(self.save_pdf)
        self.dialog.profileChanged.connect(lambda _name: self._render())
        self.runner.printStarted.connect(
            lambda label: self.dialog.set_busy(True, self.tr("Printing %1…").replace("%1", label))
        )
        self.runner.progressChanged.connect(lambda text: self.dialog.show_message("info", text))
        self.runner.printFinished.connect(self._printed)
        self.runner.printFailed.connect(self._print_failed)
        self.dialog.set_busy(True)
        self._load()

    def open(self) -> PreviewDialog:
        self.dialog.show()
        return self.dialog

    @property
    def slip(self) -> SlipView | None:
        return self._view

    def _load(self) -> None:
        self._ctx.worker.submit(
            load_slip,
            self._ctx.db,
            self._ctx.actor,
            self._slip_id,
            # The dialog may be closed (and deleted) before the slip arrives: then it is ignored.
            on_done=weak_callback(self._loaded),
            on_error=weak_callback(self._load_failed),
        )

    def _loaded(self, result: tuple[SlipView, list[PrinterProfileView]]) -> None:
        view, profiles = result
        first = self._view is None
        self._view = view
        self.dialog.set_busy(False)
        if first:
            self.dialog.setWindowTitle(self.tr("Slip %1").replace("%1", view.number))
            self.dialog.set_profiles(profiles)
        self._render()

    def _load_failed(self, exc: Exception) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_message("error", error_text(exc))

    def _render(self) -> None:
        view, profile = self._view, self.dialog.profile()
        if view is None or profile is None:
            return
        self.dialog.set_pdf(lambda: copy_pdf(view, profile))  # laid out in the preview's thread

    def print_slip(self, profile: str) -> None:
        """Print on ``profile``; after a failure on the same profile, run the same job again."""
        if self._view is None:
            return
        if self.runner.can_retry and profile == self._printed_on:
            self.runner.retry()
            return
        db, actor, slip_id = self._ctx.db, self._ctx.actor, self._view.id
        spooler = self._spooler or default_spooler()
        self._printed_on = profile
        self.runner.run(
            lambda: print_slip_job(db, actor, slip_id, profile, spooler), label=self._view.number
        )

    def _printed(self, outcome: PrintOutcome) -> None:
        self.dialog.set_busy(False)
        text = self.tr("Printed on “%1”.").replace("%1", outcome.profile)
        if outcome.reprint:
            text += " " + self.tr("This copy is marked as reprint no. %1.").replace(
                "%1", str(outcome.reprint_count)
            )
        self.dialog.show_printed(text)
        self.slipPrinted.emit(outcome)
        self._load()  # the next copy will say 补印: show that

    def _print_failed(self, message: str) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_print_failed(message)

    def save_pdf(self) -> None:
        view, profile = self._view, self.dialog.profile_name()
        if view is None or profile is None:
            return
        path = ask_pdf_path(self.dialog, self.tr("Save slip as PDF"), view.number)
        if path is None:
            return
        self.dialog.set_busy(True)
        self._ctx.worker.submit(
            save_slip_pdf,
            self._ctx.db,
            self._ctx.actor,
            view.id,
            profile,
            path,
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, path: Path) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_message("success", self.tr("Saved as %1").replace("%1", str(path)))
        self.slipSaved.emit(str(path))
        self._load()

    def _save_failed(self, exc: Exception) -> None:
        self.dialog.set_busy(False)
        self.dialog.show_message("error", self.tr("Not saved: %1").replace("%1", error_text(exc)))


def open_slip_preview(
    ctx: AppContext,
    slip_id: uuid.UUID | str,
    *,
    parent: QWidget | None = None,
    spooler: Spooler | None = None,
) -> SlipPrinting:
    """Show the preview of a slip (deleted when closed). Without ``parent`` keep the returned
    object while the dialog is open."""
    printing = SlipPrinting(ctx, slip_id, spooler=spooler, parent=parent)
    printing.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    printing.open()
    return printing
