"""The credit evaluation on screen (issue 9, step 3), walked by the three people it passes: the
sales manager fills the form from the customer's credit tab (evidence beside each choice, the
grade as he chooses, a missing level refused at its field), the branch GM sends it back and then
passes the revision on from 资信评级, the marketing director approves it, and the credit tab
shows the new grade. Screenshots in artifacts/screens."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.rating import KEY_INDICATORS
from kehu_desktop.domain.rating import OTHER_INDICATORS
from kehu_desktop.domain.roles import Role
from kehu_desktop.views.credit.evaluation_dialogs import EvaluationDialog
from kehu_desktop.views.credit.evaluation_dialogs import EvaluationReviewDialog
from kehu_desktop.views.credit.evaluations_view import EvaluationsView
from kehu_desktop.views.kit.context import AppContext
from tests.factories import Branch
from tests.factories import make_shop
from tests.factories import new_selected_customer
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_views_credit import click
from tests.test_views_credit import open_panel
from tests.test_views_credit import submit
from tests.test_views_credit import wait_loaded

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

TODAY = date(2026, 11, 26)  # the business clock (tests/conftest.py): after the 10th, due is red


def open_view(qtbot: QtBot, ctx: AppContext) -> EvaluationsView:
    view = EvaluationsView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    qtbot.waitUntil(lambda: not view.busy)
    return view


def choose(dialog: EvaluationDialog, levels: dict[str, str]) -> None:
    for code, level in levels.items():
        combo = dialog.levels[code]
        combo.setCurrentIndex(combo.findData(level))


def select_row(qtbot: QtBot, view: EvaluationsView, tab: int, customer_id: uuid.UUID) -> None:
    view.tabs.setCurrentIndex(tab)
    if tab == 0:
        rows = [v.customer_id for v in view.worklist.pending]
    else:
        rows = [d.customer_id for d in view.worklist.due]
    table = view.pending if tab == 0 else view.due
    table.selectRow(rows.index(customer_id))


def test_filled_sent_back_revised_passed_and_approved_on_screen(
    qtbot: QtBot,
    chinese_ui: None,
    contexts: MakeContext,
    sqlite_branch: Branch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shop = make_shop(sqlite_branch, grade=3, limit="100000.00")
    cid = shop.customer_id
    other = new_selected_customer(sqlite_branch, "上海未评医药有限公司")

    # The sales manager, on the customer's credit tab.
    panel = open_panel(qtbot, contexts(Role.SALES_MANAGER), cid)
    click(qtbot, panel.buttons["evaluate"])
    qtbot.waitUntil(lambda: isinstance(panel.dialog, EvaluationDialog))
    form = panel.dialog
    assert isinstance(form, EvaluationDialog)
    assert "3级" in form.intro.text()
    assert "约定付款" in form.findChild(type(form.intro), "payment_method_evidence").text()
    assert "无到期" in form.findChild(type(form.intro), "payment_reputation_evidence").text()
    assert "还有10项未评" in form.grade_label.text()
    choose(form, {"annual_sales_scale": "A", "monthly_sales_amount": "A", "payment_method": "A"})
    submit(qtbot, form)
    assert form.isVisible() and form.boxes["payment_reputation"].error == "请评定A、B或C"
    assert form.boxes["goods_flow"].error and not form.boxes["annual_sales_scale"].error
    choose(form, dict.fromkeys((*KEY_INDICATORS, *OTHER_INDICATORS), "A"))
    choose(form, {"payment_reputation": "B", "goods_flow": "C"})
    assert form.grade_label.text() == "3级：关键指标A、B兼有，其他指标不全是A"
    form.resize(900, 760)
    save_screen(form, "evaluation-form")
    submit(qtbot, form)
    assert not form.isVisible()
    wait_loaded(qtbot, panel)
    assert "营销总监" in panel.messages.text()

    # The branch GM sends it back, the sales manager revises it, the GM passes it on.
    gm = open_view(qtbot, contexts(Role.BRANCH_GM))
    assert len(gm.worklist.pending) == 1 and "1" in gm.tabs.tabText(0)
    select_row(qtbot, gm, 0, cid)
    click(qtbot, gm.open_button)
    review = gm.dialog
    assert isinstance(review, EvaluationReviewDialog)
    assert "sales_manager用户" in review.intro.text()
    review.resize(900, 720)
    save_screen(review, "evaluation-review-gm")
    click(qtbot, review.send_back_button)
    qtbot.waitUntil(lambda: not review.busy)
    assert review.boxes["comment"].error == "退回时请写明原因"
    review.comment.setPlainText("货物流向应为B：近三月无外流")
    click(qtbot, review.send_back_button)
    qtbot.waitUntil(lambda: not gm.busy and not gm.worklist.pending)

    manager = open_view(qtbot, contexts(Role.SALES_MANAGER))
    select_row(qtbot, manager, 0, cid)
    assert manager.evaluate_button.isEnabled()
    assert "货物流向应为B" in manager.pending.item(0, 7).text()  # type: ignore[union-attr]
    click(qtbot, manager.evaluate_button)
    qtbot.waitUntil(lambda: isinstance(manager.dialog, EvaluationDialog))
    revision = manager.dialog
    assert isinstance(revision, EvaluationDialog)
    assert revision.levels["goods_flow"].currentData() == "C"  # as sent back
    choose(revision, {"goods_flow": "B"})
    submit(qtbot, revision)
    qtbot.waitUntil(lambda: not manager.busy and not manager.worklist.pending)

    gm.refresh()
    qtbot.waitUntil(lambda: not gm.busy)
    select_row(qtbot, gm, 0, cid)
    click(qtbot, gm.open_button)
    passed = gm.dialog
    assert isinstance(passed, EvaluationReviewDialog)
    submit(qtbot, passed)
    qtbot.waitUntil(lambda: not gm.busy and not gm.worklist.pending)

    # The marketing director approves; the grade is the evaluation's at once.
    director = open_view(qtbot, contexts(Role.MARKETING_DIRECTOR))
    assert [v.customer_id for v in director.worklist.pending] == [cid]
    select_row(qtbot, director, 0, cid)
    click(qtbot, director.open_button)
    approve = director.dialog
    assert isinstance(approve, EvaluationReviewDialog)
    assert approve.ok_button.text() == "批准"
    submit(qtbot, approve)
    qtbot.waitUntil(lambda: not director.busy and not director.worklist.pending)
    assert "已批准" in director.messages.text()

    # The approved form, from the month's tab, printed to a file and opened in the viewer.
    director.tabs.setCurrentIndex(2)
    director.month.selectRow(0)
    target = tmp_path / "评估表.pdf"
    monkeypatch.setattr(
        "kehu_desktop.views.credit.evaluations_view.ask_save_path", lambda *_a: target
    )
    opened_urls: list[str] = []
    monkeypatch.setattr(
        "kehu_desktop.views.credit.evaluations_view.QDesktopServices.openUrl",
        lambda url: opened_urls.append(url.toLocalFile()) or True,
    )
    click(qtbot, director.print_button)
    qtbot.waitUntil(lambda: bool(opened_urls))
    assert target.read_bytes().startswith(b"%PDF") and opened_urls == [str(target)]
    assert not director.open_button.isEnabled()  # approved: nothing more to decide

    cashier = open_panel(qtbot, contexts(Role.CASHIER), cid)
    assert cashier.values["grade"].text() == "3级"
    assert cashier.records.grades.rowCount() == 2  # the evaluation's and the legacy one

    # The month's list: the rated customer is gone, the other one is overdue (after the 10th).
    manager.refresh()
    qtbot.waitUntil(lambda: not manager.busy)
    assert [d.customer_id for d in manager.worklist.due] == [other]
    manager.tabs.setCurrentIndex(1)
    cell = manager.due.item(0, 0)
    assert cell is not None and cell.foreground().color().name() == "#b3261e"
    select_row(qtbot, manager, 1, other)
    assert manager.evaluate_button.isEnabled()
    qtbot.wait(50)  # the columns fit the rows once the tab has its width
    save_screen(manager, "evaluations-to-rate")
