"""系统管理 → 用户: the accounts with their roles, state and last sign-in; add a user, change
roles, reset a password, lock and unlock, and the account's audit history (services.admin.auth,
``user.manage``; the history ``audit.view``).

The rules are the services': the last administrator keeps the role and cannot be locked, nobody
changes their own account here, a branch grants only the branch's roles. Their refusals appear
next to the field of the form they concern, or in the tab's banner.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.roles import OFF_BRANCH_ROLES
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import UserEvent
from kehu_desktop.dto import UserView
from kehu_desktop.services.admin import add_head_office_user
from kehu_desktop.services.admin import add_user
from kehu_desktop.services.admin import list_users
from kehu_desktop.services.admin import reset_password
from kehu_desktop.services.admin import set_active
from kehu_desktop.services.admin import set_roles
from kehu_desktop.services.admin import user_history
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.i18n import role_label
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from kehu_desktop.views.shell.audit_words import action_label
from kehu_desktop.views.shell.audit_words import change_text


def grantable_roles(head_office: bool) -> list[Role]:
    """The roles this database's administrator may give: a branch its own (business roles and
    the administrator), head office its own and the regions'."""
    if head_office:
        return [r for r in Role if r in OFF_BRANCH_ROLES or r is Role.ADMIN]
    return [r for r in Role if r not in OFF_BRANCH_ROLES]


