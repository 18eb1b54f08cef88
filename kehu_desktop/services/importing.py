"""Importing customer files (step 2) from CSV and XLSX, and the import template.

The whole file is read and every row is checked with the editor's own rules (``clean_customer``)
plus the credit-code duplicates. Only a file without a single error is written: every row in one
transaction, each with the audit record and outbox rows the editor writes. Errors come back per
row and column so the user can fix the spreadsheet and import it again. The columns, encodings
and error format are documented in docs/import-template.md.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain.customer import CHANNELS, FIELD_LABELS
from kehu_desktop.domain.errors import Conflict, FieldError, ValidationFailed
from kehu_desktop.domain.identifiers import check_uscc, make_uscc, normalise_text
from kehu_desktop.domain.messages import render
from kehu_desktop.models import Customer
from kehu_desktop.services.context import Actor, require
from kehu_desktop.services.customers import (
    CleanCustomer,
    CustomerDraft,
    clean_customer,
    market_office_keys,
    new_customer,
    write_customers,
)
from kehu_desktop.services.records import audit


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

FILE = "file"  # the "field" of problems with the file as a whole (row 0)
ROW = "row"  # the "field" of problems with a row as a whole

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


@dataclass(frozen=True)
class RowError:
    """One problem. ``row`` 1 is the first row under the header (blank rows count, so it
    matches what the user sees); row 0 is the header or the file as a whole. ``field`` is the
    code name (``uscc``), an unknown column's header as written, ``file`` or ``row``."""

    row: int
    field: str
    code: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, **self.params)  # rendered late: in the language of the reader


@dataclass(frozen=True)
class ImportReport:
    """``ok``: rows that passed every check. ``errors`` not empty means nothing was written.
    ``created``: ids of the customers written, in file order (empty on a dry run)."""

    ok: int
    errors: tuple[RowError, ...]
    created: tuple[uuid.UUID, ...] = ()
    dry_run: bool = False


class _Refused(Exception):
    """The file cannot be read at all; carries the one error reported for it."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.error = RowError(0, FILE, code, params)


# ------------------------------------------------------------------------------------------
# Reading the file
# ------------------------------------------------------------------------------------------


def read_rows(path: Path) -> list[Sequence[object]]:
    """Every row of a .csv file or of the first sheet of an .xlsx file, cells as stored."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _Refused("import.format", suffix=path.suffix or path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Refused("import.unreadable", detail=exc.strerror or str(exc)) from exc
    return _xlsx_rows(data) if suffix == ".xlsx" else _csv_rows(data)


