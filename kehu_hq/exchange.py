"""Push, pull and digest at head office (docs/sync.md). No FastAPI here: ``kehu_hq.app`` reads
the requests and calls these, which refuse with :class:`~kehu_hq.registry.RegistryError`.

Push: one transaction per batch, the branch's ``branch_sync`` row locked first (two pushes of
one branch queue; other branches run in parallel), what is acknowledged already skipped, a gap
refused (409 with the expected seq), every op a whole-record upsert. A batch that names a table
the branch does not own or a record of another branch is refused whole (403). A record the
database refuses (an unknown product, a value the schema cannot take) is a business rejection:
acknowledged, not applied, kept in ``sync_rejections`` and answered to the branch.

Pull: the change log after the branch's cursor, its rows as they are now.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import and_
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import IntegrityError

from kehu_desktop.db import Database
from kehu_desktop.migrations import head_revision
from kehu_desktop.migrations import previous_revision
from kehu_desktop.models import Branch
from kehu_desktop.models import BranchSync
from kehu_desktop.models import ChangeLog
from kehu_desktop.models import ChangeLogHead
from kehu_desktop.models import SyncRejection
from kehu_desktop.models.change_log import HEAD_OFFICE_STEPS
from kehu_desktop.models.change_log import note_change
from kehu_desktop.models.change_log import record_owner
from kehu_desktop.sync import scope
from kehu_desktop.sync import wire
from kehu_hq.registry import RegistryError
from kehu_hq.registry import record_refusal

#: The most operations one push may carry.
MAX_OPS = 500
#: The most changes one pull page may carry.
MAX_PULL = 5000
OPS = ("upsert", "delete", "adopt")
#: Who wrote a record, in the order looked for: the user a business rejection is reported to.
AUTHOR_COLUMNS = (
    "created_by",
    "applied_by",
    "requested_by",
    "issued_by",
    "received_by",
    "recorded_by",
    "taken_by",
    "printed_by",
    "granted_by",
    "updated_by",
    "user_id",
)


def accepted_revisions() -> tuple[str, ...]:
    """Head office takes its own schema revision and the one before (additive migrations)."""
    previous = previous_revision()
    return (head_revision(),) + ((previous,) if previous else ())


@dataclass(frozen=True)
class Op:
    seq: int
    table: str
    op: str
    row_id: str
    payload: dict[str, Any] | None


def _refuse(
    db: Database, branch: Branch, status: int, code: str, message: str, remote: str | None
) -> RegistryError:
    record_refusal(db, branch.id, status, code, message, remote=remote)
    return RegistryError(status, code, message)


class _Refused(Exception):
    """A refusal found inside the push's transaction: recorded once that is rolled back (the
    record updates the branch's ``branch_sync`` row, which the push holds locked)."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def check_revision(db: Database, branch: Branch, revision: Any, remote: str | None) -> None:
    if revision not in accepted_revisions():
        raise _refuse(
            db,
            branch,
            426,
            "schema.unsupported",
            f"schema revision {revision!r} is not accepted (accepted: "
            f"{', '.join(accepted_revisions())}): upgrade kehu-desktop",
            remote,
        )


def parse_ops(db: Database, branch: Branch, body: Any, remote: str | None) -> list[Op]:
    """The batch's operations, checked for shape (400 otherwise)."""

    def bad(message: str) -> RegistryError:
        return _refuse(db, branch, 400, "push.malformed", message, remote)

    if not isinstance(body, dict) or not isinstance(body.get("ops"), list):
        raise bad("a push is an object with a list 'ops'")
    raw = body["ops"]
    if len(raw) > MAX_OPS:
        raise _refuse(
            db, branch, 413, "push.too_many", f"{len(raw)} operations (at most {MAX_OPS})", remote
        )
    ops = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad("an operation must be an object")
        seq, table, op = item.get("seq"), item.get("table"), item.get("op")
        row_id, payload = item.get("row_id"), item.get("payload")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
            raise bad(f"bad seq {seq!r}")
        if op not in OPS or not isinstance(table, str) or not isinstance(row_id, str):
            raise bad(f"seq {seq}: bad op, table or row_id")
        if table not in wire.Base.metadata.tables:
            raise bad(f"seq {seq}: unknown table {table!r}")
        if op != "delete" and not isinstance(payload, dict):
            raise bad(f"seq {seq}: no record")
        ops.append(Op(seq, table, op, row_id, payload))
    if any(b.seq != a.seq + 1 for a, b in zip(ops, ops[1:], strict=False)):
        raise bad("seqs must follow each other")
    return ops


