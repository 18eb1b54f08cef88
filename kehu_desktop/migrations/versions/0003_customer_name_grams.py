"""customer name bigrams for the search box's Chinese substrings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _grams(name: str) -> set[str]:
    """A frozen copy of models.customers.name_grams as of this revision."""
    key = name.translate(_ASCII_LOWER)
    return {key[i : i + 2] for i in range(len(key) - 1)}


def upgrade() -> None:
    grams = op.create_table(
        "customer_name_grams",
        sa.Column("gram", sa.String(length=2), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_customer_name_grams_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gram", "customer_id", name=op.f("pk_customer_name_grams")),
        sqlite_with_rowid=False,
    )
    # Fill it for the customers already stored, a batch of names at a time (keyset on id).
    customers = sa.table("customers", sa.column("id", sa.Uuid()), sa.column("name", sa.String()))
    conn = op.get_bind()
    last = None
    while True:
        stmt = sa.select(customers.c.id, customers.c.name).order_by(customers.c.id).limit(BATCH)
        if last is not None:
            stmt = stmt.where(customers.c.id > last)
        rows = conn.execute(stmt).all()
        if not rows:
            break
        values = [{"gram": gram, "customer_id": cid} for cid, name in rows for gram in _grams(name)]
        if values:
            conn.execute(grams.insert(), values)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_table("customer_name_grams")
