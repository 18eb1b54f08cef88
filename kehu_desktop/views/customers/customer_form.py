"""The three parts of a customer file on tabs (basic data, credit data, sales data) plus a
read-only status and history tab. No database here: :class:`.CustomerEditor` loads and saves.

Credit code, postcode, phone, founding date, years and amounts are checked as the user leaves the
field with the same pure rules the service applies (kehu_desktop.domain.identifiers), and the
field then shows the normalised value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain import identifiers
from kehu_desktop.domain.customer import CHANNELS
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import CustomerFile
from kehu_desktop.dto import MarketOfficeView
from kehu_desktop.services.customers import MAX_LENGTHS
from kehu_desktop.services.customers import draft_from_file
from kehu_desktop.views.customers.customer_model import channel_label
from kehu_desktop.views.customers.customer_terms import field_label
from kehu_desktop.views.customers.customer_terms import parse_monthly_field
from kehu_desktop.views.customers.monthly_sales_model import COLUMNS
from kehu_desktop.views.customers.monthly_sales_model import MonthlySalesModel
from kehu_desktop.views.customers.monthly_sales_model import format_amount
from kehu_desktop.views.customers.selection_history import SelectionHistoryPanel
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import DateField
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

Input = QLineEdit | QComboBox | DateField
BASIC, CREDIT, SALES, HISTORY = range(4)

# (field, column, spans both columns) per tab, in reading order: the order errors are listed in.
_LAYOUT: dict[int, tuple[tuple[str, int, bool], ...]] = {
    BASIC: (
        ("name", 0, True),
        ("uscc", 0, False),
        ("channel", 1, False),
        ("address", 0, True),
        ("phone", 0, False),
        ("postcode", 1, False),
        ("owner", 0, False),
        ("manager", 1, False),
        ("legal_representative", 0, False),
        ("founded", 1, False),
        ("bank", 0, False),
        ("bank_account", 1, False),
        ("market_office", 0, False),
    ),
    CREDIT: (
        ("business_nature", 0, False),
        ("years_in_business", 1, False),
        ("licences", 0, True),
        ("registration", 0, True),
        ("annual_sales_scale", 0, False),
        ("total_product_sales", 1, False),
        ("goods_flow", 0, True),
        ("payment_method", 0, False),
        ("payment_reputation", 1, False),
    ),
}
FIELD_ORDER = tuple(name for tab in (BASIC, CREDIT) for name, _, _ in _LAYOUT[tab])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class CustomerForm(QTabWidget):
    """Inputs named by the service's field names (``findChild(QLineEdit, "uscc")``)."""

    edited = Signal()  # the user changed something

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self.inputs: dict[str, Input] = {}
        self.boxes: dict[str, FieldBox] = {}
        self._tab_of: dict[str, int] = {}
        self._monthly_rows: list[int] = []
        self._edit_hints: list[QLabel] = []  # how-to-edit hints, hidden when read-only
        self._checkers: dict[str, Callable[[str], str]] = {
            "uscc": identifiers.check_uscc,
            "postcode": identifiers.check_postcode,
            "phone": identifiers.normalise_phone,
            "founded": self._check_founded,
            "years_in_business": self._count_checker("years_in_business"),
            "annual_sales_scale": self._amount_checker("annual_sales_scale"),
            "total_product_sales": self._amount_checker("total_product_sales"),
        }
        self.addTab(self._fields_page(BASIC), self.tr("Basic data"))
        self.addTab(self._fields_page(CREDIT), self.tr("Credit data"))
        self.addTab(self._sales_page(), self.tr("Sales data"))
        self.history = SelectionHistoryPanel()
        history_page = QWidget()
        QVBoxLayout(history_page).addWidget(self.history)
        self.addTab(history_page, self.tr("Status and history"))

    # --- building ----------------------------------------------------------------------------

    def _label_text(self, name: str) -> str:
        if name == "annual_sales_scale":
            return self.tr("Annual sales scale (yuan)")
        if name == "total_product_sales":
            return self.tr("Total product sales (yuan)")
        return field_label(name)

    def _make_input(self, name: str) -> tuple[Input, QWidget]:
        widget: Input
        if name == "channel":
            widget = QComboBox()
            widget.addItem(self.tr("(not set)"), None)
            for code in CHANNELS:
                widget.addItem(channel_label(code), code)
            widget.currentIndexChanged.connect(self.edited)
            framed: QWidget = widget
        elif name == "market_office":
            widget = QComboBox()
            widget.addItem(self.tr("(none)"), None)
            widget.currentIndexChanged.connect(self.edited)
            framed = widget
        elif name == "founded":
            widget = DateField()
            widget.line_edit.setObjectName(name)
            widget.line_edit.textEdited.connect(self.edited)
            framed = widget.line_edit
        else:
            widget = QLineEdit()
            if name in MAX_LENGTHS:
                widget.setMaxLength(MAX_LENGTHS[name])
            if name in ("annual_sales_scale", "total_product_sales", "years_in_business"):
                widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            widget.textEdited.connect(self.edited)
            framed = widget
        if not isinstance(widget, DateField):
            widget.setObjectName(name)
        if isinstance(widget, QLineEdit | DateField):
            widget.editingFinished.connect(lambda n=name: self.check_field(n))
        return widget, framed

    def _fields_page(self, tab: int) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row = -1
        for name, column, wide in _LAYOUT[tab]:
            if column == 0:
                row += 1
            widget, framed = self._make_input(name)
            box = FieldBox(widget, framed)
            label = QLabel(self._label_text(name))
            label.setBuddy(framed)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 4, 0, 0)
            if name == "name":
                label.setText(label.text() + " *")
                label.setToolTip(self.tr("Required"))
            grid.addWidget(label, row, column * 2)
            grid.addWidget(box, row, column * 2 + 1, 1, 3 if wide else 1)
            self.inputs[name], self.boxes[name] = widget, box
            self._tab_of[name] = tab
        grid.setRowStretch(row + 1, 1)
        hint = QLabel(
            self.tr(
                "* required. Codes, phone numbers and amounts are checked when you leave the field."
            )
        )
        hint.setStyleSheet("color: #666;")
        grid.addWidget(hint, row + 2, 0, 1, 4)
        self._edit_hints.append(hint)
        return page

    def _sales_page(self) -> QWidget:
        page = QWidget()
        self.monthly = MonthlySalesModel(self)
        self.monthly.dataChanged.connect(self.edited)
        self.monthly.rowsInserted.connect(self.edited)
        self.monthly.rowsRemoved.connect(self.edited)
        self.monthly_table = QTableView(page)
        self.monthly_table.setObjectName("monthly_sales")
        self.monthly_table.setModel(self.monthly)
        self.monthly_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.monthly_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_month_button = push_button(
            page, self.tr("Add month"), "add_month", self._add_month
        )
        self.remove_rows_button = push_button(
            page, self.tr("Remove selected rows"), "remove_rows", self._remove_rows
        )
        buttons = hbox(self.add_month_button, self.remove_rows_button, None)
        hint = QLabel(
            self.tr(
                "One row per month: sales volume and stock in pieces, sales amount "
                "in yuan. Double-click a cell to edit it."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        vbox(buttons, (self.monthly_table, 1), hint, parent=page)
        self._edit_hints.append(hint)
        return page

    def _add_month(self) -> None:
        row = self.monthly.add_month()
        column = 1 if self.monthly.index(row, 0).data() else 0
        index = self.monthly.index(row, column)
        self.monthly_table.setCurrentIndex(index)
        self.monthly_table.edit(index)

    def _remove_rows(self) -> None:
        rows = sorted(
            {i.row() for i in self.monthly_table.selectionModel().selectedRows()}, reverse=True
        )
        if not rows and self.monthly_table.currentIndex().isValid():
            rows = [self.monthly_table.currentIndex().row()]
        for row in rows:
            self.monthly.removeRows(row, 1)

    # --- live checks -------------------------------------------------------------------------

    def _check_founded(self, text: str) -> str:
        return identifiers.parse_date_not_future(
            text, field="founded", label=field_label("founded"), today=date.today()
        ).isoformat()

    @staticmethod
    def _amount_checker(name: str) -> Callable[[str], str]:
        def check(text: str) -> str:
            return format_amount(
                identifiers.parse_amount(text, field=name, label=field_label(name))
            )

        return check

    @staticmethod
    def _count_checker(name: str) -> Callable[[str], str]:
        def check(text: str) -> str:
            return str(identifiers.parse_count(text, field=name, label=field_label(name)))

        return check

    def check_field(self, name: str) -> None:
        """Check one field as the user leaves it; show the normalised value or the problem."""
        widget = self.inputs[name]
        if isinstance(widget, QComboBox) or widget.isReadOnly():
            return
        text = widget.text().strip()
        checker = self._checkers.get(name)
        if not text and name == "name":
            return  # still empty: keep a "required" message from the last save
        if not text or checker is None:
            self.boxes[name].set_error(None)
            return
        try:
            normalised = checker(text)
        except ValidationFailed as exc:
            self.boxes[name].set_error(exc.errors[0].message)
            return
        if normalised != widget.text():
            widget.setText(normalised)
            self.edited.emit()
        self.boxes[name].set_error(None)

    # --- values ------------------------------------------------------------------------------

    def set_offices(self, offices: tuple[MarketOfficeView, ...]) -> None:
        combo = self.inputs["market_office"]
        assert isinstance(combo, QComboBox)
        while combo.count() > 1:
            combo.removeItem(1)
        for office in offices:
            combo.addItem(office.name, str(office.id))

    def set_file(self, customer: CustomerFile | None) -> None:
        """Show ``customer`` (None: an empty new file) and forget all errors."""
        self.clear_errors()
        draft = draft_from_file(customer) if customer is not None else None
        for name, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                value = getattr(draft, name, None) if draft else None
                if name == "market_office" and customer and customer.market_office_id:
                    value = str(customer.market_office_id)
                    if widget.findData(value) < 0:
                        widget.addItem(customer.market_office or value, value)
                widget.setCurrentIndex(max(0, widget.findData(value)) if value else 0)
            else:
                widget.setText(_text(getattr(draft, name, None) if draft else None))
        self.monthly.set_rows(list(draft.monthly_sales or []) if draft else [])
        self.history.show_file(customer)

    def values(self) -> dict[str, str | None]:
        """Field values as typed (the service cleans and checks them)."""
        out: dict[str, str | None] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                out[name] = widget.currentData()
            else:
                out[name] = widget.text().strip() or None
        return out

    def monthly_inputs(self) -> list[Any]:
        items, self._monthly_rows = self.monthly.inputs()
        return items

    def snapshot(self) -> tuple[object, ...]:
        return (tuple(sorted(self.values().items())), self.monthly.snapshot())

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, QComboBox):
                widget.setEnabled(not read_only)
            else:
                widget.setReadOnly(read_only)
        self.monthly.set_editable(not read_only)
        self.add_month_button.setVisible(not read_only)
        self.remove_rows_button.setVisible(not read_only)
        for hint in self._edit_hints:
            hint.setVisible(not read_only)
        # A disabled combo box greys its text; a reader must still read it easily.
        self.setStyleSheet(
            INVALID_STYLE + ("QComboBox:disabled { color: #202020; }" if read_only else "")
        )

    # --- errors ------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for box in self.boxes.values():
            box.set_error(None)
        for row, column in self.monthly.errors():
            self.monthly.set_error(row, column, None)

    def local_errors(self) -> list[tuple[str, str]]:
        """Problems found without the service (a month entered twice...), as (field, message)."""
        return [
            (f"monthly_sales@{row}.{COLUMNS[column]}", message)
            for (row, column), message in sorted(self.monthly.check().items())
        ]

    def show_errors(self, errors: list[FieldError]) -> list[tuple[str, str]]:
        """Put each error next to its field; returns (field, message) in form order for a summary.

        Sales-data fields come back as ``monthly_sales@<table row>.<column>``.
        """
        self.clear_errors()
        placed: list[tuple[int, str, str]] = []
        for error in errors:
            monthly = parse_monthly_field(error.field)
            if monthly is not None and monthly[0] < len(self._monthly_rows):
                row = self._monthly_rows[monthly[0]]
                column = COLUMNS.index(monthly[1]) if monthly[1] in COLUMNS else 0
                self.monthly.set_error(row, column, error.message)
                key = f"monthly_sales@{row}.{COLUMNS[column]}"
                placed.append((len(FIELD_ORDER) + row, key, error.message))
            elif error.field in self.boxes:
                if not self.boxes[error.field].error:
                    self.boxes[error.field].set_error(error.message)
                placed.append((FIELD_ORDER.index(error.field), error.field, error.message))
            else:
                placed.append((len(FIELD_ORDER) + 10_000, error.field, error.message))
        return [(field, message) for _, field, message in sorted(placed, key=lambda p: p[0])]

    def summary_text(self, field: str, message: str) -> str:
        if field.startswith("monthly_sales@"):
            row = int(field.split("@", 1)[1].split(".", 1)[0]) + 1
            return self.tr("Sales data row {row}: {message}").format(row=row, message=message)
        return message

    def focus_field(self, field: str) -> None:
        if field.startswith("monthly_sales@"):
            row_text, column_name = field.split("@", 1)[1].split(".", 1)
            self.setCurrentIndex(SALES)
            index = self.monthly.index(int(row_text), COLUMNS.index(column_name))
            self.monthly_table.setCurrentIndex(index)
            self.monthly_table.setFocus()
            return
        if field in self.inputs:
            self.setCurrentIndex(self._tab_of[field])
            self.inputs[field].setFocus()
