"""预警 on screen (issue 9, step 9): the branch GM checks now, sees the warning his grade-3
customer opened with its numbers, answers it (blank fields refused at the field), closes it, and
finds it on the closed tab; a cashier sees every warning and answers none. Screenshot in
artifacts/screens."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.warnings import WarningsView
from tests.factories import Branch
from tests.factories import make_shop
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_views_credit import click
from tests.test_warnings import sold

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

TODAY = date(2026, 11, 26)


def open_view(qtbot: QtBot, ctx: AppContext) -> WarningsView:
    view = WarningsView(ctx)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.waitUntil(lambda: not view.busy)
    return view


def wait(qtbot: QtBot, view: WarningsView) -> None:
    qtbot.waitUntil(lambda: not view.busy)


def test_the_owner_checks_answers_and_closes_a_warning(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    shop = make_shop(sqlite_branch, grade=3, limit="10000.00")
    sold(shop, "9000.00", issued=TODAY)
    other = make_shop(sqlite_branch, name="上海四级医药有限公司", grade=4, limit="10000.00")
    sold(other, "9500.00", issued=TODAY)

    gm = open_view(qtbot, contexts(Role.BRANCH_GM))
    assert gm.rows == []  # the job has not run in this test
    click(qtbot, gm.run_button)
    qtbot.waitUntil(lambda: bool(gm.rows) and not gm.busy)
    assert "新发出2条" in gm.messages.text()
    assert [w.customer_name for w in gm.rows] == ["上海康健医药有限公司"]  # grade 4: not his
    gm.open_table.selectRow(0)
    assert "90%" in gm.detail.text() and "总经理" in gm.detail.text()
    assert not gm.close_button.isEnabled()  # no response yet
    click(qtbot, gm.respond_button)
    wait(qtbot, gm)
    assert gm.boxes["investigation"].error and gm.boxes["action"].error
    gm.investigation.setPlainText("客户年底备货，回款正常")
    gm.action.setPlainText("请销售经理申请临时提高额度")
    click(qtbot, gm.respond_button)
    qtbot.waitUntil(lambda: "已保存" in gm.messages.text() and not gm.busy)
    gm.open_table.selectRow(0)
    gm.closing.setPlainText("额度已提高，情况正常")
    gm.resize(1280, 720)
    save_screen(gm, "warnings-branch-gm")
    click(qtbot, gm.close_button)
    qtbot.waitUntil(lambda: "已关闭" in gm.messages.text() and not gm.busy)
    assert gm.rows == []
    gm.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: bool(gm.rows) and not gm.busy)
    assert gm.rows[0].closing == "额度已提高，情况正常"

    cashier = open_view(qtbot, contexts(Role.CASHIER))
    assert not cashier.respond_button.isVisible() and not cashier.scope.isEnabled()
    assert {w.customer_name for w in cashier.rows} == {"上海四级医药有限公司"}  # the open one
