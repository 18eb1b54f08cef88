"""The branch's push and pull (docs/sync.md): ``now`` sends the outbox and applies what head
office has changed since the last pull.

* **Push**: outbox rows after the acknowledged seq, 500 at a time, gzip JSON, in seq order.
  Head office answers the seq it has applied through; those rows get ``pushed_at`` and the
  acknowledged seq moves, in one local transaction. A 409 names the seq head office expects
  (it lost some, e.g. restored from a backup): the branch sends again from there; acknowledged
  rows are kept for that. Business rejections come back with the acknowledgement and are kept
  in ``sync_rejections`` for the record's author.
* **First upload**: before its first push, the branch replaces its outbox (nothing of it was
  ever sent) by its whole current state: every branch record in foreign-key order, and the
  head-office rows they name (products, grades …) as insert-only ``adopt`` operations, so a
  branch that ran on its own brings what its records need.
* **Pull**: pages of head office's change log after the cursor, each applied with the cursor in
  one local transaction through ``use_case(…, outbox=False)`` (audited, screens told, nothing
  sent back). A branch record in a pull is refused: head office never writes one.

Errors: every failure is a :class:`~kehu_desktop.domain.errors.KehuError` with a catalogue
message, recorded in ``sync_state`` (last error, failures in a row, next attempt with full
jitter); the next success clears it. Clocks order nothing: seqs and versions do.
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import uuid
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.ownership import HEAD_OFFICE
from kehu_desktop.domain.ownership import LOCAL
from kehu_desktop.domain.ownership import owner_of
from kehu_desktop.models import Base
from kehu_desktop.models import Counter
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import SyncRejection
from kehu_desktop.models import SyncState
from kehu_desktop.models.change_log import HEAD_OFFICE_STEPS
from kehu_desktop.models.change_log import record_owner
from kehu_desktop.models.change_log import row_id_of
from kehu_desktop.services import credit
from kehu_desktop.services import customers
from kehu_desktop.services import warnings
from kehu_desktop.services.admin import local_branch_id
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import use_case
from kehu_desktop.services.base.records import next_number
from kehu_desktop.sync import credentials
from kehu_desktop.sync import scope
from kehu_desktop.sync import snapshot
from kehu_desktop.sync import wire
from kehu_desktop.sync.credentials import Credentials
from kehu_desktop.sync.refusals import refusal

#: Operations per push (head office takes at most 500).
BATCH = 500
#: Changes per pull page.
PAGE = 1000
#: Seconds to wait for one request.
TIMEOUT = 60.0
#: The backoff's cap and base: wait uniform(0, min(CAP, BASE × 2^failures)).
BACKOFF_CAP = timedelta(minutes=5)
BACKOFF_BASE = timedelta(seconds=2)

log = logging.getLogger(__name__)


#: The change kinds (kehu_desktop.changes) the screens listen for, per pulled table: the
#: screens showing them refresh after a pull.
_CHANGE_KINDS = {
    "products": "product",
    "product_batches": "product",
    "credit_grades": "credit_grade",
    "limit_decisions": "credit_limit",
    "sales_report_reviews": "sales_report_review",
    "head_office_visits": "visit",
    "selection_steps": "customer",
    "users": "user",
    "user_roles": "user",
    "settings": "setting",
    "regions": "region",
    "branches": "region",
    "head_office": "region",
}


@dataclass(frozen=True)
class SyncReport:
    pushed: int  # operations head office acknowledged in this run
    pulled: int  # head-office changes applied here
    pending: int  # outbox rows still waiting
    rejections: int  # records head office acknowledged but refused, in this run


def _schema_rev() -> str:
    from kehu_desktop.migrations import head_revision  # lazy: Alembic's script reading

    return head_revision()


def _mine(db: Database) -> Credentials:
    branch_id = local_branch_id(db)
    stored = credentials.load()
    if stored is None or stored.branch_id != branch_id:
        raise KehuError("sync.not_registered")
    return stored


def _state(db: Database) -> None:
    with db.write() as s:
        if s.get(SyncState, 1) is None:
            s.add(SyncState(id=1, acked_seq=0, pull_cursor=0, failures=0))


def http_client(stored: Credentials) -> httpx.Client:
    """A client for head office at the stored URL, with the branch's bearer secret."""
    return httpx.Client(
        base_url=stored.url,
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {stored.secret}"},
    )


