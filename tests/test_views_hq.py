"""Head-office mode of the desktop (issue 8): pointed at head office's database it opens with
no first run and no demo, says 总部, signs in head-office and regional users, and shows the
branch status screen with a red row for a silent branch. Screenshots at 1366×768."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kehu_desktop.db import Database
from kehu_desktop.models import BranchSync
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import selection
from kehu_desktop.views.credit.region_quotas import MaxCustomersDialog
from kehu_desktop.views.credit.region_quotas import RegionQuotasView
from kehu_desktop.views.head_office import BranchStatusView
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.app import AppController
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from kehu_desktop.views.shell.first_run import FirstRunDialog
from kehu_desktop.views.shell.main_window import MainWindow
from kehu_desktop.views.shell.sign_in import SignInDialog
from tests.factories import PASSWORD
from tests.gui_support import save_screen
from tests.hq_factories import HeadOfficeWorld
from tests.hq_factories import make_head_office
from tests.hq_factories import mark_head_office
from tests.hq_factories import reviewed_customer

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def chinese_ui(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    guard_emit_refcount_bug()
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


@pytest.fixture
def world(sqlite_db: Database) -> HeadOfficeWorld:
    """Head office's database (SQLite here: the database kind is not under test) holding three
    branches' records, with the registry's rows as branches leave them: SH synced an hour ago,
    HZ silent for three days, GZ registered and never synced."""
    world = make_head_office(sqlite_db)
    now = sqlite_db.clock.now()
    with sqlite_db.write() as s:
        s.add(
            BranchSync(
                branch_id=world.branch_id("SH"),
                registered_at=now - timedelta(days=30),
                last_push_at=now - timedelta(hours=1),
                last_pull_at=now - timedelta(hours=1),
                acked_seq=1520,
                pending_reported=3,
            )
        )
        s.add(
            BranchSync(
                branch_id=world.branch_id("HZ"),
                registered_at=now - timedelta(days=30),
                last_push_at=now - timedelta(days=3),
                last_pull_at=now - timedelta(days=3, hours=2),
                acked_seq=877,
                pending_reported=41,
                last_error_code="auth.revoked",
                last_error_message="this branch's secret has been revoked",
                last_error_at=now - timedelta(days=2),
            )
        )
        s.add(BranchSync(branch_id=world.branch_id("GZ"), registered_at=now - timedelta(hours=3)))
    return world


def started(qtbot: QtBot, db: Database, worker: DbWorker) -> AppController:
    controller = AppController(db, worker)
    controller.quit = lambda: None  # type: ignore[method-assign]
    controller.start()
    return controller


def signed_in(qtbot: QtBot, db: Database, worker: DbWorker, username: str) -> MainWindow:
    controller = started(qtbot, db, worker)
    dialog = controller.dialog
    assert isinstance(dialog, SignInDialog)
    assert dialog.title_label.text() == "客户管理系统 — 总部"
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    window = controller.window
    assert window is not None and window.ctx.head_office
    qtbot.addWidget(window)
    return window


def test_an_empty_head_office_database_asks_for_users_not_a_first_run(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker
) -> None:
    mark_head_office(sqlite_db)
    controller = started(qtbot, sqlite_db, worker)
    dialog = controller.dialog
    assert isinstance(dialog, SignInDialog) and not isinstance(dialog, FirstRunDialog)
    qtbot.addWidget(dialog)
    assert dialog.demo_label.isHidden()
    assert "kehu-hq user add" in dialog.notice_label.text()
    assert dialog.notice_label.text().startswith("这是总部的数据库")


def test_head_office_opens_its_main_window_and_sees_every_branch(
    qtbot: QtBot, world: HeadOfficeWorld, worker: DbWorker
) -> None:
    window = signed_in(qtbot, world.db, worker, "marketing_head")
    qtbot.waitUntil(lambda: window.branch_label.text() == "总部", timeout=10_000)
    assert window.windowTitle() == "客户管理系统 — 总部"
    assert "branch_status" in window.screen_keys() and "approvals" in window.screen_keys()
    # Head office syncs with nobody: no sync page, no 立即同步, no indicator, no timer.
    assert not window.sync_page_action.isVisible() and not window.sync_now_action.isVisible()
    assert window.sync_indicator.isHidden() and window.sync_runner.status is None
    window.show()
    window.resize(1366, 728)
    customers = window.customers
    qtbot.waitUntil(lambda: customers.model.total == 3, timeout=10_000)
    branch = customers.model.column_named("branch")
    qtbot.waitUntil(lambda: customers.model.text(0, branch) != "", timeout=10_000)
    assert {customers.model.text(r, branch) for r in range(3)} == {"SH", "HZ", "GZ"}
    assert customers.branch_combo.isVisible() and not customers.office_combo.isVisible()
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    qtbot.wait(50)
    save_screen(window, "head-office-main-1366x768")
    # The branch filter narrows the list to one branch.
    qtbot.waitUntil(lambda: customers.branch_combo.count() == 4, timeout=10_000)
    customers.branch_combo.setCurrentIndex(customers.branch_combo.findText("GZ 广州分公司"))
    qtbot.waitUntil(lambda: customers.model.total == 1, timeout=10_000)
    assert customers.model.text(0, 0) == "广州康健医药有限公司"


def test_head_office_approves_the_customers_of_every_branch(
    qtbot: QtBot, world: HeadOfficeWorld, worker: DbWorker
) -> None:
    ids = {
        code: reviewed_customer(branch, f"{code}新华医药有限公司")
        for code, branch in world.branches.items()
    }
    window = signed_in(qtbot, world.db, worker, "marketing_head")
    window.show()
    window.resize(1366, 728)
    approvals = window.show_screen("approvals")
    model = approvals.model  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    branch = model.column_named("branch")
    qtbot.waitUntil(lambda: model.text(0, branch) != "", timeout=10_000)
    shown = {model.text(r, 0): model.text(r, branch) for r in range(3)}
    assert shown == {
        "SH新华医药有限公司": "SH",
        "HZ新华医药有限公司": "HZ",
        "GZ新华医药有限公司": "GZ",
    }
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    qtbot.wait(50)
    save_screen(window, "head-office-approvals-1366x768")
    # Approved here, SH's customer waits for SH's next sync: decided, it leaves the queue.
    actor = approvals._ctx.actor  # type: ignore[attr-defined]
    selection.approve(world.db, actor, ids["SH"], Decision.APPROVE)
    approvals.refresh()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    assert "SH新华医药有限公司" not in {model.text(r, 0) for r in range(2)}
    assert "下次同步时送达" in approvals.hint.text()  # type: ignore[attr-defined]
    qtbot.wait(50)
    save_screen(window, "head-office-approvals-decided-1366x768")


def test_a_regional_manager_signs_in_to_the_region(
    qtbot: QtBot, world: HeadOfficeWorld, worker: DbWorker
) -> None:
    window = signed_in(qtbot, world.db, worker, "hd_regional_manager")
    qtbot.waitUntil(lambda: "华东大区" in window.branch_label.text(), timeout=10_000)
    assert window.windowTitle() == "客户管理系统 — 总部（华东大区）"
    assert "branch_status" not in window.screen_keys()  # head office's screen, not the region's
    qtbot.waitUntil(lambda: window.customers.model.total == 2, timeout=10_000)  # SH and HZ


def test_the_branch_status_screen_shows_a_silent_branch_in_red(
    qtbot: QtBot, world: HeadOfficeWorld, worker: DbWorker
) -> None:
    window = signed_in(qtbot, world.db, worker, "finance")
    window.show()
    window.resize(1366, 728)
    screen = window.show_screen("branch_status")
    assert isinstance(screen, BranchStatusView)
    model = screen.model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    rows = {model.row_at(r).code: r for r in range(model.rowCount())}
    assert list(rows) == ["GZ", "HZ", "SH"]

    def colour(code: str, column: str) -> str | None:
        brush = model.index(rows[code], model.column_named(column)).data(
            Qt.ItemDataRole.ForegroundRole
        )
        return None if brush is None else brush.color().name()

    assert colour("HZ", "name") == RED and colour("HZ", "last_push") == RED  # silent 3 days
    assert colour("GZ", "code") == RED  # registered, never synced
    assert colour("SH", "name") is None
    text = {
        code: {c.name: model.text(r, i) for i, c in enumerate(model.columns)}
        for code, r in rows.items()
    }
    assert text["HZ"]["state"] == "超过一天未同步" and text["GZ"]["state"] == "从未同步"
    assert text["SH"]["state"] == "正常" and text["SH"]["registration"] == "已注册"
    assert text["SH"]["acked_seq"] == "1,520" and text["SH"]["pending"] == "3"
    assert text["SH"]["lag"] == "—"  # the change log's lag comes with the pull
    assert text["GZ"]["last_push"] == "—"
    assert text["HZ"]["last_error"].endswith("auth.revoked: this branch's secret has been revoked")
    assert screen.summary.text() == "3 个分支机构，3 个已注册；2 个未按时同步（红色）"
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    qtbot.wait(50)
    save_screen(window, "head-office-branch-status-1366x768")


def test_the_marketing_head_sets_a_regions_number_of_customers(
    qtbot: QtBot, world: HeadOfficeWorld, worker: DbWorker
) -> None:
    window = signed_in(qtbot, world.db, worker, "marketing_head")
    window.show()
    window.resize(1366, 728)
    screen = window.show_screen("region_quotas")
    assert isinstance(screen, RegionQuotasView)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10_000)
    assert screen.customers_button.isVisible() and not screen.quota_button.isVisible()
    model = screen.model
    assert model.text(0, model.column_named("max_customers")) == "不限"
    assert model.text(0, model.column_named("selected")) == "2"
    dialog = screen._set_max_customers()
    assert isinstance(dialog, MaxCustomersDialog)
    dialog.value.setText("十")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.boxes["max_customers"].error), timeout=10_000)
    assert "整数" in dialog.boxes["max_customers"].error
    dialog.value.setText("120")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: model.text(0, model.column_named("max_customers")) == "120", timeout=10_000
    )
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    qtbot.wait(50)
    save_screen(window, "head-office-region-quotas-1366x768")


def test_head_office_narrows_slips_and_payments_to_one_branch(
    qtbot: QtBot, world: HeadOfficeWorld, worker: DbWorker
) -> None:
    window = signed_in(qtbot, world.db, worker, "finance")
    window.show()
    window.resize(1366, 728)
    slips = window.show_screen("slips")
    model = slips.model  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    choose = slips.branch_filter  # type: ignore[attr-defined]
    assert choose.isVisible()
    qtbot.waitUntil(lambda: choose.count() == 4, timeout=10_000)  # all, SH, HZ, GZ
    choose.setCurrentIndex(_branch_item(choose, "HZ"))
    assert choose.branch_id == world.branch_id("HZ")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: model.slip_at(0) is not None, timeout=10_000)
    assert model.slip_at(0).number == world.slips["HZ"]
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    qtbot.wait(50)
    save_screen(window, "head-office-slips-one-branch-1366x768")

    payments = window.show_screen("payments").payments  # type: ignore[attr-defined]
    listed = payments.model
    qtbot.waitUntil(lambda: listed.rowCount() == 3, timeout=10_000)
    choose = payments.branch_filter
    qtbot.waitUntil(lambda: choose.count() == 4, timeout=10_000)
    choose.setCurrentIndex(_branch_item(choose, "SH"))
    qtbot.waitUntil(lambda: listed.rowCount() == 1, timeout=10_000)
    assert listed.row_at(0).number.startswith("SH-")
    assert listed.row_at(0).customer_name == "上海康健医药有限公司"
    choose.setCurrentIndex(0)  # all branches again
    qtbot.waitUntil(lambda: listed.rowCount() == 3, timeout=10_000)
    save_screen(window, "head-office-payments-1366x768")


def _branch_item(combo: Any, code: str) -> int:
    index = int(combo.findText(f"{code} ", Qt.MatchFlag.MatchStartsWith))
    assert index > 0, code
    return index
