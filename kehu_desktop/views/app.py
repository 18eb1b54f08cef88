"""Entry point of the ``kehu-desktop`` program: font, language, database, first run, sign-in,
main window.

The flow is driven by :class:`AppController` with non-blocking dialogs, so sign-out and a
language switch simply go round again without nested event loops.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kehu_desktop import __version__
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.services import auth, setup
from kehu_desktop.services.context import Actor
from kehu_desktop.views import i18n
from kehu_desktop.views.context import AppContext
from kehu_desktop.views.errors import show_error, unexpected_text, weak_callback
from kehu_desktop.views.first_run import FirstRunDialog, demo_available
from kehu_desktop.views.main_window import MainWindow
from kehu_desktop.views.sign_in import DemoCredentials, SignInDialog
from kehu_desktop.views.worker import DbWorker

log = logging.getLogger(__name__)
_guarded = False


def guard_emit_refcount_bug() -> bool:
    """Work around PySide6 6.12.0 on CPython 3.11: ``SignalInstance.emit()`` returns ``True``
    without taking a reference, so every emit from Python drops one reference to ``True`` and
    after a few hundred emits the interpreter aborts ("bool_dealloc: deallocating True").
    CPython 3.12 made ``True`` immortal; this gives it an enormous reference count once, to the
    same effect. It probes first and does nothing on a binding without the bug.
    Returns whether the guard is in place."""
    global _guarded
    if _guarded or sys.version_info >= (3, 12):
        return _guarded
    import ctypes

    from PySide6.QtCore import Signal

    class _Probe(QObject):
        probed = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.probed.emit()
    if sys.getrefcount(True) >= before:
        return False
    # ob_refcnt is the first field of every object in a release build of CPython.
    ctypes.c_ssize_t.from_address(id(True)).value += 1 << 40
    _guarded = True
    return True


def _needs_new_password(db: Database, actor: Actor) -> bool:
    """Whether the user must change the password now (after an administrator's reset).

    Runs on the DB worker.
    """
    return auth.must_change_password(db, actor)


def _demo_credentials(db: Database) -> DemoCredentials:
    """The demo users to list at sign-in: only when the database itself says it is the
    finished demo branch (services.setup.is_demo_branch), never for a real branch."""
    if not demo_available() or not setup.is_demo_branch(db):
        return []
    from kehu_desktop.services import demo

    return [(name, str(role), password) for name, role, password in demo.demo_credentials()]


def _discard_unfinished_demo(db: Database) -> None:
    """A demo build killed half-way (the program was ended, the PC switched off) left a
    database that is neither empty nor a demo: empty it, so the first run is offered again."""
    if demo_available() and setup.demo_state(db) == setup.DEMO_BUILDING:
        from kehu_desktop.services import demo

        demo.discard_unfinished_demo(db)


class AppController(QObject):
    """First run → sign-in → (password change) → main window; sign-out goes back to sign-in."""

    def __init__(self, db: Database, worker: DbWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = worker
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None
        self.ctx: AppContext | None = None
        self._replacing = False
        self._demo_users: DemoCredentials = []

    def start(self, *, set_up: bool | None = None, demo_on_first_run: bool = False) -> None:
        """Before any window shows, so the quick reads here may run on the GUI thread.

        ``demo_on_first_run`` (the README's run command) opens the demo branch straight away on
        an empty database, with the first-run dialog showing its progress.
        """
        if set_up is None:
            _discard_unfinished_demo(self.db)
            set_up = setup.is_set_up(self.db)
        if not set_up:
            dialog = self.show_first_run()
            if demo_on_first_run and demo_available():
                dialog.create_demo()
            return
        self._demo_users = _demo_credentials(self.db)
        self.show_sign_in()

    def show_first_run(self) -> FirstRunDialog:
        dialog = FirstRunDialog(self.db, self.worker)
        dialog.accepted.connect(lambda: self._first_run_done(dialog))
        dialog.rejected.connect(self.quit)
        self._show_dialog(dialog)
        return dialog

    def _first_run_done(self, _dialog: FirstRunDialog) -> None:
        self.worker.submit(
            _demo_credentials,
            self.db,
            on_done=weak_callback(self._demo_users_read),
            on_error=weak_callback(self._demo_users_unread),
        )

    def _demo_users_read(self, users: DemoCredentials) -> None:
        self._demo_users = users
        self.show_sign_in()

    def _demo_users_unread(self, exc: Exception) -> None:
        log.error("cannot tell whether this is the demo branch", exc_info=exc)
        self._demo_users = []
        self.show_sign_in()

    def show_sign_in(self) -> SignInDialog:
        dialog = SignInDialog(self.db, self.worker, demo_users=self._demo_users)
        dialog.accepted.connect(lambda: self._signed_in(dialog.actor))
        dialog.rejected.connect(self.quit)
        self._show_dialog(dialog)
        return dialog

    def _show_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _signed_in(self, actor: Actor | None) -> None:
        if actor is None:
            return
        self.ctx = AppContext(self.db, actor, self.worker)
        self.worker.submit(
            _needs_new_password,
            self.db,
            actor,
            on_done=weak_callback(self._password_checked),
            on_error=weak_callback(self._password_check_failed),
        )

    def _password_check_failed(self, _exc: Exception) -> None:
        self.show_main()

    def _password_checked(self, must_change: bool) -> None:
        if not must_change:
            self.show_main()
            return
        try:
            from kehu_desktop.views.change_password import ChangePasswordDialog
        except ImportError:
            self.show_main()
            return
        assert self.ctx is not None
        dialog = ChangePasswordDialog(self.ctx, None)
        dialog.accepted.connect(self.show_main)
        dialog.rejected.connect(self.show_sign_in)  # no new password, no work
        self._show_dialog(dialog)

    def show_main(self) -> MainWindow:
        assert self.ctx is not None
        window = MainWindow(self.ctx)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.signedOut.connect(self.sign_out)
        window.languageChosen.connect(self.rebuild)
        window.closed.connect(self._main_closed)
        self.window = window
        window.show()
        return window

    def _replace_window(self) -> None:
        if self.window is not None:
            self._replacing = True
            try:
                self.window.close()
            finally:
                self._replacing = False
            self.window = None

    def sign_out(self) -> None:
        self._replace_window()
        self.ctx = None
        self.show_sign_in()

    def rebuild(self, _language: str = "") -> None:
        """Show the main window again in the newly installed language (same user)."""
        self._replace_window()
        self.show_main()

    def _main_closed(self) -> None:
        if not self._replacing:
            self.quit()

    def quit(self) -> None:
        QCoreApplication.quit()


def _open_database(url: str | None) -> Database | None:
    """Open and migrate; on a problem tell the user why and return None."""
    try:
        db = setup.open_database(url)
        setup.is_set_up(db)  # the first real read: surfaces a locked or unreadable file now
        return db
    except KehuError as exc:
        text = exc.message
    except Exception as exc:  # noqa: BLE001 - any failure here must reach the user
        log.exception("cannot open the database")
        text = unexpected_text(exc)  # in the user's words; the details are in the log
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("KehuApp", "Kehu"),
        QCoreApplication.translate("KehuApp", "The database cannot be opened."),
    )
    box.setInformativeText(text)
    box.exec()
    return None


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("unhandled error", exc_info=(kind, exc, tb))
    if QApplication.instance() is not None and isinstance(exc, Exception):
        show_error(QApplication.activeWindow(), exc)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="kehu-desktop")
    parser.add_argument("--database", help="database URL (default: the configured one)")
    parser.add_argument(
        "--language", choices=sorted(i18n.LANGUAGES), help="user-interface language (remembered)"
    )
    parser.add_argument(
        "--demo-on-first-run",
        action="store_true",
        help="on an empty database, open the demo branch without asking",
    )
    options, qt_args = parser.parse_known_args(args[1:])
    logging.basicConfig(level=logging.WARNING)
    guard_emit_refcount_bug()

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([args[0] if args else "kehu-desktop", *qt_args])
    )
    app.setOrganizationName(i18n.ORGANIZATION)
    app.setApplicationName(i18n.APPLICATION)
    app.setApplicationVersion(__version__)
    # Dialogs come and go before the main window exists; the controller decides when to quit.
    app.setQuitOnLastWindowClosed(False)
    i18n.install_font(app)
    if options.language:
        i18n.store_language(options.language)
    i18n.install_language(i18n.stored_language())
    sys.excepthook = _excepthook

    db = _open_database(options.database)
    if db is None:
        return 2
    worker = DbWorker()
    controller = AppController(db, worker)
    controller.start(demo_on_first_run=options.demo_on_first_run)
    try:
        return int(app.exec())
    finally:
        worker.shutdown()
        db.dispose()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
