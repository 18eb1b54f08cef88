"""The start-up probe: when ``KEHU_STARTUP_PROBE`` names a file, the real program records when
its windows first paint, signs in as a demo user through the sign-in dialog's own button, and
quits once the main window has painted. bench/startup.py runs it; nothing else sets the variable.

The moments are ``time.perf_counter()`` readings (CLOCK_MONOTONIC on Linux, the performance
counter on Windows: one clock for every process of the machine, so the parent that started this
process can subtract the moment it called Popen) with the CPU time this process had used so far
(``time.process_time()``). The file is rewritten, whole, at every moment: a run that stops half
way still tells how far it got.

The probe presses the button when the program is ready and idle (its moments ``sign_in_ready``
and ``idle``), as after a person has typed a password; the bench prints when that was.
``KEHU_STARTUP_PROBE_USER`` picks the demo user (default ``cashier``); the password is the one
the sign-in dialog lists for that user, filled in by the same handler as a click on the user's name.

"First painted" is the first ``Paint`` event the window itself receives: by then it is built,
polished and laid out, and Qt paints its children in the same pass.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kehu_desktop.views.kit.worker import DbWorker
    from kehu_desktop.views.shell.sign_in import SignInDialog

PROBE_VARIABLE = "KEHU_STARTUP_PROBE"
USER_VARIABLE = "KEHU_STARTUP_PROBE_USER"
DEFAULT_USER = "cashier"

#: The moments, in the order they happen.
MAIN_ENTERED = "main_entered"  # kehu_desktop.views.shell.app.main() called: the imports are done
SIGN_IN_PAINTED = "sign_in_painted"
SIGN_IN_READY = "sign_in_ready"  # the database open, the demo's users listed: the button works
IDLE = "idle"  # the worker has nothing left to do (app.warm_up done)
SIGN_IN_SUBMITTED = "sign_in_submitted"  # just before the sign-in button is clicked
SIGNED_IN = "signed_in"  # the password was verified: the dialog accepted
MAIN_PAINTED = "main_painted"


def probe_from_environment() -> StartupProbe | None:
    path = os.environ.get(PROBE_VARIABLE)
    if not path:
        return None
    return StartupProbe(Path(path), os.environ.get(USER_VARIABLE) or DEFAULT_USER)


class StartupProbe(QObject):
    """Watches the windows :class:`~kehu_desktop.views.shell.app.AppController` shows (it calls
    :meth:`watch`); an event filter on each window only, so no other event pays for it."""

    def __init__(self, path: Path, username: str) -> None:
        super().__init__()
        self.path = path
        self.username = username
        self.marks: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.error: str | None = None
        self._watched: dict[QWidget, str] = {}
        #: the program's DB worker (set by app.main): the probe signs in when it is idle
        self.worker: DbWorker | None = None

    def mark(self, name: str) -> None:
        if name in self.marks:
            return
        self.marks[name] = time.perf_counter()
        self.cpu[name] = time.process_time()
        self._write()

    def fail(self, text: str) -> None:
        self.error = text
        self._write()
        QCoreApplication.exit(3)

    def _write(self) -> None:
        report = {
            "clock": "perf_counter",
            "pid": os.getpid(),
            "user": self.username,
            "marks": self.marks,
            "cpu": self.cpu,
            "error": self.error,
        }
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(report), encoding="utf-8")
        temporary.replace(self.path)  # the reader never sees half a file

    def watch(self, window: QWidget, kind: str) -> None:
        """``kind`` is "sign_in" or "main"; other windows (first run, notices) are not timed."""
        if kind not in ("sign_in", "main"):
            return
        self._watched[window] = kind
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            kind = self._watched.pop(watched, None)
            if kind is not None:
                watched.removeEventFilter(self)
                if kind == "sign_in":
                    self.mark(SIGN_IN_PAINTED)
                    # After this frame: the click is the next thing the event loop does.
                    QTimer.singleShot(0, lambda w=watched: self._sign_in(w))
                else:
                    self.mark(MAIN_PAINTED)
                    QTimer.singleShot(0, watched.close)  # closing the main window quits
        return False

    def _sign_in(self, dialog: QWidget) -> None:
        """Press the sign-in button once the program is ready for it: the database open (the
        dialog's own ``ready``) and the worker idle (the main window's code loaded ahead,
        app.warm_up), as when a person has typed a password. The table shows that moment."""
        from kehu_desktop.views.shell.sign_in import SignInDialog  # imported by then anyway

        if not isinstance(dialog, SignInDialog):
            self.fail(f"not the sign-in dialog: {type(dialog).__name__}")
            return
        if dialog.waiting:
            dialog.ready.connect(lambda: QTimer.singleShot(0, lambda: self._sign_in(dialog)))
            return
        self.mark(SIGN_IN_READY)
        worker = self.worker
        if worker is not None and worker.busy:
            worker.busyChanged.connect(lambda busy: None if busy else self._press(dialog))
            return
        self._press(dialog)

    def _press(self, dialog: SignInDialog) -> None:
        if SIGN_IN_SUBMITTED in self.marks:
            return
        self.mark(IDLE)
        if self.username not in {name for name, _role, _password in dialog.demo_users}:
            self.fail(f"{self.username!r} is not a demo user of this database")
            return
        dialog.fill_demo_user(self.username)  # what a click on the user's name does
        dialog.signedIn.connect(lambda _actor: self.mark(SIGNED_IN))
        self.mark(SIGN_IN_SUBMITTED)
        dialog.sign_in_button.click()
