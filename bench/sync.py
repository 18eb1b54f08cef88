"""Head-office sync (issue 8): push throughput, pull cost against head office's size, and many
branches at once. PostgreSQL only (head office's database); the service runs as ``kehu-hq
serve`` processes on loopback, the branches are SQLite files in a temporary folder.

* **push**: a branch with ``ops`` customer files uploads them (its first upload: every record,
  500 operations a batch, gzip JSON) into PostgreSQL; operations per second of the push alone.
* **pull**: head office holds ``small`` then ``large`` products, each with its change-log entry
  (bulk COPY); a branch pulls the last 1,000 changes (the request, and applying the page in one
  local transaction). Median over ``repeat`` pulls; the cost must follow the changes.
* **branches**: ``branches`` branches with ``per_branch`` customer files each sync at once
  (threads of this process), half against one service instance and half against another, on
  the same database; p95 of one branch's ``sync.now`` and the errors.

The branches' secrets are kept in memory per branch (``client._mine`` reads them), since the
credentials file is one per OS user; the sync code path is otherwise ``sync.now`` itself.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.generate import _chunk
from kehu_desktop.db import Database
from kehu_desktop.migrations import head_revision
from kehu_desktop.migrations import migrate
from kehu_desktop.models import ChangeLogHead
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerNameGram
from kehu_desktop.models import CustomerSearchKey
from kehu_desktop.models import MarketOffice
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Payment
from kehu_desktop.models import SyncState
from kehu_desktop.models import User
from kehu_desktop.models import utcnow
from kehu_desktop.services.admin import BranchSetup
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import set_up_branch
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base.records import next_number
from kehu_desktop.sync import client as sync_client
from kehu_desktop.sync import credentials
from kehu_desktop.sync import registration
from kehu_desktop.sync import wire
from kehu_hq import registry

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-pass-1"
CHANGES = 1000  # changes in one pull


@dataclass
class SyncResults:
    push: dict[str, tuple[int, float]]  # kind → (operations, seconds)
    pull_sizes: tuple[int, int]
    pull_seconds: dict[int, list[float]]
    served_seconds: dict[int, list[float]]  # the pull's request alone (head office's part)
    branches: int
    branch_seconds: dict[str, list[float]]  # round → seconds of each branch's sync
    branch_errors: list[str]


# -- head office -----------------------------------------------------------------------------


@contextmanager
def head_office(admin_url: str, name: str) -> Iterator[Database]:
    """A fresh head-office database ``name`` at the schema head, dropped afterwards."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    try:
        migrate(db)
        registry.mark_head_office(db)
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def services(db: Database, count: int) -> Iterator[list[str]]:
    """``count`` ``kehu-hq serve`` processes on ``db``; their base URLs."""
    env = {**os.environ, "KEHU_HQ_DATABASE_URL": db.url}
    running: list[subprocess.Popen[bytes]] = []
    urls = []
    try:
        for _ in range(count):
            port = _free_port()
            running.append(
                subprocess.Popen(
                    [sys.executable, "-m", "kehu_hq", "serve", "--port", str(port)],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"kehu-hq serve at {url} did not start")
                time.sleep(0.1)
        yield urls
    finally:
        for process in running:
            process.send_signal(signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _free_port() -> int:
    import socket  # here: only the service's start needs it

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- branches --------------------------------------------------------------------------------


@dataclass
class BenchBranch:
    db: Database
    branch_id: uuid.UUID
    admin: Actor
    stored: credentials.Credentials | None = None


def make_branch(template: Path, folder: Path, code: str, customers: int, seed: int) -> BenchBranch:
    """A SQLite branch ``code`` (a copy of the migrated template) with ``customers`` files."""
    path = folder / f"{code}.sqlite3"
    shutil.copy(template, path)
    db = Database(f"sqlite:///{path}")
    branch_id = set_up_branch(
        db,
        BranchSetup(
            code,
            f"{code}分公司",
            "HD",
            "华东大区",
            "admin",
            PASSWORD,
            market_offices=[("PD", "浦东市场部")],
        ),
    )
    add_customers(db, branch_id, customers, seed)
    return BenchBranch(db, branch_id, auth.sign_in(db, "admin", PASSWORD))


def add_customers(db: Database, branch_id: uuid.UUID, count: int, seed: int) -> None:
    """``count`` generated customer files (the list bench's generator), through Core."""
    if count <= 0:
        return
    with db.read() as s:
        office = s.scalars(
            select(MarketOffice.id).where(MarketOffice.branch_id == branch_id)
        ).first()
    now = utcnow()
    rows, grams, keys = [], [], []
    seen: set[str] = set()
    for values, index in _chunk(seed, count + count // 10 + 10):
        if len(rows) == count:
            break
        if values["name"] in seen:
            continue
        seen.add(values["name"])
        values.pop("market_office")
        customer_id = uuid.uuid4()
        values.update(
            id=customer_id,
            branch_id=branch_id,
            market_office_id=office,
            status="entered",
            on_hold=False,
            created_at=now,
            updated_at=now,
            version=1,
        )
        rows.append(values)
        grams += index.gram_rows(customer_id)
        keys += index.key_rows(customer_id)
    with db.write() as s:
        conn = s.connection()
        for start in range(0, len(rows), 2000):
            conn.execute(Customer.__table__.insert(), rows[start : start + 2000])  # type: ignore[attr-defined]
        conn.execute(CustomerNameGram.__table__.insert(), grams)  # type: ignore[attr-defined]
        conn.execute(CustomerSearchKey.__table__.insert(), keys)  # type: ignore[attr-defined]


def enrol(hq: Database, branch: BenchBranch, url: str, config: Path) -> None:
    """Register the branch with head office as ``kehu sync register`` does; keep its secret."""
    with branch.db.read() as s:
        from kehu_desktop.models import Branch as BranchRow  # here: one query

        code = s.get(BranchRow, branch.branch_id).code  # type: ignore[union-attr]
    issued = registry.add_branch(hq, code, f"{code}分公司", "HD")
    os.environ["KEHU_CONFIG_DIR"] = str(config / code)
    branch.stored = registration.register(branch.db, branch.admin, url, issued.code)


def _secrets(branches: list[BenchBranch]) -> Callable[[Database], credentials.Credentials]:
    by_url = {b.db.url: b.stored for b in branches}

    def mine(db: Database) -> credentials.Credentials:
        stored = by_url[db.url]
        assert stored is not None
        return stored

    return mine


# -- the measurements ------------------------------------------------------------------------


def measure_push(
    hq: Database, url: str, folder: Path, template: Path, ops: int
) -> dict[str, tuple[int, float]]:
    """Operations and seconds of two pushes of ``ops`` operations: customer files (the branch's
    first upload), then payments (ordinary outbox rows)."""
    branch = make_branch(template, folder, "PUSH", ops, seed=11)
    enrol(hq, branch, url, folder / "config")
    assert branch.stored is not None
    actor = Actor.system(branch.branch_id)
    timed: dict[str, tuple[int, float]] = {}
    with httpx.Client(
        base_url=url,
        timeout=sync_client.TIMEOUT,
        headers={"Authorization": f"Bearer {branch.stored.secret}"},
    ) as client:
        sync_client._state(branch.db)
        sync_client.pull_all(branch.db, client, actor)
        sync_client._first_upload(branch.db, branch.branch_id)
        for kind in ("customers", "payments"):
            if kind == "payments":
                add_payments(branch.db, branch.branch_id, ops)
            started = time.perf_counter()
            pushed, rejected = sync_client._push_all(branch.db, client, branch.branch_id)
            timed[kind] = (pushed, time.perf_counter() - started)
            assert rejected == 0, f"{rejected} operations rejected"
    branch.db.dispose()
    return timed


def add_payments(db: Database, branch_id: uuid.UUID, count: int, prefix: str = "PUSH") -> None:
    """``count`` cash payments spread over the branch's customers, with their outbox rows (as
    ``record_payment`` writes them, without its per-payment checks)."""
    with db.read() as s:
        customers = list(s.scalars(select(Customer.id).where(Customer.branch_id == branch_id)))
        cashier = s.scalars(select(User.id).where(User.branch_id == branch_id)).first()
    now = utcnow()
    rows = [
        {
            "id": uuid.uuid4(),
            "branch_id": branch_id,
            "number": f"{prefix}-PM-{n:08d}",
            "customer_id": customers[n % len(customers)],
            "method": "cash",
            "amount": Decimal(100 + n % 997) / 4,
            "received_on": now.date(),
            "received_at": now,
            "received_by": cashier,
            "reference": None,
            "note": None,
            "reverses_id": None,
        }
        for n in range(count)
    ]
    revision = head_revision()
    with db.write() as s:
        conn = s.connection()
        conn.execute(Payment.__table__.insert(), rows)  # type: ignore[attr-defined]
        first = next_number(s, branch_id, "outbox", 0, count=count)
        conn.execute(
            OutboxOp.__table__.insert(),  # type: ignore[attr-defined]
            [
                {
                    "id": uuid.uuid4(),
                    "branch_id": branch_id,
                    "seq": seq,
                    "op_id": uuid.uuid4(),
                    "entity": "payments",
                    "entity_id": str(row["id"]),
                    "op": "upsert",
                    "payload": wire.to_payload("payments", row),
                    "schema_rev": revision,
                    "created_at": now,
                }
                for seq, row in enumerate(rows, start=first)
            ],
        )


def fill_products(hq: Database, count: int, start: int) -> None:
    """Products ``start`` … ``start + count - 1`` and one change-log entry each, by COPY; the
    log's head moves past them."""
    now = utcnow()
    raw = hq.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(  # type: ignore[attr-defined]
            "COPY products (id, code, name, name_pinyin, name_initials, specification, unit, "
            "factory_price, batch_required, active, updated_at) FROM STDIN"
        ) as copy:
            ids = []
            for n in range(start, start + count):
                product_id = uuid.uuid4()
                ids.append(product_id)
                copy.write_row(
                    (
                        product_id,
                        f"P{n:08d}",
                        f"测试产品{n}",
                        f"ceshichanpin{n}",
                        "cscp",
                        "10片",
                        "盒",
                        Decimal("12.50"),
                        False,
                        True,
                        now,
                    )
                )
        head = cursor.execute("SELECT version FROM change_log_head WHERE id = 1").fetchone()
        base = int(head[0]) if head else 0
        with cursor.copy(  # type: ignore[attr-defined]
            "COPY change_log (version, table_name, row_id, op, branch_id, at) FROM STDIN"
        ) as copy:
            for i, product_id in enumerate(ids, start=base + 1):
                copy.write_row((i, "products", str(product_id), "upsert", None, now))
        cursor.execute(
            "INSERT INTO change_log_head (id, version) VALUES (1, %s) "
            "ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version",
            (base + len(ids),),
        )
        raw.commit()
        raw.commit()
        # VACUUM (outside a transaction): what autovacuum would soon do, not during the pulls.
        driver = raw.driver_connection
        assert driver is not None
        driver.autocommit = True
        try:
            driver.execute("VACUUM ANALYZE products")
            driver.execute("VACUUM ANALYZE change_log")
        finally:
            driver.autocommit = False
    finally:
        raw.close()


def measure_pulls(
    pullers: list[tuple[BenchBranch, Database, str]], repeat: int
) -> list[list[float]]:
    """Seconds of pulling the last :data:`CHANGES` changes from each head office, taken in
    turns (one of each, ``repeat`` times, after one untimed round) so that the machine's other
    work weighs on every size alike."""
    clients, heads = [], []
    for branch, hq, url in pullers:
        assert branch.stored is not None
        with hq.read() as s:
            heads.append(
                int(s.scalar(select(ChangeLogHead.version).where(ChangeLogHead.id == 1)) or 0)
            )
        clients.append(
            httpx.Client(
                base_url=url,
                timeout=sync_client.TIMEOUT,
                headers={"Authorization": f"Bearer {branch.stored.secret}"},
            )
        )
    samples: list[list[float]] = [[] for _ in pullers]
    served: list[list[float]] = [[] for _ in pullers]
    try:
        for round_ in range(repeat + 1):
            for k, (branch, _hq, _url) in enumerate(pullers):
                with branch.db.write() as s:
                    state = s.get(SyncState, 1)
                    assert state is not None
                    state.pull_cursor = heads[k] - CHANGES
                started = time.perf_counter()
                pulled = sync_client.pull_all(branch.db, clients[k], Actor.system(branch.branch_id))
                if round_:
                    samples[k].append(time.perf_counter() - started)
                assert pulled == CHANGES, pulled
                # Head office's part alone: the same page, fetched and parsed, not applied.
                started = time.perf_counter()
                reply = clients[k].get(
                    "/v1/pull",
                    params={
                        "after": heads[k] - CHANGES,
                        "limit": CHANGES,
                        "schema_rev": sync_client._schema_rev(),
                    },
                )
                assert len(reply.json()["changes"]) == CHANGES
                if round_:
                    served[k].append(time.perf_counter() - started)
    finally:
        for client in clients:
            client.close()
    return [samples[0], samples[1], served[0], served[1]]


def measure_branches(
    hq: Database, urls: list[str], folder: Path, template: Path, count: int, per_branch: int
) -> tuple[dict[str, list[float]], list[str]]:
    """Two rounds of ``count`` branches syncing at once: their first uploads (``per_branch``
    customer files each), then a timer's sync after ``per_branch`` payments each. Seconds of
    each branch's ``sync.now`` per round, and every error (a failed sync, a verify that
    differs)."""
    branches = []
    for i in range(count):
        branch = make_branch(template, folder, f"B{i:02d}", per_branch, seed=100 + i)
        enrol(hq, branch, urls[i % len(urls)], folder / "config")
        branches.append(branch)
    rounds: dict[str, list[float]] = {}
    errors: list[str] = []
    mine = sync_client._mine
    sync_client._mine = _secrets(branches)  # type: ignore[assignment]
    try:
        rounds["first upload"] = _at_once(branches, errors)
        for i, branch in enumerate(branches):
            add_payments(branch.db, branch.branch_id, per_branch, prefix=f"B{i:02d}")
        rounds["timer"] = _at_once(branches, errors)
        for branch in branches:  # every branch equal to what head office holds of it
            try:
                if not sync_client.verify(branch.db)["equal"]:
                    errors.append(f"verify: branch {branch.branch_id} differs")
            except Exception as exc:  # noqa: BLE001
                errors.append(f"verify: {type(exc).__name__}: {exc}")
    finally:
        sync_client._mine = mine  # type: ignore[assignment]
        for branch in branches:
            branch.db.dispose()
    return rounds, errors


def _at_once(branches: list[BenchBranch], errors: list[str]) -> list[float]:
    seconds: list[float] = []
    gate = threading.Barrier(len(branches))
    lock = threading.Lock()

    def run(branch: BenchBranch) -> None:
        gate.wait()
        started = time.perf_counter()
        try:
            report = sync_client.now(branch.db)
            if report.pending or report.rejections:
                raise RuntimeError(f"pending {report.pending}, rejected {report.rejections}")
            outcome = None
        except Exception as exc:  # noqa: BLE001 - counted and shown, not raised
            outcome = f"{type(exc).__name__}: {exc}"
        with lock:
            seconds.append(time.perf_counter() - started)
            if outcome:
                errors.append(outcome)

    threads = [threading.Thread(target=run, args=(b,)) for b in branches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seconds


def run(
    admin_url: str,
    *,
    ops: int,
    sizes: tuple[int, int],
    branches: int,
    per_branch: int,
    repeat: int,
    log: Callable[[str], None],
) -> SyncResults:
    folder = Path(tempfile.mkdtemp(prefix="kehu-bench-sync-"))
    config = os.environ.get("KEHU_CONFIG_DIR")
    try:
        template = folder / "template.sqlite3"
        empty = Database(f"sqlite:///{template}")
        migrate(empty)
        empty.dispose()
        suffix = uuid.uuid4().hex[:8]
        with head_office(admin_url, f"kehu_bench_sync_{suffix}") as hq, services(hq, 2) as urls:
            log(f"sync: push of {ops:,} operations")
            pushed = measure_push(hq, urls[0], folder, template, ops)
            log(f"sync: {branches} branches at once on {len(urls)} service instances")
            branch_seconds, errors = measure_branches(
                hq, urls, folder, template, branches, per_branch
            )
        small, large = sizes
        with (
            head_office(admin_url, f"kehu_bench_pull_{suffix}_s") as hq_small,
            head_office(admin_url, f"kehu_bench_pull_{suffix}_l") as hq_large,
            services(hq_small, 1) as small_urls,
            services(hq_large, 1) as large_urls,
        ):
            pullers = []
            for size, hq, url in (
                (small, hq_small, small_urls[0]),
                (large, hq_large, large_urls[0]),
            ):
                puller = make_branch(template, folder, f"PULL{len(pullers)}", 0, seed=5)
                enrol(hq, puller, url, folder / "config")
                log(f"sync: head office with {size:,} products and log entries")
                started = time.perf_counter()
                fill_products(hq, size, 0)
                log(f"  filled in {time.perf_counter() - started:.0f} s")
                pullers.append((puller, hq, url))
            log(f"sync: pulls of {CHANGES:,} changes, in turns")
            timed = measure_pulls(pullers, repeat)
            pulls = {small: timed[0], large: timed[1]}
            served = {small: timed[2], large: timed[3]}
            for puller, _hq, _url in pullers:
                puller.db.dispose()
    finally:
        if config is None:
            os.environ.pop("KEHU_CONFIG_DIR", None)
        else:
            os.environ["KEHU_CONFIG_DIR"] = config
        shutil.rmtree(folder, ignore_errors=True)
    return SyncResults(pushed, sizes, pulls, served, branches, branch_seconds, errors)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def print_table(results: SyncResults, width: int = 44) -> None:
    small, large = results.pull_sizes
    print("\nPostgreSQL — head-office sync (kehu-hq serve on loopback, SQLite branches)")
    for kind, label in (
        ("customers", "push, ops/s: customer files (first upload)"),
        ("payments", "push, ops/s: payments (outbox)"),
    ):
        ops, seconds = results.push[kind]
        print(
            f"{label:<{width}}{ops / seconds:12,.0f}"
            f"   ({ops:,} ops in {seconds:.1f} s; aim ≥ 2,000)"
        )
    label = f"pull of {CHANGES:,} changes, median ms"
    print(f"{label:<{width}}{_size(small):>12}{_size(large):>12}{'ratio':>10}")
    for title, timed in (
        ("  the branch's whole pull", results.pull_seconds),
        ("  head office's part (request)", results.served_seconds),
    ):
        a = statistics.median(timed[small]) * 1000
        b = statistics.median(timed[large]) * 1000
        print(f"{title:<{width}}{a:12.0f}{b:12.0f}{b / a:9.2f}x   (aim ≤ 1.5x)")
    for name, seconds in results.branch_seconds.items():
        label = f"{results.branches} branches at once ({name}): p95 s"
        print(
            f"{label:<{width}}{p95(seconds):12.2f}   (median {statistics.median(seconds):.2f} s, "
            f"max {max(seconds):.2f} s; 2 service instances)"
        )
    print(f"{'  errors':<{width}}{len(results.branch_errors):12d}   (aim 0)")
    for error in results.branch_errors[:5]:
        print(f"    {error[:200]}")


def _size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)
