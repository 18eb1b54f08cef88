"""Two cashiers, two processes, one customer's headroom: exactly one release wins.

Each round has a customer with a limit of 1000.00 and two approved notes of 600.00 each. Two
processes (multiprocessing, spawn: nothing shared but the database URL) each open their own
Database and, released together by a barrier, call ``release_dispatch`` on one note each.
Together the notes exceed the limit, so exactly one may be released and the other must be refused
as over the limit, on PostgreSQL (``SELECT … FOR UPDATE`` on the customer) and on a SQLite file
(``BEGIN IMMEDIATE``).

To make the race real, each worker slows the credit position down (it sleeps after reading the
exposure): without the lock both would read an exposure of 0 and both would release.
"""

from __future__ import annotations

import multiprocessing
import time
import uuid
from datetime import date
from typing import Any

from sqlalchemy import select

from kehu_desktop.domain.roles import Role
from kehu_desktop.models import DispatchNote
from kehu_desktop.services.context import Actor
from tests.factories import TODAY, Branch, audits, make_shop, ready_note

ROUNDS = 4
SLOW_DOWN = 0.3  # seconds between reading the exposure and deciding


def _worker(
    url: str, actor: Actor, note_ids: list[uuid.UUID], today: date, barrier: Any, results: Any
) -> None:
    """Runs in a fresh process: its own engine, its own connection pool."""
    from kehu_desktop.db import Database
    from kehu_desktop.services import credit
    from kehu_desktop.services.release import release_dispatch

    original = credit.credit_position_in

    def slow_position(session: Any, customer_id: uuid.UUID, on: date) -> Any:
        position = original(session, customer_id, on)
        time.sleep(SLOW_DOWN)
        return position

    credit.credit_position_in = slow_position  # type: ignore[assignment]
    db = Database(url)
    try:
        for note_id in note_ids:
            barrier.wait(timeout=60)
            try:
                result = release_dispatch(db, actor, note_id, today=today)
                results.put(
                    (str(note_id), result.released, [f.code for f in result.decision.failures])
                )
            except Exception as exc:  # report, never hang the parent
                results.put((str(note_id), None, [repr(exc)]))
    finally:
        db.dispose()


def _race(branch: Branch, lists: list[list[uuid.UUID]]) -> list[tuple[str, bool | None, list[str]]]:
    """Two worker processes, one list of notes each, released pairwise at the same moment."""
    url = branch.db.url
    branch.db.dispose()  # the children open their own connections
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    cashier = branch.actor(Role.CASHIER)
    workers = [
        ctx.Process(target=_worker, args=(url, cashier, notes, TODAY, barrier, results))
        for notes in lists
    ]
    for w in workers:
        w.start()
    out = []
    try:
        for _ in range(sum(len(notes) for notes in lists)):
            out.append(results.get(timeout=120))
    finally:
        for w in workers:
            w.join(timeout=60)
            if w.is_alive():
                w.kill()
    assert all(w.exitcode == 0 for w in workers)
    return out


def test_two_processes_never_share_the_headroom(branch: Branch) -> None:
    pairs = []
    for n in range(ROUNDS):
        shop = make_shop(branch, name=f"并发医药公司{n}", limit="1000.00")
        pairs.append((ready_note(shop, amount="600.00"), ready_note(shop, amount="600.00")))
    outcomes = {
        note_id: (released, codes)
        for note_id, released, codes in _race(
            branch, [[p[0] for p in pairs], [p[1] for p in pairs]]
        )
    }

    for a, b in pairs:
        pair = [outcomes[str(a)], outcomes[str(b)]]
        assert sorted(released for released, _ in pair) == [False, True], pair  # type: ignore[type-var]
        loser = next(codes for released, codes in pair if not released)
        assert loser == ["release.over_limit"]
    with branch.db.read() as s:
        statuses = dict(s.execute(select(DispatchNote.id, DispatchNote.status)).all())
    for a, b in pairs:
        assert sorted([statuses[a], statuses[b]]) == ["assigned", "released"]
    assert len(audits(branch, "dispatch_released")) == ROUNDS
    refused = audits(branch, "release_refused")
    assert len(refused) == ROUNDS
    # The loser saw the winner's 600.00 in its exposure: it decided after the winner committed.
    assert all((r.after or {})["exposure"] == "600.00" for r in refused)


def test_the_same_note_is_released_once(branch: Branch) -> None:
    shop = make_shop(branch, name="同单并发医药公司", limit="100000.00")
    notes = [ready_note(shop, amount="600.00") for _ in range(2)]
    outcomes = _race(branch, [notes, notes])
    for note_id in notes:
        mine = [(released, codes) for n, released, codes in outcomes if n == str(note_id)]
        assert sorted(str(r) for r, _ in mine) == ["None", "True"], mine
        loser = next(codes for released, codes in mine if released is None)
        assert "Conflict" in loser[0]
    assert len(audits(branch, "dispatch_released")) == 2
