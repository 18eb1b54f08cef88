"""Start-up of the GUI: first run, sign-in, main window, the app controller, translations."""

from __future__ import annotations

import errno
import functools
import importlib.util
import re
import sqlite3
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QEvent
from PySide6.QtCore import QPoint
from PySide6.QtCore import QRect
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QToolButton
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kehu_desktop.db import Database
from kehu_desktop.domain import messages
from kehu_desktop.domain.customer import CHANNELS
from kehu_desktop.domain.customer import FIELD_LABELS
from kehu_desktop.domain.customer import STATUSES
from kehu_desktop.domain.roles import ROLE_NAMES_ZH
from kehu_desktop.domain.roles import Role
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import setup
from kehu_desktop.services.slips import get_seller
from kehu_desktop.views.customers.customer_model import COLUMNS
from kehu_desktop.views.customers.customer_model import channel_label
from kehu_desktop.views.customers.customer_model import column_title
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.app import AppController
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from kehu_desktop.views.shell.app import main
from kehu_desktop.views.shell.first_run import FirstRunDialog
from kehu_desktop.views.shell.first_run import demo_available
from kehu_desktop.views.shell.first_run import parse_market_offices
from kehu_desktop.views.shell.main_window import GEOMETRY_KEY
from kehu_desktop.views.shell.main_window import MainWindow
from kehu_desktop.views.shell.sign_in import SignInDialog
from tests.factories import PASSWORD
from tests.factories import Branch

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ROOT / "artifacts" / "screens"
TS_FILE = ROOT / "resources" / "translations" / "kehu_zh_CN.ts"
MY_CONTEXTS = {
    "KehuApp",
    "ErrorMessages",
    "Roles",
    "CustomerStatus",
    "CustomerChannel",
    "CustomerColumns",
    "CustomerTableModel",
    "CustomerListView",
    "FirstRunDialog",
    "SignInDialog",
    "MainWindow",
}


