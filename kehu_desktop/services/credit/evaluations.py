"""The monthly credit evaluation (资信等级评估表, step 3) and its workflow: the branch's sales
manager fills the form → the branch GM reviews → the region's marketing director approves; the
GM or the director may send it back with a comment. Only an approved evaluation changes the
grade: it writes a CreditGrade row (``source="evaluation"``) in force from the day of approval
(or the month rated, if later), which the release reads from that moment.

The evaluation is the branch's record. The director's decision is "rating approval" (domain.md
§3), head office's: made in head-office mode it is an EvaluationDecision with the grade it wrote,
which flow down; the branch then sets the evaluation's status (:func:`apply_evaluation_decisions`)
and sends it back up. A branch that runs on its own (not registered) has the director decide in
its own database, on the evaluation itself.

``services.credit`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import ageing
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain import rating
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import EvaluationForm
from kehu_desktop.dto import EvaluationView
from kehu_desktop.dto import RatingDue
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Branch
from kehu_desktop.models import Contract
from kehu_desktop.models import CreditEvaluation
from kehu_desktop.models import CreditGrade
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerCreditData
from kehu_desktop.models import CustomerMonthlySales
from kehu_desktop.models import EvaluationDecision
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.models.change_log import REGISTERED_BRANCH_DB
from kehu_desktop.models.change_log import ROLE_KEY
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case
from kehu_desktop.services.base.records import is_head_office_in
from kehu_desktop.services.credit.common import _acting_role
from kehu_desktop.services.credit.common import _customer
from kehu_desktop.services.credit.common import _local_date
from kehu_desktop.services.credit.common import _text
from kehu_desktop.services.credit.common import credit_setting
from kehu_desktop.services.credit.common import in_scope
from kehu_desktop.services.credit.common import user_names
from kehu_desktop.services.credit.grades_limits import grade_on
from kehu_desktop.services.credit.rating_rules import rules_in_force
from kehu_desktop.services.customers import visible_to

#: Evaluations still in the workflow: a second one for the same customer and month is refused.
OPEN = ("submitted", "reviewed")
#: The credit data of the customer file shown beside each indicator, by indicator code.
_FILE_FIELDS = (
    "annual_sales_scale",
    "payment_method",
    "payment_reputation",
    "business_nature",
    "licences",
    "registration",
    "years_in_business",
    "goods_flow",
    "total_product_sales",
)


# --------------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------------


def evaluation_form(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    month: date | None = None,
    *,
    revises: uuid.UUID | None = None,
) -> EvaluationForm:
    """What the form opens with for ``customer_id`` and ``month`` (default: this month): the
    levels of the evaluation it revises (one sent back), else last approved evaluation's, with
    payment reputation suggested by the payment record where it has one; and the evidence."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        customer = _customer(s, actor, customer_id)
        today = db.clock.today()
        month = rules.month_start(month or today)
        evidence = _evidence(s, customer, month, today)
        levels: dict[str, str] = dict(evidence["last"]["levels"]) if evidence["last"] else {}
        suggestion = _suggestion(s, evidence)
        if suggestion is not None:
            levels["payment_reputation"] = suggestion
        if revises is not None:
            sent_back = s.get(CreditEvaluation, revises)
            if sent_back is None or sent_back.customer_id != customer.id:
                raise NotFound("evaluation.not_found")
            levels = dict(sent_back.levels)
        grade = grade_on(s, customer.id, today)
        version, table = rules_in_force(s)
        return EvaluationForm(
            customer_id=customer.id,
            customer_name=customer.name,
            month=month,
            grade=grade.grade if grade else None,
            levels=levels,
            evidence=evidence,
            suggested_reputation=suggestion,
            rule_version=version,
            rules=table,
            revises_id=revises,
        )


def _suggestion(s: Session, evidence: Mapping[str, Any]) -> str | None:
    record = evidence["record"]
    if record["share_on_time"] is None:
        return None
    return rating.suggested_reputation(
        rating.PaymentRecord(
            due=record["due"],
            on_time=record["on_time"],
            share_on_time=Decimal(record["share_on_time"]),
            average_days_late=None,
            worst_days_late=record["worst_days_late"],
            overdue_now=record["overdue_now"],
        ),
        rules.to_decimal(credit_setting(s, "rating.reputation_a_share")),
        rules.to_decimal(credit_setting(s, "rating.reputation_b_share")),
    )


