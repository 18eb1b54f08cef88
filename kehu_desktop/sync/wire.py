"""Records on the wire, both ways: a row as JSON and back, and a whole-record upsert.

Shared by the branch (applying a pull, building its first upload) and head office (applying a
push, answering a pull). A record travels whole, as ``services.base.records.row_dict`` makes it:
Decimal as text (never a float), times as ISO text in UTC, UUIDs as text, bytes as base64. A
key this schema does not know is ignored and a column the payload lacks keeps its default, so a
payload of the previous schema revision applies (migrations are additive across one revision).

Credentials never travel: a user's password hash and lock-out state stay in the database they
were written in; a user arriving from the other side gets an unusable hash (nobody signs in on
the other side; docs/sync.md, open question 3).
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import Connection
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import Float
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import Numeric
from sqlalchemy import Table
from sqlalchemy import UniqueConstraint
from sqlalchemy import Uuid
from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.types import TypeDecorator

from kehu_desktop.models import Base
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerNameGram
from kehu_desktop.models import CustomerSearchKey
from kehu_desktop.models import SearchIndex
from kehu_desktop.models import drop_search_rows
from kehu_desktop.models import stored_search_index
from kehu_desktop.models.change_log import USER_LOCAL_COLUMNS
from kehu_desktop.services.base.records import jsonable

#: What a user row gets for a password hash when it arrives from the other side: no argon2
#: hash starts with "!", so no password matches it.
UNUSABLE_PASSWORD = "!synced"


class PayloadError(ValueError):
    """A payload this schema cannot read (a wrong type, a missing key)."""


def table(name: str) -> Table:
    try:
        return Base.metadata.tables[name]
    except KeyError:
        raise PayloadError(f"unknown table {name!r}") from None


def _kind(column: Column[Any]) -> type:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    for sa_type, kind in (
        (Uuid, uuid.UUID),
        (DateTime, datetime),
        (Date, date),
        (Numeric, Decimal),
        (Float, float),
        (Boolean, bool),
        (Integer, int),
        (LargeBinary, bytes),
    ):
        if isinstance(column_type, sa_type):
            return kind
    return object  # strings, text, JSON: as they are


def _value(kind: type, value: Any) -> Any:
    if value is None or kind is object:
        return value
    if kind is uuid.UUID:
        return uuid.UUID(str(value))
    if kind is datetime:
        return datetime.fromisoformat(str(value))
    if kind is date:
        return date.fromisoformat(str(value))
    if kind is Decimal:
        if isinstance(value, float):
            raise PayloadError("money as a float")
        return Decimal(str(value))
    if kind is bytes:
        return base64.b64decode(str(value))
    if kind is bool:
        if not isinstance(value, bool):
            raise PayloadError(f"not a boolean: {value!r}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise PayloadError(f"not an integer: {value!r}")
        return value
    return float(value)


@cache
def _shape(name: str) -> tuple[tuple[tuple[str, type], ...], tuple[str, ...]]:
    """Table ``name``'s columns with the Python type of each, and its primary key's columns
    (looked up once: a first upload reads thousands of records of one table)."""
    target = table(name)
    kinds = tuple((c.name, _kind(c)) for c in target.columns)
    return kinds, tuple(c.name for c in target.primary_key.columns)


def from_payload(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The column values of a payload of table ``name``; unknown keys ignored."""
    if not isinstance(payload, dict):
        raise PayloadError("a record must be an object")
    values: dict[str, Any] = {}
    kinds, keys = _shape(name)
    for column, kind in kinds:
        if column in payload:
            try:
                values[column] = _value(kind, payload[column])
            except (ValueError, TypeError) as exc:
                raise PayloadError(f"{name}.{column}: {exc}") from exc
    for column in keys:
        if values.get(column) is None:
            raise PayloadError(f"{name}: no {column}")
    if name == "users":
        for key in USER_LOCAL_COLUMNS:
            values.pop(key, None)
    return values


def to_payload(name: str, row: Any) -> dict[str, Any]:
    """A row (a Core ``Row`` or mapping) as it travels."""
    mapping = row._mapping if hasattr(row, "_mapping") else row
    payload = {key: jsonable(value) for key, value in mapping.items()}
    if name == "users":
        for key in USER_LOCAL_COLUMNS:
            payload.pop(key, None)
    return payload


def _insert(conn: Connection, target: Table) -> Any:
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(target)


