"""拜访 on screen (issue 9, step 10): the sales rep's plan with the overdue customer in red, a
visit in the future refused at its field, a visit logged; the GM's "overdue by person".
Screenshots in artifacts/screens."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.services import visits
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.visits import VisitDialog
from kehu_desktop.views.visits import VisitsView
from tests.factories import Branch
from tests.factories import new_selected_customer
from tests.factories import set_grade
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_views_credit import click
from tests.test_views_credit import submit

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

TODAY = date(2026, 11, 26)


def open_view(qtbot: QtBot, ctx: AppContext) -> VisitsView:
    view = VisitsView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 560)
    view.show()
    qtbot.waitUntil(lambda: not view.busy)
    return view


def test_the_rep_logs_a_visit_and_the_gm_sees_who_is_behind(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    one = new_selected_customer(sqlite_branch, "上海一级医药有限公司")
    set_grade(sqlite_branch, one, 1)
    two = new_selected_customer(sqlite_branch, "上海二级医药有限公司")
    set_grade(sqlite_branch, two, 2)
    rep_actor = sqlite_branch.actor(Role.SALES_REP)
    visits.record_visit(
        sqlite_branch.db, rep_actor, one, TODAY - timedelta(days=4), ["relationship"], "正常"
    )

    rep = open_view(qtbot, contexts(Role.SALES_REP))
    assert [d.customer_name for d in rep.plan.due] == [
        "上海一级医药有限公司",
        "上海二级医药有限公司",
    ]
    first = rep.due.item(0, 0)
    assert first is not None and first.foreground().color().name() == "#b3261e"  # 3 days over
    assert rep.due.item(0, 3).text() == "每1天"  # type: ignore[union-attr]
    assert not rep.tabs.isTabVisible(1)  # no overview for the rep
    rep.due.selectRow(0)
    qtbot.wait(50)
    save_screen(rep, "visits-sales-rep")
    click(qtbot, rep.record_button)
    dialog = rep.dialog
    assert isinstance(dialog, VisitDialog)
    dialog.visited_on.setDate(QDate(2026, 11, 27))
    submit(qtbot, dialog)
    assert dialog.boxes["visited_on"].error == "拜访日期不能晚于今天"
    assert dialog.boxes["purposes"].error == "请选择拜访目的"
    assert dialog.boxes["findings"].error
    dialog.visited_on.setDate(QDate(2026, 11, 26))
    dialog.purposes["credit_and_sales"].setChecked(True)
    dialog.findings.setPlainText("月销售额回升，库存两周")
    save_screen(dialog, "visit-dialog")
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: not rep.busy and "已登记" in rep.messages.text())
    assert {d.customer_name for d in rep.plan.due if d.overdue_days} == set()

    gm = open_view(qtbot, contexts(Role.BRANCH_GM))
    assert gm.tabs.isTabVisible(1)
    people = {(p.name, p.role): p for p in gm.plan.people or []}
    assert people[("sales_rep用户", "sales_rep")].overdue == 0
    assert people[("branch_gm用户", "branch_gm")].due_soon == 2  # never visited: due today
    gm.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    save_screen(gm, "visits-overdue-by-person")
