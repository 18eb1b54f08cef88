"""Pure rules of receivables (step 7): ageing buckets, oldest-first allocation, remittance levels.

No I/O: the services feed these functions with amounts and dates and store what they return.

**Ageing.** A slip is *due* on its due date (credit-sale slips, 赊销单) or on its issue date (cash
delivery slips, 送货单: cash on delivery means the money is due when the goods arrive; a credit
slip without a due date is treated the same way). On a day ``on`` it is ``on - due`` days past
due and falls in one bucket: ``current`` (not yet due, or due today), ``1-30``, ``31-60``,
``61-90`` or ``>90`` days past due. The buckets always add up to the total aged.

**Allocation.** Money is set against open slips oldest first: by issue date, then by slip number
(numbers are gapless per branch and year, so the number orders slips of the same day). No slip
gets more than it still owes and the allocations never add up to more than the money.

**Remittance levels.** Money received at or above a threshold (``以上`` in the rule book includes
the threshold itself) must reach head office within a number of hours. Several levels may apply
(e.g. 50,000 within 24 hours, 200,000 within 4 hours): the strictest, i.e. the fewest hours, wins.
"""

from __future__ import annotations

from collections.abc import Hashable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any
from typing import Generic
from typing import TypeVar

ZERO = Decimal("0.00")
_CENT = Decimal("0.01")

#: Bucket codes in display order, with their column headings.
BUCKETS: tuple[str, ...] = ("current", "d1_30", "d31_60", "d61_90", "over_90")
BUCKET_LABELS: dict[str, tuple[str, str]] = {
    "current": ("未到期", "current"),
    "d1_30": ("逾期1-30天", "1-30 days"),
    "d31_60": ("逾期31-60天", "31-60 days"),
    "d61_90": ("逾期61-90天", "61-90 days"),
    "over_90": ("逾期90天以上", "over 90 days"),
}

SLIP_KIND_CREDIT = "credit_sale"


# --------------------------------------------------------------------------------------------
# Ageing
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeingBuckets:
    """Amounts by days past due. ``total`` is their sum (and the total that was aged)."""

    current: Decimal = ZERO
    d1_30: Decimal = ZERO
    d31_60: Decimal = ZERO
    d61_90: Decimal = ZERO
    over_90: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.current + self.d1_30 + self.d31_60 + self.d61_90 + self.over_90

    @property
    def past_due(self) -> Decimal:
        return self.total - self.current

    def get(self, bucket: str) -> Decimal:
        if bucket not in BUCKETS:
            raise KeyError(bucket)
        value: Decimal = getattr(self, bucket)
        return value

    def __add__(self, other: AgeingBuckets) -> AgeingBuckets:
        return AgeingBuckets(*(self.get(b) + other.get(b) for b in BUCKETS))


def due_date(kind: str, issue_date: date, due: date | None) -> date:
    """The day a slip's money is due: a credit slip's due date, otherwise its issue date."""
    if kind == SLIP_KIND_CREDIT and due is not None:
        return due
    return issue_date


def days_past_due(due: date, on: date) -> int:
    """Days after the due date; zero or negative means not yet past due."""
    return (on - due).days


def bucket_of(days: int) -> str:
    """The bucket code of an item ``days`` past due."""
    if days <= 0:
        return "current"
    if days <= 30:
        return "d1_30"
    if days <= 60:
        return "d31_60"
    if days <= 90:
        return "d61_90"
    return "over_90"


def age(items: Iterable[tuple[date, Decimal]], on: date) -> AgeingBuckets:
    """Sum ``(due date, amount)`` items into buckets as they stand on ``on``."""
    sums = dict.fromkeys(BUCKETS, ZERO)
    for due, amount in items:
        sums[bucket_of(days_past_due(due, on))] += amount
    return AgeingBuckets(**sums)


# --------------------------------------------------------------------------------------------
# Oldest-first allocation
# --------------------------------------------------------------------------------------------

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class OpenItem(Generic[K]):
    """Something that still owes money: a slip (key = its id), or unremitted money."""

    key: K
    dated: date  # issue date of a slip; received date of money to remit
    number: str  # tie-break within a day
    outstanding: Decimal


def oldest_first(items: Iterable[OpenItem[K]]) -> list[OpenItem[K]]:
    return sorted(items, key=lambda i: (i.dated, i.number))


def allocate_oldest_first(amount: Decimal, items: Iterable[OpenItem[K]]) -> list[tuple[K, Decimal]]:
    """Set ``amount`` against ``items`` oldest first; return ``(key, amount)`` per item touched.

    Items that owe nothing (zero or negative) are skipped. The result never gives an item more
    than it owes and never adds up to more than ``amount``; what is left over is
    ``amount - sum(result)``.
    """
    if amount < 0:
        raise ValueError("amount to allocate must not be negative")
    left = amount
    out: list[tuple[K, Decimal]] = []
    for item in oldest_first(items):
        if left <= 0:
            break
        if item.outstanding <= 0:
            continue
        part = min(left, item.outstanding)
        out.append((item.key, part))
        left -= part
    return out


# --------------------------------------------------------------------------------------------
# Remittance levels (the N-hour remittance rule)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemittanceLevel:
    threshold: Decimal  # money at or above this...
    hours: int  # ...must reach head office within this many hours


def _money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("not an amount")
    # Settings are JSON edited at head office: 50000 and "50000.00" are fine, and a float typed
    # by hand (50000.0) is read through its text, never through binary arithmetic.
    text = str(value).strip().replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite() or amount <= 0 or amount.quantize(_CENT) != amount:
        raise ValueError(f"threshold must be a positive amount in cents: {value!r}")
    return amount.quantize(_CENT)


def _hours(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"hours must be a whole number: {value!r}")
    hours = int(value)
    if hours <= 0:
        raise ValueError(f"hours must be positive: {value!r}")
    return hours


def parse_levels(value: Any) -> tuple[RemittanceLevel, ...]:
    """Read the ``remittance.levels`` setting: a list of ``{"threshold": ..., "hours": ...}``
    objects or ``[threshold, hours]`` pairs. Raises ``ValueError`` on anything else."""
    if not isinstance(value, list | tuple):
        raise ValueError("remittance levels must be a list")
    levels: list[RemittanceLevel] = []
    for entry in value:
        if isinstance(entry, dict):
            threshold, hours = entry.get("threshold"), entry.get("hours")
        elif isinstance(entry, list | tuple) and len(entry) == 2:
            threshold, hours = entry
        else:
            raise ValueError(f"bad remittance level: {entry!r}")
        levels.append(RemittanceLevel(_money(threshold), _hours(hours)))
    return tuple(sorted(levels, key=lambda lv: (lv.threshold, lv.hours)))


def level_for(amount: Decimal, levels: Sequence[RemittanceLevel]) -> RemittanceLevel | None:
    """The strictest level that applies to ``amount`` (fewest hours; on a tie, the higher
    threshold, which names the rule that is really biting), or None below every threshold."""
    applying = [lv for lv in levels if amount >= lv.threshold]
    if not applying:
        return None
    return min(applying, key=lambda lv: (lv.hours, -lv.threshold))
