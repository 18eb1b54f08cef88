"""Slips (送货单 / 赊销单): the list with its filters, and what may be done with a slip.

Preview and print go through print_jobs.py (the preview inside the app, printing on its own
thread, a failed print retried with the same slip and number, save as PDF). Void, copy ③ and the
print history call services.slips / services.printers on the DB worker. Buttons are offered
only to roles that may use them; the services check again.
"""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.dto import SlipView
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services.slips import SlipRow
from kehu_desktop.services.slips import void_slip
from kehu_desktop.views.kit.branch_filter import BranchFilter
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import ask_pdf_path
from kehu_desktop.views.kit.field_widgets import search_timer
from kehu_desktop.views.kit.formatting import SLIP_STATUS
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.reason_dialog import ReasonDialog
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.slips.print_jobs import SlipPrinting
from kehu_desktop.views.slips.print_jobs import open_slip_preview
from kehu_desktop.views.slips.printer_profiles import PrinterProfilesDialog
from kehu_desktop.views.slips.seller_dialog import SellerDialog
from kehu_desktop.views.slips.slip_dialogs import PrintHistoryDialog
from kehu_desktop.views.slips.slip_dialogs import record_copy3_each
from kehu_desktop.views.slips.slip_dialogs import save_slip_copy
from kehu_desktop.views.slips.slip_model import COLUMN_KEYS
from kehu_desktop.views.slips.slip_model import KIND_WORDS
from kehu_desktop.views.slips.slip_model import SlipQuery
from kehu_desktop.views.slips.slip_model import SlipTableModel
from kehu_desktop.views.slips.slip_model import kind_label

SEARCH_DELAY_MS = 300


