"""Slip numbers survive a crash: no gap, no duplicate, and the next slip continues at N+1.

A child process issues slips in a loop through the services (request → approve → assign →
release → confirm delivery, alternating cash and credit sales, on a SQLite file and on
PostgreSQL) and is killed with SIGKILL at a random moment, twice. The numbers then in the
database must be exactly 1..N for each kind (dispatch notes DN, delivery slips DS, credit-sale
slips CS), every delivered note must have its slip (the slip is issued in the delivery's
transaction), the outbox sequence must have no gap, and a new slip must get N+1.

The kill moments (the pause after the child has issued enough slips) come from a seeded
generator: ``KEHU_CRASH_SEED=<n>`` replays them, otherwise a fresh seed is drawn. The seed is
printed (pytest shows it with a failure) and named in every failed check's message.

Run as ``python -m tests.test_slip_numbers_crash URL SPEC`` the module is the child.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.domain.numbering import parse_document_number
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import DispatchNote
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import Slip
from kehu_desktop.services.base import Actor
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import deliver
from tests.factories import make_shop
from tests.factories import ready_note
from tests.factories import release as release_note

ROOT = Path(__file__).resolve().parents[1]
KILLS = 2
SEED_VARIABLE = "KEHU_CRASH_SEED"


def crash_seed() -> int:
    """The seed of this run: ``KEHU_CRASH_SEED`` to replay one, else a fresh one."""
    given = os.environ.get(SEED_VARIABLE, "").strip()
    return int(given) if given else random.SystemRandom().randrange(2**32)


def _actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "user_id": str(actor.user_id),
        "username": actor.username,
        "display_name": actor.display_name,
        "branch_id": str(actor.branch_id),
        "roles": sorted(actor.roles),
    }


def _actor(data: dict[str, Any]) -> Actor:
    return Actor(
        uuid.UUID(str(data["user_id"])),
        str(data["username"]),
        str(data["display_name"]),
        uuid.UUID(str(data["branch_id"])),
        None,
        frozenset(Role(r) for r in data["roles"]),
    )


def settle(db: Database, actors: dict[Role, Actor], customer: uuid.UUID) -> None:
    """What a crash left half-way: goods released but not delivered are delivered, and the
    customer pays what it owes. The customer is on agreed terms, so each delivery must be paid
    before the next is released (前清后送)."""
    from kehu_desktop.services import credit
    from kehu_desktop.services import dispatch
    from kehu_desktop.services import payments

    rep, cashier = actors[Role.SALES_REP], actors[Role.CASHIER]
    for row in dispatch.list_dispatches(db, rep, "released", customer_id=customer):
        dispatch.confirm_delivery(db, rep, row.id)
    with db.read() as s:
        owed = credit.exposure_in(s, customer).unpaid_slips
    if owed > 0:
        payments.record_payment(
            db, cashier, payments.PaymentInput(customer_id=customer, method="cash", amount=owed)
        )


def child(url: str, spec: dict[str, Any]) -> None:
    """Issue slips until killed: request, approve, assign, release, deliver, and the customer
    pays, every round."""
    from kehu_desktop.services import dispatch
    from kehu_desktop.services.dispatch import release_dispatch

    db = Database(url, clock=FixedClock(date.fromisoformat(str(spec["today"]))))
    actors = {Role(k): _actor(v) for k, v in spec["actors"].items()}
    customer = uuid.UUID(str(spec["customer_id"]))
    product = uuid.UUID(str(spec["product_id"]))
    n = 0
    while True:
        settle(db, actors, customer)
        kind = "cash" if n % 2 else "credit"
        n += 1
        note = dispatch.request_dispatch(
            db,
            actors[Role.SALES_REP],
            dispatch.DispatchRequest(customer, kind, [(product, 1 + n % 3, "5.00", None)]),
        )
        dispatch.approve_dispatch(db, actors[Role.SALES_MANAGER], note.id)
        dispatch.assign_driver(db, actors[Role.BRANCH_GM], note.id, "driver", "浦东线")
        assert release_dispatch(db, actors[Role.CASHIER], note.id).released
        done = dispatch.confirm_delivery(db, actors[Role.SALES_REP], note.id)
        print(done.slip_numbers[0], flush=True)


def test_the_seed_comes_from_the_environment_or_is_fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SEED_VARIABLE, "20261126")
    assert crash_seed() == 20261126
    monkeypatch.delenv(SEED_VARIABLE)
    seeds = {crash_seed() for _ in range(3)}
    assert len(seeds) == 3 and all(0 <= seed < 2**32 for seed in seeds)


def _slip_count(branch: Branch) -> int:
    with branch.db.read() as s:
        return int(s.execute(select(func.count()).select_from(Slip)).scalar_one())


def _run_and_kill(
    branch: Branch, spec: dict[str, Any], at_least: int, chance: random.Random
) -> float:
    """Run the child until it has issued ``at_least`` slips, then kill it after a pause drawn
    from ``chance``; returns the pause."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.test_slip_numbers_crash", branch.db.url, json.dumps(spec)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while _slip_count(branch) < at_least:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the child issued too few slips"
            time.sleep(0.05)
        pause = chance.uniform(0.0, 0.4)
        time.sleep(pause)  # somewhere inside a transaction, most likely
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    assert proc.returncode == -signal.SIGKILL
    return pause


