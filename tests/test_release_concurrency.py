"""Two cashiers, two processes, one customer's headroom: exactly one release wins.

Each round has a customer with a limit of 1000.00 and two approved notes of 600.00 each. Two
processes (multiprocessing, spawn: nothing shared but the database URL) each open their own
Database and, released together by a barrier, call ``release_dispatch`` on one note each.
Together the notes exceed the limit, so exactly one may be released and the other must be refused
as over the limit, on PostgreSQL (``SELECT … FOR UPDATE`` on the customer) and on a SQLite file
(``BEGIN IMMEDIATE``).

To make the race real, each worker sets the release's documented test seam
(``services.dispatch.release._after_decision``, called inside the transaction after the rules were
evaluated and before the outcome is written) to a function that sleeps: without the lock both
would read an exposure of 0 and both would release. Every worker reports how often the seam ran
and the test asserts it ran once per decided release, so a refactoring that stops calling it
fails here instead of silently taking the race away.
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
from kehu_desktop.services.base import Actor
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import audits
from tests.factories import make_shop
from tests.factories import ready_note

ROUNDS = 4
SLOW_DOWN = 0.3  # seconds between reading the exposure and deciding


Outcome = tuple[str, bool | None, list[str], int]  # note, released, failure codes, seam calls


def _worker(
    url: str, actor: Actor, note_ids: list[uuid.UUID], today: date, barrier: Any, results: Any
) -> None:
    """Runs in a fresh process: its own engine, its own connection pool, the test's day."""
    from kehu_desktop.clock import FixedClock
    from kehu_desktop.db import Database
    from kehu_desktop.services.dispatch import release

    seen: list[uuid.UUID] = []

    def slow(note_id: uuid.UUID) -> None:
        seen.append(note_id)
        time.sleep(SLOW_DOWN)

    release._after_decision = slow
    db = Database(url, clock=FixedClock(today))
    try:
        for note_id in note_ids:
            barrier.wait(timeout=60)
            try:
                result = release.release_dispatch(db, actor, note_id)
                codes = [f.code for f in result.decision.failures]
                results.put((str(note_id), result.released, codes, seen.count(note_id)))
            except Exception as exc:  # report, never hang the parent
                results.put((str(note_id), None, [repr(exc)], seen.count(note_id)))
            seen.clear()
    finally:
        db.dispose()


def _race(branch: Branch, lists: list[list[uuid.UUID]]) -> list[Outcome]:
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
    raced = _race(branch, [[p[0] for p in pairs], [p[1] for p in pairs]])
    # The seam ran once in every release: the race really was held open.
    assert [calls for *_, calls in raced] == [1] * len(raced), raced
    outcomes = {note_id: (released, codes) for note_id, released, codes, _ in raced}

    for a, b in pairs:
        pair = [outcomes[str(a)], outcomes[str(b)]]
        assert sorted(released for released, _ in pair) == [False, True], pair  # type: ignore[type-var]
        loser = next(codes for released, codes in pair if not released)
        # The loser saw the winner's goods: not paid for (前清后送) and over the limit.
        assert loser == ["release.previous_unpaid", "release.over_limit"]
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
    # A cash customer (no agreed terms): its two notes may both go out, one after the other.
    shop = make_shop(branch, name="同单并发医药公司", grade=None, terms=None, limit=None)
    notes = [ready_note(shop, "cash", amount="600.00") for _ in range(2)]
    outcomes = _race(branch, [notes, notes])
    for note_id in notes:
        mine = [
            (released, codes, calls) for n, released, codes, calls in outcomes if n == str(note_id)
        ]
        assert sorted(str(r) for r, _, _ in mine) == ["None", "True"], mine
        loser = next(codes for released, codes, _ in mine if released is None)
        assert "Conflict" in loser[0]
        # The winner decided (the seam ran); the loser was refused before deciding.
        assert sorted(calls for _, _, calls in mine) == [0, 1]
    assert len(audits(branch, "dispatch_released")) == 2
