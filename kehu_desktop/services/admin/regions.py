"""Head office's numbers per marketing region, on one screen (head-office mode, issue 8): how
many customers a region may have selected (step 1, ``regions.max_customers``) and its quota of
approved credit limits (step 4, the setting ``credit.region_quota.<region>``), each beside what
the region uses now. The writes are the existing ones: ``selection.set_region_quota``
(``region.set_quota``) and ``settings.edit_setting`` (``settings.edit``)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import RegionQuotaView
from kehu_desktop.models import Branch
from kehu_desktop.models import CreditLimit
from kehu_desktop.models import Customer
from kehu_desktop.models import Region
from kehu_desktop.services.admin.settings import REGION_QUOTA_PREFIX
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import scope_condition
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers import selection

#: The most customers a region may be allowed (a typing slip, not a business rule).
MAX_CUSTOMERS = 1_000_000


def region_quotas(db: Database, actor: Actor) -> list[RegionQuotaView]:
    """The regions whose branches the actor reads (head office: all), by code, with their
    customer and credit quotas for this month and what is used of them. Anyone signed in."""
    today = db.clock.today()
    month = rules.month_start(today)
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        in_scope = scope_condition(actor, Branch.id)
        regions_stmt = select(Region).order_by(Region.code)
        if in_scope is not None:
            regions_stmt = regions_stmt.where(
                Region.id.in_(select(Branch.region_id).where(in_scope))
            )
        regions = list(s.execute(regions_stmt).scalars())
        branches = dict(
            s.execute(select(Branch.region_id, func.count()).group_by(Branch.region_id)).all()
        )
        selected = dict(
            s.execute(
                select(Branch.region_id, func.count())
                .join(Customer, Customer.branch_id == Branch.id)
                .where(Customer.status == "selected")
                .group_by(Branch.region_id)
            ).all()
        )
        approved: dict[uuid.UUID, Decimal] = {}
        for region_id, amount in s.execute(
            select(Branch.region_id, CreditLimit.amount)
            .join(Customer, Customer.branch_id == Branch.id)
            .join(CreditLimit, CreditLimit.customer_id == Customer.id)
            .where(
                CreditLimit.status == "approved",
                CreditLimit.month == month,
                CreditLimit.amount.is_not(None),
            )
        ):
            approved[region_id] = approved.get(region_id, Decimal(0)) + (amount or Decimal(0))
        return [
            RegionQuotaView(
                id=r.id,
                code=r.code,
                name=r.name,
                branches=int(branches.get(r.id, 0)),
                max_customers=r.max_customers,
                selected_customers=int(selected.get(r.id, 0)),
                quarter=rules.quarter_key(month),
                credit_quota=rules.region_quota_for(
                    get_setting(s, f"{REGION_QUOTA_PREFIX}{r.code}"), month
                ),
                approved_this_month=approved.get(r.id, Decimal(0)),
            )
            for r in regions
        ]


def set_region_max_customers(db: Database, actor: Actor, region_id: uuid.UUID, value: Any) -> None:
    """Head office's marketing head sets how many customers the region may have selected, as
    typed: a whole number, or nothing for no limit (``selection.set_region_quota``)."""
    text = "" if value is None else str(value).strip().replace(",", "")
    number: int | None = None
    if text:
        if not text.isdigit() or not 0 <= int(text) <= MAX_CUSTOMERS:
            raise ValidationFailed(
                [
                    FieldError(
                        "max_customers",
                        "setting.whole_range",
                        {"label": "客户数量", "min": 0, "max": MAX_CUSTOMERS},
                    )
                ]
            )
        number = int(text)
    selection.set_region_quota(db, actor, region_id, number)
