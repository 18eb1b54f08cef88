"""The credit check at release (design.md, "the heart of the cashier's screen"). Pure: no I/O.

:func:`decide_release` takes the customer's credit position (services.credit_dto.CreditPosition,
seen here through the :class:`CreditPositionLike` protocol so this layer imports nothing above it)
and the facts of one dispatch note, evaluates every rule in order and returns *all* failures with
the numbers behind them:

1. customer selected (approved) and not on hold;
2. note approved (signed) by the sales manager or GM; a phone approval counts and is warned as
   owing a signature; a driver must be assigned (goods always travel with the branch's driver);
3. no line below factory price (at today's factory price, which head office may have raised);
4. credit sale only: contract on file and valid, not on cash terms; a grade that allows credit
   (1-4; 5 or no grade never); state-owned channel or the branch GM's exception;
5. payment discipline (step 7, "所有约定付款客户必须实行前清后送的原则"):
   a. 前清后送, for every agreed-payment customer (a contract in force on agreed or
      clear-before-credit terms) and for **every** sale, cash or credit: the previous delivery is
      paid before the next goes out (nothing of the customer's in the exposure);
   b. credit sale: no credit-sale slip past its due date (the oldest one is named, with its due
      date and days overdue);
6. credit sale only: exposure + this dispatch ≤ this month's approved limit. No approved limit →
   cash only (fail closed); grade 1's "unlimited" mode passes; a limit of 0 means 0. And, for an
   agreed-payment contract, exposure + this dispatch ≤ the contract's month-end receivable cap
   (月末应收款限额); a contract without a cap gives no credit (fail closed);
7. a warning, never a block, at or above the near-limit threshold (limit × ratio).

Cash on delivery (现款现货) extends no credit, so rules 4, 5b, 6 and 7 do not apply to a cash
sale: it needs rules 1-3 and, for an agreed-payment customer, 5a. (A grade-5 customer, or one
without a limit this month, is "cash only": it must still be able to buy for cash.) Why 5a holds
for cash too: the rule book says the previous delivery is cleared before the next is *sent*,
whatever the next one is; and money taken for a cash delivery is allocated oldest slip first, so
it would pay the old debt and leave the new goods unpaid, which is credit by the back door.
There is no override: ``allowed`` is exactly "no failures".
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal
from typing import Protocol

from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.messages import render

CENT = Decimal("0.01")
CREDIT_GRADES = frozenset({1, 2, 3, 4})  # grade 5 is cash on delivery only
CREDIT_CHANNELS = frozenset({"state_owned"})  # others need the branch GM's exception

Number = Decimal | str | Term


class ContractLike(Protocol):
    @property
    def number(self) -> str: ...
    @property
    def payment_terms(self) -> str: ...
    @property
    def valid_to(self) -> date: ...
    @property
    def month_end_cap(self) -> Decimal | None: ...


class ExposureItemLike(Protocol):
    @property
    def kind(self) -> str: ...  # slip / dispatch
    @property
    def number(self) -> str: ...
    @property
    def date(self) -> date: ...
    @property
    def amount(self) -> Decimal: ...


class OverdueLike(Protocol):
    @property
    def number(self) -> str: ...
    @property
    def due_date(self) -> date: ...
    @property
    def days(self) -> int: ...
    @property
    def owed(self) -> Decimal: ...


class ExposureLike(Protocol):
    @property
    def unpaid_slips(self) -> Decimal: ...
    @property
    def released_not_slipped(self) -> Decimal: ...
    @property
    def total(self) -> Decimal: ...
    @property
    def items(self) -> tuple[ExposureItemLike, ...]: ...


class CreditPositionLike(Protocol):
    """What the check reads from services.credit_dto.CreditPosition."""

    @property
    def customer_id(self) -> uuid.UUID: ...
    @property
    def customer_name(self) -> str: ...
    @property
    def on(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def selected(self) -> bool: ...
    @property
    def on_hold(self) -> bool: ...
    @property
    def channel(self) -> str | None: ...
    @property
    def grade(self) -> int | None: ...
    @property
    def contract(self) -> ContractLike | None: ...
    @property
    def payment_terms(self) -> str: ...
    @property
    def credit_exception(self) -> bool: ...
    @property
    def credit_allowed(self) -> bool: ...
    @property
    def limit_mode(self) -> str: ...
    @property
    def limit(self) -> Decimal | None: ...
    @property
    def headroom(self) -> Decimal | None: ...
    @property
    def exposure(self) -> ExposureLike: ...
    @property
    def near_limit_ratio(self) -> Decimal: ...
    @property
    def agreed_payment(self) -> bool: ...
    @property
    def previous_unpaid(self) -> ExposureItemLike | None: ...
    @property
    def overdue(self) -> tuple[OverdueLike, ...]: ...
    @property
    def month_end_cap(self) -> Decimal | None: ...
    @property
    def reasons(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class PriceLine:
    """One line of the note with the product's factory price as it is today."""

    line_no: int
    product: str
    unit_price: Decimal
    factory_price: Decimal


