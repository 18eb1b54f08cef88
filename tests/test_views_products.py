"""The products screen: search, paging, the administrator's editing with field errors, batches,
and read-only use by everyone else; against a real SQLite branch database."""

from __future__ import annotations

import dataclasses
from datetime import date
from datetime import timedelta
from decimal import Decimal

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.services import products
from kehu_desktop.services.products import ProductInput
from kehu_desktop.views.products.product_model import PAGE_SIZE
from kehu_desktop.views.products.product_model import PRICE
from kehu_desktop.views.products.product_model import BatchModel
from kehu_desktop.views.products.product_model import ProductModel
from kehu_desktop.views.products.product_model import ProductRole
from kehu_desktop.views.products.products_view import BatchDialog
from kehu_desktop.views.products.products_view import ProductDialog
from kehu_desktop.views.products.products_view import ProductsView
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

AMOXICILLIN = ProductInput(
    code="YP-001",
    name="阿莫西林胶囊",
    specification="0.25g×24粒",
    unit="盒",
    factory_price="12.50",
    batch_required=True,
    dosage_form="胶囊剂",
    manufacturer="石药集团中诺药业(石家庄)有限公司",
)
CATALOGUE = [
    AMOXICILLIN,
    dataclasses.replace(AMOXICILLIN, code="YP-002", name="布洛芬缓释胶囊", factory_price="8.00"),
    dataclasses.replace(
        AMOXICILLIN,
        code="YP-003",
        name="复方丹参滴丸",
        specification="27mg×180丸",
        factory_price="1234.50",
    ),
    dataclasses.replace(
        AMOXICILLIN,
        code="BJ-001",
        name="维生素C片",
        specification="100mg×100片",
        unit="瓶",
        factory_price="3.20",
        batch_required=False,
    ),
]


def add_catalogue(branch: Branch) -> list[products.ProductView]:
    admin = branch.actor(Role.ADMIN)
    return [products.save_product(branch.db, admin, p) for p in CATALOGUE]


def open_view(qtbot: QtBot, contexts: MakeContext, role: Role) -> ProductsView:
    view = ProductsView(contexts(role))
    qtbot.addWidget(view)
    view.resize(1100, 560)
    view.show()
    qtbot.waitUntil(lambda: not view.busy)
    return view


def codes(view: ProductsView) -> list[str]:
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def search(qtbot: QtBot, view: ProductsView, text: str) -> None:
    view.search_edit.setText(text)
    qtbot.waitUntil(lambda: not view.busy and not view._search_timer.isActive())


def select(qtbot: QtBot, view: ProductsView, code: str) -> None:
    view.table.selectRow(codes(view).index(code))
    qtbot.waitUntil(lambda: view.selected() is not None and view.selected().code == code)  # type: ignore[union-attr]


