"""The lines of a dispatch request: product, batch, quantity, unit price, factory price, amount.

Quantity and unit price are typed as text and stay text for the service (which makes the price
a Decimal); the line amounts and the total shown here are computed with the same pure rules
(domain.identifiers, services.dispatch.line_amount: Decimal, half-up at the line), so what the
sales rep sees is what the note will say. A price below the factory price is marked at once;
the service's field errors (``lines[2].unit_price``) go on the very cell they name.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import parse_amount
from kehu_desktop.domain.identifiers import parse_count
from kehu_desktop.services.dispatch import DispatchLineInput
from kehu_desktop.services.dispatch import line_amount
from kehu_desktop.services.products import BatchView
from kehu_desktop.services.products import ProductView
from kehu_desktop.views.kit.field_widgets import mark_invalid
from kehu_desktop.views.kit.formatting import plain_amount
from kehu_desktop.views.kit.formatting import yuan

PRODUCT, BATCH, QUANTITY, PRICE, FACTORY, AMOUNT, PROBLEM = range(7)
FIELD_COLUMNS = {
    "product_id": PRODUCT,
    "batch_id": BATCH,
    "quantity": QUANTITY,
    "unit_price": PRICE,
}
_LINE_FIELD = re.compile(r"^lines\[(\d+)\]\.(\w+)$")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ERROR_BG = QBrush(QColor("#fdecea"))
_ERROR_FG = QBrush(QColor("#b3261e"))
_WARN_BG = QBrush(QColor("#fff4e5"))
_WARN_FG = QBrush(QColor("#a15c00"))
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass
class RequestLine:
    product: ProductView
    key: uuid.UUID = field(default_factory=uuid.uuid4)  # finds the row when batches arrive
    batches: list[BatchView] | None = None  # None while loading (batch-required only)
    errors: list[str] = field(default_factory=list)  # the service's messages for this line
    hint: str = ""  # a problem seen while typing (price below the factory price)


def parse_line_field(name: str) -> tuple[int, str] | None:
    """``lines[2].unit_price`` → (2, "unit_price")."""
    match = _LINE_FIELD.match(name)
    return (int(match[1]), match[2]) if match else None


class RequestLinesTable(QTableWidget):
    """Editable lines; ``totalChanged`` carries the Decimal total of the lines that are valid."""

    totalChanged = Signal(object)  # Decimal

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 7, parent)
        self.setObjectName("lines")
        self.lines: list[RequestLine] = []
        self.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("Batch"),
                self.tr("Quantity"),
                self.tr("Unit price (¥)"),
                self.tr("Factory price (¥)"),
                self.tr("Amount (¥)"),
                self.tr("Problem"),
            ]
        )
        self.setColumnHidden(PROBLEM, True)  # shown while a line has a problem
        for column in (QUANTITY, PRICE, FACTORY, AMOUNT):
            item = self.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(_RIGHT)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(PRODUCT, QHeaderView.ResizeMode.Stretch)
        for column, chars in ((BATCH, 30), (QUANTITY, 7), (PRICE, 9), (FACTORY, 9), (AMOUNT, 11)):
            self.setColumnWidth(column, self.fontMetrics().horizontalAdvance("0" * chars) + 16)
        self.itemChanged.connect(self._item_changed)

    # --- lines -------------------------------------------------------------------------------

    def add_line(self, product: ProductView) -> RequestLine:
        line = RequestLine(product)
        row = self.rowCount()
        self.blockSignals(True)
        self.insertRow(row)
        text = f"{product.code} {product.name}"
        if product.specification:
            text += f" {product.specification}"
        name = QTableWidgetItem(f"{text} / {product.unit}")
        name.setFlags(_READ_ONLY)
        self.setItem(row, PRODUCT, name)
        if product.batch_required:
            combo = QComboBox(self)
            combo.setObjectName(f"batch_{row}")
            combo.addItem(self.tr("Loading batches…"), None)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._batch_chosen(c))
            self.setCellWidget(row, BATCH, combo)
            line.batches = None
        else:
            none = QTableWidgetItem(self.tr("(no batch)"))
            none.setFlags(_READ_ONLY)
            none.setForeground(QBrush(QColor("#757575")))
            self.setItem(row, BATCH, none)
            line.batches = []
        for column, value in ((QUANTITY, ""), (PRICE, plain_amount(product.factory_price))):
            item = QTableWidgetItem(value)
            item.setTextAlignment(_RIGHT)
            self.setItem(row, column, item)
        for column, value in (
            (FACTORY, plain_amount(product.factory_price)),
            (AMOUNT, ""),
            (PROBLEM, ""),
        ):
            item = QTableWidgetItem(value)
            item.setFlags(_READ_ONLY)
            if column != PROBLEM:
                item.setTextAlignment(_RIGHT)
            self.setItem(row, column, item)
        self.blockSignals(False)
        self.lines.append(line)
        self._recompute(row)
        self.setCurrentCell(row, QUANTITY)
        return line

    def set_batches(self, key: uuid.UUID, batches: list[BatchView]) -> None:
        row = next((i for i, ln in enumerate(self.lines) if ln.key == key), -1)
        if row < 0:
            return  # the line was removed meanwhile
        self.lines[row].batches = batches
        combo = self.cellWidget(row, BATCH)
        if not isinstance(combo, QComboBox):
            return
        combo.blockSignals(True)
        combo.clear()
        good = [b for b in batches if not b.expired]
        for b in good:  # first expiry, first out: the service lists them in that order
            combo.addItem(
                self.tr("{batch} · expires {expiry}").format(
                    batch=b.batch_no, expiry=b.expiry.isoformat()
                ),
                str(b.id),
            )
        if not good:
            combo.addItem(self.tr("No usable batch"), None)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)

    def remove_current(self) -> None:
        row = self.currentRow()
        if 0 <= row < len(self.lines):
            self.removeRow(row)
            del self.lines[row]
            self._show_problem_column()
            self._emit_total()

    def line_inputs(self) -> list[DispatchLineInput]:
        """The lines as typed, for ``DispatchRequest`` (the service parses and checks them)."""
        out = []
        for row, line in enumerate(self.lines):
            combo = self.cellWidget(row, BATCH)
            batch = combo.currentData() if isinstance(combo, QComboBox) else None
            out.append(
                DispatchLineInput(
                    line.product.id, self._text(row, QUANTITY), self._text(row, PRICE), batch
                )
            )
        return out

    def set_quantity(self, row: int, text: str) -> None:
        self._set_text(row, QUANTITY, text)

    def set_price(self, row: int, text: str) -> None:
        self._set_text(row, PRICE, text)

    def _set_text(self, row: int, column: int, text: str) -> None:
        item = self.item(row, column)
        if item is not None:
            item.setText(text)

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    # --- amounts and errors ------------------------------------------------------------------

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in (QUANTITY, PRICE):
            self._clear_error(item.row(), item.column())
            self.lines[item.row()].errors = []  # edited: the service will judge it again
            self._recompute(item.row())

    def _batch_chosen(self, combo: QComboBox) -> None:
        mark_invalid(combo, False)
        combo.setToolTip("")

    def _parsed(self, row: int) -> tuple[int | None, Decimal | None, str | None]:
        """(quantity, price, problem) of a row as typed now."""
        n = row + 1
        try:
            quantity = parse_count(
                self._text(row, QUANTITY),
                field="quantity",
                label=self.tr("Line {n} quantity").format(n=n),
            )
            price = parse_amount(
                self._text(row, PRICE),
                field="unit_price",
                label=self.tr("Line {n} unit price").format(n=n),
            )
        except ValidationFailed as exc:
            return None, None, exc.message
        return quantity, price, None

    def _recompute(self, row: int) -> None:
        if not 0 <= row < len(self.lines):
            return
        quantity, price, _problem = self._parsed(row)
        amount = self.item(row, AMOUNT)
        self.blockSignals(True)
        if amount is not None:
            ok = quantity is not None and quantity > 0 and price is not None
            amount.setText(
                plain_amount(line_amount(quantity, price))  # type: ignore[arg-type]
                if ok
                else ""
            )
        line = self.lines[row]
        factory = line.product.factory_price
        below = price is not None and price < factory
        line.hint = (
            self.tr("Below the factory price {price}").format(price=yuan(factory)) if below else ""
        )
        price_item = self.item(row, PRICE)
        if price_item is not None and price_item.background() != _ERROR_BG:
            price_item.setBackground(_WARN_BG if below else QBrush())
            price_item.setToolTip(line.hint)
        self.blockSignals(False)
        self._show_problem(row)
        self._emit_total()

    def _show_problem(self, row: int) -> None:
        """The line's problems in words, in its last column: red from the service, amber while
        typing."""
        line = self.lines[row]
        item = self.item(row, PROBLEM)
        if item is None:
            return
        self.blockSignals(True)
        item.setText("\n".join(line.errors) if line.errors else line.hint)
        item.setToolTip(item.text())
        item.setForeground(_ERROR_FG if line.errors else _WARN_FG)
        self.blockSignals(False)
        self._show_problem_column()

    def _show_problem_column(self) -> None:
        shown = any(ln.errors or ln.hint for ln in self.lines)
        self.setColumnHidden(PROBLEM, not shown)
        # The words of a problem need the room more than the product name does.
        header = self.horizontalHeader()
        header.setSectionResizeMode(
            PROBLEM, QHeaderView.ResizeMode.Stretch if shown else QHeaderView.ResizeMode.Interactive
        )
        header.setSectionResizeMode(
            PRODUCT,
            QHeaderView.ResizeMode.ResizeToContents if shown else QHeaderView.ResizeMode.Stretch,
        )
        self.resizeRowsToContents()

    def total(self) -> Decimal:
        total = Decimal("0.00")
        for row in range(len(self.lines)):
            quantity, price, _ = self._parsed(row)
            if quantity and price is not None:
                total += line_amount(quantity, price)
        return total

    def _emit_total(self) -> None:
        self.totalChanged.emit(self.total())

    def clear_errors(self) -> None:
        for row in range(self.rowCount()):
            for column in FIELD_COLUMNS.values():
                self._clear_error(row, column)
            self.lines[row].errors = []
            self._show_problem(row)

    def _clear_error(self, row: int, column: int) -> None:
        self.blockSignals(True)
        widget = self.cellWidget(row, column)
        if widget is not None:
            mark_invalid(widget, False)
            widget.setToolTip("")
        else:
            item = self.item(row, column)
            if item is not None and item.background() == _ERROR_BG:
                item.setBackground(QBrush())
                item.setForeground(QBrush())
                item.setToolTip("")
        self.blockSignals(False)

    def show_errors(self, errors: list[FieldError]) -> list[FieldError]:
        """Mark the cell of every ``lines[i].field`` error; returns the errors of no cell."""
        rest = []
        self.blockSignals(True)
        for error in errors:
            where = parse_line_field(error.field)
            column = FIELD_COLUMNS.get(where[1]) if where else None
            if where is None or column is None or not 0 <= where[0] < self.rowCount():
                rest.append(error)
                continue
            row = where[0]
            widget = self.cellWidget(row, column)
            if widget is not None:
                mark_invalid(widget, True)
                widget.setToolTip(error.message)
                continue
            item = self.item(row, column)
            if item is None:
                rest.append(error)
                continue
            item.setBackground(_ERROR_BG)
            item.setForeground(_ERROR_FG)
            item.setToolTip(error.message)
        self.blockSignals(False)
        for error in errors:
            where = parse_line_field(error.field)
            if where is not None and 0 <= where[0] < len(self.lines):
                self.lines[where[0]].errors.append(error.message)
        for row in range(len(self.lines)):
            self._show_problem(row)
        self.clearSelection()  # a selected row would hide the red cells
        return rest

    def cell_error(self, row: int, column: int) -> str:
        """The error shown on a cell (tests; the same text is the cell's tooltip)."""
        widget = self.cellWidget(row, column)
        if widget is not None:
            return widget.toolTip() if widget.property("invalid") else ""
        item = self.item(row, column)
        if item is None or item.background() != _ERROR_BG:
            return ""
        return item.toolTip()