class SlipsView(QWidget):
    """Find slips; preview, print, save, void them; record copy ③ back; see print history."""

    slipsChanged = Signal()  # a slip was printed, saved, voided or had its copy ③ recorded

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, spooler: Spooler | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._spooler = spooler
        self._pending = 0
        self._reselect: uuid.UUID | None = None
        self.printing: SlipPrinting | None = None  # the preview last opened
        self.void_dialog: ReasonDialog | None = None
        self.history_dialog: PrintHistoryDialog | None = None
        can = ctx.actor.can

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search")
        self.search_edit.setPlaceholderText(self.tr("Slip number or customer (name, pinyin)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self._search_timer = search_timer(
            self.search_edit, self._query_changed, self, SEARCH_DELAY_MS
        )
        self.kind_combo = self._combo("kind", self.tr("All kinds"), KIND_WORDS, kind_label)
        self.status_combo = self._combo(
            "status", self.tr("Any status"), SLIP_STATUS, partial(status_label, "slip")
        )
        self.copy3_check = QCheckBox(self.tr("Copy ③ overdue"), self)
        self.copy3_check.setObjectName("missing_copy3")
        self.copy3_check.setToolTip(
            self.tr("Issued slips whose accounting copy has not come back after the set days")
        )
        self.copy3_check.toggled.connect(self._query_changed)
        self.branch_filter = BranchFilter(ctx, self)
        self.branch_filter.currentIndexChanged.connect(self._query_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        filters = hbox(
            (self.search_edit, 1),
            self.kind_combo,
            self.status_combo,
            self.branch_filter,
            self.copy3_check,
            self.count_label,
            self.refresh_button,
        )

        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.model = SlipTableModel(ctx, self)
        self.model.countChanged.connect(self._counted)
        self.model.pageLoaded.connect(self._page_loaded)
        self.model.loadFailed.connect(
            lambda exc: self.messages.show_message("error", error_text(exc))
        )
        self.table = make_table(
            self,
            "slips",
            self.model,
            widths="slips",
            stretch=COLUMN_KEYS.index("customer"),
            selection=QAbstractItemView.SelectionMode.ExtendedSelection,
        )
        self.table.doubleClicked.connect(lambda _i: self.preview())
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for name, text, slot, allowed in (
            (
                "preview",
                self.tr("Preview / print…") if can("slip.print") else self.tr("Preview…"),
                self.preview,
                can("slip.view"),
            ),
            ("save_pdf", self.tr("Save as PDF…"), self.save_pdf, can("slip.print")),
            ("void", self.tr("Void…"), self.void, can("slip.void")),
            ("copy3", self.tr("Copy ③ returned"), self.record_copy3, can("slip.copy3")),
            ("history", self.tr("Print history"), self.show_history, can("slip.view")),
        ):
            button = push_button(self, text, name, slot, visible=allowed)
            actions.addWidget(button)
            self.buttons[name] = button
        self.buttons["save_pdf"].setToolTip(
            self.tr(
                "Saved on the default printer profile; counts as a copy (the next one says 补印)"
            )
        )
        actions.addStretch(1)
        self.seller_button = push_button(
            self, self.tr("Seller on the slips…"), "seller", self.seller_settings
        )
        self.seller_button.setVisible(can("seller.edit"))
        actions.addWidget(self.seller_button)
        self.printers_button = push_button(
            self, self.tr("Printer settings…"), "printers", self.printer_settings
        )
        actions.addWidget(self.printers_button)

        vbox(filters, self.busy_bar, self.messages, (self.table, 1), actions, parent=self)
        self._update_actions()
        ctx.worker.changesMade.connect(self._changes_made)
        self.refresh()

    def _combo(self, name: str, everything: str, words: dict[str, str], label: object) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, None)
        for code in words:
            combo.addItem(label(code), code)  # type: ignore[operator]
        combo.currentIndexChanged.connect(self._query_changed)
        return combo

    # --- the list ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._pending > 0 or self.model.loading

    def _changes_made(self, changes: Changes) -> None:
        """A slip was issued, voided, printed or paid (here or on another screen)."""
        if changes.touches("slip", "slip_print", "payment_allocation"):
            self.refresh()  # the selected slip stays selected

    def refresh(self) -> None:
        current = self.current_slip()
        self._reselect = current.id if current is not None else self._reselect
        self.busy_bar.show()
        self.model.refresh()

    def _query_changed(self) -> None:
        self._search_timer.stop()
        self.busy_bar.show()
        self.model.set_query(
            SlipQuery(
                kind=self.kind_combo.currentData(),
                status=self.status_combo.currentData(),
                missing_copy3=self.copy3_check.isChecked(),
                search=self.search_edit.text(),
                branch_id=self.branch_filter.branch_id,
            )
        )

    def _counted(self, count: int) -> None:
        self.count_label.setText(self.tr("%1 slip(s)").replace("%1", str(count)))

    def _page_loaded(self, _start: int) -> None:
        self.busy_bar.setVisible(self.busy)
        if self._reselect is not None:
            row = self.model.row_of(self._reselect)
            self._reselect = None
            if row is not None:
                self.table.selectRow(row)
        self._update_actions()

    def current_slip(self) -> SlipRow | None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if not index.isValid() or not rows:
            return None
        return self.model.slip_at(index.row())

    def selected_slips(self) -> list[SlipRow]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [r for r in (self.model.slip_at(i) for i in rows) if r is not None]

    def select_number(self, number: str) -> bool:
        """Select the row of a slip already loaded (for the main window and tests)."""
        for row in range(self.model.rowCount()):
            slip = self.model.slip_at(row)
            if slip is not None and slip.number == number:
                self.table.setCurrentIndex(self.model.index(row, 0))
                self.table.selectRow(row)
                return True
        return False

    def _update_actions(self) -> None:
        one = self.current_slip()
        issued = one is not None and one.status == "issued"
        self.buttons["preview"].setEnabled(one is not None)
        self.buttons["save_pdf"].setEnabled(one is not None and self._pending == 0)
        self.buttons["history"].setEnabled(one is not None)
        self.buttons["void"].setEnabled(issued and self._pending == 0)
        waiting = self._awaiting_copy3()
        self.buttons["copy3"].setEnabled(bool(waiting) and self._pending == 0)

    def _awaiting_copy3(self) -> list[SlipRow]:
        return [s for s in self.selected_slips() if s.status == "issued" and not s.copy3_returned]

    def _start(self) -> None:
        self._pending += 1
        self.busy_bar.show()
        self._update_actions()

    def _finish(self) -> None:
        self._pending = max(0, self._pending - 1)
        self.busy_bar.setVisible(self.busy)
        self._update_actions()

    def _changed(self) -> None:
        self.slipsChanged.emit()
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._finish()
        self.messages.show_message("error", error_text(exc))

    # --- actions -----------------------------------------------------------------------------

    def preview(self) -> None:
        """The slip as it will print, inside the app; print and save from there."""
        slip = self.current_slip()
        if slip is None:
            return
        self.printing = open_slip_preview(self._ctx, slip.id, parent=self, spooler=self._spooler)
        self.printing.slipPrinted.connect(lambda _outcome: self._changed())
        self.printing.slipSaved.connect(lambda _path: self._changed())

    def save_pdf(self) -> None:
        slip = self.current_slip()
        if slip is None:
            return
        path = ask_pdf_path(self, self.tr("Save slip as PDF"), slip.number)
        if path is None:
            return
        self._start()
        self._ctx.call(
            save_slip_copy,
            slip.id,
            path,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, path: Path) -> None:
        self._finish()
        self.messages.show_message("success", self.tr("Saved as %1").replace("%1", str(path)))
        self._changed()

    def void(self) -> None:
        slip = self.current_slip()
        if slip is None or slip.status != "issued":
            return
        text = self.tr(
            "Void %1 (%2, %3, %4)? The slip keeps its number and prints 作废; it no longer counts "
            "in the customer's exposure, and money paid on it becomes the customer's credit. "
            "This cannot be undone."
        )
        for n, value in enumerate(
            (slip.number, kind_label(slip.kind), slip.customer_name, f"¥{slip.total:,.2f}"), 1
        ):
            text = text.replace(f"%{n}", value)
        dialog = ReasonDialog(
            self.tr("Void slip %1").replace("%1", slip.number), text, self.tr("Void slip"), self
        )
        dialog.reasonConfirmed.connect(lambda _reason: self._start())
        dialog.call_on_confirm(
            self._ctx, void_slip, slip.id, on_done=self._voided, on_error=lambda _e: self._finish()
        )
        self.void_dialog = dialog
        dialog.open()

    def _voided(self, view: SlipView) -> None:
        self._finish()
        self.messages.show_message(
            "success", self.tr("%1 is void. Its number is kept.").replace("%1", view.number)
        )
        self._reselect = view.id
        self._changed()

    def record_copy3(self) -> None:
        """The accountant records copy ③ (记账联) of the selected slips as returned today."""
        slips = self._awaiting_copy3()
        if not slips:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Copy ③ returned"),
            self.tr("Record that the signed accounting copy of %1 came back today?").replace(
                "%1", "、".join(s.number for s in slips)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._reselect = slips[0].id
        self._start()
        self._ctx.call(
            record_copy3_each,
            [(s.id, s.number) for s in slips],
            on_done=self._copy3_recorded,
            on_error=self._failed,
        )

    def _copy3_recorded(self, results: list[tuple[str, str | None]]) -> None:
        self._finish()
        refused = [(number, error) for number, error in results if error]
        done = [number for number, error in results if not error]
        if refused:
            self.messages.show_message(
                "warning",
                self.tr("Copy ③ recorded for %1 of %2 slip(s). Not recorded:")
                .replace("%1", str(len(done)))
                .replace("%2", str(len(results))),
                [("", f"{number}: {error}") for number, error in refused],
            )
        else:
            self.messages.show_message(
                "success", self.tr("Copy ③ returned: %1").replace("%1", "、".join(done))
            )
        self._changed()

    def show_history(self) -> None:
        slip = self.current_slip()
        if slip is None:
            return
        self.history_dialog = PrintHistoryDialog(self._ctx, slip, self)
        self.history_dialog.open()

    def seller_settings(self) -> None:
        self.seller_dialog = SellerDialog(self._ctx, self)
        self.seller_dialog.saved.connect(
            lambda _view: self.messages.show_message(
                "success", self.tr("The seller details are saved: new slips print them.")
            )
        )
        self.seller_dialog.open()

    def printer_settings(self) -> None:
        dialog = PrinterProfilesDialog.for_context(self._ctx, spooler=self._spooler, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
