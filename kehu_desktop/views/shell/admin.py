"""设置 → 系统管理 (issue 10 §2): one window with a tab per part of the administration, each
shown to whoever may use it (the services refuse anyway):

* 用户 (``user.manage``): views.shell.admin_users;
* 参数设置 (everyone signed in reads the settings; ``settings.edit`` changes them):
  views.shell.admin_settings;
* 打印机: the printer profiles dialog (views.slips.printer_profiles; ``printer.edit`` changes
  and deletes profiles, everyone else reads them and prints a calibration page);
* 审计日志 (``audit.view``): views.shell.admin_audit.

A tab reads its data the first time it is shown, on the DB worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.services.base import Actor
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.shell.admin_audit import AuditTab
from kehu_desktop.views.shell.admin_settings import SettingsTab
from kehu_desktop.views.shell.admin_users import UsersTab

if TYPE_CHECKING:  # imported when opened: it loads ReportLab (the test page), a third of a second
    from kehu_desktop.views.slips.printer_profiles import PrinterProfilesDialog

#: Who sees 系统管理 in the 设置 menu: whoever may use one of its tabs beyond reading.
ADMIN_PERMISSIONS = ("user.manage", "settings.edit", "printer.edit", "audit.view")


def may_administer(actor: Actor) -> bool:
    return any(actor.can(p) for p in ADMIN_PERMISSIONS)


class PrintersTab(QWidget):
    """The printer profiles of this PC, in their own dialog (it has a live preview)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printers_tab")
        self._ctx = ctx
        self.dialog: PrinterProfilesDialog | None = None
        text = QLabel(
            self.tr(
                "Printer profiles say which printer, paper and print mode each slip uses and "
                "how far the print is moved to fit a pre-printed form (calibration). An "
                "administrator adds, changes and deletes them; everyone may print a "
                "calibration page."
            ),
            self,
        )
        text.setWordWrap(True)
        self.open_button = push_button(
            self, self.tr("Printer profiles…"), "open_printers", self.open_profiles
        )
        vbox(text, hbox(self.open_button, None, margins=0), None, parent=self)

    def open_profiles(self) -> PrinterProfilesDialog:
        if self.dialog is None:
            # lazy: ReportLab (the test page) only when the profiles open
            from kehu_desktop.views.slips.printer_profiles import PrinterProfilesDialog

            self.dialog = PrinterProfilesDialog.for_context(self._ctx, parent=self)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.destroyed.connect(self._closed)
        self.dialog.open()
        return self.dialog

    def _closed(self, *_ignored: object) -> None:
        self.dialog = None


class AdminDialog(QDialog):
    """系统管理: the tabs this user may use."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin_dialog")
        self.setWindowTitle(self.tr("Administration"))
        self._ctx = ctx
        actor = ctx.actor
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.users_tab: UsersTab | None = None
        self.audit_tab: AuditTab | None = None
        if actor.can("user.manage"):
            self.users_tab = UsersTab(ctx, self)
            self.tabs.addTab(self.users_tab, self.tr("Users"))
        self.settings_tab = SettingsTab(ctx, self)
        self.tabs.addTab(self.settings_tab, self.tr("Settings"))
        self.printers_tab = PrintersTab(ctx, self)
        self.tabs.addTab(self.printers_tab, self.tr("Printers"))
        if actor.can("audit.view"):
            self.audit_tab = AuditTab(ctx, self)
            self.tabs.addTab(self.audit_tab, self.tr("Audit log"))
        self._read: set[int] = set()
        self.tabs.currentChanged.connect(self._shown)
        buttons = QDialogButtonBox(self)
        box_button(
            buttons, self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole, "close", self.reject
        )
        vbox((self.tabs, 1), buttons, parent=self)
        self.resize(1080, 640)
        self._shown(self.tabs.currentIndex())

    def _shown(self, index: int) -> None:
        """A tab reads its data the first time it is shown."""
        if index in self._read:
            return
        self._read.add(index)
        tab = self.tabs.widget(index)
        refresh = getattr(tab, "refresh", None)
        if callable(refresh):
            refresh()

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
