"""Dispatch notes as Qt table models.

:class:`DispatchRowsModel` shows a short list handed to it (signatures owed).
:class:`PagedDispatchModel` pages through ``services.dispatch.list_dispatches`` on the DB
worker, like the customer list: it asks for the next page of 100 when the view scrolls to the
end (``canFetchMore``/``fetchMore``) and ``data()`` never blocks. Amounts are Decimal, shown
as 1,234.50 under a ¥ column title and right-aligned.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
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

from kehu_desktop.services.dispatch import DispatchRow, list_dispatches
from kehu_desktop.views.dispatch.dispatch_terms import (
    QT_TRANSLATE_NOOP,
    approval_label,
    sale_kind_label,
)
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.formatting import local_time, plain_amount, status_label
from kehu_desktop.views.kit.worker import Task

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 100

COLUMN_TITLES: dict[str, str] = {
    "number": QT_TRANSLATE_NOOP("DispatchColumns", "Note number"),
    "status": QT_TRANSLATE_NOOP("DispatchColumns", "Status"),
    "customer": QT_TRANSLATE_NOOP("DispatchColumns", "Customer"),
    "sale_kind": QT_TRANSLATE_NOOP("DispatchColumns", "Sale"),
    "total": QT_TRANSLATE_NOOP("DispatchColumns", "Amount (¥)"),
    "approval": QT_TRANSLATE_NOOP("DispatchColumns", "Approval"),
    "driver": QT_TRANSLATE_NOOP("DispatchColumns", "Driver"),
    "route": QT_TRANSLATE_NOOP("DispatchColumns", "Route"),
    "requested_at": QT_TRANSLATE_NOOP("DispatchColumns", "Requested"),
}
CASHIER_COLUMNS = ("number", "customer", "sale_kind", "total", "approval", "driver", "route")
ALL_COLUMNS = (
    "number",
    "status",
    "customer",
    "sale_kind",
    "total",
    "approval",
    "driver",
    "route",
    "requested_at",
)
DispatchIdRole = Qt.ItemDataRole.UserRole + 1
DispatchRowRole = Qt.ItemDataRole.UserRole + 2

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_OWED = QBrush(QColor("#a15c00"))
_PLACEHOLDER = QBrush(QColor("#9e9e9e"))


def cell_text(row: DispatchRow, key: str) -> str:
    if key == "number":
        return row.number
    if key == "status":
        return status_label("dispatch", row.status)
    if key == "customer":
        return row.customer_name
    if key == "sale_kind":
        return sale_kind_label(row.sale_kind, short=True)
    if key == "total":
        return plain_amount(row.total)
    if key == "approval":
        return approval_label(row.approval_mode, row.signature_owed)
    if key == "requested_at":
        return local_time(row.requested_at)
    value = getattr(row, key)
    return "" if value is None else str(value)


class DispatchRowsModel(QAbstractTableModel):
    """Read-only rows of :class:`DispatchRow` in the given columns."""

    def __init__(self, columns: Sequence[str] = ALL_COLUMNS, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[DispatchRow] = []

    def set_rows(self, rows: Iterable[DispatchRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> DispatchRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, note_id: uuid.UUID) -> int:
        """The row showing ``note_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == note_id), -1)

    def rows(self) -> list[DispatchRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            key = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate("DispatchColumns", COLUMN_TITLES[key])
            if role == Qt.ItemDataRole.TextAlignmentRole and key == "total":
                return _RIGHT
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        key = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "total":
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and key == "approval" and row.signature_owed:
            return _OWED
        if role == DispatchIdRole:
            return row.id
        if role == DispatchRowRole:
            return row
        return None


class PagedDispatchModel(DispatchRowsModel):
    """Notes matching a status filter and a search, fetched a page at a time on the worker."""

    pageLoaded = Signal(int)  # offset of a page that arrived
    loadFailed = Signal(object)  # the exception of a failed page

    def __init__(
        self,
        ctx: AppContext,
        statuses: Sequence[str] | None = None,
        columns: Sequence[str] = ALL_COLUMNS,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._ctx = ctx
        self._statuses: tuple[str, ...] | None = tuple(statuses) if statuses else None
        self._search = ""
        self._generation = 0
        self._task: Task | None = None
        self._has_more = False

    @property
    def loading(self) -> bool:
        return self._task is not None

    def set_filter(self, statuses: Sequence[str] | None, search: str = "") -> None:
        self._statuses = tuple(statuses) if statuses else None
        self._search = search.strip()
        self.refresh()

    def refresh(self) -> None:
        """Forget every row and ask for the first page."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._generation += 1
        self._has_more = False
        self.set_rows([])
        self._request(0)

    def _request(self, offset: int) -> None:
        generation = self._generation
        self._task = self._ctx.worker.submit(
            list_dispatches,
            self._ctx.db,
            self._ctx.actor,
            self._statuses,
            search=self._search or None,
            limit=PAGE_SIZE + 1,
            offset=offset,
            on_done=partial(weak_callback(self._arrived), generation, offset),
            on_error=partial(weak_callback(self._failed), generation),
        )

    def _arrived(self, generation: int, offset: int, rows: list[DispatchRow]) -> None:
        if generation != self._generation:
            return
        self._task = None
        self._has_more = len(rows) > PAGE_SIZE
        # Offset paging: a note requested meanwhile shifts the pages by one; never show it twice.
        seen = {r.id for r in self._rows}
        page = [r for r in rows[:PAGE_SIZE] if r.id not in seen]
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.pageLoaded.emit(offset)

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._task = None
        self.loadFailed.emit(exc)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._has_more and self._task is None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self._request(len(self._rows))
