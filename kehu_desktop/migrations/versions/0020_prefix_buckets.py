"""prefix buckets for common search prefixes

An index on the first characters of each column searched by prefix, then the name and id
(models.customers.PREFIX_BUCKETS): the first letter of the name's initials; the credit code's
first 2, 4 and 6 characters (authority and type, province, city); the phone digits' first 3
and 4 (area code, mobile prefix). A common prefix (``h``, ``913205``, ``021``) then reads its
first page in name order from its bucket instead of sorting a hundred thousand index entries
(issue 12). Indexes only: no row changes, nothing on the wire changes.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As models.customers.PREFIX_BUCKETS was at this revision (a migration never imports models).
_BUCKETS = {"name_initials": (1,), "uscc": (2, 4, 6), "phone_digits": (3, 4)}


def _buckets() -> list[tuple[str, str]]:
    return [
        (f"ix_customers_{column}_{n}", f"substr({column}, 1, {n})")
        for column, lengths in _BUCKETS.items()
        for n in lengths
    ]


def upgrade() -> None:
    for name, head in _buckets():
        op.create_index(name, "customers", [sa.text(head), "name", "id"])


def downgrade() -> None:
    for name, _head in _buckets():
        op.drop_index(name, table_name="customers")
