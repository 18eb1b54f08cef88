"""One background thread for all database work, results delivered on the GUI thread.

Like Anki's taskman: a single worker serialises database access (SQLite has one writer anyway),
and the GUI never blocks on I/O. ``submit`` returns a :class:`Task`; cancelling it (e.g. when the
search text changes again) drops its result instead of delivering it late.

One kind of failure is not the task's own: :class:`AccessWithdrawn` (the user was disabled,
locked or lost every role since signing in) ends the session. The worker hands it to whoever
listens to :attr:`DbWorker.accessWithdrawn` (the app controller signs out) instead of the
task's ``on_error``, so no screen needs to know about it.

Changes reach every screen: :meth:`DbWorker.watch` listens to a database's committed changes
(``kehu_desktop.changes.Changes``, published by the write path). The changes of one task are
merged and broadcast once, on the GUI thread, through :attr:`DbWorker.changesMade`, after the
task's own callback; every open screen showing such an entity refreshes itself. Changes
committed on another thread (a print worker) are broadcast as they come.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtCore import Signal

from kehu_desktop.changes import Changes
from kehu_desktop.domain.errors import AccessWithdrawn

if TYPE_CHECKING:  # not at run time: the worker starts before SQLAlchemy is imported (app.py)
    from kehu_desktop.db import Database

log = logging.getLogger(__name__)


class Task:
    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self.future: Future[Any] | None = None

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


def _bind(
    callback: Callable[[Exception], None], error: Exception, task: Task
) -> Callable[[], None]:
    """The error callback with its argument bound now (``except … as`` names die with the block)."""
    return lambda: None if task.cancelled else callback(error)


class DbWorker(QObject):
    """Runs callables on one background thread; callbacks run on the GUI thread."""

    # callback, value; emitted from the worker thread, delivered queued on the GUI thread
    _delivered = Signal(object, object)
    busyChanged = Signal(bool)
    #: AccessWithdrawn from any task (see the module's docstring)
    accessWithdrawn = Signal(object)
    #: the Changes committed by a task (or another thread), once, on the GUI thread
    changesMade = Signal(object)

    def __init__(self, parent: QObject | None = None, *, name: str = "kehu-db") -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending = 0
        self._lock = threading.Lock()
        self._delivered.connect(self._deliver)
        self._task_changes = threading.local()  # the changes of the running task, if any
        self._watched: weakref.WeakSet[Database] = weakref.WeakSet()

    def watch(self, db: Database) -> None:
        """Broadcast the changes committed to ``db`` (once per database)."""
        if db in self._watched:
            return
        self._watched.add(db)
        me = weakref.ref(self)

        def heard(changes: Changes) -> None:
            worker = me()
            if worker is not None:
                worker._heard(changes)

        db.add_change_listener(heard)

    def _heard(self, changes: Changes) -> None:
        batch: list[Changes] | None = getattr(self._task_changes, "batch", None)
        if batch is not None:
            batch.append(changes)  # broadcast with the task's others when it ends
        else:
            self._broadcast(changes)

    def _broadcast(self, changes: Changes) -> None:
        # RuntimeError: the worker's Qt object is gone (its window closed); nobody to tell.
        with contextlib.suppress(RuntimeError):
            self._delivered.emit(lambda: self.changesMade.emit(changes), None)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        task = Task()
        self._set_pending(+1)

        def run() -> None:
            self._task_changes.batch = []
            try:
                if task.cancelled:
                    return
                value = fn(*args, **kwargs)
            except AccessWithdrawn as exc:  # the session's end, not the task's failure
                self._delivered.emit(self._withdrawn(exc, task, on_error), None)
            except Exception as exc:  # delivered to the GUI as a value, never lost
                if on_error is None:
                    log.exception("background task failed")
                else:
                    self._delivered.emit(_bind(on_error, exc, task), None)
            else:
                if on_done is not None:
                    self._delivered.emit(lambda: None if task.cancelled else on_done(value), None)
            finally:
                batch, self._task_changes.batch = self._task_changes.batch, None
                if batch:
                    merged = batch[0]
                    for more in batch[1:]:
                        merged = merged.merged(more)
                    self._broadcast(merged)
                self._delivered.emit(lambda: self._set_pending(-1), None)

        task.future = self._pool.submit(run)
        return task

    def _withdrawn(
        self, exc: AccessWithdrawn, task: Task, on_error: Callable[[Exception], None] | None
    ) -> Callable[[], None]:
        """On the GUI thread: to the central listener, else (no session around, e.g. a lone
        screen in a test) to the task's own error callback like any error."""

        def deliver() -> None:
            meta = self.metaObject()
            signal = meta.method(meta.indexOfSignal("accessWithdrawn(PyObject)"))
            if self.isSignalConnected(signal):
                self.accessWithdrawn.emit(exc)
            elif on_error is not None and not task.cancelled:
                on_error(exc)
            else:
                log.warning("access withdrawn: %s", exc.message)

        return deliver

    def _deliver(self, callback: Callable[[], None], _unused: object) -> None:
        callback()

    def _set_pending(self, delta: int) -> None:
        with self._lock:
            before = self._pending
            self._pending += delta
            after = self._pending
        if (before == 0) != (after == 0):
            self.busyChanged.emit(after > 0)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
