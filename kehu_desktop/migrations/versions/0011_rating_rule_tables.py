"""rating_rule_tables: the versions of the credit rating's rule table (head office's)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 19:10:00

Additive: a branch one revision behind syncs on; the table comes down on its next pull once
head office has saved a version (none stored: the default table of domain.rating).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehu_desktop.models.base import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rating_rule_tables",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_rating_rule_tables_created_by_users")
        ),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_rating_rule_tables")),
    )


def downgrade() -> None:
    op.drop_table("rating_rule_tables")
