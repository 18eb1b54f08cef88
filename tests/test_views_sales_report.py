"""客户销售月报表 on screen (issue 9, step 2): the month's table with its totals, the export
written on the worker (then where it went), the marketing director's review recorded and then
corrected; at head office the director chooses a branch of his region before he can review it.
Screenshots in artifacts/screens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import CustomerMonthlySales
from kehu_desktop.models import SalesReportReview
from kehu_desktop.views.customers import SalesReportView
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.worker import DbWorker
from tests.factories import Branch
from tests.factories import count
from tests.factories import make_shop
from tests.factories import new_selected_customer
from tests.factories import pay
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.hq_factories import make_head_office
from tests.test_views_credit import click
from tests.test_warnings import sold

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

TODAY = date(2026, 11, 26)
OCT = date(2026, 10, 1)


def open_view(qtbot: QtBot, ctx: AppContext) -> SalesReportView:
    view = SalesReportView(ctx)
    qtbot.addWidget(view)
    view.resize(1150, 520)
    view.show()
    qtbot.waitUntil(lambda: not view.busy)
    return view


def test_the_director_reads_exports_and_reviews_the_month(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch, tmp_path: Path
) -> None:
    shop = make_shop(sqlite_branch, name="上海康健医药有限公司", grade=3, limit="100000.00")
    new_selected_customer(sqlite_branch, "上海未报医药有限公司")
    pay(sqlite_branch, sold(shop, "1200.00", issued=date(2026, 10, 9)), "1200.00")
    with sqlite_branch.db.write() as s:
        s.add(
            CustomerMonthlySales(
                customer_id=shop.customer_id,
                month=OCT,
                volume=300,
                amount=Decimal("45000.00"),
                stock=120,
            )
        )
    # The sales manager reads it and may not review it.
    manager = open_view(qtbot, contexts(Role.SALES_MANAGER))
    assert manager.chosen_month() == OCT  # the month that ended last
    assert not manager.review_button.isVisible() and manager.export_button.isVisible()

    view = open_view(qtbot, contexts(Role.MARKETING_DIRECTOR))
    assert view.table.rowCount() == 3  # two customers and the total
    assert cell(view.table, 0, 0) == "上海康健医药有限公司"
    assert [cell(view.table, 0, c) for c in range(1, 7)] == [
        "300",
        "45,000.00",
        "120",
        "1,200.00",
        "1",
        "已报送",
    ]
    assert cell(view.table, 1, 6) == "未报送"
    assert cell(view.table, 2, 0) == "合计" and cell(view.table, 2, 4) == "1,200.00"
    assert cell(view.table, 2, 6) == "1/2已报送"
    assert view.review_label.text() == "审阅：未审阅"
    assert not view.review_button.isEnabled()  # no comment yet
    view.comment.setText("十月销量平稳，库存偏高")
    save_screen(view, "sales-report-to-review")
    click(qtbot, view.review_button)
    qtbot.waitUntil(lambda: not view.busy and view.loaded.review is not None)
    name = view._ctx.actor.display_name
    assert view.review_label.text() == f"审阅：{name} 2026-11-26 十月销量平稳，库存偏高"
    assert view.review_button.text() == "更正审阅" and view.comment.text() == ""
    assert count(sqlite_branch, SalesReportReview) == 1

    target = tmp_path / "十月月报.xlsx"
    view.export_to(target)
    qtbot.waitUntil(lambda: not view.busy and view.last_exported == target)
    assert str(target) in view.messages.text() and "打开所在文件夹" in view.messages.text()
    sheet = openpyxl.load_workbook(target).active
    assert sheet.cell(9, 1).value == "审阅意见：十月销量平稳，库存偏高"
    save_screen(view, "sales-report-reviewed")

    # November has not ended: shown, not reviewable.
    view.month.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not view.busy and view.chosen_month() == date(2026, 11, 1))
    qtbot.waitUntil(lambda: "尚未结束" in view.hint.text())
    view.comment.setText("提前审阅")
    assert view.review_label.text() == "审阅：未审阅" and not view.review_button.isEnabled()


@pytest.fixture
def worker() -> Iterator[DbWorker]:
    w = DbWorker()
    yield w
    w.shutdown()


def test_at_head_office_the_director_chooses_a_branch_then_corrects_its_review(
    qtbot: QtBot, chinese_ui: None, sqlite_db: Database, worker: DbWorker
) -> None:
    world = make_head_office(sqlite_db)  # each branch sold on 26 November
    sqlite_db.clock.set(date(2026, 12, 3))  # type: ignore[attr-defined]
    director = world.office[Role.MARKETING_DIRECTOR]  # 华东大区: SH and HZ
    view = open_view(qtbot, AppContext(sqlite_db, director, worker, head_office=True))
    assert view.chosen_month() == date(2026, 11, 1)
    qtbot.waitUntil(lambda: view.branch_filter.count() == 3)  # all, SH, HZ: not GZ
    assert view.table.rowCount() == 3  # SH's and HZ's customers and the total
    assert view.review_label.text() == "审阅：请选择分支机构以查看其审阅"
    view.comment.setText("已阅")
    assert not view.review_button.isEnabled()  # not for "all branches"

    view.branch_filter.setCurrentIndex(view.branch_filter.findText("SH 上海分公司"))
    qtbot.waitUntil(lambda: not view.busy and view.table.rowCount() == 2)
    click(qtbot, view.review_button)
    qtbot.waitUntil(lambda: not view.busy and view.loaded.review is not None)
    first = view.loaded.review
    assert first is not None and first.branch_id == world.branch_id("SH")
    view.comment.setText("库存数据有误，请分支机构核实")
    click(qtbot, view.review_button)
    qtbot.waitUntil(lambda: not view.busy and view.loaded.review != first)
    assert view.loaded.review is not None and view.loaded.review.supersedes == first.id
    assert view.review_label.text().endswith("库存数据有误，请分支机构核实 （已更正）")
    with sqlite_db.read() as s:
        comments = s.scalars(
            select(SalesReportReview.comment).order_by(SalesReportReview.revision)
        ).all()
        assert comments == ["已阅", "库存数据有误，请分支机构核实"]
    save_screen(view, "sales-report-head-office")
