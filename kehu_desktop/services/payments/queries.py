"""Reading payments: one payment with its allocations (by id or number), the paged list, and the
receipt PDF (audited as printed).

``services.payments`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.ageing import ZERO
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.dto import AllocationView
from kehu_desktop.dto import PaymentRow
from kehu_desktop.dto import PaymentView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.models import Payment
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers import visible_to
from kehu_desktop.services.payments.ledgers import money_sum
from kehu_desktop.services.payments.remittances import _remitted


def _net_allocations(
    s: Session, payment_id: uuid.UUID, *, live_only: bool = False
) -> dict[uuid.UUID, Decimal]:
    stmt = (
        select(PaymentAllocation.slip_id, money_sum(PaymentAllocation.amount))
        .join(Slip, Slip.id == PaymentAllocation.slip_id)
        .where(PaymentAllocation.payment_id == payment_id)
        .group_by(PaymentAllocation.slip_id)
    )
    if live_only:
        stmt = stmt.where(Slip.status == "issued")
    return {sid: amount or ZERO for sid, amount in s.execute(stmt)}


# --------------------------------------------------------------------------------------------
# Reading and the receipt
# --------------------------------------------------------------------------------------------


def _view(s: Session, p: Payment) -> PaymentView:
    s.flush()
    branch = s.get(Branch, p.branch_id)
    customer = s.get(Customer, p.customer_id)
    user = s.get(User, p.received_by)
    assert branch is not None and customer is not None
    nets = _net_allocations(s, p.id)
    slips = (
        {sl.id: sl for sl in s.execute(select(Slip).where(Slip.id.in_(list(nets)))).scalars()}
        if nets
        else {}
    )
    allocations = tuple(
        sorted(
            (
                AllocationView(
                    sid,
                    slips[sid].number,
                    slips[sid].kind,
                    slips[sid].issue_date,
                    slips[sid].total,
                    amount,
                    slips[sid].status != "issued",
                )
                for sid, amount in nets.items()
                if amount
            ),
            key=lambda a: (a.issue_date, a.slip_number),
        )
    )
    allocated = sum((a.amount for a in allocations if not a.slip_voided), ZERO)
    reverses = s.get(Payment, p.reverses_id) if p.reverses_id else None
    reversed_by = s.execute(
        select(Payment.number).where(Payment.reverses_id == p.id)
    ).scalar_one_or_none()
    unallocated = ZERO if (reverses or reversed_by) else p.amount - allocated
    return filled(
        PaymentView,
        p,
        branch_code=branch.code,
        branch_name=branch.name,
        customer_name=customer.name,
        received_by=user.display_name if user else "?",
        allocations=allocations,
        allocated=allocated,
        unallocated=unallocated,
        reverses_number=reverses.number if reverses else None,
        reversed_by_number=reversed_by,
        remitted=_remitted(s, [p.id]).get(p.id, ZERO),
    )


def _visible_payment(s: Session, actor: Actor, payment_id: uuid.UUID) -> Payment:
    row = (
        s.execute(
            select(Payment)
            .join(Customer, Customer.id == Payment.customer_id)
            .where(Payment.id == payment_id, visible_to(actor))
        )
        .unique()
        .scalar_one_or_none()
    )
    if row is None:
        raise NotFound("payment.not_found")
    return row


def get_payment(db: Database, actor: Actor, payment_id: uuid.UUID) -> PaymentView:
    """One payment with its allocations. Who: ``payment.view``."""
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        return _view(s, _visible_payment(s, actor, payment_id))


def find_payment(db: Database, actor: Actor, number: str) -> PaymentView:
    """A payment by its number (e.g. ``SH-PM-2026-000001``). Who: ``payment.view``."""
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        pid = s.execute(
            select(Payment.id).where(Payment.number == number.strip().upper())
        ).scalar_one_or_none()
        if pid is None:
            raise NotFound("payment.not_found")
        return _view(s, _visible_payment(s, actor, pid))


def list_payments(
    db: Database,
    actor: Actor,
    *,
    customer_id: uuid.UUID | None = None,
    since: date | None = None,
    until: date | None = None,
    branch_id: uuid.UUID | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[PaymentRow]:
    """Payments newest first, paged in SQL; ``branch_id`` narrows them to one branch of the
    actor's scope. Who: ``payment.view``."""
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        reversed_ids = select(Payment.reverses_id).where(Payment.reverses_id.is_not(None))
        stmt = (
            select(Payment, Customer.name, Payment.id.in_(reversed_ids))
            .join(Customer, Customer.id == Payment.customer_id)
            .where(visible_to(actor, branch_id))
            .order_by(Payment.received_on.desc(), Payment.number.desc(), Payment.id)
            .limit(limit)
            .offset(offset)
        )
        if customer_id is not None:
            stmt = stmt.where(Payment.customer_id == customer_id)
        if since is not None:
            stmt = stmt.where(Payment.received_on >= since)
        if until is not None:
            stmt = stmt.where(Payment.received_on <= until)
        return [
            PaymentRow(
                p.id,
                p.number,
                p.customer_id,
                name,
                p.method,
                p.amount,
                p.received_on,
                p.reference,
                p.reverses_id,
                bool(rev),
            )
            for p, name, rev in s.execute(stmt).unique()
        ]


def payment_receipt_pdf(db: Database, actor: Actor, payment_id: uuid.UUID) -> bytes:
    """The receipt (收款收据) as PDF bytes. Who: ``payment.record``. Every print is audited."""
    # lazy: ReportLab only when a receipt is printed
    from kehu_desktop.printing.receipt import receipt_pdf

    with use_case(db, actor, "payment.record", write=False) as (s, actor):
        view = _view(s, _visible_payment(s, actor, payment_id))
    pdf = receipt_pdf(view)
    with use_case(db, actor, "payment.record") as (s, actor):
        audit(
            s,
            actor,
            "payment_receipt_printed",
            entity="payment",
            entity_id=view.id,
            detail=view.number,
        )
    return pdf
