"""The payments screen (pytest-qt) on a real SQLite branch: the payment form, reversal, the
receipt, receivables ageing and month-end, and the N-hour remittance list.

Slips are inserted as rows the way tests/test_payments.py does (issue and due dates of the
past); payments are recorded through the form or services.payments.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.services import payments
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.payments import PaymentInput
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.payments.allocation_model import AMOUNT
from kehu_desktop.views.payments.allocation_model import AllocationModel
from kehu_desktop.views.payments.payment_form import PaymentForm
from kehu_desktop.views.payments.payments_view import PaymentsView
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_payments import make_customer
from tests.test_payments import make_slip

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

D = Decimal
TODAY = date.today()


@pytest.fixture(autouse=True)
def chinese(qapp: QApplication, chinese_ui: None) -> Iterator[None]:
    guard_emit_refcount_bug()
    yield


class StubSpooler:
    def __init__(self) -> None:
        self.jobs: list[tuple[str, str]] = []

    def print_pdf(
        self, pdf: bytes, *, queue: str | None, paper: str, title: str, copies: int = 1
    ) -> str:
        self.jobs.append((title, paper))
        return f"stub-{len(self.jobs)}"


def open_view(qtbot: QtBot, ctx: AppContext, spooler: StubSpooler | None = None) -> PaymentsView:
    view = PaymentsView(ctx, spooler=spooler)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    wait_idle(qtbot, view, ctx)
    return view


def wait_idle(qtbot: QtBot, view: PaymentsView, ctx: AppContext) -> None:
    qtbot.waitUntil(lambda: not view.busy and not ctx.worker.busy, timeout=15_000)


def choose_customer(qtbot: QtBot, form: PaymentForm, customer_id: uuid.UUID, slips: int) -> None:
    qtbot.waitUntil(lambda: form.customer.findData(str(customer_id)) > 0, timeout=10_000)
    form.customer.setCurrentIndex(form.customer.findData(str(customer_id)))
    qtbot.waitUntil(lambda: form.allocation_model.rowCount() == slips and not form.busy)


def error_of(form: PaymentForm, field: str) -> str:
    label = form.findChild(QLabel, f"{field}_error")
    assert label is not None, field
    return label.text() if label.isVisible() else ""


def owed(branch: Branch, customer_id: uuid.UUID) -> dict[uuid.UUID, Decimal]:
    bal = payments.outstanding(branch.db, branch.actor(Role.ACCOUNTANT), customer_id)
    return {s.slip_id: s.outstanding for s in bal.slips}


def three_slips(branch: Branch, name: str = "上海康健医药有限公司") -> tuple[uuid.UUID, ...]:
    c = make_customer(branch, name)
    jan5 = make_slip(branch, c, "1000.00", date(2026, 1, 5), due=date(2026, 2, 4))
    jan3 = make_slip(branch, c, "500.00", date(2026, 1, 3), due=date(2026, 2, 2))
    jan10 = make_slip(branch, c, "800.00", date(2026, 1, 10), kind="delivery")
    return c, jan3, jan5, jan10


# --- the payment form ------------------------------------------------------------------------


def test_payment_allocates_oldest_first_and_offers_the_receipt(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    contexts: MakeContext,
    sqlite_branch: Branch,
) -> None:
    c, jan3, jan5, jan10 = three_slips(sqlite_branch)
    ctx = contexts(Role.CASHIER)
    spooler = StubSpooler()
    view = open_view(qtbot, ctx, spooler)
    form = view.form
    assert form is not None and view.tabs.tabText(0) == "登记回款"
    choose_customer(qtbot, form, c, 3)
    model = form.allocation_model
    assert [model.index(r, 0).data() for r in range(3)] == [
        s.number for s in payments.outstanding(ctx.db, ctx.actor, c).slips
    ]
    assert "¥2,300.00" in form.balance_label.text()
    form.amount.setText("1,200.00")
    preview = [model.index(r, AMOUNT).data() for r in range(3)]
    assert preview == ["¥500.00", "¥700.00", ""]
    assert model.index(0, AMOUNT).data(Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )
    qtmodeltester.check(model)
    save_screen(form, "payment-form")

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.last_payment is not None, timeout=10_000)
    payment = form.last_payment
    assert payment is not None and payment.number == f"SH-PM-{TODAY.year}-000001"
    assert form.messages.kind == "success" and payment.number in form.messages.text()
    assert owed(sqlite_branch, c) == {jan5: D("300.00"), jan10: D("800.00")}
    assert jan3 not in owed(sqlite_branch, c)
    qtbot.waitUntil(lambda: model.rowCount() == 2 and not form.busy)
    assert form.amount.text() == ""

    assert form.receipt_button.isEnabled()
    qtbot.mouseClick(form.receipt_button, Qt.MouseButton.LeftButton)
    receipt = form.receipt
    assert receipt is not None
    qtbot.waitUntil(lambda: receipt.dialog.preview.page_count == 1, timeout=15_000)
    with qtbot.waitSignal(receipt.receiptPrinted, timeout=15_000):
        qtbot.mouseClick(receipt.dialog.print_button, Qt.MouseButton.LeftButton)
    assert spooler.jobs == [(payment.number, "A5")]
    receipt.dialog.close()


def test_search_finds_the_customer(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    clerk = sqlite_branch.actor(Role.CLERK)
    for name in ("上海康健医药有限公司", "华山医药连锁有限公司"):
        save_customer(sqlite_branch.db, clerk, CustomerDraft(name=name, channel="国有"))
    ctx = contexts(Role.ACCOUNTANT)
    view = open_view(qtbot, ctx)
    form = view.form
    assert form is not None
    form.customer_search.setText("hsyy")
    qtbot.waitUntil(lambda: form.customer.currentText() == "华山医药连锁有限公司", timeout=10_000)
    wait_idle(qtbot, view, ctx)
    assert "未付单据 0 张" in form.balance_label.text()


def test_missing_reference_is_shown_next_to_the_field(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    c, *_slips = three_slips(sqlite_branch)
    ctx = contexts(Role.CASHIER)
    view = open_view(qtbot, ctx)
    form = view.form
    assert form is not None
    choose_customer(qtbot, form, c, 3)
    form.method.setCurrentIndex(form.method.findData("bank_transfer"))
    form.amount.setText("100")
    form.received_on.setText("2999-01-01")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_of(form, "reference") != "", timeout=10_000)
    assert "银行转账收款必须填写票据号或银行流水号" in error_of(form, "reference")
    assert error_of(form, "received_on") != ""
    assert error_of(form, "amount") == ""
    assert form.messages.kind == "error" and form.last_payment is None
    assert payments.list_payments(ctx.db, ctx.actor) == []
    save_screen(form, "payment-form-errors")

    form.reference.setText("ICBC-20261126-0001")
    form.received_on.setText(TODAY.isoformat())
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.last_payment is not None, timeout=10_000)
    assert error_of(form, "reference") == ""
    assert [p.reference for p in payments.list_payments(ctx.db, ctx.actor)] == [
        "ICBC-20261126-0001"
    ]


def test_chosen_allocation_errors_sit_on_their_row(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    c, jan3, jan5, jan10 = three_slips(sqlite_branch)
    ctx = contexts(Role.CASHIER)
    view = open_view(qtbot, ctx)
    form = view.form
    assert form is not None
    choose_customer(qtbot, form, c, 3)
    form.chosen.setChecked(True)
    model = form.allocation_model
    assert model.flags(model.index(0, AMOUNT)) & Qt.ItemFlag.ItemIsEditable
    form.amount.setText("900")
    assert model.set_amount(0, "600")  # the Jan 3 slip owes 500
    assert model.set_amount(2, "300")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_of(form, "allocations") != "", timeout=10_000)
    first = model.index(0, 0).data()
    assert first in error_of(form, "allocations") and "尚欠500.00元" in error_of(
        form, "allocations"
    )
    assert model.error(0) and not model.error(2)
    assert model.index(0, AMOUNT).data(Qt.ItemDataRole.BackgroundRole) is not None

    model.set_amount(0, "500")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.last_payment is not None, timeout=10_000)
    # As chosen; the 100 left is credit and is not swept onto the Jan 5 slip.
    assert owed(sqlite_branch, c) == {jan5: D("1000.00"), jan10: D("500.00")}
    assert form.last_payment.unallocated == D("100.00")  # type: ignore[union-attr]


def test_reversal_through_the_payments_list(
    qtbot: QtBot, qtmodeltester: ModelTester, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    c, jan3, jan5, jan10 = three_slips(sqlite_branch)
    ctx = contexts(Role.ACCOUNTANT)
    paid = payments.record_payment(
        ctx.db, ctx.actor, PaymentInput(customer_id=c, method="cash", amount="1200.00")
    )
    view = open_view(qtbot, ctx)
    panel = view.payments
    assert panel is not None
    view.tabs.setCurrentWidget(panel)
    assert panel.select_number(paid.number)
    qtbot.mouseClick(panel.reverse_button, Qt.MouseButton.LeftButton)
    dialog = panel.reverse_dialog
    assert dialog is not None and paid.number in dialog.text_label.text()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)  # no reason
    qtbot.waitUntil(lambda: dialog.reason_box.error != "", timeout=10_000)
    assert "冲销原因" in dialog.reason_box.error
    dialog.reason.setPlainText("金额登记错误")
    with qtbot.waitSignal(panel.paymentReversed, timeout=10_000) as reversed_:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    reversal = reversed_.args[0]
    assert reversal.amount == D("-1200.00") and reversal.reverses_number == paid.number
    wait_idle(qtbot, view, ctx)
    assert panel.model.rowCount() == 2
    status = panel.model.column_named("status")
    texts = {panel.model.text(r, 0): panel.model.text(r, status) for r in range(2)}
    assert texts == {paid.number: "已冲销", reversal.number: "冲销单"}
    amount = panel.model.column_named("amount")
    assert panel.model.text(0, amount) == "-¥1,200.00"
    assert owed(sqlite_branch, c) == {jan3: D("500.00"), jan5: D("1000.00"), jan10: D("800.00")}
    assert panel.select_number(paid.number) and not panel.reverse_button.isEnabled()
    qtmodeltester.check(panel.model)


# --- receivables -----------------------------------------------------------------------------

ON = date(2026, 6, 30)


def test_receivables_ageing_totals_export_and_month_end(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    contexts: MakeContext,
    sqlite_branch: Branch,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    a = make_customer(sqlite_branch, "上海康健医药有限公司")
    make_slip(sqlite_branch, a, "1000.00", date(2026, 6, 10), due=date(2026, 7, 10))  # current
    make_slip(sqlite_branch, a, "200.00", date(2026, 5, 21), due=date(2026, 6, 20))  # 10 days
    make_slip(sqlite_branch, a, "300.00", date(2026, 4, 15), due=date(2026, 5, 15))  # 46
    make_slip(sqlite_branch, a, "400.00", date(2026, 3, 11), due=date(2026, 4, 10))  # 81
    make_slip(sqlite_branch, a, "500.00", date(2025, 12, 2), due=date(2026, 1, 1))  # 180
    make_slip(sqlite_branch, a, "50.00", ON, kind="delivery")  # cash: due that day
    b = make_customer(sqlite_branch, "华山医药连锁有限公司")
    make_slip(sqlite_branch, b, "70.00", date(2026, 6, 1), kind="delivery")  # 29 days
    ctx = contexts(Role.ACCOUNTANT)
    view = open_view(qtbot, ctx)
    panel = view.receivables
    assert panel is not None
    view.tabs.setCurrentWidget(panel)
    panel.on_field.setText(ON.isoformat())
    qtbot.mouseClick(panel.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.shown_on == ON and not panel.busy, timeout=10_000)
    model = panel.ageing_model
    assert model.rowCount() == 3  # two customers and the totals row
    totals = {
        key: model.text(2, model.column_named(key))
        for key in ("current", "d1_30", "d31_60", "d61_90", "over_90", "total", "balance")
    }
    assert totals == {
        "current": "¥1,050.00",
        "d1_30": "¥270.00",
        "d31_60": "¥300.00",
        "d61_90": "¥400.00",
        "over_90": "¥500.00",
        "total": "¥2,520.00",
        "balance": "¥2,520.00",
    }
    assert model.text(2, 0) == "合计（2 个客户）"
    assert model.text(0, 0) == "上海康健医药有限公司"  # biggest balance first
    assert model.headerData(5, Qt.Orientation.Horizontal) == "90天以上"
    qtmodeltester.check(model)
    save_screen(view, "receivables")

    target = tmp_path / "应收款"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.messages.kind == "success", timeout=10_000)
    sheet = load_workbook(target.with_suffix(".xlsx")).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][:6] == [
        "客户",
        "当期",
        "1-30天",
        "31-60天",
        "61-90天",
        "90天以上",
    ]
    assert sheet["A3"].value == "上海康健医药有限公司" and sheet["B3"].value == 1050
    assert sheet["G5"].value == 2520 and sheet["G5"].number_format == "#,##0.00"
    panel.messages.clear()

    panel.tabs.setCurrentIndex(1)
    panel.month_combo.setCurrentIndex(panel.month_combo.findText("2026-06"))
    qtbot.waitUntil(lambda: "2026-06-30" in panel.month_status.text() and not panel.busy)
    assert panel.month_status.text().startswith("尚未结转")
    assert panel.month_model.text(panel.month_model.rowCount() - 1, 1) == "¥2,520.00"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.snapshot_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.messages.kind == "success", timeout=10_000)
    assert panel.month_status.text().startswith("已于")
    assert not panel.snapshot_button.isEnabled()
    stored = payments.month_end_receivables(ctx.db, ctx.actor, "2026-06")
    assert stored.taken and stored.total == D("2520.00")


# --- remittances -----------------------------------------------------------------------------


def test_overdue_remittance_is_red_and_can_be_remitted(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    c = make_customer(sqlite_branch, "上海康健医药有限公司")
    ctx = contexts(Role.CASHIER)

    def pay(amount: str, received_on: date, reference: str) -> str:
        data = PaymentInput(
            customer_id=c,
            method="bank_transfer",
            amount=amount,
            received_on=received_on,
            reference=reference,
        )
        return payments.record_payment(ctx.db, ctx.actor, data).number

    late = pay("60000.00", TODAY - timedelta(days=3), "B-1")  # 24 h rule: two days late
    fresh = pay("80000.00", TODAY, "B-2")  # within its 24 h
    small = pay("1000.00", TODAY, "B-3")  # below the threshold: no deadline
    view = open_view(qtbot, ctx)
    panel = view.remittances
    assert panel is not None
    view.tabs.setCurrentWidget(panel)
    model = panel.money_model
    rows = {model.text(r, 0): r for r in range(model.rowCount())}
    assert list(rows) == [late, fresh, small]  # soonest deadline first
    status = model.column_named("status")
    assert model.text(rows[late], status).startswith("逾期 ")
    assert model.text(rows[late], status).endswith(" 小时")
    hours = Decimal(model.text(rows[late], status).split()[1])
    assert D("48") <= hours < D("72")
    colour = model.index(rows[late], status).data(Qt.ItemDataRole.ForegroundRole)
    assert colour.color() == QColor(RED)
    assert model.index(rows[fresh], status).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.text(rows[fresh], status).startswith("剩余 ")
    assert model.text(rows[small], status) == "随交（无时限）"
    assert "逾期 1 笔" in panel.summary.text()
    save_screen(view, "remittances")

    panel.show_combo.setCurrentIndex(panel.show_combo.findData("overdue"))
    qtbot.waitUntil(lambda: model.rowCount() == 1 and not panel.busy)
    panel.select_numbers(late)
    assert [u.payment_number for u in panel.selected_payments()] == [late]
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)  # no reference
    qtbot.waitUntil(lambda: panel.boxes["reference"].error != "", timeout=10_000)
    panel.reference.setText("HQ-20261126-01")
    with qtbot.waitSignal(panel.remittanceRecorded, timeout=10_000) as recorded:
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert recorded.args[0].amount == D("60000.00")
    qtbot.waitUntil(lambda: model.rowCount() == 0 and not panel.busy, timeout=10_000)
    assert panel.remittance_model.rowCount() == 1
    assert payments.remittances_overdue(ctx.db, ctx.actor) == []


def test_allocation_model_passes_the_model_tester(
    qtmodeltester: ModelTester, sqlite_branch: Branch
) -> None:
    c, *_ = three_slips(sqlite_branch)
    balance = payments.outstanding(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), c)
    model = AllocationModel()
    model.set_slips(balance.slips)
    model.set_chosen(True)
    model.set_amount(1, "100")
    qtmodeltester.check(model)


def test_bad_debts_of_customers_we_stopped_working_with(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    from datetime import UTC
    from datetime import datetime

    from kehu_desktop.models import Customer

    gone = make_customer(sqlite_branch, "旧客户医药有限公司", status="terminated")
    make_slip(sqlite_branch, gone, "90.00", date(2024, 12, 1), kind="delivery")
    with sqlite_branch.db.write() as s:  # stopped (its file last changed) on 2025-01-01
        customer = s.get(Customer, gone)
        assert customer is not None
        customer.updated_at = datetime(2025, 1, 1, 4, tzinfo=UTC)
    ctx = contexts(Role.ACCOUNTANT)
    view = open_view(qtbot, ctx)
    panel = view.receivables
    assert panel is not None
    panel.on_field.setText(ON.isoformat())
    qtbot.mouseClick(panel.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.shown_on == ON and not panel.busy, timeout=10_000)
    model = panel.bad_debt_model
    assert model.rowCount() == 2  # the customer and the totals row
    assert [model.text(0, c) for c in range(5)] == [
        "旧客户医药有限公司",
        "2025-01-01",
        "545",
        "¥90.00",
        "2024-12-01",
    ]
    assert model.text(1, 3) == "¥90.00"
