"""Early warnings (预警, step 9): which conditions of a customer open a warning, with their numbers,
and who owns it. Pure: the job (``services.warnings``) gathers each customer's facts in a few
set-based queries and hands them here.

Kinds (domain.md step 9 and issue 9; every number is a head-office setting with a default):

=================  ==============================================================================
kind               condition
=================  ==============================================================================
near_limit         exposure at or above ``credit.near_limit_ratio`` (80 %) of this month's limit
overdue            a slip owing money after its due date
sales_falling      bought in the last 30 days less than ``warning.sales_drop_ratio`` (50 %) of the
                   30 days before (``drop``), or no purchase for more than
                   ``warning.interval_factor`` (2) × the customer's usual interval between
                   purchases (``interval``; needs ``MIN_PURCHASE_DAYS`` purchase days in 180),
                   or behind this month's distribution plan (``plan``): from day
                   ``warning.plan_from_day`` (10) on, bought this month under
                   ``warning.plan_pace_ratio`` (50 %) of the plan's pace (the month's purchase
                   plan × days gone / days in the month)
churn              no purchase for ``warning.churn_days`` (60) days by a customer who bought before
contract_expiring  the customer's last valid contract ends within ``warning.contract_days`` (30)
copy3_missing      copy ③ of a slip not back ``slip.copy3_overdue_days`` (7) days after issue
=================  ==============================================================================

Routing by grade (domain.md step 9): 1 → regional manager, 2 → marketing director, 3 → branch
GM, 4 and 5 → branch sales manager; a customer never graded is the sales manager's too.
"""

from __future__ import annotations

import uuid
from calendar import monthrange
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from kehu_desktop.domain.roles import Role

KINDS = (
    "near_limit",
    "overdue",
    "sales_falling",
    "churn",
    "contract_expiring",
    "copy3_missing",
)
#: Purchase days in the last 180 days that make a customer's usual interval worth comparing.
MIN_PURCHASE_DAYS = 3
HISTORY_DAYS = 180

_OWNERS: dict[int | None, Role] = {
    1: Role.REGIONAL_MANAGER,
    2: Role.MARKETING_DIRECTOR,
    3: Role.BRANCH_GM,
    4: Role.SALES_MANAGER,
    5: Role.SALES_MANAGER,
    None: Role.SALES_MANAGER,
}


def owner_role(grade: int | None) -> Role:
    """Who owns a warning on a customer of ``grade`` (None: never graded)."""
    if grade not in _OWNERS:
        raise ValueError(f"credit grade must be 1-5 or None, not {grade!r}")
    return _OWNERS[grade]


@dataclass(frozen=True)
class WarningSettings:
    near_limit_ratio: Decimal = Decimal("0.80")
    sales_drop_ratio: Decimal = Decimal("0.50")
    interval_factor: Decimal = Decimal("2")
    churn_days: int = 60
    contract_days: int = 30
    copy3_days: int = 7
    plan_pace_ratio: Decimal = Decimal("0.50")
    plan_from_day: int = 10


@dataclass(frozen=True)
class CustomerFacts:
    """What the job knows of one selected customer on a day."""

    customer_id: uuid.UUID
    grade: int | None = None
    limit: Decimal | None = None  # this month's limit in force (None: none, or unlimited)
    exposure: Decimal = Decimal("0.00")
    overdue_count: int = 0
    overdue_amount: Decimal = Decimal("0.00")
    overdue_days: int = 0  # the worst
    last_purchase: date | None = None
    bought_30: Decimal = Decimal("0.00")  # the last 30 days, today included
    bought_prior_30: Decimal = Decimal("0.00")  # the 30 days before those
    purchase_days: int = 0  # distinct days with a slip in the last HISTORY_DAYS days
    first_purchase_in_history: date | None = None
    contract_end: date | None = None  # the latest valid_to of the contracts valid today
    copy3_missing: int = 0
    copy3_oldest: date | None = None
    planned_purchase: Decimal | None = None  # this month's distribution plan, to buy from us
    bought_month: Decimal = Decimal("0.00")  # this month so far, today included


