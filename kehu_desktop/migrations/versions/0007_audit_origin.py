"""who ran a command: the operating-system user and host in the audit record

The command line's local administrator (``Actor.system``) is an account of no one; its audit
records now name the OS user and host that ran the command (``audit_records.origin``, e.g.
"wang@branch-pc"). Older records keep None.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.add_column(sa.Column("origin", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.drop_column("origin")
