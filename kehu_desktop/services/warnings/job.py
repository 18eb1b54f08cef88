"""The early-warning job (step 9): every selected customer's facts in a handful of set-based
queries, the conditions of ``domain.warnings``, and the warnings brought up to date in one
transaction. Idempotent: a condition has one row (customer, kind, subject); a run opens it the
first time, refreshes its numbers while it holds, marks it cleared when it goes, and reopens a
closed one only when the condition comes back after it had cleared.

It runs at start-up, after each sync and on demand (``kehu warning run``, the 预警 screen), as
the system at the branch; head office keeps no warnings of its own (they are the branches').
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import type_coerce
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain import warnings as wrules
from kehu_desktop.models import Contract
from kehu_desktop.models import CreditGrade
from kehu_desktop.models import CreditLimit
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import DistributionPlan
from kehu_desktop.models import EarlyWarning
from kehu_desktop.models import Money
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import lock_region
from kehu_desktop.services.base import record_changes
from kehu_desktop.services.base import use_case
from kehu_desktop.services.base.records import get_setting
from kehu_desktop.services.base.records import is_head_office_in
from kehu_desktop.services.base.records import local_branch_in
from kehu_desktop.services.credit.common import RELEASED_STATUSES
from kehu_desktop.services.credit.common import benchmarks
from kehu_desktop.services.credit.common import credit_setting

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class JobReport:
    """What a run did: customers looked at, warnings opened, reopened, refreshed, cleared."""

    customers: int
    opened: int
    reopened: int
    refreshed: int
    cleared: int

    @property
    def changed(self) -> int:
        return self.opened + self.reopened + self.cleared


def warning_settings(s: Session) -> wrules.WarningSettings:
    def number(key: str) -> Any:
        return credit_setting(s, key)

    copy3 = get_setting(s, "slip.copy3_overdue_days")
    return wrules.WarningSettings(
        near_limit_ratio=rules.to_decimal(number("credit.near_limit_ratio")),
        sales_drop_ratio=rules.to_decimal(number("warning.sales_drop_ratio")),
        interval_factor=Decimal(int(number("warning.interval_factor"))),
        churn_days=int(number("warning.churn_days")),
        contract_days=int(number("warning.contract_days")),
        copy3_days=int(copy3) if copy3 is not None else wrules.WarningSettings.copy3_days,
        plan_pace_ratio=rules.to_decimal(number("warning.plan_pace_ratio")),
        plan_from_day=int(number("warning.plan_from_day")),
    )


def run_warnings(db: Database, actor: Actor) -> JobReport:
    """Bring the branch's warnings up to date with today's conditions (see the module). Who:
    anyone who sees warnings, or the system (at start-up, after a sync)."""
    permission = None if actor.user_id is None else "warning.view"
    with use_case(db, actor, permission) as (s, actor):
        if is_head_office_in(s):
            return JobReport(0, 0, 0, 0, 0)
        today = db.clock.today()
        now = db.clock.now()
        branch_id = local_branch_in(s)
        if branch_id is not None:
            # One job at a time (start-up on the DB worker, a sync on its own thread): the
            # second waits and then finds the first one's rows.
            lock_region(s, branch_id)
        facts = _gather_facts(s, today, branch_id)
        settings = warning_settings(s)
        found: dict[tuple[uuid.UUID, str, str], tuple[wrules.Condition, int | None]] = {}
        for fact in facts.values():
            for condition in wrules.conditions(fact, today, settings):
                key = (fact.customer_id, condition.kind, condition.subject)
                found[key] = (condition, fact.grade)
        states = _existing(s, facts)
        # Only the rows that change are loaded as objects: most runs find what the last found.
        touched: set[uuid.UUID] = set()
        for key, (condition, _grade) in found.items():
            state = states.get(key)
            if state is not None and (
                state.cleared_at is not None or state.numbers != condition.numbers
            ):
                touched.add(state.id)
        touched |= {st.id for key, st in states.items() if key not in found and not st.cleared_at}
        rows = _load(s, touched)
        opened = reopened = refreshed = cleared = 0
        changes: list[tuple[str, EarlyWarning]] = []
        for key, (condition, grade) in found.items():
            state = states.get(key)
            if state is None:
                row = EarlyWarning(
                    customer_id=key[0],
                    kind=condition.kind,
                    subject=condition.subject,
                    numbers=condition.numbers,
                    grade=grade,
                    owner_role=wrules.owner_role(grade).value,
                    status="open",
                    opened_at=now,
                    times_opened=1,
                    seen_at=now,
                    history=[],
                )
                s.add(row)
                opened += 1
                changes.append(("early_warning", row))
                continue
            if state.id not in rows:
                continue  # unchanged: nothing written, nothing sent
            row = rows[state.id]
            if row.status == "closed" and row.cleared_at is not None:
                _reopen(row, grade, now)
                reopened += 1
            else:
                refreshed += 1
            row.numbers = condition.numbers
            row.seen_at = now
            row.cleared_at = None
            changes.append(("early_warning", row))
        for key, state in states.items():  # conditions that no longer hold
            if key not in found and state.id in rows:
                row = rows[state.id]
                row.cleared_at = now
                cleared += 1
                changes.append(("early_warning", row))
        report = JobReport(len(facts), opened, reopened, refreshed, cleared)
        s.flush()
        if report.changed:  # one record per run that opened, reopened or cleared anything
            audit(
                s,
                actor,
                "warnings_run",
                entity="early_warning",
                after={
                    "customers": report.customers,
                    "opened": opened,
                    "reopened": reopened,
                    "refreshed": refreshed,
                    "cleared": cleared,
                },
            )
        if branch_id is not None and changes:
            record_changes(s, branch_id, changes)
        return report


def _reopen(row: EarlyWarning, grade: int | None, now: Any) -> None:
    """A closed warning whose condition came back after it had cleared: a new round, the last
    one kept in ``history``, routed by the grade of today."""
    past = {
        "opened_at": row.opened_at.isoformat(),
        "investigation": row.investigation,
        "action": row.action,
        "responded_by": str(row.responded_by) if row.responded_by else None,
        "responded_at": row.responded_at.isoformat() if row.responded_at else None,
        "closing": row.closing,
        "closed_by": str(row.closed_by) if row.closed_by else None,
        "closed_at": row.closed_at.isoformat() if row.closed_at else None,
    }
    row.history = [*row.history, past]
    row.status = "open"
    row.opened_at = now
    row.times_opened += 1
    row.grade = grade
    row.owner_role = wrules.owner_role(grade).value
    row.investigation = row.action = row.closing = None
    row.responded_by = row.closed_by = None
    row.responded_at = row.closed_at = None


@dataclass(frozen=True)
class _State:
    id: uuid.UUID
    numbers: dict[str, Any]
    cleared_at: Any


def _existing(
    s: Session, facts: dict[uuid.UUID, wrules.CustomerFacts]
) -> dict[tuple[uuid.UUID, str, str], _State]:
    """The warnings of the customers looked at, as plain values (a customer no longer selected
    keeps its rows as they are: nothing is cleared for it)."""
    out: dict[tuple[uuid.UUID, str, str], _State] = {}
    columns = (
        EarlyWarning.id,
        EarlyWarning.customer_id,
        EarlyWarning.kind,
        EarlyWarning.subject,
        EarlyWarning.numbers,
        EarlyWarning.cleared_at,
    )
    for wid, cid, kind, subject, numbers, cleared_at in s.execute(select(*columns)):
        if cid in facts:
            out[(cid, kind, subject)] = _State(wid, numbers, cleared_at)
    return out


def _load(s: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, EarlyWarning]:
    out: dict[uuid.UUID, EarlyWarning] = {}
    wanted = list(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        out.update(
            {
                row.id: row
                for row in s.scalars(select(EarlyWarning).where(EarlyWarning.id.in_(chunk)))
            }
        )
    return out


# --------------------------------------------------------------------------------------------
# The facts, set-based
# --------------------------------------------------------------------------------------------


def _gather_facts(
    s: Session, today: date, branch_id: uuid.UUID | None
) -> dict[uuid.UUID, wrules.CustomerFacts]:
    """Every selected customer's facts (of ``branch_id``, or every customer's when None)."""
    mine = Customer.status == "selected"
    if branch_id is not None:
        mine = and_(mine, Customer.branch_id == branch_id)
    ids = [cid for (cid,) in s.execute(select(Customer.id).where(mine))]
    if not ids:
        return {}
    chosen = select(Customer.id).where(mine)
    values: dict[uuid.UUID, dict[str, Any]] = {cid: {} for cid in ids}
    grades = _grades(s, chosen, today)
    for cid, grade in grades.items():
        values[cid]["grade"] = grade
    _limits(s, chosen, today, grades, values)
    _exposure(s, chosen, today, values)
    _purchases(s, chosen, today, values)
    _contracts(s, chosen, today, values)
    _copy3(s, chosen, today, values)
    _plans(s, chosen, today, values)
    return {cid: wrules.CustomerFacts(cid, **v) for cid, v in values.items()}


def _grades(s: Session, chosen: Any, today: date) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = {}
    rows = s.execute(
        select(CreditGrade.customer_id, CreditGrade.grade)
        .where(CreditGrade.customer_id.in_(chosen), CreditGrade.effective_from <= today)
        .order_by(CreditGrade.effective_from, CreditGrade.set_at)
    )
    for cid, grade in rows:
        out[cid] = grade  # the latest wins
    return out


def _limits(
    s: Session,
    chosen: Any,
    today: date,
    grades: dict[uuid.UUID, int],
    values: dict[uuid.UUID, dict[str, Any]],
) -> None:
    marks = benchmarks(s)
    rows = s.execute(
        select(
            CreditLimit.customer_id, CreditLimit.grade, CreditLimit.unlimited, CreditLimit.amount
        )
        .where(
            CreditLimit.customer_id.in_(chosen),
            CreditLimit.month == rules.month_start(today),
            CreditLimit.status == "approved",
        )
        .order_by(CreditLimit.decided_at)
    )
    for cid, limit_grade, unlimited, amount in rows:
        mode, limit = rules.limit_in_force(limit_grade, unlimited, amount, grades.get(cid), marks)
        values[cid]["limit"] = limit if mode == "limit" else None


def _exposure(
    s: Session, chosen: Any, today: date, values: dict[uuid.UUID, dict[str, Any]]
) -> None:
    """Unpaid slips (and, of them, the credit-sale slips past due) plus released notes with no
    slip yet: the exposure of services.credit.position, for all customers at once."""
    # Correlated, by the allocations' slip index: each slip's own few rows, no grouping of
    # every allocation of the branch (which cost 4x as much at 10k customers).
    paid = (
        select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
        .where(PaymentAllocation.slip_id == Slip.id)
        .correlate(Slip)
        .scalar_subquery()
    )
    owed = type_coerce(Slip.total - paid, Money())
    issued = (
        select(
            Slip.customer_id,
            Slip.kind,
            Slip.issue_date,
            Slip.due_date,
            owed.label("owed"),
        )
        .where(Slip.customer_id.in_(chosen), Slip.status == "issued")
        .subquery()
    )
    open_slips = s.execute(select(issued).where(issued.c.owed > 0))
    for cid, kind, issued, due, amount in open_slips:
        v = values[cid]
        v["exposure"] = v.get("exposure", ZERO) + amount
        if kind != "credit_sale":
            continue
        days = (today - (due or issued)).days
        if days > 0:
            v["overdue_count"] = v.get("overdue_count", 0) + 1
            v["overdue_amount"] = v.get("overdue_amount", ZERO) + amount
            v["overdue_days"] = max(v.get("overdue_days", 0), days)
    slipped = exists().where(Slip.dispatch_note_id == DispatchNote.id, Slip.status != "voided")
    notes = s.execute(
        select(DispatchNote.customer_id, type_coerce(func.sum(DispatchNote.total), Money()))
        .where(
            DispatchNote.customer_id.in_(chosen),
            DispatchNote.status.in_(RELEASED_STATUSES),
            ~slipped,
        )
        .group_by(DispatchNote.customer_id)
    )
    for cid, total in notes:
        values[cid]["exposure"] = values[cid].get("exposure", ZERO) + (total or ZERO)


def _purchases(
    s: Session, chosen: Any, today: date, values: dict[uuid.UUID, dict[str, Any]]
) -> None:
    """The last purchase ever, and over the history window: the purchase days, the first of
    them, the last 30 days' and the 30 days before's amounts, and this month's so far."""
    month = rules.month_start(today)
    recent = today - timedelta(days=29)
    prior = today - timedelta(days=59)
    window = today - timedelta(days=wrules.HISTORY_DAYS - 1)
    zero = type_coerce(0, Money())
    rows = s.execute(
        select(
            Slip.customer_id,
            func.max(Slip.issue_date),
            func.count(func.distinct(case((Slip.issue_date >= window, Slip.issue_date)))),
            func.min(case((Slip.issue_date >= window, Slip.issue_date))),
            type_coerce(
                func.sum(case((Slip.issue_date >= recent, Slip.total), else_=zero)), Money()
            ),
            type_coerce(
                func.sum(
                    case(
                        (and_(Slip.issue_date >= prior, Slip.issue_date < recent), Slip.total),
                        else_=zero,
                    )
                ),
                Money(),
            ),
            type_coerce(
                func.sum(case((Slip.issue_date >= month, Slip.total), else_=zero)), Money()
            ),
        )
        .where(Slip.customer_id.in_(chosen), Slip.status == "issued", Slip.issue_date <= today)
        .group_by(Slip.customer_id)
    )
    for cid, last, days, first, last_30, prior_30, this_month in rows:
        v = values[cid]
        v["last_purchase"] = last
        v["purchase_days"] = int(days or 0)
        v["first_purchase_in_history"] = first
        v["bought_30"] = last_30 or ZERO
        v["bought_prior_30"] = prior_30 or ZERO
        v["bought_month"] = this_month or ZERO


