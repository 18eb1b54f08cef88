"""Payments (回款, step 7): record, allocate to slips, reverse, print the receipt; remittances of
the money to head office (the N-hour remittance rule).

Rules (docs/payments.md has the reasons):

* A payment is posted for good. A mistake is corrected by :func:`reverse_payment`, which writes a
  reversing payment (negative amount, ``reverses_id``) and negative allocations.
* Allocation is oldest first (issue date, then slip number) unless the cashier names slips; a slip
  never gets more than it still owes and a payment is never allocated beyond its amount. Money
  left over is the customer's credit (预收款); :func:`allocate_open_credit` sets credit against
  open slips oldest first, and every automatically allocated payment does so too.
* Numbers: ``{branch}-PM-{year}-{seq}`` for payments, ``{branch}-RM-{year}-{seq}`` for
  remittances, gapless, taken in the same transaction.

Who: recording, reversing, allocating and printing receipts need ``payment.record`` (cashier,
accountant); remittances ``remittance.record``; reading ``payment.view``.

This module records, allocates and reverses payments and is the public face of the payment
services; the rest lives in its siblings: ``payments_common`` (methods, labels, inputs and
results), ``payments_queries`` (reading, listing, the receipt) and ``remittances``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain import identifiers
from kehu_desktop.domain.ageing import ZERO
from kehu_desktop.domain.ageing import OpenItem
from kehu_desktop.domain.ageing import allocate_oldest_first
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.errors import invalid_choice
from kehu_desktop.domain.numbering import document_number
from kehu_desktop.dto import METHODS
from kehu_desktop.dto import AppliedAllocation
from kehu_desktop.dto import PaymentView
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.models import Payment
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import documents_locked
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import next_number
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers import visible_to
from kehu_desktop.services.payments.common import LABELS
from kehu_desktop.services.payments.common import PAYMENT_KIND
from kehu_desktop.services.payments.common import REFERENCE_REQUIRED
from kehu_desktop.services.payments.common import PaymentInput
from kehu_desktop.services.payments.common import _amount
from kehu_desktop.services.payments.common import _branch
from kehu_desktop.services.payments.common import _text
from kehu_desktop.services.payments.common import _uuid
from kehu_desktop.services.payments.common import _yuan
from kehu_desktop.services.payments.ledgers import credit_items
from kehu_desktop.services.payments.ledgers import local_date
from kehu_desktop.services.payments.ledgers import slip_balances
from kehu_desktop.services.payments.ledgers import start_of_day
from kehu_desktop.services.payments.queries import _net_allocations
from kehu_desktop.services.payments.queries import _view
from kehu_desktop.services.payments.remittances import _remitted


def _add_payment(session: Session, branch: Branch, actor: Actor, **values: object) -> Payment:
    received_on = values["received_on"]
    assert isinstance(received_on, date)
    seq = next_number(session, branch.id, PAYMENT_KIND, received_on.year)
    payment = Payment(
        branch_id=branch.id,
        received_by=actor.user_id,
        number=document_number(branch.code, PAYMENT_KIND, received_on.year, seq),
        **values,
    )
    session.add(payment)
    record_change(session, branch.id, "payment", payment)
    return payment


def _allocate(
    session: Session,
    branch_id: uuid.UUID,
    payment: Payment,
    slip_id: uuid.UUID,
    amount: Decimal,
    on: date,
) -> PaymentAllocation:
    row = PaymentAllocation(payment_id=payment.id, slip_id=slip_id, amount=amount, allocated_on=on)
    session.add(row)
    record_change(session, branch_id, "payment_allocation", row)
    return row


def _lock_customer(session: Session, actor: Actor, customer_id: uuid.UUID) -> Customer | None:
    """All allocation paths lock the customer first, so two cashiers never both fill one slip."""
    return lock_customers(session, [customer_id], load=True, where=visible_to(actor)).get(
        customer_id
    )


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------


def record_payment(
    db: Database,
    actor: Actor,
    data: PaymentInput,
) -> PaymentView:
    """Record money received from a customer and allocate it (oldest first, or as chosen).

    Who: cashier or accountant (``payment.record``) of the customer's branch. Refuses, with every
    field's problem at once and nothing written (ValidationFailed): unknown customer, bad method,
    amount not > 0 or with more than 2 decimals, a date in the future, a missing bank reference,
    a reference already used for this customer, chosen slips that are unknown, another
    customer's, voided, named twice, given more than they owe, or allocations adding up to more
    than the payment.
    """
    now = db.clock.now()
    today = db.clock.today()
    errors: list[FieldError] = []
    method = (data.method or "").strip()
    if method not in METHODS:
        errors.append(invalid_choice("method", LABELS["method"], method, METHODS))
    amount = _amount(data.amount, "amount", errors)
    received_on: date | None = None
    try:
        received_on = identifiers.parse_date_not_future(
            data.received_on if data.received_on is not None else today,
            field="received_on",
            label=LABELS["received_on"],
            today=today,
        )
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    reference = _text(data.reference, "reference", 100, errors)
    if reference is None and method in REFERENCE_REQUIRED:
        errors.append(
            FieldError("reference", "payment.reference_required", {"method": METHODS[method]})
        )
    note = _text(data.note, "note", 2000, errors)
    received_at = _received_at(data.received_at, received_on, today, now, errors)
    customer_id = _uuid(data.customer_id)

    with use_case(db, actor, "payment.record") as (s, actor):
        branch = _branch(s, actor)
        customer = _lock_customer(s, actor, customer_id) if customer_id else None
        if customer is None or customer.branch_id != branch.id:
            errors.append(FieldError("customer_id", "customer.not_found"))
            raise ValidationFailed(errors)
        if reference is not None and method in METHODS:
            _check_reference(s, customer, method, reference, errors)
        chosen: list[tuple[Slip, Decimal]] = []
        if data.allocations is not None:
            chosen = _chosen_allocations(s, customer, data.allocations, amount, errors)
        if errors:
            raise ValidationFailed(errors)
        assert amount is not None and received_on is not None and received_at is not None
        payment = _add_payment(
            s,
            branch,
            actor,
            customer_id=customer.id,
            method=method,
            amount=amount,
            received_on=received_on,
            received_at=received_at,
            reference=reference,
            note=note,
        )
        for slip, part in chosen:
            _allocate(s, branch.id, payment, slip.id, part, max(received_on, slip.issue_date))
        applied: list[AppliedAllocation] = []
        if data.allocations is None:
            applied = _apply_credit(s, branch.id, customer.id, today, fresh=payment)
        audit(
            s,
            actor,
            "payment_recorded",
            entity="payment",
            entity_id=payment.id,
            after={
                **row_dict(payment),
                "allocations": [(sl.number, part) for sl, part in chosen]
                or [(a.payment_number, a.slip_number, a.amount) for a in applied],
            },
        )
        return _view(s, payment)


def _received_at(
    value: datetime | None,
    received_on: date | None,
    today: date,
    now: datetime,
    errors: list[FieldError],
) -> datetime | None:
    if received_on is None:
        return None
    if value is None:
        return now if received_on == today else start_of_day(received_on)
    moment = value if value.tzinfo is not None else value.astimezone()
    if moment > now + timedelta(minutes=5):  # a few minutes of clock drift between PCs
        errors.append(FieldError("received_at", "date.future", {"label": LABELS["received_at"]}))
    elif local_date(moment) != received_on:
        errors.append(FieldError("received_at", "payment.received_at_mismatch"))
    return moment


def _check_reference(
    s: Session, customer: Customer, method: str, reference: str, errors: list[FieldError]
) -> None:
    reversed_ids = select(Payment.reverses_id).where(Payment.reverses_id.is_not(None))
    other = (
        s.execute(
            select(Payment.number).where(
                Payment.customer_id == customer.id,
                Payment.method == method,
                Payment.reference == reference,
                Payment.reverses_id.is_(None),
                Payment.id.not_in(reversed_ids),
            )
        )
        .scalars()
        .first()
    )
    if other is not None:
        errors.append(
            FieldError(
                "reference",
                "payment.duplicate_reference",
                {"reference": reference, "number": other},
            )
        )


def _find_slip(s: Session, branch_id: uuid.UUID, key: uuid.UUID | str) -> Slip | None:
    slip_id = _uuid(key)
    if slip_id is not None:
        return s.get(Slip, slip_id)
    return s.execute(
        select(Slip).where(Slip.branch_id == branch_id, Slip.number == str(key).strip().upper())
    ).scalar_one_or_none()


def _chosen_allocations(
    s: Session,
    customer: Customer,
    chosen: Sequence[tuple[uuid.UUID | str, object]],
    amount: Decimal | None,
    errors: list[FieldError],
) -> list[tuple[Slip, Decimal]]:
    open_by_id = {
        b.slip_id: b for b in slip_balances(s, customer_ids=[customer.id], open_only=False)
    }
    out: list[tuple[Slip, Decimal]] = []
    seen: set[uuid.UUID] = set()
    for i, (key, raw) in enumerate(chosen):
        prefix = f"allocations[{i}]."
        slip = _find_slip(s, customer.branch_id, key)
        part = _amount(raw, prefix + "amount", errors, label=LABELS["amount"])
        if slip is None or slip.customer_id != customer.id:
            errors.append(FieldError(prefix + "slip", "payment.slip_unknown", {"slip": str(key)}))
            continue
        if slip.status != "issued":
            errors.append(FieldError(prefix + "slip", "payment.slip_voided", {"slip": slip.number}))
            continue
        if slip.id in seen:
            errors.append(
                FieldError(prefix + "slip", "payment.slip_duplicate", {"slip": slip.number})
            )
            continue
        seen.add(slip.id)
        owed = open_by_id[slip.id].outstanding if slip.id in open_by_id else slip.total
        if part is not None and part > owed:
            errors.append(
                FieldError(
                    prefix + "amount",
                    "payment.slip_over_allocated",
                    {"slip": slip.number, "outstanding": _yuan(owed), "amount": _yuan(part)},
                )
            )
            continue
        if part is not None:
            out.append((slip, part))
    total = sum((p for _s, p in out), ZERO)
    if amount is not None and total > amount:
        errors.append(
            FieldError(
                "allocations",
                "payment.over_allocated",
                {"allocated": _yuan(total), "amount": _yuan(amount)},
            )
        )
    return out


def _apply_credit(
    s: Session,
    branch_id: uuid.UUID,
    customer_id: uuid.UUID,
    today: date,
    fresh: Payment | None = None,
) -> list[AppliedAllocation]:
    """Allocate every bit of the customer's unallocated money to open slips, oldest money to
    oldest slip. The fresh payment's allocations count from the day it was received (or the
    slip's issue date); older credit moves today, the day it was applied."""
    slips = slip_balances(s, customer_ids=[customer_id])
    owed = {b.slip_id: b for b in slips}
    applied: list[AppliedAllocation] = []
    for item in credit_items(s, customer_id):
        items = [
            OpenItem(b.slip_id, b.issue_date, b.number, b.outstanding)
            for b in owed.values()
            if b.outstanding > 0
        ]
        if not items:
            break
        payment = s.get(Payment, item.payment_id)
        assert payment is not None
        for slip_id, part in allocate_oldest_first(item.unallocated, items):
            slip = owed[slip_id]
            on = (
                max(payment.received_on, slip.issue_date)
                if payment is fresh
                else max(today, slip.issue_date, payment.received_on)
            )
            _allocate(s, branch_id, payment, slip_id, part, on)
            owed[slip_id] = replace(
                slip, paid=slip.paid + part, outstanding=slip.outstanding - part
            )
            applied.append(AppliedAllocation(payment.number, slip.number, part))
    return applied


