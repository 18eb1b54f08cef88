"""Entry point of the ``kehu-desktop`` program: font, language, database, first run, sign-in,
main window.

The flow is driven by :class:`AppController` with non-blocking dialogs, so sign-out and a
language switch simply go round again without nested event loops.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QWidget

from kehu_desktop import __version__
from kehu_desktop import config
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.logs import LEVELS
from kehu_desktop.logs import configure_logging
from kehu_desktop.resources import icon_path
from kehu_desktop.views.kit import i18n
from kehu_desktop.views.kit.errors import show_error
from kehu_desktop.views.kit.errors import unexpected_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.shell.session import IdleWatch
from kehu_desktop.views.shell.sign_in import DemoCredentials
from kehu_desktop.views.shell.sign_in import SignInDialog

# What the sign-in needs is imported above: Qt and the views' kit, no SQLAlchemy. The database,
# the services and the main window are imported on the DB worker while the sign-in shows
# (AppController.open, warm_up): a cashier sees the sign-in in about half the time.
if TYPE_CHECKING:
    from kehu_desktop.db import Database
    from kehu_desktop.services.base import Actor
    from kehu_desktop.views.kit.context import AppContext
    from kehu_desktop.views.shell.first_run import FirstRunDialog
    from kehu_desktop.views.shell.main_window import MainWindow
    from kehu_desktop.views.shell.probe import StartupProbe

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
    import ctypes  # lazy: Windows with Python < 3.12 only

    from PySide6.QtCore import Signal  # lazy: as above

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


def demo_available() -> bool:
    """Whether the demo is in this install (views.shell.first_run says so; imported here only
    when asked, on the DB worker at start-up)."""
    from kehu_desktop.views.shell import first_run  # lazy: see the imports

    return first_run.demo_available()


def _demo_credentials(db: Database) -> DemoCredentials:
    """The demo users to list at sign-in: only when the database itself says it is the
    finished demo branch (services.setup.is_demo_branch), never for a real branch."""
    from kehu_desktop.services.admin import setup  # lazy: see the imports

    if not demo_available() or not setup.is_demo_branch(db):
        return []
    from kehu_desktop import demo  # lazy: the demo may be left out of an install

    return [(name, str(role), password) for name, role, password in demo.demo_credentials()]


def _discard_unfinished_demo(db: Database) -> None:
    """A demo build killed half-way (the program was ended, the PC switched off) left a
    database that is neither empty nor a demo: empty it, so the first run is offered again."""
    from kehu_desktop.services.admin import setup  # lazy: see the imports

    if demo_available() and setup.demo_state(db) == setup.DEMO_BUILDING:
        from kehu_desktop import demo  # lazy: the demo may be left out of an install

        demo.discard_unfinished_demo(db)


@dataclass(frozen=True)
class StartFacts:
    """What the program must know of its database before it shows the first run or the
    sign-in; read by :func:`read_start` (on the DB worker when the program starts)."""

    db: Database
    head_office: bool
    set_up: bool
    demo_users: DemoCredentials
    head_revision: str
    upgrade_notes: Sequence[str]  # what an upgrade at this opening brought (else empty)


def read_start(db: Database, *, set_up: bool | None = None) -> StartFacts:
    """The start's reads (any thread). ``set_up`` given: not read again (a caller that knows)."""
    from kehu_desktop.services.admin import setup  # lazy: see the imports

    head_office = setup.is_head_office(db)
    if not head_office and set_up is None:
        _discard_unfinished_demo(db)
    if set_up is None:
        set_up = setup.is_set_up(db)
    demo_users = _demo_credentials(db) if set_up and not head_office else []
    notes = setup.upgrade_notes(db) if db.upgraded_from is not None else []
    return StartFacts(db, head_office, set_up, demo_users, setup.head_revision(), notes)


def open_database(url: str | None) -> StartFacts:
    """On the DB worker at start-up: open and migrate the database, then :func:`read_start`.
    The first read surfaces a locked or unreadable file here, where the user is told."""
    from kehu_desktop.services.admin import setup  # lazy: see the imports

    db = setup.open_database(url)
    try:
        return read_start(db)
    except BaseException:
        db.dispose()
        raise


