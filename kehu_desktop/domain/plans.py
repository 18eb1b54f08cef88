"""Distribution plans (分销计划表, step 8): month arithmetic, when next month's plan is due, and
the rule that flags a dealership to withdraw. Pure.

- Next month's plan is filed in this month's last ten days, by day ``plan.file_by_day`` (a
  head-office setting, default 25). A month that has begun takes no plan.
- A customer is **below plan** in a month when it had a plan with a purchase amount and bought
  less than that from us (slips issued that month, voided ones not counted).
- ``plan.below_months`` (default 3) consecutive months below plan, ending with the month looked at,
  propose withdrawing the dealership; a month without a plan breaks the run (nothing to be below).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month``'s (negative: before)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def file_by(month: date, day: int) -> date:
    """The day by which the plan of ``month`` is filed: ``day`` of the month before (at most
    its last day)."""
    before = add_months(month, -1)
    last = (add_months(before, 1) - before).days
    return before.replace(day=min(day, last))


def below_plan(planned: Decimal | None, bought: Decimal) -> bool:
    return planned is not None and planned > 0 and bought < planned


def months_below(history: Mapping[date, tuple[Decimal | None, Decimal]], end: date) -> int:
    """How many consecutive months ending with ``end`` were below plan (``history``: month →
    (purchase plan or None, bought)); crosses year ends like any other month."""
    run = 0
    month = month_start(end)
    while month in history and below_plan(*history[month]):
        run += 1
        month = add_months(month, -1)
    return run
