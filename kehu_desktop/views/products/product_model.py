"""The products screen in the one table model (views.kit.table_model): the product list,
fetched a page at a time on the DB worker as the user scrolls, and the batches of one product.

Factory prices are Decimal and shown right-aligned as ¥1,234.50; nothing here touches floats.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from kehu_desktop.services import products
from kehu_desktop.services.products import BatchView
from kehu_desktop.services.products import ProductView
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.formatting import MUTED
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import RowRole
from kehu_desktop.views.kit.table_model import TableModel
from kehu_desktop.views.kit.table_model import offset_pages

PAGE_SIZE = 200
ProductRole = RowRole  # the row's ProductView / BatchView

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


def _plain(key: str) -> Any:
    def text(row: Any) -> str:
        value = getattr(row, key)
        return "" if value is None else str(value)

    return text


# The cells that are not the field as it is (literal translate calls, for lupdate).
PRODUCT_CELLS: dict[str, Any] = {
    "factory_price": lambda r: yuan(r.factory_price),
    "batch_required": lambda r: (
        QCoreApplication.translate("ProductColumns", "Yes") if r.batch_required else ""
    ),
    "active": lambda r: (
        QCoreApplication.translate("ProductColumns", "Active")
        if r.active
        else QCoreApplication.translate("ProductColumns", "Inactive")
    ),
}
BATCH_CELLS: dict[str, Any] = {
    "expired": lambda r: (
        QCoreApplication.translate("ProductColumns", "Expired")
        if r.expired
        else QCoreApplication.translate("ProductColumns", "Good")
    )
}


def _columns(
    columns: tuple[tuple[str, str], ...], cells: dict[str, Any], colour: Any
) -> list[Column]:
    return [
        Column(
            title,
            cells.get(key) or _plain(key),
            right=key == "factory_price",
            colour=colour,
            name=key,
            context="ProductColumns",
        )
        for key, title in columns
    ]


class ProductModel(TableModel):
    """The product list: a search, fetched a page at a time on ``ctx.worker``."""

    def __init__(self, ctx: AppContext | None = None, parent: Any = None) -> None:
        super().__init__(
            _columns(PRODUCT_COLUMNS, PRODUCT_CELLS, lambda r: None if r.active else MUTED),
            parent,
            ctx=ctx,
            fetch=offset_pages(self._fetch),
            page_size=PAGE_SIZE,
            header_alignment=True,
        )
        self._search = ""
        self._include_inactive = False

    def set_search(self, search: str, include_inactive: bool) -> None:
        """Run the search from its first page."""
        self._search, self._include_inactive = search, include_inactive
        self.refresh()

    def _fetch(self, offset: int, limit: int) -> list[ProductView]:
        """Runs on the DB worker."""
        assert self._ctx is not None
        return products.list_products(
            self._ctx.db,
            self._ctx.actor,
            self._search,
            include_inactive=self._include_inactive,
            offset=offset,
            limit=limit,
        )


class BatchModel(TableModel):
    """A product's batches as the service orders them: good ones first, first expiry first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            _columns(
                BATCH_COLUMNS,
                BATCH_CELLS,
                lambda r: RED if isinstance(r, BatchView) and r.expired else None,
            ),
            parent,
            header_alignment=True,
        )
