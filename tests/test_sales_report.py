"""客户销售月报表 (issue 9, step 2): per customer and month the sales the customer reported beside
what it bought from us (voided slips excluded), and the .xlsx laid out for filing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from kehu_desktop.cli import main
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import CustomerMonthlySales
from kehu_desktop.models import Slip
from kehu_desktop.services.customers import export_monthly_sales_report
from kehu_desktop.services.customers import monthly_sales_report
from tests.factories import PASSWORD
from tests.factories import Branch
from tests.factories import audits
from tests.factories import make_shop
from tests.factories import new_selected_customer
from tests.factories import pay
from tests.test_warnings import sold

TODAY = date(2026, 11, 26)
NOV = date(2026, 11, 1)


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
