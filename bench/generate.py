"""Benchmark databases: N realistic customers, written fast, cached between runs.

Not through the services: ``save_customer`` is one transaction per customer with its audit
record, outbox rows and similar-name check (about 30 ms each on SQLite), so a million customers
would take hours. The list and the search box only read the ``customers`` table, so that table
is filled with the same generator the demo uses (:mod:`kehu_desktop.demo.names`),
its search columns, name bigrams (``customer_name_grams``) and search keys
(``customer_search_keys``) from the same :func:`~kehu_desktop.models.search_index` the write
path's name index uses, and plain Core ``INSERT`` executemany in batches, into a database
migrated by :func:`kehu_desktop.migrations.migrate` with the branch set up by the real
``set_up_branch``. The schema, indexes included, is therefore exactly the app's.

SQLite files are cached in ``$KEHU_BENCH_DIR`` (default ``~/.cache/kehu-bench``); PostgreSQL
databases are kept on the server, named after the size. Both are keyed by a fingerprint of the
generator, this file and the migrations, so a change to any of them builds afresh.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import os
import random
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Column
from sqlalchemy import Connection
from sqlalchemy import MetaData
from sqlalchemy import Table
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kehu_desktop.db import Database
from kehu_desktop.demo import DEMO_SETUP
from kehu_desktop.demo import CustomerGenerator
from kehu_desktop.demo import names as demo_names
from kehu_desktop.demo import status_plan
from kehu_desktop.domain import identifiers
from kehu_desktop.domain import pinyin
from kehu_desktop.migrations import HERE as MIGRATIONS_DIR
from kehu_desktop.migrations import migrate
from kehu_desktop.models import Base
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerNameGram
from kehu_desktop.models import CustomerSearchKey
from kehu_desktop.models import MarketOffice
from kehu_desktop.models import SearchIndex
from kehu_desktop.models import Setting
from kehu_desktop.models import customers
from kehu_desktop.models import search_index
from kehu_desktop.models import utcnow
from kehu_desktop.services.admin import set_up_branch

SEED = 7
TODAY = date(2026, 11, 26)  # fixed, so a cached database is the same whenever it was built
BATCH = 20_000
_DONE_KEY = "bench.fingerprint"


def cache_dir() -> Path:
    path = Path(os.environ.get("KEHU_BENCH_DIR") or Path.home() / ".cache" / "kehu-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def fingerprint() -> str:
    """Changes whenever the data or the schema would: generator, this file, migrations, and the
    search keys' rules."""
    digest = hashlib.sha256()
    sources = [Path(demo_names.__file__), Path(__file__)]
    sources += [Path(pinyin.__file__), Path(identifiers.__file__), Path(customers.__file__)]
    sources += sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def sqlite_database(size: int, log: Callable[[str], None] = print) -> Database:
    """The cached SQLite benchmark database of ``size`` customers, built if missing."""
    path = cache_dir() / f"customers-{size}-{fingerprint()}.sqlite3"
    if not path.exists():
        for stale in cache_dir().glob(f"customers-{size}-*.sqlite3"):
            stale.unlink()  # built by an older generator or schema: 1.3 GB at 1M
        partial = path.with_suffix(".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        db = Database(f"sqlite:///{partial}")
        started = time.perf_counter()
        fill(db, size, log)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        partial.rename(path)
        log(f"  built {path.name} in {time.perf_counter() - started:.0f} s")
    return Database(f"sqlite:///{path}")


def postgres_database(admin_url: str, size: int, log: Callable[[str], None] = print) -> Database:
    """A PostgreSQL benchmark database of ``size`` customers on the server of ``admin_url``
    (a URL whose user may create databases), kept there for the next run."""
    name = f"kehu_bench_{size}"
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
        if exists:
            db = Database(url)
            with db.read() as s:
                done = s.get(Setting, _DONE_KEY)
            if done is not None and done.value == fingerprint():
                return db
            db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    finally:
        admin.dispose()
    db = Database(url)
    started = time.perf_counter()
    fill(db, size, log)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # What autovacuum would do soon.
        for table in ("customers", "customer_name_grams", "customer_search_keys"):
            conn.exec_driver_sql(f"VACUUM ANALYZE {table}")
    log(f"  built PostgreSQL database {name} in {time.perf_counter() - started:.0f} s")
    return db


def fill(db: Database, size: int, log: Callable[[str], None] = print) -> None:
    """Migrate, set up the demo branch, then bulk-insert ``size`` customers."""
    migrate(db)
    branch_id = set_up_branch(db, DEMO_SETUP)
    with db.read() as s:
        found = s.execute(
            select(MarketOffice.code, MarketOffice.id).where(MarketOffice.branch_id == branch_id)
        )
        offices = {code: office_id for code, office_id in found}
    table = Base.metadata.tables[Customer.__tablename__]
    grams = _Loader(Base.metadata.tables[CustomerNameGram.__tablename__], db.is_sqlite)
    keys = _Loader(Base.metadata.tables[CustomerSearchKey.__tablename__], db.is_sqlite)
    started = time.perf_counter()
    with db.engine.begin() as conn:
        # One transaction; the indexes are built once at the end, which is much faster than
        # keeping them all sorted while a million rows arrive in random order.
        if db.is_sqlite:
            conn.exec_driver_sql("PRAGMA cache_size = -400000")
        for index in table.indexes:
            index.drop(conn)
        grams.begin(conn)
        keys.begin(conn)
        done = 0
        for batch in _batches(size, branch_id, offices):
            rows = [row for row, _ in batch]
            conn.execute(table.insert(), rows)
            # The name bigrams and search keys, as models.customers.keep_search_index writes them.
            ids = [(grams.customer_id(row["id"]), index) for row, index in batch]
            grams.add(conn, [row for cid, index in ids for row in index.gram_tuples(cid)])
            keys.add(conn, [row for cid, index in ids for row in index.key_tuples(cid)])
            done += len(rows)
            if done // 100_000 != (done - len(rows)) // 100_000 or done == size:
                rate = done / (time.perf_counter() - started)
                log(f"  {done:>9,} customers  ({rate:,.0f}/s)")
        for index in table.indexes:
            index.create(conn)
        log(f"  sorting {keys.count:,} search keys and {grams.count:,} name bigrams")
        grams.finish(conn)
        keys.finish(conn)
        conn.execute(
            Base.metadata.tables[Setting.__tablename__].insert(),
            [{"key": _DONE_KEY, "value": fingerprint(), "updated_at": utcnow()}],
        )


class _Loader:
    """Bulk rows for a table whose primary key is its only index (bigrams, search keys): written
    unsorted, with the driver's own executemany, into a temporary table, and moved into the real
    one sorted at the end. Inserting tens of millions of rows into the primary key's B-tree in
    random order would rewrite pages all over the file; a staging table in the file itself
    would leave its pages free there (1.5 GB at 1M)."""

    def __init__(self, target: Table, is_sqlite: bool) -> None:
        self.target = target
        columns = [Column(c.name, c.type) for c in target.columns]
        self.load = Table(f"bench_load_{target.name}", MetaData(), *columns, prefixes=["TEMPORARY"])
        self.names = ", ".join(c.name for c in target.columns)
        marks = ", ".join("?" if is_sqlite else "%s" for _ in target.columns)
        self.insert = f"INSERT INTO {self.load.name} ({self.names}) VALUES ({marks})"
        self.count = 0

    def begin(self, conn: Connection) -> None:
        self.load.create(conn)
        # Customer ids as the column type writes them (32 hex digits on SQLite).
        convert = self.target.c.customer_id.type.bind_processor(conn.dialect)
        self.customer_id = convert or (lambda value: value)

    def add(self, conn: Connection, rows: list[tuple[Any, ...]]) -> None:
        """Rows in the table's column order, customer ids already through
        :attr:`customer_id`."""
        conn.exec_driver_sql(self.insert, rows)  # type: ignore[arg-type]
        self.count += len(rows)

    def finish(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            f"INSERT INTO {self.target.name} ({self.names}) "
            f"SELECT {self.names} FROM {self.load.name} ORDER BY {self.names}"
        )
        self.load.drop(conn)


def _batches(
    size: int, branch_id: uuid.UUID, offices: dict[str, uuid.UUID]
) -> Iterator[list[tuple[dict[str, Any], SearchIndex]]]:
    """Rows of the customers table with their search data, up to ``BATCH`` at a time, in a
    deterministic order.

    Worker processes each generate a chunk (its own seeded generator) with its search data
    (the slow part, about 0.4 ms a name: every reading of every character); this process drops
    the few names and credit codes that another chunk already had, so every name is unique, and
    takes chunks in order until ``size`` rows are out.
    """
    statuses = status_plan(size, random.Random(SEED))
    ids = random.Random(SEED + 1)
    names: set[str] = set()
    codes: set[str] = set()
    now = utcnow()
    done = 0
    workers = os.cpu_count() or 1
    per_chunk = min(BATCH, max(1000, -(-size // workers)))
    with ProcessPoolExecutor(workers) as pool:
        chunks = (pool.submit(_chunk, SEED * 1_000_003 + k, per_chunk) for k in itertools.count())
        window = collections.deque(itertools.islice(chunks, workers + 1))
        while done < size:
            chunk = window.popleft().result()
            window.append(next(chunks))
            rows: list[tuple[dict[str, Any], SearchIndex]] = []
            for values, index in chunk:
                if done + len(rows) == size:
                    break
                if values["name"] in names or values["uscc"] in codes:
                    continue
                names.add(values["name"])
                codes.add(values["uscc"])
                values.update(
                    id=uuid.UUID(int=ids.getrandbits(128), version=4),
                    branch_id=branch_id,
                    market_office_id=offices.get(values.pop("market_office")),
                    status=statuses[done + len(rows)],
                    on_hold=False,
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
                rows.append((values, index))
            done += len(rows)
            yield rows
        for future in window:
            future.cancel()


_BASIC = (
    "name",
    "uscc",
    "address",
    "phone",
    "postcode",
    "owner",
    "manager",
    "legal_representative",
    "founded",
    "bank",
    "bank_account",
    "channel",
    "market_office",
)


def _chunk(seed: int, count: int) -> list[tuple[dict[str, Any], SearchIndex]]:
    """``count`` customers' basic data and search data (runs in a worker process)."""
    generator = CustomerGenerator(seed, TODAY, months=0)
    out = []
    for _ in range(count):
        fake = generator.customer()
        values = {name: getattr(fake, name) for name in _BASIC}
        index = search_index(fake.name, fake.phone)
        values.update(index.columns())
        out.append((values, index))
    return out