def _evidence(s: Session, customer: Customer, month: date, today: date) -> dict[str, Any]:
    """The numbers beside the choices: the file's credit data, last month's sales as reported
    and as bought from us, the contract's payment terms, the payment record and the levels of
    the latest approved evaluation before ``month``."""
    data = s.get(CustomerCreditData, customer.id)
    file = {}
    for name in _FILE_FIELDS:
        value = getattr(data, name, None) if data is not None else None
        file[name] = None if value is None else str(value)
    previous = rules.month_start(month - timedelta(days=1))
    reported = s.scalar(
        select(CustomerMonthlySales.amount).where(
            CustomerMonthlySales.customer_id == customer.id,
            CustomerMonthlySales.month == previous,
        )
    )
    bought = s.scalar(
        select(func.coalesce(func.sum(Slip.total), 0)).where(
            Slip.customer_id == customer.id,
            Slip.status == "issued",
            Slip.issue_date >= previous,
            Slip.issue_date < month,
        )
    )
    terms = s.scalar(
        select(Contract.payment_terms)
        .where(
            Contract.customer_id == customer.id,
            Contract.valid_from <= today,
            Contract.valid_to >= today,
            Contract.ended_at.is_(None),
        )
        .order_by(Contract.valid_from.desc())
        .limit(1)
    )
    months = int(credit_setting(s, "rating.record_months"))
    record = rating.payment_record(_due_slips(s, customer.id, today, months), today)
    last = s.scalars(
        select(CreditEvaluation)
        .where(
            CreditEvaluation.customer_id == customer.id,
            CreditEvaluation.status == "approved",
            CreditEvaluation.month < month,
        )
        .order_by(CreditEvaluation.month.desc(), CreditEvaluation.decided_at.desc())
        .limit(1)
    ).first()
    return {
        "file": file,
        "sales_month": f"{previous:%Y-%m}",
        "reported_sales": None if reported is None else str(reported),
        "our_sales": str(Decimal(bought or 0).quantize(Decimal("0.01"))),
        "contract_terms": terms,
        "record": record.as_evidence(),
        "record_months": months,
        "last": None
        if last is None
        else {"month": f"{last.month:%Y-%m}", "levels": dict(last.levels), "grade": last.grade},
    }


def _due_slips(
    s: Session, customer_id: uuid.UUID, today: date, months: int
) -> list[rating.DueSlip]:
    """The customer's live slips due in the last ``months`` months, each with the day it was
    paid in full (allocations in date order; a reversal counts on its own day)."""
    since = today - timedelta(days=31 * months)
    slips = s.execute(
        select(Slip.id, Slip.kind, Slip.issue_date, Slip.due_date, Slip.total).where(
            Slip.customer_id == customer_id,
            Slip.status == "issued",
            Slip.issue_date >= since - timedelta(days=366),
        )
    ).all()
    due = {
        sid: (ageing.due_date(kind, issued, due_date), total)
        for sid, kind, issued, due_date, total in slips
        if ageing.due_date(kind, issued, due_date) >= since
    }
    if not due:
        return []
    paid: dict[uuid.UUID, list[tuple[date, Decimal]]] = {sid: [] for sid in due}
    for sid, on, amount in s.execute(
        select(PaymentAllocation.slip_id, PaymentAllocation.allocated_on, PaymentAllocation.amount)
        .where(PaymentAllocation.slip_id.in_(list(due)))
        .order_by(PaymentAllocation.allocated_on)
    ):
        paid[sid].append((on, amount))
    out = []
    for sid, (due_day, total) in due.items():
        running, paid_on = Decimal("0.00"), None
        for on, amount in paid[sid]:
            running += amount
            paid_on = on if running >= total and paid_on is None else paid_on
            if running < total:
                paid_on = None  # a reversal reopened it
        out.append(rating.DueSlip(due_day, paid_on))
    return out


# --------------------------------------------------------------------------------------------
# The workflow
# --------------------------------------------------------------------------------------------


