"""客户销售月报表 (step 2): per customer and month, the sales volume, amount and stock on hand
the customer reported (its sales data, 销售资料) beside what it bought from us that month (the
month's issued slips, voided ones excluded), for the selected customers of the user's scope; and
the same as an .xlsx laid out as a Chinese office files it (title, branch and month, numbered
rows, a total, and lines for 制表 / 审阅 (the marketing director) / 日期; A4 landscape, the
header repeated on every printed page).

The marketing director reviews the report of a branch and month once the month has ended
(:func:`review_sales_report`): a record with his comment, head office's (he works there), which
flows down to the branch. A correction is a new record superseding the last, never an edit; the
sheet's 审阅 line shows the review in force.
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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kehu_desktop.clock import clock_of
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import SalesReportDue
from kehu_desktop.dto import SalesReportReviewView
from kehu_desktop.dto import SalesReportRow
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerMonthlySales
from kehu_desktop.models import Money
from kehu_desktop.models import SalesReportReview
from kehu_desktop.models import Slip
from kehu_desktop.models import User
from kehu_desktop.models.change_log import REGISTERED_BRANCH_DB
from kehu_desktop.models.change_log import ROLE_KEY
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import local_branch_in
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import scope_condition
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


def _previous(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


#: How many ended months 我的待办 looks back for reports awaiting the director's review.
REVIEW_LOOKBACK_MONTHS = 3


def monthly_sales_report(
    db: Database, actor: Actor, month: date, *, branch_id: uuid.UUID | None = None
) -> list[SalesReportRow]:
    """The report of ``month``: every selected customer the actor sees (of one branch, for
    head office's lists), by name."""
    first = _month(month)
    with use_case(db, actor, "sales_report.view", write=False) as (s, actor):
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
    half-written file under the user's name. The 审阅 line shows the review in force of the
    report's branch (none for head office's "all branches")."""
    rows = monthly_sales_report(db, actor, month, branch_id=branch_id)
    with use_case(db, actor, "sales_report.view") as (s, actor):
        mine = _report_branch(s, actor, branch_id)
        branch = s.get(Branch, mine) if mine is not None else None
        review = _current(s, mine, _month(month)) if mine is not None else None
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
        review,
    )
    partial.replace(path)
    return len(rows)


def _report_branch(s: Session, actor: Actor, branch_id: uuid.UUID | None) -> uuid.UUID | None:
    """The one branch a report is of: the one asked for, else the user's, else this database's
    own; None when none is (head office's "all branches") or it is outside the user's scope."""
    wanted = branch_id or actor.branch_id or local_branch_in(s)
    if wanted is None:
        return None
    query = select(Branch.id).where(Branch.id == wanted)
    scope = scope_condition(actor, Branch.id)
    if scope is not None:
        query = query.where(scope)
    found: uuid.UUID | None = s.scalar(query)
    return found


def _current_row(s: Session, branch_id: uuid.UUID, month: date) -> SalesReportReview | None:
    return s.scalars(
        select(SalesReportReview)
        .where(SalesReportReview.branch_id == branch_id, SalesReportReview.month == month)
        .order_by(SalesReportReview.revision.desc())
        .limit(1)
    ).first()


def _view(s: Session, row: SalesReportReview) -> SalesReportReviewView:
    reviewer = s.scalar(select(User.display_name).where(User.id == row.reviewed_by))
    return SalesReportReviewView(
        id=row.id,
        branch_id=row.branch_id,
        month=row.month,
        revision=row.revision,
        supersedes=row.supersedes,
        comment=row.comment,
        reviewer=reviewer or "",
        reviewed_at=row.reviewed_at,
        reviewed_on=row.reviewed_at.astimezone().date(),
    )


def _current(s: Session, branch_id: uuid.UUID, month: date) -> SalesReportReviewView | None:
    row = _current_row(s, branch_id, month)
    return _view(s, row) if row is not None else None


def sales_report_review(
    db: Database, actor: Actor, month: date, *, branch_id: uuid.UUID | None = None
) -> SalesReportReviewView | None:
    """The review in force of the report of ``month`` of one branch (``branch_id``, else the
    user's or this database's own); None if not reviewed, or no one branch is meant."""
    with use_case(db, actor, "sales_report.view", write=False) as (s, actor):
        mine = _report_branch(s, actor, branch_id)
        return _current(s, mine, _month(month)) if mine is not None else None


def review_sales_report(
    db: Database,
    actor: Actor,
    month: date,
    comment: str | None,
    *,
    branch_id: uuid.UUID | None = None,
    correcting: uuid.UUID | None = None,
) -> SalesReportReviewView:
    """The marketing director marks the report of ``month`` of a branch of his region reviewed,
    with his comment. Refused (field errors) for a month not ended, without a comment, or
    without one branch of his scope; at a branch registered with head office (he reviews
    there). A report reviewed already is reviewed again only as a correction of the review in
    force (``correcting`` its id): a new record superseding it, never an edit. Audited."""
    first = _month(month)
    text = (comment or "").strip() or None
    with use_case(db, actor, "sales_report.review") as (s, actor):
        errors = []
        if first >= _month(clock_of(s).today()):
            errors.append(FieldError("month", "sales_review.month_not_ended"))
        if text is None:
            errors.append(FieldError("comment", "sales_review.comment_required"))
        mine = _report_branch(s, actor, branch_id)
        if mine is None:
            errors.append(FieldError("branch", "sales_review.branch_required"))
        if errors:
            raise ValidationFailed(errors)
        assert mine is not None and text is not None
        if s.info.get(ROLE_KEY) == REGISTERED_BRANCH_DB:
            raise Conflict("sales_review.at_head_office")
        assert actor.user_id is not None, "a review needs a signed-in user"
        current = _current_row(s, mine, first)
        if current is not None and correcting is None:
            shown = _view(s, current)
            raise Conflict(
                "sales_review.already_reviewed", month=f"{first:%Y-%m}", name=shown.reviewer
            )
        if correcting is not None and (current is None or current.id != correcting):
            raise Conflict("sales_review.changed")
        row = SalesReportReview(
            branch_id=mine,
            month=first,
            revision=current.revision + 1 if current is not None else 1,
            supersedes=current.id if current is not None else None,
            comment=text,
            reviewed_by=actor.user_id,
            reviewed_at=clock_of(s).now(),
        )
        try:
            with s.begin_nested():  # two corrections at once: the second finds the first
                s.add(row)
                s.flush()
        except IntegrityError:
            raise Conflict("sales_review.changed") from None
        audit(
            s,
            actor,
            "sales_report_review_corrected" if current is not None else "sales_report_reviewed",
            entity="sales_report",
            entity_id=row.id,
            before=row_dict(current) if current is not None else None,
            after=row_dict(row),
            detail=f"{first:%Y-%m}",
        )
        changed(s, "sales_report_review", row.id)
        return _view(s, row)


def reports_awaiting_review(db: Database, actor: Actor) -> list[SalesReportDue]:
    """For the marketing director's 我的待办: the reports of his branches of the last
    ``REVIEW_LOOKBACK_MONTHS`` ended months that have something in them (sales reported or
    slips issued) and no review yet, oldest first."""
    with use_case(db, actor, "sales_report.review", write=False) as (s, actor):
        this = _month(clock_of(s).today())
        months = [this]
        for _n in range(REVIEW_LOOKBACK_MONTHS):
            months.append(_previous(months[-1]))
        months = months[1:]
        query = select(Branch.id, Branch.code, Branch.name).order_by(Branch.code)
        scope = scope_condition(actor, Branch.id)
        if scope is not None:
            query = query.where(scope)
        local = local_branch_in(s)
        if local is not None:
            query = query.where(Branch.id == local)
        branches = {bid: (code, name) for bid, code, name in s.execute(query).all()}
        if not branches:
            return []
        ids = list(branches)
        active: set[tuple[uuid.UUID, date]] = set()
        for bid, month in s.execute(
            select(Customer.branch_id, CustomerMonthlySales.month)
            .join(Customer, Customer.id == CustomerMonthlySales.customer_id)
            .where(Customer.branch_id.in_(ids), CustomerMonthlySales.month.in_(months))
            .distinct()
        ):
            active.add((bid, month))
        for bid, day in s.execute(
            select(Slip.branch_id, Slip.issue_date)
            .where(
                Slip.branch_id.in_(ids),
                Slip.status == "issued",
                Slip.issue_date >= months[-1],
                Slip.issue_date < this,
            )
            .distinct()
        ):
            active.add((bid, _month(day)))
        reviewed = {
            (bid, month)
            for bid, month in s.execute(
                select(SalesReportReview.branch_id, SalesReportReview.month).where(
                    SalesReportReview.branch_id.in_(ids), SalesReportReview.month.in_(months)
                )
            )
        }
        due = sorted((month, branches[bid][0], bid) for bid, month in active - reviewed)
        return [
            SalesReportDue(bid, branches[bid][0], branches[bid][1], month)
            for month, _code, bid in due
        ]


def _write(
    path: Path,
    rows: list[SalesReportRow],
    month: date,
    branch: str,
    author: str,
    today: date,
    review: SalesReportReviewView | None = None,
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
    if review is None:
        sheet.cell(signatures, 4, "审阅（营销总监）：")
    else:
        sheet.cell(
            signatures,
            4,
            f"审阅（营销总监）：{review.reviewer} {review.reviewed_on:%Y年%m月%d日}",
        )
        sheet.merge_cells(
            start_row=signatures + 1, start_column=1, end_row=signatures + 1, end_column=width
        )
        opinion = sheet.cell(signatures + 1, 1, f"审阅意见：{review.comment}")
        opinion.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[signatures + 1].height = 15 * (1 + len(review.comment) // 60)
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