def upsert(
    conn: Connection,
    name: str,
    rows: Sequence[dict[str, Any]],
    *,
    insert_only: bool = False,
    take_over: bool = False,
) -> None:
    """Write whole records (column values) by primary key: insert, or replace every column the
    record carries. ``insert_only``: keep a row that exists (a branch's first upload bringing
    reference data head office already has). ``take_over``: a local row with the same code
    under another id becomes the arriving one (:func:`take_over_clashes`)."""
    if not rows:
        return
    target = table(name)
    keys = [c.name for c in target.primary_key.columns]
    if name == "users":
        rows = _users_arriving(conn, rows)
    elif take_over:
        take_over_clashes(conn, target, rows)
    stale = _renamed_customers(conn, rows) if name == "customers" else {}
    by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:  # one statement per set of columns (a payload of the previous revision)
        by_shape.setdefault(tuple(sorted(row)), []).append(row)
    for shape, group in by_shape.items():
        stmt = _insert(conn, target)
        updated = [c for c in shape if c not in keys and c not in USER_LOCAL_COLUMNS]
        if insert_only or not updated:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        else:
            stmt = stmt.on_conflict_do_update(
                index_elements=keys, set_={c: stmt.excluded[c] for c in updated}
            )
        conn.execute(stmt, group)
    if stale:
        reindex_customers(conn, stale)


