"""The cashier's release desk against a real SQLite branch database, data built through the real
services (tests/factories.py's dispatch helpers, dated today: the desk checks today's credit)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import tests.factories as td
from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.services import dispatch as svc
from kehu_desktop.services import payments
from kehu_desktop.services.dispatch import release_dispatch
from kehu_desktop.views.dispatch.cashier_desk import CashierDeskView
from kehu_desktop.views.dispatch.dispatch_model import CASHIER_COLUMNS
from kehu_desktop.views.dispatch.dispatch_model import DispatchRowsModel
from kehu_desktop.views.dispatch.dispatch_model import PagedDispatchModel
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Iterator[date]:
    """The dispatch helpers date everything TODAY; the desk checks the credit of today."""
    now = date.today()
    monkeypatch.setattr(td, "TODAY", now)
    monkeypatch.setattr(td, "MONTH", now.replace(day=1))
    yield now


def blocked_shop(branch: Branch) -> tuple[td.Shop, uuid.UUID, str, str]:
    """Limit ¥200,000.00; exposure ¥180,000.00 = an unpaid credit slip of ¥100,000.00 and a
    released note of ¥80,000.00; a waiting note of ¥30,000.00 (blocked: ¥210,000.00, and the
    previous delivery is not paid: 前清后送). The slip was paid by a bank transfer when the
    80,000.00 went out; the transfer bounced afterwards (reversed), so it owes again."""
    shop = td.make_shop(branch, limit="200000.00")
    slipped = td.ready_note(shop, amount="100000.00")
    assert td.release(shop, slipped).released
    slip_number = td.deliver(shop, slipped).slip_numbers[-1]
    transfer = payments.record_payment(
        branch.db,
        branch.actor(Role.CASHIER),
        payments.PaymentInput(shop.customer_id, "bank_transfer", "100000.00", reference="BOC-1"),
    )
    out = td.ready_note(shop, amount="80000.00")
    assert td.release(shop, out).released
    payments.reverse_payment(branch.db, branch.actor(Role.ACCOUNTANT), transfer.id, "银行退票")
    out_number = svc.get_dispatch(branch.db, branch.actor(Role.CASHIER), out).number
    waiting = td.ready_note(shop, amount="30000.00")
    return shop, waiting, slip_number, out_number


def shot(widget: QWidget, name: str) -> None:
    """A screenshot once pending layout changes (the busy bar just hidden) are applied."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    save_screen(widget, name)


def open_desk(qtbot: QtBot, contexts: MakeContext, role: Role = Role.CASHIER) -> CashierDeskView:
    ctx = contexts(role)
    view = CashierDeskView(ctx)
    qtbot.addWidget(view)
    view.resize(1360, 820)
    view.show()
    qtbot.waitUntil(lambda: not view.busy and not ctx.worker.busy)
    return view


def choose(qtbot: QtBot, view: CashierDeskView, note_id: uuid.UUID) -> None:
    assert view.select_note(note_id), "the note is not in the waiting list"
    qtbot.waitUntil(lambda: view.panel.decision is not None and not view.busy)


def waiting_numbers(view: CashierDeskView) -> list[str]:
    return [r.number for r in view.model.rows()]


def test_blocked_note_shows_every_number_and_release_is_disabled(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    shop, waiting, slip_number, out_number = blocked_shop(sqlite_branch)
    view = open_desk(qtbot, contexts)
    choose(qtbot, view, waiting)
    panel = view.panel
    assert panel.blocked
    assert panel.decision_box.isVisible() and panel.failures.isVisible()
    assert panel.failure_texts == [
        f"前清后送：客户“上海康健医药有限公司”上一笔发货{out_number}（{today.isoformat()}）"
        "尚欠¥80,000.00，结清后才能再发货",
        "超出本月授信额度：敞口 ¥180,000.00 + 本单 ¥30,000.00 = ¥210,000.00 > "
        "额度 ¥200,000.00（超出 ¥10,000.00）",
    ]
    assert "¥210,000.00" in panel.failures.text()
    assert panel.no_override.isVisible() and "出纳无权越权放行" in panel.no_override.text()
    assert not view.release_button.isEnabled()
    qtbot.mouseClick(view.release_button, Qt.MouseButton.LeftButton)  # nothing happens
    assert (
        svc.get_dispatch(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), waiting).status
        == "assigned"
    )
    # The exposure, document by document.
    items = panel.items
    rows = {
        cell(items, r, 1): (cell(items, r, 0), cell(items, r, 3)) for r in range(items.rowCount())
    }
    assert rows == {
        slip_number: ("未付单据", "100,000.00"),
        out_number: ("已放行未开单", "80,000.00"),
    }
    amount = items.item(0, 3)
    assert amount is not None and amount.textAlignment() & Qt.AlignmentFlag.AlignRight
    sums = {k: v.text() for k, v in panel.sum_values.items()}
    assert sums == {
        "unpaid_slips": "¥100,000.00",
        "released_not_slipped": "¥80,000.00",
        "exposure": "¥180,000.00",
        "amount": "¥30,000.00",
        "after": "¥210,000.00",
        "limit": "¥200,000.00",
        "headroom": "-¥10,000.00",
    }
    assert panel.position_values["grade"].text() == "3级"
    assert panel.position_values["limit"].text() == "¥200,000.00"
    assert panel.position_values["cap"].text() == "¥1,000,000.00"
    shot(view, "cashier-blocked")


