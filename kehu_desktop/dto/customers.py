"""What the customer services return: customer files, list rows and pages, selection steps,
change-form entries, and the import report. Frozen, never live ORM objects."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from kehu_desktop.domain.customer import FIELD_LABELS
from kehu_desktop.domain.messages import render


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
    branch_id: uuid.UUID | None = None  # whose customer: head office's list spans branches


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


#: What an import does with a row (RowResult.action).
CREATE, UPDATE, SKIP = "create", "update", "skip"


@dataclass(frozen=True)
class RowError:
    """One problem. ``row`` is the row number Excel and WPS show (the header's row for a
    problem with a column; ``None`` for the file as a whole). ``field`` is the code name of the
    column (``uscc``), an unknown column's header as written, or ``None``: the whole row (or
    file)."""

    row: int | None
    field: str | None
    code: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, **self.params)  # rendered late: in the language of the reader


@dataclass(frozen=True)
class Duplicate:
    """What a duplicate row repeats: an existing customer (``row`` None), or an earlier row of
    the file (``row``; ``customer_id`` is set when that row stands for the same existing
    customer). ``reason`` is one of import_matching.REASONS; ``version``: the existing
    customer's version the check saw."""

    reason: str
    customer_id: uuid.UUID | None
    customer_name: str
    row: int | None = None
    version: int | None = None

    @property
    def message(self) -> str:
        reason = render(f"import.reason.{self.reason}")
        if self.row is not None:
            return render("import.duplicate_of_row", other=self.row, reason=reason)
        return render("import.duplicate_of_customer", name=self.customer_name, reason=reason)


@dataclass(frozen=True)
class RowResult:
    """What the import does (or, on a dry run, would do) with one row without errors:
    ``CREATE`` a customer, ``UPDATE`` the one it repeats (``changes``: the fields that change),
    or ``SKIP`` a duplicate (``up_to_date``: updating it would change nothing).
    ``customer_id``: the customer created (``None`` on a dry run), updated, or repeated."""

    row: int
    name: str
    action: str
    customer_id: uuid.UUID | None = None
    duplicate: Duplicate | None = None
    changes: tuple[str, ...] = ()
    up_to_date: bool = False

    @property
    def message(self) -> str:
        """The detail a user reads beside the action ("" for a new customer)."""
        if self.duplicate is None:
            return ""
        parts = [self.duplicate.message]
        if self.changes:
            labels = "、".join(FIELD_LABELS.get(f, f) for f in self.changes)
            parts.append(render("import.changes", fields=labels))
        elif self.up_to_date:
            parts.append(render("import.up_to_date"))
        return render("import.detail_separator").join(parts)


@dataclass(frozen=True)
class ImportReport:
    """``ok``: rows without errors. ``errors`` not empty means nothing was written. ``rows``:
    what happens to each row without errors, in file order (also on a dry run, also when other
    rows have errors)."""

    ok: int
    errors: tuple[RowError, ...]
    rows: tuple[RowResult, ...] = ()
    dry_run: bool = False
    update_existing: bool = False

    def with_action(self, action: str) -> tuple[RowResult, ...]:
        return tuple(r for r in self.rows if r.action == action)

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.errors

    @property
    def created(self) -> tuple[uuid.UUID, ...]:
        """Ids of the customers written, in file order (empty on a dry run or with errors)."""
        if not self.written:
            return ()
        return tuple(r.customer_id for r in self.with_action(CREATE) if r.customer_id)

    @property
    def seen_versions(self) -> dict[uuid.UUID, int]:
        """The existing customers this (dry-run) report matched, at the version it saw: give
        them to the import that follows, which refuses a customer changed in between."""
        return {
            d.customer_id: d.version
            for d in (r.duplicate for r in self.rows)
            if d is not None and d.customer_id is not None and d.version is not None
        }


@dataclass(frozen=True)
class SalesReportRow:
    """One line of the monthly sales report (客户销售月报表): what the customer reported of its
    month beside what it bought from us."""

    customer_id: uuid.UUID
    customer_name: str
    uscc: str | None
    month: date
    reported: bool
    volume: int | None  # pieces sold (reported)
    amount: Decimal | None  # sales amount (reported)
    stock: int | None  # stock on hand at the month's end (reported)
    bought: Decimal  # from us: the month's issued slips
    slips: int


@dataclass(frozen=True)
class SalesReportReviewView:
    """The marketing director's review of a branch's monthly sales report in force (the latest
    revision; ``revision`` > 1: a correction of the one it ``supersedes``)."""

    id: uuid.UUID
    branch_id: uuid.UUID
    month: date
    revision: int
    supersedes: uuid.UUID | None
    comment: str
    reviewer: str  # the director's name
    reviewed_at: datetime
    reviewed_on: date  # the local day of ``reviewed_at``

    @property
    def line(self) -> str:
        """As the sheet's 审阅 line and the screen show it: "<name> <date> <comment>"."""
        return f"{self.reviewer} {self.reviewed_on:%Y-%m-%d} {self.comment}"


@dataclass(frozen=True)
class SalesReportDue:
    """A branch's month that has ended, has something to report and no review yet."""

    branch_id: uuid.UUID
    branch_code: str
    branch_name: str
    month: date
