"""Payments, receivables and remittances (step 7) in one screen of tabs.

登记回款 (the payment form, for the cashier and the accountant), 回款记录 (payments newest first,
with reversal and receipts), 应收款 (ageing, month-end, bad debts) and 汇款 (the N-hour rule).
A change in one tab refreshes the others.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.changes import Changes
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services.payments import PaymentRow
from kehu_desktop.services.payments import PaymentView
from kehu_desktop.services.payments import list_payments
from kehu_desktop.services.payments import reverse_payment
from kehu_desktop.views.kit.branch_filter import BranchFilter
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.formatting import GREY
from kehu_desktop.views.kit.formatting import day_text
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.reason_dialog import ReasonDialog
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import TableModel
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.kit.table_model import money_column
from kehu_desktop.views.kit.table_model import offset_pages
from kehu_desktop.views.kit.table_model import selected_row
from kehu_desktop.views.payments.payment_form import PaymentForm
from kehu_desktop.views.payments.receipt_preview import ReceiptPrinting
from kehu_desktop.views.payments.receipt_preview import open_receipt_preview
from kehu_desktop.views.payments.receivables_view import ReceivablesView
from kehu_desktop.views.payments.remittances_view import RemittancesView


class PaymentsListPanel(QWidget):
    """Payments newest first (paged), with 冲销 (reversal) and the receipt of each."""

    paymentReversed = Signal(object)  # the reversing PaymentView

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, spooler: Spooler | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._spooler = spooler
        self.reverse_dialog: ReasonDialog | None = None
        self.receipt: ReceiptPrinting | None = None
        methods = {
            "cash": self.tr("Cash"),
            "bank_transfer": self.tr("Bank transfer"),
            "bank_draft": self.tr("Bank draft"),
        }
        reversed_word, reversal_word = self.tr("Reversed"), self.tr("Reversal")

        def state(row: PaymentRow) -> str:
            return reversal_word if row.reverses_id else reversed_word if row.reversed else ""

        self.model = TableModel(
            [
                Column(self.tr("Payment number"), lambda r: r.number, name="number"),
                Column(self.tr("Date received"), lambda r: day_text(r.received_on)),
                Column(self.tr("Customer"), lambda r: r.customer_name, name="customer"),
                Column(self.tr("Method"), lambda r: methods.get(r.method, r.method)),
                money_column(self.tr("Amount"), lambda r: r.amount, name="amount"),
                Column(self.tr("Reference"), lambda r: r.reference or ""),
                Column(
                    self.tr("Status"),
                    state,
                    colour=lambda r: GREY if r.reversed else None,
                    name="status",
                ),
            ],
            self,
            ctx=ctx,
            fetch=offset_pages(self._fetch),
        )
        self.model.loadFailed.connect(self._failed)
        self.model.pageLoaded.connect(lambda _n: self._loaded())
        self.table = make_table(self, "payments", self.model, stretch=2)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.branch_filter = BranchFilter(ctx, self)
        self.branch_filter.currentIndexChanged.connect(self.refresh)
        self.reverse_button = push_button(self, self.tr("Reverse…"), "reverse", self.reverse)
        self.reverse_button.setVisible(ctx.actor.can("payment.record"))
        self.receipt_button = push_button(self, self.tr("Receipt…"), "receipt", self.print_receipt)
        self.receipt_button.setVisible(ctx.actor.can("payment.record"))
        buttons = hbox(
            self.reverse_button,
            self.receipt_button,
            None,
            self.branch_filter,
            self.refresh_button,
        )
        vbox(self.messages, self.busy_bar, (self.table, 1), buttons, parent=self)
        self._update_actions()
        self._reselect: str | None = None
        self._branch_id: uuid.UUID | None = None
        ctx.worker.changesMade.connect(self._changes_made)

    def _changes_made(self, changes: Changes) -> None:
        """Money was recorded, reversed or allocated (here or on another screen)."""
        if changes.touches("payment", "payment_allocation", "remittance"):
            current = self.current()
            self._reselect = current.number if current is not None else None
            self.refresh()

    def _fetch(self, offset: int, limit: int) -> Sequence[PaymentRow]:
        """Runs on the DB worker."""
        return list_payments(
            self._ctx.db,
            self._ctx.actor,
            branch_id=self._branch_id,
            limit=limit,
            offset=offset,
        )

    @property
    def busy(self) -> bool:
        return self.model.loading

    def refresh(self) -> None:
        # Read here, on the GUI thread: the fetch runs on the DB worker.
        self._branch_id = self.branch_filter.branch_id
        self.busy_bar.show()
        self.model.refresh()

    def _loaded(self) -> None:
        self.busy_bar.hide()
        if self._reselect is not None and self.select_number(self._reselect):
            self._reselect = None
        self._update_actions()

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.hide()
        self.messages.show_message("error", error_text(exc))

    def current(self) -> PaymentRow | None:
        return selected_row(self.table, PaymentRow)

    def select_number(self, number: str) -> bool:
        for row in range(self.model.rowCount()):
            found = self.model.row_at(row)
            if found is not None and found.number == number:
                self.table.selectRow(row)
                return True
        return False

    def _update_actions(self) -> None:
        row = self.current()
        self.reverse_button.setEnabled(
            row is not None and row.reverses_id is None and not row.reversed
        )
        self.receipt_button.setEnabled(row is not None)

    def reverse(self) -> None:
        row = self.current()
        if row is None or row.reverses_id is not None or row.reversed:
            return
        text = (
            self.tr(
                "Reverse %1 (%2, ¥%3)? A reversing payment dated today takes the amount back; "
                "the slips it paid owe again. Money already remitted to head office cannot be "
                "reversed here."
            )
            .replace("%1", row.number)
            .replace("%2", row.customer_name)
            .replace("%3", f"{row.amount:,.2f}")
        )
        dialog = ReasonDialog(
            self.tr("Reverse payment %1").replace("%1", row.number), text, self.tr("Reverse"), self
        )
        dialog.call_on_confirm(
            self._ctx, reverse_payment, row.id, on_done=partial(self._reversed, row)
        )
        self.reverse_dialog = dialog
        dialog.open()

    def _reversed(self, row: PaymentRow, reversal: PaymentView) -> None:
        self.messages.show_message(
            "success",
            self.tr("%1 reversed by %2.").replace("%1", row.number).replace("%2", reversal.number),
        )
        self.paymentReversed.emit(reversal)
        self.refresh()

    def print_receipt(self) -> None:
        row = self.current()
        if row is not None:
            self.receipt = open_receipt_preview(
                self._ctx, row.id, row.number, parent=self, spooler=self._spooler
            )


class PaymentsView(QWidget):
    """回款 / 回款记录 / 应收款 / 汇款 as tabs; ``refresh()`` reloads every tab."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, spooler: Spooler | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("payment_tabs")
        self.form: PaymentForm | None = None
        self.payments: PaymentsListPanel | None = None
        self.receivables: ReceivablesView | None = None
        self.remittances: RemittancesView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if not ctx.actor.can("payment.view"):
            hint = QLabel(self.tr("Your role does not see payments and receivables."), self)
            hint.setObjectName("hint")
            layout.addWidget(hint)
            layout.addStretch(1)
            return
        if ctx.actor.can("payment.record"):
            form = PaymentForm(ctx, self, spooler=spooler)
            self.tabs.addTab(form, self.tr("Record payment"))
            form.paymentRecorded.connect(lambda _p: self._ledger_changed(form))
            self.form = form
        payments = PaymentsListPanel(ctx, self, spooler=spooler)
        receivables = ReceivablesView(ctx, self)
        remittances = RemittancesView(ctx, self)
        self.tabs.addTab(payments, self.tr("Payments"))
        self.tabs.addTab(receivables, self.tr("Receivables"))
        self.tabs.addTab(remittances, self.tr("Remittances"))
        payments.paymentReversed.connect(lambda _p: self._ledger_changed(payments))
        remittances.remittanceRecorded.connect(lambda _r: self._ledger_changed(remittances))
        self.payments, self.receivables, self.remittances = payments, receivables, remittances
        layout.addWidget(self.tabs)
        payments.refresh()

    def refresh(self) -> None:
        for panel in (self.payments, self.receivables, self.remittances):
            if panel is not None:
                panel.refresh()
        if self.form is not None:
            self.form.search_customers()

    @property
    def busy(self) -> bool:
        panels = (self.form, self.payments, self.receivables, self.remittances)
        return any(p is not None and p.busy for p in panels)

    def _ledger_changed(self, source: QWidget | None) -> None:
        """Money moved: every other tab shows it."""
        for panel in (self.payments, self.receivables, self.remittances):
            if panel is not None and panel is not source:
                panel.refresh()
        if self.form is not None and source is not self.form:
            customer = self.form.customer_id()
            if customer is not None:
                self.form.load_balance(customer)
