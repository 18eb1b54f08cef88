"""sales_report_reviews: the marketing director's review of a branch's monthly sales report

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 11:00:00

Additive: a branch one revision behind syncs on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehu_desktop.models.base import UTCDateTime

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sales_report_reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("supersedes", sa.Uuid(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.Uuid(), nullable=False),
        sa.Column("reviewed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_sales_report_reviews_branch_id_branches")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes"],
            ["sales_report_reviews.id"],
            name=op.f("fk_sales_report_reviews_supersedes_sales_report_reviews"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name=op.f("fk_sales_report_reviews_reviewed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_report_reviews")),
        sa.UniqueConstraint(
            "branch_id", "month", "revision", name="uq_sales_report_reviews_revision"
        ),
    )
    op.create_index(
        op.f("ix_sales_report_reviews_branch_id"), "sales_report_reviews", ["branch_id"]
    )


def downgrade() -> None:
    op.drop_table("sales_report_reviews")
