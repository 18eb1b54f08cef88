"""Backups that restore (issue 10 §3): online backups of the SQLite database, their rotation,
and a restore that checks before it swaps.

**Taking a backup** (:func:`take_backup`; the desktop's daily timer :func:`daily_backup` and
its exit :func:`exit_backup`) copies the database the :class:`Database` points at with SQLite's
online backup API (``db.copy_sqlite``, the copy a migration takes too) while the program is in
use: writers go on meanwhile, the copy is the state of one instant. It is written under a
temporary name in the backup folder, checked (``PRAGMA integrity_check``) and only then given
its name, ``kehu-20261203-093012-r0016.sqlite3`` (time and schema revision, domain.backups);
so every file listed was verified when it was taken. Then the rotation (``backup.keep_daily``,
``…_weekly``, ``…_monthly``) deletes what it no longer keeps, and an audit record
``backup_taken`` names the file and who took it (the system for the timer and at exit).

The folder is the branch setting ``backup.folder`` (a USB disk, a network share), by default
``backups/`` beside the database, where the copies taken before a migration go too (those are
named without a revision and never rotated). A folder chosen by the administrator must exist:
a USB disk that is not plugged in is reported, never replaced by a folder of the same name on
the local disk.

**Restoring** (:func:`restore_backup`, administrators only) never writes into the database in
use: the backup is checked (a damaged file or one that is not this program's database is
refused at the field ``file``; one from a newer program too), copied to a new file beside the
database, migrated there if it is older, checked again, and only then swapped in; the database
it replaces is kept aside as ``kehu-before-restore-<time>.sqlite3`` (with its ``-wal``, so it
stays whole). The engine's connections are closed before the swap; the next session opens
the restored file. An audit record ``backup_restored`` goes into the restored database.

**PostgreSQL**: backups are the database server's job; :func:`backup_status` carries the
``pg_dump`` line to give its administrator, and taking or restoring one here is refused with it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from kehu_desktop import config
from kehu_desktop.db import Database
from kehu_desktop.db import copy_sqlite
from kehu_desktop.domain import backups as rules
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import BackupStatus
from kehu_desktop.dto import BackupView
from kehu_desktop.dto import RestoreResult
from kehu_desktop.migrations import head_revision
from kehu_desktop.migrations import known_revisions
from kehu_desktop.migrations import migrate
from kehu_desktop.models import User
from kehu_desktop.services.admin.setup import local_branch_id
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import get_setting
from kehu_desktop.services.base import require
from kehu_desktop.services.base import use_case

log = logging.getLogger(__name__)

FOLDER_SETTING = "backup.folder"
KEEP_SETTINGS = ("backup.keep_daily", "backup.keep_weekly", "backup.keep_monthly")
_DEFAULT_KEEP = (
    rules.DEFAULT_KEEP_DAILY,
    rules.DEFAULT_KEEP_WEEKLY,
    rules.DEFAULT_KEEP_MONTHLY,
)
PARTIAL = ".partial"


@dataclass(frozen=True)
class _Plan:
    """Where backups go and how many are kept, as the settings say."""

    folder: Path
    is_default: bool
    keep: tuple[int, int, int]


# --------------------------------------------------------------------------------------------
# Reading the settings and the folder
# --------------------------------------------------------------------------------------------


def default_folder(db: Database) -> Path:
    path = db.sqlite_path
    return (path.parent if path is not None else config.data_dir()) / "backups"


def _whole(value: Any, default: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return number if number >= 0 else default


def _plan(db: Database) -> _Plan:
    with db.read() as s:
        chosen = str(get_setting(s, FOLDER_SETTING) or "").strip()
        keep = tuple(
            _whole(get_setting(s, key), default)
            for key, default in zip(KEEP_SETTINGS, _DEFAULT_KEEP, strict=True)
        )
    daily, weekly, monthly = keep
    folder = Path(chosen) if chosen else default_folder(db)
    return _Plan(folder, not chosen, (max(daily, 1), weekly, monthly))


def _backups_in(folder: Path) -> list[BackupView]:
    """The backups in ``folder``, newest first (other files are not listed)."""
    found: list[tuple[int, BackupView]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        named = rules.parse_backup_name(entry.name)
        if named is None:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        view = BackupView(entry.name, str(entry), named.taken_at, size, named.revision, True)
        found.append((named.n, view))
    found.sort(key=lambda item: (item[1].taken_at, item[0]), reverse=True)
    return [view for _n, view in found]


def pg_dump_command(url: str) -> str:
    """The ``pg_dump`` line for a PostgreSQL database (no password: pg_dump asks, or reads
    ~/.pgpass), writing a custom-format dump that ``pg_restore`` reads."""
    parsed = make_url(url)
    parts = ["pg_dump", "--format=custom", "--file=kehu-$(date +%Y%m%d).dump"]
    if parsed.host:
        parts.append(f"--host={parsed.host}")
    if parsed.port:
        parts.append(f"--port={parsed.port}")
    if parsed.username:
        parts.append(f"--username={parsed.username}")
    parts.append(parsed.database or "kehu")
    return " ".join(parts)


def _postgres_refusal(db: Database) -> KehuError:
    return KehuError("backup.postgres", command=pg_dump_command(db.url))


def backup_status(db: Database, actor: Actor) -> BackupStatus:
    """Where backups go, how many are kept and the backups there (newest first). Anyone
    signed in may read it (backup.now is everyone's)."""
    with use_case(db, actor, "backup.now", write=False):
        pass
    if not db.is_sqlite:
        return BackupStatus(
            False, "", False, False, *_DEFAULT_KEEP, (), pg_dump=pg_dump_command(db.url)
        )
    plan = _plan(db)
    return BackupStatus(
        True,
        str(plan.folder),
        plan.is_default,
        plan.folder.is_dir(),
        *plan.keep,
        tuple(_backups_in(plan.folder)),
    )


# --------------------------------------------------------------------------------------------
# Checking a file
# --------------------------------------------------------------------------------------------


def _open_read_only(path: Path) -> sqlite3.Connection:
    # immutable: nobody writes a backup, and a read-only share must not get -wal/-shm files
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def check_backup_file(path: Path) -> str:
    """Check a backup file (``PRAGMA integrity_check``) and return the schema revision it
    holds. Refused at the field ``file``: missing (``backup.not_found``), damaged or not a
    database (``backup.corrupt``), not this program's (``backup.not_kehu``)."""
    if not path.is_file():
        raise ValidationFailed([FieldError("file", "backup.not_found", {"file": str(path)})])
    try:
        conn = _open_read_only(path)
        try:
            problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems))
            has_version = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            versions = (
                [str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version")]
                if has_version
                else []
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        detail = str(exc)[:200]
        raise ValidationFailed(
            [FieldError("file", "backup.corrupt", {"file": path.name, "detail": detail})]
        ) from exc
    if len(versions) != 1:
        raise ValidationFailed([FieldError("file", "backup.not_kehu", {"file": path.name})])
    return versions[0]


# --------------------------------------------------------------------------------------------
# Taking a backup
# --------------------------------------------------------------------------------------------


def _local_now(db: Database) -> datetime:
    return db.clock.now().astimezone().replace(tzinfo=None, microsecond=0)


def _copy_into(db: Database, folder: Path, taken_at: datetime) -> Path:
    """Copy the database into ``folder`` under its final name once checked."""
    source = db.sqlite_path
    assert source is not None
    revision = head_revision()
    n = 1
    while (target := folder / rules.backup_name(taken_at, revision, n)).exists():
        n += 1
    partial = target.with_name(target.name + PARTIAL)
    try:
        partial.unlink(missing_ok=True)
        copy_sqlite(source, partial)
        check_backup_file(partial)
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise KehuError("backup.write_failed", folder=str(folder), detail=str(exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return target


def _rotate(folder: Path, keep: tuple[int, int, int], taken: str) -> list[str]:
    """Delete what the rotation no longer keeps; never ``taken``, the backup just taken (the
    PC's clock may have been put back: it would look older than those already there)."""
    existing = _backups_in(folder)
    daily, weekly, monthly = keep
    kept = rules.kept_backups(
        (b.taken_at for b in existing), daily=daily, weekly=weekly, monthly=monthly
    )
    # Two backups of the same instant (-2): the rotation keeps the newer name only.
    seen: set[datetime] = set()
    removed = []
    for backup in existing:  # newest first
        if backup.name == taken or (backup.taken_at in kept and backup.taken_at not in seen):
            seen.add(backup.taken_at)
            continue
        with contextlib.suppress(OSError):
            Path(backup.path).unlink()
            removed.append(backup.name)
    return removed


def _take(db: Database, actor: Actor, reason: str) -> BackupView:
    if not db.is_sqlite:
        raise _postgres_refusal(db)
    if db.sqlite_path is None:
        raise KehuError("backup.not_found", file=":memory:")
    plan = _plan(db)
    if plan.is_default:
        with contextlib.suppress(OSError):
            plan.folder.mkdir(parents=True, exist_ok=True)
    if not plan.folder.is_dir():
        log.info("backup (%s): the folder %s is not there", reason, plan.folder)
        raise KehuError("backup.folder_missing", folder=str(plan.folder))
    target = _copy_into(db, plan.folder, _local_now(db))
    removed = _rotate(plan.folder, plan.keep, target.name)
    view = next(b for b in _backups_in(plan.folder) if b.name == target.name)
    log.info("backup (%s) by %s: %s, %d bytes", reason, actor.username, view.path, view.size)
    with db.write() as s:
        audit(
            s,
            actor,
            "backup_taken",
            entity="backup",
            entity_id=view.name[:40],
            after={
                "file": view.path,
                "size": view.size,
                "revision": view.revision,
                "reason": reason,
                "removed": removed,
            },
        )
    return view


def take_backup(db: Database, actor: Actor) -> BackupView:
    """Back the database up now (立即备份, ``kehu backup now``): copied while in use, checked,
    named, rotated, audited. Who: ``backup.now`` (everyone signed in). Refused: on PostgreSQL
    (``backup.postgres``, with the pg_dump line), the chosen folder missing
    (``backup.folder_missing``) or not writable (``backup.write_failed``)."""
    with use_case(db, actor, "backup.now", write=False) as (_s, actor):
        pass
    return _take(db, actor, "manual")


def _system(db: Database) -> Actor:
    return Actor.system(local_branch_id(db))


def _is_set_up(db: Database) -> bool:
    with db.read() as s:
        return s.execute(select(User.id).limit(1)).first() is not None


def daily_backup(db: Database) -> BackupView | None:
    """The day's backup, as the system, if the backup folder has none of today (the business
    clock's) yet; None when there is one, on PostgreSQL, or before the first run. The
    desktop's timer calls it on the DB worker while someone is signed in."""
    if not db.is_sqlite or db.sqlite_path is None or not _is_set_up(db):
        return None
    plan = _plan(db)
    today = db.clock.now().astimezone().date()
    if any(b.taken_at.date() == today for b in _backups_in(plan.folder)):
        return None
    return _take(db, _system(db), "daily")


def exit_backup(db: Database) -> BackupView | None:
    """The backup taken when the desktop closes, as the system (None on PostgreSQL or before
    the first run)."""
    if not db.is_sqlite or db.sqlite_path is None or not _is_set_up(db):
        return None
    return _take(db, _system(db), "exit")


# --------------------------------------------------------------------------------------------
# Restoring
# --------------------------------------------------------------------------------------------


def _may_restore(db: Database, actor: Actor) -> None:
    """``backup.restore``, by the roles stored now. An actor without an account (the command
    line's local administrator, ``Actor.system``) is not looked up: the database it replaces
    may be unreadable or absent, and whoever runs commands on the file holds it anyway."""
    if actor.user_id is None:
        require(actor, "backup.restore")
        return
    with use_case(db, actor, "backup.restore", write=False):
        pass


def _sqlite_parts(path: Path) -> list[Path]:
    return [path.with_name(path.name + extra) for extra in ("", "-wal", "-shm")]


def _remove(path: Path) -> None:
    for part in _sqlite_parts(path):
        part.unlink(missing_ok=True)


def restore_backup(db: Database, actor: Actor, source: Path) -> RestoreResult:
    """Replace the database with the backup ``source`` (恢复…, ``kehu backup restore FILE``).

    Checked before anything changes: the file (``check_backup_file``: refused at ``file`` if
    missing, damaged or not this program's), its revision (one this program does not know was
    written by a newer one: ``backup.newer``; an older one is migrated on the copy). The copy
    is made beside the database, checked again, and swapped in; the replaced database is kept
    aside. Closes ``db``'s connections: the caller's next session opens the restored file. Who:
    ``backup.restore`` (administrators; the command line's local administrator)."""
    _may_restore(db, actor)
    if not db.is_sqlite:
        raise _postgres_refusal(db)
    target = db.sqlite_path
    if target is None:
        raise KehuError("backup.not_found", file=":memory:")
    source = Path(source)
    revision = check_backup_file(source)
    if revision not in known_revisions():
        raise ValidationFailed(
            [FieldError("file", "backup.newer", {"revision": revision, "head": head_revision()})]
        )
    stamp = _local_now(db).strftime("%Y%m%d-%H%M%S")
    fresh = target.with_name(f"{target.stem}-restoring{target.suffix}")
    _remove(fresh)
    try:
        copy_sqlite(source, fresh)
        if revision != head_revision():
            restored = Database(config.sqlite_url(fresh))
            try:
                migrate(restored, keep_copy=False)
            finally:
                restored.dispose()
            conn = sqlite3.connect(str(fresh))  # one file again, like every backup
            try:
                conn.execute("PRAGMA journal_mode=DELETE")
            finally:
                conn.close()
        check_backup_file(fresh)
        kept_aside = _swap_in(db, fresh, target, stamp)
    except BaseException:
        _remove(fresh)
        raise
    db.refresh_role()
    log.info("database restored from %s by %s; kept aside: %s", source, actor.username, kept_aside)
    with db.write() as s:
        known = actor.user_id is not None and s.get(User, actor.user_id) is not None
        who = actor if known or actor.user_id is None else _without_account(actor)
        audit(
            s,
            who,
            "backup_restored",
            entity="backup",
            entity_id=source.name[:40],
            before={"kept_aside": str(kept_aside) if kept_aside else None},
            after={"file": str(source), "revision": revision, "now": head_revision()},
        )
    return RestoreResult(
        str(source), revision, head_revision(), str(kept_aside) if kept_aside else None
    )


def _without_account(actor: Actor) -> Actor:
    """``actor`` as the audit of the restored database can name it: a user created after the
    backup has no row there."""
    return dataclasses.replace(actor, user_id=None)


def _swap_in(db: Database, fresh: Path, target: Path, stamp: str) -> Path | None:
    """Move the database aside (all its parts: the WAL holds its last commits) and the fresh
    copy into its place; on a failure, put everything back."""
    db.dispose()
    aside = target.with_name(f"{target.stem}-before-restore-{stamp}{target.suffix}")
    moved: list[tuple[Path, Path]] = []
    try:
        if target.exists():
            for part, kept in zip(_sqlite_parts(target), _sqlite_parts(aside), strict=True):
                if part.exists():
                    os.replace(part, kept)
                    moved.append((part, kept))
        os.replace(fresh, target)
    except OSError as exc:
        for part, kept in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(kept, part)
        raise KehuError("backup.swap_failed", detail=str(exc)) from exc
    return aside if moved else None