def test_overdue_slip_blocks_credit_and_is_named(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    """Agreed terms (30 days), a credit slip delivered 61 days ago and never paid: a month past
    its due date. The desk names the slip, its due date and the days overdue."""
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    first = td.ready_note(shop, amount="4800.00")
    assert td.release(shop, first).released
    delivered = today - timedelta(days=61)
    rep = sqlite_branch.actor(Role.SALES_REP)
    slip = svc.confirm_delivery(sqlite_branch.db, rep, first, None, delivered).slip_numbers[0]
    waiting = td.ready_note(shop, amount="2000.00")
    view = open_desk(qtbot, contexts)
    choose(qtbot, view, waiting)
    panel = view.panel
    assert panel.blocked and not view.release_button.isEnabled()
    due = (delivered + timedelta(days=30)).isoformat()
    assert panel.failure_texts == [
        f"前清后送：客户“上海康健医药有限公司”上一笔发货{slip}（{delivered.isoformat()}）"
        "尚欠¥4,800.00，结清后才能再发货",
        f"赊销单{slip}已逾期31天（到期日{due}，尚欠¥4,800.00），逾期未清不得再赊销",
    ]
    assert "已逾期31天" in panel.failures.text()
    # Paying is the way out, not a limit raise.
    assert panel.no_override.text() == "出纳无权越权放行；客户须先结清欠款。"
    assert view.release_hint.text() == "不能放行：出纳无权越权放行；客户须先结清欠款。"
    shot(view, "cashier-overdue")


def test_within_limit_note_releases_and_leaves_the_waiting_list(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    note = td.ready_note(shop, amount="12345.60")
    number = svc.get_dispatch(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), note).number
    view = open_desk(qtbot, contexts)
    assert waiting_numbers(view) == [number]
    choose(qtbot, view, note)
    assert not view.panel.blocked and not view.panel.failures.isVisible()
    assert not view.panel.no_override.isVisible()
    assert view.panel.empty_items.isVisible()  # nothing open yet
    assert view.panel.sum_values["headroom"].text() == "¥187,654.40"
    assert view.release_button.isEnabled()
    assert number in view.release_button.text()
    shot(view, "cashier-ok")
    with qtbot.waitSignal(view.dispatchReleased) as released:
        qtbot.mouseClick(view.release_button, Qt.MouseButton.LeftButton)
    assert released.args[0].status == "released"
    qtbot.waitUntil(lambda: not view.busy)
    assert waiting_numbers(view) == []
    assert view.messages.kind == "success" and number in view.messages.text()
    assert [r.number for r in view.notes_out.model.rows()] == [number]
    assert (
        svc.get_dispatch(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), note).status
        == "released"
    )


