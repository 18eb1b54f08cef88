"""The program on a 1366 × 768 X screen, the commonest branch PC (run by test_xvfb_screens.py).

    DISPLAY=:99 QT_QPA_PLATFORM=xcb python tests/xvfb_fit_script.py OUT_DIR WORK_DIR

Builds the demo branch with `kehu demo` (the CLI, as a user would), starts the program the way
``kehu-desktop`` does (AppController: the sign-in lists the demo users because the database
says it is the demo), signs in as the cashier and as the sales manager with no remembered window
geometry, and for every screen of theirs records whether the window, the toolbar's actions and
the status bar are all on the screen. Screenshots come from the X server. Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QEventLoop
from PySide6.QtCore import QPoint
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QToolButton
from PySide6.QtWidgets import QWidget

from kehu_desktop.cli import main as kehu
from kehu_desktop.services.admin import setup
from kehu_desktop.views.dispatch.cashier_desk import CashierDeskView
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.app import AppController
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from kehu_desktop.views.shell.main_window import MainWindow
from kehu_desktop.views.shell.sign_in import SignInDialog


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def settle(seconds: float = 0.5) -> None:
    wait_until(lambda: False, seconds)


def desk_idle(desk: CashierDeskView) -> Callable[[], bool]:
    return lambda: not desk.busy


def grab(widget: QWidget, out: Path, name: str, shots: dict[str, str]) -> None:
    widget.raise_()
    widget.activateWindow()
    settle()
    screen = widget.screen() or QGuiApplication.primaryScreen()
    pixmap = screen.grabWindow(0)  # the whole screen: what the user sees, edges included
    path = out / f"{name}.png"
    if not pixmap.save(str(path)):
        raise SystemExit(f"could not save {path}")
    shots[name] = str(path)


def on_screen(widget: QWidget, screen: QRect) -> bool:
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return screen.contains(QRect(top_left, widget.size()))


def check_window(window: MainWindow) -> dict[str, object]:
    """Per screen: is everything the user needs on the screen?"""
    available = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    result: dict[str, object] = {
        "available": [available.width(), available.height()],
        "frame": [window.frameGeometry().width(), window.frameGeometry().height()],
        "window_on_screen": available.contains(window.frameGeometry()),
        "screens": {},
    }
    screens: dict[str, object] = {}
    for key in window.screen_keys():
        window.show_screen(key)
        settle(0.6)
        extension = window.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        actions = [a for a in window.toolbar.actions() if not a.isSeparator()]
        buttons = [window.toolbar.widgetForAction(a) for a in actions]
        screens[key] = {
            "toolbar": [a.iconText() for a in actions],
            "toolbar_on_screen": all(
                b is not None and b.isVisible() and on_screen(b, available) for b in buttons
            ),
            "overflow": bool(extension is not None and extension.isVisible()),
            "status_bar_on_screen": window.statusBar().isVisible()
            and on_screen(window.statusBar(), available),
            "size": [window.width(), window.height()],
        }
    result["screens"] = screens
    return result


def main() -> int:
    out, work = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{work / 'demo.sqlite3'}"
    if kehu(["demo", "--customers", "40", "--database", url]) != 0:
        raise SystemExit("kehu demo failed")
    guard_emit_refcount_bug()
    app = QApplication([sys.argv[0]])
    app.setOrganizationName(i18n.ORGANIZATION)
    app.setApplicationName(i18n.APPLICATION)
    app.setQuitOnLastWindowClosed(False)
    i18n.install_font(app)
    i18n.install_language("zh_CN")
    geometry = QGuiApplication.primaryScreen().geometry()
    report: dict[str, object] = {"screen": [geometry.width(), geometry.height()], "roles": {}}
    shots: dict[str, str] = {}
    db = setup.open_database(url)
    worker = DbWorker()
    controller = AppController(db, worker)
    controller.quit = lambda: None  # type: ignore[method-assign]
    controller.start()
    sign_in = controller.dialog
    if not isinstance(sign_in, SignInDialog):
        raise SystemExit("the program did not open the sign-in")
    report["demo_users_listed"] = sign_in.demo_label.isVisible()
    grab(sign_in, out, "sign-in-demo", shots)
    roles: dict[str, object] = {}
    for username, key in (("cashier", "cashier"), ("sales_manager", "dispatch")):
        dialog = controller.dialog
        assert isinstance(dialog, SignInDialog)
        dialog.username_edit.setText(username)
        dialog.password_edit.setText("demo1234")
        dialog.sign_in()
        if not wait_until(lambda: controller.window is not None and worker.busy is False):
            raise SystemExit(f"{username} could not sign in")
        window = controller.window
        assert window is not None
        settle(1.0)
        roles[username] = check_window(window)
        window.show_screen(key)
        desk = window.stack.currentWidget()
        if isinstance(desk, CashierDeskView):  # a note selected: its credit check beside it
            idle = desk_idle(desk)
            wait_until(idle)
            desk.table.selectRow(0)
            wait_until(idle)
        settle(1.0)
        grab(window, out, f"main-1366x768-{username}", shots)
        window.sign_out()
        wait_until(lambda: isinstance(controller.dialog, SignInDialog))
    report["roles"] = roles
    report["screens"] = shots
    worker.shutdown()
    db.dispose()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
