"""我的待办 on screen (issue 9): the desktop opens on it for everyone but the clerk, with the
counts in the navigation, and a line opens its screen. Screenshot in artifacts/screens."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.my_work import WorkView
from kehu_desktop.views.shell.main_window import MainWindow
from tests.factories import Branch
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import save_screen
from tests.test_work import busy_branch

__all__ = ["busy_branch", "chinese_catalogue", "chinese_ui"]  # fixtures used below

TODAY = date(2026, 11, 26)


def test_the_desktop_opens_on_my_work_with_counts_in_the_navigation(
    qtbot: QtBot, chinese_ui: None, busy_branch: Branch
) -> None:
    worker = DbWorker()
    try:
        window = MainWindow(AppContext(busy_branch.db, busy_branch.actor(Role.BRANCH_GM), worker))
        qtbot.addWidget(window)
        window.resize(1200, 720)
        window.show()
        assert window.screen_keys()[0] == "work"
        view = window.stack.currentWidget()
        assert isinstance(view, WorkView)
        qtbot.waitUntil(lambda: bool(view.items) and not view.busy)
        keys = [window.nav.item(r).text() for r in range(window.nav.count())]
        assert "预警（1）" in keys and any(k.startswith("资信评级（") for k in keys)
        save_screen(window, "my-work-branch-gm")
        row = [i.key for i in view.items].index("warnings")
        view.list.setCurrentRow(row)
        view.open_selected()
        assert window.screen_keys()[window.nav.currentRow()] == "warnings"

        clerk = MainWindow(AppContext(busy_branch.db, busy_branch.actor(Role.CLERK), worker))
        qtbot.addWidget(clerk)
        assert clerk.screen_keys()[0] == "customers"
    finally:
        worker.shutdown()
