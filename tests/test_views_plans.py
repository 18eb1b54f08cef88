"""分销计划 on screen (issue 9, step 8): the sales manager fills December's grid, a bad cell is
marked with its reason and nothing saved, the corrected grid saved; plan against actual shows the
customer below plan in red. Screenshots in artifacts/screens."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.models import DistributionPlan
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.plans import PlansView
from tests.factories import Branch
from tests.factories import count
from tests.factories import make_shop
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_views_credit import click

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
    view.grid.item(0, 4).setText("8")  # type: ignore[union-attr]
    view.grid.item(1, 2).setText("二十万")  # type: ignore[union-attr]
    view.grid.item(1, 5).setText("闵行区五家药店")  # type: ignore[union-attr]
    view.grid.item(1, 4).setText("五")  # type: ignore[union-attr]
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: not view.busy)
    assert view.messages.kind == "error" and "未保存" in view.messages.text()
    for column in (2, 4):  # the amount and the outlets of the second row, each with its reason
        bad = view.grid.item(1, column)
        assert bad is not None and bad.toolTip()
    assert not view.grid.item(0, 2).toolTip()  # type: ignore[union-attr]
    assert count(sqlite_branch, DistributionPlan) == 0
    save_screen(view, "plans-grid-error")
    view.grid.item(1, 2).setText("15000")  # type: ignore[union-attr]
    view.grid.item(1, 4).setText("5")  # type: ignore[union-attr]
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
