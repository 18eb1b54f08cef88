"""distribution_plans, plan_progress: the branch's distribution plans (step 8)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 09:00:00

Additive: a branch one revision behind syncs on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehu_desktop.models.base import Money
from kehu_desktop.models.base import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "distribution_plans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("sales_target", Money(precision=14, scale=2), nullable=True),
        sa.Column("purchase_plan", Money(precision=14, scale=2), nullable=True),
        sa.Column("purchase_lines", sa.JSON(), nullable=False),
        sa.Column("stocking", sa.Text(), nullable=True),
        sa.Column("outlets_target", sa.Integer(), nullable=True),
        sa.Column("payment_plan", Money(precision=14, scale=2), nullable=True),
        sa.Column("filed_by", sa.Uuid(), nullable=False),
        sa.Column("filed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_distribution_plans_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["filed_by"], ["users.id"], name=op.f("fk_distribution_plans_filed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution_plans")),
        sa.UniqueConstraint("customer_id", "month", name="uq_distribution_plans_month"),
    )
    op.create_table(
        "plan_progress",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("logged_by", sa.Uuid(), nullable=False),
        sa.Column("logged_on", sa.Date(), nullable=False),
        sa.Column("outlets_reached", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["distribution_plans.id"],
            name=op.f("fk_plan_progress_plan_id_distribution_plans"),
        ),
        sa.ForeignKeyConstraint(
            ["logged_by"], ["users.id"], name=op.f("fk_plan_progress_logged_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_plan_progress_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_progress")),
    )
    op.create_index(op.f("ix_plan_progress_plan_id"), "plan_progress", ["plan_id"])


def downgrade() -> None:
    op.drop_table("plan_progress")
    op.drop_table("distribution_plans")
