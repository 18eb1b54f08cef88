"""Issue 9's early-warning job at 10k and 100k customers with a year of slips each.

The database: a branch (``set_up_branch``) and ``n`` selected customers bulk-inserted with Core
``INSERT`` executemany (as bench/generate.py does), each with a grade, this month's approved
limit, a contract, and a year of credit sales: one slip a month (its dispatch note, and its
payment allocation when paid). A tenth of the customers stop buying three months ago (churn), a
tenth owe their last two slips past the due date (overdue), a tenth buy up to their limit (near
limit), the rest buy and pay every month. Copy ③ is back on every slip. Cached in
``$KEHU_BENCH_DIR``.

Timed: ``services.warnings.run_warnings`` as the system. The first run opens the warnings (its
time is printed once); the timed runs find the same conditions again (refreshing nothing), which
is what the job does at every start-up and after every sync.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.generate import TODAY
from bench.generate import cache_dir
from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.migrations import migrate
from kehu_desktop.models import Base
from kehu_desktop.models import Contract
from kehu_desktop.models import CreditGrade
from kehu_desktop.models import CreditLimit
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import Payment
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.models import User
from kehu_desktop.models import utcnow
from kehu_desktop.services.admin.setup import BranchSetup
from kehu_desktop.services.admin.setup import set_up_branch
from kehu_desktop.services.base import Actor
from kehu_desktop.services.warnings import run_warnings

SEED = 29
MONTHS = 12
BATCH = 20_000
MONTH = TODAY.replace(day=1)


def fingerprint() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]


def warnings_database(n: int, log: Callable[[str], None] = print) -> Database:
    path = cache_dir() / f"warnings-{n}-{fingerprint()}.sqlite3"
    if not path.exists():
        for stale in cache_dir().glob(f"warnings-{n}-*.sqlite3"):
            stale.unlink()
        partial = path.with_suffix(".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        started = time.perf_counter()
        db = Database(f"sqlite:///{partial}", clock=FixedClock(TODAY))
        migrate(db)
        set_up_branch(
            db,
            BranchSetup(
                branch_code="SH",
                branch_name="上海分公司",
                region_code="HD",
                region_name="华东大区",
                admin_username="admin",
                admin_password="bench-password-1",
                market_offices=[("PD", "浦东市场部")],
            ),
        )
        _bulk(db, n, log)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        partial.rename(path)
        log(f"  built {path.name} in {time.perf_counter() - started:.0f} s")
    # The job writes its warnings: each measurement starts from a fresh copy of the cache.
    run = path.with_suffix(".run")
    shutil.copyfile(path, run)
    return Database(f"sqlite:///{run}", clock=FixedClock(TODAY))


def _bulk(db: Database, n: int, log: Callable[[str], None]) -> None:
    with db.read() as s:
        from kehu_desktop.models import Branch

        branch_id = s.execute(select(Branch.id)).scalar_one()
        admin = s.execute(select(User.id).where(User.username == "admin")).scalar_one()
    rng = random.Random(SEED)
    now = utcnow()
    models = (
        Customer,
        CreditGrade,
        CreditLimit,
        Contract,
        DispatchNote,
        Slip,
        Payment,
        PaymentAllocation,
    )
    tables = {m: Base.metadata.tables[m.__tablename__] for m in models}
    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = -400000")
        dropped = [ix for t in tables.values() for ix in t.indexes]
        for ix in dropped:
            ix.drop(conn)
        rows: dict[Any, list[dict[str, Any]]] = {m: [] for m in models}
        serial = 0

        def flush() -> None:
            for model in models:
                if rows[model]:
                    conn.execute(tables[model].insert(), rows[model])
                    rows[model].clear()

        for k in range(n):
            cid = uuid.UUID(int=rng.getrandbits(128), version=4)
            kind = ("churn", "overdue", "near_limit", *(["steady"] * 7))[k % 10]
            limit = Decimal("50000.00")
            rows[Customer].append(
                {
                    "id": cid,
                    "branch_id": branch_id,
                    "name": f"预警压测客户{k:07d}医药有限公司",
                    "name_pinyin": f"yujingyace{k:07d}",
                    "name_initials": f"yjyc{k:07d}",
                    "channel": "state_owned",
                    "status": "selected",
                    "on_hold": False,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            rows[CreditGrade].append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "customer_id": cid,
                    "grade": 3 + k % 2,
                    "effective_from": TODAY - timedelta(days=400),
                    "source": "manual",
                    "reason": "压测",
                    "set_by": admin,
                    "set_at": now,
                }
            )
            rows[CreditLimit].append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "customer_id": cid,
                    "month": MONTH,
                    "grade": 3 + k % 2,
                    "unlimited": False,
                    "amount": limit,
                    "status": "approved",
                    "applied_by": admin,
                    "applied_at": now,
                    "decided_by": admin,
                    "decided_role": "branch_gm",
                    "decided_at": now,
                }
            )
            rows[Contract].append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "customer_id": cid,
                    "number": f"HT-B-{k:08d}",
                    "payment_terms": "agreed",
                    "term_days": 30,
                    "month_end_cap": Decimal("100000.00"),
                    "signer_id": admin,
                    "signer_role": "branch_gm",
                    "signed_date": TODAY - timedelta(days=400),
                    "valid_from": TODAY - timedelta(days=400),
                    "valid_to": TODAY + timedelta(days=200 if k % 7 else 20),
                    "created_by": admin,
                    "created_at": now,
                }
            )
            months = MONTHS - 3 if kind == "churn" else MONTHS
            for m in range(months):
                serial += 1
                day = TODAY - timedelta(days=30 * (MONTHS - 1 - m) + rng.randrange(0, 20))
                total = (
                    Decimal("45000.00")
                    if kind == "near_limit" and m == months - 1
                    else Decimal(rng.randrange(800_000, 1_200_000)) / 100
                )
                unpaid = (kind == "overdue" and m >= months - 2) or (
                    kind == "near_limit" and m == months - 1
                )
                _sale(rows, rng, serial, branch_id, cid, admin, day, total, unpaid, now)
            if len(rows[Slip]) >= BATCH:
                flush()
            if (k + 1) % 10_000 == 0:
                rate = serial / (time.perf_counter() - started)
                log(f"  {k + 1:>9,} customers, {serial:,} slips ({rate:,.0f} slips/s)")
        flush()
        for ix in dropped:
            ix.create(conn)


def _sale(
    rows: dict[Any, list[dict[str, Any]]],
    rng: random.Random,
    serial: int,
    branch_id: uuid.UUID,
    cid: uuid.UUID,
    user: uuid.UUID,
    day: date,
    total: Decimal,
    unpaid: bool,
    now: Any,
) -> None:
    note_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    slip_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    rows[DispatchNote].append(
        {
            "id": note_id,
            "branch_id": branch_id,
            "number": f"SH-DN-W-{serial:09d}",
            "customer_id": cid,
            "sale_kind": "credit",
            "status": "returned",
            "total": total,
            "requested_by": user,
            "requested_at": now,
            "approval_mode": "signed",
            "approved_at": now,
            "released_at": now,
            "delivered_on": day,
            "version": 1,
        }
    )
    rows[Slip].append(
        {
            "id": slip_id,
            "branch_id": branch_id,
            "number": f"SH-CS-W-{serial:09d}",
            "kind": "credit_sale",
            "dispatch_note_id": note_id,
            "customer_id": cid,
            "issue_date": day,
            "due_date": day + timedelta(days=30),
            "issued_at": now,
            "issued_by": user,
            "customer_name": "预警压测客户",
            "total": total,
            "status": "issued",
            "print_count": 1,
            "reprint_count": 0,
            "copy3_returned_at": now,
        }
    )
    if unpaid:
        return
    payment_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    rows[Payment].append(
        {
            "id": payment_id,
            "branch_id": branch_id,
            "number": f"SH-PM-W-{serial:09d}",
            "customer_id": cid,
            "method": "bank_transfer",
            "amount": total,
            "received_on": day + timedelta(days=20),
            "received_at": now,
            "received_by": user,
            "reference": f"W{serial:010d}",
        }
    )
    rows[PaymentAllocation].append(
        {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "payment_id": payment_id,
            "slip_id": slip_id,
            "amount": total,
            "allocated_on": day + timedelta(days=20),
        }
    )


def measure(db: Database, repeat: int) -> tuple[float, list[float], dict[str, int]]:
    """The first run (opening the warnings), then ``repeat`` timed runs; and the warnings open
    by kind."""
    with db.read() as s:
        from kehu_desktop.services.base.records import local_branch_in

        branch_id = local_branch_in(s)
    system = Actor.system(branch_id)
    started = time.perf_counter()
    run_warnings(db, system)
    first = time.perf_counter() - started
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run_warnings(db, system)
        samples.append(time.perf_counter() - started)
    with db.read() as s:
        from sqlalchemy import func

        from kehu_desktop.models import EarlyWarning

        kinds = dict(
            s.execute(select(EarlyWarning.kind, func.count()).group_by(EarlyWarning.kind)).all()
        )
    return first, samples, {str(k): int(v) for k, v in kinds.items()}


def print_table(
    sizes: list[int], results: dict[int, tuple[float, list[float], dict[str, int]]]
) -> None:
    print("\nSQLite (file, WAL) — early-warning job (a year of monthly slips per customer)")
    width = 44
    print("customers".ljust(width) + "".join(f"{n:>12,}" for n in sizes) + "   ratio")
    first = [results[n][0] for n in sizes]
    medians = [statistics.median(results[n][1]) for n in sizes]
    linear = sizes[-1] / sizes[0]
    rows = (
        ("first run (opens the warnings), s", first),
        ("run again (median), s", medians),
    )
    for label, values in rows:
        ratio = values[-1] / values[0]
        cells = "".join(f"{v:12.2f}" for v in values)
        print(label.ljust(width) + cells + f"{ratio:7.1f}x (linear {linear:.0f}x)")
    counts = [sum(results[n][2].values()) for n in sizes]
    print("warnings open".ljust(width) + "".join(f"{c:>12,}" for c in counts))
