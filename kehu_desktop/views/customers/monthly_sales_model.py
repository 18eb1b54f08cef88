"""The sales data table of a customer file: one row per month (month, volume, amount, stock).

Cells hold text as typed; each cell is checked when it is set with the same pure rules the
service applies, so a bad amount turns red at once, and a month entered twice (which the service
would silently merge) is caught before saving. Amounts stay text until the service makes them
Decimal: never a float.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtGui import QColor

from kehu_desktop.domain import identifiers
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import render
from kehu_desktop.services.customers import MonthlySalesInput
from kehu_desktop.services.customers import parse_month
from kehu_desktop.views.customers.customer_terms import field_label

COLUMNS = ("month", "volume", "amount", "stock")
MONTH, VOLUME, AMOUNT, STOCK = range(4)
_ERROR_BACKGROUND = QBrush(QColor("#fdecea"))
_ERROR_FOREGROUND = QBrush(QColor("#b3261e"))
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter
Index = QModelIndex | QPersistentModelIndex


def _month_text(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def format_amount(value: object) -> str:
    """An amount as the editor shows it: 1,234,567.50 (the service reads the commas back)."""
    return "" if value is None else format(value, ",.2f")


def check_cell(column: int, text: str, today: date) -> tuple[str, str | None]:
    """(normalised text, error message or None) for one cell; empty cells are fine."""
    text = identifiers.normalise_text(text)
    if not text:
        return "", None
    key = COLUMNS[column]
    try:
        if column == MONTH:
            month = parse_month(text)
            if month is None:
                return text, render("month.format")
            if month > today.replace(day=1):
                return _month_text(month), render("date.future", label=field_label("month"))
            return _month_text(month), None
        if column == AMOUNT:
            amount = identifiers.parse_amount(text, field=key, label=field_label(key))
            return format_amount(amount), None
        count = identifiers.parse_count(text, field=key, label=field_label(key))
        return ("" if count is None else str(count)), None
    except ValidationFailed as exc:
        return text, exc.errors[0].message


class MonthlySalesModel(QAbstractTableModel):
    """Editable rows of four text cells, with per-cell error messages."""

    def __init__(self, parent: Any = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self._errors: dict[tuple[int, int], str] = {}
        self._editable = True
        self._today = today or date.today()

    # --- contents ----------------------------------------------------------------------------

    def set_rows(self, rows: list[MonthlySalesInput]) -> None:
        self.beginResetModel()
        self._rows = [
            [
                _month_text(r.month) if isinstance(r.month, date) else str(r.month),
                "" if r.volume is None else str(r.volume),
                format_amount(r.amount),
                "" if r.stock is None else str(r.stock),
            ]
            for r in rows
        ]
        self._errors.clear()
        self.endResetModel()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable

    def snapshot(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(r) for r in self._rows)

    def add_month(self) -> int:
        """Append a row for the month after the latest one (this month if the table is empty);
        the month is left blank when that would be in the future."""
        known = [m for m in (parse_month(r[MONTH]) for r in self._rows) if m is not None]
        this_month = self._today.replace(day=1)
        month: date | None = this_month
        if known:
            last = max(known)
            month = date(last.year + last.month // 12, last.month % 12 + 1, 1)
        row = len(self._rows)
        self.insertRows(row, 1)
        if month is not None and month <= this_month:
            self.setData(self.index(row, MONTH), _month_text(month))
        return row

    def inputs(self) -> tuple[list[MonthlySalesInput], list[int]]:
        """What to send to the service, and the table row of each item (blank rows are left out,
        so the service's ``monthly_sales[i]`` maps back to a row through the second list)."""
        items, rows = [], []
        for i, cells in enumerate(self._rows):
            if not any(c.strip() for c in cells):
                continue
            month, volume, amount, stock = cells
            items.append(MonthlySalesInput(month, volume or None, amount or None, stock or None))
            rows.append(i)
        return items, rows

    # --- errors ------------------------------------------------------------------------------

    def set_error(self, row: int, column: int, message: str | None) -> None:
        if message:
            self._errors[(row, column)] = message
        else:
            self._errors.pop((row, column), None)
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    def errors(self) -> dict[tuple[int, int], str]:
        return dict(self._errors)

    def check(self) -> dict[tuple[int, int], str]:
        """Check every cell again and return the months entered twice: the service would merge
        them silently, so they must be caught here. Other cell errors the service reports too."""
        for row, cells in enumerate(self._rows):
            for column, text in enumerate(cells):
                _, error = check_cell(column, text, self._today)
                self.set_error(row, column, error)
        twice: dict[tuple[int, int], str] = {}
        seen: dict[date, int] = {}
        for row, cells in enumerate(self._rows):
            month = parse_month(cells[MONTH]) if cells[MONTH] else None
            if month is None:
                continue
            if month in seen:
                message = self.tr("The month {month} is entered twice (rows {first} and {row})")
                twice[(row, MONTH)] = message.format(
                    month=_month_text(month), first=seen[month] + 1, row=row + 1
                )
                self.set_error(row, MONTH, twice[(row, MONTH)])
            else:
                seen[month] = row
        return twice

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(COLUMNS):
                return None
            if section == AMOUNT:
                return self.tr("Sales amount (yuan)")
            return field_label(COLUMNS[section])
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self._editable else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if not 0 <= column < len(COLUMNS):
            return None
        error = self._errors.get((row, column))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_CENTRE if column == MONTH else _RIGHT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return error
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return _ERROR_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and error:
            return _ERROR_FOREGROUND
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= column < len(COLUMNS)):
            return False
        text, error = check_cell(column, "" if value is None else str(value), self._today)
        self._rows[row][column] = text
        if error:
            self._errors[(row, column)] = error
        else:
            self._errors.pop((row, column), None)
        self.dataChanged.emit(index, index)
        return True

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or not 0 <= row <= len(self._rows):
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        self._rows[row:row] = [["", "", "", ""] for _ in range(count)]
        self._errors = {(r + count if r >= row else r, c): m for (r, c), m in self._errors.items()}
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self._errors = {
            (r - count if r >= row + count else r, c): m
            for (r, c), m in self._errors.items()
            if not row <= r < row + count
        }
        self.endRemoveRows()
        return True
