"""The credit position the cashier sees: grade, contract, exception and limit in force, and the
exposure (敞口: unpaid slips plus dispatches released and not yet slipped).

:func:`credit_position_in` runs inside the caller's transaction (the release service calls it with
the customer locked) and opens none itself; :func:`credit_position` is the read-only call for
screens. ``services.credit`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import BindParameter
from sqlalchemy import Executable
from sqlalchemy import bindparam
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import type_coerce
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain import ageing
from kehu_desktop.domain import credit as rules
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.messages import render
from kehu_desktop.dto import CreditPosition
from kehu_desktop.dto import Exposure
from kehu_desktop.dto import ExposureItem
from kehu_desktop.dto import OverdueSlip
from kehu_desktop.models import Contract
from kehu_desktop.models import CreditException
from kehu_desktop.models import CreditGrade
from kehu_desktop.models import CreditLimit
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import Money
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Setting
from kehu_desktop.models import Slip
from kehu_desktop.models import User
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import use_case
from kehu_desktop.services.credit.common import RELEASED_STATUSES
from kehu_desktop.services.credit.common import _customer
from kehu_desktop.services.credit.common import _local_date
from kehu_desktop.services.credit.contracts import _contract_valid
from kehu_desktop.services.credit.contracts import _contract_view
from kehu_desktop.services.credit.contracts import _exception_valid

# --------------------------------------------------------------------------------------------
# The credit position
# --------------------------------------------------------------------------------------------


# The statements below are built once: the cashier's screen asks for a position on every
# release, and building (and cache-keying) them anew cost more than running them.
_CID: BindParameter[uuid.UUID] = bindparam("customer_id")
_ON: BindParameter[date] = bindparam("on")
_MONTH: BindParameter[date] = bindparam("month")


@cache
def _head_sql() -> Executable:
    """The customer, the grade in force, this month's approved limit and the near-limit
    setting, in one round trip."""

    def latest_grade(column: Any) -> Any:
        return (
            select(column)
            .where(CreditGrade.customer_id == Customer.id, CreditGrade.effective_from <= _ON)
            .order_by(CreditGrade.effective_from.desc(), CreditGrade.set_at.desc())
            .limit(1)
            .correlate(Customer)
            .scalar_subquery()
        )

    def month_limit(column: Any) -> Any:
        return (
            select(column)
            .where(
                CreditLimit.customer_id == Customer.id,
                CreditLimit.month == _MONTH,
                CreditLimit.status == "approved",
            )
            .order_by(CreditLimit.decided_at.desc())
            .limit(1)
            .correlate(Customer)
            .scalar_subquery()
        )

    def setting(key: str) -> Any:
        return select(Setting.value).where(Setting.key == key).scalar_subquery()

    return select(
        Customer.id,
        Customer.name,
        Customer.status,
        Customer.on_hold,
        Customer.channel,
        latest_grade(CreditGrade.grade).label("grade"),
        latest_grade(CreditGrade.effective_from).label("grade_since"),
        month_limit(CreditLimit.id).label("limit_id"),
        month_limit(CreditLimit.unlimited).label("unlimited"),
        month_limit(CreditLimit.amount).label("amount"),
        month_limit(CreditLimit.grade).label("limit_grade"),
        setting("credit.near_limit_ratio").label("ratio"),
        *(setting(f"credit.benchmark.{level}").label(level) for level in BENCHMARK_LEVELS),
    ).where(Customer.id == _CID)


@cache
def _contracts_sql() -> Executable:
    return (
        select(Contract, User.display_name)
        .join(User, User.id == Contract.signer_id)
        .where(Contract.customer_id == _CID, Contract.valid_from <= _ON, Contract.valid_to >= _ON)
        .order_by(
            Contract.valid_from.desc(), Contract.signed_date.desc(), Contract.created_at.desc()
        )
    )


@cache
def _exceptions_sql() -> Executable:
    return select(CreditException).where(
        CreditException.customer_id == _CID,
        CreditException.valid_from <= _ON,
        CreditException.valid_to >= _ON,
    )


@cache
def _open_slips_sql() -> Executable:
    """Issued slips still owing (total minus allocations; voided slips excluded): slips by
    customer+status, allocations by slip. Only open rows come back."""
    paid = (
        select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
        .where(PaymentAllocation.slip_id == Slip.id)
        .correlate(Slip)
        .scalar_subquery()
    )
    owed = type_coerce(Slip.total - paid, Money()).label("owed")
    issued = (
        select(Slip.number, Slip.issue_date, Slip.kind, Slip.issued_at, Slip.due_date, owed)
        .where(Slip.customer_id == _CID, Slip.status == "issued")
        .subquery()
    )
    return select(issued).where(issued.c.owed > 0).order_by(issued.c.issue_date, issued.c.issued_at)


@cache
def _open_notes_sql() -> Executable:
    """Dispatch notes released (or later) with no non-voided slip yet: dispatch notes by
    customer+status, slips by dispatch note."""
    slipped = exists().where(Slip.dispatch_note_id == DispatchNote.id, Slip.status != "voided")
    return (
        select(
            DispatchNote.number,
            DispatchNote.released_at,
            DispatchNote.requested_at,
            DispatchNote.sale_kind,
            DispatchNote.total,
        )
        .where(
            DispatchNote.customer_id == _CID, DispatchNote.status.in_(RELEASED_STATUSES), ~slipped
        )
        .order_by(DispatchNote.released_at, DispatchNote.number)
    )


def _open_documents(s: Session, customer_id: uuid.UUID) -> tuple[list[Any], list[Any]]:
    params = {"customer_id": customer_id}
    return (list(s.execute(_open_slips_sql(), params)), list(s.execute(_open_notes_sql(), params)))


def _exposure(slips: list[Any], notes: list[Any]) -> Exposure:
    items = [ExposureItem("slip", r.number, r.issue_date, r.owed) for r in slips]
    items += [
        ExposureItem("dispatch", n.number, _local_date(n.released_at or n.requested_at), n.total)
        for n in notes
    ]
    zero = Decimal("0.00")
    return Exposure(
        unpaid_slips=sum((r.owed for r in slips), zero),
        released_not_slipped=sum((n.total for n in notes), zero),
        items=tuple(items),
    )


def exposure_in(s: Session, customer_id: uuid.UUID) -> Exposure:
    """敞口 as the ledger stands: what each issued slip still owes plus the dispatches released
    (or later) that have no non-voided slip yet. Runs in the caller's transaction."""
    return _exposure(*_open_documents(s, customer_id))


