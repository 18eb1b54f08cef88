"""The credit panel, its dialogs and the limit decisions screen, through their buttons, against a
real SQLite branch database (data written by the real services)."""

from __future__ import annotations

import uuid
from datetime import date
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.services import credit
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.credit import ContractInput
from kehu_desktop.views.credit.credit_dialogs import ContractDialog
from kehu_desktop.views.credit.credit_dialogs import ExceptionDialog
from kehu_desktop.views.credit.credit_dialogs import LimitDialog
from kehu_desktop.views.credit.credit_panel import CreditPanel
from kehu_desktop.views.credit.limits_view import LimitsView
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.reason_dialog import ReasonDialog
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_credit import Ledger
from tests.test_credit import new_customer
from tests.test_credit import regional

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

D = TypeVar("D", bound=ServiceDialog)
TODAY = date.today()
THIS_MONTH = TODAY.replace(day=1)


def graded(branch: Branch, cid: uuid.UUID, grade: int) -> None:
    director = branch.actor(Role.MARKETING_DIRECTOR)
    credit.set_grade(branch.db, director, cid, grade, effective_from=THIS_MONTH, reason="月度评级")


def contract(branch: Branch, cid: uuid.UUID, number: str = "HT-2026-001") -> None:
    inp = ContractInput(
        number=number,
        payment_terms="agreed",
        term_days=30,
        signer="branch_gm",
        signer_role="branch_gm",
        signed_date=TODAY - timedelta(days=30),
        valid_from=TODAY - timedelta(days=30),
        valid_to=TODAY + timedelta(days=365),
        month_end_cap="500000.00",
    )
    credit.record_contract(branch.db, branch.actor(Role.CLERK), cid, inp)


def credit_customer(branch: Branch, grade: int = 3, n: int = 1) -> uuid.UUID:
    cid = new_customer(branch, "上海国药控股有限公司", n=n)
    graded(branch, cid, grade)
    contract(branch, cid, f"HT-{n:04d}")
    return cid


def open_panel(qtbot: QtBot, ctx: AppContext, cid: uuid.UUID) -> CreditPanel:
    panel = CreditPanel(ctx, cid)
    qtbot.addWidget(panel)
    panel.resize(1000, 720)
    panel.show()
    wait_loaded(qtbot, panel)
    return panel


def wait_loaded(qtbot: QtBot, panel: CreditPanel) -> None:
    qtbot.waitUntil(lambda: panel.credit_file is not None and not panel.busy)
    assert not panel.messages.isVisible() or panel.messages.kind != "error", panel.messages.text()


def open_limits(qtbot: QtBot, ctx: AppContext) -> LimitsView:
    view = LimitsView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 640)
    view.show()
    qtbot.waitUntil(lambda: not view.busy)
    return view


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def opened(panel: CreditPanel, name: str, kind: type[D]) -> D:
    click_button = panel.findChild(QPushButton, name)
    assert click_button is not None
    click_button.click()
    assert isinstance(panel.dialog, kind) and panel.dialog.isVisible()
    return panel.dialog


def submit(qtbot: QtBot, dialog: ServiceDialog) -> None:
    """OK, and wait for the service's answer."""
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.busy)


def confirm_reason(qtbot: QtBot, panel: CreditPanel, reason: str) -> None:
    """Type the reason in the open reason dialog and confirm; wait until the service answered."""
    dialog = panel.dialog
    assert isinstance(dialog, ReasonDialog) and dialog.isVisible()
    dialog.reason.setPlainText(reason)
    click(qtbot, dialog.confirm_button)
    qtbot.waitUntil(lambda: dialog.confirm_button.isEnabled() or not dialog.isVisible())


def column(table: QTableWidget, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]  # type: ignore[union-attr]


def offered(widget: QWidget) -> set[str]:
    """The buttons not hidden (on any tab)."""
    return {b.objectName() for b in widget.findChildren(QPushButton) if not b.isHidden()}


# --------------------------------------------------------------------------------------------


