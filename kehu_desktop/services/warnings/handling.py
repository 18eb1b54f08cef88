"""Early warnings as people handle them (step 9): the lists (mine, all I see, one customer's
history), the owner's response (investigation and action) and closing.

The owner is the role the customer's grade routes the warning to (``domain.warnings``), in the
customer's branch (branch roles) or region (regional roles); only the owner responds and closes.
Every write is one transaction, audited, and goes to head office with the next push.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import render
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import WarningView
from kehu_desktop.models import Customer
from kehu_desktop.models import EarlyWarning
from kehu_desktop.models import WarningAnswer
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case
from kehu_desktop.services.base.records import is_head_office_in
from kehu_desktop.services.credit.common import in_scope
from kehu_desktop.services.credit.common import user_names
from kehu_desktop.services.customers import visible_to


def warning_text(kind: str, subject: str, numbers: dict[str, Any]) -> str:
    """The condition with its numbers in one line (``warning.text.<kind>[.<subject>]``)."""
    code = f"warning.text.{kind}" + (f".{subject}" if subject else "")
    return render(code, **numbers)


def list_warnings(
    db: Database,
    actor: Actor,
    *,
    mine: bool = True,
    status: str | None = "open",
    customer_id: uuid.UUID | None = None,
) -> list[WarningView]:
    """Warnings of the customers the actor sees, newest first: only those the actor owns when
    ``mine``; of one ``status`` (open / closed) or all; of one customer (its history)."""
    with use_case(db, actor, "warning.view", write=False) as (s, actor):
        stmt = (
            select(EarlyWarning, Customer)
            .join(Customer, Customer.id == EarlyWarning.customer_id)
            .where(visible_to(actor))
            .order_by(EarlyWarning.opened_at.desc(), Customer.name)
        )
        if status is not None:
            stmt = stmt.where(EarlyWarning.status == status)
        if customer_id is not None:
            stmt = stmt.where(EarlyWarning.customer_id == customer_id)
        rows: list[tuple[EarlyWarning, Customer]] = [(w, c) for w, c in s.execute(stmt)]
        if mine:
            rows = [(w, c) for w, c in rows if owns(s, actor, w, c)]
        return _views(s, rows)


def respond_warning(
    db: Database, actor: Actor, warning_id: uuid.UUID, investigation: str, action: str
) -> WarningView:
    """The owner records what was found (investigation) and what is done about it (action);
    both are required. A second response replaces the first (the audit keeps both). At head
    office the response is a record of its own, which the branch applies at its next sync."""
    found, done = (investigation or "").strip() or None, (action or "").strip() or None
    errors = []
    if found is None:
        errors.append(FieldError("investigation", "required", {"label": "调查情况"}))
    if done is None:
        errors.append(FieldError("action", "required", {"label": "采取措施"}))
    with use_case(db, actor, "warning.respond") as (s, actor):
        row, customer = _locked(s, actor, warning_id)
        if errors:
            raise ValidationFailed(errors)
        if _shown_status(s, row) != "open":
            raise Conflict("warning.closed")
        assert found is not None and done is not None  # refused above otherwise
        respond_in(s, actor, customer, row, found, done)
        return _views(s, [(row, customer)])[0]


def respond_in(
    s: Session,
    actor: Actor,
    customer: Customer,
    row: EarlyWarning,
    investigation: str,
    action: str,
) -> None:
    """Write the owner's response in the session ``s`` (a visit's follow-up answers its
    warning this way too): on the warning at the branch, as head office's own record at head
    office. The caller has checked the owner and that the warning is open."""
    assert actor.user_id is not None, "answers need a signed-in user"
    if is_head_office_in(s):
        _answer_at_head_office(s, actor, row, investigation, action, None)
    else:
        answer(
            s, actor, customer, row, investigation, action, None, actor.user_id, clock_of(s).now()
        )


def close_warning(db: Database, actor: Actor, warning_id: uuid.UUID, closing: str) -> WarningView:
    """The owner closes a warning that has a response, saying how it ended. It reopens if the
    condition clears and later comes back (the job). At head office: a record of its own, as
    for the response."""
    text = (closing or "").strip() or None
    with use_case(db, actor, "warning.respond") as (s, actor):
        row, customer = _locked(s, actor, warning_id)
        if text is None:
            raise ValidationFailed([FieldError("closing", "required", {"label": "结论"})])
        if _shown_status(s, row) != "open":
            raise Conflict("warning.closed")
        if row.responded_at is None and not _pending(s, [row]).get(row.id):
            raise Conflict("warning.no_response")
        assert actor.user_id is not None, "answers need a signed-in user"
        if is_head_office_in(s):
            _answer_at_head_office(s, actor, row, None, None, text)
        else:
            answer(s, actor, customer, row, None, None, text, actor.user_id, db.clock.now())
        return _views(s, [(row, customer)])[0]


def answer(
    s: Session,
    actor: Actor,
    customer: Customer,
    row: EarlyWarning,
    investigation: str | None,
    action: str | None,
    closing: str | None,
    by: uuid.UUID,
    at: datetime,
) -> None:
    """Write a response (``investigation`` and ``action``) or a closing on the warning ``row``
    at the branch: audited and sent like every change of the branch's rows."""
    before = row_dict(row)
    if closing is None:
        row.investigation, row.action = investigation, action
        row.responded_by, row.responded_at = by, at
    else:
        row.status, row.closing = "closed", closing
        row.closed_by, row.closed_at = by, at
    s.flush()
    audit(
        s,
        actor,
        "warning_closed" if closing is not None else "warning_responded",
        entity="early_warning",
        entity_id=row.id,
        before=before,
        after=row_dict(row),
    )
    record_change(s, customer.branch_id, "early_warning", row)