def _check_owner(
    conn: Connection, branch: Branch, ops: Sequence[Op], initial_through: int | None
) -> None:
    """403 for a table the branch does not own, or a record of another branch."""

    def forbidden(op: Op, why: str) -> _Refused:
        return _Refused(403, "push.forbidden", f"seq {op.seq} ({op.table}): {why}")

    for op in ops:
        if op.op == "adopt":
            # The first upload may bring head-office rows head office lacks (insert only):
            # reference data its records name, nothing else.
            if initial_through is None or op.seq > initial_through:
                raise forbidden(op, "reference data only in the first upload")
            if op.table not in scope.ADOPTABLE or (
                op.table != "user_roles"
                and record_owner(op.table, op.payload or {}) != "head_office"
            ):
                raise forbidden(op, "not reference data a branch may bring")
            continue
        if not scope.is_branch_record(op.table):
            raise forbidden(op, "a table head office owns")
        values = op.payload or {}
        if op.table == "users" and values.get("branch_id") != str(branch.id):
            raise forbidden(op, "a user of another branch or of head office")
        if op.table == "selection_steps" and values.get("step") in HEAD_OFFICE_STEPS:
            raise forbidden(op, "approving and terminating are head office's")
        table_has_branch = "branch_id" in wire.table(op.table).c
        if table_has_branch and op.op != "delete" and values.get("branch_id") != str(branch.id):
            raise forbidden(op, "a record of another branch")
    _check_existing(conn, branch, ops, forbidden)


def _check_existing(conn: Connection, branch: Branch, ops: Sequence[Op], forbidden: Any) -> None:
    """A record that exists here under another branch may not be overwritten or deleted."""
    by_table: dict[str, list[Op]] = {}
    for op in ops:
        if op.op != "adopt":
            by_table.setdefault(op.table, []).append(op)
    for name, group in by_table.items():
        target = wire.table(name)
        keys = [c.name for c in target.primary_key.columns]
        if len(keys) != 1:
            continue  # user_roles: checked through the user above
        ids = [wire.parse_row_id(name, op.row_id)[keys[0]] for op in group]
        query = scope.branch_rows(target, branch.id).with_only_columns(target.c[keys[0]])
        owned: set[Any] = set()
        existing: set[Any] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            existing |= set(
                conn.execute(
                    select(target.c[keys[0]]).where(target.c[keys[0]].in_(chunk))
                ).scalars()
            )
            owned |= set(conn.execute(query.where(target.c[keys[0]].in_(chunk))).scalars())
        stranger = existing - owned
        if stranger:
            op = next(o for o in group if wire.parse_row_id(name, o.row_id)[keys[0]] in stranger)
            raise forbidden(op, "a record of another branch")


def push(db: Database, branch: Branch, body: Any, remote: str | None = None) -> dict[str, Any]:
    """Apply one batch; ``{"acked_through", "rejections"}`` (see the module's docstring)."""
    if not isinstance(body, dict):
        raise _refuse(db, branch, 400, "push.malformed", "a push is an object", remote)
    check_revision(db, branch, body.get("schema_rev"), remote)
    ops = parse_ops(db, branch, body, remote)
    try:
        return _push(db, branch, body, ops)
    except _Refused as refused:
        record_refusal(db, branch.id, refused.status, refused.code, refused.message, remote=remote)
        raise RegistryError(refused.status, refused.code, refused.message, refused.extra) from None


