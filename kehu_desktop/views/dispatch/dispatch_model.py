"""Dispatch notes in the one table model (views.kit.table_model), their columns as data.

:class:`DispatchRowsModel` shows a short list handed to it (signatures owed).
:class:`PagedDispatchModel` pages through ``services.dispatch.list_dispatches`` on the DB
worker: it asks for the next page of 100 when the view scrolls to the end and ``data()`` never
blocks. Amounts are Decimal, shown as 1,234.50 under a ¥ column title and right-aligned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kehu_desktop.services.dispatch import DispatchRow
from kehu_desktop.services.dispatch import list_dispatches
from kehu_desktop.views.dispatch.dispatch_terms import QT_TRANSLATE_NOOP
from kehu_desktop.views.dispatch.dispatch_terms import approval_label
from kehu_desktop.views.dispatch.dispatch_terms import sale_kind_label
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.formatting import ORANGE
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.formatting import plain_amount
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import IdRole
from kehu_desktop.views.kit.table_model import RowRole
from kehu_desktop.views.kit.table_model import TableModel
from kehu_desktop.views.kit.table_model import offset_pages

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
DispatchIdRole = IdRole
DispatchRowRole = RowRole

# The cell of each column key: its text, and its colour where it has one.
CELLS: dict[str, Any] = {
    "number": lambda r: r.number,
    "status": lambda r: status_label("dispatch", r.status),
    "customer": lambda r: r.customer_name,
    "sale_kind": lambda r: sale_kind_label(r.sale_kind, short=True),
    "total": lambda r: plain_amount(r.total),
    "approval": lambda r: approval_label(r.approval_mode, r.signature_owed),
    "driver": lambda r: r.driver or "",
    "route": lambda r: r.route or "",
    "requested_at": lambda r: local_time(r.requested_at),
}


def dispatch_columns(keys: Sequence[str]) -> list[Column]:
    return [
        Column(
            COLUMN_TITLES[key],
            CELLS[key],
            right=key == "total",
            colour=(lambda r: ORANGE if r.signature_owed else None) if key == "approval" else None,
            name=key,
            context="DispatchColumns",
        )
        for key in keys
    ]


def cell_text(row: DispatchRow, key: str) -> str:
    return str(CELLS[key](row))


class DispatchRowsModel(TableModel):
    """Read-only rows of :class:`DispatchRow` in the given columns."""

    def __init__(
        self,
        columns: Sequence[str] = ALL_COLUMNS,
        parent: Any = None,
        *,
        ctx: AppContext | None = None,
        statuses: Sequence[str] | None = None,
    ) -> None:
        super().__init__(
            dispatch_columns(columns),
            parent,
            ctx=ctx,
            fetch=offset_pages(self._fetch, probe=True),
            page_size=PAGE_SIZE,
            # Offset paging: a note requested meanwhile shifts the pages by one; never show it
            # twice.
            distinct=lambda r: r.id,
            header_alignment=True,
        )
        self.keys = tuple(columns)
        self._statuses: tuple[str, ...] | None = tuple(statuses) if statuses else None
        self._search = ""

    def _fetch(self, offset: int, limit: int) -> list[DispatchRow]:
        """Runs on the DB worker."""
        assert self._ctx is not None
        return list_dispatches(
            self._ctx.db,
            self._ctx.actor,
            self._statuses,
            search=self._search or None,
            limit=limit,
            offset=offset,
        )


class PagedDispatchModel(DispatchRowsModel):
    """Notes matching a status filter and a search, fetched a page at a time on the worker."""

    def __init__(
        self,
        ctx: AppContext,
        statuses: Sequence[str] | None = None,
        columns: Sequence[str] = ALL_COLUMNS,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent, ctx=ctx, statuses=statuses)

    def set_filter(self, statuses: Sequence[str] | None, search: str = "") -> None:
        self._statuses = tuple(statuses) if statuses else None
        self._search = search.strip()
        self.refresh()
