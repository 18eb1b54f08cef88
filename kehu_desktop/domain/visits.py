"""Visits (拜访, step 10): the schedule by grade and role, and when a customer is next due.
Pure: the schedule is data (a head-office setting, ``visit.schedule``), passed in.

domain.md's table, where the rule book lost the digit of "every N months" and the default is
ours (N = 3, 2, 2, 3, 2 as the cells say):

=====  ================  ===================  ================  ================  ==============
grade  regional manager  marketing director   branch GM         sales manager     sales rep
=====  ================  ===================  ================  ================  ==============
1      every 3 months    monthly              every half month  weekly            daily
2      half-yearly       every 2 months       monthly           every half month  weekly
3      yearly            half-yearly          every 2 months    monthly           every half month
4      —                 yearly               every 3 months    every 2 months    monthly
5      —                 —                    half-yearly       every 2 months    monthly
=====  ================  ===================  ================  ================  ==============

An interval is ``"<n>d"`` (days: daily 1d, weekly 7d, half a month 15d) or ``"<n>m"`` (calendar
months: monthly 1m, half-yearly 6m, yearly 12m); ``None`` is no visit. A customer never visited
by the person is due today.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date
from datetime import timedelta
from typing import Any

from kehu_desktop.domain.roles import Role

#: The rule book's three purposes of a visit.
PURPOSES: dict[str, str] = {
    "relationship": "保持联系，巩固关系",
    "credit_and_sales": "了解客户资信和销售情况",
    "channel_problems": "发现渠道问题并研究解决办法",
}
#: The roles that visit, in the table's order.
VISITING_ROLES = (
    Role.REGIONAL_MANAGER,
    Role.MARKETING_DIRECTOR,
    Role.BRANCH_GM,
    Role.SALES_MANAGER,
    Role.SALES_REP,
)

_R, _D, _G, _M, _S = (r.value for r in VISITING_ROLES)
DEFAULT_SCHEDULE: dict[str, dict[str, str | None]] = {
    "1": {_R: "3m", _D: "1m", _G: "15d", _M: "7d", _S: "1d"},
    "2": {_R: "6m", _D: "2m", _G: "1m", _M: "15d", _S: "7d"},
    "3": {_R: "12m", _D: "6m", _G: "2m", _M: "1m", _S: "15d"},
    "4": {_R: None, _D: "12m", _G: "3m", _M: "2m", _S: "1m"},
    "5": {_R: None, _D: None, _G: "6m", _M: "2m", _S: "1m"},
}
_INTERVAL = re.compile(r"^([1-9][0-9]{0,2})([dm])$")


def parse_interval(text: str | None) -> tuple[int, str] | None:
    """``"15d"`` → (15, "d"); ``None`` → None; anything else: ValueError."""
    if text is None:
        return None
    found = _INTERVAL.match(str(text).strip())
    if found is None:
        raise ValueError(text)
    return int(found.group(1)), found.group(2)


def check_schedule(value: Any) -> dict[str, dict[str, str | None]]:
    """The schedule as stored: every grade 1-5 and every visiting role, each an interval or
    None; ValueError naming the first bad cell ("3/sales_rep")."""
    if not isinstance(value, Mapping):
        raise ValueError("schedule")
    out: dict[str, dict[str, str | None]] = {}
    for grade in ("1", "2", "3", "4", "5"):
        row = value.get(grade, value.get(int(grade)))
        if not isinstance(row, Mapping):
            raise ValueError(grade)
        out[grade] = {}
        for role in VISITING_ROLES:
            cell = row.get(role.value)
            try:
                parse_interval(cell)
            except ValueError:
                raise ValueError(f"{grade}/{role.value}") from None
            out[grade][role.value] = None if cell is None else str(cell).strip()
    return out


def interval_for(
    schedule: Mapping[str, Mapping[str, str | None]], grade: int | None, role: Role
) -> tuple[int, str] | None:
    """How often ``role`` visits a customer of ``grade`` (a customer never graded as grade 5:
    the least often); None: that role does not visit that grade."""
    row = schedule.get(str(grade if grade in (1, 2, 3, 4, 5) else 5), {})
    return parse_interval(row.get(role.value))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_due(last: date | None, interval: tuple[int, str], today: date) -> date:
    """When the next visit is due: ``interval`` after the last one, or today if never."""
    if last is None:
        return today
    n, unit = interval
    return last + timedelta(days=n) if unit == "d" else add_months(last, n)
