"""Withdrawing a dealership on screen (issue 9, step 8 through step 1's chain): from 计划完成情况
the sales manager proposes for the flagged customer with the reason prefilled; the branch GM
finds it in 客户审批, a refusal without a comment is shown at the comment box, his approval
passes it on; head office's marketing head approves (confirmed) and the customer is terminated.
Screenshots in artifacts/screens."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.services import plans
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import withdrawal
from kehu_desktop.views.plans.withdrawal_dialog import WithdrawalDialog
from tests.factories import Branch
from tests.factories import make_shop
from tests.factories import pay
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_views_approvals import names
from tests.test_views_approvals import open_view as open_approvals
from tests.test_views_approvals import press
from tests.test_views_approvals import select
from tests.test_views_credit import click
from tests.test_views_plans import open_view as open_plans
from tests.test_warnings import sold

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

TODAY = date(2026, 11, 26)
DEC, JAN = date(2026, 12, 1), date(2027, 1, 1)
NAME = "上海长期低于计划医药有限公司"


def below_plan_for_two_months(branch: Branch) -> None:
    """A credit customer under its purchase plan in December and January; it is 2 February and
    the setting asks for 2 months."""
    shop = make_shop(branch, name=NAME, grade=3, limit="100000.00")
    make_shop(branch, name="上海完成计划医药有限公司", grade=3, limit="100000.00")
    manager = branch.actor(Role.SALES_MANAGER)
    plan = [plans.PlanInput(shop.customer_id, purchase_plan="10000")]
    plans.file_plans(branch.db, manager, DEC, plan)
    branch.db.clock.set(date(2026, 12, 22))  # type: ignore[attr-defined]
    plans.file_plans(branch.db, manager, JAN, plan)
    branch.db.clock.set(TODAY)  # type: ignore[attr-defined]
    pay(branch, sold(shop, "4000.00", issued=date(2026, 12, 10)), "4000.00")
    sold(shop, "3000.00", issued=date(2027, 1, 5))
    branch.db.clock.set(date(2027, 2, 2))  # type: ignore[attr-defined]
    with branch.db.write() as s:
        put_setting(s, "plan.below_months", 2)


def test_the_flagged_row_proposes_and_the_chain_terminates(
    qtbot: QtBot,
    chinese_ui: None,
    contexts: MakeContext,
    sqlite_branch: Branch,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    below_plan_for_two_months(sqlite_branch)
    view = open_plans(qtbot, contexts(Role.SALES_MANAGER))
    view.month.setCurrentIndex(view.month.findText("2027-01"))
    qtbot.waitUntil(lambda: not view.busy and view.loaded.actual != [])
    view.tabs.setCurrentIndex(1)
    assert cell(view.actual, 0, 0) == NAME and cell(view.actual, 0, 7) == "建议取消经销"
    assert not view.withdraw_button.isEnabled()  # no row chosen yet
    view.actual.selectRow(0)
    dialog = view.propose_withdrawal()
    assert isinstance(dialog, WithdrawalDialog)
    assert dialog.reason.toPlainText() == (
        "连续2个月进货低于分销计划：2026-12计划进货10,000.00元，实际进货4,000.00元；"
        "2027-01计划进货10,000.00元，实际进货3,000.00元"
    )
    save_screen(dialog, "withdrawal-proposal")
    # An empty reason is refused at the field; nothing is proposed.
    reason = dialog.reason.toPlainText()
    dialog.reason.setPlainText("  ")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.boxes["reason"].error == "提议取消经销必须写明理由" and dialog.isVisible()
    dialog.reason.setPlainText(reason + "；另：回款屡次逾期")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not view.busy and "已提议" in cell(view.actual, 0, 7))
    assert cell(view.actual, 0, 7) == "已提议取消经销（待总经理审核）"
    assert view.messages.kind == "success"
    view.actual.selectRow(0)
    assert not view.withdraw_button.isEnabled()  # one proposal at a time
    save_screen(view, "plans-withdrawal-proposed")
    cid = view.loaded.actual[0].customer_id

    gm = open_approvals(qtbot, contexts, Role.BRANCH_GM)
    gm.queue_combo.setCurrentIndex(gm.queue_combo.findData("withdraw_review"))
    qtbot.waitUntil(lambda: not gm.busy and names(gm) == [NAME])
    assert gm.queue_combo.currentText() == "待我审核的取消经销提议"
    select(gm, NAME)
    qtbot.waitUntil(lambda: gm.history.table.rowCount() == 4)
    assert cell(gm.history.table, 3, 0) == "提议取消经销：通过"
    assert cell(gm.history.table, 3, 2).endswith("回款屡次逾期")
    press(qtbot, gm, "reject")
    assert gm.comment_box.error and names(gm) == [NAME]  # refused at the comment box
    save_screen(gm, "approvals-withdrawal-review")
    press(qtbot, gm, "approve", "同意，报总部")
    assert names(gm) == []

    head = open_approvals(qtbot, contexts, Role.MARKETING_HEAD)
    head.queue_combo.setCurrentIndex(head.queue_combo.findData("withdraw_decide"))
    qtbot.waitUntil(lambda: not head.busy and names(head) == [NAME])
    assert not head.findChild(QPushButton, "send_back").isVisible()  # type: ignore[union-attr]
    select(head, NAME)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    press(qtbot, head, "approve")
    assert get_customer(sqlite_branch.db, sqlite_branch.actor(Role.CLERK), cid).status == (
        "selected"
    )  # not confirmed
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    press(qtbot, head, "approve")
    assert head.messages.kind == "success" and names(head) == []
    f = get_customer(sqlite_branch.db, sqlite_branch.actor(Role.CLERK), cid)
    assert f.status == "terminated"
    assert [s.step for s in f.selection_steps][-3:] == [
        "withdraw_propose",
        "withdraw_review",
        "terminate",
    ]


def test_the_sales_manager_proposes_from_approvals_for_another_reason(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    shop = make_shop(sqlite_branch, name="上海经营异常医药有限公司", grade=3, limit="50000.00")
    manager = open_approvals(qtbot, contexts, Role.SALES_MANAGER)
    manager.queue_combo.setCurrentIndex(manager.queue_combo.findData("withdraw_propose"))
    qtbot.waitUntil(lambda: not manager.busy and names(manager) == ["上海经营异常医药有限公司"])
    select(manager, "上海经营异常医药有限公司")
    press(qtbot, manager, "propose_withdrawal")  # the reason is required
    assert manager.comment_box.error == "提议取消经销必须写明理由"
    press(qtbot, manager, "propose_withdrawal", "药品经营许可证被吊销")
    assert names(manager) == [] and manager.messages.kind == "success"
    save_screen(manager, "approvals-withdrawal-propose")
    stages = withdrawal.withdrawal_stages(
        sqlite_branch.db, sqlite_branch.actor(Role.CLERK), [shop.customer_id]
    )
    assert stages == {shop.customer_id: withdrawal.PROPOSED}
