"""head office's branch registry: registration, secret, sync state, refused requests

Two tables only the head-office database writes (issue 8, docs/sync.md): ``branch_sync``, one
row per branch (the one-time registration code and the secret, both stored hashed; acknowledged
seq, last push and pull, last error), and ``sync_refusals``, the log of refused requests. A
branch database gets them too (one schema) and leaves them empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kehu_desktop.models.base import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "branch_sync",
        sa.Column("branch_id", sa.Uuid(), nullable=False),
        sa.Column("code_salt", sa.String(length=32), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_issued_at", UTCDateTime(), nullable=True),
        sa.Column("code_expires_at", UTCDateTime(), nullable=True),
        sa.Column("code_used_at", UTCDateTime(), nullable=True),
        sa.Column("secret_hash", sa.String(length=64), nullable=True),
        sa.Column("registered_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("acked_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("last_push_at", UTCDateTime(), nullable=True),
        sa.Column("last_pull_at", UTCDateTime(), nullable=True),
        sa.Column("pending_reported", sa.Integer(), nullable=True),
        sa.Column("last_error_code", sa.String(length=40), nullable=True),
        sa.Column("last_error_message", sa.String(length=300), nullable=True),
        sa.Column("last_error_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_branch_sync_branch_id_branches")
        ),
        sa.PrimaryKeyConstraint("branch_id", name=op.f("pk_branch_sync")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_branch_sync_secret_hash")),
    )
    op.create_table(
        "sync_refusals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.Uuid(), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("message", sa.String(length=300), nullable=False),
        sa.Column("remote", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_sync_refusals_branch_id_branches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_refusals")),
    )
    op.create_index(
        op.f("ix_sync_refusals_branch_id"), "sync_refusals", ["branch_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sync_refusals_branch_id"), table_name="sync_refusals")
    op.drop_table("sync_refusals")
    op.drop_table("branch_sync")
