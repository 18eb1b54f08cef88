"""The customer file editor through its widgets, against a real SQLite branch database."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import CustomerFile
from kehu_desktop.models import Customer
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import MonthlySalesInput
from kehu_desktop.services.customers import draft_from_file
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import save_customer
from kehu_desktop.views.customers.customer_editor import CustomerEditor
from kehu_desktop.views.customers.customer_form import BASIC
from kehu_desktop.views.customers.customer_form import CREDIT
from kehu_desktop.views.customers.customer_form import HISTORY
from kehu_desktop.views.customers.customer_form import SALES
from kehu_desktop.views.customers.customer_model import channel_label
from kehu_desktop.views.customers.monthly_sales_model import MonthlySalesModel
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.formatting import status_label
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import child
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

USCC = make_uscc("91310000132200821")


@pytest.fixture(autouse=True)
def discard_at_teardown(monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor left with changes asks when qtbot closes it: answer Discard, never block.
    (Set up before qtbot, so it is still in place while qtbot closes the widgets.)"""
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard.value)


def open_editor(
    qtbot: QtBot, ctx: AppContext, customer_id: uuid.UUID | None = None
) -> CustomerEditor:
    editor = CustomerEditor(ctx, customer_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(lambda: editor.customer is not None or customer_id is None)
    qtbot.waitUntil(lambda: not ctx.worker.busy)
    return editor


def line(editor: CustomerEditor, name: str) -> QLineEdit:
    widget = editor.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def error(editor: CustomerEditor, name: str) -> QLabel:
    label = editor.findChild(QLabel, f"{name}_error")
    assert label is not None, name
    return label


def type_into(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    """Type like a user: Latin keys one by one, Chinese as an input method commits it."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)
    qtbot.keyClick(widget, Qt.Key.Key_Return)  # finishes editing: the live check runs


def choose(editor: CustomerEditor, name: str, text: str) -> None:
    combo = editor.findChild(QComboBox, name)
    assert combo is not None
    combo.setCurrentIndex(combo.findText(text))


def click(qtbot: QtBot, button: QPushButton | None) -> None:
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def stored(branch: Branch, role: Role = Role.CLERK) -> CustomerDraft:
    with branch.db.read() as s:
        customer_id = s.execute(select(Customer.id)).scalar_one()
    return draft_from_file(get_customer(branch.db, branch.actor(role), customer_id))


def customer_count(branch: Branch) -> int:
    with branch.db.read() as s:
        return int(s.execute(select(func.count()).select_from(Customer)).scalar_one())


def seed(branch: Branch) -> CustomerFile:
    result = save_customer(
        branch.db,
        branch.actor(Role.CLERK),
        CustomerDraft(
            name="上海医药股份有限公司",
            uscc=USCC,
            phone="021-63730908",
            channel="国有",
            market_office="浦东市场部",
            founded="1994-01-18",
            annual_sales_scale="1200000",
            monthly_sales=[MonthlySalesInput("2024-09", "120", "35000", "40")],
        ),
    )
    return result.customer


def test_clerk_creates_a_customer(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    ctx = contexts(Role.CLERK)
    editor = open_editor(qtbot, ctx)
    type_into(qtbot, line(editor, "name"), "杭州华东医药有限公司")
    type_into(qtbot, line(editor, "uscc"), USCC.lower())
    assert line(editor, "uscc").text() == USCC  # normalised when leaving the field
    type_into(qtbot, line(editor, "phone"), "+86 138 1234 5678")
    assert line(editor, "phone").text() == "13812345678"
    type_into(qtbot, line(editor, "postcode"), "３１００００")
    assert line(editor, "postcode").text() == "310000"
    type_into(qtbot, line(editor, "founded"), "2001年5月8日")
    assert line(editor, "founded").text() == "2001-05-08"
    choose(editor, "channel", channel_label("private"))
    choose(editor, "market_office", "闵行市场部")
    editor.form.setCurrentIndex(CREDIT)
    type_into(qtbot, line(editor, "annual_sales_scale"), "1200000.5")
    assert line(editor, "annual_sales_scale").text() == "1,200,000.50"
    type_into(qtbot, line(editor, "years_in_business"), "23")
    editor.form.setCurrentIndex(SALES)
    click(qtbot, editor.findChild(QPushButton, "add_month"))
    model = editor.form.monthly
    model.setData(model.index(0, 0), "2024-10")
    model.setData(model.index(0, 1), "150")
    model.setData(model.index(0, 2), "48000.10")
    model.setData(model.index(0, 3), "30")
    assert editor.is_modified()

    with qtbot.waitSignal(editor.customerSaved, timeout=10_000) as saved:
        click(qtbot, editor.save_button)
    customer = saved.args[0]
    assert customer.name == "杭州华东医药有限公司"
    back = stored(sqlite_branch)
    assert back.uscc == USCC and back.phone == "13812345678" and back.postcode == "310000"
    assert back.channel == "private" and back.founded == date(2001, 5, 8)
    assert back.annual_sales_scale == Decimal("1200000.50")
    assert back.years_in_business == 23
    assert back.monthly_sales is not None and len(back.monthly_sales) == 1
    assert back.monthly_sales[0].month == date(2024, 10, 1)
    assert back.monthly_sales[0].amount == Decimal("48000.10")
    assert not editor.is_modified()
    assert editor.notice.isVisible()


def test_invalid_credit_code_is_shown_next_to_the_field_and_nothing_saved(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    editor = open_editor(qtbot, contexts(Role.CLERK))
    type_into(qtbot, line(editor, "name"), "坏代码公司")
    bad = USCC[:17] + ("0" if USCC[17] != "0" else "1")
    type_into(qtbot, line(editor, "uscc"), bad)
    assert "校验位" in error(editor, "uscc").text()  # checked as the user left the field
    assert error(editor, "uscc").isVisible()
    click(qtbot, editor.save_button)
    qtbot.waitUntil(lambda: editor.messages.isVisible())
    assert "校验位" in editor.messages.text()
    assert "校验位" in error(editor, "uscc").text()
    assert line(editor, "uscc").property("invalid") is True
    assert line(editor, "uscc").hasFocus()
    assert customer_count(sqlite_branch) == 0


def test_errors_from_the_service_land_on_their_fields(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    editor = open_editor(qtbot, contexts(Role.CLERK))
    line(editor, "phone").setText("12345")  # set without leaving the field: no live check
    model = editor.form.monthly
    editor.form.monthly_table.setFocus()
    click(qtbot, editor.findChild(QPushButton, "add_month"))
    model.setData(model.index(0, 2), "12.345")
    click(qtbot, editor.save_button)
    qtbot.waitUntil(lambda: editor.messages.isVisible())
    assert error(editor, "name").isVisible()  # required
    assert "电话" in error(editor, "phone").text()
    assert model.errors()[(0, 2)]
    assert line(editor, "name").hasFocus()  # the first bad field, in form order
    assert customer_count(sqlite_branch) == 0
    editor.form.focus_field("monthly_sales@0.amount")
    assert editor.form.currentIndex() == SALES


def test_a_month_entered_twice_is_refused_before_saving(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    editor = open_editor(qtbot, contexts(Role.CLERK))
    line(editor, "name").setText("重复月份公司")
    model = editor.form.monthly
    for row in range(2):
        model.insertRows(row, 1)
        model.setData(model.index(row, 0), "2024-05")
    click(qtbot, editor.save_button)
    assert "2024-05" in model.errors()[(1, 0)]
    assert editor.form.currentIndex() == SALES
    assert customer_count(sqlite_branch) == 0


def test_unsaved_changes_are_never_dropped_silently(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_editor(qtbot, contexts(Role.CLERK))
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def fake_exec(box: QMessageBox) -> int:
        asked.append(box.text())
        return answer.value

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    editor.close()  # nothing typed yet: closes without asking
    assert not asked and not editor.isVisible()

    editor = open_editor(qtbot, contexts(Role.CLERK))
    type_into(qtbot, line(editor, "name"), "未保存的客户")
    editor.close()
    assert len(asked) == 1 and editor.isVisible()  # Cancel: stays open, text kept
    assert line(editor, "name").text() == "未保存的客户"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert len(asked) == 2 and editor.isVisible()

    answer = QMessageBox.StandardButton.Save
    with qtbot.waitSignal(editor.finished, timeout=10_000):
        editor.close()
    assert customer_count(sqlite_branch) == 1

    editor = open_editor(qtbot, contexts(Role.CLERK))
    type_into(qtbot, line(editor, "name"), "放弃的客户")
    answer = QMessageBox.StandardButton.Discard
    click(qtbot, editor.close_button)
    assert not editor.isVisible()
    assert customer_count(sqlite_branch) == 1


def test_similar_name_is_a_warning_not_a_refusal(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    seed(sqlite_branch)
    editor = open_editor(qtbot, contexts(Role.CLERK))
    type_into(qtbot, line(editor, "name"), "上海医药股份有限公司")
    with qtbot.waitSignal(editor.customerSaved, timeout=10_000):
        click(qtbot, editor.save_button)
    assert customer_count(sqlite_branch) == 2
    assert editor.notice.kind == "warning"
    assert "名称相近" in editor.notice.text()
    assert editor.isVisible()  # the warning is read in the editor, nothing blocks


def test_stale_edit_shows_the_conflict_and_keeps_the_edits(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    original = seed(sqlite_branch)
    editor = open_editor(qtbot, contexts(Role.CLERK), original.id)
    assert line(editor, "name").text() == "上海医药股份有限公司"
    assert line(editor, "annual_sales_scale").text() == "1,200,000.00"
    assert editor.form.monthly.rowCount() == 1
    other = draft_from_file(
        get_customer(sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), original.id)
    )
    other.address = "上海市黄浦区河南中路88号"
    save_customer(sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), other)

    type_into(qtbot, line(editor, "name"), "上海医药（集团）有限公司")
    click(qtbot, editor.save_button)
    qtbot.waitUntil(lambda: editor.messages.isVisible())
    assert "sales_manager用户" in editor.messages.text()
    assert editor.messages.kind == "error"
    assert line(editor, "name").text() == "上海医药（集团）有限公司"
    assert editor.is_modified()
    assert stored(sqlite_branch).name == "上海医药股份有限公司"

    editor._message_link("reload")  # the banner's "reload the saved version" link
    save = editor.save_button
    assert save is not None
    qtbot.waitUntil(lambda: not editor.is_modified() and save.isEnabled())
    assert line(editor, "address").text() == "上海市黄浦区河南中路88号"


def test_read_only_for_a_cashier(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    original = seed(sqlite_branch)
    editor = open_editor(qtbot, contexts(Role.CASHIER), original.id)
    assert editor.findChild(QPushButton, "save") is None
    assert line(editor, "name").isReadOnly()
    assert not child(editor, QComboBox, "channel").isEnabled()
    model = editor.form.monthly
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not child(editor, QPushButton, "add_month").isVisible()
    assert editor.notice.isVisible()
    editor.close()
    assert not editor.isVisible()


def test_status_tab_shows_status_and_history(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    from kehu_desktop.services.customers import selection

    original = seed(sqlite_branch)
    selection.propose(
        sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), original.id, "渠道强，回款好"
    )
    editor = open_editor(qtbot, contexts(Role.CLERK), original.id)
    history = editor.form.history
    assert status_label("customer", "proposed") in history.status_label.text()
    assert history.table.rowCount() == 1
    assert cell(history.table, 0, 2) == "渠道强，回款好"
    assert cell(history.table, 0, 1).startswith("sales_manager用户")


def test_monthly_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = MonthlySalesModel(today=date(2026, 11, 26))
    model.set_rows(
        [
            MonthlySalesInput(date(2026, 9, 1), 120, Decimal("35000.00"), 40),
            MonthlySalesInput(date(2026, 10, 1), 80, Decimal("1234567.5"), 12),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "1,234,567.50"
    row = model.add_month()
    assert model.index(row, 0).data() == "2026-11"
    assert model.setData(model.index(row, 2), "-5")
    assert "负数" in model.errors()[(row, 2)]
    assert model.setData(model.index(row, 0), "2027-01")
    assert model.errors()[(row, 0)]
    model.removeRows(0, 1)
    assert set(model.errors()) == {(1, 0), (1, 2)}  # errors move with their rows
    items, rows = model.inputs()
    assert [i.month for i in items] == ["2026-10", "2027-01"] and rows == [0, 1]
    qtmodeltester.check(model)


def test_editor_screenshots(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    from kehu_desktop.services.customers import selection

    original = seed(sqlite_branch)
    selection.propose(
        sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), original.id, "渠道强，回款好"
    )
    selection.review(
        sqlite_branch.db,
        sqlite_branch.actor(Role.BRANCH_GM),
        original.id,
        selection.Decision.SEND_BACK,
        "请补充证照情况和开户银行",
    )
    editor = open_editor(qtbot, contexts(Role.CLERK), original.id)
    assert editor.form.tabText(BASIC) == "基础资料"
    for tab, name in (
        (BASIC, "editor-basic"),
        (CREDIT, "editor-credit"),
        (SALES, "editor-sales"),
        (HISTORY, "editor-history"),
    ):
        editor.form.setCurrentIndex(tab)
        save_screen(editor, name)

    read_only = open_editor(qtbot, contexts(Role.CASHIER), original.id)
    save_screen(read_only, "editor-read-only")

    new = open_editor(qtbot, contexts(Role.CLERK))
    type_into(qtbot, line(new, "uscc"), "91310000132200821")
    line(new, "phone").setText("5555")
    line(new, "postcode").setText("2000")
    click(qtbot, new.save_button)
    qtbot.waitUntil(lambda: new.messages.isVisible())
    new.form.setCurrentIndex(BASIC)
    save_screen(new, "editor-field-errors")
