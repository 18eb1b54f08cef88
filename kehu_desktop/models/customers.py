"""Customer files: basic data, credit data, monthly sales data (step 2) and selection (step 1)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import Connection
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import Uuid
from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Session
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.base import NO_VALUE

from kehu_desktop.domain.identifiers import phone_digits
from kehu_desktop.domain.identifiers import phone_search_keys
from kehu_desktop.domain.pinyin import keys_from_readings
from kehu_desktop.domain.pinyin import spell_name
from kehu_desktop.models.base import Base
from kehu_desktop.models.base import Money
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk

#: Prefix buckets (migration 0020): for each column searched by prefix, the lengths ``n`` at
#: which an index on (the column's first ``n`` characters, name, id) holds the customers of each
#: such start in name order. A common prefix's range in the column's own index holds a hundred
#: thousand customers at 1M (``h``, ``913205``); sorting them for a page took 30–250 ms, while
#: their bucket gives the first page directly. The lengths follow what people type: the first
#: letter of a name's initials (the first keystroke); a credit code's registration authority and
#: type, province and city (2, 4, 6: GB 32100, the region code is the administrative division);
#: a phone's area code or mobile prefix (3, 4). services.customer_list chooses when to read them.
PREFIX_BUCKETS: dict[str, tuple[int, ...]] = {
    "name_initials": (1,),
    "uscc": (2, 4, 6),
    "phone_digits": (3, 4),
}


def bucket_index(column: str, length: int) -> str:
    return f"ix_customers_{column}_{length}"


def bucket_head(column: str, length: int) -> str:
    """The bucket's expression, in the SQL both databases match the index by: the literal
    ``substr(column, 1, n)`` (with the length as a parameter, SQLite would not use the index)."""
    return f"substr({column}, 1, {length})"


class Customer(Base):
    """Basic data plus workflow state. The columns derived from the name and the phone
    (``name_pinyin`` … ``phone_digits``) feed the search box; :func:`search_index` computes them
    and :func:`keep_search_index` keeps them in every write."""

    __tablename__ = "customers"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"))
    market_office_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("market_offices.id")
    )
    name: Mapped[str] = mapped_column(String(200))
    name_pinyin: Mapped[str] = mapped_column(String(800))
    name_initials: Mapped[str] = mapped_column(String(200))
    # Every reading combination, spelt so one row can be tested like the search keys
    # (domain.pinyin.SpelledName); read when the list is walked in name order.
    pinyin_readings: Mapped[str] = mapped_column(Text, server_default="")
    initials_readings: Mapped[str] = mapped_column(Text, server_default="")
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(30))
    phone_digits: Mapped[str | None] = mapped_column(String(30))  # without dashes, for search
    postcode: Mapped[str | None] = mapped_column(String(6))
    owner: Mapped[str | None] = mapped_column(String(100))
    manager: Mapped[str | None] = mapped_column(String(100))
    legal_representative: Mapped[str | None] = mapped_column(String(100))
    founded: Mapped[date | None] = mapped_column(Date)
    bank: Mapped[str | None] = mapped_column(String(100))
    bank_account: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="prospect")
    on_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    # Optimistic concurrency: an editor saving an old version is refused, never silently wins.
    version: Mapped[int] = mapped_column(Integer, default=1)

    credit: Mapped["CustomerCreditData | None"] = relationship(
        cascade="all, delete-orphan", uselist=False, lazy="select"
    )

    # Fitted to services/customer_list.py (bench/ measures them; docs/bench.md says why).
    __table_args__ = (
        # The list's order: the first page, and a search walking names until a page is found.
        # Not led by branch_id: SQLite, which keeps no statistics, would take "branch_id = ?"
        # for a rare condition and walk the whole branch instead of looking up a few matches.
        # The branch and the reading strings follow, so that a walk for a common search key
        # (services.customer_list) tests each name inside the index and reads the table for
        # matches only.
        Index(
            "ix_customers_name", "name", "id", "branch_id", "initials_readings", "pinyin_readings"
        ),
        # Prefix searches, as ranges. Branch, name and id follow the key so that the first page
        # of matches is sorted inside the index, without reading the table.
        Index("ix_customers_initials", "name_initials", "branch_id", "name", "id"),
        Index("ix_customers_pinyin", "name_pinyin", "branch_id", "name", "id"),
        # The digits, so that a search ignores how the number is written (021-3277 or 0213277).
        Index("ix_customers_phone_digits", "phone_digits", "branch_id", "name", "id"),
        Index("ix_customers_uscc", "uscc", "branch_id", "name", "id"),
        Index("ix_customers_status", "status", "name"),
        Index("ix_customers_market_office", "market_office_id"),
        # Only names holding an ASCII letter or digit (3M, GSK...): the few that a search typed
        # in letters or digits can find by substring, so it needs no scan of all names.
        Index(
            "ix_customers_name_latin",
            "name",
            "id",
            sqlite_where=text("name GLOB '*[A-Za-z0-9]*'"),
            postgresql_where=text("name ~ '[A-Za-z0-9]'"),
        ),
        # The prefix buckets (migration 0020, PREFIX_BUCKETS below).
        *(
            Index(bucket_index(column, length), text(bucket_head(column, length)), "name", "id")
            for column, lengths in PREFIX_BUCKETS.items()
            for length in lengths
        ),
    )


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def name_grams(text: str) -> set[str]:
    """Every 2-character window of ``text`` (a stored name or a search box query), ASCII letters
    in lower case (SQLite's LIKE ignores their case). A name containing the query contains all
    of the query's grams, so the grams of one of them narrow a substring search safely."""
    key = text.translate(_ASCII_LOWER)
    return {key[i : i + 2] for i in range(len(key) - 1)}


class CustomerNameGram(Base):
    """The name's bigrams (:func:`name_grams`): an inverted index for Chinese name substrings,
    which no B-tree on the name can answer. Kept by :func:`keep_search_index` whenever a
    customer is added or renamed through the write path (bulk Core inserts, e.g. the bench
    generator, write :func:`search_index` rows themselves); read by ``services.customer_list``."""

    __tablename__ = "customer_name_grams"
    gram: Mapped[str] = mapped_column(String(2), primary_key=True)
    # The customer's name, in the key after the gram (migration 0019): a gram's customers are
    # in name order in the index, so the first page of a common word is its first entries, and
    # the whole query is tested on the name there, without reading the customer.
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    # No foreign key: a derived row, written and deleted with its customer (never deleted
    # itself) in the same transaction; the key's check per row cost more than the row
    # (migration 0010).
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    # The primary key is the only index needed; no rowid table beside it on SQLite.
    __table_args__ = {"sqlite_with_rowid": False}


#: ``CustomerSearchKey.kind`` of the keys of the name and of the phone number.
NAME_KEY = "n"
PHONE_KEY = "p"


class CustomerSearchKey(Base):
    """Where a search may start inside a name or a phone number, searched by prefix.

    ``n``: the pinyin initials and the full pinyin from every syllable of every reading
    combination (``domain.pinyin.spell_name``: ``wy`` finds 上海万宇…, ``huadong`` 杭州华东…);
    ``p``: the digits from every position after the area code (``domain.identifiers.
    phone_search_keys``: ``32778951`` finds 021-32778951). The start of the name and of the
    number are not here: the covering prefix indexes of ``customers`` answer those. Kept with
    the name bigrams by :func:`keep_search_index`."""

    __tablename__ = "customer_search_keys"
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    key: Mapped[str] = mapped_column(String(30), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # as for the bigrams
    # The customer's name (migration 0019): the first page of a key's customers in name order is
    # sorted from the keys alone, without reading every customer holding the key.
    name: Mapped[str] = mapped_column(String(200))
    # As for the bigrams: the primary key is the only index needed.
    __table_args__ = {"sqlite_with_rowid": False}


@dataclass(frozen=True)
class SearchIndex:
    """Everything the search box reads that is derived from a customer's name and phone: the
    customer's own columns, its name bigrams and its search keys. The one place that decides
    them; :func:`keep_search_index`, the migration that fills them and the bench's bulk loader call
    :func:`search_index`."""

    name: str  # the name the rows below were derived from (and hold: migration 0019)
    name_pinyin: str
    name_initials: str
    pinyin_readings: str
    initials_readings: str
    phone_digits: str | None
    grams: frozenset[str]
    keys: frozenset[tuple[str, str]]  # (kind, key)

    def columns(self) -> dict[str, Any]:
        """The values of the customer's own derived columns."""
        return {
            "name_pinyin": self.name_pinyin,
            "name_initials": self.name_initials,
            "pinyin_readings": self.pinyin_readings,
            "initials_readings": self.initials_readings,
            "phone_digits": self.phone_digits,
        }

    def gram_rows(self, customer_id: uuid.UUID) -> list[dict[str, Any]]:
        return [{"gram": g, "name": self.name, "customer_id": customer_id} for g in self.grams]

    def key_rows(self, customer_id: uuid.UUID) -> list[dict[str, Any]]:
        return [
            {"kind": k, "key": key, "customer_id": customer_id, "name": self.name}
            for k, key in self.keys
        ]

    def gram_tuples(self, customer_id: Any) -> list[tuple[Any, ...]]:
        """:meth:`gram_rows` as tuples in the table's column order (bulk loaders, COPY)."""
        return [(g, self.name, customer_id) for g in self.grams]

    def key_tuples(self, customer_id: Any) -> list[tuple[Any, ...]]:
        """:meth:`key_rows` as tuples in the table's column order."""
        return [(k, key, customer_id, self.name) for k, key in self.keys]


def search_index(name: str, phone: str | None) -> SearchIndex:
    """The search data of a customer called ``name`` with ``phone``."""
    spelled = spell_name(name)
    keys = {(NAME_KEY, key) for key in spelled.keys}
    keys |= {(PHONE_KEY, key) for key in phone_search_keys(phone)}
    return SearchIndex(
        name=name,
        name_pinyin=spelled.full,
        name_initials=spelled.initials,
        pinyin_readings=spelled.pinyin_readings,
        initials_readings=spelled.initials_readings,
        phone_digits=phone_digits(phone),
        grams=frozenset(name_grams(name)),
        keys=frozenset(keys),
    )


def stored_search_index(
    name: str,
    phone: str | None,
    name_pinyin: str | None,
    name_initials: str | None,
    pinyin_readings: str | None,
    initials_readings: str | None,
) -> SearchIndex:
    """The search data of a customer whose derived columns are already spelled (a record
    pushed by a branch carries them): the keys are read from the reading strings
    (``domain.pinyin.keys_from_readings``) instead of running pypinyin again. Columns that are
    missing are spelled afresh."""
    if (
        name_pinyin is None
        or name_initials is None
        or pinyin_readings is None
        or initials_readings is None
    ):
        return search_index(name, phone)
    spelled = keys_from_readings(pinyin_readings, initials_readings, name_pinyin, name_initials)
    keys = {(NAME_KEY, key) for key in spelled}
    keys |= {(PHONE_KEY, key) for key in phone_search_keys(phone)}
    return SearchIndex(
        name=name,
        name_pinyin=name_pinyin,
        name_initials=name_initials,
        pinyin_readings=pinyin_readings,
        initials_readings=initials_readings,
        phone_digits=phone_digits(phone),
        grams=frozenset(name_grams(name)),
        keys=frozenset(keys),
    )


_PENDING = "kehu_search_index_pending"


def keep_search_index(sessions: sessionmaker[Session]) -> None:
    """Keep the search data of every customer this session adds, renames or gives another phone
    (its derived columns, bigrams and search keys), in the same transaction: a customer can never
    be saved without being findable.

    Switched on explicitly by ``Database`` for its session factory, and so for every write of
    the write path (``services.use_case``), a change applied from head office as much as a local
    one; not a global Session hook (another engine's sessions carry none). Bulk Core inserts
    (the bench's loader, migrations) write :func:`search_index` rows themselves."""
    event.listen(sessions, "before_flush", _index_changed_customers)
    event.listen(sessions, "after_flush", _write_search_rows)


def _index_changed_customers(session: Session, _context: object, _instances: object) -> None:
    """Compute the search data of the customers added, renamed or given another phone in this
    flush, and set their derived columns before they are written."""
    pending: list[tuple[Customer, SearchIndex | None, SearchIndex]] = session.info.setdefault(
        _PENDING, []
    )
    for obj in session.new:
        if isinstance(obj, Customer):
            pending.append((obj, None, _indexed(obj)))
    for obj in session.dirty:
        if isinstance(obj, Customer):
            attrs = inspect(obj).attrs
            if attrs.name.history.has_changes() or attrs.phone.history.has_changes():
                old = _stored_index(obj)  # before _indexed overwrites the derived columns
                pending.append((obj, old or UNKNOWN_INDEX, _indexed(obj)))


def _indexed(customer: Customer) -> SearchIndex:
    index = search_index(customer.name or "", customer.phone)
    for column, value in index.columns().items():
        setattr(customer, column, value)
    return index


def _stored_index(customer: Customer) -> SearchIndex | None:
    """The search data the customer's row holds before this flush, from its loaded values;
    None when they were not loaded."""
    attrs = inspect(customer).attrs
    old: list[Any] = []
    for name in ("name", "phone"):
        history = attrs[name].history
        before = history.deleted or history.unchanged
        if not before:
            return None
        old.append(before[0])
    for name in ("name_pinyin", "name_initials", "pinyin_readings", "initials_readings"):
        value = attrs[name].loaded_value
        if value is NO_VALUE:
            return None
        old.append(value)
    return stored_search_index(old[0] or "", *old[1:])


#: Stands for the search data of a customer whose old values are unknown: its rows are found
#: by customer (a scan of the search tables, which have no index on customer_id) instead.
UNKNOWN_INDEX = SearchIndex("", "", "", "", "", None, frozenset(), frozenset())


def _write_search_rows(session: Session, _context: object) -> None:
    """Rewrite the bigrams and search keys of those customers, in bulk, after their rows."""
    pending: list[tuple[Customer, SearchIndex | None, SearchIndex]] = session.info.pop(_PENDING, [])
    if not pending:
        return
    conn = session.connection()
    drop_search_rows(conn, [(c.id, old) for c, old, _ in pending if old is not None])
    grams = [row for c, _, index in pending for row in index.gram_rows(c.id)]
    if grams:
        conn.execute(insert(CustomerNameGram), grams)
    keys = [row for c, _, index in pending for row in index.key_rows(c.id)]
    if keys:
        conn.execute(insert(CustomerSearchKey), keys)


def drop_search_rows(conn: Connection, old: Sequence[tuple[uuid.UUID, SearchIndex]]) -> None:
    """Delete the bigrams and search keys customers have now, given the search data their rows
    were written from (:func:`stored_search_index` of their stored columns), by primary key:
    the two tables are keyed by gram and key, so finding a customer's rows by its id alone
    reads the whole table (at head office, every branch's customers). A customer given as
    :data:`UNKNOWN_INDEX` is looked for by id all the same."""
    unknown = [cid for cid, index in old if index is UNKNOWN_INDEX]
    for start in range(0, len(unknown), 500):
        ids = unknown[start : start + 500]
        conn.execute(delete(CustomerNameGram).where(CustomerNameGram.customer_id.in_(ids)))
        conn.execute(delete(CustomerSearchKey).where(CustomerSearchKey.customer_id.in_(ids)))
    known = [(cid, index) for cid, index in old if index is not UNKNOWN_INDEX]
    # By the whole primary key: the bigram and the name lead it (a common bigram's entries,
    # a million at head office, are never read to find one customer's).
    grams = [{"g": gram, "n": index.name, "c": cid} for cid, index in known for gram in index.grams]
    keys = [{"k": k, "v": key, "c": cid} for cid, index in known for k, key in index.keys]
    if grams:
        conn.execute(
            delete(CustomerNameGram).where(
                CustomerNameGram.gram == bindparam("g"),
                CustomerNameGram.name == bindparam("n"),
                CustomerNameGram.customer_id == bindparam("c"),
            ),
            grams,
        )
    if keys:
        conn.execute(
            delete(CustomerSearchKey).where(
                CustomerSearchKey.kind == bindparam("k"),
                CustomerSearchKey.key == bindparam("v"),
                CustomerSearchKey.customer_id == bindparam("c"),
            ),
            keys,
        )


class CustomerCreditData(Base):
    """资信资料: one row per customer."""

    __tablename__ = "customer_credit_data"
    customer_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    business_nature: Mapped[str | None] = mapped_column(String(100))
    licences: Mapped[str | None] = mapped_column(Text)
    registration: Mapped[str | None] = mapped_column(Text)
    years_in_business: Mapped[int | None] = mapped_column(Integer)
    annual_sales_scale: Mapped[Decimal | None] = mapped_column(Money)
    goods_flow: Mapped[str | None] = mapped_column(Text)
    total_product_sales: Mapped[Decimal | None] = mapped_column(Money)
    payment_method: Mapped[str | None] = mapped_column(String(100))
    payment_reputation: Mapped[str | None] = mapped_column(String(100))


class CustomerMonthlySales(Base):
    """销售资料: volume (pieces), amount and stock on hand for one customer and month."""

    __tablename__ = "customer_monthly_sales"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("customers.id", ondelete="CASCADE")
    )
    month: Mapped[date] = mapped_column(Date)  # first day of the month
    volume: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[Decimal] = mapped_column(Money)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("customer_id", "month", name="uq_monthly_sales_month"),)


