"""Step 1, choosing customers: sales manager proposes → branch GM reviews → head-office marketing
head approves; reject or send back with a comment at each step; HQ's per-region maximum.

Every decision is a SelectionStep row (who, when, decision, comment) and an audit record. Approval
and termination write a customer change form entry (客户增减变动表).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy import case
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.messages import render
from kehu_desktop.dto import ChangeFormEntryView
from kehu_desktop.dto import CustomerFile
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Base
from kehu_desktop.models import Branch
from kehu_desktop.models import ChangeFormEntry
from kehu_desktop.models import Customer
from kehu_desktop.models import Region
from kehu_desktop.models import SelectionStep
from kehu_desktop.models import User
from kehu_desktop.models import utcnow
from kehu_desktop.models.change_log import HEAD_OFFICE_STEPS
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import lock_region
from kehu_desktop.services.base import next_number
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import record_changes
from kehu_desktop.services.base import scope_condition
from kehu_desktop.services.base import use_case
from kehu_desktop.services.base.records import is_head_office_in
from kehu_desktop.services.customers.customer_files import customer_file
from kehu_desktop.services.customers.customer_files import visible_to


class Decision(StrEnum):
    APPROVE = "approved"
    REJECT = "rejected"
    SEND_BACK = "sent_back"


# step -> (action permission, states it starts from, state after approval)
_STEPS: dict[str, tuple[str, frozenset[str], str]] = {
    "propose": ("customer.propose", frozenset({"prospect", "sent_back", "rejected"}), "proposed"),
    "review": ("customer.review", frozenset({"proposed"}), "reviewed"),
    "approve": ("customer.approve", frozenset({"reviewed"}), "selected"),
    "terminate": ("customer.terminate", frozenset({"selected"}), "terminated"),
}


def propose(
    db: Database, actor: Actor, customer_id: uuid.UUID, comment: str | None = None
) -> CustomerFile:
    """Sales manager puts a prospect (or a sent-back/rejected customer) forward."""
    return _decide(db, actor, customer_id, "propose", Decision.APPROVE, comment)


def review(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    decision: Decision,
    comment: str | None = None,
) -> CustomerFile:
    """Branch GM: approve (goes on to head office), reject, or send back to the sales manager."""
    return _decide(db, actor, customer_id, "review", decision, comment)


def approve(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    decision: Decision,
    comment: str | None = None,
) -> CustomerFile:
    """Head-office marketing head. Approval is refused once the region has its maximum of selected
    customers; it writes a change form entry (增)."""
    return _decide(db, actor, customer_id, "approve", decision, comment)


def terminate(db: Database, actor: Actor, customer_id: uuid.UUID, reason: str) -> CustomerFile:
    """Head-office marketing head ends the relationship; writes a change form entry (减)."""
    return _decide(db, actor, customer_id, "terminate", Decision.APPROVE, reason)


def _decide(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    step: str,
    decision: Decision,
    comment: str | None,
) -> CustomerFile:
    permission, _from_states, _next_state = _STEPS[step]
    comment = _checked_comment(step, decision, comment)
    with use_case(db, actor, permission) as (s, actor):
        customer = lock_customers(s, [customer_id], load=True, where=visible_to(actor)).get(
            customer_id
        )
        _check_state(customer, step)
        assert customer is not None
        return _decide_locked(s, actor, customer, step, decision, comment)


@dataclasses.dataclass(frozen=True)
class StepDecision:
    """One customer's decision in :func:`decide_many`."""

    customer_id: uuid.UUID
    decision: Decision = Decision.APPROVE
    comment: str | None = None


