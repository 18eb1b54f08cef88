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
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import identifiers
from kehu_desktop.domain.ageing import (
    ZERO,
    OpenItem,
    RemittanceLevel,
    allocate_oldest_first,
    level_for,
    parse_levels,
)
from kehu_desktop.domain.errors import Conflict, FieldError, NotFound, ValidationFailed
from kehu_desktop.domain.numbering import document_number
from kehu_desktop.models import (
    Branch,
    Customer,
    Payment,
    PaymentAllocation,
    Remittance,
    RemittanceItem,
    Slip,
    User,
    utcnow,
)
from kehu_desktop.services.context import Actor, require
from kehu_desktop.services.customers import visible_to
from kehu_desktop.services.receivables import (
    credit_items,
    local_date,
    money_sum,
    slip_balances,
    start_of_day,
)
from kehu_desktop.services.records import audit, get_setting, next_number, record_change, row_dict

PAYMENT_KIND = "PM"
REMITTANCE_KIND = "RM"
METHODS: dict[str, str] = {"cash": "现金", "bank_transfer": "银行转账", "bank_draft": "银行汇票"}
#: Bank money always has a bank serial or draft number: it is what finds a double entry.
REFERENCE_REQUIRED = frozenset({"bank_transfer", "bank_draft"})
REMITTANCE_METHODS: dict[str, str] = {
    "bank_transfer": "银行转账",
    "cash_deposit": "现金解款",
    "bank_draft": "银行汇票",
}
LABELS = {
    "customer_id": "客户",
    "method": "收款方式",
    "amount": "收款金额",
    "received_on": "收款日期",
    "received_at": "收款时间",
    "reference": "票据号/流水号",
    "note": "备注",
    "allocations": "分配",
    "reason": "冲销原因",
    "remitted_at": "汇款时间",
}
MAX_AMOUNT = Decimal("999999999999.99")  # NUMERIC(14,2)


# --------------------------------------------------------------------------------------------
# Inputs and results
# --------------------------------------------------------------------------------------------


@dataclass
class PaymentInput:
    """What the cashier types. Text as typed; the service cleans it.

    ``allocations``: None allocates oldest first; otherwise ``(slip, amount)`` pairs where the
    slip is its id or its number. Whatever is not allocated stays as the customer's credit.
    ``received_at`` (aware) is when the money was in hand; by default now when received today,
    else the start of ``received_on`` (the remittance clock runs from it).
    """

    customer_id: uuid.UUID | str
    method: str
    amount: str | Decimal | int
    received_on: str | date | None = None  # None = today
    reference: str | None = None
    allocations: Sequence[tuple[uuid.UUID | str, str | Decimal | int]] | None = None
    note: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True)
class AllocationView:
    slip_id: uuid.UUID
    slip_number: str
    slip_kind: str
    issue_date: date
    slip_total: Decimal
    amount: Decimal  # net of this payment on the slip
    slip_voided: bool


@dataclass(frozen=True)
class PaymentView:
    """A payment with everything its receipt prints."""

    id: uuid.UUID
    number: str
    branch_code: str
    branch_name: str
    customer_id: uuid.UUID
    customer_name: str
    method: str
    amount: Decimal  # negative for a reversal
    received_on: date
    received_at: datetime
    received_by: str
    reference: str | None
    note: str | None
    allocations: tuple[AllocationView, ...]
    allocated: Decimal  # on slips that are not voided
    unallocated: Decimal  # credit left (0 for reversed payments and reversals)
    reverses_number: str | None
    reversed_by_number: str | None
    remitted: Decimal

    @property
    def is_reversal(self) -> bool:
        return self.reverses_number is not None

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method, self.method)


@dataclass(frozen=True)
class PaymentRow:
    id: uuid.UUID
    number: str
    customer_id: uuid.UUID
    customer_name: str
    method: str
    amount: Decimal
    received_on: date
    reference: str | None
    reverses_id: uuid.UUID | None
    reversed: bool


@dataclass(frozen=True)
class AppliedAllocation:
    payment_number: str
    slip_number: str
    amount: Decimal


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


@dataclass(frozen=True)
class RemittanceItemView:
    payment_id: uuid.UUID
    payment_number: str
    customer_name: str
    amount: Decimal


@dataclass(frozen=True)
class RemittanceView:
    id: uuid.UUID
    number: str
    amount: Decimal
    remitted_at: datetime
    method: str
    reference: str | None
    recorded_by: str
    items: tuple[RemittanceItemView, ...]


@dataclass(frozen=True)
class UnremittedPayment:
    """Money received and not yet (wholly) remitted, with its deadline when a level applies."""

    payment_id: uuid.UUID
    payment_number: str
    customer_name: str
    method: str
    received_at: datetime
    amount: Decimal
    remitted: Decimal
    unremitted: Decimal
    level: RemittanceLevel | None  # None: below every threshold (still to hand in, no deadline)
    deadline: datetime | None
    overdue: bool
    hours_overdue: Decimal  # 0 unless overdue; one decimal, rounded down
    hours_left: Decimal | None  # None without a deadline; 0 once overdue


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _branch(session: Session, actor: Actor) -> Branch:
    if actor.branch_id is None or actor.user_id is None:
        raise Conflict("payment.branch_only")
    branch = session.get(Branch, actor.branch_id)
    if branch is None:
        raise Conflict("payment.branch_only")
    return branch


