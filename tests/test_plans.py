"""Distribution plans (issue 9, step 8): next month's grid prefilled from this month's, filed all
or nothing with each bad cell refused at its row and column, a month that has begun refused, the
sales rep's progress, plan against the month's slips and payments, and N consecutive months below
plan across a year end proposing a withdrawal. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from kehu_desktop.domain import plans as rules
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import DistributionPlan
from kehu_desktop.models import Slip
from kehu_desktop.services import my_work as work
from kehu_desktop.services import plans
from tests.factories import Branch
from tests.factories import count
from tests.factories import make_shop
from tests.factories import new_selected_customer
from tests.factories import pay
from tests.test_warnings import sold

D = Decimal
TODAY = date(2026, 11, 26)  # the business clock (tests/conftest.py): November's last ten days
DEC = date(2026, 12, 1)


def test_months_below_plan_run_across_a_year_end() -> None:
    history = {
        date(2026, 10, 1): (D("100"), D("120")),  # above: the run starts after it
        date(2026, 11, 1): (D("100"), D("50")),
        date(2026, 12, 1): (D("100"), D("99.99")),
        date(2027, 1, 1): (D("100"), D("0")),
    }
    assert rules.months_below(history, date(2027, 1, 1)) == 3
    assert rules.months_below(history, date(2026, 12, 31)) == 2
    history[date(2026, 12, 1)] = (None, D("0"))  # no plan in December: the run breaks
    assert rules.months_below(history, date(2027, 1, 1)) == 1
    assert rules.add_months(date(2026, 11, 1), 2) == date(2027, 1, 1)
    assert rules.add_months(date(2027, 1, 1), -1) == date(2026, 12, 1)
    assert rules.file_by(date(2027, 3, 1), 31) == date(2027, 2, 28)


def test_the_grid_files_all_or_nothing_and_prefills_next_month(branch: Branch) -> None:
    first = make_shop(branch, name="上海甲医药有限公司", grade=3, limit="50000.00")
    second = make_shop(branch, name="上海乙医药有限公司", grade=3, limit="50000.00")
    cash = make_shop(branch, name="上海现款医药有限公司", grade=5, terms="cash", limit=None)
    new_selected_customer(branch, "上海无合同医药有限公司")
    manager = branch.actor(Role.SALES_MANAGER)
    grid = plans.plan_grid(branch.db, manager)  # next month: December
    assert {r.customer_name for r in grid} == {"上海甲医药有限公司", "上海乙医药有限公司"}
    assert cash.customer_id not in {r.customer_id for r in grid}
    assert all(r.month == DEC and r.plan_id is None and not r.prefilled for r in grid)

    rows = [
        plans.PlanInput(first.customer_id, "100000", "30000", "25000", "浦东新区10家药店", "10"),
        plans.PlanInput(second.customer_id, "8万", "-5", "", None, "三家"),
    ]
    with pytest.raises(ValidationFailed) as refused:
        plans.file_plans(branch.db, manager, DEC, rows)
    fields = {e.field for e in refused.value.errors}
    assert fields == {"rows.1.sales_target", "rows.1.purchase_plan", "rows.1.outlets_target"}
    assert count(branch, DistributionPlan) == 0  # the good row was not saved either
    with pytest.raises(ValidationFailed) as begun:
        plans.file_plans(branch.db, manager, date(2026, 11, 1), rows[:1])
    assert begun.value.errors[0].field == "month"
    with pytest.raises(Forbidden):
        plans.file_plans(branch.db, branch.actor(Role.SALES_REP), DEC, rows[:1])

    # A row left empty files nothing (it would count as filed and break the below-plan run).
    plans.file_plans(branch.db, manager, DEC, [plans.PlanInput(second.customer_id)])
    assert count(branch, DistributionPlan) == 0
    filed = plans.file_plans(branch.db, manager, DEC, rows[:1])
    mine = next(r for r in filed if r.customer_id == first.customer_id)
    assert mine.plan_id is not None and mine.purchase_plan == D("30000.00")
    assert mine.stocking == "浦东新区10家药店" and mine.outlets_target == 10
    # Changed before December begins: the same row.
    plans.file_plans(
        branch.db, manager, DEC, [plans.PlanInput(first.customer_id, purchase_plan="32000")]
    )
    assert count(branch, DistributionPlan) == 1

    # In December, January's grid starts from December's plan.
    branch.db.clock.set(date(2026, 12, 22))  # type: ignore[attr-defined]
    january = {r.customer_id: r for r in plans.plan_grid(branch.db, manager)}
    assert january[first.customer_id].prefilled
    assert january[first.customer_id].purchase_plan == D("32000.00")
    assert january[second.customer_id].purchase_plan is None
    # 我的待办: two customers lack January's plan; after the 25th it is late.
    assert plans.plans_to_file(branch.db, manager) == (2, False)
    branch.db.clock.set(date(2026, 12, 27))  # type: ignore[attr-defined]
    items = {i.key: i for i in work.my_work(branch.db, manager)}
    assert items["plans"].count == 2 and items["plans"].urgent == 2


def test_plan_against_actual_and_the_withdrawal_rule(branch: Branch) -> None:
    shop = make_shop(branch, grade=3, limit="100000.00")
    cid = shop.customer_id
    manager = branch.actor(Role.SALES_MANAGER)
    with pytest.raises(Conflict):  # no plan yet for December
        plans.log_progress(branch.db, branch.actor(Role.SALES_REP), cid, DEC, 2, "首批铺货")
    # Plans for December and January, filed in time; then three months' purchases.
    plans.file_plans(branch.db, manager, DEC, [plans.PlanInput(cid, purchase_plan="10000")])
    rep = branch.actor(Role.SALES_REP)
    branch.db.clock.set(date(2026, 12, 22))  # type: ignore[attr-defined]
    plans.file_plans(
        branch.db,
        manager,
        date(2027, 1, 1),
        [plans.PlanInput(cid, purchase_plan="10000", payment_plan="5000", outlets_target="6")],
    )
    branch.db.clock.set(date(2026, 11, 26))  # type: ignore[attr-defined]
    number = sold(shop, "4000.00", issued=date(2026, 12, 10))
    pay(branch, number, "4000.00")
    pay(branch, sold(shop, "3000.00", issued=date(2027, 1, 5)), "3000.00")
    voided = sold(shop, "9000.00", issued=date(2027, 1, 6))  # voided: not bought
    with branch.db.write() as s:
        slip = s.scalars(select(Slip).where(Slip.number == voided)).one()
        slip.status = "voided"
    branch.db.clock.set(date(2027, 1, 20))  # type: ignore[attr-defined]
    plans.log_progress(branch.db, rep, cid, date(2027, 1, 1), 4, "已铺货四家药店")
    with pytest.raises(ValidationFailed) as blank:
        plans.log_progress(branch.db, rep, cid, date(2027, 1, 1), None, " ")
    assert blank.value.errors[0].field == "note"

    unfinished = plans.plan_vs_actual(branch.db, manager, date(2027, 1, 1))
    assert not unfinished[0].below and unfinished[0].months_below == 0  # January not over
    branch.db.clock.set(date(2027, 2, 2))  # type: ignore[attr-defined]
    january = plans.plan_vs_actual(branch.db, manager, date(2027, 1, 1))
    assert len(january) == 1
    row = january[0]
    assert (row.purchase_plan, row.purchased) == (D("10000.00"), D("3000.00"))
    assert row.outlets_target == 6 and row.outlets_reached == 4
    assert row.below and row.months_below == 2 and not row.withdraw  # December was below too
    # With the setting at 2 months, the run proposes withdrawing the dealership.
    from kehu_desktop.services.base import put_setting

    with branch.db.write() as s:
        put_setting(s, "plan.below_months", 2)
    assert plans.plan_vs_actual(branch.db, manager, date(2027, 1, 1))[0].withdraw
    december = plans.plan_vs_actual(branch.db, manager, DEC)[0]
    assert december.purchased == D("4000.00") and december.paid == D("0.00")  # paid 11-26
    assert december.months_below == 1