def file_evaluation(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    month: date,
    levels: Mapping[str, str],
    *,
    comment: str | None = None,
    revises: uuid.UUID | None = None,
) -> EvaluationView:
    """The sales manager of the customer's branch files the month's evaluation. The grade comes
    from the rule table in force; the evidence is taken now and kept with it.

    Refuses (field-level): an indicator without a level A, B or C; a month before this one or
    after the next. Refuses (conflict): a customer not selected; an evaluation of the month still
    in the workflow; ``revises`` naming anything but this customer's evaluation sent back."""
    today = db.clock.today()
    month = rules.month_start(month)
    errors = [FieldError(c, "evaluation.level_missing") for c in rating.missing_levels(levels)]
    if month < rules.month_start(today):
        errors.append(FieldError("month", "evaluation.past_month"))
    elif month > rules.month_start(rules.month_start(today) + timedelta(days=31)):
        errors.append(FieldError("month", "evaluation.month_too_far"))
    comment = _text(comment)
    with use_case(db, actor, "credit.evaluate") as (s, actor):
        customer = _customer(s, actor, customer_id, lock=True)
        _acting_role(s, actor, customer, [Role.SALES_MANAGER], "credit.evaluate")
        if errors:
            raise ValidationFailed(errors)
        if customer.status != "selected":
            status = Term("customer.status", customer.status)
            raise Conflict("evaluation.not_selected", status=status)
        revised = select(CreditEvaluation.revises_id).where(
            CreditEvaluation.revises_id.is_not(None)
        )
        if revises is not None:
            old = s.get(CreditEvaluation, revises)
            if old is None or old.customer_id != customer.id or old.status != "sent_back":
                raise Conflict("evaluation.revises_not_sent_back")
            if s.scalar(select(CreditEvaluation.id).where(CreditEvaluation.revises_id == revises)):
                raise Conflict("evaluation.already_revised")
        else:
            # Filed afresh while one of the month was sent back: this one answers it, so the
            # one sent back leaves the sales manager's list.
            revises = s.scalar(
                select(CreditEvaluation.id)
                .where(
                    CreditEvaluation.customer_id == customer.id,
                    CreditEvaluation.month == month,
                    CreditEvaluation.status == "sent_back",
                    CreditEvaluation.id.not_in(revised),
                )
                .order_by(CreditEvaluation.filled_at.desc())
                .limit(1)
            )
        open_one = s.scalar(
            select(CreditEvaluation.id).where(
                CreditEvaluation.customer_id == customer.id,
                CreditEvaluation.month == month,
                CreditEvaluation.status.in_(OPEN),
            )
        )
        if open_one is not None:
            raise Conflict("evaluation.open", month=f"{month:%Y-%m}")
        version, table = rules_in_force(s)
        clean = {c: levels[c] for c in (*rating.KEY_INDICATORS, *rating.OTHER_INDICATORS)}
        graded = rating.rate(clean, table)
        assert actor.user_id is not None, "evaluations need a signed-in user"
        row = CreditEvaluation(
            customer_id=customer.id,
            month=month,
            levels=clean,
            evidence=_evidence(s, customer, month, today),
            grade=graded.grade,
            rule=graded.rule,
            rule_version=version,
            explanation=graded.explanation,
            status="submitted",
            revises_id=revises,
            filled_by=actor.user_id,
            filled_at=db.clock.now(),
            comment=comment,
        )
        s.add(row)
        s.flush()
        audit(
            s,
            actor,
            "credit_evaluation_filed",
            entity="credit_evaluation",
            entity_id=row.id,
            after=row_dict(row),
            detail=graded.explanation,
        )
        record_change(s, customer.branch_id, "credit_evaluation", row)
        return _views(s, [row])[0]


def review_evaluation(
    db: Database,
    actor: Actor,
    evaluation_id: uuid.UUID,
    approve: bool,
    comment: str | None = None,
) -> EvaluationView:
    """The branch GM reviews a filed evaluation: passes it on to the marketing director, or
    sends it back (a comment required). Refuses an evaluation not waiting for review."""
    comment = _text(comment)
    with use_case(db, actor, "credit.review_evaluation") as (s, actor):
        row, customer = _locked(s, actor, evaluation_id)
        _acting_role(s, actor, customer, [Role.BRANCH_GM], "credit.review_evaluation")
        _expect(row, "submitted", "review")
        if row.filled_by == actor.user_id:  # four eyes: who filled it does not review it
            raise Forbidden("evaluation.self_review")
        if not approve and comment is None:
            raise ValidationFailed([FieldError("comment", "evaluation.comment_required")])
        before = row_dict(row)
        row.status = "reviewed" if approve else "sent_back"
        row.reviewed_by = actor.user_id
        row.reviewed_at = db.clock.now()
        row.review_comment = comment
        s.flush()
        audit(
            s,
            actor,
            "credit_evaluation_reviewed" if approve else "credit_evaluation_sent_back",
            entity="credit_evaluation",
            entity_id=row.id,
            before=before,
            after=row_dict(row),
            detail=comment,
        )
        record_change(s, customer.branch_id, "credit_evaluation", row)
        return _views(s, [row])[0]


