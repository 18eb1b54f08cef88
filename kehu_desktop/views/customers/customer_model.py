"""The customer list as a Qt table model that pages through SQL and never blocks.

Like Camelot's collection proxy and Anki's browser table: the model keeps a limited cache of
pages (200 rows each) and asks the DB worker for a page the first time ``data()`` needs a row of
it, returning a placeholder meanwhile. Sorting and filtering are done in SQL by
:mod:`kehu_desktop.services.customer_list`. Before the (separately computed) count arrives the
model grows page by page through ``canFetchMore``/``fetchMore``; once it is known the model has
that many rows, so the scroll bar is true and the user can jump anywhere.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from kehu_desktop.services.customer_list import CustomerQuery, count_customers, list_customers
from kehu_desktop.services.dto import CustomerPage, CustomerRow
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.worker import Task

PAGE_SIZE = 200
MAX_CACHED_PAGES = 50  # 10,000 rows; older pages are dropped and fetched again if needed

# English source strings; the zh_CN catalogue gives the words of domain.customer.
CHANNEL_LABELS: dict[str, str] = {
    "state_owned": QT_TRANSLATE_NOOP("CustomerChannel", "State-owned"),
    "private": QT_TRANSLATE_NOOP("CustomerChannel", "Private"),
    "pharmacy_chain": QT_TRANSLATE_NOOP("CustomerChannel", "Pharmacy chain"),
    "large_pharmacy": QT_TRANSLATE_NOOP("CustomerChannel", "Large pharmacy"),
}
# (sort key of services.customer_list.SORT_COLUMNS, header source text)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("CustomerColumns", "Customer name")),
    ("uscc", QT_TRANSLATE_NOOP("CustomerColumns", "Unified social credit code")),
    ("phone", QT_TRANSLATE_NOOP("CustomerColumns", "Phone")),
    ("address", QT_TRANSLATE_NOOP("CustomerColumns", "Address")),
    ("channel", QT_TRANSLATE_NOOP("CustomerColumns", "Channel")),
    ("market_office", QT_TRANSLATE_NOOP("CustomerColumns", "Market office")),
    ("status", QT_TRANSLATE_NOOP("CustomerColumns", "Status")),
)
CustomerIdRole = Qt.ItemDataRole.UserRole + 1
CustomerRowRole = Qt.ItemDataRole.UserRole + 2

_PLACEHOLDER = QBrush(QColor("#9e9e9e"))
_ON_HOLD = QBrush(QColor("#b3261e"))


def channel_label(code: str | None) -> str:
    if not code:
        return ""
    source = CHANNEL_LABELS.get(code)
    return QCoreApplication.translate("CustomerChannel", source) if source else code


def column_title(column: int) -> str:
    return QCoreApplication.translate("CustomerColumns", COLUMNS[column][1])


def _cell(row: CustomerRow, key: str) -> str:
    if key == "status":
        text = status_label("customer", row.status)
        if row.on_hold:
            text += QCoreApplication.translate("CustomerStatus", " (on hold)")
        return text
    if key == "channel":
        return channel_label(row.channel)
    value = getattr(row, key)
    return "" if value is None else str(value)


class CustomerTableModel(QAbstractTableModel):
    """Rows of :class:`CustomerRow`, fetched in pages through ``ctx.worker``."""

    countChanged = Signal(int)  # the number of matching customers, once counted
    pageLoaded = Signal(int)  # offset of a page that arrived
    loadFailed = Signal(object)  # the exception of a failed page or count

    def __init__(
        self, ctx: AppContext, query: CustomerQuery | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._query = query or CustomerQuery()
        self._generation = 0
        self._pages: OrderedDict[int, tuple[CustomerRow, ...]] = OrderedDict()
        self._tasks: dict[int, Task] = {}
        self._count_task: Task | None = None
        self._rows = 0
        self._total: int | None = None
        self._has_more = True

    # --- the query ---------------------------------------------------------------------------

    @property
    def query(self) -> CustomerQuery:
        return self._query

    @property
    def total(self) -> int | None:
        """The count of matching customers, or None while it is being counted."""
        return self._total

    @property
    def loading(self) -> bool:
        return bool(self._tasks) or self._count_task is not None

    def set_query(self, query: CustomerQuery) -> None:
        if query != self._query:
            self._query = query
            self.refresh()

    def refresh(self) -> None:
        """Forget every row and ask again: first page and count, as two background tasks."""
        for task in self._tasks.values():
            task.cancel()
        if self._count_task is not None:
            self._count_task.cancel()
        self.beginResetModel()
        self._generation += 1
        self._pages.clear()
        self._tasks.clear()
        self._count_task = None
        self._rows = 0
        self._total = None
        self._has_more = True
        self.endResetModel()
        self._request_page(0)
        self._request_count()

    def customer_id(self, row: int) -> uuid.UUID | None:
        found = self._row(row)
        return found.id if found is not None else None

    def loaded_row(self, row: int) -> CustomerRow | None:
        """The row if its page is in the cache (never fetches)."""
        return self._row(row, fetch=False)

    # --- background fetching -----------------------------------------------------------------

    def _request_page(self, page: int) -> None:
        if page in self._tasks or page in self._pages:
            return
        generation = self._generation
        self._tasks[page] = self._ctx.worker.submit(
            list_customers,
            self._ctx.db,
            self._ctx.actor,
            self._query,
            offset=page * PAGE_SIZE,
            limit=PAGE_SIZE,
            on_done=partial(weak_callback(self._page_arrived), generation, page),
            on_error=partial(weak_callback(self._failed), generation, page),
        )

    def _request_count(self) -> None:
        generation = self._generation
        self._count_task = self._ctx.worker.submit(
            count_customers,
            self._ctx.db,
            self._ctx.actor,
            self._query,
            on_done=partial(weak_callback(self._count_arrived), generation),
            on_error=partial(weak_callback(self._failed), generation, None),
        )

    def _page_arrived(self, generation: int, page: int, result: CustomerPage) -> None:
        if generation != self._generation:
            return
        self._tasks.pop(page, None)
        self._pages[page] = result.rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        end = result.offset + len(result.rows)
        if self._total is None:
            self._has_more = result.has_more
            self._resize(max(self._rows, end))
        elif not result.has_more and end < self._rows:
            # Customers vanished since the count: believe the newer answer.
            self._total = end
            self._resize(end)
            self.countChanged.emit(end)
        if result.rows:
            self.dataChanged.emit(
                self.index(result.offset, 0), self.index(end - 1, len(COLUMNS) - 1)
            )
        self.pageLoaded.emit(result.offset)

    def _count_arrived(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        self._count_task = None
        self._total = count
        self._has_more = False
        self._resize(count)
        self.countChanged.emit(count)

    def _failed(self, generation: int, page: int | None, exc: Exception) -> None:
        if generation != self._generation:
            return
        if page is None:
            self._count_task = None
        else:
            self._tasks.pop(page, None)
        self.loadFailed.emit(exc)

    def _resize(self, rows: int) -> None:
        if rows > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, rows - 1)
            self._rows = rows
            self.endInsertRows()
        elif rows < self._rows:
            self.beginRemoveRows(QModelIndex(), rows, self._rows - 1)
            self._rows = rows
            self.endRemoveRows()

    def _row(self, row: int, *, fetch: bool = True) -> CustomerRow | None:
        if not 0 <= row < self._rows:
            return None
        page, pos = divmod(row, PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            if fetch:
                self._request_page(page)
            return None
        self._pages.move_to_end(page)
        return rows[pos] if pos < len(rows) else None

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        if parent.isValid() or self._total is not None or not self._has_more:
            return False
        return (self._rows // PAGE_SIZE) not in self._tasks

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._request_page(self._rows // PAGE_SIZE)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return column_title(section)
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.column() >= len(COLUMNS):
            return None
        row = self._row(index.row())
        key = COLUMNS[index.column()][0]
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return QCoreApplication.translate("CustomerTableModel", "Loading…")
            if role == Qt.ItemDataRole.ForegroundRole:
                return _PLACEHOLDER
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = _cell(row, key)
            if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a clipped cell
                return text or None
            return text
        if role == Qt.ItemDataRole.ForegroundRole and key == "status" and row.on_hold:
            return _ON_HOLD
        if role == CustomerIdRole:
            return row.id
        if role == CustomerRowRole:
            return row
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key (the service adds the id for a total order)."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._query, sort=COLUMNS[column][0], descending=descending))
