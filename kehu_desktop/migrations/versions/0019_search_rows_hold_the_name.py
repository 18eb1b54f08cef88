"""search rows hold the customer's name

The bigrams get the name in their primary key after the gram (gram, name, customer_id): a
gram's customers are then in name order in the index, so the first page of a common Chinese
word is read from the gram's first entries instead of walking the whole list in name order
(issue 12). The search keys get the name as a plain column: the first page of a key's
customers is sorted from the keys alone. Both tables are rebuilt, their rows copied with the
names of their customers (on SQLite the primary key of a WITHOUT ROWID table cannot change in
place). Derived rows, never synced: nothing on the wire changes.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _name() -> sa.Column[Any]:
    return sa.Column("name", sa.String(length=200), nullable=False)


def _grams(with_name: bool) -> tuple[list[sa.Column[Any]], list[str]]:
    """The bigrams' columns and primary key."""
    columns: list[sa.Column[Any]] = [sa.Column("gram", sa.String(length=2), nullable=False)]
    if with_name:
        columns.append(_name())
    columns.append(sa.Column("customer_id", sa.Uuid(), nullable=False))
    return columns, [c.name for c in columns]


def _keys(with_name: bool) -> tuple[list[sa.Column[Any]], list[str]]:
    """The search keys' columns and primary key."""
    columns: list[sa.Column[Any]] = [
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
    ]
    keys = [c.name for c in columns]
    if with_name:
        columns.append(_name())
    return columns, keys


def upgrade() -> None:
    _rebuild("customer_name_grams", *_grams(True), named=True)
    _rebuild("customer_search_keys", *_keys(True), named=True)


def downgrade() -> None:
    _rebuild("customer_name_grams", *_grams(False), named=False)
    _rebuild("customer_search_keys", *_keys(False), named=False)


def _rebuild(table: str, columns: list[sa.Column[Any]], key: list[str], *, named: bool) -> None:
    """The table again under a new name, its rows copied (with their customer's name when
    ``named``), the old one dropped and the new one renamed. The primary key is made after the
    copy on PostgreSQL (its name is the old table's until that is dropped); SQLite needs it at
    creation for WITHOUT ROWID."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    constraints = [sa.PrimaryKeyConstraint(*key, name=f"pk_{table}")] if sqlite else []
    op.create_table(f"{table}_new", *columns, *constraints, sqlite_with_rowid=False)
    listed = ", ".join(c.name for c in columns)
    picked = ", ".join("c.name" if c.name == "name" else f"t.{c.name}" for c in columns)
    source = f"{table} t JOIN customers c ON c.id = t.customer_id" if named else f"{table} t"
    order = ", ".join("c.name" if k == "name" else f"t.{k}" for k in key)
    op.execute(f"INSERT INTO {table}_new ({listed}) SELECT {picked} FROM {source} ORDER BY {order}")
    op.drop_table(table)
    op.rename_table(f"{table}_new", table)
    if not sqlite:
        op.create_primary_key(f"pk_{table}", table, key)