def decide_evaluation(
    db: Database,
    actor: Actor,
    evaluation_id: uuid.UUID,
    approve: bool,
    comment: str | None = None,
) -> EvaluationView:
    """The marketing director of the customer's region approves a reviewed evaluation (its grade
    is in force from today, or from the month rated if that is later) or sends it back (a
    comment required). At head office the decision is a record of its own, which the branch
    applies after its next pull; a branch registered with head office cannot decide here.
    Refuses an evaluation not reviewed, or one head office decided already."""
    comment = _text(comment)
    with use_case(db, actor, "credit.approve_evaluation") as (s, actor):
        row, customer = _locked(s, actor, evaluation_id)
        _acting_role(s, actor, customer, [Role.MARKETING_DIRECTOR], "credit.approve_evaluation")
        _expect(row, "reviewed", "decide")
        if not approve and comment is None:
            raise ValidationFailed([FieldError("comment", "evaluation.comment_required")])
        if s.info.get(ROLE_KEY) == REGISTERED_BRANCH_DB:
            raise Conflict("evaluation.decide_at_head_office")
        assert actor.user_id is not None, "decisions need a signed-in user"
        decision = EvaluationDecision(
            evaluation_id=row.id,
            customer_id=customer.id,
            decision="approved" if approve else "sent_back",
            decided_by=actor.user_id,
            decided_at=db.clock.now(),
            comment=comment,
        )
        if is_head_office_in(s):
            if s.scalar(
                select(EvaluationDecision.id).where(EvaluationDecision.evaluation_id == row.id)
            ):
                raise Conflict("evaluation.awaiting_branch")
            s.add(decision)
            if approve:
                _write_grade(s, actor, row, decision)
            s.flush()
            audit(
                s,
                actor,
                f"credit_evaluation_{decision.decision}",
                entity="credit_evaluation",
                entity_id=row.id,
                after=row_dict(decision),
                detail="head office: the branch applies it at its next sync",
            )
            changed(s, "credit_evaluation", row.id, customer_id=customer.id)
            return _views(s, [row])[0]
        # A branch on its own: the decision is written on the evaluation (no decision row).
        if approve:
            _write_grade(s, actor, row, decision)
        _record_decision(s, actor, customer, row, decision, detail=comment)
        return _views(s, [row])[0]


def _write_grade(
    s: Session, actor: Actor, row: CreditEvaluation, decision: EvaluationDecision
) -> None:
    """The approved evaluation's grade, in force from the day of approval (the month rated, if
    later), with its history."""
    day = max(_local_date(decision.decided_at), row.month)
    before = grade_on(s, row.customer_id, day)
    grade = CreditGrade(
        customer_id=row.customer_id,
        grade=row.grade,
        effective_from=day,
        source="evaluation",
        reason=row.explanation,
        set_by=decision.decided_by,
        set_at=decision.decided_at,
        evaluation_id=row.id,
    )
    s.add(grade)
    s.flush()
    audit(
        s,
        actor,
        "credit_grade_set",
        entity="customer",
        entity_id=row.customer_id,
        before={"grade": before.grade if before else None},
        after=row_dict(grade),
        detail=row.explanation,
    )
    changed(s, "credit_grade", grade.id, customer_id=row.customer_id)


def _record_decision(
    s: Session,
    actor: Actor,
    customer: Customer,
    row: CreditEvaluation,
    decision: EvaluationDecision,
    *,
    detail: str | None,
) -> None:
    before = row_dict(row)
    row.status = decision.decision
    row.decided_by = decision.decided_by
    row.decided_at = decision.decided_at
    row.decision_comment = decision.comment
    s.flush()
    audit(
        s,
        actor,
        f"credit_evaluation_{decision.decision}",
        entity="credit_evaluation",
        entity_id=row.id,
        before=before,
        after=row_dict(row),
        detail=detail,
    )
    record_change(s, customer.branch_id, "credit_evaluation", row)


