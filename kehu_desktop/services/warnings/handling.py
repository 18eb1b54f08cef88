"""Early warnings as people handle them (step 9): the lists (mine, all I see, one customer's
history), the owner's response (investigation and action) and closing.

The owner is the role the customer's grade routes the warning to (``domain.warnings``), in the
customer's branch (branch roles) or region (regional roles); only the owner responds and closes.
Every write is one transaction, audited, and goes to head office with the next push.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case
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
    both are required. A second response replaces the first (the audit keeps both)."""
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
        if row.status != "open":
            raise Conflict("warning.closed")
        before = row_dict(row)
        row.investigation, row.action = found, done
        row.responded_by, row.responded_at = actor.user_id, db.clock.now()
        s.flush()
        audit(
            s,
            actor,
            "warning_responded",
            entity="early_warning",
            entity_id=row.id,
            before=before,
            after=row_dict(row),
        )
        record_change(s, customer.branch_id, "early_warning", row)
        return _views(s, [(row, customer)])[0]


def close_warning(db: Database, actor: Actor, warning_id: uuid.UUID, closing: str) -> WarningView:
    """The owner closes a warning that has a response, saying how it ended. It reopens if the
    condition clears and later comes back (the job)."""
    text = (closing or "").strip() or None
    with use_case(db, actor, "warning.respond") as (s, actor):
        row, customer = _locked(s, actor, warning_id)
        if text is None:
            raise ValidationFailed([FieldError("closing", "required", {"label": "结论"})])
        if row.status != "open":
            raise Conflict("warning.closed")
        if row.responded_at is None:
            raise Conflict("warning.no_response")
        before = row_dict(row)
        row.status, row.closing = "closed", text
        row.closed_by, row.closed_at = actor.user_id, db.clock.now()
        s.flush()
        audit(
            s,
            actor,
            "warning_closed",
            entity="early_warning",
            entity_id=row.id,
            before=before,
            after=row_dict(row),
        )
        record_change(s, customer.branch_id, "early_warning", row)
        return _views(s, [(row, customer)])[0]


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
    names = user_names(s, [u for w, _c in rows for u in (w.responded_by, w.closed_by)])
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
