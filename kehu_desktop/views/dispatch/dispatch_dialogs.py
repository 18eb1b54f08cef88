"""Dialogs of the dispatch workflow that ask for more than a click: assign a driver and a route
(branch GM), confirm delivery with the quantities received (sales rep; issues the slip).

Each dialog runs its service call on the DB worker, stays open showing the service's field
errors next to their fields, and closes with a signal carrying the result.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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
from kehu_desktop.domain.errors import KehuError, ValidationFailed
from kehu_desktop.domain.identifiers import parse_date_not_future
from kehu_desktop.services.context import Actor
from kehu_desktop.services.dispatch import DispatchView, assign_driver, confirm_delivery
from kehu_desktop.services.dto import SlipView
from kehu_desktop.services.slips import get_slip
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text, weak_callback
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE, Banner, BusyBar, DateField, FieldBox

log = logging.getLogger(__name__)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ERROR_BG = QBrush(QColor("#fdecea"))
DELIVERED = 3  # the editable column of the delivery table


class _WorkerDialog(QDialog):
    """A dialog with a message banner, a busy bar and one confirm button."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.working = False
        self.setStyleSheet(INVALID_STYLE)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.buttons = QDialogButtonBox(self)
        self.confirm_button: QPushButton = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm)
        # Translated in a named context: self.tr in a base class is looked up by the subclass.
        cancel = self.buttons.addButton(
            QCoreApplication.translate("DispatchDialogs", "Close"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        cancel.setObjectName("close")
        cancel.clicked.connect(self.reject)

    def confirm(self) -> None:  # overridden
        raise NotImplementedError

    def _set_working(self, working: bool) -> None:
        self.working = working
        self.busy_bar.setVisible(working)
        self.confirm_button.setEnabled(not working)

    def _unexpected(self, exc: Exception) -> None:
        if not isinstance(exc, KehuError):
            log.error("dispatch dialog: the service call failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))


class AssignDriverDialog(_WorkerDialog):
    """The branch GM names the driver (a user with the driver role, by user name) and route."""

    driverAssigned = Signal(object)  # DispatchView

    def __init__(self, ctx: AppContext, note: DispatchView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Assign driver and route: {number}").format(number=note.number))
        self.confirm_button.setText(self.tr("Assign"))
        self.setObjectName("assign_dialog")
        self._note = note
        self.driver = QLineEdit(self)
        self.driver.setObjectName("driver")
        self.driver.setPlaceholderText(self.tr("The driver's user name"))
        self.driver_box = FieldBox(self.driver)
        self.driver.textChanged.connect(lambda _t: self.driver_box.set_error(None))
        self.route = QLineEdit(note.route or "", self)
        self.route.setObjectName("route")
        self.route.setPlaceholderText(self.tr("e.g. Pudong line"))
        self.route_box = FieldBox(self.route)
        self.route.textChanged.connect(lambda _t: self.route_box.set_error(None))
        form = QFormLayout()
        if note.driver:
            form.addRow(self.tr("Now"), QLabel(f"{note.driver} · {note.route or ''}", self))
        form.addRow(self.tr("Driver"), self.driver_box)
        form.addRow(self.tr("Route"), self.route_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(form)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def confirm(self) -> None:
        if self.working:
            return
        self.messages.clear()
        self._set_working(True)
        self._ctx.worker.submit(
            assign_driver,
            self._ctx.db,
            self._ctx.actor,
            self._note.id,
            self.driver.text(),
            self.route.text(),
            on_done=weak_callback(self._assigned),
            on_error=weak_callback(self._refused),
        )

    def _assigned(self, note: DispatchView) -> None:
        self._set_working(False)
        self.driverAssigned.emit(note)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self._set_working(False)
        if not isinstance(exc, ValidationFailed):
            self._unexpected(exc)
            return
        boxes = {"driver": self.driver_box, "route": self.route_box}
        for name, box in boxes.items():
            box.set_error("\n".join(e.message for e in exc.for_field(name)) or None)
        rest = [e.message for e in exc.errors if e.field not in boxes]
        if rest:
            self.messages.show_message("error", "\n".join(rest))


def deliver_and_slip(
    db: Database,
    actor: Actor,
    note_id: uuid.UUID,
    quantities: Mapping[int, str],
    delivered_on: str,
    label: str,
) -> tuple[DispatchView, SlipView]:
    """Runs on the worker: confirm the delivery (which issues the slip), then read the slip."""
    day = parse_date_not_future(
        delivered_on, field="delivered_on", label=label, today=db.clock.today()
    )
    note = confirm_delivery(db, actor, note_id, dict(quantities), day)
    return note, get_slip(db, actor, note.slip_numbers[-1])


class DeliveryDialog(_WorkerDialog):
    """What the customer received, line by line, and when. Confirming issues the slip."""

    deliveryConfirmed = Signal(object, object)  # DispatchView, SlipView

    def __init__(self, ctx: AppContext, note: DispatchView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Confirm delivery: {number}").format(number=note.number))
        self.confirm_button.setText(self.tr("Confirm delivery and issue the slip"))
        self.setObjectName("delivery_dialog")
        self._note = note
        self.table = QTableWidget(len(note.lines), 4, self)
        self.table.setObjectName("delivered")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Product"), self.tr("Ordered"), self.tr("Delivered")]
        )
        for column in (2, 3):
            item = self.table.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(_RIGHT)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, ln in enumerate(note.lines):
            batch = f" · {ln.batch_no}" if ln.batch_no else ""
            cells = (
                str(ln.line_no),
                f"{ln.product_name} {ln.specification or ''}{batch}",
                f"{ln.quantity} {ln.unit}",
                str(ln.quantity),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column != DELIVERED:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column >= 2:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(row, column, item)
        self.table_box = FieldBox(self.table)
        self.date = DateField(self)
        self.date.line_edit.setObjectName("delivered_on")
        self.date.setText(ctx.db.clock.today().isoformat())
        self.date_box = FieldBox(self.date, self.date.line_edit)
        hint = QLabel(
            self.tr(
                "Lines not fully received go back to the branch: type what the customer received "
                "(0 leaves the line off the slip)."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow(self.tr("Delivered on"), self.date_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(hint)
        layout.addWidget(self.table_box, 1)
        layout.addLayout(form)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.buttons)
        self.resize(640, 380)

    def set_delivered(self, line_no: int, text: str) -> None:
        row = next(i for i, ln in enumerate(self._note.lines) if ln.line_no == line_no)
        item = self.table.item(row, DELIVERED)
        assert item is not None
        item.setText(text)

    def quantities(self) -> dict[int, str]:
        out = {}
        for row, ln in enumerate(self._note.lines):
            item = self.table.item(row, DELIVERED)
            out[ln.line_no] = item.text() if item is not None else ""
        return out

    def confirm(self) -> None:
        if self.working:
            return
        self.messages.clear()
        self.table_box.set_error(None)
        self.date_box.set_error(None)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, DELIVERED)
            if item is not None:
                item.setBackground(QBrush())
        self._set_working(True)
        self._ctx.worker.submit(
            deliver_and_slip,
            self._ctx.db,
            self._ctx.actor,
            self._note.id,
            self.quantities(),
            self.date.text(),
            self.tr("Delivery date"),
            on_done=weak_callback(self._delivered),
            on_error=weak_callback(self._refused),
        )

    def _delivered(self, result: tuple[DispatchView, SlipView]) -> None:
        self._set_working(False)
        self.deliveryConfirmed.emit(*result)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self._set_working(False)
        if not isinstance(exc, ValidationFailed):
            self._unexpected(exc)
            return
        line_errors = []
        for error in exc.errors:
            if error.field == "delivered_on":
                self.date_box.set_error(error.message)
            elif error.field.startswith("delivered"):
                line_errors.append(error.message)
                row = next(
                    (
                        i
                        for i, ln in enumerate(self._note.lines)
                        if error.field == f"delivered[{ln.line_no}]"
                    ),
                    -1,
                )
                item = self.table.item(row, DELIVERED) if row >= 0 else None
                if item is not None:
                    item.setBackground(_ERROR_BG)
                    item.setToolTip(error.message)
            else:
                self.messages.show_message("error", error.message)
        if line_errors:
            self.table_box.set_error("\n".join(line_errors))
