"""Credit grades with history (step 3) and monthly limits with their approvals (step 4):
applications, decisions (the approver by grade, the caps, the region quota of the quarter),
pending applications and the limits of a customer.

Every write is one transaction, checks the caller's roles, is audited and writes an outbox row.
``services.credit`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import parse_amount
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import GradeView
from kehu_desktop.dto import LimitView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Branch
from kehu_desktop.models import CreditGrade
from kehu_desktop.models import CreditLimit
from kehu_desktop.models import Customer
from kehu_desktop.models import LimitDecision
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import lock_region
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case
from kehu_desktop.services.base.records import is_head_office_in
from kehu_desktop.services.credit.common import _acting_role
from kehu_desktop.services.credit.common import _customer
from kehu_desktop.services.credit.common import _customer_record_written
from kehu_desktop.services.credit.common import _customer_rows
from kehu_desktop.services.credit.common import _local_date
from kehu_desktop.services.credit.common import _text
from kehu_desktop.services.credit.common import benchmarks
from kehu_desktop.services.credit.common import credit_setting
from kehu_desktop.services.credit.common import in_scope
from kehu_desktop.services.credit.common import user_names
from kehu_desktop.services.customers import visible_to

# --------------------------------------------------------------------------------------------
# Grades (step 3)
# --------------------------------------------------------------------------------------------


def grade_on(s: Session, customer_id: uuid.UUID, on: date) -> CreditGrade | None:
    """The grade in force on ``on``: the latest ``effective_from`` on or before it (a correction
    on the same date, set later, wins)."""
    return s.execute(
        select(CreditGrade)
        .where(CreditGrade.customer_id == customer_id, CreditGrade.effective_from <= on)
        .order_by(CreditGrade.effective_from.desc(), CreditGrade.set_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def set_grade(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    grade: int,
    *,
    effective_from: date,
    reason: str,
) -> GradeView:
    """Record a customer's credit grade (1-5) from ``effective_from`` on, keeping the history.

    Callers: the marketing director of the customer's region, and nobody else. The rule book's
    workflow is "sales manager fills the evaluation, GM reviews, marketing director approves";
    until the evaluation exists the approver alone sets the grade (a branch GM who could set
    it could then approve the grade-3 limit that follows). Refuses: a grade outside 1-5, no
    reason.
    """
    errors = []
    if not isinstance(grade, int) or isinstance(grade, bool) or grade not in rules.GRADES:
        errors.append(FieldError("grade", "credit.grade_range"))
    reason_text = _text(reason)
    if reason_text is None:
        errors.append(FieldError("reason", "required", {"label": "评级理由"}))
    with use_case(db, actor, "credit.set_grade") as (s, actor):
        customer = _customer(s, actor, customer_id, lock=True)
        _acting_role(s, actor, customer, [Role.MARKETING_DIRECTOR], "credit.set_grade")
        if errors:
            raise ValidationFailed(errors)
        assert actor.user_id is not None, "grades need a signed-in user"
        before = grade_on(s, customer.id, effective_from)
        row = CreditGrade(
            customer_id=customer.id,
            grade=grade,
            effective_from=effective_from,
            source="manual",
            reason=reason_text,
            set_by=actor.user_id,
            set_at=db.clock.now(),
        )
        s.add(row)
        s.flush()
        _customer_record_written(
            s,
            actor,
            customer,
            "credit_grade_set",
            "credit_grade",
            row,
            before={"grade": before.grade if before else None},
            detail=reason_text,
        )
        return _grade_view(row, {actor.user_id: actor.display_name})


def grade_history(db: Database, actor: Actor, customer_id: uuid.UUID) -> list[GradeView]:
    """Every grade recorded for the customer, newest effective date first."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        rows = _customer_rows(
            s,
            actor,
            customer_id,
            CreditGrade,
            CreditGrade.effective_from.desc(),
            CreditGrade.set_at.desc(),
        )
        names = user_names(s, (r.set_by for r in rows))
        return [_grade_view(r, names) for r in rows]


def _grade_view(row: CreditGrade, names: dict[uuid.UUID, str]) -> GradeView:
    return filled(GradeView, row, set_by=names.get(row.set_by, "?"))


# --------------------------------------------------------------------------------------------
# Monthly limits (step 4)
# --------------------------------------------------------------------------------------------


