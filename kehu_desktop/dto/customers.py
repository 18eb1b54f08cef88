"""Frozen dataclasses that services return. Never live ORM objects."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class ChangeFormEntryView:
    """One line of the customer change form (客户增减变动表)."""

    id: uuid.UUID
    number: str  # e.g. "SH-CF-2026-000012"
    kind: str  # "add" (增) or "remove" (减)
    effective_date: date
    customer_name: str
    uscc: str | None
    channel: str | None  # state_owned / private / pharmacy_chain / large_pharmacy
    address: str | None
    legal_representative: str | None
    branch_name: str
    region_name: str
    reason: str | None
    approved_by: str  # display name of the approver
    approved_at: datetime
    created_at: datetime


@dataclass(frozen=True)
class MonthlySalesRow:
    month: date  # first day of the month
    volume: int
    amount: Decimal
    stock: int


@dataclass(frozen=True)
class SelectionStepView:
    step: str  # propose / review / approve / terminate
    decision: str  # approved / rejected / sent_back
    user: str
    at: datetime
    comment: str | None


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list."""

    id: uuid.UUID
    name: str
    uscc: str | None
    phone: str | None
    address: str | None
    channel: str | None
    market_office: str | None
    status: str
    on_hold: bool
    updated_at: datetime


@dataclass(frozen=True)
class CustomerFile:
    """The three parts of a customer file (step 2) plus its selection history (step 1)."""

    id: uuid.UUID
    version: int
    branch_id: uuid.UUID
    status: str
    on_hold: bool
    # basic data
    name: str
    uscc: str | None
    address: str | None
    phone: str | None
    postcode: str | None
    owner: str | None
    manager: str | None
    legal_representative: str | None
    founded: date | None
    bank: str | None
    bank_account: str | None
    channel: str | None
    market_office_id: uuid.UUID | None
    market_office: str | None
    # credit data
    business_nature: str | None
    licences: str | None
    registration: str | None
    years_in_business: int | None
    annual_sales_scale: Decimal | None
    goods_flow: str | None
    total_product_sales: Decimal | None
    payment_method: str | None
    payment_reputation: str | None
    # sales data and history
    monthly_sales: tuple[MonthlySalesRow, ...]
    selection_steps: tuple[SelectionStepView, ...]
    updated_at: datetime


@dataclass(frozen=True)
class SaveResult:
    customer: CustomerFile
    created: bool
    warnings: tuple[str, ...]  # e.g. similar names; shown, not blocking


@dataclass(frozen=True)
class CustomerPage:
    rows: tuple[CustomerRow, ...]
    offset: int
    has_more: bool


@dataclass(frozen=True)
class MarketOfficeView:
    id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True)
class BranchView:
    id: uuid.UUID
    code: str
    name: str
    region_id: uuid.UUID
    region_name: str
    market_offices: tuple[MarketOfficeView, ...]


@dataclass(frozen=True)
class SlipLineView:
    line_no: int
    product_code: str
    product_name: str
    specification: str | None
    unit: str
    batch_no: str | None
    expiry: date | None
    quantity: int
    unit_price: Decimal
    amount: Decimal
    dosage_form: str | None = None  # 剂型; None on lines of slips issued before revision 0004
    manufacturer: str | None = None  # 生产厂商


@dataclass(frozen=True)
class SlipView:
    """Everything a slip prints, as issued (a reprint shows the same content plus 补印)."""

    id: uuid.UUID
    number: str  # e.g. SH-CS-2026-000123
    kind: str  # delivery (送货单, cash) / credit_sale (赊销单)
    status: str  # issued / voided
    issue_date: date
    branch_code: str
    branch_name: str
    customer_name: str
    customer_address: str | None
    customer_phone: str | None
    payment_terms: str | None  # cash / agreed / clear_before_credit
    due_date: date | None  # credit slips
    lines: tuple[SlipLineView, ...]
    total: Decimal
    issued_by: str
    driver_name: str | None
    sales_rep_name: str | None
    dispatch_note_number: str
    print_count: int
    reprint_count: int
    void_reason: str | None
    copy3_returned_at: datetime | None
    # The seller (供货单位) as at issue: company and branch name, address, phone, 药品经营许可证
    # number. None on slips issued before revision 0004 (they print the branch name only).
    seller_name: str | None = None
    seller_address: str | None = None
    seller_phone: str | None = None
    seller_licence_no: str | None = None


@dataclass(frozen=True)
class PrinterProfileView:
    name: str
    mode: str  # plain (four captioned pages) / multipart (one pass on a carbonless form)
    paper: str  # 241x93.1 / 241x139.7 / 241x279.4 / A4 / A5
    offset_x_mm: float
    offset_y_mm: float
    queue: str | None  # CUPS queue or Windows printer name; None = system default
    is_default: bool
