"""Head office → regions → branches → market offices (domain.md §1)."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kehu_desktop.models.base import Base, uuid_pk


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


class MarketOffice(Base):
    __tablename__ = "market_offices"
    id: Mapped[uuid.UUID] = uuid_pk()
    branch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("branches.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
