"""Issue 11 in the GUI: the forced password change at sign-in, the sign-out of a user whose
access was withdrawn (caught centrally from the DB worker), and idle sign-out."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtCore import QPointF
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kehu_desktop.domain.errors import AccessWithdrawn
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import User
from kehu_desktop.services.admin import auth
from kehu_desktop.services.base import put_setting
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.app import AppController
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from kehu_desktop.views.shell.sign_in import SignInDialog
from tests.factories import PASSWORD
from tests.factories import Branch
from tests.gui_support import save_screen


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


def sign_in_with(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username_edit.clear()
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def signed_in(qtbot: QtBot, branch: Branch, worker: DbWorker, username: str) -> AppController:
    controller = AppController(branch.db, worker)
    controller.quit = lambda: None  # type: ignore[method-assign]
    controller.start()
    dialog = controller.dialog
    assert isinstance(dialog, SignInDialog)
    sign_in_with(qtbot, dialog, username, PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    return controller


def signed_out(qtbot: QtBot, controller: AppController) -> SignInDialog:
    qtbot.waitUntil(
        lambda: controller.window is None and isinstance(controller.dialog, SignInDialog),
        timeout=10_000,
    )
    dialog = controller.dialog
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


# --- §4: the forced password change ---------------------------------------------------------


def test_sign_in_turns_a_forced_change_into_its_change_password_step(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    auth.reset_password(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN), "clerk", "reset-pass-1")
    dialog = SignInDialog(sqlite_branch.db, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.new_password_edit.isVisible()
    sign_in_with(qtbot, dialog, "clerk", "reset-pass-1")
    qtbot.waitUntil(lambda: dialog.new_password_edit.isVisible(), timeout=10_000)
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.notice_label.text() == "管理员已重置您的密码：请先设置新密码再登录"
    assert dialog.sign_in_button.text() == "修改密码并登录"
    assert not dialog.username_edit.isEnabled() and not dialog.password_edit.isEnabled()
    assert dialog.new_password_edit.hasFocus()

    qtbot.keyClicks(dialog.new_password_edit, "own-pass-12")
    qtbot.keyClicks(dialog.repeat_password_edit, "own-pass-13")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "两次输入的新密码不一致。"
    save_screen(dialog, "sign-in-forced-password-change")

    dialog.repeat_password_edit.clear()
    qtbot.keyClicks(dialog.repeat_password_edit, "reset-pass-1")
    dialog.new_password_edit.clear()
    qtbot.keyClicks(dialog.new_password_edit, "reset-pass-1")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.text() == "新密码不能与当前密码相同", timeout=10_000)

    dialog.new_password_edit.clear()
    dialog.repeat_password_edit.clear()
    qtbot.keyClicks(dialog.new_password_edit, "own-pass-12")
    qtbot.keyClicks(dialog.repeat_password_edit, "own-pass-12")
    with qtbot.waitSignal(dialog.signedIn, timeout=10_000) as signed:
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert signed.args[0].username == "clerk"
    assert auth.sign_in(sqlite_branch.db, "clerk", "own-pass-12").username == "clerk"


def test_a_sign_in_pressed_before_the_database_is_open_is_carried_out(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    # Issue 12: the sign-in shows before the database is open; a quick typist's 登录 waits.
    dialog = SignInDialog(None, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username_edit, "clerk")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.sign_in_button.text() == "正在打开…"
    assert not dialog.sign_in_button.isEnabled() and dialog.actor is None
    save_screen(dialog, "sign-in-pressed-while-opening")
    with qtbot.waitSignal(dialog.signedIn, timeout=10_000) as signed:
        dialog.set_database(sqlite_branch.db)
    assert signed.args[0].username == "clerk"
    assert dialog.sign_in_button.text() == "登录"


# --- §2: access withdrawn while signed in ----------------------------------------------------


@pytest.mark.parametrize("how", ["no_roles", "disabled", "locked"])
def test_a_user_who_lost_access_is_signed_out_with_the_reason(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker, how: str
) -> None:
    controller = signed_in(qtbot, sqlite_branch, worker, "cashier")
    window = controller.window
    assert window is not None
    qtbot.waitUntil(lambda: not worker.busy, timeout=10_000)
    admin = sqlite_branch.actor(Role.ADMIN)
    if how == "no_roles":
        auth.set_roles(sqlite_branch.db, admin, "cashier", [])
    elif how == "disabled":
        auth.set_active(sqlite_branch.db, admin, "cashier", False)
    else:  # someone typed a wrong password five times at another PC
        for _ in range(5):
            with pytest.raises(auth.AuthenticationFailed):
                auth.sign_in(sqlite_branch.db, "cashier", "wrong")
    window.refresh()  # any screen's next service call: here the customer list's
    dialog = signed_out(qtbot, controller)
    expected = {
        "no_roles": "您的全部角色已被收回，不能再使用本系统。请联系管理员",
        "disabled": "您的账户已被停用，访问权限已收回。请联系管理员",
        "locked": "您的账户已被锁定，访问权限已收回。请联系管理员",
    }[how]
    assert dialog.notice_label.text() == f"您已退出登录：{expected}"
    assert controller.ctx is None and controller.idle_watch is None
    if how == "no_roles":
        save_screen(dialog, "sign-in-after-access-withdrawn")


def test_the_worker_hands_a_withdrawal_to_the_task_when_nobody_listens(
    qtbot: QtBot, worker: DbWorker
) -> None:
    """A screen used on its own (tests, a tool) still hears of it through its own on_error."""
    errors: list[Exception] = []

    def refused() -> None:
        raise AccessWithdrawn("auth.withdrawn_disabled")

    worker.submit(refused, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert isinstance(errors[0], AccessWithdrawn)


# --- §2: idle sign-out on a shared PC ---------------------------------------------------------


def idle_after(branch: Branch, minutes: float) -> None:
    # A fraction of a minute, written straight into the row: the settings service keeps to
    # whole minutes (1-480), the reader takes any positive number.
    with branch.db.write() as s:
        put_setting(s, "auth.idle_minutes", minutes)


def test_idle_sign_out_after_the_setting(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    idle_after(sqlite_branch, 0.01)  # 600 ms
    controller = signed_in(qtbot, sqlite_branch, worker, "clerk")
    watch = controller.idle_watch
    assert watch is not None and watch.minutes == 0.01 and watch.active
    watch.minutes = 30  # only the words of the notice: the screenshot shows the usual case
    dialog = signed_out(qtbot, controller)
    assert dialog.notice_label.text() == "您已有30分钟未操作，已自动退出登录。"
    assert controller.ctx is None and controller.idle_watch is None
    save_screen(dialog, "sign-in-after-idle")


def test_input_keeps_the_session_and_running_work_counts_as_input(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    idle_after(sqlite_branch, 0.01)  # 600 ms
    controller = signed_in(qtbot, sqlite_branch, worker, "clerk")
    window = controller.window
    assert window is not None
    moves = 0

    def move() -> None:  # a mouse moving over the window every 150 ms
        nonlocal moves
        moves += 1
        point = QPointF(200, 200 + moves)
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            point,
            window.mapToGlobal(point),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(window, event)

    timer = QTimer()
    timer.timeout.connect(move)
    timer.start(150)
    qtbot.waitUntil(lambda: moves >= 10, timeout=10_000)  # 1.5 s: past 600 ms of idleness
    timer.stop()
    assert controller.window is window and window.isVisible()

    # Work still running on the DB worker is not idleness.
    done = threading.Event()
    worker.submit(done.wait, 5)
    QTimer.singleShot(1200, done.set)  # 1.2 s of work, twice the idle limit
    qtbot.waitUntil(done.is_set, timeout=5_000)
    assert controller.window is window
    signed_out(qtbot, controller)
    with sqlite_branch.db.read() as s:
        assert s.execute(select(User.active).where(User.username == "clerk")).scalar_one()


# --- issue 10 §1: an upgrade says what changed ----------------------------------------------


def test_the_sign_in_after_an_upgrade_says_what_changed(
    qtbot: QtBot, sqlite_branch: Branch, worker: DbWorker
) -> None:
    from kehu_desktop.services.admin import open_database
    from tests.test_migrations import downgrade

    downgrade(sqlite_branch.db, "0016")
    db = open_database(sqlite_branch.db.url)  # what the desktop's start-up does
    controller = AppController(db, worker)
    controller.quit = lambda: None  # type: ignore[method-assign]
    controller.start()
    dialog = controller.dialog
    assert isinstance(dialog, SignInDialog)
    qtbot.addWidget(dialog)
    text = dialog.notice_label.text()
    assert text.startswith("程序已更新：数据库已从版本0016升级到0020。升级前的数据库副本保存在：")
    assert str(db.upgrade_backup) in text
    assert text.endswith(
        "本次新增：\n• 总部模式下可登记拜访（大区经理、营销总监）\n• 客户销售月报表及营销总监审阅"
        "\n• 客户搜索更快：常用字词按名称顺序直接查到"
        "\n• 客户搜索更快：首字母、信用代码和电话的常见开头直接查到"
    )
    assert dialog.notice_label.isVisible()
    save_screen(dialog, "sign-in-after-upgrade")
    dialog.close()
    db.dispose()
