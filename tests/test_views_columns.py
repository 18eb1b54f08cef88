"""views.column_widths: list columns as wide as their content, names elided in the middle with the
full name as tooltip, widths the user drags kept between runs; and every list of every screen
follows that one rule."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtCore import QPoint
from PySide6.QtCore import QSettings
from PySide6.QtCore import Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMenu
from PySide6.QtWidgets import QTableView
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QToolTip
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kehu_desktop.domain.roles import Role
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.column_widths import NAME_MIN_CHARS
from kehu_desktop.views.kit.column_widths import SETTINGS_PREFIX
from kehu_desktop.views.kit.column_widths import column_widths
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.column_widths import full_text_tip
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.main_window import MainWindow
from tests.factories import Branch
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui

__all__ = ["chinese_catalogue", "chinese_ui"]  # fixtures used below

NAMES = [
    "上海康健医药有限公司",
    "杭州华东医药集团浙江华义医药有限公司",
    "上海华东医药物流集团股份有限公司",
]


@pytest.fixture(autouse=True)
def own_settings(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield


def customers_table(qtbot: QtBot, width: int, key: str = "test/customers") -> QTableWidget:
    table = QTableWidget(len(NAMES), 3)
    table.setHorizontalHeaderLabels(["单号", "客户", "金额（¥）"])
    fit_columns(table, key, names=[1])
    for row, name in enumerate(NAMES):
        for column, text in enumerate((f"SH-DN-2026-00000{row}", name, "1,234.50")):
            table.setItem(row, column, QTableWidgetItem(text))
    qtbot.addWidget(table)
    table.resize(width, 200)
    table.show()
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(1) > 100)
    qtbot.wait(20)
    return table


def text_width(table: QTableView, text: str) -> int:
    return table.fontMetrics().horizontalAdvance(text)


def test_names_are_shown_whole_when_there_is_room(qtbot: QtBot, chinese_ui: None) -> None:
    table = customers_table(qtbot, 900)
    header = table.horizontalHeader()
    longest = max(text_width(table, n) for n in NAMES)
    assert header.sectionSize(1) > longest
    assert header.sectionResizeMode(1) == header.ResizeMode.Interactive  # the user may resize
    index = table.model().index(1, 1)
    assert full_text_tip(table, index) == ""  # nothing hidden, no tooltip needed
    # Every column fits, without a horizontal scroll bar.
    assert header.length() <= table.viewport().width()


def test_a_name_that_does_not_fit_is_elided_in_the_middle_with_a_tooltip(
    qtbot: QtBot, chinese_ui: None
) -> None:
    table = customers_table(qtbot, 340)
    header = table.horizontalHeader()
    char = text_width(table, "中")
    assert header.sectionSize(1) >= NAME_MIN_CHARS * char  # narrowed, not to nothing
    assert header.sectionSize(1) < text_width(table, NAMES[1])
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    index = table.model().index(1, 1)
    assert full_text_tip(table, index) == NAMES[1]
    # The real tooltip, as hovering shows it.
    rect = table.visualRect(index)
    event = QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), table.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(table.viewport(), event)
    qtbot.waitUntil(lambda: QToolTip.text() == NAMES[1])
    QToolTip.hideText()


def drag_column_edge(qtbot: QtBot, table: QTableView, column: int, by: int) -> None:
    """What the user does: press on the right edge of a column title, drag, release."""
    header = table.horizontalHeader()
    viewport = header.viewport()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    start = QPoint(edge, header.height() // 2)
    end = QPoint(edge + by, header.height() // 2)
    left = Qt.MouseButton.LeftButton
    no_modifier = Qt.KeyboardModifier.NoModifier
    for kind, pos, buttons in (
        (QEvent.Type.MouseButtonPress, start, left),
        (QEvent.Type.MouseMove, QPoint(edge + by // 2, start.y()), left),
        (QEvent.Type.MouseMove, end, left),
        (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(kind, pos, viewport.mapToGlobal(pos), left, buttons, no_modifier)
        QApplication.sendEvent(viewport, event)
    qtbot.wait(10)


def test_widths_the_user_drags_are_kept_for_the_next_time(qtbot: QtBot, chinese_ui: None) -> None:
    table = customers_table(qtbot, 900)
    header = table.horizontalHeader()
    before = header.sectionSize(0)
    drag_column_edge(qtbot, table, 0, 60)
    assert header.sectionSize(0) == before + 60
    widths = column_widths(table)
    assert widths is not None and widths.user_sized
    stored = i18n.app_settings().value(SETTINGS_PREFIX + "test/customers")
    assert isinstance(stored, str) and stored.startswith(f"{before + 60},")

    # The next time the list opens (another run of the program): the user's widths.
    again = customers_table(qtbot, 900)
    assert again.horizontalHeader().sectionSize(0) == before + 60
    assert again.horizontalHeader().sectionSize(1) == header.sectionSize(1)
    # Rows arriving later do not undo them.
    again.setRowCount(4)
    again.setItem(3, 1, QTableWidgetItem("上海" + "很长的名字" * 8))
    qtbot.wait(20)
    assert again.horizontalHeader().sectionSize(0) == before + 60

    # The header's menu puts the automatic widths back and forgets the user's.
    again_widths = column_widths(again)
    assert again_widths is not None
    again_widths.reset()
    assert not again_widths.user_sized
    assert i18n.app_settings().value(SETTINGS_PREFIX + "test/customers") is None
    assert again.horizontalHeader().sectionSize(0) == before


def test_header_menu_offers_automatic_widths(qtbot: QtBot, chinese_ui: None) -> None:
    table = customers_table(qtbot, 900)
    header = table.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(10, 5))
    menu = header.findChild(QMenu)
    assert menu is not None
    action = menu.actions()[0]
    assert action.text() == "自动调整列宽" and not action.isEnabled()
    menu.close()


def test_a_changed_table_ignores_widths_saved_for_its_old_columns(
    qtbot: QtBot, chinese_ui: None
) -> None:
    i18n.app_settings().setValue(SETTINGS_PREFIX + "test/customers", "300,40")  # two columns
    table = customers_table(qtbot, 900)
    widths = column_widths(table)
    assert widths is not None and not widths.user_sized
    assert table.horizontalHeader().sectionSize(0) != 300


# --- every list of every screen ------------------------------------------------------------------

#: Tables that do not follow the rule, and why.
EXCEPTIONS = {
    "history": "the selection history wraps its comments in a narrow side pane",
}


def tables_of(widget: QWidget) -> list[QTableView]:
    """The lists on a screen (Qt's own, e.g. a date field's calendar, are not lists)."""
    return [
        t
        for t in widget.findChildren(QTableView)
        if t.objectName() not in EXCEPTIONS and not t.objectName().startswith("qt_")
    ]


@pytest.mark.parametrize(
    "role", [Role.CASHIER, Role.SALES_MANAGER, Role.SALES_REP, Role.ACCOUNTANT, Role.ADMIN]
)
def test_every_list_of_every_screen_follows_the_rule(
    qtbot: QtBot, sqlite_branch: Branch, role: Role, chinese_ui: None
) -> None:
    worker = DbWorker()
    try:
        window = MainWindow(AppContext(sqlite_branch.db, sqlite_branch.actor(role), worker))
        qtbot.addWidget(window)
        window.show()
        for key in window.screen_keys():
            screen = window.show_screen(key)
            tables = tables_of(screen)
            assert tables or key in ("approvals", "work"), key  # 我的待办: lines, no columns
            for table in tables:
                widths = column_widths(table)
                assert widths is not None, (key, table.objectName())
                assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
        qtbot.waitUntil(lambda: not worker.busy, timeout=10_000)
    finally:
        worker.shutdown()
