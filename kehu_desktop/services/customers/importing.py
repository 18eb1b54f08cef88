"""Importing customer files (step 2) from CSV and XLSX, and the import template.

The whole file is read and every row is checked with the editor's own rules (``clean_customer``).
A row that is a customer the branch already has, or that repeats an earlier row, is a duplicate
(import_matching.py says when): it is reported with the customer or row it repeats and skipped,
or with ``update_existing`` it updates that customer's file through the editor's own path. Only
a file without a single error is written: every row in one transaction, each with the audit
record and outbox rows the editor writes. Errors come back per row (as Excel numbers it) and
column so the user can fix the spreadsheet. docs/import-template.md documents all of it.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain.customer import CHANNELS
from kehu_desktop.domain.customer import FIELD_LABELS
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.dto import CREATE
from kehu_desktop.dto import SKIP
from kehu_desktop.dto import UPDATE
from kehu_desktop.dto import Duplicate
from kehu_desktop.dto import ImportReport
from kehu_desktop.dto import RowError
from kehu_desktop.dto import RowResult
from kehu_desktop.models import Customer
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import lock_customers
from kehu_desktop.services.base import require
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers import import_matching as matching
from kehu_desktop.services.customers.customer_files import CleanCustomer
from kehu_desktop.services.customers.customer_files import CustomerDraft
from kehu_desktop.services.customers.customer_files import changed_fields
from kehu_desktop.services.customers.customer_files import clean_customer
from kehu_desktop.services.customers.customer_files import draft_of
from kehu_desktop.services.customers.customer_files import market_office_keys
from kehu_desktop.services.customers.customer_files import new_customer
from kehu_desktop.services.customers.customer_files import prepare_save
from kehu_desktop.services.customers.customer_files import write_customers
from kehu_desktop.services.customers.import_files import FileRefused
from kehu_desktop.services.customers.import_files import read_rows

__all__ = [
    "COLUMNS",
    "CREATE",
    "HEADER_CODES",
    "SKIP",
    "STATUS_HEADER",
    "UPDATE",
    "Duplicate",
    "ImportReport",
    "RowError",
    "RowResult",
    "import_customers",
    "template_headers",
    "write_template",
]


@dataclass(frozen=True)
class Column:
    """One column of the template. The Chinese header is the field's label (FIELD_LABELS)."""

    field: str  # code name: the CustomerDraft attribute and the "field" of import errors
    aliases: tuple[str, ...]  # English headers accepted besides the code name
    hint: str  # the format, as the template's instructions sheet explains it
    example: str
    text: bool = False  # digits that are not a quantity: the template keeps them as Excel text

    @property
    def header(self) -> str:
        return FIELD_LABELS[self.field]

    @property
    def required(self) -> bool:
        return self.field == "name"  # a prospect needs a name only; the rest comes later


