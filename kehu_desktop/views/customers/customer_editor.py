"""The customer file editor (step 2): load, edit, save through the DB worker.

Errors from the service are shown next to their fields with a summary on top (each line a link
to its field). A save that lost a race (someone saved the file first) is shown as such and the
user's edits stay on screen. Closing with unsaved changes always asks: save, discard or cancel.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import CustomerFile
from kehu_desktop.dto import MarketOfficeView
from kehu_desktop.dto import SaveResult
from kehu_desktop.services.admin import branch_view
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import save_customer
from kehu_desktop.views.customers.customer_form import CustomerForm
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.buttons import never_default
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import ask_save_discard_cancel
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.layouts import vbox

log = logging.getLogger(__name__)

LoadedFile = tuple[tuple[MarketOfficeView, ...], CustomerFile | None]


def load_file(db: Database, actor: Actor, customer_id: uuid.UUID | None) -> LoadedFile:
    """Runs on the worker: the file (None for a new one) and its branch's market offices."""
    customer = get_customer(db, actor, customer_id) if customer_id is not None else None
    branch_id = customer.branch_id if customer is not None else actor.branch_id
    offices: tuple[MarketOfficeView, ...] = ()
    if branch_id is not None:
        offices = branch_view(db, actor, branch_id).market_offices
    return offices, customer