def _users_arriving(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Users from the other side: an unusable password hash for a new row; a user name taken
    here by another user gets ``@`` and its branch's code (or ``@HQ``), since user names are
    unique in one database and each side chose its own."""
    target = table("users")
    out = []
    for row in rows:
        row = dict(row)
        row.setdefault("password_hash", UNUSABLE_PASSWORD)
        name = row.get("username")
        if name is not None:
            taken = conn.execute(
                select(target.c.id).where(target.c.username == name, target.c.id != row["id"])
            ).first()
            if taken is not None:
                suffix = "HQ"
                if row.get("branch_id") is not None:
                    branches = table("branches")
                    suffix = str(
                        conn.execute(
                            select(branches.c.code).where(branches.c.id == row["branch_id"])
                        ).scalar()
                        or "?"
                    )
                row["username"] = f"{name}@{suffix}"[:50]
        out.append(row)
    return out


def take_over_clashes(conn: Connection, target: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Head office's row wins over a local one with the same code (a region, a product the
    branch made while it ran on its own): the local row's references move to head office's id
    and the local row goes, so the branch's records name head office's row from now on."""
    if len(target.primary_key.columns) != 1:
        return
    pk = next(iter(target.primary_key.columns))
    uniques = [
        next(iter(c.columns))
        for c in target.constraints
        if isinstance(c, UniqueConstraint) and len(c.columns) == 1
    ] + [c for c in target.columns if c.unique]
    referring = [
        (fk.parent.table, fk.parent)
        for other in Base.metadata.sorted_tables
        for fk in other.foreign_keys
        if fk.column is pk
    ]
    for row in rows:
        for column in uniques:
            value = row.get(column.name)
            if value is None:
                continue
            old = conn.execute(select(pk).where(column == value, pk != row[pk.name])).scalar()
            if old is None:
                continue
            conn.execute(
                update(target).where(pk == old).values({column.name: f"~{uuid.uuid4().hex[:8]}"})
            )
            conn.execute(_insert(conn, target).values(row).on_conflict_do_nothing())
            for other, fk_column in referring:
                conn.execute(
                    update(other).where(fk_column == old).values({fk_column.name: row[pk.name]})
                )
            conn.execute(delete(target).where(pk == old))


def _renamed_customers(
    conn: Connection, rows: Sequence[dict[str, Any]]
) -> dict[Any, SearchIndex | None]:
    """The customers among ``rows`` whose search data must be built, each with the search data
    its stored row has (None for a new one): new ones, and those whose name or phone differs
    from what is stored (most updates change neither)."""
    stored: dict[Any, tuple[Any, ...]] = {}
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for cid, *values in conn.execute(
            select(Customer.id, *_SPELLED).where(Customer.id.in_(chunk))
        ):
            stored[cid] = tuple(values)
    stale: dict[Any, SearchIndex | None] = {}
    for row in rows:
        old = stored.get(row["id"])
        if old is None:
            stale[row["id"]] = None
        elif old[:2] != (row.get("name", old[0]), row.get("phone")):
            stale[row["id"]] = stored_search_index(old[0] or "", *old[1:])
    return stale


#: The customer's columns its search data is made from, the name and phone first.
_SPELLED = (
    Customer.name,
    Customer.phone,
    Customer.name_pinyin,
    Customer.name_initials,
    Customer.pinyin_readings,
    Customer.initials_readings,
)


def reindex_customers(conn: Connection, stale: dict[Any, SearchIndex | None]) -> None:
    """Rewrite the search bigrams and keys of customers written through Core (models.customers
    keeps them for ORM writes) from their columns as stored now; ``stale`` maps each to the
    search data its row had before (None: a new customer, which has no rows to delete)."""
    drop_search_rows(conn, [(cid, old) for cid, old in stale.items() if old is not None])
    wanted = list(stale)
    copy = conn.dialect.name == "postgresql"
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        grams: list[tuple[Any, ...]] = []
        keys: list[tuple[Any, ...]] = []
        for cid, name, *spelled in conn.execute(
            select(Customer.id, *_SPELLED).where(Customer.id.in_(chunk))
        ):
            # The record came spelled (its author's keep_search_index): the keys are read from
            # its reading strings, not spelled again (pypinyin was most of a push's time).
            index = stored_search_index(name or "", *spelled)
            ident = str(cid) if copy else cid  # COPY takes text, an insert the id
            grams += index.gram_tuples(ident)
            keys += index.key_tuples(ident)
        _insert_rows(conn, CustomerNameGram.__table__, grams)  # type: ignore[arg-type]
        _insert_rows(conn, CustomerSearchKey.__table__, keys)  # type: ignore[arg-type]


def _insert_rows(conn: Connection, target: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Rows in ``target``'s column order, at once: on PostgreSQL by COPY, every value as text
    (the search rows of thousands of pushed customers, some 45 each), elsewhere as one
    executemany."""
    if not rows:
        return
    columns = [c.name for c in target.columns]
    if conn.dialect.name != "postgresql":
        conn.execute(insert(target), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    # COPY's text format written in one block, several times faster than psycopg's write_row
    # per row; sorted (the primary key's columns come first, in its order), so the index takes
    # them in order: a third of the time.
    block = "".join(sorted("\t".join(row) + "\n" for row in rows))
    tabs, ends = len(rows) * (len(columns) - 1), len(rows)
    if "\\" in block or "\r" in block or block.count("\t") != tabs or block.count("\n") != ends:
        # A value holds a tab, a line end or a backslash (a name can): escape each value.
        lines = ("\t".join(v.translate(_COPY_ESCAPES) for v in row) + "\n" for row in rows)
        block = "".join(sorted(lines))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{target.name}" ({names}) FROM STDIN') as copy:
        copy.write(block.encode("utf-8"))


#: COPY's text format escapes a backslash, a tab and line ends.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def parse_row_id(name: str, row_id: str) -> dict[str, Any]:
    """The primary key values of a change log's or an op's row id."""
    columns = list(table(name).primary_key.columns)
    texts = json.loads(row_id) if len(columns) > 1 else [row_id]
    if len(texts) != len(columns):
        raise PayloadError(f"{name}: bad row id {row_id!r}")
    values = {}
    for column, text in zip(columns, texts, strict=True):
        kind = _kind(column)
        try:  # a row id is text: an integer key (a rule table's version) is read from it
            values[column.name] = int(text) if kind is int else _value(kind, text)
        except ValueError as exc:
            raise PayloadError(f"{name}: bad row id {row_id!r}") from exc
    return values


def delete_rows(conn: Connection, name: str, row_ids: Sequence[str]) -> None:
    target = table(name)
    for row_id in row_ids:
        key = parse_row_id(name, row_id)
        conn.execute(delete(target).where(*(target.c[k] == v for k, v in key.items())))


def read_rows(conn: Connection, name: str, row_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The rows with these ids as they are now (row id → payload); missing ones left out."""
    target = table(name)
    keys = [c.name for c in target.primary_key.columns]
    found: dict[str, dict[str, Any]] = {}
    wanted = [parse_row_id(name, r) for r in row_ids]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        if len(keys) == 1:
            where = target.c[keys[0]].in_([k[keys[0]] for k in chunk])
        else:
            where = tuple_(*(target.c[k] for k in keys)).in_(
                [tuple(k[c] for c in keys) for k in chunk]
            )
        for row in conn.execute(select(target).where(where)):
            payload = to_payload(name, row)
            found[_row_id(keys, payload)] = payload
    return found


def row_id_of(name: str, payload: dict[str, Any]) -> str:
    """A payload's primary key as text (see :func:`parse_row_id`)."""
    return _row_id([c.name for c in table(name).primary_key.columns], payload)


def _row_id(keys: list[str], payload: dict[str, Any]) -> str:
    if len(keys) == 1:
        return str(payload[keys[0]])
    return json.dumps([str(payload[k]) for k in keys])


def content_hash(payload: dict[str, Any]) -> str:
    """SHA-256 of a record's canonical JSON (sorted keys): ``kehu sync verify`` compares these."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
