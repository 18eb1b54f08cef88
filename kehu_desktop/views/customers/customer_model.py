"""The customer list in the one table model (views.kit.table_model): pages through SQL and
never blocks.

The model holds a limited number of pages (200 rows each) and asks the DB worker for a page the
first time ``data()`` needs a row of it, showing a placeholder meanwhile. Sorting and filtering
are done in SQL by :mod:`kehu_desktop.services.customers.customer_list`. Before the (separately
computed) count arrives the model grows page by page through ``canFetchMore``/``fetchMore``; once
it is known the model has that many rows, so the scroll bar is true and the user can jump anywhere.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication

from kehu_desktop.dto import CustomerRow
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import count_customers
from kehu_desktop.services.customers import list_customers
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.table_model import MAX_PAGES
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import IdRole
from kehu_desktop.views.kit.table_model import Page
from kehu_desktop.views.kit.table_model import RowRole
from kehu_desktop.views.kit.table_model import TableModel

PAGE_SIZE = 200
MAX_CACHED_PAGES = MAX_PAGES  # older pages are dropped and fetched again if needed

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
CustomerIdRole = IdRole
CustomerRowRole = RowRole


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


def _column(key: str, title: str) -> Column:
    return Column(
        title,
        partial(_cell, key=key),
        colour=(lambda r: RED if r.on_hold else None) if key == "status" else None,
        name=key,
        sort=key,
        context="CustomerColumns",
    )


class CustomerTableModel(TableModel):
    """Rows of :class:`CustomerRow`, fetched in pages through ``ctx.worker``. In head-office
    mode a last column names each customer's branch (its code, once :meth:`set_branch_codes`
    has them)."""

    def __init__(
        self, ctx: AppContext, query: CustomerQuery | None = None, parent: Any = None
    ) -> None:
        self._branch_codes: dict[uuid.UUID, str] = {}
        columns = [_column(key, title) for key, title in COLUMNS]
        if ctx.head_office:
            columns.append(
                Column(
                    QT_TRANSLATE_NOOP("CustomerColumns", "Branch"),
                    lambda r: self._branch_codes.get(r.branch_id, "") if r.branch_id else "",
                    name="branch",
                    context="CustomerColumns",
                )
            )
        super().__init__(
            columns,
            parent,
            ctx=ctx,
            fetch=self._fetch,
            count=self._count_rows,
            page_size=PAGE_SIZE,
            max_pages=MAX_CACHED_PAGES,
            on_sort=self._sort_by,
            loading_text=QCoreApplication.translate("CustomerTableModel", "Loading…"),
            query=query or CustomerQuery(),
        )

    def set_branch_codes(self, codes: dict[uuid.UUID, str]) -> None:
        self._branch_codes = dict(codes)
        column = self.column_named("branch") if self._branch_codes else -1
        if column >= 0 and self.rowCount():
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def customer_id(self, row: int) -> uuid.UUID | None:
        found = self._row(row)
        return found.id if found is not None else None

    def loaded_row(self, row: int) -> CustomerRow | None:
        """The row if its page is in the cache (never fetches)."""
        return self.row_at(row)

    def _fetch(self, offset: int, limit: int, _total: int | None) -> Page:
        """Runs on the DB worker."""
        assert self._ctx is not None
        page = list_customers(
            self._ctx.db, self._ctx.actor, self._query, offset=offset, limit=limit
        )
        return Page(page.rows, page.offset, has_more=page.has_more)

    def _count_rows(self) -> int:
        """Runs on the DB worker."""
        assert self._ctx is not None
        return count_customers(self._ctx.db, self._ctx.actor, self._query)

    def _sort_by(self, key: str, descending: bool) -> None:
        """Sort in SQL by the column's key (the service adds the id for a total order)."""
        self.set_query(replace(self._query, sort=key, descending=descending))
