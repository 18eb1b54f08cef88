"""Sync with head office on a timer and on demand, never on the GUI thread (issue 8 item 6;
docs/decisions.md, "Issue 8 — the 总部同步 page, the status bar and the timer").

**A thread of its own, not the DB worker.** A sync waits on the network (timeouts, retries with
backoff): on the one DB worker every screen's reads would queue behind it for as long. The sync
thread (one per process, :func:`sync_worker`) writes through ``use_case`` like any service, in
short transactions (a page of a pull, the acknowledgement of a push), so a screen's work waits
at most for one of those, never for the network.

**No overlapping runs.** A trigger while a run is on its way is dropped, not queued: the GUI
side knows it is running (:attr:`SyncRunner.running`), and :func:`run_sync` takes a process-wide
lock without waiting, so a second window (the main window rebuilt in another language) cannot
start one beside it either.

**Only when registered**, and only while someone is signed in; the timer's runs wait out the
backoff after a failure (``sync.due``), a person's 立即同步 does not: the runner belongs to the main
window and runs as its user (``sync.now``: everybody may). What a sync wrote reaches the screens
through the DB worker's change broadcast, as any write committed on another thread does.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal

from kehu_desktop import sync
from kehu_desktop.changes import Changes
from kehu_desktop.db import Database
from kehu_desktop.domain.errors import AccessWithdrawn
from kehu_desktop.services.admin import settings
from kehu_desktop.services.base import Actor
from kehu_desktop.sync.registration import may_sync_now
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.worker import DbWorker

log = logging.getLogger(__name__)

INTERVAL_SETTING = "sync.interval_minutes"
#: The first sync after the window opens: soon, so decisions head office made overnight are
#: here, but not while the window is still reading its first screen.
FIRST_DELAY_MS = 10_000
#: Writes come in bursts (a release writes several records): the pending count is read again
#: once the burst is over.
STATUS_DELAY_MS = 500

_running = threading.Lock()
_worker: DbWorker | None = None


def sync_worker() -> DbWorker:
    """The process's one sync thread. It lives as long as the program: a run still on its way
    when its window closes (sign-out) finishes its transaction instead of being cut off, and
    its answer finds nobody (the callbacks are held weakly)."""
    global _worker
    if _worker is None:
        _worker = DbWorker(name="kehu-sync")
    return _worker


def run_sync(db: Database, actor: Actor, *, timer: bool = False) -> sync.SyncReport | None:
    """One sync as ``actor``, on the calling thread (the sync thread): push, then pull. Returns
    the report, or None when nothing ran: another run is on its way, this branch is not
    registered, or (``timer``) the backoff after a failure has not run out (``sync.due``; a
    person's 立即同步 does not wait for it). Raises what the sync raises (KehuError with a
    catalogue message; the sync records it in the status too)."""
    if not _running.acquire(blocking=False):
        return None
    try:
        may_sync_now(db, actor)
        if not sync.status(db).registered or (timer and not sync.due(db)):
            return None
        return sync.now(db, actor)
    finally:
        _running.release()


class SyncRunner(QObject):
    """The timer and the on-demand trigger of one signed-in window, and the sync status it last
    read (:attr:`status`). ``statusChanged`` follows every read of the status, ``runningChanged``
    the start and end of a run; ``finished`` carries the report of a run that ran, ``failed``
    the error of one that did not succeed."""

    statusChanged = Signal(object)
    runningChanged = Signal(bool)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QObject | None = None,
        *,
        first_delay_ms: int = FIRST_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._first_delay_ms = first_delay_ms
        self.status: sync.SyncStatus | None = None
        #: Records of this user that head office acknowledged but refused, not yet seen
        #: (an administrator's: every unseen one, as ``sync.rejections_for`` gives them).
        self.rejections: list[sync.RejectionView] = []
        self.interval_minutes: int | None = None
        #: The message of the last run's failure, until a run succeeds: shown when the status
        #: holds no error of its own (a failure before the sync could record it).
        self.last_failure: str | None = None
        self._running = False
        self._stopped = False
        self._armed = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(self._tick)
        self._status_later = QTimer(self)
        self._status_later.setSingleShot(True)
        self._status_later.setInterval(STATUS_DELAY_MS)
        self._status_later.timeout.connect(self.read_status)
        ctx.worker.changesMade.connect(self._changes_made)

    # --- reading ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Read the status and the interval; the timer starts once both say it should."""
        self.read_status()
        self.read_interval()

    def read_status(self) -> None:
        self._ctx.worker.submit(
            sync.status,
            self._ctx.db,
            on_done=weak_callback(self._status_read),
            on_error=weak_callback(self._status_unread),
        )

    def read_interval(self) -> None:
        self._ctx.worker.submit(
            settings.sync_interval_minutes,
            self._ctx.db,
            on_done=weak_callback(self._interval_read),
            on_error=weak_callback(self._interval_unread),
        )

    def _status_read(self, status: sync.SyncStatus) -> None:
        self.status = status
        self._arm()
        if status.registered:
            self._ctx.call(
                sync.rejections_for,
                on_done=self._rejections_read,
                on_error=self._status_unread,
            )
        else:
            self.rejections = []
        self.statusChanged.emit(status)

    def _rejections_read(self, rejections: list[sync.RejectionView]) -> None:
        self.rejections = list(rejections)
        self.statusChanged.emit(self.status)

    def mark_rejections_seen(self) -> None:
        """The user has read the rejections shown: they are not shown again."""
        ids = [r.id for r in self.rejections]
        if ids:
            self._ctx.call(sync.mark_seen, ids, on_done=self._seen, on_error=self._status_unread)

    def _seen(self, _none: None) -> None:
        self.read_status()

    def _status_unread(self, exc: Exception) -> None:
        log.error("cannot read the sync status", exc_info=exc)

    def _interval_read(self, minutes: int) -> None:
        self.interval_minutes = minutes
        if self._timer.isActive():  # a new interval counts from now
            self._timer.start(minutes * 60_000)
        self._arm()

    def _interval_unread(self, exc: Exception) -> None:
        log.error("cannot read %s; using the default", INTERVAL_SETTING, exc_info=exc)
        self._interval_read(int(settings.RULES[INTERVAL_SETTING].default))

    def _arm(self) -> None:
        """Start the timer (and the first sync soon) once the branch is registered and the
        interval is known; stop it when the branch is no longer registered."""
        registered = self.status is not None and self.status.registered
        if self._stopped or self.interval_minutes is None:
            return
        if not registered:
            self._timer.stop()
            self._first.stop()
            self._armed = False
            return
        if not self._armed:
            self._armed = True
            self._timer.start(self.interval_minutes * 60_000)
            self._first.start(self._first_delay_ms)

    def _changes_made(self, changes: Changes) -> None:
        if self._stopped:
            return
        if INTERVAL_SETTING in changes.ids("setting"):
            self.read_interval()
        # Every write may add to the pending count; read it once the burst is over.
        self._status_later.start()

    # --- running ---------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    @property
    def timer_active(self) -> bool:
        return self._timer.isActive()

    def sync_now(self, *, timer: bool = False) -> bool:
        """Start a sync on the sync thread; False (and nothing started) while one is running,
        after :meth:`stop` or before the status says the branch is registered. ``timer``: the
        timer's run, which waits out the backoff after a failure (:func:`run_sync`)."""
        if self._running or self._stopped:
            return False
        if self.status is None or not self.status.registered:
            return False
        self._set_running(True)
        sync_worker().submit(
            run_sync,
            self._ctx.db,
            self._ctx.actor,
            timer=timer,
            on_done=weak_callback(self._done),
            on_error=weak_callback(self._failed),
        )
        return True

    def _tick(self) -> None:
        self.sync_now(timer=True)

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.runningChanged.emit(running)

    def _done(self, report: object) -> None:
        self._set_running(False)
        if report is not None:
            self.last_failure = None
            self.finished.emit(report)
        self.read_status()

    def _failed(self, exc: Exception) -> None:
        self._set_running(False)
        if isinstance(exc, AccessWithdrawn):
            # The sync thread has no session listener: the session's own worker signs out.
            self._ctx.worker.accessWithdrawn.emit(exc)
            return
        self.last_failure = error_text(exc)
        self.failed.emit(exc)
        self.read_status()

    def stop(self) -> None:
        """The window closes: no more runs from it (one on its way still ends normally)."""
        self._stopped = True
        self._timer.stop()
        self._first.stop()
        self._status_later.stop()
