"""Dispatch notes (货物发运单): the words of the states, sale kinds and approval modes, and the
inputs and results of the dispatch services.

``services.dispatch`` re-exports them for its callers.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from kehu_desktop.domain.credit_check import CreditDecision

STATUSES: dict[str, str] = {
    "requested": "待审批",
    "approved": "已批准",
    "assigned": "已派车",
    "released": "已放行",
    "parked": "暂存市场部",
    "delivered": "已送达",
    "returned": "已交回",
    "cancelled": "已取消",
}
SALE_KINDS: dict[str, str] = {"cash": "现款现货", "credit": "赊销"}
APPROVAL_MODES: dict[str, str] = {"signed": "签字", "phone": "电话批准"}
CANCELLABLE = frozenset({"requested", "approved", "assigned"})
#: States in which goods are out of the warehouse and not yet slipped (count in exposure).
RELEASED_NOT_SLIPPED = frozenset({"released", "parked"})


# --------------------------------------------------------------------------------------------
# Inputs and results
# --------------------------------------------------------------------------------------------


@dataclass
class DispatchLineInput:
    """One line as typed: quantity and price may be text; batch may be absent."""

    product_id: uuid.UUID | str
    quantity: int | str
    unit_price: Decimal | str
    batch_id: uuid.UUID | str | None = None


LineInput = DispatchLineInput | tuple[Any, ...]


@dataclass
class DispatchRequest:
    customer_id: uuid.UUID | str | None
    sale_kind: str  # cash / credit
    lines: Sequence[LineInput]  # DispatchLineInput or (product_id, quantity, price, batch_id)
    note: str | None = None


@dataclass(frozen=True)
class DispatchLineView:
    line_no: int
    product_id: uuid.UUID
    product_code: str
    product_name: str
    specification: str | None
    unit: str
    batch_id: uuid.UUID | None
    batch_no: str | None
    expiry: date | None
    quantity: int
    unit_price: Decimal
    amount: Decimal
    delivered_quantity: int | None


@dataclass(frozen=True)
class TemporaryReceiptView:
    number: str
    market_office: str | None
    issued_by: str
    issued_at: datetime
    cancelled_at: datetime | None


@dataclass(frozen=True)
class DispatchRow:
    """One line of a dispatch list."""

    id: uuid.UUID
    number: str
    status: str
    sale_kind: str
    customer_id: uuid.UUID
    customer_name: str
    total: Decimal
    requested_at: datetime
    approval_mode: str | None
    signature_owed: bool
    driver: str | None
    route: str | None


@dataclass(frozen=True)
class DispatchView:
    id: uuid.UUID
    number: str
    status: str
    sale_kind: str
    customer_id: uuid.UUID
    customer_name: str
    market_office: str | None
    total: Decimal
    note: str | None
    requested_by: str
    requested_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    approval_mode: str | None
    signature_owed: bool
    signature_completed_at: datetime | None
    driver_id: uuid.UUID | None
    driver: str | None
    route: str | None
    assigned_at: datetime | None
    released_by: str | None
    released_at: datetime | None
    delivered_by: str | None
    delivered_on: date | None
    returned_to: str | None
    returned_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    lines: tuple[DispatchLineView, ...]
    temporary_receipt: TemporaryReceiptView | None
    slip_numbers: tuple[str, ...]  # issued (and voided) slips of this note
    version: int


@dataclass(frozen=True)
class MarketOfficeGoods:
    """Goods taken by a market office's customers (returned notes), per product."""

    market_office: str | None
    product_code: str
    product_name: str
    unit: str
    quantity: int
    amount: Decimal
    notes: int


@dataclass(frozen=True)
class ReleaseResult:
    released: bool
    decision: CreditDecision
    note: DispatchView