def test_no_limit_means_cash_only(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    cid = credit_customer(sqlite_branch)
    panel = open_panel(qtbot, contexts(Role.CASHIER), cid)
    assert panel.values["limit"].text() == "无额度：仅现款现货"
    assert panel.values["grade"].text() == "3级"
    assert panel.values["terms"].text() == "约定付款"
    assert "HT-0001" in panel.notes["terms"].text()
    assert panel.values["exposure"].text() == "¥0.00"
    assert panel.values["headroom"].text() == "—"
    assert "本月无已批准授信额度，仅限现款现货" in panel.reasons.text()
    assert panel.reasons.kind == "warning"
    assert offered(panel) == {"refresh", "view_scan"}  # a cashier only looks
    panel.resize(860, 560)  # the size of the customer editor's tab
    save_screen(panel, "credit-panel-cash")


def test_apply_in_dialog_approve_in_limits_view_then_the_panel_shows_it(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    cid = credit_customer(sqlite_branch)
    ledger = Ledger(sqlite_branch, cid)
    ledger.note("released", "1000.00")  # goods out, not yet slipped
    ledger.slip(ledger.note("delivered", "4500.00"), "4500.00", day=TODAY)  # unpaid slip

    manager = open_panel(qtbot, contexts(Role.SALES_MANAGER), cid)
    assert {"apply_limit", "record_contract"} <= offered(manager)
    assert "evaluate" in offered(manager) and "grant_exception" not in offered(manager)
    dialog = opened(manager, "apply_limit", LimitDialog)
    assert dialog.month.currentData() == THIS_MONTH  # no limit yet this month
    assert dialog.grade_label.text() == "3级：最高¥200,000.00"
    assert not dialog.unlimited.isEnabled()  # unlimited is for grade 1
    dialog.amount.setText("100,000")
    dialog.comment.setPlainText("旺季备货，回款及时")
    save_screen(dialog, "limit-dialog")
    with qtbot.waitSignal(manager.creditChanged):
        submit(qtbot, dialog)
    wait_loaded(qtbot, manager)
    assert manager.messages.kind == "success"
    assert column(manager.records.limits, 3) == ["待审批"]
    assert manager.values["limit"].text() == "无额度：仅现款现货"  # not before it is approved

    gm = open_limits(qtbot, contexts(Role.BRANCH_GM))
    assert gm.table.rowCount() == 1
    assert [gm.table.item(0, c).text() for c in (0, 1, 3, 4)] == [  # type: ignore[union-attr]
        "上海国药控股有限公司",
        "3级",
        "¥100,000.00",
        "¥200,000.00",
    ]
    amount = gm.table.item(0, 3)
    assert amount is not None and amount.textAlignment() & Qt.AlignmentFlag.AlignRight
    gm.table.selectRow(0)
    qtbot.waitUntil(lambda: gm.customer_limits.rowCount() == 1)
    gm.comment.setPlainText("同意")
    save_screen(gm, "limits")
    with qtbot.waitSignal(gm.limitDecided) as decided:
        click(qtbot, gm.approve_button)
    assert decided.args[0].status == "approved"
    qtbot.waitUntil(lambda: not gm.busy and gm.table.rowCount() == 0)
    assert gm.decided_table.rowCount() == 1
    assert "已批准" in gm.messages.text()

    manager.refresh()
    wait_loaded(qtbot, manager)
    assert manager.values["limit"].text() == "¥100,000.00"
    assert manager.values["exposure"].text() == "¥5,500.00"
    assert "¥4,500.00" in manager.notes["exposure"].text()  # unpaid slips
    assert "¥1,000.00" in manager.notes["exposure"].text()  # released, not slipped
    assert manager.values["headroom"].text() == "¥94,500.00"
    assert "80%" in manager.notes["headroom"].text()
    assert manager.values["credit"].text() == "具备"
    assert "本月授信额度100,000.00元，敞口5,500.00元，可用94,500.00元" in manager.reasons.text()
    assert manager.reasons.kind == "info"
    assert manager.records.exposure.rowCount() == 2
    assert column(manager.records.limits, 3) == ["已批准"]
    assert column(manager.records.limits, 6) == ["branch_gm用户"]
    save_screen(manager, "credit-panel")


def test_over_the_cap_is_refused_next_to_the_amount(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    cid = credit_customer(sqlite_branch)
    manager = open_panel(qtbot, contexts(Role.SALES_MANAGER), cid)
    dialog = opened(manager, "apply_limit", LimitDialog)
    dialog.amount.setText("200000.01")
    submit(qtbot, dialog)
    error = dialog.boxes["amount"].error
    assert "200,000.01" in error and "200,000.00" in error
    assert dialog.isVisible()  # nothing filed; the user corrects the amount
    assert credit.limits_of(sqlite_branch.db, sqlite_branch.actor(Role.CLERK), cid) == []


def test_refusals_at_decision_time_are_shown_plainly(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    db, manager = sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER)
    cid = credit_customer(sqlite_branch)
    credit.apply_limit(db, manager, cid, THIS_MONTH, "150000")
    with db.write() as s:
        put_setting(s, "credit.region_quota.HD", "100000.00")
    gm = open_limits(qtbot, contexts(Role.BRANCH_GM))
    gm.table.selectRow(0)
    click(qtbot, gm.reject_button)  # a rejection needs a comment
    qtbot.waitUntil(lambda: not gm.busy)
    assert "否决时必须填写意见" in gm.comment_box.error
    click(qtbot, gm.approve_button)
    qtbot.waitUntil(lambda: not gm.busy and gm.messages.kind == "error")
    text = gm.messages.text()
    assert "100,000.00" in text and "150,000.00" in text and "超出" in text
    assert gm.table.rowCount() == 1  # still waiting
    # the grade-3 application is not the regional manager's to decide: not listed at all
    region_manager = regional(sqlite_branch, Role.REGIONAL_MANAGER)
    ctx = contexts(Role.REGIONAL_MANAGER)
    ctx.actor = region_manager
    assert open_limits(qtbot, ctx).table.rowCount() == 0
    cashier = open_limits(qtbot, contexts(Role.CASHIER))
    assert cashier.hint.text() == "您没有需要审批的授信额度。"
    assert not cashier.approve_button.isVisible()


def test_grade_one_unlimited(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    cid = credit_customer(sqlite_branch, grade=1)
    manager = open_panel(qtbot, contexts(Role.SALES_MANAGER), cid)
    dialog = opened(manager, "apply_limit", LimitDialog)
    assert dialog.unlimited.isEnabled()
    dialog.unlimited.setChecked(True)
    assert not dialog.amount.isEnabled()
    submit(qtbot, dialog)
    wait_loaded(qtbot, manager)
    ctx = contexts(Role.REGIONAL_MANAGER)
    ctx.actor = regional(sqlite_branch, Role.REGIONAL_MANAGER)
    view = open_limits(qtbot, ctx)
    view.table.selectRow(0)
    assert view.table.item(0, 3).text() == "无限额（1级）"  # type: ignore[union-attr]
    click(qtbot, view.approve_button)
    qtbot.waitUntil(lambda: not view.busy and view.table.rowCount() == 0)
    manager.refresh()
    wait_loaded(qtbot, manager)
    assert manager.values["limit"].text() == "无限额（1级）"
    assert manager.values["headroom"].text() == "—"


def test_contract_dialog_needs_the_authorisation_when_the_sales_manager_signs(
    qtbot: QtBot,
    chinese_ui: None,
    contexts: MakeContext,
    sqlite_branch: Branch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cid = new_customer(sqlite_branch, "上海医药分销有限公司")
    panel = open_panel(qtbot, contexts(Role.SALES_MANAGER), cid)
    dialog = opened(panel, "record_contract", ContractDialog)
    dialog.number.setText("HT-2026-088")
    dialog.term_days.setText("30")
    dialog.signer_role.setCurrentIndex(dialog.signer_role.findData("sales_manager"))
    assert dialog.signer.text() == "sales_manager"  # signing in one's own role
    scan = tmp_path / "合同扫描.pdf"
    scan.write_bytes(b"%PDF-1.4 contract scan")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    qtbot.mouseClick(dialog.findChild(QPushButton, "choose_scan"), Qt.MouseButton.LeftButton)
    submit(qtbot, dialog)
    assert "书面授权" in dialog.boxes["authorisation"].error
    assert dialog.boxes["month_end_cap"].error == "约定付款合同必须约定月末应收款限额"
    assert dialog.isVisible()
    save_screen(dialog, "contract-dialog")
    dialog.authorisation.setPlainText("总经理王强2026年11月1日书面授权")
    dialog.month_end_cap.setText("300,000")
    with qtbot.waitSignal(panel.creditChanged):
        submit(qtbot, dialog)
    wait_loaded(qtbot, panel)
    contracts = panel.records.contracts
    assert column(contracts, 0) == ["HT-2026-088"]
    assert column(contracts, 4) == ["合同扫描.pdf"]
    assert panel.values["terms"].text() == "约定付款"
    assert panel.notes["terms"].text().endswith("；月末应收款限额¥300,000.00")

    opened_urls: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened_urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    panel.records.setCurrentIndex(3)
    contracts.selectRow(0)
    click(qtbot, panel.records.buttons["view_scan"])
    qtbot.waitUntil(lambda: bool(opened_urls))
    assert Path(opened_urls[0]).name == "合同扫描.pdf"
    assert Path(opened_urls[0]).read_bytes() == b"%PDF-1.4 contract scan"


def test_grade_exception_and_ending_a_contract_as_branch_gm(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    cid = new_customer(sqlite_branch, "上海华氏大药房有限公司", channel="私营")
    contract(sqlite_branch, cid)
    # Grades come from approved evaluations (test_views_evaluations); nobody sets one here.
    director = open_panel(qtbot, contexts(Role.MARKETING_DIRECTOR), cid)
    assert "set_grade" not in offered(director) and "evaluate" not in offered(director)
    graded(sqlite_branch, cid, 2)
    gm = open_panel(qtbot, contexts(Role.BRANCH_GM), cid)
    assert {"record_contract", "grant_exception"} <= offered(gm)
    assert "apply_limit" not in offered(gm) and "evaluate" not in offered(gm)
    assert gm.values["grade"].text() == "2级"
    assert gm.records.grades.rowCount() == 1
    assert gm.values["credit"].text() == "不具备"  # private: needs the GM's exception

    exception = opened(gm, "grant_exception", ExceptionDialog)
    exception.reason.setPlainText("合作十年，信誉良好")
    submit(qtbot, exception)
    wait_loaded(qtbot, gm)
    assert gm.values["credit"].text() == "具备"
    assert "总经理已批准赊销例外" in gm.notes["credit"].text()

    gm.records.exceptions.selectRow(0)
    gm.records.setCurrentIndex(4)
    click(qtbot, gm.records.buttons["revoke_exception"])
    confirm_reason(qtbot, gm, "")
    assert isinstance(gm.dialog, ReasonDialog) and gm.dialog.reason_box.error  # reason required
    confirm_reason(qtbot, gm, "拖欠货款")
    wait_loaded(qtbot, gm)
    assert gm.values["credit"].text() == "不具备"

    gm.records.setCurrentIndex(3)
    gm.records.contracts.selectRow(0)
    click(qtbot, gm.records.buttons["end_contract"])
    confirm_reason(qtbot, gm, "客户改为现款")
    wait_loaded(qtbot, gm)
    assert gm.values["terms"].text() == "现款现货"
    assert gm.notes["terms"].text() == "无有效合同"


def test_state_owned_customers_need_no_exception(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    cid = credit_customer(sqlite_branch)
    gm = open_panel(qtbot, contexts(Role.BRANCH_GM), cid)
    assert not gm.buttons["grant_exception"].isEnabled()


def test_an_unknown_customer_is_reported(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    panel = CreditPanel(contexts(Role.CLERK), uuid.uuid4())
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.messages.kind == "error" and "不存在" in panel.messages.text()
