"""Visits (issue 9, step 10): the schedule for every grade × role, each person's customers due
(overdue first), the log refusing bad input at its field with nothing written, a visit that
answers a warning, and each person's overdue visits for their manager. On SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import pytest
from sqlalchemy import select

from kehu_desktop.domain import visits as rules
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import EarlyWarning
from kehu_desktop.models import Visit
from kehu_desktop.services import visits
from kehu_desktop.services.admin import settings
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import count
from tests.factories import new_selected_customer
from tests.factories import set_grade

#: domain.md's table, cell by cell: grade → role → days between visits (months as days at the
#: table's shortest month multiple, checked separately below).
TABLE = {
    1: ("3m", "1m", "15d", "7d", "1d"),
    2: ("6m", "2m", "1m", "15d", "7d"),
    3: ("12m", "6m", "2m", "1m", "15d"),
    4: (None, "12m", "3m", "2m", "1m"),
    5: (None, None, "6m", "2m", "1m"),
}


@pytest.mark.parametrize("grade", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("role", rules.VISITING_ROLES)
def test_the_schedule_for_each_grade_and_role(grade: int, role: Role) -> None:
    cell = TABLE[grade][rules.VISITING_ROLES.index(role)]
    interval = rules.interval_for(rules.DEFAULT_SCHEDULE, grade, role)
    assert interval == rules.parse_interval(cell)
    if interval is None:
        return
    last = date(2026, 1, 31)
    due = rules.next_due(last, interval, date(2026, 11, 26))
    n, unit = interval
    expected = last + timedelta(days=n) if unit == "d" else rules.add_months(last, n)
    assert due == expected
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)  # month ends hold
    assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_a_schedule_setting_is_checked_cell_by_cell() -> None:
    rule = settings.rule_for("visit.schedule")
    assert rule is not None and rule.owner.value == "head_office"
    assert rule.default == rules.DEFAULT_SCHEDULE
    bad = {g: dict(row) for g, row in rules.DEFAULT_SCHEDULE.items()}
    bad["3"]["sales_rep"] = "fortnightly"
    with pytest.raises(ValidationFailed) as refused:
        rule.check("visit.schedule", rule.label, bad)
    assert "3/sales_rep" in refused.value.errors[0].message
    assert refused.value.errors[0].field == "visit.schedule"
    good = {g: dict(row) for g, row in rules.DEFAULT_SCHEDULE.items()}
    good["4"]["regional_manager"] = "12m"
    assert rule.check("visit.schedule", rule.label, good)["4"]["regional_manager"] == "12m"


def test_each_person_sees_whom_to_visit_overdue_first(branch: Branch) -> None:
    one = new_selected_customer(branch, "上海一级医药有限公司")
    three = new_selected_customer(branch, "上海三级医药有限公司")
    never = new_selected_customer(branch, "上海未评医药有限公司")
    set_grade(branch, one, 1)
    set_grade(branch, three, 3)
    rep = branch.actor(Role.SALES_REP)
    visits.record_visit(
        branch.db, rep, three, TODAY - timedelta(days=10), ["relationship"], "一切正常"
    )
    visits.record_visit(
        branch.db, rep, one, TODAY - timedelta(days=3), ["credit_and_sales"], "库存偏高"
    )
    due = visits.visits_due(branch.db, rep)
    by_name = {d.customer_name: d for d in due}
    # Grade 1: daily (3 days ago → 2 days overdue); grade 3: every half month (5 days left);
    # never graded: as grade 5, monthly, never visited: due today.
    assert by_name["上海一级医药有限公司"].overdue_days == 2
    assert by_name["上海一级医药有限公司"].interval == "1d"
    assert by_name["上海三级医药有限公司"].due == TODAY + timedelta(days=5)
    assert (
        by_name["上海未评医药有限公司"].due == TODAY
        and by_name["上海未评医药有限公司"].grade is None
    )
    assert due[0].customer_name == "上海一级医药有限公司"  # overdue first
    # The GM's own schedule: grade 1 every half month, grade 3 every 2 months, never visited.
    gm = visits.visits_due(branch.db, branch.actor(Role.BRANCH_GM))
    assert {d.customer_id for d in gm} == {one, three, never}
    assert {d.interval for d in gm if d.customer_id == three} == {"2m"}

    overview = visits.overdue_by_person(branch.db, branch.actor(Role.BRANCH_GM))
    rep_line = next(p for p in overview if p.role == "sales_rep")
    assert (rep_line.overdue, rep_line.oldest_overdue_days) == (1, 2)
    assert rep_line.due_soon == 2
    with pytest.raises(Forbidden):
        visits.overdue_by_person(branch.db, rep)


def test_bad_visits_are_refused_at_their_field_and_nothing_is_written(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    rep = branch.actor(Role.SALES_REP)
    with pytest.raises(ValidationFailed) as refused:
        visits.record_visit(branch.db, rep, cid, TODAY + timedelta(days=1), ["sightseeing"], " ")
    fields = {e.field: e.code for e in refused.value.errors}
    assert fields == {
        "visited_on": "visit.future",
        "purposes": "visit.bad_purpose",
        "findings": "required",
    }
    with pytest.raises(ValidationFailed) as no_purpose:
        visits.record_visit(branch.db, rep, cid, TODAY, [], "正常")
    assert no_purpose.value.errors[0].code == "visit.no_purpose"
    with pytest.raises(Forbidden):  # the cashier does not visit by the schedule
        visits.record_visit(
            branch.db, branch.actor(Role.CASHIER), cid, TODAY, ["relationship"], "x"
        )
    assert count(branch, Visit) == 0


def test_a_visits_follow_up_answers_the_visitors_warning(branch: Branch) -> None:
    cid = new_selected_customer(branch, "上海康健医药有限公司")
    set_grade(branch, cid, 4)
    with branch.db.write() as s:
        warning = EarlyWarning(
            customer_id=cid,
            kind="churn",
            subject="",
            numbers={"last": "2026-09-01", "days": "86"},
            grade=4,
            owner_role="sales_manager",
            history=[],
        )
        s.add(warning)
        s.flush()
        wid = warning.id
    rep = branch.actor(Role.SALES_REP)
    with pytest.raises(Forbidden):  # the rep does not own it: nothing written
        visits.record_visit(
            branch.db, rep, cid, TODAY, ["channel_problems"], "换了供应商", warning_id=wid
        )
    assert count(branch, Visit) == 0
    manager = branch.actor(Role.SALES_MANAGER)
    view = visits.record_visit(
        branch.db,
        manager,
        cid,
        TODAY,
        ["channel_problems", "relationship"],
        "客户转向竞争对手进货",
        "下周与总经理一同拜访，商谈返利",
        warning_id=wid,
    )
    assert view.visitor_role == "sales_manager" and view.warning_id == wid
    with branch.db.read() as s:
        row = s.get(EarlyWarning, wid)
        assert row is not None and row.investigation == "客户转向竞争对手进货"
        assert row.action == "下周与总经理一同拜访，商谈返利"
        assert s.scalars(select(Visit.findings)).all() == ["客户转向竞争对手进货"]
    history = visits.visits_of(branch.db, branch.actor(Role.CLERK), cid)
    assert [v.visitor for v in history] == ["sales_manager用户"]
