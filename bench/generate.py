"""Benchmark databases: N realistic customers, written fast, cached between runs.

Not through the services: ``save_customer`` is one transaction per customer with its audit
record, outbox rows and similar-name check (about 30 ms each on SQLite), so a million customers
would take hours. The list and the search box only read the ``customers`` table, so that table
is filled with the same generator the demo uses (:mod:`kehu_desktop.services.demo_names`),
search keys from the same :func:`~kehu_desktop.domain.pinyin.search_keys` the services call
(and the name bigrams of ``customer_name_grams`` from the same ``name_grams``),
and plain Core ``INSERT`` executemany in batches, into a database migrated by
:func:`kehu_desktop.migrations.migrate` with the branch set up by the real ``set_up_branch``.
The schema, indexes included, is therefore exactly the app's.

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
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from kehu_desktop.db import Database
from kehu_desktop.domain.pinyin import search_keys
from kehu_desktop.migrations import HERE as MIGRATIONS_DIR
from kehu_desktop.migrations import migrate
from kehu_desktop.models import (
    Base,
    Customer,
    CustomerNameGram,
    MarketOffice,
    Setting,
    name_grams,
    utcnow,
)
from kehu_desktop.services import demo_names
from kehu_desktop.services.demo import DEMO_SETUP
from kehu_desktop.services.demo_names import CustomerGenerator, status_plan
from kehu_desktop.services.setup import set_up_branch

SEED = 7
TODAY = date(2026, 11, 26)  # fixed, so a cached database is the same whenever it was built
BATCH = 20_000
_DONE_KEY = "bench.fingerprint"


def cache_dir() -> Path:
    path = Path(os.environ.get("KEHU_BENCH_DIR") or Path.home() / ".cache" / "kehu-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def fingerprint() -> str:
    """Changes whenever the data or the schema would: generator, this file, migrations."""
    digest = hashlib.sha256()
    sources = [Path(demo_names.__file__), Path(__file__)]
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
        for name in ("customers", "customer_name_grams"):  # what autovacuum would do soon
            conn.exec_driver_sql(f"VACUUM ANALYZE {name}")
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
    grams = Base.metadata.tables[CustomerNameGram.__tablename__]
    started = time.perf_counter()
    with db.engine.begin() as conn:
        # One transaction; the indexes are built once at the end, which is much faster than
        # keeping them all sorted while a million rows arrive in random order.
        if db.is_sqlite:
            conn.exec_driver_sql("PRAGMA cache_size = -400000")
        for index in table.indexes:
            index.drop(conn)
        done = 0
        for rows in _batches(size, branch_id, offices):
            conn.execute(table.insert(), rows)
            # The name bigrams, as services.customers.write_customers writes them; sorted, so
            # the batch goes into the (gram, customer_id) primary key in order.
            conn.execute(
                grams.insert(),
                [
                    {"gram": gram, "customer_id": customer_id}
                    for gram, customer_id in sorted(
                        (gram, row["id"]) for row in rows for gram in name_grams(row["name"])
                    )
                ],
            )
            done += len(rows)
            if done // 100_000 != (done - len(rows)) // 100_000 or done == size:
                rate = done / (time.perf_counter() - started)
                log(f"  {done:>9,} customers  ({rate:,.0f}/s)")
        for index in table.indexes:
            index.create(conn)
        conn.execute(
            Base.metadata.tables[Setting.__tablename__].insert(),
            [{"key": _DONE_KEY, "value": fingerprint(), "updated_at": utcnow()}],
        )


def _batches(
    size: int, branch_id: uuid.UUID, offices: dict[str, uuid.UUID]
) -> Iterator[list[dict[str, Any]]]:
    """Rows of the customers table, up to ``BATCH`` at a time, in a deterministic order.

    Worker processes each generate a chunk (its own seeded generator) with its pinyin keys
    (the slow part, about 0.1 ms a name); this process drops the few names and credit codes that
    another chunk already had, so every name is unique, and takes chunks in order until ``size``
    rows are out.
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
            rows: list[dict[str, Any]] = []
            for values in chunk:
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
                rows.append(values)
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


def _chunk(seed: int, count: int) -> list[dict[str, Any]]:
    """``count`` customers' basic data and search keys (runs in a worker process)."""
    generator = CustomerGenerator(seed, TODAY, months=0)
    out = []
    for _ in range(count):
        fake = generator.customer()
        values = {name: getattr(fake, name) for name in _BASIC}
        values["name_pinyin"], values["name_initials"] = search_keys(fake.name)
        out.append(values)
    return out
