"""Engine, transactions and start-up migration for SQLite (default) and PostgreSQL.

Every service call runs in one transaction: ``with db.write() as s`` for changes, ``with
db.read() as s`` for queries. On SQLite a write transaction starts with ``BEGIN IMMEDIATE`` so two
writers never both read stale data and then clash at commit; PostgreSQL writers lock rows with
``SELECT … FOR UPDATE`` where it matters.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from kehu_desktop.changes import Changes
from kehu_desktop.clock import SYSTEM_CLOCK
from kehu_desktop.clock import Clock
from kehu_desktop.domain.errors import DatabaseProblem
from kehu_desktop.models.change_log import ROLE_KEY
from kehu_desktop.models.change_log import database_role
from kehu_desktop.models.change_log import keep_change_log
from kehu_desktop.models.customers import keep_search_index

_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("immediate", default=False)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see "begin" below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        # A read-only file cannot switch journal mode; reads still work.
        with contextlib.suppress(Exception):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


class Database:
    """One database: an engine, a session factory and the business clock. Cheap to share
    between threads.

    ``clock`` (kehu_desktop.clock) is where every service reads "today" and "now"; each session
    carries it in ``session.info["clock"]`` (``clock.clock_of(session)``). Tests and the demo
    builder replace it; nothing else should.

    Change listeners (:meth:`add_change_listener`) hear the :class:`~kehu_desktop.changes.Changes`
    of every write made through the write path (services.use_case), after its commit, on the
    thread that committed it.
    """

    def __init__(self, url: str, *, echo: bool = False, clock: Clock | None = None) -> None:
        self.url = url
        self.clock: Clock = clock if clock is not None else SYSTEM_CLOCK
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 5}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            _sqlite_setup(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # This database's sessions keep the customers' search index (declared by the model);
        # registered once here rather than per transaction (an instance listener costs ~35 µs).
        keep_search_index(self._sessions)
        # Head office's change log, a registered branch's guard on head-office data.
        keep_change_log(self._sessions)
        self._role: str | None = None
        self._role_known = False
        self._change_listeners: list[Callable[[Changes], None]] = []
        # Set by services.admin.open_database when this opening migrated an older schema: what
        # the user is told (the revision it came from, the copy taken before).
        self.upgraded_from: str | None = None
        self.upgrade_backup: Path | None = None

    def add_change_listener(self, listener: Callable[[Changes], None]) -> None:
        self._change_listeners.append(listener)

    def remove_change_listener(self, listener: Callable[[Changes], None]) -> None:
        if listener in self._change_listeners:
            self._change_listeners.remove(listener)

    def publish_changes(self, changes: Changes) -> None:
        """Hand committed changes to every listener (a listener's failure is its own: the
        write is committed whatever it does)."""
        for listener in list(self._change_listeners):
            try:
                listener(changes)
            except Exception:  # noqa: BLE001 - the commit stands; a screen must not undo it
                logging.getLogger(__name__).exception("change listener failed")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed if the block ends normally, rolled back otherwise."""
        token = _immediate.set(True)
        try:
            with self.read() as session:  # the same transaction, begun IMMEDIATE on SQLite
                yield session
        finally:
            _immediate.reset(token)

    def refresh_role(self) -> None:
        """Read again whether this is head office's database or a registered branch's (after
        ``kehu-hq db upgrade`` or a registration in this process)."""
        self._role_known = False

    def _database_role(self) -> str | None:
        # Read once: a database becomes head office's or a registered branch's and stays so.
        # A database without the tables yet (before its first migration) is neither, for now.
        if not self._role_known:
            try:
                with self._sessions() as session:
                    self._role = database_role(session)
                self._role_known = True
            except Exception:  # noqa: BLE001 - an empty or older schema: ask again next time
                self._role = None
        return self._role

    @contextmanager
    def read(self) -> Iterator[Session]:
        role = self._database_role()
        try:
            with self._sessions() as session, session.begin():
                session.info["clock"] = self.clock
                if role is not None:
                    session.info[ROLE_KEY] = role
                yield session
        except DatabaseError as exc:
            problem = database_problem(exc, self.sqlite_path)
            if problem is None:
                raise
            raise problem from exc

    def dispose(self) -> None:
        self.engine.dispose()


def database_problem(exc: DatabaseError, path: Path | None) -> DatabaseProblem | None:
    """What a user can be told of a database error the driver raised (a file read-only, locked
    by another program, on a full disk, damaged), or None for any other error (a bug, a
    constraint: the caller lets it through as it is)."""
    text = str(exc.orig).lower()
    shown = str(path or "")
    if "readonly" in text or "read-only" in text:
        return DatabaseProblem("db.readonly", path=shown)
    if "locked" in text or "busy" in text:
        return DatabaseProblem("db.locked")
    if "disk is full" in text or "disk full" in text or "no space left" in text:
        return DatabaseProblem("db.full", path=shown)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseProblem("db.corrupt", path=shown)
    return None


def backup_sqlite(path: Path) -> Path:
    """Copy the SQLite file beside it (``backups/``), before a migration."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup_dir = path.parent / "backups"
    backup_dir.mkdir(exist_ok=True)
    target = backup_dir / f"{path.stem}-{stamp}{path.suffix}"
    copy_sqlite(path, target)
    return target


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` to a new file ``target`` with SQLite's online backup
    API: a consistent snapshot, taken in one step, even while other connections write (in WAL
    mode they go on writing meanwhile; what they commit after the copy began is not in it).
    The copy is a single file (rollback journal, no ``-wal`` beside it), ready to be moved to
    a USB disk or a network share."""
    import sqlite3  # lazy: only copying a SQLite file needs the driver itself

    src = sqlite3.connect(str(source), timeout=30)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