def _push(db: Database, branch: Branch, body: dict[str, Any], ops: list[Op]) -> dict[str, Any]:
    declared = body.get("initial_through")
    with db.write() as session:
        sync = session.execute(
            select(BranchSync).where(BranchSync.branch_id == branch.id).with_for_update()
        ).scalar_one()
        if sync.initial_through is None and sync.acked_seq == 0 and isinstance(declared, int):
            sync.initial_through = declared
        fresh = [op for op in ops if op.seq > sync.acked_seq]
        if fresh and fresh[0].seq != sync.acked_seq + 1:
            expected = sync.acked_seq + 1
            raise _Refused(
                409,
                "push.gap",
                f"expected seq {expected}, got {fresh[0].seq}",
                expected_seq=expected,
            )
        conn = session.connection()
        _check_owner(conn, branch, fresh, sync.initial_through)
        rejected = _apply(conn, fresh)
        refused = {op.seq for op, _code, _message in rejected}
        for op in fresh:  # adopted reference data is head office's now: branches pull it
            if op.op == "adopt" and op.seq not in refused:
                about = branch.id if "customer_id" in wire.table(op.table).c else None
                note_change(session, op.table, op.row_id, "upsert", about)
        for op, code, message in rejected:
            session.add(
                SyncRejection(
                    branch_id=branch.id,
                    seq=op.seq,
                    table_name=op.table,
                    row_id=op.row_id[:200],
                    code=code,
                    message=message[:300],
                    author_id=_author(op),
                    at=db.clock.now(),
                )
            )
        now = db.clock.now()
        if fresh:
            sync.acked_seq = fresh[-1].seq
        sync.last_push_at = now
        pending = body.get("pending")
        sync.pending_reported = pending if isinstance(pending, int) else None
        sync.schema_rev = str(body.get("schema_rev"))
        sync.last_error_code = sync.last_error_message = None
        sync.last_error_at = None
        acked = sync.acked_seq
        session.flush()
        answered = []
        if ops:
            answered = [
                {
                    "seq": r.seq,
                    "table": r.table_name,
                    "row_id": r.row_id,
                    "code": r.code,
                    "message": r.message,
                    "author_id": str(r.author_id) if r.author_id else None,
                }
                for r in session.scalars(
                    select(SyncRejection)
                    .where(
                        SyncRejection.branch_id == branch.id,
                        SyncRejection.seq.between(ops[0].seq, ops[-1].seq),
                    )
                    .order_by(SyncRejection.seq)
                )
            ]
    return {"acked_through": acked, "rejections": answered, "server_time": now.isoformat()}


def _author(op: Op) -> uuid.UUID | None:
    for column in AUTHOR_COLUMNS:
        value = (op.payload or {}).get(column)
        if value:
            try:
                return uuid.UUID(str(value))
            except ValueError:
                return None
    return None


def _runs(ops: Sequence[Op]) -> list[list[Op]]:
    """Consecutive operations on one table with one kind: one statement each."""
    runs: list[list[Op]] = []
    for op in ops:
        if runs and runs[-1][0].table == op.table and runs[-1][0].op == op.op:
            runs[-1].append(op)
        else:
            runs.append([op])
    return runs


def _write(conn: Connection, run: Sequence[Op]) -> None:
    first = run[0]
    if first.op == "delete":
        wire.delete_rows(conn, first.table, [op.row_id for op in run])
        return
    latest: dict[str, dict[str, Any]] = {}
    for op in run:  # the same record twice in a run: the later one is the record now
        latest.pop(op.row_id, None)
        latest[op.row_id] = wire.from_payload(op.table, op.payload or {})
    if first.op == "adopt" and first.table == "user_roles":
        # Roles come only with a user the same upload brought (no password here): a branch
        # never gives one of head office's own users a role.
        users = wire.table("users")
        for values in latest.values():
            hashed = conn.execute(
                select(users.c.password_hash).where(users.c.id == values["user_id"])
            ).scalar()
            if hashed != wire.UNUSABLE_PASSWORD:
                raise wire.PayloadError("a role for a user head office keeps itself")
    wire.upsert(conn, first.table, list(latest.values()), insert_only=first.op == "adopt")


def _apply(conn: Connection, ops: Sequence[Op]) -> list[tuple[Op, str, str]]:
    """Apply in order; the rejected operations with their reason. A run is tried whole in a
    savepoint; if the database refuses it, each of its operations is tried alone."""
    rejected: list[tuple[Op, str, str]] = []
    for run in _runs(ops):
        try:
            with conn.begin_nested():
                _write(conn, run)
            continue
        except (IntegrityError, DBAPIError, wire.PayloadError):
            pass
        for op in run:
            try:
                with conn.begin_nested():
                    _write(conn, [op])
            except wire.PayloadError as exc:
                rejected.append((op, "record.unreadable", str(exc)))
            except IntegrityError as exc:
                rejected.append((op, "record.refused", _reason(exc)))
            except DBAPIError as exc:
                rejected.append((op, "record.invalid", _reason(exc)))
    return rejected


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__