def warm_up() -> None:
    """On the DB worker while the sign-in waits for the password: import the main window and
    its first screens, so that signing in builds them without first loading their code (the
    imports are most of what the main window costs). The worker runs one task at a time, so the
    sign-in that follows finds these modules whole; a sign-in pressed sooner waits for them."""
    import importlib  # lazy: the worker's only use of it

    importlib.import_module("kehu_desktop.views.shell.main_window")
    importlib.import_module("kehu_desktop.views.kit.context")
    importlib.import_module("kehu_desktop.views.my_work").WorkView  # noqa: B018 - a lazy face
    importlib.import_module("kehu_desktop.views.customers").CustomerListView  # noqa: B018
    importlib.import_module("kehu_desktop.services.my_work").my_work  # noqa: B018


def _is_new_database(url: str | None) -> bool:
    """Whether the database surely does not exist yet (a SQLite file not made): the first run
    then shows once it is created, instead of a sign-in that the first run at once replaces.
    Any other database is found out by opening it (:meth:`AppController.open`)."""
    url = url or config.database_url()
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return url.startswith("sqlite:")  # sqlite:// is a database in memory: always new
    path = url[len(prefix) :].split("?", 1)[0]
    return not path or path == ":memory:" or not Path(path).exists()


class AppController(QObject):
    """First run → sign-in (with the forced password change) → main window; sign-out goes back
    to sign-in. The session also ends when the services withdraw the user's access (disabled,
    locked, no role left: the worker's ``accessWithdrawn``) and after ``auth.idle_minutes``
    without input; the sign-in then says why.

    The program calls :meth:`open`: the sign-in shows at once and the database is opened on the
    worker meanwhile. Tests that hold an open database call :meth:`start`."""

    def __init__(
        self, db: Database | None, worker: DbWorker, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = worker
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None
        self.ctx: AppContext | None = None
        self.idle_watch: IdleWatch | None = None
        self._replacing = False
        self._head_office = False
        self._demo_users: DemoCredentials = []
        self._facts: StartFacts | None = None
        self._demo_on_first_run = False
        #: the database :meth:`open` opened (set on the worker, before ``db``)
        self.opened_db: Database | None = None
        #: bench/startup.py's probe (views/shell/probe.py), None in normal use.
        self.probe: StartupProbe | None = None
        worker.accessWithdrawn.connect(self._access_withdrawn)

    def open(self, url: str | None, *, demo_on_first_run: bool = False) -> None:
        """The program's start: the sign-in shows now, its button waiting for the database,
        which the worker opens (imports, migration check, the reads of :func:`read_start`);
        then as :meth:`start`. A database that cannot be opened is told and the program exits
        with status 2."""
        if not _is_new_database(url):
            self.show_sign_in()
        self._demo_on_first_run = demo_on_first_run
        self.worker.submit(
            self._open_on_worker,
            url,
            on_done=weak_callback(self._opened),
            on_error=weak_callback(self._not_opened),
        )

    def _open_on_worker(self, url: str | None) -> StartFacts:
        facts = open_database(url)
        self.opened_db = facts.db  # for main() to close, also if it quits before hearing
        return facts

    def _opened(self, facts: StartFacts) -> None:
        self.db = facts.db
        self._begin(facts, self._demo_on_first_run)
        if facts.set_up:
            self.worker.submit(warm_up, on_error=log_warm_up_failure)

    def _not_opened(self, exc: Exception) -> None:
        self._close_dialog()
        tell_cannot_open(exc)
        QCoreApplication.exit(2)

    def start(self, *, set_up: bool | None = None, demo_on_first_run: bool = False) -> None:
        """On an open database, before any window shows: the reads run on the GUI thread.

        ``demo_on_first_run`` (the README's run command) opens the demo branch straight away on
        an empty database, with the first-run dialog showing its progress.
        """
        assert self.db is not None
        self._begin(read_start(self.db, set_up=set_up), demo_on_first_run)

    def _begin(self, facts: StartFacts, demo_on_first_run: bool) -> None:
        self._facts = facts
        self._head_office = facts.head_office
        if facts.head_office:
            # Head office's database: no first run and no demo; its users come from
            # `kehu-hq user add` (an empty one says so at the sign-in).
            notice = ""
            if not facts.set_up:
                notice = self.tr(
                    "This is head office's database and it has no users yet. Add them on the "
                    "server with: kehu-hq user add NAME --role ROLE"
                )
            self._sign_in_ready(notice)
            return
        if not facts.set_up:
            waiting = self.dialog  # the sign-in shown while the database opened, if any
            dialog = self.show_first_run()
            if waiting is not None:
                waiting.close()  # not the current dialog any more: the program goes on
            if demo_on_first_run and demo_available():
                dialog.create_demo()
            return
        self._demo_users = facts.demo_users
        self._sign_in_ready()

    def _sign_in_ready(self, notice: str = "") -> None:
        """The sign-in shown while the database opened gets it (and what it says); else one is
        shown now."""
        dialog = self.dialog
        if isinstance(dialog, SignInDialog) and dialog.waiting:
            assert self.db is not None
            dialog.set_database(
                self.db,
                demo_users=self._demo_users,
                notice=self._notice(notice),
                head_office=self._head_office,
            )
        else:
            self.show_sign_in(notice)

    def show_first_run(self) -> FirstRunDialog:
        from kehu_desktop.views.shell.first_run import FirstRunDialog  # lazy: once an install

        assert self.db is not None
        dialog = FirstRunDialog(self.db, self.worker)
        dialog.accepted.connect(lambda: self._first_run_done(dialog))
        dialog.rejected.connect(lambda: self._dialog_rejected(dialog))
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

    def upgrade_notice(self) -> str:
        """After an upgrade of the database at this start: from which revision, where the copy
        taken before is, and what is new (empty when nothing was upgraded)."""
        facts = self._facts
        if self.db is None or self.db.upgraded_from is None or facts is None:
            return ""
        text = self.tr("The program was updated: the database went from version %1 to %2.")
        text = text.replace("%1", self.db.upgraded_from).replace("%2", facts.head_revision)
        if self.db.upgrade_backup is not None:
            copy = self.tr("The database as it was before is kept in %1.")
            text += copy.replace("%1", str(self.db.upgrade_backup))
        if facts.upgrade_notes:
            text += "\n" + self.tr("New:") + "\n" + "\n".join(f"• {n}" for n in facts.upgrade_notes)
        return text

    def _notice(self, notice: str) -> str:
        return "\n\n".join(n for n in (notice, self.upgrade_notice()) if n)

    def show_sign_in(self, notice: str = "") -> SignInDialog:
        """A new sign-in; before the database is open (``self.db`` None) its button waits."""
        dialog = SignInDialog(
            self.db,
            self.worker,
            demo_users=self._demo_users,
            notice=self._notice(notice),
            head_office=self._head_office,
        )
        dialog.accepted.connect(lambda: self._signed_in(dialog.actor))
        dialog.rejected.connect(lambda: self._dialog_rejected(dialog))
        if self.probe is not None:
            self.probe.watch(dialog, "sign_in")
        self._show_dialog(dialog)
        return dialog

    def _dialog_rejected(self, dialog: QWidget) -> None:
        if dialog is self.dialog:  # not one this controller replaced
            self.quit()

    def _close_dialog(self) -> None:
        """Close the dialog shown without quitting (the start replaces it)."""
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.close()

    def _show_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _signed_in(self, actor: Actor | None) -> None:
        if actor is None:
            return
        from kehu_desktop.services.admin import settings  # lazy: see the imports
        from kehu_desktop.views.kit.context import AppContext

        assert self.db is not None
        self.ctx = AppContext(self.db, actor, self.worker, head_office=self._head_office)
        self.worker.submit(
            settings.idle_minutes,
            self.db,
            on_done=weak_callback(self._start_session),
            on_error=weak_callback(self._idle_minutes_unread),
        )

    def _idle_minutes_unread(self, exc: Exception) -> None:
        from kehu_desktop.services.admin import settings  # lazy: see the imports

        log.error("cannot read auth.idle_minutes; signing out after the default", exc_info=exc)
        self._start_session(float(settings.RULES["auth.idle_minutes"].default))

    def _start_session(self, idle_minutes: float) -> None:
        if self.ctx is None:
            return
        self._stop_idle_watch()
        self.idle_watch = IdleWatch(idle_minutes, self.worker, self)
        self.idle_watch.idle.connect(self._idle)
        self.show_main()

    def _stop_idle_watch(self) -> None:
        if self.idle_watch is not None:
            self.idle_watch.stop()
            self.idle_watch.deleteLater()
            self.idle_watch = None

    def _idle(self) -> None:
        minutes = self.idle_watch.minutes if self.idle_watch is not None else 0
        shown = f"{minutes:g}"
        self.sign_out(
            self.tr("Nobody used the program for %1 minutes: you were signed out.").replace(
                "%1", shown
            )
        )

    def _access_withdrawn(self, exc: Exception) -> None:
        if self.ctx is None:  # already signed out (several tasks may have been refused)
            return
        text = exc.message if isinstance(exc, KehuError) else str(exc)
        self.sign_out(self.tr("You were signed out: %1").replace("%1", text))

    def show_main(self) -> MainWindow:
        # lazy: imported on the worker while the sign-in showed (warm_up), else now
        from kehu_desktop.views.shell.main_window import MainWindow

        assert self.ctx is not None
        window = MainWindow(self.ctx)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.signedOut.connect(self.sign_out)
        window.restoredFromBackup.connect(self.sign_out)
        window.languageChosen.connect(self.rebuild)
        window.closed.connect(self._main_closed)
        self.window = window
        if self.probe is not None:
            self.probe.watch(window, "main")
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

    def sign_out(self, notice: str = "") -> None:
        """Back to the sign-in; ``notice`` says why when the user did not ask for it."""
        self._stop_idle_watch()
        self.ctx = None
        self._replace_window()  # the session's dialogs are the window's children: they go too
        self.show_sign_in(notice)

    def rebuild(self, _language: str = "") -> None:
        """Show the main window again in the newly installed language (same user)."""
        self._replace_window()
        self.show_main()

    def _main_closed(self) -> None:
        if not self._replacing:
            self.quit()

    def quit(self) -> None:
        QCoreApplication.quit()


def tell_cannot_open(exc: Exception) -> None:
    """Why the database cannot be opened, in the user's words (the details go to the log)."""
    if isinstance(exc, KehuError):
        text = exc.message
    else:
        log.error("cannot open the database", exc_info=exc)
        text = unexpected_text(exc)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("KehuApp", "Kehu"),
        QCoreApplication.translate("KehuApp", "The database cannot be opened."),
    )
    box.setInformativeText(text)
    box.exec()