def _previous_unpaid(exposure: Exposure) -> ExposureItem | None:
    """前清后送: the most recent delivery not yet paid for, cash or credit: a note whose goods
    left with no slip yet (not even billed, so not paid) counts first, else the latest slip
    still owing. ``Exposure.items`` holds the slips oldest first, then the notes by release."""
    pending = [i for i in exposure.items if i.kind == "dispatch"]
    if pending:
        return pending[-1]
    return exposure.items[-1] if exposure.items else None


def _overdue(slips: list[Any], on: date) -> tuple[OverdueSlip, ...]:
    """Credit-sale slips still owing after their due date (the ageing rule's due date: the
    slip's, or its issue date when it has none), most overdue first."""
    out = []
    for r in slips:
        if r.kind != ageing.SLIP_KIND_CREDIT:
            continue
        due = ageing.due_date(r.kind, r.issue_date, r.due_date)
        days = ageing.days_past_due(due, on)
        if days > 0:
            out.append(OverdueSlip(r.number, r.issue_date, due, days, r.owed))
    return tuple(sorted(out, key=lambda o: (-o.days, o.number)))


def credit_position_in(session: Session, customer_id: uuid.UUID) -> CreditPosition:
    """The customer's credit position today, inside the caller's transaction.

    Opens no transaction, takes no lock and checks no role: the release service calls it with
    the customer already locked. "Today" is the clock of the session's database
    (``clock.clock_of``), the same clock the release and every other decision reads: grade,
    contract, exception and limit are those in force today; the exposure is the ledger as it
    stands. Raises NotFound for an unknown customer.
    Four queries (five for a non-state customer), each reading only that customer's rows.
    """
    s = session
    on = clock_of(s).today()
    params = {"customer_id": customer_id, "on": on, "month": rules.month_start(on)}
    head = s.execute(_head_sql(), params).one_or_none()
    if head is None:
        raise NotFound("customer.not_found")
    contract, signer = next(
        ((c, name) for c, name in s.execute(_contracts_sql(), params) if _contract_valid(c, on)),
        (None, ""),
    )
    state_owned = head.channel == "state_owned"
    exception = not state_owned and any(
        _exception_valid(e, on) for e in s.execute(_exceptions_sql(), params).scalars()
    )
    slips, notes = _open_documents(s, customer_id)
    exposure = _exposure(slips, notes)
    ratio = rules.to_decimal(
        head.ratio
        if head.ratio is not None
        else rules.CREDIT_SETTING_DEFAULTS["credit.near_limit_ratio"]
    )
    terms = contract.payment_terms if contract else "cash"
    agreed = rules.is_agreed_payment(terms)
    grade = head.grade
    credit_allowed = (
        rules.grade_allows_credit(grade)
        and contract is not None
        and terms != "cash"
        and (state_owned or exception)
    )
    limit: Decimal | None = None
    headroom: Decimal | None = None
    if head.limit_id is None:
        mode = "none"
    else:
        mode, limit = rules.limit_in_force(
            head.limit_grade, head.unlimited, head.amount, grade, _benchmarks(head)
        )
        if limit is not None:
            headroom = limit - exposure.total
    previous = _previous_unpaid(exposure) if agreed else None
    overdue = _overdue(slips, on)
    cap = contract.month_end_cap if contract is not None and agreed else None
    reasons = _reasons(
        grade,
        contract,
        state_owned,
        exception,
        mode,
        limit,
        exposure.total,
        headroom,
        ratio,
        previous,
        overdue,
    )
    if mode != "none" and grade is not None and head.limit_grade < grade < rules.NO_CREDIT_GRADE:
        reasons.append(render("credit.reason.limit_capped", approved=head.limit_grade, grade=grade))
    return CreditPosition(
        customer_id=head.id,
        customer_name=head.name,
        on=on,
        status=head.status,
        selected=head.status == "selected",
        on_hold=head.on_hold,
        channel=head.channel,
        grade=grade,
        grade_since=head.grade_since,
        contract=_contract_view(contract, signer) if contract else None,
        payment_terms=terms,
        term_days=contract.term_days if contract else None,
        credit_exception=exception,
        credit_allowed=credit_allowed,
        limit_mode=mode,
        limit=limit,
        exposure=exposure,
        headroom=headroom,
        near_limit_ratio=ratio,
        previous_unpaid=previous,
        reasons=tuple(reasons),
        limit_id=head.limit_id,
        overdue=overdue,
        month_end_cap=cap,
    )


