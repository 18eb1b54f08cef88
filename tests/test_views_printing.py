"""Slip preview, the Qt print path, the print thread and the printer profile editor (pytest-qt).

The Qt spooler prints through a real ``QPrinter`` whose output is a PDF file (Qt's PDF print
engine), read back with pypdf and PDFium: page count, page size, and the calibration crosshairs
landing where they were drawn (no scaling, no margin shift).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QEvent
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from reportlab.lib.units import mm

from kehu_desktop.domain.messages import language
from kehu_desktop.domain.messages import set_language
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.models import PrinterProfile
from kehu_desktop.printing.calibration import calibration_pdf
from kehu_desktop.printing.paper import DEFAULT_PROFILES
from kehu_desktop.printing.slips import slip_pdf
from kehu_desktop.printing.spool import CupsSpooler
from kehu_desktop.printing.spool import PrintFailed
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services.slips import get_slip
from kehu_desktop.services.slips import list_slips
from kehu_desktop.services.slips import printers
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.pdf_preview import PdfPreview
from kehu_desktop.views.kit.pdf_preview import PreviewDialog
from kehu_desktop.views.kit.pdf_preview import Zoom
from kehu_desktop.views.kit.pdf_preview import render_pages
from kehu_desktop.views.slips.print_jobs import PrintJobRunner
from kehu_desktop.views.slips.print_jobs import SlipPrinting
from kehu_desktop.views.slips.print_jobs import copy_pdf
from kehu_desktop.views.slips.printer_profiles import PrinterProfilesDialog
from kehu_desktop.views.slips.qt_spooler import QtPrintFailed
from kehu_desktop.views.slips.qt_spooler import QtSpooler
from kehu_desktop.views.slips.qt_spooler import default_spooler
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_slip_pdf import cash_slip
from tests.test_slip_pdf import credit_slip
from tests.test_slip_pdf import profile as slip_profile

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

PRINTERS = ["EPSON LQ-630K", "HP LaserJet Pro M404"]
MAIN = threading.main_thread()


PROFILES = "PrinterProfilesDialog"


def tr(context: str, source: str) -> str:
    """The UI text in whatever language is installed (another test module may leave one)."""
    return QCoreApplication.translate(context, source)


@pytest.fixture(autouse=True)
def chinese_messages() -> Iterator[None]:
    """Service and spooler messages in Chinese, whatever an earlier test chose."""
    before = language()
    set_language("zh_CN")
    yield
    set_language(before)


@pytest.fixture(autouse=True)
def discard_at_teardown(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dialog left with unsaved edits asks when qtbot closes it: answer Discard, never block."""
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard.value)


def plain_a4_pdf() -> bytes:
    return slip_pdf(cash_slip(), slip_profile("plain", "A4"))


def open_preview(qtbot: QtBot, pdf: bytes) -> PdfPreview:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(900, 700)
    preview.show()
    with qtbot.waitSignal(preview.pagesReady, timeout=10_000):
        preview.set_pdf(pdf)
    return preview


def sizes_pt(path: Path) -> list[tuple[float, float]]:
    reader = PdfReader(BytesIO(path.read_bytes()))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


# --- the preview --------------------------------------------------------------------------


def test_preview_shows_the_four_copies_and_navigates(qtbot: QtBot, chinese_ui: None) -> None:
    preview = open_preview(qtbot, plain_a4_pdf())
    assert preview.page_count == 4
    assert preview.page_label.text() == "第 1 页 / 共 4 页"
    assert preview.caption_label.text() == "第一联 存根联"
    assert not preview.previous_button.isEnabled() and preview.next_button.isEnabled()
    assert not preview.displayed_size().isEmpty()

    with qtbot.waitSignal(preview.currentPageChanged) as changed:
        qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert changed.args == [1]
    assert preview.page_label.text() == "第 2 页 / 共 4 页"
    assert preview.caption_label.text() == "第二联 客户联"
    preview.set_page(3)
    assert preview.caption_label.text() == "第四联 回单联"
    assert not preview.next_button.isEnabled() and preview.previous_button.isEnabled()
    preview.next_page()  # past the end: stays
    assert preview.current_page == 3
    captions = [preview.page(i).caption for i in range(4)]  # type: ignore[union-attr]
    assert [c[:3] for c in captions] == ["第一联", "第二联", "第三联", "第四联"]


