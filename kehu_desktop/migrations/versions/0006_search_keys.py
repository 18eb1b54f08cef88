"""search keys: names from any syllable and reading, phone digits anywhere

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The app's own key functions, not a frozen copy as in 0003: the keys are hundreds of lines of
# pinyin rules. A later change of those rules comes with its own migration recomputing the keys
# of every customer, so what this one computed never has to be reproduced.
from kehu_desktop.domain.identifiers import phone_digits
from kehu_desktop.domain.identifiers import phone_search_keys
from kehu_desktop.domain.pinyin import spell_name

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def upgrade() -> None:
    # Plain ADD COLUMN on both databases (a NOT NULL column needs its default on SQLite): the
    # customers table is never copied, so nothing that refers to it is touched.
    op.add_column(
        "customers", sa.Column("pinyin_readings", sa.Text(), server_default="", nullable=False)
    )
    op.add_column(
        "customers", sa.Column("initials_readings", sa.Text(), server_default="", nullable=False)
    )
    op.add_column("customers", sa.Column("phone_digits", sa.String(length=30), nullable=True))
    keys = op.create_table(
        "customer_search_keys",
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_customer_search_keys_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("kind", "key", "customer_id", name=op.f("pk_customer_search_keys")),
        sqlite_with_rowid=False,
    )
    op.drop_index("ix_customers_phone", table_name="customers")
    _fill(keys)
    op.create_index(
        "ix_customers_phone_digits",
        "customers",
        ["phone_digits", "branch_id", "name", "id"],
        unique=False,
    )
    # The list's order now carries the reading strings, for walking it (models.customers).
    op.drop_index("ix_customers_name", table_name="customers")
    op.create_index(
        "ix_customers_name",
        "customers",
        ["name", "id", "branch_id", "initials_readings", "pinyin_readings"],
        unique=False,
    )


def _fill(keys: sa.Table) -> None:
    """The new columns and keys of the customers already stored, a batch at a time (keyset on
    id), as models.customers.search_index computes them for new ones."""
    customers = sa.table(
        "customers",
        sa.column("id", sa.Uuid()),
        sa.column("name", sa.String()),
        sa.column("phone", sa.String()),
        sa.column("pinyin_readings", sa.Text()),
        sa.column("initials_readings", sa.Text()),
        sa.column("phone_digits", sa.String()),
    )
    update = (
        customers.update()
        .where(customers.c.id == sa.bindparam("cid"))
        .values(
            pinyin_readings=sa.bindparam("pinyin"),
            initials_readings=sa.bindparam("initials"),
            phone_digits=sa.bindparam("digits"),
        )
    )
    conn = op.get_bind()
    last = None
    while True:
        stmt = sa.select(customers.c.id, customers.c.name, customers.c.phone)
        stmt = stmt.order_by(customers.c.id).limit(BATCH)
        if last is not None:
            stmt = stmt.where(customers.c.id > last)
        rows = conn.execute(stmt).all()
        if not rows:
            break
        values = []
        key_rows = []
        for cid, name, phone in rows:
            spelled = spell_name(name)
            values.append(
                {
                    "cid": cid,
                    "pinyin": spelled.pinyin_readings,
                    "initials": spelled.initials_readings,
                    "digits": phone_digits(phone),
                }
            )
            key_rows += [{"kind": "n", "key": k, "customer_id": cid} for k in spelled.keys]
            key_rows += [
                {"kind": "p", "key": k, "customer_id": cid} for k in phone_search_keys(phone)
            ]
        conn.execute(update, values)
        if key_rows:
            conn.execute(keys.insert(), key_rows)
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_customers_name", table_name="customers")
    op.create_index("ix_customers_name", "customers", ["name", "id"], unique=False)
    op.drop_index("ix_customers_phone_digits", table_name="customers")
    op.create_index(
        "ix_customers_phone", "customers", ["phone", "branch_id", "name", "id"], unique=False
    )
    op.drop_table("customer_search_keys")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+), not a batch copy of the table that others refer to.
    for column in ("phone_digits", "initials_readings", "pinyin_readings"):
        op.drop_column("customers", column)