class RoleChecks(QWidget):
    """One check box per role, in two columns."""

    def __init__(self, roles: list[Role], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roles")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[Role, QCheckBox] = {}
        for n, role in enumerate(roles):
            check = QCheckBox(role_label(role), self)
            check.setObjectName(f"role_{role.value}")
            self.checks[role] = check
            grid.addWidget(check, n // 2, n % 2)

    def chosen(self) -> list[Role]:
        return [r for r, c in self.checks.items() if c.isChecked()]

    def set_chosen(self, roles: tuple[Role, ...] | list[Role]) -> None:
        for role, check in self.checks.items():
            check.setChecked(role in roles)


class AddUserDialog(ServiceDialog):
    """新增用户: name, display name, first password (changed at the first sign-in), roles."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add a user"), parent, ok_text=self.tr("Add"))
        self.setObjectName("add_user_dialog")
        self.username = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.roles = RoleChecks(grantable_roles(ctx.head_office), self)
        self.region = QLineEdit(self)
        self.region.setPlaceholderText(self.tr("Region code, for regional roles"))
        self.set_intro(
            self.tr("The user must change the password given here at the first sign-in.")
        )
        self.add_field("username", self.tr("User name"), self.username)
        self.add_field("display_name", self.tr("Name"), self.display_name)
        self.add_field("new_password", self.tr("Password"), self.password)
        self.add_field("roles", self.tr("Roles"), self.roles)
        if ctx.head_office:
            self.add_field("region", self.tr("Region"), self.region)

    def submit(self) -> None:
        ctx = self._ctx
        name, shown = self.username.text(), self.display_name.text().strip() or None
        if ctx.head_office:
            self.run(
                add_head_office_user,
                ctx.db,
                ctx.actor,
                name,
                self.password.text(),
                self.roles.chosen(),
                region_code=self.region.text().strip() or None,
                display_name=shown,
            )
        else:
            self.run(
                add_user,
                ctx.db,
                ctx.actor,
                name,
                self.password.text(),
                self.roles.chosen(),
                display_name=shown,
                must_change_password=True,
            )


class RolesDialog(ServiceDialog):
    """修改角色 of one user."""

    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Roles of %1").replace("%1", user.username), parent)
        self.setObjectName("roles_dialog")
        self.user = user
        roles = grantable_roles(ctx.head_office)
        roles += [r for r in user.roles if r not in roles]  # given by head office: may stay
        self.roles = RoleChecks(roles, self)
        self.roles.set_chosen(user.roles)
        self.add_field("roles", self.tr("Roles"), self.roles)

    def submit(self) -> None:
        ctx = self._ctx
        self.run(set_roles, ctx.db, ctx.actor, self.user.username, self.roles.chosen())


class ResetPasswordDialog(ServiceDialog):
    """重置密码: a new password the user must change at the next sign-in (lifts a lock-out)."""

    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr("Reset the password of %1").replace("%1", user.username),
            parent,
            ok_text=self.tr("Reset"),
        )
        self.setObjectName("reset_password_dialog")
        self.user = user
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.set_intro(
            self.tr(
                "The user signs in with this password once and must then choose a new one. "
                "A lock-out after wrong passwords is lifted."
            )
        )
        self.add_field("new_password", self.tr("New password"), self.password)

    def submit(self) -> None:
        ctx = self._ctx
        self.run(reset_password, ctx.db, ctx.actor, self.user.username, self.password.text())


class UsersTab(QWidget):
    """The accounts and, below, the selected one's history."""

    COLUMNS = 5

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_tab")
        self._ctx = ctx
        self.users: list[UserView] = []
        self.may_read_history = ctx.actor.can("audit.view")
        #: Opens a form; a test takes the dialog instead of a person (see open_form).
        self.show_form: Callable[[ServiceDialog], None] = lambda dialog: dialog.open()
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(self._enable)

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("users")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("User name"),
                self.tr("Name"),
                self.tr("Roles"),
                self.tr("State"),
                self.tr("Last sign-in"),
            ]
        )
        self._table_defaults(self.table)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)

        self.add_button = push_button(self, self.tr("Add user…"), "add_user", self.add_user)
        self.roles_button = push_button(
            self, self.tr("Change roles…"), "change_roles", self.change_roles
        )
        self.reset_button = push_button(
            self, self.tr("Reset password…"), "reset_password", self.reset_password
        )
        self.lock_button = push_button(self, self.tr("Lock"), "lock", self.toggle_lock)

        self.history = QTableWidget(0, 4, self)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Action"), self.tr("By"), self.tr("Change")]
        )
        self._table_defaults(self.history)
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history_label = QLabel(self.tr("History of the selected user"), self)
        lower = QWidget(self)
        vbox(self.history_label, (self.history, 1), parent=lower, margins=0)
        lower.setVisible(self.may_read_history)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([300, 200])
        buttons = hbox(
            self.add_button, self.roles_button, self.reset_button, self.lock_button, None
        )
        vbox(self.messages, buttons, (splitter, 1), self.busy_bar, parent=self)
        self._enable()

    @staticmethod
    def _table_defaults(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    # --- reading ---------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        current = self.selected()
        chosen = select or (current.username if current else None)
        self.busy_bar.start()
        self._ctx.call(
            list_users,
            on_done=lambda users: self._read(users, chosen),
            on_error=self._failed,
        )

    def _read(self, users: list[UserView], chosen: str | None) -> None:
        self.busy_bar.finish()
        self.users = list(users)
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            cells = (
                user.username,
                user.display_name,
                "、".join(role_label(r) for r in user.roles) or self.tr("(no role)"),
                self.state_text(user),
                local_time(user.last_sign_in) or self.tr("never"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.username)
                if column == 3 and (not user.active or self._locked_out(user)):
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
            if user.username == chosen:
                self.table.selectRow(row)
        self._selected()

    @staticmethod
    def _locked_out(user: UserView) -> bool:
        return user.locked_until is not None and user.locked_until > datetime.now().astimezone()

    def state_text(self, user: UserView) -> str:
        if not user.active:
            return self.tr("Locked")
        if self._locked_out(user):
            return self.tr("Locked out until %1 (wrong passwords)").replace(
                "%1", local_time(user.locked_until, "%H:%M")
            )
        if user.must_change_password:
            return self.tr("Active; must change the password")
        return self.tr("Active")

    def selected(self) -> UserView | None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        item = self.table.item(rows.pop(), 0)
        name = item.text() if item else None
        return next((u for u in self.users if u.username == name), None)

    def select_user(self, username: str) -> None:
        for row, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(row)

    def _selected(self) -> None:
        self._enable()
        user = self.selected()
        self.history.setRowCount(0)
        if user is None or not self.may_read_history:
            return
        self._ctx.call(
            user_history,
            user.username,
            on_done=self._history_read,
            on_error=self._failed,
        )

    def _history_read(self, events: list[UserEvent]) -> None:
        events = list(reversed(events))  # newest first, as the audit viewer
        self.history.setRowCount(len(events))
        for row, event in enumerate(events):
            cells = (
                local_time(event.at, "%Y-%m-%d %H:%M:%S"),
                action_label(event.action),
                event.by,
                change_text(event.before, event.after, event.detail),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(event.action if column == 1 else text)
                self.history.setItem(row, column, item)

    def _enable(self, *_ignored: object) -> None:
        idle = not self.busy_bar.busy
        user = self.selected()
        mine = user is not None and user.id == self._ctx.actor.user_id
        self.add_button.setEnabled(idle)
        for button in (self.roles_button, self.lock_button):
            button.setEnabled(idle and user is not None and not mine)
        self.reset_button.setEnabled(idle and user is not None)
        self.lock_button.setText(
            self.tr("Unlock") if user is not None and not user.active else self.tr("Lock")
        )
        if user is not None and user.active and self._locked_out(user):
            self.lock_button.setText(self.tr("Unlock"))

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        self.messages.show_message("error", error_text(exc))

    # --- changing --------------------------------------------------------------------------

    def open_form(self, dialog: ServiceDialog, done: str) -> ServiceDialog:
        dialog.saved.connect(lambda result: self._changed(result, done))
        self.show_form(dialog)
        return dialog

    def add_user(self) -> ServiceDialog:
        return self.open_form(AddUserDialog(self._ctx, self), self.tr("User %1 added."))

    def change_roles(self) -> ServiceDialog | None:
        user = self.selected()
        if user is None:
            return None
        return self.open_form(
            RolesDialog(self._ctx, user, self), self.tr("The roles of %1 are changed.")
        )

    def reset_password(self) -> ServiceDialog | None:
        user = self.selected()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self._ctx, user, self)
        return self.open_form(
            dialog,
            self.tr("The password of %1 is reset: it must be changed at the next sign-in."),
        )

    def _changed(self, result: object, done: str) -> None:
        name = getattr(result, "username", None)
        if name is None:
            user = self.selected()
            name = user.username if user else ""
        self.messages.show_message("success", done.replace("%1", name))
        self.refresh(select=name)

    def toggle_lock(self) -> None:
        user = self.selected()
        if user is None or self.busy_bar.busy:
            return
        unlock = not user.active or self._locked_out(user)
        done = self.tr("%1 is unlocked.") if unlock else self.tr("%1 is locked.")
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(
            set_active,
            user.username,
            unlock,
            on_done=lambda view: self._locked(view, done),
            on_error=self._failed,
        )

    def _locked(self, view: UserView, done: str) -> None:
        self.busy_bar.finish()
        self._changed(view, done)
