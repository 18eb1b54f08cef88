"""Payments received, their allocation to slips, remittances to head office, month-end
receivable snapshots (step 7)."""

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import Money
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk


class Payment(Base):
    """Money received from a customer. Posted: a mistake is corrected by a reversing payment
    (negative amount, ``reverses_id`` set), never by editing."""

    __tablename__ = "payments"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(30), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"), index=True)
    method: Mapped[str] = mapped_column(String(20))  # cash / bank_transfer / bank_draft
    amount: Mapped[Decimal] = mapped_column(Money)
    received_on: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    received_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    reference: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("payments.id"))


class PaymentAllocation(Base):
    """Part of a payment set against one slip. Never edited: a reversal adds negative rows.
    ``allocated_on`` is the business date from which the allocation counts, so receivables can
    be aged as they stood on any past date (credit applied later, or money freed by a voided
    slip and applied again, moves on the day it moved)."""

    __tablename__ = "payment_allocations"
    id: Mapped[uuid.UUID] = uuid_pk()
    payment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payments.id"), index=True)
    slip_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("slips.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    allocated_on: Mapped[date] = mapped_column(Date, default=date.today)


class Remittance(Base):
    """Money sent on to head office (the N-hour remittance rule)."""

    __tablename__ = "remittances"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(30), unique=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    remitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(100))
    recorded_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RemittanceItem(Base):
    __tablename__ = "remittance_items"
    id: Mapped[uuid.UUID] = uuid_pk()
    remittance_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("remittances.id"), index=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("payments.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)


class ReceivableSnapshot(Base):
    """月末应收款: each customer's balance at a month's closing date, kept as taken."""

    __tablename__ = "receivable_snapshots"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"))
    month: Mapped[date] = mapped_column(Date)  # first day of the month closed
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    taken_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    __table_args__ = (
        UniqueConstraint("month", "customer_id", name="uq_receivable_snapshot"),
        Index("ix_receivable_snapshots_month", "branch_id", "month"),
    )