def approved_limit(s: Session, customer_id: uuid.UUID, month: date) -> CreditLimit | None:
    """The limit that counts for the month: the latest approved row (a raise supersedes)."""
    return s.execute(
        select(CreditLimit)
        .where(
            CreditLimit.customer_id == customer_id,
            CreditLimit.month == rules.month_start(month),
            CreditLimit.status == "approved",
        )
        .order_by(CreditLimit.decided_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def _judged_grade(s: Session, customer_id: uuid.UUID, month: date, today: date) -> int | None:
    """The grade a limit for ``month`` is judged on: the one in force on the month's first day,
    or today's if the month has already begun (a raise after a mid-month re-rating)."""
    row = grade_on(s, customer_id, max(month, today))
    return row.grade if row else None


def apply_limit(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    month: date,
    amount: Decimal | str | None,
    *,
    unlimited: bool = False,
    comment: str | None = None,
) -> LimitView:
    """The branch's sales manager applies for a customer's limit for ``month`` (this month, for a
    raise, or a later one). Grade 1 may ask for the explicit unlimited mode (or an amount).

    Refuses: no grade or grade 5 (cash only), unlimited for grades 2-5, an amount above the
    grade's cap (message with both numbers), a past month, a second open application.
    """
    today = db.clock.today()
    month = rules.month_start(month)
    if month < rules.month_start(today):
        raise ValidationFailed([FieldError("month", "limit.past_month")])
    value = parse_amount(amount, field="amount", label="授信额度") if amount is not None else None
    comment = _text(comment)
    with use_case(db, actor, "credit.apply_limit") as (s, actor):
        customer = _customer(s, actor, customer_id, lock=True)
        _acting_role(s, actor, customer, [Role.SALES_MANAGER], "credit.apply_limit")
        grade = _judged_grade(s, customer.id, month, today)
        errors = rules.check_limit(grade, value, unlimited, benchmarks(s))
        if errors:
            raise ValidationFailed(errors)
        assert grade is not None and actor.user_id is not None
        pending = s.execute(
            select(CreditLimit.id).where(
                CreditLimit.customer_id == customer.id,
                CreditLimit.month == month,
                CreditLimit.status == "applied",
            )
        ).first()
        if pending is not None:
            raise Conflict("limit.pending", month=f"{month:%Y-%m}")
        row = CreditLimit(
            customer_id=customer.id,
            month=month,
            grade=grade,
            unlimited=unlimited,
            amount=None if unlimited else value,
            status="applied",
            applied_by=actor.user_id,
            applied_at=db.clock.now(),
            comment=comment,
        )
        s.add(row)
        s.flush()
        audit(
            s,
            actor,
            "credit_limit_applied",
            entity="credit_limit",
            entity_id=row.id,
            after=row_dict(row),
        )
        record_change(s, customer.branch_id, "credit_limit", row)
        return _limit_views(s, [row])[0]


def decide_limit(
    db: Database,
    actor: Actor,
    limit_id: uuid.UUID,
    approve: bool,
    comment: str | None = None,
) -> LimitView:
    """Approve or reject a limit application. Only the role whose authority covers the grade
    decides: grade 1 regional manager, 2 marketing director (of the customer's region), 3 branch
    GM, 4 sales manager (of the customer's branch). The applying sales manager may decide grade 4
    (the rule book's own authority; recorded as self-approved); above that, never their own.

    An approval re-checks the cap against today's benchmarks and the region quota of the month's
    quarter, and supersedes the month's earlier approved limit (a raise). Refuses: the wrong role
    (message names the right one), an application already decided, a grade changed since it was
    filed (file again), a past month, a rejection without a comment.
    """
    today = db.clock.today()
    comment = _text(comment)
    with use_case(db, actor, "credit.approve_limit") as (s, actor):
        # The lock order (services.use_case): the customer first, then the limit.
        customer_id = s.execute(
            select(CreditLimit.customer_id).where(CreditLimit.id == limit_id)
        ).scalar_one_or_none()
        if customer_id is None:
            raise NotFound("limit.not_found")
        customer = _customer(s, actor, customer_id, lock=True)
        row = s.execute(
            for_update(s, select(CreditLimit).where(CreditLimit.id == limit_id)).execution_options(
                populate_existing=True
            )
        ).scalar_one()
        if row.status != "applied":
            raise Conflict("limit.decided", status=Term("limit.status", row.status))
        role = rules.approver_role(row.grade)
        if role is None:
            raise Conflict("limit.grade5")
        if role not in actor.roles:
            raise Forbidden("limit.wrong_approver", grade=row.grade, role=ROLE_NAMES_ZH[role])
        if not in_scope(s, actor, customer, role):
            raise Forbidden("credit.out_of_scope", role=ROLE_NAMES_ZH[role])
        self_approved = row.applied_by == actor.user_id
        if self_approved and not rules.self_approval_allowed(row.grade):
            raise Forbidden("limit.self_approval", grade=row.grade)
        grade = _judged_grade(s, customer.id, row.month, today)
        if grade != row.grade:
            raise Conflict("limit.grade_changed", applied=row.grade, now=grade or "—")
        if not approve and comment is None:
            raise ValidationFailed([FieldError("comment", "limit.comment_required")])
        if approve:
            _check_approval(s, customer, row, today)
        if is_head_office_in(s):
            return _decide_at_head_office(s, actor, row, role, approve, comment)
        assert actor.user_id is not None, "decisions need a signed-in user"
        _record_decision(
            s,
            actor,
            customer.branch_id,
            row,
            "approved" if approve else "rejected",
            decided_by=actor.user_id,
            decided_role=role.value,
            decided_at=db.clock.now(),
            comment=comment,
            detail="self-approved: grade 4, the sales manager's own authority"
            if self_approved
            else comment,
            noted={"self_approved": self_approved},
        )
        return _limit_views(s, [row])[0]


def _record_decision(
    s: Session,
    actor: Actor,
    branch_id: uuid.UUID,
    row: CreditLimit,
    status: str,
    *,
    decided_by: uuid.UUID,
    decided_role: str,
    decided_at: datetime,
    comment: str | None,
    detail: str | None,
    noted: dict[str, Any] | None = None,
) -> None:
    """Write a decision on the application ``row``: an approval supersedes the month's earlier
    approved limit (a raise); audited and sent like every change of the branch's rows."""
    before = row_dict(row)
    if status == "approved":
        previous = approved_limit(s, row.customer_id, row.month)
        if previous is not None:
            previous.status = "superseded"
            row.supersedes_id = previous.id
            record_change(s, branch_id, "credit_limit", previous)
    row.status = status
    row.decided_by = decided_by
    row.decided_role = decided_role
    row.decided_at = decided_at
    row.decision_comment = comment
    s.flush()
    audit(
        s,
        actor,
        f"credit_limit_{row.status}",
        entity="credit_limit",
        entity_id=row.id,
        before=before,
        after=row_dict(row) | (noted or {}),
        detail=detail,
    )
    record_change(s, branch_id, "credit_limit", row)


def _decide_at_head_office(
    s: Session, actor: Actor, row: CreditLimit, role: Role, approve: bool, comment: str | None
) -> LimitView:
    """At head office the application stays the branch's row: the decision is a record of its
    own, which the branch applies after its next pull (:func:`apply_limit_decisions`). A second
    decision before that is refused."""
    if s.scalar(select(LimitDecision.id).where(LimitDecision.limit_id == row.id).limit(1)):
        raise Conflict("limit.awaiting_branch")
    assert actor.user_id is not None, "decisions need a signed-in user"
    decision = LimitDecision(
        limit_id=row.id,
        customer_id=row.customer_id,
        decision="approved" if approve else "rejected",
        decided_by=actor.user_id,
        decided_role=role.value,
        decided_at=clock_of(s).now(),
        comment=comment,
    )
    s.add(decision)
    s.flush()
    audit(
        s,
        actor,
        f"credit_limit_{decision.decision}",
        entity="credit_limit",
        entity_id=row.id,
        after=row_dict(decision),
        detail="head office: the branch applies it at its next sync",
    )
    changed(s, "credit_limit", row.id, customer_id=row.customer_id)
    return _limit_views(s, [row])[0]


def apply_limit_decisions(db: Database, actor: Actor, branch_id: uuid.UUID) -> int:
    """Head office's decisions on this branch's limit applications, pulled, applied here as a
    decision made here would be (the application's status, who decided, a raise superseding
    the month's earlier limit), and sent back up. Each applies once: the application is no
    longer "applied" afterwards. Returns how many were applied."""
    with use_case(db, actor, None) as (s, actor):
        waiting = s.execute(
            select(LimitDecision.id, LimitDecision.customer_id)
            .join(CreditLimit, CreditLimit.id == LimitDecision.limit_id)
            .join(Customer, Customer.id == CreditLimit.customer_id)
            .where(Customer.branch_id == branch_id, CreditLimit.status == "applied")
            .order_by(LimitDecision.decided_at)
        ).all()
        if not waiting:
            return 0
        lock_customers(s, [customer_id for _id, customer_id in waiting])
        for decision_id, _customer_id in waiting:
            decision = s.get(LimitDecision, decision_id)
            assert decision is not None
            row = s.execute(
                for_update(s, select(CreditLimit).where(CreditLimit.id == decision.limit_id))
            ).scalar_one()
            _record_decision(
                s,
                actor,
                branch_id,
                row,
                decision.decision,
                decided_by=decision.decided_by,
                decided_role=decision.decided_role,
                decided_at=decision.decided_at,
                comment=decision.comment,
                detail="decided at head office",
            )
        return len(waiting)


def _check_approval(s: Session, customer: Customer, row: CreditLimit, today: date) -> None:
    if row.month < rules.month_start(today):
        raise Conflict("limit.month_over", month=f"{row.month:%Y-%m}")
    errors = rules.check_limit(row.grade, row.amount, row.unlimited, benchmarks(s))
    if errors:
        raise Conflict(errors[0].code, **errors[0].params)
    region = lock_region(s, customer.branch_id)
    quota = rules.region_quota_for(
        credit_setting(s, f"credit.region_quota.{region.code}"), row.month
    )
    if quota is None or row.amount is None:
        return
    others = s.execute(
        select(func.coalesce(func.sum(CreditLimit.amount), 0))
        .join(Customer, Customer.id == CreditLimit.customer_id)
        .join(Branch, Branch.id == Customer.branch_id)
        .where(
            Branch.region_id == region.id,
            CreditLimit.month == row.month,
            CreditLimit.status == "approved",
            CreditLimit.customer_id != customer.id,
        )
    ).scalar_one() or Decimal("0.00")
    if rules.quota_exceeded(quota, others, row.amount):
        raise Conflict(
            "limit.over_quota",
            region=region.name,
            quarter=rules.quarter_key(row.month),
            quota=rules.money_text(quota),
            others=rules.money_text(others),
            amount=rules.money_text(row.amount),
        )


def limits_of(
    db: Database, actor: Actor, customer_id: uuid.UUID, *, month: date | None = None
) -> list[LimitView]:
    """The customer's applications and decisions, newest first (optionally of one month)."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        customer = _customer(s, actor, customer_id)
        stmt = select(CreditLimit).where(CreditLimit.customer_id == customer.id)
        if month is not None:
            stmt = stmt.where(CreditLimit.month == rules.month_start(month))
        rows = list(
            s.execute(
                stmt.order_by(CreditLimit.month.desc(), CreditLimit.applied_at.desc())
            ).scalars()
        )
        return _limit_views(s, rows)


def pending_limits(db: Database, actor: Actor) -> list[LimitView]:
    """Open applications the actor may decide (their role covers the grade, in their branch or
    region), oldest first; ``due`` says by when (setting ``credit.approval_days``)."""
    with use_case(db, actor, "credit.approve_limit", write=False) as (s, actor):
        rows = s.execute(
            select(CreditLimit, Customer)
            .join(Customer, Customer.id == CreditLimit.customer_id)
            .where(CreditLimit.status == "applied", visible_to(actor))
            .order_by(CreditLimit.applied_at)
        ).all()
        mine = []
        for limit, customer in rows:
            role = rules.approver_role(limit.grade)
            if role in actor.roles and role is not None and in_scope(s, actor, customer, role):
                mine.append(limit)
        return _limit_views(s, mine)


def _limit_views(s: Session, rows: list[CreditLimit]) -> list[LimitView]:
    names = user_names(s, [u for r in rows for u in (r.applied_by, r.decided_by)])
    customers: dict[uuid.UUID, str] = (
        {
            cid: name
            for cid, name in s.execute(
                select(Customer.id, Customer.name).where(
                    Customer.id.in_({r.customer_id for r in rows})
                )
            )
        }
        if rows
        else {}
    )
    days = int(credit_setting(s, "credit.approval_days"))
    out = []
    for r in rows:
        role = rules.approver_role(r.grade)
        out.append(
            filled(
                LimitView,
                r,
                customer_name=customers.get(r.customer_id, "?"),
                approver_role=role.value if role else None,
                applied_by=names.get(r.applied_by, "?"),
                decided_by=names.get(r.decided_by) if r.decided_by else None,
                self_approved=r.decided_by is not None and r.decided_by == r.applied_by,
                due=_local_date(r.applied_at) + timedelta(days=days),
            )
        )
    return out
