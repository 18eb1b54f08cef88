"""`python -m bench.use_case`: what re-reading the caller's account costs each service call.

Every service call starts with ``services.base.use_case``, which reads the user's row and
roles again in the call's transaction (issue 11). This times a call that makes one query of its
own, opened the old way (``require`` on the session's roles, then ``db.read()``/``db.write()``)
and through ``use_case``, on a fresh SQLite file and, with ``--postgres ADMIN_URL``, on a new
PostgreSQL database. Median microseconds per call over ``--repeat`` rounds of ``--calls`` calls.
docs/bench.md keeps the last table.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kehu_desktop.db import Database
from kehu_desktop.domain.roles import Role
from kehu_desktop.migrations import migrate
from kehu_desktop.models import Customer
from kehu_desktop.services.admin import BranchSetup
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import set_up_branch
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import require
from kehu_desktop.services.base import use_case

PASSWORD = "bench-pass-1"
QUERY = select(Customer.id).limit(1)


def cashier(db: Database) -> Actor:
    set_up_branch(db, BranchSetup("SH", "上海分公司", "HD", "华东大区", "admin", PASSWORD))
    admin = auth.sign_in(db, "admin", PASSWORD)
    auth.add_user(db, admin, "cashier", PASSWORD, [Role.CASHIER])
    return auth.sign_in(db, "cashier", PASSWORD)


def per_call(fn: Callable[[], object], calls: int, repeat: int) -> float:
    rounds = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        rounds.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(rounds)


def measure(db: Database, calls: int, repeat: int) -> list[tuple[str, float, float]]:
    actor = cashier(db)
    action = "dispatch.release"

    def old_read() -> None:
        require(actor, action)
        with db.read() as s:
            s.execute(QUERY).all()

    def new_read() -> None:
        with use_case(db, actor, action, write=False) as (s, _actor):
            s.execute(QUERY).all()

    def old_write() -> None:
        require(actor, action)
        with db.write() as s:
            s.execute(QUERY).all()

    def new_write() -> None:
        with use_case(db, actor, action) as (s, _actor):
            s.execute(QUERY).all()

    return [
        ("read call", per_call(old_read, calls, repeat), per_call(new_read, calls, repeat)),
        ("write call", per_call(old_write, calls, repeat), per_call(new_write, calls, repeat)),
    ]


@contextmanager
def sqlite_db() -> Iterator[Database]:
    folder = Path(tempfile.mkdtemp(prefix="kehu-bench-use-case-"))
    db = Database(f"sqlite:///{folder / 'bench.sqlite3'}")
    migrate(db)
    yield db
    db.dispose()


@contextmanager
def postgres_db(admin_url: str) -> Iterator[Database]:
    name = f"kehu_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(make_url(admin_url).set(database=name).render_as_string(hide_password=False))
    try:
        migrate(db)
        yield db
    finally:
        db.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.use_case")
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", metavar="ADMIN_URL", help="also on PostgreSQL")
    args = parser.parse_args(argv)
    kinds: list[tuple[str, Callable[[], object]]] = [("SQLite", sqlite_db)]
    if args.postgres:
        kinds.append(("PostgreSQL", lambda: postgres_db(args.postgres)))
    print("| database | call with one query | require + db.* (µs) | use_case (µs) | added (µs) |")
    print("|---|---|---:|---:|---:|")
    for label, opener in kinds:
        with opener() as db:  # type: ignore[attr-defined]
            for what, old, new in measure(db, args.calls, args.repeat):
                print(f"| {label} | {what} | {old:.0f} | {new:.0f} | {new - old:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