def test_near_limit_warning_is_amber_and_release_still_allowed(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    note = td.ready_note(shop, amount="165000.00", mode="phone")
    view = open_desk(qtbot, contexts)
    choose(qtbot, view, note)
    assert not view.panel.blocked
    assert view.panel.warnings_box.isVisible()
    number = view.model.rows()[0].number
    assert view.panel.warning_texts == [
        f"发运单{number}为电话批准，签字待补",
        "接近授信额度：放行后敞口 ¥165,000.00，已达额度 ¥200,000.00 的 80% 预警线（¥160,000.00）",
    ]
    assert view.release_button.isEnabled()
    shot(view, "cashier-warning")


def test_release_result_wins_over_a_stale_preview(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    """Someone else spends the headroom after the preview: the locked re-check refuses."""
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    note = td.ready_note(shop, amount="150000.00")
    view = open_desk(qtbot, contexts)
    choose(qtbot, view, note)
    assert view.release_button.isEnabled()
    other = td.ready_note(shop, amount="100000.00")
    qtbot.waitUntil(lambda: not view.busy and view.release_button.isEnabled())
    # Another cashier, meanwhile, on another PC: its database connection is not this one, so
    # this desk hears nothing of it (the changes broadcast is per process) and its preview is
    # stale.
    elsewhere = Database(sqlite_branch.db.url, clock=sqlite_branch.db.clock)
    try:
        assert release_dispatch(elsewhere, sqlite_branch.actor(Role.CASHIER), other).released
    finally:
        elsewhere.dispose()
    qtbot.mouseClick(view.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy and view.messages.kind == "error")
    assert view.panel.blocked and "¥250,000.00" in view.panel.failure_texts[-1]
    assert view.panel.failure_texts[0].startswith("前清后送")
    assert not view.release_button.isEnabled()
    assert (
        svc.get_dispatch(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), note).status
        == "assigned"
    )


def test_cash_sale_of_a_customer_without_limit_releases(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    shop = td.make_shop(sqlite_branch, grade=5, terms=None, limit=None)
    note = td.ready_note(shop, "cash", amount="500.00", mode="phone")
    view = open_desk(qtbot, contexts)
    choose(qtbot, view, note)
    assert not view.panel.blocked
    assert view.panel.position_values["limit"].text() == "No limit (cash only)"
    assert view.panel.cash_note.isVisible()
    assert any("签字待补" in w for w in view.panel.warning_texts)
    assert view.model.rows()[0].signature_owed
    approval = view.model.index(0, CASHIER_COLUMNS.index("approval")).data()
    assert approval == "Phone approval · signature owed"
    assert view.owed.model.rowCount() == 1


def test_returned_note_registers_market_office_goods(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    # A cash customer: two deliveries may be out at once (前清后送 binds agreed terms only).
    shop = td.make_shop(sqlite_branch, grade=None, terms=None, limit=None)
    note = td.ready_note(shop, "cash", amount="125.00")
    assert td.release(shop, note).released
    on_road = td.ready_note(shop, "cash", amount="50.00")
    assert td.release(shop, on_road).released
    td.deliver(shop, note)
    view = open_desk(qtbot, contexts)
    view.tabs.setCurrentWidget(view.notes_out)
    out = view.notes_out
    assert len(out.model.rows()) == 2
    statuses = {r.id: r.status for r in out.model.rows()}
    assert statuses == {note: "delivered", on_road: "released"}
    out.table.selectRow(out.model.row_of(on_road))
    assert not out.return_button.isEnabled()
    out.table.selectRow(out.model.row_of(note))
    assert out.return_button.isEnabled()
    with qtbot.waitSignal(view.noteReturned):
        qtbot.mouseClick(out.return_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy and view.goods.table.rowCount() == 1)
    goods = view.goods.table
    assert [cell(goods, 0, c) for c in range(goods.columnCount())] == [
        "浦东市场部",
        cell(goods, 0, 1),
        "维生素C咀嚼片",
        "瓶",
        "25",
        "125.00",
        "1",
    ]
    assert view.goods.total_label.text() == "Total: ¥125.00"
    assert [r.id for r in out.model.rows()] == [on_road]


def test_search_selects_the_drivers_note(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    td.ready_note(shop, amount="100.00")
    second = td.ready_note(shop, amount="200.00")
    number = svc.get_dispatch(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), second).number
    view = open_desk(qtbot, contexts)
    assert len(view.model.rows()) == 2
    qtbot.keyClicks(view.search_edit, number[-6:])
    qtbot.waitUntil(lambda: view.panel.decision is not None and not view.busy)
    assert waiting_numbers(view) == [number]
    assert view.release_button.isEnabled()


def test_other_roles_see_the_check_but_cannot_release(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    note = td.ready_note(shop, amount="100.00")
    view = open_desk(qtbot, contexts, Role.BRANCH_GM)
    choose(qtbot, view, note)
    assert not view.panel.blocked
    assert not view.release_button.isEnabled()
    hint = view.findChild(QLabel, "release_hint")
    assert hint is not None and hint.text() == "Only the cashier releases goods."


def test_dispatch_models_pass_qtmodeltester(
    qtmodeltester: ModelTester,
    qtbot: QtBot,
    contexts: MakeContext,
    sqlite_branch: Branch,
    today: date,
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    for amount in ("100.00", "205.50", "1234.56"):
        td.ready_note(shop, amount=amount)
    view = open_desk(qtbot, contexts)
    assert view.model.rowCount() == 3
    qtmodeltester.check(view.model)
    rows = DispatchRowsModel()
    rows.set_rows(view.model.rows())
    qtmodeltester.check(rows)
    total = view.model.index(0, CASHIER_COLUMNS.index("total"))
    assert total.data() in {"100.00", "205.50", "1,234.56"}
    assert total.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert Decimal("1234.56") in {r.total for r in view.model.rows()}


def test_waiting_list_pages_through_sql(
    qtmodeltester: ModelTester,
    qtbot: QtBot,
    contexts: MakeContext,
    sqlite_branch: Branch,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kehu_desktop.views.dispatch.dispatch_model as dispatch_model

    monkeypatch.setattr(dispatch_model, "PAGE_SIZE", 2)
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    notes = [td.ready_note(shop, amount=f"{100 + i}.00") for i in range(5)]
    ctx = contexts(Role.CASHIER)
    model = PagedDispatchModel(ctx, ("approved", "assigned"), CASHIER_COLUMNS)
    offsets: list[int] = []
    model.pageLoaded.connect(offsets.append)
    model.refresh()
    qtbot.waitUntil(lambda: not model.loading)
    assert model.rowCount() == 2 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading)
    assert offsets == [0, 2, 4] and not model.canFetchMore()
    assert sorted(r.id for r in model.rows()) == sorted(notes)
    qtmodeltester.check(model)
    # The desk's table asks for the pages it needs to fill its rows.
    view = open_desk(qtbot, contexts)
    # The view asks for the next page from a zero-delay timer after it lays out the rows that
    # came: between two pages nothing is loading, so wait for the rows, not for "not busy".
    qtbot.waitUntil(lambda: view.model.rowCount() == 5 and not view.model.canFetchMore())
    qtbot.waitUntil(lambda: view.tabs.tabText(0) == "Awaiting release (5)")


def test_approved_note_without_driver_is_blocked_with_the_reason(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    note = td.request(shop, "cash").id
    svc.approve_dispatch(sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), note)
    view = open_desk(qtbot, contexts)
    choose(qtbot, view, note)
    assert view.panel.blocked
    assert view.panel.failure_texts == [f"发运单{view.model.rows()[0].number}尚未安排送货员"]
    assert not view.release_button.isEnabled()


LONG_NAMES = (
    "杭州华东医药集团浙江华义医药有限公司",  # 18 characters
    "上海华东医药物流集团股份有限公司",  # 16
    "绍兴华润中兴医药供应链集团有限公司",  # 17
)


def test_desk_at_1366_by_768_shows_the_customers_names(
    qtbot: QtBot, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    """The desk in the main window on a 1366 × 768 screen (less the taskbar), a blocked note
    selected: the 客户 column shows the names, not "上…"; a name too long for it keeps its
    start and its end, and shows whole as the tooltip."""
    from kehu_desktop.views.kit.column_widths import full_text_tip
    from kehu_desktop.views.kit.context import AppContext
    from kehu_desktop.views.kit.worker import DbWorker
    from kehu_desktop.views.shell.main_window import MainWindow

    shop, waiting, _slip, _out = blocked_shop(sqlite_branch)
    for name in LONG_NAMES:
        other = td.make_shop(sqlite_branch, name=name, limit="200000.00")
        td.ready_note(other, amount="260.00")
    worker = DbWorker()
    try:
        window = MainWindow(AppContext(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), worker))
        qtbot.addWidget(window)
        window.show()
        window.resize(1366, 728)
        desk = window.show_screen("cashier")
        assert isinstance(desk, CashierDeskView)
        qtbot.waitUntil(lambda: not desk.busy and desk.model.rowCount() == 4, timeout=10_000)
        choose(qtbot, desk, waiting)
        assert desk.panel.blocked
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        qtbot.wait(50)
        table = desk.table
        column = CASHIER_COLUMNS.index("customer")
        width = table.horizontalHeader().sectionSize(column)
        metrics = table.fontMetrics()
        shown = 0
        for row in range(desk.model.rowCount()):
            index = desk.model.index(row, column)
            name = str(index.data())
            if metrics.horizontalAdvance(name) + 8 <= width:
                shown += 1
            else:  # elided in the middle; the tooltip has it whole
                assert full_text_tip(table, index) == name
        # Every name up to 16 characters is whole (the issue saw "上…" and "杭…").
        assert width >= metrics.horizontalAdvance("上海华东医药物流集团股份有限公司")
        assert shown >= 3
        assert table.horizontalHeader().length() <= table.viewport().width()  # no side scroll
        assert desk.release_button.isVisible() and window.statusBar().isVisible()
        shot(window, "cashier-desk-1366x768")
    finally:
        worker.shutdown()