def _answer_at_head_office(
    s: Session,
    actor: Actor,
    row: EarlyWarning,
    investigation: str | None,
    action: str | None,
    closing: str | None,
) -> None:
    """At head office the warning stays the branch's row: the answer is a record of its own,
    which flows down (:func:`apply_warning_answers`)."""
    assert actor.user_id is not None
    record = WarningAnswer(
        warning_id=row.id,
        customer_id=row.customer_id,
        round=row.times_opened,
        investigation=investigation,
        action=action,
        closing=closing,
        answered_by=actor.user_id,
        answered_at=clock_of(s).now(),
    )
    s.add(record)
    s.flush()
    audit(
        s,
        actor,
        "warning_closed" if closing is not None else "warning_responded",
        entity="early_warning",
        entity_id=row.id,
        after=row_dict(record),
        detail="head office: the branch applies it at its next sync",
    )
    changed(s, "early_warning", row.id, customer_id=row.customer_id)


def _pending(s: Session, rows: list[EarlyWarning]) -> dict[uuid.UUID, list[WarningAnswer]]:
    """Head office's answers to these warnings that their branch has not written yet (this
    round's, answered after the row's own response or closing), oldest first."""
    if not rows:
        return {}
    by_id = {w.id: w for w in rows}
    out: dict[uuid.UUID, list[WarningAnswer]] = {}
    answers = s.scalars(
        select(WarningAnswer)
        .where(WarningAnswer.warning_id.in_(list(by_id)))
        .order_by(WarningAnswer.answered_at)
    )
    for a in answers:
        w = by_id[a.warning_id]
        if a.round != w.times_opened:
            continue
        if a.closing is not None:
            waiting = w.status == "open"
        else:
            waiting = w.responded_at is None or w.responded_at < a.answered_at
        if waiting:
            out.setdefault(w.id, []).append(a)
    return out


def _shown_status(s: Session, row: EarlyWarning) -> str:
    pending = _pending(s, [row]).get(row.id, [])
    return "closed" if any(a.closing is not None for a in pending) else row.status