def _xlsx_rows(data: bytes) -> list[Sequence[object]]:
    try:
        # data_only: a formula's cached value, not its text. Values come as typed in the cell,
        # so a credit code that Excel turned into a number is seen as a number and reported.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return list(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()
    except Exception as exc:  # a damaged zip or XML fails in many ways, all meaning the same
        raise _Refused("import.unreadable", detail=str(exc) or type(exc).__name__) from exc


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) or GBK/GB18030, the two encodings Chinese Excel writes.

    UTF-8 is tried first and strictly: GBK text is almost never valid UTF-8, while UTF-8 text
    often decodes as (wrong) GB18030. NUL bytes mean UTF-16 or a binary file: refused.
    """
    if b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise _Refused("import.encoding")


def _csv_rows(data: bytes) -> list[Sequence[object]]:
    text = decode_csv(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",\t;").delimiter
    except csv.Error:  # one column, or nothing to go on: the standard comma
        delimiter = ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _Refused("import.unreadable", detail=str(exc)) from exc


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# ------------------------------------------------------------------------------------------
# The header
# ------------------------------------------------------------------------------------------


@dataclass
class _Sheet:
    fields: dict[int, str]  # cell index -> field code name
    unknown: set[int]  # cells under an unknown header: reported once, at the header
    rows: list[tuple[int, Sequence[object]]]  # (row number, cells) of the non-blank rows
    errors: list[RowError]  # problems with the header


def parse_sheet(rows: list[Sequence[object]]) -> _Sheet:
    """Find the header (the first non-blank row) and map its cells to fields."""
    start = next((i for i, row in enumerate(rows) if not all(map(_blank, row))), None)
    if start is None:
        raise _Refused("import.no_header")
    sheet = _Sheet({}, set(), [], [])
    seen: dict[str, str] = {}
    for index, cell in enumerate(rows[start]):
        if _blank(cell):
            continue
        title = normalise_text(str(cell))
        name = _HEADER_FIELDS.get(header_key(title))
        if name is None:
            sheet.unknown.add(index)
            sheet.errors.append(RowError(0, title, "import.unknown_column", {"column": title}))
        elif name in seen:
            sheet.unknown.add(index)
            sheet.errors.append(
                RowError(0, name, "import.duplicate_column", {"column": title, "other": seen[name]})
            )
        else:
            seen[name] = title
            sheet.fields[index] = name
    if not sheet.fields:  # nothing recognisable: the first row is data, not a header
        raise _Refused("import.no_header")
    if "name" not in sheet.fields.values():
        sheet.errors.append(
            RowError(0, "name", "import.missing_column", {"column": FIELD_LABELS["name"]})
        )
    sheet.rows = [
        (number, row)
        for number, row in enumerate(rows[start + 1 :], start=1)
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
class _Checked:
    ok: list[CleanCustomer]
    errors: list[RowError]


def check_row(
    sheet: _Sheet, row: Sequence[object], today: date, offices: dict[str, uuid.UUID]
) -> tuple[CleanCustomer | None, list[FieldError], str | None]:
    """One row: the clean customer (None if it has errors), its errors, and its credit code
    when that is valid (also in a row with other errors, to find duplicates all the same)."""
    errors = [
        FieldError(ROW, "import.cell_without_column", {"column": get_column_letter(i + 1)})
        for i, cell in enumerate(row)
        if i not in sheet.fields and i not in sheet.unknown and not _blank(cell)
    ]
    draft, cell_errors = draft_from_cells(
        {name: row[i] if i < len(row) else None for i, name in sheet.fields.items()}
    )
    errors += cell_errors
    try:
        clean = clean_customer(draft, today=today, market_offices=offices)
    except ValidationFailed as exc:
        errors += exc.errors
        if _blank(draft.uscc) or any(e.field == "uscc" for e in errors):
            return None, errors, None
        return None, errors, check_uscc(str(draft.uscc))  # valid: clean_customer said nothing
    return (None if errors else clean), errors, clean.values["uscc"]


def check_rows(s: Session, branch_id: uuid.UUID, sheet: _Sheet) -> _Checked:
    """Every row through clean_customer (dates against today by the database's clock), then
    credit codes against the file and the database."""
    today = clock_of(s).today()
    errors = list(sheet.errors)
    if any(e.code == "import.missing_column" for e in errors):
        return _Checked([], errors)  # every row would fail on the name: say it once
    offices = market_office_keys(s, branch_id)
    cleaned: dict[int, CleanCustomer] = {}
    bad: dict[int, list[FieldError]] = {}
    first_row: dict[str, int] = {}  # credit code -> first row that has it
    for number, row in sheet.rows:
        clean, row_errors, code = check_row(sheet, row, today, offices)
        if clean is not None:
            cleaned[number] = clean
        if row_errors:
            bad[number] = row_errors
        if code is not None and code in first_row:
            _fail(
                number,
                FieldError("uscc", "import.duplicate_in_file", {"other": first_row[code]}),
                cleaned,
                bad,
            )
        elif code is not None:
            first_row[code] = number
    for code, other in _existing_codes(s, list(first_row)).items():
        _fail(first_row[code], FieldError("uscc", "uscc.duplicate", {"other": other}), cleaned, bad)
    for number in sorted(bad):
        errors.extend(RowError(number, e.field, e.code, e.params) for e in bad[number])
    return _Checked([cleaned[n] for n in sorted(cleaned)], errors)


def _fail(
    number: int,
    error: FieldError,
    cleaned: dict[int, CleanCustomer],
    bad: dict[int, list[FieldError]],
) -> None:
    cleaned.pop(number, None)
    bad.setdefault(number, []).append(error)


def _existing_codes(s: Session, codes: list[str]) -> dict[str, str]:
    """Credit code -> name of the customer that has it, for the codes of the file only (the
    code is unique across every branch). Batched, so a large file costs a handful of queries."""
    found: dict[str, str] = {}
    for i in range(0, len(codes), 500):
        stmt = select(Customer.uscc, Customer.name).where(Customer.uscc.in_(codes[i : i + 500]))
        found.update({code: name for code, name in s.execute(stmt) if code is not None})
    return found


# ------------------------------------------------------------------------------------------
# The service
# ------------------------------------------------------------------------------------------


def import_customers(
    db: Database, actor: Actor, path: str | Path, *, dry_run: bool
) -> ImportReport:
    """Import new customers (as prospects) from a .csv or .xlsx file; all or nothing.

    Callers: clerk, sales manager, administrator of a branch (``customer.import``). Every
    problem of every row is reported; with any problem, or with ``dry_run``, nothing is written.
    Otherwise every row is saved in one transaction, like the editor saves one customer, plus one
    ``customers_imported`` audit record. File-level problems (type, encoding, damaged file, no
    header) are row-0 errors of the report, not exceptions, so every caller shows one list.
    """
    require(actor, "customer.import")
    if actor.branch_id is None:
        raise Conflict("auth.forbidden", action="导入客户", roles="分支机构用户")
    branch_id = actor.branch_id
    path = Path(path)
    try:
        sheet = parse_sheet(read_rows(path))
    except _Refused as refused:
        return ImportReport(0, (refused.error,), dry_run=dry_run)
    # The rows are checked inside the writing transaction: on SQLite it holds the write lock, so
    # no credit code can be taken between the check and the insert; on PostgreSQL a concurrent
    # insert of the same code makes the unique index refuse the whole import (rolled back).
    transaction = db.read() if dry_run else db.write()
    with transaction as s:
        checked = check_rows(s, branch_id, sheet)
        if checked.errors or dry_run:
            return ImportReport(len(checked.ok), tuple(checked.errors), dry_run=dry_run)
        new = [(new_customer(branch_id), clean, True) for clean in checked.ok]
        write_customers(s, actor, new)
        created = [customer.id for customer, _, _ in new]
        if created:
            audit(
                s,
                actor,
                "customers_imported",
                entity="customer",
                detail=path.name,
                after={"count": len(created), "file": path.name},
            )
    return ImportReport(len(created), (), tuple(created))


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
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "客户"
    sheet.append(template_headers())
    sheet.freeze_panes = "A2"
    for index, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
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
