"""A dialog whose OK runs one service call on the DB worker and shows the service's refusals
next to their fields (or on top when they concern no field). The rules are checked once, in the
services; the dialog only collects what was typed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QDate
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDateEdit
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.buttons import never_default
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.layouts import vbox

log = logging.getLogger(__name__)


def date_edit(day: date, parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def picked(edit: QDateEdit) -> date:
    """The date a QDateEdit shows, as ``datetime.date``."""
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


def text_box(parent: QWidget | None = None, height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setMaximumHeight(height)
    edit.setTabChangesFocus(True)
    return edit


class ServiceDialog(QDialog):
    """A form whose OK runs one service call on the worker; accepted when the call succeeds.

    Its own words use ``QCoreApplication.translate("ServiceDialog", …)``: ``self.tr`` would look
    them up under the subclass's name.
    """

    saved = Signal(object)  # what the service returned
    FIELD_ALIASES: dict[str, str] = {}  # service field name -> the box that shows its errors

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        parent: QWidget | None = None,
        *,
        ok_text: str | None = None,
        ok_role: QDialogButtonBox.ButtonRole = QDialogButtonBox.ButtonRole.ApplyRole,
        cancel_text: str | None = None,
    ) -> None:
        """``ok_text``/``cancel_text``: the buttons' words when OK and Cancel are not the
        right ones (a confirm button named by its action, Close)."""
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.setWindowTitle(title)
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(520)
        self.boxes: dict[str, FieldBox] = {}
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.busy_bar = BusyBar(self)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = box_button(
            self.buttons,
            ok_text or QCoreApplication.translate("ServiceDialog", "OK"),
            ok_role,
            "ok",
            self.submit,
        )
        self.cancel_button = box_button(
            self.buttons,
            cancel_text or QCoreApplication.translate("ServiceDialog", "Cancel"),
            QDialogButtonBox.ButtonRole.RejectRole,
            "cancel",
            self.reject,
        )
        never_default(self.buttons)  # Enter in a field never submits by surprise
        vbox(self.intro, self.messages, self.form, self.busy_bar, self.buttons, parent=self)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(
        self, name: str, label: str, editor: QWidget, framed: QWidget | None = None
    ) -> FieldBox:
        if not editor.objectName():
            editor.setObjectName(name)
        box = FieldBox(editor, framed)
        self.boxes[name] = box
        self.form.addRow(label, box)
        return box

    def submit(self) -> None:
        """Subclasses call :meth:`run` with the service and what was typed."""
        raise NotImplementedError

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        if self._busy:
            return
        self.messages.clear()
        for box in self.boxes.values():
            box.set_error(None)
        self._set_busy(True)
        self._ctx.worker.submit(
            fn,
            *args,
            on_done=weak_callback(self._done),
            on_error=weak_callback(self._failed),
            **kwargs,
        )

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.ok_button.setEnabled(not busy)

    def _done(self, result: object) -> None:
        self._set_busy(False)
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationFailed):
            self.show_field_errors(exc.errors)
            return
        if not isinstance(exc, KehuError):
            log.error("%s: the service call failed", type(self).__name__, exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    def show_field_errors(self, errors: list[FieldError]) -> None:
        elsewhere: list[str] = []
        first: FieldBox | None = None
        for error in errors:
            box = self.boxes.get(self.FIELD_ALIASES.get(error.field, error.field))
            if box is None:
                elsewhere.append(error.message)
                continue
            box.set_error(f"{box.error}\n{error.message}" if box.error else error.message)
            first = first or box
        if elsewhere:
            self.messages.show_message("error", "\n".join(elsewhere))
        if first is not None:
            first.editor.setFocus()

    def reject(self) -> None:
        if not self._busy:  # the call is on its way: its answer must find the dialog
            super().reject()