COLUMNS: tuple[Column, ...] = (
    Column("name", ("customer name",), "文本，最多200字", "上海示例医药有限公司"),
    Column(
        "uscc",
        ("credit code", "unified social credit code", "tax number"),
        "18位统一社会信用代码；单元格须为文本格式",
        make_uscc("91310115MA1K3Y4Q2"),
        text=True,
    ),
    Column("address", (), "文本，最多300字", "上海市浦东新区张江路100号"),
    Column(
        "phone", ("telephone", "tel"), "11位手机号，或带区号的固定电话", "021-58881234", text=True
    ),
    Column("postcode", ("zip", "zip code", "postal code"), "6位数字", "201203", text=True),
    Column("owner", (), "文本，最多100字", "张三"),
    Column("manager", ("operator",), "文本，最多100字", "李四"),
    Column("legal_representative", ("legal rep",), "文本，最多100字", "张三"),
    Column(
        "founded",
        ("founding date", "founded on"),
        "日期，如2005-06-01（也可2005/6/1、2005年6月1日），不晚于今天",
        "2005-06-01",
    ),
    Column("bank", (), "文本，最多100字", "中国工商银行上海张江支行"),
    Column(
        "bank_account",
        ("account number", "account"),
        "文本，最多40字；单元格须为文本格式",
        "1001234509006789012",
        text=True,
    ),
    Column(
        "channel",
        ("channel type",),
        "、".join(CHANNELS.values()) + "（或 " + "/".join(CHANNELS) + "）",
        "私营",
    ),
    Column("market_office", (), "本分支机构市场部的名称或代码", "浦东市场部"),
    Column("business_nature", (), "文本，最多100字", "医药批发"),
    Column("licences", ("licenses",), "文本", "药品经营许可证、GSP证书齐全"),
    Column("registration", (), "文本", "上海市浦东新区市场监督管理局登记"),
    Column("years_in_business", (), "整数，不小于0", "18"),
    Column("annual_sales_scale", ("annual sales",), "金额（元），最多两位小数", "12000000.00"),
    Column("goods_flow", (), "文本", "浦东、闵行二级批发商"),
    Column("total_product_sales", (), "金额（元），最多两位小数", "3500000.00"),
    Column("payment_method", (), "文本，最多100字", "月结"),
    Column("payment_reputation", (), "文本，最多100字", "良好"),
)

#: Written by the export; accepted and ignored on import, because an imported customer always
#: starts as a prospect (approval is step 1's workflow, never a spreadsheet cell).
STATUS_HEADER = "状态"
_IGNORED = "status"

_REQUIRED_MARKS = ("*", "(必填)")


def header_key(text: str) -> str:
    """How a header is matched: full-width made half-width, spaces, ``_`` and ``-`` dropped,
    case ignored, and a trailing ``*`` or ``（必填）`` (the template's required mark) removed."""
    key = normalise_text(text).replace(" ", "").lower()
    while key.endswith(_REQUIRED_MARKS):
        key = key.removesuffix("*").removesuffix("(必填)")
    return key.replace("_", "").replace("-", "")


_HEADER_FIELDS: dict[str, str] = {
    header_key(name): col.field for col in COLUMNS for name in (col.header, col.field, *col.aliases)
} | {header_key(STATUS_HEADER): _IGNORED, header_key(_IGNORED): _IGNORED}