def decide_many(db: Database, actor: Actor, step: str, decisions: Sequence[StepDecision]) -> int:
    """Several customers' decisions at one ``step`` (propose, review, approve, terminate) by
    ``actor``, in one transaction: each as :func:`propose` & co. decide it (permission, state,
    comment, the region's quota counted with the approvals before it in the list; the same
    records), in the list's order. One refusal refuses them all: nothing is written. Returns
    how many were decided. For the demo's build (a transaction per decision made most of it)
    and any screen that decides a batch; it returns no files (build them if needed)."""
    permission, _from_states, _next_state = _STEPS[step]
    checked = [
        (d.customer_id, d.decision, _checked_comment(step, d.decision, d.comment))
        for d in decisions
    ]
    if not checked:
        return 0
    with use_case(db, actor, permission) as (s, actor):
        # Every row locked first, in id order (services.use_case: customers before documents;
        # an approval takes a document number).
        locked = lock_customers(s, [c for c, _, _ in checked], load=True, where=visible_to(actor))
        # Each branch's outbox has its own numbers: one flush and one counter lock a branch.
        outboxes: dict[uuid.UUID, list[tuple[str, Base]]] = {}
        for customer_id, decision, comment in checked:
            customer = locked.get(customer_id)
            _check_state(customer, step)
            assert customer is not None
            outbox = outboxes.setdefault(customer.branch_id, [])
            _decision(s, actor, customer, step, decision, comment, outbox)
        for branch_id, outbox in outboxes.items():
            record_changes(s, branch_id, outbox)
    return len(checked)


def _checked_comment(step: str, decision: Decision, comment: str | None) -> str | None:
    comment = (comment or "").strip() or None
    if comment is None and (decision != Decision.APPROVE or step == "terminate"):
        raise ValidationFailed([FieldError("comment", "selection.comment_required")])
    return comment


def _check_state(customer: Customer | None, step: str) -> None:
    if customer is None:
        raise NotFound("customer.not_found")
    if customer.status not in _STEPS[step][1]:
        raise Conflict(
            "selection.bad_state",
            status=Term("customer.status", customer.status),
            action=Term("selection.step", step),
        )


def _decide_locked(
    s: Session,
    actor: Actor,
    customer: Customer,
    step: str,
    decision: Decision,
    comment: str | None,
) -> CustomerFile:
    """The decision on a customer locked and checked by the caller (:func:`_decision`), and
    the customer's file after it."""
    _decision(s, actor, customer, step, decision, comment)
    return customer_file(s, customer)


def _decision(
    s: Session,
    actor: Actor,
    customer: Customer,
    step: str,
    decision: Decision,
    comment: str | None,
    outbox: list[tuple[str, Base]] | None = None,
) -> None:
    """The decision on a customer locked and checked by the caller: at head office its own
    record (:func:`_decide_at_head_office`), elsewhere the customer's new state, the step, the
    audit record and, for a selection or a termination, the change-form entry. Its outbox ops
    are written here, or with ``outbox`` appended to it for the caller to write (one
    ``record_changes`` for a batch: the same ops, numbered in the same order)."""
    if step in HEAD_OFFICE_STEPS and is_head_office_in(s):
        _decide_at_head_office(s, actor, customer, step, decision, comment)
        return
    _permission, _from_states, next_state = _STEPS[step]
    clock = clock_of(s)
    before = customer.status
    if decision == Decision.APPROVE:
        if step == "approve":
            _check_region_quota(s, customer)
        customer.status = next_state
    else:
        customer.status = decision.value
    customer.updated_at = clock.now()
    customer.updated_by = actor.user_id
    customer.version += 1
    assert actor.user_id is not None, "decisions need a signed-in user"
    step_row = SelectionStep(
        customer_id=customer.id,
        step=step,
        decision=decision.value,
        user_id=actor.user_id,
        comment=comment,
        at=clock.now(),
    )
    s.add(step_row)
    audit(
        s,
        actor,
        f"customer_{step}",
        entity="customer",
        entity_id=customer.id,
        before={"status": before},
        after={"status": customer.status, "decision": decision, "comment": comment},
    )
    if customer.status in ("selected", "terminated"):
        _add_change_form_entry(s, actor, customer, comment, clock.today(), outbox)
    # The branch's own step decisions are branch-owned; HQ's decisions travel back by pull.
    ops: list[tuple[str, Base]] = [("customer", customer)]
    if step in ("propose", "review"):
        ops.insert(0, ("selection_step", step_row))
    if outbox is None:
        record_changes(s, customer.branch_id, ops)  # one counter lock for both
    else:
        outbox += ops


