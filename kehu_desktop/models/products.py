"""Products, factory prices and batches (head-office data; editable by an administrator until
sync owns it)."""

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from kehu_desktop.models.base import Base
from kehu_desktop.models.base import Money
from kehu_desktop.models.base import UTCDateTime
from kehu_desktop.models.base import utcnow
from kehu_desktop.models.base import uuid_pk


class Product(Base):
    __tablename__ = "products"
    id: Mapped[uuid.UUID] = uuid_pk()
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_pinyin: Mapped[str] = mapped_column(String(800), index=True)
    name_initials: Mapped[str] = mapped_column(String(200), index=True)
    specification: Mapped[str | None] = mapped_column(String(100))
    dosage_form: Mapped[str | None] = mapped_column(String(20))  # 剂型, e.g. 胶囊剂
    manufacturer: Mapped[str | None] = mapped_column(String(100))  # 生产厂商
    unit: Mapped[str] = mapped_column(String(20))
    factory_price: Mapped[Decimal] = mapped_column(Money)  # 厂价: never sell below it
    batch_required: Mapped[bool] = mapped_column(Boolean, default=False)  # medicines
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProductBatch(Base):
    __tablename__ = "product_batches"
    id: Mapped[uuid.UUID] = uuid_pk()
    product_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("products.id"), index=True)
    batch_no: Mapped[str] = mapped_column(String(40))
    expiry: Mapped[date] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("product_id", "batch_no", name="uq_product_batch"),)