def test_a_multipart_form_has_one_page_without_caption(qtbot: QtBot) -> None:
    preview = open_preview(qtbot, slip_pdf(credit_slip(), slip_profile("multipart", "241x279.4")))
    assert preview.page_count == 1 and preview.caption_label.text() == ""
    page = preview.page(0)
    assert page is not None
    assert page.size_pt == pytest.approx((241 * mm, 279.4 * mm), abs=0.5)


def test_rendering_runs_off_the_gui_thread_and_arrives_by_signal(qtbot: QtBot) -> None:
    pdf = plain_a4_pdf()
    gate = threading.Event()
    seen: list[threading.Thread] = []

    def source() -> bytes:
        seen.append(threading.current_thread())
        # If set_pdf rendered on the GUI thread, the test would never reach gate.set().
        assert gate.wait(10), "set_pdf blocked the GUI thread"
        return pdf

    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.show()
    preview.set_pdf(source)
    assert preview.rendering and preview.page_count == 0
    assert preview.page_view.text() == tr("PdfPreview", "Preparing the preview…")
    with qtbot.waitSignal(preview.pagesReady, timeout=10_000) as ready:
        gate.set()
    assert ready.args == [4]
    assert seen and seen[0] is not MAIN
    assert preview.pdf == pdf and not preview.rendering


def test_a_newer_document_replaces_one_still_rendering(qtbot: QtBot) -> None:
    gate = threading.Event()
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.set_pdf(lambda: (gate.wait(10), plain_a4_pdf())[1])
    with qtbot.waitSignal(preview.pagesReady, timeout=10_000) as ready:
        preview.set_pdf(calibration_pdf(DEFAULT_PROFILES[2]))
        gate.set()
    assert ready.args == [1]
    qtbot.wait(200)  # let a late page of the first document arrive, if it would
    assert preview.page_count == 1


def test_zoom_modes(qtbot: QtBot) -> None:
    preview = open_preview(qtbot, plain_a4_pdf())
    area = preview.page_area.viewport()
    preview.set_zoom(Zoom.FIT_PAGE)
    fitted = preview.displayed_size()
    assert fitted.width() <= area.width() and fitted.height() <= area.height()
    preview.set_zoom(Zoom.ACTUAL)  # A4 landscape, 297 mm at the screen's resolution
    assert preview.displayed_size().width() == pytest.approx(
        297 / 25.4 * preview.logicalDpiX(), abs=2
    )
    preview.set_zoom(Zoom.FIT_WIDTH)
    wide = preview.displayed_size()
    assert wide.width() >= fitted.width() and wide.width() <= area.width()
    assert preview.zoom is Zoom.FIT_WIDTH
    preview.resize(600, 500)
    qtbot.waitUntil(lambda: preview.displayed_size().width() < wide.width())


def test_a_damaged_pdf_is_reported(qtbot: QtBot) -> None:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    with qtbot.waitSignal(preview.renderFailed, timeout=10_000) as failed:
        preview.set_pdf(b"%PDF-1.4 nothing else")
    assert failed.args[0].startswith(tr("PdfPreview", "The preview could not be shown: %1")[:5])
    assert preview.page_count == 0


