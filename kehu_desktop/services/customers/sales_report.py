"""客户销售月报表 (step 2): per customer and month, the sales volume, amount and stock on hand
the customer reported (its sales data, 销售资料) beside what it bought from us that month (the
month's issued slips, voided ones excluded), for the selected customers of the user's scope; and
the same as an .xlsx laid out as a Chinese office files it (title, branch and month, numbered
rows, a total, and lines for 制表 / 审阅 (the marketing director) / 日期; A4 landscape, the
header repeated on every printed page).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import type_coerce

from kehu_desktop.db import Database
from kehu_desktop.dto import SalesReportRow
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerMonthlySales
from kehu_desktop.models import Money
from kehu_desktop.models import Slip
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import use_case
from kehu_desktop.services.customers.customer_files import visible_to

ZERO = Decimal("0.00")
TITLE = "客户销售月报表"
HEADERS = (
    "序号",
    "客户名称",
    "统一社会信用代码",
    "本月销售量（件）",
    "本月销售额（元）",
    "月末库存（件）",
    "本月从我司进货（元）",
    "进货单据（张）",
    "报送",
)


def _month(day: date) -> date:
    return day.replace(day=1)


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def monthly_sales_report(
    db: Database, actor: Actor, month: date, *, branch_id: uuid.UUID | None = None
) -> list[SalesReportRow]:
    """The report of ``month``: every selected customer the actor sees (of one branch, for
    head office's lists), by name."""
    first = _month(month)
    with use_case(db, actor, "customer.view", write=False) as (s, actor):
        where = [Customer.status == "selected", visible_to(actor, branch_id)]
        customers = s.execute(
            select(Customer.id, Customer.name, Customer.uscc).where(*where).order_by(Customer.name)
        ).all()
        ids = [cid for cid, _n, _u in customers]
        reported: dict[uuid.UUID, CustomerMonthlySales] = {}
        bought: dict[uuid.UUID, tuple[Decimal, int]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            reported.update(
                {
                    r.customer_id: r
                    for r in s.scalars(
                        select(CustomerMonthlySales).where(
                            CustomerMonthlySales.customer_id.in_(chunk),
                            CustomerMonthlySales.month == first,
                        )
                    )
                }
            )
            for cid, total, n in s.execute(
                select(Slip.customer_id, type_coerce(func.sum(Slip.total), Money()), func.count())
                .where(
                    Slip.customer_id.in_(chunk),
                    Slip.status == "issued",
                    Slip.issue_date >= first,
                    Slip.issue_date < _next(first),
                )
                .group_by(Slip.customer_id)
            ):
                bought[cid] = (total or ZERO, int(n))
        out = []
        for cid, name, uscc in customers:
            row = reported.get(cid)
            amount, slips = bought.get(cid, (ZERO, 0))
            out.append(
                SalesReportRow(
                    customer_id=cid,
                    customer_name=name,
                    uscc=uscc,
                    month=first,
                    reported=row is not None,
                    volume=row.volume if row else None,
                    amount=row.amount if row else None,
                    stock=row.stock if row else None,
                    bought=amount,
                    slips=slips,
                )
            )
        return out


def export_monthly_sales_report(
    db: Database, actor: Actor, month: date, path: str | Path, *, branch_id: uuid.UUID | None = None
) -> int:
    """Write the report of ``month`` to ``path`` (.xlsx) and return its rows; the export is
    audited. Written beside the target and renamed at the end: a failed export never leaves a
    half-written file under the user's name."""
    rows = monthly_sales_report(db, actor, month, branch_id=branch_id)
    with use_case(db, actor, "customer.export") as (s, actor):
        branch = (
            s.get(Branch, branch_id or actor.branch_id) if (branch_id or actor.branch_id) else None
        )
        audit(
            s,
            actor,
            "sales_report_exported",
            entity="sales_report",
            detail=f"{_month(month):%Y-%m}: {len(rows)} customers",
        )
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    _write(
        partial,
        rows,
        _month(month),
        branch.name if branch else "全部分支机构",
        actor.display_name,
        db.clock.today(),
    )
    partial.replace(path)
    return len(rows)


def _write(
    path: Path, rows: list[SalesReportRow], month: date, branch: str, author: str, today: date
) -> None:
    # lazy: openpyxl only when a report is written (every `kehu` command imports the services)
    import openpyxl
    from openpyxl.styles import Alignment
    from openpyxl.styles import Border
    from openpyxl.styles import Font
    from openpyxl.styles import PatternFill
    from openpyxl.styles import Side
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = f"{month:%Y年%m月}"
    width = len(HEADERS)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1, TITLE).font = Font(size=16, bold=True)
    sheet.cell(1, 1).alignment = centre
    sheet.row_dimensions[1].height = 28
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    sheet.cell(2, 1, f"分支机构：{branch}")
    sheet.merge_cells(start_row=2, start_column=5, end_row=2, end_column=width)
    sheet.cell(2, 5, f"月份：{month:%Y年%m月}")
    sheet.cell(2, 5).alignment = Alignment(horizontal="right")
    for c, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(3, c, header)
        cell.font = Font(bold=True)
        cell.alignment = centre
        cell.border = box
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
    money, whole = "#,##0.00", "#,##0"
    for n, row in enumerate(rows, start=1):
        r = 3 + n
        values: list[tuple[Any, str | None]] = [
            (n, None),
            (row.customer_name, None),
            (row.uscc or "", "@"),
            (row.volume, whole),
            (row.amount, money),
            (row.stock, whole),
            (row.bought, money),
            (row.slips, whole),
            ("已报送" if row.reported else "未报送", None),
        ]
        for c, (value, fmt) in enumerate(values, start=1):
            cell = sheet.cell(r, c, value)
            cell.border = box
            if fmt:
                cell.number_format = fmt
            if c in (1, 9):
                cell.alignment = Alignment(horizontal="center")
    total = 4 + len(rows)
    sheet.merge_cells(start_row=total, start_column=1, end_row=total, end_column=3)
    sheet.cell(total, 1, "合计").alignment = centre
    sums = {
        4: sum(r.volume or 0 for r in rows),
        5: sum((r.amount or ZERO for r in rows), ZERO),
        6: sum(r.stock or 0 for r in rows),
        7: sum((r.bought for r in rows), ZERO),
        8: sum(r.slips for r in rows),
    }
    for c in range(1, width + 1):
        cell = sheet.cell(total, c)
        cell.border = box
        cell.font = Font(bold=True)
        if c in sums:
            cell.value = sums[c]
            cell.number_format = money if c in (5, 7) else whole
    signatures = total + 2
    sheet.cell(signatures, 1, f"制表：{author}")
    sheet.cell(signatures, 4, "审阅（营销总监）：")
    sheet.cell(signatures, 7, f"日期：{today:%Y年%m月%d日}")
    for c, chars in enumerate((6, 30, 22, 14, 16, 14, 18, 12, 8), start=1):
        sheet.column_dimensions[get_column_letter(c)].width = chars + 2
    sheet.freeze_panes = "C4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.save(path)
