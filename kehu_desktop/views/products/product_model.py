"""Table models of the products screen: the product list, fetched a page at a time as the user
scrolls (``canFetchMore``/``fetchMore`` ask the view for the next page, which the DB worker
loads), and the batches of one product.

Factory prices are Decimal and shown right-aligned as ¥1,234.50; nothing here touches floats.
"""

from __future__ import annotations

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

from kehu_desktop.services.products import BatchView, ProductView
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
GREY = QBrush(QColor("#757575"))
RED = QBrush(QColor("#b3261e"))
ProductRole = Qt.ItemDataRole.UserRole + 1  # the row's ProductView / BatchView

PRODUCT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", QT_TRANSLATE_NOOP("ProductColumns", "Code")),
    ("name", QT_TRANSLATE_NOOP("ProductColumns", "Name")),
    ("dosage_form", QT_TRANSLATE_NOOP("ProductColumns", "Dosage form")),
    ("specification", QT_TRANSLATE_NOOP("ProductColumns", "Specification")),
    ("manufacturer", QT_TRANSLATE_NOOP("ProductColumns", "Manufacturer")),
    ("unit", QT_TRANSLATE_NOOP("ProductColumns", "Unit")),
    ("factory_price", QT_TRANSLATE_NOOP("ProductColumns", "Factory price")),
    ("batch_required", QT_TRANSLATE_NOOP("ProductColumns", "Batch required")),
    ("active", QT_TRANSLATE_NOOP("ProductColumns", "Status")),
)
BATCH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("batch_no", QT_TRANSLATE_NOOP("ProductColumns", "Batch number")),
    ("expiry", QT_TRANSLATE_NOOP("ProductColumns", "Expiry")),
    ("expired", QT_TRANSLATE_NOOP("ProductColumns", "Status")),
)
PRICE = next(i for i, (key, _) in enumerate(PRODUCT_COLUMNS) if key == "factory_price")


def _tr(source: str) -> str:
    return QCoreApplication.translate("ProductColumns", source)


class _Table(QAbstractTableModel):
    """Rows of frozen views under fixed columns (read-only)."""

    COLUMNS: tuple[tuple[str, str], ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                return str(section + 1)
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.COLUMNS[section][1])
        if role == Qt.ItemDataRole.TextAlignmentRole and self._right(section):
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        key = self.COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and self._right(index.column()):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row)
        if role == ProductRole:
            return row
        return None

    def _right(self, column: int) -> bool:
        return False

    def _text(self, row: Any, key: str) -> str:
        value = getattr(row, key)
        return "" if value is None else str(value)

    def _colour(self, row: Any) -> QBrush | None:
        return None


class ProductModel(_Table):
    """The product list. ``moreWanted(offset)`` asks the view for the next page; the view hands
    it back with :meth:`append_rows`."""

    COLUMNS = PRODUCT_COLUMNS
    moreWanted = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._more = False
        self._fetching = False

    def set_page(self, rows: list[ProductView], more: bool) -> None:
        """The first page of a new search."""
        self._more, self._fetching = more, False
        self.set_rows(rows)

    def append_rows(self, rows: list[ProductView], more: bool) -> None:
        self._fetching = False
        self._more = more
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._fetching = True
            self.moreWanted.emit(len(self._rows))

    def _right(self, column: int) -> bool:
        return column == PRICE

    def _text(self, row: Any, key: str) -> str:
        if key == "factory_price":
            return yuan(row.factory_price)
        if key == "batch_required":
            return QCoreApplication.translate("ProductColumns", "Yes") if row.batch_required else ""
        if key == "active":
            return (
                QCoreApplication.translate("ProductColumns", "Active")
                if row.active
                else QCoreApplication.translate("ProductColumns", "Inactive")
            )
        return super()._text(row, key)

    def _colour(self, row: Any) -> QBrush | None:
        return None if row.active else GREY


class BatchModel(_Table):
    """A product's batches as the service orders them: good ones first, first expiry first."""

    COLUMNS = BATCH_COLUMNS

    def _text(self, row: Any, key: str) -> str:
        if key == "expired":
            return (
                QCoreApplication.translate("ProductColumns", "Expired")
                if row.expired
                else QCoreApplication.translate("ProductColumns", "Good")
            )
        return super()._text(row, key)

    def _colour(self, row: Any) -> QBrush | None:
        return RED if isinstance(row, BatchView) and row.expired else None