def test_search_by_pinyin_initials_and_read_only_for_others(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    add_catalogue(sqlite_branch)
    view = open_view(qtbot, contexts, Role.CASHIER)
    assert codes(view) == ["BJ-001", "YP-001", "YP-002", "YP-003"]
    search(qtbot, view, "amxl")
    assert codes(view) == ["YP-001"]
    search(qtbot, view, "FFDS")  # initials in capitals
    assert codes(view) == ["YP-003"]
    search(qtbot, view, "yp")  # code prefix, any case
    assert codes(view) == ["YP-001", "YP-002", "YP-003"]
    search(qtbot, view, "胶囊")
    assert codes(view) == ["YP-001", "YP-002"]
    search(qtbot, view, "")
    # read only: no editing offered, a double-click opens nothing, the notice says why
    assert not view.add_button.isVisible() and not view.edit_button.isVisible()
    assert not view.add_batch_button.isVisible()
    assert view.notice.kind == "info"
    index = view.model.index(1, 1)
    view.table.doubleClicked.emit(index)
    assert view.dialog is None


def test_prices_are_decimal_and_right_aligned(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    add_catalogue(sqlite_branch)
    view = open_view(qtbot, contexts, Role.CLERK)
    row = codes(view).index("YP-003")
    price = view.model.index(row, PRICE)
    assert price.data() == "¥1,234.50"
    assert price.data(ProductRole).factory_price == Decimal("1234.50")
    assert price.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    header = view.model.headerData(PRICE, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "厂价"


def test_administrator_adds_a_product_price_below_a_cent_is_refused(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    view = open_view(qtbot, contexts, Role.ADMIN)
    assert codes(view) == []
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ProductDialog) and dialog.isVisible()
    dialog.inputs["code"].setText("yp-010")
    dialog.inputs["name"].setText("头孢克肟分散片")
    dialog.inputs["specification"].setText("0.1g×6片")
    dialog.dosage_form.setCurrentText("片剂")  # picked from the list
    dialog.inputs["manufacturer"].setText("广州白云山制药股份有限公司")
    dialog.inputs["unit"].setText("盒")
    dialog.inputs["factory_price"].setText("0.00")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.boxes["factory_price"].error == "厂价不能低于0.01元"
    assert dialog.inputs["factory_price"].property("invalid") is True
    assert dialog.isVisible()
    dialog.inputs["factory_price"].setText("6.80")
    with qtbot.waitSignal(view.productSaved) as saved:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].code == "YP-010" and saved.args[0].factory_price == Decimal("6.80")
    assert (saved.args[0].dosage_form, saved.args[0].manufacturer) == (
        "片剂",
        "广州白云山制药股份有限公司",
    )
    qtbot.waitUntil(lambda: not view.busy and codes(view) == ["YP-010"])
    assert view.messages.kind == "success"

    # a batch for the selected product
    select(qtbot, view, "YP-010")
    qtbot.mouseClick(view.add_batch_button, Qt.MouseButton.LeftButton)
    batch = view.dialog
    assert isinstance(batch, BatchDialog)
    batch.batch_no.setText("20261101")
    qtbot.mouseClick(batch.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.batch_model.rowCount() == 1)
    assert view.batch_model.index(0, 0).data() == "20261101"

    # editing keeps the product's id; a taken code is refused next to the code
    products.save_product(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN), AMOXICILLIN)
    search(qtbot, view, "")
    select(qtbot, view, "YP-010")
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    edit = view.dialog
    assert isinstance(edit, ProductDialog)
    assert edit.inputs["factory_price"].text() == "6.80"
    assert edit.dosage_form.currentText() == "片剂"
    assert edit.inputs["manufacturer"].text() == "广州白云山制药股份有限公司"
    edit.inputs["code"].setText("YP-001")
    qtbot.mouseClick(edit.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not edit.busy)
    assert "YP-001" in edit.boxes["code"].error


def test_batches_of_the_selected_product(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    amoxicillin = add_catalogue(sqlite_branch)[0]
    admin = sqlite_branch.actor(Role.ADMIN)
    today = date.today()
    products.add_batch(sqlite_branch.db, admin, amoxicillin.id, "OLD-1", today - timedelta(days=3))
    products.add_batch(sqlite_branch.db, admin, amoxicillin.id, "NEW-2", today + timedelta(400))
    products.add_batch(sqlite_branch.db, admin, amoxicillin.id, "NEW-1", today + timedelta(100))
    view = open_view(qtbot, contexts, Role.SALES_REP)
    select(qtbot, view, "YP-001")
    qtbot.waitUntil(lambda: view.batch_model.rowCount() == 3)
    batches = [view.batch_model.index(r, 0).data() for r in range(3)]
    assert batches == ["NEW-1", "NEW-2", "OLD-1"]  # first expiry, first out; expired last
    assert view.batch_model.index(2, 2).data() == "已过期"
    assert "阿莫西林胶囊" in view.batch_box.title()


def test_the_list_is_paged_from_sql(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    admin = sqlite_branch.actor(Role.ADMIN)
    for n in range(PAGE_SIZE + 5):
        inp = dataclasses.replace(AMOXICILLIN, code=f"P{n:04d}", name=f"测试品{n}")
        products.save_product(sqlite_branch.db, admin, inp)
    view = open_view(qtbot, contexts, Role.CLERK)
    assert view.model.rowCount() == PAGE_SIZE
    assert view.model.canFetchMore(QModelIndex())
    view.table.scrollToBottom()  # the view asks for more
    qtbot.waitUntil(lambda: view.model.rowCount() == PAGE_SIZE + 5)
    assert not view.model.canFetchMore(QModelIndex())
    assert codes(view)[-1] == f"P{PAGE_SIZE + 4:04d}"


def test_models_pass_qtmodeltester(qtmodeltester: ModelTester, sqlite_branch: Branch) -> None:
    views = add_catalogue(sqlite_branch)
    model = ProductModel()
    model.set_rows(views)
    qtmodeltester.check(model)
    admin = sqlite_branch.actor(Role.ADMIN)
    products.add_batch(sqlite_branch.db, admin, views[0].id, "B1", date.today())
    batches = BatchModel()
    batches.set_rows(products.product_batches(sqlite_branch.db, admin, views[0].id))
    qtmodeltester.check(batches)
    qtmodeltester.check(ProductModel())  # empty


def test_products_screenshot(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    amoxicillin = add_catalogue(sqlite_branch)[0]
    admin = sqlite_branch.actor(Role.ADMIN)
    products.save_product(
        sqlite_branch.db,
        admin,
        dataclasses.replace(AMOXICILLIN, code="YP-900", name="盐酸小檗碱片", active=False),
    )
    products.add_batch(sqlite_branch.db, admin, amoxicillin.id, "20260301", date(2028, 2, 28))
    products.add_batch(sqlite_branch.db, admin, amoxicillin.id, "20250101", date(2026, 1, 1))
    view = open_view(qtbot, contexts, Role.ADMIN)
    view.inactive_check.setChecked(True)
    qtbot.waitUntil(lambda: not view.busy and "YP-900" in codes(view))
    select(qtbot, view, "YP-001")
    qtbot.waitUntil(lambda: view.batch_model.rowCount() == 2)
    assert view.model.headerData(PRICE, Qt.Orientation.Horizontal) == "厂价"
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["编码", "品名", "剂型", "规格", "生产厂商"]
    save_screen(view, "products")