def pull(
    db: Database, branch: Branch, after: int, limit: int, remote: str | None = None
) -> dict[str, Any]:
    """The change log after ``after`` for this branch (``limit`` entries at most), each row as it
    is now (a deleted one as a tombstone), in version order; also notes the pull."""
    limit = max(1, min(limit, MAX_PULL))
    with db.write() as session:
        conn = session.connection()
        head = conn.execute(select(ChangeLogHead.version).where(ChangeLogHead.id == 1)).scalar()
        oldest = conn.execute(select(func.min(ChangeLog.version))).scalar()
        if oldest is not None and after < oldest - 1:
            # The entries after the branch's cursor were pruned: it cannot catch up from the
            # log and fetches head office's data afresh (a re-seed) from the head on.
            raise RegistryError(
                410,
                "pull.reseed",
                f"the change log keeps versions from {oldest} on; re-seed from {head}",
                {"head_version": int(head or 0)},
            )
        entries = conn.execute(
            select(ChangeLog.version, ChangeLog.table_name, ChangeLog.row_id, ChangeLog.op)
            .where(
                and_(
                    ChangeLog.version > after,
                    or_(ChangeLog.branch_id.is_(None), ChangeLog.branch_id == branch.id),
                )
            )
            .order_by(ChangeLog.version)
            .limit(limit)
        ).all()
        # Each row once, at its first place in the page (a parent before its children), as
        # it is now.
        first: dict[tuple[str, str], int] = {}
        for version, name, row_id, _op in entries:
            first.setdefault((name, row_id), version)
        by_table: dict[str, list[str]] = {}
        for name, row_id in first:
            by_table.setdefault(name, []).append(row_id)
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for name, row_ids in by_table.items():
            for row_id, payload in wire.read_rows(conn, name, row_ids).items():
                rows[(name, row_id)] = payload
        changes = []
        for (name, row_id), version in sorted(first.items(), key=lambda item: item[1]):
            row = rows.get((name, row_id))
            if row is not None and record_owner(name, row) not in ("head_office",):
                continue  # only head office's records go down
            changes.append(
                {
                    "version": version,
                    "table": name,
                    "row_id": row_id,
                    "op": "upsert" if row is not None else "delete",
                    "row": row,
                }
            )
        last = entries[-1][0] if entries else after
        sync = session.execute(
            select(BranchSync).where(BranchSync.branch_id == branch.id).with_for_update()
        ).scalar_one()
        now = db.clock.now()
        sync.last_pull_at = now
        # What the branch has been served through (it applies the page in one transaction;
        # if that fails, its next pull asks again from lower and this follows).
        sync.last_pull_version = last
    return {
        "changes": changes,
        "last_version": last,
        "head": int(head or 0),
        "more": len(entries) == limit,
        "server_time": now.isoformat(),
    }


def prune_log(db: Database, older_than: timedelta) -> int:
    """Delete change-log entries written more than ``older_than`` ago, always keeping the
    newest (it says where the log stands); the entries deleted. A branch whose cursor is then
    older than the log answers its next pull with a re-seed (410)."""
    with db.write() as session:
        newest = session.scalar(select(func.max(ChangeLog.version)))
        if newest is None:
            return 0
        result = session.execute(
            delete(ChangeLog).where(
                ChangeLog.at < db.clock.now() - older_than, ChangeLog.version < newest
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def branch_digest(db: Database, branch: Branch) -> dict[str, Any]:
    with db.read() as session:
        return {"tables": scope.digest(session.connection(), branch.id)}


def records(
    db: Database, branch: Branch, name: str, part: str, after: str | None, limit: int
) -> dict[str, Any]:
    """One page of what head office holds for this branch in table ``name``: its own records
    (``part`` "branch") or head office's rows it receives (``part`` "head_office"), by primary
    key after ``after``. What a branch PC restoring from head office fetches."""
    parts = {(t.name, p) for t, p in scope.restore_parts()}
    if (name, part) not in parts:
        raise RegistryError(400, "records.table", f"nothing to restore in {name!r} ({part})")
    target = wire.table(name)
    keys = list(target.primary_key.columns)
    query = (
        scope.branch_rows(target, branch.id)
        if part == "branch"
        else scope.head_office_rows(target, branch.id)
    )
    assert query is not None  # restore_parts lists only tables with rows of that part
    # A table whose rows name each other comes in one page, the named rows first.
    paged = len(keys) == 1 and not scope.self_references(target)
    if paged:
        if after:
            try:
                start = wire.parse_row_id(name, after)[keys[0].name]
            except (ValueError, wire.PayloadError):
                raise RegistryError(400, "records.after", f"bad position {after!r}") from None
            query = query.where(keys[0] > start)
        query = query.limit(max(1, min(limit, MAX_PULL)))
    with db.read() as session:
        rows = [wire.to_payload(name, row) for row in session.connection().execute(query)]
    rows = scope.referenced_first(target, rows)
    last = wire.row_id_of(name, rows[-1]) if rows else after
    return {"rows": rows, "last": last, "more": paged and len(rows) == limit}
