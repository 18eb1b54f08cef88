"""The slips screen (pytest-qt) on a real SQLite branch: slips issued through the services.

The print tests use a spooler stub that refuses like a dead queue and then prints: the real CUPS
path is tested in tests/test_cups_print.py and the Qt one in tests/test_views_printing.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Slip
from kehu_desktop.printing.spool import PrintFailed
from kehu_desktop.services.slips import get_slip
from kehu_desktop.services.slips import list_slips
from kehu_desktop.services.slips import printers
from kehu_desktop.services.slips import void_slip
from kehu_desktop.views.shell.app import guard_emit_refcount_bug
from kehu_desktop.views.slips import slip_model
from kehu_desktop.views.slips.printer_profiles import PrinterProfilesDialog
from kehu_desktop.views.slips.slip_model import COLUMN_KEYS
from kehu_desktop.views.slips.slip_model import SlipQuery
from kehu_desktop.views.slips.slip_model import SlipTableModel
from kehu_desktop.views.slips.slips_view import SlipsView
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import make_shop
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_slips_service import slip_for

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below


@pytest.fixture(autouse=True)
def chinese(qapp: QApplication, chinese_ui: None) -> Iterator[None]:
    guard_emit_refcount_bug()
    yield


class FlakySpooler:
    """Refuses the first ``failures`` jobs like a printer out of paper, then prints."""

    def __init__(self, failures: int = 1) -> None:
        self.failures = failures
        self.jobs: list[tuple[str, str]] = []

    def print_pdf(
        self, pdf: bytes, *, queue: str | None, paper: str, title: str, copies: int = 1
    ) -> str:
        if self.failures:
            self.failures -= 1
            raise PrintFailed("printer_alert", queue="EPSON LQ-630K", problem="缺纸")
        self.jobs.append((title, paper))
        return f"stub-{len(self.jobs)}"


def col(key: str) -> int:
    return COLUMN_KEYS.index(key)


def open_view(
    qtbot: QtBot, contexts: MakeContext, role: Role, spooler: FlakySpooler | None = None
) -> SlipsView:
    view = SlipsView(contexts(role), spooler=spooler)
    qtbot.addWidget(view)
    view.resize(1280, 560)
    view.show()
    wait_idle(qtbot, view)
    return view


def wait_idle(qtbot: QtBot, view: SlipsView) -> None:
    qtbot.waitUntil(lambda: not view.busy and view.model.total is not None, timeout=10_000)


def numbers(view: SlipsView) -> list[str]:
    qtbot_rows = range(view.model.rowCount())
    return [view.model.index(r, 0).data() for r in qtbot_rows]


def text(view: SlipsView, number: str, key: str) -> str:
    for row in range(view.model.rowCount()):
        if view.model.index(row, 0).data() == number:
            return str(view.model.index(row, col(key)).data())
    raise AssertionError(number)


def click(qtbot: QtBot, view: SlipsView, name: str) -> None:
    button = view.findChild(QPushButton, name)
    assert button is not None and button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def age(branch: Branch, number: str, days: int) -> None:
    with branch.db.write() as s:
        slip = s.execute(select(Slip).where(Slip.number == number)).scalar_one()
        slip.issue_date = TODAY - timedelta(days=days)


# --------------------------------------------------------------------------------------------


def test_model_pages_newest_first_and_passes_the_model_tester(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    contexts: MakeContext,
    sqlite_branch: Branch,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shop = make_shop(sqlite_branch)
    issued = [slip_for(shop, "credit" if i % 2 else "cash", f"{100 + i}.00") for i in range(5)]
    void_slip(sqlite_branch.db, sqlite_branch.actor(Role.ACCOUNTANT), issued[1], "开错")
    monkeypatch.setattr(slip_model, "PAGE_SIZE", 2)  # three pages of newest-first offsets
    model = SlipTableModel(contexts(Role.ACCOUNTANT))
    with qtbot.waitSignal(model.countChanged, timeout=10_000) as counted:
        model.refresh()
    assert counted.args == [5]
    for row in range(5):  # asks for the pages it lacks; placeholders meanwhile
        model.index(row, 0).data()
    qtbot.waitUntil(lambda: all(model.slip_at(r) is not None for r in range(5)), timeout=10_000)
    newest_first = sorted(issued, reverse=True)  # one day: the service orders by number
    assert [model.index(r, 0).data() for r in range(5)] == newest_first
    assert model.index(newest_first.index(issued[1]), col("status")).data() == "作废"
    assert model.index(0, col("total")).data() == "¥104.00"  # SH-DS-2026-000003
    assert model.index(0, col("total")).data(Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )
    assert model.headerData(col("copy3"), Qt.Orientation.Horizontal) == "记账联"
    qtmodeltester.check(model)

    model.set_query(SlipQuery(status="voided"))
    qtbot.waitUntil(lambda: model.total == 1 and model.slip_at(0) is not None)
    assert model.slip_at(0).number == issued[1]  # type: ignore[union-attr]
    qtmodeltester.check(model)


def test_filters_and_search(qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch) -> None:
    kangjian = make_shop(sqlite_branch, name="上海康健医药有限公司")
    huashan = make_shop(sqlite_branch, name="华山医药连锁有限公司")
    cs1 = slip_for(kangjian)
    ds1 = slip_for(kangjian, "cash", "50.00")
    cs2 = slip_for(huashan, "credit", "300.00")
    age(sqlite_branch, cs1, 10)  # copy ③ overdue (default: 7 days)
    view = open_view(qtbot, contexts, Role.ACCOUNTANT)
    assert sorted(numbers(view)) == sorted([cs1, ds1, cs2])
    assert view.count_label.text() == "共 3 张"

    view.kind_combo.setCurrentIndex(view.kind_combo.findData("delivery"))
    qtbot.waitUntil(lambda: numbers(view) == [ds1])
    assert text(view, ds1, "kind") == "送货单"
    view.kind_combo.setCurrentIndex(0)
    view.search_edit.setText(cs2[-6:])  # part of a number
    qtbot.waitUntil(lambda: numbers(view) == [cs2])
    view.search_edit.setText("康健")  # a customer
    qtbot.waitUntil(lambda: sorted(numbers(view)) == sorted([cs1, ds1]))
    view.search_edit.setText("hsyy")  # its pinyin initials
    qtbot.waitUntil(lambda: numbers(view) == [cs2])
    view.search_edit.clear()
    view.copy3_check.setChecked(True)
    qtbot.waitUntil(lambda: numbers(view) == [cs1])
    assert text(view, cs1, "copy3") == "未交回"


def test_void_through_the_view_keeps_the_number(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    number = slip_for(make_shop(sqlite_branch))
    view = open_view(qtbot, contexts, Role.ACCOUNTANT)
    assert view.select_number(number)
    click(qtbot, view, "void")
    dialog = view.void_dialog
    assert dialog is not None and dialog.isVisible()
    assert number in dialog.text_label.text()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)  # no reason
    qtbot.waitUntil(lambda: dialog.reason_box.error != "")
    assert "作废原因" in dialog.reason_box.error
    assert (
        get_slip(sqlite_branch.db, sqlite_branch.actor(Role.ACCOUNTANT), number).status == "issued"
    )
    dialog.reason.setPlainText("数量开错")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible() and not view.busy, timeout=10_000)
    wait_idle(qtbot, view)
    assert numbers(view) == [number]
    assert text(view, number, "status") == "作废"
    assert view.messages.kind == "success" and number in view.messages.text()
    voided = get_slip(sqlite_branch.db, sqlite_branch.actor(Role.ACCOUNTANT), number)
    assert (voided.status, voided.void_reason) == ("voided", "数量开错")
    view.select_number(number)
    assert not view.buttons["void"].isEnabled()


def test_copy3_returned_through_the_view(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = slip_for(make_shop(sqlite_branch))
    view = open_view(qtbot, contexts, Role.ACCOUNTANT)
    assert text(view, number, "copy3") == "未交回"
    view.select_number(number)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, view, "copy3")
    qtbot.waitUntil(lambda: view.messages.kind == "success", timeout=10_000)
    wait_idle(qtbot, view)
    assert text(view, number, "copy3") == f"已交回 {TODAY.isoformat()}"  # by the business clock
    assert (
        get_slip(sqlite_branch.db, sqlite_branch.actor(Role.ACCOUNTANT), number).copy3_returned_at
        is not None
    )


def test_actions_follow_the_roles(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    number = slip_for(make_shop(sqlite_branch))
    cashier = open_view(qtbot, contexts, Role.CASHIER)
    assert cashier.buttons["void"].isHidden() and cashier.buttons["copy3"].isHidden()
    assert cashier.buttons["preview"].text() == "预览/打印…"
    assert not cashier.buttons["save_pdf"].isHidden()
    gm = open_view(qtbot, contexts, Role.BRANCH_GM)
    assert not gm.buttons["void"].isHidden() and gm.buttons["copy3"].isHidden()
    assert gm.buttons["preview"].text() == "预览…"
    # A saved PDF is a copy: who may not print may not save one either (issue 11 §6).
    assert gm.buttons["save_pdf"].isHidden()
    save_screen(gm, "slips-branch-gm")
    gm.select_number(number)
    click(qtbot, gm, "preview")
    printing = gm.printing
    assert printing is not None
    qtbot.waitUntil(lambda: printing.dialog.preview.page_count == 4, timeout=15_000)
    assert printing.dialog.print_button.isHidden() and printing.dialog.save_button.isHidden()
    printing.dialog.close()
    click(qtbot, cashier, "printers")
    qtbot.waitUntil(lambda: cashier.findChild(PrinterProfilesDialog) is not None)
    profiles = cashier.findChild(PrinterProfilesDialog)
    assert profiles is not None and profiles.isVisible()
    qtbot.waitUntil(lambda: profiles.profile_list.count() > 0, timeout=10_000)
    profiles.close()


def test_preview_has_four_pages_and_a_failed_print_is_retried_with_the_same_number(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    number = slip_for(make_shop(sqlite_branch))
    spooler = FlakySpooler(failures=1)
    view = open_view(qtbot, contexts, Role.CASHIER, spooler)
    view.select_number(number)
    click(qtbot, view, "preview")
    printing = view.printing
    assert printing is not None
    dialog = printing.dialog
    qtbot.waitUntil(lambda: dialog.preview.page_count == 4, timeout=15_000)
    assert dialog.profile_name() == "普通纸A4" and dialog.isVisible()

    with qtbot.waitSignal(printing.runner.printFailed, timeout=15_000):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.messages.kind == "error" and "缺纸" in dialog.messages.text()
    assert dialog.print_button.text() == "重新打印"
    assert get_slip(sqlite_branch.db, sqlite_branch.actor(Role.ACCOUNTANT), number).print_count == 0

    with qtbot.waitSignal(printing.slipPrinted, timeout=15_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args[0].slip_number == number and not printed.args[0].reprint
    assert spooler.jobs == [(number, "A4")]
    assert [
        s.number for s in list_slips(sqlite_branch.db, sqlite_branch.actor(Role.ACCOUNTANT))
    ] == [number]
    history = printers.print_history(sqlite_branch.db, sqlite_branch.actor(Role.ACCOUNTANT), number)
    assert [h[1] for h in history] == ["failed", "printed"]
    qtbot.waitUntil(lambda: text(view, number, "prints") == "1 份", timeout=10_000)
    dialog.close()

    view.select_number(number)
    click(qtbot, view, "history")
    history_dialog = view.history_dialog
    assert history_dialog is not None
    qtbot.waitUntil(lambda: history_dialog.loaded)
    assert history_dialog.model.rowCount() == 2
    assert history_dialog.model.text(0, 1) == "打印失败" and "缺纸" in history_dialog.model.text(
        0, 3
    )
    assert history_dialog.model.text(1, 1) == "已打印"


def test_save_as_pdf_counts_a_copy(
    qtbot: QtBot,
    contexts: MakeContext,
    sqlite_branch: Branch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    number = slip_for(make_shop(sqlite_branch))
    view = open_view(qtbot, contexts, Role.ACCOUNTANT)
    view.select_number(number)
    target = tmp_path / "单据"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    click(qtbot, view, "save_pdf")
    qtbot.waitUntil(lambda: view.messages.kind == "success", timeout=10_000)
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    wait_idle(qtbot, view)
    assert text(view, number, "prints") == "1 份"


def test_slips_screenshot(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    kangjian = make_shop(sqlite_branch, name="上海康健医药有限公司")
    huashan = make_shop(sqlite_branch, name="华山医药连锁有限公司")
    made = [
        slip_for(kangjian, "credit", "2345.60"),
        slip_for(kangjian, "cash", "860.00"),
        slip_for(huashan, "credit", "3050.50"),
        slip_for(huashan, "cash", "125.00"),
        slip_for(kangjian, "credit", "4800.00"),
    ]
    acc = sqlite_branch.actor(Role.ACCOUNTANT)
    for i, number in enumerate(made):
        age(sqlite_branch, number, 12 - 2 * i)
    void_slip(sqlite_branch.db, acc, made[3], "客户拒收")
    from kehu_desktop.services.slips import record_copy3_returned

    record_copy3_returned(sqlite_branch.db, acc, made[0])
    printers.print_slip(sqlite_branch.db, acc, made[0], spooler=FlakySpooler(0))
    printers.print_slip(sqlite_branch.db, acc, made[0], spooler=FlakySpooler(0))
    view = open_view(qtbot, contexts, Role.ACCOUNTANT)
    view.select_number(made[2])
    assert text(view, made[0], "prints") == "2 份（补印 1 份）"
    red = view.model.index(numbers(view).index(made[3]), col("status")).data(
        Qt.ItemDataRole.ForegroundRole
    )
    assert red.color() == QColor("#b3261e")
    label = view.findChild(QLabel, "count")
    assert label is not None and label.text() == "共 5 张"
    save_screen(view, "slips")


def test_an_administrator_sets_the_seller_the_slips_print(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    """The seller details (随货同行单) are kept from the slips screen, by an administrator."""
    from kehu_desktop.services.slips import SellerInput
    from kehu_desktop.services.slips import get_seller
    from kehu_desktop.services.slips import save_seller
    from kehu_desktop.views.slips.seller_dialog import SellerDialog

    assert open_view(qtbot, contexts, Role.ACCOUNTANT).seller_button.isHidden()
    admin = sqlite_branch.actor(Role.ADMIN)
    save_seller(
        sqlite_branch.db,
        admin,
        SellerInput(
            "华东康健医药股份有限公司", "上海市静安区共和新路1888号", "021-56781234", "沪AA0210087"
        ),
    )
    view = open_view(qtbot, contexts, Role.ADMIN)
    click(qtbot, view, "seller")
    dialog = view.seller_dialog
    assert isinstance(dialog, SellerDialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    assert dialog.inputs["licence_no"].text() == "沪AA0210087"  # the current details
    dialog.inputs["licence_no"].setText("沪AA02")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "沪AA0210001" in dialog.boxes["licence_no"].error  # next to the field, in Chinese
    qtbot.wait(100)  # let the form make room for the message
    save_screen(dialog, "seller-dialog")
    dialog.inputs["licence_no"].setText("沪AA0210099")
    dialog.inputs["address"].setText("上海市浦东新区张江路88号")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert view.messages.kind == "success"
    seller = get_seller(sqlite_branch.db, admin)
    assert seller is not None
    assert (seller.address, seller.licence_no) == ("上海市浦东新区张江路88号", "沪AA0210099")
