"""Changes reach every screen (issue 7): a write made on one screen is broadcast once by the DB
worker (``changesMade``) and every open screen showing such an entity refreshes itself, nobody
pressing 刷新. Against a real SQLite branch, data built through the real services."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

import tests.factories as td
from kehu_desktop.changes import Changes
from kehu_desktop.domain.roles import Role
from kehu_desktop.views.credit.credit_panel import CreditPanel
from kehu_desktop.views.dispatch.cashier_desk import CashierDeskView
from kehu_desktop.views.dispatch.dispatch_views import DispatchNotesView
from kehu_desktop.views.slips.slips_view import SlipsView
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_views_cashier import today

__all__ = ["chinese_catalogue", "chinese_ui", "contexts", "today"]  # fixtures used below


def _open(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: not widget.busy)  # type: ignore[attr-defined]


def _slip_numbers(view: SlipsView) -> list[str]:
    rows = (view.model.slip_at(r) for r in range(view.model.rowCount()))
    return [r.number for r in rows if r is not None]


def test_a_release_at_the_cashier_desk_reaches_the_other_screens(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, today: date, chinese_ui: None
) -> None:
    shop = td.make_shop(sqlite_branch, limit="200000.00")
    note = td.ready_note(shop, amount="12345.60")
    cashier = contexts(Role.CASHIER)
    desk = CashierDeskView(cashier)
    notes = DispatchNotesView(contexts(Role.BRANCH_GM))
    slips = SlipsView(contexts(Role.ACCOUNTANT))
    credit = CreditPanel(contexts(Role.SALES_MANAGER), shop.customer_id)
    for widget in (desk, notes, slips, credit):
        _open(qtbot, widget)
    assert notes.select_note(note)
    assert credit.values["exposure"].text() == "¥0.00"
    assert _slip_numbers(slips) == []

    heard: list[Changes] = []
    cashier.worker.changesMade.connect(heard.append)
    assert desk.select_note(note)
    qtbot.waitUntil(lambda: desk.panel.decision is not None and not desk.busy)
    qtbot.mouseClick(desk.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: credit.values["exposure"].text() == "¥12,345.60")
    [changes] = heard  # one broadcast for the release
    assert changes.ids("dispatch_note") == {str(note)}
    assert changes.touches_customer(shop.customer_id)
    qtbot.waitUntil(lambda: not notes.busy and notes.selected_row() is not None)
    row = notes.selected_row()
    assert row is not None and row.id == note and row.status == "released"  # still selected

    # Delivery issues the slip (the sales rep's screen): the open slip list shows it.
    td.deliver(shop, note)
    qtbot.waitUntil(lambda: len(_slip_numbers(slips)) == 1)
    qtbot.waitUntil(lambda: not slips.busy)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    save_screen(slips, "slips-after-delivery-elsewhere")
    folder = os.environ.get("KEHU_CHANGES_SHOT_DIR")  # to look at it outside the artifacts
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert slips.grab().save(str(Path(folder) / "slips-refreshed.png"))
    assert credit.values["exposure"].text() == "¥12,345.60"  # now a slip instead of a note
