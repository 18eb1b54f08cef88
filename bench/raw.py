"""The floor and the naive query: the same reads through the database's own driver, no ORM.

Issue 12 asks every list, search and release row of the bench to say how far it is from what
the machine can do. :func:`captured` runs a piece of SQLAlchemy code once and keeps the SQL and
parameters it sent, exactly as the driver received them; :class:`Raw` replays such statements
on a plain ``sqlite3`` or ``psycopg`` connection opened beside the engine, so what is timed is
the database and the driver alone: no statement building, no type conversion, no DTOs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url

from kehu_desktop.db import Database

_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

#: One statement as the driver received it: (SQL, parameters).
Statement = tuple[str, Any]


@contextmanager
def captured(db: Database) -> Iterator[list[Statement]]:
    """The statements ``db``'s engine sends while the block runs (transaction control aside:
    the raw connection reads in autocommit mode)."""
    statements: list[Statement] = []

    def keep(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if not many and not sql.lstrip().upper().startswith(_TRANSACTION_CONTROL):
            statements.append((sql, params))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)


class Raw:
    """A connection of the driver SQLAlchemy uses for ``db`` (sqlite3 or psycopg), outside it."""

    def __init__(self, db: Database) -> None:
        path = db.sqlite_path
        if path is not None:
            self._connect: Callable[[], Any] = lambda: sqlite3.connect(str(path))
        else:
            import psycopg  # only for a PostgreSQL run

            # The engine's URL without SQLAlchemy's driver name: a libpq URI.
            uri = make_url(db.url).set(drivername="postgresql").render_as_string(False)
            self._connect = lambda: psycopg.connect(uri, autocommit=True)
        self.conn = self._connect()

    def read(self, statements: list[Statement]) -> int:
        """Run the statements in order, fetching every row; the rows of the last one."""
        return _run(self.conn, statements)

    def read_new_connection(self, statements: list[Statement]) -> int:
        """The same on a connection opened for it (and closed after)."""
        conn = self._connect()
        try:
            return _run(conn, statements)
        finally:
            conn.close()

    def close(self) -> None:
        self.conn.close()


def _run(conn: Any, statements: list[Statement]) -> int:
    cursor = conn.cursor()
    rows: list[Any] = []
    for sql, params in statements:
        cursor.execute(sql, params)
        rows = cursor.fetchall() if cursor.description is not None else []
    cursor.close()
    return len(rows)