def column_letter(index: int) -> str:
    """Excel's name of the column at 0-based ``index``: A … Z, AA …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# ------------------------------------------------------------------------------------------
# The report
# ------------------------------------------------------------------------------------------


#: Problems of the header row: a column missing, unknown or given twice.
HEADER_CODES = frozenset(
    {"import.missing_column", "import.unknown_column", "import.duplicate_column"}
)


# ------------------------------------------------------------------------------------------
# The header
# ------------------------------------------------------------------------------------------


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


@dataclass
class _Sheet:
    fields: dict[int, str]  # cell index -> field code name
    unknown: set[int]  # cells under an unknown header: reported once, at the header
    rows: list[tuple[int, Sequence[object]]]  # (Excel row number, cells) of the non-blank rows
    errors: list[RowError]  # problems with the header


def parse_sheet(rows: list[Sequence[object]]) -> _Sheet:
    """Find the header (the first non-blank row) and map its cells to fields."""
    start = next((i for i, row in enumerate(rows) if not all(map(_blank, row))), None)
    if start is None:
        raise FileRefused("import.no_header")
    header_row = start + 1  # Excel counts from 1
    sheet = _Sheet({}, set(), [], [])
    seen: dict[str, str] = {}
    for index, cell in enumerate(rows[start]):
        if _blank(cell):
            continue
        title = normalise_text(str(cell))
        name = _HEADER_FIELDS.get(header_key(title))
        if name is None:
            sheet.unknown.add(index)
            sheet.errors.append(
                RowError(header_row, title, "import.unknown_column", {"column": title})
            )
        elif name in seen:
            sheet.unknown.add(index)
            sheet.errors.append(
                RowError(
                    header_row,
                    name,
                    "import.duplicate_column",
                    {"column": title, "other": seen[name]},
                )
            )
        else:
            seen[name] = title
            sheet.fields[index] = name
    if not sheet.fields:  # nothing recognisable: the first row is data, not a header
        raise FileRefused("import.no_header")
    if "name" not in sheet.fields.values():
        sheet.errors.append(
            RowError(header_row, "name", "import.missing_column", {"column": FIELD_LABELS["name"]})
        )
    sheet.rows = [
        (number, row)
        for number, row in enumerate(rows[start + 1 :], start=header_row + 1)
        if not all(map(_blank, row))
    ]
    return sheet


# ------------------------------------------------------------------------------------------
# The rows
# ------------------------------------------------------------------------------------------

# Excel keeps 15 significant digits; a whole number this large in a column of digit strings (a
# bank account typed without the text format) has already lost its last digits.
_DIGIT_STRINGS = frozenset(c.field for c in COLUMNS if c.text)
_EXCEL_DIGITS = 10**15


def _cell_value(name: str, cell: object) -> str | date | None:
    """What the draft gets: text as the editor would, dates only for the founding date."""
    if cell is None or isinstance(cell, str):
        return cell
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell if name == "founded" else cell.isoformat()
    if isinstance(cell, float):
        if name in _DIGIT_STRINGS and cell.is_integer() and abs(cell) >= _EXCEL_DIGITS:
            raise ValidationFailed(
                [FieldError(name, "import.excel_number", {"label": FIELD_LABELS[name]})]
            )
        # Shortest repr is what the user typed (0.1 → "0.1"); parse_amount then stays exact.
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return str(cell)


def draft_from_cells(values: dict[str, object]) -> tuple[CustomerDraft, list[FieldError]]:
    """A draft of one row, and the problems only the cell types show (Excel numbers)."""
    errors: list[FieldError] = []
    kwargs: dict[str, Any] = {}
    for name, cell in values.items():
        if name == _IGNORED:
            continue
        if name == "uscc" and isinstance(cell, int | float | Decimal):
            # A number cell can no longer hold an 18-character code: Excel has mangled it.
            errors.append(FieldError("uscc", "uscc.excel_mangled"))
            continue
        try:
            kwargs[name] = _cell_value(name, cell)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    return CustomerDraft(**kwargs), errors


@dataclass
class _Row:
    """A row without errors: its draft (what the cells say), the fields given in it (not
    blank), and the clean values a new customer would get."""

    number: int
    draft: CustomerDraft
    given: tuple[str, ...]
    clean: CleanCustomer

    @property
    def party(self) -> matching.Party:
        v = self.clean.values
        return matching.Party(v["name"], v["uscc"], v["phone"], v["address"])


def check_row(
    sheet: _Sheet, number: int, row: Sequence[object], today: date, offices: dict[str, uuid.UUID]
) -> tuple[_Row | None, list[RowError]]:
    """One row through the editor's rules: the row (None if it has errors) and its errors."""
    errors = [
        FieldError("", "import.cell_without_column", {"column": column_letter(i)})
        for i, cell in enumerate(row)
        if i not in sheet.fields and i not in sheet.unknown and not _blank(cell)
    ]
    cells = {name: row[i] if i < len(row) else None for i, name in sheet.fields.items()}
    draft, cell_errors = draft_from_cells(cells)
    errors += cell_errors
    given = tuple(n for n, cell in cells.items() if n != _IGNORED and not _blank(cell))
    clean = None
    try:
        clean = clean_customer(draft, today=today, market_offices=offices)
    except ValidationFailed as exc:
        errors += exc.errors
    found = [RowError(number, e.field or None, e.code, e.params) for e in errors]
    if found or clean is None:
        return None, found
    return _Row(number, draft, given, clean), []


# ------------------------------------------------------------------------------------------
# Duplicates and the plan
# ------------------------------------------------------------------------------------------