def test_preview_dialog_asks_for_print_save_and_other_profiles(qtbot: QtBot) -> None:
    dialog = PreviewDialog(DEFAULT_PROFILES)
    qtbot.addWidget(dialog)
    assert dialog.profile_name() == "普通纸A4"  # the default profile
    with qtbot.waitSignal(dialog.printRequested) as asked:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert asked.args == ["普通纸A4"]
    with qtbot.waitSignal(dialog.profileChanged) as changed:
        dialog.profile_combo.setCurrentIndex(dialog.profile_combo.findData("针式四联241×93.1"))
    assert changed.args == ["针式四联241×93.1"]
    with qtbot.waitSignal(dialog.saveRequested):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.set_busy(True, "printing")
    assert not dialog.print_button.isEnabled() and not dialog.profile_combo.isEnabled()
    with qtbot.assertNotEmitted(dialog.printRequested):
        dialog.print_button.click()
    dialog.set_busy(False)
    dialog.show_print_failed("缺纸")
    assert dialog.print_button.text() == tr("PreviewDialog", "Print again")
    assert "缺纸" in dialog.messages.text()


def test_screenshot_of_the_slip_preview(qtbot: QtBot, chinese_ui: None) -> None:
    dialog = PreviewDialog(DEFAULT_PROFILES, title="赊销单 SH-CR-2026-000456")
    qtbot.addWidget(dialog)
    dialog.resize(1100, 760)
    dialog.show()
    with qtbot.waitSignal(dialog.preview.pagesReady, timeout=10_000):
        dialog.set_pdf(copy_pdf(credit_slip(), DEFAULT_PROFILES[0]))
    dialog.preview.set_page(2)
    dialog.show_print_failed("打印机“EPSON LQ-630K”缺纸，请处理后重试")
    qtbot.waitUntil(lambda: not dialog.preview.displayed_size().isEmpty())
    assert dialog.preview.page_label.text() == "第 3 页 / 共 4 页"
    assert dialog.print_button.text() == "重新打印"
    save_screen(dialog, "slip_preview")


# --- the Qt print path ----------------------------------------------------------------------


def test_qt_spooler_prints_on_the_custom_form_size(tmp_path: Path, qapp: QApplication) -> None:
    out = tmp_path / "printed.pdf"
    pdf = slip_pdf(cash_slip(), slip_profile("plain", "241x139.7"))
    job = QtSpooler(output_file=out, max_dpi=150).print_pdf(
        pdf, queue=None, paper="241x139.7", title="SH-DS-2026-000123"
    )
    assert job.startswith("qt-printed.pdf-")
    pages = sizes_pt(out)
    assert len(pages) == 4
    for width, height in pages:  # the custom size, upright: not snapped, not turned
        assert width == pytest.approx(241 * mm, abs=1) and height == pytest.approx(
            139.7 * mm, abs=1
        )


def test_qt_spooler_prints_a4_landscape_and_copies(tmp_path: Path, qapp: QApplication) -> None:
    out = tmp_path / "a4.pdf"
    done: list[tuple[int, int]] = []
    spooler = QtSpooler(output_file=out, max_dpi=100, on_page=lambda i, n: done.append((i, n)))
    spooler.print_pdf(plain_a4_pdf(), queue=None, paper="A4", title="t", copies=2)
    pages = sizes_pt(out)
    assert len(pages) == 8  # Qt's PDF printer makes no copies itself: the pages go twice
    assert pages[0] == pytest.approx((297 * mm, 210 * mm), abs=1)
    assert done[-1] == (8, 8)


def _darkest_near(image: QImage, x_mm: float, y_mm: float, dpi: float) -> int:
    cx, cy = round(x_mm / 25.4 * dpi), round(y_mm / 25.4 * dpi)
    return min(
        image.pixelColor(x, y).value() for x in range(cx - 2, cx + 3) for y in range(cy - 2, cy + 3)
    )


def test_qt_spooler_keeps_the_page_at_its_physical_size(tmp_path: Path, qapp: QApplication) -> None:
    """The calibration crosshairs come out where they are labelled: no scaling, no shift."""
    out = tmp_path / "calibration.pdf"
    profile = PrinterProfileView("针打", "multipart", "241x93.1", 0.0, 0.0, None, False)
    QtSpooler(output_file=out, max_dpi=300).print_pdf(
        calibration_pdf(profile), queue=None, paper="241x93.1", title="校准页"
    )
    (page,) = list(render_pages(out.read_bytes(), 200))
    assert page.size_pt == pytest.approx((241 * mm, 93.1 * mm), abs=1)
    image = page.image.convertToFormat(QImage.Format.Format_Grayscale8)
    for x_mm, y_mm in ((10, 10), (231, 10), (10, 83.1), (231, 83.1)):
        assert _darkest_near(image, x_mm, y_mm, 200) < 100, (x_mm, y_mm)
    assert _darkest_near(image, 20, 45, 200) > 200  # and blank paper between them


