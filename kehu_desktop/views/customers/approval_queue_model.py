"""The short list of customers waiting for one selection step (a few dozen rows at most)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kehu_desktop.services.dto import CustomerRow
from kehu_desktop.views.customers.customer_model import channel_label
from kehu_desktop.views.customers.customer_terms import field_label
from kehu_desktop.views.kit.formatting import local_time, status_label

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("name", "uscc", "channel", "market_office", "status", "updated_at")
CustomerIdRole = Qt.ItemDataRole.UserRole + 1


class ApprovalQueueModel(QAbstractTableModel):
    """Read-only rows of :class:`CustomerRow`; sorted by a QSortFilterProxyModel in the view."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CustomerRow] = []

    def set_rows(self, rows: list[CustomerRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CustomerRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if 0 <= section < len(self._rows) else None
        if not 0 <= section < len(COLUMNS):
            return None
        key = COLUMNS[section]
        if key == "status":
            return self.tr("Status")
        if key == "updated_at":
            return self.tr("Last change")
        return field_label(key)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(COLUMNS):
            return None
        key = COLUMNS[index.column()]
        if role == CustomerIdRole:
            return row.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if key == "status":
            return status_label("customer", row.status)
        if key == "channel":
            return channel_label(row.channel)
        if key == "updated_at":
            return local_time(row.updated_at)
        value = getattr(row, key)
        return "" if value is None else str(value)

    def customer_id(self, row: int) -> uuid.UUID | None:
        found = self.row_at(row)
        return found.id if found is not None else None