def now(db: Database, actor: Actor | None = None) -> SyncReport:
    """Push, then pull, now (the timer's and 立即同步's call; ``kehu sync now``). Blocking
    network I/O: never on the GUI thread."""
    stored = _mine(db)
    _state(db)
    sync_actor = actor or Actor.system(stored.branch_id)
    try:
        with http_client(stored) as client:
            pulled = 0
            if _needs_first_upload(db):
                # Head office's reference data first: a local row with the same code becomes
                # head office's (wire.take_over_clashes) before the upload names it.
                pulled = pull_all(db, client, sync_actor)
                _first_upload(db, stored.branch_id)
            pushed, rejections = _push_all(db, client, stored.branch_id)
            pulled += pull_all(db, client, sync_actor)
            # What head office decided on our customers, applied here; it goes up at once.
            applied = customers.apply_head_office_decisions(db, sync_actor, stored.branch_id)
            applied += credit.apply_limit_decisions(db, sync_actor, stored.branch_id)
            applied += credit.apply_evaluation_decisions(db, sync_actor, stored.branch_id)
            applied += warnings.apply_warning_answers(db, sync_actor, stored.branch_id)
            applied += _warning_job(db, stored.branch_id)
            if applied:
                more, more_rejections = _push_all(db, client, stored.branch_id)
                pushed += more
                rejections += more_rejections
    except KehuError as error:
        _failed(db, error)
        raise
    except httpx.HTTPError as exc:
        unreachable = KehuError("sync.unreachable", url=stored.url, reason=type(exc).__name__)
        _failed(db, unreachable)
        raise unreachable from exc
    with db.write() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        state.last_sync_at = db.clock.now()
        state.failures = 0
        state.next_attempt_at = None
        state.last_error_code = state.last_error_message = None
        state.last_error_at = None
        pending = _pending(s, stored.branch_id)
    log.info(
        "sync with %s: %d sent, %d received, %d waiting, %d refused",
        stored.url,
        pushed,
        pulled,
        pending,
        rejections,
    )
    return SyncReport(pushed, pulled, pending, rejections)


def _warning_job(db: Database, branch_id: uuid.UUID) -> int:
    """What came down (grades, limits) may open or clear a warning: the job runs now, as the
    branch's system (whoever started the sync may be a driver, who sees no warnings). Its
    failure is logged and never fails the sync: the next start-up or sync runs it again."""
    try:
        return warnings.run_warnings(db, Actor.system(branch_id)).changed
    except Exception:
        log.exception("the early-warning job after a sync failed")
        return 0


def _pending(s: Any, branch_id: uuid.UUID) -> int:
    state = s.get(SyncState, 1)
    acked = state.acked_seq if state is not None else 0
    return int(
        s.scalar(
            select(func.count())
            .select_from(OutboxOp)
            .where(OutboxOp.branch_id == branch_id, OutboxOp.seq > acked)
        )
        or 0
    )


