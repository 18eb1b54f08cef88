"""Idle sign-out on a shared branch PC: after ``auth.idle_minutes`` without a key press, click
or mouse movement anywhere in the program, the session ends (the app controller signs out).

The watch is an event filter on the application: it sees input to every window and dialog.
Work still running on the DB worker counts as activity (an import the user started and is
waiting for must not end in a sign-out half-way).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal

#: What counts as the user being there.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Emits :attr:`idle` once after ``minutes`` without input; ``stop()`` ends the watch."""

    idle = Signal()

    def __init__(self, minutes: float, busy: object = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self._busy = busy  # anything with a ``busy`` attribute (the DbWorker)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, round(minutes * 60_000)))
        self._timer.timeout.connect(self._timed_out)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY and self._timer.isActive():
            self._timer.start()  # restart: the full time from now
        return False

    def _timed_out(self) -> None:
        if getattr(self._busy, "busy", False):
            self._timer.start()
            return
        self.stop()
        self.idle.emit()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
