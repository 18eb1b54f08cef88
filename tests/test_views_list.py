"""The customer list screen and its paged model, with pytest-qt on a real SQLite branch."""

from __future__ import annotations

import sys
import threading
import types
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.customer import STATUSES
from kehu_desktop.domain.roles import Role
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import propose
from kehu_desktop.services.customers import save_customer
from kehu_desktop.views.customers.customer_list import CustomerListView
from kehu_desktop.views.customers.customer_model import PAGE_SIZE
from kehu_desktop.views.customers.customer_model import CustomerIdRole
from kehu_desktop.views.customers.customer_model import CustomerTableModel
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from tests.factories import Branch

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ROOT / "artifacts" / "screens"

NAMES = {
    "上海医药股份有限公司": ("state_owned", "浦东市场部"),
    "北京同仁堂医药有限公司": ("private", "闵行市场部"),
    "广州白云山医药集团": ("pharmacy_chain", None),
    "杭州华东大药房连锁有限公司": ("large_pharmacy", "浦东市场部"),
    "南京医药股份有限公司": ("state_owned", None),
}


@pytest.fixture(autouse=True)
def chinese_ui(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    guard_emit_refcount_bug()  # PySide6 6.12.0 on Python 3.11 would abort the run otherwise
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    i18n.install_language("zh_CN")
    i18n.install_font(qapp)  # the screenshots show Chinese when this file runs alone
    yield
    i18n.install_language("zh_CN")


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Submit ``gate.wait`` to hold the DB worker; always opened at the end of the test."""
    event = threading.Event()
    yield event
    event.set()


@pytest.fixture
def worker_for_roles() -> Iterator[DbWorker]:
    worker = DbWorker()
    yield worker
    worker.shutdown()


@pytest.fixture
def ctx(sqlite_branch: Branch) -> Iterator[AppContext]:
    worker = DbWorker()
    yield AppContext(sqlite_branch.db, sqlite_branch.actor(Role.CLERK), worker)
    worker.shutdown()


def add_customers(
    branch: Branch, names: dict[str, tuple[str, str | None]] = NAMES
) -> dict[str, uuid.UUID]:
    clerk = branch.actor(Role.CLERK)
    ids = {}
    for name, (channel, office) in names.items():
        result = save_customer(
            branch.db,
            clerk,
            CustomerDraft(name=name, channel=channel, market_office=office, phone="021-63211234"),
        )
        ids[name] = result.customer.id
    return ids


def loaded(model: CustomerTableModel) -> bool:
    return model.total is not None and not model.loading


def shown_names(model: CustomerTableModel) -> list[str]:
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def wait_loaded(qtbot: QtBot, model: CustomerTableModel) -> None:
    qtbot.waitUntil(lambda: loaded(model), timeout=10_000)


def screenshot(widget: QWidget, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / name
    assert widget.grab().save(str(path))
    return path


def test_list_loads_and_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, ctx: AppContext, sqlite_branch: Branch
) -> None:
    add_customers(sqlite_branch)
    model = CustomerTableModel(ctx)
    model.refresh()
    wait_loaded(qtbot, model)
    assert model.rowCount() == len(NAMES)
    assert sorted(shown_names(model)) == sorted(NAMES)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "客户名称"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "统一社会信用代码"
    assert model.data(model.index(0, 6)) == STATUSES["prospect"]
    assert isinstance(model.data(model.index(0, 0), CustomerIdRole), uuid.UUID)
    qtmodeltester.check(model)


def test_data_answers_at_once_while_the_worker_is_busy(
    qtbot: QtBot,
    qtmodeltester: Any,
    ctx: AppContext,
    sqlite_branch: Branch,
    gate: threading.Event,
) -> None:
    add_customers(sqlite_branch, {f"测试客户{i:03d}": ("private", None) for i in range(450)})
    model = CustomerTableModel(ctx)
    ctx.worker.submit(gate.wait, 10)  # holds the DB worker: nothing can arrive meanwhile
    model.refresh()
    # Nothing was fetched on the GUI thread: empty, page 0 queued, and not blocked.
    assert model.rowCount() == 0
    assert model.loading
    assert not model.canFetchMore(QModelIndex())  # page 0 is already on its way
    gate.set()
    wait_loaded(qtbot, model)
    assert model.rowCount() == 450  # the count sizes the model; only page 0 is cached
    assert model.loaded_row(PAGE_SIZE * 2 + 10) is None

    gate.clear()
    ctx.worker.submit(gate.wait, 10)
    far = model.index(PAGE_SIZE * 2 + 10, 0)
    assert model.data(far) == "正在加载…"  # a placeholder, and page 2 is now queued
    assert model.data(model.index(PAGE_SIZE * 2 + 10, 3)) is None
    gate.set()
    qtbot.waitUntil(lambda: model.loaded_row(PAGE_SIZE * 2 + 10) is not None, timeout=10_000)
    assert model.data(far) == f"测试客户{PAGE_SIZE * 2 + 10:03d}"
    qtmodeltester.check(model)


def test_fetch_more_grows_the_list_page_by_page_before_the_count(
    qtbot: QtBot, ctx: AppContext, sqlite_branch: Branch
) -> None:
    add_customers(sqlite_branch, {f"分页客户{i:03d}": ("private", None) for i in range(450)})
    model = CustomerTableModel(ctx)
    # The count is slow on a million rows; here it is not asked for until the end.
    real_count = model._request_count
    model._request_count = lambda: None  # type: ignore[method-assign]
    with qtbot.waitSignal(model.pageLoaded, timeout=10_000):
        model.refresh()
    assert model.rowCount() == PAGE_SIZE and model.total is None
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert not model.canFetchMore(QModelIndex())  # page 1 is on its way: no second request
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
    assert model.rowCount() == 2 * PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.pageLoaded, timeout=10_000):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())  # the last page said: no more
    real_count()
    qtbot.waitUntil(lambda: model.total == 450, timeout=10_000)
    assert model.rowCount() == 450


def test_search_by_pinyin_initials_and_a_stale_search_is_dropped(
    qtbot: QtBot, ctx: AppContext, sqlite_branch: Branch
) -> None:
    add_customers(sqlite_branch)
    view = CustomerListView(ctx)
    qtbot.addWidget(view)
    wait_loaded(qtbot, view.model)
    view.search_edit.setText("njyy")
    view.apply_filters()
    qtbot.keyClicks(view.search_edit, "x")  # typing restarts the debounce timer
    view.search_edit.setText("shyy")
    view.apply_filters()  # replaces the njyy query before its answer arrives
    wait_loaded(qtbot, view.model)
    assert shown_names(view.model) == ["上海医药股份有限公司"]
    assert view.count_label.text() == "共 1 个客户"

    qtbot.keyClicks(
        view.search_edit,
        "",
    )
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, "beijing")  # full pinyin, after the typing pause
    qtbot.waitUntil(lambda: view.model.query.search == "beijing", timeout=5_000)
    wait_loaded(qtbot, view.model)
    assert shown_names(view.model) == ["北京同仁堂医药有限公司"]


def test_the_first_keystrokes_find_their_customers(
    qtbot: QtBot, ctx: AppContext, sqlite_branch: Branch
) -> None:
    """What people type first, one key at a time: the first letter of a name's initials, the
    start of a phone number (read from the prefix buckets, migration 0020)."""
    add_customers(sqlite_branch)
    view = CustomerListView(ctx)
    qtbot.addWidget(view)
    wait_loaded(qtbot, view.model)
    for text, names in (
        ("h", ["杭州华东大药房连锁有限公司"]),
        ("n", ["南京医药股份有限公司"]),
        ("021", sorted(NAMES)),
        ("0216", sorted(NAMES)),
    ):
        view.search_edit.setText(text)
        view.apply_filters()
        wait_loaded(qtbot, view.model)
        assert shown_names(view.model) == names, text
    assert view.count_label.text() == f"共 {len(NAMES)} 个客户"
    view.search_edit.setText("h")
    view.apply_filters()
    wait_loaded(qtbot, view.model)
    view.resize(1000, 360)
    screenshot(view, "customer-list-first-letter.png")


def test_sort_descending_by_name(qtbot: QtBot, ctx: AppContext, sqlite_branch: Branch) -> None:
    add_customers(sqlite_branch)
    view = CustomerListView(ctx)
    qtbot.addWidget(view)
    wait_loaded(qtbot, view.model)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.model.query == CustomerQuery(sort="name", descending=True)
    wait_loaded(qtbot, view.model)
    names = shown_names(view.model)
    assert names == sorted(NAMES, reverse=True)
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    wait_loaded(qtbot, view.model)
    channels = [view.model.data(view.model.index(r, 4)) for r in range(view.model.rowCount())]
    assert channels == sorted(
        channels,
        key=lambda zh: {
            "国有": "state_owned",
            "私营": "private",
            "连锁药店": "pharmacy_chain",
            "大型药店": "large_pharmacy",
        }[zh],
    )


def test_status_channel_and_market_office_filters(
    qtbot: QtBot, ctx: AppContext, sqlite_branch: Branch
) -> None:
    ids = add_customers(sqlite_branch)
    propose(sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER), ids["南京医药股份有限公司"])
    view = CustomerListView(ctx)
    qtbot.addWidget(view)
    wait_loaded(qtbot, view.model)
    assert view.count_label.text() == "共 5 个客户"

    view.status_combo.setCurrentIndex(view.status_combo.findData("proposed"))
    wait_loaded(qtbot, view.model)
    assert shown_names(view.model) == ["南京医药股份有限公司"]
    assert view.model.data(view.model.index(0, 6)) == "待总经理审核"
    assert view.count_label.text() == "共 1 个客户"

    view.status_combo.setCurrentIndex(0)
    view.channel_combo.setCurrentIndex(view.channel_combo.findData("state_owned"))
    wait_loaded(qtbot, view.model)
    assert sorted(shown_names(view.model)) == ["上海医药股份有限公司", "南京医药股份有限公司"]

    view.channel_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.office_combo.count() == 3, timeout=5_000)
    view.office_combo.setCurrentIndex(view.office_combo.findText("浦东市场部"))
    wait_loaded(qtbot, view.model)
    assert sorted(shown_names(view.model)) == ["上海医药股份有限公司", "杭州华东大药房连锁有限公司"]
    assert view.count_label.text() == "共 2 个客户"
    view.resize(1200, 500)
    view.show()
    qtbot.waitExposed(view)
    assert screenshot(view, "offscreen-customer-list.png").stat().st_size > 1000


class FakeEditor(QDialog):
    customerSaved = Signal(object)
    opened: list[uuid.UUID | None] = []

    def __init__(
        self, ctx: AppContext, customer_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        FakeEditor.opened.append(customer_id)


def test_enter_opens_the_editor_and_a_save_refreshes(
    qtbot: QtBot, ctx: AppContext, sqlite_branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real editor is another module's business: a stand-in with the same interface.
    fake = types.ModuleType("kehu_desktop.views.customers.customer_editor")
    fake.CustomerEditor = FakeEditor  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kehu_desktop.views.customers.customer_editor", fake)
    FakeEditor.opened = []
    ids = add_customers(sqlite_branch)
    view = CustomerListView(ctx)
    qtbot.addWidget(view)
    view.show()
    wait_loaded(qtbot, view.model)
    row = shown_names(view.model).index("广州白云山医药集团")
    view.table.setCurrentIndex(view.model.index(row, 0))
    view.table.setFocus()
    with qtbot.waitSignal(view.customerOpened):
        qtbot.keyClick(view.table.viewport(), Qt.Key.Key_Return)
    assert FakeEditor.opened == [ids["广州白云山医药集团"]]

    editor = view.open_customer(None)
    assert FakeEditor.opened[-1] is None
    assert isinstance(editor, FakeEditor)
    save_customer(sqlite_branch.db, ctx.actor, CustomerDraft(name="苏州雷允上药业有限公司"))
    editor.customerSaved.emit(object())
    qtbot.waitUntil(lambda: loaded(view.model) and view.model.total == 6, timeout=10_000)
    editor.close()


def test_export_runs_on_the_worker(
    qtbot: QtBot, ctx: AppContext, sqlite_branch: Branch, tmp_path: Path
) -> None:
    pytest.importorskip("kehu_desktop.services.customers.exporting")
    add_customers(sqlite_branch)
    view = CustomerListView(ctx)
    qtbot.addWidget(view)
    wait_loaded(qtbot, view.model)
    view.search_edit.setText("shyy")
    view.apply_filters()
    target = tmp_path / "客户.csv"
    with qtbot.waitSignal(view.exportFinished, timeout=10_000):
        view.export_to(target)
    text = target.read_text(encoding="utf-8-sig")
    assert "上海医药股份有限公司" in text and "南京医药" not in text
    assert "已导出 1 个客户" in view.message_label.text()


def test_a_cashier_sees_the_list_and_an_empty_list_says_why(
    qtbot: QtBot, sqlite_branch: Branch, worker_for_roles: DbWorker
) -> None:
    cashier = AppContext(sqlite_branch.db, sqlite_branch.actor(Role.CASHIER), worker_for_roles)
    view = CustomerListView(cashier)
    qtbot.addWidget(view)
    view.show()
    wait_loaded(qtbot, view.model)
    assert view.empty_label.isVisible() and view.empty_label.text() == "还没有客户。"
    add_customers(sqlite_branch)
    view.model.refresh()
    wait_loaded(qtbot, view.model)
    assert not view.empty_label.isVisible() and view.model.rowCount() == 5
    view.search_edit.setText("没有这个客户")
    view.apply_filters()
    wait_loaded(qtbot, view.model)
    assert view.empty_label.text() == "没有符合搜索和筛选条件的客户。"


def test_placeholder_shows_the_example_the_demo_test_searches(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """The example comes from SEARCH_EXAMPLE, which tests/test_demo.py searches in the demo."""
    from kehu_desktop.services.customers import SEARCH_EXAMPLE

    view = CustomerListView(ctx)
    qtbot.addWidget(view)
    assert (
        view.search_edit.placeholderText()
        == f"搜索：客户名称、拼音首字母（如 {SEARCH_EXAMPLE}）、信用代码或电话"
    )
    i18n.install_language("en")
    english = CustomerListView(ctx)
    qtbot.addWidget(english)
    assert f"(e.g. {SEARCH_EXAMPLE})" in english.search_edit.placeholderText()
