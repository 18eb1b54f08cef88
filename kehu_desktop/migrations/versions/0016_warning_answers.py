"""warning_answers: answers to early warnings made at head office

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:00:00

Additive: a branch one revision behind syncs on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehu_desktop.models.base import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "warning_answers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("warning_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("investigation", sa.Text(), nullable=True),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("closing", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Uuid(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["warning_id"],
            ["early_warnings.id"],
            name=op.f("fk_warning_answers_warning_id_early_warnings"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_warning_answers_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["users.id"], name=op.f("fk_warning_answers_answered_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_answers")),
    )
    op.create_index(op.f("ix_warning_answers_warning_id"), "warning_answers", ["warning_id"])


def downgrade() -> None:
    op.drop_table("warning_answers")
