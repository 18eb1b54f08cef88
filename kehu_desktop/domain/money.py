"""Money arithmetic the services and the screens share: Decimal, rounded half-up at the line."""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal

CENT = Decimal("0.01")


def line_amount(quantity: int, unit_price: Decimal) -> Decimal:
    """Quantity × unit price, rounded half-up at the line (design.md)."""
    return (Decimal(quantity) * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)
