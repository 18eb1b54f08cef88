"""What the credit services return (steps 3-7). Frozen; shared by the release check, the
customer screen and the cashier's screen."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from kehu_desktop.domain.credit import AGREED_PAYMENT_TERMS
from kehu_desktop.domain.rating import Rule


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
    # 月末应收款限额: what the customer may owe at any month end (agreed-payment terms only);
    # None on a cash contract, or on an agreed one recorded before the cap existed (fail closed).
    month_end_cap: Decimal | None = None


@dataclass(frozen=True)
class ExposureItem:
    """One document that makes up the exposure."""

    kind: str  # slip / dispatch
    number: str
    date: date
    amount: Decimal  # still owed (slips) or the released amount (dispatches not yet slipped)


@dataclass(frozen=True)
class OverdueSlip:
    """A credit-sale slip still owing after its due date: it blocks further credit."""

    number: str
    issue_date: date
    due_date: date  # the slip's due date (its issue date when it has none, as in ageing)
    days: int  # days past the due date, at least 1
    owed: Decimal


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
    # 前清后送, agreed-payment customers only: the most recent delivery not yet paid for (a
    # released note not yet slipped, else the latest slip still owing, cash or credit).
    previous_unpaid: ExposureItem | None
    reasons: tuple[str, ...]  # plain-language reasons, in the user's language
    limit_id: uuid.UUID | None = None  # the approved CreditLimit row that counts this month
    overdue: tuple[OverdueSlip, ...] = ()  # credit-sale slips past due, most overdue first
    month_end_cap: Decimal | None = None  # the contract's 月末应收款限额 (None: none agreed)

    @property
    def agreed_payment(self) -> bool:
        """An agreed-payment customer (约定付款客户): a contract in force on terms other than
        cash. 前清后送 and the month-end cap apply to every such customer."""
        return self.payment_terms in AGREED_PAYMENT_TERMS


@dataclass(frozen=True)
class RuleLine:
    """One rule of the rating's rule table, as the table shows it."""

    number: int  # from 1: the first rule that holds gives the grade
    grade: int
    key: str  # a condition of domain.rating on the key indicators
    other: str  # and on the other indicators
    explanation: str  # "2级：关键指标全A，其他指标有C"


@dataclass(frozen=True)
class RuleTableView:
    """The rule table in force (or one version of it) and where it grades against itself."""

    version: int  # 0: the default of domain.rating, never saved
    rules: tuple[RuleLine, ...]
    note: str | None
    saved_by: str | None  # display name
    saved_at: datetime | None
    inversions: int  # cases where a better level gets a worse grade (domain.rating.inversions)
    #: Read at a branch registered with head office: the table is saved at head office only.
    edited_at_head_office: bool = False


@dataclass(frozen=True)
class GradeView:
    """One row of a customer's grade history."""

    id: uuid.UUID
    grade: int
    effective_from: date
    source: str  # manual / evaluation
    reason: str | None
    set_by: str  # display name
    set_at: datetime


@dataclass(frozen=True)
class LimitView:
    """A monthly limit application and its decision."""

    id: uuid.UUID
    customer_id: uuid.UUID
    customer_name: str
    month: date  # first day of the month
    grade: int  # the grade the authority was judged on
    unlimited: bool
    amount: Decimal | None
    status: str  # applied / approved / rejected / superseded
    approver_role: str | None  # the role whose authority covers the grade
    applied_by: str
    applied_at: datetime
    comment: str | None
    decided_by: str | None
    decided_role: str | None
    decided_at: datetime | None
    decision_comment: str | None
    self_approved: bool  # grade 4: the applying sales manager decided it (rule book allows)
    supersedes_id: uuid.UUID | None
    due: date  # the approver answers by then (setting credit.approval_days)


@dataclass(frozen=True)
class CreditExceptionView:
    """The branch GM's recorded exception letting a non-state customer buy on credit."""

    id: uuid.UUID
    customer_id: uuid.UUID
    granted_by: str
    granted_at: datetime
    valid_from: date
    valid_to: date
    reason: str
    revoked_at: datetime | None


@dataclass(frozen=True)
class EvaluationView:
    """A credit evaluation (资信等级评估表) as filed, with where it stands in its workflow."""

    id: uuid.UUID
    customer_id: uuid.UUID
    customer_name: str
    month: date  # first day of the month rated
    levels: dict[str, str]  # indicator code -> A / B / C
    evidence: dict[str, Any]  # the numbers shown beside the choices when it was filed
    grade: int
    rule: int
    rule_version: int
    explanation: str  # "2级：关键指标全A，其他指标有C"
    status: str  # submitted / reviewed / approved / sent_back
    revises_id: uuid.UUID | None
    filled_by: str
    filled_at: datetime
    comment: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_comment: str | None
    decided_by: str | None
    decided_at: datetime | None
    decision_comment: str | None
    # Head office has decided; the branch has not applied the decision yet (its next sync).
    awaiting_branch: bool = False


@dataclass(frozen=True)
class EvaluationForm:
    """What the sales manager's form opens with: the levels prefilled (from the evaluation sent
    back, else last month's, and the payment record's suggestion for payment reputation) and
    the evidence to show beside each choice."""

    customer_id: uuid.UUID
    customer_name: str
    month: date
    grade: int | None  # the grade in force today
    levels: dict[str, str]  # prefilled levels (indicators without one are left empty)
    evidence: dict[str, Any]  # file values, last month's levels, the payment record
    suggested_reputation: str | None
    rule_version: int
    rules: tuple[Rule, ...]  # the table in force, so the form shows the grade as it is chosen
    revises_id: uuid.UUID | None


@dataclass(frozen=True)
class RatingDue:
    """A selected customer on the month's re-rating list."""

    customer_id: uuid.UUID
    customer_name: str
    grade: int | None  # in force today
    last_rated: date | None  # the month of the latest approved evaluation
    open_status: str | None  # this month's evaluation in the workflow, if any
    due: date  # by when this month's evaluation should be approved (setting rating.due_day)
    overdue: bool
