"""Showing a PDF inside the app: pages rasterised with pypdfium2, one page at a time, zoomable.

The wheel has no Qt PDF module (PySide6-Essentials), so pages are rendered by PDFium through
pypdfium2 into ``QImage`` s. Rendering runs on the preview's own one-thread ``QThreadPool``,
never on the GUI thread and never on the DB worker; pages arrive one by one through queued
signals, so the first page shows while the others are still being drawn. A new document cancels
the one being rendered (its late pages are dropped by a generation number).

PDFium is not thread-safe, not even across documents: every call into it, from the preview or
from the Qt print path (views/slips/qt_spooler.py), goes through :data:`PDFIUM_LOCK`, taken per page
so a print and a preview interleave instead of waiting for each other's whole document.
"""

from __future__ import annotations

import enum
import logging
import re
import threading
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QObject
from PySide6.QtCore import QRunnable
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtCore import QThreadPool
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QPixmap
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QToolButton
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import KehuError
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.buttons import never_default
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

log = logging.getLogger(__name__)

#: Serialises every PDFium call of the process (PDFium is not thread-safe).
PDFIUM_LOCK = threading.Lock()

# The copy caption a plain-paper slip prints on each page: 第一联 存根联（…）.
_CAPTION = re.compile(r"第[一二三四]联\s*\S+?联")

PdfSource = bytes | Callable[[], bytes]


@dataclass(frozen=True)
class RenderedPage:
    index: int  # 0-based
    count: int  # pages in the document
    image: QImage
    size_pt: tuple[float, float]  # width, height in PDF points as the page is shown
    caption: str  # the copy caption found in the page's text ("" if none)


def render_pages(
    pdf: bytes,
    dpi: float,
    *,
    for_printing: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[RenderedPage]:
    """Rasterise every page of ``pdf`` at ``dpi``; usable from any thread.

    On screen: RGB with smoothed text. ``for_printing``: greyscale at the printer's own
    resolution without anti-aliasing (grey fringes only make a laser or dot-matrix printer
    dither) and PDFium's print mode. Raises ``pypdfium2.PdfiumError`` for a damaged PDF.
    """
    scale = dpi / 72.0
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        count = len(document)
    try:
        for index in range(count):
            if cancelled():
                return
            with PDFIUM_LOCK:
                page = document[index]
                try:
                    size = page.get_size()
                    if for_printing:
                        bitmap = page.render(
                            scale=scale,
                            grayscale=True,
                            optimize_mode="print",
                            no_smoothtext=True,
                            no_smoothpath=True,
                        )
                    else:
                        bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
                    try:
                        image = _image(bitmap)
                    finally:
                        bitmap.close()
                    caption = "" if for_printing else _caption(page)
                finally:
                    page.close()
            yield RenderedPage(index, count, image, (float(size[0]), float(size[1])), caption)
    finally:
        with PDFIUM_LOCK:
            document.close()


def _image(bitmap: pdfium.PdfBitmap) -> QImage:
    formats = {
        "L": QImage.Format.Format_Grayscale8,
        "RGBX": QImage.Format.Format_RGBX8888,
        "RGBA": QImage.Format.Format_RGBA8888,
    }
    if bitmap.mode not in formats:
        raise ValueError(f"unexpected PDFium bitmap mode {bitmap.mode}")
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, formats[bitmap.mode])
    return image.copy()  # own the pixels: PDFium's buffer is freed with the bitmap


def _caption(page: pdfium.PdfPage) -> str:
    text_page = page.get_textpage()
    try:
        match = _CAPTION.search(text_page.get_text_range())
    finally:
        text_page.close()
    return re.sub(r"\s+", " ", match.group(0)) if match else ""


class _RenderSignals(QObject):
    # generation first: results of a replaced document are dropped on arrival
    pageRendered = Signal(int, object)  # RenderedPage
    finished = Signal(int, object)  # the PDF bytes
    failed = Signal(int, object)  # the exception


