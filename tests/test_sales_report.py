"""客户销售月报表 (issue 9, step 2): per customer and month the sales the customer reported beside
what it bought from us (voided slips excluded), and the .xlsx laid out for filing; the marketing
director's review (a record, corrected only by a new one) and its line on the sheet."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from kehu_desktop.cli import main
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import CustomerMonthlySales
from kehu_desktop.models import SalesReportReview
from kehu_desktop.models import Slip
from kehu_desktop.services import my_work
from kehu_desktop.services.customers import export_monthly_sales_report
from kehu_desktop.services.customers import monthly_sales_report
from kehu_desktop.services.customers import reports_awaiting_review
from kehu_desktop.services.customers import review_sales_report
from kehu_desktop.services.customers import sales_report_review
from tests.factories import PASSWORD
from tests.factories import Branch
from tests.factories import audits
from tests.factories import count
from tests.factories import make_shop
from tests.factories import new_selected_customer
from tests.factories import pay
from tests.test_warnings import sold

TODAY = date(2026, 11, 26)
NOV = date(2026, 11, 1)
OCT = date(2026, 10, 1)


def test_reported_sales_beside_purchases_and_the_xlsx(branch: Branch, tmp_path: Path) -> None:
    shop = make_shop(branch, grade=3, limit="100000.00")
    quiet = new_selected_customer(branch, "上海未报医药有限公司")
    pay(branch, sold(shop, "500.00", issued=date(2026, 10, 30)), "500.00")  # October's
    pay(branch, sold(shop, "1200.00", issued=date(2026, 11, 3)), "1200.00")
    voided = sold(shop, "800.00", issued=date(2026, 11, 20))
    with branch.db.write() as s:
        s.scalars(select(Slip).where(Slip.number == voided)).one().status = "voided"
        s.add(
            CustomerMonthlySales(
                customer_id=shop.customer_id,
                month=NOV,
                volume=300,
                amount=Decimal("45000.00"),
                stock=120,
            )
        )
    director = branch.actor(Role.MARKETING_DIRECTOR)
    rows = {r.customer_id: r for r in monthly_sales_report(branch.db, director, NOV)}
    mine = rows[shop.customer_id]
    assert (mine.volume, mine.amount, mine.stock) == (300, Decimal("45000.00"), 120)
    assert (mine.bought, mine.slips) == (Decimal("1200.00"), 1) and mine.reported
    assert not rows[quiet].reported and rows[quiet].bought == Decimal("0.00")

    path = tmp_path / "月报.xlsx"
    assert export_monthly_sales_report(branch.db, branch.actor(Role.SALES_MANAGER), NOV, path) == 2
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "客户销售月报表" and "2026年11月" in sheet["E2"].value
    assert [c.value for c in sheet[3]][:3] == ["序号", "客户名称", "统一社会信用代码"]
    names = [sheet.cell(r, 2).value for r in (4, 5)]
    assert set(names) == {"上海康健医药有限公司", "上海未报医药有限公司"}
    assert sheet.cell(6, 1).value == "合计" and Decimal(str(sheet.cell(6, 7).value)) == Decimal(
        "1200"
    )
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "landscape"
    assert len(audits(branch, "sales_report_exported")) == 1
    assert not list(tmp_path.glob(".*partial"))


def test_the_command_writes_the_report(
    branch: Branch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_selected_customer(branch, "上海康健医药有限公司")
    path = tmp_path / "report.xlsx"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    argv = ["customers", "sales-report", str(path), "--month", "2026-11"]
    argv += ["--user", "marketing_director", "--password-stdin"]
    assert main(["--database", branch.db.url, *argv]) == 0
    assert openpyxl.load_workbook(path).active.cell(4, 2).value == "上海康健医药有限公司"
    bad = ["customers", "sales-report", str(path), "--month", "十一月"]
    assert main(["--database", branch.db.url, *bad]) == 2


def test_the_director_reviews_an_ended_month_and_the_sheet_shows_it(
    branch: Branch, tmp_path: Path
) -> None:
    shop = make_shop(branch, grade=3, limit="100000.00")
    pay(branch, sold(shop, "500.00", issued=date(2026, 10, 30)), "500.00")
    director = branch.actor(Role.MARKETING_DIRECTOR)
    manager = branch.actor(Role.SALES_MANAGER)
    # October has a slip and no review: the director's 我的待办 says so.
    due = reports_awaiting_review(branch.db, director)
    assert [(d.branch_id, d.month) for d in due] == [(branch.branch_id, OCT)]
    line = [w for w in my_work.my_work(branch.db, director) if w.key == "sales_reviews"]
    assert line and line[0].count == 1 and line[0].screen == "sales_report"
    assert line[0].text == "1份客户销售月报表待审阅"
    assert sales_report_review(branch.db, manager, OCT) is None

    shown = review_sales_report(branch.db, director, OCT, "  十月销量平稳，库存偏高  ")
    assert shown.comment == "十月销量平稳，库存偏高" and shown.revision == 1
    assert shown.reviewer == director.display_name and shown.reviewed_on == TODAY
    assert shown.line == f"{director.display_name} 2026-11-26 十月销量平稳，库存偏高"
    assert sales_report_review(branch.db, manager, OCT) == shown  # the branch reads it
    assert reports_awaiting_review(branch.db, director) == []
    assert not [w for w in my_work.my_work(branch.db, director) if w.key == "sales_reviews"]
    [record] = audits(branch, "sales_report_reviewed")
    assert record.user_id == director.user_id and record.detail == "2026-10"

    path = tmp_path / "十月.xlsx"
    export_monthly_sales_report(branch.db, manager, OCT, path)
    sheet = openpyxl.load_workbook(path).active
    signatures = 4 + 1 + 2  # the header rows, one customer, the total, a blank line
    assert (
        sheet.cell(signatures, 4).value
        == f"审阅（营销总监）：{director.display_name} 2026年11月26日"
    )
    assert sheet.cell(signatures + 1, 1).value == "审阅意见：十月销量平稳，库存偏高"
    # November is not reviewed: its line is left to sign by hand.
    export_monthly_sales_report(branch.db, manager, NOV, path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.cell(signatures, 4).value == "审阅（营销总监）："
    assert sheet.cell(signatures + 1, 1).value is None


def test_a_review_is_refused_before_the_month_ends_and_corrected_only_by_a_new_record(
    branch: Branch,
) -> None:
    new_selected_customer(branch, "上海康健医药有限公司")
    director = branch.actor(Role.MARKETING_DIRECTOR)
    with pytest.raises(ValidationFailed) as refused:
        review_sales_report(branch.db, director, NOV, "  ")  # November runs to the 30th
    assert {(e.field, e.message) for e in refused.value.errors} == {
        ("month", "该月尚未结束，月末之后才能审阅该月的客户销售月报表"),
        ("comment", "请填写审阅意见"),
    }
    for role in (Role.BRANCH_GM, Role.SALES_MANAGER, Role.REGIONAL_MANAGER, Role.MARKETING_HEAD):
        with pytest.raises(Forbidden):
            review_sales_report(branch.db, branch.actor(role), OCT, "已阅")
    assert count(branch, SalesReportReview) == 0

    first = review_sales_report(branch.db, director, OCT, "已阅")
    with pytest.raises(Conflict) as again:  # a second review is a correction of the first
        review_sales_report(branch.db, director, OCT, "再阅")
    assert again.value.message == (
        f"2026-10的客户销售月报表已由{director.display_name}审阅；如需修改，请更正审阅"
    )
    branch.db.clock.set(date(2026, 12, 2))  # type: ignore[attr-defined]
    corrected = review_sales_report(
        branch.db, director, OCT, "库存数据有误，已退回", correcting=first.id
    )
    assert (corrected.revision, corrected.supersedes) == (2, first.id)
    assert corrected.reviewed_on == date(2026, 12, 2)
    with pytest.raises(Conflict) as stale:  # corrected meanwhile: the screen was stale
        review_sales_report(branch.db, director, OCT, "再改", correcting=first.id)
    assert stale.value.code == "sales_review.changed"
    assert sales_report_review(branch.db, director, OCT) == corrected
    with branch.db.read() as s:  # the first review is kept as it was: never edited
        kept = s.get(SalesReportReview, first.id)
        assert kept is not None and kept.comment == "已阅" and kept.revision == 1
    assert count(branch, SalesReportReview) == 2
    assert len(audits(branch, "sales_report_review_corrected")) == 1
    # November has ended now: reviewed on its own.
    assert review_sales_report(branch.db, director, NOV, "已阅").month == NOV
