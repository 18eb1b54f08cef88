"""The customer's open slips in the payment form, with the amount the payment puts on each.

Oldest first (the default) the amount column is a preview of what the service will do: the
customer's credit and then the new money, set against the slips oldest first by the same pure rule
(``domain.ageing.allocate_oldest_first``); the service decides again when it records. Chosen per
slip, the column is editable text that the service turns into ``Decimal`` and checks; its
refusals (``allocations[i].amount``) are shown on the row they belong to.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtGui import QColor

from kehu_desktop.domain import identifiers
from kehu_desktop.domain.ageing import OpenItem
from kehu_desktop.domain.ageing import allocate_oldest_first
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.services.payments import OpenSlip
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import brush
from kehu_desktop.views.kit.formatting import day_text
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.table_model import LEFT
from kehu_desktop.views.kit.table_model import RIGHT
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.slips import kind_label

Index = QModelIndex | QPersistentModelIndex


def _days_overdue(slip: OpenSlip) -> str:
    return str(slip.days_past_due) if slip.days_past_due > 0 else ""


def _column(title: str, text: Callable[[OpenSlip], str], name: str, **how: Any) -> Column:
    return Column(title, text, name=name, context="AllocationColumns", **how)


# The shared column specs of the one table model (views.kit.table_model); this model stays its
# own because the last column is edited. Its text is the model's: typed, or the preview.
COLUMNS: tuple[Column, ...] = (
    _column(QT_TRANSLATE_NOOP("AllocationColumns", "Slip number"), lambda s: s.number, "number"),
    _column(QT_TRANSLATE_NOOP("AllocationColumns", "Kind"), lambda s: kind_label(s.kind), "kind"),
    _column(
        QT_TRANSLATE_NOOP("AllocationColumns", "Date"),
        lambda s: day_text(s.issue_date),
        "issue_date",
    ),
    _column(QT_TRANSLATE_NOOP("AllocationColumns", "Due"), lambda s: day_text(s.due), "due"),
    _column(
        QT_TRANSLATE_NOOP("AllocationColumns", "Total"),
        lambda s: yuan(s.total),
        "total",
        right=True,
    ),
    _column(
        QT_TRANSLATE_NOOP("AllocationColumns", "Outstanding"),
        lambda s: yuan(s.outstanding),
        "outstanding",
        right=True,
    ),
    _column(
        QT_TRANSLATE_NOOP("AllocationColumns", "Days overdue"),
        _days_overdue,
        "overdue",
        right=True,
        colour=lambda s: RED if s.days_past_due > 0 else None,
    ),
    _column(
        QT_TRANSLATE_NOOP("AllocationColumns", "This payment"), lambda _s: "", "amount", right=True
    ),
)
AMOUNT = next(i for i, column in enumerate(COLUMNS) if column.name == "amount")
_ERROR_BACKGROUND = QBrush(QColor("#fdecea"))
_PREVIEW = QBrush(QColor("#5f636b"))


def parse_or_none(text: str) -> Decimal | None:
    """The amount typed, for previews and running totals only (the service parses for real)."""
    try:
        return identifiers.parse_amount(text, field="amount", label="amount")
    except ValidationFailed:
        return None


def sort_errors(
    errors: list[FieldError], numbers: list[str], fields: set[str]
) -> tuple[dict[str, list[str]], dict[int, str], list[str]]:
    """The service's refusals by where they are shown: messages per form field (an allocation's
    also under the table, named by its slip number), per allocation index, and the rest."""
    placed: dict[str, list[str]] = {}
    rows: dict[int, str] = {}
    rest: list[str] = []
    for error in errors:
        if error.field.startswith("allocations["):
            index = int(error.field[len("allocations[") : error.field.index("]")])
            rows[index] = error.message
            number = numbers[index] if index < len(numbers) else "?"
            placed.setdefault("allocations", []).append(f"{number}：{error.message}")
        elif error.field in fields:
            placed.setdefault(error.field, []).append(error.message)
        else:
            rest.append(error.message)
    return placed, rows, rest


class AllocationModel(QAbstractTableModel):
    """Open slips (oldest first) and what this payment puts on each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._slips: list[OpenSlip] = []
        self._typed: dict[uuid.UUID, str] = {}
        self._preview: dict[uuid.UUID, Decimal] = {}
        self._errors: dict[int, str] = {}
        self._chosen = False

    # --- contents ----------------------------------------------------------------------------

    def set_slips(self, slips: tuple[OpenSlip, ...] | list[OpenSlip]) -> None:
        self.beginResetModel()
        self._slips = list(slips)
        self._typed.clear()
        self._preview.clear()
        self._errors.clear()
        self.endResetModel()

    @property
    def slips(self) -> list[OpenSlip]:
        return list(self._slips)

    @property
    def chosen(self) -> bool:
        return self._chosen

    def set_chosen(self, chosen: bool) -> None:
        """Chosen per slip (editable) or oldest first (preview)."""
        if chosen != self._chosen:
            self._chosen = chosen
            self._errors.clear()
            self._changed()

    def preview_oldest_first(self, amount: Decimal | None, credit: Decimal) -> None:
        """What oldest first would put on each slip: the credit first, then ``amount``."""
        self._preview.clear()
        if amount is not None and amount > 0:
            items = [
                OpenItem(s.slip_id, s.issue_date, s.number, s.outstanding) for s in self._slips
            ]
            self._preview.update(allocate_oldest_first(amount + max(credit, Decimal(0)), items))
        self._changed()

    def allocations(self) -> list[tuple[str, str]]:
        """(slip number, typed amount) of every row given an amount, in row order."""
        return [
            (s.number, self._typed[s.slip_id]) for s in self._slips if self._typed.get(s.slip_id)
        ]

    def chosen_total(self) -> Decimal:
        amounts = (parse_or_none(text) for _n, text in self.allocations())
        return sum((a for a in amounts if a is not None), Decimal("0.00"))

    def set_amount(self, row: int, text: str) -> bool:
        return self.setData(self.index(row, AMOUNT), text)

    def set_errors(self, errors: dict[int, str]) -> None:
        """Messages by allocation index (the position in :meth:`allocations`)."""
        rows = [i for i, s in enumerate(self._slips) if self._typed.get(s.slip_id)]
        self._errors = {rows[i]: message for i, message in errors.items() if i < len(rows)}
        self._changed()

    def error(self, row: int) -> str:
        return self._errors.get(row, "")

    def _changed(self) -> None:
        if self._slips:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._slips) - 1, len(COLUMNS) - 1)
            )

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._slips)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(COLUMNS):
                return COLUMNS[section].header
            return None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._chosen and index.column() == AMOUNT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._slips):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        slip, column, row = self._slips[index.row()], COLUMNS[index.column()], index.row()
        amount = index.column() == AMOUNT
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if not amount:
                return column.text(slip)
            return self._amount_text(slip, edit=role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column.right else LEFT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._errors.get(row) or None
        if role == Qt.ItemDataRole.BackgroundRole and amount and row in self._errors:
            return _ERROR_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = column.colour(slip) if column.colour is not None else None
            if colour:
                return brush(colour)
            if amount and not self._chosen:
                return _PREVIEW
        return None

    def _amount_text(self, slip: OpenSlip, *, edit: bool = False) -> str:
        if self._chosen:
            typed = self._typed.get(slip.slip_id, "")
            if edit:
                return typed
            amount = parse_or_none(typed)
            return yuan(amount) if amount is not None else typed
        preview = self._preview.get(slip.slip_id)
        return yuan(preview) if preview else ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._chosen:
            return False
        if index.column() != AMOUNT or not 0 <= index.row() < len(self._slips):
            return False
        self._typed[self._slips[index.row()].slip_id] = identifiers.normalise_text(str(value))
        self._errors.pop(index.row(), None)
        self.dataChanged.emit(index, index)
        return True
