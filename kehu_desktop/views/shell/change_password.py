"""Changing one's own password: old, new, repeat. Errors appear under the field they concern."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.services.admin import change_password
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.layouts import vbox

log = logging.getLogger(__name__)


class ChangePasswordDialog(QDialog):
    """Accepted once the service has changed the password."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.setObjectName("change_password")
        self.setWindowTitle(self.tr("Change password"))
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(440)

        self.boxes: dict[str, FieldBox] = {}
        form = QFormLayout()
        for name, label in (
            ("old_password", self.tr("Current password")),
            ("new_password", self.tr("New password")),
            ("repeat_password", self.tr("New password again")),
        ):
            edit = QLineEdit(self)
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textEdited.connect(lambda _text, n=name: self.boxes[n].set_error(None))
            self.boxes[name] = FieldBox(edit)
            form.addRow(label, self.boxes[name])
        intro = QLabel(self.tr("Signed in as {name}.").format(name=ctx.actor.display_name), self)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.buttons = QDialogButtonBox(self)
        role = QDialogButtonBox.ButtonRole
        self.ok_button = box_button(
            self.buttons, self.tr("Change password"), role.AcceptRole, "ok", self.submit
        )
        self.ok_button.setDefault(True)
        box_button(self.buttons, self.tr("Cancel"), role.RejectRole, "cancel", self.reject)

        vbox(intro, self.messages, form, self.busy_bar, self.buttons, parent=self)

    def field(self, name: str) -> QLineEdit:
        editor = self.boxes[name].editor
        assert isinstance(editor, QLineEdit)
        return editor

    def submit(self) -> None:
        if self._busy:
            return
        self.messages.clear()
        for box in self.boxes.values():
            box.set_error(None)
        old = self.field("old_password").text()
        new = self.field("new_password").text()
        if not old:
            return self._local_error("old_password", self.tr("Enter your current password."))
        if not new:
            return self._local_error("new_password", self.tr("Enter a new password."))
        if new != self.field("repeat_password").text():
            return self._local_error(
                "repeat_password", self.tr("The two new passwords are not the same.")
            )
        self._set_busy(True)
        self._ctx.call(
            change_password,
            old,
            new,
            on_done=self._changed,
            on_error=self._failed,
        )

    def _local_error(self, name: str, message: str) -> None:
        self.boxes[name].set_error(message)
        self.field(name).setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.ok_button.setEnabled(not busy)

    def _changed(self, _result: object) -> None:
        self._set_busy(False)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationFailed):
            first = None
            for error in exc.errors:
                box = self.boxes.get(error.field)
                if box is None:
                    self.messages.show_message("error", error.message)
                    continue
                wrong_password = error.field == "old_password" and error.code == (
                    "auth.bad_credentials"
                )
                # The service's words speak of user name *or* password; here only one is typed.
                box.set_error(
                    self.tr("The current password is wrong.") if wrong_password else error.message
                )
                first = first or error.field
            if first is not None:
                self.field(first).selectAll()
                self.field(first).setFocus()
            return
        if not isinstance(exc, KehuError):
            log.error("changing the password failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    def reject(self) -> None:
        if not self._busy:
            super().reject()
