"""Backups of a SQLite database: how a backup file is named and which backups the rotation
keeps (pure; the copying is services/admin/backups.py).

A backup's name carries the time it was taken and the schema revision it holds, e.g.
``kehu-20261203-093012-r0016.sqlite3`` (a second backup in the same second gets ``-2``), so a
folder of backups can be listed, rotated and judged (newer or older than this program) from the
names alone; the restore reads the revision from the file itself.

Rotation keeps, counting back from the newest backup, the newest backup of each of the last
``daily`` days that have one, of each of the last ``weekly`` ISO weeks and of each of the last
``monthly`` months; the newest backup is always kept. Periods without a backup (the PC was off
for a fortnight) are not counted, so a rotation never empties the folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Hashable
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

PREFIX = "kehu-"
SUFFIX = ".sqlite3"
DEFAULT_KEEP_DAILY = 7
DEFAULT_KEEP_WEEKLY = 4
DEFAULT_KEEP_MONTHLY = 12

_NAME = re.compile(
    r"^kehu-(?P<day>\d{8})-(?P<time>\d{6})-r(?P<revision>[0-9A-Za-z_]+?)(?:-(?P<n>\d+))?\.sqlite3$"
)


class BackupName(NamedTuple):
    taken_at: datetime
    revision: str
    n: int = 1  # the second backup within the same second is 2


def backup_name(taken_at: datetime, revision: str, n: int = 1) -> str:
    """The file name of a backup taken at ``taken_at`` holding schema ``revision``; ``n`` > 1
    for a second backup within the same second."""
    extra = f"-{n}" if n > 1 else ""
    return f"{PREFIX}{taken_at:%Y%m%d-%H%M%S}-r{revision}{extra}{SUFFIX}"


def parse_backup_name(name: str) -> BackupName | None:
    """The time and revision a backup's name carries, or None for any other file."""
    found = _NAME.match(name)
    if found is None:
        return None
    try:
        taken = datetime.strptime(f"{found['day']}{found['time']}", "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return BackupName(taken, found["revision"], int(found["n"] or 1))


def _newest_per_period(
    newest_first: list[datetime], period: Callable[[datetime], Hashable], count: int
) -> set[datetime]:
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for taken in newest_first:
        key = period(taken)
        if key in seen:
            continue
        if len(seen) >= count:
            break
        seen.add(key)
        kept.add(taken)
    return kept


def kept_backups(
    taken: Iterable[datetime],
    *,
    daily: int = DEFAULT_KEEP_DAILY,
    weekly: int = DEFAULT_KEEP_WEEKLY,
    monthly: int = DEFAULT_KEEP_MONTHLY,
) -> set[datetime]:
    """Which of the backups taken at these times the rotation keeps (see the module)."""
    newest_first = sorted(set(taken), reverse=True)
    kept = set(newest_first[:1])
    kept |= _newest_per_period(newest_first, lambda t: t.date(), daily)
    kept |= _newest_per_period(newest_first, lambda t: t.isocalendar()[:2], weekly)
    kept |= _newest_per_period(newest_first, lambda t: (t.year, t.month), monthly)
    return kept