@dataclass(frozen=True)
class Condition:
    kind: str
    subject: str  # what within the kind ("drop" / "interval"); "" when one per customer
    numbers: dict[str, str] = field(default_factory=dict)


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def conditions(facts: CustomerFacts, today: date, rules: WarningSettings) -> list[Condition]:
    """The warning conditions that hold for the customer today, each with its numbers."""
    out: list[Condition] = []
    limit = facts.limit
    if limit is not None and limit > 0 and facts.exposure >= limit * rules.near_limit_ratio:
        share = (facts.exposure / limit * 100).quantize(Decimal("1"), ROUND_HALF_UP)
        out.append(
            Condition(
                "near_limit",
                "",
                {
                    "exposure": _money(facts.exposure),
                    "limit": _money(limit),
                    "percent": str(share),
                    "ratio": str(rules.near_limit_ratio),
                },
            )
        )
    if facts.overdue_count:
        out.append(
            Condition(
                "overdue",
                "",
                {
                    "slips": str(facts.overdue_count),
                    "amount": _money(facts.overdue_amount),
                    "days": str(facts.overdue_days),
                },
            )
        )
    idle = (today - facts.last_purchase).days if facts.last_purchase else None
    if idle is not None and idle >= rules.churn_days:
        out.append(
            Condition(
                "churn",
                "",
                {"last": facts.last_purchase.isoformat(), "days": str(idle)},  # type: ignore[union-attr]
            )
        )
    else:
        out.extend(_falling(facts, idle, rules))
        out.extend(_behind_plan(facts, today, rules))
    if facts.contract_end is not None:
        left = (facts.contract_end - today).days
        if left <= rules.contract_days:
            out.append(
                Condition(
                    "contract_expiring",
                    "",
                    {"ends": facts.contract_end.isoformat(), "days": str(left)},
                )
            )
    if facts.copy3_missing:
        out.append(
            Condition(
                "copy3_missing",
                "",
                {
                    "slips": str(facts.copy3_missing),
                    "oldest": facts.copy3_oldest.isoformat() if facts.copy3_oldest else "",
                    "days": str(rules.copy3_days),
                },
            )
        )
    return out


def _falling(facts: CustomerFacts, idle: int | None, rules: WarningSettings) -> list[Condition]:
    """Sales progress falling: a drop against the 30 days before, or a gap longer than usual
    (churn, a longer silence, is its own kind and checked first)."""
    out: list[Condition] = []
    if idle is None:  # never bought: nothing to fall from
        return out
    if (
        facts.bought_prior_30 > 0
        and facts.bought_30 < facts.bought_prior_30 * rules.sales_drop_ratio
    ):
        out.append(
            Condition(
                "sales_falling",
                "drop",
                {
                    "last_30": _money(facts.bought_30),
                    "prior_30": _money(facts.bought_prior_30),
                    "ratio": str(rules.sales_drop_ratio),
                },
            )
        )
    usual = usual_interval(facts)
    if usual is not None and idle > usual * rules.interval_factor:
        out.append(
            Condition(
                "sales_falling",
                "interval",
                {"days": str(idle), "usual": str(usual), "factor": str(rules.interval_factor)},
            )
        )
    return out


def _behind_plan(facts: CustomerFacts, today: date, rules: WarningSettings) -> list[Condition]:
    """Purchases behind this month's distribution plan: under ``plan_pace_ratio`` of where the
    plan's pace (evenly over the month's days) stands today. Not judged before ``plan_from_day``:
    a customer that buys once a fortnight is not behind on the 3rd."""
    planned = facts.planned_purchase
    if planned is None or planned <= 0 or today.day < rules.plan_from_day:
        return []
    days = monthrange(today.year, today.month)[1]
    pace = planned * today.day / days
    if facts.bought_month >= pace * rules.plan_pace_ratio:
        return []
    return [
        Condition(
            "sales_falling",
            "plan",
            {
                "planned": _money(planned),
                "pace": _money(pace),
                "bought": _money(facts.bought_month),
                "day": str(today.day),
                "ratio": str(rules.plan_pace_ratio),
            },
        )
    ]


def usual_interval(facts: CustomerFacts) -> Decimal | None:
    """The customer's average days between purchase days over the history window, when it has
    enough purchase days to say."""
    if (
        facts.purchase_days < MIN_PURCHASE_DAYS
        or facts.first_purchase_in_history is None
        or facts.last_purchase is None
    ):
        return None
    span = (facts.last_purchase - facts.first_purchase_in_history).days
    return (Decimal(span) / (facts.purchase_days - 1)).quantize(Decimal("0.1"), ROUND_HALF_UP)