def test_qt_spooler_refuses_a_missing_printer(qapp: QApplication) -> None:
    with pytest.raises(PrintFailed) as raised:
        QtSpooler().print_pdf(plain_a4_pdf(), queue="不存在的打印机", paper="A4", title="t")
    assert isinstance(raised.value, QtPrintFailed)
    assert raised.value.message.startswith("打印机“不存在的打印机”不存在")
    assert raised.value.detail


def test_qt_spooler_without_a_default_printer(qapp: QApplication) -> None:
    if not QPrinterInfo.defaultPrinter().isNull():
        pytest.skip("this machine has a default printer")
    with pytest.raises(PrintFailed) as raised:
        QtSpooler().print_pdf(plain_a4_pdf(), queue=None, paper="A4", title="t")
    assert "默认打印机" in raised.value.message


def test_qt_spooler_reports_a_printer_that_cannot_take_the_job(
    tmp_path: Path, qapp: QApplication
) -> None:
    spooler = QtSpooler(output_file=tmp_path / "no-such-folder" / "x.pdf")
    with pytest.raises(PrintFailed) as raised:
        spooler.print_pdf(plain_a4_pdf(), queue=None, paper="A4", title="t")
    assert raised.value.code == "paint_failed" and "无法向打印机" in raised.value.message
    with pytest.raises(ValueError):
        spooler.print_pdf(plain_a4_pdf(), queue=None, paper="B5", title="t")
    with pytest.raises(ValueError):
        spooler.print_pdf(b"not a pdf", queue=None, paper="A4", title="t")


def test_default_spooler_is_cups_where_lp_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    import kehu_desktop.views.slips.qt_spooler as module

    monkeypatch.setattr(module.sys, "platform", "linux")
    monkeypatch.setattr(module.shutil, "which", lambda name: "/usr/bin/lp")
    assert isinstance(default_spooler(), CupsSpooler)
    monkeypatch.setattr(module.sys, "platform", "win32")
    assert isinstance(default_spooler(), QtSpooler)


# --- the print thread ------------------------------------------------------------------------


def test_print_runner_works_off_the_gui_thread_and_delivers_on_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    runner = PrintJobRunner()
    gate = threading.Event()
    ran_in: list[threading.Thread] = []
    delivered_in: list[threading.Thread] = []
    runner.printFinished.connect(lambda _v: delivered_in.append(threading.current_thread()))
    out = tmp_path / "job.pdf"

    def job() -> str:
        ran_in.append(threading.current_thread())
        runner.report("rendering")
        assert gate.wait(10), "the runner blocked the GUI thread"
        return QtSpooler(output_file=out, max_dpi=100).print_pdf(
            plain_a4_pdf(), queue=None, paper="A4", title="t"
        )

    with qtbot.waitSignal(runner.progressChanged) as progress:
        assert runner.run(job, "SH-DS-2026-000123")
    assert progress.args == ["rendering"]
    assert runner.busy and not runner.run(job)  # one print at a time
    with qtbot.waitSignal(runner.printFinished, timeout=20_000) as finished:
        gate.set()
    assert finished.args[0].startswith("qt-job.pdf-")
    assert ran_in[0] is not MAIN and delivered_in == [MAIN]
    assert not runner.busy and len(sizes_pt(out)) == 4
    runner.shutdown()


