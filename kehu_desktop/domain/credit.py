"""Credit rules of steps 3-5 and 7 that need no database: who decides a limit, the cap of each
grade, whether a limit application is acceptable, contract terms, the region quota's quarter.

Everything here is pure (no I/O, no clock): settings and "today" are passed in. The services in
``services/credit.py`` read the settings and the records and call these functions, so the rules
can be read (and property-tested) in one place.

Grade table (domain.md step 4):

====== ====================== ===================== ==========================================
grade  limit approved by      cap                   notes
====== ====================== ===================== ==========================================
1      regional manager       none                  explicit unlimited mode, or any amount
2      marketing director     high benchmark
3      branch GM              general benchmark
4      branch sales manager   low benchmark         the applicant may approve it (rule book)
5      —                      no credit             cash on delivery only; applications refused
====== ====================== ===================== ==========================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.roles import Role

GRADES = (1, 2, 3, 4, 5)
NO_CREDIT_GRADE = 5
UNLIMITED_GRADE = 1

PAYMENT_TERMS: dict[str, str] = {
    "cash": "现款现货",
    "agreed": "约定付款",
    "clear_before_credit": "前清后欠",
}
#: The agreed-payment terms (约定付款客户): every term but cash. The rule book puts each such
#: customer under 前清后送 and a month-end receivable cap, "whatever the contract's wording".
AGREED_PAYMENT_TERMS = frozenset({"agreed", "clear_before_credit"})
CONTRACT_SIGNER_ROLES: dict[str, Role] = {
    "branch_gm": Role.BRANCH_GM,
    "sales_manager": Role.SALES_MANAGER,
}

#: Defaults of the credit settings (head office edits them; synced later). Amounts are strings:
#: a JSON number would come back as a float.
CREDIT_SETTING_DEFAULTS: dict[str, Any] = {
    "credit.benchmark.high": "500000.00",  # 最高设定基准: cap of grade 2
    "credit.benchmark.general": "200000.00",  # 一般设定基准: cap of grade 3
    "credit.benchmark.low": "50000.00",  # 最低设定基准: cap of grade 4
    "credit.near_limit_ratio": "0.80",  # warn at or above this share of the limit
    "credit.approval_days": 3,  # the approver answers within N days
    # Step 3's monthly re-rating: each selected customer's evaluation of a month is approved by
    # this day of the month, or the customer shows red on the re-rating list.
    "rating.due_day": 10,
    # The payment record shown beside "payment reputation": slips due in the last N months;
    # the level it suggests (the sales manager decides): A at or above the first share paid
    # on time with nothing overdue now, B at or above the second, otherwise C.
    "rating.record_months": 12,
    "rating.reputation_a_share": "0.90",
    "rating.reputation_b_share": "0.70",
    # Early warnings (step 9; domain.warnings): sales falling when the last 30 days bought less
    # than this share of the 30 days before, or no purchase for this many times the customer's
    # usual interval; churn after N days without a purchase; a contract ending within N days.
    "warning.sales_drop_ratio": "0.50",
    "warning.interval_factor": 2,
    "warning.churn_days": 60,
    "warning.contract_days": 30,
    # Behind this month's distribution plan: from this day of the month, bought under this
    # share of the plan's pace (the purchase plan spread evenly over the month's days).
    "warning.plan_from_day": 10,
    "warning.plan_pace_ratio": "0.50",
    # Distribution plans (step 8; domain.plans): next month's plans are filed by this day of the
    # month; this many consecutive months below plan propose withdrawing the dealership.
    "plan.file_by_day": 25,
    "plan.below_months": 3,
    # "credit.region_quota.<region code>": not set by default (no quota check); see
    # region_quota_for().
}

#: The roles whose decision covers each grade's limit.
_APPROVERS: dict[int, Role | None] = {
    1: Role.REGIONAL_MANAGER,
    2: Role.MARKETING_DIRECTOR,
    3: Role.BRANCH_GM,
    4: Role.SALES_MANAGER,
    5: None,
}


@dataclass(frozen=True)
class Benchmarks:
    """设定基准 (head-office settings): the caps of grades 2, 3 and 4."""

    high: Decimal
    general: Decimal
    low: Decimal


def approver_role(grade: int) -> Role | None:
    """The role whose authority covers a limit for ``grade``; None for grade 5 (no credit)."""
    if grade not in _APPROVERS:
        raise ValueError(f"credit grade must be 1-5, not {grade!r}")
    return _APPROVERS[grade]


def cap_for_grade(grade: int, benchmarks: Benchmarks) -> Decimal | None:
    """The largest limit ``grade`` may get: None = no cap (grade 1); 0 for grade 5."""
    caps = {
        1: None,
        2: benchmarks.high,
        3: benchmarks.general,
        4: benchmarks.low,
        5: Decimal("0.00"),
    }
    if grade not in caps:
        raise ValueError(f"credit grade must be 1-5, not {grade!r}")
    return caps[grade]


def limit_in_force(
    limit_grade: int,
    unlimited: bool,
    amount: Decimal | None,
    grade: int | None,
    benchmarks: Benchmarks,
) -> tuple[str, Decimal | None]:
    """The month's approved limit as the grade in force allows it: ``("unlimited", None)`` or
    ``("limit", amount)``. A limit is approved on a grade (``limit_grade``); when an approved
    evaluation lowers the grade during the month, the limit counts only up to the new grade's
    cap from that moment (grade 1's unlimited mode becomes that cap; grade 5's cap is 0). A
    better grade, or no grade, changes nothing: a higher limit is applied for, and no grade gives
    no credit anyway (:func:`grade_allows_credit`)."""
    worse = grade is not None and grade in _APPROVERS and grade > limit_grade
    cap = cap_for_grade(grade, benchmarks) if worse and grade is not None else None
    if unlimited:
        return ("limit", cap) if cap is not None else ("unlimited", None)
    value = amount if amount is not None else Decimal("0.00")
    return "limit", min(value, cap) if cap is not None else value


def grade_allows_credit(grade: int | None) -> bool:
    """Grades 1-4 may buy on credit (within a limit); grade 5 and "never graded" may not."""
    return grade is not None and 1 <= grade < NO_CREDIT_GRADE


def self_approval_allowed(grade: int) -> bool:
    """Whether the applicant may decide their own application: only where the applicant's own
    role is the approver (grade 4, the sales manager). Above that, four eyes."""
    return approver_role(grade) == Role.SALES_MANAGER


def check_limit(
    grade: int | None, amount: Decimal | None, unlimited: bool, benchmarks: Benchmarks
) -> list[FieldError]:
    """Everything wrong with a limit (application or decision) for a customer of ``grade``.

    Rules: a grade must be set and not 5; ``unlimited`` only for grade 1 and then without an
    amount; otherwise an amount ≥ 0 (0 is a valid limit of 0) no larger than the grade's cap.
    """
    if grade is None:
        return [FieldError("grade", "limit.no_grade")]
    if grade == NO_CREDIT_GRADE:
        return [FieldError("grade", "limit.grade5")]
    if unlimited:
        if grade != UNLIMITED_GRADE:
            return [FieldError("unlimited", "limit.unlimited_grade", {"grade": grade})]
        if amount is not None:
            return [FieldError("amount", "limit.unlimited_amount")]
        return []
    if amount is None:
        return [FieldError("amount", "limit.amount_required")]
    if amount < 0:
        return [FieldError("amount", "amount.negative", {"label": "授信额度"})]
    cap = cap_for_grade(grade, benchmarks)
    if cap is not None and amount > cap:
        return [
            FieldError(
                "amount",
                "limit.over_cap",
                {"amount": money_text(amount), "cap": money_text(cap), "grade": grade},
            )
        ]
    return []


def month_start(day: date) -> date:
    return day.replace(day=1)


def quarter_key(day: date) -> str:
    """``2026Q4`` for any day of October-December 2026."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def region_quota_for(setting: Any, month: date) -> Decimal | None:
    """The region quota that applies to ``month`` from the setting's value.

    The value is either one amount (text) for every quarter, or a mapping from quarter
    (``"2026Q4"``) to amount with an optional ``"default"``. None (no quota set) = not checked.
    """
    if setting is None:
        return None
    if isinstance(setting, Mapping):
        value = setting.get(quarter_key(month), setting.get("default"))
        return None if value is None else to_decimal(value)
    return to_decimal(setting)


def quota_exceeded(quota: Decimal | None, others: Decimal, amount: Decimal | None) -> bool:
    """Whether approving ``amount`` on top of the region's ``others`` (the month's other
    approved limits) passes the quota. Unlimited limits (amount None) are not counted."""
    if quota is None or amount is None:
        return False
    return others + amount > quota


def near_limit(exposure: Decimal, limit: Decimal, ratio: Decimal) -> bool:
    """At or above the warning threshold (ratio of the limit). A limit of 0 with no exposure is
    not "near"; with any exposure it is over."""
    if limit <= 0:
        return exposure > 0
    return exposure >= limit * ratio


def is_agreed_payment(terms: str | None) -> bool:
    """Whether a contract's payment terms make the customer an agreed-payment customer."""
    return terms in AGREED_PAYMENT_TERMS


def to_decimal(value: Any) -> Decimal:
    """A setting's amount (stored as text) as Decimal; floats are refused like everywhere."""
    if isinstance(value, float):
        raise TypeError("money settings must be text, never float")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


def money_text(amount: Decimal) -> str:
    """``1,234,567.50``: how amounts appear in messages."""
    return f"{amount.quantize(Decimal('0.01')):,}"
