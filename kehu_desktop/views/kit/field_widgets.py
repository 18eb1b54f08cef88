"""Small widgets the forms share: an input with its error under it, a date field with a calendar,
a message banner, a busy bar, and the save/discard/cancel question.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QDate
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCalendarWidget
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMenu
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QToolButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QWidgetAction

from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

SEARCH_DELAY_MS = 250  # a pause in typing this long runs the search

ERROR_COLOUR = RED
# Applied by the forms: a field with an error gets a red frame (the "invalid" dynamic property).
INVALID_STYLE = (
    f'QLineEdit[invalid="true"], QComboBox[invalid="true"], QPlainTextEdit[invalid="true"] '
    f"{{ border: 1px solid {ERROR_COLOUR}; border-radius: 2px; padding: 2px; }}"
)


def emphasise(widget: QWidget, scale: float = 1.0) -> None:
    """Bold, ``scale`` times the size of the font it has: titles and headlines."""
    font = widget.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Set or clear the red frame of ``widget`` (needs INVALID_STYLE on a parent)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class FieldBox(QWidget):
    """An input with a red message under it. The error label is named "<input name>_error"."""

    def __init__(
        self, editor: QWidget, framed: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self._framed = framed or editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        self.error_label = QLabel(self)
        self.error_label.setObjectName(f"{editor.objectName()}_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.hide()
        layout.addWidget(self.error_label)

    def set_error(self, message: str | None) -> None:
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        mark_invalid(self._framed, bool(message))

    @property
    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""


class DecisionArea(QWidget):
    """Under a list of things awaiting a decision: the comment recorded with the decision (its
    error goes as soon as it is edited) and a row of one button per decision."""

    def __init__(
        self,
        parent: QWidget,
        label: str,
        comment: QPlainTextEdit,
        buttons: Sequence[QPushButton],
    ) -> None:
        super().__init__(parent)
        self.comment_box = FieldBox(comment)
        comment.textChanged.connect(lambda: self.comment_box.set_error(None))
        row = hbox(*buttons, None)
        vbox(QLabel(label, parent), self.comment_box, row, parent=self, margins=0)


class DateField(QWidget):
    """A date typed as text (2024-03-05, 2024年3月5日...) or picked on a calendar; may be empty."""

    editingFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.line_edit.editingFinished.connect(self.editingFinished)
        self._button = QToolButton(self)
        self._button.setText(self.tr("Calendar"))
        self._button.setToolTip(self.tr("Pick the date on a calendar"))
        self._button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self._calendar = QCalendarWidget()
        self._calendar.setGridVisible(True)
        self._calendar.clicked.connect(self._picked)
        menu = QMenu(self._button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self._calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self._button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self._button)
        self.setFocusProxy(self.line_edit)

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming, like QLineEdit
        self.line_edit.setText(text)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802
        self.line_edit.setReadOnly(read_only)
        self._button.setVisible(not read_only)

    def isReadOnly(self) -> bool:  # noqa: N802
        return self.line_edit.isReadOnly()

    def _prepare_calendar(self) -> None:
        today = QDate.currentDate()
        self._calendar.setMaximumDate(today)  # a founding date is never in the future
        typed = QDate.fromString(self.text().strip(), "yyyy-MM-dd")
        self._calendar.setSelectedDate(typed if typed.isValid() else today)

    def _picked(self, day: QDate) -> None:
        self.line_edit.setText(day.toString("yyyy-MM-dd"))
        menu = self._button.menu()
        if menu is not None:
            menu.close()
        self.line_edit.setFocus()
        self.editingFinished.emit()


class Banner(QFrame):
    """A coloured message strip above a form; links in it are reported by ``linkActivated``."""

    linkActivated = Signal(str)

    _COLOURS = {
        "error": ("#fdecea", "#b3261e", "#611a15"),
        "warning": ("#fff4e5", "#ed6c02", "#663c00"),
        "success": ("#edf7ed", "#2e7d32", "#1e4620"),
        "info": ("#e8f1fb", "#0b63b6", "#0d3c61"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.RichText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._label.setOpenExternalLinks(False)
        self._label.linkActivated.connect(self.linkActivated)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self._label, 1)
        self.hide()

    def show_message(self, kind: str, text: str, items: Iterable[tuple[str, str]] = ()) -> None:
        """Show plain ``text`` and a list of (link, plain text) items; an empty link is no link."""
        background, border, foreground = self._COLOURS[kind]
        self.kind = kind
        self.setStyleSheet(
            f"Banner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }} QLabel {{ color: {foreground}; }}"
        )
        parts = [html.escape(text)] if text else []
        lines = []
        for link, item in items:
            escaped = html.escape(item)
            lines.append(
                f'<li><a href="{html.escape(link)}" style="color: {foreground}">{escaped}</a></li>'
                if link
                else f"<li>{escaped}</li>"
            )
        if lines:
            parts.append(f"<ul style='margin: 2px 0 0 -20px'>{''.join(lines)}</ul>")
        self._label.setText("".join(parts))
        self.show()

    def show_html(self, kind: str, markup: str) -> None:
        """Like show_message, for callers that build their own (escaped) markup with links."""
        self.show_message(kind, "")
        self._label.setText(markup)

    def text(self) -> str:
        return self._label.text()

    def clear(self) -> None:
        self.kind = ""
        self._label.clear()
        self.hide()


class BusyBar(QProgressBar):
    """A thin indeterminate bar shown while background work runs.

    A screen that waits for several tasks at once counts them here: :meth:`start` when one is
    submitted, :meth:`finish` when its answer (or failure) arrives; the bar shows while any is
    out and :attr:`busy` says so. ``busyChanged`` lets the screen enable its buttons again.
    """

    busyChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = 0
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setMaximumHeight(4)
        self.hide()

    @property
    def busy(self) -> bool:
        return self._tasks > 0

    def start(self) -> None:
        self._tasks += 1
        self.show()
        self.busyChanged.emit(True)

    def finish(self) -> None:
        self._tasks = max(0, self._tasks - 1)
        self.setVisible(self.busy)
        self.busyChanged.emit(self.busy)


def ask_save_discard_cancel(parent: QWidget, title: str, text: str) -> QMessageBox.StandardButton:
    """Ask what to do with unsaved changes. Texts are set here so they are translated even when
    Qt's own catalogue is missing."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    words = (
        (buttons.Save, QCoreApplication.translate("MessageBoxWords", "Save")),
        (buttons.Discard, QCoreApplication.translate("MessageBoxWords", "Discard")),
        (buttons.Cancel, QCoreApplication.translate("MessageBoxWords", "Cancel")),
    )
    for button, word in words:
        widget = box.button(button)
        if widget is not None:
            widget.setText(word)
    return buttons(box.exec())


def ask_save_path(
    parent: QWidget, title: str, default: str, file_filter: str, suffix: str
) -> Path | None:
    """Where the user chose to save, with ``suffix`` (".pdf") when typed without it; None when
    the dialog was cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, default, file_filter)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_suffix(suffix)


def ask_pdf_path(parent: QWidget, title: str, number: str) -> Path | None:
    """Where to save the PDF of a slip or receipt (``number``.pdf offered); None if cancelled."""
    pdf_filter = QCoreApplication.translate("FileDialogWords", "PDF documents (*.pdf)")
    return ask_save_path(parent, title, f"{number}.pdf", pdf_filter, ".pdf")


def search_timer(
    edit: QLineEdit,
    run: Callable[[], object],
    parent: QObject,
    delay_ms: int = SEARCH_DELAY_MS,
) -> QTimer:
    """Run ``run`` once typing in ``edit`` pauses for ``delay_ms``: each key starts the single-shot
    timer again. The caller stops it when it searches at once (Enter, a filter chosen)."""
    timer = QTimer(parent, singleShot=True, interval=delay_ms)
    timer.timeout.connect(run)
    edit.textChanged.connect(lambda _text: timer.start())
    return timer