def test_a_failed_print_is_retried_with_the_same_job(qtbot: QtBot, tmp_path: Path) -> None:
    runner = PrintJobRunner()
    folder = tmp_path / "printer"
    calls: list[int] = []
    failed_in: list[threading.Thread] = []
    runner.printFailed.connect(lambda _m: failed_in.append(threading.current_thread()))
    spooler = QtSpooler(output_file=folder / "out.pdf", max_dpi=100)

    def job() -> str:
        calls.append(1)
        return spooler.print_pdf(plain_a4_pdf(), queue=None, paper="A4", title="t")

    with qtbot.waitSignal(runner.printFailed, timeout=20_000) as failed:
        runner.run(job)
    assert "无法向打印机" in failed.args[0] and failed_in == [MAIN]
    assert runner.can_retry and runner.last_error == failed.args[0]
    folder.mkdir()  # the printer is fixed
    with qtbot.waitSignal(runner.printFinished, timeout=20_000):
        assert runner.retry()
    assert len(calls) == 2 and not runner.can_retry and runner.last_error is None
    assert len(sizes_pt(folder / "out.pdf")) == 4
    runner.shutdown()


# --- the slip preview wired to the service ---------------------------------------------------


def test_slip_preview_prints_retries_and_saves_through_the_service(
    qtbot: QtBot,
    contexts: MakeContext,
    sqlite_branch: Branch,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.factories import make_shop
    from tests.test_slips_service import slip_for

    number = slip_for(make_shop(sqlite_branch))
    ctx = contexts(Role.CASHIER)
    folder = tmp_path / "printer"
    spooler = QtSpooler(output_file=folder / "slip.pdf", max_dpi=100)
    printing = SlipPrinting(ctx, number, spooler=spooler)
    dialog = printing.dialog
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: printing.slip is not None, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.preview.page_count == 4, timeout=10_000)
    assert dialog.windowTitle().endswith(number)

    with qtbot.waitSignal(printing.runner.printFailed, timeout=20_000):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.messages.kind == "error" and "无法向打印机" in dialog.messages.text()
    assert get_slip(ctx.db, ctx.actor, number).print_count == 0  # a failure counts nothing

    folder.mkdir()
    with qtbot.waitSignal(printing.slipPrinted, timeout=20_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)  # 重新打印
    outcome = printed.args[0]
    assert outcome.ok and outcome.slip_number == number and not outcome.reprint
    assert len(sizes_pt(folder / "slip.pdf")) == 4
    history = printers.print_history(ctx.db, ctx.actor, number)
    assert [h[1] for h in history] == ["failed", "printed"]
    assert [s.number for s in list_slips(ctx.db, ctx.actor)] == [number]  # no new number

    # The preview now shows what another copy would be: 第1次补印.
    qtbot.waitUntil(
        lambda: printing.slip is not None and printing.slip.print_count == 1, timeout=10_000
    )
    qtbot.waitUntil(
        lambda: (
            dialog.preview.pdf is not None
            and b"%PDF" in dialog.preview.pdf
            and not dialog.preview.rendering
        ),
        timeout=10_000,
    )
    assert dialog.preview.pdf is not None
    assert "补印" in PdfReader(BytesIO(dialog.preview.pdf)).pages[0].extract_text()

    target = tmp_path / "saved"
    monkeypatch.setattr(
        "kehu_desktop.views.kit.field_widgets.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: (str(target), "PDF"),
    )
    with qtbot.waitSignal(printing.slipSaved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(target.with_suffix(".pdf"))]
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert [h[1] for h in printers.print_history(ctx.db, ctx.actor, number)][-1] == "saved_pdf"