def log_warm_up_failure(exc: Exception) -> None:
    # Harmless: the main window imports what it needs when it is built.
    log.warning("loading the main window ahead failed", exc_info=exc)


def backup_at_exit(db: Database) -> None:
    """The backup when the program closes (services.admin.backups): the windows are gone, so
    it runs here; a failure is logged, never in the way of closing."""
    from kehu_desktop.services.admin import exit_backup  # lazy: see the imports

    try:
        exit_backup(db)
    except Exception:  # noqa: BLE001 - closing must not fail; the log says why
        log.exception("the backup at exit failed")


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("unhandled error", exc_info=(kind, exc, tb))
    if QApplication.instance() is not None and isinstance(exc, Exception):
        show_error(QApplication.activeWindow(), exc)


def _start_probe() -> StartupProbe | None:
    """bench/startup.py's probe when ``KEHU_STARTUP_PROBE`` is set (views/shell/probe.py)."""
    if not os.environ.get("KEHU_STARTUP_PROBE"):
        return None
    from kehu_desktop.views.shell.probe import MAIN_ENTERED  # lazy: the bench's only
    from kehu_desktop.views.shell.probe import probe_from_environment

    probe = probe_from_environment()
    if probe is not None:
        probe.mark(MAIN_ENTERED)
    return probe


def main(argv: Sequence[str] | None = None) -> int:
    probe = _start_probe()
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
    parser.add_argument(
        "--log-level",
        choices=LEVELS,
        type=str.upper,
        help="what the log file in the data folder keeps (default INFO, or KEHU_LOG_LEVEL)",
    )
    options, qt_args = parser.parse_known_args(args[1:])
    configure_logging(options.log_level)
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
    app.setWindowIcon(QIcon(str(icon_path())))
    # The Linux menu entry (installer/linux/kehu-desktop.desktop): docks match windows to it.
    app.setDesktopFileName("kehu-desktop")
    # Dialogs come and go before the main window exists; the controller decides when to quit.
    app.setQuitOnLastWindowClosed(False)
    i18n.install_font(app)
    if options.language:
        i18n.store_language(options.language)
    i18n.install_language(i18n.stored_language())
    sys.excepthook = _excepthook

    worker = DbWorker()
    controller = AppController(None, worker)
    controller.probe = probe
    if probe is not None:
        probe.worker = worker
    controller.open(options.database, demo_on_first_run=options.demo_on_first_run)
    try:
        return int(app.exec())
    finally:
        worker.shutdown()
        db = controller.opened_db
        if db is not None:
            backup_at_exit(db)
            db.dispose()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
