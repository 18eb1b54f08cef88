"""Exporting the (filtered) customer list to .xlsx or .csv, in the import template's columns.

The rows are the customer list's own (``iter_customers``: same search, filters and order as the
screen), so an export shows what the user was looking at. Every value is written the way the
importer reads it, so an exported file imports again unchanged (after removing the customers, or
into another branch's database).
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.customer import CHANNELS
from kehu_desktop.domain.customer import STATUSES
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerCreditData
from kehu_desktop.models import MarketOffice
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers.customer_files import CREDIT_FIELDS
from kehu_desktop.services.customers.customer_list import CustomerQuery
from kehu_desktop.services.customers.customer_list import rows_in
from kehu_desktop.services.customers.importing import COLUMNS
from kehu_desktop.services.customers.importing import STATUS_HEADER

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell

Value = str | int | Decimal | date | None

HEADERS = [c.header for c in COLUMNS] + [STATUS_HEADER]
_TEXT_COLUMNS = frozenset(i for i, c in enumerate(COLUMNS) if c.text)
_BATCH = 500


def export_customers(db: Database, actor: Actor, query: CustomerQuery, path: str | Path) -> int:
    """Write the customers matching ``query`` to ``path`` (.xlsx, or .csv in UTF-8 with BOM so
    that Excel shows the Chinese) and return how many. Anyone who can see them may export."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise Conflict("import.format", suffix=path.suffix or path.name)
    with use_case(db, actor, "customer.export", write=False) as (s, actor):
        ids = [row.id for row in rows_in(s, actor, query)]
    # Written beside the target and renamed at the end: a failed export (disk full, the old file
    # open in Excel) never leaves a half-written file under the user's name.
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".xlsx":
            _write_xlsx(partial, _records(db, ids))
        else:
            _write_csv(partial, _records(db, ids))
        os.replace(partial, path)
    except OSError as exc:
        raise KehuError("export.unwritable", detail=exc.strerror or str(exc)) from exc
    finally:
        partial.unlink(missing_ok=True)  # already gone when the rename happened
    return len(ids)


def _records(db: Database, ids: list[uuid.UUID]) -> Iterator[list[Value]]:
    """One list of values per customer, in ``ids`` order and in HEADERS order."""
    with db.read() as s:
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            stmt = (
                select(Customer, CustomerCreditData, MarketOffice.name)
                .outerjoin(CustomerCreditData, CustomerCreditData.customer_id == Customer.id)
                .outerjoin(MarketOffice, MarketOffice.id == Customer.market_office_id)
                .where(Customer.id.in_(chunk))
            )
            found = {c.id: (c, credit, office) for c, credit, office in s.execute(stmt)}
            for customer_id in chunk:
                yield _values(*found[customer_id])


def _values(
    customer: Customer, credit: CustomerCreditData | None, office: str | None
) -> list[Value]:
    out: list[Value] = []
    for col in COLUMNS:
        if col.field == "market_office":
            out.append(office)
        elif col.field == "channel":
            out.append(CHANNELS.get(customer.channel or "", customer.channel))
        elif col.field in CREDIT_FIELDS:
            out.append(getattr(credit, col.field) if credit is not None else None)
        else:
            out.append(getattr(customer, col.field))
    out.append(STATUSES.get(customer.status, customer.status))
    return out


def _write_csv(path: Path, records: Iterator[list[Value]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for values in records:
            writer.writerow(["" if v is None else str(v) for v in values])


def _write_xlsx(path: Path, records: Iterator[list[Value]]) -> None:
    # lazy: openpyxl takes a tenth of a second to import, and every `kehu` command imports the
    # customers package; only an .xlsx export needs it.
    import openpyxl
    from openpyxl.utils import get_column_letter

    # Write-only mode streams rows to disk: memory stays flat for a large export.
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("客户")
    sheet.freeze_panes = "A2"
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, 2 * len(header) + 4)
    sheet.append([_cell(sheet, h, bold=True) for h in HEADERS])
    for values in records:
        sheet.append([_xlsx_value(sheet, i, v) for i, v in enumerate(values)])
    book.save(path)


def _xlsx_value(sheet: Any, index: int, value: Value) -> object:
    if value is None:
        return None
    if index in _TEXT_COLUMNS:
        return _cell(sheet, value, number_format="@")  # a credit code must stay text in Excel
    if isinstance(value, date):
        return _cell(sheet, value, number_format="yyyy-mm-dd")
    if isinstance(value, Decimal):
        return _cell(sheet, value, number_format="0.00")
    if isinstance(value, str) and value.startswith("="):
        return _cell(sheet, value)  # text, never a formula
    return value


def _cell(
    sheet: Any, value: Value, *, number_format: str | None = None, bold: bool = False
) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell  # lazy: see _write_xlsx (loaded by then: no cost)
    from openpyxl.styles import Font  # lazy: as above

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take "=..." for a formula
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell
