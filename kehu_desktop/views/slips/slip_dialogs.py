"""Slip screen helpers: the print history dialog and the jobs the slips screen runs on the DB
worker (saving a counted copy as PDF, recording copy ③ for several slips)."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.services.base import Actor
from kehu_desktop.services.slips import SlipRow
from kehu_desktop.services.slips import printers
from kehu_desktop.services.slips import record_copy3_returned
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import TableModel
from kehu_desktop.views.kit.table_model import make_table


def save_slip_copy(db: Database, actor: Actor, slip_id: uuid.UUID, path: Path) -> Path:
    """Runs on the DB worker: the slip on the default profile, recorded as a copy (saved_pdf)."""
    path.write_bytes(printers.slip_pdf_bytes(db, actor, slip_id))
    return path


def record_copy3_each(
    db: Database, actor: Actor, slips: list[tuple[uuid.UUID, str]]
) -> list[tuple[str, str | None]]:
    """Runs on the DB worker: copy ③ returned for each slip; (number, refusal or None) each."""
    out: list[tuple[str, str | None]] = []
    for slip_id, number in slips:
        try:
            record_copy3_returned(db, actor, slip_id)
            out.append((number, None))
        except KehuError as exc:
            out.append((number, exc.message))
    return out


class PrintHistoryDialog(QDialog):
    """Every print attempt of one slip (services.printers.print_history), oldest first."""

    def __init__(self, ctx: AppContext, slip: SlipRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print_history")
        self.setWindowTitle(self.tr("Print history of %1").replace("%1", slip.number))
        self.resize(720, 360)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.loaded = False
        outcome_words = {
            "printed": self.tr("Printed"),
            "failed": self.tr("Failed"),
            "saved_pdf": self.tr("Saved as PDF"),
        }
        self.model = TableModel(
            [
                Column(self.tr("Time"), lambda r: local_time(datetime.fromisoformat(r[0]))),
                Column(self.tr("Outcome"), lambda r: outcome_words.get(r[1], r[1])),
                Column(self.tr("Reprint (补印)"), lambda r: self.tr("Yes") if r[2] else ""),
                Column(self.tr("Error"), lambda r: r[3] or ""),
            ],
            self,
        )
        self.table = make_table(self, "history", self.model, stretch=3)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setText(
            self.tr("%1 copies out, %2 of them reprints (补印).")
            .replace("%1", str(slip.print_count))
            .replace("%2", str(slip.reprint_count))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(self.tr("Close"))
        vbox(self.summary, (self.table, 1), buttons, parent=self)
        ctx.call(
            printers.print_history,
            slip.id,
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, rows: list[tuple[str, str, bool, str | None]]) -> None:
        self.model.set_rows(rows)
        self.loaded = True

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(error_text(exc))
        self.loaded = True