def apply_evaluation_decisions(db: Database, actor: Actor, branch_id: uuid.UUID) -> int:
    """Head office's decisions on this branch's evaluations, pulled (with the grades they
    wrote), applied here as a decision made here would be, and sent back up. Each applies once:
    the evaluation is no longer "reviewed" afterwards. Returns how many were applied."""
    with use_case(db, actor, None) as (s, actor):
        waiting = s.execute(
            select(EvaluationDecision.id, EvaluationDecision.customer_id)
            .join(CreditEvaluation, CreditEvaluation.id == EvaluationDecision.evaluation_id)
            .join(Customer, Customer.id == CreditEvaluation.customer_id)
            .where(Customer.branch_id == branch_id, CreditEvaluation.status == "reviewed")
            .order_by(EvaluationDecision.decided_at)
        ).all()
        if not waiting:
            return 0
        customers = lock_customers(s, [cid for _id, cid in waiting], load=True)
        for decision_id, customer_id in waiting:
            decision = s.get(EvaluationDecision, decision_id)
            assert decision is not None
            row = s.execute(
                for_update(
                    s, select(CreditEvaluation).where(CreditEvaluation.id == decision.evaluation_id)
                )
            ).scalar_one()
            _record_decision(
                s, actor, customers[customer_id], row, decision, detail="decided at head office"
            )
        return len(waiting)


def _locked(
    s: Session, actor: Actor, evaluation_id: uuid.UUID
) -> tuple[CreditEvaluation, Customer]:
    """The evaluation and its customer, the customer locked first (services.use_case's order)."""
    customer_id = s.scalar(
        select(CreditEvaluation.customer_id).where(CreditEvaluation.id == evaluation_id)
    )
    if customer_id is None:
        raise NotFound("evaluation.not_found")
    customer = _customer(s, actor, customer_id, lock=True)
    row = s.execute(
        for_update(
            s, select(CreditEvaluation).where(CreditEvaluation.id == evaluation_id)
        ).execution_options(populate_existing=True)
    ).scalar_one()
    return row, customer


def _expect(row: CreditEvaluation, status: str, action: str) -> None:
    if row.status != status:
        raise Conflict(
            "evaluation.bad_state",
            status=Term("evaluation.status", row.status),
            action=Term("evaluation.action", action),
        )


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def get_evaluation(db: Database, actor: Actor, evaluation_id: uuid.UUID) -> EvaluationView:
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        row = s.get(CreditEvaluation, evaluation_id)
        if row is None:
            raise NotFound("evaluation.not_found")
        _customer(s, actor, row.customer_id)  # NotFound when out of sight
        return _views(s, [row])[0]


def evaluation_pdf(db: Database, actor: Actor, evaluation_id: uuid.UUID) -> bytes:
    """The evaluation as the printed form (A4, the shipped font); the print is audited."""
    # lazy: ReportLab only when a form is printed
    from kehu_desktop.printing.evaluation_form import evaluation_form_pdf

    view = get_evaluation(db, actor, evaluation_id)
    with use_case(db, actor, "credit.view") as (s, actor):
        customer = s.get(Customer, view.customer_id)
        branch = s.get(Branch, customer.branch_id) if customer is not None else None
        audit(
            s,
            actor,
            "credit_evaluation_printed",
            entity="credit_evaluation",
            entity_id=view.id,
            detail=f"{view.customer_name} {view.month:%Y-%m}",
        )
    return evaluation_form_pdf(
        view,
        branch_name=branch.name if branch is not None else "—",
        printed_by=actor.display_name,
        printed_at=db.clock.now().astimezone(),
    )


def evaluations_of(db: Database, actor: Actor, customer_id: uuid.UUID) -> list[EvaluationView]:
    """The customer's evaluations, newest first."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        customer = _customer(s, actor, customer_id)
        rows = list(
            s.scalars(
                select(CreditEvaluation)
                .where(CreditEvaluation.customer_id == customer.id)
                .order_by(CreditEvaluation.month.desc(), CreditEvaluation.filled_at.desc())
            )
        )
        return _views(s, rows)


def month_evaluations(
    db: Database, actor: Actor, month: date | None = None
) -> list[EvaluationView]:
    """Every evaluation of ``month`` (default this month) of the customers the actor sees,
    newest first: the month's record, to look up and print."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        first = rules.month_start(month or db.clock.today())
        rows = list(
            s.scalars(
                select(CreditEvaluation)
                .join(Customer, Customer.id == CreditEvaluation.customer_id)
                .where(CreditEvaluation.month == first, visible_to(actor))
                .order_by(CreditEvaluation.filled_at.desc())
            )
        )
        return _views(s, rows)


