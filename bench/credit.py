"""Issue 3's credit check: the cashier's release decision with 1k … 1M ledger rows.

The database is the demo branch (``create_demo`` with its month of history, through the services)
plus ``rows`` ledger rows bulk-inserted with Core ``INSERT`` executemany, as bench/generate.py
does: dispatch notes (returned), their slips (issued) and payment allocations (with one payment
per five slips), about a third each, spread over many customers (40 deliveries each). The
customer measured is the demo's blocked one (its note waits at the cashier over its headroom);
it also gets 100 paid deliveries of its own in the bulk rows, so its history is not tiny.

Timed: ``release.preview_release`` for that note, the same reading and rules as
``release_dispatch`` (credit_position_in + decide_release in one read transaction): since issue 6
that includes 前清后送, the overdue credit slips (from the open slips' due dates) and the
contract's month-end cap, read by the same per-customer queries. The bulk slips are paid in
full, so none of them is open, let alone overdue.
Cached in ``$KEHU_BENCH_DIR`` like the customer databases.
"""

from __future__ import annotations

import hashlib
import random
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.generate import TODAY
from bench.generate import cache_dir
from bench.generate import fingerprint as customers_fingerprint
from bench.raw import Raw
from bench.raw import captured
from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.demo import DEMO_PASSWORD
from kehu_desktop.demo import create_demo
from kehu_desktop.demo import history as demo_history
from kehu_desktop.domain.credit_check import CreditDecision
from kehu_desktop.migrations import migrate
from kehu_desktop.models import Base
from kehu_desktop.models import Branch
from kehu_desktop.models import Customer
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import Payment
from kehu_desktop.models import PaymentAllocation
from kehu_desktop.models import Slip
from kehu_desktop.models import User
from kehu_desktop.models import utcnow
from kehu_desktop.services.admin import auth
from kehu_desktop.services.base import Actor
from kehu_desktop.services.dispatch import preview_release

SEED = 11
PER_CUSTOMER = 40  # deliveries of each bulk customer
OWN = 100  # bulk deliveries of the measured customer
BATCH = 20_000


