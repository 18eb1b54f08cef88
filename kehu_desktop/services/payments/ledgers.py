"""Receivables (应收款, step 7): what each customer owes, aged; month-end snapshots; bad debts.

The ledger is read, never summarised into stored balances: a customer's **balance** on a day is
the slips issued by then (and not voided by then) minus the payments received by then. A slip's
**outstanding** amount is its total minus the allocations that count by then
(``PaymentAllocation.allocated_on``); money received but not allocated to any slip is the
customer's **credit** (预收款). So ``balance = outstanding - credit`` and the outstanding amounts
are what gets aged (see :mod:`kehu_desktop.domain.ageing`). Allocations to a slip that was voided
by the day do not count: that money is credit again.

Read functions need ``payment.view``; the month-end snapshot needs ``receivable.snapshot``.
See docs/payments.md for the rules and the settings.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import type_coerce
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.clock import not_after_today
from kehu_desktop.db import Database
from kehu_desktop.domain import ageing
from kehu_desktop.domain.ageing import ZERO
from kehu_desktop.domain.ageing import AgeingBuckets
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import BadDebtRow
from kehu_desktop.dto import CreditItem
from kehu_desktop.dto import CustomerBalance
from kehu_desktop.dto import MonthEndReceivables
from kehu_desktop.dto import MonthEndRow
from kehu_desktop.dto import OpenSlip
from kehu_desktop.dto import ReceivableRow
from kehu_desktop.dto import SlipBalance
from kehu_desktop.models import ChangeFormEntry
from kehu_desktop.models import Counter
from kehu_desktop.models import Customer
from kehu_desktop.models import Money
from kehu_desktop.models import Payment
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import ReceivableSnapshot
from kehu_desktop.models import SelectionStep
from kehu_desktop.models import Slip
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import next_number
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers import parse_month
from kehu_desktop.services.customers import visible_to

#: Counter kind that marks a month as snapshotted (year column = YYYYMM). The counter row is
#: locked in the snapshot's transaction, so two accountants can never both take the same month.
SNAPSHOT_MARK = "RSNAP"


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Ledger queries inside a caller's session (also used by payments, credit and slips)
# --------------------------------------------------------------------------------------------


def local_date(moment: datetime) -> date:
    """The calendar day of a UTC timestamp on this machine (the branch's local time)."""
    return moment.astimezone().date()


def start_of_day(day: date) -> datetime:
    """Local midnight at the start of ``day``, as an aware datetime."""
    return datetime.combine(day, time.min).astimezone()


def money_sum(column: Any) -> Any:
    # SUM over a Money column must come back through Money (cents on SQLite), not a bare number.
    return type_coerce(func.sum(column), Money)


def _live_slip(on: date | None) -> ColumnElement[bool]:
    """Slips that count on ``on`` (None: now): issued by then and not voided by then."""
    if on is None:
        return Slip.status == "issued"
    voided_later = and_(
        Slip.voided_at.is_not(None), Slip.voided_at >= start_of_day(on + timedelta(days=1))
    )
    return and_(Slip.issue_date <= on, or_(Slip.status == "issued", voided_later))


def _scope(
    stmt: Any,
    customer_ids: Collection[uuid.UUID] | None,
    branch_id: uuid.UUID | None,
    column: Any,
    branch_column: Any,
) -> Any:
    if customer_ids is not None:
        stmt = stmt.where(column.in_(list(customer_ids)))
    if branch_id is not None:
        stmt = stmt.where(branch_column == branch_id)
    return stmt


def slip_balances(
    session: Session,
    *,
    customer_ids: Collection[uuid.UUID] | None = None,
    branch_id: uuid.UUID | None = None,
    on: date | None = None,
    open_only: bool = True,
) -> list[SlipBalance]:
    """Slips that count on ``on`` (None: now, with every allocation made so far), oldest first.

    ``open_only`` drops slips that owe nothing. This is the function the credit check uses for
    "unpaid slips".
    """
    paid = select(PaymentAllocation.slip_id, money_sum(PaymentAllocation.amount).label("paid"))
    if on is not None:
        paid = paid.where(PaymentAllocation.allocated_on <= on)
    paid_sq = paid.group_by(PaymentAllocation.slip_id).subquery()
    stmt = (
        select(
            Slip.id,
            Slip.number,
            Slip.kind,
            Slip.customer_id,
            Slip.issue_date,
            Slip.due_date,
            Slip.total,
            paid_sq.c.paid,
        )
        .outerjoin(paid_sq, paid_sq.c.slip_id == Slip.id)
        .where(_live_slip(on))
        .order_by(Slip.issue_date, Slip.number)
    )
    stmt = _scope(stmt, customer_ids, branch_id, Slip.customer_id, Slip.branch_id)
    out = []
    for sid, number, kind, cid, issued, due, total, paid_amount in session.execute(stmt):
        paid_amount = paid_amount if paid_amount is not None else ZERO
        outstanding = total - paid_amount
        if open_only and outstanding <= 0:
            continue
        out.append(
            SlipBalance(
                sid,
                number,
                kind,
                cid,
                issued,
                ageing.due_date(kind, issued, due),
                total,
                paid_amount,
                outstanding,
            )
        )
    return out


def payments_received(
    session: Session,
    *,
    customer_ids: Collection[uuid.UUID] | None = None,
    branch_id: uuid.UUID | None = None,
    on: date | None = None,
) -> dict[uuid.UUID, Decimal]:
    """Money received per customer by ``on`` (reversals included, as negative amounts)."""
    stmt = select(Payment.customer_id, money_sum(Payment.amount)).group_by(Payment.customer_id)
    if on is not None:
        stmt = stmt.where(Payment.received_on <= on)
    stmt = _scope(stmt, customer_ids, branch_id, Payment.customer_id, Payment.branch_id)
    return {cid: amount or ZERO for cid, amount in session.execute(stmt)}


@dataclass(frozen=True)
class _Ledger:
    slips: dict[uuid.UUID, list[SlipBalance]]  # open slips per customer
    outstanding: dict[uuid.UUID, Decimal]
    credit: dict[uuid.UUID, Decimal]

    def customers(self) -> set[uuid.UUID]:
        """Customers who owe something on a slip or hold credit."""
        return {c for c, v in self.outstanding.items() if v} | {
            c for c, v in self.credit.items() if v
        }

    def balance(self, customer_id: uuid.UUID) -> Decimal:
        return self.outstanding.get(customer_id, ZERO) - self.credit.get(customer_id, ZERO)


def _ledger(
    session: Session,
    *,
    customer_ids: Collection[uuid.UUID] | None = None,
    branch_id: uuid.UUID | None = None,
    on: date | None = None,
) -> _Ledger:
    slips = slip_balances(
        session, customer_ids=customer_ids, branch_id=branch_id, on=on, open_only=False
    )
    received = payments_received(session, customer_ids=customer_ids, branch_id=branch_id, on=on)
    open_slips: dict[uuid.UUID, list[SlipBalance]] = defaultdict(list)
    outstanding: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    allocated: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for slip in slips:
        allocated[slip.customer_id] += slip.paid
        outstanding[slip.customer_id] += slip.outstanding
        if slip.outstanding > 0:
            open_slips[slip.customer_id].append(slip)
    credit = {
        cid: received.get(cid, ZERO) - allocated.get(cid, ZERO)
        for cid in set(received) | set(allocated)
    }
    return _Ledger(dict(open_slips), dict(outstanding), credit)


def customer_balance(session: Session, customer_id: uuid.UUID, on: date | None = None) -> Decimal:
    """Slips minus payments on ``on`` (None: now). Negative when the customer paid ahead."""
    return _ledger(session, customer_ids=[customer_id], on=on).balance(customer_id)


def credit_items(session: Session, customer_id: uuid.UUID) -> list[CreditItem]:
    """The customer's payments that still hold unallocated money, oldest first (live view).

    Only money that can still be allocated counts: reversals and reversed payments never do.
    """
    allocated_sq = (
        select(PaymentAllocation.payment_id, money_sum(PaymentAllocation.amount).label("alloc"))
        .join(Slip, Slip.id == PaymentAllocation.slip_id)
        .where(Slip.status == "issued")
        .group_by(PaymentAllocation.payment_id)
        .subquery()
    )
    reversal = select(Payment.reverses_id).where(Payment.reverses_id.is_not(None))
    rows = session.execute(
        select(
            Payment.id, Payment.number, Payment.received_on, Payment.amount, allocated_sq.c.alloc
        )
        .outerjoin(allocated_sq, allocated_sq.c.payment_id == Payment.id)
        .where(
            Payment.customer_id == customer_id,
            Payment.amount > 0,
            Payment.reverses_id.is_(None),
            Payment.id.not_in(reversal),
        )
        .order_by(Payment.received_on, Payment.number)
    ).all()
    out = []
    for pid, number, received_on, amount, alloc in rows:
        left = amount - (alloc or ZERO)
        if left > 0:
            out.append(CreditItem(pid, number, received_on, left))
    return out


def _open_slip(slip: SlipBalance, on: date) -> OpenSlip:
    return OpenSlip(
        slip.slip_id,
        slip.number,
        slip.kind,
        slip.issue_date,
        slip.due,
        slip.total,
        slip.paid,
        slip.outstanding,
        ageing.days_past_due(slip.due, on),
    )


def _aged(slips: Iterable[SlipBalance], on: date) -> AgeingBuckets:
    return ageing.age(((s.due, s.outstanding) for s in slips), on)


def balance_in_session(
    session: Session, customer: Customer, on: date | None = None
) -> CustomerBalance:
    """:func:`outstanding` inside the caller's transaction (``on=None``: today, by the clock of
    the session's database)."""
    day = on or clock_of(session).today()
    ledger = _ledger(session, customer_ids=[customer.id], on=on)
    slips = ledger.slips.get(customer.id, [])
    items = tuple(credit_items(session, customer.id)) if on is None else ()
    return CustomerBalance(
        customer_id=customer.id,
        customer_name=customer.name,
        on=day,
        slips=tuple(_open_slip(s, day) for s in slips),
        total_outstanding=ledger.outstanding.get(customer.id, ZERO),
        credit=ledger.credit.get(customer.id, ZERO),
        credit_items=items,
        balance=ledger.balance(customer.id),
        buckets=_aged(slips, day),
    )


# --------------------------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------------------------


def _customer(session: Session, actor: Actor, customer_id: uuid.UUID) -> Customer:
    customer = (
        session.execute(select(Customer).where(Customer.id == customer_id, visible_to(actor)))
        .unique()
        .scalar_one_or_none()
    )
    if customer is None:
        raise NotFound("customer.not_found")
    return customer


def outstanding(
    db: Database, actor: Actor, customer_id: uuid.UUID, *, on: date | None = None
) -> CustomerBalance:
    """A customer's open slips (oldest first), their total, unallocated credit and balance.

    ``on=None`` is the live view (today, every allocation so far, with the payments that hold
    the credit); a past ``on`` shows the customer as they stood at the end of that day.
    Who: anyone with ``payment.view``. Refuses customers the actor cannot see (NotFound) and an
    ``on`` after today (``date.future``).
    """
    if on is not None:
        not_after_today(on, db.clock.today(), field="on", label="截止日期")
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        return balance_in_session(s, _customer(s, actor, customer_id), on)


def receivables(
    db: Database, actor: Actor, on: date | None = None, *, branch_id: uuid.UUID | None = None
) -> list[ReceivableRow]:
    """Every customer who owes money or holds credit at the end of ``on`` (default today), aged
    by days past due, biggest balance first. A day after today is refused (``date.future``).

    Who: ``payment.view``. A branch user sees their branch, a regional user their region's,
    head office every branch; ``branch_id`` narrows it to one of them.
    """
    today = db.clock.today()
    day = not_after_today(on or today, today, field="on", label="截止日期")
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        ledger = _ledger(s, branch_id=branch_id or actor.branch_id, on=day)
        ids = ledger.customers()
        if not ids:
            return []
        customers = {
            c.id: c
            for c in s.execute(
                select(Customer).where(Customer.id.in_(ids), visible_to(actor, branch_id))
            )
            .unique()
            .scalars()
        }
        rows = []
        for cid, customer in customers.items():
            slips = ledger.slips.get(cid, [])
            buckets = _aged(slips, day)
            rows.append(
                ReceivableRow(
                    customer_id=cid,
                    customer_name=customer.name,
                    customer_status=customer.status,
                    total=buckets.total,
                    buckets=buckets,
                    credit=ledger.credit.get(cid, ZERO),
                    balance=ledger.balance(cid),
                    oldest_due=min((x.due for x in slips), default=None),
                    open_slips=len(slips),
                )
            )
        rows.sort(key=lambda r: (-r.balance, r.customer_name))
        return rows


def _month(value: str | date) -> date:
    month = parse_month(value)
    if month is None:
        raise ValidationFailed([FieldError("month", "month.format")])
    return month


def closing_date(month: date) -> date:
    """The last day of the month (the monthly closing date, 月末结账日)."""
    first_next = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


def _balances_at(
    session: Session, branch_id: uuid.UUID | None, day: date
) -> dict[uuid.UUID, Decimal]:
    ledger = _ledger(session, branch_id=branch_id, on=day)
    balances = {cid: ledger.balance(cid) for cid in ledger.customers()}
    return {cid: b for cid, b in balances.items() if b != 0}


def take_month_end_snapshot(db: Database, actor: Actor, month: str | date) -> MonthEndReceivables:
    """Store each customer's balance at the month's closing date (月末应收款), once.

    Who: the branch accountant (``receivable.snapshot``). Refuses a month that has not ended yet
    (``receivable.month_not_ended``) and a month already taken (``receivable.snapshot_exists``).
    Customers with a zero balance get no row. Audited; each row goes to head office by sync.
    """
    first = _month(month)
    closing = closing_date(first)
    if db.clock.today() <= closing:
        raise Conflict(
            "receivable.month_not_ended", month=f"{first:%Y-%m}", closing=closing.isoformat()
        )
    with use_case(db, actor, "receivable.snapshot") as (s, actor):
        branch_id = actor.branch_id
        if branch_id is None or actor.user_id is None:
            raise Conflict("receivable.branch_only")
        mark = next_number(s, branch_id, SNAPSHOT_MARK, first.year * 100 + first.month)
        already = s.execute(
            select(ReceivableSnapshot.id)
            .where(ReceivableSnapshot.branch_id == branch_id, ReceivableSnapshot.month == first)
            .limit(1)
        ).first()
        if mark > 1 or already is not None:
            raise Conflict("receivable.snapshot_exists", month=f"{first:%Y-%m}")
        taken_at = db.clock.now()
        balances = _balances_at(s, branch_id, closing)
        for cid, amount in sorted(balances.items(), key=lambda kv: str(kv[0])):
            row = ReceivableSnapshot(
                branch_id=branch_id,
                month=first,
                customer_id=cid,
                amount=amount,
                taken_at=taken_at,
                taken_by=actor.user_id,
            )
            s.add(row)
            record_change(s, branch_id, "receivable_snapshot", row)
        total = sum(balances.values(), ZERO)
        audit(
            s,
            actor,
            "receivable_snapshot_taken",
            entity="receivable_snapshot",
            entity_id=f"{first:%Y-%m}",
            after={
                "month": first,
                "closing_date": closing,
                "customers": len(balances),
                "total": total,
            },
        )
        return _month_end(s, actor, first)


def _month_end(
    session: Session, actor: Actor, first: date, branch_id: uuid.UUID | None = None
) -> MonthEndReceivables:
    closing = closing_date(first)
    one_branch = branch_id or actor.branch_id
    stmt = (
        select(ReceivableSnapshot, Customer.name, User.display_name)
        .join(Customer, Customer.id == ReceivableSnapshot.customer_id)
        .join(User, User.id == ReceivableSnapshot.taken_by)
        .where(ReceivableSnapshot.month == first, visible_to(actor, branch_id))
    )
    if one_branch is not None:
        stmt = stmt.where(ReceivableSnapshot.branch_id == one_branch)
    stored = session.execute(stmt).all()
    if stored:
        return MonthEndReceivables(
            month=first,
            closing_date=closing,
            taken=True,
            taken_at=min(r.taken_at for r, _n, _u in stored),
            taken_by=stored[0][2],
            rows=tuple(
                sorted(
                    (MonthEndRow(r.customer_id, name, r.amount) for r, name, _u in stored),
                    key=lambda r: r.customer_name,
                )
            ),
        )
    if one_branch is not None and _is_marked(session, one_branch, first):
        # Taken, but no customer owed anything (or held credit) at the closing date.
        return MonthEndReceivables(first, closing, True, None, None, ())
    balances = _balances_at(session, one_branch, closing)
    names = (
        dict(
            session.execute(
                select(Customer.id, Customer.name).where(
                    Customer.id.in_(list(balances)), visible_to(actor, branch_id)
                )
            ).all()
        )
        if balances
        else {}
    )
    rows = tuple(
        sorted(
            (
                MonthEndRow(cid, names[cid], amount)
                for cid, amount in balances.items()
                if cid in names
            ),
            key=lambda r: r.customer_name,
        )
    )
    return MonthEndReceivables(first, closing, False, None, None, rows)


def _is_marked(session: Session, branch_id: uuid.UUID, first: date) -> bool:
    counter = session.get(Counter, (branch_id, SNAPSHOT_MARK, first.year * 100 + first.month))
    return counter is not None and counter.next_value > 1


def month_end_receivables(
    db: Database, actor: Actor, month: str | date, *, branch_id: uuid.UUID | None = None
) -> MonthEndReceivables:
    """The month-end receivables of ``month`` as stored by the snapshot; before the snapshot is
    taken, a preview computed from the ledger (``taken`` False). A month after this one is
    refused (``date.future``): there is no ledger for it yet. Who: ``payment.view``."""
    first = _month(month)
    not_after_today(first, db.clock.today(), field="month", label="月份")
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        return _month_end(s, actor, first, branch_id)


def stopped_on(session: Session, customer: Customer) -> date:
    """The day we stopped working with a terminated customer: the effective date of the latest
    change form entry 减 (remove); else the termination decision's day; else the last update."""
    entry = session.execute(
        select(func.max(ChangeFormEntry.effective_date)).where(
            ChangeFormEntry.customer_id == customer.id, ChangeFormEntry.kind == "remove"
        )
    ).scalar_one()
    if entry is not None:
        return entry
    step_at = session.execute(
        select(func.max(SelectionStep.at)).where(
            SelectionStep.customer_id == customer.id,
            SelectionStep.step == "terminate",
            SelectionStep.decision == "approved",
        )
    ).scalar_one()
    if step_at is not None:
        return local_date(step_at)
    return local_date(customer.updated_at)


def bad_debts(
    db: Database, actor: Actor, on: date | None = None, *, branch_id: uuid.UUID | None = None
) -> list[BadDebtRow]:
    """坏账 on ``on`` (default today): terminated customers whose balance is still positive more
    than ``receivable.bad_debt_days`` days (setting, default 365) after we stopped working with
    them. Oldest first. A day after today is refused (``date.future``). Who: ``payment.view``."""
    today = db.clock.today()
    day = not_after_today(on or today, today, field="on", label="截止日期")
    with use_case(db, actor, "payment.view", write=False) as (s, actor):
        limit_days = int(get_setting(s, "receivable.bad_debt_days"))
        customers = (
            s.execute(
                select(Customer).where(
                    Customer.status == "terminated", visible_to(actor, branch_id)
                )
            )
            .unique()
            .scalars()
            .all()
        )
        if not customers:
            return []
        ledger = _ledger(s, customer_ids=[c.id for c in customers], on=day)
        rows = []
        for customer in customers:
            balance = ledger.balance(customer.id)
            if balance <= 0:
                continue
            stopped = stopped_on(s, customer)
            days = (day - stopped).days
            if days <= limit_days:
                continue
            slips = ledger.slips.get(customer.id, [])
            rows.append(
                BadDebtRow(
                    customer.id,
                    customer.name,
                    stopped,
                    days,
                    balance,
                    min((x.due for x in slips), default=None),
                )
            )
        rows.sort(key=lambda r: (r.stopped_on, r.customer_name))
        return rows
