"""The main window: navigation between screens, menus and toolbar, and the status bar."""

from __future__ import annotations

import importlib
import logging
import platform
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QByteArray
from PySide6.QtCore import QRect
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtGui import QActionGroup
from PySide6.QtGui import QCloseEvent
from PySide6.QtGui import QGuiApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QMainWindow
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QToolBar
from PySide6.QtWidgets import QWidget

from kehu_desktop import __version__
from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import BranchView
from kehu_desktop.services.admin import region_of
from kehu_desktop.services.admin import setup
from kehu_desktop.services.base import Actor
from kehu_desktop.views.customers import CustomerListView
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.shell.admin import AdminDialog
from kehu_desktop.views.shell.admin import may_administer
from kehu_desktop.views.shell.backups import BackupDialog
from kehu_desktop.views.shell.backups import BackupScheduler
from kehu_desktop.views.sync.runner import SyncRunner
from kehu_desktop.views.sync.status_bar import SyncIndicator

if TYPE_CHECKING:  # imported when opened (the settings menu), not with the window
    from kehu_desktop.views.sync.sync_page import SyncPage

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
DEFAULT_SIZE = QSize(1280, 800)
# What the window manager adds around the window (title bar, borders): the first window must fit
# the screen with them, e.g. on 1366 × 768 with a 40-pixel taskbar.
FRAME_ALLOWANCE = QSize(16, 40)
NAV_WIDTH = 132  # the navigation list's least width
DATABASE_LABEL_WIDTH = 360  # a long path is elided in the middle; the tooltip shows it whole
SELECTION_ACTIONS = (
    "customer.propose",
    "customer.review",
    "customer.approve",
    "customer.terminate",
)


def database_description(db: Database) -> str:
    """Where the data is, without a password: "SQLite · /path/kehu.sqlite3"."""
    if db.is_sqlite:
        return f"SQLite · {db.sqlite_path or ':memory:'}"
    parts = urlsplit(db.url.replace("+psycopg", ""))
    return f"PostgreSQL · {parts.hostname or 'localhost'}{parts.path}"


log = logging.getLogger(__name__)


def start_up_warnings(db: Database, actor: Actor) -> object:
    """Runs on the worker: the warning job as the branch's system actor."""
    # lazy: the job's module only once the window is up
    from kehu_desktop.services import warnings

    return warnings.run_warnings(db, Actor.system(actor.branch_id))


def log_failure(exc: Exception) -> None:
    log.error("start-up task failed", exc_info=exc)