def fingerprint() -> str:
    digest = hashlib.sha256(customers_fingerprint().encode())
    for source in (Path(__file__), Path(demo_history.__file__)):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def ledger_database(rows: int, log: Callable[[str], None] = print) -> Database:
    path = cache_dir() / f"ledger-{rows}-{fingerprint()}.sqlite3"
    if not path.exists():
        for stale in cache_dir().glob(f"ledger-{rows}-*.sqlite3"):
            stale.unlink()
        partial = path.with_suffix(".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        started = time.perf_counter()
        db = Database(f"sqlite:///{partial}", clock=FixedClock(TODAY))
        migrate(db)
        create_demo(db, customers=30, seed=3)
        _bulk(db, rows, log)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        partial.rename(path)
        log(f"  built {path.name} in {time.perf_counter() - started:.0f} s")
    # The business clock stands on the day the demo was built for, so the limits it approved
    # for that month are the ones the check reads.
    return Database(f"sqlite:///{path}", clock=FixedClock(TODAY))


def blocked_note(db: Database) -> tuple[Actor, uuid.UUID]:
    """The cashier, and the demo's note that the credit check refuses (over the headroom)."""
    cashier = auth.sign_in(db, "cashier", DEMO_PASSWORD)
    with db.read() as s:
        notes = list(
            s.execute(
                select(DispatchNote.id)
                .where(DispatchNote.status == "assigned", DispatchNote.sale_kind == "credit")
                .order_by(DispatchNote.number)
            ).scalars()
        )
    for note in notes:
        if any(f.code == "release.over_limit" for f in _decide(db, cashier, note).failures):
            return cashier, note
    raise RuntimeError("the demo has no blocked note")


def _decide(db: Database, cashier: Actor, note: uuid.UUID) -> CreditDecision:
    return preview_release(db, cashier, note)


def measure(db: Database, repeat: int) -> tuple[list[float], list[float]]:
    """Seconds of each of ``repeat`` release decisions (after 5 untimed warm-ups), and of each
    of ``repeat`` runs of its floor: the same reads, as the driver received them, replayed
    on a raw connection (no ORM, no rules)."""
    cashier, note = blocked_note(db)
    with captured(db) as statements:
        _decide(db, cashier, note)
    raw = Raw(db)
    try:
        return _samples(lambda: _decide(db, cashier, note), repeat), _samples(
            lambda: raw.read(statements), repeat
        )
    finally:
        raw.close()


def _samples(fn: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(5):
        fn()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def ledger_rows(db: Database) -> int:
    with db.read() as s:
        return sum(s.query(model).count() for model in (DispatchNote, Slip, PaymentAllocation))


def _bulk(db: Database, rows: int, log: Callable[[str], None]) -> None:
    cashier, target_note = blocked_note(db)
    with db.read() as s:
        branch_id = s.execute(select(Branch.id)).scalar_one()
        rep = s.execute(select(User.id).where(User.username == "sales_rep")).scalar_one()
        target = s.get(DispatchNote, target_note).customer_id  # type: ignore[union-attr]
    deliveries = max(OWN, rows // 3)
    customers = max(1, -(-(deliveries - OWN) // PER_CUSTOMER))
    rng = random.Random(SEED)
    now = utcnow()
    tables = {
        m: Base.metadata.tables[m.__tablename__]
        for m in (Customer, DispatchNote, Slip, Payment, PaymentAllocation)
    }
    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = -400000")
        dropped = [ix for t in tables.values() for ix in t.indexes]
        for ix in dropped:
            ix.drop(conn)
        ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(customers)]
        for start in range(0, customers, BATCH):
            conn.execute(
                tables[Customer].insert(),
                [
                    {
                        "id": cid,
                        "branch_id": branch_id,
                        "name": f"压测客户{n:07d}医药有限公司",
                        "name_pinyin": f"yacekehu{n:07d}",
                        "name_initials": f"yckh{n:07d}",
                        "channel": "state_owned",
                        "status": "selected",
                        "on_hold": False,
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                    for n, cid in enumerate(ids[start : start + BATCH], start)
                ],
            )
        owners = [target] * OWN + [c for c in ids for _ in range(PER_CUSTOMER)]
        done = 0
        for chunk in _chunks(owners[:deliveries], branch_id, rep, cashier, rng, now):
            for model in (DispatchNote, Slip, Payment, PaymentAllocation):
                if chunk[model]:
                    conn.execute(tables[model].insert(), chunk[model])
            done += len(chunk[Slip])
            if done // 100_000 != (done - len(chunk[Slip])) // 100_000 or done == deliveries:
                rate = done * 3 / (time.perf_counter() - started)
                log(f"  {done * 3:>9,} ledger rows  ({rate:,.0f}/s)")
        for ix in dropped:
            ix.create(conn)
        if not db.is_sqlite:  # pragma: no cover - SQLite only for now
            conn.exec_driver_sql("ANALYZE")


def _chunks(
    owners: list[uuid.UUID],
    branch_id: uuid.UUID,
    rep: uuid.UUID,
    cashier: Actor,
    rng: random.Random,
    now: Any,
) -> Iterator[dict[type, list[dict[str, Any]]]]:
    cashier_id = cashier.user_id
    for start in range(0, len(owners), BATCH):
        out: dict[type, list[dict[str, Any]]] = {
            DispatchNote: [],
            Slip: [],
            Payment: [],
            PaymentAllocation: [],
        }
        payment: dict[str, Any] | None = None
        for n, cid in enumerate(owners[start : start + BATCH], start):
            day = TODAY - timedelta(days=400 - n % 365)
            total = Decimal(rng.randrange(10_000, 500_000)) / 100
            note_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            slip_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            out[DispatchNote].append(
                {
                    "id": note_id,
                    "branch_id": branch_id,
                    "number": f"SH-DN-B-{n:08d}",
                    "customer_id": cid,
                    "sale_kind": "credit",
                    "status": "returned",
                    "total": total,
                    "requested_by": rep,
                    "requested_at": now,
                    "approval_mode": "signed",
                    "approved_at": now,
                    "released_at": now,
                    "delivered_on": day,
                    "version": 1,
                }
            )
            out[Slip].append(
                {
                    "id": slip_id,
                    "branch_id": branch_id,
                    "number": f"SH-CS-B-{n:08d}",
                    "kind": "credit_sale",
                    "dispatch_note_id": note_id,
                    "customer_id": cid,
                    "issue_date": day,
                    "issued_at": now,
                    "issued_by": rep,
                    "customer_name": "压测客户",
                    "total": total,
                    "status": "issued",
                    "print_count": 1,
                    "reprint_count": 0,
                }
            )
            if payment is None or payment["customer_id"] != cid or n % 5 == 0:
                payment = {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "branch_id": branch_id,
                    "number": f"SH-PM-B-{n:08d}",
                    "customer_id": cid,
                    "method": "bank_transfer",
                    "amount": Decimal("0.00"),
                    "received_on": day,
                    "received_at": now,
                    "received_by": cashier_id,
                    "reference": f"B{n:010d}",
                }
                out[Payment].append(payment)
            payment["amount"] += total
            out[PaymentAllocation].append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "payment_id": payment["id"],
                    "slip_id": slip_id,
                    "amount": total,
                    "allocated_on": day,
                }
            )
        yield out
