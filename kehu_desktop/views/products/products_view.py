"""Products and factory prices (厂价, step 7) with their batches (批号).

One search box (code prefix, name, pinyin initials or full pinyin: ``services.products``), the
list paged from SQL, and the selected product's batches. Head office owns products; until sync
brings them, an administrator adds and edits them here. Everyone else reads.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import KehuError
from kehu_desktop.services import products
from kehu_desktop.services.products import BatchView
from kehu_desktop.services.products import ProductInput
from kehu_desktop.services.products import ProductView
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import search_timer
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from kehu_desktop.views.kit.service_dialog import date_edit
from kehu_desktop.views.kit.service_dialog import picked
from kehu_desktop.views.kit.table_model import make_table
from kehu_desktop.views.kit.table_model import selected_row
from kehu_desktop.views.kit.worker import Task
from kehu_desktop.views.products.product_model import BatchModel
from kehu_desktop.views.products.product_model import ProductModel
from kehu_desktop.views.products.product_model import ProductRole

log = logging.getLogger(__name__)


class ProductDialog(ServiceDialog):
    """Add a product, or edit ``product``; the service checks every field."""

    def __init__(
        self, ctx: AppContext, product: ProductView | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "", parent)
        self._product = product
        self.setWindowTitle(self.tr("Edit product") if product else self.tr("New product"))
        self.set_intro(self.tr("Head-office data: sync will bring products once it exists."))
        self.inputs: dict[str, QLineEdit] = {}
        for name, label in (
            ("code", self.tr("Code")),
            ("name", self.tr("Name")),
            ("dosage_form", self.tr("Dosage form")),
            ("specification", self.tr("Specification")),
            ("manufacturer", self.tr("Manufacturer")),
            ("unit", self.tr("Unit")),
            ("factory_price", self.tr("Factory price (yuan)")),
        ):
            if name == "dosage_form":
                # The usual forms to pick from; anything else can be typed.
                self.dosage_form = QComboBox(self)
                self.dosage_form.setEditable(True)
                self.dosage_form.addItems(["", *products.DOSAGE_FORMS])
                self.add_field(name, label, self.dosage_form)
                continue
            edit = QLineEdit(self)
            self.inputs[name] = edit
            self.add_field(name, label, edit)
        self.inputs["manufacturer"].setPlaceholderText(self.tr("Printed on the slip"))
        self.inputs["factory_price"].setAlignment(Qt.AlignmentFlag.AlignRight)
        self.inputs["factory_price"].setPlaceholderText(self.tr("at least 0.01, e.g. 12.50"))
        self.inputs["code"].setPlaceholderText(self.tr("A-Z, 0-9 and . _ / -, e.g. YP-001"))
        self.batch_required = QCheckBox(self.tr("Every sale needs a batch and its expiry"), self)
        self.batch_required.setObjectName("batch_required")
        self.active = QCheckBox(self.tr("On sale"), self)
        self.active.setObjectName("active")
        self.active.setChecked(True)
        self.add_field("batch_required", self.tr("Batch required"), self.batch_required)
        self.add_field("active", self.tr("Status"), self.active)
        if product is not None:
            self.inputs["code"].setText(product.code)
            self.inputs["name"].setText(product.name)
            self.inputs["specification"].setText(product.specification or "")
            self.dosage_form.setCurrentText(product.dosage_form or "")
            self.inputs["manufacturer"].setText(product.manufacturer or "")
            self.inputs["unit"].setText(product.unit)
            self.inputs["factory_price"].setText(f"{product.factory_price:.2f}")
            self.batch_required.setChecked(product.batch_required)
            self.active.setChecked(product.active)

    def product_input(self) -> ProductInput:
        text = {name: edit.text() for name, edit in self.inputs.items()}
        return ProductInput(
            code=text["code"],
            name=text["name"],
            specification=text["specification"] or None,
            dosage_form=self.dosage_form.currentText() or None,
            manufacturer=text["manufacturer"] or None,
            unit=text["unit"],
            factory_price=text["factory_price"].strip() or None,
            batch_required=self.batch_required.isChecked(),
            active=self.active.isChecked(),
            id=self._product.id if self._product else None,
        )

    def submit(self) -> None:
        inp = self.product_input()
        self.run(products.save_product, self._ctx.db, self._ctx.actor, inp)


class BatchDialog(ServiceDialog):
    """Record a batch number and its expiry date for ``product``."""

    def __init__(self, ctx: AppContext, product: ProductView, parent: QWidget | None = None):
        super().__init__(ctx, "", parent)
        self._product = product
        self.setWindowTitle(self.tr("New batch"))
        self.set_intro(self.tr("{code} {name}").format(code=product.code, name=product.name))
        self.batch_no = QLineEdit(self)
        self.expiry = date_edit(ctx.db.clock.today() + timedelta(days=730), self)
        self.add_field("batch_no", self.tr("Batch number"), self.batch_no)
        self.add_field("expiry", self.tr("Expiry"), self.expiry)

    def submit(self) -> None:
        db, actor = self._ctx.db, self._ctx.actor
        self.run(
            products.add_batch,
            db,
            actor,
            self._product.id,
            self.batch_no.text(),
            picked(self.expiry),
        )


class ProductsView(QWidget):
    """The product list with search, its batches, and (for administrators) editing."""

    productSaved = Signal(object)  # the saved ProductView

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._can_edit = ctx.actor.can("product.edit")
        self._batch_task: Task | None = None
        self.dialog: ServiceDialog | None = None  # the dialog last opened
        self.setObjectName("products_view")

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Search: code, name or pinyin initials (e.g. amxl)")
        )
        self.inactive_check = QCheckBox(self.tr("Show products no longer on sale"), self)
        self.inactive_check.setObjectName("include_inactive")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.add_button = push_button(self, self.tr("New product"), "add_product")
        self.edit_button = push_button(self, self.tr("Edit product"), "edit_product")
        top = hbox(
            (self.search_edit, 3),
            self.inactive_check,
            (self.count_label, 1),
            self.add_button,
            self.edit_button,
        )
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.notice = Banner(self)
        self.notice.setObjectName("notice")
        self.busy_bar = BusyBar(self)

        self.model = ProductModel(ctx, self)
        self.model.pageLoaded.connect(self._page_loaded)
        self.model.loadFailed.connect(self._load_failed)
        self.table = make_table(
            self,
            "products",
            self.model,
            widths="products",
            stretch=1,
            alternating=False,
            centred=False,
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._double_clicked)

        self.batch_model = BatchModel(self)
        self.batches = QTableView(self)
        self.batches.setObjectName("batches")
        self.batches.setModel(self.batch_model)
        self.batches.verticalHeader().hide()
        fit_columns(self.batches, "batches")
        self.batches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_batch_button = push_button(self, self.tr("New batch"), "add_batch")
        self.batch_box = QGroupBox(self.tr("Batches"), self)
        batch_layout = QVBoxLayout(self.batch_box)
        batch_layout.addWidget(self.batches, 1)
        batch_layout.addWidget(self.add_batch_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.batch_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        vbox(top, self.busy_bar, self.messages, self.notice, (splitter, 1), parent=self)

        for button in (self.add_button, self.edit_button, self.add_batch_button):
            button.setVisible(self._can_edit)
        if not self._can_edit:
            self.notice.show_message(
                "info", self.tr("Read only: head office keeps products and factory prices.")
            )
        self.add_button.clicked.connect(lambda: self._edit(None))
        self.edit_button.clicked.connect(lambda: self._edit(self.selected()))
        self.add_batch_button.clicked.connect(self._add_batch)
        self._search_timer = search_timer(self.search_edit, self.refresh, self)
        self.search_edit.returnPressed.connect(self.refresh)
        self.inactive_check.toggled.connect(self.refresh)
        self._enable()
        self.refresh()

    # --- loading -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.model.loading

    def refresh(self) -> None:
        """Run the search again from its first page."""
        self._search_timer.stop()
        self.model.set_search(self.search_edit.text().strip(), self.inactive_check.isChecked())
        self.busy_bar.setVisible(self.busy)

    def _page_loaded(self, offset: int) -> None:
        self.busy_bar.setVisible(self.busy)
        if offset == 0:
            self._selection_changed()
        count = self.model.rowCount()
        more = self.model.canFetchMore()
        text = self.tr("{count}+ products") if more else self.tr("{count} products")
        self.count_label.setText(text.format(count=count))

    def _load_failed(self, exc: Exception) -> None:
        self.busy_bar.setVisible(self.busy)
        self._show_error(exc)

    def _show_error(self, exc: Exception) -> None:
        if not isinstance(exc, KehuError):
            log.error("products view: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- selection and batches -----------------------------------------------------------------

    def selected(self) -> ProductView | None:
        return selected_row(self.table, ProductView)

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.add_batch_button.setEnabled(chosen)

    def _selection_changed(self) -> None:
        self._enable()
        product = self.selected()
        if self._batch_task is not None:
            self._batch_task.cancel()
        if product is None:
            self.batch_box.setTitle(self.tr("Batches"))
            self.batch_model.set_rows([])
            return
        self.batch_box.setTitle(self.tr("Batches of {name}").format(name=product.name))
        self._batch_task = self._ctx.call(
            products.product_batches,
            product.id,
            on_done=self._batches_loaded,
            on_error=self._show_error,
        )

    def _batches_loaded(self, batches: list[BatchView]) -> None:
        self.batch_model.set_rows(batches)

    # --- editing (administrators) --------------------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        if self._can_edit:
            self._edit(index.data(ProductRole))

    def _open(self, dialog: ServiceDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def _edit(self, product: ProductView | None) -> None:
        if not self._can_edit:
            return
        dialog = ProductDialog(self._ctx, product, self)
        dialog.saved.connect(self._product_saved)
        self._open(dialog)

    def _product_saved(self, product: ProductView) -> None:
        text = self.tr("Saved: {code} {name}").format(code=product.code, name=product.name)
        self.messages.show_message("success", text)
        self.productSaved.emit(product)
        self.refresh()

    def _add_batch(self) -> None:
        product = self.selected()
        if product is None or not self._can_edit:
            return
        dialog = BatchDialog(self._ctx, product, self)
        dialog.saved.connect(self._batch_saved)
        self._open(dialog)

    def _batch_saved(self, batch: BatchView) -> None:
        self.messages.show_message(
            "success", self.tr("Batch {number} recorded.").format(number=batch.batch_no)
        )
        self._selection_changed()