BENCHMARK_LEVELS = ("high", "general", "low")


def _benchmarks(head: Any) -> rules.Benchmarks:
    """The benchmarks read with the head row (their defaults where none is stored)."""
    values = {
        level: rules.to_decimal(
            getattr(head, level)
            if getattr(head, level) is not None
            else rules.CREDIT_SETTING_DEFAULTS[f"credit.benchmark.{level}"]
        )
        for level in BENCHMARK_LEVELS
    }
    return rules.Benchmarks(**values)


def _reasons(
    grade: int | None,
    contract: Contract | None,
    state_owned: bool,
    exception: bool,
    mode: str,
    limit: Decimal | None,
    exposure: Decimal,
    headroom: Decimal | None,
    ratio: Decimal,
    previous: ExposureItem | None,
    overdue: tuple[OverdueSlip, ...],
) -> list[str]:
    """Plain-language lines saying why credit is (or is not) available, in the user's language."""
    money = rules.money_text
    out = []
    if grade is None:
        out.append(render("credit.reason.no_grade"))
    elif grade == rules.NO_CREDIT_GRADE:
        out.append(render("credit.reason.grade5"))
    if contract is None:
        out.append(render("credit.reason.no_contract"))
    elif contract.payment_terms == "cash":
        out.append(render("credit.reason.cash_contract", number=contract.number))
    elif contract.month_end_cap is None:
        out.append(render("credit.reason.no_cap", number=contract.number))
    else:
        out.append(
            render(
                "credit.reason.cap",
                number=contract.number,
                cap=money(contract.month_end_cap),
                exposure=money(exposure),
            )
        )
    if not state_owned:
        out.append(render("credit.reason.exception" if exception else "credit.reason.non_state"))
    if mode == "none":
        out.append(render("credit.reason.no_limit"))
    elif mode == "unlimited":
        out.append(render("credit.reason.unlimited", exposure=money(exposure)))
    elif limit is not None and headroom is not None:
        key = "credit.reason.over_limit" if headroom < 0 else "credit.reason.limit"
        out.append(
            render(key, limit=money(limit), exposure=money(exposure), headroom=money(headroom))
        )
        if headroom >= 0 and rules.near_limit(exposure, limit, ratio):
            out.append(render("credit.reason.near_limit", percent=f"{ratio * 100:.0f}"))
    if previous is not None:
        out.append(
            render(
                "credit.reason.previous_unpaid",
                number=previous.number,
                date=previous.date.isoformat(),
                owed=money(previous.amount),
            )
        )
    if overdue:
        worst = overdue[0]
        out.append(
            render(
                "credit.reason.overdue",
                number=worst.number,
                due=worst.due_date.isoformat(),
                days=worst.days,
                count=len(overdue),
                total=money(sum((o.owed for o in overdue), Decimal("0.00"))),
            )
        )
    return out


def credit_position(db: Database, actor: Actor, customer_id: uuid.UUID) -> CreditPosition:
    """The credit position of a customer the actor can see, today (the database's clock, as
    for the release). Everyone but the driver may look."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        _customer(s, actor, customer_id)
        return credit_position_in(s, customer_id)