def _uuid(value: uuid.UUID | str) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        return None


def _text(value: str | None, name: str, limit: int, errors: list[FieldError]) -> str | None:
    if value is None:
        return None
    text = identifiers.normalise_text(value)
    if len(text) > limit:
        errors.append(FieldError(name, "too_long", {"label": LABELS[name], "max": limit}))
    return text or None


def _amount(
    value: object, name: str, errors: list[FieldError], *, label: str | None = None
) -> Decimal | None:
    label = label or LABELS.get(name, name)
    try:
        amount = identifiers.parse_amount(value, field=name, label=label)  # type: ignore[arg-type]
    except ValidationFailed as exc:
        errors.extend(exc.errors)
        return None
    if amount is None:
        errors.append(FieldError(name, "required", {"label": label}))
    elif amount == 0:
        errors.append(FieldError(name, "payment.amount_positive", {"label": label}))
    elif amount > MAX_AMOUNT:
        errors.append(FieldError(name, "payment.amount_too_large", {"label": label}))
    else:
        return amount
    return None


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


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
    return (
        session.execute(
            select(Customer)
            .where(Customer.id == customer_id, visible_to(actor))
            .with_for_update(of=Customer)
        )
        .unique()
        .scalar_one_or_none()
    )


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------


def record_payment(
    db: Database,
    actor: Actor,
    data: PaymentInput,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> PaymentView:
    """Record money received from a customer and allocate it (oldest first, or as chosen).

    Who: cashier or accountant (``payment.record``) of the customer's branch. Refuses, with every
    field's problem at once and nothing written (ValidationFailed): unknown customer, bad method,
    amount not > 0 or with more than 2 decimals, a date in the future, a missing bank reference,
    a reference already used for this customer, chosen slips that are unknown, another
    customer's, voided, named twice, given more than they owe, or allocations adding up to more
    than the payment.
    """
    require(actor, "payment.record")
    today = today or date.today()
    now = now or utcnow()
    errors: list[FieldError] = []
    method = (data.method or "").strip()
    if method not in METHODS:
        choices = "、".join(f"{zh}({code})" for code, zh in METHODS.items())
        errors.append(
            FieldError(
                "method",
                "choice.invalid",
                {"label": LABELS["method"], "value": method, "choices": choices},
            )
        )
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

    with db.write() as s:
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
    session: Session, actor: Actor, customer_id: uuid.UUID, today: date | None = None
) -> list[AppliedAllocation]:
    """:func:`allocate_open_credit` inside the caller's transaction (e.g. right after a slip is
    issued, so a prepayment pays it at once). The caller has checked permissions and locked the
    customer. Audited when anything moved."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("customer.not_found")
    applied = _apply_credit(session, customer.branch_id, customer_id, today or date.today())
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
    db: Database, actor: Actor, customer_id: uuid.UUID, *, today: date | None = None
) -> list[AppliedAllocation]:
    """Set the customer's unallocated money (credit) against open slips, oldest first.

    Who: ``payment.record``. Returns what moved (empty when nothing could)."""
    require(actor, "payment.record")
    with db.write() as s:
        branch = _branch(s, actor)
        customer = _lock_customer(s, actor, customer_id)
        if customer is None or customer.branch_id != branch.id:
            raise NotFound("customer.not_found")
        return apply_open_credit(s, actor, customer.id, today)


# --------------------------------------------------------------------------------------------
# Reversal
# --------------------------------------------------------------------------------------------


def reverse_payment(
    db: Database,
    actor: Actor,
    payment_id: uuid.UUID,
    reason: str,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> PaymentView:
    """Cancel a posted payment by a reversing payment dated ``today``: negative amount,
    ``reverses_id`` set, and a negative allocation for every slip the payment still pays, so
    those slips owe again (any other credit of the customer is then applied oldest first).

    Who: ``payment.record``. Refuses: no reason; a reversal; a payment already reversed
    (``payment.already_reversed``); money already remitted to head office
    (``payment.remitted``: head office finance corrects that). Audited.
    """
    require(actor, "payment.record")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([FieldError("reason", "required", {"label": LABELS["reason"]})])
    today = today or date.today()
    with db.write() as s:
        branch = _branch(s, actor)
        original = s.get(Payment, payment_id)
        customer = _lock_customer(s, actor, original.customer_id) if original else None
        if original is None or customer is None or original.branch_id != branch.id:
            raise NotFound("payment.not_found")
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
            received_at=now or utcnow(),
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
    return PaymentView(
        id=p.id,
        number=p.number,
        branch_code=branch.code,
        branch_name=branch.name,
        customer_id=customer.id,
        customer_name=customer.name,
        method=p.method,
        amount=p.amount,
        received_on=p.received_on,
        received_at=p.received_at,
        received_by=user.display_name if user else "?",
        reference=p.reference,
        note=p.note,
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
    require(actor, "payment.view")
    with db.read() as s:
        return _view(s, _visible_payment(s, actor, payment_id))


def find_payment(db: Database, actor: Actor, number: str) -> PaymentView:
    """A payment by its number (e.g. ``SH-PM-2026-000001``). Who: ``payment.view``."""
    require(actor, "payment.view")
    with db.read() as s:
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
    limit: int = 200,
    offset: int = 0,
) -> list[PaymentRow]:
    """Payments newest first, paged in SQL. Who: ``payment.view``."""
    require(actor, "payment.view")
    with db.read() as s:
        reversed_ids = select(Payment.reverses_id).where(Payment.reverses_id.is_not(None))
        stmt = (
            select(Payment, Customer.name, Payment.id.in_(reversed_ids))
            .join(Customer, Customer.id == Payment.customer_id)
            .where(visible_to(actor))
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
    from kehu_desktop.printing.receipt import receipt_pdf

    require(actor, "payment.record")
    with db.read() as s:
        view = _view(s, _visible_payment(s, actor, payment_id))
    pdf = receipt_pdf(view)
    with db.write() as s:
        audit(
            s,
            actor,
            "payment_receipt_printed",
            entity="payment",
            entity_id=view.id,
            detail=view.number,
        )
    return pdf


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
    if ids is not None:
        stmt = stmt.where(Payment.id.in_(list(ids)))
    if lock:
        stmt = stmt.with_for_update(of=Payment)
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
    db: Database, actor: Actor, now: datetime | None = None
) -> list[UnremittedPayment]:
    """Every payment with money not yet remitted, soonest deadline first (then those without
    one). Who: ``payment.view``."""
    require(actor, "payment.view")
    now = now or utcnow()
    with db.read() as s:
        levels = remittance_levels(s)
        remitted = _remitted(s)
        out = []
        for p, name, left in _remittable(s, actor.branch_id):
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


def remittances_due(
    db: Database, actor: Actor, now: datetime | None = None
) -> list[UnremittedPayment]:
    """Money at or above a remittance threshold, not yet remitted, still within its N hours.
    Soonest deadline first. Who: ``payment.view``."""
    return [u for u in unremitted_payments(db, actor, now) if u.deadline and not u.overdue]


def remittances_overdue(
    db: Database, actor: Actor, now: datetime | None = None
) -> list[UnremittedPayment]:
    """Money at or above a remittance threshold whose unremitted part is past received_at + N
    hours (strictest level), with the hours overdue. Who: ``payment.view``."""
    return [u for u in unremitted_payments(db, actor, now) if u.overdue]


def record_remittance(
    db: Database, actor: Actor, data: RemittanceInput, *, now: datetime | None = None
) -> RemittanceView:
    """Record money sent to head office and which payments it covers.

    Who: ``remittance.record`` (cashier, accountant). Refuses (ValidationFailed, nothing
    written): amount not > 0, bad method, no reference, a time in the future, more than the
    selected payments have unremitted, items that are unknown, reversed, given more than their
    unremitted money, not adding up to the amount, or remitted before the money came in.
    """
    require(actor, "remittance.record")
    now = now or utcnow()
    errors: list[FieldError] = []
    # None: everything the selection has unremitted (or the sum of the items).
    amount = (
        None if data.amount is None else _amount(data.amount, "amount", errors, label="汇款金额")
    )
    method = (data.method or "").strip()
    if method not in REMITTANCE_METHODS:
        choices = "、".join(f"{zh}({code})" for code, zh in REMITTANCE_METHODS.items())
        errors.append(
            FieldError(
                "method",
                "choice.invalid",
                {"label": "汇款方式", "value": method, "choices": choices},
            )
        )
    reference = _text(data.reference, "reference", 100, errors)
    if reference is None:
        errors.append(FieldError("reference", "remittance.reference_required"))
    remitted_at = data.remitted_at or now
    if remitted_at.tzinfo is None:
        remitted_at = remitted_at.astimezone()
    if remitted_at > now + timedelta(minutes=5):
        errors.append(FieldError("remitted_at", "date.future", {"label": LABELS["remitted_at"]}))

    with db.write() as s:
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
    db: Database, actor: Actor, *, limit: int = 100, offset: int = 0
) -> list[RemittanceView]:
    """Remittances newest first. Who: ``payment.view``."""
    require(actor, "payment.view")
    with db.read() as s:
        stmt = (
            select(Remittance)
            .order_by(Remittance.remitted_at.desc(), Remittance.number.desc())
            .limit(limit)
            .offset(offset)
        )
        if actor.branch_id is not None:
            stmt = stmt.where(Remittance.branch_id == actor.branch_id)
        return [_remittance_view(s, r) for r in s.execute(stmt).scalars()]
