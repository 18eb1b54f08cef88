"""The sign-in dialog: user name, password, and the UI language (switched on the spot)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from kehu_desktop import __version__
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.errors import ERROR_STYLE
from kehu_desktop.views.kit.errors import show_error
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.worker import DbWorker

if TYPE_CHECKING:  # not at run time: the sign-in shows before SQLAlchemy is imported (app.py)
    from kehu_desktop.db import Database
    from kehu_desktop.services.base import Actor

#: (user name, role, password) as services.demo.demo_credentials() gives them
DemoCredentials = Sequence[tuple[str, str, str]]
DEMO_COLUMNS = 2
NOTICE_STYLE = "background: #e8f0fe; border: 1px solid #aecbfa; border-radius: 4px; padding: 8px;"


def _sign_in(db: Database, username: str, password: str) -> Actor:
    """services.admin.auth.sign_in, imported on the worker that runs it."""
    from kehu_desktop.services.admin import auth  # lazy: see the imports

    return auth.sign_in(db, username, password)


def _sign_in_changing_password(db: Database, username: str, old: str, new: str) -> Actor:
    from kehu_desktop.services.admin import auth  # lazy: see the imports

    return auth.sign_in_changing_password(db, username, old, new)


class SignInDialog(QDialog):
    """Accepted once the password is right; ``actor`` is then the signed-in user.

    When an administrator has reset the password, the service refuses the sign-in until a new
    one is chosen (``auth.PasswordChangeRequired``): the dialog then asks for the new password
    twice and signs in with ``auth.sign_in_changing_password``. ``notice`` is shown above the
    form, e.g. why the previous session ended.

    Shown while the program opens its database (``db`` None), the form can be filled in and
    a press of the button is kept until :meth:`set_database`, which also brings what the
    database says (the demo's users, a notice, head office), carries it out."""

    signedIn = Signal(object)  # services.context.Actor
    languageChanged = Signal(str)
    #: the database is open: the button signs in (at once when the dialog was made with one)
    ready = Signal()

    def __init__(
        self,
        db: Database | None,
        worker: DbWorker,
        *,
        demo_users: DemoCredentials = (),
        notice: str = "",
        head_office: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._head_office = head_office
        self._db = db
        self._worker = worker
        self._demo_users = list(demo_users)
        self.actor: Actor | None = None
        self.setMinimumWidth(420)

        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.username_edit = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.language_combo = QComboBox(self)
        for code, name in i18n.LANGUAGES.items():
            self.language_combo.addItem(name, code)
        current = self.language_combo.findData(i18n.stored_language())
        self.language_combo.setCurrentIndex(max(current, 0))
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.notice_label = QLabel(notice, self)
        self.notice_label.setObjectName("notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(NOTICE_STYLE)
        self.notice_label.setVisible(bool(notice))
        # The forced password change: hidden until the service asks for it.
        self.changing_password = False
        self.new_password_edit = QLineEdit(self)
        self.new_password_edit.setObjectName("new_password")
        self.new_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_password_edit = QLineEdit(self)
        self.repeat_password_edit.setObjectName("repeat_password")
        self.repeat_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.demo_label = QLabel(self)
        self.demo_label.setWordWrap(True)
        self.demo_label.setTextFormat(Qt.TextFormat.RichText)
        self.demo_label.setStyleSheet(
            "background: #fff8e1; border: 1px solid #ffe082; border-radius: 4px; padding: 8px;"
        )
        self.demo_label.setVisible(bool(self._demo_users))
        if self._demo_users:
            self.setMinimumWidth(520)
        self.demo_label.linkActivated.connect(self.fill_demo_user)

        self.form = QFormLayout()
        self.username_label = QLabel(self)
        self.password_label = QLabel(self)
        self.language_label = QLabel(self)
        self.form.addRow(self.username_label, self.username_edit)
        self.form.addRow(self.password_label, self.password_edit)
        self.new_password_label = QLabel(self)
        self.repeat_password_label = QLabel(self)
        self.form.addRow(self.new_password_label, self.new_password_edit)
        self.form.addRow(self.repeat_password_label, self.repeat_password_edit)
        self.form.addRow(self.language_label, self.language_combo)
        self._show_new_password_rows(False)
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.setDefault(True)
        self.quit_button = QPushButton(self)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        # Which program this is, before anyone signs in (a support call starts here).
        self.version_label = QLabel(self)
        self.version_label.setObjectName("version")
        self.version_label.setStyleSheet("color: #666;")
        self.version_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        vbox(
            self.title_label,
            self.notice_label,
            self.form,
            self.error_label,
            self.demo_label,
            self.buttons,
            self.version_label,
            parent=self,
        )

        self.sign_in_button.clicked.connect(self.sign_in)
        self.quit_button.clicked.connect(self.reject)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self._retranslate()
        self.username_edit.setFocus()
        # Pressed before the database is open (a quick typist): kept, carried out when it is.
        self._sign_in_pending = False

    @property
    def waiting(self) -> bool:
        """Shown before the database was open, and still without it."""
        return self._db is None

    def set_database(
        self,
        db: Database,
        *,
        demo_users: DemoCredentials = (),
        notice: str = "",
        head_office: bool = False,
    ) -> None:
        """The database is open: what it says shows and the button signs in."""
        self._db = db
        self._head_office = head_office
        self._demo_users = list(demo_users)
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))
        self.demo_label.setVisible(bool(self._demo_users))
        if self._demo_users:
            self.setMinimumWidth(520)
        self._retranslate()
        self._fit_notice()
        self.sign_in_button.setEnabled(True)
        self.ready.emit()
        if self._sign_in_pending:
            self._sign_in_pending = False
            self.sign_in()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_notice()

    def _fit_notice(self) -> None:
        """A long notice (after an upgrade: a path and a list) gets the height its wrapped lines
        need: a top-level dialog does not ask a word-wrapped label for its height at a width."""
        label = self.notice_label
        if not label.isVisible() or label.width() <= 0:
            return
        label.setMinimumHeight(label.heightForWidth(label.width()) + 8)
        self.adjustSize()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in"))
        self.title_label.setText(
            self.tr("Kehu customer management — head office")
            if self._head_office
            else self.tr("Kehu customer management")
        )
        self.username_label.setText(self.tr("User name"))
        self.password_label.setText(self.tr("Password"))
        self.language_label.setText(self.tr("Language"))
        self.new_password_label.setText(self.tr("New password"))
        self.repeat_password_label.setText(self.tr("New password again"))
        self.sign_in_button.setText(
            self.tr("Change password and sign in") if self.changing_password else self.tr("Sign in")
        )
        self.quit_button.setText(self.tr("Quit"))
        self.version_label.setText(self.tr("Version %1").replace("%1", __version__))
        self.demo_label.setText(self._demo_text())

    def _demo_text(self) -> str:
        if not self._demo_users:
            return ""
        passwords = {password for _u, _r, password in self._demo_users}
        # "%1 (%2)" is translated too: Chinese uses full-width brackets.
        cells = [
            self.tr("%1 (%2)")
            .replace("%2", html.escape(i18n.role_label(role)))
            .replace("%1", f'<a href="{html.escape(name)}">{html.escape(name)}</a>')
            for name, role, _p in self._demo_users
        ]
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td nowrap style='padding: 1px 12px 1px 0'>{c}</td>"
                for c in cells[i : i + DEMO_COLUMNS]
            )
            + "</tr>"
            for i in range(0, len(cells), DEMO_COLUMNS)
        )
        text = self.tr("This is the demo branch. Click a user to fill in the form:")
        text = f"{text}<table>{rows}</table>"
        if len(passwords) == 1:
            hint = self.tr("Every demo user's password is %1.").replace(
                "%1", f"<b>{html.escape(passwords.pop())}</b>"
            )
            text += hint
        return text

    @property
    def demo_users(self) -> DemoCredentials:
        return tuple(self._demo_users)

    def fill_demo_user(self, username: str) -> None:
        """A click on a demo user's name: the form gets the name and the password."""
        for name, _role, password in self._demo_users:
            if name == username:
                self.username_edit.setText(name)
                self.password_edit.setText(password)
                self.sign_in_button.setFocus()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _language_chosen(self) -> None:
        language = str(self.language_combo.currentData())
        i18n.store_language(language)
        i18n.install_language(language)  # Qt sends LanguageChange: the texts follow
        self.error_label.hide()
        self.languageChanged.emit(language)

    def sign_in(self) -> None:
        username = self.username_edit.text().strip()
        if not username:
            self._show_problem(self.tr("Please enter your user name."))
            self.username_edit.setFocus()
            return
        if self._db is None:  # before the database is open: done once it is
            self._sign_in_pending = True
            self.sign_in_button.setEnabled(False)
            self.sign_in_button.setText(self.tr("Opening…"))
            return
        if self.changing_password:
            self._sign_in_changing_password(username)
            return
        self.sign_in_button.setEnabled(False)
        self._worker.submit(
            _sign_in,
            self._db,
            username,
            self.password_edit.text(),
            on_done=weak_callback(self._signed_in),
            on_error=weak_callback(self._refused),
        )

    def _sign_in_changing_password(self, username: str) -> None:
        new = self.new_password_edit.text()
        if not new:
            self._show_problem(self.tr("Enter a new password."))
            self.new_password_edit.setFocus()
            return
        if new != self.repeat_password_edit.text():
            self._show_problem(self.tr("The two new passwords are not the same."))
            self.repeat_password_edit.selectAll()
            self.repeat_password_edit.setFocus()
            return
        self.sign_in_button.setEnabled(False)
        self._worker.submit(
            _sign_in_changing_password,
            self._db,
            username,
            self.password_edit.text(),
            new,
            on_done=weak_callback(self._signed_in),
            on_error=weak_callback(self._refused),
        )

    def _signed_in(self, actor: Actor) -> None:
        self.sign_in_button.setEnabled(True)
        self.actor = actor
        self.signedIn.emit(actor)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        from kehu_desktop.services.admin import auth  # imported by the sign-in's task by now

        self.sign_in_button.setEnabled(True)
        if not isinstance(exc, KehuError):
            show_error(self, exc, self.tr("Sign in"))
            return
        if isinstance(exc, auth.PasswordChangeRequired):
            self._ask_for_new_password(exc.message)
            return
        self._show_problem(exc.message)
        if isinstance(exc, ValidationFailed):  # the new password: keep the current one typed
            self.new_password_edit.selectAll()
            self.new_password_edit.setFocus()
            return
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _ask_for_new_password(self, message: str) -> None:
        """The password was right but must be changed first: same dialog, two more fields."""
        self.changing_password = True
        self.username_edit.setEnabled(False)
        self.password_edit.setEnabled(False)
        self._show_new_password_rows(True)
        self.notice_label.setText(message)
        self.notice_label.show()
        self._fit_notice()
        self.error_label.hide()
        self._retranslate()
        self.new_password_edit.setFocus()

    def _show_new_password_rows(self, visible: bool) -> None:
        for widget in (
            self.new_password_label,
            self.new_password_edit,
            self.repeat_password_label,
            self.repeat_password_edit,
        ):
            widget.setVisible(visible)

    def _show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
