"""The customer list: one search box, filters, SQL sorting and paging (keyset-friendly order).

The search box matches a name substring; pinyin initials and full pinyin from any syllable of
the name, in any reading of a polyphone (``wy`` → 上海万宇…, ``huadong`` → 杭州华东…); a
credit-code prefix; and digits anywhere in a phone number, however it is written (``32778951``
and ``021-3277`` → 021-32778951). The same function serves the GUI list, the CLI and exports, so
they always agree. docs/bench.md explains how each kind of search is answered quickly.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from functools import partial
from typing import Any
from typing import TypeVar
from typing import cast

from sqlalchemy import BindParameter
from sqlalchemy import CompoundSelect
from sqlalchemy import Integer
from sqlalchemy import Select
from sqlalchemy import TypeDecorator
from sqlalchemy import Uuid
from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy import type_coerce
from sqlalchemy import union
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType
from sqlalchemy.types import String

from kehu_desktop.db import Database
from kehu_desktop.domain.identifiers import PHONE_DIGITS_ANYWHERE
from kehu_desktop.domain.identifiers import USCC_FIRST_CHARS
from kehu_desktop.domain.identifiers import escape_like
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.pinyin import KEY_LENGTH
from kehu_desktop.domain.pinyin import MIN_ANYWHERE
from kehu_desktop.domain.pinyin import classify_query
from kehu_desktop.domain.pinyin import inside_one_syllable
from kehu_desktop.dto import CustomerPage
from kehu_desktop.dto import CustomerRow
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerNameGram
from kehu_desktop.models import CustomerSearchKey
from kehu_desktop.models import MarketOffice
from kehu_desktop.models import name_grams
from kehu_desktop.models.customers import NAME_KEY
from kehu_desktop.models.customers import PHONE_KEY
from kehu_desktop.models.customers import PREFIX_BUCKETS
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers.customer_files import visible_to

T = TypeVar("T")

#: The example in the search box's placeholder (views.customer_list). It must find customers in
#: the demo branch (tests/test_demo.py searches it there): the distinctive part of demo names
#: (…华东医药…), typed as initials.
SEARCH_EXAMPLE = "hdyy"

SORT_COLUMNS: dict[str, Any] = {
    "name": Customer.name,
    "uscc": Customer.uscc,
    "phone": Customer.phone_digits,  # by the number, however it is written
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
    #: One branch of the actor's scope (head office's lists, ``kehu customer list --branch``).
    branch_id: uuid.UUID | None = None


# The search keys hold nothing but these characters (see domain.pinyin.search_keys and
# domain.identifiers), which lets a prefix search be a range inside the alphabet.
_LOWER_KEY = "0123456789abcdefghijklmnopqrstuvwxyz"
_CODE_KEY = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"


class _Matches(ColumnElement[Any]):
    """``column`` holds a match of ``pattern``, letters and character classes that read the
    same in a GLOB and a regular expression: ``GLOB '*pattern*'`` on SQLite, ``~ 'pattern'`` on
    PostgreSQL, both case-sensitive. The pattern is written into the SQL as is: only the
    subclasses below make one."""

    # Not Boolean: SQLAlchemy would write "... = 1" on SQLite and a partial index would not match.
    type = NullType()
    inherit_cache = True
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("pattern", InternalTraversal.dp_string),
    ]

    def __init__(self, column: Any, pattern: str) -> None:
        self.column = column
        self.pattern = pattern


@compiles(_Matches)
def _matches_postgresql(element: _Matches, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.column, **kw)} ~ '{element.pattern}')"


@compiles(_Matches, "sqlite")
def _matches_sqlite(element: _Matches, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.column, **kw)} GLOB '*{element.pattern}*')"


class _HasLatin(_Matches):
    """``name`` holds an ASCII letter or digit, written exactly as the WHERE of the partial index
    ``ix_customers_name_latin`` (models.customers), so both databases use that small index."""

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column, "[A-Za-z0-9]")


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


class _PatternTest(ColumnElement[Any]):
    """``column`` matches a pattern bound as a parameter: ``GLOB glob`` on SQLite (its
    case-sensitive byte comparison), ``OTHER`` with ``other`` elsewhere."""

    # Not Boolean: SQLAlchemy would write "... = 1" on SQLite.
    type = NullType()
    inherit_cache = True
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("glob", InternalTraversal.dp_clauseelement),
        ("other", InternalTraversal.dp_clauseelement),
    ]
    OTHER = "LIKE {} ESCAPE '\\'"

    def __init__(self, column: Any, glob: Any, other: Any) -> None:
        self.column = column
        self.glob = glob
        self.other = other


@compiles(_PatternTest)
def _pattern_test(element: _PatternTest, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"({column} {element.OTHER.format(compiler.process(element.other, **kw))})"


@compiles(_PatternTest, "sqlite")
def _pattern_test_sqlite(element: _PatternTest, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"({column} GLOB {compiler.process(element.glob, **kw)})"


class _Contains(_PatternTest):
    """``column`` contains ``text`` exactly (a Chinese name substring: no ASCII letter, whose
    case LIKE would fold). SQLite: ``GLOB '*text*'``, whose case-sensitive byte comparison is
    three times quicker per name than LIKE's case folding, when a common word walks the list
    (docs/bench.md). Elsewhere (PostgreSQL's LIKE is case-sensitive already): ``LIKE``. Its
    parameters are named (see :func:`_template`): one substring a statement."""

    inherit_cache = True

    def __init__(self, column: Any, text: str) -> None:
        glob = "".join(f"[{ch}]" if ch in "*?[" else ch for ch in text)
        super().__init__(
            column,
            bindparam("contains_glob", f"*{glob}*", type_=String),
            bindparam("contains_like", f"%{escape_like(text)}%", type_=String),
        )


def _starts_with(column: Any, prefix: str, alphabet: str, name: str) -> Any:
    """``column`` starts with ``prefix``, as ``prefix <= column < next``: a range any B-tree
    index serves. (SQLite's LIKE is case-insensitive, so SQLite never uses an index for
    ``LIKE 'x%'``.) ``next`` is the next string in the column's own alphabet, not the next
    code point, so the range also holds the right keys of letters and digits in a linguistic
    PostgreSQL collation, where punctuation after ``z`` would not sort after it. The two are
    the parameters ``{name}_from`` and ``{name}_to`` (see :func:`_template`)."""
    if not prefix or any(ch not in alphabet for ch in prefix):
        return None  # such a key cannot exist
    start = column >= bindparam(f"{name}_from", prefix)
    upper = _after_prefix(prefix, alphabet)
    return start if upper is None else and_(start, column < bindparam(f"{name}_to", upper))


def _after_prefix(prefix: str, alphabet: str) -> str | None:
    """The first string of ``alphabet`` after all those starting with ``prefix``; None when the
    prefix is the alphabet's last character only (nothing comes after)."""
    end = len(prefix) - 1
    while end >= 0 and prefix[end] == alphabet[-1]:
        end -= 1
    if end < 0:
        return None
    return prefix[:end] + alphabet[alphabet.index(prefix[end]) + 1]


def _head(column: Any, length: int) -> Any:
    """The first ``length`` characters of ``column``, written as its prefix bucket's index
    expression (models.customers.bucket_head) with the numbers in the SQL: as parameters,
    SQLite would not recognise the index's expression."""
    return func.substr(column, literal_column("1"), literal_column(str(int(length))))


# The columns whose bucket also serves a longer prefix, tested on each of its customers
# (_Arm.bucket says why the name's does not).
_SPREAD_IN_BUCKET = frozenset({"uscc", "phone_digits"})


@dataclass(frozen=True)
class _Arm:
    """A prefix of one column (the start of the name's initials or full pinyin, the phone
    digits, the credit code): ``prefix <= column < next``, served by the column's own index,
    which holds the branch, name and id after the key, or by a prefix bucket (models.customers.
    PREFIX_BUCKETS) when the prefix is common."""

    column: Any
    prefix: str
    alphabet: str

    @property
    def condition(self) -> Any:
        return _starts_with(self.column, self.prefix, self.alphabet, self.name)

    @property
    def name(self) -> str:
        """What its parameters are named by (one arm a column)."""
        return f"arm_{self.column.key}"

    @property
    def shape(self) -> tuple[str, bool]:
        """What its statements are built of (:func:`_template`): the column, and whether the
        range has an end."""
        return self.column.key, _after_prefix(self.prefix, self.alphabet) is not None

    @property
    def bucket(self) -> int:
        """The longest bucket length up to the prefix's (0: none). A name's bucket serves only
        a prefix as long as itself: the names starting with 苏州 (sz) come after all those
        starting with 上海 in the bucket of s, where a credit code's or phone's next digits are
        spread over its bucket's names."""
        lengths = PREFIX_BUCKETS.get(self.column.key, ())
        if self.column.key not in _SPREAD_IN_BUCKET:
            lengths = tuple(n for n in lengths if n == len(self.prefix))
        return max((n for n in lengths if n <= len(self.prefix)), default=0)

    def in_bucket(self) -> Any:
        """The condition read from the bucket in name order: exact when the prefix is as long
        as the bucket, else the rest of the prefix tested on each of the bucket's customers."""
        n = self.bucket
        head = _head(self.column, n) == bindparam(f"{self.name}_head", self.prefix[:n])
        if n == len(self.prefix):
            return head
        rest = _starts_with(_NoIndex(self.column), self.prefix, self.alphabet, self.name)
        return and_(head, rest)


def _arm(column: Any, prefix: str, alphabet: str) -> _Arm | None:
    """The arm, or None when no value of the column can start with ``prefix``."""
    arm = _Arm(column, prefix, alphabet)
    return None if arm.condition is None else arm


def _spelling(first: str, rest: str) -> str:
    """The pattern of :class:`_Spelled`: ``first`` as it is, then each letter of ``rest`` in
    either case (``s[hH][kK]``), which reads the same in a GLOB and a regular expression."""
    # Letters only (the caller's query class): anything else could be a wildcard.
    if not re.fullmatch(r"[a-zA-Z][a-z]*", first + rest):
        raise ValueError(f"not a letter query: {first + rest!r}")
    return first + "".join(f"[{c}{c.upper()}]" for c in rest)


class _Spelled(_PatternTest):
    """A reading string (``Customer.pinyin_readings`` or ``initials_readings``) holds the
    pattern ``pattern`` (a bound parameter, see :func:`_spelling`): where the first letter's
    case marks a key start (domain.pinyin.SpelledName), this is the test of the search keys on
    one row. ``GLOB`` on SQLite, a regular expression on PostgreSQL: both case-sensitive."""

    inherit_cache = True
    OTHER = "~ {}"

    def __init__(self, column: Any, pattern: BindParameter[str]) -> None:
        star = literal_column("'*'", String)
        super().__init__(column, (star + pattern + star).self_group(), pattern)


def _starts_a_key(key: str | None = None) -> Any:
    """The row has a name key (any syllable, any reading) starting with ``key``: initials
    (lower case at a key start) or full pinyin (upper case at a key start). Without ``key``,
    the parameters ``key_initials`` and ``key_pinyin`` are left to bind (:func:`_template`)."""
    initials, pinyin = (None, None) if key is None else _key_spellings(key)
    return or_(
        _Spelled(Customer.initials_readings, bindparam("key_initials", initials, String)),
        _Spelled(Customer.pinyin_readings, bindparam("key_pinyin", pinyin, String)),
    )


def _starts_initials(start: str | None = None) -> Any:
    """The name's initials start with the letter ``start`` (``initials_start``, as for
    :func:`_starts_a_key`), tested inside ix_customers_name: the reading strings start with the
    name's initials, in lower case (a name's first syllable always starts a key)."""
    pattern = None if start is None else f"{start}%"
    return Customer.initials_readings.like(bindparam("initials_start", pattern, String))


def _name_like(text_: str | None = None) -> Any:
    """The name holds ``text_`` (``name_like``, as for :func:`_starts_a_key`)."""
    pattern = None if text_ is None else f"%{escape_like(text_)}%"
    return Customer.name.like(bindparam("name_like", pattern, String), escape="\\")


def _key_spellings(key: str) -> tuple[str, str]:
    """The patterns of a key's test on the initials and on the full pinyin reading strings."""
    return _spelling(key[0], key[1:]), _spelling(key[0].upper(), key[1:])


@dataclass(frozen=True)
class _Lookup:
    """The customers holding a search key (``customer_search_keys``) that starts with
    ``prefix``; ``verify`` compares a query longer than the keys in full on each of them."""

    kind: str
    prefix: str
    verify: Any | None = None

    def keys(self, column: Any = CustomerSearchKey.customer_id) -> Select:
        """The keys of the prefix (``column``: what to read of each, the customer's id)."""
        return select(column).where(
            CustomerSearchKey.kind == self.kind,
            _starts_with(CustomerSearchKey.key, self.prefix, self.alphabet, "key"),
        )

    @property
    def alphabet(self) -> str:
        return _LOWER_KEY if self.kind == NAME_KEY else _DIGITS

    @property
    def shape(self) -> tuple[str, bool, bool]:
        """What its statements are built of (:func:`_template`)."""
        upper = _after_prefix(self.prefix, self.alphabet) is not None
        return self.kind, upper, self.verify is not None

    def ids(self) -> Select:
        if self.verify is None:
            return self.keys()
        return select(Customer.id).where(Customer.id.in_(self.keys()), self.verify)


_TEMPLATES: dict[tuple[Any, ...], Any] = {}
_TEMPLATES_KEPT = 512


def _template(shape: tuple[Any, ...], build: Callable[[], T]) -> T:
    """The statement of ``shape``, built by ``build`` the first time only. Building a statement
    anew took as long as running it (its cache key, its parameters found again, its result's
    columns matched to the compiled SQL): the list runs a statement it built for an earlier
    search of the same shape, with this search's values bound by name. So every value a
    search writes into a statement is a named parameter (``arm_uscc_from``, ``key_pinyin``:
    :func:`_values_of` reads them), and the shape holds everything else the statement depends
    on (the user and the filters, which arms, which plan, how many rows)."""
    found = _TEMPLATES.get(shape)
    if found is None:
        if len(_TEMPLATES) >= _TEMPLATES_KEPT:
            _TEMPLATES.clear()
        found = _TEMPLATES[shape] = build()
    return cast("T", found)


def _values_of(*elements: Any) -> dict[str, Any]:
    """The values of the named parameters in ``elements`` (see :func:`_template`)."""
    return {
        found.key: found.value
        for element in elements
        if element is not None
        for found in visitors.iterate(element)
        if isinstance(found, BindParameter) and not found.unique
    }


@dataclass(frozen=True)
class _FirstWalk:
    """How a short search first walks the start of the list (:func:`_first_walked`): the test's
    ``parts`` (see :func:`_first_walk_test`), the values bound in it, and how many names it
    walks per row wanted."""

    parts: tuple[str, ...]
    values: dict[str, str]
    names_per_row: int


@dataclass(frozen=True)
class _Search:
    """The search box query, split by what an index can answer.

    ``arms`` are conditions each served by a covering index (prefixes of the start of the name,
    the phone digits and the credit code). ``latin`` is a name substring that holds an ASCII
    letter or digit, which only the few names in ``ix_customers_name_latin`` can contain.
    ``lookup`` finds the rest in the search keys: a name from any other syllable or reading,
    phone digits after the area code. ``walk`` is one row's test equal to all of these together,
    for walking the list in name order when the lookup is common. ``scan`` is a name substring
    no index helps with (Chinese): the list is walked in name order, or the bigrams narrow it.
    ``scan`` comes alone; the search condition is the OR of the rest.
    """

    arms: tuple[_Arm, ...]
    scan: Any | None
    lookup: _Lookup | None = None
    walk: Any | None = None
    latin: Any | None = None

    def values(self) -> dict[str, Any]:
        """The search's values, by the names of their parameters (see :func:`_template`): those
        of :attr:`condition` and of each arm's bucket."""
        values = _values_of(self.condition)
        for arm in self.arms:
            if arm.bucket:
                values[f"{arm.name}_head"] = arm.prefix[: arm.bucket]
        return values

    @property
    def condition(self) -> Any:
        parts = [arm.condition for arm in self.arms]
        if self.latin is not None:
            parts.append(self.latin)
        if self.lookup is not None:
            parts.append(Customer.id.in_(self.lookup.ids()))
        if self.scan is not None:
            parts.append(self.scan)
        return parts[0] if len(parts) == 1 else or_(*parts)


def _query_digits(q: str) -> str | None:
    """The digits of a query written like (part of) a phone number: ``021-3277``, ``139 1234``,
    ``(021) 3277``, ``+86 139…``; None for anything else."""
    if not re.fullmatch(r"\+?[\d\s()\-]+", q):
        return None
    digits = re.sub(r"\D", "", q)
    if q.startswith("+86") or digits.startswith("0086"):
        digits = digits.removeprefix("00").removeprefix("86")  # the country code is not stored
    return digits or None


def _could_start_uscc(prefix: str) -> bool:
    """Whether a stored credit code can start with ``prefix``: every one passed
    domain.identifiers.check_uscc, so it starts with a registration authority (never 0) and
    its characters 3 to 8 are digits. An area code (``021``, ``0571``) is then never looked for
    among the codes, nor counted there."""
    division = prefix[2:8]
    return bool(prefix) and prefix[0] in USCC_FIRST_CHARS and (not division or division.isdigit())


def _parse_search(text: str, *, plain: bool = False) -> _Search | None:
    """The search box's query; ``plain``: a substring as the textbook ``LIKE '%…%'`` (the
    naive query the bench compares with)."""
    q = normalise_text(text)
    if not q:
        return None
    kind = classify_query(q)
    name_part = _name_like(q)
    prefixes: list[_Arm | None] = []
    lookup = None
    walk: Any = None
    if kind in ("initials", "pinyin"):
        key = q.lower().replace(" ", "")
        prefixes.append(_arm(Customer.name_initials, key, _LOWER_KEY))
        if len(key) > 1:  # one letter starts the full pinyin exactly when it starts the initials
            prefixes.append(_arm(Customer.name_pinyin, key, _LOWER_KEY))
        else:  # the same test inside ix_customers_name
            walk = _starts_initials(key)
        if len(key) >= MIN_ANYWHERE:
            walk = _starts_a_key(key)
            # The keys are cut to KEY_LENGTH letters: a longer query is compared in full.
            lookup = _Lookup(NAME_KEY, key[:KEY_LENGTH], walk if len(key) > KEY_LENGTH else None)
    else:
        digits = _query_digits(q)
        if digits is not None and len(digits) >= 3:
            prefixes.append(_arm(Customer.phone_digits, digits, _DIGITS))
            if len(digits) >= PHONE_DIGITS_ANYWHERE:
                lookup = _Lookup(PHONE_KEY, digits)
        code = q.upper().replace(" ", "")
        # An all-digit query may be either: search both, unless no stored code can start so.
        if kind in ("code", "phone") and _could_start_uscc(code):
            prefixes.append(_arm(Customer.uscc, code, _CODE_KEY))
    arms = [p for p in prefixes if p is not None]
    if any(ch.isascii() and ch.isalnum() for ch in q):
        latin = and_(_HasLatin(Customer.name), name_part)
        # In a walk the substring alone (it holds an ASCII letter or digit, so the name does):
        # the GLOB of _HasLatin on every name would double the walk's time.
        walk = None if walk is None else or_(walk, name_part)
        return _Search(tuple(arms), None, lookup, walk, latin)
    return _Search(tuple(arms), name_part if plain else _Contains(Customer.name, q), lookup, walk)


def search_condition(text: str, *, plain: bool = False) -> Any:
    """The WHERE clause of the search box; None for an empty box. ``plain``: a substring
    written as ``LIKE`` (see :func:`plain_page`)."""
    search = _parse_search(text, plain=plain)
    return None if search is None else search.condition


def _filters(actor: Actor, query: CustomerQuery, *, indexed: bool = True) -> list[Any]:
    """The list's conditions other than the search box; ``indexed=False`` keeps SQLite from
    using their indexes (see :class:`_NoIndex`)."""

    def col(column: Any) -> Any:
        return column if indexed else _NoIndex(column)

    conditions = [visible_to(actor, query.branch_id)]
    if query.status:
        conditions.append(col(Customer.status) == query.status)
    if query.channel:
        conditions.append(col(Customer.channel) == query.channel)
    if query.market_office_id:
        conditions.append(col(Customer.market_office_id) == query.market_office_id)
    return conditions


def _filtered(actor: Actor, query: CustomerQuery, stmt: Select, *, plain: bool = False) -> Select:
    cond = search_condition(query.search, plain=plain)
    if cond is not None:
        stmt = stmt.where(cond)
    return stmt.where(*_filters(actor, query))


class _BranchId(TypeDecorator[uuid.UUID]):
    """A branch id as the list reads it: the same few values on every row, so each stored form
    is converted to a UUID once (a third of the first page's time went to making UUIDs)."""

    impl = Uuid
    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        convert = self.impl_instance.result_processor(dialect, coltype)
        return None if convert is None else functools.lru_cache(maxsize=256)(convert)


class _StoredId(TypeDecorator[Any]):
    """An id as the driver returns it (SQLite: 32 hex digits), not yet made a UUID: a page's
    keys hold each customer several times."""

    impl = Uuid
    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        return None


def _as_uuid(stored: Any) -> uuid.UUID:
    return stored if isinstance(stored, uuid.UUID) else uuid.UUID(stored)


def list_columns() -> Select:
    """What a row of the list reads (:class:`CustomerRow`'s fields): the customer's columns and
    its market office's name."""
    return select(
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
        type_coerce(Customer.branch_id, _BranchId()).label("branch_id"),
    ).outerjoin(MarketOffice, MarketOffice.id == Customer.market_office_id)


def plain_page(actor: Actor, query: CustomerQuery, limit: int) -> Select:
    """The first page as one plain statement: the search condition and the filters in one
    WHERE, sorted, the database's planner choosing how. The naive plan: the bench times
    :func:`list_customers` against it (tests/test_demo.py checks every quicker plan against
    the same search condition, page after page)."""
    return _filtered(actor, query, _ordered(list_columns(), query), plain=True).limit(limit)


def _rows_stmt(
    actor: Actor,
    query: CustomerQuery,
    candidates: Select | CompoundSelect | None = None,
) -> Select:
    """The list's rows in order. With ``candidates`` (a SELECT of ids that holds the page, see
    :func:`_top_matches`, :func:`_walk`) only those rows are looked up and sorted."""
    stmt = list_columns()
    if candidates is None:
        stmt = _filtered(actor, query, stmt)
    else:
        stmt = stmt.where(Customer.id.in_(candidates), *_filters(actor, query, indexed=False))
    return _ordered(stmt, query)


def _ordered(stmt: Select, query: CustomerQuery) -> Select:
    column = SORT_COLUMNS.get(query.sort, Customer.name)
    # The id makes the order total, so pages never repeat or skip a row.
    if query.descending:
        return stmt.order_by(column.desc(), Customer.id.desc())
    return stmt.order_by(column, Customer.id)


def _top_matches(
    s: Session, actor: Actor, query: CustomerQuery, search: _Search, count: int, looked_up: bool
) -> tuple[tuple[Any, ...], Any]:
    """The shape and builder of the ids of the first ``count`` matches in name order (see
    :func:`_template`), found arm by arm, with those the search keys found: the ids bound as
    ``looked_up`` (:func:`_first_by_key`), or else every customer holding the key.

    Each arm reads only its own index, which holds the branch, name and id after the key: the
    matches are sorted inside the index and the table is never read for them. (Walking the
    list in name order instead is quick for a common Chinese word, but the matches of a prefix
    sit together in name order: those of ``hz`` start in the middle of the list, at 杭州.)
    """
    in_bucket = [_reads_bucket(s, arm) for arm in search.arms]
    lookup = None if looked_up or search.lookup is None else search.lookup.shape
    shape = (
        tuple(
            (*arm.shape, arm.bucket if bucket else 0, len(arm.prefix) == arm.bucket)
            for arm, bucket in zip(search.arms, in_bucket, strict=True)
        ),
        search.latin is not None,
        looked_up,
        lookup,
        count,
    )

    def build() -> CompoundSelect:
        firsts = [
            _arm_first(actor, query, arm, bucket, count)
            for arm, bucket in zip(search.arms, in_bucket, strict=True)
        ]
        if search.latin is not None:
            firsts.append(_arm_first(actor, query, search.latin, False, count))
        parts = [select(first.subquery().c.id) for first in firsts]
        if looked_up:
            found = bindparam("looked_up", expanding=True, type_=Customer.id.type)
            parts.append(select(Customer.id).where(Customer.id.in_(found)))
        elif search.lookup is not None:
            parts.append(search.lookup.ids())
        return union(*parts)

    return shape, build


def _reads_bucket(s: Session, arm: _Arm) -> bool:
    """Whether an arm's first matches are read from its prefix bucket: when the prefix is as
    long as a bucket, or common."""
    return bool(arm.bucket) and (len(arm.prefix) == arm.bucket or _common(s, arm))


def _arm_first(actor: Actor, query: CustomerQuery, arm: Any, bucket: bool, count: int) -> Select:
    """The ids of an arm's first ``count`` matches in name order: from its prefix bucket
    (``bucket``), in name order; else sorted inside the arm's own index (``arm`` may also be
    the condition on the few names with Latin letters)."""
    found = select(Customer.id).where(*_filters(actor, query, indexed=False))
    if bucket:
        return (
            found.where(arm.in_bucket())
            .order_by(*_by_name(Customer.name, Customer.id, query.descending))
            .limit(count)
        )
    condition = arm.condition if isinstance(arm, _Arm) else arm
    name = _NoIndex(Customer.name)  # sorted in the arm's index, never by walking the list
    return (
        found.where(condition).order_by(*_by_name(name, Customer.id, query.descending)).limit(count)
    )


# An arm's prefix held by at least this many customers is common enough to read from its bucket
# (testing the rest of the prefix on each) rather than sorting its range: sorting 20,000 index
# entries costs about 5 ms at 1M, counting them 1–2 ms (docs/bench.md).
COMMON_ARM = 20_000

# A search key prefix held by at least this many keys is "common": so many names hold it that
# a page of them is near in name order, and walking the list finds it sooner than sorting every
# key's customer by name (about 0.25 µs a key: 43,000 keys for huadong at 1M take 11 ms).
# Counting costs as much as a lookup of as many keys, so only prefixes of up to
# COMMON_KEY_LETTERS letters, the ones held by hundreds of thousands of keys at 1M (wy, yy),
# and the start of one syllable (shang: every character read so, 193,000 keys) are counted;
# longer ones are looked up at once. Measured at 1M customers (docs/bench.md, "How
# the list answers each search"). In a smaller list a prefix is common from COMMON_KEY_SHARE
# keys a customer on (5 %: the same 50,000 at 1M): walking a list of 100,000 costs a tenth, and
# `shang`'s 20,000 keys there took 18 ms to look up against 2 ms walked.
COMMON_KEY = 50_000
COMMON_KEY_SHARE = 0.05
COMMON_KEY_LETTERS = 4

# Counting a bigram's names stops here: enough to tell the rarest of a query's bigrams.
GRAM_COUNT = 5000


def _common(s: Session, found: _Lookup | _Arm) -> bool:
    """Whether a lookup's prefix starts at least :data:`COMMON_KEY` keys (one longer than
    :data:`COMMON_KEY_LETTERS` that cannot lie inside one syllable is taken for uncommon
    uncounted), or an arm's prefix at least :data:`COMMON_ARM` customers' column."""
    if isinstance(found, _Arm):
        condition = found.condition
        rows = partial(select(Customer.id).where, condition)
        counted = _count_up_to(s, ("arm", found.shape), rows, _values_of(condition), COMMON_ARM)
        return counted >= COMMON_ARM
    if not _counted(found.prefix):
        return False
    common = max(1, min(COMMON_KEY, int(COMMON_KEY_SHARE * _list_size(s))))
    keys = _count_up_to(s, ("keys", found.shape), found.keys, _values_of(found.keys()), common)
    return keys >= common


def _counted(prefix: str) -> bool:
    """Whether a lookup's prefix may be common, so is counted (:func:`_common`)."""
    return len(prefix) <= COMMON_KEY_LETTERS or inside_one_syllable(prefix)


def _list_size(s: Session) -> int:
    """About how many customers the database holds, without counting them (75 ms at 1M):
    SQLite's largest rowid; PostgreSQL's estimate from its statistics (none yet: taken for a
    large list)."""
    if s.get_bind().dialect.name == "sqlite":
        return int(s.execute(text("SELECT max(rowid) FROM customers")).scalar() or 0)
    estimate = s.execute(
        text("SELECT reltuples FROM pg_class WHERE oid = 'customers'::regclass")
    ).scalar()
    return int(estimate) if estimate is not None and estimate >= 0 else 10**9


def _count_up_to(
    s: Session,
    shape: tuple[Any, ...],
    rows: Callable[[], Select],
    values: dict[str, Any],
    most: int,
) -> int:
    """How many rows there are (of ``shape``, built by ``rows``, its ``values``), counting
    stopped at ``most``."""

    def build() -> Select:
        limited = rows().limit(bindparam("count_up_to", type_=Integer)).subquery()
        return select(func.count()).select_from(limited)

    counted = _template(("count up to", shape), build)
    return int(s.connection().execute(counted, {**values, "count_up_to": most}).scalar_one())


def _rarest_gram(s: Session, query_text: str, *, counted: bool) -> tuple[str, int] | None:
    """The rarest bigram of a name-substring query and its count (stopped at
    :data:`GRAM_COUNT`), or None when it has none (one character). A query of one bigram is
    not counted unless ``counted`` (its count is then reported as 0)."""
    grams = sorted(name_grams(query_text))
    if len(grams) == 1 and not counted:
        return grams[0], 0
    rarest: tuple[str, int] | None = None
    for gram in grams:
        count = _count_up_to(s, ("gram",), _holding_gram, {"gram": gram}, GRAM_COUNT)
        if rarest is None or count < rarest[1]:
            rarest = (gram, count)
            if count == 0:
                break
    return rarest


def _holding_gram() -> Select:
    """The customers whose name holds the bigram bound as ``gram``."""
    g = CustomerNameGram
    return select(g.customer_id).where(g.gram == bindparam("gram", type_=String))


def _gram_page(actor: Actor, query: CustomerQuery, gram: str, text_: str, count: int) -> Select:
    """The ids of the first ``count`` customers whose name holds ``text_``, in name order: the
    entries of its bigram ``gram`` are in name order in their index (gram, name, customer), so
    this reads them from the first, tests the whole substring on the name held there, and reads
    a customer only to test the list's filters, stopping after a page, however common the word
    (migration 0019)."""
    g = CustomerNameGram
    order = (g.name.desc(), g.customer_id.desc()) if query.descending else (g.name, g.customer_id)
    return (
        select(g.customer_id)
        .join(Customer, Customer.id == g.customer_id)
        .where(
            g.gram == bindparam("gram", gram, String),
            _Contains(g.name, text_),
            *_filters(actor, query, indexed=False),
        )
        .order_by(*order)
        .limit(count)
    )


def _first_by_key(
    s: Session, actor: Actor, query: CustomerQuery, lookup: _Lookup, count: int
) -> list[uuid.UUID] | None:
    """The first ``count`` customers in name order that hold a key of the lookup and pass the
    list's filters, read from the keys (they hold the name, migration 0019): the first keys in
    name order, then their customers, ``count`` at a time, for the filters. None when too few
    passed to be sure (the caller then takes every customer holding the key)."""
    conn = s.connection()  # Core: ids and names, no ORM rows
    values = _values_of(lookup.keys(), lookup.verify)
    shape = replace(query, search="")
    passed = _template(
        ("passed", actor, shape, lookup.shape), lambda: _passed(actor, shape, lookup)
    )
    # Room for a customer's several keys of one prefix (one per reading of a later syllable:
    # up to three for the first huadong names) and for a few filtered out; four times more if
    # too few passed. Not DISTINCT in SQL: SQLite would sort every key of the prefix for it,
    # where the limit keeps only the first ones.
    for room in (4 * count + 20, 16 * count + 80):
        shape_of_firsts = ("firsts", lookup.shape, query.descending, room)
        firsts = _template(shape_of_firsts, partial(_firsts, lookup, query.descending, room))
        keys = conn.execute(firsts, values).scalars().all()
        holders = [_as_uuid(c) for c in dict.fromkeys(keys)]  # each customer made a UUID once
        found: list[uuid.UUID] = []
        # The customers are read only to test the filters, a page's worth at a time: reading
        # every holder in the room (customer rows scattered over the file) took twice as long
        # as reading the keys.
        for start in range(0, len(holders), count):
            batch = holders[start : start + count]
            kept = set(conn.execute(passed, {**values, "batch": batch}).scalars().all())
            found += [c for c in batch if c in kept]
            if len(found) >= count:
                return found[:count]
        # Fewer passed: enough all the same if the keys ran out before the room did (every
        # match not among them comes after all of these in name order).
        if len(keys) < room:
            return found
    return None


def _firsts(lookup: _Lookup, descending: bool, room: int) -> Select:
    """The first ``room`` keys of the lookup in name order (their customers' stored ids)."""
    k = CustomerSearchKey
    keys = lookup.keys(type_coerce(k.customer_id, _StoredId()))
    return keys.order_by(*_by_name(k.name, k.customer_id, descending)).limit(room)


def _passed(actor: Actor, query: CustomerQuery, lookup: _Lookup) -> Select:
    """The customers of the ids bound as ``batch`` that pass the list's filters (and the full
    query, when it is longer than a key)."""
    batch = bindparam("batch", expanding=True, type_=Customer.id.type)
    passed = select(Customer.id).where(
        Customer.id.in_(batch), *_filters(actor, query, indexed=False)
    )
    return passed if lookup.verify is None else passed.where(lookup.verify)


def _by_name(name: Any, key: Any, descending: bool) -> tuple[Any, Any]:
    return (name.desc(), key.desc()) if descending else (name, key)


# A search in letters, or of a few digits, first walks the list for its page, if that page lies
# among the first names (FIRST_WALK per row wanted: 5 % of the names hold the search): one
# statement, which finds a common start (s, 91, 021, shang) or a common word (yiyao: 医药, 120
# ms when its keys were sorted at 1M) sooner than counting, sorting a bucket or looking up keys.
# Letters are tested on the reading strings inside ix_customers_name (about 0.3 µs a name at 1M,
# docs/bench.md: 0.5 ms lost when the page is not there); FIRST_WALK_DIGITS digits or fewer (an
# area code, a credit code's province) on each customer's row, its phone and code (about 3 µs a
# name), so they walk FIRST_WALK_ROWS names a row wanted (25 %). Never beyond FIRST_WALK_MOST
# names (the GUI's pages of 200 rows walk 4,020 at most).
FIRST_WALK = 20
FIRST_WALK_ROWS = 4
FIRST_WALK_DIGITS = 3
FIRST_WALK_MOST = 5000


def _letters_first_walk(key: str, text_: str) -> _FirstWalk:
    """The first walk of a query in letters: its test is the search's ``walk``."""
    values = _values_of(_name_like(text_))
    if len(key) == 1:
        return _FirstWalk(("letter",), values | _values_of(_starts_initials(key)), FIRST_WALK)
    return _FirstWalk(("key",), values | _values_of(_starts_a_key(key)), FIRST_WALK)


def _digits_first_walk(digits: str, *, phone: bool, uscc: bool) -> _FirstWalk:
    """The first walk of a few digits: the start of the phone digits (from three digits), of
    the credit code (when one can start so), or the name (the search's arms and Latin names)."""
    values = _values_of(_name_like(digits))
    if phone:
        values["walk_phone"] = f"{digits}%"
    if uscc:
        values["walk_uscc"] = f"{digits}%"
    parts = ("phone",) * phone + ("uscc",) * uscc
    return _FirstWalk(parts, values, FIRST_WALK_ROWS)


def _first_walk_of(text: str) -> _FirstWalk | None:
    """The first walk of a search in letters or of a few digits, read from its text alone,
    before any SQL is built."""
    q = normalise_text(text)
    kind = classify_query(q) if q else None
    if kind in ("initials", "pinyin"):
        return _letters_first_walk(q.lower().replace(" ", ""), q)
    if q.isdigit() and len(q) <= FIRST_WALK_DIGITS:
        uscc = kind in ("code", "phone") and _could_start_uscc(q)
        return _digits_first_walk(q, phone=len(q) >= 3, uscc=uscc)
    return None


def _walks_first(first: _FirstWalk, query: CustomerQuery, count: int) -> bool:
    """Whether a search walks the start of the list first for its first ``count`` rows."""
    return query.sort == "name" and count * first.names_per_row <= FIRST_WALK_MOST


def _first_walk_test(parts: tuple[str, ...]) -> Any:
    """The first walk's test, its values as named parameters (:class:`_FirstWalk`): the same
    test as the search's condition on a row."""
    tests: list[Any] = []
    for part in parts:
        if part == "letter":
            tests.append(_starts_initials())
        elif part == "key":
            tests.append(_starts_a_key())
        else:  # on the row: its phone digits or credit code start so
            start: Any = {"phone": Customer.phone_digits, "uscc": Customer.uscc}[part]
            tests.append(start.like(bindparam(f"walk_{part}", type_=String)))
    return or_(*tests, _name_like())


def _first_walk_page(
    actor: Actor, query: CustomerQuery, first: tuple[str, ...], names: int, offset: int, limit: int
) -> Select:
    """A page of the first walk (``query`` without its search text, ``first`` its test's
    parts), kept by :func:`_first_walked` for each user, filters, page and kind of search."""
    count = offset + limit + 1
    walked = (
        select(Customer.id, Customer.name, _first_walk_test(first).label("hit"))
        .where(*_filters(actor, query))
        .order_by(*_by_name(Customer.name, Customer.id, query.descending))
        .limit(count * names)
        .subquery()
    )
    firsts = select(walked.c.id).where(walked.c.hit).limit(count)
    return _rows_stmt(actor, query, firsts).offset(offset).limit(limit + 1)


def _first_walked(
    s: Session, actor: Actor, query: CustomerQuery, first: _FirstWalk, offset: int, limit: int
) -> Sequence[Any] | None:
    """The page's rows (``limit`` and one more) if the first walk finds them all, else None."""
    shape = replace(query, search="")
    build = partial(_first_walk_page, actor, shape, first.parts, first.names_per_row, offset, limit)
    page = _template(
        ("first walk", actor, shape, first.parts, first.names_per_row, offset, limit), build
    )
    rows = s.connection().execute(page, first.values).all()
    # Fewer than asked for: the walk ended short of the page, whose rest may lie further on.
    return rows if len(rows) > limit else None


def _walk(actor: Actor, query: CustomerQuery, condition: Any, count: int) -> Select:
    """The ids of the first ``count`` customers matching ``condition`` in name order, found by
    walking ``ix_customers_name``, which holds every column tested (name, branch, reading
    strings). Selecting nothing else lets PostgreSQL test each entry inside the index (an
    index-only scan); selecting the whole row, it fetched every row walked from the table."""
    found = select(Customer.id).where(condition, *_filters(actor, query))
    return found.order_by(*_by_name(Customer.name, Customer.id, query.descending)).limit(count)


@functools.lru_cache(maxsize=64)
def _whole_list(actor: Actor, query: CustomerQuery, offset: int, limit: int) -> Select:
    """A page of the unsearched list, its statement built once for each user, query and page:
    building it (and its cache key, which SQLAlchemy computes once per statement object) took
    half as long as reading the first page. Statements are immutable."""
    return _rows_stmt(actor, query).offset(offset).limit(limit + 1)


def _page_stmt(
    s: Session,
    actor: Actor,
    query: CustomerQuery,
    search: _Search | None,
    offset: int,
    limit: int,
) -> tuple[Select, dict[str, Any]]:
    """The statement of a page (``limit`` rows and one more, to tell whether more follow), by
    the quickest plan for the search (docs/bench.md), and the values bound in it. Sorted by
    name, a statement kept for the plan's shape (:func:`_template`)."""
    if search is None:
        return _whole_list(actor, query, offset, limit), {}
    if query.sort != "name":
        return _by_other_column(s, actor, query, search).offset(offset).limit(limit + 1), {}
    count = offset + limit + 1
    filters = replace(query, search="")
    if search.scan is not None:
        text_ = normalise_text(query.search)
        shape, candidates, values = _substring(s, actor, filters, search, text_, count)
    else:
        shape, candidates, values = _prefixes_and_keys(s, actor, filters, search, count)

    def build() -> Select:
        return _rows_stmt(actor, filters, candidates()).offset(offset).limit(limit + 1)

    return _template((*shape, actor, filters, offset, limit), build), values


_Plan = tuple[tuple[Any, ...], Callable[[], Select | CompoundSelect], dict[str, Any]]


def _substring(
    s: Session, actor: Actor, filters: CustomerQuery, search: _Search, text_: str, count: int
) -> _Plan:
    """The plan of a name substring ``text_`` (Chinese) in name order: its shape, the builder
    of its first ``count`` ids, and its values."""
    values = search.values()
    rarest = _rarest_gram(s, text_, counted=False)
    if rarest is None:  # one character: the walk in name order stops after a page
        return ("walk",), partial(_walk, actor, filters, search.condition, count), values
    values["gram"] = rarest[0]
    return ("gram page",), partial(_gram_page, actor, filters, rarest[0], text_, count), values


def _prefixes_and_keys(
    s: Session, actor: Actor, filters: CustomerQuery, search: _Search, count: int
) -> _Plan:
    """The plan of a search by prefixes and search keys in name order (see :func:`_substring`)."""
    values = search.values()
    looked_up = None
    if search.lookup is not None:
        # So many customers hold the key that a page of them is near in name order: walk the
        # list and test each row's reading strings (the same test as the keys). Counted even
        # after a first walk found the page not near the start: a key held by a quarter of the
        # names (zhou, hz: 杭州, 苏州…) is still walked sooner than its keys are sorted.
        if search.walk is not None and _common(s, search.lookup):
            walk = partial(_walk, actor, filters, search.walk, count)
            return ("key walk", search.lookup.shape), walk, _values_of(search.walk)
        looked_up = _first_by_key(s, actor, filters, search.lookup, count)
        if looked_up is not None:
            values["looked_up"] = looked_up
    shape, build = _top_matches(s, actor, filters, search, count, looked_up is not None)
    return ("top", shape), build, values


def _by_other_column(s: Session, actor: Actor, query: CustomerQuery, search: _Search) -> Select:
    """The list's rows for a search sorted by another column than the name: plain SQL, but for
    a rare name substring, whose few customers holding its rarest bigram are looked up (and
    tested by the whole condition) and sorted."""
    if search.scan is None:
        return _rows_stmt(actor, query)
    rarest = _rarest_gram(s, normalise_text(query.search), counted=True)
    if rarest is None or rarest[1] >= GRAM_COUNT:  # a common word is plain SQL's
        return _rows_stmt(actor, query)
    has_gram = select(CustomerNameGram.customer_id).where(CustomerNameGram.gram == rarest[0])
    return _rows_stmt(actor, query, has_gram).where(search.condition)


def rows_among(s: Session, actor: Actor, candidates: Select) -> list[CustomerRow]:
    """The list's rows (name order) of the customers ``candidates`` (a SELECT of ids) names,
    of those the actor sees: for short lists chosen by something else than the list's filters
    (the withdrawal proposals waiting for a decision)."""
    return [CustomerRow(*r) for r in s.execute(_rows_stmt(actor, CustomerQuery(), candidates))]


def fetch_rows(
    s: Session, actor: Actor, query: CustomerQuery, offset: int, limit: int
) -> CustomerPage:
    # Through the connection (Core): plain rows of columns need none of the ORM's result
    # handling, which was a quarter of the first page's time (docs/bench.md).
    first = _first_walk_of(query.search)
    if first is not None and not _walks_first(first, query, offset + limit + 1):
        first = None
    result = None if first is None else _first_walked(s, actor, query, first, offset, limit)
    if result is None:
        search = _parse_search(query.search)
        stmt, values = _page_stmt(s, actor, query, search, offset, limit)
        result = s.connection().execute(stmt, values).all()
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
    search = _parse_search(query.search)
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        if search is not None and search.scan is None:
            # Each part through its own index, the union removing the customers found twice: as
            # one WHERE … OR …, SQLite reads every customer. The prefix arms filter inside their
            # covering indexes; the few names with Latin letters and the customers the keys
            # found are looked up and filtered (with the filters inside, SQLite would prefer a
            # whole covering index that holds the branch to the small ix_customers_name_latin).
            filters = _filters(actor, query, indexed=False)
            parts = [select(Customer.id).where(arm.condition, *filters) for arm in search.arms]
            others = [] if search.latin is None else [select(Customer.id).where(search.latin)]
            if search.lookup is not None:
                others.append(search.lookup.ids())
            if others:
                found = union(*others) if len(others) > 1 else others[0]
                parts.append(select(Customer.id).where(Customer.id.in_(found), *filters))
            counted = union(*parts).subquery()
            return int(s.execute(select(func.count()).select_from(counted)).scalar_one())
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
