"""A plan's purchase plan per product (分销计划: 进货计划, optionally per product): the lines of one
grid row, each a product from the product list, a quantity and an amount, with their total. The
dialog only collects what is typed; the grid's one save checks every line (the service refuses
each bad field at ``rows.<n>.lines.<m>.<field>``, shown here on the line's cell)."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from decimal import Decimal
from decimal import InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QCompleter
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.dto import PlanLineInput
from kehu_desktop.dto import ProductView
from kehu_desktop.views.credit.credit_records import RED
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.buttons import never_default
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

PRODUCT, QUANTITY, AMOUNT = 0, 1, 2
FIELDS = {"product": PRODUCT, "quantity": QUANTITY, "amount": AMOUNT}


def product_text(product: ProductView) -> str:
    spec = f" {product.specification}" if product.specification else ""
    return f"{product.code} {product.name}{spec}（{product.unit}）"


def lines_total(lines: Sequence[PlanLineInput]) -> Decimal | None:
    """The lines' amounts added up as typed; None when one cannot be read (the save says why)."""
    total = Decimal("0.00")
    for line in lines:
        text = str(line.amount or "").replace(",", "").replace("，", "").strip()
        if not text:
            continue
        try:
            total += Decimal(text)
        except InvalidOperation:
            return None
    return total


class PlanLinesDialog(QDialog):
    """The product lines of one customer's plan; ``lines()`` after OK."""

    def __init__(
        self,
        customer: str,
        products: Sequence[ProductView],
        lines: Sequence[PlanLineInput],
        *,
        editable: bool,
        errors: Mapping[tuple[int, str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plan_lines")
        self.setWindowTitle(
            self.tr("Purchase plan by product: {customer}").format(customer=customer)
        )
        self._products = list(products)
        self._editable = editable
        known = {p.code for p in self._products}
        self._extra = sorted({ln.product_code for ln in lines if ln.product_code} - known)
        hint = QLabel(
            self.tr(
                "The customer's purchase plan becomes the total of these lines. "
                "A line left blank is dropped; the plans' save checks every line."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("lines")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Product"), self.tr("Quantity"), self.tr("Amount")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if not editable:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        fit_columns(self.table, "plans/lines", names=[PRODUCT])
        self.table.itemChanged.connect(lambda _item: self._show_total())
        self.add_button = push_button(self, self.tr("Add a line"), "add_line", self.add_line)
        self.remove_button = push_button(
            self, self.tr("Remove the line"), "remove_line", self.remove_line
        )
        self.add_button.setVisible(editable)
        self.remove_button.setVisible(editable)
        self.total = QLabel(self)
        self.total.setObjectName("total")
        self.total.setMinimumWidth(self.fontMetrics().horizontalAdvance("合计：¥000,000,000.00"))
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        buttons = QDialogButtonBox(self)
        if editable:
            box_button(buttons, self.tr("OK"), QDialogButtonBox.ButtonRole.AcceptRole, "ok")
            box_button(buttons, self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole, "cancel")
        else:
            box_button(buttons, self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole, "close")
        never_default(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        vbox(
            hint,
            (self.table, 1),
            hbox(self.add_button, self.remove_button, None, self.total, margins=0),
            buttons,
            parent=self,
        )
        for line in lines:
            self.add_line(line)
        for (m, field), message in (errors or {}).items():
            self._mark(m, field, message)
        self._show_total()
        self.resize(720, 420)

    def _product_box(self, code: str | None) -> QComboBox:
        box = QComboBox(self.table)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.addItem("", "")
        for product in self._products:
            box.addItem(product_text(product), product.code)
        for extra in self._extra:  # a product no longer listed: kept as it was
            box.addItem(extra, extra)
        completer = box.completer()
        if completer is not None:  # type any part: code, name or specification
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        box.setCurrentIndex(max(box.findData(code or ""), 0))
        box.setEnabled(self._editable)
        return box

    def add_line(self, line: PlanLineInput | None = None) -> None:
        line = line if isinstance(line, PlanLineInput) else PlanLineInput()
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, PRODUCT, QTableWidgetItem())
        self.table.setCellWidget(row, PRODUCT, self._product_box(line.product_code))
        for column, value in ((QUANTITY, line.quantity), (AMOUNT, line.amount)):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        self.table.selectRow(row)

    def remove_line(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.removeRow(rows[0].row())
            self._show_total()

    def set_line(self, row: int, code: str, quantity: str, amount: str) -> None:
        """Fill a line as typing would (also for tests)."""
        box = self.table.cellWidget(row, PRODUCT)
        assert isinstance(box, QComboBox)
        box.setCurrentIndex(box.findData(code))
        for column, text in ((QUANTITY, quantity), (AMOUNT, amount)):
            item = self.table.item(row, column)
            assert item is not None
            item.setText(text)

    def lines(self) -> list[PlanLineInput]:
        out = []
        for row in range(self.table.rowCount()):
            box = self.table.cellWidget(row, PRODUCT)
            code = box.currentData() if isinstance(box, QComboBox) else None
            if isinstance(box, QComboBox) and box.currentText() != box.itemText(box.currentIndex()):
                code = box.currentText().strip().split(" ")[0]  # typed, not chosen
            texts = [
                (self.table.item(row, c).text().strip() if self.table.item(row, c) else "")  # type: ignore[union-attr]
                for c in (QUANTITY, AMOUNT)
            ]
            out.append(PlanLineInput(code or None, texts[0] or None, texts[1] or None))
        return out

    def _mark(self, m: int, field: str, message: str) -> None:
        column = FIELDS.get(field, AMOUNT)
        if m >= self.table.rowCount():
            return
        item = self.table.item(m, column)
        if item is not None:
            item.setBackground(Qt.GlobalColor.yellow)
            item.setForeground(RED)
            item.setToolTip(message)
        widget = self.table.cellWidget(m, column)
        if widget is not None:
            widget.setToolTip(message)
            widget.setStyleSheet("QComboBox { background: #fdecea; color: #b3261e; }")

    def _show_total(self) -> None:
        total = lines_total(self.lines())
        self.total.setText(
            self.tr("Total: {amount}").format(amount="—" if total is None else yuan(total))
        )
