"""What the distribution-plan services return (step 8)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PlanLine:
    """One product of a plan's purchase plan (optional: a plan may give only the amount)."""

    product_code: str
    product_name: str
    unit: str
    quantity: int | None
    amount: Decimal


@dataclass(frozen=True)
class PlanLineInput:
    """A product line as typed (quantity and amount as text or numbers); all blank: no line."""

    product_code: str | None = None
    quantity: int | str | None = None
    amount: Decimal | str | None = None


@dataclass(frozen=True)
class PlanLineActual:
    """One planned product against the month's issued slips' lines of that product."""

    product_code: str
    product_name: str
    unit: str
    planned_quantity: int | None
    planned_amount: Decimal
    bought_quantity: int
    bought_amount: Decimal


@dataclass(frozen=True)
class PlanRow:
    """One customer's line of the month's plan grid (filed, or prefilled from last month)."""

    customer_id: uuid.UUID
    customer_name: str
    month: date
    plan_id: uuid.UUID | None  # None: not filed yet (the values are last month's, if any)
    sales_target: Decimal | None
    purchase_plan: Decimal | None
    payment_plan: Decimal | None
    stocking: str | None
    outlets_target: int | None
    prefilled: bool  # the values come from last month's plan
    #: The purchase plan per product; when there are lines, purchase_plan is their sum.
    lines: tuple[PlanLine, ...] = ()


@dataclass(frozen=True)
class PlanInput:
    """What the sales manager types for one customer (amounts as typed: text or Decimal)."""

    customer_id: uuid.UUID
    sales_target: Decimal | str | None = None
    purchase_plan: Decimal | str | None = None
    payment_plan: Decimal | str | None = None
    stocking: str | None = None
    outlets_target: int | str | None = None
    #: Per-product lines: the purchase plan becomes their sum. None or empty: no lines.
    lines: Sequence[PlanLineInput] | None = None


@dataclass(frozen=True)
class PlanActual:
    """Plan against actual for one customer and month; ``months_below`` counts the run of
    consecutive months below plan ending with this one (the withdrawal rule)."""

    customer_id: uuid.UUID
    customer_name: str
    month: date
    purchase_plan: Decimal | None
    purchased: Decimal
    payment_plan: Decimal | None
    paid: Decimal
    outlets_target: int | None
    outlets_reached: int | None
    below: bool
    months_below: int
    withdraw: bool  # months_below reached the setting plan.below_months
    #: The months of the run, oldest first: (month, purchase plan, bought) — what a withdrawal
    #: proposal made from this row quotes.
    run: tuple[tuple[date, Decimal, Decimal], ...] = ()
    #: An open withdrawal proposal on the customer: "proposed" (the GM's turn) or "reviewed"
    #: (head office's), else None.
    withdrawal: str | None = None
    lines: tuple[PlanLineActual, ...] = ()  # the plan's products, when it has lines
