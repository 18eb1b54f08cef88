"""登记回款: the cashier records money received from a customer and what it pays.

The customer is found by name or pinyin (services.customer_list); their open slips, credit and
balance come from ``services.receivables.outstanding``. Amounts stay text until the service
(``services.payments.record_payment``) turns them into ``Decimal``; every refusal it reports is
shown next to its field, and an allocation's on its row. After saving, the payment number is shown
and the receipt can be previewed, printed or saved (views/payments/receipt_preview.py).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QRadioButton
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import CustomerPage
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.payments import CustomerBalance
from kehu_desktop.services.payments import PaymentInput
from kehu_desktop.services.payments import PaymentView
from kehu_desktop.services.payments import outstanding
from kehu_desktop.services.payments import record_payment
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import DateField
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.field_widgets import search_timer
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.kit.worker import Task
from kehu_desktop.views.payments.allocation_model import AllocationModel
from kehu_desktop.views.payments.allocation_model import parse_or_none
from kehu_desktop.views.payments.allocation_model import sort_errors
from kehu_desktop.views.payments.receipt_preview import ReceiptPrinting
from kehu_desktop.views.payments.receipt_preview import open_receipt_preview

CUSTOMER_MATCHES = 30


class PaymentForm(QWidget):
    """One payment: customer, open slips, method, amount, reference, date, allocation."""

    paymentRecorded = Signal(object)  # PaymentView

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, spooler: Spooler | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._spooler = spooler
        self._search_task: Task | None = None
        self._balance: CustomerBalance | None = None
        self.last_payment: PaymentView | None = None
        self.receipt: ReceiptPrinting | None = None
        self.setStyleSheet(INVALID_STYLE)

        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.customer_search = QLineEdit(self)
        self.customer_search.setObjectName("customer_search")
        self.customer_search.setPlaceholderText(self.tr("Find: name or pinyin initials"))
        self.customer_search.setClearButtonEnabled(True)
        self._search_timer = search_timer(self.customer_search, self.search_customers, self)
        self.customer = QComboBox(self)
        self.customer.setObjectName("customer")
        self.customer.setMinimumContentsLength(24)
        self.customer.currentIndexChanged.connect(self._customer_chosen)
        self.customer_box = FieldBox(self.customer)
        self.balance_label = QLabel(self)
        self.balance_label.setObjectName("balance")
        self.balance_label.setTextFormat(Qt.TextFormat.PlainText)

        self.oldest_first = QRadioButton(self.tr("Oldest slips first"), self)
        self.oldest_first.setObjectName("oldest_first")
        self.chosen = QRadioButton(self.tr("Choose the amount per slip"), self)
        self.chosen.setObjectName("chosen")
        self.oldest_first.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.oldest_first)
        group.addButton(self.chosen)
        self.chosen.toggled.connect(self._mode_changed)
        self.allocation_model = AllocationModel(self)
        self.allocation_model.dataChanged.connect(lambda *_a: self._update_totals())
        self.allocations = make_table(
            self,
            "allocations",
            self.allocation_model,
            widths="allocations",
            selection=QAbstractItemView.SelectionMode.ExtendedSelection,
        )
        self.allocations_box = FieldBox(self.allocations)
        self.allocations_box.error_label.setObjectName("allocations_error")
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("totals")

        self.method = QComboBox(self)
        self.method.setObjectName("method")
        for code, word in (
            ("cash", self.tr("Cash")),
            ("bank_transfer", self.tr("Bank transfer")),
            ("bank_draft", self.tr("Bank draft")),
        ):
            self.method.addItem(word, code)
        self.amount = self._line_edit("amount", self.tr("e.g. 12,345.60"))
        self.amount.textChanged.connect(lambda _t: self._update_preview())
        self.reference = self._line_edit(
            "reference", self.tr("Bank serial or draft number (required for bank money)")
        )
        self.received_on = DateField(self)
        self.received_on.setObjectName("received_on")
        self.received_on.line_edit.setObjectName("received_on")
        self.received_on.setText(self._ctx.db.clock.today().isoformat())
        self.note = self._line_edit("note", "")
        self.boxes: dict[str, FieldBox] = {
            "customer_id": self.customer_box,
            "method": FieldBox(self.method),
            "amount": FieldBox(self.amount),
            "reference": FieldBox(self.reference),
            "received_on": FieldBox(self.received_on, self.received_on.line_edit),
            "note": FieldBox(self.note),
            "allocations": self.allocations_box,
        }
        self.boxes["received_at"] = self.boxes["received_on"]

        self.save_button = push_button(self, self.tr("Record payment"), "save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.receipt_button = push_button(self, self.tr("Print receipt…"), "print_receipt")
        self.receipt_button.setEnabled(False)
        self.receipt_button.clicked.connect(self.print_receipt)
        self.clear_button = push_button(self, self.tr("New payment"), "clear", self.clear)
        self._lay_out()
        if not ctx.actor.can("payment.record"):
            for widget in (self.save_button, self.customer_search, self.customer, self.amount):
                widget.setEnabled(False)
            self.messages.show_message(
                "info", self.tr("Only the cashier and the accountant record payments.")
            )
        self.search_customers()

    def _line_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _lay_out(self) -> None:
        find = hbox(
            QLabel(self.tr("Customer:"), self), (self.customer_search, 1), (self.customer_box, 2)
        )
        modes = hbox(
            QLabel(self.tr("Set against:"), self),
            self.oldest_first,
            self.chosen,
            None,
            self.totals_label,
        )
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        left.addRow(self.tr("Method:"), self.boxes["method"])
        left.addRow(self.tr("Amount (yuan):"), self.boxes["amount"])
        left.addRow(self.tr("Date received:"), self.boxes["received_on"])
        right.addRow(self.tr("Reference:"), self.boxes["reference"])
        right.addRow(self.tr("Note:"), self.boxes["note"])
        fields = QHBoxLayout()
        fields.addLayout(left, 1)
        fields.addSpacing(24)
        fields.addLayout(right, 1)
        buttons = hbox(self.save_button, self.receipt_button, None, self.clear_button)
        vbox(
            self.messages,
            self.busy_bar,
            find,
            self.balance_label,
            (self.allocations_box, 1),
            modes,
            fields,
            buttons,
            parent=self,
        )

    # --- the customer ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    def customer_id(self) -> uuid.UUID | None:
        value = self.customer.currentData()  # text: QComboBox.findData compares objects by identity
        return uuid.UUID(value) if isinstance(value, str) else None

    def search_customers(self) -> None:
        self._search_timer.stop()
        if self._search_task is not None:
            self._search_task.cancel()
        self.busy_bar.start()
        self._search_task = self._ctx.call(
            list_customers,
            CustomerQuery(search=self.customer_search.text()),
            limit=CUSTOMER_MATCHES,
            on_done=self._customers_found,
            on_error=self._failed,
        )

    def _customers_found(self, page: CustomerPage) -> None:
        self.busy_bar.finish()
        previous = current = self.customer_id()
        current_name = self.customer.currentText()
        found = any(row.id == current for row in page.rows)
        searched = bool(self.customer_search.text().strip())
        if searched and page.rows and not found:
            current = page.rows[0].id  # the best match of what the user searched for
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItem(self.tr("— choose a customer —"), None)
        if current is not None and not searched and not found:
            self.customer.addItem(current_name, str(current))  # keep the customer being paid
        for row in page.rows:
            self.customer.addItem(row.name, str(row.id))
        index = self.customer.findData(str(current)) if current is not None else 0
        self.customer.setCurrentIndex(max(index, 0))
        self.customer.blockSignals(False)
        if self.customer_id() != previous:
            self._customer_chosen()

    def _customer_chosen(self) -> None:
        self.customer_box.set_error(None)
        self._balance = None
        self.allocation_model.set_slips([])
        self.balance_label.clear()
        customer_id = self.customer_id()
        if customer_id is not None:
            self.load_balance(customer_id)

    def load_balance(self, customer_id: uuid.UUID) -> None:
        self.busy_bar.start()
        self._ctx.call(
            outstanding,
            customer_id,
            on_done=self._balance_loaded,
            on_error=self._failed,
        )

    def _balance_loaded(self, balance: CustomerBalance) -> None:
        self.busy_bar.finish()
        if balance.customer_id != self.customer_id():
            return
        self._balance = balance
        self.allocation_model.set_slips(balance.slips)
        self.balance_label.setText(
            self.tr("%1 open slip(s), outstanding %2; credit (prepaid) %3; balance %4")
            .replace("%1", str(len(balance.slips)))
            .replace("%2", yuan(balance.total_outstanding))
            .replace("%3", yuan(balance.credit))
            .replace("%4", yuan(balance.balance))
        )
        self._update_preview()

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self.messages.show_message("error", error_text(exc))

    # --- allocation --------------------------------------------------------------------------

    def _mode_changed(self) -> None:
        chosen = self.chosen.isChecked()
        self.allocation_model.set_chosen(chosen)
        self.allocations.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            if chosen
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.allocations_box.set_error(None)
        self._update_preview()

    def _update_preview(self) -> None:
        credit = self._balance.credit if self._balance is not None else Decimal("0.00")
        self.allocation_model.preview_oldest_first(parse_or_none(self.amount.text()), credit)
        self._update_totals()

    def _update_totals(self) -> None:
        if not self.allocation_model.chosen:
            self.totals_label.setText(self.tr("Preview: the service decides when it records"))
            return
        total = self.allocation_model.chosen_total()
        self.totals_label.setText(
            self.tr("Set against slips: %1 of %2")
            .replace("%1", yuan(total))
            .replace("%2", yuan(parse_or_none(self.amount.text())) or "—")
        )

    # --- saving ------------------------------------------------------------------------------

    def payment_input(self) -> PaymentInput:
        customer_id = self.customer_id()
        return PaymentInput(
            customer_id=customer_id if customer_id is not None else "",
            method=str(self.method.currentData()),
            amount=self.amount.text(),
            received_on=self.received_on.text().strip() or None,
            reference=self.reference.text() or None,
            allocations=self.allocation_model.allocations() if self.chosen.isChecked() else None,
            note=self.note.text() or None,
        )

    def save(self) -> None:
        if self.busy:
            return
        self._clear_errors()
        self.messages.clear()
        self.busy_bar.start()
        self.save_button.setEnabled(False)
        self._ctx.call(
            record_payment,
            self.payment_input(),
            on_done=self._saved,
            on_error=self._not_saved,
        )

    def _clear_errors(self) -> None:
        for box in self.boxes.values():
            box.set_error(None)
        self.allocation_model.set_errors({})

    def _not_saved(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, ValidationFailed):
            self._failed(exc)
            return
        self.busy_bar.finish()
        numbers = [number for number, _amount in self.allocation_model.allocations()]
        placed, rows, rest = sort_errors(exc.errors, numbers, set(self.boxes))
        for field, messages in placed.items():
            self.boxes[field].set_error("\n".join(messages))
        self.allocation_model.set_errors(rows)
        if rest:
            self.messages.show_message("error", "\n".join(rest))
        else:
            self.messages.show_message("error", self.tr("Not recorded: please correct the fields."))

    def _saved(self, payment: PaymentView) -> None:
        self.busy_bar.finish()
        self.save_button.setEnabled(True)
        self.last_payment = payment
        self.receipt_button.setEnabled(self._ctx.actor.can("payment.record"))
        paid = [(a.slip_number, yuan(a.amount)) for a in payment.allocations if a.amount]
        self.messages.show_message(
            "success",
            self.tr("Payment %1 recorded: %2 from %3. Credit left: %4.")
            .replace("%1", payment.number)
            .replace("%2", yuan(payment.amount))
            .replace("%3", payment.customer_name)
            .replace("%4", yuan(payment.unallocated)),
            [("", self.tr("%1: %2").replace("%1", n).replace("%2", a)) for n, a in paid],
        )
        for edit in (self.amount, self.reference, self.note):
            edit.clear()
        self.paymentRecorded.emit(payment)
        self.load_balance(payment.customer_id)

    def print_receipt(self) -> None:
        payment = self.last_payment
        if payment is None:
            return
        self.receipt = open_receipt_preview(
            self._ctx, payment.id, payment.number, parent=self, spooler=self._spooler
        )

    def clear(self) -> None:
        """Ready for the next payment (the customer stays chosen)."""
        self._clear_errors()
        self.messages.clear()
        for edit in (self.amount, self.reference, self.note):
            edit.clear()
        self.received_on.setText(self._ctx.db.clock.today().isoformat())
        self.oldest_first.setChecked(True)
        self.last_payment = None
        self.receipt_button.setEnabled(False)
