"""What the credit services return (steps 3-7). Frozen; shared by the release check, the
customer screen and the cashier's screen."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class ContractView:
    id: uuid.UUID
    number: str
    payment_terms: str  # cash / agreed / clear_before_credit
    term_days: int | None
    signer: str
    signer_role: str  # branch_gm / sales_manager
    authorisation: str | None
    signed_date: date
    valid_from: date
    valid_to: date
    scan_name: str | None
    ended_at: datetime | None


@dataclass(frozen=True)
class ExposureItem:
    """One document that makes up the exposure."""

    kind: str  # slip / dispatch
    number: str
    date: date
    amount: Decimal  # still owed (slips) or the released amount (dispatches not yet slipped)


@dataclass(frozen=True)
class Exposure:
    """敞口 = unpaid slips + released dispatches not yet slipped (design.md)."""

    unpaid_slips: Decimal
    released_not_slipped: Decimal
    items: tuple[ExposureItem, ...]

    @property
    def total(self) -> Decimal:
        return self.unpaid_slips + self.released_not_slipped


@dataclass(frozen=True)
class CreditPosition:
    """A customer's credit position on a date: everything the cashier and managers need to see
    why credit is or is not available."""

    customer_id: uuid.UUID
    customer_name: str
    on: date
    status: str  # the customer's selection status
    selected: bool
    on_hold: bool
    channel: str | None
    grade: int | None  # 1-5; None = never graded (treated as cash only)
    grade_since: date | None
    contract: ContractView | None  # the contract valid on the date, if any
    payment_terms: str  # from the contract; "cash" without one
    term_days: int | None
    credit_exception: bool  # a non-state customer with the branch GM's recorded exception
    credit_allowed: bool  # may buy on credit at all (grade, contract, channel/exception)
    limit_mode: str  # unlimited (grade 1) / limit / none (no approved limit: cash only)
    limit: Decimal | None  # this month's approved limit (limit_mode == "limit"); 0 means 0
    exposure: Exposure
    headroom: Decimal | None  # limit - exposure; None when unlimited or none
    near_limit_ratio: Decimal  # setting, default 0.80
    previous_credit_unpaid: str | None  # number of the unpaid previous credit slip (前清后送)
    reasons: tuple[str, ...]  # plain-language reasons, in the user's language
