"""The demo branch's field work (steps 8-10), after its dispatch and credit history: distribution
plans with the sales rep's progress, a visit history, and early warnings of which the owner has
answered one and closed another, so that 分销计划, 拜访 and 预警 have something to show on the
first run, and a proposal to withdraw a dealership waiting for the branch GM. Through the real
services, each step by its role on its own day (the history's calendar).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from datetime import timedelta
from decimal import Decimal
from itertools import cycle

from kehu_desktop.db import Database
from kehu_desktop.domain import plans as plan_rules
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import PlanInput
from kehu_desktop.services import customers
from kehu_desktop.services import plans
from kehu_desktop.services import visits
from kehu_desktop.services import warnings
from kehu_desktop.services.base import Actor

__all__ = ["add_field_work"]

StandingOn = Callable[[date], AbstractContextManager[None]]

#: What the sales manager plans a credit customer to buy from us in a month, in yuan.
_PURCHASE_PLANS = (Decimal("1500"), Decimal("2000"), Decimal("3000"), Decimal("5000"))
#: The rep's visits: (days ago, purposes, findings, follow-up).
_VISITS: tuple[tuple[int, tuple[str, ...], str, str | None], ...] = (
    (24, ("relationship",), "与采购经理面谈，客户对到货及时性满意", None),
    (17, ("credit_and_sales",), "查看库存约两周用量，本月回款已安排", "月底前再确认回款"),
    (9, ("channel_problems",), "发现周边两家药店有窜货低价现象", "报销售经理核查货源"),
    (3, ("credit_and_sales", "relationship"), "门店新开两家，进货量将增加", None),
)


def add_field_work(
    db: Database,
    actors: dict[Role, Actor],
    standing_on: StandingOn,
    credit_ids: list[uuid.UUID],
    rng: random.Random,
    today: date,
    start: date,
) -> None:
    """Plans (this month's, and last month's when the credit set-up is older than that month),
    progress, visits and answered warnings. ``start``: the day the credit set-up was made."""
    if not credit_ids:
        return
    manager, rep = actors[Role.SALES_MANAGER], actors[Role.SALES_REP]
    this_month = plan_rules.month_start(today)
    for month in (plan_rules.add_months(this_month, -1), this_month):
        # Filed in the month before's last ten days, after the contracts exist.
        filed_on = max(start, plan_rules.file_by(month, 22))
        if filed_on >= month:
            continue
        rows = [
            PlanInput(
                cid,
                sales_target=amount * 2,
                purchase_plan=amount,
                payment_plan=amount * Decimal("0.8"),
                outlets_target=rng.randint(4, 12),
                stocking="区域内社区药店、诊所",
            )
            for cid, amount in zip(credit_ids, _amounts(rng, len(credit_ids)), strict=True)
        ]
        with standing_on(filed_on):
            plans.file_plans(db, manager, month, rows)
    with standing_on(today):
        for n, cid in enumerate(credit_ids[:3]):
            plans.log_progress(db, rep, cid, this_month, 2 + n, "已完成首批铺货，正在跟进新开门店")
    for cid, (days, purposes, findings, follow_up) in zip(cycle(credit_ids), _VISITS, strict=False):
        day = today - timedelta(days=days)
        with standing_on(day):
            visits.record_visit(db, rep, cid, day, purposes, findings, follow_up)
    if len(credit_ids) > 4:  # a proposal waiting for the GM in 客户审批 (step 8 into step 1)
        with standing_on(today):
            customers.propose_withdrawal(
                db,
                manager,
                credit_ids[-1],
                "连续三个月进货低于分销计划，且窜货问题经两次拜访未见改善，提议取消经销资格",
            )
    _answer_warnings(db, actors, standing_on, today)


def _amounts(rng: random.Random, n: int) -> list[Decimal]:
    return [rng.choice(_PURCHASE_PLANS) for _ in range(n)]


def _answer_warnings(
    db: Database, actors: dict[Role, Actor], standing_on: StandingOn, today: date
) -> None:
    """The job's run of today (the desktop runs it again at start-up and finds the same), then
    the sales manager answers the first warning he owns and answers and closes the second."""
    manager = actors[Role.SALES_MANAGER]
    with standing_on(today):
        warnings.run_warnings(db, Actor.system(manager.branch_id))
        owned = warnings.list_warnings(db, manager)
        if owned:
            warnings.respond_warning(
                db, manager, owned[0].id, "已电话联系客户了解原因", "安排业务员本周上门拜访"
            )
        if len(owned) > 1:
            second = owned[1].id
            warnings.respond_warning(db, manager, second, "客户说明系季节性调整", "下月跟踪进货")
            warnings.close_warning(db, manager, second, "已核实，风险可控")
