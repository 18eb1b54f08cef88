"""search rows without a foreign key to customers

The bigrams and search keys are derived rows, written and deleted with their customer by
models.customers in the same transaction; customers are never deleted. The foreign key checked
every row on insert (on PostgreSQL a trigger per row locking the customer: about half of head
office's time writing the search rows of pushed customers, some 45 rows each), and guarded
nothing. PostgreSQL drops the constraints; SQLite cannot, so each table is rebuilt (WITHOUT
ROWID as before). Additive for sync: nothing on the wire changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The two tables.
TABLES = ("customer_name_grams", "customer_search_keys")


def _columns(name: str) -> list[sa.Column[object]]:
    """Each table's columns (all of them the primary key), new for each use."""
    if name == "customer_name_grams":
        return [
            sa.Column("gram", sa.String(length=2), nullable=False),
            sa.Column("customer_id", sa.Uuid(), nullable=False),
        ]
    return [
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
    ]


def _fk(name: str) -> str:
    return f"fk_{name}_customer_id_customers"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for name in TABLES:
            op.drop_constraint(_fk(name), name, type_="foreignkey")
        return
    for name in TABLES:
        _rebuild(name, with_fk=False)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for name in TABLES:
            op.create_foreign_key(
                _fk(name), name, "customers", ["customer_id"], ["id"], ondelete="CASCADE"
            )
        return
    for name in TABLES:
        _rebuild(name, with_fk=True)


def _rebuild(name: str, *, with_fk: bool) -> None:
    """SQLite: the table again under a new name, its rows copied, the old one dropped."""
    columns = _columns(name)
    keys = [c.name for c in columns]
    constraints: list[sa.Constraint] = [sa.PrimaryKeyConstraint(*keys, name=f"pk_{name}")]
    if with_fk:
        constraints.append(
            sa.ForeignKeyConstraint(
                ["customer_id"], ["customers.id"], name=_fk(name), ondelete="CASCADE"
            )
        )
    op.create_table(f"{name}_new", *columns, *constraints, sqlite_with_rowid=False)
    listed = ", ".join(keys)
    op.execute(f"INSERT INTO {name}_new ({listed}) SELECT {listed} FROM {name}")
    op.drop_table(name)
    op.rename_table(f"{name}_new", name)
