"""Withdrawing a dealership (step 8 → step 1's chain): the branch sales manager proposes it with
the reason (from 计划完成情况 prefilled with the months below plan, or for any other reason), the
branch GM reviews (approve → on to head office, reject, send back; a comment is required but to
approve), and head office's marketing head decides: approval *is* the termination (the
customer's status ``terminated`` and a change-form entry 减), or a refusal with a comment.

Every step is a :class:`SelectionStep` row (who, when, decision, comment) and an audit record,
like step 1's: ``withdraw_propose`` and ``withdraw_review`` are the branch's records (they go up
with the push), head office's decision is a ``terminate`` step (approved, or rejected), head
office's record, which comes down with the pull and the branch applies
(:func:`selection.apply_head_office_decisions`). The customer stays ``selected`` (and is
supplied) until it is terminated.

Where a proposal stands is counted from the steps, never timed (the branch's and head office's
clocks may disagree): *proposed* while the customer has more proposals than reviews, *reviewed*
(waiting for head office) while its passed reviews outnumber head office's answers to them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import case
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
from kehu_desktop.dto import CustomerFile
from kehu_desktop.dto import CustomerRow
from kehu_desktop.models import Customer
from kehu_desktop.models import SelectionStep
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers.customer_files import customer_file
from kehu_desktop.services.customers.customer_files import visible_to
from kehu_desktop.services.customers.customer_list import rows_among
from kehu_desktop.services.customers.selection import Decision
from kehu_desktop.services.customers.selection import _decide_locked
from kehu_desktop.services.customers.selection import record_step

PROPOSE = "withdraw_propose"
REVIEW = "withdraw_review"
TERMINATE = "terminate"
#: Where an open proposal stands: waiting for the branch GM, or for head office.
PROPOSED = "proposed"
REVIEWED = "reviewed"
_APPROVED = Decision.APPROVE.value
_CHUNK = 500


def propose_withdrawal(
    db: Database, actor: Actor, customer_id: uuid.UUID, reason: str
) -> CustomerFile:
    """The sales manager proposes withdrawing a selected customer's dealership, with the
    reason (required). One proposal at a time: a customer with one open is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([FieldError("reason", "withdrawal.reason_required")])
    with use_case(db, actor, "customer.propose_withdrawal") as (s, actor):
        customer = _locked(s, actor, customer_id, PROPOSE)
        if open_withdrawals(s, [customer.id]).get(customer.id) is not None:
            raise Conflict("withdrawal.open")
        return _branch_step(s, actor, customer, PROPOSE, Decision.APPROVE, reason)


def review_withdrawal(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    decision: Decision,
    comment: str | None = None,
) -> CustomerFile:
    """The branch GM: approve (on to head office), reject, or send back to the sales manager
    (who may propose again); a comment is required but to approve."""
    comment = _comment(comment, decision)
    with use_case(db, actor, "customer.review_withdrawal") as (s, actor):
        customer = _locked(s, actor, customer_id, REVIEW)
        if open_withdrawals(s, [customer.id]).get(customer.id) != PROPOSED:
            raise Conflict("withdrawal.not_waiting", action=Term("selection.step", REVIEW))
        return _branch_step(s, actor, customer, REVIEW, decision, comment)


def decide_withdrawal(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    decision: Decision,
    comment: str | None = None,
) -> CustomerFile:
    """Head office's marketing head on a proposal the GM passed: approval is the termination
    (its reason the comment, or the proposal's reason when none is given), a refusal needs a
    comment and leaves the customer selected. There is no sending back at this step."""
    if decision == Decision.SEND_BACK:
        raise ValidationFailed([FieldError("decision", "withdrawal.no_send_back")])
    comment = _comment(comment, decision)
    with use_case(db, actor, "customer.terminate") as (s, actor):
        customer = _locked(s, actor, customer_id, TERMINATE)
        if open_withdrawals(s, [customer.id]).get(customer.id) != REVIEWED:
            raise Conflict("withdrawal.not_waiting", action=Term("selection.step", TERMINATE))
        if decision == Decision.APPROVE:
            return _decide_locked(
                s, actor, customer, TERMINATE, decision, comment or _reason(s, customer.id)
            )
        # Head office's record (at head office it comes down with the pull; the branch notes
        # it in its audit). The customer's row does not change.
        return record_step(
            s, actor, customer, TERMINATE, decision, comment, action="customer_withdraw_refused"
        )


