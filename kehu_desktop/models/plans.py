"""Distribution plans (分销计划表, step 8): the branch's plan per customer and month, filed by the
sales manager, and the sales rep's progress notes. Purchases and payments are never typed here:
they are read from the slips and payments of the month."""

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
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


class DistributionPlan(Base):
    __tablename__ = "distribution_plans"
    id: Mapped[uuid.UUID] = uuid_pk()
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    month: Mapped[date] = mapped_column(Date)  # first day of the month planned
    sales_target: Mapped[Decimal | None] = mapped_column(Money)  # the customer's own sales
    purchase_plan: Mapped[Decimal | None] = mapped_column(Money)  # to buy from us
    # Optional per product: [{"product": code, "quantity": n or None, "amount": "123.00"}]; with
    # lines, purchase_plan is their total (services/plans/grid.py)
    purchase_lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    stocking: Mapped[str | None] = mapped_column(Text)  # 铺货: outlets or areas to cover
    outlets_target: Mapped[int | None] = mapped_column(Integer)
    payment_plan: Mapped[Decimal | None] = mapped_column(Money)  # to pay us in the month
    filed_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("customer_id", "month", name="uq_distribution_plans_month"),)


class PlanProgress(Base):
    """A sales rep's note on a plan: outlets reached so far, what happened."""

    __tablename__ = "plan_progress"
    id: Mapped[uuid.UUID] = uuid_pk()
    plan_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("distribution_plans.id"), index=True
    )
    # The plan's customer again: the row's way to its branch (sync pushes it with the plan's).
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("customers.id"))
    logged_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    logged_on: Mapped[date] = mapped_column(Date)
    outlets_reached: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
