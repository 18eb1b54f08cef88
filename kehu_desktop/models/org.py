"""Head office → regions → branches → market offices (domain.md §1)."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk


class HeadOffice(Base):
    __tablename__ = "head_office"
    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(100))


class Region(Base):
    __tablename__ = "regions"
    id: Mapped[uuid.UUID] = uuid_pk()
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    head_office_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("head_office.id"))
    # Head office's limit on selected customers in this region (step 1); None = not set yet.
    max_customers: Mapped[int | None] = mapped_column(Integer)


class Branch(Base):
    __tablename__ = "branches"
    id: Mapped[uuid.UUID] = uuid_pk()
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    region_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("regions.id"))


class SellerDetails(Base):
    """The branch as the seller (供货单位) named at the top of its slips: the company, its address
    and phone, and its drug-trade licence (药品经营许可证). Owned by the branch (it knows its own
    address and licence), one row per branch; a slip copies them when it is issued."""

    __tablename__ = "seller_details"
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"), primary_key=True)
    company_name: Mapped[str] = mapped_column(String(100))  # e.g. 华东医药股份有限公司
    address: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(30))
    licence_no: Mapped[str] = mapped_column(String(30))  # 药品经营许可证号, e.g. 沪AA0210001
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))


class MarketOffice(Base):
    __tablename__ = "market_offices"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