@dataclass
class _Plan:
    errors: list[RowError]
    results: list[RowResult]
    # (index in results, what write_customers stores) of the rows to create or update
    writes: list[tuple[int, tuple[Customer, CleanCustomer, bool]]]


def plan_import(
    s: Session,
    branch_id: uuid.UUID,
    sheet: _Sheet,
    *,
    update_existing: bool,
    seen: Mapping[uuid.UUID, int],
) -> _Plan:
    """Check every row (dates against today by the database's clock), find its duplicates and
    decide what happens to it; writes nothing (the customers to update are locked, as the
    editor locks the file it saves)."""
    today = clock_of(s).today()
    plan = _Plan(list(sheet.errors), [], [])
    if any(e.code == "import.missing_column" for e in plan.errors):
        return plan  # every row would fail on the name: say it once
    offices = market_office_keys(s, branch_id)
    good: list[_Row] = []
    for number, cells in sheet.rows:
        row, errors = check_row(sheet, number, cells, today, offices)
        plan.errors += errors
        if row is not None:
            good.append(row)
    matcher = _Matcher(s, branch_id, good, update_existing)
    locked: dict[uuid.UUID, Customer] = {}
    if update_existing:
        locked = _lock(s, [c.id for c in matcher.stored.values() if c.branch_id == branch_id])
    for row in good:
        decided = matcher.decide(row)
        if isinstance(decided, RowResult) and decided.action == UPDATE:
            assert decided.customer_id is not None  # an update names its customer
            customer = locked[decided.customer_id]
            decided = _update(s, branch_id, row, decided, customer, today, offices, seen, plan)
        if isinstance(decided, list):
            plan.errors += decided
        elif decided.action == CREATE:
            plan.writes.append((len(plan.results), (new_customer(branch_id), row.clean, True)))
            plan.results.append(decided)
        else:
            plan.results.append(decided)
    plan.errors.sort(key=lambda e: e.row or 0)  # stable: a row's own errors keep their order
    return plan


class _Matcher:
    """Decides, row after row, whether a row is new or a duplicate (import_matching's rules):
    of an earlier row first (only the first row of a customer counts), then of an existing
    customer of the branch (a credit code before a name)."""

    def __init__(
        self, s: Session, branch_id: uuid.UUID, rows: list[_Row], update_existing: bool
    ) -> None:
        self.branch_id = branch_id
        self.update_existing = update_existing
        found = matching.candidates(s, branch_id, [r.party for r in rows])
        self.stored = {c.id: c for c in found}
        self.existing = matching.Index()
        for candidate in found:
            self.existing.add(candidate.id, candidate.party)
        self.earlier = matching.Index()  # the rows decided so far
        self.claimed: dict[Any, int] = {}  # existing customer id -> the first row repeating it

    def decide(self, row: _Row) -> RowResult | list[RowError]:
        party = row.party
        try:
            return self._decide(row, party)
        finally:
            self.earlier.add(row.number, party)

    def _decide(self, row: _Row, party: matching.Party) -> RowResult | list[RowError]:
        same_rows = self.earlier.matches(party)
        if same_rows:
            other, reason = same_rows[0]
            duplicate = Duplicate(reason, None, "", row=int(str(other)))
            return RowResult(row.number, party.name, SKIP, duplicate=duplicate)
        rank = matching.REASONS.index
        hits = sorted(self.existing.matches(party), key=lambda hit: rank(hit[1]))
        if not hits:
            return RowResult(row.number, party.name, CREATE)
        ref, reason = hits[0]
        target = self.stored[uuid.UUID(str(ref))]
        if target.branch_id != self.branch_id:  # only a credit code reaches another branch
            return [RowError(row.number, "uscc", "uscc.duplicate", {"other": target.party.name})]
        if reason != matching.USCC and len(hits) > 1 and self.update_existing:
            names = "、".join(self.stored[uuid.UUID(str(r))].party.name for r, _ in hits)
            return [RowError(row.number, None, "import.ambiguous", {"names": names})]
        if target.id in self.claimed:  # an earlier row already stands for this customer
            duplicate = Duplicate(reason, target.id, target.party.name, self.claimed[target.id])
            return RowResult(row.number, party.name, SKIP, duplicate=duplicate)
        self.claimed[target.id] = row.number
        duplicate = Duplicate(reason, target.id, target.party.name, None, target.version)
        action = UPDATE if self.update_existing else SKIP
        return RowResult(row.number, party.name, action, target.id, duplicate)


