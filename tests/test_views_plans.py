"""分销计划 on screen (issue 9, step 8): the sales manager fills December's grid, a bad cell is
marked with its reason and nothing saved, the corrected grid saved; plan against actual shows the
customer below plan in red. Screenshots in artifacts/screens."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.models import DistributionPlan
from kehu_desktop.services import products
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.plans import PlansView
from tests.factories import Branch
from tests.factories import count
from tests.factories import make_shop
from tests.factories import pay
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_views_credit import click
from tests.test_warnings import sold

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

TODAY = date(2026, 11, 26)


def open_view(qtbot: QtBot, ctx: AppContext) -> PlansView:
    view = PlansView(ctx)
    qtbot.addWidget(view)
    view.resize(1150, 560)
    view.show()
    qtbot.waitUntil(lambda: not view.busy)
    return view


def test_the_manager_fills_the_grid_and_reads_plan_against_actual(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    make_shop(sqlite_branch, name="上海甲医药有限公司", grade=3, limit="50000.00")
    make_shop(sqlite_branch, name="上海乙医药有限公司", grade=4, limit="20000.00")
    view = open_view(qtbot, contexts(Role.SALES_MANAGER))
    assert view.chosen_month() == date(2026, 12, 1)
    assert view.grid.rowCount() == 2
    view.grid.item(0, 2).setText("30000")  # type: ignore[union-attr]
    view.grid.item(0, 5).setText("8")  # type: ignore[union-attr]
    view.grid.item(1, 2).setText("二十万")  # type: ignore[union-attr]
    view.grid.item(1, 6).setText("闵行区五家药店")  # type: ignore[union-attr]
    view.grid.item(1, 5).setText("五")  # type: ignore[union-attr]
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: not view.busy)
    assert view.messages.kind == "error" and "未保存" in view.messages.text()
    for column in (2, 5):  # the amount and the outlets of the second row, each with its reason
        bad = view.grid.item(1, column)
        assert bad is not None and bad.toolTip()
    assert not view.grid.item(0, 2).toolTip()  # type: ignore[union-attr]
    assert count(sqlite_branch, DistributionPlan) == 0
    save_screen(view, "plans-grid-error")
    view.grid.item(1, 2).setText("15000")  # type: ignore[union-attr]
    view.grid.item(1, 5).setText("5")  # type: ignore[union-attr]
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: not view.busy and "已保存" in view.messages.text())
    assert count(sqlite_branch, DistributionPlan) == 2
    view.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    assert view.actual.rowCount() == 2
    # December has not begun: planned, not yet judged. In January it is below plan, in red.
    assert not any(a.below for a in view.loaded.actual)
    sqlite_branch.db.clock.set(date(2027, 1, 5))  # type: ignore[attr-defined]
    assert view.chosen_month() == date(2026, 12, 1)
    view.refresh()
    qtbot.waitUntil(lambda: not view.busy)
    assert all(a.below for a in view.loaded.actual)
    first = view.actual.item(0, 0)
    assert first is not None and first.foreground().color().name() == "#b3261e"
    assert view.actual.item(0, 5).text() == "—/8" or view.actual.item(1, 5).text() == "—/8"  # type: ignore[union-attr]
    save_screen(view, "plans-against-actual")


def test_the_manager_plans_purchases_by_product_and_reads_them_against_the_slips(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    shop = make_shop(sqlite_branch, name="上海甲医药有限公司", grade=3, limit="50000.00")
    make_shop(sqlite_branch, name="上海乙医药有限公司", grade=4, limit="20000.00")
    admin = sqlite_branch.actor(Role.ADMIN)
    goods = products.get_product(sqlite_branch.db, admin, shop.goods_id).code
    medicine = products.get_product(sqlite_branch.db, admin, shop.medicine_id).code
    view = open_view(qtbot, contexts(Role.SALES_MANAGER))
    r = next(n for n, row in enumerate(view.loaded.grid) if row.customer_id == shop.customer_id)
    view.grid.selectRow(r)
    click(qtbot, view.lines_button)
    qtbot.waitUntil(lambda: view.lines_dialog is not None and view.lines_dialog.isVisible())
    dialog = view.lines_dialog
    assert dialog is not None
    click(qtbot, dialog.add_button)
    click(qtbot, dialog.add_button)
    dialog.set_line(0, goods, "600", "3000")
    dialog.set_line(1, medicine, "两箱", "200")
    assert "3,200.00" in dialog.total.text()
    qtbot.wait(50)  # the columns fit once the rows are in
    save_screen(dialog, "plans-product-lines")
    dialog.accept()
    assert cell(view.grid, r, 2) == "3200.00" and "2" in cell(view.grid, r, 3)
    purchase = view.grid.item(r, 2)
    assert purchase is not None and not purchase.flags() & Qt.ItemFlag.ItemIsEditable

    # The bad quantity is refused at its line: the row's products cell says so, nothing saved.
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: not view.busy and view.messages.kind == "error")
    products_cell = view.grid.item(r, 3)
    assert products_cell is not None and "第2行" in products_cell.toolTip()
    assert count(sqlite_branch, DistributionPlan) == 0
    save_screen(view, "plans-grid-line-error")
    click(qtbot, view.lines_button)
    qtbot.waitUntil(lambda: view.lines_dialog is not dialog and view.lines_dialog is not None)
    dialog = view.lines_dialog
    assert dialog is not None
    quantity = dialog.table.item(1, 1)
    assert quantity is not None and "整数" in quantity.toolTip()
    dialog.set_line(1, medicine, "20", "200")
    dialog.accept()
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: not view.busy and "已保存" in view.messages.text())
    qtbot.waitUntil(lambda: not view.busy and bool(view.loaded.grid[r].lines))
    assert count(sqlite_branch, DistributionPlan) == 1  # the second row was left empty
    assert view.loaded.grid[r].purchase_plan == Decimal("3200.00")
    qtbot.wait(50)  # the columns fit once the rows are in
    save_screen(view, "plans-grid-product-lines")

    # January: December's products against its slips (800 of the goods bought, no medicine).
    pay(sqlite_branch, sold(shop, "4000.00", issued=date(2026, 12, 10)), "4000.00")
    sqlite_branch.db.clock.set(date(2027, 1, 5))  # type: ignore[attr-defined]
    view.refresh()
    qtbot.waitUntil(lambda: not view.busy)
    view.tabs.setCurrentIndex(1)
    view.actual.selectRow(0)
    assert view.actual_lines.rowCount() == 2
    assert cell(view.actual_lines, 0, 2) == "800瓶" and cell(view.actual_lines, 1, 2) == "0盒"
    missed = view.actual_lines.item(1, 0)
    assert missed is not None and missed.foreground().color().name() == "#b3261e"
    met = view.actual_lines.item(0, 0)
    assert met is not None and met.foreground().color().name() != "#b3261e"  # 4000 ≥ 3000
    qtbot.wait(50)  # the columns fit once the rows are in
    save_screen(view, "plans-against-actual-by-product")
