"""The customer list: one search box, filters, SQL sorting and paging (keyset-friendly order).

The search box matches a name substring, pinyin initials (``shyy`` → 上海医药…), full pinyin,
a credit-code prefix and a phone number. The same function serves the GUI list, the CLI and
exports, so they always agree.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.pinyin import classify_query
from kehu_desktop.models import Customer, MarketOffice
from kehu_desktop.services.context import Actor, require
from kehu_desktop.services.customers import visible_to
from kehu_desktop.services.dto import CustomerPage, CustomerRow

SORT_COLUMNS: dict[str, Any] = {
    "name": Customer.name,
    "uscc": Customer.uscc,
    "phone": Customer.phone,
    "address": Customer.address,
    "channel": Customer.channel,
    "market_office": MarketOffice.name,
    "status": Customer.status,
    "updated_at": Customer.updated_at,
}


@dataclass(frozen=True)
class CustomerQuery:
    search: str = ""
    status: str | None = None
    channel: str | None = None
    market_office_id: uuid.UUID | None = None
    sort: str = "name"
    descending: bool = False


def search_condition(text: str) -> Any:
    """The WHERE clause of the search box; None for an empty box."""
    q = normalise_text(text)
    if not q:
        return None
    kind = classify_query(q)
    like = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    name_part = Customer.name.like(f"%{like}%", escape="\\")
    if kind in ("initials", "pinyin"):
        low = like.lower()
        return or_(
            Customer.name_initials.like(f"{low}%", escape="\\"),
            Customer.name_pinyin.like(f"{low}%", escape="\\"),
            name_part,
        )
    if kind == "code":
        return or_(Customer.uscc.like(f"{like.upper()}%", escape="\\"), name_part)
    if kind == "phone":
        digits = "".join(ch for ch in q if ch.isdigit() or ch == "-")
        return or_(
            Customer.phone.like(f"{digits}%", escape="\\"),
            Customer.uscc.like(f"{digits}%", escape="\\"),
            name_part,
        )
    return name_part


def _filtered(actor: Actor, query: CustomerQuery, stmt: Select) -> Select:
    stmt = stmt.where(visible_to(actor))
    cond = search_condition(query.search)
    if cond is not None:
        stmt = stmt.where(cond)
    if query.status:
        stmt = stmt.where(Customer.status == query.status)
    if query.channel:
        stmt = stmt.where(Customer.channel == query.channel)
    if query.market_office_id:
        stmt = stmt.where(Customer.market_office_id == query.market_office_id)
    return stmt


def _rows_stmt(actor: Actor, query: CustomerQuery) -> Select:
    stmt = select(
        Customer.id,
        Customer.name,
        Customer.uscc,
        Customer.phone,
        Customer.address,
        Customer.channel,
        MarketOffice.name,
        Customer.status,
        Customer.on_hold,
        Customer.updated_at,
    ).outerjoin(MarketOffice, MarketOffice.id == Customer.market_office_id)
    stmt = _filtered(actor, query, stmt)
    column = SORT_COLUMNS.get(query.sort, Customer.name)
    # The id makes the order total, so pages never repeat or skip a row.
    if query.descending:
        return stmt.order_by(column.desc(), Customer.id.desc())
    return stmt.order_by(column, Customer.id)


def fetch_rows(
    s: Session, actor: Actor, query: CustomerQuery, offset: int, limit: int
) -> CustomerPage:
    result = s.execute(_rows_stmt(actor, query).offset(offset).limit(limit + 1)).all()
    rows = tuple(CustomerRow(*r) for r in result[:limit])
    return CustomerPage(rows, offset, len(result) > limit)


def list_customers(
    db: Database, actor: Actor, query: CustomerQuery, *, offset: int = 0, limit: int = 200
) -> CustomerPage:
    """A page of the list. Everyone may list the customers they can see."""
    require(actor, "customer.view")
    with db.read() as s:
        return fetch_rows(s, actor, query, offset, limit)


def count_customers(db: Database, actor: Actor, query: CustomerQuery) -> int:
    """How many match (run apart from the first page: on a million rows it is the slow part)."""
    require(actor, "customer.view")
    with db.read() as s:
        stmt = _filtered(actor, query, select(func.count()).select_from(Customer))
        return int(s.execute(stmt).scalar_one())


def iter_customers(
    db: Database, actor: Actor, query: CustomerQuery, batch: int = 2000
) -> list[CustomerRow]:
    """Every matching row (for export and the CLI), read in pages."""
    require(actor, "customer.view")
    out: list[CustomerRow] = []
    offset = 0
    with db.read() as s:
        while True:
            page = fetch_rows(s, actor, query, offset, batch)
            out.extend(page.rows)
            if not page.has_more:
                return out
            offset += batch
