"""the slip as 随货同行单: the seller on the slip, manufacturer and dosage form on its lines

The branch's seller details (company, address, phone, drug-trade licence) get a table of their
own; a slip copies them when it is issued, and its lines copy the product's manufacturer and
dosage form, so a reprint shows what was printed. Slips issued before this revision keep None
there and reprint as they printed (no backfill: what they showed is what they show).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 08:08:02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kehu_desktop.models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seller_details",
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("company_name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("licence_no", sa.String(length=30), nullable=False),
        sa.Column(
            "updated_at", kehu_desktop.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_seller_details_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_seller_details_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("branch_id", name=op.f("pk_seller_details")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dosage_form", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("manufacturer", sa.String(length=100), nullable=True))

    with op.batch_alter_table("slip_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dosage_form", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("manufacturer", sa.String(length=100), nullable=True))

    with op.batch_alter_table("slips", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seller_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("seller_address", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("seller_phone", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("seller_licence_no", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("slips", schema=None) as batch_op:
        batch_op.drop_column("seller_licence_no")
        batch_op.drop_column("seller_phone")
        batch_op.drop_column("seller_address")
        batch_op.drop_column("seller_name")

    with op.batch_alter_table("slip_lines", schema=None) as batch_op:
        batch_op.drop_column("manufacturer")
        batch_op.drop_column("dosage_form")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("manufacturer")
        batch_op.drop_column("dosage_form")

    op.drop_table("seller_details")
