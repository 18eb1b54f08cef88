"""Payments and remittances: what both share: payment methods, the field labels, the payment
inputs and results, and the small parsing helpers (branch, ids, text, amounts).

``services.payments`` re-exports the public names; import from there.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from kehu_desktop.domain import identifiers
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.models import Branch
from kehu_desktop.services.base import Actor

PAYMENT_KIND = "PM"
#: Bank money always has a bank serial or draft number: it is what finds a double entry.
REFERENCE_REQUIRED = frozenset({"bank_transfer", "bank_draft"})
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