class CustomerEditor(QDialog):
    """Edit one customer file; ``customer_id`` None starts a new one."""

    customerSaved = Signal(object)  # the saved CustomerFile

    def __init__(
        self, ctx: AppContext, customer_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._customer_id = customer_id
        self._file: CustomerFile | None = None
        self._clean_snapshot: tuple[object, ...] | None = None
        self._can_edit = ctx.actor.can("customer.edit")
        self._saving = False
        self._close_after_save = False
        self._saved_any = False
        self.setObjectName("customer_editor")
        self.resize(880, 660)

        self.title = QLabel(self)
        self.title.setObjectName("title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        emphasise(self.title, 1.3)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.messages.linkActivated.connect(self._message_link)
        self.notice = Banner(self)
        self.notice.setObjectName("notice")
        self.busy_bar = BusyBar(self)
        self.form = CustomerForm(self)
        self.form.edited.connect(self._edited)
        self.credit_panel: QWidget | None = None
        self._add_credit_tab()

        self.buttons = QDialogButtonBox(self)
        self.save_button: QPushButton | None = None
        if self._can_edit:
            self.save_button = box_button(
                self.buttons,
                self.tr("Save"),
                QDialogButtonBox.ButtonRole.ApplyRole,
                "save",
                self.save,
                tip=self.tr("Save the customer file (Ctrl+S)"),
            )
            shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
            shortcut.activated.connect(self.save)
        self.close_button = box_button(
            self.buttons,
            self.tr("Close"),
            QDialogButtonBox.ButtonRole.RejectRole,
            "close",
            self.reject,
        )
        never_default(self.buttons)  # Enter in a field never saves or closes by surprise

        vbox(
            self.title,
            self.busy_bar,
            self.messages,
            self.notice,
            (self.form, 1),
            self.buttons,
            parent=self,
        )

        self.form.set_read_only(not self._can_edit)
        if not self._can_edit:
            self.notice.show_message(
                "info",
                self.tr("Read only: your role can look at customer files but not change them."),
            )
        self._show_title()
        self._load()

    # --- state -------------------------------------------------------------------------------

    @property
    def customer(self) -> CustomerFile | None:
        """The file as last loaded or saved."""
        return self._file

    def is_modified(self) -> bool:
        return (
            self._can_edit
            and self._clean_snapshot is not None
            and self.form.snapshot() != self._clean_snapshot
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.form.setEnabled(not busy)
        if self.save_button is not None:
            self.save_button.setEnabled(not busy and self._clean_snapshot is not None)

    def _show_title(self) -> None:
        if self._file is None:
            title = self.tr("New customer file") if self._customer_id is None else ""
            self.setWindowTitle(self.tr("Customer file"))
        else:
            title = self.tr("{name} — {status}").format(
                name=self._file.name, status=status_label("customer", self._file.status)
            )
            self.setWindowTitle(self.tr("Customer file: {name}").format(name=self._file.name))
        self.title.setText(title)

    def _show(self, customer: CustomerFile | None) -> None:
        self._file = customer
        self.form.set_file(customer)
        self._clean_snapshot = self.form.snapshot()
        self._show_title()

    # --- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        self._clean_snapshot = None
        self._set_busy(True)
        self._ctx.call(
            load_file,
            self._customer_id,
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _loaded(self, loaded: LoadedFile) -> None:
        offices, customer = loaded
        self.form.set_offices(offices)
        self._show(customer)
        self.messages.clear()
        self._set_busy(False)
        self.form.setCurrentIndex(0)
        self.form.inputs["name"].setFocus()

    def _load_failed(self, exc: Exception) -> None:
        self.busy_bar.hide()
        if not isinstance(exc, KehuError):
            log.error("loading a customer file failed", exc_info=exc)
        self.messages.show_message(
            "error",
            self.tr("The customer file could not be opened: {reason}").format(
                reason=error_text(exc)
            ),
        )

    # --- saving ------------------------------------------------------------------------------

    def draft(self) -> CustomerDraft:
        """What the form holds, as the service takes it (text as typed)."""
        draft = CustomerDraft(
            monthly_sales=self.form.monthly_inputs(),
            id=self._file.id if self._file else None,
            version=self._file.version if self._file else None,
        )
        for name, value in self.form.values().items():
            setattr(draft, name, value if value is not None or name != "name" else "")
        return draft

    def save(self) -> None:
        if not self._can_edit or self._saving or self._clean_snapshot is None:
            return
        self.messages.clear()
        local = self.form.local_errors()
        if local:
            self._close_after_save = False
            self._show_field_errors(local)
            return
        self._saving = True
        self._set_busy(True)
        self._ctx.call(
            save_customer,
            self.draft(),
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _add_credit_tab(self) -> None:
        """The customer's credit position (steps 3-7), once the file exists and the user may
        see credit."""
        if (
            self.credit_panel is not None
            or self._customer_id is None
            or not self._ctx.actor.can("credit.view")
        ):
            return
        # lazy: only for users who may see credit
        from kehu_desktop.views.credit import CreditPanel

        self.credit_panel = CreditPanel(self._ctx, self._customer_id, self.form)
        self.form.addTab(self.credit_panel, self.tr("Credit"))

    def _saved(self, result: SaveResult) -> None:
        self._saving = False
        self._saved_any = True
        self._customer_id = result.customer.id
        self._add_credit_tab()
        self._show(result.customer)
        self._set_busy(False)
        self.messages.clear()
        self.customerSaved.emit(result.customer)
        if result.warnings:
            self.notice.show_message(
                "warning", self.tr("Saved. Please check:"), [("", w) for w in result.warnings]
            )
        else:
            self.notice.show_message("success", self.tr("Saved."))
        if self._close_after_save:
            self.done(QDialog.DialogCode.Accepted)

    def _save_failed(self, exc: Exception) -> None:
        self._saving = False
        self._close_after_save = False
        self._set_busy(False)
        self.notice.clear()
        if isinstance(exc, ValidationFailed):
            self._show_field_errors(self.form.show_errors(exc.errors))
        elif isinstance(exc, Conflict) and exc.code == "stale":
            reload_text = self.tr("Reload the saved version (your changes here will be lost)")
            self.messages.show_message(
                "error",
                self.tr("Not saved: {reason}. Your changes are still on screen.").format(
                    reason=exc.message
                ),
                [("reload", reload_text)],
            )
        else:
            if not isinstance(exc, KehuError):
                log.error("saving a customer file failed", exc_info=exc)
            self.messages.show_message(
                "error", self.tr("Not saved: {reason}").format(reason=error_text(exc))
            )

    def _show_field_errors(self, errors: list[tuple[str, str]]) -> None:
        if not errors:
            return
        self.messages.show_message(
            "error",
            self.tr("Not saved. Please correct the fields marked in red:"),
            [
                (f"field:{field}", self.form.summary_text(field, message))
                for field, message in errors
            ],
        )
        self.form.focus_field(errors[0][0])

    def _message_link(self, link: str) -> None:
        if link.startswith("field:"):
            self.form.focus_field(link.removeprefix("field:"))
        elif link == "reload":
            self._load()

    def _edited(self) -> None:
        if self.notice.kind == "success":
            self.notice.clear()

    # --- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape, Close and the window's close button all come here: never drop changes."""
        if self._saving:
            return
        if self.is_modified():
            answer = ask_save_discard_cancel(
                self,
                self.tr("Unsaved changes"),
                self.tr("This customer file has changes that are not saved yet. Save them?"),
            )
            if answer == QMessageBox.StandardButton.Save:
                self._close_after_save = True
                self.save()
                return
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.done(QDialog.DialogCode.Accepted if self._saved_any else QDialog.DialogCode.Rejected)
