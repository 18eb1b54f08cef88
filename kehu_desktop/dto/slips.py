"""What the slip services return: issued slips, their lines and rows, print outcomes, printer
profiles and the seller; printing lays slips out from these."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal

from kehu_desktop.domain.messages import render


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


@dataclass(frozen=True)
class SlipRow:
    """One line of a slip list."""

    id: uuid.UUID
    number: str
    kind: str  # delivery / credit_sale
    status: str  # issued / voided
    customer_id: uuid.UUID
    customer_name: str
    total: Decimal
    issue_date: date
    due_date: date | None
    dispatch_note_number: str
    print_count: int
    reprint_count: int
    copy3_returned: bool
    copy3_returned_at: datetime | None


@dataclass(frozen=True)
class PrintOutcome:
    slip_id: uuid.UUID
    slip_number: str
    profile: str
    outcome: str  # printed / failed
    reprint: bool  # the copy carried 补印
    error: str | None
    print_count: int
    reprint_count: int
    job_id: str | None = None  # the spooler's job id of a successful print

    @property
    def ok(self) -> bool:
        return self.outcome == "printed"

    @property
    def message(self) -> str | None:
        """For the user when the print failed (in their language); None when it printed."""
        if self.ok:
            return None
        return render("slip.print_failed", number=self.slip_number, error=self.error or "?")


@dataclass(frozen=True)
class SellerView:
    branch_id: uuid.UUID
    company_name: str
    branch_name: str
    address: str
    phone: str
    licence_no: str

    @property
    def seller_name(self) -> str:
        """The name printed as the seller: the company and the branch, e.g.
        华东医药股份有限公司上海分公司 (just the company if the branch name already starts
        with it)."""
        if self.branch_name.startswith(self.company_name):
            return self.branch_name
        return self.company_name + self.branch_name
