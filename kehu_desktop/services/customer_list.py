"""The customer list: one search box, filters, SQL sorting and paging (keyset-friendly order).

The search box matches a name substring, pinyin initials (``shyy`` → 上海医药…), full pinyin,
a credit-code prefix and a phone number. The same function serves the GUI list, the CLI and
exports, so they always agree.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Select,
    and_,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType, String

from kehu_desktop.db import Database
from kehu_desktop.domain.identifiers import escape_like, normalise_text
from kehu_desktop.domain.pinyin import classify_query
from kehu_desktop.models import Customer, CustomerNameGram, MarketOffice, name_grams
from kehu_desktop.services.context import Actor
from kehu_desktop.services.customers import visible_to
from kehu_desktop.services.dto import CustomerPage, CustomerRow
from kehu_desktop.services.use_case import use_case

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


# The search keys hold nothing but these characters (see domain.pinyin.search_keys and
# domain.identifiers), which lets a prefix search be a range inside the alphabet.
_LOWER_KEY = "0123456789abcdefghijklmnopqrstuvwxyz"
_CODE_KEY = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PHONE_KEY = "-0123456789"


class _HasLatin(ColumnElement[Any]):
    """``name`` holds an ASCII letter or digit, written exactly as the WHERE of the partial index
    ``ix_customers_name_latin`` (models.customers), so both databases use that small index."""

    # Not Boolean: SQLAlchemy would write "... = 1" on SQLite and the index would not match.
    type = NullType()
    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: Any) -> None:
        self.column = column


@compiles(_HasLatin)
def _has_latin_postgresql(element: _HasLatin, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.column, **kw)} ~ '[A-Za-z0-9]')"


@compiles(_HasLatin, "sqlite")
def _has_latin_sqlite(element: _HasLatin, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.column, **kw)} GLOB '*[A-Za-z0-9]*')"


class _NoIndex(ColumnElement[Any]):
    """A column the planner must not use an index for: ``+column`` on SQLite, ``column || ''``
    for text on PostgreSQL (same values, same order).

    Without statistics (the app never runs ANALYZE) SQLite guesses that an equality on an
    indexed column matches ten rows, so ``status = 'selected'`` would win over looking up the
    few matches of a search and then read every selected customer. PostgreSQL has statistics
    but assumes matches are spread evenly: asked for the first page of ``913205…`` in name
    order, it walks ix_customers_name and reads 700,000 rows before reaching 苏州.
    """

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(_NoIndex)
def _no_index(element: _NoIndex, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"({column} || '')" if isinstance(element.type, String) else str(column)


@compiles(_NoIndex, "sqlite")
def _no_index_sqlite(element: _NoIndex, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.column, **kw))


def _starts_with(column: Any, prefix: str, alphabet: str) -> Any:
    """``column`` starts with ``prefix``, as ``prefix <= column < next``: a range any B-tree
    index serves. (SQLite's LIKE is case-insensitive, so SQLite never uses an index for
    ``LIKE 'x%'``.) ``next`` is the next string in the column's own alphabet, not the next
    code point, so the range also holds the right keys of letters and digits in a linguistic
    PostgreSQL collation, where punctuation after ``z`` would not sort after it."""
    if not prefix or any(ch not in alphabet for ch in prefix):
        return None  # such a key cannot exist
    end = len(prefix) - 1
    while end >= 0 and prefix[end] == alphabet[-1]:
        end -= 1
    if end < 0:
        return column >= prefix
    upper = prefix[:end] + alphabet[alphabet.index(prefix[end]) + 1]
    return and_(column >= prefix, column < upper)


@dataclass(frozen=True)
class _Search:
    """The search box query, split by what an index can answer.

    ``arms`` are conditions each served by an index (key prefixes; a name substring that holds
    an ASCII letter or digit, which only the few names in ``ix_customers_name_latin`` can
    contain). ``scan`` is a name substring no index helps with: the list is walked in name
    order, which stops after a page when the word is common and reads every name when it is
    rare. ``arms`` or ``scan``, not both: their OR is the search condition.
    """

    arms: tuple[Any, ...]
    scan: Any | None

    @property
    def condition(self) -> Any:
        parts = [*self.arms, self.scan] if self.scan is not None else list(self.arms)
        return parts[0] if len(parts) == 1 else or_(*parts)


def _parse_search(text: str) -> _Search | None:
    q = normalise_text(text)
    if not q:
        return None
    kind = classify_query(q)
    like = escape_like(q)
    name_part = Customer.name.like(f"%{like}%", escape="\\")
    prefixes: list[Any] = []
    if kind in ("initials", "pinyin"):
        key = q.lower().replace(" ", "")
        prefixes.append(_starts_with(Customer.name_initials, key, _LOWER_KEY))
        if len(key) > 1:  # one letter starts the full pinyin exactly when it starts the initials
            prefixes.append(_starts_with(Customer.name_pinyin, key, _LOWER_KEY))
    elif kind == "code":
        prefixes.append(_starts_with(Customer.uscc, q.upper().replace(" ", ""), _CODE_KEY))
    elif kind == "phone":
        digits = "".join(ch for ch in q if ch.isdigit() or ch == "-")
        prefixes += [
            _starts_with(Customer.phone, digits, _PHONE_KEY),
            _starts_with(Customer.uscc, digits, _CODE_KEY),
        ]
    arms = [p for p in prefixes if p is not None]
    if any(ch.isascii() and ch.isalnum() for ch in q):
        return _Search((*arms, and_(_HasLatin(Customer.name), name_part)), None)
    return _Search(tuple(arms), name_part)


def search_condition(text: str) -> Any:
    """The WHERE clause of the search box; None for an empty box."""
    search = _parse_search(text)
    return None if search is None else search.condition


def _filters(actor: Actor, query: CustomerQuery, *, indexed: bool = True) -> list[Any]:
    """The list's conditions other than the search box; ``indexed=False`` keeps SQLite from
    using their indexes (see :class:`_NoIndex`)."""

    def col(column: Any) -> Any:
        return column if indexed else _NoIndex(column)

    conditions = [visible_to(actor)]
    if query.status:
        conditions.append(col(Customer.status) == query.status)
    if query.channel:
        conditions.append(col(Customer.channel) == query.channel)
    if query.market_office_id:
        conditions.append(col(Customer.market_office_id) == query.market_office_id)
    return conditions


def _filtered(actor: Actor, query: CustomerQuery, stmt: Select) -> Select:
    cond = search_condition(query.search)
    if cond is not None:
        stmt = stmt.where(cond)
    return stmt.where(*_filters(actor, query))


def _rows_stmt(
    actor: Actor, query: CustomerQuery, candidates: Select | CompoundSelect | None = None
) -> Select:
    """The list's rows in order. With ``candidates`` (a SELECT of ids that holds the page, see
    :func:`_top_matches`) only those rows are looked up and sorted."""
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
    if candidates is None:
        stmt = _filtered(actor, query, stmt)
    else:
        stmt = stmt.where(Customer.id.in_(candidates), *_filters(actor, query, indexed=False))
    column = SORT_COLUMNS.get(query.sort, Customer.name)
    # The id makes the order total, so pages never repeat or skip a row.
    if query.descending:
        return stmt.order_by(column.desc(), Customer.id.desc())
    return stmt.order_by(column, Customer.id)


def _top_matches(actor: Actor, query: CustomerQuery, search: _Search, count: int) -> CompoundSelect:
    """The ids of the first ``count`` matches in name order, found arm by arm.

    Each arm reads only its own index, which holds the branch, name and id after the key: the
    matches are sorted inside the index and the table is never read for them. (Walking the
    list in name order instead is quick for a common Chinese word, but the matches of a prefix
    sit together in name order: those of ``hz`` start in the middle of the list, at 杭州.)
    """
    name = _NoIndex(Customer.name)  # sorted in the arm's index, never by walking the list
    order = (name.desc(), Customer.id.desc()) if query.descending else (name, Customer.id)
    firsts = [
        select(Customer.id)
        .where(arm, *_filters(actor, query, indexed=False))
        .order_by(*order)
        .limit(count)
        .subquery()
        for arm in search.arms
    ]
    return union(*(select(first.c.id) for first in firsts))


# A name bigram in at least this many names is "common": walking the list in name order finds a
# page of its matches sooner than looking up every name that has the gram.
COMMON_GRAM = 2000


def _rare_gram(s: Session, text: str) -> str | None:
    """The rarest bigram of a name-substring query, or None when it has none (one character) or
    every one is common. Each count stops at :data:`COMMON_GRAM` index entries."""
    rarest: tuple[int, str] | None = None
    for gram in sorted(name_grams(normalise_text(text))):
        first = (
            select(CustomerNameGram.customer_id)
            .where(CustomerNameGram.gram == gram)
            .limit(COMMON_GRAM)
            .subquery()
        )
        count = int(s.execute(select(func.count()).select_from(first)).scalar_one())
        if count < COMMON_GRAM and (rarest is None or count < rarest[0]):
            rarest = (count, gram)
            if count == 0:
                break
    return None if rarest is None else rarest[1]


def fetch_rows(
    s: Session, actor: Actor, query: CustomerQuery, offset: int, limit: int
) -> CustomerPage:
    search = _parse_search(query.search)
    candidates = None
    if search is not None and search.scan is None and query.sort == "name":
        candidates = _top_matches(actor, query, search, offset + limit + 1)
    gram = None
    if search is not None and search.scan is not None and not search.arms:
        gram = _rare_gram(s, query.search)
    if gram is not None:
        # A rare Chinese substring: only the names holding its rarest bigram can match, so those
        # few are looked up (and still tested by the whole search condition) instead of walking
        # every name. A common one keeps the walk, which stops after a page.
        assert search is not None
        has_gram = select(CustomerNameGram.customer_id).where(CustomerNameGram.gram == gram)
        stmt = _rows_stmt(actor, query, has_gram).where(search.condition)
    else:
        stmt = _rows_stmt(actor, query, candidates)
    result = s.execute(stmt.offset(offset).limit(limit + 1)).all()
    rows = tuple(CustomerRow(*r) for r in result[:limit])
    return CustomerPage(rows, offset, len(result) > limit)


def list_customers(
    db: Database, actor: Actor, query: CustomerQuery, *, offset: int = 0, limit: int = 200
) -> CustomerPage:
    """A page of the list. Everyone may list the customers they can see."""
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        return fetch_rows(s, actor, query, offset, limit)


def count_customers(db: Database, actor: Actor, query: CustomerQuery) -> int:
    """How many match (run apart from the first page: on a million rows it is the slow part)."""
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        stmt = _filtered(actor, query, select(func.count()).select_from(Customer))
        return int(s.execute(stmt).scalar_one())


def iter_customers(
    db: Database, actor: Actor, query: CustomerQuery, batch: int = 2000
) -> list[CustomerRow]:
    """Every matching row (for export and the CLI), read in pages."""
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        return rows_in(s, actor, query, batch)


def rows_in(s: Session, actor: Actor, query: CustomerQuery, batch: int = 2000) -> list[CustomerRow]:
    """Every matching row, read in pages in the caller's transaction."""
    out: list[CustomerRow] = []
    offset = 0
    while True:
        page = fetch_rows(s, actor, query, offset, batch)
        out.extend(page.rows)
        if not page.has_more:
            return out
        offset += batch