@dataclass(frozen=True)
class ReleaseFacts:
    """The dispatch note as the check sees it."""

    note_number: str
    sale_kind: str  # cash / credit
    amount: Decimal  # the note's total
    approval_mode: str | None  # signed / phone; None = not approved
    signature_completed: bool  # for phone approvals
    driver_assigned: bool
    lines: tuple[PriceLine, ...] = ()


@dataclass(frozen=True)
class Failure:
    """One failed rule (or a warning): a message code, its text in the user's language at the time
    of the decision, and the numbers behind it (amounts as Decimal, words of a vocabulary such as
    a status as :class:`Term`, everything else as text)."""

    code: str
    message: str
    numbers: Mapping[str, Number]
    rule: int = 0


@dataclass(frozen=True)
class CreditDecision:
    allowed: bool
    failures: tuple[Failure, ...]
    warnings: tuple[Failure, ...]
    sale_kind: str
    amount: Decimal  # this dispatch
    exposure: Decimal  # before this dispatch
    after: Decimal  # exposure + this dispatch (credit); the exposure unchanged (cash)
    limit_mode: str  # unlimited / limit / none
    limit: Decimal | None
    headroom: Decimal | None  # limit - after; None unless limit_mode == "limit"
    # The full position (exposure items...) for the cashier's screen; not part of equality.
    position: CreditPositionLike | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.failures)

    def summary(self) -> dict[str, object]:
        """A compact JSON-ready record of the decision, for the audit trail."""
        return {
            "allowed": self.allowed,
            "sale_kind": self.sale_kind,
            "amount": str(self.amount),
            "exposure": str(self.exposure),
            "after": str(self.after),
            "limit_mode": self.limit_mode,
            "limit": None if self.limit is None else str(self.limit),
            "failures": [_failure_dict(f) for f in self.failures],
            "warnings": [_failure_dict(f) for f in self.warnings],
        }


def _failure_dict(f: Failure) -> dict[str, object]:
    return {
        "rule": f.rule,
        "code": f.code,
        "message": f.message,
        # Data for the audit trail: a Term is kept as its code, the message has its words.
        "numbers": {k: v.code if isinstance(v, Term) else str(v) for k, v in f.numbers.items()},
    }


def _fail(rule: int, code: str, **numbers: Number) -> Failure:
    return Failure(code=code, message=render(code, **numbers), numbers=numbers, rule=rule)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def near_limit_threshold(limit: Decimal, ratio: Decimal) -> Decimal:
    return money(limit * ratio)


def decide_release(position: CreditPositionLike, facts: ReleaseFacts) -> CreditDecision:
    """Evaluate rules 1-7 (module docstring) and return every failure, in rule order."""
    failures: list[Failure] = []
    warnings: list[Failure] = []
    customer = position.customer_name
    note = facts.note_number
    credit = facts.sale_kind == "credit"
    amount = money(facts.amount)
    exposure = money(position.exposure.total)

    # 1. the customer
    if not position.selected:
        failures.append(
            _fail(
                1,
                "release.customer_not_selected",
                customer=customer,
                status=Term("customer.status", position.status),
            )
        )
    if position.on_hold:
        failures.append(_fail(1, "release.customer_on_hold", customer=customer))

    # 2. the note: approved by a manager (phone counts, and is owed a signature); a driver
    if facts.approval_mode not in ("signed", "phone"):
        failures.append(_fail(2, "release.not_approved", note=note))
    elif facts.approval_mode == "phone" and not facts.signature_completed:
        warnings.append(_fail(2, "release.signature_owed", note=note))
    if not facts.driver_assigned:
        failures.append(_fail(2, "release.no_driver", note=note))

    # 3. prices
    for line in facts.lines:
        if line.unit_price < line.factory_price:
            failures.append(
                _fail(
                    3,
                    "release.below_factory_price",
                    line=str(line.line_no),
                    product=line.product,
                    unit_price=line.unit_price,
                    factory_price=line.factory_price,
                )
            )

    limit_mode = position.limit_mode
    limit = position.limit
    after = exposure + amount if credit else exposure
    headroom = None
    if credit:
        failures.extend(_credit_terms(position))
    failures.extend(_payment_discipline(position, credit))
    if credit:
        # 6. the limit
        if limit_mode == "unlimited":
            pass
        elif limit_mode == "limit" and limit is not None:
            headroom = limit - after
            if after > limit:
                failures.append(
                    _fail(
                        6,
                        "release.over_limit",
                        exposure=exposure,
                        amount=amount,
                        after=after,
                        limit=limit,
                        over=after - limit,
                    )
                )
            elif limit > 0:
                # 7. near the limit: a warning only
                threshold = near_limit_threshold(limit, position.near_limit_ratio)
                if after >= threshold:
                    warnings.append(
                        _fail(
                            7,
                            "release.near_limit",
                            after=after,
                            limit=limit,
                            threshold=threshold,
                            percent=_percent(position.near_limit_ratio),
                        )
                    )
        else:
            failures.append(
                _fail(6, "release.no_limit", customer=customer, month=position.on.strftime("%Y-%m"))
            )
        failures.extend(_month_end_cap(position, exposure, amount, after))

    return CreditDecision(
        allowed=not failures,
        failures=tuple(failures),
        warnings=tuple(warnings),
        sale_kind=facts.sale_kind,
        amount=amount,
        exposure=exposure,
        after=after,
        limit_mode=limit_mode,
        limit=limit,
        headroom=headroom,
        position=position,
    )