class SalesReportReview(Base):
    """The marketing director's review of a branch's monthly sales report (客户销售月报表, step
    2: "the branch files a monthly sales report that the marketing director reviews"), with his
    comment. He works at head office: the record is head office's and flows down to the branch
    (``domain.ownership``). One review per branch and month; a correction is a new record of the
    next ``revision`` naming the one it ``supersedes``, never an edit: the highest revision is
    the review in force."""

    __tablename__ = "sales_report_reviews"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"), index=True)
    month: Mapped[date] = mapped_column(Date)  # first day of the month reviewed
    revision: Mapped[int] = mapped_column(Integer, default=1)
    supersedes: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("sales_report_reviews.id")
    )
    comment: Mapped[str] = mapped_column(Text)
    reviewed_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (
        UniqueConstraint("branch_id", "month", "revision", name="uq_sales_report_reviews_revision"),
    )


class SelectionStep(Base):
    """One decision in the approval chain of step 1: who, when, decision, comment."""

    __tablename__ = "selection_steps"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))  # propose / review / approve / terminate
    decision: Mapped[str] = mapped_column(String(20))  # approved / rejected / sent_back
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)


class ChangeFormEntry(Base):
    """客户增减变动表 line, written on approval (增) and termination (减); filed with HQ by sync."""

    __tablename__ = "change_form_entries"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(30), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # add / remove
    effective_date: Mapped[date] = mapped_column(Date)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"), index=True)
    # A snapshot, so the form shows the customer as it was when the decision was made.
    customer_name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18))
    channel: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))
    legal_representative: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    approved_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
