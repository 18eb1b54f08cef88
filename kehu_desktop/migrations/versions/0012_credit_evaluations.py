"""credit_evaluations: the monthly credit evaluation (the branch's) and head office's decisions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 06:30:00

Additive: a branch one revision behind syncs on. ``credit_grades.evaluation_id`` names the
approved evaluation that gave a grade (none on the grades set by hand before, kept as legacy).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehu_desktop.models.base import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credit_evaluations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("rule", sa.Integer(), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revises_id", sa.Uuid(), nullable=True),
        sa.Column("filled_by", sa.Uuid(), nullable=False),
        sa.Column("filled_at", UTCDateTime(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_credit_evaluations_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["revises_id"],
            ["credit_evaluations.id"],
            name=op.f("fk_credit_evaluations_revises_id_credit_evaluations"),
        ),
        sa.ForeignKeyConstraint(
            ["filled_by"], ["users.id"], name=op.f("fk_credit_evaluations_filled_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"], ["users.id"], name=op.f("fk_credit_evaluations_reviewed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_credit_evaluations_decided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_evaluations")),
    )
    op.create_index(
        "ix_credit_evaluations_customer_month", "credit_evaluations", ["customer_id", "month"]
    )
    op.create_table(
        "evaluation_decisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("evaluation_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["credit_evaluations.id"],
            name=op.f("fk_evaluation_decisions_evaluation_id_credit_evaluations"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_evaluation_decisions_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_evaluation_decisions_decided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_decisions")),
    )
    op.create_index(
        op.f("ix_evaluation_decisions_evaluation_id"), "evaluation_decisions", ["evaluation_id"]
    )
    op.add_column("credit_grades", sa.Column("evaluation_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("credit_grades") as batch:
        batch.drop_column("evaluation_id")
    op.drop_table("evaluation_decisions")
    op.drop_table("credit_evaluations")
