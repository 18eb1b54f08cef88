"""The dispatch notes screen and the request form, through their buttons, against a real SQLite
branch database; the whole flow request → approve → assign → release (cashier desk) → confirm
delivery runs through the views."""

from __future__ import annotations

import threading
import uuid
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

import tests.factories as td
from kehu_desktop.domain.roles import Role
from kehu_desktop.services import dispatch as svc
from kehu_desktop.services import products
from kehu_desktop.services.slips import get_slip
from kehu_desktop.services.slips import printers
from kehu_desktop.views.dispatch.cashier_desk import CashierDeskView
from kehu_desktop.views.dispatch.dispatch_dialogs import AssignDriverDialog
from kehu_desktop.views.dispatch.dispatch_dialogs import DeliveryDialog
from kehu_desktop.views.dispatch.dispatch_form import DispatchRequestDialog
from kehu_desktop.views.dispatch.dispatch_lines import BATCH
from kehu_desktop.views.dispatch.dispatch_lines import PRICE
from kehu_desktop.views.dispatch.dispatch_lines import PROBLEM
from kehu_desktop.views.dispatch.dispatch_lines import QUANTITY
from kehu_desktop.views.dispatch.dispatch_views import DispatchNotesView
from kehu_desktop.views.kit.formatting import DISPATCH_STATUS
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.reason_dialog import ReasonDialog
from kehu_desktop.views.slips.qt_spooler import QtSpooler
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.test_views_cashier import shot
from tests.test_views_cashier import today

__all__ = ["chinese_catalogue", "chinese_ui", "contexts", "today"]  # fixtures used below


def open_notes(qtbot: QtBot, contexts: MakeContext, role: Role) -> DispatchNotesView:
    ctx = contexts(role)
    view = DispatchNotesView(ctx)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    qtbot.waitUntil(lambda: not view.busy)
    return view


def select(qtbot: QtBot, view: DispatchNotesView, note_id: uuid.UUID) -> None:
    assert view.select_note(note_id)
    qtbot.waitUntil(
        lambda: view.detail.note is not None and view.detail.note.id == note_id and not view.busy
    )


def press(qtbot: QtBot, view: DispatchNotesView, name: str) -> None:
    button = view.buttons[name]
    assert button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def status(branch: Branch, note_id: uuid.UUID) -> str:
    return svc.get_dispatch(branch.db, branch.actor(Role.CASHIER), note_id).status


def open_request(qtbot: QtBot, view: DispatchNotesView) -> DispatchRequestDialog:
    qtbot.mouseClick(view.request_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, DispatchRequestDialog)
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def fill_request(
    qtbot: QtBot,
    dialog: DispatchRequestDialog,
    customer: str,
    kind: str,
    lines: list[tuple[str, str, str]],
) -> None:
    """Customer by pinyin search, sale kind, then (product search, quantity, price) lines."""
    dialog.customer_search.setText(customer)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.customer.count() == 1)
    assert dialog.customer.currentIndex() == 0
    dialog.sale_kind.setCurrentIndex(dialog.sale_kind.findData(kind))
    for search, quantity, price in lines:
        dialog.product_search.setText(search)
        qtbot.waitUntil(partial(product_found, dialog, search))
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.busy)
        row = dialog.lines.rowCount() - 1
        dialog.lines.set_quantity(row, quantity)
        dialog.lines.set_price(row, price)


def product_found(dialog: DispatchRequestDialog, search: str) -> bool:
    """The product search answered with exactly the product asked for."""
    return (
        not dialog.busy
        and dialog.product.count() == 1
        and search.upper() in dialog.product.currentText()
    )


def submit(qtbot: QtBot, dialog: DispatchRequestDialog) -> None:
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)