def withdrawal_stages(
    db: Database, actor: Actor, customer_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """The customers among ``customer_ids`` (those the actor sees) with an open proposal, and
    where it stands (:data:`PROPOSED` or :data:`REVIEWED`)."""
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        visible: list[uuid.UUID] = []
        for start in range(0, len(customer_ids), _CHUNK):
            chunk = list(customer_ids[start : start + _CHUNK])
            visible += s.scalars(
                select(Customer.id).where(Customer.id.in_(chunk), visible_to(actor))
            ).all()
        return open_withdrawals(s, visible)


def withdrawal_queue(db: Database, actor: Actor, stage: str) -> list[CustomerRow]:
    """The selected customers whose proposal waits at ``stage``: :data:`PROPOSED` for the
    branch GM, :data:`REVIEWED` for head office's marketing head (less those whose termination
    head office has decided and their branch has not applied yet)."""
    permission = {PROPOSED: "customer.review_withdrawal", REVIEWED: "customer.terminate"}[stage]
    with use_case(db, actor, permission, write=False) as (s, actor):
        c = _counts()
        waiting = (
            select(c.c.customer_id)
            .join(Customer, Customer.id == c.c.customer_id)
            .where(Customer.status == "selected", _stage_of(c) == stage)
        )
        return rows_among(s, actor, waiting)


def count_withdrawals(db: Database, actor: Actor) -> int:
    """For 我的待办: the proposals waiting for the actor's decision (the GM's and the marketing
    head's, as their roles allow)."""
    total = 0
    if actor.can("customer.review_withdrawal"):
        total += len(withdrawal_queue(db, actor, PROPOSED))
    if actor.can("customer.terminate"):
        total += len(withdrawal_queue(db, actor, REVIEWED))
    return total


# --- the steps ------------------------------------------------------------------------------


def _comment(comment: str | None, decision: Decision) -> str | None:
    comment = (comment or "").strip() or None
    if comment is None and decision != Decision.APPROVE:
        raise ValidationFailed([FieldError("comment", "selection.comment_required")])
    return comment


def _locked(s: Session, actor: Actor, customer_id: uuid.UUID, step: str) -> Customer:
    customer = lock_customers(s, [customer_id], load=True, where=visible_to(actor)).get(customer_id)
    if customer is None:
        raise NotFound("customer.not_found")
    if customer.status != "selected":
        raise Conflict(
            "selection.bad_state",
            status=Term("customer.status", customer.status),
            action=Term("selection.step", step),
        )
    return customer


def _branch_step(
    s: Session,
    actor: Actor,
    customer: Customer,
    step: str,
    decision: Decision,
    comment: str | None,
) -> CustomerFile:
    """A proposal or a review: the branch's step, its audit record, up with the next push."""
    assert actor.user_id is not None, "decisions need a signed-in user"
    row = SelectionStep(
        customer_id=customer.id,
        step=step,
        decision=decision.value,
        user_id=actor.user_id,
        comment=comment,
        at=clock_of(s).now(),
    )
    s.add(row)
    audit(
        s,
        actor,
        f"customer_{step}",
        entity="customer",
        entity_id=customer.id,
        after={"decision": decision, "comment": comment},
    )
    record_change(s, customer.branch_id, "selection_step", row)
    changed(s, "customer", customer.id, customer_id=customer.id)
    return customer_file(s, customer)


def _reason(s: Session, customer_id: uuid.UUID) -> str | None:
    """The reason of the customer's latest proposal (its steps are the branch's: one clock)."""
    return s.scalar(
        select(SelectionStep.comment)
        .where(SelectionStep.customer_id == customer_id, SelectionStep.step == PROPOSE)
        .order_by(SelectionStep.at.desc())
        .limit(1)
    )


# --- where a proposal stands, counted -------------------------------------------------------


def _counts(customer_ids: Sequence[uuid.UUID] | None = None) -> Any:
    step, decision = SelectionStep.step, SelectionStep.decision

    def n(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = (
        select(
            SelectionStep.customer_id.label("customer_id"),
            n(step == PROPOSE).label("proposed"),
            n(step == REVIEW).label("reviewed"),
            n((step == REVIEW) & (decision == _APPROVED)).label("passed"),
            n(step == TERMINATE).label("answered"),
        )
        .where(step.in_((PROPOSE, REVIEW, TERMINATE)))
        .group_by(SelectionStep.customer_id)
    )
    if customer_ids is not None:
        stmt = stmt.where(SelectionStep.customer_id.in_(customer_ids))
    return stmt.subquery()


def _stage_of(c: Any) -> Any:
    """Each round is proposed, reviewed once and (if passed) answered once by head office: a
    refusal or the termination (a termination made without a proposal ends everything too)."""
    return case(
        (c.c.proposed > c.c.reviewed, PROPOSED),
        (c.c.passed > c.c.answered, REVIEWED),
        else_=None,
    )


def open_withdrawals(s: Session, customer_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """In the caller's transaction: the customers among ``customer_ids`` with an open proposal,
    and where it stands (:data:`PROPOSED` or :data:`REVIEWED`)."""
    out: dict[uuid.UUID, str] = {}
    for start in range(0, len(customer_ids), _CHUNK):
        c = _counts(customer_ids[start : start + _CHUNK])
        for cid, stage in s.execute(select(c.c.customer_id, _stage_of(c))):
            if stage is not None:
                out[cid] = stage
    return out
