"""Dispatch notes (货物发运单) for the roles around the cashier: the sales rep requests goods and
confirms delivery (which issues the slip) or parks them at the market office; the sales manager
or GM approves (signed, or by phone with the signature owed) and completes a signature; the GM
assigns the driver and route; a manager cancels before release.

A button is offered only to a role that may use it and only when the note's state allows; the
services check both again. All database work runs on the DB worker.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.dto import SlipView
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services import dispatch as svc
from kehu_desktop.services.dispatch import DispatchRow
from kehu_desktop.services.dispatch import DispatchView
from kehu_desktop.views.dispatch.cashier_tabs import note_table
from kehu_desktop.views.dispatch.dispatch_detail import DispatchDetail
from kehu_desktop.views.dispatch.dispatch_dialogs import AssignDriverDialog
from kehu_desktop.views.dispatch.dispatch_dialogs import DeliveryDialog
from kehu_desktop.views.dispatch.dispatch_form import DispatchRequestDialog
from kehu_desktop.views.dispatch.dispatch_model import ALL_COLUMNS
from kehu_desktop.views.dispatch.dispatch_model import PagedDispatchModel
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.field_widgets import search_timer
from kehu_desktop.views.kit.formatting import DISPATCH_STATUS
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.reason_dialog import ReasonDialog
from kehu_desktop.views.kit.worker import Task
from kehu_desktop.views.slips import SlipIssuedBar

log = logging.getLogger(__name__)
OPEN_STATUSES = ("requested", "approved", "assigned", "released", "parked", "delivered")

# button name → (permission, states it applies to; None = decided by the note itself)
ACTIONS: dict[str, tuple[str, frozenset[str] | None]] = {
    "approve_signed": ("dispatch.approve", frozenset({"requested"})),
    "approve_phone": ("dispatch.approve", frozenset({"requested"})),
    "complete_signature": ("dispatch.approve", None),
    "assign": ("dispatch.assign", frozenset({"approved", "assigned"})),
    "park": ("dispatch.deliver", frozenset({"released"})),
    "deliver": ("dispatch.deliver", frozenset({"released", "parked"})),
    "cancel": ("dispatch.cancel", svc.CANCELLABLE),
}


class DispatchNotesView(QWidget):
    """List, filter and search dispatch notes; request, approve, assign, deliver, cancel."""

    dispatchChanged = Signal(object)  # the DispatchView after any step done here

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, spooler: Spooler | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._detail_task: Task | None = None
        self._working = False
        self._reselect: uuid.UUID | None = None
        self.dialog: QDialog | None = None  # the dialog open now, if any
        self.setObjectName("dispatch_notes")

        title = QLabel(self.tr("Dispatch notes"), self)
        emphasise(title, 1.3)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem(self.tr("Open notes"), OPEN_STATUSES)
        self.status_filter.addItem(self.tr("All notes"), None)
        for code in DISPATCH_STATUS:
            self.status_filter.addItem(status_label("dispatch", code), (code,))
        self.status_filter.currentIndexChanged.connect(lambda _i: self._filter())
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Note number or customer name"))
        self.search_edit.setMinimumWidth(260)
        search_timer(self.search_edit, self._filter, self)
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.request_button = push_button(
            self, self.tr("Request goods…"), "new_request", self.open_request
        )
        self.request_button.setVisible(ctx.actor.can("dispatch.request"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.status_filter)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.request_button)

        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        # After 确认送达: the slip just issued, with 预览 and 打印 right here.
        self.slip_bar = SlipIssuedBar(ctx, self, spooler=spooler)
        self.busy_bar = BusyBar(self)
        self.model = PagedDispatchModel(ctx, OPEN_STATUSES, ALL_COLUMNS, self)
        self.model.pageLoaded.connect(self._page_loaded)
        self.model.loadFailed.connect(self._failed)
        self.model.modelReset.connect(self._selection_changed)
        self.table = note_table(self, "notes", self.model)
        self.table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._selection_changed()
        )
        self.detail = DispatchDetail(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([300, 300])
        splitter.setChildrenCollapsible(False)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for name, text, slot in (
            ("approve_signed", self.tr("Approve (signed)"), partial(self.approve, "signed")),
            ("approve_phone", self.tr("Approve by phone"), partial(self.approve, "phone")),
            ("complete_signature", self.tr("Signature completed"), self.complete_signature),
            ("assign", self.tr("Assign driver and route…"), self.open_assign),
            ("park", self.tr("Park at market office…"), self.park),
            ("deliver", self.tr("Confirm delivery…"), self.open_delivery),
            ("cancel", self.tr("Cancel note…"), self.open_cancel),
        ):
            button = push_button(self, text, name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            button.setVisible(ctx.actor.can(ACTIONS[name][0]))
            actions.addWidget(button)
            self.buttons[name] = button
        self.buttons["approve_phone"].setToolTip(
            self.tr(
                "Only when both the sales manager and the GM are out: the signature is then owed "
                "and listed until it is completed."
            )
        )
        actions.addStretch(1)

        vbox(top, self.busy_bar, self.messages, self.slip_bar, (splitter, 1), actions, parent=self)
        ctx.worker.busyChanged.connect(self._busy_changed)
        ctx.worker.changesMade.connect(self._changes_made)
        self._enable()
        self.refresh()

    # --- list and detail ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return (
            self.model.loading
            or self._detail_task is not None
            or self._working
            or self._ctx.worker.busy
        )

    def _busy_changed(self, _busy: bool) -> None:
        self.busy_bar.setVisible(self._ctx.worker.busy)

    def _changes_made(self, changes: Changes) -> None:
        """A note was requested, approved, released, delivered … here or on another screen."""
        if changes.touches("dispatch_note", "slip"):
            self.refresh()

    def refresh(self) -> None:
        """Reload the list; the selected note stays selected."""
        note = self.selected_row()
        if note is not None and self._reselect is None:
            self._reselect = note.id
        self._filter()

    def _filter(self) -> None:
        self.model.set_filter(self.status_filter.currentData(), self.search_edit.text())

    def _page_loaded(self, _offset: int) -> None:
        if self._reselect is not None and (
            self.select_note(self._reselect) or not self.model.canFetchMore()
        ):
            self._reselect = None  # selected again, or not in this list any more

    def select_note(self, note_id: uuid.UUID) -> bool:
        row = self.model.row_of(note_id)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def selected_row(self) -> DispatchRow | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selection_changed(self) -> None:
        row = self.selected_row()
        if self._detail_task is not None:
            self._detail_task.cancel()
            self._detail_task = None
        if row is None:
            self.detail.clear(self.tr("Select a dispatch note to see it here."))
            self._enable()
            return
        self.detail.clear(self.tr("Loading {number}…").format(number=row.number))
        self._enable()
        self._detail_task = self._ctx.call(
            svc.get_dispatch,
            row.id,
            on_done=self._detail_loaded,
            on_error=self._detail_failed,
        )

    def _detail_loaded(self, note: DispatchView) -> None:
        self._detail_task = None
        current = self.selected_row()
        if current is not None and current.id == note.id:
            self.detail.show_note(note)
        self._enable()

    def _detail_failed(self, exc: Exception) -> None:
        self._detail_task = None
        self._failed(exc)

    def _enable(self) -> None:
        note = self.detail.note
        for name, button in self.buttons.items():
            states = ACTIONS[name][1]
            if note is None or self._working:
                ok = False
            elif name == "complete_signature":
                ok = note.signature_owed
            else:
                ok = states is not None and note.status in states
            button.setEnabled(ok)

    def _failed(self, exc: Exception) -> None:
        if not isinstance(exc, KehuError):
            log.error("dispatch notes: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- one-click steps ---------------------------------------------------------------------

    def _run(self, fn: Callable[..., DispatchView], *args: Any, message: str) -> None:
        note = self.detail.note
        if note is None or self._working:
            return
        self._working = True
        self.messages.clear()
        self._enable()
        self._ctx.call(
            fn,
            note.id,
            *args,
            on_done=partial(weak_callback(self._step_done), message),
            on_error=self._step_failed,
        )

    def _step_done(self, message: str, note: DispatchView) -> None:
        self._working = False
        receipt = note.temporary_receipt.number if note.temporary_receipt else ""
        self.messages.show_message(
            "success",
            message.format(
                number=note.number, status=status_label("dispatch", note.status), receipt=receipt
            ),
        )
        self._changed(note)

    def _step_failed(self, exc: Exception) -> None:
        self._working = False
        self._failed(exc)
        self.refresh()

    def _changed(self, note: DispatchView) -> None:
        self.dispatchChanged.emit(note)
        self._reselect = note.id
        self.refresh()

    def approve(self, mode: str) -> None:
        if mode == "phone":
            message = self.tr("{number} approved by phone: the signature is owed until completed.")
        else:
            message = self.tr("{number} approved (signed).")
        self._run(svc.approve_dispatch, mode, message=message)

    def complete_signature(self) -> None:
        self._run(svc.complete_signature, message=self.tr("Signature of {number} completed."))

    def park(self) -> None:
        note = self.detail.note
        if note is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Park at market office"),
            self.tr(
                "The customer cannot receive {number}? The goods stay at the market office against "
                "a temporary receipt, cancelled on final delivery."
            ).format(number=note.number),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(
                svc.park_at_market_office,
                message=self.tr(
                    "{number} parked at the market office: temporary receipt {receipt}."
                ),
            )

    # --- steps with a dialog -----------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_request(self) -> None:
        dialog = DispatchRequestDialog(self._ctx, self)
        dialog.dispatchRequested.connect(self._requested)
        self._open(dialog)

    def _requested(self, note: DispatchView) -> None:
        self.messages.show_message(
            "success",
            self.tr(
                "Dispatch note {number} requested for {customer} ({amount}); it awaits approval."
            ).format(number=note.number, customer=note.customer_name, amount=yuan(note.total)),
        )
        self._changed(note)

    def open_assign(self) -> None:
        note = self.detail.note
        if note is None:
            return
        dialog = AssignDriverDialog(self._ctx, note, self)
        dialog.driverAssigned.connect(
            lambda n: self._after_dialog(
                n,
                self.tr("{number}: driver {driver}, route {route}.").format(
                    number=n.number, driver=n.driver, route=n.route
                ),
            )
        )
        self._open(dialog)

    def open_delivery(self) -> None:
        note = self.detail.note
        if note is None:
            return
        dialog = DeliveryDialog(self._ctx, note, self)
        dialog.deliveryConfirmed.connect(self._delivered)
        self._open(dialog)

    def _delivered(self, note: DispatchView, slip: SlipView) -> None:
        self.messages.clear()
        self.slip_bar.show_slip(note, slip)
        self._changed(note)

    def open_cancel(self) -> None:
        note = self.detail.note
        if note is None:
            return
        dialog = ReasonDialog(
            self.tr("Cancel dispatch note"),
            self.tr(
                "Cancel {number} ({customer}, {amount})? Only possible before release; "
                "the number is kept."
            ).format(number=note.number, customer=note.customer_name, amount=yuan(note.total)),
            self.tr("Cancel the note"),
            self,
        )
        dialog.call_on_confirm(self._ctx, svc.cancel_dispatch, note.id, on_done=self._cancelled)
        self._open(dialog)

    def _cancelled(self, note: DispatchView) -> None:
        self._after_dialog(note, self.tr("{number} cancelled.").format(number=note.number))

    def _after_dialog(self, note: DispatchView, message: str) -> None:
        self.messages.show_message("success", message)
        self._changed(note)
