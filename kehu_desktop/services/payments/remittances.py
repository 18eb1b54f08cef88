"""Remittances of the money to head office (the N-hour remittance rule): remittance levels,
unremitted payments with their deadlines (due, overdue), recording and listing remittances.

Who: recording needs ``remittance.record``; reading ``payment.view``.
``services.payments`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from decimal import ROUND_DOWN
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.ageing import ZERO
from kehu_desktop.domain.ageing import OpenItem
from kehu_desktop.domain.ageing import RemittanceLevel
from kehu_desktop.domain.ageing import allocate_oldest_first
from kehu_desktop.domain.ageing import level_for
from kehu_desktop.domain.ageing import parse_levels
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.errors import invalid_choice
from kehu_desktop.domain.numbering import document_number
from kehu_desktop.dto import RemittanceItemView
from kehu_desktop.dto import RemittanceView
from kehu_desktop.dto import UnremittedPayment
from kehu_desktop.models import Customer
from kehu_desktop.models import Payment
from kehu_desktop.models import Remittance
from kehu_desktop.models import RemittanceItem
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import next_number
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import scope_condition
from kehu_desktop.services.base import use_case
from kehu_desktop.services.payments.common import LABELS
from kehu_desktop.services.payments.common import _amount
from kehu_desktop.services.payments.common import _branch
from kehu_desktop.services.payments.common import _text
from kehu_desktop.services.payments.common import _uuid
from kehu_desktop.services.payments.common import _yuan
from kehu_desktop.services.payments.ledgers import local_date
from kehu_desktop.services.payments.ledgers import money_sum

REMITTANCE_KIND = "RM"
REMITTANCE_METHODS: dict[str, str] = {
    "bank_transfer": "银行转账",
    "cash_deposit": "现金解款",
    "bank_draft": "银行汇票",
}


@dataclass
class RemittanceInput:
    """Money sent to head office. ``items`` names ``(payment, amount)`` pairs (payment id or
    number); else ``payment_ids`` limits which payments are covered; else any unremitted money.
    Without items, ``amount`` is spread over the payments oldest received first; ``amount``
    None means everything the selection has unremitted."""

    amount: str | Decimal | int | None
    remitted_at: datetime | None = None  # aware; None = now
    method: str = "bank_transfer"
    reference: str | None = None
    items: Sequence[tuple[uuid.UUID | str, str | Decimal | int]] | None = None
    payment_ids: Sequence[uuid.UUID | str] | None = None


# --------------------------------------------------------------------------------------------
# Remittances (the N-hour remittance rule)
# --------------------------------------------------------------------------------------------


def remittance_levels(session: Session) -> tuple[RemittanceLevel, ...]:
    """The levels from the settings: ``remittance.levels`` when it lists any, else the single
    level ``remittance.threshold`` / ``remittance.hours``."""
    raw = get_setting(session, "remittance.levels")
    try:
        if raw:
            return parse_levels(raw)
        return parse_levels(
            [
                [
                    get_setting(session, "remittance.threshold"),
                    get_setting(session, "remittance.hours"),
                ]
            ]
        )
    except ValueError as exc:
        raise Conflict("remittance.levels_invalid", detail=str(exc)) from None


def _remitted(
    s: Session, payment_ids: Sequence[uuid.UUID] | None = None
) -> dict[uuid.UUID, Decimal]:
    stmt = select(RemittanceItem.payment_id, money_sum(RemittanceItem.amount)).group_by(
        RemittanceItem.payment_id
    )
    if payment_ids is not None:
        stmt = stmt.where(RemittanceItem.payment_id.in_(list(payment_ids)))
    return {pid: amount or ZERO for pid, amount in s.execute(stmt)}


def _remittable(
    s: Session,
    branch_id: uuid.UUID | None,
    *,
    lock: bool = False,
    ids: Sequence[uuid.UUID] | None = None,
    scope: Any = None,
) -> list[tuple[Payment, str, Decimal]]:
    """Payments with money not yet remitted: (payment, customer name, unremitted), oldest first.
    Reversals and reversed payments never count (there is no money to send)."""
    reversed_ids = select(Payment.reverses_id).where(Payment.reverses_id.is_not(None))
    stmt = (
        select(Payment, Customer.name)
        .join(Customer, Customer.id == Payment.customer_id)
        .where(Payment.amount > 0, Payment.reverses_id.is_(None), Payment.id.not_in(reversed_ids))
        .order_by(Payment.received_at, Payment.number)
    )
    if branch_id is not None:
        stmt = stmt.where(Payment.branch_id == branch_id)
    if scope is not None:  # the reader's branches (services.base.scope)
        stmt = stmt.where(scope)
    if ids is not None:
        stmt = stmt.where(Payment.id.in_(list(ids)))
    if lock:
        stmt = for_update(s, stmt, of=Payment)
    rows = s.execute(stmt).unique().all()
    remitted = _remitted(s, [p.id for p, _n in rows]) if rows else {}
    out = []
    for p, name in rows:
        left = p.amount - remitted.get(p.id, ZERO)
        if left > 0:
            out.append((p, name, left))
    return out


def _hours(delta: timedelta) -> Decimal:
    return (Decimal(int(delta.total_seconds())) / 3600).quantize(Decimal("0.1"), ROUND_DOWN)


def unremitted_payments(
    db: Database, actor: Actor, *, branch_id: uuid.UUID | None = None
) -> list[UnremittedPayment]:
    """Every payment with money not yet remitted, soonest deadline first (then those without
    one), with deadlines and hours judged at the database clock's now; of the actor's branches
    (``branch_id``: of that one). Who: ``payment.view``."""
    now = db.clock.now()
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        levels = remittance_levels(s)
        remitted = _remitted(s)
        out = []
        scope = scope_condition(actor, Payment.branch_id, branch_id=branch_id)
        for p, name, left in _remittable(s, None, scope=scope):
            level = level_for(p.amount, levels)
            deadline = p.received_at + timedelta(hours=level.hours) if level else None
            overdue = deadline is not None and now > deadline
            out.append(
                UnremittedPayment(
                    payment_id=p.id,
                    payment_number=p.number,
                    customer_name=name,
                    method=p.method,
                    received_at=p.received_at,
                    amount=p.amount,
                    remitted=remitted.get(p.id, ZERO),
                    unremitted=left,
                    level=level,
                    deadline=deadline,
                    overdue=overdue,
                    hours_overdue=_hours(now - deadline)
                    if overdue and deadline
                    else Decimal("0.0"),
                    hours_left=(
                        None
                        if deadline is None
                        else Decimal("0.0")
                        if overdue
                        else _hours(deadline - now)
                    ),
                )
            )
        far = now + timedelta(days=36500)
        out.sort(key=lambda u: (u.deadline or far, u.payment_number))
        return out


def remittances_due(db: Database, actor: Actor) -> list[UnremittedPayment]:
    """Money at or above a remittance threshold, not yet remitted, still within its N hours.
    Soonest deadline first. Who: ``payment.view``."""
    return [u for u in unremitted_payments(db, actor) if u.deadline and not u.overdue]


def remittances_overdue(
    db: Database, actor: Actor, *, branch_id: uuid.UUID | None = None
) -> list[UnremittedPayment]:
    """Money at or above a remittance threshold whose unremitted part is past received_at + N
    hours (strictest level), with the hours overdue. Who: ``payment.view``."""
    return [u for u in unremitted_payments(db, actor, branch_id=branch_id) if u.overdue]


def record_remittance(db: Database, actor: Actor, data: RemittanceInput) -> RemittanceView:
    """Record money sent to head office and which payments it covers.

    Who: ``remittance.record`` (cashier, accountant). Refuses (ValidationFailed, nothing
    written): amount not > 0, bad method, no reference, a time in the future, more than the
    selected payments have unremitted, items that are unknown, reversed, given more than their
    unremitted money, not adding up to the amount, or remitted before the money came in.
    """
    now = db.clock.now()
    errors: list[FieldError] = []
    # None: everything the selection has unremitted (or the sum of the items).
    amount = (
        None if data.amount is None else _amount(data.amount, "amount", errors, label="汇款金额")
    )
    method = (data.method or "").strip()
    if method not in REMITTANCE_METHODS:
        errors.append(invalid_choice("method", "汇款方式", method, REMITTANCE_METHODS))
    reference = _text(data.reference, "reference", 100, errors)
    if reference is None:
        errors.append(FieldError("reference", "remittance.reference_required"))
    remitted_at = data.remitted_at or now
    if remitted_at.tzinfo is None:
        remitted_at = remitted_at.astimezone()
    if remitted_at > now + timedelta(minutes=5):
        errors.append(FieldError("remitted_at", "date.future", {"label": LABELS["remitted_at"]}))

    with use_case(db, actor, "remittance.record") as (s, actor):
        branch = _branch(s, actor)
        ids = None
        if data.payment_ids is not None:
            ids = [pid for pid in (_payment_id(s, k) for k in data.payment_ids) if pid]
        if data.items is not None:
            ids = [pid for pid in (_payment_id(s, k) for k, _a in data.items) if pid]
        open_rows = {
            p.id: (p, name, left) for p, name, left in _remittable(s, branch.id, lock=True, ids=ids)
        }
        plan = _remittance_plan(s, data, amount, open_rows, ids, errors)
        total = sum((a for _p, a in plan), ZERO)
        for i, (p, _part) in enumerate(plan):
            if local_date(remitted_at) < p.received_on:
                errors.append(
                    FieldError(f"items[{i}]", "remittance.before_receipt", {"number": p.number})
                )
        if errors:
            raise ValidationFailed(errors)
        year = local_date(remitted_at).year
        seq = next_number(s, branch.id, REMITTANCE_KIND, year)
        assert actor.user_id is not None
        remittance = Remittance(
            branch_id=branch.id,
            number=document_number(branch.code, REMITTANCE_KIND, year, seq),
            amount=total,
            remitted_at=remitted_at,
            method=method,
            reference=reference,
            recorded_by=actor.user_id,
            recorded_at=now,
        )
        s.add(remittance)
        record_change(s, branch.id, "remittance", remittance)
        for p, part in plan:
            item = RemittanceItem(remittance_id=remittance.id, payment_id=p.id, amount=part)
            s.add(item)
            record_change(s, branch.id, "remittance_item", item)
        audit(
            s,
            actor,
            "remittance_recorded",
            entity="remittance",
            entity_id=remittance.id,
            after={**row_dict(remittance), "items": [(p.number, a) for p, a in plan]},
        )
        return _remittance_view(s, remittance)


def _payment_id(s: Session, key: uuid.UUID | str) -> uuid.UUID | None:
    pid = _uuid(key)
    if pid is not None:
        return pid
    return s.execute(
        select(Payment.id).where(Payment.number == str(key).strip().upper())
    ).scalar_one_or_none()


def _remittance_plan(
    s: Session,
    data: RemittanceInput,
    amount: Decimal | None,
    open_rows: dict[uuid.UUID, tuple[Payment, str, Decimal]],
    ids: list[uuid.UUID] | None,
    errors: list[FieldError],
) -> list[tuple[Payment, Decimal]]:
    available = sum((left for _p, _n, left in open_rows.values()), ZERO)
    if data.items is not None:
        plan: list[tuple[Payment, Decimal]] = []
        seen: set[uuid.UUID] = set()
        for i, (key, raw) in enumerate(data.items):
            part = _amount(raw, f"items[{i}].amount", errors, label="汇款金额")
            pid = _payment_id(s, key)
            if pid is None or pid in seen or pid not in open_rows:
                code = (
                    "remittance.payment_unknown"
                    if pid is None or s.get(Payment, pid) is None
                    else "remittance.nothing_to_remit"
                )
                errors.append(FieldError(f"items[{i}].payment", code, {"payment": str(key)}))
                continue
            seen.add(pid)
            p, _name, left = open_rows[pid]
            if part is not None and part > left:
                errors.append(
                    FieldError(
                        f"items[{i}].amount",
                        "remittance.item_exceeds",
                        {"number": p.number, "unremitted": _yuan(left), "amount": _yuan(part)},
                    )
                )
            elif part is not None:
                plan.append((p, part))
        total = sum((a for _p, a in plan), ZERO)
        if amount is not None and total != amount and not errors:
            errors.append(
                FieldError(
                    "amount",
                    "remittance.items_sum",
                    {"items": _yuan(total), "amount": _yuan(amount)},
                )
            )
        return plan
    if ids is not None and len(ids) != len(data.payment_ids or ()):
        errors.append(FieldError("payment_ids", "remittance.payment_unknown", {"payment": "?"}))
    if data.amount is not None and amount is None:
        return []  # the amount itself was refused
    wanted = available if amount is None else amount
    if wanted > available or available == 0:
        errors.append(
            FieldError(
                "amount",
                "remittance.exceeds_unremitted",
                {"amount": _yuan(wanted), "unremitted": _yuan(available)},
            )
        )
        return []
    items = [
        OpenItem(p.id, local_date(p.received_at), p.number, left)
        for p, _n, left in open_rows.values()
    ]
    return [(open_rows[pid][0], part) for pid, part in allocate_oldest_first(wanted, items)]


def _remittance_view(s: Session, r: Remittance) -> RemittanceView:
    s.flush()
    user = s.get(User, r.recorded_by)
    rows = s.execute(
        select(RemittanceItem, Payment.number, Customer.name)
        .join(Payment, Payment.id == RemittanceItem.payment_id)
        .join(Customer, Customer.id == Payment.customer_id)
        .where(RemittanceItem.remittance_id == r.id)
        .order_by(Payment.number)
    ).all()
    return RemittanceView(
        r.id,
        r.number,
        r.amount,
        r.remitted_at,
        r.method,
        r.reference,
        user.display_name if user else "?",
        tuple(RemittanceItemView(i.payment_id, n, c, i.amount) for i, n, c in rows),
    )


def list_remittances(
    db: Database,
    actor: Actor,
    *,
    branch_id: uuid.UUID | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[RemittanceView]:
    """Remittances of the actor's branches (``branch_id``: of that one), newest first.
    Who: ``payment.view``."""
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        stmt = (
            select(Remittance)
            .order_by(Remittance.remitted_at.desc(), Remittance.number.desc())
            .limit(limit)
            .offset(offset)
        )
        scope = scope_condition(actor, Remittance.branch_id, branch_id=branch_id)
        if scope is not None:
            stmt = stmt.where(scope)
        return [_remittance_view(s, r) for r in s.execute(stmt).scalars()]
