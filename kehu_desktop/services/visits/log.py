"""The visit schedule and log (step 10): each person's customers due for a visit by the schedule
for their role and the customer's grade (overdue first), the log of visits (who, when, purpose,
findings, follow-up; a follow-up may become the response of a warning the visitor owns), and,
for managers, each person's overdue visits.

"Per person": a customer is due for a person when that person has not visited it within the
interval, whoever else did. The scope is the user's (branch or region, ``visible_to``).

The log is two tables read as one: ``visits`` (logged at the branch, the branch's) and
``head_office_visits`` (logged in head-office mode by the regional manager or the marketing
director, head office's, flowing down to the customer's branch).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import union_all
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import visits as rules
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import PersonVisits
from kehu_desktop.dto import VisitDue
from kehu_desktop.dto import VisitView
from kehu_desktop.models import Branch
from kehu_desktop.models import CreditGrade
from kehu_desktop.models import Customer
from kehu_desktop.models import EarlyWarning
from kehu_desktop.models import HeadOfficeVisit
from kehu_desktop.models import User
from kehu_desktop.models import UserRole
from kehu_desktop.models import Visit
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case
from kehu_desktop.services.base.records import get_setting
from kehu_desktop.services.base.records import is_head_office_in
from kehu_desktop.services.customers import visible_to
from kehu_desktop.services.warnings import owns
from kehu_desktop.services.warnings import respond_in

#: Due "soon": within this many days the list shows a customer before its visit is due.
SOON_DAYS = 7

_COLUMNS = (
    "id",
    "customer_id",
    "visitor_id",
    "visitor_role",
    "visited_on",
    "purposes",
    "findings",
    "follow_up",
    "warning_id",
    "created_at",
)


def _log() -> Any:
    """Both tables of visits as one (a subquery with the columns of a visit)."""
    parts = [
        select(*(getattr(model, name) for name in _COLUMNS)) for model in (Visit, HeadOfficeVisit)
    ]
    return union_all(*parts).subquery("visit_log")


def visit_schedule(s: Session) -> dict[str, dict[str, str | None]]:
    """The schedule in force (setting ``visit.schedule``, else domain.md's default)."""
    stored = get_setting(s, "visit.schedule")
    if stored is None:
        return rules.DEFAULT_SCHEDULE
    try:
        return rules.check_schedule(stored)
    except ValueError:  # a bad stored value never stops the list: the default applies
        return rules.DEFAULT_SCHEDULE


def visits_due(db: Database, actor: Actor) -> list[VisitDue]:
    """The actor's customers due for a visit now or within a week, for each visiting role they
    hold: overdue first (most overdue first), then by due date."""
    with use_case(db, actor, "visit.record", write=False) as (s, actor):
        today = db.clock.today()
        assert actor.user_id is not None, "a person's visits need a signed-in user"
        out = _due(s, actor.user_id, actor.roles, visible_to(actor), today)
        return sorted(
            (d for d in out if d.due <= today + timedelta(days=SOON_DAYS)),
            key=lambda d: (-d.overdue_days, d.due, d.customer_name),
        )


def _due(
    s: Session, user_id: uuid.UUID, roles: Iterable[Role], scope: Any, today: date
) -> list[VisitDue]:
    schedule = visit_schedule(s)
    customers = s.execute(
        select(Customer.id, Customer.name).where(Customer.status == "selected", scope)
    ).all()
    if not customers:
        return []
    ids = [cid for cid, _ in customers]
    grades = _grades(s, ids, today)
    log = _log()
    last: dict[uuid.UUID, date] = dict(
        s.execute(
            select(log.c.customer_id, func.max(log.c.visited_on))
            .where(log.c.visitor_id == user_id)
            .group_by(log.c.customer_id)
        ).all()
    )
    out = []
    for role in rules.VISITING_ROLES:
        if role not in roles:
            continue
        for cid, name in customers:
            interval = rules.interval_for(schedule, grades.get(cid), role)
            if interval is None:
                continue
            due = rules.next_due(last.get(cid), interval, today)
            out.append(
                VisitDue(
                    customer_id=cid,
                    customer_name=name,
                    grade=grades.get(cid),
                    role=role.value,
                    interval=f"{interval[0]}{interval[1]}",
                    last_visit=last.get(cid),
                    due=due,
                    overdue_days=max(0, (today - due).days),
                )
            )
    return out


def _grades(s: Session, ids: Sequence[uuid.UUID], on: date) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = {}
    for start in range(0, len(ids), 500):
        rows = s.execute(
            select(CreditGrade.customer_id, CreditGrade.grade)
            .where(
                CreditGrade.customer_id.in_(ids[start : start + 500]),
                CreditGrade.effective_from <= on,
            )
            .order_by(CreditGrade.effective_from, CreditGrade.set_at)
        )
        out.update({cid: grade for cid, grade in rows})  # the latest wins
    return out


def record_visit(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    visited_on: date,
    purposes: Sequence[str],
    findings: str,
    follow_up: str | None = None,
    *,
    role: Role | None = None,
    warning_id: uuid.UUID | None = None,
) -> VisitView:
    """Log a visit by the actor. ``role``: the visiting role it counts for (default the first
    of the schedule's roles the actor holds). With ``warning_id`` (a warning the actor owns),
    the findings and the follow-up become its response, in the same transaction.

    Refuses at the field: a date after today, no purpose or an unknown one, no findings.
    Refuses: a role not in the schedule, a customer not selected, a warning not the actor's."""
    today = db.clock.today()
    errors = []
    if visited_on > today:
        errors.append(FieldError("visited_on", "visit.future"))
    chosen = list(dict.fromkeys(purposes))
    if not chosen:
        errors.append(FieldError("purposes", "visit.no_purpose"))
    for purpose in chosen:
        if purpose not in rules.PURPOSES:
            errors.append(FieldError("purposes", "visit.bad_purpose", {"purpose": purpose}))
    found = (findings or "").strip()
    if not found:
        errors.append(FieldError("findings", "required", {"label": "拜访发现"}))
    follow = (follow_up or "").strip() or None
    with use_case(db, actor, "visit.record") as (s, actor):
        role = role or next((r for r in rules.VISITING_ROLES if r in actor.roles), None)
        if role is None or role not in rules.VISITING_ROLES or role not in actor.roles:
            shown = ROLE_NAMES_ZH[role] if role is not None else "—"
            raise Forbidden("visit.not_visiting_role", role=shown)
        customer = lock_customers(s, [customer_id], load=True, where=visible_to(actor)).get(
            customer_id
        )
        if customer is None:
            raise NotFound("customer.not_found")
        if errors:
            raise ValidationFailed(errors)
        if customer.status != "selected":
            raise Conflict("visit.not_selected", status=Term("customer.status", customer.status))
        assert actor.user_id is not None, "visits need a signed-in user"
        # In head-office mode the visit is head office's record (it reaches the branch by the
        # pull); at the branch it is the branch's (it goes up by the push).
        at_head_office = is_head_office_in(s)
        model = HeadOfficeVisit if at_head_office else Visit
        row = model(
            customer_id=customer.id,
            visitor_id=actor.user_id,
            visitor_role=role.value,
            visited_on=visited_on,
            purposes=chosen,
            findings=found,
            follow_up=follow,
            warning_id=warning_id,
            created_at=db.clock.now(),
        )
        if warning_id is not None:
            _answer_warning(s, actor, customer, warning_id, found, follow or found, db)
        s.add(row)
        s.flush()
        audit(s, actor, "visit_recorded", entity="visit", entity_id=row.id, after=row_dict(row))
        if at_head_office:
            changed(s, "visit", row.id, customer_id=customer.id)
        else:
            record_change(s, customer.branch_id, "visit", row)
        return _views(s, [row])[0]


def _answer_warning(
    s: Session,
    actor: Actor,
    customer: Customer,
    warning_id: uuid.UUID,
    findings: str,
    action: str,
    db: Database,
) -> None:
    """The visit's findings and follow-up as the response of the actor's warning."""
    warning = s.get(EarlyWarning, warning_id)
    if warning is None or warning.customer_id != customer.id:
        raise NotFound("warning.not_found")
    if not owns(s, actor, warning, customer):
        raise Forbidden("warning.not_owner", role=ROLE_NAMES_ZH[Role(warning.owner_role)])
    if warning.status != "open":
        raise Conflict("warning.closed")
    respond_in(s, actor, customer, warning, findings, action)


def visits_of(db: Database, actor: Actor, customer_id: uuid.UUID) -> list[VisitView]:
    """The customer's visits, newest first (anyone who sees the customer)."""
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        seen = s.scalar(select(Customer.id).where(Customer.id == customer_id, visible_to(actor)))
        if seen is None:
            raise NotFound("customer.not_found")
        log = _log()
        rows = list(
            s.execute(
                select(log)
                .where(log.c.customer_id == customer_id)
                .order_by(log.c.visited_on.desc(), log.c.created_at.desc())
            )
        )
        return _views(s, rows)


def overdue_by_person(db: Database, actor: Actor) -> list[PersonVisits]:
    """For a manager: each person in their scope who visits by the schedule, with how many
    visits are past due and due within the week; the most behind first."""
    with use_case(db, actor, "visit.overview", write=False) as (s, actor):
        today = db.clock.today()
        people = s.execute(
            select(User.id, User.display_name, User.branch_id, User.region_id, UserRole.role)
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                UserRole.role.in_([r.value for r in rules.VISITING_ROLES]),
                User.active.is_(True),
            )
        ).all()
        branch_regions = dict(s.execute(select(Branch.id, Branch.region_id)).all())
        out = []
        for user_id, name, branch_id, region_id, role_code in people:
            if not _in_reach(actor, branch_id, region_id, branch_regions):
                continue
            role = Role(role_code)
            scope = (
                Customer.branch_id == branch_id
                if branch_id is not None
                else Customer.branch_id.in_(
                    [b for b, r in branch_regions.items() if r == region_id]
                )
            )
            due = _due(s, user_id, [role], scope, today)
            overdue = [d for d in due if d.overdue_days > 0]
            soon = [d for d in due if d.overdue_days == 0 and d.due <= today + timedelta(days=7)]
            out.append(
                PersonVisits(
                    user_id=user_id,
                    name=name,
                    role=role.value,
                    overdue=len(overdue),
                    due_soon=len(soon),
                    oldest_overdue_days=max((d.overdue_days for d in overdue), default=0),
                )
            )
        return sorted(out, key=lambda p: (-p.overdue, -p.oldest_overdue_days, p.name))


