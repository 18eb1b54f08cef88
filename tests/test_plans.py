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
from kehu_desktop.services import products
from tests.factories import Branch
from tests.factories import Shop
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


def _codes(branch: Branch, shop: Shop) -> tuple[str, str]:
    admin = branch.actor(Role.ADMIN)
    goods = products.get_product(branch.db, admin, shop.goods_id)
    medicine = products.get_product(branch.db, admin, shop.medicine_id)
    return goods.code, medicine.code


def test_a_purchase_plan_by_product_is_checked_line_by_line_and_sums_the_plan(
    branch: Branch,
) -> None:
    shop = make_shop(branch, grade=3, limit="100000.00")
    other = make_shop(branch, name="上海乙医药有限公司", grade=3, limit="50000.00")
    goods, medicine = _codes(branch, shop)
    manager = branch.actor(Role.SALES_MANAGER)
    Line = plans.PlanLineInput
    bad = [
        plans.PlanInput(
            shop.customer_id,
            purchase_plan="9000",  # not the lines' total
            lines=[
                Line(goods, "600", "3000"),
                Line(medicine, "0", "-5"),  # quantity and amount wrong
                Line(None, None, None),  # blank: no line
                Line(goods, None, "100"),  # the same product twice
                Line("NO-SUCH", "1", "10"),  # not in the product list
                Line(None, "2", "30"),  # no product chosen
            ],
        ),
        plans.PlanInput(other.customer_id, lines=[Line(medicine, "1.5", "")]),
    ]
    with pytest.raises(ValidationFailed) as refused:
        plans.file_plans(branch.db, manager, DEC, bad)
    fields = {(e.field, e.code) for e in refused.value.errors}
    assert fields == {
        ("rows.0.purchase_plan", "plan.lines_sum"),
        ("rows.0.lines.1.quantity", "plan.line_quantity"),
        ("rows.0.lines.1.amount", "amount.negative"),
        ("rows.0.lines.3.product", "plan.line_product_twice"),
        ("rows.0.lines.4.product", "plan.line_unknown_product"),
        ("rows.0.lines.5.product", "plan.line_product"),
        ("rows.1.lines.0.quantity", "plan.line_quantity"),
        ("rows.1.lines.0.amount", "plan.line_amount"),
    }
    assert count(branch, DistributionPlan) == 0  # all or nothing

    good = [
        plans.PlanInput(
            shop.customer_id,
            lines=[Line(goods, "600", "3,000"), Line(medicine, None, "2000.50"), Line()],
        ),
        plans.PlanInput(other.customer_id, purchase_plan="500", lines=[Line(goods, "100", "500")]),
    ]
    grid = {r.customer_id: r for r in plans.file_plans(branch.db, manager, DEC, good)}
    first = grid[shop.customer_id]
    assert first.purchase_plan == D("5000.50")  # the lines' total
    assert [(ln.product_code, ln.quantity, ln.amount, ln.unit) for ln in first.lines] == [
        (goods, 600, D("3000.00"), "瓶"),
        (medicine, None, D("2000.50"), "盒"),
    ]
    assert first.lines[0].product_name == "维生素C咀嚼片"
    assert grid[other.customer_id].purchase_plan == D("500.00")
    # Next month's grid is prefilled with the lines too; filing it without lines drops them.
    branch.db.clock.set(date(2026, 12, 22))  # type: ignore[attr-defined]
    january = {r.customer_id: r for r in plans.plan_grid(branch.db, manager)}
    assert january[shop.customer_id].prefilled and len(january[shop.customer_id].lines) == 2
    jan = date(2027, 1, 1)
    plain = [plans.PlanInput(shop.customer_id, purchase_plan="7000")]
    filed = {r.customer_id: r for r in plans.file_plans(branch.db, manager, jan, plain)}
    assert filed[shop.customer_id].lines == () and filed[shop.customer_id].purchase_plan == D(
        "7000.00"
    )


def test_plan_against_actual_by_product_reads_the_slips_lines(branch: Branch) -> None:
    shop = make_shop(branch, grade=3, limit="100000.00")
    goods, medicine = _codes(branch, shop)
    manager = branch.actor(Role.SALES_MANAGER)
    Line = plans.PlanLineInput
    plans.file_plans(
        branch.db,
        manager,
        DEC,
        [
            plans.PlanInput(
                shop.customer_id, lines=[Line(goods, "1000", "5000"), Line(medicine, "50", "500")]
            )
        ],
    )
    pay(branch, sold(shop, "4000.00", issued=date(2026, 12, 10)), "4000.00")  # 800 at 5.00
    pay(branch, sold(shop, "500.00", issued=date(2026, 11, 20)), "500.00")  # not December's
    voided = sold(shop, "900.00", issued=date(2026, 12, 12))
    with branch.db.write() as s:
        s.scalars(select(Slip).where(Slip.number == voided)).one().status = "voided"
    branch.db.clock.set(date(2027, 1, 3))  # type: ignore[attr-defined]
    row = plans.plan_vs_actual(branch.db, manager, DEC)[0]
    assert row.purchase_plan == D("5500.00") and row.purchased == D("4000.00")
    assert [
        (ln.product_code, ln.planned_quantity, ln.bought_quantity, ln.planned_amount)
        + (ln.bought_amount,)
        for ln in row.lines
    ] == [
        (goods, 1000, 800, D("5000.00"), D("4000.00")),
        (medicine, 50, 0, D("500.00"), D("0.00")),
    ]
