"""设置 → 总部同步: the branch's link to head office (issue 8 item 3; docs/sync.md).

Shows the sync status (registered or not, the server, the branch code, the last successful
sync, pending records, the last error), lets an administrator register with a one-time code
from head office (``kehu_desktop.sync.register`` on the DB worker; the service checks
``sync.register``), sets the branch's sync interval (``settings.edit``) and starts a sync now.
Everyone signed in sees the page; what a role may not do is read-only here and refused by the
services anyway. Refusals show next to their field in the user's language.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from kehu_desktop import sync
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import SettingView
from kehu_desktop.services.admin import settings
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.buttons import never_default
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.formatting import RED
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.sync.runner import INTERVAL_SETTING
from kehu_desktop.views.sync.runner import SyncRunner
from kehu_desktop.views.sync.status_bar import status_error

#: Registration refusals (kehu_desktop.sync.registration) by the field they are about.
URL_ERRORS = frozenset({"sync.bad_url", "sync.unreachable", "sync.not_a_server", "sync.bad_reply"})
CODE_ERRORS = frozenset(
    {
        "sync.code_used",
        "sync.code_expired",
        "sync.code_unknown",
        "sync.code_refused",
        "sync.other_branch",
    }
)
TIME_FORMAT = "%Y-%m-%d %H:%M"


class SyncPage(QDialog):
    """The 总部同步 page. ``registered`` carries the stored credentials after a registration."""

    registered = Signal(object)

    def __init__(self, ctx: AppContext, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_page")
        self._ctx = ctx
        self._runner = runner
        self.may_register = ctx.actor.can("sync.register")
        self.may_edit_interval = ctx.actor.can("settings.edit")
        self.setWindowTitle(self.tr("Head-office sync"))
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(600)
        intro = QLabel(
            self.tr(
                "The branch sends its records to head office and receives head office's "
                "products, settings and decisions (customer approvals, grades, limits). It syncs "
                "on its own every few minutes while someone is signed in."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(self._enable)
        self.boxes: dict[str, FieldBox] = {}

        self.values: dict[str, QLabel] = {}
        status_box = QGroupBox(self.tr("Status"), self)
        status_form = QFormLayout(status_box)
        for name, label in (
            ("state", self.tr("Registration")),
            ("server", self.tr("Head-office address")),
            ("branch", self.tr("Branch code")),
            ("last_sync", self.tr("Last successful sync")),
            ("pending", self.tr("Records waiting to be sent")),
            ("error", self.tr("Last error")),
        ):
            value = QLabel("—", status_box)
            value.setObjectName(f"{name}_value")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name] = value
            status_form.addRow(label, value)

        self.register_box = QGroupBox(self.tr("Register with head office"), self)
        register_form = QFormLayout(self.register_box)
        register_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.url_edit = QLineEdit(self.register_box)
        self.url_edit.setPlaceholderText(self.tr("e.g. https://hq.example.com"))
        self.code_edit = QLineEdit(self.register_box)
        self.code_edit.setPlaceholderText(self.tr("the one-time code head office gave, e.g. SH-…"))
        for name, label, edit in (
            ("url", self.tr("Head-office address"), self.url_edit),
            ("code", self.tr("Registration code"), self.code_edit),
        ):
            edit.setObjectName(name)
            edit.setReadOnly(not self.may_register)
            edit.textEdited.connect(lambda _text, name=name: self.boxes[name].set_error(None))
            self.boxes[name] = FieldBox(edit)
            register_form.addRow(label, self.boxes[name])
        self.register_button = push_button(
            self.register_box,
            self.tr("Register"),
            "register",
            self.register,
            visible=self.may_register,
        )
        self.admin_note = QLabel(
            self.tr("Only an administrator can register this branch with head office."),
            self.register_box,
        )
        self.admin_note.setObjectName("admin_note")
        self.admin_note.setWordWrap(True)
        self.admin_note.setVisible(not self.may_register)
        # The note takes the row's width (a short line, not a wrapped column); the button its own.
        row = (
            hbox(self.register_button, None, margins=0)
            if self.may_register
            else hbox((self.admin_note, 1), margins=0)
        )
        register_form.addRow("", row)

        interval_box = QGroupBox(self.tr("Automatic sync"), self)
        interval_form = QFormLayout(interval_box)
        self.interval_edit = QLineEdit(interval_box)
        self.interval_edit.setObjectName(INTERVAL_SETTING)
        self.interval_edit.setMaximumWidth(100)
        self.interval_edit.setReadOnly(not self.may_edit_interval)
        self.interval_edit.textEdited.connect(
            lambda _text: self.boxes[INTERVAL_SETTING].set_error(None)
        )
        self.boxes[INTERVAL_SETTING] = FieldBox(self.interval_edit)
        self.interval_button = push_button(
            interval_box,
            self.tr("Save"),
            "save_interval",
            self.save_interval,
            visible=self.may_edit_interval,
        )
        interval_form.addRow(
            self.tr("Every (minutes)"),
            hbox(self.boxes[INTERVAL_SETTING], self.interval_button, None, margins=0),
        )

        self.buttons = QDialogButtonBox(self)
        self.sync_button = box_button(
            self.buttons,
            self.tr("Sync now"),
            QDialogButtonBox.ButtonRole.ActionRole,
            "sync_now",
            self.sync_now,
        )
        self.close_button = box_button(
            self.buttons,
            self.tr("Close"),
            QDialogButtonBox.ButtonRole.RejectRole,
            "close",
            self.reject,
        )
        never_default(self.buttons)
        vbox(
            intro,
            self.messages,
            status_box,
            self.register_box,
            interval_box,
            None,
            self.busy_bar,
            self.buttons,
            parent=self,
        )

        runner.statusChanged.connect(self.show_status)
        runner.runningChanged.connect(self.show_status)
        runner.finished.connect(self._synced)
        runner.failed.connect(self._sync_failed)
        self.show_status()
        runner.read_status()  # what the window read may be minutes old
        self.busy_bar.start()
        ctx.worker.submit(
            settings.sync_interval_minutes,
            ctx.db,
            on_done=weak_callback(self._interval_read),
            on_error=weak_callback(self._failed),
        )

    # --- showing ---------------------------------------------------------------------------------

    def show_status(self, *_ignored: object) -> None:
        status = self._runner.status
        v = self.values
        if status is None:
            for label in v.values():
                label.setText("…")
        else:
            v["state"].setText(
                self.tr("Registered") if status.registered else self.tr("Not registered")
            )
            v["server"].setText(status.server_url or "—")
            v["branch"].setText(status.branch_code or "—")
            when = status.last_sync_at
            v["last_sync"].setText(local_time(when, TIME_FORMAT) if when else self.tr("Never"))
            v["pending"].setText(str(status.pending))
            error = status_error(status, self._runner)
            v["error"].setText(error or "—")
            v["error"].setStyleSheet(f"color: {RED};" if error else "")
            if status.registered and not self.url_edit.text():
                self.url_edit.setText(status.server_url or "")
            self.register_box.setTitle(
                self.tr("Register again (with a new code from head office)")
                if status.registered
                else self.tr("Register with head office")
            )
        if self._runner.running:
            v["state"].setText(self.tr("Syncing…"))
        self._enable()

    def _enable(self, *_ignored: object) -> None:
        status = self._runner.status
        registered = status is not None and status.registered
        self.sync_button.setEnabled(registered and not self._runner.running)
        self.sync_button.setToolTip(
            "" if registered else self.tr("Register with head office first.")
        )
        self.register_button.setEnabled(not self.busy_bar.busy)
        self.interval_button.setEnabled(not self.busy_bar.busy)

    def _interval_read(self, minutes: int) -> None:
        self.busy_bar.finish()
        self.interval_edit.setText(str(minutes))

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self.messages.show_message("error", error_text(exc))

    # --- registering -----------------------------------------------------------------------------

    def register(self) -> None:
        """Exchange the code for the branch's secret (the service refuses a non-administrator,
        whatever this page shows)."""
        if self.busy_bar.busy:
            return
        self.messages.clear()
        for name in ("url", "code"):
            self.boxes[name].set_error(None)
        self.busy_bar.start()
        self._ctx.call(
            sync.register,
            self.url_edit.text(),
            self.code_edit.text(),
            on_done=self._registered,
            on_error=self._register_failed,
        )

    def _registered(self, stored: sync.Credentials) -> None:
        self.busy_bar.finish()
        self.code_edit.clear()  # spent: it cannot be used again
        self.messages.show_message(
            "success",
            self.tr("Registered with head office at %1 as branch %2.")
            .replace("%1", stored.url)
            .replace("%2", stored.branch_code),
        )
        self._runner.read_status()  # the status bar and the timer follow
        self.registered.emit(stored)

    def _register_failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        code = exc.code if isinstance(exc, KehuError) else ""
        field = "url" if code in URL_ERRORS else "code" if code in CODE_ERRORS else ""
        if field:
            self.boxes[field].set_error(error_text(exc))
            self.boxes[field].editor.setFocus()
        else:
            self.messages.show_message("error", error_text(exc))

    # --- the interval ----------------------------------------------------------------------------

    def save_interval(self) -> None:
        if self.busy_bar.busy:
            return
        self.messages.clear()
        self.boxes[INTERVAL_SETTING].set_error(None)
        self.busy_bar.start()
        self._ctx.call(
            settings.edit_setting,
            INTERVAL_SETTING,
            self.interval_edit.text(),
            on_done=self._interval_saved,
            on_error=self._interval_failed,
        )

    def _interval_saved(self, view: SettingView) -> None:
        self.busy_bar.finish()
        self.interval_edit.setText(str(view.value))
        self.messages.show_message(
            "success",
            self.tr("The branch now syncs every %1 minutes.").replace("%1", str(view.value)),
        )

    def _interval_failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        errors = exc.for_field(INTERVAL_SETTING) if isinstance(exc, ValidationFailed) else []
        if errors:
            self.boxes[INTERVAL_SETTING].set_error("\n".join(e.message for e in errors))
        else:
            self.messages.show_message("error", error_text(exc))

    # --- syncing ---------------------------------------------------------------------------------

    def sync_now(self) -> None:
        self.messages.clear()
        if not self._runner.sync_now():
            self.messages.show_message("info", self.tr("A sync is already on its way."))

    def _synced(self, report: object) -> None:
        pushed, pulled = getattr(report, "pushed", 0), getattr(report, "pulled", 0)
        self.messages.show_message(
            "success",
            self.tr("Synced: %1 records sent, %2 received.")
            .replace("%1", str(pushed))
            .replace("%2", str(pulled)),
        )

    def _sync_failed(self, exc: Exception) -> None:
        self.messages.show_message("error", error_text(exc))