def _in_reach(
    actor: Actor,
    branch_id: uuid.UUID | None,
    region_id: uuid.UUID | None,
    branch_regions: dict[uuid.UUID, uuid.UUID],
) -> bool:
    """A branch manager sees the people of the branch; a regional one those of the region's
    branches and the region itself; head office everyone."""
    if actor.branch_id is not None:
        return branch_id == actor.branch_id
    if actor.region_id is not None:
        region = branch_regions.get(branch_id) if branch_id is not None else region_id
        return region == actor.region_id
    return True


def _views(s: Session, rows: Sequence[Any]) -> list[VisitView]:
    """Visits of either table (ORM rows or rows of :func:`_log`)."""
    users = {r.visitor_id for r in rows}
    names = (
        dict(s.execute(select(User.id, User.display_name).where(User.id.in_(users))).all())
        if users
        else {}
    )
    customers = (
        dict(
            s.execute(
                select(Customer.id, Customer.name).where(
                    Customer.id.in_({r.customer_id for r in rows})
                )
            ).all()
        )
        if rows
        else {}
    )
    return [
        VisitView(
            id=r.id,
            customer_id=r.customer_id,
            customer_name=customers.get(r.customer_id, "?"),
            visitor=names.get(r.visitor_id, "?"),
            visitor_role=r.visitor_role,
            visited_on=r.visited_on,
            purposes=tuple(r.purposes),
            findings=r.findings,
            follow_up=r.follow_up,
            warning_id=r.warning_id,
            created_at=r.created_at,
        )
        for r in rows
    ]
