"""What the product services return: products with their factory price, and batches."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class ProductView:
    id: uuid.UUID
    code: str
    name: str
    specification: str | None
    unit: str
    factory_price: Decimal
    batch_required: bool
    active: bool
    updated_at: datetime
    dosage_form: str | None = None
    manufacturer: str | None = None


@dataclass(frozen=True)
class BatchView:
    id: uuid.UUID
    product_id: uuid.UUID
    batch_no: str
    expiry: date
    expired: bool  # expiry before the day asked about
