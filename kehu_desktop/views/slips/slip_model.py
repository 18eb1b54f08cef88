"""The slip list (送货单 / 赊销单) as a Qt table model that pages through SQL and never blocks.

Rows come from ``services.slips.list_slips``, newest first. The service lists oldest first
(issue date, number) with ``offset``/``limit`` and has no count, so the count is put together from
``slip_counts`` (issued slips by kind) plus the voided slips (few), and display row ``r`` is read
at service offset ``total - 1 - r``; later pages reuse the first page's total, so slips issued
meanwhile (at the end of the service's order) do not shift the rows already shown.

The service has no text search either. Until it has one, a search runs on the DB worker here:
text with a digit or a dash is taken as (part of) a slip number and the list is scanned for it;
other text finds customers the way the customer list does (name, pinyin initials…) and lists
their slips. The "copy ③ not returned" filter uses ``slips_missing_copy3`` with the overdue
setting. Those lists are held whole and paged in memory.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication

from kehu_desktop.db import Database
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.slips import SlipRow
from kehu_desktop.services.slips import list_slips
from kehu_desktop.services.slips import slip_counts
from kehu_desktop.services.slips import slips_missing_copy3
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.formatting import GREY
from kehu_desktop.views.kit.formatting import ORANGE
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import day_text
from kehu_desktop.views.kit.formatting import local_date
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.table_model import Column
from kehu_desktop.views.kit.table_model import Page
from kehu_desktop.views.kit.table_model import RowRole
from kehu_desktop.views.kit.table_model import TableModel

PAGE_SIZE = 200
MAX_CACHED_PAGES = 50
SCAN_BATCH = 1000  # slips per service call while scanning for a number
MAX_CUSTOMERS = 50  # customers whose slips a name search lists
SlipRowRole = RowRole

KIND_WORDS: dict[str, str] = {
    "delivery": QT_TRANSLATE_NOOP("SlipWords", "Delivery slip"),
    "credit_sale": QT_TRANSLATE_NOOP("SlipWords", "Credit-sale slip"),
}
COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", QT_TRANSLATE_NOOP("SlipColumns", "Slip number")),
    ("kind", QT_TRANSLATE_NOOP("SlipColumns", "Kind")),
    ("customer", QT_TRANSLATE_NOOP("SlipColumns", "Customer")),
    ("issue_date", QT_TRANSLATE_NOOP("SlipColumns", "Date")),
    ("due_date", QT_TRANSLATE_NOOP("SlipColumns", "Due")),
    ("total", QT_TRANSLATE_NOOP("SlipColumns", "Total")),
    ("status", QT_TRANSLATE_NOOP("SlipColumns", "Status")),
    ("prints", QT_TRANSLATE_NOOP("SlipColumns", "Printed")),
    ("copy3", QT_TRANSLATE_NOOP("SlipColumns", "Copy ③")),
)
COLUMN_KEYS = tuple(key for key, _title in COLUMNS)


def kind_label(code: str) -> str:
    source = KIND_WORDS.get(code)
    return QCoreApplication.translate("SlipWords", source) if source else code


def prints_text(row: SlipRow) -> str:
    if row.print_count == 0:
        return QCoreApplication.translate("SlipWords", "Not printed")
    if row.reprint_count == 0:
        return QCoreApplication.translate("SlipWords", "%1 copies").replace(
            "%1", str(row.print_count)
        )
    text = QCoreApplication.translate("SlipWords", "%1 (reprints: %2)")
    return text.replace("%1", str(row.print_count)).replace("%2", str(row.reprint_count))


def copy3_text(row: SlipRow) -> str:
    if row.copy3_returned_at is not None:
        text = QCoreApplication.translate("SlipWords", "Returned %1")
        return text.replace("%1", local_date(row.copy3_returned_at))
    if row.status == "voided":
        return "—"
    return QCoreApplication.translate("SlipWords", "Not returned")


def cell_text(row: SlipRow, key: str) -> str:
    if key == "number":
        return row.number
    if key == "kind":
        return kind_label(row.kind)
    if key == "customer":
        return row.customer_name
    if key == "issue_date":
        return day_text(row.issue_date)
    if key == "due_date":
        return day_text(row.due_date)
    if key == "total":
        return yuan(row.total)
    if key == "status":
        return status_label("slip", row.status)
    if key == "prints":
        return prints_text(row)
    return copy3_text(row)


# --- reading (runs on the DB worker) ----------------------------------------------------------


@dataclass(frozen=True)
class SlipQuery:
    kind: str | None = None  # delivery / credit_sale
    status: str | None = None  # issued / voided
    missing_copy3: bool = False  # copy ③ overdue (setting slip.copy3_overdue_days)
    search: str = ""  # part of a slip number, or a customer (name, pinyin initials…)
    branch_id: uuid.UUID | None = None  # head office: one branch of the user's scope

    @property
    def in_memory(self) -> bool:
        return self.missing_copy3 or bool(self.search.strip())


@dataclass(frozen=True)
class SlipPage:
    rows: tuple[SlipRow, ...]  # newest first
    start: int  # display row of rows[0]
    total: int  # rows matching the query


def count_slips(db: Database, actor: Actor, query: SlipQuery) -> int:
    """Slips matching kind and status: issued ones counted in SQL, plus the (few) void ones."""
    issued = 0
    if query.status in (None, "issued"):
        counts = slip_counts(db, actor, query.branch_id)
        issued = counts.get(query.kind, 0) if query.kind else sum(counts.values())
    voided = 0
    if query.status in (None, "voided"):
        voided = len(
            list_slips(db, actor, kind=query.kind, status="voided", branch_id=query.branch_id)
        )
    return issued + voided


def _number_like(text: str) -> bool:
    return any(ch.isdigit() or ch == "-" for ch in text)


def matching_slips(db: Database, actor: Actor, query: SlipQuery) -> list[SlipRow]:
    """Every slip matching a search or the copy ③ filter, newest first."""
    text = query.search.strip()
    if query.missing_copy3:
        if query.status == "voided":
            return []
        missing = slips_missing_copy3(db, actor, branch_id=query.branch_id)
        rows = [r for r in missing if query.kind in (None, r.kind)]
    elif text and not _number_like(text):
        page = list_customers(
            db, actor, CustomerQuery(search=text, branch_id=query.branch_id), limit=MAX_CUSTOMERS
        )
        rows = []
        for customer in page.rows:
            rows.extend(
                list_slips(db, actor, kind=query.kind, status=query.status, customer_id=customer.id)
            )
        rows.sort(key=lambda r: (r.issue_date, r.number))
        return rows[::-1]
    else:
        rows, offset = [], 0
        while True:
            batch = list_slips(
                db,
                actor,
                kind=query.kind,
                status=query.status,
                branch_id=query.branch_id,
                offset=offset,
                limit=SCAN_BATCH,
            )
            rows.extend(batch)
            if len(batch) < SCAN_BATCH:
                break
            offset += SCAN_BATCH
    if text:
        needle = text.upper()
        rows = [r for r in rows if needle in r.number or text in r.customer_name]
    return rows[::-1]


def fetch_slip_page(
    db: Database, actor: Actor, query: SlipQuery, start: int, limit: int, total: int | None
) -> SlipPage:
    """Display rows ``start …`` (newest first). ``total``: the count the model already holds
    (None for the first page, which counts)."""
    if query.in_memory:
        rows = matching_slips(db, actor, query)
        return SlipPage(tuple(rows[start : start + limit]), start, len(rows))
    if total is None:
        total = count_slips(db, actor, query)
    end = min(start + limit, total)
    if start >= end:
        return SlipPage((), start, total)
    rows = list_slips(
        db,
        actor,
        kind=query.kind,
        status=query.status,
        branch_id=query.branch_id,
        offset=total - end,
        limit=end - start,
    )
    return SlipPage(tuple(reversed(rows)), start, total)


# --- the model --------------------------------------------------------------------------------


def _colour(row: SlipRow, key: str) -> str | None:
    if row.status == "voided":
        return RED if key == "status" else GREY
    if key == "copy3" and row.copy3_returned_at is None:
        return ORANGE
    return None


def _column(key: str, title: str) -> Column:
    return Column(
        title,
        partial(cell_text, key=key),
        right=key == "total",
        colour=partial(_colour, key=key),
        name=key,
        context="SlipColumns",
    )


class SlipTableModel(TableModel):
    """Rows of :class:`SlipRow`, fetched a page at a time through ``ctx.worker``."""

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(
            [_column(key, title) for key, title in COLUMNS],
            parent,
            ctx=ctx,
            fetch=self._fetch,
            page_size=PAGE_SIZE,
            max_pages=MAX_CACHED_PAGES,
            loading_text=QCoreApplication.translate("SlipTableModel", "Loading…"),
            query=SlipQuery(),
        )

    def slip_at(self, row: int) -> SlipRow | None:
        """The row if its page has arrived (never fetches)."""
        return self.row_at(row)

    def _fetch(self, start: int, limit: int, total: int | None) -> Page:
        """Runs on the DB worker."""
        assert self._ctx is not None
        page = fetch_slip_page(self._ctx.db, self._ctx.actor, self._query, start, limit, total)
        end = page.start + len(page.rows)
        return Page(page.rows, page.start, page.total, has_more=end < page.total)