def _decide_at_head_office(
    s: Session,
    actor: Actor,
    customer: Customer,
    step: str,
    decision: Decision,
    comment: str | None,
) -> None:
    """Head office's decision is its own record (the step), which flows down; the customer's
    row is the branch's, which applies the decision (:func:`apply_head_office_decisions`) and
    sends the customer back up. Until then the customer stays as the branch left it, and a
    second decision on it is refused."""
    if customer.id in _awaiting(s, step, [customer.id]):
        raise Conflict("selection.awaiting_branch")
    if decision == Decision.APPROVE and step == "approve":
        _check_region_quota(s, customer)
    _record_step(
        s,
        actor,
        customer,
        step,
        decision,
        comment,
        action=f"customer_{step}",
        detail="head office: the branch applies it at its next sync",
    )


def record_step(
    s: Session,
    actor: Actor,
    customer: Customer,
    step: str,
    decision: Decision,
    comment: str | None,
    *,
    action: str,
    detail: str | None = None,
) -> CustomerFile:
    """A step that leaves the customer's row as it is (head office's decision, a refused
    withdrawal): the step, its audit record ``action``, the screens told; the file after it."""
    _record_step(s, actor, customer, step, decision, comment, action=action, detail=detail)
    return customer_file(s, customer)


def _record_step(
    s: Session,
    actor: Actor,
    customer: Customer,
    step: str,
    decision: Decision,
    comment: str | None,
    *,
    action: str,
    detail: str | None = None,
) -> None:
    assert actor.user_id is not None, "decisions need a signed-in user"
    s.add(
        SelectionStep(
            customer_id=customer.id,
            step=step,
            decision=decision.value,
            user_id=actor.user_id,
            comment=comment,
            at=clock_of(s).now(),
        )
    )
    audit(
        s,
        actor,
        action,
        entity="customer",
        entity_id=customer.id,
        after={"decision": decision, "comment": comment},
        detail=detail,
    )
    changed(s, "customer", customer.id, customer_id=customer.id)