def backoff(failures: int) -> timedelta:
    """Full jitter: uniform(0, min(cap, base × 2^failures))."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** min(failures, 20)))
    return timedelta(seconds=random.uniform(0, ceiling.total_seconds()))  # noqa: S311 - not a secret


def _failed(db: Database, error: KehuError) -> None:
    log.info("sync failed: %s (%s)", error.code, error)
    with db.write() as s:
        state = s.get(SyncState, 1)
        if state is None:
            return
        at = db.clock.now()
        state.failures += 1
        state.last_error_code = error.code[:40]
        state.last_error_message = str(error)[:300]
        state.last_error_at = at
        state.next_attempt_at = at + backoff(state.failures)


def due(db: Database) -> bool:
    """Whether the timer may try now (after a failure, not before the backoff's next attempt)."""
    with db.read() as s:
        state = s.get(SyncState, 1)
        if state is None or state.next_attempt_at is None:
            return True
        now = db.clock.now()
        # An attempt set further ahead than the backoff ever waits was set by a clock that
        # has since been put back (a PC once in 2099): try now rather than in 73 years.
        return state.next_attempt_at <= now or state.next_attempt_at > now + BACKOFF_CAP


# -- push ----------------------------------------------------------------------------------


def _needs_first_upload(db: Database) -> bool:
    with db.read() as s:
        state = s.get(SyncState, 1)
        return state is not None and state.initial_through is None and state.acked_seq == 0


def _first_upload(db: Database, branch_id: uuid.UUID) -> None:
    """Replace the never-sent outbox by the branch's whole state (the module's docstring)."""
    with db.write() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        if state.initial_through is not None or state.acked_seq > 0:
            return
        sent = s.scalar(
            select(func.count())
            .select_from(OutboxOp)
            .where(OutboxOp.branch_id == branch_id, OutboxOp.pushed_at.is_not(None))
        )
        if sent:
            state.initial_through = 0
            return
        s.execute(delete(OutboxOp).where(OutboxOp.branch_id == branch_id))
        s.execute(
            delete(Counter).where(
                Counter.branch_id == branch_id, Counter.kind == "outbox", Counter.year == 0
            )
        )
        conn = s.connection()
        ops: list[tuple[str, str, dict[str, Any]]] = []
        mine = {t.name for t in scope.branch_tables()}
        for target in Base.metadata.sorted_tables:
            if target.name in mine:
                found = [
                    wire.to_payload(target.name, row)
                    for row in conn.execute(scope.branch_rows(target, branch_id))
                ]
                ops += [("upsert", target.name, p) for p in scope.referenced_first(target, found)]
            if target.name in scope.ADOPTABLE:
                query = select(target)
                if target.name == "selection_steps":  # head office's steps on our customers
                    customers = Base.metadata.tables["customers"]
                    query = query.where(
                        target.c.step.in_(HEAD_OFFICE_STEPS),
                        target.c.customer_id.in_(
                            select(customers.c.id).where(customers.c.branch_id == branch_id)
                        ),
                    )
                if target.name == "user_roles":  # the roles of head office's users
                    users = Base.metadata.tables["users"]
                    query = query.where(
                        target.c.user_id.in_(select(users.c.id).where(users.c.branch_id.is_(None)))
                    )
                for row in conn.execute(query):
                    payload = wire.to_payload(target.name, row)
                    if record_owner(target.name, payload) == HEAD_OFFICE:
                        ops.append(("adopt", target.name, payload))
        first = next_number(s, branch_id, "outbox", 0, count=max(len(ops), 1))
        revision = _schema_rev()
        rows = [
            {
                "id": uuid.uuid4(),
                "branch_id": branch_id,
                "seq": seq,
                "op_id": uuid.uuid4(),
                "entity": name,
                "entity_id": row_id_of(name, payload)[:40],
                "op": op,
                "payload": payload,
                "schema_rev": revision,
                "created_at": db.clock.now(),
            }
            for seq, (op, name, payload) in enumerate(ops, start=first)
        ]
        if rows:
            conn.execute(OutboxOp.__table__.insert(), rows)  # type: ignore[attr-defined]
        else:  # nothing to send: give the number back
            s.execute(
                update(Counter)
                .where(Counter.branch_id == branch_id, Counter.kind == "outbox", Counter.year == 0)
                .values(next_value=first)
            )
        state.initial_through = first + len(ops) - 1


def _push_all(db: Database, client: httpx.Client, branch_id: uuid.UUID) -> tuple[int, int]:
    pushed = rejected = 0
    answered = False  # head office has told us its acknowledged seq in this run
    for _ in range(100_000):  # a bound, not a limit anyone reaches: 50 million operations
        with db.read() as s:
            state = s.get(SyncState, 1)
            assert state is not None
            acked, initial = state.acked_seq, state.initial_through
            batch = s.scalars(
                select(OutboxOp)
                .where(OutboxOp.branch_id == branch_id, OutboxOp.seq > acked)
                .order_by(OutboxOp.seq)
                .limit(BATCH)
            ).all()
            pending = _pending(s, branch_id)
        if not batch and answered:
            return pushed, rejected
        # Nothing to send still sends an empty batch once: its answer says how far head office
        # holds this branch, and one restored from an older backup holds less (below).
        body = {
            "schema_rev": _schema_rev(),
            "pending": pending,
            "initial_through": initial,
            "ops": [
                {
                    "seq": op.seq,
                    "table": op.entity,
                    "row_id": _row_id(op),
                    "op": op.op,
                    "payload": op.payload if op.op != "delete" else None,
                }
                for op in batch
            ],
        }
        reply = client.post(
            "/v1/push",
            content=gzip.compress(json.dumps(body, ensure_ascii=False).encode("utf-8"), 6),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
        if reply.status_code == 409:
            expected = int(reply.json().get("expected_seq", acked + 1))
            with db.write() as s:  # head office lost some (a restore): send again from there
                state = s.get(SyncState, 1)
                assert state is not None
                state.acked_seq = max(0, expected - 1)
            continue
        if reply.status_code != 200:
            raise refusal(reply, str(client.base_url))
        answered = True
        answer = reply.json()
        through = int(answer["acked_through"])
        if through < acked:
            # Head office lost what it had acknowledged (restored from a backup): send again
            # from there; acknowledged rows are kept for this (docs/sync.md).
            with db.write() as s:
                state = s.get(SyncState, 1)
                assert state is not None
                state.acked_seq = min(state.acked_seq, through)
            continue
        rejected += _acknowledge(db, branch_id, acked, through, answer)
        pushed += max(0, through - acked)
    return pushed, rejected


def _row_id(op: OutboxOp) -> str:
    if op.op == "delete" or op.payload is None:
        return op.entity_id
    return row_id_of(op.entity, op.payload)


def _acknowledge(
    db: Database, branch_id: uuid.UUID, acked: int, through: int, answer: dict[str, Any]
) -> int:
    """Mark rows up to ``through`` pushed and keep the rejections; how many were new."""
    server_time = _time(answer.get("server_time"))
    new = 0
    with db.write() as s:
        s.execute(
            update(OutboxOp)
            .where(
                OutboxOp.branch_id == branch_id,
                OutboxOp.seq <= through,
                OutboxOp.pushed_at.is_(None),
            )
            .values(pushed_at=db.clock.now())
        )
        state = s.get(SyncState, 1)
        assert state is not None
        state.acked_seq = max(state.acked_seq, through)
        state.last_push_at = server_time
        for item in answer.get("rejections") or []:
            seq = int(item["seq"])
            known = s.scalar(
                select(SyncRejection.id).where(
                    SyncRejection.branch_id == branch_id, SyncRejection.seq == seq
                )
            )
            if known is not None:
                continue
            author = item.get("author_id")
            s.add(
                SyncRejection(
                    branch_id=branch_id,
                    seq=seq,
                    table_name=str(item.get("table", ""))[:50],
                    row_id=str(item.get("row_id", ""))[:200],
                    code=str(item.get("code", ""))[:40],
                    message=str(item.get("message", ""))[:300],
                    author_id=uuid.UUID(author) if author else None,
                    at=db.clock.now(),
                )
            )
            new += 1
    return new


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# -- pull ----------------------------------------------------------------------------------


def pull_all(db: Database, client: httpx.Client, actor: Actor) -> int:
    applied = 0
    for _ in range(1_000_000):
        with db.read() as s:
            state = s.get(SyncState, 1)
            assert state is not None
            cursor = state.pull_cursor
        reply = client.get(
            "/v1/pull", params={"after": cursor, "limit": PAGE, "schema_rev": _schema_rev()}
        )
        if reply.status_code == 410 or snapshot.under_way(db, snapshot.RESEED):
            # Head office no longer keeps the log after our cursor (a branch long offline):
            # fetch its data afresh, then pull from there (resumes a re-seed cut half way).
            head = int(reply.json().get("head_version", 0)) if reply.status_code == 410 else 0
            applied += snapshot.reseed(db, client, actor, head)
            continue
        if reply.status_code != 200:
            raise refusal(reply, str(client.base_url))
        page = reply.json()
        head = page.get("head")
        if isinstance(head, int) and head < cursor:
            # Head office's log ends before our cursor: it was restored from an older backup
            # and numbers its changes again from there. Its data afresh (a row it changed
            # after the backup and not since has its value back), then its log from there.
            applied += snapshot.reseed(db, client, actor, head)
            continue
        applied += apply_page(db, actor, cursor, page)
        if not page.get("more"):
            return applied
    return applied


def apply_page(db: Database, actor: Actor, cursor: int, page: dict[str, Any]) -> int:
    """Apply one pull page and move the cursor, in one transaction; the changes applied."""
    changes = page.get("changes") or []
    last = int(page.get("last_version", cursor))
    for change in changes:  # a branch record in a pull is head office's bug: refuse the page
        name = change.get("table")
        row = change.get("row")
        if name not in Base.metadata.tables or owner_of(name) is LOCAL:
            raise KehuError("sync.bad_page", detail=str(name))
        if row is not None and record_owner(name, row) != HEAD_OFFICE:
            raise KehuError("sync.bad_page", detail=f"{name} {change.get('row_id')}")
    with use_case(db, actor, None, outbox=False) as (s, current):
        state = s.get(SyncState, 1)
        assert state is not None
        if state.pull_cursor != cursor:  # another sync of this branch applied it meanwhile
            return 0
        conn = s.connection()
        deletes = []
        try:
            run: list[dict[str, Any]] = []  # consecutive upserts of one table: one statement
            run_table = None
            for change in changes:
                if change.get("op") == "delete" or change.get("row") is None:
                    deletes.append(change)
                    continue
                if change["table"] != run_table and run:
                    wire.upsert(conn, str(run_table), run, take_over=True)
                    run = []
                run_table = change["table"]
                run.append(wire.from_payload(change["table"], change["row"]))
            if run:
                wire.upsert(conn, str(run_table), run, take_over=True)
            for change in reversed(deletes):
                wire.delete_rows(conn, change["table"], [str(change["row_id"])])
        except wire.PayloadError as exc:
            raise KehuError("sync.bad_page", detail=str(exc)) from exc
        for change in changes:
            row = change.get("row") or {}
            changed(
                s,
                _CHANGE_KINDS.get(change["table"], change["table"]),
                change["row_id"],
                customer_id=row.get("customer_id"),
            )
        state.pull_cursor = last
        state.last_pull_at = _time(page.get("server_time"))
        if changes:
            audit(
                s,
                current,
                "sync.applied",
                entity="change_log",
                entity_id=last,
                after={"from": cursor, "to": last, "changes": len(changes)},
            )
    return len(changes)


# -- verify --------------------------------------------------------------------------------


def verify(db: Database) -> dict[str, Any]:
    """Compare head office's digest of this branch with the local records:
    ``{"equal": bool, "tables": {name: {"local": {...}, "head_office": {...}, "equal": bool}}}``."""
    stored = _mine(db)
    try:
        with http_client(stored) as client:
            reply = client.get("/v1/digest")
    except httpx.HTTPError as exc:
        raise KehuError("sync.unreachable", url=stored.url, reason=type(exc).__name__) from exc
    if reply.status_code != 200:
        raise refusal(reply, stored.url)
    theirs: dict[str, Any] = reply.json().get("tables", {})
    with db.read() as s:
        ours = scope.digest(s.connection(), stored.branch_id)
    tables = {
        name: {"local": ours.get(name), "head_office": theirs.get(name)}
        | {"equal": ours.get(name) == theirs.get(name)}
        for name in sorted(set(ours) | set(theirs))
    }
    return {"equal": all(t["equal"] for t in tables.values()), "tables": tables}