def test_request_form_refuses_a_price_below_factory_price_on_its_line(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    view = open_notes(qtbot, contexts, Role.SALES_REP)
    dialog = open_request(qtbot, view)
    dialog.resize(1100, 560)
    # Two lines: the medicine (batch required, factory price 10.00) and the goods (5.00).
    fill_request(qtbot, dialog, "shkj", "credit", [("YP", "10", "12.50"), ("BJ", "20", "4.99")])
    med = dialog.lines.cellWidget(0, BATCH)
    assert isinstance(med, QComboBox)
    assert med.currentText().startswith("B20261101")  # the expired batch is not offered
    assert med.count() == 1
    # The amounts and total from Decimal, while typing; the low price is marked at once.
    assert cell(dialog.lines, 0, 5) == "125.00"
    assert cell(dialog.lines, 1, 5) == "99.80"
    assert dialog.total.text() == "合计：¥224.80"
    assert cell(dialog.lines, 1, PROBLEM) == "低于厂价 ¥5.00"
    assert cell(dialog.lines, 1, 4) == "5.00"  # the factory price beside the line

    submit(qtbot, dialog)
    assert dialog.isVisible()
    message = "第2行：单价低于厂价（单价4.99，厂价5.00）"
    assert dialog.lines.cell_error(1, PRICE) == message
    assert cell(dialog.lines, 1, PROBLEM) == message
    assert dialog.lines.cell_error(0, PRICE) == "" and dialog.lines.cell_error(1, QUANTITY) == ""
    assert dialog.messages.kind == "error"
    assert svc.list_dispatches(sqlite_branch.db, sqlite_branch.actor(Role.SALES_REP)) == []
    shot(dialog, "dispatch-request")

    dialog.lines.set_price(1, "5.50")
    assert dialog.lines.cell_error(1, PRICE) == ""
    assert dialog.total.text() == "合计：¥235.00"
    with qtbot.waitSignal(dialog.dispatchRequested) as requested:
        submit(qtbot, dialog)
    note = requested.args[0]
    assert (note.total, note.sale_kind, note.customer_id) == (
        Decimal("235.00"),
        "credit",
        shop.customer_id,
    )
    assert [(ln.batch_no, ln.unit_price) for ln in note.lines] == [
        ("B20261101", Decimal("12.50")),
        (None, Decimal("5.50")),
    ]
    qtbot.waitUntil(lambda: view.detail.note is not None and view.detail.note.id == note.id)
    assert view.messages.kind == "success" and note.number in view.messages.text()


def test_request_without_customer_or_kind_marks_those_fields(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    td.make_shop(sqlite_branch)
    view = open_notes(qtbot, contexts, Role.SALES_REP)
    dialog = open_request(qtbot, view)
    dialog.customer.setCurrentIndex(-1)
    submit(qtbot, dialog)
    assert dialog.customer_box.error == "请选择客户"
    assert "销售方式" in dialog.sale_kind_box.error
    assert dialog.lines_box.error == "发运单至少需要一行货物"


def test_buttons_follow_role_and_state(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    shop = td.make_shop(sqlite_branch)
    note = td.request(shop).id
    rep = open_notes(qtbot, contexts, Role.SALES_REP)
    select(qtbot, rep, note)
    visible = {n for n, b in rep.buttons.items() if b.isVisible()}
    assert visible == {"park", "deliver"} and rep.request_button.isVisible()
    assert not rep.buttons["deliver"].isEnabled()  # not released yet
    manager = open_notes(qtbot, contexts, Role.SALES_MANAGER)
    select(qtbot, manager, note)
    assert not manager.request_button.isVisible()
    enabled = {n for n, b in manager.buttons.items() if b.isVisible() and b.isEnabled()}
    assert enabled == {"approve_signed", "approve_phone", "cancel"}
    driver = open_notes(qtbot, contexts, Role.DRIVER)
    assert not any(b.isVisible() for b in driver.buttons.values())
    assert driver.model.rowCount() == 1  # everyone may read the notes


def test_phone_approval_is_owed_until_signed(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    shop = td.make_shop(sqlite_branch)
    note = td.request(shop).id
    gm = open_notes(qtbot, contexts, Role.BRANCH_GM)
    select(qtbot, gm, note)
    press(qtbot, gm, "approve_phone")
    qtbot.waitUntil(lambda: gm.detail.note is not None and gm.detail.note.status == "approved")
    assert gm.detail.note is not None and gm.detail.note.signature_owed
    assert gm.buttons["complete_signature"].isEnabled()
    assert svc.signatures_owed(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER))
    press(qtbot, gm, "complete_signature")
    qtbot.waitUntil(lambda: gm.detail.note is not None and not gm.detail.note.signature_owed)
    assert not gm.buttons["complete_signature"].isEnabled()
    assert svc.signatures_owed(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER)) == []


def test_assign_refuses_a_user_who_is_not_a_driver_on_the_field(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    shop = td.make_shop(sqlite_branch)
    note = td.request(shop).id
    svc.approve_dispatch(sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), note)
    gm = open_notes(qtbot, contexts, Role.BRANCH_GM)
    select(qtbot, gm, note)
    press(qtbot, gm, "assign")
    dialog = gm.dialog
    assert isinstance(dialog, AssignDriverDialog)
    dialog.driver.setText("cashier")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.working)
    assert dialog.driver_box.error == "“cashier用户”不是本分支机构的送货员"
    assert dialog.route_box.error == "路线不能为空"
    dialog.driver.setText("driver")
    dialog.route.setText("浦东线")
    with qtbot.waitSignal(dialog.driverAssigned):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert status(sqlite_branch, note) == "assigned"


def test_cancel_needs_a_reason(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    shop = td.make_shop(sqlite_branch)
    note = td.request(shop).id
    manager = open_notes(qtbot, contexts, Role.SALES_MANAGER)
    select(qtbot, manager, note)
    press(qtbot, manager, "cancel")
    dialog = manager.dialog
    assert isinstance(dialog, ReasonDialog)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_button.isEnabled())
    assert dialog.reason_box.error == "取消原因不能为空"
    dialog.reason.setPlainText("客户暂停进货")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: manager.dialog is None and not manager.busy)
    assert status(sqlite_branch, note) == "cancelled"
    assert note not in {r.id for r in manager.model.rows()}  # "open notes" hides it