def awaiting_branch(db: Database, step: str, customer_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """The customers among ``customer_ids`` on which head office has made its ``step`` decision
    (approve or terminate) that their branch has not applied yet (:func:`_decide_at_head_office`):
    head office's queues leave them out, since a second decision is refused."""
    if step not in HEAD_OFFICE_STEPS or not customer_ids:
        return set()
    found: set[uuid.UUID] = set()
    with db.read() as s:
        for start in range(0, len(customer_ids), 500):
            found |= _awaiting(s, step, customer_ids[start : start + 500])
    return found


def _awaiting(s: Session, step: str, customer_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Decided at head office, not yet applied by the branch. Counted, never timed: the steps'
    times come from two clocks (the branch's and head office's), which may disagree by hours
    or days. A customer still ``reviewed`` waits for one approve step per approving review
    (each round of proposal is reviewed once), so it waits for the branch when head office's
    approve steps have caught up with its approving reviews; a customer still ``selected``
    with an approving terminate step waits for the branch to end it (termination is final; a
    refused one answers a withdrawal proposal and changes nothing at the branch)."""
    if step == "terminate":
        return set(
            s.scalars(
                select(SelectionStep.customer_id)
                .join(Customer, Customer.id == SelectionStep.customer_id)
                .where(
                    SelectionStep.customer_id.in_(customer_ids),
                    SelectionStep.step == "terminate",
                    SelectionStep.decision == Decision.APPROVE.value,
                    Customer.status == "selected",
                )
            )
        )
    counts = (
        select(
            SelectionStep.customer_id,
            func.sum(case((SelectionStep.step == "approve", 1), else_=0)).label("approved"),
            func.sum(
                case(
                    (
                        (SelectionStep.step == "review")
                        & (SelectionStep.decision == Decision.APPROVE.value),
                        1,
                    ),
                    else_=0,
                )
            ).label("reviewed"),
        )
        .where(SelectionStep.customer_id.in_(customer_ids))
        .group_by(SelectionStep.customer_id)
        .subquery()
    )
    return set(
        s.scalars(
            select(counts.c.customer_id)
            .join(Customer, Customer.id == counts.c.customer_id)
            .where(
                Customer.status == "reviewed",
                counts.c.approved > 0,
                counts.c.approved >= counts.c.reviewed,
            )
        )
    )


def _check_region_quota(s: Session, customer: Customer) -> None:
    region = lock_region(s, customer.branch_id)
    if region.max_customers is None:
        return
    count = s.execute(
        select(func.count())
        .select_from(Customer)
        .join(Branch, Branch.id == Customer.branch_id)
        .where(Branch.region_id == region.id, Customer.status == "selected")
    ).scalar_one()
    if count >= region.max_customers:
        raise Conflict(
            "selection.quota", region=region.name, count=count, limit=region.max_customers
        )


def _add_change_form_entry(
    s: Session,
    actor: Actor,
    customer: Customer,
    reason: str | None,
    today: date,
    outbox: list[tuple[str, Base]] | None = None,
) -> None:
    branch = s.get(Branch, customer.branch_id)
    assert branch is not None and actor.user_id is not None
    seq = next_number(s, branch.id, "CF", today.year)
    entry = ChangeFormEntry(
        branch_id=branch.id,
        number=f"{branch.code}-CF-{today.year}-{seq:06d}",
        kind="add" if customer.status == "selected" else "remove",
        effective_date=today,
        customer_id=customer.id,
        customer_name=customer.name,
        uscc=customer.uscc,
        channel=customer.channel,
        address=customer.address,
        legal_representative=customer.legal_representative,
        reason=reason,
        approved_by=actor.user_id,
        approved_at=clock_of(s).now(),
    )
    s.add(entry)
    if outbox is None:
        record_change(s, branch.id, "change_form_entry", entry)
    else:  # the caller writes it (see _decision)
        outbox.append(("change_form_entry", entry))


def set_region_quota(
    db: Database, actor: Actor, region_id: uuid.UUID, max_customers: int | None
) -> None:
    """Head office sets how many customers a region may have selected (None = no limit)."""
    with use_case(db, actor, "region.set_quota") as (s, actor):
        region = s.get(Region, region_id)
        if region is None:
            raise NotFound("customer.not_found")
        before = region.max_customers
        region.max_customers = max_customers
        audit(
            s,
            actor,
            "region_quota_set",
            entity="region",
            entity_id=region.id,
            before={"max_customers": before},
            after={"max_customers": max_customers},
        )
        changed(s, "region", region.id)


def change_form_entries(
    db: Database, actor: Actor, *, year: int | None = None, branch_id: uuid.UUID | None = None
) -> list[ChangeFormEntryView]:
    """Entries of the customer change form the actor can see (``branch_id``: of that branch),
    newest last."""
    with use_case(db, actor, "change_form.print", write=False) as (s, actor):
        stmt = (
            select(ChangeFormEntry, User.display_name, Branch.name, Region.name)
            .join(User, User.id == ChangeFormEntry.approved_by)
            .join(Branch, Branch.id == ChangeFormEntry.branch_id)
            .join(Region, Region.id == Branch.region_id)
            .order_by(ChangeFormEntry.number)
        )
        scope = scope_condition(actor, ChangeFormEntry.branch_id, branch_id=branch_id)
        if scope is not None:
            stmt = stmt.where(scope)
        rows = s.execute(stmt).all()
        out = []
        for e, approver, branch_name, region_name in rows:
            if year is not None and e.effective_date.year != year:
                continue
            out.append(
                filled(
                    ChangeFormEntryView,
                    e,
                    branch_name=branch_name,
                    region_name=region_name,
                    approved_by=approver,
                )
            )
        return out


def print_change_form(db: Database, actor: Actor, *, year: int | None = None) -> bytes:
    """The customer change form as a PDF (embedded CJK font). Printing is audited: the GUI's
    print button and scripts both come here.

    The heading names the actor's branch; for head-office users, the one branch the entries
    are of, or "all branches". The print time is the PC's local time, as on the other papers.
    """
    # lazy: ReportLab only when a form is printed
    from kehu_desktop.printing.change_form import change_form_pdf

    entries = change_form_entries(db, actor, year=year)
    with use_case(db, actor, "change_form.print", write=False) as (s, actor):
        branch = s.get(Branch, actor.branch_id) if actor.branch_id else None
        title = branch.name if branch else None
    if title is None:
        names = {e.branch_name for e in entries}
        title = names.pop() if len(names) == 1 else render("change_form.all_branches")
    pdf = change_form_pdf(
        entries,
        title_branch=title,
        printed_by=actor.display_name,
        printed_at=utcnow().astimezone(),
    )
    with use_case(db, actor, "change_form.print") as (s, actor):
        audit(
            s,
            actor,
            "change_form_printed",
            entity="change_form",
            detail=f"{len(entries)} entries, year {year or 'all'}",
        )
    return pdf


#: The audit action marking a pulled head-office decision as applied here (found again by it).
DECISION_APPLIED = "selection_decision_applied"


def apply_head_office_decisions(db: Database, actor: Actor, branch_id: uuid.UUID) -> int:
    """The branch's consequences of head office's decisions on its customers, pulled from head
    office (docs/sync.md, "Pull"): an approved customer becomes selected and gets its change-form
    entry, a refused one is rejected or sent back, a terminated one leaves; the customer's row
    then goes up with the next push. Each decision is applied once (an audit record
    ``selection_decision_applied`` names it), so a crash between the pull and this loses
    nothing and a second run changes nothing. Returns how many changed a customer."""
    handled = select(AuditRecord.entity_id).where(AuditRecord.action == DECISION_APPLIED)
    with use_case(db, actor, None) as (s, actor):
        steps = s.scalars(
            select(SelectionStep)
            .join(Customer, Customer.id == SelectionStep.customer_id)
            .where(
                Customer.branch_id == branch_id,
                SelectionStep.step.in_(("approve", "terminate")),
                cast(SelectionStep.id, String).not_in(handled),
            )
            .order_by(SelectionStep.at)
        ).all()
        if not steps:
            return 0
        customers = lock_customers(s, [step.customer_id for step in steps], load=True)
        applied = 0
        for step in steps:
            customer = customers[step.customer_id]
            _permission, from_states, next_state = _STEPS[step.step]
            decider = s.get(User, step.user_id)
            by = dataclasses.replace(
                actor,
                user_id=step.user_id,
                username=decider.username if decider else actor.username,
                display_name=decider.display_name if decider else actor.display_name,
            )
            if step.step == "terminate" and step.decision != Decision.APPROVE.value:
                # Head office refused a withdrawal proposal: the customer stays selected; the
                # branch records the answer in its audit (the step itself came down).
                audit(
                    s,
                    by,
                    "customer_withdraw_refused",
                    entity="customer",
                    entity_id=customer.id,
                    after={"decision": step.decision, "comment": step.comment},
                    detail="head office",
                )
                changed(s, "customer", customer.id, customer_id=customer.id)
            elif customer.status in from_states:
                before = customer.status
                approved = step.decision == Decision.APPROVE.value
                customer.status = next_state if approved else step.decision
                customer.updated_at = db.clock.now()
                customer.updated_by = step.user_id
                customer.version += 1
                audit(
                    s,
                    by,
                    f"customer_{step.step}",
                    entity="customer",
                    entity_id=customer.id,
                    before={"status": before},
                    after={"status": customer.status, "decision": step.decision},
                    detail="head office",
                )
                if customer.status in ("selected", "terminated"):
                    _add_change_form_entry(s, by, customer, step.comment, db.clock.today())
                record_change(s, customer.branch_id, "customer", customer)
                applied += 1
            audit(s, actor, DECISION_APPLIED, entity="selection_step", entity_id=step.id)
        return applied
