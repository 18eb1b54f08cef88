"""Slips (送货单 / 赊销单, four-part sets), their prints, and printer profiles (steps 6-7)."""

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import Float
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import Money
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk


class Slip(Base):
    """An issued slip. Immutable once issued except for its life-cycle marks (void, reprint
    count, copy ③ returned); a voided slip keeps its number and prints 作废."""

    __tablename__ = "slips"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"))
    number: Mapped[str] = mapped_column(String(30), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # delivery (cash) / credit_sale
    dispatch_note_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dispatch_notes.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    issue_date: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    # A snapshot of what was printed, so a reprint shows the same slip. The seller (供货单位) is
    # None on slips issued before it was printed (revision 0004): they reprint as they printed.
    seller_name: Mapped[str | None] = mapped_column(String(200))  # company + branch name
    seller_address: Mapped[str | None] = mapped_column(String(300))
    seller_phone: Mapped[str | None] = mapped_column(String(30))
    seller_licence_no: Mapped[str | None] = mapped_column(String(30))
    customer_name: Mapped[str] = mapped_column(String(200))
    customer_address: Mapped[str | None] = mapped_column(String(300))
    customer_phone: Mapped[str | None] = mapped_column(String(30))
    payment_terms: Mapped[str | None] = mapped_column(String(30))
    due_date: Mapped[date | None] = mapped_column(Date)
    total: Mapped[Decimal] = mapped_column(Money)
    driver_name: Mapped[str | None] = mapped_column(String(50))
    sales_rep_name: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="issued")  # issued / voided
    voided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str | None] = mapped_column(Text)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)
    copy3_returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    copy3_received_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    __table_args__ = (
        Index("ix_slips_customer_status", "customer_id", "status"),
        Index("ix_slips_dispatch_note", "dispatch_note_id"),
    )


class SlipLine(Base):
    __tablename__ = "slip_lines"
    id: Mapped[uuid.UUID] = uuid_pk()
    slip_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("slips.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_code: Mapped[str] = mapped_column(String(30))
    product_name: Mapped[str] = mapped_column(String(200))
    specification: Mapped[str | None] = mapped_column(String(100))
    dosage_form: Mapped[str | None] = mapped_column(String(20))
    manufacturer: Mapped[str | None] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20))
    batch_no: Mapped[str | None] = mapped_column(String(40))
    expiry: Mapped[date | None] = mapped_column(Date)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)


class SlipPrint(Base):
    """Every print attempt of a slip, good or failed (a failed one is retried, same number)."""

    __tablename__ = "slip_prints"
    id: Mapped[uuid.UUID] = uuid_pk()
    slip_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("slips.id"), index=True)
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    printed_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    profile: Mapped[str] = mapped_column(String(50))
    reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(String(20))  # printed / failed / saved_pdf
    error: Mapped[str | None] = mapped_column(Text)


class PrinterProfile(Base):
    """How one printer prints slips: plain paper (four captioned pages) or a multi-part form
    (one pass), the paper, 套打 offsets in mm, and the spooler's queue name."""

    __tablename__ = "printer_profiles"
    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(50), unique=True)
    mode: Mapped[str] = mapped_column(String(20))  # plain / multipart
    paper: Mapped[str] = mapped_column(String(20))  # 241x93.1 / 241x139.7 / 241x279.4 / A4 / A5
    offset_x_mm: Mapped[float] = mapped_column(Float, default=0.0)  # not money: float is fine
    offset_y_mm: Mapped[float] = mapped_column(Float, default=0.0)
    queue: Mapped[str | None] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
