"""汇款: money still to be remitted to head office under the N-hour rule (小时回款制), recording a
remittance for the selected payments, and the remittances made.

Deadlines, levels and hours overdue are the service's (``services.payments.unremitted_payments``,
``remittances_due``, ``remittances_overdue``); overdue money is shown in red with the hours.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from PySide6.QtCore import QDateTime
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDateTimeEdit
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.db import Database
from kehu_desktop.domain.ageing import ZERO
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.services.base import Actor
from kehu_desktop.services.payments import RemittanceInput
from kehu_desktop.services.payments import RemittanceView
from kehu_desktop.services.payments import UnremittedPayment
from kehu_desktop.services.payments import list_remittances
from kehu_desktop.services.payments import record_remittance
from kehu_desktop.services.payments import remittances_due
from kehu_desktop.services.payments import remittances_overdue
from kehu_desktop.services.payments import unremitted_payments
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import RowRole
from kehu_desktop.views.kit.table_model import TableModel
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.kit.table_model import money_column

SHOW = ("all", "due", "overdue")


def load_remittances(
    db: Database, actor: Actor, show: str
) -> tuple[str, list[UnremittedPayment], list[RemittanceView]]:
    """Runs on the DB worker: the money to remit (all, within its hours, or overdue) and the
    latest remittances."""
    if show == "overdue":
        money = remittances_overdue(db, actor)
    elif show == "due":
        money = remittances_due(db, actor)
    else:
        money = unremitted_payments(db, actor)
    return show, money, list_remittances(db, actor)


class RemittancesView(QWidget):
    """Unremitted money with its deadline, the remittance form, and the remittances made."""

    remittanceRecorded = Signal(object)  # RemittanceView

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setStyleSheet(INVALID_STYLE)
        payment_methods = {
            "cash": self.tr("Cash"),
            "bank_transfer": self.tr("Bank transfer"),
            "bank_draft": self.tr("Bank draft"),
        }
        self.remittance_methods = {
            "bank_transfer": self.tr("Bank transfer"),
            "cash_deposit": self.tr("Cash deposit"),
            "bank_draft": self.tr("Bank draft"),
        }
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("show")
        for code, text in zip(
            SHOW,
            (
                self.tr("All money not yet remitted"),
                self.tr("Due (within its hours)"),
                self.tr("Overdue"),
            ),
            strict=True,
        ):
            self.show_combo.addItem(text, code)
        self.show_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        top = hbox(
            QLabel(self.tr("Show:"), self), self.show_combo, (self.summary, 1), self.refresh_button
        )
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)

        def red(u: UnremittedPayment) -> str | None:
            return RED if u.overdue else None

        # What the cashier acts on first (who, how much, how late), then the details.
        self.money_model = TableModel(
            [
                Column(self.tr("Payment number"), lambda u: u.payment_number, colour=red),
                Column(self.tr("Customer"), lambda u: u.customer_name, colour=red),
                Column(
                    self.tr("To remit"),
                    lambda u: yuan(u.unremitted),
                    right=True,
                    colour=red,
                    name="unremitted",
                ),
                Column(self.tr("Status"), self._state, colour=red, name="status"),
                Column(self.tr("Deadline"), lambda u: local_time(u.deadline) or "—"),
                Column(self.tr("Received at"), lambda u: local_time(u.received_at)),
                Column(self.tr("Rule"), self._rule),
                money_column(self.tr("Amount"), lambda u: u.amount),
                money_column(self.tr("Remitted"), lambda u: u.remitted),
                Column(self.tr("Method"), lambda u: payment_methods.get(u.method, u.method)),
            ],
            self,
        )
        self.money_table = make_table(self, "unremitted", self.money_model)
        self.money_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.money_table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())

        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(self.tr("Empty: all that the selected payments owe"))
        self.method = QComboBox(self)
        self.method.setObjectName("method")
        for code, text in self.remittance_methods.items():
            self.method.addItem(text, code)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText(self.tr("Bank serial or draft number"))
        self.remitted_at = QDateTimeEdit(self._business_now(), self)
        self.remitted_at.setObjectName("remitted_at")
        self.remitted_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.remitted_at.setCalendarPopup(True)
        self.boxes = {
            "amount": FieldBox(self.amount),
            "method": FieldBox(self.method),
            "reference": FieldBox(self.reference),
            "remitted_at": FieldBox(self.remitted_at),
        }
        self.record_button = push_button(self, self.tr("Record remittance"), "record", self.record)
        self.record_button.setVisible(ctx.actor.can("remittance.record"))
        self.selection_label = QLabel(self)
        self.selection_label.setObjectName("selection")
        form = QFormLayout()
        form.addRow(self.tr("Selected:"), self.selection_label)
        form.addRow(self.tr("Amount (yuan):"), self.boxes["amount"])
        form.addRow(self.tr("Method:"), self.boxes["method"])
        form.addRow(self.tr("Reference:"), self.boxes["reference"])
        form.addRow(self.tr("Remitted at:"), self.boxes["remitted_at"])
        form.addRow("", self.record_button)
        self.form_area = QGroupBox(self.tr("Record a remittance to head office"), self)
        self.form_area.setLayout(form)
        self.form_area.setVisible(ctx.actor.can("remittance.record"))
        upper = QWidget(self)
        hbox((self.money_table, 3), (self.form_area, 1), parent=upper, margins=0)

        methods = self.remittance_methods
        self.remittance_model = TableModel(
            [
                Column(self.tr("Remittance number"), lambda r: r.number),
                Column(self.tr("Remitted at"), lambda r: local_time(r.remitted_at)),
                Column(self.tr("Method"), lambda r: methods.get(r.method, r.method)),
                Column(self.tr("Reference"), lambda r: r.reference or ""),
                money_column(self.tr("Amount"), lambda r: r.amount),
                Column(self.tr("Recorded by"), lambda r: r.recorded_by),
                Column(self.tr("Payments"), self._items),
            ],
            self,
        )
        lower = QWidget(self)
        vbox(
            QLabel(self.tr("Remittances to head office"), lower),
            make_table(lower, "remittances", self.remittance_model, stretch=6),
            parent=lower,
            margins=0,
        )
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        vbox(top, self.busy_bar, self.messages, (splitter, 1), parent=self)
        self._selected()
        ctx.worker.changesMade.connect(self._changes_made)
        self.refresh()

    def _changes_made(self, changes: Changes) -> None:
        """Money was recorded or remitted (here or on another screen)."""
        if changes.touches("payment", "remittance"):
            self.refresh()

    # --- cells -------------------------------------------------------------------------------

    def _rule(self, u: UnremittedPayment) -> str:
        if u.level is None:
            return self.tr("Below every threshold")
        return (
            self.tr("%1 and above: %2 h")
            .replace("%1", yuan(u.level.threshold))
            .replace("%2", str(u.level.hours))
        )

    def _state(self, u: UnremittedPayment) -> str:
        if u.overdue:
            return self.tr("Overdue by %1 h").replace("%1", str(u.hours_overdue))
        if u.hours_left is not None:
            return self.tr("%1 h left").replace("%1", str(u.hours_left))
        return self.tr("Hand in (no deadline)")

    def _items(self, r: RemittanceView) -> str:
        return "、".join(f"{i.payment_number}（{yuan(i.amount)}）" for i in r.items)

    # --- loading -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(
            load_remittances,
            str(self.show_combo.currentData()),
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, result: tuple[str, list[UnremittedPayment], list[RemittanceView]]) -> None:
        self.busy_bar.finish()
        show, money, remittances = result
        if show != self.show_combo.currentData():
            return
        total = sum((u.unremitted for u in money), ZERO)
        overdue = [u for u in money if u.overdue]
        self.money_model.set_rows(money)
        self.remittance_model.set_rows(remittances)
        self.summary.setText(
            self.tr("%1 payment(s), %2 to remit; %3 overdue")
            .replace("%1", str(len(money)))
            .replace("%2", yuan(total))
            .replace("%3", str(len(overdue)))
        )
        self.summary.setStyleSheet(f"color: {RED};" if overdue else "")
        self._selected()

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self.record_button.setEnabled(True)
        self.messages.show_message("error", error_text(exc))

    # --- recording ---------------------------------------------------------------------------

    def selected_payments(self) -> list[UnremittedPayment]:
        rows = sorted(i.row() for i in self.money_table.selectionModel().selectedRows())
        found = (self.money_model.index(r, 0).data(RowRole) for r in rows)
        return [u for u in found if isinstance(u, UnremittedPayment)]

    def select_numbers(self, *numbers: str) -> None:
        self.money_table.clearSelection()
        mode = self.money_table.selectionMode()
        self.money_table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row, u in enumerate(self.money_model.rows()):
            if u.payment_number in numbers:
                self.money_table.selectRow(row)
        self.money_table.setSelectionMode(mode)

    def _selected(self) -> None:
        chosen = self.selected_payments()
        total = sum((u.unremitted for u in chosen), ZERO)
        self.selection_label.setText(
            self.tr("%1 payment(s), %2").replace("%1", str(len(chosen))).replace("%2", yuan(total))
        )
        self.record_button.setEnabled(bool(chosen) and not self.busy)

    def _business_now(self) -> QDateTime:
        """Now by the database's business clock (the service refuses a later time), local."""
        return QDateTime.fromMSecsSinceEpoch(int(self._ctx.db.clock.now().timestamp() * 1000))

    def remittance_input(self) -> RemittanceInput:
        moment: datetime = self.remitted_at.dateTime().toPython()  # type: ignore[assignment]
        ids: list[uuid.UUID | str] = [u.payment_id for u in self.selected_payments()]
        return RemittanceInput(
            amount=self.amount.text().strip() or None,
            remitted_at=moment.astimezone(),
            method=str(self.method.currentData()),
            reference=self.reference.text() or None,
            payment_ids=ids,
        )

    def record(self) -> None:
        if not self.selected_payments() or self.busy:
            return
        for box in self.boxes.values():
            box.set_error(None)
        self.messages.clear()
        self.record_button.setEnabled(False)
        self.busy_bar.start()
        self._ctx.call(
            record_remittance,
            self.remittance_input(),
            on_done=self._recorded,
            on_error=self._not_recorded,
        )

    def _not_recorded(self, exc: Exception) -> None:
        if not isinstance(exc, ValidationFailed):
            self._failed(exc)
            return
        self.busy_bar.finish()
        self.record_button.setEnabled(True)
        rest = []
        for error in exc.errors:
            box = self.boxes.get(error.field)
            if box is not None:
                box.set_error(error.message)
            else:
                rest.append(error.message)
        self.messages.show_message(
            "error", "\n".join(rest) or self.tr("Not recorded: please correct the fields.")
        )

    def _recorded(self, remittance: RemittanceView) -> None:
        self.busy_bar.finish()
        self.messages.show_message(
            "success",
            self.tr("Remittance %1 recorded: %2.")
            .replace("%1", remittance.number)
            .replace("%2", yuan(remittance.amount)),
        )
        self.amount.clear()
        self.reference.clear()
        self.remitted_at.setDateTime(self._business_now())
        self.remittanceRecorded.emit(remittance)
        self.refresh()