def _plans(s: Session, chosen: Any, today: date, values: dict[uuid.UUID, dict[str, Any]]) -> None:
    """This month's distribution plan: what the customer planned to buy from us."""
    rows = s.execute(
        select(DistributionPlan.customer_id, DistributionPlan.purchase_plan).where(
            DistributionPlan.customer_id.in_(chosen),
            DistributionPlan.month == rules.month_start(today),
            DistributionPlan.purchase_plan.is_not(None),
        )
    )
    for cid, planned in rows:
        values[cid]["planned_purchase"] = planned


def _contracts(
    s: Session, chosen: Any, today: date, values: dict[uuid.UUID, dict[str, Any]]
) -> None:
    """The last day the customer is under contract: the latest end of the contracts valid today
    or signed to start later (a renewal already signed means nothing is expiring), for the
    customers with a contract valid today."""
    current = (
        select(Contract.customer_id)
        .where(
            Contract.customer_id.in_(chosen),
            Contract.valid_from <= today,
            Contract.valid_to >= today,
            Contract.ended_at.is_(None),
        )
        .distinct()
    )
    rows = s.execute(
        select(Contract.customer_id, func.max(Contract.valid_to))
        .where(
            Contract.customer_id.in_(current),
            Contract.valid_to >= today,
            Contract.ended_at.is_(None),
        )
        .group_by(Contract.customer_id)
    )
    for cid, end in rows:
        values[cid]["contract_end"] = end


def _copy3(s: Session, chosen: Any, today: date, values: dict[uuid.UUID, dict[str, Any]]) -> None:
    copy3 = get_setting(s, "slip.copy3_overdue_days")
    days = int(copy3) if copy3 is not None else wrules.WarningSettings.copy3_days
    rows = s.execute(
        select(Slip.customer_id, func.count(), func.min(Slip.issue_date))
        .where(
            Slip.customer_id.in_(chosen),
            Slip.status == "issued",
            Slip.copy3_returned_at.is_(None),
            Slip.issue_date <= today - timedelta(days=days),
        )
        .group_by(Slip.customer_id)
    )
    for cid, count, oldest in rows:
        values[cid]["copy3_missing"] = int(count)
        values[cid]["copy3_oldest"] = oldest