def pending_evaluations(db: Database, actor: Actor) -> list[EvaluationView]:
    """What waits for the actor, oldest first: for a branch GM the filed evaluations of the
    branch, for a marketing director the reviewed ones of the region (less those head office
    decided already), for a sales manager the ones sent back that no newer evaluation revises."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        rows = s.execute(
            select(CreditEvaluation, Customer)
            .join(Customer, Customer.id == CreditEvaluation.customer_id)
            .where(CreditEvaluation.status.in_((*OPEN, "sent_back")), visible_to(actor))
            .order_by(CreditEvaluation.filled_at)
        ).all()
        revised = set(
            s.scalars(
                select(CreditEvaluation.revises_id).where(CreditEvaluation.revises_id.is_not(None))
            )
        )
        decided = set(s.scalars(select(EvaluationDecision.evaluation_id)))
        wanted = {
            "submitted": Role.BRANCH_GM,
            "reviewed": Role.MARKETING_DIRECTOR,
            "sent_back": Role.SALES_MANAGER,
        }
        mine = []
        for row, customer in rows:
            role = wanted[row.status]
            if role not in actor.roles or not in_scope(s, actor, customer, role):
                continue
            if row.id in revised or row.id in decided:
                continue
            mine.append(row)
        return _views(s, mine)


def rating_due(db: Database, actor: Actor, month: date | None = None) -> list[RatingDue]:
    """The month's re-rating list: every selected customer the actor sees without an approved
    evaluation of ``month`` (default this month), overdue ones (past the setting
    ``rating.due_day``) first, then by name."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        today = db.clock.today()
        month = rules.month_start(month or today)
        day = int(credit_setting(s, "rating.due_day"))
        due = month.replace(day=min(day, 28))
        approved = select(CreditEvaluation.customer_id).where(
            CreditEvaluation.month == month, CreditEvaluation.status == "approved"
        )
        customers = s.execute(
            select(Customer.id, Customer.name)
            .where(Customer.status == "selected", visible_to(actor), Customer.id.not_in(approved))
            .order_by(Customer.name)
        ).all()
        ids = [cid for cid, _ in customers]
        last: dict[uuid.UUID, date] = {}
        open_status: dict[uuid.UUID, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            last.update(
                s.execute(
                    select(CreditEvaluation.customer_id, func.max(CreditEvaluation.month))
                    .where(
                        CreditEvaluation.customer_id.in_(chunk),
                        CreditEvaluation.status == "approved",
                    )
                    .group_by(CreditEvaluation.customer_id)
                ).all()
            )
            open_status.update(
                s.execute(
                    select(CreditEvaluation.customer_id, CreditEvaluation.status).where(
                        CreditEvaluation.customer_id.in_(chunk),
                        CreditEvaluation.month == month,
                        CreditEvaluation.status.in_(OPEN),
                    )
                ).all()
            )
        grades = _grades_on(s, ids, today)
        out = [
            RatingDue(
                customer_id=cid,
                customer_name=name,
                grade=grades.get(cid),
                last_rated=last.get(cid),
                open_status=open_status.get(cid),
                due=due,
                overdue=today > due,
            )
            for cid, name in customers
        ]
        return sorted(out, key=lambda r: not r.overdue)  # stable: by name within each


def _grades_on(s: Session, ids: list[uuid.UUID], on: date) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = s.execute(
            select(CreditGrade.customer_id, CreditGrade.grade)
            .where(CreditGrade.customer_id.in_(chunk), CreditGrade.effective_from <= on)
            .order_by(CreditGrade.effective_from, CreditGrade.set_at)
        )
        out.update({cid: grade for cid, grade in rows})  # the latest wins
    return out


def _views(s: Session, rows: list[CreditEvaluation]) -> list[EvaluationView]:
    names = user_names(s, [u for r in rows for u in (r.filled_by, r.reviewed_by, r.decided_by)])
    customer_names: dict[uuid.UUID, str] = (
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
    decided = (
        set(
            s.scalars(
                select(EvaluationDecision.evaluation_id).where(
                    EvaluationDecision.evaluation_id.in_([r.id for r in rows])
                )
            )
        )
        if rows
        else set()
    )
    return [
        filled(
            EvaluationView,
            r,
            customer_name=customer_names.get(r.customer_id, "?"),
            levels=dict(r.levels),
            evidence=dict(r.evidence),
            filled_by=names.get(r.filled_by, "?"),
            reviewed_by=names.get(r.reviewed_by) if r.reviewed_by else None,
            decided_by=names.get(r.decided_by) if r.decided_by else None,
            awaiting_branch=r.status == "reviewed" and r.id in decided,
        )
        for r in rows
    ]
