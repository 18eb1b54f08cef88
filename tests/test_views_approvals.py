"""The approvals view (step 1) through its buttons, against a real SQLite branch database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select as sql_select

from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import CustomerFile
from kehu_desktop.models import AuditRecord
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import selection
from kehu_desktop.views.customers.approval_queue_model import ApprovalQueueModel
from kehu_desktop.views.customers.approvals import ApprovalsView
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import child
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below


def add_customer(branch: Branch, name: str, first17: str) -> CustomerFile:
    draft = CustomerDraft(
        name=name,
        uscc=make_uscc(first17),
        channel="国有",
        market_office="浦东市场部",
        address="上海市浦东新区张江路1号",
    )
    return save_customer(branch.db, branch.actor(Role.CLERK), draft).customer


def open_view(qtbot: QtBot, contexts: MakeContext, role: Role) -> ApprovalsView:
    ctx = contexts(role)
    view = ApprovalsView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 640)
    view.show()
    qtbot.waitUntil(lambda: not view.busy and not ctx.worker.busy)
    return view


def select(view: ApprovalsView, *names: str) -> None:
    selection_model = view.table.selectionModel()
    selection_model.clearSelection()
    for row in range(view.proxy.rowCount()):
        index = view.proxy.index(row, 0)
        if index.data() in names:
            view.table.setCurrentIndex(index)
            selection_model.select(
                index,
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def names(view: ApprovalsView) -> list[str]:
    return [view.proxy.index(row, 0).data() for row in range(view.proxy.rowCount())]


def press(qtbot: QtBot, view: ApprovalsView, action: str, comment: str = "") -> None:
    view.comment.setPlainText(comment)
    button = view.findChild(QPushButton, action)
    assert button is not None and button.isVisible() and button.isEnabled(), action
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy)


def status(branch: Branch, customer: CustomerFile) -> str:
    return get_customer(branch.db, branch.actor(Role.CLERK), customer.id).status


def test_propose_review_approve_selects_the_customer(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    first = add_customer(sqlite_branch, "上海医药股份有限公司", "91310000132200821")
    add_customer(sqlite_branch, "国药控股上海有限公司", "91310115MA1K3Y4Q2")

    manager = open_view(qtbot, contexts, Role.SALES_MANAGER)
    assert sorted(names(manager)) == ["上海医药股份有限公司", "国药控股上海有限公司"]
    assert not child(manager, QPushButton, "approve").isVisible()
    select(manager, "上海医药股份有限公司")
    qtbot.waitUntil(lambda: manager.history.empty_label.isVisible())
    press(qtbot, manager, "propose", "渠道强，回款信誉好")
    assert status(sqlite_branch, first) == "proposed"
    assert names(manager) == ["国药控股上海有限公司"]
    assert manager.messages.kind == "success"

    gm = open_view(qtbot, contexts, Role.BRANCH_GM)
    assert names(gm) == ["上海医药股份有限公司"]
    select(gm, "上海医药股份有限公司")
    qtbot.waitUntil(lambda: gm.history.table.rowCount() == 1)
    assert cell(gm.history.table, 0, 2) == "渠道强，回款信誉好"
    press(qtbot, gm, "approve")
    assert status(sqlite_branch, first) == "reviewed"
    assert names(gm) == []

    head = open_view(qtbot, contexts, Role.MARKETING_HEAD)
    assert names(head) == ["上海医药股份有限公司"]
    select(head, "上海医药股份有限公司")
    with qtbot.waitSignal(head.decisionsRecorded):
        press(qtbot, head, "approve", "同意")
    assert status(sqlite_branch, first) == "selected"
    steps = get_customer(sqlite_branch.db, sqlite_branch.actor(Role.CLERK), first.id)
    assert [s.step for s in steps.selection_steps] == ["propose", "review", "approve"]


def test_reject_without_comment_shows_the_services_message(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    customer = add_customer(sqlite_branch, "上海医药股份有限公司", "91310000132200821")
    selection.propose(sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), customer.id)
    gm = open_view(qtbot, contexts, Role.BRANCH_GM)
    select(gm, "上海医药股份有限公司")
    press(qtbot, gm, "reject")
    error = gm.findChild(QLabel, "comment_error")
    assert error is not None and error.isVisible()
    assert "意见" in error.text()
    assert gm.comment.property("invalid") is True
    assert status(sqlite_branch, customer) == "proposed"

    press(qtbot, gm, "send_back", "资料不全，请补充证照情况")
    assert not error.isVisible()
    assert status(sqlite_branch, customer) == "sent_back"


def test_quota_reached_is_shown_plainly(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    customer = add_customer(sqlite_branch, "上海医药股份有限公司", "91310000132200821")
    selection.propose(sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), customer.id)
    selection.review(
        sqlite_branch.db,
        sqlite_branch.actor(Role.BRANCH_GM),
        customer.id,
        selection.Decision.APPROVE,
    )
    head_actor = sqlite_branch.actor(Role.MARKETING_HEAD)
    from kehu_desktop.services.admin import branch_view

    region = branch_view(sqlite_branch.db, sqlite_branch.actor(Role.CLERK)).region_id
    selection.set_region_quota(sqlite_branch.db, head_actor, region, 0)
    head = open_view(qtbot, contexts, Role.MARKETING_HEAD)
    select(head, "上海医药股份有限公司")
    press(qtbot, head, "approve")
    assert head.messages.kind == "error"
    assert "上限" in head.messages.text() and "上海医药股份有限公司" in head.messages.text()
    assert status(sqlite_branch, customer) == "reviewed"


def test_terminate_needs_a_reason_and_a_confirmation(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = add_customer(sqlite_branch, "上海医药股份有限公司", "91310000132200821")
    db = sqlite_branch.db
    selection.propose(db, sqlite_branch.actor(Role.SALES_MANAGER), customer.id)
    selection.review(
        db, sqlite_branch.actor(Role.BRANCH_GM), customer.id, selection.Decision.APPROVE
    )
    selection.approve(
        db, sqlite_branch.actor(Role.MARKETING_HEAD), customer.id, selection.Decision.APPROVE
    )
    head = open_view(qtbot, contexts, Role.MARKETING_HEAD)
    head.queue_combo.setCurrentIndex(head.queue_combo.findData("terminate"))
    qtbot.waitUntil(lambda: not head.busy and names(head) == ["上海医药股份有限公司"])
    select(head, "上海医药股份有限公司")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    press(qtbot, head, "terminate", "连续三个月未进货")
    assert status(sqlite_branch, customer) == "selected"  # not confirmed
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    press(qtbot, head, "terminate", "连续三个月未进货")
    assert status(sqlite_branch, customer) == "terminated"


def test_print_change_form_saves_a_pdf(
    qtbot: QtBot,
    contexts: MakeContext,
    sqlite_branch: Branch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    customer = add_customer(sqlite_branch, "上海医药股份有限公司", "91310000132200821")
    db = sqlite_branch.db
    selection.propose(db, sqlite_branch.actor(Role.SALES_MANAGER), customer.id)
    selection.review(
        db, sqlite_branch.actor(Role.BRANCH_GM), customer.id, selection.Decision.APPROVE
    )
    selection.approve(
        db, sqlite_branch.actor(Role.MARKETING_HEAD), customer.id, selection.Decision.APPROVE
    )
    target = tmp_path / "变动表"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    clerk = open_view(qtbot, contexts, Role.CLERK)
    assert not clerk.queue_combo.isVisible()  # a clerk decides nothing
    qtbot.mouseClick(clerk.printer.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: clerk.messages.kind in ("success", "error"), timeout=20_000)
    assert clerk.messages.kind == "success", clerk.messages.text()
    pdf = tmp_path / "变动表.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    clerk.messages.linkActivated.emit("open")
    assert opened == [str(pdf)]
    # The GUI prints through the service, so the print is audited like any other.
    with db.read() as s:
        printed = s.execute(
            sql_select(AuditRecord.username, AuditRecord.detail).where(
                AuditRecord.action == "change_form_printed"
            )
        ).all()
    year = date.today().year
    assert printed == [(sqlite_branch.actor(Role.CLERK).username, f"1 entries, year {year}")]


def test_queue_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, sqlite_branch: Branch
) -> None:
    from kehu_desktop.services.customers import CustomerQuery
    from kehu_desktop.services.customers import list_customers

    add_customer(sqlite_branch, "上海医药股份有限公司", "91310000132200821")
    rows = list_customers(sqlite_branch.db, sqlite_branch.actor(Role.CLERK), CustomerQuery()).rows
    model = ApprovalQueueModel()
    model.set_rows(list(rows))
    qtmodeltester.check(model)


def test_approvals_screenshot(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    first = add_customer(sqlite_branch, "上海医药股份有限公司", "91310000132200821")
    add_customer(sqlite_branch, "国药控股上海有限公司", "91310115MA1K3Y4Q2")
    manager = sqlite_branch.actor(Role.SALES_MANAGER)
    for customer_id in (first.id,):
        selection.propose(sqlite_branch.db, manager, customer_id, "渠道强，回款信誉好")
    selection.review(
        sqlite_branch.db,
        sqlite_branch.actor(Role.BRANCH_GM),
        first.id,
        selection.Decision.SEND_BACK,
        "请补充证照情况",
    )
    view = open_view(qtbot, contexts, Role.SALES_MANAGER)
    select(view, "上海医药股份有限公司")
    qtbot.waitUntil(lambda: view.history.table.rowCount() == 2)
    save_screen(view, "approvals")