def test_slip_preview_has_no_print_button_without_the_right(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    from tests.factories import make_shop
    from tests.test_slips_service import slip_for

    number = slip_for(make_shop(sqlite_branch))
    ctx = contexts(Role.BRANCH_GM)  # may look at slips, may not print them
    printing = SlipPrinting(ctx, number)
    qtbot.addWidget(printing.dialog)
    qtbot.waitUntil(lambda: printing.slip is not None, timeout=10_000)
    assert printing.dialog.print_button.isHidden()
    # Saving a PDF makes a copy as printing does: the same permission (issue 11 §6).
    assert printing.dialog.save_button.isHidden()


# --- printer profiles ------------------------------------------------------------------------


def open_profiles(
    qtbot: QtBot, ctx: AppContext, spooler: Spooler | None = None
) -> PrinterProfilesDialog:
    dialog = PrinterProfilesDialog.for_context(ctx, spooler=spooler, printer_names=PRINTERS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.profile_list.count() > 0, timeout=10_000)
    return dialog


def choose_profile(dialog: PrinterProfilesDialog, name: str) -> None:
    items = [dialog.profile_list.item(i) for i in range(dialog.profile_list.count())]
    dialog.profile_list.setCurrentItem(
        next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == name)
    )


def type_into(widget: QLineEdit, text: str) -> None:
    """Type like a user; Chinese arrives as an input method commits it."""
    widget.setFocus()
    widget.selectAll()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def error_label(dialog: PrinterProfilesDialog, name: str) -> QLabel:
    label = dialog.findChild(QLabel, f"{name}_error")
    assert label is not None
    return label