def apply_warning_answers(db: Database, actor: Actor, branch_id: uuid.UUID) -> int:
    """Head office's answers to this branch's warnings, pulled, written on the warnings as an
    answer made here would be (who and when as at head office), and sent back up. Each applies
    once: afterwards the warning shows it (``_pending`` no longer finds it). Returns how many."""
    with use_case(db, actor, None) as (s, actor):
        rows = list(
            s.scalars(
                select(EarlyWarning)
                .join(Customer, Customer.id == EarlyWarning.customer_id)
                .join(WarningAnswer, WarningAnswer.warning_id == EarlyWarning.id)
                .where(Customer.branch_id == branch_id)
                .distinct()
            )
        )
        pending = _pending(s, rows)
        if not pending:
            return 0
        customers = lock_customers(s, [w.customer_id for w in rows if w.id in pending], load=True)
        applied = 0
        for row in rows:
            for a in pending.get(row.id, []):
                answer(
                    s,
                    actor,
                    customers[row.customer_id],
                    row,
                    a.investigation,
                    a.action,
                    a.closing,
                    a.answered_by,
                    a.answered_at,
                )
                applied += 1
        return applied


def _locked(s: Session, actor: Actor, warning_id: uuid.UUID) -> tuple[EarlyWarning, Customer]:
    customer_id = s.scalar(select(EarlyWarning.customer_id).where(EarlyWarning.id == warning_id))
    if customer_id is None:
        raise NotFound("warning.not_found")
    where = visible_to(actor) if actor.branch_id is not None else None
    customer = lock_customers(s, [customer_id], load=True, where=where).get(customer_id)
    if customer is None:
        raise NotFound("warning.not_found")
    row = s.get(EarlyWarning, warning_id, populate_existing=True)
    assert row is not None
    if not owns(s, actor, row, customer):
        role = Role(row.owner_role)
        raise Forbidden("warning.not_owner", role=ROLE_NAMES_ZH[role])
    return row, customer


def owns(s: Session, actor: Actor, row: EarlyWarning, customer: Customer) -> bool:
    role = Role(row.owner_role)
    return role in actor.roles and in_scope(s, actor, customer, role)


def _views(s: Session, rows: list[tuple[EarlyWarning, Customer]]) -> list[WarningView]:
    pending = _pending(s, [w for w, _c in rows]) if is_head_office_in(s) else {}
    answers = [a for found in pending.values() for a in found]
    names = user_names(
        s,
        [u for w, _c in rows for u in (w.responded_by, w.closed_by)]
        + [a.answered_by for a in answers],
    )
    return [_overlaid(view, pending.get(view.id, []), names) for view in _plain(rows, names)]


def _overlaid(
    view: WarningView, answers: list[WarningAnswer], names: dict[uuid.UUID, str]
) -> WarningView:
    """A warning at head office as its answers made there will make it once the branch applies
    them (marked ``awaiting_branch``)."""
    for a in answers:
        who = names.get(a.answered_by)
        if a.closing is None:
            view = replace(
                view,
                investigation=a.investigation,
                action=a.action,
                responded_by=who,
                responded_at=a.answered_at,
            )
        else:
            view = replace(
                view, status="closed", closing=a.closing, closed_by=who, closed_at=a.answered_at
            )
    return replace(view, awaiting_branch=bool(answers))


def _plain(
    rows: list[tuple[EarlyWarning, Customer]], names: dict[uuid.UUID, str]
) -> list[WarningView]:
    return [
        WarningView(
            id=w.id,
            customer_id=w.customer_id,
            customer_name=c.name,
            kind=w.kind,
            subject=w.subject,
            text=warning_text(w.kind, w.subject, w.numbers),
            numbers=dict(w.numbers),
            grade=w.grade,
            owner_role=w.owner_role,
            status=w.status,
            opened_at=w.opened_at,
            times_opened=w.times_opened,
            seen_at=w.seen_at,
            cleared_at=w.cleared_at,
            investigation=w.investigation,
            action=w.action,
            responded_by=names.get(w.responded_by) if w.responded_by else None,
            responded_at=w.responded_at,
            closing=w.closing,
            closed_by=names.get(w.closed_by) if w.closed_by else None,
            closed_at=w.closed_at,
            history=tuple(w.history or ()),
        )
        for w, c in rows
    ]
