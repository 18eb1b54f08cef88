"""push and pull: head office's change log, the branch's sync state, rejected pushes

``change_log`` and ``change_log_head`` (head office: what branches pull, versions in commit
order), ``sync_state`` (the branch: acknowledged seq, pull cursor, last push, pull and error),
``sync_rejections`` (both sides: pushed records head office did not apply), ``limit_decisions``
(head office's decisions on grade-1/2 limit applications), and three columns of
``branch_sync`` (last pulled version, schema revision, first upload). Additive only: a branch one
revision behind still talks to a head office at this one (docs/sync.md).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehu_desktop.models.base import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("version", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("table_name", sa.String(length=50), nullable=False),
        sa.Column("row_id", sa.String(length=200), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_change_log")),
    )
    op.create_table(
        "change_log_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log_head")),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("acked_seq", sa.BigInteger(), nullable=False),
        sa.Column("pull_cursor", sa.BigInteger(), nullable=False),
        sa.Column("initial_through", sa.BigInteger(), nullable=True),
        sa.Column("last_push_at", UTCDateTime(), nullable=True),
        sa.Column("last_pull_at", UTCDateTime(), nullable=True),
        sa.Column("last_sync_at", UTCDateTime(), nullable=True),
        sa.Column("last_error_code", sa.String(length=40), nullable=True),
        sa.Column("last_error_message", sa.String(length=300), nullable=True),
        sa.Column("last_error_at", UTCDateTime(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_rejections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("table_name", sa.String(length=50), nullable=False),
        sa.Column("row_id", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("message", sa.String(length=300), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_rejections")),
        sa.UniqueConstraint("branch_id", "seq", name="uq_sync_rejections_seq"),
    )
    op.create_index(
        op.f("ix_sync_rejections_branch_id"), "sync_rejections", ["branch_id"], unique=False
    )
    op.create_table(
        "limit_decisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("limit_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=False),
        sa.Column("decided_role", sa.String(length=30), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_limit_decisions_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_limit_decisions_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["limit_id"],
            ["credit_limits.id"],
            name=op.f("fk_limit_decisions_limit_id_credit_limits"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limit_decisions")),
    )
    op.create_index(
        op.f("ix_limit_decisions_limit_id"), "limit_decisions", ["limit_id"], unique=False
    )
    with op.batch_alter_table("branch_sync") as batch:
        batch.add_column(sa.Column("last_pull_version", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("schema_rev", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("initial_through", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("branch_sync") as batch:
        batch.drop_column("initial_through")
        batch.drop_column("schema_rev")
        batch.drop_column("last_pull_version")
    op.drop_index(op.f("ix_limit_decisions_limit_id"), table_name="limit_decisions")
    op.drop_table("limit_decisions")
    op.drop_index(op.f("ix_sync_rejections_branch_id"), table_name="sync_rejections")
    op.drop_table("sync_rejections")
    op.drop_table("sync_state")
    op.drop_table("change_log_head")
    op.drop_table("change_log")