@pytest.fixture(autouse=True)
def chinese_ui(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    guard_emit_refcount_bug()  # PySide6 6.12.0 on Python 3.11 would abort the run otherwise
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    i18n.install_font(qapp)
    i18n.install_language("zh_CN")
    yield
    i18n.install_language("zh_CN")


@pytest.fixture
def worker() -> Iterator[DbWorker]:
    w = DbWorker()
    yield w
    w.shutdown()


def screenshot(widget: QWidget, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / name
    assert widget.grab().save(str(path))
    return path


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kehu_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool
    spec.loader.exec_module(tool)
    return tool


# --- first run ---------------------------------------------------------------------------------


def fill_setup(qtbot: QtBot, dialog: FirstRunDialog, **values: str) -> None:
    for name, text in values.items():
        widget = getattr(dialog, name)
        widget.clear()
        if text.isascii():
            qtbot.keyClicks(widget, text)
        else:  # QTest types only what a US keyboard has; Chinese arrives through the IME
            widget.insert(text)


def test_first_run_sets_up_the_branch_and_its_administrator(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker
) -> None:
    dialog = FirstRunDialog(sqlite_db, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    screenshot(dialog, "offscreen-first-run.png")
    qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    fill_setup(
        qtbot,
        dialog,
        branch_code="sz",
        branch_name="苏州分公司",
        region_name="华东大区",
        admin_username="boss",
        admin_password="counter-42",
        admin_password_again="counter-42",
        company_name="华东康健医药股份有限公司",
        seller_address="苏州市工业园区星湖街328号",
        seller_phone="0512-62881234",
        licence_no="苏AA5120033",
    )
    dialog.market_offices.setPlainText("GX 工业园区市场部\n吴中市场部\n")
    screenshot(dialog, "offscreen-first-run-setup.png")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome == "branch"
    assert setup.is_set_up(sqlite_db)
    admin = auth.sign_in(sqlite_db, "boss", "counter-42")
    assert Role.ADMIN in admin.roles
    branch = setup.branch_view(sqlite_db, admin)
    assert (branch.code, branch.name, branch.region_name) == ("SZ", "苏州分公司", "华东大区")
    assert [(o.code, o.name) for o in branch.market_offices] == [
        ("GX", "工业园区市场部"),
        ("M02", "吴中市场部"),
    ]
    seller = get_seller(sqlite_db, admin)  # the seller its slips will print
    assert seller is not None and seller.seller_name == "华东康健医药股份有限公司苏州分公司"
    assert (seller.phone, seller.licence_no) == ("0512-62881234", "苏AA5120033")


def test_first_run_shows_errors_next_to_the_fields(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker
) -> None:
    dialog = FirstRunDialog(sqlite_db, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pages.setCurrentIndex(1)
    fill_setup(qtbot, dialog, branch_code="SH", admin_password="abc", admin_password_again="abd")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text("admin_password_again") == "两次输入的密码不一致。"
    fill_setup(qtbot, dialog, branch_code="S-H", admin_password_again="abc")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text("branch_code") == "只能使用字母和数字，例如 SH。"
    assert not setup.is_set_up(sqlite_db)  # both caught before any database work

    fill_setup(qtbot, dialog, branch_code="SH")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.errors.text("admin_password")), timeout=10_000)
    assert "8" in dialog.errors.text("admin_password")
    assert "分支机构名称" in dialog.errors.text("branch_name")
    assert "营销大区" in dialog.errors.text("region_name")
    assert "公司名称" in dialog.errors.text("company_name")  # the seller is required too
    assert "药品经营许可证号" in dialog.errors.text("licence_no")
    assert dialog.errors.text("branch_code") == ""
    assert dialog.isVisible() and dialog.submit_button.isEnabled()
    screenshot(dialog, "offscreen-first-run-errors.png")
    assert not setup.is_set_up(sqlite_db)


def test_market_office_lines() -> None:
    assert parse_market_offices("PD 浦东市场部\n\n  闵行市场部 \nmh2 闵行二部") == [
        ("PD", "浦东市场部"),
        ("M02", "闵行市场部"),
        ("MH2", "闵行二部"),
    ]


@pytest.mark.skipif(not demo_available(), reason="services.demo is not in this tree")
def test_first_run_opens_the_demo_branch(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kehu_desktop import demo

    monkeypatch.setattr(demo, "create_demo", functools.partial(demo.create_demo, customers=12))
    dialog = FirstRunDialog(sqlite_db, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=120_000):
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        assert dialog.busy_bar.isVisible() and not dialog.setup_button.isEnabled()
    assert dialog.outcome == "demo"
    assert dialog.demo_info.customers == 12
    assert setup.is_set_up(sqlite_db)


# --- sign-in -----------------------------------------------------------------------------------


def sign_in_with(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username_edit.clear()
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def test_sign_in_refuses_a_wrong_password_then_accepts_the_right_one(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    dialog = SignInDialog(sqlite_branch.db, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    sign_in_with(qtbot, dialog, "admin", "not-the-password")
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert dialog.error_label.text() == "用户名或密码错误"
    assert dialog.password_edit.text() == "" and dialog.actor is None
    screenshot(dialog, "offscreen-sign-in-error.png")
    with qtbot.waitSignal(dialog.signedIn, timeout=10_000) as signed:
        sign_in_with(qtbot, dialog, "admin", PASSWORD)
    assert signed.args[0].username == "admin"
    assert dialog.actor is not None and Role.ADMIN in dialog.actor.roles
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_sign_in_shows_the_lock_out(qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker) -> None:
    dialog = SignInDialog(sqlite_branch.db, worker)
    qtbot.addWidget(dialog)
    for _ in range(5):
        dialog.error_label.hide()
        sign_in_with(qtbot, dialog, "clerk", "wrong")
        qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=10_000)
    assert "锁定" in dialog.error_label.text()
    dialog.error_label.hide()
    sign_in_with(qtbot, dialog, "clerk", PASSWORD)  # even the right password, while locked
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=10_000)
    assert "锁定" in dialog.error_label.text() and dialog.actor is None


def test_language_choice_switches_the_dialog_and_the_service_messages(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    dialog = SignInDialog(sqlite_branch.db, worker)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "登录" and dialog.username_label.text() == "用户名"
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Sign in", timeout=5_000)  # LanguageChange
    assert dialog.username_label.text() == "User name"
    assert i18n.stored_language() == "en" and messages.language() == "en"
    sign_in_with(qtbot, dialog, "admin", "nope")
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=10_000)
    assert dialog.error_label.text() == "Wrong user name or password"
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    qtbot.waitUntil(lambda: dialog.sign_in_button.text() == "登录", timeout=5_000)
    assert i18n.stored_language() == "zh_CN"


def test_demo_database_lists_its_users(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    users = [("admin", Role.ADMIN, "demo1234"), ("clerk", Role.CLERK, "demo1234")]
    dialog = SignInDialog(sqlite_branch.db, worker, demo_users=users)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.demo_label.isVisible()
    text = dialog.demo_label.text()
    assert "系统管理员" in text and "文员" in text and "demo1234" in text
    dialog.demo_label.linkActivated.emit("clerk")
    assert (dialog.username_edit.text(), dialog.password_edit.text()) == ("clerk", "demo1234")
    screenshot(dialog, "offscreen-sign-in-demo.png")


# --- the demo's users at sign-in: the database says it is the demo -------------------------------


def started(qtbot: QtBot, db: Database, worker: DbWorker) -> AppController:
    """A fresh start of the program on ``db`` (the settings folder of this test is empty)."""
    controller = AppController(db, worker)
    controller.quit = lambda: None  # type: ignore[method-assign]
    controller.start()
    assert controller.dialog is not None
    qtbot.addWidget(controller.dialog)
    return controller


def listed_demo_users(dialog: QWidget | None) -> list[str]:
    assert isinstance(dialog, SignInDialog)
    if not dialog.demo_label.isVisibleTo(dialog):
        return []
    return [name for name, _role, _password in dialog._demo_users]


def empty_settings(tmp_path: Path, name: str) -> None:
    """Another PC, another Windows user, another data folder: none of this one's settings."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / name))


@pytest.fixture
def small_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    from kehu_desktop import demo

    monkeypatch.setattr(
        demo, "create_demo", functools.partial(demo.create_demo, customers=3, history=False)
    )


DEMO_USERNAMES = ["admin", "cashier", "clerk", "accountant", "sales_rep", "driver"]


@pytest.mark.skipif(not demo_available(), reason="services.demo is not in this tree")
def test_sign_in_lists_the_demo_users_after_kehu_demo(
    qtbot: QtBot, tmp_path: Path, sqlite_template: Path, worker: DbWorker
) -> None:
    from kehu_desktop.cli import main as kehu

    path = tmp_path / "demo.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    url = f"sqlite:///{path}"
    assert kehu(["demo", "--customers", "2", "--database", url]) == 0
    db = Database(url)
    try:
        controller = started(qtbot, db, worker)
        dialog = controller.dialog
        assert listed_demo_users(dialog)[:6] == DEMO_USERNAMES
        assert dialog is not None
        screenshot(dialog, "offscreen-sign-in-demo-users.png")
    finally:
        db.dispose()


@pytest.mark.skipif(not demo_available(), reason="services.demo is not in this tree")
def test_sign_in_lists_the_demo_users_after_the_first_run_and_on_every_start(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker, tmp_path: Path, small_demo: None
) -> None:
    controller = started(qtbot, sqlite_db, worker)
    first_run = controller.dialog
    assert isinstance(first_run, FirstRunDialog)
    qtbot.mouseClick(first_run.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, SignInDialog), timeout=120_000)
    assert listed_demo_users(controller.dialog)[:6] == DEMO_USERNAMES
    # The next start, also on another PC or with a fresh settings folder: still listed.
    empty_settings(tmp_path, "other-pc")
    again = started(qtbot, sqlite_db, worker)
    assert listed_demo_users(again.dialog)[:6] == DEMO_USERNAMES
    assert i18n.app_settings().allKeys() == []  # the fact lives in the database only


def test_a_real_branch_never_lists_users(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker
) -> None:
    controller = started(qtbot, sqlite_db, worker)
    first_run = controller.dialog
    assert isinstance(first_run, FirstRunDialog)
    first_run.pages.setCurrentIndex(1)
    fill_setup(
        qtbot,
        first_run,
        branch_code="SH",  # the demo's own code and name: still a real branch
        branch_name="上海分公司",
        region_name="华东大区",
        admin_username="admin",
        admin_password="demo1234",
        admin_password_again="demo1234",
        company_name="华东康健医药股份有限公司",
        seller_address="上海市浦东新区张江路100号",
        seller_phone="021-58881234",
        licence_no="沪AA0210001",
    )
    qtbot.mouseClick(first_run.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, SignInDialog), timeout=20_000)
    assert listed_demo_users(controller.dialog) == []
    assert listed_demo_users(started(qtbot, sqlite_db, worker).dialog) == []


def test_the_test_branch_never_lists_users(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    assert listed_demo_users(started(qtbot, sqlite_branch.db, worker).dialog) == []


def all_rows(db: Database) -> int:
    from sqlalchemy import func
    from sqlalchemy import inspect
    from sqlalchemy import select
    from sqlalchemy import table

    names = [n for n in inspect(db.engine).get_table_names() if n != "alembic_version"]
    with db.read() as s:
        return sum(
            s.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names
        )


@pytest.mark.skipif(not demo_available(), reason="services.demo is not in this tree")
def test_stopping_the_demo_leaves_an_empty_database_and_the_first_run_again(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker
) -> None:
    controller = started(qtbot, sqlite_db, worker)
    dialog = controller.dialog
    assert isinstance(dialog, FirstRunDialog)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)  # 300 customers: minutes
    assert dialog.cancel_demo_button.isVisible() and dialog.busy_bar.isVisible()
    qtbot.waitUntil(lambda: setup.is_set_up(sqlite_db), timeout=30_000)  # half-built now
    screenshot(dialog, "offscreen-first-run-demo-progress.png")
    qtbot.mouseClick(dialog.cancel_demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.building_demo, timeout=60_000)
    assert dialog.isVisible() and dialog.outcome is None
    assert dialog.busy_label.text() == "已取消创建演示分支，数据库已恢复为空"
    assert dialog.demo_button.isEnabled() and not dialog.cancel_demo_button.isVisible()
    assert all_rows(sqlite_db) == 0
    assert isinstance(started(qtbot, sqlite_db, worker).dialog, FirstRunDialog)


@pytest.mark.skipif(not demo_available(), reason="services.demo is not in this tree")
def test_closing_the_first_run_while_the_demo_is_built_cancels_it(
    qtbot: QtBot, sqlite_db: Database
) -> None:
    worker = DbWorker()
    controller = started(qtbot, sqlite_db, worker)
    dialog = controller.dialog
    assert isinstance(dialog, FirstRunDialog)
    dialog.create_demo()
    qtbot.waitUntil(lambda: setup.is_set_up(sqlite_db), timeout=30_000)
    dialog.reject()  # the window's close button or 取消: the program quits
    worker.shutdown()  # what main() does on quitting: waits for the worker to clean up
    assert all_rows(sqlite_db) == 0
    next_start = DbWorker()
    try:
        assert isinstance(started(qtbot, sqlite_db, next_start).dialog, FirstRunDialog)
    finally:
        next_start.shutdown()


# --- main window -------------------------------------------------------------------------------


@pytest.fixture
def no_approvals_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """The approvals screen belongs to another module: these tests use the placeholder."""
    monkeypatch.setitem(sys.modules, "kehu_desktop.views.customers.approvals", None)


def main_window(qtbot: QtBot, branch: Branch, role: Role, worker: DbWorker) -> MainWindow:
    window = MainWindow(AppContext(branch.db, branch.actor(role), worker))
    qtbot.addWidget(window)
    return window


def test_main_window_offers_what_the_role_may_do(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, no_approvals_module: None
) -> None:
    clerk = main_window(qtbot, sqlite_branch, Role.CLERK, worker)
    assert clerk.screen_keys() == [
        "customers",
        "sales_report",
        "slips",
        "rating_rules",
        "warnings",
        "products",
    ]
    assert clerk.new_action.isVisible() and clerk.import_action.isVisible()
    cashier = main_window(qtbot, sqlite_branch, Role.CASHIER, worker)
    assert not cashier.new_action.isVisible() and not cashier.import_action.isVisible()
    assert cashier.export_action.isVisible()
    assert cashier.screen_keys() == [
        "work",
        "customers",
        "cashier",
        "slips",
        "payments",
        "rating_rules",
        "warnings",
        "products",
    ]
    manager = main_window(qtbot, sqlite_branch, Role.SALES_MANAGER, worker)
    assert manager.screen_keys() == [
        "work",
        "customers",
        "approvals",
        "sales_report",
        "dispatch",
        "slips",
        "payments",
        "evaluations",
        "rating_rules",
        "plans",
        "warnings",
        "visits",
        "limits",
        "products",
    ]
    placeholder = manager.show_screen("approvals")
    assert manager.stack.currentWidget() is placeholder
    assert "暂不可用" in placeholder.text()  # type: ignore[attr-defined]
    assert not manager.open_action.isEnabled() and not manager.refresh_action.isEnabled()
    manager.show_screen("customers")
    assert manager.open_action.isEnabled() and manager.refresh_action.isEnabled()


def test_main_window_status_bar_and_title(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    window = main_window(qtbot, sqlite_branch, Role.CLERK, worker)
    window.show()
    qtbot.waitUntil(lambda: "上海分公司" in window.windowTitle(), timeout=10_000)
    assert window.windowTitle() == "客户管理系统 — 上海分公司"
    assert window.user_label.text() == "clerk用户（文员）"
    assert window.branch_label.text() == "上海分公司（华东大区）"
    assert window.database_label.text().startswith("SQLite · ")
    qtbot.waitUntil(lambda: not worker.busy, timeout=10_000)
    assert window.busy_bar.isHidden()
    worker.busyChanged.emit(True)
    assert window.busy_bar.isVisible() and window.busy_label.text() == "正在处理…"
    worker.busyChanged.emit(False)
    assert window.busy_bar.isHidden()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "客户(&C)", "设置(&S)", "帮助(&H)"]
    qtbot.waitUntil(lambda: window.customers.model.total is not None, timeout=10_000)
    screenshot(window, "offscreen-main-window.png")


def test_window_geometry_is_remembered(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    window = main_window(qtbot, sqlite_branch, Role.CLERK, worker)
    window.show()
    window.resize(790, 560)  # the offscreen screen is 800 × 600
    qtbot.waitUntil(lambda: window.width() == 790, timeout=5_000)
    window.close()
    assert i18n.app_settings().value(GEOMETRY_KEY) is not None
    again = main_window(qtbot, sqlite_branch, Role.CLERK, worker)
    assert (again.width(), again.height()) == (790, 560)


# --- toolbar per screen; the window at 1366 × 768 ------------------------------------------------

ALL_ROLES_SCREENS = [Role.CLERK, Role.CASHIER, Role.SALES_MANAGER, Role.SALES_REP, Role.ADMIN]


def toolbar_texts(window: MainWindow) -> list[str]:
    return [a.iconText() for a in window.toolbar.actions() if not a.isSeparator()]


@pytest.mark.parametrize("role", ALL_ROLES_SCREENS)
def test_each_screen_shows_only_its_own_toolbar_actions(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, role: Role
) -> None:
    window = main_window(qtbot, sqlite_branch, role, worker)
    window.show()
    customer_actions = {
        window.new_action: "customer.edit",
        window.open_action: None,
        window.import_action: "customer.import",
        window.export_action: "customer.export",
    }
    for key in window.screen_keys():
        window.show_screen(key)
        shown = [a for a in window.toolbar.actions() if not a.isSeparator()]
        if key == "customers":
            expected = [
                a
                for a, right in customer_actions.items()
                if right is None or window.ctx.actor.can(right)
            ]
        else:
            # No customer action on another screen: 导出 on 产品 exported customers.
            expected = list(window.screen_actions(key))
            assert not set(expected) & set(customer_actions)
        assert shown == [*expected, window.refresh_action], key
    window.show_screen("customers")
    assert "导出" in toolbar_texts(window) or not window.ctx.actor.can("customer.export")
    window.show_screen("products")
    assert toolbar_texts(window) == ["刷新"]


def inside(window: QWidget, widget: QWidget) -> bool:
    """Whether the whole of ``widget`` lies within ``window`` (nothing cut off at its edges)."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("role", [Role.SALES_MANAGER, Role.CASHIER, Role.CLERK, Role.BRANCH_GM])
def test_main_window_fits_1366_by_768_with_every_action_and_the_status_bar(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, role: Role, language: str
) -> None:
    """A maximised window on the commonest branch PC screen: 1366 × 768 less a 40-pixel
    taskbar. Every screen of the role, in both languages."""
    i18n.install_language(language)
    window = main_window(qtbot, sqlite_branch, role, worker)
    window.show()
    window.resize(1366, 728)
    toolbar = window.toolbar
    for key in window.screen_keys():
        screen = window.show_screen(key)
        qtbot.waitUntil(lambda: not worker.busy, timeout=10_000)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        qtbot.wait(20)
        assert (window.width(), window.height()) == (1366, 728), key  # nothing forced it larger
        # Every toolbar action on a button of its own, none in the overflow menu.
        extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        assert extension is None or not extension.isVisible(), key
        for action in toolbar.actions():
            if action.isSeparator():
                continue
            button = toolbar.widgetForAction(action)
            assert button is not None and button.isVisible() and inside(toolbar, button), key
        # The status bar and its labels, whole, at the bottom of the window.
        status = window.statusBar()
        assert status.isVisible() and inside(window, status), key
        for label in (window.user_label, window.branch_label, window.database_label):
            assert label.isVisible() and inside(window, label), key
            assert label.width() >= label.sizeHint().width(), (key, label.text())
        # The screen's own buttons are all on the window (a tab not shown has its own turn).
        for button in screen.findChildren(QAbstractButton):
            if button.isVisible():
                assert inside(window, button), (key, button.text())
        hint = screen.minimumSizeHint()
        assert hint.width() <= window.stack.width() and hint.height() <= window.stack.height()
        # The navigation shows every title whole, without a scroll bar.
        nav = window.nav
        assert nav.horizontalScrollBar().maximum() == 0 or not nav.horizontalScrollBar().isVisible()
        for row in range(nav.count()):
            item = nav.item(row)
            text = nav.fontMetrics().horizontalAdvance(item.text())
            assert text + nav.iconSize().width() + 6 + 12 <= nav.viewport().width(), item.text()
    if role in (Role.SALES_MANAGER, Role.CASHIER):
        window.show_screen("customers")
        qtbot.waitUntil(lambda: window.customers.model.total is not None, timeout=10_000)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        qtbot.wait(50)
        screenshot(window, f"offscreen-main-1366x768-{role.value}-{language}.png")


def test_first_window_fits_a_small_screen_and_a_remembered_one_is_brought_back(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    """The offscreen test screen is 800 × 600: smaller than the 1280 × 800 the window likes."""
    window = main_window(qtbot, sqlite_branch, Role.CLERK, worker)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() - 16
    assert window.height() <= available.height() - 40
    # A geometry saved on a larger screen (or a monitor now gone) comes back onto this one.
    window.show()
    window.setGeometry(2400, 1500, 1500, 1000)
    window.close()
    again = main_window(qtbot, sqlite_branch, Role.CLERK, worker)
    again.show()
    assert available.contains(again.geometry()), (available, again.geometry())


# --- the controller: sign-in → main window → sign-out / language --------------------------------


def test_controller_signs_in_switches_language_and_signs_out(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = AppController(sqlite_branch.db, worker)
    quits: list[bool] = []
    monkeypatch.setattr(controller, "quit", lambda: quits.append(True))
    controller.start()
    dialog = controller.dialog
    assert isinstance(dialog, SignInDialog)
    sign_in_with(qtbot, dialog, "sales_manager", PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    window = controller.window
    assert window is not None and window.isVisible()
    assert window.ctx.actor.username == "sales_manager"

    window.choose_language("en")
    new_window = controller.window
    assert new_window is not None and new_window is not window and new_window.isVisible()
    assert [a.text() for a in new_window.menuBar().actions()][0] == "&File"
    qtbot.waitUntil(lambda: "—" in new_window.windowTitle(), timeout=10_000)
    assert new_window.windowTitle() == "Kehu customer management — 上海分公司"
    new_window.choose_language("zh_CN")
    window = controller.window
    assert window is not None

    window.sign_out_action.trigger()
    assert controller.window is None and isinstance(controller.dialog, SignInDialog)
    assert controller.dialog.isVisible()
    assert quits == []
    controller.dialog.reject()
    assert quits == [True]


def test_controller_starts_with_the_first_run_on_an_empty_database(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = AppController(sqlite_db, worker)
    monkeypatch.setattr(controller, "quit", lambda: None)
    controller.start()
    assert isinstance(controller.dialog, FirstRunDialog)
    first_run = controller.dialog
    first_run.pages.setCurrentIndex(1)
    fill_setup(
        qtbot,
        first_run,
        branch_code="NJ",
        branch_name="南京分公司",
        region_name="华东大区",
        admin_username="admin",
        admin_password="counter-42",
        admin_password_again="counter-42",
        company_name="华东康健医药股份有限公司",
        seller_address="南京市鼓楼区中山北路88号",
        seller_phone="025-83451234",
        licence_no="苏AA0250019",
    )
    qtbot.mouseClick(first_run.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, SignInDialog), timeout=20_000)


def test_main_refuses_a_database_from_a_newer_version(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "newer.sqlite3"
    db = setup.open_database(f"sqlite:///{path}")
    db.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(f"{box.text()}\n{box.informativeText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    quit_on_close = qapp.quitOnLastWindowClosed()
    try:
        assert main(["kehu-desktop", "--database", f"sqlite:///{path}"]) == 2
    finally:
        qapp.setQuitOnLastWindowClosed(quit_on_close)
    assert len(shown) == 1
    assert "无法打开数据库" in shown[0] and "更新版本" in shown[0]


# --- messages: never an exception's English text or a code ---------------------------------------


@pytest.mark.parametrize(
    "exc",
    [
        RuntimeError("boom"),
        KeyError("terminated"),
        FileNotFoundError(2, "No such file or directory", "customers.xlsx"),
        PermissionError(13, "Permission denied", "kehu.sqlite3"),
        OSError(errno.ENOSPC, "No space left on device"),
        ConnectionRefusedError(111, "Connection refused"),
        OSError(5, "Input/output error"),
    ],
)
def test_an_unexpected_error_is_told_in_chinese(
    exc: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    text = error_text(exc)
    assert text and not re.search("[A-Za-z]", text), text
    assert str(exc.args[-1]) in caplog.text  # the details are in the log for the administrator


def test_a_database_that_cannot_be_opened_is_told_in_chinese(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kehu_desktop.services.admin import setup as setup_module

    def broken(_url: str | None = None) -> Database:
        raise PermissionError(13, "Permission denied", "kehu.sqlite3")

    shown: list[str] = []
    monkeypatch.setattr(setup_module, "open_database", broken)
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append(f"{box.text()} {box.informativeText()}")
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    quit_on_close = qapp.quitOnLastWindowClosed()
    try:
        # The sign-in shows while the worker opens the database; it fails there: told, exit 2.
        assert main(["kehu-desktop", "--database", "sqlite:///x"]) == 2
    finally:
        qapp.setQuitOnLastWindowClosed(quit_on_close)
    assert len(shown) == 1 and "无法打开数据库" in shown[0] and "访问被拒绝" in shown[0]
    assert "Permission" not in shown[0]


# --- translations ------------------------------------------------------------------------------


def unfinished_messages(contexts: set[str] | None = None) -> list[str]:
    bad = []
    for context in ET.parse(TS_FILE).getroot().iter("context"):
        name = context.findtext("name", "")
        if contexts is not None and name not in contexts:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            if kind == "unfinished" or translation is None or not (translation.text or "").strip():
                bad.append(f"{name}: {message.findtext('source')}")
    return bad


def test_catalogue_translates_every_message_of_these_screens() -> None:
    assert unfinished_messages(MY_CONTEXTS) == []


def test_catalogue_translates_every_message() -> None:
    assert unfinished_messages() == []


def test_catalogue_is_up_to_date_with_the_sources_and_tsvs() -> None:
    report = load_tool().check()
    assert report.problems == [] and report.missing == []


def test_installed_translator_translates_and_english_is_the_source() -> None:
    assert i18n.install_language("zh_CN")
    translate = QCoreApplication.translate
    assert translate("MainWindow", "Kehu customer management") == "客户管理系统"
    assert translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own catalogue too
    assert messages.language() == "zh_CN"
    i18n.install_language("en")
    assert translate("MainWindow", "Kehu customer management") == "Kehu customer management"
    assert messages.language() == "en"


def test_ui_words_are_the_domain_words() -> None:
    assert {code: status_label("customer", code) for code in STATUSES} == STATUSES
    assert {code: channel_label(code) for code in CHANNELS} == CHANNELS
    assert {role: i18n.role_label(role) for role in Role} == ROLE_NAMES_ZH
    for column, (key, _source) in enumerate(COLUMNS):
        assert column_title(column) == FIELD_LABELS.get(key, "状态")


@pytest.mark.parametrize(
    "role", [Role.CASHIER, Role.SALES_MANAGER, Role.BRANCH_GM, Role.ACCOUNTANT, Role.SALES_REP]
)
def test_every_screen_of_the_role_opens(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, role: Role
) -> None:
    window = main_window(qtbot, sqlite_branch, role, worker)
    window.show()
    for key in window.screen_keys():
        screen = window.show_screen(key)
        assert window.stack.currentWidget() is screen
        assert screen.isVisible()
    qtbot.waitUntil(lambda: not worker.busy, timeout=10000)
    if role == Role.CASHIER:
        window.show_screen("cashier")
        screenshot(window, "offscreen-main-cashier.png")