def test_park_shows_the_temporary_receipt(
    qtbot: QtBot,
    contexts: MakeContext,
    sqlite_branch: Branch,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    note = td.ready_note(shop)
    assert td.release(shop, note).released
    rep = open_notes(qtbot, contexts, Role.SALES_REP)
    select(qtbot, rep, note)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    press(qtbot, rep, "park")
    qtbot.waitUntil(lambda: rep.messages.kind == "success" and not rep.busy)
    assert "SH-TR-" in rep.messages.text()
    assert status(sqlite_branch, note) == "parked"
    assert rep.buttons["deliver"].isEnabled() and not rep.buttons["park"].isEnabled()


def test_status_words_agree_with_the_services(chinese_ui: None) -> None:
    for code, zh in svc.STATUSES.items():
        assert status_label("dispatch", code) == zh, code
    assert set(DISPATCH_STATUS) == set(svc.STATUSES)
    assert QCoreApplication.translate("SaleKind", "Credit sale") == svc.SALE_KINDS["credit"]
    assert QCoreApplication.translate("SaleKind", "Cash on delivery") == svc.SALE_KINDS["cash"]


def test_whole_flow_through_the_views(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    other = td.make_shop(sqlite_branch, name="上海仁济药业有限公司")
    td.request(other, "cash", [(other.goods_id, 4, "6.00", None)])  # stays awaiting approval
    # 1. the sales rep requests
    rep = open_notes(qtbot, contexts, Role.SALES_REP)
    dialog = open_request(qtbot, rep)
    code = products.get_product(
        sqlite_branch.db, sqlite_branch.actor(Role.SALES_REP), shop.goods_id
    ).code
    fill_request(qtbot, dialog, "上海康健", "credit", [(code, "100", "5.20")])
    with qtbot.waitSignal(dialog.dispatchRequested) as requested:
        submit(qtbot, dialog)
    note = requested.args[0]
    assert note.status == "requested" and note.total == Decimal("520.00")
    # 2. the sales manager approves (signed)
    manager = open_notes(qtbot, contexts, Role.SALES_MANAGER)
    select(qtbot, manager, note.id)
    press(qtbot, manager, "approve_signed")
    qtbot.waitUntil(lambda: status(sqlite_branch, note.id) == "approved" and not manager.busy)
    # 3. the GM assigns the driver and route
    gm = open_notes(qtbot, contexts, Role.BRANCH_GM)
    select(qtbot, gm, note.id)
    press(qtbot, gm, "assign")
    assign = gm.dialog
    assert isinstance(assign, AssignDriverDialog)
    assign.driver.setText("driver")
    assign.route.setText("浦东线")
    with qtbot.waitSignal(gm.dispatchChanged):
        qtbot.mouseClick(assign.confirm_button, Qt.MouseButton.LeftButton)
    assert status(sqlite_branch, note.id) == "assigned"
    # 4. the cashier releases at the desk
    cashier_ctx = contexts(Role.CASHIER)
    desk = CashierDeskView(cashier_ctx)
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitUntil(lambda: not desk.busy and desk.model.rowCount() == 1)
    assert desk.select_note(note.id)
    qtbot.waitUntil(lambda: desk.panel.decision is not None and not desk.busy)
    with qtbot.waitSignal(desk.dispatchReleased):
        qtbot.mouseClick(desk.release_button, Qt.MouseButton.LeftButton)
    assert status(sqlite_branch, note.id) == "released"
    # 5. the sales rep confirms delivery (95 of 100 received): the credit-sale slip is issued
    rep.refresh()
    qtbot.waitUntil(lambda: not rep.busy)
    select(qtbot, rep, note.id)
    press(qtbot, rep, "deliver")
    delivery = rep.dialog
    assert isinstance(delivery, DeliveryDialog)
    delivery.set_delivered(1, "95")
    with qtbot.waitSignal(rep.dispatchChanged):
        qtbot.mouseClick(delivery.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rep.detail.note is not None and rep.detail.note.status == "delivered")
    delivered = rep.detail.note
    assert delivered is not None
    slip_number = delivered.slip_numbers[-1]
    slip = get_slip(sqlite_branch.db, sqlite_branch.actor(Role.SALES_REP), slip_number)
    assert slip.kind == "credit_sale" and slip.total == Decimal("494.00")
    assert f"赊销单 {slip_number}" in rep.slip_bar.text() and "¥494.00" in rep.slip_bar.text()
    # the list of all notes, as the manager sees it
    manager.status_filter.setCurrentIndex(manager.status_filter.findText("全部发运单"))
    qtbot.waitUntil(lambda: not manager.busy and manager.model.rowCount() == 2)
    select(qtbot, manager, note.id)
    shot(manager, "dispatch-list")
    assert [manager.model.index(r, 1).data() for r in range(2)] == ["已送达", "待审批"]
    assert manager.detail.values["slips"].text() == slip_number


def test_delivery_quantity_errors_stay_on_the_line(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    note = td.ready_note(shop, amount="125.00")
    assert td.release(shop, note).released
    rep = open_notes(qtbot, contexts, Role.SALES_REP)
    select(qtbot, rep, note)
    press(qtbot, rep, "deliver")
    dialog = rep.dialog
    assert isinstance(dialog, DeliveryDialog)
    dialog.set_delivered(1, "26")
    dialog.date.setText("2999-01-01")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.working)
    assert dialog.date_box.error == "送达日期不能晚于今天"
    dialog.date.setText(date.today().isoformat())
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.working)
    assert dialog.table_box.error == "第1行：送达数量应为0到25之间的整数"
    assert status(sqlite_branch, note) == "released"
    assert rep.findChild(QPushButton, "new_request") is not None


def test_after_confirming_delivery_the_slip_is_previewed_and_printed_right_there(
    qtbot: QtBot,
    contexts: MakeContext,
    sqlite_branch: Branch,
    today: date,
    chinese_ui: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """确认送达 issues the slip; the rep previews and prints it from the same screen: one click
    to print, the printing on its own thread, recorded by the service."""
    shop = td.make_shop(sqlite_branch, name="上海华东医药物流集团股份有限公司", limit="200000.00")
    note = td.ready_note(shop, amount="125.00")
    assert td.release(shop, note).released
    folder = tmp_path / "printer"  # missing at first: the first print fails
    ctx = contexts(Role.SALES_REP)
    rep = DispatchNotesView(ctx, spooler=QtSpooler(output_file=folder / "slip.pdf", max_dpi=100))
    qtbot.addWidget(rep)
    rep.resize(1234, 680)  # what the screen gets in the main window at 1366 × 768
    rep.show()
    qtbot.waitUntil(lambda: not rep.busy)
    assert not rep.slip_bar.isVisible()
    select(qtbot, rep, note)
    press(qtbot, rep, "deliver")
    delivery = rep.dialog
    assert isinstance(delivery, DeliveryDialog)
    with qtbot.waitSignal(rep.dispatchChanged):
        qtbot.mouseClick(delivery.confirm_button, Qt.MouseButton.LeftButton)
    number = svc.get_dispatch(ctx.db, ctx.actor, note).slip_numbers[-1]
    bar = rep.slip_bar
    assert bar.isVisible() and f"赊销单 {number}" in bar.text() and "¥125.00" in bar.text()
    assert bar.preview_button.isVisible() and bar.preview_button.isEnabled()
    assert bar.print_button.isVisible() and bar.print_button.text() == "打印"
    assert not rep.messages.isVisible()  # said once, where the buttons are
    qtbot.waitUntil(lambda: not rep.busy)
    shot(rep, "delivery-then-print")

    # 预览: the preview dialog of that slip, the four copies.
    qtbot.mouseClick(bar.preview_button, Qt.MouseButton.LeftButton)
    printing = bar.printing
    assert printing is not None
    preview = printing.dialog
    qtbot.waitUntil(lambda: printing.slip is not None, timeout=10_000)
    qtbot.waitUntil(lambda: preview.preview.page_count == 4, timeout=20_000)
    assert preview.isVisible() and preview.windowTitle().endswith(number)
    preview.resize(1000, 680)
    shot(preview, "delivery-then-print-preview")
    preview.close()

    # 打印: on the default profile, on the printing thread; a failure offers 重试.
    threads: list[str] = []
    real_print = printers.print_slip

    def watched(*args: object, **kwargs: object) -> printers.PrintOutcome:
        threads.append(threading.current_thread().name)
        return real_print(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(printers, "print_slip", watched)
    with qtbot.waitSignal(bar.runner.printFailed, timeout=20_000):
        qtbot.mouseClick(bar.print_button, Qt.MouseButton.LeftButton)
    assert bar.print_button.text() == "重试" and "无法向打印机" in bar.text()
    assert get_slip(ctx.db, ctx.actor, number).print_count == 0
    folder.mkdir()
    with qtbot.waitSignal(bar.slipPrinted, timeout=20_000) as printed:
        qtbot.mouseClick(bar.print_button, Qt.MouseButton.LeftButton)
    outcome = printed.args[0]
    assert outcome.ok and outcome.slip_number == number and not outcome.reprint
    assert threads and all(name.startswith("kehu-print") for name in threads)
    assert threading.current_thread() is threading.main_thread()
    assert PdfReader(folder / "slip.pdf").get_num_pages() == 4
    history = printers.print_history(ctx.db, ctx.actor, number)
    assert [h[1] for h in history] == ["failed", "printed"]
    assert "已在" in bar.text() and bar.print_button.text() == "再打印一份"
    shot(rep, "delivery-then-print-printed")


def test_a_role_that_may_not_print_gets_only_the_preview(
    qtbot: QtBot, contexts: MakeContext, chinese_ui: None
) -> None:
    from kehu_desktop.views.slips.slip_issued import SlipIssuedBar

    bar = SlipIssuedBar(contexts(Role.SALES_MANAGER))
    qtbot.addWidget(bar)
    assert bar.print_button.isHidden() and not bar.preview_button.isHidden()
