"""What the payment services return: payments and allocations, remittances, and the
receivables ledgers (balances, open slips, month-end and bad-debt rows)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal

from kehu_desktop.domain.ageing import ZERO
from kehu_desktop.domain.ageing import AgeingBuckets
from kehu_desktop.domain.ageing import RemittanceLevel

METHODS: dict[str, str] = {"cash": "现金", "bank_transfer": "银行转账", "bank_draft": "银行汇票"}


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


@dataclass(frozen=True)
class SlipBalance:
    """One slip as it stands on a day."""

    slip_id: uuid.UUID
    number: str
    kind: str  # delivery / credit_sale
    customer_id: uuid.UUID
    issue_date: date
    due: date  # the day its money is due (ageing.due_date)
    total: Decimal
    paid: Decimal  # allocations counted by the day
    outstanding: Decimal


@dataclass(frozen=True)
class OpenSlip:
    slip_id: uuid.UUID
    number: str
    kind: str
    issue_date: date
    due: date
    total: Decimal
    paid: Decimal
    outstanding: Decimal
    days_past_due: int  # <= 0: not yet due


@dataclass(frozen=True)
class CreditItem:
    """A payment whose money is not (wholly) allocated to slips."""

    payment_id: uuid.UUID
    payment_number: str
    received_on: date
    unallocated: Decimal


@dataclass(frozen=True)
class CustomerBalance:
    """What a customer owes: open slips oldest first, their total, and unallocated credit.

    ``balance = total_outstanding - credit``; it is negative when the customer has paid ahead.
    """

    customer_id: uuid.UUID
    customer_name: str
    on: date
    slips: tuple[OpenSlip, ...]
    total_outstanding: Decimal
    credit: Decimal
    credit_items: tuple[CreditItem, ...]  # the payments holding the credit (live view only)
    balance: Decimal
    buckets: AgeingBuckets


@dataclass(frozen=True)
class ReceivableRow:
    """One line of the receivables list (应收款明细), aged on ``on``."""

    customer_id: uuid.UUID
    customer_name: str
    customer_status: str
    total: Decimal  # outstanding on slips = buckets.total
    buckets: AgeingBuckets
    credit: Decimal  # unallocated money
    balance: Decimal  # total - credit
    oldest_due: date | None
    open_slips: int


@dataclass(frozen=True)
class MonthEndRow:
    customer_id: uuid.UUID
    customer_name: str
    amount: Decimal  # balance at the closing date; negative = the customer paid ahead


@dataclass(frozen=True)
class MonthEndReceivables:
    """月末应收款. ``taken`` is False for a preview computed now (nothing stored yet)."""

    month: date  # first day of the month
    closing_date: date  # last day of the month
    taken: bool
    taken_at: datetime | None
    taken_by: str | None
    rows: tuple[MonthEndRow, ...]

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def total_receivable(self) -> Decimal:
        """Only what customers owe (prepayments not netted off)."""
        return sum((r.amount for r in self.rows if r.amount > 0), ZERO)


@dataclass(frozen=True)
class BadDebtRow:
    """坏账: a customer we stopped working with who still owes money after N days."""

    customer_id: uuid.UUID
    customer_name: str
    stopped_on: date
    days_since_stopped: int
    balance: Decimal
    oldest_due: date | None