def _lock(s: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Customer]:
    """Lock the customers a file may update and load them with their credit data, in a few
    queries, before they are read (as the editor's save locks the file it saves): the drafts
    then hold current values, and nobody changes them until the import ends. The caller keeps
    the returned objects (the session holds them only weakly)."""
    return lock_customers(s, ids, load=True, options=(selectinload(Customer.credit),), refresh=True)


def _update(
    s: Session,
    branch_id: uuid.UUID,
    row: _Row,
    result: RowResult,
    customer: Customer,
    today: date,
    offices: dict[str, uuid.UUID],
    seen: Mapping[uuid.UUID, int],
    plan: _Plan,
) -> RowResult | list[RowError]:
    """The existing customer's file with the row's non-blank cells over it, through the editor's
    own checks (:func:`prepare_save`: every field, the version, the credit code). The version
    is the one the caller's dry run saw (``seen``), else the one matched just now: a customer
    changed in between is refused, never overwritten."""
    duplicate = result.duplicate
    assert duplicate is not None
    draft = draft_of(customer)  # locked and loaded by _lock
    for name in row.given:
        setattr(draft, name, getattr(row.draft, name))
    if matching.text_key(row.clean.values["name"]) == matching.text_key(customer.name):
        # The same name spelt another way (spaces, brackets, case): the stored spelling stays.
        draft.name = customer.name
    draft.version = seen.get(customer.id, duplicate.version)
    try:
        change = prepare_save(s, branch_id, draft, market_offices=offices)
    except ValidationFailed as exc:
        return [RowError(row.number, e.field, e.code, e.params) for e in exc.errors]
    except KehuError as exc:
        if exc.code == "stale":
            return [
                RowError(row.number, None, "import.stale", {"name": customer.name, **exc.params})
            ]
        return [RowError(row.number, None, exc.code, exc.params)]
    changes = changed_fields(customer, change[1])
    if not changes:
        return replace(result, action=SKIP, up_to_date=True)
    plan.writes.append((len(plan.results), change))
    return replace(result, changes=changes)


# ------------------------------------------------------------------------------------------
# The service
# ------------------------------------------------------------------------------------------


def _import_allowed(actor: Actor, update_existing: bool) -> uuid.UUID:
    """The branch to import into; updating existing files also needs ``customer.edit``."""
    if update_existing:
        require(actor, "customer.edit")  # the actor as stored now (use_case re-read it)
    if actor.branch_id is None:
        raise Conflict("auth.forbidden", action="导入客户", roles="分支机构用户")
    return actor.branch_id


