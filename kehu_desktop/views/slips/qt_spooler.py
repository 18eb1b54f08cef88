"""Printing a PDF through Qt's ``QPrinter``: the Windows spooler (and a fallback anywhere).

:class:`QtSpooler` implements ``printing.spool.Spooler``. Without the Qt PDF module, each page is
rasterised by PDFium (pypdfium2) at the printer's resolution, greyscale and without
anti-aliasing, and painted at its physical size onto a ``QPrinter`` set to the profile's paper
(custom 241 × 93.1 / 139.7 / 279.4 mm forms, A4/A5 landscape), full page, zero margins: no
scaling, so offsets measured on the calibration page hold (the ``print-scaling=none`` of CUPS).

Threads (decided here): the whole print, PDFium rendering *and* the ``QPainter`` pass, runs in
the calling thread, which in the app is the printing thread of print_jobs.py, never the GUI
thread. Qt documents ``QPainter`` on ``QPrinter`` (like ``QImage``) as usable outside the GUI
thread; the ``QPrinter`` is created, painted and destroyed in that one thread, and only images
are drawn (no text, so no font-database access off the GUI thread). A slow or hung driver
therefore stalls only the printing thread: the GUI and the DB worker carry on.

The alternative, rendering in the background and painting on the GUI thread in small steps, was
rejected: ``QPainter.end()`` hands the job to the driver and may block for seconds on Windows,
which would freeze the window in exactly the case the user needs it.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF
from PySide6.QtCore import QRectF
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPageLayout
from PySide6.QtGui import QPageSize
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtPrintSupport import QPrinterInfo

from kehu_desktop.domain.messages import language
from kehu_desktop.printing.paper import PaperSpec
from kehu_desktop.printing.paper import paper_spec
from kehu_desktop.printing.spool import CupsSpooler
from kehu_desktop.printing.spool import PrintFailed
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.views.kit.pdf_preview import render_pages

#: Highest resolution a page is rasterised at: 600 dpi is beyond what a slip needs and keeps a
#: greyscale A4 page near 35 MB; dot-matrix printers (180/360 dpi) get their own resolution.
MAX_DPI = 600

# code -> (zh_CN, en), in the user's language like printing.spool.MESSAGES
MESSAGES: dict[str, tuple[str, str]] = {
    "printer_missing": (
        "打印机“{queue}”不存在，请检查打印机配置（本机的打印机：{available}）",
        "The printer '{queue}' does not exist; check the printer profile "
        "(printers on this computer: {available})",
    ),
    "no_default_printer": (
        "没有设置默认打印机，请在打印机配置中选择打印机",
        "No default printer is set; choose a printer in the printer profile",
    ),
    "paper_unsupported": (
        "打印机“{queue}”不支持 {width:g}×{height:g} 毫米的纸张，"
        "请在打印机驱动中添加该自定义纸张后重试",
        "The printer '{queue}' does not accept {width:g} × {height:g} mm paper; add this custom "
        "paper size in the printer driver and retry",
    ),
    "render_failed": (
        "无法读取要打印的文档：{reason}",
        "The document to print cannot be read: {reason}",
    ),
    "paint_failed": (
        "无法向打印机“{queue}”输出，请检查打印机后重试",
        "Could not send the pages to the printer '{queue}'; check the printer and retry",
    ),
}

_NONE = ("无", "none")
_job_numbers = itertools.count(1)


class QtPrintFailed(PrintFailed):
    """A :class:`PrintFailed` of the Qt back-end, with its own messages."""

    def __init__(self, code: str, *, detail: str = "", **params: Any) -> None:
        super().__init__(code, detail=detail, **params)

    @property
    def message(self) -> str:
        pair = MESSAGES.get(self.code)
        if pair is None:
            return super().message
        return (pair[1] if language() == "en" else pair[0]).format(**self.params)


def available_printers() -> list[str]:
    """Names of the printers Qt knows on this computer (Windows printers, CUPS queues)."""
    return list(QPrinterInfo.availablePrinterNames())


def page_setup(spec: PaperSpec) -> tuple[QPageSize, QPageLayout.Orientation]:
    """The ``QPageSize`` and orientation that print ``spec`` as the slip layout expects.

    Cut sheets are the ISO sizes turned landscape. The continuous forms are custom sizes fed
    upright: 241 mm across the tractor, 93.1/139.7/279.4 mm down the feed (wider than tall is
    still "portrait" for a fan-fold form). ``ExactMatch`` keeps Qt from snapping a form to a
    nearby standard size.
    """
    if not spec.continuous:
        standard = {"A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5}[spec.code]
        landscape = spec.width_mm > spec.height_mm
        return QPageSize(standard), (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
    size = QPageSize(
        QSizeF(spec.width_mm, spec.height_mm),
        QPageSize.Unit.Millimeter,
        f"{spec.width_mm:g}x{spec.height_mm:g}mm",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    return size, QPageLayout.Orientation.Portrait


class QtSpooler:
    """:class:`~kehu_desktop.printing.spool.Spooler` through ``QPrinter``.

    ``output_file``: write the job as a PDF through Qt's PDF printer instead of a real printer
    (tests, and a check of what the driver would get); ``queue`` is then ignored.
    ``on_page(done, total)`` is called after each page, in the printing thread.
    """

    def __init__(
        self,
        *,
        output_file: str | os.PathLike[str] | None = None,
        max_dpi: int = MAX_DPI,
        on_page: Callable[[int, int], None] | None = None,
    ) -> None:
        self.output_file = os.fspath(output_file) if output_file is not None else None
        self.max_dpi = max_dpi
        self.on_page = on_page

    def print_pdf(
        self, pdf: bytes, *, queue: str | None, paper: str, title: str, copies: int = 1
    ) -> str:
        """Print ``pdf`` on the printer named ``queue`` (``None``: the default printer) and
        return a job id. ``PrintFailed`` when the printer is missing, refuses the paper or the
        pages cannot be painted; ``ValueError`` for an unknown paper, copies < 1 or not a PDF."""
        spec = paper_spec(paper)
        if copies < 1:
            raise ValueError(f"copies must be at least 1, got {copies}")
        if not pdf.startswith(b"%PDF"):
            raise ValueError("not a PDF document")
        printer, name = self._printer(queue)
        self._set_paper(printer, spec, name)
        printer.setDocName(title)
        printer.setCopyCount(copies)
        # Where the driver cannot make copies itself, the pages are sent ``copies`` times.
        passes = 1 if printer.supportsMultipleCopies() and printer.copyCount() == copies else copies
        if passes > 1:
            printer.setCopyCount(1)
        self._paint(printer, pdf, name, passes)
        return f"qt-{name}-{next(_job_numbers)}"

    def _printer(self, queue: str | None) -> tuple[QPrinter, str]:
        if self.output_file is not None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(self.output_file)
            return printer, os.path.basename(self.output_file)
        if queue:
            info = QPrinterInfo.printerInfo(queue)
            if info.isNull():  # Windows printer names are case-insensitive
                names = available_printers()
                match = next((n for n in names if n.casefold() == queue.casefold()), None)
                if match is None:
                    listed = "、".join(names) if names else _NONE[language() == "en"]
                    raise QtPrintFailed(
                        "printer_missing",
                        queue=queue,
                        available=listed,
                        detail=f"QPrinterInfo: no printer named {queue!r}",
                    )
                info = QPrinterInfo.printerInfo(match)
        else:
            info = QPrinterInfo.defaultPrinter()
            if info.isNull():
                raise QtPrintFailed("no_default_printer", detail="QPrinterInfo: no default")
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        return printer, info.printerName()

    @staticmethod
    def _set_paper(printer: QPrinter, spec: PaperSpec, name: str) -> None:
        size, orientation = page_setup(spec)
        printer.setFullPage(True)  # (0, 0) is the paper's corner, not the printable area's
        printer.setPageSize(size)
        printer.setPageOrientation(orientation)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        full = printer.pageLayout().fullRect(QPageLayout.Unit.Millimeter)
        if abs(full.width() - spec.width_mm) > 1.0 or abs(full.height() - spec.height_mm) > 1.0:
            # The driver put the job on another paper: everything would land in the wrong boxes.
            raise QtPrintFailed(
                "paper_unsupported",
                queue=name,
                width=spec.width_mm,
                height=spec.height_mm,
                detail=f"driver page {full.width():.1f}×{full.height():.1f} mm",
            )

    def _paint(self, printer: QPrinter, pdf: bytes, name: str, passes: int) -> None:
        resolution = printer.resolution()
        dpi = min(resolution, self.max_dpi)
        painter = QPainter()
        if not painter.begin(printer):
            raise QtPrintFailed(
                "paint_failed",
                queue=name,
                detail=f"QPainter.begin failed ({printer.printerState()})",
            )
        done = 0
        try:
            for _ in range(passes):
                for page in render_pages(pdf, dpi, for_printing=True):
                    if done and not printer.newPage():
                        raise QtPrintFailed(
                            "paint_failed", queue=name, detail="QPrinter.newPage failed"
                        )
                    width_pt, height_pt = page.size_pt
                    # The page at its physical size from the paper's corner: no scaling.
                    target = QRectF(0, 0, width_pt / 72 * resolution, height_pt / 72 * resolution)
                    painter.drawImage(target, page.image)
                    done += 1
                    if self.on_page is not None:
                        self.on_page(done, page.count * passes)
            if done == 0:
                raise QtPrintFailed("render_failed", reason="0", detail="the PDF has no pages")
        except pdfium.PdfiumError as exc:
            printer.abort()  # never send half a slip
            painter.end()
            raise QtPrintFailed("render_failed", reason=str(exc), detail=repr(exc)) from exc
        except BaseException:
            printer.abort()
            painter.end()
            raise
        if not painter.end() or printer.printerState() == QPrinter.PrinterState.Error:
            raise QtPrintFailed(
                "paint_failed", queue=name, detail=f"QPainter.end failed ({printer.printerState()})"
            )


def default_spooler() -> Spooler:
    """CUPS where it is installed (Linux, macOS: ``lp`` handles the paper and the driver), the Qt
    printer path otherwise (Windows)."""
    if sys.platform != "win32" and shutil.which("lp"):
        return CupsSpooler()
    return QtSpooler()
