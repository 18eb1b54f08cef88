"""Open the real screens on a real X server and save screenshots (run by test_xvfb_screens.py).

    DISPLAY=:99 QT_QPA_PLATFORM=xcb python tests/xvfb_app_script.py OUT_DIR WORK_DIR

Builds a demo database (services.demo when present, else a small branch made through the
services), then shows the first-run dialog, the sign-in dialog, the main window on the customer
list, the approvals screen, the customer editor and the English main window, grabbing each from
the X server. Prints one JSON line describing what it saw.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QFontInfo
from PySide6.QtGui import QFontMetrics
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import setup
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import save_customer
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from kehu_desktop.views.shell.first_run import FirstRunDialog
from kehu_desktop.views.shell.first_run import demo_available
from kehu_desktop.views.shell.main_window import MainWindow
from kehu_desktop.views.shell.sign_in import SignInDialog

CUSTOMERS = [  # name, channel, market office, phone, address
    ("上海医药股份有限公司", "state_owned", "浦东市场部", "021-63211234", "上海市黄浦区河南中路"),
    ("国药控股上海有限公司", "state_owned", "闵行市场部", "021-54381000", "上海市闵行区莘庄工业区"),
    ("上海雷允上药业西区有限公司", "private", None, "13812345678", "上海市普陀区中山北路"),
    ("华润医药商业集团上海有限公司", "state_owned", "浦东市场部", None, "上海市浦东新区张江路"),
    ("上海益丰大药房连锁有限公司", "pharmacy_chain", None, "021-62220000", None),
    ("第一医药股份有限公司", "large_pharmacy", "闵行市场部", "021-63224567", "上海市南京东路616号"),
]


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def settle(seconds: float = 0.4) -> None:
    wait_until(lambda: False, seconds)


def build_database(path: Path) -> tuple[Database, list[tuple[str, str, str]], str, str]:
    """The database, demo users to list at sign-in, and the user name/password to sign in."""
    db = setup.open_database(f"sqlite:///{path}")
    if demo_available():
        from kehu_desktop import demo

        demo.create_demo(db, customers=80)
        users = [(u, str(r), p) for u, r, p in demo.demo_credentials()]
        password = next(p for u, _r, p in users if u == "sales_manager")
        return db, users, "sales_manager", password
    setup.set_up_branch(
        db,
        setup.BranchSetup(
            branch_code="SH",
            branch_name="上海分公司",
            region_code="HD",
            region_name="华东大区",
            admin_username="admin",
            admin_password="demo1234",
            market_offices=[("PD", "浦东市场部"), ("MH", "闵行市场部")],
        ),
    )
    admin = auth.sign_in(db, "admin", "demo1234")
    auth.add_user(
        db, admin, "sales_manager", "demo1234", [Role.SALES_MANAGER], display_name="陈志强"
    )
    auth.add_user(db, admin, "clerk", "demo1234", [Role.CLERK], display_name="李静")
    clerk = auth.sign_in(db, "clerk", "demo1234")
    for name, channel, office, phone, address in CUSTOMERS:
        save_customer(
            db,
            clerk,
            CustomerDraft(
                name=name, channel=channel, market_office=office, phone=phone, address=address
            ),
        )
    users = [
        ("admin", "admin", "demo1234"),
        ("sales_manager", "sales_manager", "demo1234"),
        ("clerk", "clerk", "demo1234"),
    ]
    return db, users, "sales_manager", "demo1234"


def grab(widget: QWidget, out: Path, name: str, shots: dict[str, str]) -> None:
    """From the X server (what the user would see), falling back to the widget's own paint."""
    widget.raise_()
    widget.activateWindow()
    settle()
    screen = widget.screen() or QGuiApplication.primaryScreen()
    pixmap = screen.grabWindow(int(widget.winId()))
    if pixmap.isNull() or pixmap.width() < 50:
        pixmap = widget.grab()
    path = out / f"{name}.png"
    if not pixmap.save(str(path)):
        raise SystemExit(f"could not save {path}")
    shots[name] = str(path)


def main() -> int:
    out, work = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    guard_emit_refcount_bug()
    app = QApplication([sys.argv[0]])
    app.setOrganizationName(i18n.ORGANIZATION)
    app.setApplicationName(i18n.APPLICATION)
    app.setQuitOnLastWindowClosed(False)
    family = i18n.install_font(app)
    i18n.install_language("zh_CN")
    report: dict[str, object] = {
        "platform": QGuiApplication.platformName(),
        "font_family": family,
        "app_font": QFontInfo(app.font()).family(),
        "covers_chinese": all(QFontMetrics(app.font()).inFontUcs4(ord(c)) for c in "客户管理"),
        "demo": demo_available(),
    }
    shots: dict[str, str] = {}
    worker = DbWorker()

    empty = setup.open_database(f"sqlite:///{work / 'empty.sqlite3'}")
    first_run = FirstRunDialog(empty, worker)
    first_run.show()
    grab(first_run, out, "first-run", shots)
    first_run.pages.setCurrentIndex(1)
    first_run.adjustSize()
    grab(first_run, out, "first-run-setup", shots)
    first_run.close()

    db, users, username, password = build_database(work / "branch.sqlite3")
    sign_in = SignInDialog(db, worker, demo_users=users)
    sign_in.show()
    sign_in.username_edit.setText(username)
    sign_in.password_edit.setText(password)
    grab(sign_in, out, "sign-in", shots)
    sign_in.sign_in()
    if not wait_until(lambda: sign_in.actor is not None):
        raise SystemExit("sign-in did not finish")
    assert sign_in.actor is not None
    ctx = AppContext(db, sign_in.actor, worker)

    window = MainWindow(ctx)
    window.resize(1360, 860)
    window.move(20, 20)
    window.show()
    model = window.customers.model
    wait_until(lambda: model.total is not None and not model.loading and not worker.busy)
    report["customers_listed"] = model.total
    grab(window, out, "main-customers", shots)

    window.customers.search_edit.setText("上海")
    window.customers.apply_filters()
    wait_until(lambda: model.total is not None and not model.loading)
    report["customers_found"] = model.total
    grab(window, out, "main-customers-search", shots)

    if "approvals" in window.screen_keys():
        window.show_screen("approvals")
        settle(0.5)
        wait_until(lambda: not worker.busy)
        grab(window, out, "main-approvals", shots)

    window.show_screen("customers")
    editor = window.customers.open_customer(model.customer_id(0))
    if editor is not None:
        wait_until(lambda: not worker.busy)
        settle(0.5)
        grab(editor, out, "customer-editor", shots)
        editor.close()

    window.close()
    i18n.install_language("en")
    english = MainWindow(ctx)
    english.resize(1360, 860)
    english.show()
    wait_until(lambda: english.customers.model.total is not None and not worker.busy)
    grab(english, out, "main-customers-en", shots)
    english.close()
    i18n.install_language("zh_CN")

    worker.shutdown()
    db.dispose()
    empty.dispose()
    report["screens"] = shots
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
