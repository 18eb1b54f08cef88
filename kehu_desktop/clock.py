"""The business clock: the one source of "today" and "now" for every decision.

Which month's credit limit counts, whether a slip is past due, whether a date is in the future:
these depend on the day, and the day is not the caller's to choose. Each :class:`Database` owns a
clock (``db.clock``, the system clock by default) and every session it opens carries it
(:func:`clock_of`), so a service and the helpers it calls inside its transaction all read the
same day. No public service call takes a business date in the future: tests replace the clock
(``tests/conftest.py``'s ``clock`` fixture, a :class:`FixedClock`) instead of passing a date.

The business date is the *local* date of the branch's machine: a cashier working at 07:30 in
Shanghai works on that day, whatever the UTC date is.

No Qt and no database here: the CLI, the services and the views all import it.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Protocol

from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Clock(Protocol):
    """What the services ask of a clock."""

    def today(self) -> date:
        """The business date (local)."""
        ...

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The machine's clock: the production clock of every database."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that stays on its day until it is moved: for tests and for building the demo
    branch's history day by day. ``today()`` is the local date of ``now()``, so the two never
    disagree.

    Each reading of ``now()`` returns the clock's instant and then moves it on by one
    microsecond, as a real clock moves between two writes: records written one after another
    keep their order (a raise supersedes the earlier limit, a correction set later wins), and
    the first reading after :meth:`set` is exactly the instant set.
    """

    #: The time of day a clock set to a date shows: inside office hours, far from midnight.
    DEFAULT_TIME = time(10, 0)
    _TICK = timedelta(microseconds=1)

    def __init__(self, start: date | datetime) -> None:
        self._now = _instant(start)

    def today(self) -> date:
        return self._now.astimezone().date()

    def now(self) -> datetime:
        current = self._now
        self._now = current + self._TICK
        return current

    def set(self, when: date | datetime) -> None:
        """Stand on a day (at 10:00 local time) or at an instant (aware, or naive = local)."""
        self._now = _instant(when)

    def advance(self, **delta: float) -> None:
        """Move on by a ``timedelta(**delta)``, e.g. ``advance(days=31)``."""
        self._now = self._now + timedelta(**delta)

    def __repr__(self) -> str:
        return f"FixedClock({self._now.astimezone().isoformat()})"


def _instant(when: date | datetime) -> datetime:
    if isinstance(when, datetime):
        return (when if when.tzinfo else when.astimezone()).astimezone(UTC)
    return datetime.combine(when, FixedClock.DEFAULT_TIME).astimezone().astimezone(UTC)


SYSTEM_CLOCK = SystemClock()


def clock_of(session: Session) -> Clock:
    """The clock of the database that opened ``session`` (``Database.read``/``write`` put it in
    ``session.info``); the system clock for a session opened some other way."""
    clock = session.info.get("clock")
    return clock if clock is not None else SYSTEM_CLOCK


def not_after_today(day: date, today: date, *, field: str, label: str) -> date:
    """A report's "as of" day, refused when it lies after ``today``: the ledger cannot say how
    things will stand tomorrow, and a future day must never pass as if it could."""
    if day > today:
        raise ValidationFailed([FieldError(field, "date.future", {"label": label})])
    return day