def _credit_terms(position: CreditPositionLike) -> list[Failure]:
    """Rule 4: may this customer buy on credit at all?"""
    out: list[Failure] = []
    customer = position.customer_name
    contract = position.contract
    if contract is None:
        out.append(_fail(4, "release.no_contract", customer=customer))
    elif contract.payment_terms == "cash":
        out.append(_fail(4, "release.contract_cash_terms", contract=contract.number))
    if position.grade is None:
        out.append(_fail(4, "release.no_grade", customer=customer))
    elif position.grade not in CREDIT_GRADES:
        out.append(_fail(4, "release.grade_no_credit", grade=str(position.grade)))
    if position.channel not in CREDIT_CHANNELS and not position.credit_exception:
        out.append(
            _fail(
                4,
                "release.channel_no_credit",
                customer=customer,
                channel=Term("channel", position.channel or ""),
            )
        )
    if not out and not position.credit_allowed:
        # The credit service knows a reason this check does not: fail closed and say why.
        out.append(
            _fail(
                4,
                "release.credit_not_allowed",
                customer=customer,
                reasons="；".join(position.reasons) or "-",
            )
        )
    return out


def _payment_discipline(position: CreditPositionLike, credit: bool) -> list[Failure]:
    """Rule 5: 前清后送 for agreed-payment customers (any sale); no credit past a due date."""
    out: list[Failure] = []
    previous = position.previous_unpaid
    if position.agreed_payment and previous is not None:
        out.append(
            _fail(
                5,
                "release.previous_unpaid",
                customer=position.customer_name,
                document=previous.number,
                date=previous.date.isoformat(),
                owed=money(previous.amount),
            )
        )
    if credit and position.overdue:
        worst = max(position.overdue, key=lambda o: (o.days, o.number))
        numbers: dict[str, Number] = {
            "slip": worst.number,
            "due": worst.due_date.isoformat(),
            "days": str(worst.days),
            "owed": money(worst.owed),
        }
        if len(position.overdue) == 1:
            out.append(_fail(5, "release.slip_overdue", **numbers))
        else:
            total = money(sum((o.owed for o in position.overdue), Decimal("0.00")))
            numbers |= {"count": str(len(position.overdue)), "total": total}
            out.append(_fail(5, "release.slips_overdue", **numbers))
    return out


def _month_end_cap(
    position: CreditPositionLike, exposure: Decimal, amount: Decimal, after: Decimal
) -> list[Failure]:
    """Rule 6, second half: the agreed-payment contract's month-end receivable cap. The
    receivable can only grow by a delivery, so keeping every release within the cap keeps every
    month end within it. Not checked without an agreed-payment contract (rule 4 says why)."""
    contract = position.contract
    if contract is None or not position.agreed_payment:
        return []
    cap = position.month_end_cap
    if cap is None:
        return [_fail(6, "release.no_month_end_cap", contract=contract.number)]
    if after > cap:
        return [
            _fail(
                6,
                "release.over_month_end_cap",
                exposure=exposure,
                amount=amount,
                after=after,
                cap=cap,
                over=after - cap,
                contract=contract.number,
            )
        ]
    return []


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"
