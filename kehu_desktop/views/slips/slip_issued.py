"""What the sales rep sees once a delivery is confirmed: the slip just issued, with 预览 and 打印
right there (the slip is the next thing the rep needs: the customer signs it).

预览 opens the slip's preview (print_jobs.py: print, save, other profiles from there); 打印
prints on the default printer profile through ``services.printers.print_slip`` on the printing
thread (:class:`~.print_jobs.PrintJobRunner`), never on the GUI thread, and a
failed print offers 重试 with the same slip. Both are recorded and audited by the service.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.dto import SlipView
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services.base import Actor
from kehu_desktop.services.dispatch import DispatchView
from kehu_desktop.services.slips import PrintOutcome
from kehu_desktop.services.slips import printers
from kehu_desktop.views.dispatch import slip_kind_label
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.slips.print_jobs import PrintJobRunner
from kehu_desktop.views.slips.print_jobs import SlipNotPrinted
from kehu_desktop.views.slips.print_jobs import SlipPrinting
from kehu_desktop.views.slips.print_jobs import open_slip_preview as _open_preview
from kehu_desktop.views.slips.qt_spooler import default_spooler

_STYLES = {
    "ready": ("#edf7ed", "#2e7d32", "#1e4620"),
    "busy": ("#e8f1fb", "#0b63b6", "#0d3c61"),
    "error": ("#fdecea", "#b3261e", "#611a15"),
}


def print_on_default_profile(
    db: Database, actor: Actor, slip_id: uuid.UUID, spooler: Spooler
) -> PrintOutcome:
    """Runs on the printing thread: the slip on the default profile, recorded by the service; a
    recorded failure is raised so that the runner reports it and can retry the same job."""
    outcome = printers.print_slip(db, actor, slip_id, spooler=spooler)
    if not outcome.ok:
        raise SlipNotPrinted(outcome)
    return outcome


class SlipIssuedBar(QFrame):
    """ "Delivered; issued 赊销单 SH-CS-2026-000012 for ¥494.00" with 预览… and 打印."""

    slipPrinted = Signal(object)  # PrintOutcome

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, spooler: Spooler | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("slip_issued")
        self._ctx = ctx
        self._spooler = spooler
        self.slip: SlipView | None = None
        self._summary = ""
        self.printing: SlipPrinting | None = None  # the preview last opened from here
        self.runner = PrintJobRunner(self)
        self.runner.printFinished.connect(self._printed)
        self.runner.printFailed.connect(self._print_failed)
        self.label = QLabel(self)
        self.label.setObjectName("slip_issued_text")
        self.label.setWordWrap(True)
        self.preview_button = push_button(self, self.tr("Preview…"), "preview_slip", self.preview)
        self.print_button = push_button(self, self.tr("Print"), "print_slip", self.print_slip)
        self.print_button.setToolTip(self.tr("Print on the default printer profile"))
        self.print_button.setVisible(ctx.actor.can("slip.print"))
        self.close_button = push_button(self, self.tr("Close"), "close_slip_issued", self.hide)
        for button in (self.preview_button, self.print_button, self.close_button):
            button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.print_button)
        layout.addWidget(self.close_button)
        self._style("ready")
        self.hide()

    def _style(self, kind: str) -> None:
        background, border, foreground = _STYLES[kind]
        self.setStyleSheet(
            f"SlipIssuedBar {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }} QLabel {{ color: {foreground}; }}"
        )

    def text(self) -> str:
        return self.label.text()

    def show_slip(self, note: DispatchView, slip: SlipView) -> None:
        """The delivery of ``note`` issued ``slip``: say so and offer it for printing."""
        self.slip = slip
        self._summary = self.tr(
            "{number} delivered. Issued {kind} {slip} for {amount}: print it and have the "
            "customer sign; copy ③ goes back to the accountant."
        ).format(
            number=note.number,
            kind=slip_kind_label(slip.kind),
            slip=slip.number,
            amount=yuan(slip.total),
        )
        self.label.setText(self._summary)
        self.print_button.setText(self.tr("Print"))
        self._style("ready")
        self._enable()
        self.show()

    def _enable(self) -> None:
        self.preview_button.setEnabled(self.slip is not None)
        self.print_button.setEnabled(self.slip is not None and not self.runner.busy)

    def preview(self) -> SlipPrinting | None:
        """The slip's preview, where it can also be printed on another profile or saved."""
        if self.slip is None:
            return None
        self.printing = _open_preview(
            self._ctx, self.slip.id, parent=self.window(), spooler=self._spooler
        )
        self.printing.slipPrinted.connect(self.slipPrinted)
        return self.printing

    def print_slip(self) -> None:
        """Print on the default profile, off the GUI thread; after a failure, the same job."""
        slip = self.slip
        if slip is None or self.runner.busy:
            return
        if self.runner.can_retry:
            started = self.runner.retry()
        else:
            db, actor = self._ctx.db, self._ctx.actor
            spooler = self._spooler or default_spooler()
            started = self.runner.run(
                lambda: print_on_default_profile(db, actor, slip.id, spooler), slip.number
            )
        if started:
            self.label.setText(self.tr("Printing {slip}…").format(slip=slip.number))
            self._style("busy")
            self._enable()

    def _printed(self, outcome: PrintOutcome) -> None:
        text = self.tr("{slip} printed on “{profile}”.").format(
            slip=outcome.slip_number, profile=outcome.profile
        )
        self.label.setText(f"{self._summary}\n{text}")
        self.print_button.setText(self.tr("Print again"))
        self._style("ready")
        self._enable()
        self.slipPrinted.emit(outcome)

    def _print_failed(self, message: str) -> None:
        self.label.setText(message)
        self.print_button.setText(self.tr("Retry"))
        self._style("error")
        self._enable()
