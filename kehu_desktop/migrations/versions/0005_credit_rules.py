"""contracts.month_end_cap: the month-end receivable cap (月末应收款限额) of agreed payment

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:00:00

Every agreed-payment customer has a month-end receivable cap, checked at release; a contract
without one gives no credit (fail closed). Contracts on file before this revision get, as their
cap, the customer's latest approved limit amount: the exposure the approver already judged
acceptable, which the release checked anyway, so the upgrade changes no decision in the month
it runs. Customers without an approved amount (never limited, or only grade 1's unlimited mode)
keep no cap: their credit waits until the branch records a contract with one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kehu_desktop.models.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "contracts",
        sa.Column(
            "month_end_cap", kehu_desktop.models.base.Money(precision=14, scale=2), nullable=True
        ),
    )
    # The same storage on both sides (whole cents on SQLite, NUMERIC on PostgreSQL): copied as is.
    op.execute(
        """
        UPDATE contracts SET month_end_cap = (
            SELECT credit_limits.amount FROM credit_limits
            WHERE credit_limits.customer_id = contracts.customer_id
              AND credit_limits.status = 'approved'
              AND credit_limits.amount IS NOT NULL
            ORDER BY credit_limits.month DESC, credit_limits.decided_at DESC
            LIMIT 1
        )
        WHERE payment_terms <> 'cash'
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("contracts") as batch_op:
        batch_op.drop_column("month_end_cap")
