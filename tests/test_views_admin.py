"""设置 → 系统管理 (issue 10 §2): users, settings, printers and the audit log, on the DB worker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kehu_desktop.db import Database
from kehu_desktop.domain.messages import language
from kehu_desktop.domain.messages import set_language
from kehu_desktop.domain.roles import Role
from kehu_desktop.domain.visits import VISITING_ROLES
from kehu_desktop.services.admin import auth
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.slips import printers
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.admin import AdminDialog
from kehu_desktop.views.shell.admin_settings import ScheduleDialog
from kehu_desktop.views.shell.admin_users import AddUserDialog
from kehu_desktop.views.shell.admin_users import ResetPasswordDialog
from kehu_desktop.views.shell.admin_users import RolesDialog
from kehu_desktop.views.shell.main_window import MainWindow
from tests.factories import Branch
from tests.factories import audits
from tests.gui_support import chinese_catalogue  # noqa: F401 - a fixture chinese_ui uses
from tests.gui_support import chinese_ui  # noqa: F401 - a fixture
from tests.gui_support import save_screen
from tests.gui_support import settle
from tests.gui_support import worker
from tests.hq_factories import make_head_office

__all__ = ["worker"]  # a fixture used below

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path) -> Iterator[None]:
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield


@pytest.fixture(autouse=True)
def chinese_messages() -> Iterator[None]:
    before = language()
    set_language("zh_CN")
    yield
    set_language(before)


def open_admin(qtbot: QtBot, branch: Branch, role: Role, worker: DbWorker) -> AdminDialog:
    dialog = AdminDialog(AppContext(branch.db, branch.actor(role), worker))
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, worker)
    return dialog


def cells(table: QTableWidget, column: int) -> list[str]:
    return [
        table.item(r, column).text() if table.item(r, column) else ""
        for r in range(table.rowCount())
    ]


def tab_titles(dialog: AdminDialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


def submit(qtbot: QtBot, worker: DbWorker, dialog: ServiceDialog) -> None:
    dialog.submit()
    settle(qtbot, worker)


@pytest.mark.usefixtures("chinese_ui")
def test_the_users_tab_adds_changes_resets_locks_and_shows_the_history(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    branch = sqlite_branch
    dialog = open_admin(qtbot, branch, Role.ADMIN, worker)
    assert dialog.windowTitle() == "系统管理"
    assert tab_titles(dialog) == ["用户", "参数设置", "打印机", "审计日志"]
    tab = dialog.users_tab
    assert tab is not None
    names = cells(tab.table, 0)
    assert "admin" in names and "clerk" in names
    row = names.index("clerk")
    assert cells(tab.table, 2)[row] == "文员"
    assert cells(tab.table, 3)[row] == "正常"

    # Add: the service's refusals at their fields, then the user.
    forms: list[ServiceDialog] = []
    tab.show_form = forms.append
    tab.add_user()
    add = forms.pop()
    assert isinstance(add, AddUserDialog)
    add.username.setText("zhao")
    add.password.setText("short")
    add.roles.checks[Role.ADMIN].setChecked(True)
    add.roles.checks[Role.CASHIER].setChecked(True)
    submit(qtbot, worker, add)
    assert "系统管理员不能同时担任业务角色" in add.boxes["roles"].error
    add.roles.checks[Role.ADMIN].setChecked(False)
    submit(qtbot, worker, add)
    assert "8" in add.boxes["new_password"].error
    add.password.setText("zhao-pass-1")
    add.display_name.setText("赵会计")
    submit(qtbot, worker, add)
    assert add.result() == add.DialogCode.Accepted
    settle(qtbot, worker)
    assert tab.messages.text() == "已新增用户 zhao。"
    assert tab.selected() is not None and tab.selected().username == "zhao"  # type: ignore[union-attr]
    row = cells(tab.table, 0).index("zhao")
    assert cells(tab.table, 3)[row] == "正常；须修改密码"
    assert cells(tab.table, 4)[row] == "从未登录"

    # Change roles.
    tab.change_roles()
    roles = forms.pop()
    assert isinstance(roles, RolesDialog)
    roles.roles.checks[Role.ACCOUNTANT].setChecked(True)
    submit(qtbot, worker, roles)
    settle(qtbot, worker)
    row = cells(tab.table, 0).index("zhao")
    assert set(cells(tab.table, 2)[row].split("、")) == {"出纳", "会计"}

    # Reset the password; lock and unlock.
    tab.reset_password()
    reset = forms.pop()
    assert isinstance(reset, ResetPasswordDialog)
    reset.password.setText("new-pass-123")
    submit(qtbot, worker, reset)
    settle(qtbot, worker)
    assert "必须修改" in tab.messages.text()
    assert tab.lock_button.text() == "锁定"
    qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, worker)
    row = cells(tab.table, 0).index("zhao")
    assert cells(tab.table, 3)[row] == "已锁定" and tab.lock_button.text() == "解锁"
    with pytest.raises(Exception, match="禁用|disabled|停用|锁定"):
        auth.sign_in(branch.db, "zhao", "new-pass-123")
    qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, worker)
    row = cells(tab.table, 0).index("zhao")
    assert cells(tab.table, 3)[row] == "正常；须修改密码"

    # The history, newest first.
    actions = cells(tab.history, 1)
    assert actions[:5] == ["解锁用户", "登录被拒绝", "锁定用户", "重置密码", "修改角色"]
    assert actions[-1] == "新增用户"
    assert tab.history.item(0, 1).toolTip() == "user_enabled"
    assert "roles: [cashier] → [accountant, cashier]" in cells(tab.history, 3)

    # One's own account: neither roles nor lock.
    tab.select_user("admin")
    assert not tab.roles_button.isEnabled() and not tab.lock_button.isEnabled()
    dialog.resize(1080, 640)
    tab.select_user("zhao")
    settle(qtbot, worker)
    save_screen(dialog, "admin-users")


@pytest.mark.usefixtures("chinese_ui")
def test_the_last_administrator_cannot_be_locked_nor_lose_the_role(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    """An administrator never acts on their own account; whoever else manages the users (here
    the machine's own account of `kehu user`, which is not a user) meets the service's rule."""
    branch = sqlite_branch
    dialog = AdminDialog(AppContext(branch.db, Actor.system(branch.branch_id), worker))
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, worker)
    tab = dialog.users_tab
    assert tab is not None
    tab.select_user("admin")
    settle(qtbot, worker)
    qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, worker)
    assert tab.messages.kind == "error"
    assert "“admin”是最后一位系统管理员，不能锁定" in tab.messages.text()
    forms: list[ServiceDialog] = []
    tab.show_form = forms.append
    tab.change_roles()
    roles = forms.pop()
    assert isinstance(roles, RolesDialog)
    roles.roles.checks[Role.ADMIN].setChecked(False)
    roles.roles.checks[Role.CLERK].setChecked(True)
    submit(qtbot, worker, roles)
    assert "最后一位系统管理员，不能取消其管理员角色" in roles.boxes["roles"].error
    roles.resize(560, 320)
    save_screen(roles, "admin-last-administrator")
    assert not audits(branch, "roles_changed") and not audits(branch, "user_disabled")
    roles.close()


@pytest.mark.usefixtures("chinese_ui")
def test_the_settings_tab_edits_in_place_with_the_services_check(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    branch = sqlite_branch
    dialog = open_admin(qtbot, branch, Role.ADMIN, worker)
    dialog.show_tab(dialog.settings_tab)
    settle(qtbot, worker)
    tab = dialog.settings_tab
    labels = cells(tab.table, 0)
    for label in (
        "接近额度预警比例",
        "分级回款时限",
        "坏账天数",
        "最高设定基准",
        "拜访频次表",
        "连续未完成计划月数",
        "自动同步间隔（分钟）",
    ):
        assert label in labels
    row = tab.row_of("sync.interval_minutes")
    assert cells(tab.table, 3)[row] == "分支机构"
    hq_row = tab.row_of("receivable.bad_debt_days")
    assert cells(tab.table, 3)[hq_row] == "总部"
    # Head office's settings are read-only at a branch.
    value = tab.table.item(hq_row, 1)
    assert not value.flags() & Qt.ItemFlag.ItemIsEditable
    assert not tab.schedule_button.isEnabled()

    # A branch setting: refused with the service's message in its row, then saved.
    with branch.db.read() as s:
        before = get_setting(s, "sync.interval_minutes")
    tab.set_value("sync.interval_minutes", "0")
    settle(qtbot, worker)
    assert tab.note_of("sync.interval_minutes") == "自动同步间隔（分钟）应为1到1440之间的整数"
    assert "未保存" in tab.messages.text()
    with branch.db.read() as s:
        assert get_setting(s, "sync.interval_minutes") == before
    tab.set_value("sync.interval_minutes", "45")
    settle(qtbot, worker)
    assert tab.note_of("sync.interval_minutes") == "已保存"
    assert cells(tab.table, 1)[tab.row_of("sync.interval_minutes")] == "45"
    with branch.db.read() as s:
        assert get_setting(s, "sync.interval_minutes") == 45
    [changed] = [
        a for a in audits(branch, "setting_changed") if a.entity_id == "sync.interval_minutes"
    ]
    assert changed.after == {"key": "sync.interval_minutes", "value": 45}
    dialog.resize(1080, 640)
    save_screen(dialog, "admin-settings")


@pytest.mark.usefixtures("chinese_ui")
def test_head_office_edits_its_settings_and_the_visit_schedule_grid(
    qtbot: QtBot, sqlite_db: Database, worker: DbWorker
) -> None:
    world = make_head_office(sqlite_db, records=False)
    actor = world.office[Role.ADMIN]
    dialog = AdminDialog(AppContext(sqlite_db, actor, worker, head_office=True))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_tab(dialog.settings_tab)
    settle(qtbot, worker)
    tab = dialog.settings_tab
    assert not tab.table.item(tab.row_of("sync.interval_minutes"), 1).flags() & (
        Qt.ItemFlag.ItemIsEditable
    )
    tab.set_value("remittance.levels", "50000:48; 100000:x")
    settle(qtbot, worker)
    assert tab.note_of("remittance.levels").startswith("分级回款时限格式有误")
    tab.set_value("remittance.levels", "50000:48；100000：24")
    settle(qtbot, worker)
    assert cells(tab.table, 1)[tab.row_of("remittance.levels")] == "50000.00:48; 100000.00:24"

    schedule = tab.edit_schedule()
    assert isinstance(schedule, ScheduleDialog)
    schedule.grid.item(0, 0).setText("2x")
    submit(qtbot, worker, schedule)
    assert "拜访频次表" in schedule.boxes["visit.schedule"].error
    schedule.resize(720, 360)
    save_screen(schedule, "admin-visit-schedule")
    schedule.grid.item(0, 0).setText("2m")
    submit(qtbot, worker, schedule)
    assert schedule.result() == schedule.DialogCode.Accepted
    with sqlite_db.read() as s:
        assert get_setting(s, "visit.schedule")["1"][VISITING_ROLES[0].value] == "2m"


@pytest.mark.usefixtures("chinese_ui")
def test_the_printers_tab_opens_the_profiles_and_deletes_one(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    branch = sqlite_branch
    admin = branch.actor(Role.ADMIN)
    printers.ensure_default_profiles(branch.db)
    names = [p.name for p in printers.list_profiles(branch.db, admin)]
    dialog = open_admin(qtbot, branch, Role.ADMIN, worker)
    dialog.show_tab(dialog.printers_tab)
    dialog.resize(1080, 640)
    save_screen(dialog, "admin-printers")
    profiles = dialog.printers_tab.open_profiles()
    qtbot.waitUntil(lambda: profiles.profile_list.count() == len(names), timeout=20_000)
    victim = names[-1]
    for i in range(profiles.profile_list.count()):
        item = profiles.profile_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == victim:
            profiles.profile_list.setCurrentItem(item)
    assert profiles.delete_button.isVisible() and profiles.delete_button.isEnabled()
    asked: list[str] = []
    profiles.confirm_delete = lambda name: asked.append(name) or False
    profiles.delete()
    assert asked == [victim] and not worker.busy
    profiles.confirm_delete = lambda _name: True
    profiles.delete()
    qtbot.waitUntil(lambda: profiles.messages.kind == "success", timeout=20_000)
    settle(qtbot, worker)
    assert profiles.messages.text() == f"已删除配置“{victim}”。"
    assert victim not in [p.name for p in printers.list_profiles(branch.db, admin)]
    assert [a.action for a in audits(branch, "printer_profile_deleted")]
    save_screen(profiles, "admin-printer-profiles-deleted")
    profiles.reject()

    # Someone without printer.edit sees no delete button.
    clerk = open_admin(qtbot, branch, Role.CLERK, worker)
    assert tab_titles(clerk) == ["参数设置", "打印机"]
    settle(qtbot, worker)
    assert clerk.settings_tab.note.text() == "只有管理员可以修改参数。"
    row = clerk.settings_tab.row_of("sync.interval_minutes")
    assert not clerk.settings_tab.table.item(row, 1).flags() & Qt.ItemFlag.ItemIsEditable
    theirs = clerk.printers_tab.open_profiles()
    qtbot.waitUntil(lambda: theirs.profile_list.count() > 0, timeout=20_000)
    settle(qtbot, worker)
    assert not theirs.delete_button.isVisible()
    theirs.reject()


@pytest.mark.usefixtures("chinese_ui")
def test_the_audit_tab_filters_and_exports(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, tmp_path: Path
) -> None:
    branch = sqlite_branch
    dialog = open_admin(qtbot, branch, Role.BRANCH_GM, worker)
    assert tab_titles(dialog) == ["参数设置", "打印机", "审计日志"]
    tab = dialog.audit_tab
    assert tab is not None
    dialog.show_tab(tab)
    settle(qtbot, worker)
    assert tab.page is not None and tab.page.total > 0
    assert tab.count_note.text() == f"共 {tab.page.total} 条记录。"
    tab.user.setCurrentIndex(tab.user.findData("clerk"))
    settle(qtbot, worker)
    assert set(cells(tab.table, 1)) == {"clerk"}
    tab.action.setCurrentIndex(tab.action.findData("sign_in"))
    settle(qtbot, worker)
    assert set(cells(tab.table, 2)) == {"登录"}
    assert tab.action.currentText() == "登录" and tab.table.item(0, 2).toolTip() == "sign_in"
    shown = tab.table.rowCount()
    # A range of days with nothing in it (the records are of today, by the wall clock).
    tab.date_from.setDate(tab.date_from.date().addYears(-5))
    tab.date_to.setDate(tab.date_from.date().addDays(1))
    tab.use_dates.setChecked(True)
    settle(qtbot, worker)
    assert tab.table.rowCount() == 0 and not tab.export_button.isEnabled()
    tab.date_from.setDate(tab.date_to.date().addDays(5))
    settle(qtbot, worker)
    assert tab.messages.text() == "开始日期不能晚于结束日期"
    tab.use_dates.setChecked(False)
    settle(qtbot, worker)
    assert tab.table.rowCount() == shown

    target = tmp_path / "audit.xlsx"
    tab.ask_path = lambda _default: target
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, worker)
    assert tab.messages.text() == f"已将 {shown} 条审计记录导出到 {target}。"
    rows = list(openpyxl.load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == shown + 1 and {r[1] for r in rows[1:]} == {"clerk"}
    tab.user.setCurrentIndex(0)
    tab.action.setCurrentIndex(0)
    settle(qtbot, worker)
    dialog.resize(1080, 640)
    save_screen(dialog, "admin-audit")


@pytest.mark.usefixtures("chinese_ui")
def test_the_settings_menu_offers_administration_to_those_who_may(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    window = MainWindow(AppContext(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN), worker))
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, worker)
    assert window.admin_action.isVisible() and window.admin_action.text() == "系统管理(&A)…"
    settings_menu = [a for a in window.menuBar().actions() if a.text() == "设置(&S)"][0].menu()
    assert settings_menu is not None
    texts = [a.text() for a in settings_menu.actions() if not a.isSeparator()]
    assert texts[:3] == ["语言(&L)", "修改密码(&P)…", "系统管理(&A)…"]
    window.admin_action.trigger()
    dialog = window.admin_dialog
    assert dialog is not None and dialog.isVisible()
    assert window.open_admin() is dialog
    settle(qtbot, worker)
    dialog.close()
    clerk = MainWindow(AppContext(sqlite_branch.db, sqlite_branch.actor(Role.CLERK), worker))
    qtbot.addWidget(clerk)
    assert not clerk.admin_action.isVisible()
    assert isinstance(clerk, QWidget)