class MainWindow(QMainWindow):
    signedOut = Signal()
    #: A backup was restored: everyone signs in again (the notice says why).
    restoredFromBackup = Signal(str)
    languageChosen = Signal(str)
    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._branch: BranchView | None = None
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("Kehu customer management"))
        self.resize(DEFAULT_SIZE)
        self.setMinimumSize(760, 500)

        self.nav = QListWidget(self)
        self.nav.setFixedWidth(NAV_WIDTH)  # widened to the longest title once they are known
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.nav.setStyleSheet(
            "QListWidget { border: none; background: palette(window); }"
            "QListWidget::item { padding: 10px 6px; }"
        )
        self.stack = QStackedWidget(self)
        self.customers = CustomerListView(ctx, self)
        self._screens: dict[str, QWidget | None] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._titles: dict[str, str] = {}
        # 我的待办 is the first screen for everyone but the clerk, who keeps the files.
        if set(ctx.actor.roles) - {Role.CLERK}:
            self._add_screen(
                "work",
                self.tr("My work"),
                QStyle.StandardPixmap.SP_DialogYesButton,
                self._make_work,
            )
        self._add_screen(
            "customers",
            self.tr("Customers"),
            QStyle.StandardPixmap.SP_FileDialogDetailedView,
            lambda: self.customers,
        )
        if any(ctx.actor.can(a) for a in SELECTION_ACTIONS):
            self._add_screen(
                "approvals",
                self.tr("Approvals"),
                QStyle.StandardPixmap.SP_DialogApplyButton,
                self._make_approvals,
            )
        if ctx.actor.can("sales_report.view"):  # step 2: the customers' monthly sales
            self._add_screen(
                "sales_report",
                self.tr("Monthly sales report"),
                QStyle.StandardPixmap.SP_FileDialogContentsView,
                partial(self._make_screen, "customers", "SalesReportView"),
            )
        for key, title, icon, actions, module, cls in self._business_screens():
            if any(ctx.actor.can(a) for a in actions):
                self._add_screen(key, title, icon, partial(self._make_screen, module, cls))
        if ctx.head_office and any(ctx.actor.can(a) for a in ("region.set_quota", "settings.edit")):
            self._add_screen(
                "region_quotas",
                self.tr("Region quotas"),
                QStyle.StandardPixmap.SP_FileDialogListView,
                partial(self._make_screen, "credit", "RegionQuotasView"),
            )
        if ctx.head_office and ctx.actor.can("sync.view_branches"):
            self._add_screen(
                "branch_status",
                self.tr("Branch sync"),
                QStyle.StandardPixmap.SP_DriveNetIcon,
                partial(self._make_screen, "head_office", "BranchStatusView"),
            )
        self._fit_nav()
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 6, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._screen_chosen)
        # Head-office sync on a timer while this user is signed in (views/sync/runner.py).
        self.sync_runner = SyncRunner(ctx, self)
        self.sync_page: SyncPage | None = None
        # The day's backup of a SQLite database while someone is signed in (views/shell/backups).
        self.backup_scheduler = BackupScheduler(ctx, self)
        self.backup_scheduler.taken.connect(self._backup_taken)
        self.backup_scheduler.failed.connect(self._backup_failed)
        self.backup_dialog: BackupDialog | None = None
        self.admin_dialog: AdminDialog | None = None

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self._make_status_bar()
        self.nav.setCurrentRow(0)
        self._restore_geometry()
        if ctx.head_office:  # no branch of its own: the title says head office (and region)
            self._head_office_arrived(None)
            ctx.call(region_of, on_done=self._head_office_arrived, on_error=lambda _exc: None)
        else:
            ctx.call(
                setup.branch_view,
                on_done=self._branch_arrived,
                on_error=lambda _exc: None,
            )
            # The early-warning job at start-up (step 9), on the worker, as the system: it
            # decides nothing, and a driver who signs in must not stop it.
            ctx.call(start_up_warnings, on_done=lambda _report: None, on_error=log_failure)
            # A branch syncs with head office (views/sync/runner.py).
            self.sync_runner.statusChanged.connect(self._sync_status_read)
            self.sync_runner.runningChanged.connect(self._sync_status_read)
            self.sync_runner.start()
        self.backup_scheduler.start()

    # --- screens -------------------------------------------------------------------------------

    def _add_screen(
        self, key: str, title: str, icon: QStyle.StandardPixmap, factory: Callable[[], QWidget]
    ) -> None:
        item = QListWidgetItem(self.style().standardIcon(icon), title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self._titles[key] = title
        self.nav.addItem(item)
        self._screens[key] = None
        self._factories[key] = factory

    def _fit_nav(self) -> None:
        """As wide as the longest screen title in the UI language (English ones are longer)."""
        metrics = self.nav.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())),
            default=0,
        )
        # icon, the gap beside it, the item's padding and spacing, the frame
        needed = widest + self.nav.iconSize().width() + 6 + 2 * 6 + 2 * 2 + 2 * 6
        self.nav.setFixedWidth(max(NAV_WIDTH, needed))

    def screen_keys(self) -> list[str]:
        return list(self._screens)

    def show_screen(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.screen_keys().index(key))
        widget = self._screens[key]
        assert widget is not None
        return widget

    def _screen_chosen(self, row: int) -> None:
        if row < 0:
            return
        key = self.screen_keys()[row]
        widget = self._screens[key]
        if widget is None:  # built the first time it is shown
            widget = self._factories[key]()
            self._screens[key] = widget
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self._show_toolbar_for(key)
        self.open_action.setEnabled(key == "customers")  # "find" switches to the list itself
        self.refresh_action.setEnabled(
            callable(getattr(widget, "refresh", None)) or widget is self.customers
        )

    def _business_screens(
        self,
    ) -> list[tuple[str, str, QStyle.StandardPixmap, tuple[str, ...], str, str]]:
        """Screens of steps 3-7: (key, title, icon, any of these permissions, area package, class).
        Each class is built as ``cls(ctx, parent)`` the first time it is shown."""
        pix = QStyle.StandardPixmap
        return [
            (
                "cashier",
                self.tr("Cashier desk"),
                pix.SP_DialogYesButton,
                ("dispatch.release", "dispatch.return"),
                "dispatch",
                "CashierDeskView",
            ),
            (
                "dispatch",
                self.tr("Dispatch notes"),
                pix.SP_ArrowRight,
                ("dispatch.request", "dispatch.approve", "dispatch.assign", "dispatch.deliver"),
                "dispatch",
                "DispatchNotesView",
            ),
            (
                "slips",
                self.tr("Slips"),
                pix.SP_FileIcon,
                ("slip.view",),
                "slips",
                "SlipsView",
            ),
            (
                "payments",
                self.tr("Payments"),
                pix.SP_DriveHDIcon,
                ("payment.view",),
                "payments",
                "PaymentsView",
            ),
            (
                "evaluations",
                self.tr("Credit ratings"),
                pix.SP_FileDialogDetailedView,
                ("credit.evaluate", "credit.review_evaluation", "credit.approve_evaluation"),
                "credit",
                "EvaluationsView",
            ),
            (
                "rating_rules",
                self.tr("Rating rules"),
                pix.SP_FileDialogStart,
                ("credit.view",),
                "credit",
                "RatingRulesView",
            ),
            (
                "plans",
                self.tr("Distribution plans"),
                pix.SP_FileDialogContentsView,
                ("plan.file", "plan.progress"),
                "plans",
                "PlansView",
            ),
            (
                "warnings",
                self.tr("Early warnings"),
                pix.SP_MessageBoxWarning,
                ("warning.view",),
                "warnings",
                "WarningsView",
            ),
            (
                "visits",
                self.tr("Visits"),
                pix.SP_DirHomeIcon,
                ("visit.record", "visit.overview"),
                "visits",
                "VisitsView",
            ),
            (
                "limits",
                self.tr("Credit limits"),
                pix.SP_FileDialogInfoView,
                ("credit.approve_limit", "credit.apply_limit"),
                "credit",
                "LimitsView",
            ),
            (
                "products",
                self.tr("Products"),
                pix.SP_DirIcon,
                ("product.view",),
                "products",
                "ProductsView",
            ),
        ]

    def _make_screen(self, module: str, cls: str) -> QWidget:
        screen_class = getattr(importlib.import_module(f"kehu_desktop.views.{module}"), cls)
        widget: QWidget = screen_class(self.ctx, self)
        return widget

    def _make_work(self) -> QWidget:
        from kehu_desktop.views.my_work import WorkView  # lazy: built when first shown

        view = WorkView(self.ctx, self)
        view.openScreen.connect(self.show_screen)
        view.countsChanged.connect(self.show_counts)
        return view

    def show_counts(self, counts: dict[str, int]) -> None:
        """The work waiting on each screen, beside its title in the navigation."""
        for row, key in enumerate(self.screen_keys()):
            item = self.nav.item(row)
            title = self._titles[key]
            count = counts.get(key, 0)
            item.setText(
                self.tr("{title} ({count})").format(title=title, count=count) if count else title
            )
        self._fit_nav()

    def _make_approvals(self) -> QWidget:
        try:
            # lazy: the screen may be missing
            from kehu_desktop.views.customers import ApprovalsView
        except ImportError:
            label = QLabel(self.tr("This screen is not available yet."), self)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            return label
        view = ApprovalsView(self.ctx, self)
        recorded = getattr(view, "decisionsRecorded", None)
        if recorded is not None:  # a decision changes statuses the customer list shows
            recorded.connect(self.customers.model.refresh)
        return view

    # --- actions, menus, toolbar ---------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        *,
        icon: QStyle.StandardPixmap | None = None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        allowed: str | None = None,
        short: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if short is not None:  # the toolbar's text: no accelerator, no ellipsis
            action.setIconText(short)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        # The services refuse anyway; offering only what the user may do avoids dead ends.
        action.setVisible(allowed is None or self.ctx.actor.can(allowed))
        return action

    def _make_actions(self) -> None:
        c = self.customers
        P = QStyle.StandardPixmap
        self.new_action = self._action(
            self.tr("&New customer…"),
            c.new_customer,
            icon=P.SP_FileIcon,
            shortcut=QKeySequence.StandardKey.New,
            allowed="customer.edit",
            short=self.tr("New"),
        )
        self.open_action = self._action(
            self.tr("&Open customer"),
            c.open_selected,
            icon=P.SP_DirOpenIcon,
            shortcut="Ctrl+O",
            short=self.tr("Open"),
        )
        self.refresh_action = self._action(
            self.tr("&Refresh"),
            self.refresh,
            icon=P.SP_BrowserReload,
            shortcut=QKeySequence.StandardKey.Refresh,
            short=self.tr("Refresh"),
        )
        self.find_action = self._action(
            self.tr("&Find customer"), self._focus_search, shortcut=QKeySequence.StandardKey.Find
        )
        self.import_action = self._action(
            self.tr("&Import customers…"),
            c.import_customers,
            icon=P.SP_ArrowDown,
            allowed="customer.import",
            short=self.tr("Import"),
        )
        self.export_action = self._action(
            self.tr("&Export customers…"),
            c.export_customers,
            icon=P.SP_DialogSaveButton,
            allowed="customer.export",
            short=self.tr("Export"),
        )
        self.password_action = self._action(self.tr("Change &password…"), self.change_password)
        self.sync_page_action = self._action(self.tr("&Head-office sync…"), self.open_sync_page)
        self.sync_now_action = self._action(
            self.tr("Sync with head office &now"), self.sync_now, allowed="sync.now"
        )
        self.sync_now_action.setEnabled(False)  # until the status says the branch is registered
        # Syncing is a branch's: head office's own database has nobody to sync with.
        for action in (self.sync_page_action, self.sync_now_action):
            action.setVisible(action.isVisible() and not self.ctx.head_office)
        self.backup_action = self._action(
            self.tr("&Backup and restore…"), self.open_backups, allowed="backup.now"
        )
        self.admin_action = self._action(self.tr("&Administration…"), self.open_admin)
        self.admin_action.setVisible(may_administer(self.ctx.actor))
        self.sign_out_action = self._action(self.tr("Sign &out"), self.sign_out)
        self.quit_action = self._action(
            self.tr("&Quit"), self.close, shortcut=QKeySequence.StandardKey.Quit
        )
        self.about_action = self._action(self.tr("&About Kehu"), self.about)
        self.language_group = QActionGroup(self)
        current = i18n.stored_language()
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self.language_group)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _checked=False, code=code: self.choose_language(code))
            self.language_actions[code] = action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.sign_out_action, self.quit_action])
        customer_menu = bar.addMenu(self.tr("&Customers"))
        customer_menu.addActions(
            [self.new_action, self.open_action, self.find_action, self.refresh_action]
        )
        settings_menu = bar.addMenu(self.tr("&Settings"))
        language_menu = settings_menu.addMenu(self.tr("&Language"))
        language_menu.addActions(list(self.language_actions.values()))
        settings_menu.addAction(self.password_action)
        settings_menu.addSeparator()
        settings_menu.addAction(self.admin_action)
        settings_menu.addSeparator()
        settings_menu.addActions([self.sync_page_action, self.sync_now_action])
        settings_menu.addSeparator()
        settings_menu.addAction(self.backup_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _make_toolbar(self) -> None:
        """One toolbar; what it holds follows the screen shown (:meth:`screen_actions`)."""
        toolbar = QToolBar(self.tr("Main toolbar"), self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.toggleViewAction().setVisible(False)  # not something to hide by mistake
        self.toolbar = toolbar
        self.addToolBar(toolbar)

    def screen_actions(self, key: str) -> list[QAction]:
        """The toolbar actions of screen ``key`` that this user may use. The customer list's
        are the main window's (new, open, import, export customers); another screen offers
        its own through a ``toolbar_actions()`` method. Refresh, which acts on whatever screen
        is shown, follows them."""
        if key == "customers":
            actions = [self.new_action, self.open_action, self.import_action, self.export_action]
        else:
            offered = getattr(self._screens.get(key), "toolbar_actions", None)
            actions = list(offered()) if callable(offered) else []
        return [a for a in actions if a.isVisible()]

    def _show_toolbar_for(self, key: str) -> None:
        # Another screen's actions must not linger: 导出 on 产品 would export customers.
        self.toolbar.clear()
        actions = self.screen_actions(key)
        self.toolbar.addActions(actions)
        if actions:
            self.toolbar.addSeparator()
        self.toolbar.addAction(self.refresh_action)

    def _make_status_bar(self) -> None:
        status = self.statusBar()
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(100)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.busy_label = QLabel(self.tr("Working…"), self)
        status.addWidget(self.busy_label)
        status.addWidget(self.busy_bar)
        self.set_busy(self.ctx.worker.busy)
        self.ctx.worker.busyChanged.connect(self.set_busy)
        roles = self.tr(", ").join(i18n.role_label(r) for r in sorted(self.ctx.actor.roles))
        self.user_label = QLabel(
            self.tr("%1 (%2)")
            .replace("%2", roles)
            .replace("%1", self.ctx.actor.display_name or self.ctx.actor.username),
            self,
        )
        self.branch_label = QLabel("—", self)
        where = database_description(self.ctx.db)
        self.database_label = QLabel(self)
        self.database_label.setText(
            self.database_label.fontMetrics().elidedText(
                where, Qt.TextElideMode.ElideMiddle, DATABASE_LABEL_WIDTH
            )
        )
        # A deep folder must not widen the window past the screen: elided, whole in the tip.
        self.database_label.setToolTip(self.tr("Database in use: %1").replace("%1", where))
        self.sync_indicator = SyncIndicator(self.sync_runner, self)
        self.sync_indicator.setVisible(not self.ctx.head_office)
        for label in (self.sync_indicator, self.user_label, self.branch_label, self.database_label):
            status.addPermanentWidget(label)

    def set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)

    def _branch_arrived(self, branch: BranchView) -> None:
        self._branch = branch
        self.branch_label.setText(
            self.tr("%1 (%2)").replace("%2", branch.region_name).replace("%1", branch.name)
        )
        self.setWindowTitle(self.tr("Kehu customer management — %1").replace("%1", branch.name))

    def _head_office_arrived(self, region: str | None) -> None:
        where = self.tr("Head office")
        if region:
            where = self.tr("%1 (%2)").replace("%2", region).replace("%1", where)
        self.branch_label.setText(where)
        self.setWindowTitle(self.tr("Kehu customer management — %1").replace("%1", where))

    def _sync_status_read(self, *_ignored: object) -> None:
        status = self.sync_runner.status
        registered = status is not None and status.registered
        self.sync_now_action.setEnabled(registered and not self.sync_runner.running)

    # --- commands ------------------------------------------------------------------------------

    def open_sync_page(self) -> SyncPage:
        """设置 → 总部同步 (one page at a time: asked again, the open one comes to the front)."""
        if self.sync_page is None:
            from kehu_desktop.views.sync.sync_page import SyncPage  # lazy: when opened

            page = SyncPage(self.ctx, self.sync_runner, self)
            page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            page.destroyed.connect(self._sync_page_closed)
            self.sync_page = page
        self.sync_page.show()
        self.sync_page.raise_()
        self.sync_page.activateWindow()
        return self.sync_page

    def _sync_page_closed(self, *_ignored: object) -> None:
        self.sync_page = None

    def open_backups(self) -> BackupDialog:
        """设置 → 备份与恢复 (one at a time, like the sync page)."""
        if self.backup_dialog is None:
            dialog = BackupDialog(self.ctx, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(self._backups_closed)
            dialog.restored.connect(self._restored)
            self.backup_dialog = dialog
        self.backup_dialog.show()
        self.backup_dialog.raise_()
        self.backup_dialog.activateWindow()
        return self.backup_dialog

    def open_admin(self) -> AdminDialog:
        """设置 → 系统管理 (one at a time, like the backups)."""
        if self.admin_dialog is None:
            dialog = AdminDialog(self.ctx, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(self._admin_closed)
            self.admin_dialog = dialog
        self.admin_dialog.show()
        self.admin_dialog.raise_()
        self.admin_dialog.activateWindow()
        return self.admin_dialog

    def _admin_closed(self, *_ignored: object) -> None:
        self.admin_dialog = None

    def _backups_closed(self, *_ignored: object) -> None:
        self.backup_dialog = None

    def _backup_taken(self, backup: object) -> None:
        name = getattr(backup, "name", "")
        self.statusBar().showMessage(self.tr("Backed up: %1").replace("%1", name), 10_000)

    def _backup_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("The daily backup failed: %1").replace("%1", message), 30_000
        )

    def _restored(self, result: object) -> None:
        """The screens show the replaced database: sign in again on the restored one."""
        self.backup_scheduler.stop()
        self.sync_runner.stop()
        source = str(getattr(result, "source", ""))
        self.restoredFromBackup.emit(
            self.tr("The database was restored from the backup %1. Please sign in again.").replace(
                "%1", source
            )
        )

    def sync_now(self) -> None:
        if not self.sync_runner.sync_now():
            self.statusBar().showMessage(self.tr("A sync is already on its way."), 5000)

    def refresh(self) -> None:
        """Read the current screen again (other PCs may have changed the data)."""
        widget = self.stack.currentWidget()
        if widget is self.customers:
            self.customers.model.refresh()
        elif callable(refresh := getattr(widget, "refresh", None)):
            refresh()

    def _focus_search(self) -> None:
        self.show_screen("customers")
        self.customers.search_edit.setFocus()
        self.customers.search_edit.selectAll()

    def change_password(self) -> QWidget | None:
        try:
            # lazy: the dialog may be missing
            from kehu_desktop.views.shell.change_password import ChangePasswordDialog
        except ImportError:
            self.statusBar().showMessage(
                self.tr("Changing the password is not available yet."), 5000
            )
            return None
        dialog = ChangePasswordDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def choose_language(self, language: str) -> None:
        if language == i18n.stored_language():
            return
        i18n.store_language(language)
        i18n.install_language(language)
        self.languageChosen.emit(language)

    def sign_out(self) -> None:
        self.signedOut.emit()

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Kehu"),
            self.tr(
                "<h3>Kehu customer management %1</h3>"
                "<p>Customer files, selection, credit and dispatch for branch offices, "
                "following the ten steps of customer management.</p>"
                "<p>Python %2, Qt for Python %3. Chinese text uses the WenQuanYi Micro Hei "
                "font (Apache-2.0).</p>"
            )
            .replace("%1", __version__)
            .replace("%2", platform.python_version())
            .replace("%3", pyside_version),
        )

    # --- window state --------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        """Where the user left the window, else a size that fits this screen; either way
        the whole window (status bar included) is on the screen."""
        settings = i18n.app_settings()
        geometry = settings.value(GEOMETRY_KEY)
        # Qt brings a restored window back onto the screen it finds, shrunk to fit if need be.
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self._first_geometry()
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.toolbar.show()  # whatever an older state said

    def _available(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry()

    def _first_geometry(self) -> None:
        available = self._available()
        room = QSize(
            available.width() - FRAME_ALLOWANCE.width(),
            available.height() - FRAME_ALLOWANCE.height(),
        )
        if room.width() >= DEFAULT_SIZE.width() and room.height() >= DEFAULT_SIZE.height():
            self.resize(DEFAULT_SIZE)
            frame = self.frameGeometry()
            frame.moveCenter(available.center())
            self.move(frame.topLeft())
            return
        # A small screen (1366 × 768): all of it; the lists need every pixel of width.
        self.resize(room.expandedTo(self.minimumSize()))
        self.move(available.topLeft())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        settings = i18n.app_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        self.sync_runner.stop()
        self.backup_scheduler.stop()
        super().closeEvent(event)
        self.closed.emit()