def test_numbers_have_no_gap_after_a_crash(branch: Branch) -> None:
    seed = crash_seed()
    print(f"{SEED_VARIABLE}={seed}  (set it to replay these kill moments)")
    chance = random.Random(seed)
    shop = make_shop(branch, name="崩溃测试医药公司", grade=1, limit=None, unlimited=True)
    spec = {
        "actors": {
            r.value: _actor_json(branch.actor(r))
            for r in (Role.SALES_REP, Role.SALES_MANAGER, Role.BRANCH_GM, Role.CASHIER)
        },
        "customer_id": str(shop.customer_id),
        "product_id": str(shop.goods_id),
        "today": TODAY.isoformat(),
    }
    url = branch.db.url
    pauses = [_run_and_kill(branch, spec, 6 * (k + 1), chance) for k in range(KILLS)]
    branch.db.dispose()
    replay = f"{SEED_VARIABLE}={seed} (kills {', '.join(f'{p:.3f} s' for p in pauses)} in)"
    actors = {r: branch.actor(r) for r in (Role.SALES_REP, Role.CASHIER)}
    settle(branch.db, actors, shop.customer_id)  # a note released when the child was killed

    with branch.db.read() as s:
        slip_numbers = list(s.execute(select(Slip.number)).scalars())
        note_numbers = list(s.execute(select(DispatchNote.number)).scalars())
        delivered_without_slip = s.execute(
            select(func.count())
            .select_from(DispatchNote)
            .where(
                DispatchNote.status == "delivered",
                ~select(Slip.id).where(Slip.dispatch_note_id == DispatchNote.id).exists(),
            )
        ).scalar_one()
        seqs = sorted(
            s.execute(select(OutboxOp.seq).where(OutboxOp.branch_id == branch.branch_id)).scalars()
        )
    by_kind: dict[str, list[int]] = defaultdict(list)
    for number in slip_numbers + note_numbers:
        parsed = parse_document_number(number)
        assert parsed is not None and parsed.year == TODAY.year, (number, replay)
        by_kind[parsed.kind].append(parsed.seq)
    assert set(by_kind) == {"DN", "DS", "CS"}, replay
    for kind, seq in by_kind.items():
        assert sorted(seq) == list(range(1, len(seq) + 1)), (kind, sorted(seq), replay)
    assert len(slip_numbers) >= 6 * KILLS, replay
    assert delivered_without_slip == 0, replay
    assert seqs == list(range(1, len(seqs) + 1)), (seqs, replay)

    # The next slip of each kind continues at N+1.
    assert url == branch.db.url
    credit_n, cash_n = len(by_kind["CS"]), len(by_kind["DS"])
    for kind, n in (("credit", credit_n), ("cash", cash_n)):
        settle(branch.db, actors, shop.customer_id)
        note_id = ready_note(shop, kind, "25.00")
        assert release_note(shop, note_id).released, replay
        number = deliver(shop, note_id).slip_numbers[0]
        code = "CS" if kind == "credit" else "DS"
        assert number == f"SH-{code}-{TODAY.year}-{n + 1:06d}", replay


if __name__ == "__main__":
    child(sys.argv[1], json.loads(sys.argv[2]))