class _RenderTask(QRunnable):
    def __init__(
        self,
        generation: int,
        source: PdfSource,
        dpi: float,
        signals: _RenderSignals,
        cancel: threading.Event,
    ) -> None:
        super().__init__()
        self._generation, self._source, self._dpi = generation, source, dpi
        self._signals, self._cancel = signals, cancel

    def run(self) -> None:
        try:
            pdf = self._source() if callable(self._source) else self._source
            for page in render_pages(pdf, self._dpi, cancelled=self._cancel.is_set):
                self._signals.pageRendered.emit(self._generation, page)
            self._signals.finished.emit(self._generation, pdf)
        except Exception as exc:  # shown in the preview, never lost in the thread
            if not isinstance(exc, KehuError):
                log.warning("PDF preview failed", exc_info=exc)
            self._signals.failed.emit(self._generation, exc)


class Zoom(enum.Enum):
    FIT_WIDTH = "fit_width"
    FIT_PAGE = "fit_page"
    ACTUAL = "actual"  # 100 %: the page at its printed size


class PdfPreview(QWidget):
    """A PDF, one page at a time, with page navigation and three zooms."""

    pagesReady = Signal(int)  # every page rendered; the page count
    renderFailed = Signal(str)  # a message for the user
    currentPageChanged = Signal(int)  # 0-based

    _MARGIN = 12  # px of grey around the page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _RenderSignals(self)
        self._signals.pageRendered.connect(self._page_rendered)
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._generation = 0
        self._cancel = threading.Event()
        self._pages: list[RenderedPage] = []
        self._count = 0
        self._current = 0
        self._zoom = Zoom.FIT_WIDTH
        self._pdf: bytes | None = None
        self._rendering = False
        self._pixmap_key: tuple[object, ...] | None = None

        self.previous_button = self._tool_button(
            "previous", QStyle.StandardPixmap.SP_ArrowBack, self.tr("Previous page (PgUp)")
        )
        self.previous_button.clicked.connect(self.previous_page)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page_label")
        self.next_button = self._tool_button(
            "next", QStyle.StandardPixmap.SP_ArrowForward, self.tr("Next page (PgDown)")
        )
        self.next_button.clicked.connect(self.next_page)
        self.caption_label = QLabel(self)
        self.caption_label.setObjectName("caption_label")
        self.zoom_buttons = QButtonGroup(self)
        self.zoom_buttons.setExclusive(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.caption_label)
        bar.addStretch(1)
        for zoom, text in (
            (Zoom.FIT_WIDTH, self.tr("Fit width")),
            (Zoom.FIT_PAGE, self.tr("Whole page")),
            (Zoom.ACTUAL, self.tr("100%")),
        ):
            button = QToolButton(self)
            button.setObjectName(f"zoom_{zoom.value}")
            button.setText(text)
            button.setCheckable(True)
            button.setChecked(zoom is self._zoom)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _checked=False, z=zoom: self.set_zoom(z))
            self.zoom_buttons.addButton(button)
            bar.addWidget(button)

        self.page_view = QLabel(self)
        self.page_view.setObjectName("page_view")
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_view.setWordWrap(True)
        self.page_area = QScrollArea(self)
        self.page_area.setObjectName("page_area")
        self.page_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_area.setWidget(self.page_view)
        self.page_area.setStyleSheet(
            "QScrollArea#page_area { background: #8c9099; } QLabel#page_view { color: white; }"
        )
        self.page_area.viewport().setStyleSheet("background: #8c9099;")

        vbox(bar, (self.page_area, 1), parent=self, margins=0)

        for keys, slot in (
            (QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page),
            (QKeySequence.StandardKey.MoveToNextPage, self.next_page),
        ):
            QShortcut(keys, self, slot, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self._show_page)
        self._show_message("")

    def _tool_button(self, name: str, icon: QStyle.StandardPixmap, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setIcon(self.style().standardIcon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    # --- the document ---------------------------------------------------------------------

    def set_pdf(self, source: PdfSource, *, dpi: float | None = None) -> None:
        """Show a PDF, given as bytes or as a callable producing them (called off the GUI
        thread, e.g. to lay out a slip with ReportLab). Returns at once; ``pagesReady`` or
        ``renderFailed`` follows."""
        self._cancel.set()
        self._cancel = threading.Event()
        self._generation += 1
        self._pages, self._count, self._current, self._pdf = [], 0, 0, None
        self._rendering = True
        self._show_message(self.tr("Preparing the preview…"))
        task = _RenderTask(
            self._generation, source, dpi or self.render_dpi(), self._signals, self._cancel
        )
        self._pool.start(task)

    def clear(self) -> None:
        self._cancel.set()
        self._generation += 1
        self._pages, self._count, self._current, self._pdf = [], 0, 0, None
        self._rendering = False
        self._show_message("")

    def render_dpi(self) -> float:
        """Sharp up to fit-width on a large screen, without holding huge images in memory."""
        screen_dpi = self.logicalDpiX() * self.devicePixelRatioF()
        return max(150.0, min(300.0, 1.5 * screen_dpi))

    @property
    def pdf(self) -> bytes | None:
        """The PDF shown, once it has been rendered."""
        return self._pdf

    @property
    def rendering(self) -> bool:
        return self._rendering

    @property
    def page_count(self) -> int:
        return self._count

    @property
    def current_page(self) -> int:
        return self._current

    @property
    def zoom(self) -> Zoom:
        return self._zoom

    def page(self, index: int) -> RenderedPage | None:
        return self._pages[index] if 0 <= index < len(self._pages) else None

    def displayed_size(self) -> QSize:
        """The size of the page on screen, in logical pixels (empty while nothing is shown)."""
        pixmap = self.page_view.pixmap()
        if pixmap is None or pixmap.isNull():
            return QSize()
        return (pixmap.deviceIndependentSize()).toSize()

    # --- navigation and zoom --------------------------------------------------------------

    def set_page(self, index: int) -> None:
        if not self._count:
            return
        index = max(0, min(index, self._count - 1))
        if index != self._current:
            self._current = index
            self._show_page()
            self.page_area.verticalScrollBar().setValue(0)
            self.currentPageChanged.emit(index)

    def next_page(self) -> None:
        self.set_page(self._current + 1)

    def previous_page(self) -> None:
        self.set_page(self._current - 1)

    def set_zoom(self, zoom: Zoom) -> None:
        self._zoom = zoom
        for button in self.zoom_buttons.buttons():
            button.setChecked(button.objectName() == f"zoom_{zoom.value}")
        self._show_page()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._zoom is not Zoom.ACTUAL:
            self._relayout.start()

    # --- results from the render thread ---------------------------------------------------

    def _page_rendered(self, generation: int, page: RenderedPage) -> None:
        if generation != self._generation:
            return
        self._pages.append(page)
        self._count = page.count
        if page.index == self._current:
            self._show_page()
        else:
            self._update_bar()

    def _finished(self, generation: int, pdf: bytes) -> None:
        if generation != self._generation:
            return
        self._pdf = pdf
        self._rendering = False
        if not self._pages:
            self._show_message(self.tr("The document has no pages."))
        self.pagesReady.emit(self._count)

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._rendering = False
        self._pages, self._count = [], 0
        detail = error.message if isinstance(error, KehuError) else str(error)
        message = self.tr("The preview could not be shown: %1").replace("%1", detail)
        self._show_message(message)
        self.renderFailed.emit(message)

    # --- drawing --------------------------------------------------------------------------

    def _show_message(self, text: str) -> None:
        self._pixmap_key = None
        self.page_view.clear()
        self.page_view.setText(text)
        self.page_view.setStyleSheet("")
        self.page_area.setWidgetResizable(True)
        self._update_bar()

    def _show_page(self) -> None:
        page = self.page(self._current)
        if page is None:
            if not self._rendering:
                self._update_bar()
            return
        width_pt, height_pt = page.size_pt
        frame = 2 * self.page_area.frameWidth() + 2 * self._MARGIN
        scroll_bar = self.page_area.verticalScrollBar().sizeHint().width()
        room_w = self.page_area.width() - frame - scroll_bar
        room_h = self.page_area.height() - frame
        if self._zoom is Zoom.ACTUAL:
            scale = self.logicalDpiX() / 72.0
        elif self._zoom is Zoom.FIT_WIDTH:
            scale = room_w / width_pt
        else:
            scale = min(room_w / width_pt, room_h / height_pt)
        scale = max(scale, 0.05)
        ratio = self.devicePixelRatioF()
        size = QSize(round(width_pt * scale * ratio), round(height_pt * scale * ratio))
        key = (self._generation, self._current, size.width(), size.height())
        if key != self._pixmap_key:
            image = page.image.scaled(
                size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self.page_view.setPixmap(pixmap)
            self.page_view.setStyleSheet(
                "QLabel#page_view { background: white; border: 1px solid #5f636b; }"
            )
            self.page_view.setFixedSize(pixmap.deviceIndependentSize().toSize())
            self.page_area.setWidgetResizable(False)
            self._pixmap_key = key
        self.page_area.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if self._zoom is Zoom.ACTUAL
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self._update_bar()

    def _update_bar(self) -> None:
        if self._count:
            self.page_label.setText(
                self.tr("Page %1 of %2")
                .replace("%1", str(self._current + 1))
                .replace("%2", str(self._count))
            )
        else:
            self.page_label.setText("")
        page = self.page(self._current)
        self.caption_label.setText(page.caption if page is not None else "")
        self.previous_button.setEnabled(self._current > 0)
        self.next_button.setEnabled(self._current + 1 < self._count)
        if self._pixmap_key is None:
            self.page_view.setMinimumSize(0, 0)
            self.page_view.setMaximumSize(16777215, 16777215)


# How profiles, print modes and papers are named in the UI (the profile editor uses them too).
MODE_WORDS: dict[str, object] = {  # QT_TRANSLATE_NOOP is typed as object
    "plain": QT_TRANSLATE_NOOP("PrinterWords", "Plain paper, four copies"),
    "multipart": QT_TRANSLATE_NOOP("PrinterWords", "Multi-part form"),
}
PAPER_WORDS: dict[str, object] = {
    "241x93.1": QT_TRANSLATE_NOOP("PrinterWords", "241 × 93.1 mm continuous (1/3)"),
    "241x139.7": QT_TRANSLATE_NOOP("PrinterWords", "241 × 139.7 mm continuous (1/2)"),
    "241x279.4": QT_TRANSLATE_NOOP("PrinterWords", "241 × 279.4 mm continuous (full)"),
    "A4": QT_TRANSLATE_NOOP("PrinterWords", "A4 landscape"),
    "A5": QT_TRANSLATE_NOOP("PrinterWords", "A5 landscape"),
}


def mode_label(mode: str) -> str:
    """普通纸四联 / 多联套打; an unknown code is shown as it is."""
    source = MODE_WORDS.get(mode)
    return QCoreApplication.translate("PrinterWords", str(source)) if source else mode


def paper_label(paper: str) -> str:
    source = PAPER_WORDS.get(paper)
    return QCoreApplication.translate("PrinterWords", str(source)) if source else paper


def profile_label(profile: PrinterProfileView) -> str:
    """How a profile is named in combos and lists: its name, marked when it is the default."""
    if profile.is_default:
        return QCoreApplication.translate("PrinterWords", "%1 (default)").replace(
            "%1", profile.name
        )
    return profile.name


def paper_text(profile: PrinterProfileView) -> str:
    """Mode and paper of a profile, e.g. 普通纸四联 · A4 横向."""
    return f"{mode_label(profile.mode)} · {paper_label(profile.paper)}"


class PreviewDialog(QDialog):
    """A slip (or any PDF) as it will print, with a printer profile choice and Print / Save as
    PDF / Close. The dialog only asks: whoever opened it prints, saves and re-renders (another
    profile may mean another paper) and reports back with :meth:`set_busy` /
    :meth:`show_message` / :meth:`show_print_failed`."""

    printRequested = Signal(str)  # the profile name
    saveRequested = Signal()
    profileChanged = Signal(str)  # the profile name: render the document again for it

    def __init__(
        self,
        profiles: list[PrinterProfileView] | tuple[PrinterProfileView, ...] = (),
        *,
        current_profile: str | None = None,
        title: str = "",
        can_print: bool = True,
        can_save: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preview_dialog")
        self.setWindowTitle(title or self.tr("Print preview"))
        self.resize(1000, 720)
        self._busy = False

        self.profile_combo = QComboBox(self)
        self.profile_combo.setObjectName("profile")
        self.profile_combo.setMinimumContentsLength(18)
        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        profile_label_widget = QLabel(self.tr("Printer profile:"), self)
        profile_label_widget.setBuddy(self.profile_combo)
        self.paper_label = QLabel(self)
        self.paper_label.setObjectName("paper")
        self.paper_label.setStyleSheet("color: #555;")
        top = hbox(profile_label_widget, self.profile_combo, self.paper_label, None)

        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.preview = PdfPreview(self)
        self.preview.setObjectName("preview")

        self.buttons = QDialogButtonBox(self)
        role = QDialogButtonBox.ButtonRole
        self.print_button = box_button(
            self.buttons, self.tr("Print"), role.AcceptRole, "print", self._print_clicked
        )
        self.print_button.setVisible(can_print)
        self.save_button = box_button(
            self.buttons, self.tr("Save as PDF…"), role.ActionRole, "save_pdf", self.saveRequested
        )
        self.save_button.setVisible(can_save)
        self.close_button = box_button(
            self.buttons, self.tr("Close"), role.RejectRole, "close", self.reject
        )
        never_default(self.buttons)  # Enter must never print by surprise

        layout = vbox(top, self.busy_bar, self.messages, (self.preview, 1), parent=self)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.buttons)
        self.set_profiles(profiles, current_profile)

    def set_profiles(
        self,
        profiles: list[PrinterProfileView] | tuple[PrinterProfileView, ...],
        current: str | None = None,
    ) -> None:
        """Fill the profile combo; ``current`` (else the default profile) is selected."""
        self._profiles = {p.name: p for p in profiles}
        chosen = current or next((p.name for p in profiles if p.is_default), None)
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in profiles:
            self.profile_combo.addItem(profile_label(profile), profile.name)
        index = self.profile_combo.findData(chosen) if chosen else 0
        self.profile_combo.setCurrentIndex(max(index, 0))
        self.profile_combo.blockSignals(False)
        self._update_paper()
        self._update_buttons()

    def profile_name(self) -> str | None:
        name = self.profile_combo.currentData()
        return str(name) if name is not None else None

    def profile(self) -> PrinterProfileView | None:
        name = self.profile_name()
        return self._profiles.get(name) if name is not None else None

    def set_pdf(self, source: PdfSource) -> None:
        self.preview.set_pdf(source)

    def set_busy(self, busy: bool, text: str = "") -> None:
        """While printing: no second print, no profile change; ``text`` says what happens."""
        self._busy = busy
        self.busy_bar.setVisible(busy)
        if busy and text:
            self.messages.show_message("info", text)
        self._update_buttons()

    def show_message(self, kind: str, text: str) -> None:
        """``kind``: info, success, warning or error (see field_widgets.Banner)."""
        self.messages.show_message(kind, text)

    def show_print_failed(self, message: str) -> None:
        """A failed print: the reason, and the print button becomes 重新打印 (same slip)."""
        self.messages.show_message("error", self.tr("Not printed: %1").replace("%1", message))
        self.print_button.setText(self.tr("Print again"))

    def show_printed(self, message: str) -> None:
        self.messages.show_message("success", message)
        self.print_button.setText(self.tr("Print"))

    def _update_paper(self) -> None:
        profile = self.profile()
        self.paper_label.setText(paper_text(profile) if profile is not None else "")

    def _update_buttons(self) -> None:
        has_profile = self.profile_name() is not None
        self.print_button.setEnabled(has_profile and not self._busy)
        self.save_button.setEnabled(has_profile and not self._busy)
        self.profile_combo.setEnabled(not self._busy)

    def _profile_chosen(self, _index: int) -> None:
        self._update_paper()
        self._update_buttons()
        name = self.profile_name()
        if name is not None:
            self.profileChanged.emit(name)

    def done(self, result: int) -> None:
        self.preview.clear()  # stop rendering pages nobody will look at
        super().done(result)

    def _print_clicked(self) -> None:
        name = self.profile_name()
        if name is not None and not self._busy:
            self.printRequested.emit(name)
