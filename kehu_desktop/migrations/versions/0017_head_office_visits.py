"""head_office_visits: visits logged in head-office mode (step 10), head office's record

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 10:10:00

Additive: a branch one revision behind syncs on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehu_desktop.models.base import UTCDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "head_office_visits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("visitor_id", sa.Uuid(), nullable=False),
        sa.Column("visitor_role", sa.String(length=30), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("warning_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_head_office_visits_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"], ["users.id"], name=op.f("fk_head_office_visits_visitor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["early_warnings.id"],
            name=op.f("fk_head_office_visits_warning_id_early_warnings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_head_office_visits")),
    )
    op.create_index(
        "ix_head_office_visits_visitor_customer",
        "head_office_visits",
        ["visitor_id", "customer_id", "visited_on"],
    )
    op.create_index(
        "ix_head_office_visits_customer", "head_office_visits", ["customer_id", "visited_on"]
    )


def downgrade() -> None:
    op.drop_table("head_office_visits")
