"""The sales rep's request for goods (申请发货): customer, sale kind, product lines.

The customer is picked among *selected* customers (search by name or pinyin initials), products
by code, name or pinyin; a medicine's batch is chosen from its good batches (first expiry first).
The service checks everything again and reports every bad field at once: each error is shown on
the field or the line cell it names (``lines[2].unit_price``), nothing is written until all are
good. Lookups and the request run on the DB worker.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import CustomerPage
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.dispatch import DispatchRequest
from kehu_desktop.services.dispatch import DispatchView
from kehu_desktop.services.dispatch import request_dispatch
from kehu_desktop.services.products import BatchView
from kehu_desktop.services.products import ProductView
from kehu_desktop.services.products import list_products
from kehu_desktop.services.products import product_batches
from kehu_desktop.views.dispatch.dispatch_lines import RequestLinesTable
from kehu_desktop.views.dispatch.dispatch_terms import SALE_KIND_LABELS
from kehu_desktop.views.dispatch.dispatch_terms import sale_kind_label
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.field_widgets import search_timer
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.worker import Task

log = logging.getLogger(__name__)
PICK_LIMIT = 50


class DispatchRequestDialog(QDialog):
    """Ask for goods for a selected customer; ``dispatchRequested`` carries the new note."""

    dispatchRequested = Signal(object)  # DispatchView

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._tasks: dict[str, Task] = {}
        self._submitting = False
        self.setObjectName("dispatch_request")
        self.setWindowTitle(self.tr("Request goods (dispatch note)"))
        self.setStyleSheet(INVALID_STYLE)
        self.resize(1000, 640)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)

        self.customer_search = self._search_edit(
            "customer_search", self.tr("Search selected customers: name or pinyin initials")
        )
        self.customer = QComboBox(self)
        self.customer.setObjectName("customer_id")
        self.customer.setMinimumContentsLength(24)
        self.customer.setPlaceholderText(self.tr("Choose a customer"))
        self.customer_box = FieldBox(self.customer)
        self.customer.currentIndexChanged.connect(lambda _i: self.customer_box.set_error(None))
        self.sale_kind = QComboBox(self)
        self.sale_kind.setObjectName("sale_kind")
        for code in SALE_KIND_LABELS:
            self.sale_kind.addItem(sale_kind_label(code), code)
        self.sale_kind.setPlaceholderText(self.tr("Choose cash or credit"))
        self.sale_kind.setCurrentIndex(-1)  # never a silent default: the rep chooses
        self.sale_kind_box = FieldBox(self.sale_kind)
        self.sale_kind.currentIndexChanged.connect(lambda _i: self.sale_kind_box.set_error(None))
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("Optional: for the managers and the driver"))
        customer_row = hbox((self.customer_search, 2), (self.customer_box, 3))
        form = QFormLayout()
        form.addRow(self.tr("Customer"), customer_row)
        form.addRow(self.tr("Sale"), self.sale_kind_box)
        form.addRow(self.tr("Note"), self.note)

        self.product_search = self._search_edit(
            "product_search", self.tr("Search products: code, name or pinyin")
        )
        self.product = QComboBox(self)
        self.product.setObjectName("product")
        self.product.setMinimumContentsLength(30)
        self.add_button = push_button(self, self.tr("Add line"), "add_line", self.add_line)
        self.remove_button = push_button(self, self.tr("Remove line"), "remove_line")
        picker = hbox(
            QLabel(self.tr("Product"), self),
            (self.product_search, 2),
            (self.product, 3),
            self.add_button,
            self.remove_button,
        )
        self.lines = RequestLinesTable(self)
        self.remove_button.clicked.connect(self.lines.remove_current)
        self.lines_box = FieldBox(self.lines)
        self.lines.totalChanged.connect(self._total_changed)
        self.total = QLabel(self)
        self.total.setObjectName("total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        emphasise(self.total, 1.2)

        self.submit_button = push_button(self, self.tr("Submit request"), "submit")
        self.submit_button.setAutoDefault(False)
        self.submit_button.clicked.connect(self.submit)
        close = push_button(self, self.tr("Close"), "close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = hbox(None, self.submit_button, close)

        vbox(
            self.busy_bar,
            self.messages,
            form,
            picker,
            (self.lines_box, 1),
            self.total,
            buttons,
            parent=self,
        )
        self._total_changed(self.lines.total())
        self._find_customers()
        self._find_products()

    def _search_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setClearButtonEnabled(True)
        edit.setPlaceholderText(placeholder)
        find = self._find_customers if name == "customer_search" else self._find_products
        search_timer(edit, find, edit)
        return edit

    # --- background work ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return bool(self._tasks) or self._submitting

    def _submit_task(
        self,
        key: str,
        fn: Callable[..., Any],
        *args: Any,
        done: str,
        extra: tuple[Any, ...] = (),
        **kwargs: Any,
    ) -> None:
        """Run ``fn`` on the worker; its value goes to the method named ``done`` (a name, not a
        bound method, so the worker never holds this dialog)."""
        old = self._tasks.pop(key, None)
        if old is not None:
            old.cancel()  # typed again: only the last answer counts
        self._tasks[key] = self._ctx.worker.submit(
            fn,
            *args,
            **kwargs,
            on_done=partial(weak_callback(self._task_done), key, done, extra),
            on_error=partial(weak_callback(self._task_failed), key),
        )
        self.busy_bar.show()

    def _task_done(self, key: str, done: str, extra: tuple[Any, ...], value: Any) -> None:
        self._tasks.pop(key, None)
        self.busy_bar.setVisible(self.busy)
        getattr(self, done)(*extra, value)

    def _task_failed(self, key: str, exc: Exception) -> None:
        self._tasks.pop(key, None)
        self.busy_bar.setVisible(self.busy)
        if not isinstance(exc, KehuError):
            log.error("dispatch request: lookup failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- pickers -----------------------------------------------------------------------------

    def _find_customers(self) -> None:
        query = CustomerQuery(search=self.customer_search.text(), status="selected")
        self._submit_task(
            "customers",
            list_customers,
            self._ctx.db,
            self._ctx.actor,
            query,
            limit=PICK_LIMIT,
            done="_customers_found",
        )

    def _customers_found(self, page: CustomerPage) -> None:
        chosen = self.customer.currentData()
        self.customer.blockSignals(True)
        self.customer.clear()
        for row in page.rows:
            office = f"（{row.market_office}）" if row.market_office else ""
            self.customer.addItem(f"{row.name}{office}", row.id)
        index = self.customer.findData(chosen) if chosen is not None else -1
        if index < 0 and len(page.rows) == 1:
            index = 0  # the search found exactly one: take it
        self.customer.setCurrentIndex(index)
        self.customer.blockSignals(False)

    def _find_products(self) -> None:
        self._submit_task(
            "products",
            list_products,
            self._ctx.db,
            self._ctx.actor,
            self.product_search.text(),
            limit=PICK_LIMIT,
            done="_products_found",
        )

    def _products_found(self, products: list[ProductView]) -> None:
        self.product.clear()
        for p in products:
            spec = f" {p.specification}" if p.specification else ""
            label = self.tr("{code} {name}{spec} · factory price {price}").format(
                code=p.code, name=p.name, spec=spec, price=yuan(p.factory_price)
            )
            self.product.addItem(label, p)
        self.add_button.setEnabled(bool(products))

    def add_line(self) -> None:
        product = self.product.currentData()
        if not isinstance(product, ProductView):
            return
        line = self.lines.add_line(product)
        self.lines_box.set_error(None)
        if product.batch_required:
            self._submit_task(
                f"batches-{line.key}",
                product_batches,
                self._ctx.db,
                self._ctx.actor,
                product.id,
                done="_batches_found",
                extra=(line.key,),
            )
        self.lines.setFocus()

    def _batches_found(self, key: uuid.UUID, batches: list[BatchView]) -> None:
        self.lines.set_batches(key, batches)

    def _total_changed(self, total: Decimal) -> None:
        self.total.setText(self.tr("Total: {amount}").format(amount=yuan(total)))

    # --- submit ------------------------------------------------------------------------------

    def request(self) -> DispatchRequest:
        return DispatchRequest(
            customer_id=self.customer.currentData(),
            sale_kind=self.sale_kind.currentData() or "",
            lines=self.lines.line_inputs(),
            note=self.note.text(),
        )

    def submit(self) -> None:
        if self.busy:
            return
        self.messages.clear()
        self.customer_box.set_error(None)
        self.sale_kind_box.set_error(None)
        self.lines_box.set_error(None)
        self.lines.clear_errors()
        self._submitting = True
        self.submit_button.setEnabled(False)
        self.busy_bar.show()
        self._ctx.call(
            request_dispatch,
            self.request(),
            on_done=self._requested,
            on_error=self._refused,
        )

    def _finish_submit(self) -> None:
        self._submitting = False
        self.submit_button.setEnabled(True)
        self.busy_bar.setVisible(self.busy)

    def _requested(self, note: DispatchView) -> None:
        self._finish_submit()
        self.dispatchRequested.emit(note)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self._finish_submit()
        if not isinstance(exc, ValidationFailed):
            if not isinstance(exc, KehuError):
                log.error("dispatch request failed", exc_info=exc)
            self.messages.show_message("error", error_text(exc))
            return
        boxes = {
            "customer_id": self.customer_box,
            "sale_kind": self.sale_kind_box,
            "lines": self.lines_box,
        }
        rest = []
        for error in self.lines.show_errors(exc.errors):
            box = boxes.get(error.field)
            if box is None:
                rest.append(error)
            else:
                box.set_error("\n".join(filter(None, (box.error, error.message))))
        self.messages.show_message(
            "error",
            self.tr("The request was not saved. Please correct the marked fields."),
            [("", e.message) for e in rest],
        )
