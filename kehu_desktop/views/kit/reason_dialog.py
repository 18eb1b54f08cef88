"""Asking for the reason of an irreversible step (void a slip, reverse a payment) and confirming it.

With :meth:`ReasonDialog.call_on_confirm` the dialog submits the reason to the service on the
DB worker itself: it closes when the service succeeds and shows a refusal (the service decides
whether a reason is given; its field error appears under the field). Otherwise whoever opened it
listens to ``reasonConfirmed`` and reports back with :meth:`ReasonDialog.show_error` or
``accept()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.layouts import vbox


class ReasonDialog(QDialog):
    """What will happen, a reason field, and a confirm button named by the action."""

    reasonConfirmed = Signal(str)  # the reason as typed

    def __init__(
        self, title: str, text: str, confirm_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(title)
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(460)
        self.text_label = QLabel(text, self)
        self.text_label.setWordWrap(True)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setMaximumHeight(80)
        self.reason_box = FieldBox(self.reason)
        self.reason.textChanged.connect(lambda: self.reason_box.set_error(None))
        reason_label = QLabel(self.tr("Reason (required):"), self)
        self.buttons = QDialogButtonBox(self)
        role = QDialogButtonBox.ButtonRole
        self.confirm_button = box_button(
            self.buttons, confirm_text, role.AcceptRole, "confirm", self._confirm
        )
        self.confirm_button.setAutoDefault(False)
        self.cancel_button = box_button(
            self.buttons, self.tr("Cancel"), role.RejectRole, "cancel", self.reject
        )
        vbox(
            self.text_label,
            self.messages,
            reason_label,
            self.reason_box,
            self.busy_bar,
            self.buttons,
            parent=self,
        )
        self.reason.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.confirm_button.setEnabled(not busy)
        self.reason.setReadOnly(busy)

    def show_error(self, exc: Exception) -> None:
        """The service refused: a reason error under the field, anything else above it."""
        self.set_busy(False)
        if isinstance(exc, ValidationFailed):
            reason = [e.message for e in exc.errors if e.field == "reason"]
            rest = [e.message for e in exc.errors if e.field != "reason"]
            self.reason_box.set_error("\n".join(reason) or None)
            if rest:
                self.messages.show_message("error", "\n".join(rest))
            self.reason.setFocus()
            return
        self.messages.show_message("error", error_text(exc))

    def _confirm(self) -> None:
        self.messages.clear()
        self.set_busy(True)
        self.reasonConfirmed.emit(self.reason.toPlainText())

    def call_on_confirm(
        self,
        ctx: AppContext,
        service: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Confirming runs ``service(db, actor, *args, reason)`` on the worker; on success the
        dialog closes, then ``on_done(result)``; a refusal shows in the dialog, then
        ``on_error(exc)``."""
        self._on_done, self._on_error = on_done, on_error
        self.reasonConfirmed.connect(
            lambda reason: ctx.call(
                service, *args, reason, on_done=self._succeeded, on_error=self._refused
            )
        )

    def _succeeded(self, result: object) -> None:
        self.accept()
        self._on_done(result)

    def _refused(self, exc: Exception) -> None:
        self.show_error(exc)
        if self._on_error is not None:
            self._on_error(exc)
