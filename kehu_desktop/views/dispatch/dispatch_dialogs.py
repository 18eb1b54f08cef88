"""Dialogs of the dispatch workflow that ask for more than a click: assign a driver and a route
(branch GM), confirm delivery with the quantities received (sales rep; issues the slip).

Each dialog is a ServiceDialog (views.kit.service_dialog): it runs its service call on the DB
worker, stays open showing the service's field errors next to their fields, and closes with a
signal carrying the result.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.identifiers import parse_date_not_future
from kehu_desktop.dto import SlipView
from kehu_desktop.services.base import Actor
from kehu_desktop.services.dispatch import DispatchView
from kehu_desktop.services.dispatch import assign_driver
from kehu_desktop.services.dispatch import confirm_delivery
from kehu_desktop.services.slips import get_slip
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.field_widgets import DateField
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.service_dialog import ServiceDialog

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ERROR_BG = QBrush(QColor("#fdecea"))
DELIVERED = 3  # the editable column of the delivery table


def _dispatch_dialog_buttons(confirm_text: str) -> dict[str, Any]:
    """A confirm button named by the action, and Close (translated in a named context: self.tr
    in a base class is looked up by the subclass)."""
    return {
        "ok_text": confirm_text,
        "ok_role": QDialogButtonBox.ButtonRole.AcceptRole,
        "cancel_text": QCoreApplication.translate("DispatchDialogs", "Close"),
    }


class _DispatchDialog(ServiceDialog):
    """A :class:`ServiceDialog` with the dispatch dialogs' names for its buttons."""

    def __init__(self, ctx: AppContext, title: str, confirm_text: str, parent: QWidget | None):
        super().__init__(ctx, title, parent, **_dispatch_dialog_buttons(confirm_text))
        self.confirm_button = self.ok_button
        self.confirm_button.setObjectName("confirm")
        self.cancel_button.setObjectName("close")

    @property
    def working(self) -> bool:
        return self.busy


class AssignDriverDialog(_DispatchDialog):
    """The branch GM names the driver (a user with the driver role, by user name) and route."""

    driverAssigned = Signal(object)  # DispatchView

    def __init__(self, ctx: AppContext, note: DispatchView, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr("Assign driver and route: {number}").format(number=note.number),
            self.tr("Assign"),
            parent,
        )
        self.setObjectName("assign_dialog")
        self._note = note
        self.driver = QLineEdit(self)
        self.driver.setPlaceholderText(self.tr("The driver's user name"))
        self.route = QLineEdit(note.route or "", self)
        self.route.setPlaceholderText(self.tr("e.g. Pudong line"))
        if note.driver:
            self.form.addRow(self.tr("Now"), QLabel(f"{note.driver} · {note.route or ''}", self))
        self.driver_box = self.add_field("driver", self.tr("Driver"), self.driver)
        self.route_box = self.add_field("route", self.tr("Route"), self.route)
        self.driver.textChanged.connect(lambda _t: self.driver_box.set_error(None))
        self.route.textChanged.connect(lambda _t: self.route_box.set_error(None))
        self.saved.connect(self.driverAssigned.emit)
        self.setMinimumWidth(440)

    def submit(self) -> None:
        self.run(
            assign_driver,
            self._ctx.db,
            self._ctx.actor,
            self._note.id,
            self.driver.text(),
            self.route.text(),
        )


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


class DeliveryDialog(_DispatchDialog):
    """What the customer received, line by line, and when. Confirming issues the slip."""

    deliveryConfirmed = Signal(object, object)  # DispatchView, SlipView

    def __init__(self, ctx: AppContext, note: DispatchView, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr("Confirm delivery: {number}").format(number=note.number),
            self.tr("Confirm delivery and issue the slip"),
            parent,
        )
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
        self.boxes["delivered_on"] = self.date_box
        self.form.addRow(self.tr("Delivered on"), self.date_box)
        hint = QLabel(
            self.tr(
                "Lines not fully received go back to the branch: type what the customer received "
                "(0 leaves the line off the slip)."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        # Between the messages and the date: the hint, then the table, which takes the height.
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, hint)
        layout.insertWidget(3, self.table_box, 1)
        self.setMinimumWidth(0)
        self.saved.connect(lambda result: self.deliveryConfirmed.emit(*result))
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

    def submit(self) -> None:
        if self.busy:
            return
        self.table_box.set_error(None)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, DELIVERED)
            if item is not None:
                item.setBackground(QBrush())
        self.run(
            deliver_and_slip,
            self._ctx.db,
            self._ctx.actor,
            self._note.id,
            self.quantities(),
            self.date.text(),
            self.tr("Delivery date"),
        )

    def show_field_errors(self, errors: list[FieldError]) -> None:
        """Quantities go under the table and mark their cell; the rest as every dialog does."""
        line_errors, rest = [], []
        for error in errors:
            if error.field.startswith("delivered") and error.field != "delivered_on":
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
                rest.append(error)
        super().show_field_errors(rest)
        if line_errors:
            self.table_box.set_error("\n".join(line_errors))
