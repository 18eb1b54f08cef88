"""Small read-only tables of the money screens (receivables, remittances, payments, print history).

:class:`RowsModel` shows a list of service dataclasses through column specs (:class:`Column`),
with an optional bold totals row; :class:`PagedRowsModel` grows page by page from a service
call that takes ``offset``/``limit``, run on the DB worker. Amounts are formatted from
``Decimal`` (never a float) and right-aligned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.formatting import RED, yuan
from kehu_desktop.views.kit.worker import Task

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1  # the row's dataclass (None on the totals row)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    """How one column shows a row: its title (already translated) and the cell text."""

    title: str
    text: Callable[[Any], str]
    money: bool = False  # right-aligned
    colour: Callable[[Any], str | None] | None = None  # foreground colour of the cell
    name: str = ""


def money_column(title: str, value: Callable[[Any], Decimal | None], name: str = "") -> Column:
    """An amount column: ¥, right-aligned, negative amounts in red."""

    def colour(row: Any) -> str | None:
        amount = value(row)
        return RED if amount is not None and amount < 0 else None

    return Column(title, lambda row: yuan(value(row)), money=True, colour=colour, name=name)


class RowsModel(QAbstractTableModel):
    """Rows of any dataclass, shown through :class:`Column` specs; an optional totals row."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._totals: list[str] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[Any], totals: Sequence[str] | None = None) -> None:
        """``totals``: one text per column for a last, bold row (None: no totals row)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._totals = list(totals) if totals is not None else None
        self.endResetModel()

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def column_named(self, name: str) -> int:
        return next(i for i, c in enumerate(self._columns) if c.name == name)

    def text(self, row: int, column: int) -> str:
        value = self.data(self.index(row, column))
        return "" if value is None else str(value)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self._totals is not None else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title if 0 <= section < len(self._columns) else None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        if index.row() == len(self._rows) and self._totals is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._totals[index.column()]
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(RIGHT if column.money else LEFT)
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = column.text(row)
            return text if role == Qt.ItemDataRole.DisplayRole else (text or None)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column.money else LEFT)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == RowRole:
            return row
        return None


class PagedRowsModel(RowsModel):
    """A :class:`RowsModel` that grows a page at a time (``fetch(offset, limit)`` on the DB
    worker) as the view scrolls; for service lists that page in SQL but give no count."""

    pageLoaded = Signal(int)  # rows now held
    loadFailed = Signal(object)  # the exception

    def __init__(
        self,
        ctx: AppContext,
        columns: Sequence[Column],
        fetch: Callable[[int, int], Sequence[Any]],
        *,
        page_size: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._ctx = ctx
        self._fetch = fetch
        self._page_size = page_size
        self._task: Task | None = None
        self._generation = 0
        self._has_more = False

    @property
    def loading(self) -> bool:
        return self._task is not None

    def refresh(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._generation += 1
        self._has_more = True
        self.set_rows([])
        self._request()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._has_more and self._task is None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self._request()

    def _request(self) -> None:
        offset = len(self._rows)
        self._task = self._ctx.worker.submit(
            self._fetch,
            offset,
            self._page_size,
            on_done=partial(weak_callback(self._arrived), self._generation),
            on_error=partial(weak_callback(self._failed), self._generation),
        )

    def _arrived(self, generation: int, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return
        self._task = None
        self._has_more = len(rows) >= self._page_size
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.pageLoaded.emit(len(self._rows))

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._task = None
        self._has_more = False
        self.loadFailed.emit(exc)


def make_table(
    parent: QWidget, name: str, model: QAbstractTableModel, *, stretch: int | None = None
) -> QTableView:
    """A read-only table: whole rows selected, no row numbers, columns fitted to their content;
    column ``stretch`` (e.g. the customer's name) gives way first when the table is narrow and is
    elided in the middle. Widths as views.column_widths sizes and remembers them."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    fit_columns(table, f"ledger/{name}", names=[] if stretch is None else [stretch])
    return table
