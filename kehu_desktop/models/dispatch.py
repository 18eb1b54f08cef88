"""Dispatch notes (货物发运单), their lines and temporary receipts (step 6)."""

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
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


class DispatchNote(Base):
    """Status: requested → approved (signed or by phone) → assigned (driver, route) → released
    (cashier, credit check) → delivered | parked (temporary receipt) → returned (note back at the
    cashier). ``cancelled`` only before release."""

    __tablename__ = "dispatch_notes"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(30), unique=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    market_office_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("market_offices.id")
    )
    sale_kind: Mapped[str] = mapped_column(String(20))  # cash / credit
    status: Mapped[str] = mapped_column(String(20), default="requested")
    total: Mapped[Decimal] = mapped_column(Money)
    requested_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))  # sales rep
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    approved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approval_mode: Mapped[str | None] = mapped_column(String(10))  # signed / phone
    # A phone approval is owed a signature until this is set.
    signature_completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    driver_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    route: Mapped[str | None] = mapped_column(String(200))
    assigned_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    delivered_on: Mapped[date | None] = mapped_column(Date)
    returned_to: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (
        Index("ix_dispatch_notes_customer_status", "customer_id", "status"),
        Index("ix_dispatch_notes_status", "status"),
    )


class DispatchLine(Base):
    __tablename__ = "dispatch_lines"
    id: Mapped[uuid.UUID] = uuid_pk()
    note_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dispatch_notes.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("products.id"))
    batch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("product_batches.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)  # quantity × unit price, rounded half-up
    delivered_quantity: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("note_id", "line_no", name="uq_dispatch_line_no"),)


class TemporaryReceipt(Base):
    """临时收条: goods parked at the market office; cancelled on final delivery."""

    __tablename__ = "temporary_receipts"
    id: Mapped[uuid.UUID] = uuid_pk()
    note_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dispatch_notes.id"), index=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    market_office_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("market_offices.id")
    )
    issued_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
