"""Row locks a use case takes before it changes what others may be deciding on."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.models import Customer


def lock_customer(s: Session, customer_id: uuid.UUID) -> None:
    """Lock the customer row until the transaction ends (PostgreSQL ``FOR UPDATE``; on SQLite the
    write transaction's ``BEGIN IMMEDIATE`` already serialises writers). Everything that can add
    to a customer's exposure takes this lock first, so two releases never share the headroom."""
    s.execute(select(Customer.id).where(Customer.id == customer_id).with_for_update()).first()