def test_profiles_dialog_validates_and_saves(qtbot: QtBot, contexts: MakeContext) -> None:
    ctx = contexts(Role.ADMIN)
    dialog = open_profiles(qtbot, ctx)
    assert dialog.profile_list.count() == 5
    assert dialog.name.text() == "普通纸A4" and dialog.default.isChecked()
    assert [dialog.queue.itemText(i) for i in range(dialog.queue.count())] == ["", *PRINTERS]

    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert error_label(dialog, "name").text() == tr(PROFILES, "Enter a name for this profile.")
    assert dialog.messages.kind == "error"

    type_into(dialog.name, "普通纸A5")  # taken
    dialog.save()
    assert dialog.errors()["name"] == tr(
        PROFILES, "There is already a profile with this name; choose it in the list to change it."
    )

    type_into(dialog.name, "仓库针打")
    dialog.mode.setCurrentIndex(dialog.mode.findData("multipart"))
    dialog.paper.setCurrentIndex(dialog.paper.findData("241x139.7"))
    dialog.offset_x.setValue(1.5)
    dialog.offset_y.setValue(-2.3)
    assert dialog.offset_x.maximum() == 30 and dialog.offset_y.minimum() == -30
    assert dialog.offset_x.singleStep() == pytest.approx(0.1)
    dialog.queue.setCurrentText("EPSON LQ-630K")
    dialog.default.setChecked(True)
    with qtbot.waitSignal(dialog.profileSaved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    expected = PrinterProfileView(
        "仓库针打", "multipart", "241x139.7", 1.5, -2.3, "EPSON LQ-630K", True
    )
    assert saved.args == [expected]
    assert dialog.errors() == {}
    stored = printers.list_profiles(ctx.db, ctx.actor)
    assert stored[0] == expected and sum(p.is_default for p in stored) == 1
    qtbot.waitUntil(lambda: dialog.profile_list.count() == 6, timeout=10_000)


def test_profiles_dialog_flags_an_unknown_paper(
    qtbot: QtBot, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    ctx = contexts(Role.ADMIN)
    printers.ensure_default_profiles(ctx.db)
    with ctx.db.write() as s:  # written by a newer version, or by hand
        s.add(
            PrinterProfile(
                name="旧B5",
                mode="plain",
                paper="B5",
                offset_x_mm=0.0,
                offset_y_mm=0.0,
                queue=None,
                is_default=False,
            )
        )
    dialog = open_profiles(qtbot, ctx)
    choose_profile(dialog, "旧B5")
    assert dialog.paper.currentText() == tr(PROFILES, "%1 (unknown)").replace("%1", "B5")
    assert error_label(dialog, "paper").text() == tr(
        PROFILES, "Unknown paper “%1”: choose a paper from the list."
    ).replace("%1", "B5")
    assert not error_label(dialog, "paper").isHidden()
    dialog.paper.setCurrentIndex(dialog.paper.findData("A5"))
    with qtbot.waitSignal(dialog.profileSaved, timeout=10_000):
        dialog.save()
    assert "paper" not in dialog.errors()
    assert printers.get_profile(ctx.db, ctx.actor, "旧B5").paper == "A5"


def test_profiles_are_read_only_without_the_right(qtbot: QtBot, contexts: MakeContext) -> None:
    dialog = open_profiles(qtbot, contexts(Role.CASHIER))
    assert dialog.save_button.isHidden() and dialog.new_button.isHidden()
    assert not dialog.offset_x.isEnabled() and not dialog.name.isEnabled()
    assert dialog.calibration_button.isEnabled()
    assert dialog.messages.kind == "info"


def test_a_profiles_dialog_closed_before_its_list_arrives_goes_quietly(
    qtbot: QtBot, contexts: MakeContext
) -> None:
    """The worker's task must not keep a closed dialog alive: it would be destroyed on the
    worker thread when the task is dropped (a crash of the whole program)."""
    import gc
    import weakref

    ctx = contexts(Role.ADMIN)
    release = threading.Event()
    ctx.worker.submit(release.wait)  # the list's read waits behind this task
    try:
        dialog = PrinterProfilesDialog.for_context(ctx, printer_names=PRINTERS)
        gone = weakref.ref(dialog)
        dialog.close()
        dialog.deleteLater()
        del dialog
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        assert gone() is None  # nothing holds the closed dialog, not even its pending task
    finally:
        release.set()
    qtbot.waitUntil(lambda: not ctx.worker.busy, timeout=10_000)
    qtbot.wait(50)  # the list arrives for nobody: ignored


def test_calibration_page_is_previewed_and_printed_off_the_gui_thread(
    qtbot: QtBot, contexts: MakeContext, tmp_path: Path
) -> None:
    out = tmp_path / "calibration.pdf"
    dialog = open_profiles(
        qtbot, contexts(Role.ADMIN), spooler=QtSpooler(output_file=out, max_dpi=100)
    )
    choose_profile(dialog, "针式四联241×93.1")
    assert dialog.paper.currentData() == "241x93.1"
    qtbot.waitUntil(
        lambda: dialog.preview.page_count == 1 and not dialog.preview.rendering, timeout=10_000
    )
    before = dialog.preview.pdf
    dialog.offset_x.setValue(2.0)  # the preview follows the form
    qtbot.waitUntil(lambda: dialog.preview.pdf not in (None, before), timeout=10_000)
    with qtbot.waitSignal(dialog.runner.printFinished, timeout=20_000):
        qtbot.mouseClick(dialog.calibration_button, Qt.MouseButton.LeftButton)
    assert sizes_pt(out) == [pytest.approx((241 * mm, 93.1 * mm), abs=1)]
    assert dialog.messages.kind == "success"


def test_screenshot_of_the_profiles_dialog(
    qtbot: QtBot, contexts: MakeContext, chinese_ui: None
) -> None:
    dialog = open_profiles(qtbot, contexts(Role.ADMIN))
    choose_profile(dialog, "针式四联241×139.7")
    dialog.offset_x.setValue(1.5)
    dialog.offset_y.setValue(-0.8)
    qtbot.waitUntil(
        lambda: dialog.preview_up_to_date and dialog.preview.page_count == 1, timeout=10_000
    )
    assert dialog.paper.currentText() == "241×139.7 毫米连续纸（二等分）"
    assert dialog.mode.currentText() == "多联套打"
    qtbot.waitUntil(lambda: dialog.preview.page_label.width() > 0)  # laid out after its text
    assert dialog.preview.page_label.text() == "第 1 页 / 共 1 页"
    save_screen(dialog, "printer_profiles")
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    dialog.save()
    assert error_label(dialog, "name").text() == "请填写配置名称。"
    qtbot.waitUntil(lambda: dialog.preview_up_to_date, timeout=10_000)
    save_screen(dialog, "printer_profiles_error")