def apply_open_credit(
    session: Session, actor: Actor, customer_id: uuid.UUID
) -> list[AppliedAllocation]:
    """:func:`allocate_open_credit` inside the caller's transaction (e.g. right after a slip is
    issued, so a prepayment pays it at once). The caller has checked permissions and locked the
    customer. Audited when anything moved."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer.not_found")
    today = clock_of(session).today()
    applied = _apply_credit(session, customer.branch_id, customer_id, today)
    if applied:
        audit(
            session,
            actor,
            "payment_credit_allocated",
            entity="customer",
            entity_id=customer_id,
            after={"allocations": [(a.payment_number, a.slip_number, a.amount) for a in applied]},
        )
    return applied


def allocate_open_credit(
    db: Database, actor: Actor, customer_id: uuid.UUID
) -> list[AppliedAllocation]:
    """Set the customer's unallocated money (credit) against open slips, oldest first.

    Who: ``payment.record``. Returns what moved (empty when nothing could)."""
    with use_case(db, actor, "payment.record") as (s, actor):
        branch = _branch(s, actor)
        customer = _lock_customer(s, actor, customer_id)
        if customer is None or customer.branch_id != branch.id:
            raise NotFound("customer.not_found")
        return apply_open_credit(s, actor, customer.id)


# --------------------------------------------------------------------------------------------
# Reversal
# --------------------------------------------------------------------------------------------


def reverse_payment(
    db: Database,
    actor: Actor,
    payment_id: uuid.UUID,
    reason: str,
) -> PaymentView:
    """Cancel a posted payment by a reversing payment dated today (the database's clock):
    negative amount, ``reverses_id`` set, and a negative allocation for every slip the payment
    still pays, so those slips owe again (any other credit of the customer is then applied
    oldest first).

    Who: ``payment.record``. Refuses: no reason; a reversal; a payment already reversed
    (``payment.already_reversed``); money already remitted to head office
    (``payment.remitted``: head office finance corrects that). Audited.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([FieldError("reason", "required", {"label": LABELS["reason"]})])
    today = db.clock.today()
    with use_case(db, actor, "payment.record") as (s, actor):
        branch = _branch(s, actor)
        original = s.get(Payment, payment_id)
        customer = _lock_customer(s, actor, original.customer_id) if original else None
        if original is None or customer is None or original.branch_id != branch.id:
            raise NotFound("payment.not_found")
        documents_locked(s)
        s.refresh(original, with_for_update=True)
        if original.reverses_id is not None:
            raise Conflict("payment.is_reversal", number=original.number)
        reversal = s.execute(
            select(Payment.number).where(Payment.reverses_id == original.id)
        ).scalar_one_or_none()
        if reversal is not None:
            raise Conflict("payment.already_reversed", number=original.number, by=reversal)
        remitted = _remitted(s, [original.id]).get(original.id, ZERO)
        if remitted:
            raise Conflict("payment.remitted", number=original.number, amount=_yuan(remitted))
        if today < original.received_on:
            raise ValidationFailed([FieldError("received_on", "payment.reversal_before")])
        before = row_dict(original)
        r = _add_payment(
            s,
            branch,
            actor,
            customer_id=original.customer_id,
            method=original.method,
            amount=-original.amount,
            received_on=today,
            received_at=db.clock.now(),
            reference=original.reference,
            note=reason,
            reverses_id=original.id,
        )
        for slip_id, net in _net_allocations(s, original.id, live_only=True).items():
            if net:
                _allocate(s, branch.id, r, slip_id, -net, today)
        _apply_credit(s, branch.id, customer.id, today)
        audit(
            s,
            actor,
            "payment_reversed",
            entity="payment",
            entity_id=original.id,
            before=before,
            after={"reversal": r.number, "reason": reason},
            detail=reason,
        )
        return _view(s, r)