def import_customers(
    db: Database,
    actor: Actor,
    path: str | Path,
    *,
    dry_run: bool,
    update_existing: bool = False,
    seen: Mapping[uuid.UUID, int] | None = None,
) -> ImportReport:
    """Import the customers of a .csv or .xlsx file; all or nothing.

    New customers are created as prospects. A duplicate (a customer the branch has, or an
    earlier row) is skipped; with ``update_existing`` the existing customer's file is updated
    instead, through the editor's checks: the row's non-blank cells change its basic and credit
    data, never its status. ``seen`` (``ImportReport.seen_versions`` of the dry run the user
    looked at) refuses customers changed since.

    Callers: clerk, sales manager, administrator of a branch (``customer.import``; updating also
    needs ``customer.edit``). Every problem of every row is reported; with any problem, or with
    ``dry_run``, nothing is written. Otherwise the rows are saved in one transaction, each as
    the editor saves it (audit record, outbox rows), plus one ``customers_imported`` audit
    record. Problems with the file itself are errors of the report (``row`` None), not
    exceptions, so every caller shows one list.
    """
    path = Path(path)
    try:
        sheet = parse_sheet(read_rows(path))
    except FileRefused as refused:
        # Read before the database is opened: what is wrong with the file is told first.
        error = RowError(None, None, refused.code, refused.params)
        return ImportReport(0, (error,), dry_run=dry_run, update_existing=update_existing)
    # The rows are checked inside the writing transaction: on SQLite it holds the write lock, so
    # no credit code can be taken between the check and the insert; on PostgreSQL a concurrent
    # insert of the same code makes the unique index refuse the whole import (rolled back), and
    # the customers to update are row-locked.
    with use_case(db, actor, "customer.import", write=not dry_run) as (s, actor):
        branch_id = _import_allowed(actor, update_existing)
        plan = plan_import(s, branch_id, sheet, update_existing=update_existing, seen=seen or {})
        report = ImportReport(
            len(plan.results),
            tuple(plan.errors),
            tuple(plan.results),
            dry_run=dry_run,
            update_existing=update_existing,
        )
        if plan.errors or dry_run:
            return report
        write_customers(s, actor, [change for _, change in plan.writes])
        results = list(plan.results)
        for index, (customer, _, _) in plan.writes:
            results[index] = replace(results[index], customer_id=customer.id)
        report = replace(report, rows=tuple(results))
        if plan.writes:
            audit(
                s,
                actor,
                "customers_imported",
                entity="customer",
                detail=path.name,
                after={
                    "file": path.name,
                    "created": len(report.with_action(CREATE)),
                    "updated": len(report.with_action(UPDATE)),
                    "skipped": len(report.with_action(SKIP)),
                },
            )
    return report


# ------------------------------------------------------------------------------------------
# The template
# ------------------------------------------------------------------------------------------


def template_headers() -> list[str]:
    """The template's header row; the required column carries the usual "*"."""
    return [c.header + ("*" if c.required else "") for c in COLUMNS]


def write_template(path: str | Path) -> Path:
    """Write the empty import template as .xlsx (text-formatted code columns, a channel list,
    an instructions sheet) or as .csv (UTF-8 with BOM, header only)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerow(template_headers())
        return path
    if suffix != ".xlsx":
        raise Conflict("import.format", suffix=path.suffix or path.name)
    # openpyxl here, not at the top: reading uses it only for .xlsx files, and every `kehu`
    # command imports this module.
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "客户"
    sheet.append(template_headers())
    sheet.freeze_panes = "A2"
    for index, col in enumerate(COLUMNS, start=1):
        letter = column_letter(index - 1)
        sheet.cell(1, index).font = Font(bold=True, color="C00000" if col.required else None)
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(12, 2 * len(col.header) + 4)
        if col.text:
            # Text format on the whole column: what the user types stays text (credit codes!).
            dimension.number_format = "@"
        if col.field == "channel":
            choices = DataValidation(
                type="list", formula1='"' + ",".join(CHANNELS.values()) + '"', allow_blank=True
            )
            sheet.add_data_validation(choices)
            choices.add(f"{letter}2:{letter}10001")
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "英文列名", "必填", "格式", "示例"])
    for col in COLUMNS:
        notes.append([col.header, col.field, "是" if col.required else "否", col.hint, col.example])
    notes.append([])
    notes.append(["只有“客户名称”必填；导入的客户均为“待提名”状态。"])
    notes.append(["有任何错误时整个文件都不会导入；请按错误清单修改后重新导入。"])
    notes.append(["CSV文件可用UTF-8或GBK编码，逗号、制表符或分号分隔。"])
    for letter, width in zip("ABCDE", (18, 22, 8, 48, 36), strict=True):
        notes.column_dimensions[letter].width = width
    book.save(path)
    return path
